//! The editor-facing features through the command line: configuration,
//! suppression, baseline and the machine formats.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_tadqiq");

/// An article with one wrong month pair (January named with December).
const WRONG: &str = "---\ntitle: T\noutlet: Wire\npublished: 2022-01-10\nlanguage: ar\n---\nأعلن التحالف في السادس من يناير/كانون الأول الماضي وقف التدريب.\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("tadqiq runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn copy_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("copy")).unwrap();
    std::fs::write(dir.path().join("copy/a.md"), WRONG).unwrap();
    dir
}

#[test]
fn config_is_found_upwards_and_changes_severity_and_files() {
    let dir = copy_dir();
    std::fs::create_dir(dir.path().join("copy/drafts")).unwrap();
    std::fs::write(dir.path().join("copy/drafts/b.md"), WRONG).unwrap();
    let o = run(dir.path(), &["check", "copy", "--format", "json"]);
    assert_eq!(codes(&json(&o)), vec!["month-pair", "month-pair"]);
    std::fs::write(
        dir.path().join("tadqiq.toml"),
        "[rules.severity]\nmonth-pair = \"warning\"\n\n[files]\nexclude = [\"copy/drafts/**\"]\n",
    )
    .unwrap();
    let o = run(
        &dir.path().join("copy"),
        &["check", ".", "--format", "json"],
    );
    let v = json(&o);
    assert_eq!(codes(&v), vec!["month-pair"]);
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert_eq!(o.status.code(), Some(0), "a warning does not fail the run");
    // `tadqiq config` says where each value came from.
    let o = run(dir.path(), &["config", "copy"]);
    let text = stdout(&o);
    assert!(
        text.contains("month-pair = \"warning\"") && text.contains("tadqiq.toml:2"),
        "{text}"
    );
    assert!(
        text.contains("ignore = []") && text.contains("# default"),
        "{text}"
    );
}

