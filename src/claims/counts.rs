//! Count claims (a quantity of a category, with its subject and baseline)
//! and part-whole claims («نحو 900 عنصر، بينهم 1200 من المشاة").
//!
//! The quantity parser ([`crate::numbers`]) reads every number with its
//! qualifier as an interval; this module decides what each one counts. A
//! quantity takes the category trigger nearest to it within four words
//! on either side, in the same sentence and clause (a comma, a colon or
//! another number ends the search): «قتل 12 مدنياً», "eleven civilians were
//! killed", "38 wounded". Ties go to the side the language puts the verb
//! on (before the number in Arabic, after it in English). A subject word
//! next to the number («مدنياً», "lawmakers") or a second category word
//! ("soldiers" in "3 soldiers killed") says who is counted, and «منذ ...»,
//! "since ..." after it is kept as the count's baseline. The main decision
//! is precision: a number with no trigger close by is not a count, and
//! years, percentages and numbers inside dates are never counts.

use std::ops::Range;

use crate::calendar::dates::DateMention;
use crate::claims::phrases::Word;
use crate::claims::tables::{Categories, CountWord};
use crate::numbers::{Quantity, Written};
use crate::text::Span;

/// How many words a trigger may stand from its number.
const WINDOW: usize = 4;

/// A count an article gives.
#[derive(Debug, Clone, PartialEq)]
pub struct CountClaim {
    /// Index of the category in [`Categories::categories`].
    pub category: usize,
    /// Who is counted: a subject id, or the id of a second category
    /// ("troops" in "3 soldiers killed"); `None` when not said.
    pub subject: Option<String>,
    /// The quantity (interval) as read.
    pub quantity: Quantity,
    /// The quantity as written, in the source (qualifier included).
    pub span: Span,
    /// The sentence, in the source.
    pub sentence: Span,
    /// The baseline words after «منذ» / "since", folded; `None` when none.
    pub baseline: Option<String>,
}

/// A part stated with its whole in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct PartWhole {
    /// The whole («نحو 900», "the 329").
    pub whole: Quantity,
    /// Where the whole is written.
    pub whole_span: Span,
    /// The part («1200», "350").
    pub part: Quantity,
    /// Where the part is written.
    pub part_span: Span,
}

/// Words that introduce a part after its whole: «بينهم 1200», "among them 1,800".
const PART_AFTER: &[&[&str]] = &[
    &["بينهم"],
    &["بينهن"],
    &["بينها"],
    &["منهم"],
    &["منها"],
    &["من", "بينهم"],
    &["من", "بينها"],
    &["among", "them"],
    &["among", "whom"],
    &["including"],
    &["of", "whom"],
    &["of", "which"],
];

/// Words between a part and its whole: "350 of the 329", «350 من أصل 329»;
/// the flag allows a unit word before them («350 نائباً من أصل 329»), which
/// only the unambiguous Arabic phrases do ("drove 30 fighters out of 2
/// villages" is no part and whole).
const PART_BEFORE: &[(&[&str], bool)] = &[
    (&["of", "the"], false),
    (&["out", "of"], false),
    (&["out", "of", "the"], false),
    (&["من", "اصل"], true),
    (&["من", "مجموع"], true),
    (&["من", "بين"], false),
];

/// Units of measure: a number followed by one is an amount, not a head
/// count, and is never a part or a whole ("20 trucks, including 300 tons").
const MEASURES: &[&str] = &[
    "طن",
    "اطنان",
    "كيلومتر",
    "كيلومترا",
    "كلم",
    "كم",
    "متر",
    "مترا",
    "كيلوغرام",
    "كغ",
    "دولار",
    "دولارا",
    "دينار",
    "دينارا",
    "يورو",
    "هكتار",
    "ميل",
    "ton",
    "tons",
    "tonnes",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "kg",
    "kilograms",
    "dollars",
    "euros",
    "dinars",
    "hectares",
    "acres",
    "barrels",
    "برميل",
];

/// Characters that end a clause for the trigger search.
fn breaks_clause(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '،' | ',' | ';' | '؛' | ':' | '(' | ')' | '"' | '«' | '»' | '\n'
        )
    })
}

