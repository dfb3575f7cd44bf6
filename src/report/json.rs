//! The JSON report: tadqiq's own schema, stable and versioned.
//!
//! These types *are* the schema: they serialize the report and let
//! consumers (and tests) deserialize it. Fields are only ever added; a
//! change that removes or retypes a field bumps [`VERSION`].

use serde::{Deserialize, Serialize};

use super::{Report, Summary};
use crate::finding::Severity;

/// The schema version of the JSON report.
pub const VERSION: u32 = 1;

/// The whole JSON report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonReport {
    /// Schema version, currently 1.
    pub version: u32,
    /// The articles checked, in order.
    pub files: Vec<JsonFile>,
    /// One entry per finding.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// Files that could not be read.
    pub errors: Vec<JsonInputError>,
    /// Counts.
    pub summary: Summary,
}

/// One checked article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonFile {
    /// Path as given or found.
    pub path: String,
    /// Headline, from front matter.
    pub title: Option<String>,
    /// Outlet, from front matter.
    pub outlet: Option<String>,
    /// Publication date (YYYY-MM-DD), from front matter or `--published`.
    pub published: Option<String>,
    /// `ar` or `en`, declared or detected.
    pub language: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonDiagnostic {
    /// The rule's stable code.
    pub code: String,
    /// `error`, `warning` or `advice`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The spans involved, possibly in several files.
    pub labels: Vec<JsonLabel>,
}

/// One labelled span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonLabel {
    /// The file.
    pub path: String,
    /// Byte offset of the first byte, in the file as on disk.
    pub start: usize,
    /// Byte offset one past the last byte, in the file as on disk.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in Unicode scalar values.
    pub column: usize,
    /// The exact text of the span.
    pub text: String,
    /// What the span says.
    pub label: String,
    /// Whether this is the finding's main span.
    pub primary: bool,
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonInputError {
    /// The file.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl Report {
    /// The report in tadqiq's JSON schema.
    pub fn to_json(&self) -> JsonReport {
        let files = self
            .articles
            .iter()
            .map(|a| JsonFile {
                path: super::display_path(&a.path),
                title: a.meta.title.clone(),
                outlet: a.meta.outlet.clone(),
                published: a.published.map(|d| d.format("%Y-%m-%d").to_string()),
                language: a.language.code().to_string(),
            })
            .collect();
        let diagnostics = self
            .findings
            .iter()
            .map(|f| JsonDiagnostic {
                code: f.code.to_string(),
                severity: f.severity,
                message: f.message.clone(),
                help: f.help.clone(),
                labels: f
                    .labels
                    .iter()
                    .map(|l| {
                        let a = &self.articles[l.article];
                        let (line, column) = a.line_column(l.span.start);
                        JsonLabel {
                            path: self.path_of(l.article),
                            start: a.file_offset(l.span.start),
                            end: a.file_offset(l.span.end),
                            line,
                            column,
                            text: a.slice(l.span).to_string(),
                            label: l.message.clone(),
                            primary: l.primary,
                        }
                    })
                    .collect(),
            })
            .collect();
        let errors = self
            .errors
            .iter()
            .map(|e| JsonInputError {
                path: super::display_path(&e.path),
                message: e.message.clone(),
            })
            .collect();
        JsonReport {
            version: VERSION,
            files,
            diagnostics,
            errors,
            summary: self.summary(),
        }
    }

    /// The JSON report as pretty-printed text, with a final newline.
    pub fn render_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.to_json()).expect("report serializes");
        s.push('\n');
        s
    }
}
