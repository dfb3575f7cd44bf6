//! The language server: `tadqiq lsp`, findings in the editor as one types.
//!
//! The server speaks the Language Server Protocol over stdio (the
//! `lsp-server` crate does the framing, `lsp-types` the messages). It keeps
//! the text of every open `.md` and `.txt` document, and after a pause in
//! typing checks the open documents together with the other articles of the
//! workspace folder, so that cross-source findings appear too, with related
//! information pointing at the other articles. It also offers a quick fix
//! that inserts the suppression comment and a hover that says what tadqiq
//! read at a spot (the month, its number and naming systems).
//!
//! The main decision is the debounce: a change only marks its document
//! dirty and sets a deadline; the loop waits on the message channel with a
//! timeout and checks when the deadline passes without a newer change, so a
//! burst of keystrokes costs one check. The other articles of the workspace
//! are read and extracted once and kept with their size and modification
//! time; a check re-reads only the files whose size or time changed (and
//! never a file open in the editor, whose text is the editor's), and logs
//! how many it read (`window/logMessage`). Positions are converted between the
//! article's byte offsets and LSP's UTF-16 line/character pairs here and
//! nowhere else.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, Location, MarkupContent,
    MarkupKind, NumberOrString, Position, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};

use rayon::prelude::*;

use crate::article::Article;
use crate::claims::ArticleClaims;
use crate::config::Config;
use crate::finding::{Finding, Label, Severity};
use crate::lexicon::Lexicon;
use crate::text::Span;
use crate::{Checker, Options, input, suppress};

/// How long typing must pause before a changed document is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Workspace folders with more article files than this are not read; only
/// open documents are checked together.
const MAX_WORKSPACE_FILES: usize = 2000;

type AnyError = Box<dyn Error + Send + Sync>;

/// An open document: its index among the checked articles, or why it
/// could not be read as an article.
type OpenDoc = (Uri, Result<usize, String>);

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn run() -> Result<(), AnyError> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let (id, params) = connection.initialize_start()?;
    connection.initialize_finish(
        id,
        serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": { "name": "tadqiq", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let mut server = Server::new(&connection, workspace_root(&params));
    server.main_loop()?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

#[allow(deprecated)] // `root_uri` is what older clients send.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())
        .and_then(uri_to_path)
}

/// A file URI's path, percent-decoded; `None` for other schemes.
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // Drop an authority (`file://host/path`); local paths start with `/`.
    let rest = &rest[rest.find('/')?..];
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            if let Some(b) = std::str::from_utf8(bytes.get(i + 1..i + 3)?)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// The file URI of an absolute path, percent-encoding what URIs do not allow.
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut s = String::from("file://");
    for b in abs.to_string_lossy().replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.parse().ok()
}

/// The LSP position (0-based line, UTF-16 character) of a byte offset.
pub(crate) fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: text[..offset].matches('\n').count() as u32,
        character: text[line_start..offset].encode_utf16().count() as u32,
    }
}

