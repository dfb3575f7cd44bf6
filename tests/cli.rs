//! The command line, end to end: the corpus report in every format, exit
//! codes, and bad input among good files.

mod common;

use common::*;

#[test]
fn corpus_human_report() {
    let out = tadqiq(&["check", "--color", "never", "--width", "100", "corpus/"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    snapshot_settings().bind(|| insta::assert_snapshot!("corpus_human", stdout(&out)));
}

#[test]
fn corpus_json_report() {
    let out = tadqiq(&["check", "--format", "json", "corpus/"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    snapshot_settings().bind(|| insta::assert_snapshot!("corpus_json", stdout(&out)));
}

#[test]
fn json_labels_are_exact_byte_ranges_of_the_files() {
    let report = json(&tadqiq(&["check", "--format", "json", "corpus/"]));
    assert_eq!(report["version"], 1);
    let mut labels = 0;
    for d in report["diagnostics"].as_array().unwrap() {
        for l in d["labels"].as_array().unwrap() {
            let bytes = std::fs::read(root().join(l["path"].as_str().unwrap())).unwrap();
            let (start, end) = (
                l["start"].as_u64().unwrap() as usize,
                l["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&bytes[start..end], l["text"].as_str().unwrap().as_bytes());
            let before = std::str::from_utf8(&bytes[..start]).unwrap();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(
                (
                    l["line"].as_u64().unwrap() as usize,
                    l["column"].as_u64().unwrap() as usize
                ),
                (line, column)
            );
            labels += 1;
        }
    }
    assert!(labels > 0);
    let s = &report["summary"];
    assert_eq!(
        s["files"].as_u64().unwrap() as usize,
        report["files"].as_array().unwrap().len()
    );
}

#[test]
fn exit_codes() {
    let clean = tadqiq(&["check", "corpus/month-pair/right-pairs.md"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    let clean = tadqiq(&[
        "check",
        "--deny",
        "warnings",
        "corpus/month-pair/right-pairs.md",
    ]);
    assert_eq!(clean.status.code(), Some(0));
    let wrong = tadqiq(&["check", "corpus/month-pair/wrong-pairs.md"]);
    assert_eq!(wrong.status.code(), Some(1));
    let usage = tadqiq(&["check", "--format", "yaml", "corpus/"]);
    assert_eq!(usage.status.code(), Some(2));
    let missing = tadqiq(&["check", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no/such/folder: no such file or folder"),
        "{}",
        stderr(&missing)
    );
    let date = tadqiq(&["check", "--published", "2021-02-30", "corpus/"]);
    assert_eq!(date.status.code(), Some(2));
}

#[test]
fn published_flag_fills_missing_dates_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plain.txt"), "نص بلا بيانات في يناير.").unwrap();
    std::fs::copy(
        root().join("corpus/coalition/04-combat-mission-ends.md"),
        dir.path().join("fm.md"),
    )
    .unwrap();
    let r = json(&tadqiq_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--published",
            "2022-03-02",
            ".",
        ],
    ));
    let files = r["files"].as_array().unwrap();
    assert_eq!(files[0]["published"], "2021-12-29", "front matter wins");
    assert_eq!(files[1]["published"], "2022-03-02");
    assert_eq!(files[1]["language"], "ar");
}

#[test]
fn bad_files_are_reported_and_good_files_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a-good.md"),
        "---\noutlet: Wire\n---\nفي 5 يناير/كانون الأول الماضي.\n",
    )
    .unwrap();
    std::fs::write(d.join("b-invalid.txt"), b"\xd9\x8a\xd9\x86 ok \xff\xfe bad").unwrap();
    std::fs::write(d.join("c-binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(d.join("d-empty.txt"), b"").unwrap();
    std::fs::write(d.join("e-front.md"), "---\ntitle: [unclosed\n---\nنص\n").unwrap();
    std::fs::write(d.join("f-unclosed.md"), "---\ntitle: x\nنص بلا نهاية\n").unwrap();
    std::fs::write(d.join("ignored.html"), "<p>not an article</p>").unwrap();
    for format in ["json", "human", "sarif"] {
        let out = tadqiq_in(d, &["check", "--format", format, "."]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = stderr(&out);
        for (file, problem) in [
            (
                "b-invalid.txt",
                "not valid UTF-8 (first invalid byte at offset 8)",
            ),
            ("c-binary.txt", "binary file"),
            ("d-empty.txt", "the file is empty"),
            ("e-front.md", "broken front matter"),
            ("f-unclosed.md", "never closed"),
        ] {
            let line = err
                .lines()
                .find(|l| l.contains(file))
                .unwrap_or_else(|| panic!("{format}: no message for {file}:\n{err}"));
            assert!(line.contains(problem), "{format}: {line}");
        }
        assert!(!err.contains("panicked"));
    }
    let r = json(&tadqiq_in(d, &["check", "--format", "json", "."]));
    assert_eq!(r["files"].as_array().unwrap().len(), 1);
    assert_eq!(r["errors"].as_array().unwrap().len(), 5);
    assert_eq!(r["diagnostics"][0]["code"], "month-pair");
    assert_eq!(r["diagnostics"][0]["labels"][0]["path"], "./a-good.md");
}

#[test]
fn rules_and_explain() {
    let rules = tadqiq(&["rules"]);
    assert_eq!(rules.status.code(), Some(0));
    assert!(stdout(&rules).contains("month-pair"));
    let explain = tadqiq(&["explain", "month-pair"]);
    assert_eq!(explain.status.code(), Some(0));
    let text = stdout(&explain);
    for section in [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "Wrong:",
        "Right:",
    ] {
        assert!(text.contains(section), "{text}");
    }
    snapshot_settings().bind(|| insta::assert_snapshot!("explain_month_pair", text));
    let unknown = tadqiq(&["explain", "no-such-rule"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("month-pair"));
}

#[test]
fn a_broken_rules_folder_stops_the_run_before_reading_articles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("months.toml"), "context = [\"x\"\n").unwrap();
    let out = tadqiq(&["check", "--rules", dir.path().to_str().unwrap(), "corpus/"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("months.toml") && err.contains("line"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn output_file_is_written_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.md");
    let text = "في 5 يناير/كانون الأول الماضي.\n";
    std::fs::write(&article, text).unwrap();
    let report = dir.path().join("report.json");
    let out = tadqiq_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--output",
            "report.json",
            "a.md",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["summary"]["errors"], 1);
    let out = tadqiq_in(dir.path(), &["check", "--output", "a.md", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refusing to write the report over an input file"));
    assert_eq!(std::fs::read_to_string(&article).unwrap(), text);
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let out = tadqiq(&["check", "--format", "sarif", "corpus/"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The typed model of serde-sarif, generated from the schema, parses it.
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_value(sarif.clone()).expect("typed SARIF");
    assert_eq!(typed.runs.len(), 1);
    // And the schema itself, as the serde-sarif package ships it, validates it.
    let mut schema = sarif_schema();
    // The published schema's pattern for `language` has a stray `]` that
    // JavaScript tolerates and Rust's regex engines reject; repair it in
    // memory so the rest of the schema can be enforced.
    let repaired = repair_language_patterns(&mut schema);
    assert!(repaired > 0);
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        json(&tadqiq(&["check", "--format", "json", "corpus/"]))["diagnostics"]
            .as_array()
            .unwrap()
            .len()
    );
    let pair = results
        .iter()
        .find(|r| r["ruleId"] == "month-pair")
        .unwrap();
    assert!(pair["relatedLocations"].is_array());
}

fn repair_language_patterns(v: &mut serde_json::Value) -> usize {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match v {
        serde_json::Value::String(s) if s == BROKEN => {
            *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
            1
        }
        serde_json::Value::Array(a) => a.iter_mut().map(repair_language_patterns).sum(),
        serde_json::Value::Object(o) => o.values_mut().map(repair_language_patterns).sum(),
        _ => 0,
    }
}

/// The SARIF 2.1.0 schema from the serde-sarif package (a dev-dependency,
/// so cargo has unpacked it into its registry before the tests run).
fn sarif_schema() -> serde_json::Value {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"serde-sarif\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .expect("serde-sarif in Cargo.lock")
        .trim_matches('"')
        .to_string();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo")
        });
    let registries = std::fs::read_dir(cargo_home.join("registry/src")).expect("cargo registry");
    let path = registries
        .filter_map(Result::ok)
        .map(|r| {
            r.path()
                .join(format!("serde-sarif-{version}/src/schema.json"))
        })
        .find(|p| p.exists())
        .expect("serde-sarif ships schema.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn timings_name_every_stage_and_the_cpu_of_the_parallel_pass() {
    let out = tadqiq(&["check", "--format", "json", "--timings", "corpus/"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let seconds = |stage: &str| -> f64 {
        let line = err
            .lines()
            .find(|l| l.split_whitespace().next() == Some(stage))
            .unwrap_or_else(|| panic!("no {stage} line in {err}"));
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    for stage in [
        "discover",
        "load",
        "normalize",
        "extract",
        "article-rules",
        "parallel-pass",
        "group",
        "story-rules",
        "report",
        "total",
    ] {
        assert!(seconds(stage) >= 0.0, "{stage}");
    }
    // The process's CPU time during the pass: measured on unix, and some
    // of it spent (reading and extracting the corpus is not free).
    let cpu = seconds("parallel-cpu");
    if cfg!(unix) {
        assert!(cpu > 0.0, "{err}");
        assert!(!err.contains("not measured"), "{err}");
    }
    assert!(seconds("total") >= seconds("parallel-pass"), "{err}");
}
