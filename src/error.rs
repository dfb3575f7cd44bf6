//! Errors: what can go wrong before any rule runs.
//!
//! Two kinds of input can be bad: an article (unreadable, not text, broken
//! front matter) and a rules file (not TOML, unknown keys, contradictions).
//! A bad article is reported and skipped, so the rest of a folder is still
//! checked; a bad rules file stops the run before any article is read,
//! because every verdict would depend on it. Rules-file errors carry the
//! file's text and the span of the offending key, so miette can point at it.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// An article that could not be read or parsed.
#[derive(Debug, Clone, Error, Diagnostic, PartialEq, Eq)]
#[error("{}: {message}", path.display())]
#[diagnostic(code(tadqiq::input))]
pub struct InputError {
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

impl InputError {
    /// An error about `path`.
    pub fn new(path: &Path, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

/// A rules file that could not be loaded (boxed: it carries the file's text).
#[derive(Debug, Error, Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct LexiconError(pub Box<LexiconErrorDetail>);

impl std::ops::Deref for LexiconError {
    type Target = LexiconErrorDetail;
    fn deref(&self) -> &LexiconErrorDetail {
        &self.0
    }
}

/// What is wrong with a rules file, and where.
#[derive(Debug, Error, Diagnostic)]
#[error("{file}: {message}")]
#[diagnostic(code(tadqiq::rules))]
pub struct LexiconErrorDetail {
    /// The rules file concerned.
    pub file: String,
    /// What is wrong.
    pub message: String,
    /// The file's text, for the snippet.
    #[source_code]
    pub src: NamedSource<String>,
    /// Where in the file.
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    /// The label under the snippet.
    pub label: String,
    /// 1-based line and column of the span, when known.
    pub line_column: Option<(usize, usize)>,
}

impl LexiconError {
    /// An error at `span` (a byte range) of the rules file `file` with text `text`.
    pub fn at(
        file: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        let line_column = span.as_ref().map(|r| {
            let idx = crate::text::LineIndex::new(text);
            idx.line_column(text, r.start)
        });
        let message = message.into();
        let message = match line_column {
            Some((l, c)) => format!("line {l}, column {c}: {message}"),
            None => message,
        };
        LexiconError(Box::new(LexiconErrorDetail {
            file: file.to_string(),
            message,
            src: NamedSource::new(file, text.to_string()),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            label: label.into(),
            line_column,
        }))
    }
}
