//! Property tests of hostile input: the invariants the fuzz targets assert
//! (see FUZZING.md), run on every `cargo test` with a modest number of cases.
//!
//! Inputs are built from fragments that reach the interesting code (month
//! names of every system, pair separators, diacritics, tatweel, invisible
//! characters, presentation forms, Windows line endings, front matter)
//! mixed with arbitrary characters and bytes, so that random cases produce
//! findings and not only "nothing found".

use std::cell::RefCell;

use proptest::prelude::*;
use serde_json::Value;
use tadqiq::lexicon::Lexicon;
use tadqiq::report::human::HumanOptions;
use tadqiq::text::normalize;
use tadqiq::{Checker, Options};

const FRAGMENTS: &[&str] = &[
    "يناير",
    "كانون الأول",
    "كانون الثاني",
    "ديسمبر",
    "آذار",
    "مارس",
    "أيار",
    "مايو",
    "جانفي",
    "تشرين الأول",
    "أكتوبر",
    "January",
    "December",
    "May",
    "/",
    " / ",
    "(",
    ")",
    " ",
    "  ",
    "،",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{00A0}",
    "\u{064E}",
    "\u{0651}",
    "\u{0640}",
    "\u{200F}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{FEFB}",
    "\u{FDF2}",
    "\u{FE8D}",
    "٢٠٢١",
    "7",
    "السادس من ",
    "في ",
    "الماضي",
    "---\n",
    "title: T\n",
    "published: 2021-12-10\n",
    "language: en\n",
    "\u{1F600}",
    "e\u{301}",
];

const MONTHS: &[&str] = &[
    "يناير",
    "كانون الأول",
    "كانون الثاني",
    "ديسمبر",
    "آذار",
    "مارس",
    "أيار",
    "مايو",
    "جانفي",
    "تشرين الأول",
    "أكتوبر",
    "January",
    "December",
    "آب",
    "أغسطس",
    "يـنـاير",
    "كانونُ الأوّل",
];
const SEPARATORS: &[&str] = &[
    "/",
    " / ",
    " - ",
    " (",
    " ",
    "/\r\n",
    "/\u{200F}",
    "\u{0640}/",
];

/// Two month names joined as copy joins them: the input of month-pair.
fn pair() -> impl Strategy<Value = String> {
    (
        prop::sample::select(MONTHS),
        prop::sample::select(SEPARATORS),
        prop::sample::select(MONTHS),
    )
        .prop_map(|(a, sep, b)| {
            let close = if sep == " (" { ")" } else { "" };
            format!("في السادس من {a}{sep}{b}{close} الماضي")
        })
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => pair(),
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Text made of fragments, sometimes behind front matter.
fn article_text() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(fragment(), 0..40)).prop_map(|(front, parts)| {
        let body = parts.concat();
        if front {
            format!("---\ntitle: T\npublished: 2021-12-10\n---\n{body}")
        } else {
            body
        }
    })
}

thread_local! {
    static CHECKER: RefCell<Option<Checker>> = const { RefCell::new(None) };
}

/// Checks a file holding `bytes` twice; asserts both runs render the same
/// bytes in every format (and that the SARIF parses); returns the JSON.
fn check_bytes(bytes: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    CHECKER.with(|c| {
        let mut c = c.borrow_mut();
        let checker =
            c.get_or_insert_with(|| Checker::new(Lexicon::embedded().unwrap(), Options::default()));
        let run = || {
            let report = checker.check_paths(std::slice::from_ref(&path));
            (
                report.render_json(),
                report.render_sarif(),
                report.render_human(HumanOptions::default()),
            )
        };
        let first = run();
        assert!(first == run(), "two runs give the same output");
        serde_json::from_str::<Value>(&first.1).expect("the SARIF report parses");
        first.0
    })
}

/// Every label's text is the file's bytes at start..end, on character
/// boundaries; `decode` turns file bytes back into text.
fn assert_labels_exact(json: &str, bytes: &[u8], decode: impl Fn(&[u8]) -> Option<String>) {
    let report: Value = serde_json::from_str(json).expect("the JSON report parses");
    for d in report["diagnostics"].as_array().unwrap() {
        for l in d["labels"].as_array().unwrap() {
            let start = l["start"].as_u64().unwrap() as usize;
            let end = l["end"].as_u64().unwrap() as usize;
            assert!(
                start <= end && end <= bytes.len(),
                "{start}..{end} in {}",
                bytes.len()
            );
            let text = decode(&bytes[start..end]).expect("a span lies on character boundaries");
            assert_eq!(text, l["text"].as_str().unwrap());
            assert!(decode(&bytes[..start]).is_some() && decode(&bytes[end..]).is_some());
        }
    }
}

