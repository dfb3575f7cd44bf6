//! The date model: every date an article writes, typed, with its spans.
//!
//! A date is built around a month name (Gregorian from `months.toml`,
//! Hijri from `dates.toml`): a day before or after it (digits, Arabic-Indic
//! digits through normalization, or an ordinal word), an optional year with
//! its calendar marker, an optional weekday before it («يوم الأحد 5 ...»,
//! "Sunday, January 5") or linked later in the sentence («..., وهو يوم
//! الخميس»), and an optional relative word («الماضي», "last"). A date that
//! gives no year takes one from the publication date: the occurrence that
//! fits the relative word or the tense of the clause.
//!
//! The main decision is that resolution keeps every year the text allows
//! rather than guessing one: a date with no relative word and no tense
//! marker may be the last or the next occurrence, and a rule reports only
//! what is wrong under every reading (precision first). With no
//! publication date and no year, a date has no reading and rules that need
//! the year stay silent.

use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;

use crate::article::Article;
use crate::calendar::hijri;
use crate::calendar::months::MonthMention;
use crate::calendar::words::{DateWords, Relative, WordClass};
use crate::lexicon::Lexicon;
use crate::numbers::{Language, NumberMatch, Written};
use crate::scan::{GuardedRegex, WordMatch, reach};
use crate::text::Span;

/// The calendar a date is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// Gregorian.
    Gregorian,
    /// Hijri (converted under Umm al-Qura).
    Hijri,
}

/// How a weekday is tied to a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Written with the date: «الأحد 5 يناير», "Sunday, January 5".
    Direct,
    /// Given later in the same or next sentence: «..., وهو يوم الخميس».
    Indirect,
}

/// A weekday written for a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekdayClaim {
    /// The weekday.
    pub day: Weekday,
    /// Where it is written.
    pub span: Span,
    /// How it is tied to the date.
    pub link: Link,
}

/// Where a date's year comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    /// Written with the date.
    Explicit,
    /// Written as «من العام الماضي», "of next year": the publication year moved.
    RelativeYear,
    /// Taken from the publication date with a relative word.
    Relative,
    /// Taken from the publication date with a future-tense marker.
    Tense,
    /// Taken from the publication date: the nearest occurrences.
    Nearest,
    /// No year and no publication date: no reading.
    Unknown,
}

/// One date written in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// The whole mention in the source, weekday to year or relative word.
    pub span: Span,
    /// The same in the normalized body.
    pub norm: Range<usize>,
    /// Gregorian or Hijri.
    pub calendar: Calendar,
    /// Day of the month as written (0 and 31 April are kept: see `impossible-date`).
    pub day: Option<u8>,
    /// Where the day is written.
    pub day_span: Option<Span>,
    /// Month, 1 to 12, in `calendar`.
    pub month: u8,
    /// Where the month name is written (both names for a dual pair).
    pub month_span: Span,
    /// The year as written.
    pub year: Option<i32>,
    /// Where the year is written.
    pub year_span: Option<Span>,
    /// A weekday written for the date.
    pub weekday: Option<WeekdayClaim>,
    /// A relative word after the month («الماضي») or before it ("last").
    pub relative: Option<(Relative, Span)>,
    /// Where the year comes from.
    pub year_source: YearSource,
    /// Every Gregorian date the mention can mean (empty: no reading).
    pub candidates: Vec<NaiveDate>,
    /// Inside quotation marks: relative words there speak from the quote's time.
    pub quoted: bool,
    /// After «ذكرى», "anniversary": a remembered date, not the day of the news.
    pub anniversary: bool,
    /// The clause speaks of the future («من المقرر», "will").
    pub future: bool,
    /// Index (in the article's dates) of the same day written in the other calendar.
    pub pair: Option<usize>,
    /// A relative month phrase in apposition: «في 3 مايو، أي الشهر المقبل»,
    /// "next month, on May 3".
    pub month_phrase: Option<(Relative, Span)>,
    /// The month name is also an ordinary word («نيسان» Nissan, «مارس»
    /// practised), so a bare number before it may be a count.
    pub ambiguous_month: bool,
}

impl DateMention {
    /// The only Gregorian date the mention can mean, if there is one.
    pub fn resolved(&self) -> Option<NaiveDate> {
        match self.candidates.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// Why a date resolved to the year it did, for messages.
pub fn year_reason(d: &DateMention, published: Option<NaiveDate>) -> String {
    let p = published.map_or_else(String::new, |p| p.format("%Y-%m-%d").to_string());
    match d.year_source {
        YearSource::Explicit => "the year is written".to_string(),
        YearSource::RelativeYear => format!("the year is counted from the publication date {p}"),
        YearSource::Relative => {
            let word = d.relative.map_or("", |(r, _)| r.as_str());
            format!("the {word} occurrence relative to the publication date {p}")
        }
        YearSource::Tense => format!("the next occurrence after the publication date {p}"),
        YearSource::Nearest => format!("the occurrences nearest the publication date {p}"),
        YearSource::Unknown => "no year".to_string(),
    }
}

/// A date written as text, for messages: "Tuesday 12 March 2019".
pub fn describe(date: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        weekday_name(date.weekday()),
        date.day(),
        crate::calendar::months::ENGLISH[date.month0() as usize],
        date.year()
    )
}

/// The English name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The Arabic name of a weekday.
pub fn weekday_arabic(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "الاثنين",
        Weekday::Tue => "الثلاثاء",
        Weekday::Wed => "الأربعاء",
        Weekday::Thu => "الخميس",
        Weekday::Fri => "الجمعة",
        Weekday::Sat => "السبت",
        Weekday::Sun => "الأحد",
    }
}

/// Days in a Gregorian month; February has 29 when the year is unknown.
pub fn days_in_month(month: u8, year: Option<i32>) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if NaiveDate::from_ymd_opt(y, 2, 29).is_none() => 28,
            _ => 29,
        },
        _ => 31,
    }
}

/// Compiled patterns of the date model (built once per lexicon).
#[derive(Debug)]
pub struct DatePatterns {
    left_day: Regex,
    left_ordinal: Regex,
    ordinal_gap: Regex,
    right_day: Regex,
    right_ordinal_gap: Regex,
    right_ordinal: Regex,
    right_cardinal: Regex,
    left_year: Regex,
    year_words_gap: Regex,
    century_gap: Regex,
    year: Regex,
    relative_year: Regex,
    relative_after: Regex,
    relative_before: Regex,
    month_phrase_after: Regex,
    numeric: Regex,
    month_phrase_before: Regex,
    weekday_before: Regex,
    /// `^(?:WEEKDAY)$` and what `weekday_before` reads after the weekday,
    /// anchored: with them [`weekday_groups`] reads the groups off a
    /// match; `None` when a spelling breaks what that relies on.
    weekday_parts: Option<(Regex, Regex)>,
    weekday_link: Regex,
    /// The Arabic Hijri month names, which the month table reads in its
    /// pass over the text ([`MonthTable::reading_also`]): a scan of their
    /// own, regex or lexer, would cost as much as the month scan. Empty
    /// when they cannot be read apart from the other names (see
    /// `WordClass::split_arabic`).
    ///
    /// [`MonthTable::reading_also`]: crate::calendar::months::MonthTable::reading_also
    pub(crate) hijri_arabic: Vec<String>,
    /// `\b(?:[وفبلك])?(?P<name>HIJRI)\b` for the other Hijri names (English
    /// ones), run only where such a name is and only on the reach of its
    /// runs (a Unicode `\b` over the whole text made it a fifth of a check).
    hijri_month: Option<GuardedRegex>,
    /// The other Hijri names all need an ASCII letter (or «ſ», «K»).
    hijri_needs_latin: bool,
    /// How many runs the anchored patterns read after a month (`right_day`,
    /// `right_ordinal`, `right_cardinal`, `year`, `relative_year`,
    /// `relative_after`, `month_phrase_after`) touch at most.
    right_runs: usize,
    anniversary: Regex,
    future: Regex,
    /// The future markers without `\b`, on the DFA: where it finds
    /// nothing, `future` cannot match.
    future_finder: Regex,
    /// The anniversary words and future markers as seen in text with no
    /// Latin letter (see [`Needles`]).
    anniversary_needles: Option<Needles>,
    future_needles: Option<Needles>,
    /// Indexes of the groups read for every date (`Captures::name` hashes
    /// the name on each call).
    groups: Groups,
    joiner: Regex,
}

/// Indexes of capture groups, by pattern and name.
#[derive(Debug, Default)]
struct Groups {
    left_day: usize,
    year: usize,
    marker: usize,
    wd: usize,
    wrel: usize,
    join: usize,
}

/// The index of group `name` of `re`.
fn group(re: &Regex, name: &str) -> usize {
    (re.capture_names())
        .position(|n| n == Some(name))
        .expect("the pattern has the group")
}

/// A test that says, of a window with no Latin letter, whether a word
/// class may match there: the class's Latin spellings need a Latin letter,
/// and each other spelling holds its longest word (between the spaces
/// that its pattern reads as `\s+`) as written. The words make one plain
/// alternation, which the regex crate searches with a literal prefilter;
/// the class's own alternation, with English words in any case, has too
/// many literals for one and ran on the DFA over every byte (the
/// anniversary and future tests of each date were a seventh of the date
/// model).
#[derive(Debug)]
struct Needles(Regex);

impl Needles {
    /// `None` when a spelling with no ASCII letter has no word.
    fn new<T: Copy>(class: &WordClass<T>) -> Option<Needles> {
        let mut words = Vec::new();
        for spelling in class.spellings() {
            if spelling.bytes().any(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            let longest = spelling.split(' ').max_by_key(|w| w.len())?;
            if longest.is_empty() {
                return None;
            }
            words.push(regex::escape(longest));
        }
        words.sort();
        words.dedup();
        let alternation = if words.is_empty() {
            r"[^\s\S]".to_string()
        } else {
            words.join("|")
        };
        Some(Needles(
            Regex::new(&alternation).expect("escaped words compile"),
        ))
    }

    /// False only when the class cannot match in `window`.
    fn may_match(&self, window: &str) -> bool {
        may_hold_latin_bytes(window) || self.0.is_match(window)
    }
}

/// Whether `t` may hold a letter that a case-insensitive ASCII pattern
/// matches: an ASCII letter, or the first byte of «ſ» (C5 BF) or of the
/// Kelvin sign (E2 84 AA). Read whole without a branch per byte, so that
/// it vectorizes; E2 also starts quotation marks, which only costs the
/// slower test.
fn may_hold_latin_bytes(t: &str) -> bool {
    (t.bytes()).fold(false, |any, b| {
        any | ((b | 0x20).wrapping_sub(b'a') < 26) | (b == 0xC5) | (b == 0xE2)
    })
}

/// The characters that end a weekday's run in [`weekday_groups`]: what
/// `weekday_before` may read right after the weekday (`\.`, `\s`, a
/// joiner) other than a word.
fn ends_weekday_run(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | ',' | '،' | '(' | '-')
}

