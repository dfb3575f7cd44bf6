//! Gregorian month names in every system, and finding them in text.
//!
//! The table is built from `rules/months.toml`. Each spelling is folded
//! with the same normalization as article text, and all of them are
//! compiled into one [`WordSet`] per script (Arabic with its one-letter
//! proclitics, English without), so an article is read once whatever
//! the size of the lexicon, word by word with a table lookup rather than
//! with a `\b` regex (the profile showed the `\b` regex was a third of a
//! whole check). A name knows every
//! system that uses it; that is what lets `month-pair` tell a dual-system
//! pair ("يناير/كانون الثاني") from a range written in one system
//! ("يناير/فبراير").

use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::article::Article;
use crate::error::LexiconError;
use crate::lexicon::RulesFile;
use crate::scan::{WordMatch, WordSet};
use crate::text::{Span, normalize};

/// English names of the months, for messages.
pub const ENGLISH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A set of month systems, as a bit set over [`MonthTable::systems`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Systems(u32);

impl Systems {
    /// True when the two sets share no system.
    pub fn disjoint(self, other: Systems) -> bool {
        self.0 & other.0 == 0
    }

    /// True when the set contains system `i`.
    pub fn contains(self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }

    /// The indexes of the systems in the set.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..32).filter(move |&i| self.contains(i))
    }
}

/// One naming system.
#[derive(Debug, Clone)]
pub struct System {
    /// Short identifier (`levant`).
    pub id: String,
    /// Description for people.
    pub name: String,
    /// Names that are ordinary words: never read as months by month-pair.
    pub strict: bool,
    /// For each month (0 = January), the spellings as written in the file;
    /// the first is the canonical one.
    pub months: [Vec<String>; 12],
}

/// What the table knows about one folded spelling.
#[derive(Debug, Clone)]
struct Entry {
    month: u8,
    systems: Systems,
    context: bool,
    /// Spellings the original text must equal, for verbatim names.
    verbatim: Option<Vec<String>>,
}

/// Every month name of every system, compiled for matching.
#[derive(Debug)]
pub struct MonthTable {
    systems: Vec<System>,
    entries: HashMap<String, Entry>,
    /// The Arabic names of the systems that are not strict, and a second
    /// list ([`MonthTable::reading_also`]) found in the same pass.
    arabic: WordSet,
    /// The Arabic names, for [`MonthTable::reading_also`].
    arabic_names: Vec<String>,
    english: WordSet,
    /// English names in any letter case, for dates with a day attached.
    english_any_case: Regex,
    /// English names lower-cased, with their month (1-12).
    english_lower: HashMap<String, u8>,
}

/// A month name found in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthMention {
    /// Where the name is in the article's source (a leading clitic excluded).
    pub span: Span,
    /// Where the name is in the article's normalized body.
    pub norm: Range<usize>,
    /// Month number, 1 to 12.
    pub month: u8,
    /// The systems that use this spelling.
    pub systems: Systems,
    /// The name is also an ordinary word and needs date context.
    pub needs_context: bool,
    /// A proclitic (و، ف، ب، ل، ك) was attached before the name.
    pub clitic: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    context: Vec<Spanned<String>>,
    #[serde(default)]
    verbatim: Vec<Spanned<String>>,
    system: Vec<Spanned<SystemFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemFile {
    id: String,
    name: String,
    #[serde(default)]
    strict: bool,
    january: Vec<Spanned<String>>,
    february: Vec<Spanned<String>>,
    march: Vec<Spanned<String>>,
    april: Vec<Spanned<String>>,
    may: Vec<Spanned<String>>,
    june: Vec<Spanned<String>>,
    july: Vec<Spanned<String>>,
    august: Vec<Spanned<String>>,
    september: Vec<Spanned<String>>,
    october: Vec<Spanned<String>>,
    november: Vec<Spanned<String>>,
    december: Vec<Spanned<String>>,
}

impl SystemFile {
    fn months(&self) -> [&Vec<Spanned<String>>; 12] {
        [
            &self.january,
            &self.february,
            &self.march,
            &self.april,
            &self.may,
            &self.june,
            &self.july,
            &self.august,
            &self.september,
            &self.october,
            &self.november,
            &self.december,
        ]
    }
}