fn utf16le(bytes: &[u8]) -> Option<String> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

proptest! {
    #![proptest_config(ProptestConfig {
        // PROPTEST_CASES=5000 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        // Failures found become named regression tests below, not files.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Every character-boundary range of the normalized text maps back to a
    /// range on character boundaries of the original, inside it.
    #[test]
    fn normalization_maps_onto_char_boundaries(text in article_text(), base in 0usize..5) {
        let n = normalize(&text, base);
        let norm = n.as_str();
        let bounds: Vec<usize> = norm.char_indices().map(|(i, _)| i).chain([norm.len()]).collect();
        for (k, &i) in bounds.iter().enumerate() {
            for &j in bounds[k..].iter().take(6) {
                let s = n.source_span(i..j);
                prop_assert!(s.start >= base && s.start <= s.end && s.end <= base + text.len());
                prop_assert!(text.is_char_boundary(s.start - base) && text.is_char_boundary(s.end - base));
                if i < j {
                    prop_assert!(s.start < s.end, "a non-empty range maps to a non-empty span");
                }
            }
        }
    }

    /// A whole check of text never panics, its labels are exact, its JSON
    /// parses, and a second run renders the same bytes in every format.
    #[test]
    fn check_of_text_is_exact_and_deterministic(text in article_text()) {
        let bytes = text.as_bytes();
        let json = check_bytes(bytes, "a.md");
        assert_labels_exact(&json, bytes, |b| std::str::from_utf8(b).ok().map(str::to_string));
    }

    /// The same for the text saved as UTF-16 with a byte order mark: label
    /// offsets are offsets into the UTF-16 file.
    #[test]
    fn check_of_utf16_spans_file_bytes(text in article_text()) {
        let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let json = check_bytes(&bytes, "w.md");
        assert_labels_exact(&json, &bytes, utf16le);
    }

    /// Arbitrary bytes (often not UTF-8 at all) never panic, and either
    /// check cleanly or are reported as unreadable.
    #[test]
    fn check_of_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let json = check_bytes(&bytes, "b.txt");
        let report: Value = serde_json::from_str(&json).unwrap();
        let read = report["summary"]["files"].as_u64().unwrap();
        let errors = report["errors"].as_array().unwrap().len() as u64;
        prop_assert_eq!(read + errors, 1, "the file is either checked or reported");
        if read == 1 {
            assert_labels_exact(&json, &bytes, |b| std::str::from_utf8(b).ok().map(str::to_string));
        }
    }
}

/// Regressions found by the properties above and by fuzzing (FUZZING.md).
mod regressions {
    use super::*;

    /// Found by `normalization_maps_onto_char_boundaries`: a text that folds
    /// to nothing mapped its empty span to offset 0, outside the text.
    #[test]
    fn empty_normalized_text_maps_to_its_base() {
        for text in ["", "\u{200B}", "\u{064E}\u{0640}", "\r"] {
            let n = normalize(text, 7);
            assert_eq!(n.source_span(0..0).start, 7, "{text:?}");
        }
    }

    /// A body of invisible characters behind front matter is checked, not a crash.
    #[test]
    fn body_of_invisible_characters() {
        let json = check_bytes("---\ntitle: T\n---\n\u{200B}\u{FEFF}".as_bytes(), "i.md");
        let report: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            report["summary"]["files"].as_u64().unwrap()
                + report["errors"].as_array().unwrap().len() as u64,
            1
        );
    }

    /// Found while writing tests/hostile.rs, before the fix in text.rs: the
    /// `\r` of a CRLF ending was absorbed into the month name's span.
    #[test]
    fn crlf_after_a_month_name() {
        let text = "في السادس من يناير/كانون الأول\r\nالماضي";
        let json = check_bytes(text.as_bytes(), "c.txt");
        assert!(json.contains("\"text\": \"كانون الأول\""), "{json}");
        assert_labels_exact(&json, text.as_bytes(), |b| {
            std::str::from_utf8(b).ok().map(str::to_string)
        });
    }
}
