//! Scale and determinism: the generated corpus, checked end to end.
//!
//! These run the real binaries on a corpus written by `gen-corpus`, so they
//! cover the parallel pipeline, the freeing of article text and the
//! generator's bookkeeping together. No timing is asserted: speed is
//! measured by `scripts/bench.py`, never in CI.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn generate(dir: &Path, articles: usize, seed: u64) {
    let status = Command::new(env!("CARGO_BIN_EXE_gen-corpus"))
        .args([
            "--articles",
            &articles.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .arg("--out")
        .arg(dir)
        .status()
        .expect("gen-corpus runs");
    assert!(status.success());
}

/// Runs `tadqiq check` on `dir` with `threads` worker threads; returns stdout.
fn check(dir: &Path, format: &str, threads: usize) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_tadqiq"))
        .args([
            "check", "--color", "never", "--width", "100", "--format", format,
        ])
        .arg(dir)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("tadqiq runs");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// One planted conflict: rule, file, byte range.
type Plant = (String, String, u64, u64);

#[test]
fn a_thousand_articles_give_exactly_the_planted_findings() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 1000, 1);
    let planted: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("planted.json")).unwrap()).unwrap();
    let plants: Vec<Plant> = planted["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap().to_string(),
                c["file"].as_str().unwrap().to_string(),
                c["start"].as_u64().unwrap(),
                c["end"].as_u64().unwrap(),
            )
        })
        .collect();
    // Every kind of conflict the generator knows is planted at this size.
    let codes: BTreeSet<&str> = plants.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        codes,
        BTreeSet::from([
            "count-conflict",
            "date-conflict",
            "month-pair",
            "title-conflict",
            "weekday"
        ])
    );

    let report: serde_json::Value = serde_json::from_slice(&check(dir.path(), "json", 2)).unwrap();
    assert_eq!(report["summary"]["files"], 1000);
    let prefix = format!("{}/", dir.path().display()).replace('\\', "/");
    // A planted conflict is found by a finding of its rule with a label in
    // its file overlapping its text; every finding must find one.
    let mut found = BTreeSet::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        let mut hit = false;
        for l in d["labels"].as_array().unwrap() {
            let path = l["path"].as_str().unwrap().replace('\\', "/");
            let path = path.strip_prefix(&prefix).unwrap_or(&path);
            let (start, end) = (l["start"].as_u64().unwrap(), l["end"].as_u64().unwrap());
            for (i, p) in plants.iter().enumerate() {
                if p.0 == code && p.1 == path && start < p.3 && p.2 < end {
                    found.insert(i);
                    hit = true;
                }
            }
        }
        assert!(hit, "unexpected finding: {d}");
    }
    let missed: Vec<&Plant> = (plants.iter().enumerate())
        .filter(|(i, _)| !found.contains(i))
        .map(|(_, p)| p)
        .collect();
    assert!(missed.is_empty(), "planted but not found: {missed:?}");
}

#[test]
fn output_is_the_same_bytes_with_one_and_four_threads() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 300, 9);
    // A file that cannot be read, to cover errors interleaved with articles.
    std::fs::write(dir.path().join("s000001/bad.md"), b"\xff\xfe\xfd").unwrap();
    for format in ["human", "json", "sarif"] {
        let one = check(dir.path(), format, 1);
        let four = check(dir.path(), format, 4);
        assert!(!one.is_empty());
        assert!(one == four, "{format} output depends on the thread count");
    }
}

#[test]
fn the_generator_is_deterministic_for_a_seed() {
    let files = |seed: u64| {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), 40, seed);
        let mut all = Vec::new();
        for entry in walk(dir.path()) {
            let rel = entry.strip_prefix(dir.path()).unwrap().to_path_buf();
            all.push((rel, std::fs::read(&entry).unwrap()));
        }
        all.sort();
        all
    };
    let a = files(5);
    assert_eq!(a.len(), 41, "40 articles and planted.json");
    assert!(a == files(5));
    assert!(a != files(6));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
