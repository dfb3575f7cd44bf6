use crate::claims::gazetteer::name_similarity;
use crate::claims::titles::{Person, Title};
use crate::finding::{Finding, Severity};
use crate::rules::cross::{Grouped, conflict, consistent};
use crate::rules::{Rule, Scope, StoryContext, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The same person must carry the same rank or title in every article
    /// of one story: «العقيد سامر الحسيني» in one report and «المقدم سامر
    /// الحسيني» in another cannot both be right. People are matched by the
    /// gazetteer (`rules/gazetteer.toml`), so Arabic and English copy are
    /// compared ("Col. Samer al-Husseini"), and by name similarity within
    /// one script for people it does not list. Ranks are compared with
    /// ranks and civil titles with civil titles; the spellings of one rank
    /// or title are synonyms and never conflict («المتحدث باسم» =
    /// «الناطق باسم» = "spokesman for", «اللواء الركن» = «اللواء»). An
    /// article that itself gives a person two ranks (a promotion) is left
    /// out of the comparison.
    ///
    /// ## Why it matters
    /// Ranks are copied by hand from agency copy and mistyped or mistranslated
    /// (عقيد is Colonel, مقدم Lieutenant Colonel); a wrong rank is a
    /// correction the officer's office will ask for.
    ///
    /// ## Example
    /// Wrong: one outlet writes «قال العقيد سامر الحسيني», another of the same
    /// day «قال المقدم سامر الحسيني».
    ///
    /// Right: both write «العقيد سامر الحسيني», or one writes "Col. Samer
    /// al-Husseini".
    pub struct TitleConflict;
}

/// True when two people of a story are the same person.
fn same(a: &Person, b: &Person) -> bool {
    match (a.entity, b.entity) {
        (Some(x), Some(y)) => x == y,
        _ => name_similarity(&a.name, &b.name).is_some(),
    }
}

impl Rule for TitleConflict {
    fn code(&self) -> &'static str {
        "title-conflict"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "the same person has different ranks or titles in articles of one story"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn scope(&self) -> Scope {
        Scope::Story
    }

    fn check_story(&self, cx: &StoryContext<'_>, out: &mut Vec<Finding>) {
        // Every (article, claim) of the story, clustered by person.
        let mut people: Vec<(Person, Vec<(usize, usize)>)> = Vec::new();
        for &a in &cx.story.articles {
            for (k, c) in cx.claims[a].titles.iter().enumerate() {
                match people.iter_mut().find(|(p, _)| same(p, &c.person)) {
                    Some((_, list)) => list.push((a, k)),
                    None => people.push((c.person.clone(), vec![(a, k)])),
                }
            }
        }
        for (person, list) in &people {
            for ranks in [true, false] {
                let is_kind = |t: Title| matches!(t, Title::Rank(_)) == ranks;
                let mut readings = Grouped::new();
                let mut articles: Vec<usize> = list.iter().map(|(a, _)| *a).collect();
                articles.dedup();
                for a in articles {
                    let claims = list
                        .iter()
                        .filter(|(x, _)| *x == a)
                        .map(|(_, k)| &cx.claims[a].titles[*k])
                        .filter(|c| is_kind(c.title));
                    if let Some(c) = consistent(claims, |x, y| x.title == y.title) {
                        readings.add(c.title, a, c.span, || {
                            cx.lexicon.ranks.name(c.title).to_string()
                        });
                    }
                }
                if readings.len() < 2 {
                    continue;
                }
                let name = match person.entity {
                    Some(e) => cx.lexicon.gazetteer.entities()[e].display(),
                    None => person.name.join(" "),
                };
                let readings = readings.into_readings();
                let what = if ranks { "rank" } else { "title" };
                out.push(conflict(
                    self.code(),
                    self.default_severity(),
                    &format!("{name} has different {what}s across sources"),
                    &readings,
                    cx.articles,
                    &format!(
                        "Check the {what} with the person's office and use it in every article."
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cross::testing::check_story;

    #[test]
    fn flags_different_ranks_for_one_person_in_every_article() {
        let f = check_story(
            &TitleConflict,
            &[
                (
                    "الرافدين",
                    "2025-03-10",
                    "قال العقيد سامر الحسيني إن الهجوم فشل.",
                ),
                (
                    "Gulf Wire",
                    "2025-03-10",
                    "Col. Samer al-Husseini said the attack failed.",
                ),
                (
                    "النهار",
                    "2025-03-11",
                    "وقال المقدم سامر الحسيني إن التحقيق بدأ.",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let f = &f[0];
        assert!(
            f.message
                .contains("Lieutenant Colonel in النهار, 2025-03-11"),
            "{}",
            f.message
        );
        assert_eq!(f.labels.len(), 3);
        assert!(f.labels[0].primary && f.labels[0].article == 2);
        let help = f.help.as_deref().unwrap();
        assert!(
            help.contains("الرافدين, 2025-03-10 and Gulf Wire, 2025-03-10 agree on Colonel"),
            "{help}"
        );
    }

    #[test]
    fn people_not_in_the_gazetteer_match_across_scripts() {
        let f = check_story(
            &TitleConflict,
            &[
                (
                    "A",
                    "2025-03-10",
                    "Col. Omar al-Jubouri said the convoy arrived.",
                ),
                (
                    "B",
                    "2025-03-10",
                    "وقال المقدم عمر الجبوري إن القافلة وصلت.",
                ),
                (
                    "C",
                    "2025-03-10",
                    "وقال العقيد عمر الجبوري إن القافلة وصلت.",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].labels.len(), 3);
    }

    #[test]
    fn same_rank_in_other_spellings_and_synonym_titles_stay_silent() {
        let f = check_story(
            &TitleConflict,
            &[
                (
                    "A",
                    "2025-03-10",
                    "قال اللواء الركن تحسين الخفاجي إن القوات وصلت. وقال المتحدث باسم الحكومة باسم العوادي إن المهمة انتهت.",
                ),
                (
                    "B",
                    "2025-03-10",
                    "Maj. Gen. Tahsin al-Khafaji said troops arrived. Government spokesman Basim al-Awadi said.",
                ),
                (
                    "C",
                    "2025-03-10",
                    "وأكد اللواء تحسين الخفاجي ذلك، وقال الناطق باسم الحكومة باسم العوادي إن الخطة تسير.",
                ),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn traps_different_people_and_promotions_stay_silent() {
        let f = check_story(
            &TitleConflict,
            &[
                ("A", "2025-03-10", "قال العقيد سامر الحسيني إن القوات وصلت."),
                // Another man with another name.
                ("B", "2025-03-10", "قال المقدم عمر الحسيني إن القوات وصلت."),
                // A promotion told in one article.
                (
                    "C",
                    "2025-03-10",
                    "رقي المقدم سامر الحسيني إلى رتبة أعلى، وبات العقيد سامر الحسيني قائداً.",
                ),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
