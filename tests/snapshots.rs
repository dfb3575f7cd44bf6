//! One snapshot per corpus folder (a folder per rule or story), in the
//! human and JSON formats, kept in the top-level `snapshots/` folder: what
//! an editor sees for each fixture, reviewed like code.

mod common;

use common::*;

#[test]
fn every_corpus_folder_has_reviewed_reports() {
    let mut folders: Vec<_> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert!(!folders.is_empty());
    for folder in folders {
        let path = format!("corpus/{folder}");
        let human = tadqiq(&["check", "--color", "never", "--width", "100", &path]);
        let json = tadqiq(&["check", "--format", "json", &path]);
        assert!(
            matches!(human.status.code(), Some(0 | 1)),
            "{folder}: {}",
            stderr(&human)
        );
        snapshot_settings().bind(|| {
            insta::assert_snapshot!(format!("{folder}.human"), stdout(&human));
            insta::assert_snapshot!(format!("{folder}.json"), stdout(&json));
        });
    }
}

/// What an editor and a CI log see besides the reports: the stories with
/// the evidence that joined them, GitHub annotations, counts per rule, and
/// the effective configuration with the origin of each value.
#[test]
fn editor_and_ci_outputs_have_reviewed_snapshots() {
    let cases: [(&str, &[&str]); 4] = [
        ("stories_command", &["stories", "corpus/stories"]),
        (
            "stories.github",
            &["check", "--format", "github", "corpus/stories"],
        ),
        (
            "stories.statistics",
            &["check", "--statistics", "corpus/stories"],
        ),
        (
            "config_with_file",
            &[
                "config",
                "--config",
                "tests/config/tadqiq.toml",
                "corpus/stories",
            ],
        ),
    ];
    for (name, args) in cases {
        let out = tadqiq(args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name}: {}",
            stderr(&out)
        );
        snapshot_settings().bind(|| insta::assert_snapshot!(name, stdout(&out)));
    }
}
