//! Hostile input, end to end: the built binary on folders of broken,
//! strange and dangerous files.
//!
//! Every case puts one bad file beside a good article and checks three
//! things: the message names the bad file and says what is wrong, the exit
//! code is 2 (an input could not be read), and the good article was still
//! checked (its month-pair finding is in the JSON report).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// A good article with one known finding (a month pair naming two months).
const GOOD: &str = "---\ntitle: Good\noutlet: Wire\npublished: 2021-12-10\nlanguage: ar\n---\n\
قال المتحدث في السادس من يناير/كانون الأول الماضي إن الاجتماع تأجل.\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn tadqiq(args: &[&std::ffi::OsStr]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tadqiq"))
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// A temp folder holding the good article as `good.md`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), GOOD).unwrap();
    dir
}

/// Runs `check --format json` on `dir` with extra flags; parses the report.
fn check_json(dir: &Path, flags: &[&str]) -> (Run, Value) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    args.push(dir.as_os_str());
    let run = tadqiq(&args);
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON report parses: {e}\n{}", run.stdout));
    (run, json)
}

/// The good article was checked: its finding is in the report.
fn assert_good_checked(json: &Value) {
    let found = json["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["code"] == "month-pair"
            && d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["path"].as_str().unwrap().ends_with("good.md"))
    });
    assert!(found, "good.md was checked:\n{json:#}");
}

/// The report has an input error for a path ending in `name` whose message
/// contains every one of `words`; the run exited 2 and said so on stderr.
fn assert_input_error(run: &Run, json: &Value, name: &str, words: &[&str]) {
    assert_eq!(
        run.code, 2,
        "exit code 2 when an input is unreadable\n{}",
        run.stderr
    );
    let errors = json["errors"].as_array().unwrap();
    let error = errors
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("an error for {name}: {errors:#?}"));
    let message = error["message"].as_str().unwrap();
    for w in words {
        assert!(
            message.contains(w),
            "`{w}` in the message for {name}: {message}"
        );
    }
    assert!(
        run.stderr.contains(name) && run.stderr.contains(message),
        "stderr names {name}: {}",
        run.stderr
    );
    assert_good_checked(json);
}

/// One bad file beside the good one: its error, exit 2, and the good one checked.
fn case(name: &str, bytes: &[u8], flags: &[&str], words: &[&str]) {
    let dir = folder();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let (run, json) = check_json(dir.path(), flags);
    assert_input_error(&run, &json, name, words);
    assert_eq!(json["summary"]["files"], 1, "only good.md was read");
}

