//! `tadqiq lsp` driven by a scripted client over stdio: initialize, didOpen,
//! publishDiagnostics, hover, codeAction, didChange (debounced), a stale
//! suppression and its quick fix, shutdown, exit; and the cache of the
//! other workspace files, re-read only when they change on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_tadqiq");

const WRONG: &str = "---\ntitle: T\noutlet: Wire\npublished: 2022-01-10\nlanguage: ar\n---\nأعلن التحالف في السادس من يناير/كانون الأول الماضي وقف التدريب.\n";

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(root: &std::path::Path) -> Client {
        let mut child = Command::new(BIN)
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tadqiq lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let _ = tx.send(serde_json::from_slice(&body).unwrap());
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.next();
            if m["id"] == id {
                assert!(m.get("error").is_none(), "{m}");
                return m["result"].clone();
            }
        }
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    /// The next log line about a check (other messages skipped).
    fn check_log(&mut self) -> String {
        loop {
            let m = self.next();
            if m["method"] == "window/logMessage" {
                let text = m["params"]["message"].as_str().unwrap().to_string();
                if text.contains("checked") {
                    return text;
                }
            }
        }
    }

    /// The next publishDiagnostics notification (other messages skipped).
    fn diagnostics(&mut self) -> Value {
        loop {
            let m = self.next();
            if m["method"] == "textDocument/publishDiagnostics" {
                return m["params"].clone();
            }
        }
    }
}

fn uri(path: &std::path::Path) -> String {
    // The temp folder's path is ASCII, so no percent-encoding is needed.
    format!("file://{}", path.display())
}

#[test]
fn scripted_session() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(root.join("a.md"), WRONG).unwrap();
    std::fs::write(root.join("b.md"), "نص سليم في يناير.\n").unwrap();
    let a = uri(&root.join("a.md"));
    let mut c = Client::start(&root);
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {},
               "workspaceFolders": [{"uri": uri(&root), "name": "copy"}]}),
    );
    assert_eq!(init["capabilities"]["hoverProvider"], true, "{init}");
    assert_eq!(init["capabilities"]["codeActionProvider"], true);
    c.notify("initialized", json!({}));

    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "markdown", "version": 1, "text": WRONG}}),
    );
    let d = c.diagnostics();
    assert_eq!(d["uri"], a.as_str());
    let list = d["diagnostics"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{d}");
    let diag = &list[0];
    assert_eq!(diag["code"], "month-pair");
    assert_eq!(diag["source"], "tadqiq");
    assert_eq!(diag["severity"], 1);
    // «يناير» starts at character 26 of line 6 (UTF-16 units).
    assert_eq!(diag["range"]["start"], json!({"line": 6, "character": 26}));
    assert_eq!(diag["range"]["end"], json!({"line": 6, "character": 31}));
    let related = diag["relatedInformation"].as_array().unwrap();
    assert_eq!(related[0]["location"]["uri"], a.as_str());
    assert!(
        related[0]["message"]
            .as_str()
            .unwrap()
            .contains("كانون الأول")
    );

    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": a}, "position": {"line": 6, "character": 28}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("read «يناير» as: month January (1)"),
        "{text}"
    );

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": a}, "range": diag["range"],
               "context": {"diagnostics": [diag]}}),
    );
    let edit = &actions[0]["edit"]["changes"][a.as_str()][0];
    assert_eq!(edit["range"]["start"], json!({"line": 6, "character": 0}));
    assert!(
        edit["newText"]
            .as_str()
            .unwrap()
            .starts_with("<!-- tadqiq-ignore month-pair: "),
        "{edit}"
    );

    // Two quick changes: one check, after the pause, on the last text.
    // The first change keeps the mistake: had it been checked, a
    // diagnostic would come before the empty list.
    let half = WRONG.replace("وقف", "بدء وقف");
    let fixed = WRONG.replace("كانون الأول", "كانون الثاني");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"text": half}]}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    let d = c.diagnostics();
    assert_eq!(d["diagnostics"], json!([]), "{d}");

    // A stale suppression is advice, with a quick fix that removes it.
    let stale = fixed.replace(
        "---\nأعلن",
        "---\n<!-- tadqiq-ignore month-pair: kept as quoted -->\nأعلن",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 4}, "contentChanges": [{"text": stale}]}),
    );
    let d = c.diagnostics();
    let diag = &d["diagnostics"][0];
    assert_eq!(diag["code"], "unused-suppression", "{d}");
    assert_eq!(diag["severity"], 3);
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": a}, "range": diag["range"],
               "context": {"diagnostics": [diag]}}),
    );
    assert_eq!(actions[0]["title"], "Remove the stale suppression");
    let edit = &actions[0]["edit"]["changes"][a.as_str()][0];
    assert_eq!(
        edit["range"],
        json!({"start": {"line": 6, "character": 0}, "end": {"line": 7, "character": 0}})
    );
    assert_eq!(edit["newText"], "");

    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success());
}