/// The byte offset of an LSP position (clamped to the line and the text).
pub(crate) fn offset(text: &str, pos: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0u32;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= pos.character {
            return line_start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

fn range(text: &str, span: Span) -> Range {
    Range {
        start: position(text, span.start),
        end: position(text, span.end),
    }
}

fn is_article_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| input::EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// An open document.
struct Document {
    path: PathBuf,
    text: String,
}

/// What identifies one version of a file on disk without reading it:
/// its modification time and size.
type Stamp = (Option<std::time::SystemTime>, u64);

/// A workspace file as last read: its stamp then, and the article with its
/// claims (`None` when it could not be read as an article, so that a bad
/// file is not read again until it changes).
struct Cached {
    stamp: Stamp,
    article: Option<(Article, ArticleClaims)>,
}

struct Server<'a> {
    connection: &'a Connection,
    root: Option<PathBuf>,
    checker: Checker,
    docs: BTreeMap<Uri, Document>,
    /// The check is due at this instant (set by opens and changes).
    due: Option<Instant>,
    /// Documents that had diagnostics, so closing or fixing clears them.
    published: HashMap<Uri, bool>,
    /// The workspace files not open in the editor, by canonical path.
    workspace: HashMap<PathBuf, Cached>,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, root: Option<PathBuf>) -> Self {
        let mut warnings = Vec::new();
        let config = match root.as_deref().and_then(Config::discover) {
            Some(file) => Config::load(&file).unwrap_or_else(|e| {
                warnings.push(e.message());
                Config::default()
            }),
            None => Config::default(),
        };
        let lexicon = Lexicon::load(config.rules_folder.value.as_deref())
            .or_else(|e| {
                warnings.push(e.to_string());
                Lexicon::embedded()
            })
            .expect("the embedded rule data loads");
        let server = Server {
            connection,
            root,
            checker: Checker::new(
                lexicon,
                Options {
                    published: None,
                    config,
                    keep_articles: true,
                    limits: Default::default(),
                },
            ),
            docs: BTreeMap::new(),
            due: None,
            published: HashMap::new(),
            workspace: HashMap::new(),
        };
        for w in warnings {
            server.show_message(&w);
        }
        server
    }

    fn send(&self, message: Message) {
        // A closed channel means the client is gone; the loop ends anyway.
        let _ = self.connection.sender.send(message);
    }

    /// A line for the client's log (the editor's output panel).
    fn log(&self, text: &str) {
        self.send(Message::Notification(Notification::new(
            "window/logMessage".into(),
            serde_json::json!({ "type": 4, "message": format!("tadqiq: {text}") }),
        )));
    }

    fn show_message(&self, text: &str) {
        self.send(Message::Notification(Notification::new(
            "window/showMessage".into(),
            serde_json::json!({ "type": 1, "message": format!("tadqiq: {text}") }),
        )));
    }

    fn main_loop(&mut self) -> Result<(), AnyError> {
        loop {
            let message = match self.due {
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
                        Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
            };
            match message {
                None => {
                    self.due = None;
                    self.publish_all();
                }
                Some(Message::Request(req)) => {
                    if self.connection.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    self.request(req);
                }
                Some(Message::Notification(n)) => self.notification(n),
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let Some(path) = uri_to_path(&p.text_document.uri) else {
                        return;
                    };
                    if !is_article_path(&path) {
                        return;
                    }
                    self.docs.insert(
                        p.text_document.uri,
                        Document {
                            path,
                            text: p.text_document.text,
                        },
                    );
                    // An opened document is checked at once.
                    self.due = Some(Instant::now());
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                        // Full sync: the last change holds the whole text.
                        if let Some(change) = p.content_changes.into_iter().last() {
                            doc.text = change.text;
                        }
                        self.due = Some(Instant::now() + DEBOUNCE);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    if self.docs.remove(&p.text_document.uri).is_some() {
                        self.publish(p.text_document.uri, Vec::new());
                    }
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, req: Request) {
        let result = match req.method.as_str() {
            "textDocument/hover" => serde_json::from_value::<HoverParams>(req.params)
                .map(|p| serde_json::to_value(self.hover(p)).unwrap_or_default()),
            "textDocument/codeAction" => serde_json::from_value::<CodeActionParams>(req.params)
                .map(|p| serde_json::to_value(self.code_actions(p)).unwrap_or_default()),
            _ => {
                self.send(Message::Response(Response::new_err(
                    req.id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("tadqiq does not handle {}", req.method),
                )));
                return;
            }
        };
        let response = match result {
            Ok(v) => Response::new_ok(req.id, v),
            Err(e) => error_response(req.id, e),
        };
        self.send(Message::Response(response));
    }

    /// Every open document and every other article of the workspace, with
    /// their claims: open documents first (in `docs` order, with the texts
    /// being edited), then the workspace files (from the cache, see
    /// [`Server::refresh_workspace`]).
    fn articles(&self) -> (Vec<Article>, Vec<ArticleClaims>, Vec<OpenDoc>) {
        let mut articles = Vec::new();
        let mut open = Vec::new();
        for (uri, doc) in &self.docs {
            match Article::from_text(&doc.path, doc.text.clone(), None) {
                Ok(a) => {
                    open.push((uri.clone(), Ok(articles.len())));
                    articles.push(a);
                }
                Err(e) => open.push((uri.clone(), Err(e.message))),
            }
        }
        let lexicon = self.checker.lexicon();
        let mut claims: Vec<ArticleClaims> = articles
            .par_iter()
            .map(|a| crate::claims::extract(a, lexicon))
            .collect();
        // A stable order (the cache is a hash map), so two checks of the
        // same files report the same way.
        let mut cached: Vec<_> = self
            .workspace
            .iter()
            .filter_map(|(path, c)| Some((path, c.article.as_ref()?)))
            .collect();
        cached.sort_by(|a, b| a.0.cmp(b.0));
        for (_, (article, article_claims)) in cached {
            articles.push(article.clone());
            claims.push(article_claims.clone());
        }
        (articles, claims, open)
    }

    /// Brings the cache of workspace files up to date: files that are new,
    /// or whose size or modification time changed, are read and extracted
    /// (in parallel); files now open in the editor, gone, or excluded by
    /// the configuration leave it. Returns how many files were read.
    ///
    /// The stamp is taken before the file is read, so a change during the
    /// read is seen at the next check; a rewrite that keeps the size within
    /// the file system's timestamp granularity is missed until the file
    /// changes again (as with make).
    fn refresh_workspace(&mut self) -> usize {
        let files = match &self.root {
            Some(root) => input::discover(std::slice::from_ref(root)).0,
            None => Vec::new(),
        };
        if files.len() > MAX_WORKSPACE_FILES {
            self.workspace.clear();
            return 0;
        }
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let open: HashSet<PathBuf> = self.docs.values().map(|d| canonical(&d.path)).collect();
        let mut old = std::mem::take(&mut self.workspace);
        let mut stale = Vec::new();
        for file in files {
            let path = canonical(&file);
            if open.contains(&path) || !self.checker.options.config.wants_file(&file) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let stamp = (meta.modified().ok(), meta.len());
            match old.remove(&path) {
                Some(c) if c.stamp == stamp => {
                    self.workspace.insert(path, c);
                }
                _ => stale.push((path, stamp)),
            }
        }
        let read = stale.len();
        let lexicon = self.checker.lexicon();
        let fresh: Vec<(PathBuf, Cached)> = stale
            .into_par_iter()
            .map(|(path, stamp)| {
                let article = input::read_article(&path, None).ok().map(|a| {
                    let claims = crate::claims::extract(&a, lexicon);
                    (a, claims)
                });
                (path, Cached { stamp, article })
            })
            .collect();
        self.workspace.extend(fresh);
        read
    }

    fn publish_all(&mut self) {
        let read = self.refresh_workspace();
        let (articles, claims, open) = self.articles();
        let findings = self.checker.check_extracted(&articles, &claims);
        self.log(&format!(
            "checked {} open document(s) with {} workspace file(s) ({read} read from disk)",
            open.len(),
            articles.len() - open.iter().filter(|(_, i)| i.is_ok()).count(),
        ));
        for (uri, index) in open {
            let diagnostics = match index {
                Ok(index) => findings
                    .iter()
                    .filter_map(|f| diagnostic(&articles, index, f))
                    .collect(),
                Err(message) => vec![Diagnostic {
                    range: Range::default(),
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("tadqiq".into()),
                    message,
                    ..Diagnostic::default()
                }],
            };
            self.publish(uri, diagnostics);
        }
    }

    fn publish(&mut self, uri: Uri, diagnostics: Vec<Diagnostic>) {
        let had = self.published.get(&uri).copied().unwrap_or(false);
        if diagnostics.is_empty() && !had && self.published.contains_key(&uri) {
            return;
        }
        self.published.insert(uri.clone(), !diagnostics.is_empty());
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        )));
    }

    /// The open document at `uri` as an article, with its claims.
    fn article(&self, uri: &Uri) -> Option<Article> {
        let doc = self.docs.get(uri)?;
        Article::from_text(&doc.path, doc.text.clone(), None).ok()
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        let article = self.article(uri)?;
        let at = offset(&article.source, p.text_document_position_params.position);
        let readings = self.checker.readings(std::slice::from_ref(&article));
        // Every reading under the cursor, the innermost first (the month,
        // then the date around it).
        let mut here: Vec<_> = readings
            .first()?
            .iter()
            .filter(|r| r.span.start <= at && at <= r.span.end)
            .collect();
        here.sort_by_key(|r| r.span.end - r.span.start);
        let inner = here.first()?;
        let lines: Vec<String> = here
            .iter()
            .map(|r| format!("**tadqiq** read «{}» as: {}", article.slice(r.span), r.text))
            .collect();
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: lines.join("\n\n"),
            }),
            range: Some(range(&article.source, inner.span)),
        })
    }

    fn code_actions(&self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(article) = self.article(&p.text_document.uri) else {
            return Vec::new();
        };
        let mut actions = Vec::new();
        for d in &p.context.diagnostics {
            let Some(NumberOrString::String(code)) = &d.code else {
                continue;
            };
            if d.source.as_deref() != Some("tadqiq") {
                continue;
            }
            if code == suppress::UNUSED {
                let start = offset(&article.source, d.range.start);
                let end = offset(&article.source, d.range.end);
                if let Some((span, with)) = suppress::removal(&article, Span::new(start, end)) {
                    actions.push(quick_fix(
                        "Remove the stale suppression".into(),
                        d,
                        &p.text_document.uri,
                        TextEdit {
                            range: range(&article.source, span),
                            new_text: with,
                        },
                    ));
                }
                continue;
            }
            if suppress::CODES.contains(&code.as_str()) {
                continue;
            }
            let at = offset(&article.source, d.range.start);
            let (insert_at, comment) = suppress::insertion(&article, Span::new(at, at), code);
            let pos = position(&article.source, insert_at);
            let edit = TextEdit {
                range: Range {
                    start: pos,
                    end: pos,
                },
                new_text: comment,
            };
            actions.push(quick_fix(
                format!("Suppress `{code}` for this paragraph"),
                d,
                &p.text_document.uri,
                edit,
            ));
        }
        actions
    }
}