/// The two patterns of [`DatePatterns::weekday_parts`], when every weekday
/// is one run (no character of [`ends_weekday_run`]) and no relative word
/// holds «(», which then only the joiner can.
fn weekday_parts(w: &DateWords) -> Option<(Regex, Regex)> {
    let runs = (w.weekdays.spellings()).all(|s| !s.is_empty() && !s.contains(ends_weekday_run));
    let plain = (w.relative.spellings()).all(|s| !s.contains('('));
    let re = |p: String| Regex::new(&p).expect("date pattern compiles");
    (runs && plain).then(|| {
        (
            re(format!("^(?:{})$", w.weekdays.pattern)),
            re(format!(
                r"^\.?(?:\s+(?:{}))?\s*(?:[,،(\-]\s*)?(?:(?:الموافق|المصادف|في|the)\s+)?$",
                w.relative.pattern
            )),
        )
    })
}

impl DatePatterns {
    /// Compiles the patterns from the date words.
    pub fn new(w: &DateWords) -> DatePatterns {
        let re = |p: String| Regex::new(&p).expect("date pattern compiles");
        let wd = &w.weekdays.pattern;
        let rel = &w.relative.pattern;
        let markers = format!(
            "{}|{}",
            w.hijri_markers.pattern, w.gregorian_markers.pattern
        );
        let hijri = w.hijri_months.split_arabic(&HIJRI_PROCLITICS);
        let mut p = DatePatterns {
            left_day: re(
                r#"(?:^|[\s(\[،,:;"«“'])(?:(?:[وفبلك]|ال|لل)\s?)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s*(?:[-/]\s*)?(?:(?:من|of)\s+)?(?:شهر\s+)?$"#.to_string(),
            ),
            // Before a day in words (the number itself is read by
            // `lexicon.numbers`): the word it may qualify and a clitic.
            left_ordinal: re(
                r#"(?:^|[\s(،,"«])(?:(?P<prev>\S+)\s+)?(?:the\s+)?(?:[وفبلك])?$"#.to_string(),
            ),
            // Between a day in words and its month: «السادس من يناير».
            ordinal_gap: re(r"^\s+(?:(?P<of>من|of)\s+)?(?:شهر\s+)?$".to_string()),
            right_day: re(
                r"^(?P<pre>\s*(?:[-/]\s*|,\s*)?)(?:the\s+)?(?P<dayx>(?P<day>\d{1,2})(?:st|nd|rd|th)?)\b(?P<after>\s*[,،]?\s*\d{4}\b|\s+\S+|[^\s\d]|$)"
                    .to_string(),
            ),
            right_ordinal_gap: re(r"^\s*(?:the\s+)?$".to_string()),
            right_ordinal: re(
                r"^(?P<after>\s*[,،]?\s*\d{4}\b)?(?P<end>\s*(?:$|[.!?؟]))?".to_string(),
            ),
            right_cardinal: re(
                r"^(?P<after>\s*[,،]?\s*\d{4}\b|\s+[a-z]+|\s*[^\s\w]|$)".to_string(),
            ),
            left_year: re(r"(?:^|\s)(?P<year>\d{4})\s*[-/]\s*$".to_string()),
            year_words_gap: re(r"^\s*(?:[,،]\s*)?(?:(?:من|of)\s+)?$".to_string()),
            // "nineteen oh five": a century, then a year of it.
            century_gap: re(r"^\s+(?:oh\s+)?$".to_string()),
            year: re(format!(
                r"^\s*(?:[,،.]\s*)?(?:(?:من\s+)?(?:عام|العام|سنه)\s+|of\s+)?(?P<year>\d{{4}})(?:\s*(?P<marker>{markers}))?(?:\b|$)"
            )),
            relative_year: re(format!(
                r"^\s*(?:[,،]\s*)?(?:(?:من\s+)?(?:العام|السنه|عام)\s+(?P<rel>{rel})|(?:of\s+)?(?P<erel>(?i:last|this|next))\s+year)\b"
            )),
            relative_after: re(format!(r"^\s*(?P<rel>{rel})\b")),
            relative_before: re(r"(?:^|\s)(?P<rel>(?i:last|this|next))\s+$".to_string()),
            numeric: re(
                r"(?:^|[\s(،,:])(?P<date>(?P<a>\d{1,4})(?:/(?P<b>\d{1,2})/|-(?P<b2>\d{1,2})-|\.(?P<b3>\d{1,2})\.)(?P<c>\d{1,4}))(?:$|[^\d/.\-]|[.](?:\s|$))"
                    .to_string(),
            ),
            month_phrase_after: re(format!(
                r"^\s*(?:[,،(]\s*)?(?:(?:اي|i\.e\.)\s+)?(?:(?:في|خلال)\s+)?(?P<p>الشهر\s+(?P<rel>{rel})|(?P<erel>(?i:next|last|this))\s+month)\b"
            )),
            month_phrase_before: re(format!(
                r"(?:^|\s)(?P<p>الشهر\s+(?P<rel>{rel})|(?P<erel>(?i:next|last|this))\s+month)\s*(?:[,،(]\s*)?(?:(?:في|on)\s+)?$"
            )),
            weekday_before: re(format!(
                r"(?:^|[\s(،,])(?:(?P<wrel>(?i:this|next|last))\s+)?(?:[وف]?(?:يوم|on)\s+)?(?P<wd>{wd})\.?(?:\s+(?:{rel}))?\s*(?P<join>[,،(\-]\s*)?(?:(?:الموافق|المصادف|في|the)\s+)?$"
            )),
            weekday_parts: weekday_parts(w),
            weekday_link: re(format!(
                r"^[^\n]*?(?:(?:[,،]\s*|\s)(?:{})\s+(?:(?:(?:يوم|a|an|on)\s+)?(?P<wd>{wd})|يوم\s+(?P<wdi>{}))\b|,\s+an?\s+(?P<wda>{wd})(?:[,.;)]|$))",
                w.weekday_links.pattern, w.indefinite_weekdays.pattern
            )),
            // A match starts with a name or one proclitic letter before it;
            // a clitic, then a name of k words: 2k - 1 runs, one more for
            // the clitic.
            hijri_month: hijri.rest.as_ref().map(|rest| {
                GuardedRegex::new(&format!(r"\b(?:[وفبلك])?(?P<name>{rest})\b"), rest, 1)
                    .expect("Hijri month pattern compiles")
                    .within_runs(2 * w.hijri_months.max_words().max(1))
            }),
            hijri_needs_latin: hijri.rest_needs_latin,
            hijri_arabic: hijri.arabic,
            // Atoms per pattern, each inside one run, with k the most words of
            // a relative word or a year marker (2k - 1 runs): right_day
            // 3 + 2 + 1 + 1 + 4 = 11, right_ordinal 4 + 2, right_cardinal 4,
            // year 1 + 2 + 4 + 1 + 1 + (2k - 1), relative_year 3 + 2 + 1 + 1 +
            // (2k - 1) or 3 + 5, relative_after 1 + (2k - 1),
            // month_phrase_after 7 + 2 + (2k - 1) or 7 + 3.
            right_runs: 11.max(
                8 + 2
                    * (w.relative.max_words())
                        .max(w.hijri_markers.max_words())
                        .max(w.gregorian_markers.max_words())
                        .max(1),
            ),
            anniversary: re(format!(
                r"(?:{})(?:\s+\S+){{0,4}}\s*$",
                w.anniversary.pattern
            )),
            future: re(format!(r"\b(?:{})\b", w.future_markers.pattern)),
            future_finder: re(format!(r"(?:{})", w.future_markers.pattern)),
            anniversary_needles: Needles::new(&w.anniversary),
            future_needles: Needles::new(&w.future_markers),
            joiner: re(format!(r"^(?:{})$", w.joiners.pattern)),
            groups: Groups::default(),
        };
        p.groups = Groups {
            left_day: group(&p.left_day, "day"),
            year: group(&p.year, "year"),
            marker: group(&p.year, "marker"),
            wd: group(&p.weekday_before, "wd"),
            wrel: group(&p.weekday_before, "wrel"),
            join: group(&p.weekday_before, "join"),
        };
        p
    }
}

/// The proclitics of the Hijri pattern, `[وفبلك]`, those of the month
/// table: the Arabic Hijri names are read with the month names.
const HIJRI_PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

