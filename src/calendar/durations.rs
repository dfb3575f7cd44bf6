//! Stated spans of years and the two years that bound them.
//!
//! "بعد نحو عشر سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015" states a
//! span (about ten years) and gives both of its ends (2011, 2015). This
//! module extracts such pairs for the `duration` rule. The main decision is
//! to extract only when both ends are explicit and tied to each other in
//! the same sentence: by a range («من 2011 إلى 2015», "between 2016 and
//! 2019", "2016-2019") or by a start verb and an end verb («اندلع ... عام
//! 2011 وانتهى في 2015»). A sentence with any other year is left alone,
//! because the span may then belong to a different pair.

use std::ops::Range;

use regex::Regex;

use crate::article::Article;
use crate::calendar::words::{DateWords, Qualifier};
use crate::lexicon::Lexicon;
use crate::numbers::{NumberMatch, Reading};
use crate::text::Span;

/// A span of years stated in the text, with both of its ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedSpan {
    /// The stated span («نحو عشر سنوات»).
    pub span: Span,
    /// How many years it states.
    pub years: u32,
    /// How the qualifier bends it.
    pub qualifier: Qualifier,
    /// The first year and where it is written.
    pub from: (i32, Span),
    /// The last year and where it is written.
    pub to: (i32, Span),
}

/// Compiled patterns for stated spans.
#[derive(Debug)]
pub struct SpanPatterns {
    phrase: Regex,
    article: Regex,
    opener: Regex,
    year: Regex,
    range_gap: Regex,
    start_verb: Regex,
    end_verb: Regex,
}

impl SpanPatterns {
    /// Compiles the patterns from the date words.
    pub fn new(w: &DateWords) -> SpanPatterns {
        let re = |p: String| Regex::new(&p).expect("span pattern compiles");
        SpanPatterns {
            // The unit; its number and qualifier are read by `lexicon.numbers`.
            phrase: re(format!(r"\b(?P<unit>{})\b", w.duration_units.pattern)),
            article: re(format!(r"(?:^|\s)(?:{})\s+$", w.articles.pattern)),
            opener: re(r"(?:بعد|طوال|خلال|مدي|لمده|after|for|over)\s+$".to_string()),
            year: re(r"(?:^|[^\w]|[وفبل])(?P<y>1[89]\d\d|20\d\d)\b(?P<h>\s*ه\b)?".to_string()),
            range_gap: re(
                r"^\s*(?:-|–|—|الي|حتي|و|to|until|through|and)\s*(?:عام\s+|العام\s+|سنه\s+)?$"
                    .to_string(),
            ),
            start_verb: re(format!(r"(?:{})", w.start_verbs.pattern)),
            end_verb: re(format!(r"(?:{})", w.end_verbs.pattern)),
        }
    }
}

/// Every sentence of `t`, as byte ranges without their terminators: the
/// reference [`year_sentences`] must agree with.
#[cfg(test)]
fn sentences(t: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in t.char_indices() {
        let end = matches!(c, '!' | '?' | '؟' | '\n')
            || (c == '.' && t[i + 1..].starts_with([' ', '\n']));
        if end {
            out.push(start..i);
            start = i + c.len_utf8();
        }
    }
    out.push(start..t.len());
    out
}

/// Extracts stated spans whose two ends the same sentence gives.
pub fn extract(article: &Article, lexicon: &Lexicon) -> Vec<StatedSpan> {
    extract_with(
        article,
        lexicon,
        &lexicon.numbers.find(article.norm.as_str()),
    )
}

