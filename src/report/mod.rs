//! Report: the outcome of a run, rendered for people and for machines.
//!
//! A [`Report`] holds the articles that were checked, the findings, and the
//! files that could not be read. It renders as miette diagnostics for
//! people ([`human`]), as tadqiq's own versioned JSON ([`json`]) and as
//! SARIF 2.1.0 ([`sarif`]). The main decision is that all three read the
//! same findings and compute positions the same way (byte offsets into the
//! file on disk, 1-based line and column in Unicode scalar values), so the
//! formats never disagree about where a problem is.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

use crate::article::Article;
use crate::claims::ArticleClaims;
use crate::error::InputError;
use crate::finding::{Finding, Severity};
use crate::story::Story;

/// The result of checking a set of articles.
#[derive(Debug, Default)]
pub struct Report {
    /// The articles read, in the order checked (labels index into this).
    pub articles: Vec<Article>,
    /// The findings, sorted by article and position.
    pub findings: Vec<Finding>,
    /// Files that could not be read, in discovery order.
    pub errors: Vec<InputError>,
    /// The stories the articles were grouped into.
    pub stories: Vec<Story>,
    /// What was extracted from each article (`claims[i]` from
    /// `articles[i]`), kept only when the checker keeps articles whole
    /// (the HTML report shows the readings behind each verdict); empty
    /// otherwise.
    pub claims: Vec<ArticleClaims>,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Articles checked.
    pub files: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Advice findings.
    pub advice: usize,
}

impl Report {
    /// Counts findings by severity.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.articles.len(),
            ..Summary::default()
        };
        for f in &self.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Advice => s.advice += 1,
            }
        }
        s
    }

    /// The process exit code: 2 when an input could not be read, 1 when a
    /// finding is an error (or a warning, with `deny_warnings`), else 0.
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        let s = self.summary();
        if !self.errors.is_empty() {
            2
        } else if s.errors > 0 || (deny_warnings && s.warnings > 0) {
            1
        } else {
            0
        }
    }

    /// The path of an article as reported (forward slashes on every platform).
    pub(crate) fn path_of(&self, article: usize) -> String {
        display_path(&self.articles[article].path)
    }
}

/// A path as reports show it.
pub(crate) fn display_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
