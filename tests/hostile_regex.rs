//! Adversarial input for the matchers: they must finish on text built to
//! make a backtracking engine explode. tadqiq only uses the `regex` crate
//! (linear time in the input), so these complete; the time is printed
//! (`cargo test --test hostile_regex -- --nocapture`), never asserted,
//! because CI machines differ.

use std::time::Instant;

use tadqiq::article::Article;
use tadqiq::lexicon::Lexicon;
use tadqiq::{Checker, Options};

fn checker() -> Checker {
    Checker::new(Lexicon::embedded().unwrap(), Options::default())
}

/// Checks `text` as one article; returns the number of findings and prints the time.
fn timed_check(what: &str, text: String) -> usize {
    let bytes = text.len();
    let checker = checker();
    let started = Instant::now();
    let article = Article::from_text("adversarial.txt", text, None).expect("an article");
    let findings = checker.check(std::slice::from_ref(&article));
    println!(
        "{what}: {bytes} bytes, {} findings in {:.2?}",
        findings.len(),
        started.elapsed()
    );
    findings.len()
}

#[test]
fn hundred_thousand_month_names_and_separators() {
    let names = [
        "يناير",
        "كانون الأول",
        "آذار",
        "مارس",
        "أيار",
        "تشرين",
        "January",
        "May",
    ];
    let separators = ["/", " / ", " - ", " (", "/ـ", " ", "//", "\u{200F}/"];
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(names[i % names.len()]);
        text.push_str(separators[(i / names.len()) % separators.len()]);
        if i % 1000 == 999 {
            text.push('\n');
        }
    }
    // Many pairs name two months: findings are expected, and must be bounded.
    let n = timed_check("100,000 month names and separators", text);
    assert!(n > 0);
    // The same names with no separator and no line break at all.
    let run = "يناير".repeat(100_000);
    timed_check("100,000 month names in one word", run);
}

#[test]
fn ten_megabyte_single_line() {
    let mut text = String::with_capacity(10 << 20);
    let words = [
        "الاجتماع ",
        "كانون ",
        "الأول/",
        "يناير ",
        "ـ",
        "\u{064E}",
        "2021 ",
        "(",
        "x",
    ];
    let mut i = 0;
    while text.len() < 10 << 20 {
        text.push_str(words[i % words.len()]);
        i += 7;
    }
    timed_check("10 MB single line", text);
}

/// A long line full of findings: the report must not be quadratic (column
/// numbers were once counted from the line start for every label, which
/// took minutes here; `LineIndex` now keeps checkpoints).
#[test]
fn two_megabyte_line_of_findings_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let line = "في السادس من يناير/كانون الأول ".repeat((2 << 20) / 55);
    std::fs::write(dir.path().join("line.txt"), &line).unwrap();
    let started = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tadqiq"))
        .args(["check", "--format", "json", "--max-line-length", "4M"])
        .arg(dir.path())
        .output()
        .unwrap();
    println!(
        "binary, 2 MB line of month pairs: {:.2?}",
        started.elapsed()
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["summary"]["errors"].as_u64().unwrap() > 10_000);
}