/// Largest char boundary of `t` at or after `at`.
fn boundary(t: &str, mut at: usize) -> usize {
    while at < t.len() && !t.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The window of `t` ending at `end`, at most `len` bytes long.
fn before(t: &str, end: usize, len: usize) -> (usize, &str) {
    let start = boundary(t, end.saturating_sub(len));
    (start, &t[start..end])
}

/// English words that may follow "January 5" without making 5 a count.
const AFTER_ENGLISH_DAY: &[&str] = &[
    "and", "to", "at", "in", "on", "through", "until", "till", "when", "after", "before", "the",
    "this", "last", "next", "of", "or", "from", "with", "by", "as", "for", "but", "that", "which",
    "was", "is", "will", "were", "had", "has", "edition", "meeting", "vote",
];

/// A month found in the text, before the date is built around it.
struct MonthHit {
    range: Range<usize>,
    month: u8,
    calendar: Calendar,
    needs_context: bool,
    clitic: bool,
    lowercase: bool,
}

/// Months of the article in text order, dual-system pairs merged.
fn month_hits(
    article: &Article,
    found: &[MonthMention],
    hijri: &[WordMatch],
    lexicon: &Lexicon,
    p: &DatePatterns,
) -> Vec<MonthHit> {
    let t = article.norm.as_str();
    let mut hits: Vec<MonthHit> = Vec::new();
    let mut i = 0;
    while i < found.len() {
        let m = &found[i];
        let mut range = m.norm.clone();
        let mut conflict = false;
        // «آذار/مارس», «يناير (كانون الثاني)», «تموز - يوليو»: one month in two systems.
        if let Some(n) = found.get(i + 1) {
            let gap = &t[m.norm.end..n.norm.start];
            let core = gap.trim();
            let joined = matches!(core, "/" | "-" | "–" | "(")
                || (core.is_empty() && gap == " " && !m.needs_context && !n.needs_context);
            if joined && !n.clitic && (m.systems.disjoint(n.systems) || m.month == n.month) {
                conflict = m.month != n.month;
                range.end = n.norm.end;
                if core == "(" {
                    let rest = &t[range.end..];
                    let trimmed = rest.trim_start();
                    if trimmed.starts_with(')') {
                        range.end += rest.len() - trimmed.len() + 1;
                    }
                }
                i += 1;
            }
        }
        i += 1;
        if conflict {
            // `month-pair` reports it; which month the date means is unknown.
            continue;
        }
        hits.push(MonthHit {
            range,
            month: m.month,
            calendar: Calendar::Gregorian,
            needs_context: m.needs_context,
            clitic: m.clitic,
            lowercase: false,
        });
    }
    for (range, month) in lexicon.months.find_english_any_case(t) {
        // Names the case-sensitive matcher found (kept, merged or dropped as a
        // mismatched pair) are not found again.
        let before = found.partition_point(|f| f.norm.start <= range.start);
        if before > 0 && range.start < found[before - 1].norm.end {
            continue;
        }
        hits.push(MonthHit {
            range,
            month,
            calendar: Calendar::Gregorian,
            needs_context: true,
            clitic: false,
            lowercase: true,
        });
    }
    let words = &lexicon.dates;
    for found in hijri_names(t, p, hijri) {
        let name = &t[found.range.clone()];
        let Some(month) = words.hijri_months.get(name) else {
            continue;
        };
        hits.push(MonthHit {
            range: found.range,
            month,
            calendar: Calendar::Hijri,
            needs_context: words.hijri_context.get(name).is_some(),
            clitic: found.clitic,
            lowercase: false,
        });
    }
    hits.sort_by_key(|h| h.range.start);
    hits
}

/// The Hijri month names of `t` in text order, as the matches of
/// `\b(?:[وفبلك])?(?P<name>HIJRI)\b` (the name's range, and whether a
/// proclitic came before it): the Arabic names the month table found
/// (`arabic`), merged with the others, found by the pattern of those
/// alone, which no text without a Latin letter holds.
fn hijri_names(t: &str, p: &DatePatterns, arabic: &[WordMatch]) -> Vec<WordMatch> {
    let Some(rest) = &p.hijri_month else {
        return arabic.to_vec();
    };
    if p.hijri_needs_latin && !may_hold_latin(t) {
        return arabic.to_vec();
    }
    let mut out = arabic.to_vec();
    for (at, caps) in rest.captures_iter(t) {
        let name = caps.name("name").expect("group present");
        out.push(WordMatch {
            range: at + name.start()..at + name.end(),
            clitic: caps.get(0).map(|w| w.start()) != Some(name.start()),
        });
    }
    // The two never overlap (see `WordClass::split_arabic`).
    out.sort_by_key(|m| m.range.start);
    out
}

/// Whether `t` has an ASCII letter or a letter a case-insensitive ASCII
/// pattern matches («ſ» for s, the Kelvin sign for k; NFKC folds both,
/// but a caller may give text that is not normalized).
fn may_hold_latin(t: &str) -> bool {
    // The two others by their bytes: `str::contains` with a set of
    // characters decodes every character (a tenth of the date model).
    crate::calendar::months::has_ascii_letter(t) || has_folding_letter(t)
}

/// Whether `t` has «ſ» (C5 BF) or the Kelvin sign (E2 84 AA), found by
/// their first bytes in one pass (two `memmem` searches cost twice as
/// much), E2 being rare enough in Arabic text (quotation marks, dashes)
/// to look at each.
fn has_folding_letter(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr2_iter(0xC5, 0xE2, b)
        .any(|i| b[i..].starts_with("ſ".as_bytes()) || b[i..].starts_with("\u{212A}".as_bytes()))
}

/// Whether `t` may hold a numeric date: a match of `numeric` holds a
/// `/`, `-` or `.` between two `\d` characters, and `char::is_numeric`
/// accepts every `\d` one. Most texts have none, and the scan of the
/// whole text with captures cost more than all else `numeric_dates` does.
fn may_hold_numeric_date(t: &str) -> bool {
    memchr::memchr3_iter(b'/', b'-', b'.', t.as_bytes()).any(|i| {
        t[..i].chars().next_back().is_some_and(char::is_numeric)
            && t[i + 1..].chars().next().is_some_and(char::is_numeric)
    })
}

/// True when `at` lies inside quotation marks in its paragraph.
///
/// The marks are counted on bytes rather than characters: in UTF-8, `«`
/// is C2 AB, `»` C2 BB, `“` E2 80 9C and `”` E2 80 9D. Only the bytes
/// `"`, C2 and E2 can start one, and memchr finds those (rare in Arabic
/// text) many bytes at a time, where a loop over every byte of the
/// paragraph was a third of the date flags.
fn quoted(t: &str, at: usize) -> bool {
    let para_start = t[..at].rfind('\n').map_or(0, |i| i + 1);
    let s = &t.as_bytes()[para_start..at];
    let (mut open, mut close, mut open2, mut close2, mut plain) = (0, 0, 0, 0, 0);
    for i in memchr::memchr3_iter(b'"', 0xC2, 0xE2, s) {
        match (s[i], s.get(i + 1), s.get(i + 2)) {
            (b'"', ..) => plain += 1,
            (0xC2, Some(0xAB), _) => open += 1,
            (0xC2, Some(0xBB), _) => close += 1,
            (0xE2, Some(0x80), Some(0x9C)) => open2 += 1,
            (0xE2, Some(0x80), Some(0x9D)) => close2 += 1,
            _ => {}
        }
    }
    open > close || open2 > close2 || plain % 2 == 1
}

/// [`quoted`] as it was written on characters, for comparison.
#[cfg(test)]
fn quoted_by_chars(t: &str, at: usize) -> bool {
    let para_start = t[..at].rfind('\n').map_or(0, |i| i + 1);
    let s = &t[para_start..at];
    let count = |c: char| s.chars().filter(|&x| x == c).count();
    count('«') > count('»') || count('“') > count('”') || count('"') % 2 == 1
}

/// Byte offset where the sentence holding `at` starts.
///
/// Read backwards on bytes ([`crate::calendar::ends_sentence`]); a `.`
/// ends a sentence only before a space or newline inside the window. The
/// bytes that may end one are found by memchr, many at a time: `!` and `?`
/// always do, `\n`, `.` and `؟`'s 9F are weighed.
fn sentence_start(t: &str, at: usize) -> usize {
    let (start, window) = before(t, at, 400);
    let w = window.as_bytes();
    let sure = memchr::memrchr2(b'!', b'?', w);
    let weighed = memchr::memrchr3_iter(b'.', b'\n', 0x9F, w)
        .take_while(|&i| sure.is_none_or(|s| i > s))
        .find(|&i| crate::calendar::ends_sentence(w, i));
    weighed.or(sure).map_or(start, |i| start + i + 1)
}

/// [`sentence_start`] as it was written on characters, for comparison.
#[cfg(test)]
fn sentence_start_by_chars(t: &str, at: usize) -> usize {
    let (start, window) = before(t, at, 400);
    window
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '!' | '?' | '؟' | '\n')
                || (c == '.' && window[i + 1..].starts_with([' ', '\n']))
        })
        .map_or(start, |(i, c)| start + i + c.len_utf8())
}

/// Extracts every date of an article.
pub fn extract(article: &Article, lexicon: &Lexicon) -> Vec<DateMention> {
    let t = article.norm.as_str();
    let (months, hijri) = lexicon.months.find_with_others(article);
    extract_with(article, lexicon, &months, &hijri, &lexicon.numbers.find(t))
}