#[test]
fn good_folder_alone_exits_1_with_its_finding() {
    let dir = folder();
    let (run, json) = check_json(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_good_checked(&json);
    assert!(json["errors"].as_array().unwrap().is_empty());
}

#[test]
fn invalid_utf8_names_the_offset() {
    // "نص" in Windows-1256 after a valid first line.
    case(
        "legacy.txt",
        b"Title\n\xe4\xd5 \xc7\xe1",
        &[],
        &["not valid UTF-8", "offset 6", "line 2", "0xE4"],
    );
}

#[test]
fn binary_file_is_refused() {
    case(
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        &[],
        &["binary", "NUL byte at offset 8"],
    );
}

#[test]
fn empty_file_is_reported() {
    case("empty.md", b"", &[], &["empty"]);
    case("blank.md", b"  \n\n\t\n", &[], &["no text"]);
}

#[test]
fn huge_line_is_refused_without_loading() {
    // Over the default limit of 1 MiB on one line.
    let line = vec![b'a'; (1 << 20) + 10];
    case(
        "dump.txt",
        &line,
        &[],
        &["line 1 is longer than 1048576 bytes", "--max-line-length"],
    );
    let mut text = b"short\nlines\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', 300));
    case(
        "html.txt",
        &text,
        &["--max-line-length", "256"],
        &["line 3 is longer than 256 bytes"],
    );
}

#[test]
fn oversized_file_is_refused_from_its_metadata() {
    case(
        "big.txt",
        &[b'a'; 2048],
        &["--max-file-size", "1K"],
        &["2048 bytes, over the limit of 1024"],
    );
    // A sparse file over the default 64 MiB: refused before any byte is read.
    let dir = folder();
    let f = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    f.set_len((64 << 20) + 1).unwrap();
    let (run, json) = check_json(dir.path(), &[]);
    assert_input_error(
        &run,
        &json,
        "huge.txt",
        &["67108865 bytes, over the limit of 67108864"],
    );
}

#[test]
fn bad_limit_values_are_usage_errors() {
    let run = tadqiq(&[
        "check".as_ref(),
        "--max-file-size".as_ref(),
        "lots".as_ref(),
        ".".as_ref(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a size"), "{}", run.stderr);
}

/// Front matter built to exhaust memory or stack: a "billion laughs" of
/// YAML aliases (9^9 strings once expanded) and 100,000 nested lists.
#[test]
fn front_matter_bombs_are_refused() {
    let mut bomb = String::from(
        "---\ntitle: T\ntadqiq:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    bomb.push_str("---\nBody text.\n");
    case(
        "laughs.md",
        bomb.as_bytes(),
        &[],
        &["broken front matter", "limit"],
    );
    // Nesting: the YAML parser refuses depth over its recursion limit...
    let deep = format!(
        "---\ntadqiq: {}{}\n---\nBody text.\n",
        "[".repeat(2000),
        "]".repeat(2000)
    );
    case(
        "deep.md",
        deep.as_bytes(),
        &[],
        &["broken front matter", "recursion limit"],
    );
    // ...but slows down sharply before: front matter over 64 KiB is not parsed.
    let huge = format!(
        "---\ntadqiq: {}{}\n---\nBody text.\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    case(
        "huge.md",
        huge.as_bytes(),
        &[],
        &["front matter is 200009 bytes, over the limit of 65536"],
    );
}

#[test]
fn broken_front_matter_is_reported() {
    case(
        "unclosed.md",
        b"---\ntitle: T\n\nBody text here.\n",
        &[],
        &["never closed"],
    );
    case(
        "yaml.md",
        b"---\ntitle: [unclosed\n---\nBody text.\n",
        &[],
        &["broken front matter", "line"],
    );
    case(
        "date.md",
        b"---\npublished: 2021-13-40\n---\nBody text.\n",
        &[],
        &["broken front matter", "published"],
    );
    case(
        "key.md",
        b"---\nauthor: Someone\n---\nBody text.\n",
        &[],
        &["broken front matter", "author"],
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// The labels of findings in the file whose path ends in `name`.
fn labels_in<'a>(json: &'a Value, name: &str) -> Vec<&'a Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["labels"].as_array().unwrap())
        .filter(|l| l["path"].as_str().unwrap().ends_with(name))
        .collect()
}

#[test]
fn utf16_with_bom_is_read_and_spans_are_file_offsets() {
    for big_endian in [false, true] {
        let dir = folder();
        let bytes = utf16(&GOOD.replace('\n', "\r\n"), big_endian);
        std::fs::write(dir.path().join("wide.md"), &bytes).unwrap();
        let (run, json) = check_json(dir.path(), &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(json["summary"]["files"], 2);
        let labels = labels_in(&json, "wide.md");
        assert_eq!(labels.len(), 2, "{json:#}");
        for l in labels {
            let (start, end) = (
                l["start"].as_u64().unwrap() as usize,
                l["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(start % 2, 0, "spans start on a UTF-16 unit");
            let units: Vec<u16> = bytes[start..end]
                .chunks_exact(2)
                .map(|c| {
                    if big_endian {
                        u16::from_be_bytes([c[0], c[1]])
                    } else {
                        u16::from_le_bytes([c[0], c[1]])
                    }
                })
                .collect();
            assert_eq!(
                String::from_utf16(&units).unwrap(),
                l["text"].as_str().unwrap()
            );
        }
    }
}

/// Every label of `name` has `text` equal to the file's bytes at start..end.
fn assert_spans_exact(json: &Value, name: &str, bytes: &[u8], expected_labels: usize) {
    let labels = labels_in(json, name);
    assert_eq!(labels.len(), expected_labels, "{json:#}");
    for l in labels {
        let (start, end) = (
            l["start"].as_u64().unwrap() as usize,
            l["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[start..end], l["text"].as_str().unwrap().as_bytes());
        assert!(!l["text"].as_str().unwrap().contains('\r'));
    }
}

#[test]
fn utf8_bom_and_crlf_keep_spans_exact() {
    let dir = folder();
    let bom = format!("\u{FEFF}{GOOD}").into_bytes();
    let crlf = GOOD.replace('\n', "\r\n").into_bytes();
    // The pair at the very end of a CRLF line: the \r stays out of the span.
    let eol =
        "---\npublished: 2021-12-10\n---\r\nفي السادس من يناير/كانون الأول\r\nالماضي\r\n".as_bytes();
    std::fs::write(dir.path().join("bom.md"), &bom).unwrap();
    std::fs::write(dir.path().join("crlf.md"), &crlf).unwrap();
    std::fs::write(dir.path().join("eol.md"), eol).unwrap();
    let (run, json) = check_json(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(json["summary"]["files"], 4);
    assert_spans_exact(&json, "bom.md", &bom, 2);
    assert_spans_exact(&json, "crlf.md", &crlf, 2);
    assert_spans_exact(&json, "eol.md", eol, 2);
    let bom_md = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("bom.md"))
        .unwrap();
    assert_eq!(bom_md["title"], "Good", "front matter after a BOM is read");
}

#[test]
fn utf16_without_bom_and_utf32_are_named() {
    let no_bom: Vec<u8> = "Plain English words"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    case(
        "nobom.txt",
        &no_bom,
        &[],
        &["UTF-16 without a byte order mark"],
    );
    case(
        "wide32.txt",
        &[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0],
        &[],
        &["UTF-32"],
    );
    case(
        "surrogate.txt",
        &[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0],
        &[],
        &["unpaired surrogate at byte offset 4"],
    );
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn symlink_loops_are_reported_not_followed() {
        let dir = folder();
        std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
        std::os::unix::fs::symlink("self.txt", dir.path().join("self.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere.md", dir.path().join("dangling.md")).unwrap();
        let (run, json) = check_json(dir.path(), &[]);
        assert_input_error(&run, &json, "loop", &["symbolic link loop"]);
        assert_input_error(&run, &json, "self.txt", &["symbolic link loop"]);
        assert_input_error(
            &run,
            &json,
            "dangling.md",
            &["broken symbolic link", "nowhere.md"],
        );
        assert_eq!(
            json["summary"]["files"], 1,
            "good.md read once, not once per loop"
        );
    }

    /// No loop, but 2^40 paths: each level links twice to the next.
    #[test]
    fn symlink_fan_out_is_walked_once_per_folder() {
        let dir = folder();
        let levels = dir.path().join("levels");
        for i in 0..=40 {
            std::fs::create_dir_all(levels.join(format!("d{i}"))).unwrap();
        }
        for i in 0..40 {
            let next = format!("../d{}", i + 1);
            for name in ["x", "y"] {
                std::os::unix::fs::symlink(&next, levels.join(format!("d{i}/{name}"))).unwrap();
            }
        }
        std::fs::write(levels.join("d40/deep.md"), GOOD).unwrap();
        let (run, json) = check_json(dir.path(), &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(
            json["summary"]["files"], 2,
            "good.md and deep.md, once each"
        );
    }

    #[test]
    fn fifo_is_reported_and_never_opened() {
        let dir = folder();
        let fifo = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        // Opening the FIFO would block forever: the run finishing is the test.
        let (run, json) = check_json(dir.path(), &[]);
        assert_input_error(
            &run,
            &json,
            "pipe.txt",
            &["named pipe (FIFO)", "not opened"],
        );
        // Named on the command line, too.
        let run = tadqiq(&[
            "check".as_ref(),
            fifo.as_os_str(),
            dir.path().join("good.md").as_os_str(),
        ]);
        assert_eq!(run.code, 2);
        // The human report may print input errors on either stream.
        let both = format!("{}{}", run.stdout, run.stderr);
        assert!(both.contains("pipe.txt") && both.contains("FIFO"), "{both}");
        assert!(run.stdout.contains("month-pair"), "{}", run.stdout);
    }

    #[test]
    fn socket_is_reported() {
        let dir = folder();
        let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("sock.md")).unwrap();
        let (run, json) = check_json(dir.path(), &[]);
        assert_input_error(&run, &json, "sock.md", &["socket", "not opened"]);
    }

    #[test]
    fn non_utf8_file_name_is_reported_with_escapes() {
        let dir = folder();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(dir.path().join(name), "Some text.").unwrap();
        let (run, json) = check_json(dir.path(), &[]);
        assert_input_error(
            &run,
            &json,
            "caf\u{FFFD}.txt",
            &["not valid UTF-8", "caf\\xE9.txt", "rename"],
        );
    }

    #[test]
    fn unreadable_file_is_reported() {
        // Permissions do not stop root (tests often run as root), so first a
        // file no one can read: /proc/self/mem fails with EIO at offset 0.
        if Path::new("/proc/self/mem").exists() {
            let dir = folder();
            std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("mem.txt")).unwrap();
            let (run, json) = check_json(dir.path(), &[]);
            assert_input_error(&run, &json, "mem.txt", &["cannot read"]);
        }
        use std::os::unix::fs::PermissionsExt;
        let dir = folder();
        let path: PathBuf = dir.path().join("secret.txt");
        std::fs::write(&path, "Some text.").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&path).is_ok() {
            eprintln!("skipped the mode-000 case: this user (root?) can read a mode-000 file");
            return;
        }
        let (run, json) = check_json(dir.path(), &[]);
        assert_input_error(&run, &json, "secret.txt", &["permission denied"]);
    }
}

/// A copy of the embedded rules folder with `months.toml` edited by `edit`.
fn rules_dir(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/months.toml"))
            .unwrap();
    std::fs::write(dir.path().join("months.toml"), edit(text)).unwrap();
    dir
}

/// A broken rules folder stops the run with exit 2 before any article is
/// read: the article path given does not exist, and is never mentioned.
fn assert_rules_error(rules: &Path, words: &[&str]) {
    let run = tadqiq(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
        "no-such-article.md".as_ref(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
    assert!(
        !run.stderr.contains("no-such-article"),
        "no article was looked at: {}",
        run.stderr
    );
    for w in words {
        assert!(run.stderr.contains(w), "`{w}` in: {}", run.stderr);
    }
}

#[test]
fn broken_rules_files_stop_the_run_naming_file_line_and_key() {
    let bad_toml = rules_dir(|t| t.replacen("march = [", "march = [[", 1));
    assert_rules_error(bad_toml.path(), &["months.toml", "line"]);

    let unknown_key =
        rules_dir(|t| t.replacen("id = \"levant\"", "id = \"levant\"\ncolour = \"red\"", 1));
    assert_rules_error(unknown_key.path(), &["months.toml", "line", "colour"]);

    let two_months =
        rules_dir(|t| t.replacen("march = [\"آذار\"]", "march = [\"آذار\", \"شباط\"]", 1));
    assert_rules_error(two_months.path(), &["months.toml", "line", "شباط"]);

    let not_utf8 = tempfile::tempdir().unwrap();
    std::fs::write(
        not_utf8.path().join("months.toml"),
        b"context = [\"\xe4\xd5\"]\n",
    )
    .unwrap();
    assert_rules_error(
        not_utf8.path(),
        &["months.toml", "not valid UTF-8", "offset 12"],
    );

    #[cfg(unix)]
    {
        // A FIFO where a rules file should be: reported, never opened.
        let fifo = tempfile::tempdir().unwrap();
        let path = fifo.path().join("months.toml");
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert_rules_error(fifo.path(), &["months.toml", "FIFO"]);
    }

    let unknown_file = tempfile::tempdir().unwrap();
    std::fs::write(unknown_file.path().join("monthz.toml"), "").unwrap();
    assert_rules_error(unknown_file.path(), &["monthz.toml", "unknown rules file"]);
}
