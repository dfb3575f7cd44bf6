//! The words that build a date around a month name, from `rules/dates.toml`.
//!
//! Weekdays, relative words, Hijri months and markers, and the vocabulary
//! of stated spans are data a newsroom extends; numbers (day ordinals,
//! years in words, the count of a span and its qualifier) are read by
//! [`crate::numbers`] from `rules/numbers.toml` and `rules/qualifiers.toml`. This module loads
//! and validates them (a spelling listed twice, or with two meanings, stops
//! the run at its line) and compiles each word class into a regex
//! alternation that [`super::dates`] embeds in its patterns. The main
//! decision is that every class is folded like article text and matched
//! longest first, and that English words of four letters or more match in
//! any case while shorter ones ("Sun", "Wed") match only as written.

use foldhash::{HashMap, HashMapExt};

use chrono::Weekday;
use serde::Deserialize;
use toml::Spanned;

use crate::calendar::months::fold;
use crate::error::LexiconError;
use crate::lexicon::RulesFile;

/// Which way a relative word points from the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relative {
    /// الماضي، المنصرم، الفائت; last.
    Past,
    /// الحالي، الجاري; this.
    Current,
    /// المقبل، القادم; next.
    Future,
}

impl Relative {
    /// A short English name, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Relative::Past => "past",
            Relative::Current => "current",
            Relative::Future => "coming",
        }
    }
}

/// How a qualifier bends a stated span (read from `rules/qualifiers.toml`:
/// "nearly" counts as approximate, "at least" as more, "up to" as less).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// No qualifier: the span is stated as exact.
    Exact,
    /// About, nearly, almost.
    Approximate,
    /// More than, over.
    More,
    /// Less than, under.
    Less,
}

/// A compiled word class: a lookup by folded spelling and a regex alternation.
#[derive(Debug, Clone)]
pub(crate) struct WordClass<T> {
    map: HashMap<String, T>,
    /// A non-capturing regex alternation of every spelling, longest first.
    pub(crate) pattern: String,
}

impl<T: Copy> WordClass<T> {
    /// The meaning of a matched spelling (already folded text).
    pub(crate) fn get(&self, matched: &str) -> Option<T> {
        // A spelling without whitespace is its own collapsed key: looked up
        // as written, without the two allocations of `collapse` (most
        // matches are one word).
        if !may_hold_whitespace(matched) {
            if let Some(&meaning) = self.map.get(matched) {
                return Some(meaning);
            }
        }
        let key = collapse(matched);
        self.map
            .get(&key)
            .or_else(|| self.map.get(&key.to_lowercase()))
            .copied()
    }

    /// [`WordClass::get`] without its shortcut, for comparison.
    #[cfg(test)]
    fn get_collapsed(&self, matched: &str) -> Option<T> {
        let key = collapse(matched);
        (self.map.get(&key))
            .or_else(|| self.map.get(&key.to_lowercase()))
            .copied()
    }

    /// Every spelling, folded (lower-cased when matched in any case).
    pub(crate) fn spellings(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(|k| k.as_str())
    }

    /// The most words (runs of non-space characters) any spelling has:
    /// how far past its start a match of [`WordClass::pattern`] can reach.
    pub(crate) fn max_words(&self) -> usize {
        (self.map.keys())
            .map(|k| k.split_whitespace().count())
            .max()
            .unwrap_or(0)
    }
}