/// True when a quantity is no count at all: a year, a percentage, part of a date.
fn not_a_count(text: &str, q: &Quantity, dates: &[DateMention]) -> bool {
    let Some(n) = &q.number else {
        return false;
    };
    if n.percent || n.value < 0.0 {
        return true;
    }
    let digits = &text[n.norm.clone()];
    let year_like = n.written == Written::Digits
        && q.qualifier.is_none()
        && digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (1900.0..=2100.0).contains(&n.value)
        && n.value.fract() == 0.0;
    year_like
        || dates
            .iter()
            .any(|d| d.norm.start < q.norm.end && q.norm.start < d.norm.end)
}

/// Index range of the words a normalized byte range covers.
fn word_range(words: &[Word<'_>], r: &Range<usize>) -> Range<usize> {
    let first = words.partition_point(|w| w.range().end <= r.start);
    let end = words.partition_point(|w| w.range().start < r.end);
    first..end.max(first)
}

impl Categories {
    /// Every count claim of an article.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn find_counts(
        &self,
        text: &str,
        words: &[Word<'_>],
        quantities: &[Quantity],
        dates: &[DateMention],
        arabic: bool,
        source_span: impl Fn(Range<usize>) -> Span,
        sentence_of: impl Fn(usize) -> Range<usize>,
    ) -> Vec<CountClaim> {
        let number_words: Vec<Range<usize>> = quantities
            .iter()
            .map(|q| word_range(words, &q.norm))
            .collect();
        // Marked once per word, so the test is constant time: a paragraph
        // with thousands of numbers stays linear.
        let mut in_number = vec![false; words.len()];
        for r in &number_words {
            for flag in &mut in_number[r.clone()] {
                *flag = true;
            }
        }
        let is_number_word =
            |k: usize| in_number[k] || words[k].text.chars().all(|c| c.is_ascii_digit());
        let mut out = Vec::new();
        for (qi, q) in quantities.iter().enumerate() {
            if not_a_count(text, q, dates) {
                continue;
            }
            let own = &number_words[qi];
            if own.is_empty() {
                continue;
            }
            let sentence = sentence_of(q.norm.start);
            let in_sentence = |k: usize| {
                let s = words[k].range().start;
                s >= sentence.start && s < sentence.end
            };
            // Words after the number, then before it, up to the window.
            let mut found: Vec<(usize, bool, CountWord, Range<usize>)> = Vec::new();
            let mut k = own.end;
            let mut gap_from = words[own.end - 1].range().end;
            while k < words.len() && k < own.end + WINDOW + 1 && in_sentence(k) {
                if breaks_clause(&text[gap_from..words[k].range().start]) || is_number_word(k) {
                    break;
                }
                if let Some(m) = self.words.at(words, k) {
                    found.push((k - own.end, true, m.value, m.first..m.end));
                    gap_from = words[m.end - 1].range().end;
                    k = m.end;
                    continue;
                }
                gap_from = words[k].range().end;
                k += 1;
            }
            let mut k = own.start;
            let mut gap_to = words[own.start].range().start;
            while k > 0 && k + WINDOW + 1 > own.start && in_sentence(k - 1) {
                let w = k - 1;
                if breaks_clause(&text[words[w].range().end..gap_to]) || is_number_word(w) {
                    break;
                }
                // A phrase may end at this word: try starts up to two words back.
                let hit = (w.saturating_sub(2)..=w)
                    .filter_map(|s| self.words.at(words, s).filter(|m| m.end == w + 1))
                    .next();
                match hit {
                    Some(m) => {
                        found.push((own.start - m.end, false, m.value, m.first..m.end));
                        gap_to = words[m.first].range().start;
                        k = m.first;
                    }
                    None => {
                        gap_to = words[w].range().start;
                        k = w;
                    }
                }
            }
            // The nearest category; ties go to the language's verb side.
            let category = found
                .iter()
                .filter_map(|(d, after, w, r)| match w {
                    CountWord::Category(c) => Some((*d, *after != arabic, *c, r.clone())),
                    CountWord::Subject(_) => None,
                })
                .min_by_key(|(d, side, c, _)| (*d, !*side, *c));
            let Some((_, side, mut category, mut trigger)) = category else {
                continue;
            };
            // "Three soldiers were killed": a toll on the same side beats the
            // noun next to the number, which becomes the subject.
            if !self.categories[category].flag
                && let Some((_, c, r)) = found
                    .iter()
                    .filter_map(|(d, after, w, r)| match w {
                        CountWord::Category(c)
                            if self.categories[*c].flag && (*after != arabic) == side =>
                        {
                            Some((*d, *c, r.clone()))
                        }
                        _ => None,
                    })
                    .min_by_key(|(d, _, _)| *d)
            {
                category = c;
                trigger = r;
            }
            // The subject: a subject word, else another category, next to
            // the number or between it and the trigger.
            let between = |r: &Range<usize>| {
                (r.start >= own.end && (r.start <= own.end + 2 || r.end <= trigger.start))
                    || (r.start >= trigger.end && r.end <= own.start)
            };
            let subject = found
                .iter()
                .filter(|(_, _, _, r)| between(r))
                .find_map(|(_, _, w, _)| match w {
                    CountWord::Subject(s) => Some(self.subjects[*s].id.clone()),
                    _ => None,
                })
                .or_else(|| {
                    // Only a noun category (troops, not a toll) right after the
                    // number or between it and the trigger: "3 soldiers killed".
                    let noun = |r: &Range<usize>| {
                        r.start == own.end
                            || (r.start >= own.end && r.end <= trigger.start)
                            || (r.start >= trigger.end && r.end <= own.start)
                    };
                    found
                        .iter()
                        .filter(|(_, _, _, r)| noun(r) && *r != trigger)
                        .find_map(|(_, _, w, _)| match w {
                            CountWord::Category(c)
                                if *c != category && !self.categories[*c].flag =>
                            {
                                Some(self.categories[*c].id.clone())
                            }
                            _ => None,
                        })
                });
            out.push(CountClaim {
                category,
                subject,
                quantity: q.clone(),
                span: source_span(q.norm.clone()),
                sentence: source_span(sentence.clone()),
                baseline: baseline(words, own.end, &sentence),
            });
        }
        out
    }
}

/// The words after «منذ» / "since" following a number in its sentence.
fn baseline(words: &[Word<'_>], from: usize, sentence: &Range<usize>) -> Option<String> {
    let k = (from..words.len())
        .take_while(|&k| words[k].range().start < sentence.end)
        .find(|&k| matches!(words[k].key.as_ref(), "منذ" | "since"))?;
    let rest: Vec<&str> = words[k + 1..]
        .iter()
        .take_while(|w| w.range().start < sentence.end)
        .take(3)
        .map(|w| w.key.as_ref())
        .collect();
    Some(rest.join(" "))
}

/// Every part stated with its whole in a sentence.
pub(crate) fn find_parts(
    text: &str,
    words: &[Word<'_>],
    quantities: &[Quantity],
    dates: &[DateMention],
    source_span: impl Fn(Range<usize>) -> Span,
) -> Vec<PartWhole> {
    let mut out = Vec::new();
    for pair in quantities.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if not_a_count(text, a, dates) || not_a_count(text, b, dates) || a.norm.end > b.norm.start {
            continue;
        }
        let gap = &text[a.norm.end..b.norm.start];
        if gap
            .chars()
            .any(|c| matches!(c, '.' | '\n' | '؟' | '?' | ';' | '؛'))
        {
            continue;
        }
        let gw: Vec<&str> = words[word_range(words, &(a.norm.end..b.norm.start))]
            .iter()
            .map(|w| w.key.as_ref())
            .collect();
        let ends_with = |p: &[&str]| {
            gw.len() >= p.len() && gw[gw.len() - p.len()..].iter().zip(p).all(|(x, y)| x == y)
        };
        // «900 عنصر، بينهم 1200»: up to two words (the unit) before the connector.
        let after = PART_AFTER
            .iter()
            .any(|p| ends_with(p) && gw.len() <= p.len() + 2);
        let before = PART_BEFORE
            .iter()
            .any(|(p, unit)| ends_with(p) && gw.len() <= p.len() + if *unit { 2 } else { 0 });
        // Neither number may be an amount of a unit of measure.
        let measured = |q: &Quantity| {
            let k = word_range(words, &q.norm).end;
            words
                .get(k)
                .is_some_and(|w| MEASURES.contains(&w.key.as_ref()))
        };
        if measured(a) || measured(b) {
            continue;
        }
        let (whole, part) = if after {
            (a, b)
        } else if before {
            (b, a)
        } else {
            continue;
        };
        out.push(PartWhole {
            whole: whole.clone(),
            whole_span: source_span(whole.norm.clone()),
            part: part.clone(),
            part_span: source_span(part.norm.clone()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::article::Article;

    type Row = (String, Option<String>, String, f64, f64, Option<String>);

    fn counts(text: &str) -> Vec<Row> {
        let lex = crate::testing::lexicon();
        let a = Article::from_text("t.txt", text.to_string(), None).unwrap();
        let c = crate::claims::extract(&a, lex);
        c.counts
            .iter()
            .map(|k| {
                (
                    lex.categories.categories[k.category].id.clone(),
                    k.subject.clone(),
                    a.slice(k.span).to_string(),
                    k.quantity.low,
                    k.quantity.high,
                    k.baseline.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn arabic_counts_take_the_verb_before_and_the_subject_after() {
        let c = counts("قتل 12 مدنياً وأصيب نحو 30 آخرين في الهجوم.");
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(
            (c[0].0.as_str(), c[0].1.as_deref()),
            ("killed", Some("civilians"))
        );
        assert_eq!(c[1].0, "wounded");
        assert_eq!(c[1].2, "نحو 30");
        assert!(c[1].3 < 30.0 && c[1].4 > 30.0);
        let c = counts("ارتفعت حصيلة القتلى إلى 15 قتيلاً، بحضور 205 نواب.");
        assert_eq!(c[0].0, "killed");
        assert_eq!(
            (c[1].0.as_str(), c[1].1.as_deref()),
            ("present", Some("lawmakers"))
        );
    }

    #[test]
    fn english_counts_take_the_verb_after() {
        let c = counts(
            "Eleven civilians were killed and more than 25 wounded, attended by 212 lawmakers.",
        );
        assert_eq!(c.len(), 3, "{c:?}");
        assert_eq!(
            (c[0].0.as_str(), c[0].1.as_deref(), c[0].3),
            ("killed", Some("civilians"), 11.0)
        );
        assert_eq!(c[1].0, "wounded");
        assert_eq!(c[1].4, f64::INFINITY);
        assert_eq!(
            (c[2].0.as_str(), c[2].1.as_deref()),
            ("present", Some("lawmakers"))
        );
        let c = counts("About 2,500 US troops remain. Three soldiers were killed.");
        assert_eq!(
            (c[0].0.as_str(), c[0].1.as_deref()),
            ("troops", Some("americans"))
        );
        assert_eq!(
            (c[1].0.as_str(), c[1].1.as_deref()),
            ("killed", Some("troops"))
        );
    }

    #[test]
    fn baselines_years_and_untriggered_numbers() {
        let c = counts("قتل 340 مدنياً منذ بدء الحرب في 2023.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].5.as_deref(), Some("بدء الحرب في"));
        assert!(counts("In 2025 the 12 rockets hit 3 buildings at 40 per cent.").is_empty());
        assert!(counts("وصل 12 وفداً إلى بغداد في 9 آذار.").is_empty());
    }

    fn parts(text: &str) -> Vec<(String, String)> {
        let lex = crate::testing::lexicon();
        let a = Article::from_text("t.txt", text.to_string(), None).unwrap();
        let c = crate::claims::extract(&a, lex);
        c.parts
            .iter()
            .map(|p| {
                (
                    a.slice(p.whole_span).to_string(),
                    a.slice(p.part_span).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn parts_and_wholes_in_both_orders() {
        assert_eq!(
            parts("وتضم القاعدة نحو 900 عنصر، بينهم 1200 من المشاة."),
            vec![("نحو 900".into(), "1200".into())]
        );
        assert_eq!(
            parts("with 350 of the 329 members present"),
            vec![("329".into(), "350".into())]
        );
        assert_eq!(
            parts("some 3,000 coalition troops, among them 2,500 Americans"),
            vec![("some 3,000".into(), "2,500".into())]
        );
        assert!(parts("قتل 12 شخصاً وأصيب 30 آخرون.").is_empty());
        assert!(parts("They drove 30 fighters out of 2 villages.").is_empty());
        assert!(parts("a convoy of 20 trucks, including 300 tons of aid").is_empty());
    }
}
