//! Date conformance: tadqiq's date extraction and year resolution against
//! the Recognizers-Text date specifications (Arabic and English), read
//! where they are in `../shared/conformance/` and never copied here.
//!
//! A case counts when its expected text names a month and gives a day,
//! the kind of date news copy writes ("the first Friday of July" names no
//! day and does not count). Cases that the reference
//! implementation itself fails (`NotSupported` naming `dotnet`) are left
//! out. The agreement on the counted cases must stay at or above
//! [`FLOOR`]; every counted case tadqiq disagrees on must be listed, with a
//! reason, in `tests/conformance_dates_differences.toml`, and a listed case
//! that starts agreeing fails the test so the list never goes stale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::Value;
use tadqiq::article::Article;
use tadqiq::calendar::dates::{Calendar, extract};
use tadqiq::lexicon::Lexicon;

/// The agreement tadqiq must keep on cases with a day and a month.
const FLOOR: f64 = 0.90;

const FILES: &[&str] = &[
    "Arabic/DateExtractor.json",
    "Arabic/DateParser.json",
    "English/DateExtractor.json",
    "English/DateParser.json",
];

#[derive(Deserialize)]
struct Differences {
    difference: Vec<Difference>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Difference {
    file: String,
    input: String,
    reason: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/recognizers-text/DateTime")
}

/// Month names and day words, for choosing the counted cases (independent
/// of tadqiq's own lexicon, so a gap there cannot shrink the set).
fn has_day_and_month(text: &str) -> bool {
    let t = text.to_lowercase();
    let months = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ابريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
        "كانون",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ];
    let days = [
        "أول",
        "اول",
        "الثاني",
        "الثانية",
        "الثالث",
        "الرابع",
        "الخامس",
        "السادس",
        "السابع",
        "الثامن",
        "التاسع",
        "العاشر",
        "عشر",
        "العشرين",
        "الثلاثين",
        "الحادي",
        "واحد",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "teen",
        "twent",
        "thirt",
    ];
    let month = months.iter().any(|m| t.contains(m));
    let digit_day = t
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| (1..=2).contains(&n.len()));
    // "the first Friday of July", «أول يوم جمعة من يوليو» name no day of the month.
    let weekdays = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let nth_weekday = t.contains("أول يوم")
        || ["first", "second", "third", "fourth", "fifth", "last"]
            .iter()
            .any(|o| weekdays.iter().any(|w| t.contains(&format!("{o} {w}"))));
    month && !nth_weekday && (digit_day || days.iter().any(|d| t.contains(d)))
}

fn clean(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == '.' || c == '!' || c == '?')
        .to_lowercase()
}

/// What tadqiq finds in one input: (text, candidates) of each dated mention.
fn run(
    lexicon: &Lexicon,
    input: &str,
    reference: Option<NaiveDate>,
) -> Vec<(String, Vec<NaiveDate>)> {
    let Ok(article) = Article::from_text("case.txt", input.to_string(), reference) else {
        return Vec::new();
    };
    extract(&article, lexicon)
        .into_iter()
        .filter(|d| d.day.is_some() && d.calendar == Calendar::Gregorian)
        .map(|d| (clean(article.slice(d.span)), d.candidates))
        .collect()
}

/// Whether tadqiq agrees with one case.
fn agrees(found: &[(String, Vec<NaiveDate>)], case: &Value) -> bool {
    let expected: Vec<&Value> = case["Results"]
        .as_array()
        .map_or(Vec::new(), |r| r.iter().collect());
    let expected_texts: BTreeSet<String> = expected
        .iter()
        .filter_map(|r| r["Text"].as_str())
        .map(clean)
        .collect();
    let found_texts: BTreeSet<String> = found.iter().map(|(t, _)| t.clone()).collect();
    if expected_texts != found_texts {
        return false;
    }
    // Parser cases: the resolved date must be one the reference allows.
    for r in expected {
        let Some(value) = r.get("Value") else {
            continue;
        };
        if case.get("IgnoreResolution").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let text = clean(r["Text"].as_str().unwrap_or_default());
        let Some((_, candidates)) = found.iter().find(|(t, _)| *t == text) else {
            return false;
        };
        // 0001-01-01 is the reference's "no such date" (30 February).
        let allowed: BTreeSet<NaiveDate> = ["FutureResolution", "PastResolution"]
            .iter()
            .filter_map(|k| value[k]["date"].as_str())
            .filter_map(|d| d.parse().ok())
            .filter(|d: &NaiveDate| d.year() > 1)
            .collect();
        let timex = value["Timex"].as_str().unwrap_or_default();
        let ok = if allowed.is_empty() {
            candidates.is_empty()
        } else if timex.starts_with("XXXX") {
            !candidates.is_empty() && candidates.iter().all(|c| allowed.contains(c))
        } else {
            candidates.len() == 1 && allowed.contains(&candidates[0])
                || allowed.is_empty() && candidates.is_empty()
        };
        if !ok {
            return false;
        }
    }
    true
}