/// [`extract`] with the article's month names (Gregorian, and the Arabic
/// Hijri names read with them) and numbers already found (by
/// `lexicon.months.find_with_others` and `lexicon.numbers.find` on its
/// normalized text): claims extraction finds them once and shares them.
/// Days and years in words are numbers, so `nums` gives them.
pub fn extract_with(
    article: &Article,
    lexicon: &Lexicon,
    months: &[MonthMention],
    hijri: &[WordMatch],
    nums: &[NumberMatch],
) -> Vec<DateMention> {
    let p = &lexicon.date_patterns;
    let w = &lexicon.dates;
    let t = article.norm.as_str();
    let span = |r: Range<usize>| article.norm.source_span(r);
    let mut out: Vec<DateMention> = Vec::new();
    for hit in month_hits(article, months, hijri, lexicon, p) {
        let mut start = hit.range.start;
        let mut end = hit.range.end;
        let mut day: Option<(u8, Range<usize>)> = None;
        let (wstart, left) = before(t, hit.range.start, 120);
        let english_hit = t[hit.range.clone()].is_ascii();
        // A day before the month: «5 يناير», «السادس من يناير», "22 of Jan".
        if !hit.clitic {
            if let Some(d) = left_day(p, left) {
                if let Ok(n) = left[d.clone()].parse::<u8>() {
                    let r = wstart + d.start..wstart + d.end;
                    start = r.start;
                    day = Some((n, r));
                }
            } else if let Some((o, of, c)) = last_ending_by(nums, hit.range.start).and_then(|m| {
                let gap = p.ordinal_gap.captures(&t[m.norm.end..hit.range.start])?;
                let c = p.left_ordinal.captures(before(t, m.norm.start, 120).1)?;
                Some((m, gap.name("of").is_some(), c))
            }) {
                let text = t[o.norm.clone()].to_lowercase();
                let first = matches!(text.as_str(), "اول" | "first");
                // «الأسبوع الثاني من يناير» is a week and «الخميس الثالث من نوفمبر»
                // a third Thursday, not a day: the ordinal qualifies the word before.
                let feminine = text.ends_with('ه');
                let qualifies = c.name("prev").is_some_and(|prev| {
                    let prev = prev.as_str();
                    let bare = prev.trim_start_matches(['و', 'ف', 'ب', 'ل']);
                    w.period_nouns.get(bare).is_some()
                        || w.weekdays.get(bare).is_some()
                        || (feminine && bare.starts_with("ال"))
                });
                if (of || first) && !qualifies {
                    if let Some(n) = day_in_words(o, true) {
                        start = o.norm.start;
                        day = Some((n, o.norm.clone()));
                    }
                }
            }
        }
        // A day after the month: "January 5", «مايو الحادي عشر», «يناير 1، 2020».
        let mut left_year: Option<(i32, Range<usize>)> = None;
        if day.is_none() {
            let right = &t[end..];
            if let Some(c) = p.right_day.captures(reach(right, p.right_runs)) {
                let d = c.name("day").expect("group present");
                let dayx = c.name("dayx").expect("group present");
                let pre = c.name("pre").map_or("", |a| a.as_str());
                let after = c.name("after").map_or("", |a| a.as_str());
                let with_year = after
                    .trim_start_matches([' ', ',', '،'])
                    .starts_with(|ch: char| ch.is_ascii_digit());
                let next_word = after.trim();
                let sentence_end = after.is_empty() || matches!(after, "." | "!" | "?" | "؟");
                let words_year = !english_hit
                    && after.trim_start().starts_with([',', '،'])
                    && words_after(t, nums, p, end + dayx.end()).is_some();
                // "October, 1st" is a date; "In October, 15 people" is not.
                let comma_ok = !pre.contains(',') || dayx.len() > d.len();
                // "Monday, November 14 passed": with a weekday before it, the
                // number after the month is a day whatever follows.
                let weekday_before = || p.weekday_before.is_match(left);
                let ok = comma_ok
                    && if english_hit {
                        with_year
                            || next_word.is_empty()
                            || !next_word.starts_with(|ch: char| ch.is_ascii_lowercase())
                            || AFTER_ENGLISH_DAY.contains(&next_word)
                            || weekday_before()
                    } else {
                        with_year
                            || words_year
                            || sentence_end
                            || right.trim_start().starts_with('-')
                    };
                if ok {
                    if let Ok(n) = d.as_str().parse::<u8>() {
                        let r = end + d.start()..end + d.end();
                        end += dayx.end();
                        day = Some((n, r));
                        // "2019-sep-1": a year written before the month.
                        if pre.contains(['-', '/']) {
                            let (ys, yleft) = before(t, start, 12);
                            if let Some(y) = p.left_year.captures(yleft) {
                                let y = y.name("year").expect("group present");
                                if let Ok(v) = y.as_str().parse() {
                                    left_year = Some((v, ys + y.start()..ys + y.end()));
                                }
                            }
                        }
                    }
                }
            } else if let Some(o) = first_from(nums, end)
                .filter(|m| p.right_ordinal_gap.is_match(&t[end..m.norm.start]))
                .filter(|m| m.ordinal && m.written == Written::Words)
            {
                let text = &t[o.norm.clone()];
                let compound = text.contains(' ') || text.contains('-') || english_hit;
                let c = p
                    .right_ordinal
                    .captures(reach(&t[o.norm.end..], p.right_runs));
                let tail = c.is_some_and(|c| c.name("after").is_some() || c.name("end").is_some());
                if compound || tail {
                    if let Some(n) = day_in_words(o, true) {
                        end = o.norm.end;
                        day = Some((n, o.norm.clone()));
                    }
                }
            } else if english_hit {
                // "May twenty one": a day in words, unless a noun follows it.
                let card = first_from(nums, end)
                    .filter(|m| t[end..m.norm.start].trim().is_empty())
                    .filter(|m| m.language == Some(Language::En))
                    .and_then(|m| Some((m, day_in_words(m, false)?)));
                if let Some((o, n)) = card {
                    if let Some(c) = p
                        .right_cardinal
                        .captures(reach(&t[o.norm.end..], p.right_runs))
                    {
                        let next = c.name("after").map_or("", |a| a.as_str().trim());
                        let count = next.starts_with(|ch: char| ch.is_ascii_lowercase())
                            && !AFTER_ENGLISH_DAY.contains(&next)
                            && words_after(t, nums, p, o.norm.end).is_none();
                        if !count {
                            end = o.norm.end;
                            day = Some((n, o.norm.clone()));
                        }
                    }
                }
            }
        }
        // A year: «2016», «من عام 2016», «1444 هـ», ", 2016", or in words.
        let mut year: Option<(i32, Range<usize>)> = None;
        let mut marker_hijri: Option<bool> = None;
        if let Some((v, r)) = left_year {
            start = r.start;
            year = Some((v, r));
        } else if let Some(c) = p.year.captures(reach(&t[end..], p.right_runs)) {
            let y = c.get(p.groups.year).expect("group present");
            if let Ok(n) = y.as_str().parse::<i32>() {
                let mut r = end + y.start()..end + y.end();
                if let Some(m) = c.get(p.groups.marker) {
                    marker_hijri = Some(w.hijri_markers.get(m.as_str()).is_some());
                    r.end = end + m.end();
                }
                year = Some((n, end + y.start()..end + y.end()));
                end = r.end;
            }
        } else if day.is_some() {
            if let Some((v, r)) = year_in_words(t, nums, p, end) {
                end = r.end;
                year = Some((v, r));
            }
        }
        // Relative words: «15 مارس الماضي», «من العام الماضي», "last March".
        let mut relative: Option<(Relative, Range<usize>)> = None;
        let mut relative_year = false;
        if year.is_none() {
            if let Some(c) = p.relative_year.captures(reach(&t[end..], p.right_runs)) {
                let r = c.name("rel").or(c.name("erel")).expect("one group matched");
                if let Some(rel) = w.relative.get(r.as_str()) {
                    relative = Some((rel, end + r.start()..end + r.end()));
                    relative_year = true;
                    end += c.get(0).expect("whole").end();
                }
            } else if let Some(c) = p.relative_after.captures(reach(&t[end..], p.right_runs)) {
                let r = c.name("rel").expect("group present");
                if let Some(rel) = w.relative.get(r.as_str()) {
                    relative = Some((rel, end + r.start()..end + r.end()));
                    end += r.end();
                }
            } else if let Some(c) = p.relative_before.captures(&t[wstart..start]) {
                let r = c.name("rel").expect("group present");
                if let Some(rel) = w.relative.get(r.as_str()) {
                    relative = Some((rel, wstart + r.start()..wstart + r.end()));
                    start = wstart + r.start();
                }
            }
        }
        // Which months stand alone: a Gregorian month needs a day, a year or a
        // relative word; a Hijri month needs a day, and a year when its name is
        // also an ordinary word.
        let ok = match hit.calendar {
            Calendar::Gregorian => {
                if hit.lowercase {
                    day.is_some()
                } else {
                    day.is_some() || year.is_some() || relative.is_some()
                }
            }
            Calendar::Hijri => day.is_some() && (!hit.needs_context || year.is_some()),
        };
        if !ok || (hit.needs_context && day.is_none() && year.is_none() && relative.is_none()) {
            continue;
        }
        if day.as_ref().is_some_and(|(d, _)| *d > 31) {
            continue;
        }
        // A year marked for the other calendar is not this date's year.
        if let (Some(h), Some(_)) = (marker_hijri, &year) {
            if h != (hit.calendar == Calendar::Hijri) {
                year = None;
                end = year_end_fallback(day.as_ref(), &hit);
            }
        }
        let (weekday, new_start, new_end) = weekday_before(article, p, w, start, end);
        (start, end) = (new_start, new_end);
        let (anniversary, future, quoted) = flags(t, p, start);
        let month_phrase = if day.is_some() && relative.is_none() && year.is_none() {
            let phrase = |c: regex::Captures<'_>, base: usize| {
                let r = c.name("rel").or(c.name("erel"))?;
                let rel = w.relative.get(r.as_str())?;
                let p = c.name("p")?;
                Some((rel, span(base + p.start()..base + p.end())))
            };
            let (bstart, bleft) = before(t, start, 60);
            p.month_phrase_after
                .captures(reach(&t[end..], p.right_runs))
                .and_then(|c| phrase(c, end))
                .or_else(|| {
                    p.month_phrase_before
                        .captures(bleft)
                        .and_then(|c| phrase(c, bstart))
                })
        } else {
            None
        };
        out.push(DateMention {
            span: span(start..end),
            norm: start..end,
            calendar: hit.calendar,
            day: day.as_ref().map(|(d, _)| *d),
            day_span: day.as_ref().map(|(_, r)| span(r.clone())),
            month: hit.month,
            month_span: span(hit.range.clone()),
            year: year.as_ref().map(|(y, _)| *y),
            year_span: year.as_ref().map(|(_, r)| span(r.clone())),
            weekday,
            relative: relative.as_ref().map(|(rel, r)| (*rel, span(r.clone()))),
            year_source: if year.is_some() {
                YearSource::Explicit
            } else if relative_year {
                YearSource::RelativeYear
            } else {
                YearSource::Unknown
            },
            candidates: Vec::new(),
            quoted,
            anniversary,
            future,
            pair: None,
            month_phrase,
            ambiguous_month: hit.needs_context,
        });
    }
    numeric_dates(article, lexicon, &mut out);
    out.sort_by_key(|d| d.norm.start);
    out.dedup_by(|b, a| b.norm.start < a.norm.end);
    link_weekdays(article, lexicon, &mut out);
    pair_calendars(t, p, &mut out);
    for i in 0..out.len() {
        resolve(&mut out, i, article.published);
    }
    out
}

/// Where the `day` group of `p.left_day` matches in `left`, if the
/// pattern matches.
///
/// The pattern ends with `$`, so the regex crate finds the match backwards
/// on its DFA alone; the groups then cost a second, forward search with
/// the backtracker, most of the pattern's cost. They are read off the
/// match instead: nothing before the day in the pattern is a `\d`
/// character, and nothing after it starts with one, so the day is the
/// match's first run of `\d` characters. The run is read as ASCII digits
/// and where a character that may be another `\d` one (`char::is_numeric`
/// accepts them all) begins or ends it, the groups are asked for.
fn left_day(p: &DatePatterns, left: &str) -> Option<Range<usize>> {
    let m = p.left_day.find(left)?;
    let s = m.as_str();
    let digits = s.find(|c: char| c.is_numeric()).and_then(|i| {
        let len = s[i..].bytes().take_while(u8::is_ascii_digit).count();
        let read = len > 0 && !s[i + len..].starts_with(char::is_numeric);
        read.then_some(m.start() + i..m.start() + i + len)
    });
    digits.or_else(|| {
        let c = p.left_day.captures(left).expect("the pattern matched");
        Some(c.get(p.groups.left_day).expect("group present").range())
    })
}

/// [`left_day`] as the groups give it, for comparison.
#[cfg(test)]
fn left_day_by_groups(p: &DatePatterns, left: &str) -> Option<Range<usize>> {
    let c = p.left_day.captures(left)?;
    Some(c.name("day").expect("group present").range())
}

/// The day a number in words gives next to a month, 1 to 31: an ordinal
/// («السادس», "twenty-first") or, when `ordinal` is false, a cardinal.
fn day_in_words(m: &NumberMatch, ordinal: bool) -> Option<u8> {
    let ok = m.written == Written::Words
        && m.ordinal == ordinal
        && !m.percent
        && m.value.fract() == 0.0
        && (1.0..=31.0).contains(&m.value);
    ok.then_some(m.value as u8)
}

/// The index of the number in words that follows byte `at` across a year's
/// opening («، », «من », "of "), if any.
/// The first number starting at or after `at` (numbers are in text order).
fn first_from(nums: &[NumberMatch], at: usize) -> Option<&NumberMatch> {
    nums.get(nums.partition_point(|m| m.norm.start < at))
}

/// The last number that ends at or before `at`.
fn last_ending_by(nums: &[NumberMatch], at: usize) -> Option<&NumberMatch> {
    let i = nums.partition_point(|m| m.norm.end <= at);
    i.checked_sub(1).map(|i| &nums[i])
}

