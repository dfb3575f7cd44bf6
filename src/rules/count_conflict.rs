use crate::claims::counts::CountClaim;
use crate::finding::{Finding, Severity};
use crate::rules::cross::{Grouped, Reading, conflict, consistent, source};
use crate::rules::{Rule, Scope, StoryContext, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Articles of one story must give compatible counts of the same thing:
    /// the same category (killed, wounded, troops, members present, votes
    /// for...), the same subject (civilians, lawmakers, Americans...) and
    /// the same baseline. Each count is read as an interval from its
    /// qualifier («نحو 300», "more than 280", «ما لا يقل عن 30», «عشرات»), and
    /// two counts conflict only when their intervals do not meet: «قتل 12
    /// مدنياً» and "eleven civilians killed" conflict; "about 300" and "more
    /// than 280", or "at least 30" and "more than 40", do not. Counts with
    /// different baselines («منذ بدء الحرب», "since 7 October") are not
    /// compared, nor counts an article gives twice differently. A toll (the
    /// dead, the wounded, the missing...) that is higher in a later article
    /// is an update, reported as advice at most.
    ///
    /// ## Why it matters
    /// Casualty figures and vote counts are what readers quote; two of our
    /// own reports disagreeing on them is the first thing a critic notices,
    /// and usually one figure was copied from an older wire.
    ///
    /// ## Example
    /// Wrong: «قتل 12 مدنياً» in one report and "eleven civilians were killed"
    /// in another of the same day; «بحضور 205 نواب» and "attended by 212
    /// lawmakers".
    ///
    /// Right: the same figure in both, or a qualified figure that allows
    /// both («أكثر من 10 مدنيين»), or a later report that updates the toll
    /// ("the death toll rose to 15").
    pub struct CountConflict;
}

/// What two counts are compared by: category, subject and baseline.
type Key = (usize, Option<String>, Option<String>);

fn key(c: &CountClaim) -> Key {
    (c.category, c.subject.clone(), c.baseline.clone())
}

/// True when the interval of `b` lies wholly above that of `a`.
fn above(b: &CountClaim, a: &CountClaim) -> bool {
    b.quantity.low >= a.quantity.high && !a.quantity.meets(&b.quantity)
}

impl Rule for CountConflict {
    fn code(&self) -> &'static str {
        "count-conflict"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "articles of one story give incompatible counts of the same thing"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn scope(&self) -> Scope {
        Scope::Story
    }