/// Folds a lexicon spelling the way article text is folded.
pub(crate) fn fold(name: &str) -> String {
    normalize(name.trim(), 0).as_str().to_string()
}

/// One-letter proclitics an Arabic month name may carry (و ف ب ل ك).
const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

fn is_latin(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
}

impl MonthTable {
    /// Loads and validates `months.toml`.
    pub fn load(file: &RulesFile) -> Result<MonthTable, LexiconError> {
        let parsed: File = file.parse()?;
        if parsed.system.len() > 32 {
            return Err(file.error(0..0, "at most 32 month systems are supported", ""));
        }
        let verbatim_names: Vec<String> = parsed
            .verbatim
            .iter()
            .map(|v| v.get_ref().clone())
            .collect();
        let mut entries: HashMap<String, Entry> = HashMap::new();
        // Where each folded spelling was first listed, for error messages.
        let mut first_seen: HashMap<String, (String, u8)> = HashMap::new();
        let mut systems = Vec::new();
        let mut seen_ids: HashMap<String, ()> = HashMap::new();
        for (index, sys) in parsed.system.iter().enumerate() {
            let sys_span = sys.span();
            let sys = sys.get_ref();
            if seen_ids.insert(sys.id.clone(), ()).is_some() {
                return Err(file.error(
                    sys_span,
                    format!("month system `{}` is defined twice", sys.id),
                    "second definition",
                ));
            }
            let mut months: [Vec<String>; 12] = Default::default();
            for (m, names) in sys.months().into_iter().enumerate() {
                if names.is_empty() {
                    return Err(file.error(
                        sys_span.clone(),
                        format!("system `{}` gives no name for {}", sys.id, ENGLISH[m]),
                        "this system",
                    ));
                }
                let mut in_this_month: Vec<String> = Vec::new();
                for name in names {
                    let span = name.span();
                    let raw = name.get_ref();
                    let folded = fold(raw);
                    if folded.is_empty() {
                        return Err(file.error(span, "empty month name", "here"));
                    }
                    let is_verbatim = verbatim_names.contains(raw);
                    if in_this_month.contains(&folded) && !is_verbatim {
                        return Err(file.error(
                            span,
                            format!(
                                "`{raw}` is listed twice for {} in system `{}` (spellings that differ only in alef forms, ى/ي, ة/ه or diacritics are the same after folding)",
                                ENGLISH[m], sys.id
                            ),
                            "duplicate",
                        ));
                    }
                    in_this_month.push(folded.clone());
                    if let Some((other_sys, other_month)) = first_seen.get(&folded) {
                        if *other_month != m as u8 {
                            return Err(file.error(
                                span,
                                format!(
                                    "`{raw}` is {} in system `{}` but {} in system `{other_sys}`",
                                    ENGLISH[m], sys.id, ENGLISH[*other_month as usize]
                                ),
                                "contradiction",
                            ));
                        }
                    } else {
                        first_seen.insert(folded.clone(), (sys.id.clone(), m as u8));
                    }
                    let entry = entries.entry(folded).or_insert(Entry {
                        month: m as u8,
                        systems: Systems::default(),
                        context: false,
                        verbatim: None,
                    });
                    entry.systems.0 |= 1 << index;
                    if is_verbatim {
                        entry
                            .verbatim
                            .get_or_insert_with(Vec::new)
                            .push(raw.clone());
                    }
                    months[m].push(raw.clone());
                }
            }
            systems.push(System {
                id: sys.id.clone(),
                name: sys.name.clone(),
                strict: sys.strict,
                months,
            });
        }
        for c in &parsed.context {
            match entries.get_mut(&fold(c.get_ref())) {
                Some(e) => e.context = true,
                None => {
                    return Err(file.error(
                        c.span(),
                        format!(
                            "`{}` is listed under `context` but is not a month name",
                            c.get_ref()
                        ),
                        "not a month",
                    ));
                }
            }
        }
        for v in &parsed.verbatim {
            if !entries.contains_key(&fold(v.get_ref())) {
                return Err(file.error(
                    v.span(),
                    format!(
                        "`{}` is listed under `verbatim` but is not a month name",
                        v.get_ref()
                    ),
                    "not a month",
                ));
            }
        }
        let strict_only = |e: &Entry| e.systems.iter().all(|i| systems[i].strict);
        let mut arabic: Vec<&String> = entries
            .iter()
            .filter(|(k, e)| !is_latin(k) && !strict_only(e))
            .map(|(k, _)| k)
            .collect();
        let mut english: Vec<&String> = entries.keys().filter(|k| is_latin(k)).collect();
        for list in [&mut arabic, &mut english] {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
        let alternation = |names: &[&String]| {
            names
                .iter()
                .map(|n| regex::escape(n).replace(' ', r"\s+"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let english_any_case =
            // Letters, not word boundaries, delimit the name: "Oct2", "22april".
            Regex::new(&format!(
                r"(?i)(?:^|[^\p{{L}}])(?P<name>{})(?P<dot>\.)?(?:[^\p{{L}}]|$)",
                alternation(&english)
            ))
                .expect("escaped alternation compiles");
        // Two spellings that differ only in case would be one key; a file
        // giving them two months is refused here rather than read one way
        // or the other.
        let mut english_lower: HashMap<String, u8> = HashMap::new();
        for name in &english {
            let month = entries[name.as_str()].month + 1;
            if let Some(other) = english_lower.insert(name.to_lowercase(), month) {
                if other != month {
                    return Err(file.error(
                        0..0,
                        format!("`{name}` names two months in different letter cases"),
                        "",
                    ));
                }
            }
        }
        let arabic_names: Vec<String> = arabic.iter().map(|s| s.to_string()).collect();
        let arabic = WordSet::new(arabic.iter().map(|s| s.as_str()), &PROCLITICS)
            .expect("escaped alternation compiles");
        let english = WordSet::new(english.iter().map(|s| s.as_str()), &[])
            .expect("escaped alternation compiles");
        Ok(MonthTable {
            systems,
            entries,
            arabic,
            arabic_names,
            english,
            english_any_case,
            english_lower,
        })
    }

    /// The table that also finds `others` (folded words read like the
    /// Arabic month names, with the same proclitics) in the pass that
    /// finds the Arabic month names: see [`MonthTable::find_with_others`].
    /// The date model gives it the Arabic Hijri month names, which a scan
    /// of their own would cost as much as the month scan.
    pub(crate) fn reading_also(mut self, others: &[String]) -> MonthTable {
        let names = self.arabic_names.iter().map(|s| s.as_str()).collect();
        let others = others.iter().map(|s| s.as_str()).collect();
        self.arabic =
            WordSet::lists(vec![names, others], &PROCLITICS).expect("escaped alternation compiles");
        self
    }

    /// The systems, in file order.
    pub fn systems(&self) -> &[System] {
        &self.systems
    }

    /// The canonical name of `month` (1-12) in system `system`.
    pub fn canonical(&self, system: usize, month: u8) -> &str {
        &self.systems[system].months[month as usize - 1][0]
    }

    /// Every month name in the article's body, in text order.
    ///
    /// Names of strict systems (ordinary words) are not returned.
    pub fn find(&self, article: &Article) -> Vec<MonthMention> {
        self.find_with_others(article).0
    }

    /// [`MonthTable::find`], and the words given to
    /// `MonthTable::reading_also` standing alone in the article's body
    /// (as a [`WordSet`] of them alone finds them), read in the same pass.
    pub fn find_with_others(&self, article: &Article) -> (Vec<MonthMention>, Vec<WordMatch>) {
        let norm = article.norm.as_str();
        let mut out = Vec::new();
        let mut lists = self.arabic.find_lists(norm).into_iter();
        let arabic = lists.next().unwrap_or_default();
        let others = lists.next().unwrap_or_default();
        for found in arabic {
            let name = found.range;
            let folded = collapse_spaces(&norm[name.clone()]);
            let Some(entry) = self.entries.get(&folded) else {
                continue;
            };
            let span = article.norm.source_span(name.clone());
            if let Some(spellings) = &entry.verbatim {
                let written = strip_marks(article.slice(span));
                if !spellings.contains(&written) {
                    continue;
                }
            }
            out.push(MonthMention {
                span,
                norm: name,
                month: entry.month + 1,
                systems: entry.systems,
                needs_context: entry.context,
                clitic: found.clitic,
            });
        }
        // English names are ASCII letters in normalized text (NFKC folds
        // full-width and other compatibility letters): most Arabic articles
        // have none, and skip the scan.
        let latin = has_ascii_letter(norm);
        for found in self.english.find_iter(if latin { norm } else { "" }) {
            let name = found.range;
            let Some(entry) = self.entries.get(&norm[name.clone()]) else {
                continue;
            };
            // "Jan.": the abbreviation's dot belongs to the name.
            let end = name.end + usize::from(norm[name.end..].starts_with('.'));
            let whole = name.start..end;
            out.push(MonthMention {
                span: article.norm.source_span(whole.clone()),
                norm: whole,
                month: entry.month + 1,
                systems: entry.systems,
                needs_context: entry.context,
                clitic: false,
            });
        }
        out.sort_by_key(|m| m.norm.start);
        (out, others)
    }
}

impl MonthTable {
    /// English month names written in lower or mixed case ("jan", "april"),
    /// as `(normalized range, month)`. Case-sensitive [`MonthTable::find`]
    /// ignores them; the date model accepts them only with a day attached.
    pub(crate) fn find_english_any_case(&self, norm: &str) -> Vec<(Range<usize>, u8)> {
        let mut out = Vec::new();
        if !has_ascii_letter(norm) {
            return out;
        }
        for caps in self.english_any_case.captures_iter(norm) {
            let name = caps.name("name").expect("group always present");
            let end = caps.name("dot").map_or(name.end(), |d| d.end());
            // Names are ASCII letters: lowered on the stack, not the heap.
            let mut buf = [0u8; 16];
            let key = name.as_str();
            let lower = match buf.get_mut(..key.len()) {
                Some(b) if key.is_ascii() => {
                    b.copy_from_slice(key.as_bytes());
                    b.make_ascii_lowercase();
                    std::str::from_utf8(b).ok()
                }
                _ => None,
            };
            let month = match lower {
                Some(lower) => self.english_lower.get(lower),
                None => self.english_lower.get(&key.to_lowercase()),
            };
            if let Some(&month) = month {
                out.push((name.start()..end, month));
            }
        }
        out
    }
}

/// Whether normalized text has a letter an English month name could start with.
///
/// Arabic text has none, and is read whole: 32 bytes at a time, tested
/// without a branch per byte so that the compiler can vectorize the test
/// (a byte at a time, the two calls per article cost as much as a month scan).
pub(crate) fn has_ascii_letter(norm: &str) -> bool {
    // `b | 0x20` maps A-Z onto a-z and leaves every other byte off a-z.
    let letter = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26;
    let mut chunks = norm.as_bytes().chunks_exact(32);
    let any = chunks.any(|c| c.iter().fold(false, |a, &b| a | letter(b)));
    any || chunks.remainder().iter().any(|&b| letter(b))
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The written form of a name without diacritics, tatweel or invisible marks.
fn strip_marks(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{200B}'..='\u{200F}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn months(text: &str) -> Vec<(String, u8)> {
        let lex = Lexicon::embedded().unwrap();
        let a = Article::from_text("t.txt", text.to_string(), None).unwrap();
        lex.months
            .find(&a)
            .into_iter()
            .map(|m| (a.slice(m.span).to_string(), m.month))
            .collect()
    }

    #[test]
    fn finds_names_of_every_system_with_spans_in_the_source() {
        assert_eq!(
            months("في كانون الثاني وجانفي وغشت ودجنبر وأغشت وإبريل"),
            vec![
                ("كانون الثاني".into(), 1),
                ("جانفي".into(), 1),
                ("غشت".into(), 8),
                ("دجنبر".into(), 12),
                ("أغشت".into(), 8),
                ("إبريل".into(), 4)
            ]
        );
    }

    #[test]
    fn english_names_are_case_sensitive_and_keep_their_dot() {
        assert_eq!(
            months("On Jan. 5 and December 3 we may march."),
            vec![("Jan.".into(), 1), ("December".into(), 12)]
        );
    }

    #[test]
    fn verbatim_names_do_not_match_folded_look_alikes() {
        // «أب» (father) folds to the same letters as «اب» but is not August.
        assert!(months("قال الأب إن أب الضحية حضر").is_empty());
        assert_eq!(months("في آب الماضي"), vec![("آب".into(), 8)]);
    }

    #[test]
    fn names_inside_other_words_do_not_match() {
        assert!(months("الآباء والمارسات ونيسانية").is_empty());
    }

    #[test]
    fn libyan_names_are_not_matched() {
        assert!(months("في الربيع والصيف").is_empty());
    }

    /// The `\b` regex search `find` used before it moved to `WordSet`,
    /// kept here to show that both find the same mentions.
    fn find_with_regex(table: &MonthTable, article: &Article) -> Vec<MonthMention> {
        let strict_only = |e: &Entry| e.systems.iter().all(|i| table.systems[i].strict);
        let mut arabic: Vec<&String> = (table.entries.iter())
            .filter(|(k, e)| !is_latin(k) && !strict_only(e))
            .map(|(k, _)| k)
            .collect();
        let mut english: Vec<&String> = table.entries.keys().filter(|k| is_latin(k)).collect();
        for list in [&mut arabic, &mut english] {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
        let alternation = |names: &[&String]| {
            (names.iter())
                .map(|n| regex::escape(n).replace(' ', r"\s+"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let arabic_re = Regex::new(&format!(
            r"\b(?P<clitic>[وفبلك])?(?P<name>{})\b",
            alternation(&arabic)
        ))
        .unwrap();
        let english_re =
            Regex::new(&format!(r"\b(?P<name>{})\b\.?", alternation(&english))).unwrap();
        let norm = article.norm.as_str();
        let mut out = Vec::new();
        for caps in arabic_re.captures_iter(norm) {
            let name = caps.name("name").unwrap();
            let Some(entry) = table.entries.get(&collapse_spaces(name.as_str())) else {
                continue;
            };
            let span = article.norm.source_span(name.range());
            if let Some(spellings) = &entry.verbatim {
                if !spellings.contains(&strip_marks(article.slice(span))) {
                    continue;
                }
            }
            out.push(MonthMention {
                span,
                norm: name.range(),
                month: entry.month + 1,
                systems: entry.systems,
                needs_context: entry.context,
                clitic: caps.name("clitic").is_some(),
            });
        }
        for caps in english_re.captures_iter(norm) {
            let name = caps.name("name").unwrap();
            let whole = caps.get(0).unwrap();
            let Some(entry) = table.entries.get(name.as_str()) else {
                continue;
            };
            out.push(MonthMention {
                span: article.norm.source_span(whole.range()),
                norm: whole.range(),
                month: entry.month + 1,
                systems: entry.systems,
                needs_context: entry.context,
                clitic: false,
            });
        }
        out.sort_by_key(|m| m.norm.start);
        out
    }

    #[test]
    fn word_set_finds_the_same_mentions_as_the_word_boundary_regex() {
        let lex = Lexicon::embedded().unwrap();
        let mut texts = crate::testing::corpus_texts();
        // Traps: proclitics, names inside words, abbreviations, spacing.
        texts.push(
            "وكانون   الثاني فبراير لأيلول وبآب كتموز الأب أب آب. Jan. Janu May, mayor March.5 \
             ويناير_ يناير2 2يناير ويونيو/حزيران Sept. ‌يناير"
                .to_string(),
        );
        // Names at the edges of the text, before dots and digits, next to
        // Latin letters, and names of several words across several spaces.
        texts.extend(
            [
                "يناير",
                "كانون \n  الثاني.",
                "تشرين\u{a0}الاول3 وتشرين الاولي فتشرين الأول",
                "يناير3 Janيناير فبراير\u{200c}May June2 ،أيار، (آب)",
                "Dec.يناير مارسMarch نيسان.April",
            ]
            .map(String::from),
        );
        let mut mentions = 0;
        for text in &texts {
            let Ok(a) = Article::from_text("t.md", text.clone(), None) else {
                continue;
            };
            let found = lex.months.find(&a);
            assert_eq!(found, find_with_regex(&lex.months, &a), "{text}");
            mentions += found.len();
        }
        assert!(
            texts.len() > 20 && mentions > 100,
            "{} texts, {mentions}",
            texts.len()
        );
    }

    #[test]
    fn the_letter_test_is_ascii_alphabetic() {
        for b in 0..=255u8 {
            let one = [b];
            let text = std::str::from_utf8(&one).unwrap_or("");
            assert_eq!(
                has_ascii_letter(text),
                text.bytes().any(|b| b.is_ascii_alphabetic())
            );
        }
        let arabic = "في الخامس من يناير، ٢٠٢٠ - 2020 «» ".repeat(5);
        assert!(!has_ascii_letter(&arabic));
        for at in 0..=arabic.len() {
            if arabic.is_char_boundary(at) {
                for letter in ["a", "Z", "q"] {
                    let text = format!("{}{letter}{}", &arabic[..at], &arabic[at..]);
                    assert!(has_ascii_letter(&text), "{at}");
                }
            }
        }
    }

    /// The lookup `find_english_any_case` made before the lower-cased map.
    fn month_of_any_case(table: &MonthTable, name: &str) -> Option<u8> {
        let lower = name.to_lowercase();
        (table.entries.iter())
            .find(|(k, _)| is_latin(k) && k.to_lowercase() == lower)
            .map(|(_, e)| e.month + 1)
    }

    #[test]
    fn english_names_in_any_case_are_those_of_the_entry_search() {
        let lex = Lexicon::embedded().unwrap();
        let mut texts = crate::testing::corpus_texts();
        texts.push("jan 5, JANUARY 6, sEpT. 7, mAy 8, 22april, Oct2, decemberx 9".to_string());
        let mut found = 0;
        for text in &texts {
            let norm = normalize(text, 0);
            for (range, month) in lex.months.find_english_any_case(norm.as_str()) {
                let name = norm.as_str()[range].trim_end_matches('.');
                assert_eq!(Some(month), month_of_any_case(&lex.months, name), "{name}");
                found += 1;
            }
        }
        assert!(found > 20, "{found}");
    }

    fn load(text: &str) -> Result<MonthTable, LexiconError> {
        MonthTable::load(&RulesFile {
            display: "rules/months.toml".into(),
            text: text.into(),
        })
    }

    fn system(id: &str, jan: &str) -> String {
        let months = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let mut s = format!("[[system]]\nid = \"{id}\"\nname = \"x\"\n");
        for (i, m) in months.iter().enumerate() {
            let name = if i == 0 {
                jan.to_string()
            } else {
                format!("\"{id}{i}\"")
            };
            s.push_str(&format!("{m} = [{name}]\n"));
        }
        s
    }

    #[test]
    fn a_spelling_of_two_months_is_a_contradiction() {
        let b = system("b", "\"bx\"").replace("april = [\"b3\"]", "april = [\"يناير\"]");
        let err = load(&format!("{}{b}", system("a", "\"يناير\""))).unwrap_err();
        assert!(
            err.to_string()
                .contains("is April in system `b` but January"),
            "{err}"
        );
        assert!(err.line_column.is_some());
    }

    #[test]
    fn a_spelling_twice_in_one_month_is_a_duplicate() {
        let err = load(&system("a", "\"أبريل\", \"ابريل\"")).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
    }

    #[test]
    fn unknown_keys_and_missing_months_are_errors() {
        let err = load(&format!("colour = 1\n{}", system("a", "\"x\""))).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
        let err = load(&system("a", "")).unwrap_err();
        assert!(err.to_string().contains("no name for January"), "{err}");
        let err = load(&format!("context = [\"قلم\"]\n{}", system("a", "\"x\""))).unwrap_err();
        assert!(err.to_string().contains("not a month name"), "{err}");
    }
}