fn words_after(t: &str, nums: &[NumberMatch], p: &DatePatterns, at: usize) -> Option<usize> {
    // Numbers are in text order: a binary search keeps a long paragraph
    // full of dates linear rather than quadratic.
    let i = nums.partition_point(|m| m.norm.start < at);
    nums.get(i)?;
    let m = &nums[i];
    (m.written == Written::Words && !m.ordinal && p.year_words_gap.is_match(&t[at..m.norm.start]))
        .then_some(i)
}

/// A year written in words after byte `at` («ألف وتسعمائة وثمانية وسبعون»,
/// "two thousand and eighteen", "nineteen seventy eight"), if plausible.
fn year_in_words(
    t: &str,
    nums: &[NumberMatch],
    p: &DatePatterns,
    at: usize,
) -> Option<(i32, Range<usize>)> {
    let i = words_after(t, nums, p, at)?;
    let m = &nums[i];
    let whole = |v: f64| (v.fract() == 0.0).then_some(v as i32);
    let mut value = whole(m.value)?;
    let mut range = m.norm.clone();
    // English writes a year as a century and a year of it.
    if m.language == Some(Language::En) && (10..100).contains(&value) {
        // "nineteen seventy eight", "nineteen zero one": the rest adds up.
        let mut year = None;
        for n in &nums[i + 1..] {
            let joined = n.written == Written::Words
                && !n.ordinal
                && n.language == Some(Language::En)
                && p.century_gap.is_match(&t[range.end..n.norm.start]);
            match whole(n.value).filter(|v| joined && (0..100).contains(v)) {
                Some(v) if year.is_none_or(|y| y == 0) => {
                    year = Some(year.unwrap_or(0) + v);
                    range.end = n.norm.end;
                }
                _ => break,
            }
        }
        value = value * 100 + year?;
    }
    (1000..=2100).contains(&value).then_some((value, range))
}

/// The groups of `p.weekday_before` that [`weekday_before`] reads, when
/// it matches `left`: the weekday, the start of a relative word before it
/// ("next Friday") and whether a joiner opens with «(».
///
/// The pattern ends with `$`: the match is found backwards on the DFA
/// alone, and the groups cost a second search with the backtracker, most
/// of the pattern's cost. They are read off the match instead. After its
/// first character (the match never starts the window, or the groups are
/// asked for), the pattern reads an optional relative word and
/// whitespace, an optional «يوم» or "on" and whitespace, then the weekday,
/// a run with no character of [`ends_weekday_run`], then what
/// `weekday_parts.1` reads. The four ways to start are tried in the
/// pattern's order, each one's weekday being the run where it leaves off;
/// the first the two anchored patterns accept is the one the groups give.
/// A shorter weekday inside the run could only be followed by a word glued
/// to it («الجمعةفي»): where the run ends with such a word, or a relative
/// word may hold «ſ» or the Kelvin sign, the groups are asked for.
fn weekday_groups(p: &DatePatterns, left: &str) -> Option<(Range<usize>, Option<usize>, bool)> {
    let m = p.weekday_before.find(left)?;
    let by_groups = || {
        let c = p
            .weekday_before
            .captures(left)
            .expect("the pattern matched");
        let wd = c.get(p.groups.wd).expect("group present").range();
        let wrel = c.get(p.groups.wrel).map(|x| x.start());
        let paren = (c.get(p.groups.join)).is_some_and(|j| j.as_str().starts_with('('));
        Some((wd, wrel, paren))
    };
    let Some((exact, tail)) = &p.weekday_parts else {
        return by_groups();
    };
    let s = m.as_str();
    let Some(first) = s.chars().next().filter(|_| m.start() > 0) else {
        return by_groups();
    };
    let from = first.len_utf8();
    let spaces = |at: usize| at + s[at..].len() - s[at..].trim_start().len();
    // The relative word: ASCII letters in any case, or a word that may
    // fold onto them.
    let word_end = from
        + s[from..]
            .find(char::is_whitespace)
            .unwrap_or(s.len() - from);
    let word = &s[from..word_end];
    let wrel = if word.is_ascii() {
        ["this", "next", "last"]
            .iter()
            .any(|r| word.eq_ignore_ascii_case(r))
            .then_some(word_end)
            .filter(|&e| e < s.len())
            .map(spaces)
    } else if word.bytes().any(|b| b == 0xC5 || b == 0xE2) {
        return by_groups();
    } else {
        None
    };
    // «يوم», "on", with «و» or «ف» before it, and whitespace.
    let on = |at: usize| {
        let r = &s[at..];
        let r = r
            .strip_prefix('و')
            .or_else(|| r.strip_prefix('ف'))
            .unwrap_or(r);
        let r = r.strip_prefix("يوم").or_else(|| r.strip_prefix("on"))?;
        let e = s.len() - r.len();
        r.starts_with(char::is_whitespace).then(|| spaces(e))
    };
    let starts = [wrel.and_then(on), wrel, on(from), Some(from)];
    for (i, at) in starts.into_iter().enumerate() {
        let Some(at) = at else { continue };
        let end = at + s[at..].find(ends_weekday_run).unwrap_or(s.len() - at);
        let run = &s[at..end];
        let glued = ["الموافق", "المصادف", "في"]
            .iter()
            .any(|w| run.ends_with(w))
            || run.len() >= 3 && run.as_bytes()[run.len() - 3..].eq_ignore_ascii_case(b"the");
        if glued {
            return by_groups();
        }
        if run.is_empty() || !exact.is_match(run) || !tail.is_match(&s[end..]) {
            continue;
        }
        let base = m.start();
        let wrel = (i < 2).then_some(base + from);
        return Some((base + at..base + end, wrel, s[end..].contains('(')));
    }
    by_groups()
}

/// [`weekday_groups`] as the groups give them, for comparison.
#[cfg(test)]
fn weekday_groups_by_captures(
    p: &DatePatterns,
    left: &str,
) -> Option<(Range<usize>, Option<usize>, bool)> {
    let c = p.weekday_before.captures(left)?;
    let wd = c.name("wd").expect("group present").range();
    let wrel = c.name("wrel").map(|x| x.start());
    let paren = (c.name("join")).is_some_and(|j| j.as_str().starts_with('('));
    Some((wd, wrel, paren))
}

/// A weekday written just before a date («يوم الأحد 5 ...», «الجمعة، 3 ...»,
/// "Sunday, Jan. 5"), with the date's new start and end.
fn weekday_before(
    article: &Article,
    p: &DatePatterns,
    w: &DateWords,
    start: usize,
    end: usize,
) -> (Option<WeekdayClaim>, usize, usize) {
    let t = article.norm.as_str();
    let (wdstart, wleft) = before(t, start, 60);
    let Some((d, wrel, paren)) = weekday_groups(p, wleft) else {
        return (None, start, end);
    };
    let Some(wd) = w.weekdays.get(&wleft[d.clone()]) else {
        return (None, start, end);
    };
    let r = wdstart + d.start..wdstart + d.end;
    let new_start = wrel.map_or(r.start, |x| wdstart + x);
    // "Friday (June 15)": the closing parenthesis belongs to the date.
    let new_end = if paren && t[end..].starts_with(')') {
        end + 1
    } else {
        end
    };
    let claim = WeekdayClaim {
        day: wd,
        span: article.norm.source_span(r),
        link: Link::Direct,
    };
    (Some(claim), new_start, new_end)
}

/// Whether the date at `start` is remembered (an anniversary), in a clause
/// about the future, and inside quotation marks.
fn flags(t: &str, p: &DatePatterns, start: usize) -> (bool, bool, bool) {
    let (_, aleft) = before(t, start, 80);
    let anniversary = remembered(p, aleft);
    let sentence = sentence_start(t, start);
    // A future marker speaks for the date only when close before it and
    // not across a relative clause («من المقرر أن يصدر الحكم في القضية التي
    // بدأت في 5 مارس» dates the case, not the verdict).
    // Most clauses hold no marker: the DFA says so without the `\b` search.
    let future = last_future_marker(p, &t[sentence..start]).is_some_and(|m| {
        let gap = &t[sentence + m.end()..start];
        gap.split_whitespace().count() <= 8
            && !gap.split_whitespace().any(|w| {
                matches!(
                    w,
                    "الذي"
                        | "التي"
                        | "الذين"
                        | "اللذين"
                        | "اللتين"
                        | "which"
                        | "that"
                        | "who"
                )
            })
    });
    (anniversary, future, quoted(t, start))
}

/// Whether `p.anniversary` matches `window`, most often said by the
/// needles alone.
fn remembered(p: &DatePatterns, window: &str) -> bool {
    p.anniversary_needles
        .as_ref()
        .is_none_or(|n| n.may_match(window))
        && p.anniversary.is_match(window)
}

/// The last match of `p.future` in `clause`.
fn last_future_marker<'t>(p: &DatePatterns, clause: &'t str) -> Option<regex::Match<'t>> {
    // Most clauses hold no marker, and the `\b` search (off the DFA) costs
    // far more than the DFA saying so: a match of `future` holds a match of
    // `future_finder`, so where the finder finds nothing there is none.
    // Most clauses have no Latin letter either: the plain words say so
    // faster still.
    let may = match &p.future_needles {
        Some(n) if !may_hold_latin_bytes(clause) => n.0.is_match(clause),
        _ => p.future_finder.is_match(clause),
    };
    if !may {
        return None;
    }
    p.future.find_iter(clause).last()
}

/// Dates written in digits with their year: «21/4/2023», «2023-04-21»,
/// "13.5.2015". Day first unless the second number cannot be a month; an
/// English date whose two first numbers could each be the month is left
/// alone (04/05/2023 is April or May). Two-digit years are not read.
fn numeric_dates(article: &Article, lexicon: &Lexicon, out: &mut Vec<DateMention>) {
    let p = &lexicon.date_patterns;
    let w = &lexicon.dates;
    let t = article.norm.as_str();
    let english = article.language == crate::article::Language::En;
    if !may_hold_numeric_date(t) {
        return;
    }
    for c in p.numeric.captures_iter(t) {
        let whole = c.name("date").expect("group present");
        let parts: Vec<(u32, Range<usize>)> = ["a", "b", "b2", "b3", "c"]
            .iter()
            .filter_map(|k| c.name(k))
            .filter_map(|m| Some((m.as_str().parse().ok()?, m.range())))
            .collect();
        let [(a, ra), (b, rb), (cc, rc)] = parts.as_slice() else {
            continue;
        };
        let (year, day, month) = if ra.len() == 4 {
            ((*a, ra), (*cc, rc), (*b, rb))
        } else if rc.len() == 4 {
            if *b > 12 && *a <= 12 {
                ((*cc, rc), (*b, rb), (*a, ra))
            } else if english && *a <= 12 && *b <= 12 && a != b {
                continue;
            } else {
                ((*cc, rc), (*a, ra), (*b, rb))
            }
        } else {
            continue;
        };
        if !(1..=12).contains(&month.0) || day.0 > 31 || !(1000..=2999).contains(&year.0) {
            continue;
        }
        let (start, end) = (whole.start(), whole.end());
        let (weekday, start, end) = weekday_before(article, p, w, start, end);
        let (anniversary, future, quoted) = flags(t, p, start);
        let span = |r: Range<usize>| article.norm.source_span(r);
        out.push(DateMention {
            span: span(start..end),
            norm: start..end,
            calendar: Calendar::Gregorian,
            day: Some(day.0 as u8),
            day_span: Some(span(day.1.clone())),
            month: month.0 as u8,
            month_span: span(month.1.clone()),
            year: Some(year.0 as i32),
            year_span: Some(span(year.1.clone())),
            weekday,
            relative: None,
            year_source: YearSource::Explicit,
            candidates: Vec::new(),
            quoted,
            anniversary,
            future,
            pair: None,
            month_phrase: None,
            ambiguous_month: false,
        });
    }
}