#[test]
fn config_errors_name_file_line_and_key() {
    let dir = copy_dir();
    std::fs::write(dir.path().join("other.toml"), "[rules]\nselct = []\n").unwrap();
    let o = run(
        dir.path(),
        &[
            "check",
            "copy",
            "--config",
            "other.toml",
            "--color",
            "never",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("other.toml") && err.contains("line 2") && err.contains("selct"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("tadqiq.toml"),
        "[rules]\nignore = [\"nope\"]\n",
    )
    .unwrap();
    let o = run(dir.path(), &["check", "copy"]);
    let err = stderr(&o);
    assert!(err.contains("unknown rule code `nope`"), "{err}");
}

#[test]
fn ignore_in_config_silences_a_rule() {
    let dir = copy_dir();
    std::fs::write(
        dir.path().join("tadqiq.toml"),
        "[rules]\nignore = [\"month-pair\"]\n",
    )
    .unwrap();
    let o = run(dir.path(), &["check", "copy", "--format", "json"]);
    assert!(codes(&json(&o)).is_empty());
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn suppression_comment_and_front_matter() {
    let dir = copy_dir();
    let suppressed = WRONG.replace(
        "---\nأعلن",
        "---\n<!-- tadqiq-ignore month-pair: quoted verbatim from the statement -->\nأعلن",
    );
    std::fs::write(dir.path().join("copy/a.md"), &suppressed).unwrap();
    std::fs::write(
        dir.path().join("copy/b.md"),
        "<!-- tadqiq-ignore month-pair: stale -->\nنص سليم في يناير.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("copy/c.md"),
        WRONG.replace(
            "language: ar\n",
            "language: ar\ntadqiq: {ignore: [month-pair]}\n",
        ),
    )
    .unwrap();
    let o = run(dir.path(), &["check", "copy", "--format", "json"]);
    let v = json(&o);
    assert_eq!(codes(&v), vec!["unused-suppression"], "{v:#}");
    assert_eq!(v["diagnostics"][0]["severity"], "advice");
    assert_eq!(v["diagnostics"][0]["labels"][0]["path"], "copy/b.md");
}

#[test]
fn baseline_matches_by_text_not_offsets() {
    let dir = copy_dir();
    let o = run(
        dir.path(),
        &["check", "copy", "--write-baseline", "baseline.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("recorded 1 findings"), "{}", stderr(&o));
    // An edit elsewhere moves every offset; the finding stays baselined.
    let moved = WRONG.replace("---\nأعلن", "---\nفقرة جديدة.\n\nأعلن");
    std::fs::write(dir.path().join("copy/a.md"), &moved).unwrap();
    let o = run(
        dir.path(),
        &[
            "check",
            "copy",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    assert!(codes(&json(&o)).is_empty());
    assert_eq!(o.status.code(), Some(0));
    // A second, new occurrence of the same mistake is reported.
    std::fs::write(
        dir.path().join("copy/a.md"),
        format!("{moved}\nثم في يناير/كانون الأول عاد.\n"),
    )
    .unwrap();
    let o = run(
        dir.path(),
        &[
            "check",
            "copy",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(codes(&json(&o)), vec!["month-pair"]);
    // Checked from another folder, the baseline still matches.
    let o = run(
        &dir.path().join("copy"),
        &[
            "check",
            ".",
            "--baseline",
            "../baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(codes(&json(&o)).len(), 1);
}

#[test]
fn github_annotations_quiet_and_statistics() {
    let dir = copy_dir();
    let o = run(dir.path(), &["check", "./copy", "--format", "github"]);
    let text = stdout(&o);
    assert!(
        text.starts_with("::error file=copy/a.md,line=7,col=27,endLine=7,endColumn=32,title=month-pair::«يناير» and «كانون الأول» are written as one month"),
        "{text}"
    );
    assert!(text.contains("%0Ahelp: "), "{text}");
    assert_eq!(text.lines().count(), 1);
    let o = run(dir.path(), &["check", "copy", "--quiet"]);
    assert_eq!(
        stdout(&o),
        "tadqiq: 1 file checked: 1 error, 0 warnings, 0 advice\n"
    );
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(dir.path().join("copy/a.md"), "نص سليم.\n").unwrap();
    let o = run(dir.path(), &["check", "copy", "--quiet"]);
    assert_eq!(stdout(&o), "");
    assert_eq!(o.status.code(), Some(0));
    std::fs::write(dir.path().join("copy/b.md"), WRONG).unwrap();
    std::fs::write(dir.path().join("copy/c.md"), WRONG).unwrap();
    let o = run(dir.path(), &["check", "copy", "--statistics"]);
    assert_eq!(
        stdout(&o),
        "     2  month-pair               error\n     2  findings in 3 files\n"
    );
}

#[test]
fn piped_human_output_has_no_colour_or_progress() {
    let dir = copy_dir();
    for i in 0..60 {
        std::fs::write(dir.path().join(format!("copy/n{i}.md")), "نص سليم.\n").unwrap();
    }
    let o = Command::new(BIN)
        .args(["check", "copy"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\u{1b}'), "colour on a pipe");
    assert!(
        !stderr(&o).contains('\u{1b}') && stderr(&o).is_empty(),
        "{}",
        stderr(&o)
    );
}

#[test]
fn suppression_codes_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["explain", "unused-suppression"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("# unused-suppression (advice)"));
    let o = run(dir.path(), &["explain", "bad-suppression"]);
    assert!(stdout(&o).contains("## Why it matters"));
}

/// Runs `command` under `script`, which gives it a terminal; `None` when
/// util-linux's `script` is not installed.
fn on_a_terminal(dir: &Path, command: &str) -> Option<String> {
    let o = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn colour_and_progress_only_on_a_terminal() {
    let dir = copy_dir();
    let Some(coloured) = on_a_terminal(dir.path(), &format!("{BIN} check copy")) else {
        eprintln!("skipped: no `script` command (util-linux)");
        return;
    };
    assert!(coloured.contains("\u{1b}["), "no colour on a terminal");
    let plain = on_a_terminal(dir.path(), &format!("NO_COLOR=1 {BIN} check copy")).unwrap();
    assert!(!plain.contains("\u{1b}["), "NO_COLOR ignored: {plain}");
    for i in 0..60 {
        std::fs::write(dir.path().join(format!("copy/n{i}.md")), "نص سليم.\n").unwrap();
    }
    // stdout to a file, stderr on the terminal: the bar is drawn there.
    let bar = on_a_terminal(dir.path(), &format!("{BIN} check copy > out.txt")).unwrap();
    assert!(bar.contains("/61"), "no progress bar: {bar:?}");
    let report = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
    assert!(!report.contains("\u{1b}["), "colour in a file");
    let none = on_a_terminal(
        dir.path(),
        &format!("{BIN} check copy --format json > out.json"),
    )
    .unwrap();
    assert!(!none.contains("/61"), "a bar with JSON: {none:?}");
}

/// Two reports of one attack published five days apart: a story only when
/// the window is at least five days.
fn five_days_apart() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("copy")).unwrap();
    std::fs::write(
        dir.path().join("copy/ar.md"),
        "---\noutlet: Arab Wire\npublished: 2025-03-10\n---\nقتل 12 مدنياً في هجوم صاروخي استهدف قاعدة حرير قرب أربيل في 9 آذار/مارس 2025.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("copy/en.md"),
        "---\noutlet: English Wire\npublished: 2025-03-15\n---\nEleven civilians were killed in a rocket attack on Harir air base near Erbil on 9 March 2025.\n",
    )
    .unwrap();
    dir
}

#[test]
fn story_table_changes_grouping_in_check_and_stories() {
    let dir = five_days_apart();
    let o = run(dir.path(), &["stories", "copy"]);
    assert!(
        stdout(&o).starts_with("single articles (2)"),
        "{}",
        stdout(&o)
    );
    let o = run(dir.path(), &["check", "copy", "--format", "json"]);
    assert_eq!(codes(&json(&o)), Vec::<String>::new());

    std::fs::write(
        dir.path().join("tadqiq.toml"),
        "[story]\nwindow-days = 6\nmin-score = 3.5\n",
    )
    .unwrap();
    let o = run(dir.path(), &["stories", "copy"]);
    let text = stdout(&o);
    assert!(
        text.starts_with("story 1 (2 articles)") && text.contains("5 day(s) apart"),
        "{text}"
    );
    // Joined, the two counts of the dead disagree.
    let o = run(dir.path(), &["check", "copy", "--format", "json"]);
    assert_eq!(codes(&json(&o)), vec!["count-conflict"]);
    let o = run(dir.path(), &["config", "copy"]);
    let text = stdout(&o);
    assert!(
        text.contains("window-days = 6") && text.contains("tadqiq.toml:2"),
        "{text}"
    );
    assert!(
        text.contains("min-score = 3.5") && text.contains("tadqiq.toml:3"),
        "{text}"
    );

    // The command line wins over the file, in both commands.
    let o = run(dir.path(), &["stories", "copy", "--window-days", "3"]);
    assert!(
        stdout(&o).starts_with("single articles (2)"),
        "{}",
        stdout(&o)
    );
    let o = run(
        dir.path(),
        &["check", "copy", "--min-score", "4", "--format", "json"],
    );
    assert_eq!(codes(&json(&o)), Vec::<String>::new());
    let o = run(dir.path(), &["config", "copy", "--min-score", "4"]);
    assert!(
        stdout(&o).contains("command line (--min-score)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_story_values_exit_2_naming_file_and_line() {
    let dir = five_days_apart();
    for (table, needle) in [
        ("[story]\nwindow-days = -2\n", "from 0 to 31, not -2"),
        ("[story]\n\nmin-score = \"high\"\n", "string"),
        ("[story]\nwindow = 5\n", "unknown field `window`"),
    ] {
        std::fs::write(dir.path().join("tadqiq.toml"), table).unwrap();
        let line = table.lines().count();
        for command in ["check", "stories", "config"] {
            let o = run(dir.path(), &[command, "copy"]);
            assert_eq!(o.status.code(), Some(2), "{command} {table}");
            let err = stderr(&o);
            assert!(
                err.contains("tadqiq.toml")
                    && err.contains(&format!("line {line}"))
                    && err.contains(needle),
                "{command} {table}: {err}"
            );
        }
    }
    let o = run(dir.path(), &["check", "copy", "--window-days", "32"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("from 0 to 31, not 32"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn paths_with_different_configurations_need_config() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b", "c"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.md"), WRONG).unwrap();
    }
    std::fs::write(
        dir.path().join("a/tadqiq.toml"),
        "[rules.severity]\nmonth-pair = \"warning\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b/tadqiq.toml"), "[rules]\n").unwrap();
    // Two different files: neither is chosen behind the user's back.
    let o = run(dir.path(), &["check", "a", "b"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("a/tadqiq.toml") && err.contains("b/tadqiq.toml") && err.contains("--config"),
        "{err}"
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    // A file for one path and none for the other is no better.
    let o = run(dir.path(), &["stories", "c", "a"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`c` has no tadqiq.toml") && err.contains("a/tadqiq.toml"),
        "{err}"
    );
    // Paths under one configuration share it; --config settles a conflict.
    let o = run(dir.path(), &["check", "a", "a/x.md", "--format", "json"]);
    assert_eq!(json(&o)["diagnostics"][0]["severity"], "warning");
    let o = run(
        dir.path(),
        &[
            "check",
            "a",
            "b",
            "--config",
            "a/tadqiq.toml",
            "--format",
            "json",
        ],
    );
    let v = json(&o);
    assert_eq!(codes(&v), vec!["month-pair", "month-pair"]);
    assert_eq!(v["diagnostics"][1]["severity"], "warning");
    // A path that does not exist is reported as input, not as a conflict.
    let o = run(dir.path(), &["check", "a", "missing", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing"), "{}", stderr(&o));
    assert_eq!(json(&o)["diagnostics"][0]["severity"], "warning");
}
