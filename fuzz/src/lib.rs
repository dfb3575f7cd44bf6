//! Invariants shared by the fuzz targets: what must hold for every input.
//!
//! The same properties run on every `cargo test` as property tests
//! (`tests/hostile_props.rs` in the main crate); here AFL++ searches for
//! inputs that break them. A broken invariant panics, which AFL++ records
//! as a crash.

use std::path::PathBuf;

use serde_json::Value;
use tadqiq::lexicon::Lexicon;
use tadqiq::report::human::HumanOptions;
use tadqiq::text::normalize;
use tadqiq::{Checker, Options};

/// Every character-boundary range of the normalized text maps back to a
/// non-empty range on character boundaries of `text`, inside it.
pub fn assert_normalization_map(text: &str, base: usize) {
    let n = normalize(text, base);
    let norm = n.as_str();
    let bounds: Vec<usize> = norm
        .char_indices()
        .map(|(i, _)| i)
        .chain([norm.len()])
        .collect();
    for (k, &i) in bounds.iter().enumerate() {
        for &j in bounds[k..].iter().take(4) {
            let s = n.source_span(i..j);
            assert!(s.start >= base && s.start <= s.end && s.end <= base + text.len());
            assert!(text.is_char_boundary(s.start - base) && text.is_char_boundary(s.end - base));
            assert!(
                i == j || s.start < s.end,
                "non-empty range {i}..{j} maps to {s:?}"
            );
        }
    }
}

/// A checker with the embedded rules and a scratch file for inputs.
pub struct Harness {
    checker: Checker,
    path: PathBuf,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// Loads the embedded rules once; inputs go to a per-process file.
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("tadqiq-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Harness {
            checker: Checker::new(
                Lexicon::embedded().expect("embedded rules"),
                Options::default(),
            ),
            path: dir.join("input.md"),
        }
    }

    /// Checks `bytes` as a file, twice: no panic, identical output in every
    /// format, JSON and SARIF parse, every label's text equals the file's
    /// bytes at start..end (decoded as the file is: UTF-8 or UTF-16).
    pub fn check(&self, bytes: &[u8]) {
        std::fs::write(&self.path, bytes).expect("scratch file");
        let run = || {
            let report = self.checker.check_paths(std::slice::from_ref(&self.path));
            (
                report.render_json(),
                report.render_sarif(),
                report.render_human(HumanOptions::default()),
            )
        };
        let first = run();
        assert!(first == run(), "two runs differ");
        serde_json::from_str::<Value>(&first.1).expect("SARIF parses");
        let json: Value = serde_json::from_str(&first.0).expect("JSON parses");
        let decode = |b: &[u8]| -> Option<String> {
            match bytes.get(..2) {
                Some([0xFF, 0xFE]) | Some([0xFE, 0xFF]) => {
                    if b.len() % 2 != 0 {
                        return None;
                    }
                    let be = bytes[0] == 0xFE;
                    let units: Vec<u16> = b
                        .chunks_exact(2)
                        .map(|c| {
                            if be {
                                u16::from_be_bytes([c[0], c[1]])
                            } else {
                                u16::from_le_bytes([c[0], c[1]])
                            }
                        })
                        .collect();
                    String::from_utf16(&units).ok()
                }
                _ => std::str::from_utf8(b).ok().map(str::to_string),
            }
        };
        for d in json["diagnostics"].as_array().expect("diagnostics") {
            for l in d["labels"].as_array().expect("labels") {
                let start = l["start"].as_u64().expect("start") as usize;
                let end = l["end"].as_u64().expect("end") as usize;
                assert!(start <= end && end <= bytes.len(), "{start}..{end}");
                let text = decode(&bytes[start..end]).expect("span on character boundaries");
                assert_eq!(text, l["text"].as_str().expect("text"));
                assert!(decode(&bytes[..start]).is_some(), "start on a boundary");
            }
        }
    }
}

/// The embedded rule data, loaded once per process.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().expect("embedded rules load"))
}

/// Numbers and quantities found in a normalized text: ranges on character
/// boundaries inside it, numbers in text order without overlap, intervals
/// with `low <= high` that contain the number they were read from.
pub fn assert_numbers(text: &str) {
    let lex = lexicon();
    let n = normalize(text, 0);
    let norm = n.as_str();
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= norm.len()
            && norm.is_char_boundary(r.start)
            && norm.is_char_boundary(r.end)
    };
    let numbers = lex.numbers.find(norm);
    for pair in numbers.windows(2) {
        assert!(
            pair[0].norm.end <= pair[1].norm.start,
            "numbers overlap or are out of order"
        );
    }
    for m in &numbers {
        assert!(
            ok(&m.norm),
            "number range {:?} is not on boundaries",
            m.norm
        );
        assert!(
            !m.value.is_nan(),
            "NaN value for {:?}",
            &norm[m.norm.clone()]
        );
    }
    for q in lex.numbers.find_quantities(norm) {
        assert!(
            ok(&q.norm),
            "quantity range {:?} is not on boundaries",
            q.norm
        );
        assert!(q.low <= q.high, "empty interval {} > {}", q.low, q.high);
    }
}

/// Dates found in an article: spans inside the body on character
/// boundaries, day 0-31 (day 0 is read so that `impossible-date` can
/// report it) and month 1-12, every resolved candidate on the written day
/// and month.
pub fn assert_dates(text: &str) {
    use chrono::Datelike;
    let Ok(article) = tadqiq::article::Article::from_text("fuzz.md", text.to_string(), None) else {
        return;
    };
    for d in tadqiq::calendar::dates::extract(&article, lexicon()) {
        let spans = [Some(d.span), Some(d.month_span), d.day_span, d.year_span];
        for s in spans.into_iter().flatten() {
            assert!(s.start <= s.end && s.end <= article.source.len());
            assert!(
                article.source.is_char_boundary(s.start) && article.source.is_char_boundary(s.end)
            );
        }
        assert!((1..=12).contains(&d.month), "month {}", d.month);
        // Day 0 is read on purpose: `impossible-date` reports it.
        if let Some(day) = d.day {
            assert!(day <= 31, "day {day}");
        }
        if d.calendar == tadqiq::calendar::dates::Calendar::Gregorian {
            for c in &d.candidates {
                assert_eq!(c.month(), u32::from(d.month));
                if let Some(day) = d.day {
                    assert_eq!(c.day(), u32::from(day));
                }
            }
        }
    }
}