/// Where a mention ends when a year turned out to belong to the other calendar.
fn year_end_fallback(day: Option<&(u8, Range<usize>)>, hit: &MonthHit) -> usize {
    day.map_or(hit.range.end, |(_, r)| r.end.max(hit.range.end))
}

/// Ties a weekday given later («..., وهو يوم الخميس») to the date just before it.
fn link_weekdays(article: &Article, lexicon: &Lexicon, out: &mut [DateMention]) {
    let t = article.norm.as_str();
    let p = &lexicon.date_patterns;
    for i in 0..out.len() {
        if out[i].weekday.is_some() || out[i].day.is_none() {
            continue;
        }
        let from = out[i].norm.end;
        // The same sentence, or the next one.
        let stop = next_sentence_end(t, from, 2);
        let window = &t[from..stop];
        let Some(c) = p.weekday_link.captures(window) else {
            continue;
        };
        let words = &lexicon.dates;
        let (d, day) = match (c.name("wd").or(c.name("wda")), c.name("wdi")) {
            (Some(d), _) => (d, words.weekdays.get(d.as_str())),
            (None, Some(d)) => (d, words.indefinite_weekdays.get(d.as_str())),
            (None, None) => continue,
        };
        let at = from + d.start();
        // Another date in between takes the weekday.
        if out[i + 1..].iter().any(|o| o.norm.start < at) {
            continue;
        }
        if let Some(day) = day {
            out[i].weekday = Some(WeekdayClaim {
                day,
                span: article.norm.source_span(from + d.start()..from + d.end()),
                link: Link::Indirect,
            });
        }
    }
}

/// The end of the `n`th sentence starting at `from`.
fn next_sentence_end(t: &str, from: usize, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in t[from..].char_indices() {
        let end = matches!(c, '!' | '?' | '؟' | '\n')
            || (c == '.' && t[from + i + 1..].starts_with([' ', '\n']));
        if end {
            seen += 1;
            if seen == n {
                return from + i;
            }
        }
    }
    t.len()
}

/// Links a Hijri date and a Gregorian date written as the same day.
fn pair_calendars(t: &str, p: &DatePatterns, out: &mut [DateMention]) {
    for i in 0..out.len().saturating_sub(1) {
        let (a, b) = (&out[i], &out[i + 1]);
        if a.calendar == b.calendar || a.day.is_none() || b.day.is_none() {
            continue;
        }
        let gap = t[a.norm.end..b.norm.start]
            .trim()
            .trim_start_matches([',', '،'])
            .trim();
        let gap = gap.trim_start_matches(['(', '/', '-', '–']).trim();
        let gap = gap.trim_start_matches([',', '،']).trim();
        if gap.is_empty() || p.joiner.is_match(gap) {
            out[i].pair = Some(i + 1);
            out[i + 1].pair = Some(i);
        }
    }
}

