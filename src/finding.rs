//! Findings: what a rule reports.
//!
//! A finding is a rule's verdict in a form every output shares: a code, a
//! severity, a message, an optional help line, and labelled spans that may
//! lie in several articles. The main decision is that labels point at
//! articles by index into the checked set and at text by byte span, so the
//! report layer (human, JSON, SARIF) can render the same finding without
//! the rule knowing any output format.

use serde::{Deserialize, Serialize};

use crate::text::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Probably harmless; worth a look.
    Advice,
    /// Likely wrong; check it.
    Warning,
    /// Wrong: the copy contradicts itself or another source.
    Error,
}

impl Severity {
    /// The lowercase name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A labelled span in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Index of the article in the checked set.
    pub article: usize,
    /// The span in that article's source.
    pub span: Span,
    /// What this span says, in a few words.
    pub message: String,
    /// The span the finding is mainly about (one per finding).
    pub primary: bool,
}

impl Label {
    /// The main label of a finding.
    pub fn primary(article: usize, span: Span, message: impl Into<String>) -> Label {
        Label {
            article,
            span,
            message: message.into(),
            primary: true,
        }
    }

    /// A supporting label.
    pub fn secondary(article: usize, span: Span, message: impl Into<String>) -> Label {
        Label {
            article,
            span,
            message: message.into(),
            primary: false,
        }
    }
}

/// One rule's verdict on one spot (or several related spots) of the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable code, e.g. `month-pair`.
    pub code: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The spans involved; the first primary label leads.
    pub labels: Vec<Label>,
}

impl Finding {
    /// The article of the primary label (or of the first label).
    pub fn primary_article(&self) -> usize {
        self.primary_label().map_or(0, |l| l.article)
    }

    /// The primary label, or the first label when none is marked primary.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
    }

    /// A key that orders findings by where they are, then by rule.
    pub(crate) fn sort_key(&self) -> (usize, usize, usize, &'static str, &str) {
        let (a, s, e) = self
            .primary_label()
            .map_or((0, 0, 0), |l| (l.article, l.span.start, l.span.end));
        (a, s, e, self.code, &self.message)
    }
}