    fn check_story(&self, cx: &StoryContext<'_>, out: &mut Vec<Finding>) {
        // Each article's count per key, when it gives one consistent count.
        let mut keys: Vec<Key> = Vec::new();
        for &a in &cx.story.articles {
            for c in &cx.claims[a].counts {
                if !keys.contains(&key(c)) {
                    keys.push(key(c));
                }
            }
        }
        for k in keys {
            let mut given: Vec<(usize, &CountClaim)> = Vec::new();
            for &a in &cx.story.articles {
                let mine = cx.claims[a].counts.iter().filter(|c| key(c) == k);
                if let Some(first) = consistent(mine, |c, first| c.quantity.meets(&first.quantity))
                {
                    given.push((a, first));
                }
            }
            let toll = cx.lexicon.categories.categories[k.0].flag;
            let published = |a: usize| cx.articles[a].published;
            // Pairs in conflict, and pairs where a later article raised a toll.
            let mut conflicting: Vec<usize> = Vec::new();
            let mut updates: Vec<(usize, usize)> = Vec::new();
            for (x, &(a, ca)) in given.iter().enumerate() {
                for &(b, cb) in &given[x + 1..] {
                    if ca.quantity.meets(&cb.quantity) {
                        continue;
                    }
                    let (pa, pb) = (published(a), published(b));
                    let rising = toll
                        && match (pa, pb) {
                            (Some(pa), Some(pb)) if pb > pa => above(cb, ca),
                            (Some(pa), Some(pb)) if pa > pb => above(ca, cb),
                            _ => false,
                        };
                    if rising {
                        let (early, late) = if pb > pa { (a, b) } else { (b, a) };
                        updates.push((early, late));
                    } else {
                        for i in [a, b] {
                            if !conflicting.contains(&i) {
                                conflicting.push(i);
                            }
                        }
                    }
                }
            }
            let category = &cx.lexicon.categories.categories[k.0];
            let subject = k.1.as_ref().map(|s| format!(" ({s})")).unwrap_or_default();
            let baseline =
                k.2.as_ref()
                    .map(|b| format!(" since «{b}»"))
                    .unwrap_or_default();
            let what = format!("{}{subject}{baseline}", category.name);
            let reading = |a: usize, c: &CountClaim| Reading {
                value: format!("«{}»", cx.articles[a].slice(c.span)),
                places: vec![(a, c.span)],
            };
            if !conflicting.is_empty() {
                // One reading per group of articles whose intervals agree.
                let mut readings = Grouped::new();
                for &(a, c) in given.iter().filter(|(a, _)| conflicting.contains(a)) {
                    readings.add(&c.quantity, a, c.span, || reading(a, c).value);
                }
                let readings = readings.into_readings();
                out.push(conflict(
                    self.code(),
                    self.default_severity(),
                    &format!("sources give incompatible counts of {what}"),
                    &readings,
                    cx.articles,
                    "Check the figure with the source; if one report is older, update it.",
                ));
            } else if let Some(&(early, late)) = updates.last() {
                let find = |a: usize| given.iter().find(|(x, _)| *x == a).map(|(_, c)| *c);
                let (Some(ce), Some(cl)) = (find(early), find(late)) else {
                    continue;
                };
                let mut f = conflict(
                    self.code(),
                    Severity::Advice,
                    &format!("the toll of {what} rose in a later report"),
                    &[reading(early, ce), reading(late, cl)],
                    cx.articles,
                    "",
                );
                f.help = Some(format!(
                    "{} is later than {}; an update, not a conflict, but the earlier copy may need a correction or an 'at least'.",
                    source(&cx.articles[late]),
                    source(&cx.articles[early])
                ));
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cross::testing::check_story;

    #[test]
    fn flags_incompatible_counts_in_every_article() {
        let f = check_story(
            &CountConflict,
            &[
                ("الرافدين", "2025-03-10", "قتل 12 مدنياً في الهجوم."),
                (
                    "Gulf Wire",
                    "2025-03-10",
                    "Eleven civilians were killed in the attack.",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].labels.len(), 2);
        assert!(
            f[0].message.contains("killed (civilians)"),
            "{}",
            f[0].message
        );
        let f = check_story(
            &CountConflict,
            &[
                (
                    "A",
                    "2025-05-12",
                    "The session was attended by 212 lawmakers.",
                ),
                ("B", "2025-05-12", "عقدت الجلسة بحضور 205 نواب."),
                ("C", "2025-09-02", "More than 50 people were wounded."),
                ("D", "2025-09-02", "وأصيب 38 شخصاً في الزلزال."),
            ],
        );
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn compatible_qualified_counts_and_different_baselines_stay_silent() {
        let f = check_story(
            &CountConflict,
            &[
                (
                    "A",
                    "2025-03-10",
                    "وأصيب نحو 300 شخص. وقتل ما لا يقل عن 30 مدنياً.",
                ),
                (
                    "B",
                    "2025-03-10",
                    "More than 280 people were wounded. More than 40 civilians were killed.",
                ),
                ("C", "2025-03-10", "قتل 340 مدنياً منذ بدء الحرب."),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_count_and_more_than_the_same_count_stay_silent() {
        // Copy writes "more than 136" for the toll another wire gives as 136.
        let f = check_story(
            &CountConflict,
            &[
                (
                    "A",
                    "2019-07-13",
                    "Flooding killed 136 people in the valley.",
                ),
                ("B", "2019-07-13", "وقتل أكثر من 136 شخصاً في الفيضانات."),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn traps_other_subjects_and_articles_giving_two_counts_stay_silent() {
        let f = check_story(
            &CountConflict,
            &[
                // Civilians and soldiers are different counts.
                ("A", "2025-03-10", "قتل 12 مدنياً في الهجوم."),
                (
                    "B",
                    "2025-03-10",
                    "Three soldiers were killed in the attack.",
                ),
                // One article gives two incompatible tolls (two incidents):
                // it is left out rather than guessed at.
                (
                    "C",
                    "2025-03-10",
                    "قتل 5 مدنيين في الغارة الأولى، وقتل 20 مدنياً في الثانية.",
                ),
                // A count without a subject is not held against one with a subject.
                ("D", "2025-03-10", "At least 40 people were killed."),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_rising_toll_in_a_later_article_is_advice() {
        let f = check_story(
            &CountConflict,
            &[
                ("A", "2025-03-10", "قتل 12 مدنياً في الهجوم."),
                ("B", "2025-03-11", "ارتفعت الحصيلة إلى 15 قتيلاً مدنياً."),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Advice);
        // Troops are no toll: a later, higher figure is a conflict.
        let f = check_story(
            &CountConflict,
            &[
                ("A", "2025-03-10", "The base houses 900 troops."),
                ("B", "2025-03-11", "The base houses 1,500 troops."),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
