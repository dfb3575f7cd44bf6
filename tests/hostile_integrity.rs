//! Nothing lost or changed: tadqiq never writes to what it reads.
//!
//! Every file of an input folder (good, broken and odd articles, and a
//! rules folder) is fingerprinted before and after runs with every format
//! and flag; the fingerprints must not change, no file may appear or
//! vanish, and `--output` must write atomically and never over an input.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

const GOOD: &str = "---\ntitle: Good\noutlet: Wire\npublished: 2021-12-10\nlanguage: ar\n---\n\
قال المتحدث في السادس من يناير/كانون الأول الماضي إن الاجتماع تأجل.\n";

/// Contents, permissions and modification time of every file under `root`.
type Fingerprint = BTreeMap<PathBuf, (Vec<u8>, u32, std::time::SystemTime)>;

fn fingerprint(root: &Path) -> Fingerprint {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    for entry in walk(root) {
        let meta = std::fs::symlink_metadata(&entry).unwrap();
        let bytes = if meta.is_file() {
            std::fs::read(&entry).unwrap()
        } else if meta.file_type().is_symlink() {
            std::fs::read_link(&entry)
                .unwrap()
                .into_os_string()
                .into_encoded_bytes()
        } else {
            Vec::new()
        };
        out.insert(
            entry,
            (bytes, meta.permissions().mode(), meta.modified().unwrap()),
        );
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        out.push(e.path());
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        }
    }
    out
}

fn tadqiq(args: &[&OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tadqiq"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// An input folder with good, broken and odd articles, and a rules folder.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("articles")).unwrap();
    std::fs::create_dir(p.join("rules")).unwrap();
    let a = p.join("articles");
    std::fs::write(a.join("good.md"), GOOD).unwrap();
    std::fs::write(a.join("crlf.md"), GOOD.replace('\n', "\r\n")).unwrap();
    std::fs::write(a.join("bom.txt"), format!("\u{FEFF}{GOOD}")).unwrap();
    let wide: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(GOOD.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(a.join("wide.md"), wide).unwrap();
    std::fs::write(a.join("legacy.txt"), b"\xe4\xd5 \xc7\xe1").unwrap();
    std::fs::write(a.join("empty.txt"), b"").unwrap();
    std::fs::write(a.join("broken.md"), "---\ntitle: [\n---\nText.\n").unwrap();
    std::fs::write(a.join("long.txt"), vec![b'x'; 5000]).unwrap();
    std::os::unix::fs::symlink("good.md", a.join("link.md")).unwrap();
    std::os::unix::fs::symlink(".", a.join("loop")).unwrap();
    let months =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/months.toml")).unwrap();
    std::fs::write(p.join("rules/months.toml"), months).unwrap();
    dir
}

#[test]
fn no_run_changes_any_input() {
    let dir = inputs();
    let out_dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    let rules = dir.path().join("rules");
    let before = fingerprint(dir.path());
    let formats = ["human", "json", "sarif"];
    let flag_sets: &[&[&str]] = &[
        &[],
        &["--published", "2021-12-01"],
        &["--deny", "warnings"],
        &["--color", "always", "--width", "40"],
        &["--color", "never"],
        &["--max-file-size", "4K", "--max-line-length", "1K"],
    ];
    let mut runs = 0;
    for format in formats {
        for flags in flag_sets {
            for with_rules in [false, true] {
                for with_output in [false, true] {
                    let report = out_dir.path().join(format!("report-{runs}.out"));
                    let mut args: Vec<&OsStr> =
                        vec!["check".as_ref(), "--format".as_ref(), format.as_ref()];
                    args.extend(flags.iter().map(OsStr::new));
                    if with_rules {
                        args.extend(["--rules".as_ref(), rules.as_os_str()]);
                    }
                    if with_output {
                        args.extend(["--output".as_ref(), report.as_os_str()]);
                    }
                    args.push(articles.as_os_str());
                    let out = tadqiq(&args);
                    assert_eq!(
                        out.status.code(),
                        Some(2),
                        "{args:?}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    if with_output {
                        assert!(report.exists(), "{args:?} wrote its report");
                    }
                    runs += 1;
                }
            }
        }
    }
    for args in [&["rules"][..], &["explain", "month-pair"][..]] {
        let mut args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        if args[0] == "rules" {
            args.extend(["--rules".as_ref(), rules.as_os_str()]);
        }
        assert!(tadqiq(&args).status.success());
        runs += 1;
    }
    let after = fingerprint(dir.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file appeared or vanished"
    );
    for (path, fp) in &before {
        assert!(after[path] == *fp, "{} changed", path.display());
    }
    println!("{runs} runs, {} input entries unchanged", before.len());
}

#[test]
fn output_is_atomic_and_matches_stdout() {
    let dir = inputs();
    let articles = dir.path().join("articles");
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("report.json");
    std::fs::write(&report, "old report").unwrap();
    let old_inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&report).unwrap());
    let stdout = tadqiq(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        articles.as_os_str(),
    ])
    .stdout;
    let out = tadqiq(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--output".as_ref(),
        report.as_os_str(),
        articles.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "the report goes to the file only");
    assert_eq!(
        std::fs::read(&report).unwrap(),
        stdout,
        "same report as on stdout"
    );
    // Replaced by a rename, not rewritten in place: a reader of the old
    // file never sees half a report.
    let new_inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&report).unwrap());
    assert_ne!(
        old_inode, new_inode,
        "written through a new file and a rename"
    );
    let names: Vec<_> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![OsStr::new("report.json")],
        "no temporary file left behind"
    );

    // A folder that does not exist: an error, and nothing written anywhere.
    let missing = out_dir.path().join("no/such/folder/report.json");
    let out = tadqiq(&[
        "check".as_ref(),
        "--output".as_ref(),
        missing.as_os_str(),
        articles.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the report"));
    assert!(!out_dir.path().join("no").exists());
}

#[test]
fn output_never_overwrites_an_input() {
    let dir = inputs();
    let articles = dir.path().join("articles");
    let before = fingerprint(dir.path());
    let targets = [
        articles.join("good.md"),
        // Through a symbolic link to an input.
        articles.join("link.md"),
        // An input that could not be read is still an input.
        articles.join("legacy.txt"),
        // A rules file is an input too.
        dir.path().join("rules/months.toml"),
    ];
    for target in &targets {
        let out = tadqiq(&[
            "check".as_ref(),
            "--rules".as_ref(),
            dir.path().join("rules").as_os_str(),
            "--output".as_ref(),
            target.as_os_str(),
            articles.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", target.display());
        assert!(stderr.contains("refusing to write"), "{stderr}");
    }
    assert!(fingerprint(dir.path()) == before, "no input changed");
}

/// `--output` through a symbolic link replaces the file behind it and keeps
/// the link; `--output` to a FIFO (or a device such as /dev/stdout) writes
/// into it instead of replacing it with a plain file.
#[test]
fn output_through_links_and_into_fifos() {
    let dir = inputs();
    let articles = dir.path().join("articles");
    let out_dir = tempfile::tempdir().unwrap();
    let real = out_dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = out_dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let json = |output: &Path| {
        tadqiq(&[
            "check".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--output".as_ref(),
            output.as_os_str(),
            articles.as_os_str(),
        ])
    };
    assert_eq!(json(&link).status.code(), Some(2));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("\"diagnostics\"")
    );

    let fifo = out_dir.path().join("report.fifo");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = json(&fifo);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO stays a FIFO"
    );
    let received = reader.join().unwrap();
    assert!(
        received.contains("\"diagnostics\""),
        "the reader got the report: {received}"
    );
}