/// Whether `s` may hold a character `char::is_whitespace` accepts: an
/// ASCII one, or a byte that starts every other (C2 for U+0085 and U+00A0,
/// E1, E2 and E3 for the rest, all in U+1680..=U+3000). Arabic letters
/// start with D8 to DB.
fn may_hold_whitespace(s: &str) -> bool {
    (s.bytes()).any(|b| matches!(b, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_latin(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'))
}

/// Builds a word class, rejecting a spelling listed twice.
fn class<T: Copy + PartialEq + std::fmt::Debug>(
    file: &RulesFile,
    what: &str,
    words: &[(Spanned<String>, T)],
) -> Result<WordClass<T>, LexiconError> {
    let mut map: HashMap<String, T> = HashMap::new();
    let mut exact: Vec<String> = Vec::new();
    let mut any_case: Vec<String> = Vec::new();
    for (word, meaning) in words {
        let raw = word.get_ref();
        let mut folded = fold(raw);
        if folded.is_empty() {
            return Err(file.error(word.span(), format!("empty word in {what}"), "here"));
        }
        let latin = is_latin(&folded);
        let ci = latin && folded.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 4;
        if ci {
            folded = folded.to_lowercase();
        }
        if let Some(old) = map.get(&folded) {
            let msg = if old == meaning {
                format!(
                    "`{raw}` is listed twice in {what} (spellings that differ only in alef forms, ى/ي, ة/ه, diacritics or letter case are the same)"
                )
            } else {
                format!("`{raw}` has two meanings in {what}: {old:?} and {meaning:?}")
            };
            return Err(file.error(word.span(), msg, "duplicate"));
        }
        map.insert(folded.clone(), *meaning);
        if ci {
            any_case.push(folded);
        } else {
            exact.push(folded);
        }
    }
    let pattern = pattern(exact, any_case);
    Ok(WordClass { map, pattern })
}

/// The alternation of a class's spellings: those matched in any case
/// first, each part longest first.
fn pattern(mut exact: Vec<String>, mut any_case: Vec<String>) -> String {
    let alt = |list: &mut Vec<String>| {
        list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        list.iter()
            .map(|w| regex::escape(w).replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|")
    };
    let (exact, any_case) = (alt(&mut exact), alt(&mut any_case));
    match (exact.is_empty(), any_case.is_empty()) {
        (true, true) => r"[^\s\S]".to_string(),
        (false, true) => format!("(?:{exact})"),
        (true, false) => format!("(?i:{any_case})"),
        (false, false) => format!("(?:(?i:{any_case})|{exact})"),
    }
}

/// A class's spellings split for a word lexer ([`crate::scan::WordSet`]):
/// the Arabic ones, and the pattern of the rest.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArabicSplit {
    /// Spellings of Arabic letters (U+0600 to U+06FF) joined by single
    /// spaces, each one a run of `\w` a lexer reads exactly.
    pub(crate) arabic: Vec<String>,
    /// The alternation (as [`WordClass::pattern`]) of the other spellings,
    /// all ASCII; `None` when there are none.
    pub(crate) rest: Option<String>,
    /// Every other spelling has an ASCII letter, so a text with no ASCII
    /// letter and none that folds onto one («ſ», «K») holds none of them.
    pub(crate) rest_needs_latin: bool,
}

impl<T: Copy> WordClass<T> {
    /// The spellings split into Arabic words for a lexer and a pattern of
    /// the rest, when the two parts can never match overlapping text (so
    /// that finding each apart finds what the whole pattern finds): every
    /// spelling is either Arabic words or ASCII. And since a lexer reads a
    /// word with a leading proclitic whole where the regex tries the
    /// proclitic first, no Arabic first word may be a proclitic letter
    /// plus another. Otherwise everything stays in the rest.
    pub(crate) fn split_arabic(&self, proclitics: &[char]) -> ArabicSplit {
        let arabic_word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| ('\u{600}'..='\u{6FF}').contains(&c) && crate::scan::is_word(Some(c)))
        };
        let (arabic, rest): (Vec<&String>, Vec<&String>) =
            self.map.keys().partition(|k| k.split(' ').all(arabic_word));
        let first = |w: &str| w.split(' ').next().unwrap_or("").to_string();
        let firsts: Vec<String> = arabic.iter().map(|w| first(w)).collect();
        let clitic_clash = firsts.iter().any(|f| {
            f.strip_prefix(proclitics)
                .is_some_and(|bare| firsts.iter().any(|g| g == bare))
        });
        let (arabic, rest): (Vec<&String>, Vec<&String>) =
            if clitic_clash || !rest.iter().all(|k| k.is_ascii()) {
                (Vec::new(), self.map.keys().collect())
            } else {
                (arabic, rest)
            };
        let any_case =
            |k: &str| is_latin(k) && k.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 4;
        let (ci, exact): (Vec<String>, Vec<String>) = rest
            .iter()
            .map(|k| k.to_string())
            .partition(|k| any_case(k));
        let rest_needs_latin = !arabic.is_empty()
            && (ci.iter().chain(&exact)).all(|k| k.chars().any(|c| c.is_ascii_alphabetic()));
        let mut arabic: Vec<String> = arabic.into_iter().cloned().collect();
        arabic.sort();
        ArabicSplit {
            arabic,
            rest: (!ci.is_empty() || !exact.is_empty()).then(|| pattern(exact, ci)),
            rest_needs_latin,
        }
    }
}

/// Every word of `dates.toml`, compiled.
#[derive(Debug)]
pub struct DateWords {
    pub(crate) weekdays: WordClass<Weekday>,
    pub(crate) relative: WordClass<Relative>,
    pub(crate) future_markers: WordClass<()>,
    pub(crate) anniversary: WordClass<()>,
    pub(crate) period_nouns: WordClass<()>,
    pub(crate) hijri_months: WordClass<u8>,
    pub(crate) hijri_context: WordClass<()>,
    pub(crate) hijri_markers: WordClass<()>,
    pub(crate) gregorian_markers: WordClass<()>,
    pub(crate) joiners: WordClass<()>,
    pub(crate) weekday_links: WordClass<()>,
    pub(crate) indefinite_weekdays: WordClass<Weekday>,
    pub(crate) duration_units: WordClass<(u32, bool)>,
    pub(crate) articles: WordClass<()>,
    pub(crate) start_verbs: WordClass<()>,
    pub(crate) end_verbs: WordClass<()>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    weekdays: Weekdays,
    relative: RelativeFile,
    future_markers: Vec<Spanned<String>>,
    anniversary: Vec<Spanned<String>>,
    period_nouns: Vec<Spanned<String>>,
    hijri: HijriFile,
    weekday_links: Links,
    duration: DurationFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Weekdays {
    sunday: Vec<Spanned<String>>,
    monday: Vec<Spanned<String>>,
    tuesday: Vec<Spanned<String>>,
    wednesday: Vec<Spanned<String>>,
    thursday: Vec<Spanned<String>>,
    friday: Vec<Spanned<String>>,
    saturday: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelativeFile {
    past: Vec<Spanned<String>>,
    current: Vec<Spanned<String>>,
    future: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HijriFile {
    months: Spanned<Vec<Vec<Spanned<String>>>>,
    context: Vec<Spanned<String>>,
    hijri_markers: Vec<Spanned<String>>,
    gregorian_markers: Vec<Spanned<String>>,
    joiners: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Links {
    words: Vec<Spanned<String>>,
    indefinite: Spanned<std::collections::BTreeMap<String, Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    words: Vec<Spanned<String>>,
    years: u32,
    #[serde(default)]
    dual: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DurationFile {
    units: Vec<UnitFile>,
    articles: Vec<Spanned<String>>,
    start_verbs: Vec<Spanned<String>>,
    end_verbs: Vec<Spanned<String>>,
}

fn unit(list: &[Spanned<String>]) -> Vec<(Spanned<String>, ())> {
    list.iter().map(|w| (w.clone(), ())).collect()
}

fn tagged<T: Copy>(list: &[Spanned<String>], t: T) -> Vec<(Spanned<String>, T)> {
    list.iter().map(|w| (w.clone(), t)).collect()
}

impl DateWords {
    /// Loads and validates `dates.toml`.
    pub fn load(file: &RulesFile) -> Result<DateWords, LexiconError> {
        let f: File = file.parse()?;
        let w = &f.weekdays;
        let mut weekdays = Vec::new();
        for (list, day) in [
            (&w.sunday, Weekday::Sun),
            (&w.monday, Weekday::Mon),
            (&w.tuesday, Weekday::Tue),
            (&w.wednesday, Weekday::Wed),
            (&w.thursday, Weekday::Thu),
            (&w.friday, Weekday::Fri),
            (&w.saturday, Weekday::Sat),
        ] {
            weekdays.extend(tagged(list, day));
        }
        let r = &f.relative;
        let mut relative = tagged(&r.past, Relative::Past);
        relative.extend(tagged(&r.current, Relative::Current));
        relative.extend(tagged(&r.future, Relative::Future));

        let months = &f.hijri.months;
        if months.get_ref().len() != 12 {
            return Err(file.error(
                months.span(),
                format!(
                    "hijri.months must list 12 months, not {}",
                    months.get_ref().len()
                ),
                "here",
            ));
        }
        let mut hijri = Vec::new();
        for (i, names) in months.get_ref().iter().enumerate() {
            if names.is_empty() {
                return Err(file.error(
                    months.span(),
                    format!("Hijri month {} has no name", i + 1),
                    "here",
                ));
            }
            hijri.extend(tagged(names, i as u8 + 1));
        }
        let hijri_months = class(file, "hijri.months", &hijri)?;
        for c in &f.hijri.context {
            if hijri_months.get(&fold(c.get_ref())).is_none() {
                return Err(file.error(
                    c.span(),
                    format!(
                        "`{}` is listed under hijri.context but is not a Hijri month",
                        c.get_ref()
                    ),
                    "not a month",
                ));
            }
        }

        let d = &f.duration;
        let mut units = Vec::new();
        for u in &d.units {
            units.extend(tagged(&u.words, (u.years, u.dual)));
        }
        let mut markers = tagged(&f.hijri.hijri_markers, true);
        markers.extend(tagged(&f.hijri.gregorian_markers, false));
        // A marker must not mean both calendars.
        class(file, "the Hijri and Gregorian markers", &markers)?;
        let mut verbs = tagged(&d.start_verbs, true);
        verbs.extend(tagged(&d.end_verbs, false));
        class(file, "the start and end verbs", &verbs)?;

        let mut indefinite = Vec::new();
        for (name, words) in f.weekday_links.indefinite.get_ref() {
            let day = match name.as_str() {
                "sunday" => Weekday::Sun,
                "monday" => Weekday::Mon,
                "tuesday" => Weekday::Tue,
                "wednesday" => Weekday::Wed,
                "thursday" => Weekday::Thu,
                "friday" => Weekday::Fri,
                "saturday" => Weekday::Sat,
                other => {
                    return Err(file.error(
                        f.weekday_links.indefinite.span(),
                        format!("`{other}` is not a weekday (sunday ... saturday)"),
                        "here",
                    ));
                }
            };
            indefinite.extend(tagged(words, day));
        }
        Ok(DateWords {
            indefinite_weekdays: class(file, "weekday_links.indefinite", &indefinite)?,
            weekdays: class(file, "weekdays", &weekdays)?,
            relative: class(file, "relative", &relative)?,
            future_markers: class(file, "future_markers", &unit(&f.future_markers))?,
            anniversary: class(file, "anniversary", &unit(&f.anniversary))?,
            period_nouns: class(file, "period_nouns", &unit(&f.period_nouns))?,
            hijri_months,
            hijri_context: class(file, "hijri.context", &unit(&f.hijri.context))?,
            hijri_markers: class(file, "hijri.hijri_markers", &unit(&f.hijri.hijri_markers))?,
            gregorian_markers: class(
                file,
                "hijri.gregorian_markers",
                &unit(&f.hijri.gregorian_markers),
            )?,
            joiners: class(file, "hijri.joiners", &unit(&f.hijri.joiners))?,
            weekday_links: class(file, "weekday_links", &unit(&f.weekday_links.words))?,
            duration_units: class(file, "duration.units", &units)?,
            articles: class(file, "duration.articles", &unit(&d.articles))?,
            start_verbs: class(file, "duration.start_verbs", &unit(&d.start_verbs))?,
            end_verbs: class(file, "duration.end_verbs", &unit(&d.end_verbs))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<DateWords, LexiconError> {
        DateWords::load(&RulesFile {
            display: "rules/dates.toml".into(),
            text: text.into(),
        })
    }

    fn embedded() -> String {
        include_str!("../../rules/dates.toml").to_string()
    }

    #[test]
    fn the_embedded_file_loads_and_folds() {
        let w = load(&embedded()).unwrap();
        assert_eq!(w.weekdays.get("الاحد"), Some(Weekday::Sun));
        assert_eq!(w.weekdays.get("MONDAY"), Some(Weekday::Mon));
        assert_eq!(w.weekdays.get("wed"), None);
        assert_eq!(w.weekdays.get("Wed"), Some(Weekday::Wed));
        assert_eq!(w.hijri_months.get("ذي الحجه"), Some(12));
        assert_eq!(w.relative.get("المنصرم"), Some(Relative::Past));
    }

    #[test]
    fn lookups_as_written_agree_with_lookups_of_the_collapsed_spelling() {
        let w = load(&embedded()).unwrap();
        // Every whitespace character, and the bytes that start them in
        // other characters (U+00C2 «Â» is C3 82, U+2013 «–» E2 80 93).
        let spaces: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .chain(['Â', '–', 'ᚁ', '、', 'ـ', 'x'])
            .collect();
        for c in &spaces {
            assert!(!c.is_whitespace() || may_hold_whitespace(c.encode_utf8(&mut [0; 4])));
        }
        let mut words: Vec<String> = (w.weekdays.map.keys())
            .chain(w.relative.map.keys())
            .chain(w.hijri_months.map.keys())
            .cloned()
            .collect();
        words.extend(["", "MONDAY", "Wed", "wed", "ذي  الحجه", "ربيع الاول"].map(String::from));
        let mut found = 0;
        for word in &words {
            let mut variants = vec![word.clone(), word.to_uppercase(), word.to_lowercase()];
            for c in &spaces {
                variants.push(format!("{c}{word}"));
                variants.push(format!("{word}{c}"));
                variants.push(word.replacen(' ', &c.to_string(), 1));
            }
            for v in &variants {
                let fast = w.weekdays.get(v);
                assert_eq!(fast, w.weekdays.get_collapsed(v), "{v:?}");
                found += usize::from(fast.is_some());
                let fast = w.hijri_months.get(v);
                assert_eq!(fast, w.hijri_months.get_collapsed(v), "{v:?}");
                found += usize::from(fast.is_some());
                assert_eq!(w.relative.get(v), w.relative.get_collapsed(v), "{v:?}");
            }
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn a_word_with_two_meanings_is_an_error() {
        let text = embedded().replace("current = [\"الحالي\"", "current = [\"الماضي\", \"الحالي\"");
        let err = load(&text).unwrap_err();
        assert!(err.to_string().contains("two meanings"), "{err}");
        assert!(err.line_column.is_some());
    }

    #[test]
    fn a_word_listed_twice_is_an_error() {
        let text = embedded().replace("sunday = [\"الأحد\"", "sunday = [\"الاحد\", \"الأحد\"");
        let err = load(&text).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
    }

    #[test]
    fn a_marker_of_both_calendars_and_unknown_keys_are_errors() {
        let err = load(&embedded().replace(
            "gregorian_markers = [\"م\"",
            "gregorian_markers = [\"هـ\", \"م\"",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("two meanings"), "{err}");
        let err = load(&format!("colour = 1\n{}", embedded())).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
        let err =
            load(&embedded().replace("context = [\"صفر\"", "context = [\"صفرا\"")).unwrap_err();
        assert!(err.to_string().contains("not a Hijri month"), "{err}");
    }
}