/// Fills `year_source` and `candidates` of date `i`.
fn resolve(out: &mut [DateMention], i: usize, published: Option<NaiveDate>) {
    let d = &out[i];
    let Some(day) = d.day else {
        return;
    };
    if d.calendar == Calendar::Hijri {
        let cands = match d.year {
            Some(y) => hijri::to_gregorian(y, d.month, day).into_iter().collect(),
            None => Vec::new(),
        };
        out[i].candidates = cands;
        return;
    }
    let month = u32::from(d.month);
    let at = |y: i32| NaiveDate::from_ymd_opt(y, month, u32::from(day));
    if let Some(y) = d.year {
        out[i].candidates = at(y).into_iter().collect();
        return;
    }
    let Some(p) = published else {
        out[i].year_source = YearSource::Unknown;
        return;
    };
    let py = p.year();
    let years = [py - 1, py, py + 1];
    let occurrences: Vec<NaiveDate> = years.iter().filter_map(|&y| at(y)).collect();
    let same_month = month == p.month();
    let (source, cands): (YearSource, Vec<NaiveDate>) = match d.relative {
        Some((rel, _)) if d.year_source == YearSource::RelativeYear => {
            let y = match rel {
                Relative::Past => py - 1,
                Relative::Current => py,
                Relative::Future => py + 1,
            };
            (YearSource::RelativeYear, at(y).into_iter().collect())
        }
        Some((Relative::Past, _)) => {
            let mut c: Vec<NaiveDate> = occurrences
                .iter()
                .filter(|&&o| o < p)
                .copied()
                .rev()
                .take(1)
                .collect();
            // «مارس الماضي» written in March may mean last year's March.
            if same_month && c.first().is_some_and(|o| o.year() == py) {
                c.extend(at(py - 1));
            }
            (YearSource::Relative, c)
        }
        Some((Relative::Current, _)) => (YearSource::Relative, at(py).into_iter().collect()),
        Some((Relative::Future, _)) => {
            let mut c: Vec<NaiveDate> = occurrences
                .iter()
                .filter(|&&o| o > p)
                .copied()
                .take(1)
                .collect();
            if same_month && c.first().is_some_and(|o| o.year() == py) {
                c.extend(at(py + 1));
            }
            (YearSource::Relative, c)
        }
        None if d.future => (
            YearSource::Tense,
            occurrences
                .iter()
                .filter(|&&o| o >= p)
                .copied()
                .take(1)
                .collect(),
        ),
        None => (
            YearSource::Nearest,
            // News reports the past more than the future, so look further
            // back; a date 4 to 8 months away may be either, and then both
            // readings are kept.
            occurrences
                .iter()
                .filter(|&&o| {
                    let days = (o - p).num_days();
                    (-300..=240).contains(&days)
                })
                .copied()
                .collect(),
        ),
    };
    // 29 February with no year: the last leap day before publication.
    let cands = if cands.is_empty() && source == YearSource::Nearest && month == 2 && day == 29 {
        (py - 4..=py)
            .rev()
            .filter_map(at)
            .find(|o| *o <= p)
            .into_iter()
            .collect()
    } else {
        cands
    };
    out[i].year_source = source;
    out[i].candidates = cands;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::lexicon;

    fn dates(text: &str, published: Option<&str>) -> (Article, Vec<DateMention>) {
        let published = published.map(|p| p.parse().unwrap());
        let a = Article::from_text("t.txt", text.to_string(), published).unwrap();
        let d = extract(&a, lexicon());
        (a, d)
    }

    fn one(text: &str, published: Option<&str>) -> (String, Option<u8>, u8, Option<i32>) {
        let (a, d) = dates(text, published);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        let m = &d[0];
        (a.slice(m.span).to_string(), m.day, m.month, m.year)
    }

    fn ymd(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn days_in_every_style() {
        assert_eq!(
            one("في 5 يناير 2020 قال", None),
            ("5 يناير 2020".into(), Some(5), 1, Some(2020))
        );
        assert_eq!(one("في ٢٥ ديسمبر", None).1, Some(25));
        assert_eq!(
            one("في السادس من يناير/كانون الثاني الماضي", None).1,
            Some(6)
        );
        assert_eq!(one("حتى الحادي والثلاثين من ديسمبر", None).1, Some(31));
        assert_eq!(one("في العاشر من ديسمبر", None).1, Some(10));
        assert_eq!(
            one("On Jan. 28, 2021, he", None),
            ("Jan. 28, 2021".into(), Some(28), 1, Some(2021))
        );
        assert_eq!(one("the fourth of May", None).1, Some(4));
        assert_eq!(one("في 12 يناير من عام 2016", None).3, Some(2016));
        assert_eq!(one("أول يناير", None).1, Some(1));
        assert_eq!(one("i'll go back jan-1", None).1, Some(1));
    }

    #[test]
    fn years_and_days_in_words() {
        assert_eq!(
            one(
                "في سبتمبر الحادي والعشرين من ألف وتسعمائة وثمانية وسبعون",
                None
            )
            .3,
            Some(1978)
        );
        assert_eq!(one("في العاشر من سبتمبر ، ألفين", None).3, Some(2000));
        assert_eq!(
            one("on sunday jan twenty one two thousand and eighteen", None).3,
            Some(2018)
        );
        assert_eq!(
            one("on September the twenty-first nineteen seventy eight", None).3,
            Some(1978)
        );
        assert_eq!(one("I'll go back May twenty one", None).1, Some(21));
        assert_eq!(one("on May 5, nineteen zero one", None).3, Some(1901));
        assert_eq!(one("on May 5, twenty twenty one", None).3, Some(2021));
        assert_eq!(one("في الثاني عشر من مايو", None).1, Some(12));
        let (_, d) = dates("in May two people died", None);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn weekdays_before_the_date() {
        for (text, wd) in [
            ("يوم الأحد 5 يناير 2020", Weekday::Sun),
            ("الجمعة، 3 مارس", Weekday::Fri),
            ("Sunday, January 5, 2020", Weekday::Sun),
            ("on Sunday, Jan. 28", Weekday::Sun),
            ("الاثنين الموافق 6 يناير", Weekday::Mon),
            ("يوم الأحد المقبل، 26 نوفمبر", Weekday::Sun),
            ("الخميس الماضي 17 نوفمبر", Weekday::Thu),
        ] {
            let (_, d) = dates(text, None);
            assert_eq!(
                d[0].weekday.map(|w| (w.day, w.link)),
                Some((wd, Link::Direct)),
                "{text}"
            );
        }
    }

    #[test]
    fn a_weekday_given_later_is_indirect() {
        let (_, d) = dates(
            "وحددت الوزارة الرابع عشر من نوفمبر موعداً للامتحانات، وهو يوم الخميس.",
            None,
        );
        assert_eq!(
            d[0].weekday.map(|w| (w.day, w.link)),
            Some((Weekday::Thu, Link::Indirect))
        );
        // The next sentence, an indefinite weekday, English apposition.
        let (_, d) = dates("حُدد 14 نوفمبر موعداً. وسيكون ذلك يوم خميس.", None);
        assert_eq!(d[0].weekday.map(|w| w.day), Some(Weekday::Thu));
        let (_, d) = dates("On Oct. 7, a Saturday, everything changed.", None);
        assert_eq!(d[0].weekday.map(|w| w.day), Some(Weekday::Sat));
        let (_, d) = dates("On Oct. 7, a Saturday rally was held.", None);
        assert_eq!(d[0].weekday, None);
        // Another date in between takes it.
        let (_, d) = dates("في 14 نوفمبر، ثم 20 نوفمبر، وهو يوم الخميس.", None);
        assert_eq!(d[0].weekday, None);
    }

    #[test]
    fn ordinals_that_qualify_a_noun_are_not_days() {
        let (_, d) = dates("في الأسبوع الثاني من يناير", None);
        assert!(d.is_empty(), "{d:?}");
        let (_, d) = dates("خلال النصف الأول من مارس", None);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn look_alikes_are_not_dates() {
        for text in [
            "في يناير مارس الرئيس ضغوطاً",
            "فاز 3 صفر",
            "قال رجب طيب",
            "in May 5 people died",
        ] {
            let (_, d) = dates(text, None);
            assert!(d.iter().all(|m| m.day.is_none()), "{text}: {d:?}");
        }
    }

    #[test]
    fn years_resolve_from_the_publication_date() {
        let (_, d) = dates("في 15 مارس الماضي", Some("2022-03-02"));
        assert_eq!(d[0].candidates, vec![ymd("2021-03-15")]);
        let (_, d) = dates("في 15 مارس الحالي", Some("2022-03-02"));
        assert_eq!(d[0].candidates, vec![ymd("2022-03-15")]);
        let (_, d) = dates("في 15 مارس المقبل", Some("2022-03-02"));
        assert_eq!(d[0].candidates[0], ymd("2022-03-15"));
        let (_, d) = dates("في 5 مارس من العام الماضي", Some("2022-07-02"));
        assert_eq!(d[0].candidates, vec![ymd("2021-03-05")]);
        let (_, d) = dates("من المقرر أن تعقد في 5 مارس", Some("2022-07-02"));
        assert_eq!(d[0].candidates, vec![ymd("2023-03-05")]);
        let (_, d) = dates("في 5 مارس", Some("2022-07-02"));
        assert_eq!(d[0].candidates, vec![ymd("2022-03-05")]);
        let (_, d) = dates(
            "من المقرر أن يصدر الحكم في القضية التي بدأت في 5 مارس",
            Some("2022-07-02"),
        );
        assert_eq!(d[0].year_source, YearSource::Nearest);
        let (_, d) = dates("في 5 مارس", None);
        assert!(d[0].candidates.is_empty());
        assert_eq!(d[0].year_source, YearSource::Unknown);
    }

    #[test]
    fn hijri_dates_and_their_pairs() {
        let (_, d) = dates("يوم 1 شوال 1444 هـ الموافق 21 أبريل 2023", None);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].calendar, Calendar::Hijri);
        assert_eq!(d[0].candidates, vec![ymd("2023-04-21")]);
        assert_eq!(d[0].pair, Some(1));
        let (_, d) = dates("في 21 أبريل 2023 (1 شوال 1444هـ)", None);
        assert_eq!(d[1].pair, Some(0));
        let (_, d) = dates("الاثنين 1 رمضان 1445هـ، الموافق لـ 11 مارس 2024م", None);
        assert_eq!(d[0].pair, Some(1));
        assert_eq!(d[1].year, Some(2024));
    }

    #[test]
    fn quotes_and_anniversaries_are_marked() {
        let (_, d) = dates("وقال «سنلتقي في 5 مارس المقبل» ثم غادر", None);
        assert!(d[0].quoted);
        let (_, d) = dates("أحيا السكان ذكرى 12 مارس 2011", None);
        assert!(d[0].anniversary);
    }

    #[test]
    fn relative_month_phrases_in_apposition() {
        let (_, d) = dates("تُعقد القمة في 3 مايو، أي الشهر المقبل.", None);
        assert_eq!(d[0].month_phrase.map(|m| m.0), Some(Relative::Future));
        let (_, d) = dates("The summit is next month, on May 3.", None);
        assert_eq!(d[0].month_phrase.map(|m| m.0), Some(Relative::Future));
        let (_, d) = dates("في 3 مايو، وقال إن الشهر المقبل حاسم.", None);
        assert_eq!(d[0].month_phrase, None);
    }

    #[test]
    fn numeric_dates_with_a_year() {
        for (text, dmy) in [
            ("يوم الأحد 23/4/2023 أعلن", (23, 4, 2023)),
            ("في ٢٠٢٣/٠٤/٢٣", (23, 4, 2023)),
            ("on 02/22/2016.", (22, 2, 2016)),
            ("on 13.5.2015?", (13, 5, 2015)),
            ("في 3-7-2017", (3, 7, 2017)),
        ] {
            let (_, d) = dates(text, None);
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(
                (d[0].day.unwrap(), d[0].month, d[0].year.unwrap()),
                dmy,
                "{text}"
            );
        }
        let (_, d) = dates("يوم الأحد 23/4/2023 أعلن", None);
        assert_eq!(d[0].weekday.map(|w| w.day), Some(Weekday::Sun));
        // Not dates: two-digit years, scores, versions, English day/month ambiguity.
        for text in [
            "فاز 2-1",
            "في 4/22",
            "version 1.2.3",
            "on 04/05/2023 we",
            "16/04/21",
            "نسبة 3.5",
        ] {
            let a = Article::from_text("t.txt", text.to_string(), None).unwrap();
            let d = extract(&a, lexicon());
            assert!(d.is_empty(), "{text}: {d:?}");
        }
    }

    #[test]
    fn dual_month_pairs_are_one_date() {
        assert_eq!(one("الأربعاء 12 آذار/مارس", None).1, Some(12));
        let (_, d) = dates("في 6 يناير/كانون الأول", None);
        assert!(d.is_empty(), "a mismatched pair has no month: {d:?}");
        let (_, d) = dates("On 3 March (نيسان) 2020", None);
        assert!(d.is_empty(), "a mismatched pair has no month: {d:?}");
    }

    /// Texts the fast paths are compared on: the corpus, the seeds and traps.
    fn texts() -> Vec<String> {
        let mut texts = crate::testing::corpus_texts();
        texts.extend(
            [
                "في 5 يناير    \n\n  ،  2020   م وكان 3 رمضان 1444 هـ الموافق  لـ 24 مارس",
                "يناير 1، 2020 و مايو الحادي عشر من العام    الماضي، أي الشهر   المقبل",
                "May 5, nineteen zero one; Jan. 28th , 2021 the next month sep-1 2019-sep-1",
                "ورمضان وبرمضان لرمضان_ رمضانية ربيع    الاول 1445هـ Rabi al-Awwal RAMADAN",
                "سيعقد الاجتماع المقرر في 5 مارس، which will be held on May 3 next year",
                "Ramadan 3 of last year, on the 3rd of Shawwal, of next  year; 2020 AD",
                "",
            ]
            .map(String::from),
        );
        texts
    }

    #[test]
    fn patterns_read_the_same_on_their_reach_as_on_the_rest_of_the_text() {
        let p = &lexicon().date_patterns;
        let pats = [
            &p.right_day,
            &p.right_ordinal,
            &p.right_cardinal,
            &p.year,
            &p.relative_year,
            &p.relative_after,
            &p.month_phrase_after,
        ];
        let groups = |c: Option<regex::Captures<'_>>| -> Option<Vec<Option<Range<usize>>>> {
            c.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
        };
        // The Hijri pattern, anchored, and the runs `DatePatterns` bounds it to.
        let hijri = &lexicon().dates.hijri_months;
        let hijri_month = Regex::new(&format!(
            r"^(?:\b(?:[وفبلك])?(?P<name>{})\b)",
            hijri.pattern
        ))
        .unwrap();
        let hijri_runs = 2 * hijri.max_words().max(1);
        let mut found = 0;
        for text in texts() {
            let norm = crate::text::normalize(&text, 0);
            let t = norm.as_str();
            // Every place a word or a run of spaces ends: where a month,
            // a day or a year can end.
            let mut prev = None;
            for (at, c) in t.char_indices().chain([(t.len(), ' ')]) {
                let ws = c.is_whitespace();
                if prev == Some(!ws) || at == t.len() {
                    for re in pats {
                        let whole = groups(re.captures(&t[at..]));
                        found += usize::from(whole.is_some());
                        assert_eq!(groups(re.captures(reach(&t[at..], p.right_runs))), whole);
                    }
                    let whole = groups(hijri_month.captures(&t[at..]));
                    let near = groups(hijri_month.captures(reach(&t[at..], hijri_runs)));
                    assert_eq!(near, whole, "{}", &t[at..]);
                }
                prev = Some(ws);
            }
        }
        assert!(found > 1000, "{found}");
    }

    /// The Hijri names as `month_hits` finds them (the Arabic ones read
    /// with the month names), and as the `\b` regex they replace finds them.
    fn hijri_both_ways(t: &str) -> (Vec<WordMatch>, Vec<WordMatch>) {
        let lex = lexicon();
        // An empty text is no article.
        let Ok(a) = Article::from_text("t.txt", t.to_string(), None) else {
            return (Vec::new(), Vec::new());
        };
        let t = a.norm.as_str();
        let (_, arabic) = lex.months.find_with_others(&a);
        let fast = hijri_names(t, &lex.date_patterns, &arabic);
        let pattern = &lex.dates.hijri_months.pattern;
        let plain = Regex::new(&format!(r"\b(?:[وفبلك])?(?P<name>{pattern})\b")).unwrap();
        let slow = (plain.captures_iter(t))
            .map(|c| {
                let name = c.name("name").unwrap();
                WordMatch {
                    range: name.range(),
                    clitic: c.get(0).unwrap().start() != name.start(),
                }
            })
            .collect();
        (fast, slow)
    }

    #[test]
    fn hijri_months_are_those_of_the_word_boundary_regex() {
        // The Arabic names are read by the month table's lexer, the
        // English ones by their own pattern.
        let p = &lexicon().date_patterns;
        assert!(p.hijri_arabic.iter().any(|n| n == "رمضان"));
        assert!(p.hijri_needs_latin && p.hijri_month.is_some());
        let mut found = 0;
        let mut texts = texts();
        texts.extend(
            [
                "ﬀ Ramadan ſhawwal ſafar \u{212A}", // «ſ» and the Kelvin sign fold onto s and k
                "وRamadan ورمضان برمضانه ذو  القعدة ذي\nالحجة جمادى الأولى جمادى الاولي ربيع الثاني",
                "Dhul-Hijjah dhul-hijjah Sha'ban RABI I Rabi II Rabi III ربيع ثاني محرم المحرم لمحرم",
                "ذو القعدةِ صفر_ 5صفر صفر5 «رجب» (شعبان) شعبان، شوال.",
            ]
            .map(String::from),
        );
        let pieces = [
            "رمضان",
            "ربيع",
            "الاول",
            "الثاني",
            "ثاني",
            "ذو",
            "ذي",
            "القعده",
            "الحجه",
            "جمادي",
            "محرم",
            "المحرم",
            "صفر",
            "و",
            "ب",
            "ل",
            "ف",
            "ك",
            "Ramadan",
            "Rabi",
            "al-Awwal",
            "I",
            "Sha'ban",
            "ſ",
            "s",
            " ",
            "  ",
            "\n",
            ".",
            "-",
            "'",
            "_",
            "5",
            "x",
        ];
        texts.extend(crate::testing::random_texts_of(
            &pieces,
            (0..6000).map(|i| i % 30),
        ));
        for text in &texts {
            let (fast, slow) = hijri_both_ways(text);
            assert_eq!(fast, slow, "{text}");
            found += fast.len();
        }
        assert!(found > 800, "{found}");
    }

    #[test]
    fn only_ascii_letters_and_two_others_match_ascii_letters_in_any_case() {
        // `may_hold_latin` looks for these: no other character matches a
        // case-insensitive ASCII letter.
        let letter = Regex::new("(?i)^[a-z]$").unwrap();
        let others: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(others, ['ſ', '\u{212A}']);
        assert!(
            may_hold_latin("رمضان ſ") && may_hold_latin("\u{212A}") && may_hold_latin("رمضان x")
        );
        assert!(!may_hold_latin("رمضان 5 ـ"));
    }

    #[test]
    fn byte_scans_agree_with_the_character_scans() {
        let mut texts = texts();
        texts.push("«قال “نعم” و\"لا\"» ثم؟ و. ف.\nx! y? «z".to_string());
        for text in texts {
            let norm = crate::text::normalize(&text, 0);
            let t = norm.as_str();
            // Every start of a word, where a date or its weekday starts.
            let starts = (t.char_indices())
                .filter(|&(i, _)| i == 0 || t[..i].ends_with(char::is_whitespace))
                .map(|(i, _)| i);
            for at in starts.chain([t.len()]) {
                assert_eq!(quoted(t, at), quoted_by_chars(t, at), "{at}");
                assert_eq!(
                    sentence_start(t, at),
                    sentence_start_by_chars(t, at),
                    "{at}"
                );
            }
        }
        // Random texts of the marks and their neighbours, read at every
        // character: «…» and “…” whole and their bytes in other characters
        // (« ». — 9C, ٟ D9 9F), sentence ends and windows of 400 bytes.
        let pieces = [
            "«", "»", "“", "”", "\"", ".", "!", "?", "؟", "\n", " ", "x", "ب", "\u{a0}", "…", "ٟ",
            "Ĝ", "✝", "ـ", ". ",
        ];
        let lengths = (0..3000).map(|i| if i % 10 == 0 { 300 } else { i % 40 });
        for t in crate::testing::random_texts_of(&pieces, lengths) {
            for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(quoted(&t, at), quoted_by_chars(&t, at), "{t} {at}");
                assert_eq!(
                    sentence_start(&t, at),
                    sentence_start_by_chars(&t, at),
                    "{t} {at}"
                );
            }
        }
    }

    #[test]
    fn the_future_marker_finder_never_hides_a_marker() {
        let p = &lexicon().date_patterns;
        let mut found = 0;
        for text in texts() {
            let norm = crate::text::normalize(&text, 0);
            let t = norm.as_str();
            for (at, _) in t.char_indices().step_by(7) {
                let clause = &t[sentence_start(t, at)..at];
                let fast = last_future_marker(p, clause).map(|m| m.range());
                assert_eq!(fast, p.future.find_iter(clause).last().map(|m| m.range()));
                found += usize::from(fast.is_some());
            }
        }
        assert!(found > 20, "{found}");
    }

    #[test]
    fn the_needles_never_hide_an_anniversary_or_a_future_marker() {
        let p = &lexicon().date_patterns;
        assert!(p.anniversary_needles.is_some() && p.future_needles.is_some());
        let mut texts = texts();
        let pieces = [
            "ذكرى",
            "الذكرى",
            "بذكرى",
            "ذكر",
            "من",
            "المقرر",
            "المقررة",
            "سوف",
            "سيعقد",
            "ستعقد",
            "Anniversary",
            "anniverſary",
            "WILL",
            "will",
            "is",
            "expected",
            "to",
            "Scheduled",
            "ſcheduled",
            "plans",
            "\u{212A}",
            " ",
            "  ",
            "\n",
            "«",
            "“",
            "5",
            "مارس",
            "x",
            "ـ",
        ];
        texts.extend(crate::testing::random_texts_of(
            &pieces,
            (0..3000).map(|i| i % 25),
        ));
        let (mut remembered_found, mut future_found) = (0, 0);
        for text in texts {
            let norm = crate::text::normalize(&text, 0);
            for t in [text.as_str(), norm.as_str()] {
                for (at, _) in t.char_indices().chain([(t.len(), ' ')]) {
                    let (_, window) = before(t, at, 80);
                    let slow = p.anniversary.is_match(window);
                    assert_eq!(remembered(p, window), slow, "{window}");
                    remembered_found += usize::from(slow);
                    let clause = &t[sentence_start(t, at)..at];
                    let fast = last_future_marker(p, clause).map(|m| m.range());
                    let slow = p.future.find_iter(clause).last().map(|m| m.range());
                    assert_eq!(fast, slow, "{clause}");
                    future_found += usize::from(slow.is_some());
                }
            }
        }
        assert!(
            remembered_found > 1000 && future_found > 1000,
            "{remembered_found} {future_found}"
        );
    }

    #[test]
    fn days_read_off_the_match_are_the_day_group() {
        let p = &lexicon().date_patterns;
        let mut texts = texts();
        // «٣» and «३» are `\d` characters normalization may leave, «½» and
        // «²» numeric ones that are not `\d`.
        let pieces = [
            "5", "12", "123", "٣", "३", "½", "²", "st", "th", ".", "-", "/", " ", "  ", "\n", "من",
            "of", "شهر", "و", "ال", "لل", "(", "«", "،", "x", "ب",
        ];
        texts.extend(crate::testing::random_texts_of(
            &pieces,
            (0..6000).map(|i| i % 12),
        ));
        let mut found = 0;
        for text in texts {
            let norm = crate::text::normalize(&text, 0);
            for t in [text.as_str(), norm.as_str()] {
                for (at, _) in t.char_indices().chain([(t.len(), ' ')]) {
                    let (_, left) = before(t, at, 120);
                    let slow = left_day_by_groups(p, left);
                    assert_eq!(left_day(p, left), slow, "{left:?}");
                    found += usize::from(slow.is_some());
                }
            }
        }
        assert!(found > 3000, "{found}");
    }

    #[test]
    fn weekday_groups_read_off_the_match_are_the_groups() {
        let p = &lexicon().date_patterns;
        assert!(
            p.weekday_parts.is_some(),
            "the date words allow the fast path"
        );
        let mut texts = texts();
        // «ſ» and «\u{212A}» fold onto ASCII letters; «الجمعةفي» and
        // "Sunthe" glue a word to a weekday.
        let pieces = [
            "الجمعة",
            "الأحد",
            "الاحد",
            "Sunday",
            "SUN",
            "ſun",
            "Thurs",
            "Thu",
            "this",
            "Next",
            "laſt",
            "on",
            "يوم",
            "ويوم",
            "فيوم",
            "الماضي",
            "المقبل",
            "next",
            "الموافق",
            "في",
            "the",
            ".",
            ",",
            "،",
            "(",
            "-",
            " ",
            "  ",
            "\n",
            "x",
            "5",
            "5 يناير",
            "\u{212A}",
            " next Friday",
            " LAST on Sunday",
            " this يوم الجمعة",
            " laſt Sun",
        ];
        texts.extend(crate::testing::random_texts_of(
            &pieces,
            (0..6000).map(|i| i % 10),
        ));
        let (mut found, mut wrel, mut paren) = (0, 0, 0);
        for text in texts {
            let norm = crate::text::normalize(&text, 0);
            for t in [text.as_str(), norm.as_str()] {
                for (at, _) in t.char_indices().chain([(t.len(), ' ')]) {
                    let (_, left) = before(t, at, 60);
                    let slow = weekday_groups_by_captures(p, left);
                    assert_eq!(weekday_groups(p, left), slow, "{left:?}");
                    if let Some((_, w, j)) = slow {
                        found += 1;
                        wrel += usize::from(w.is_some());
                        paren += usize::from(j);
                    }
                }
            }
        }
        assert!(
            found > 3000 && wrel > 300 && paren > 100,
            "{found} {wrel} {paren}"
        );
    }

    #[test]
    fn texts_without_a_digit_separator_hold_no_numeric_date() {
        let p = &lexicon().date_patterns;
        let mut texts = texts();
        let pieces = [
            "2023", "4", "٣", "३", "½", "/", "-", ".", " ", "x", "ب", "،",
        ];
        texts.extend(crate::testing::random_texts_of(
            &pieces,
            (0..6000).map(|i| i % 10),
        ));
        let mut found = 0;
        for text in texts {
            let norm = crate::text::normalize(&text, 0);
            for t in [text.as_str(), norm.as_str()] {
                let any = p.numeric.is_match(t);
                assert!(!any || may_hold_numeric_date(t), "{t}");
                found += usize::from(any);
            }
        }
        assert!(found > 50, "{found}");
    }

    #[test]
    fn odd_token_sequences_never_panic() {
        let tokens = [
            "5",
            "31",
            "0",
            "الأحد",
            "يوم",
            "يناير",
            "آذار/مارس",
            "شوال",
            "1444",
            "هـ",
            "الموافق",
            "(",
            ")",
            "،",
            "الماضي",
            "من",
            "عام",
            "2020",
            "Jan.",
            "Friday,",
            "the",
            "first",
            "ألفين",
            "وهو",
            "«",
            ".",
            "\n",
            "٢٥",
            "twenty",
            "-",
        ];
        for a in tokens {
            for b in tokens {
                for c in tokens {
                    let text = format!("x {a} {b}{c} {a}");
                    let (_, d) = dates(&text, Some("2020-03-15"));
                    for m in d {
                        assert!(m.norm.start <= m.norm.end, "{text}");
                    }
                }
            }
        }
    }
}