/// A quick fix applying one edit to one document.
fn quick_fix(title: String, d: &Diagnostic, uri: &Uri, edit: TextEdit) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    })
}

fn error_response(id: RequestId, e: serde_json::Error) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::InvalidParams as i32,
        e.to_string(),
    )
}

/// The diagnostic of `finding` for the article `index`, if it involves it.
fn diagnostic(articles: &[Article], index: usize, f: &Finding) -> Option<Diagnostic> {
    let here: Vec<&Label> = f.labels.iter().filter(|l| l.article == index).collect();
    let main = here.iter().find(|l| l.primary).or(here.first()).copied()?;
    let article = &articles[index];
    let related: Vec<DiagnosticRelatedInformation> = f
        .labels
        .iter()
        .filter(|l| !std::ptr::eq(*l, main))
        .filter_map(|l| {
            let a = &articles[l.article];
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: path_to_uri(&a.path)?,
                    range: range(&a.source, l.span),
                },
                message: if l.message.is_empty() {
                    format!("«{}» in {}", a.slice(l.span), a.display_name())
                } else {
                    format!(
                        "«{}»: {} ({})",
                        a.slice(l.span),
                        l.message,
                        a.display_name()
                    )
                },
            })
        })
        .collect();
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Some(Diagnostic {
        range: range(&article.source, main.span),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Advice => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.code.to_string())),
        source: Some("tadqiq".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "ab\nيناير 😀x\n";
        let x = text.find('x').unwrap();
        let p = position(text, x);
        assert_eq!((p.line, p.character), (1, 8));
        assert_eq!(offset(text, p), x);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        assert_eq!(offset(text, Position::new(0, 99)), 2);
    }

    #[test]
    fn cross_article_labels_become_related_information() {
        let a = Article::from_text("/news/a.md", "في يناير\n".into(), None).unwrap();
        let b = Article::from_text("/news/b.md", "في ديسمبر\n".into(), None).unwrap();
        let f = Finding {
            code: "month-pair",
            severity: Severity::Warning,
            message: "the sources disagree".into(),
            help: None,
            labels: vec![
                Label::primary(0, Span::new(5, 15), "January here"),
                Label::secondary(1, Span::new(5, 17), "December there"),
            ],
        };
        let articles = [a, b];
        let d = diagnostic(&articles, 1, &f).unwrap();
        // In b the diagnostic sits on b's own label and points back at a.
        assert_eq!(d.range.start, Position::new(0, 3));
        let related = d.related_information.unwrap();
        assert_eq!(related[0].location.uri.as_str(), "file:///news/a.md");
        assert!(related[0].message.contains("January here"));
        assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
        assert!(
            diagnostic(
                &articles[..1],
                0,
                &Finding {
                    labels: vec![],
                    ..f
                }
            )
            .is_none()
        );
    }

    #[test]
    fn uris_round_trip() {
        let path = Path::new("/tmp/أخبار x/a.md");
        let uri = path_to_uri(path).unwrap();
        assert!(
            uri.as_str().starts_with("file:///tmp/%D8"),
            "{}",
            uri.as_str()
        );
        assert_eq!(uri_to_path(&uri).unwrap(), path);
    }
}