#[test]
fn date_conformance() {
    let root = root();
    if !root.exists() {
        println!("skipped: {} is absent", root.display());
        return;
    }
    let lexicon = Lexicon::embedded().expect("embedded rules load");
    let diff_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance_dates_differences.toml");
    let diffs: Differences =
        toml::from_str(&std::fs::read_to_string(&diff_path).expect("differences file"))
            .expect("valid differences file");
    let mut listed: BTreeMap<(String, String), String> = BTreeMap::new();
    for d in diffs.difference {
        assert!(
            !d.reason.trim().is_empty(),
            "{}: a difference needs a reason",
            d.input
        );
        let dup = listed.insert((d.file.clone(), d.input.clone()), d.reason);
        assert!(dup.is_none(), "{} / {} is listed twice", d.file, d.input);
    }
    let mut problems = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let (mut all_counted, mut all_agreed) = (0usize, 0usize);
    for file in FILES {
        let text = std::fs::read_to_string(root.join(file)).expect("readable spec");
        let cases: Vec<Value> =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("valid JSON spec");
        let (mut total, mut agreed, mut counted, mut counted_agreed) = (0, 0, 0, 0);
        for case in &cases {
            let unvalidated = ["NotSupported", "NotSupportedByDesign"].iter().any(|k| {
                case[k]
                    .as_str()
                    .is_some_and(|s| s.to_lowercase().contains("dotnet"))
            });
            if unvalidated {
                continue;
            }
            let input = case["Input"].as_str().unwrap_or_default();
            let reference = case["Context"]["ReferenceDateTime"]
                .as_str()
                .and_then(|s| s.get(..10))
                .and_then(|s| s.parse().ok())
                .or(NaiveDate::from_ymd_opt(2016, 11, 7));
            let found = run(&lexicon, input, reference);
            let ok = agrees(&found, case);
            total += 1;
            agreed += usize::from(ok);
            let day_and_month = case["Results"].as_array().is_some_and(|r| {
                r.iter()
                    .any(|r| r["Text"].as_str().is_some_and(has_day_and_month))
            });
            if !day_and_month {
                continue;
            }
            counted += 1;
            counted_agreed += usize::from(ok);
            let key = (file.to_string(), input.to_string());
            seen.insert(key.clone());
            match (ok, listed.contains_key(&key)) {
                (true, true) => problems.push(format!(
                    "{file}: «{input}» now agrees; remove it from the differences"
                )),
                (false, false) => problems.push(format!(
                    "{file}: «{input}» disagrees and is not listed (found {found:?})"
                )),
                _ => {}
            }
        }
        all_counted += counted;
        all_agreed += counted_agreed;
        let pct = |a: usize, b: usize| {
            if b == 0 {
                100.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        println!(
            "{file}: day+month {counted_agreed}/{counted} ({:.1}%), all cases {agreed}/{total} ({:.1}%)",
            pct(counted_agreed, counted),
            pct(agreed, total)
        );
        let rate = counted_agreed as f64 / counted.max(1) as f64;
        if rate < FLOOR {
            problems.push(format!(
                "{file}: agreement on day+month cases fell to {:.1}% (floor {:.0}%)",
                rate * 100.0,
                FLOOR * 100.0
            ));
        }
    }
    for key in listed.keys() {
        if !seen.contains(key) {
            problems.push(format!(
                "{} / «{}» is listed but is not a counted case",
                key.0, key.1
            ));
        }
    }
    println!("overall day+month: {all_agreed}/{all_counted}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
