//! The calendar corpus reports exactly what `corpus/calendar/README.md` says.

use std::path::{Path, PathBuf};

use tadqiq::lexicon::Lexicon;
use tadqiq::{Checker, Options};

#[test]
fn calendar_corpus_gives_exactly_the_documented_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/calendar");
    let checker = Checker::new(Lexicon::embedded().unwrap(), Options::default());
    let report = checker.check_paths(&[PathBuf::from(&dir)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut got: Vec<(String, &str, String)> = report
        .findings
        .iter()
        .map(|f| {
            let a = &report.articles[f.primary_article()];
            let name = a.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, f.code, f.severity.to_string())
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, &str, String)> = [
        ("duration-en.md", "duration", "warning"),
        ("duration-wrong.md", "duration", "warning"),
        ("hijri-wrong.md", "hijri", "error"),
        ("impossible-date.md", "impossible-date", "error"),
        ("impossible-date.md", "impossible-date", "error"),
        ("relative-contradiction.md", "relative-date", "warning"),
        ("relative-month.md", "relative-date", "warning"),
        ("relative-stale.md", "relative-date", "warning"),
        ("weekday-en.md", "weekday", "error"),
        ("weekday-indirect.md", "weekday", "warning"),
        ("weekday-wrong.md", "weekday", "error"),
    ]
    .iter()
    .map(|(f, c, s)| (f.to_string(), *c, s.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    // The messages show the resolved dates.
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    for needle in [
        "Tuesday 12 March 2019",
        "Wednesday 14 November 2018",
        "Sunday 9 October 2022",
        "Friday 21 April 2023",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(needle)),
            "{needle}: {messages:?}"
        );
    }
}