/// [`extract`] with the article's numbers already found (by
/// `lexicon.numbers.find` on its normalized text).
pub fn extract_with(
    article: &Article,
    lexicon: &Lexicon,
    numbers: &[NumberMatch],
) -> Vec<StatedSpan> {
    let w = &lexicon.dates;
    let p = &lexicon.span_patterns;
    let t = article.norm.as_str();
    let mut out = Vec::new();
    for s in year_sentences(t) {
        let text = &t[s.clone()];
        let years: Vec<(i32, Range<usize>)> = p
            .year
            .captures_iter(text)
            .filter(|c| c.name("h").is_none())
            .filter_map(|c| {
                let y = c.name("y")?;
                Some((y.as_str().parse().ok()?, y.range()))
            })
            .collect();
        if years.len() != 2 || years[0].0 >= years[1].0 {
            continue;
        }
        let (a, b) = (&years[0], &years[1]);
        let gap = &text[a.1.end..b.1.start];
        let (_, lead) = split_back(text, a.1.start, 60);
        let ranged = p.range_gap.is_match(gap)
            && (!gap.trim().starts_with(['و']) && !gap.trim().eq("and")
                || lead.contains("بين")
                || lead.contains("between"));
        let verbs = p.start_verb.is_match(lead) && p.end_verb.is_match(gap);
        if !(ranged || verbs) {
            continue;
        }
        for c in p.phrase.captures_iter(text) {
            let unit = c.name("unit").expect("group present");
            let Some((unit_years, dual)) = w.duration_units.get(unit.as_str()) else {
                continue;
            };
            // «عام 2011» names a year, not a span.
            if text[unit.end()..]
                .trim_start()
                .starts_with(|ch: char| ch.is_ascii_digit())
            {
                continue;
            }
            // The number right before the unit («عشر سنوات», "3 years",
            // "a decade"), then the qualifier before both («نحو», "over").
            let mut start = unit.start();
            let mut number = None;
            let before_unit = &text[..unit.start()];
            if let Some(n) = numbers
                .iter()
                .rfind(|n| n.norm.start >= s.start && n.norm.end <= s.start + unit.start())
                .filter(|n| t[n.norm.end..s.start + unit.start()].trim().is_empty())
                .filter(|n| !n.ordinal && !n.percent && n.value.fract() == 0.0)
                .filter(|n| (1.0..1000.0).contains(&n.value))
            {
                number = Some(n.value as u32);
                start = n.norm.start - s.start;
            } else if let Some(m) = p.article.find(before_unit) {
                number = Some(1);
                start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            }
            let qualifier = match lexicon.numbers.qualifier_before(text, start) {
                Some((reading, at)) => {
                    start = at;
                    match reading {
                        Reading::Approximate | Reading::Nearly => Qualifier::Approximate,
                        Reading::MoreThan | Reading::AtLeast => Qualifier::More,
                        Reading::LessThan | Reading::AtMost => Qualifier::Less,
                        Reading::Exact | Reading::Range | Reading::Vague => Qualifier::Exact,
                    }
                }
                None => Qualifier::Exact,
            };
            let whole = start..unit.end();
            // The phrase must not be one of the two years' own words.
            if whole.start >= a.1.start && whole.start <= b.1.end {
                continue;
            }
            let opened = p.opener.is_match(&text[..whole.start]);
            let years = match (number, dual) {
                (_, true) => unit_years,
                (Some(n), false) => n * unit_years,
                (None, false) if qualifier != Qualifier::Exact || opened => unit_years,
                (None, false) => continue,
            };
            let map =
                |r: Range<usize>| article.norm.source_span(s.start + r.start..s.start + r.end);
            out.push(StatedSpan {
                span: map(whole),
                years,
                qualifier,
                from: (a.0, map(a.1.clone())),
                to: (b.0, map(b.1.clone())),
            });
            break;
        }
    }
    out
}

/// The index of the first ASCII digit of `b`.
///
/// Most of an article is letters: it is read 32 bytes at a time, tested
/// without a branch per byte so that the compiler can vectorize the test.
fn first_digit(b: &[u8]) -> Option<usize> {
    let mut chunks = b.chunks_exact(32);
    let mut base = 0;
    for c in &mut chunks {
        if c.iter().fold(false, |a, d| a | d.is_ascii_digit()) {
            break;
        }
        base += 32;
    }
    b[base..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|i| base + i)
}

/// The sentences of `t` (as [`sentences`] splits them) that hold at least
/// two runs of exactly four ASCII digits, in text order.
///
/// Only they can give the two years of a span, and most articles have few
/// years: rather than splitting the whole text into sentences and counting
/// digit runs in each (a pass over every character, a fifth of a check's
/// calendar work), the digit runs are found first, with a byte search, and
/// a sentence is delimited only around a run.
fn year_sentences(t: &str) -> Vec<Range<usize>> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    // The sentence of the runs seen last, and how many it holds.
    let mut current: Option<(Range<usize>, usize)> = None;
    let mut i = 0;
    while let Some(first) = first_digit(&b[i..]) {
        let start = i + first;
        let len = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        i = start + len;
        if len != 4 {
            continue;
        }
        match &mut current {
            Some((s, runs)) if start < s.end => *runs += 1,
            _ => {
                if let Some((s, runs)) = current.take() {
                    if runs >= 2 {
                        out.push(s);
                    }
                }
                // Digits end no sentence, so the run lies inside one.
                let from = (0..start)
                    .rev()
                    .find(|&j| crate::calendar::ends_sentence(b, j))
                    .map_or(0, |j| j + 1);
                let to = (i..b.len())
                    .find(|&j| crate::calendar::ends_sentence(b, j))
                    .map_or(b.len(), |j| {
                        // `؟` was found by its second byte; the sentence ends before its first.
                        if b[j] == 0x9F { j - 1 } else { j }
                    });
                current = Some((from..to, 1));
            }
        }
    }
    if let Some((s, runs)) = current {
        if runs >= 2 {
            out.push(s);
        }
    }
    out
}