const HARIR_AR: &str = "---\noutlet: Arab Wire\npublished: 2025-03-10\n---\nقتل 12 مدنياً في هجوم صاروخي استهدف قاعدة حرير قرب أربيل في 9 آذار/مارس 2025.\n";
const HARIR_EN: &str = "---\noutlet: English Wire\npublished: 2025-03-10\n---\nEleven civilians were killed in a rocket attack on Harir air base near Erbil on 9 March 2025.\n";

#[test]
fn workspace_files_are_reread_only_when_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(root.join("ar.md"), HARIR_AR).unwrap();
    std::fs::write(root.join("en.md"), HARIR_EN).unwrap();
    // Another story's article, and a file that is not an article.
    std::fs::write(root.join("other.md"), WRONG).unwrap();
    std::fs::write(root.join("bad.md"), "---\npublished: [\n---\nx\n").unwrap();
    let ar = uri(&root.join("ar.md"));
    let mut c = Client::start(&root);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    let open = |c: &mut Client, version: i64| {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": ar, "version": version},
                   "contentChanges": [{"text": HARIR_AR}]}),
        );
    };
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": ar, "languageId": "markdown", "version": 1, "text": HARIR_AR}}),
    );
    // The first check reads the three other files (the open one is the
    // editor's text, never read from disk).
    let log = c.check_log();
    assert!(
        log.ends_with("with 2 workspace file(s) (3 read from disk)"),
        "{log}"
    );
    let d = c.diagnostics();
    assert_eq!(d["diagnostics"][0]["code"], "count-conflict", "{d}");
    let related = &d["diagnostics"][0]["relatedInformation"][0]["location"]["uri"];
    assert_eq!(related, &json!(uri(&root.join("en.md"))));

    // Nothing changed on disk: nothing is read again, the finding stays.
    open(&mut c, 2);
    let log = c.check_log();
    assert!(log.ends_with("(0 read from disk)"), "{log}");
    let d = c.diagnostics();
    assert_eq!(d["diagnostics"][0]["code"], "count-conflict", "{d}");

    // The English report is corrected on disk (not in the editor): only it
    // is read again, and the next check sees the counts agree. (The size
    // changes too, so the test holds on file systems with coarse times.)
    std::fs::write(root.join("en.md"), HARIR_EN.replace("Eleven", "12")).unwrap();
    open(&mut c, 3);
    let log = c.check_log();
    assert!(
        log.ends_with("with 2 workspace file(s) (1 read from disk)"),
        "{log}"
    );
    let d = c.diagnostics();
    assert_eq!(d["diagnostics"], json!([]), "{d}");

    // A file removed from disk leaves the workspace.
    std::fs::remove_file(root.join("other.md")).unwrap();
    open(&mut c, 4);
    let log = c.check_log();
    assert!(
        log.ends_with("with 1 workspace file(s) (0 read from disk)"),
        "{log}"
    );

    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}