/// How many runs of exactly four ASCII digits `text` holds: an upper bound
/// on the years `SpanPatterns::year` can find, so that a sentence with
/// fewer than two is skipped (the regex's `\b` cannot run on the DFA).
/// [`year_sentences`] applies it without splitting every sentence.
#[cfg(test)]
fn four_digit_runs(text: &str) -> usize {
    text.as_bytes()
        .split(|b| !b.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .count()
}

/// The text of at most `len` bytes before `end`.
fn split_back(t: &str, end: usize, len: usize) -> (usize, &str) {
    let mut start = end.saturating_sub(len);
    while !t.is_char_boundary(start) {
        start += 1;
    }
    (start, &t[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::lexicon;

    fn spans(text: &str) -> Vec<(u32, Qualifier, i32, i32)> {
        let a = Article::from_text("t.txt", text.to_string(), None).unwrap();
        extract(&a, lexicon())
            .into_iter()
            .map(|s| (s.years, s.qualifier, s.from.0, s.to.0))
            .collect()
    }

    #[test]
    fn spans_with_both_ends() {
        assert_eq!(
            spans("بعد نحو عشر سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015."),
            vec![(10, Qualifier::Approximate, 2011, 2015)]
        );
        assert_eq!(
            spans("after almost a decade of fighting that began in 2016 and ended in 2019."),
            vec![(10, Qualifier::Approximate, 2016, 2019)]
        );
        assert_eq!(
            spans("استمرت الحرب أكثر من 3 سنوات، من 2014 إلى 2017."),
            vec![(3, Qualifier::More, 2014, 2017)]
        );
        assert_eq!(spans("خلال عقدين بين 1990 و2010.").len(), 1);
        // A qualifier without a number, and one read from qualifiers.toml.
        assert_eq!(
            spans("بعد نحو عقد من الحرب التي اندلعت عام 2011 وانتهت في 2020."),
            vec![(10, Qualifier::Approximate, 2011, 2020)]
        );
        assert_eq!(
            spans("for at least five years, from 2010 to 2015."),
            vec![(5, Qualifier::More, 2010, 2015)]
        );
    }

    #[test]
    fn loose_years_are_not_ends() {
        // One end only.
        assert!(spans("بعد نحو 3 سنوات من الحرب التي انتهت عام 2017.").is_empty());
        // Two years that are not a range.
        assert!(spans("بعد عشر سنوات، قال في 2015 إن ما جرى عام 2011 لن يتكرر.").is_empty());
        // Three years.
        assert!(spans("بعد عشر سنوات من 2001 إلى 2011، وفي 2012 عاد.").is_empty());
        // «عام 2011» is a year, not a span.
        assert!(spans("من عام 2011 إلى عام 2015.").is_empty());
    }

    #[test]
    fn the_digit_run_count_bounds_the_years_found() {
        let p = &lexicon().span_patterns;
        for text in [
            "من 2011 إلى 2015",
            "وفي2011 و2015م",
            "20111 2011x 1899 2100 ١٩٩٠ 1990-1995",
            "بين 1990 و2005 ه",
            "",
        ] {
            let norm = crate::text::normalize(text, 0);
            let t = norm.as_str();
            let found = p.year.captures_iter(t).count();
            assert!(found <= four_digit_runs(t), "{t}: {found}");
        }
        assert_eq!(four_digit_runs("1990-1995 and 20111"), 2);
    }

    #[test]
    fn the_first_digit_is_found_in_every_place() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            let mut b = vec![b'x'; len];
            assert_eq!(first_digit(&b), None);
            for at in 0..len {
                b[at] = b'7';
                assert_eq!(first_digit(&b), Some(at));
                b[at] = b'x';
            }
        }
        for c in 0..=255u8 {
            assert_eq!(first_digit(&[c]).is_some(), c.is_ascii_digit());
        }
    }

    /// The sentence split and digit-run count `extract_with` made before
    /// it delimited sentences around digit runs only.
    fn year_sentences_by_splitting(t: &str) -> Vec<Range<usize>> {
        (sentences(t).into_iter())
            .filter(|s| four_digit_runs(&t[s.clone()]) >= 2)
            .collect()
    }

    #[test]
    fn year_sentences_are_those_of_the_full_split() {
        let mut texts = crate::testing::corpus_texts();
        texts.extend(
            [
                "2011 2015",
                "من 2011 إلى 2015؟ ثم 2016 و2017! و2018. 2019\n2020 2021",
                "x.2011 2012.y 2013 2014. ",
                "20111 2011 2012؟",
                "؟2011 2012",
                "2011 2012.",
                "2011. 2012",
                "",
                "1990-1995 و٢٠١١ 2011",
            ]
            .map(String::from),
        );
        for text in &texts {
            let t = crate::text::normalize(text, 0);
            let t = t.as_str();
            assert_eq!(year_sentences(t), year_sentences_by_splitting(t), "{t}");
        }
    }
}
