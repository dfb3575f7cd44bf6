//! Baseline: adopt tadqiq on an archive and see only new findings.
//!
//! `--write-baseline FILE` records today's findings; `--baseline FILE`
//! drops the findings recorded there. The main decision is how findings are
//! matched: by rule code, file path (relative to the baseline file's
//! folder, so the baseline works from any working directory) and the exact
//! text of the primary span, never by byte offsets, so editing another
//! paragraph does not break the match. Identical findings (same rule, file
//! and text) are counted, and a baseline entry absorbs at most that many.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::report::Report;

/// The baseline file's schema version.
pub const VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Schema version, currently 1.
    pub version: u32,
    /// The recorded findings, sorted.
    pub findings: Vec<Entry>,
}

/// Findings that share rule, file and span text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The rule's code.
    pub code: String,
    /// The file, relative to the baseline's folder when possible.
    pub path: String,
    /// The text of the primary span.
    pub text: String,
    /// How many such findings there were.
    pub count: usize,
}

type Key = (String, String, String);

/// The path of an article as the baseline records it: relative to `base`
/// (the baseline file's folder) when both resolve, else as reported.
fn key_path(path: &Path, base: &Path) -> String {
    let rel = match (std::fs::canonicalize(path), std::fs::canonicalize(base)) {
        (Ok(p), Ok(b)) => p.strip_prefix(&b).map(Path::to_path_buf).ok(),
        _ => None,
    };
    crate::report::display_path(rel.as_deref().unwrap_or(path))
}

fn keys(report: &Report, base: &Path) -> Vec<Key> {
    report
        .findings
        .iter()
        .map(|f| {
            let (path, text) = match f.primary_label() {
                Some(l) => {
                    let a = &report.articles[l.article];
                    (key_path(&a.path, base), a.slice(l.span).to_string())
                }
                None => (String::new(), String::new()),
            };
            (f.code.to_string(), path, text)
        })
        .collect()
}

fn folder_of(file: &Path) -> &Path {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

impl Baseline {
    /// Records the findings of `report` for a baseline file at `file`.
    pub fn from_report(report: &Report, file: &Path) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for key in keys(report, folder_of(file)) {
            *counts.entry(key).or_default() += 1;
        }
        Baseline {
            version: VERSION,
            findings: counts
                .into_iter()
                .map(|((code, path, text), count)| Entry {
                    code,
                    path,
                    text,
                    count,
                })
                .collect(),
        }
    }

    /// Reads a baseline file.
    pub fn load(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", file.display()))?;
        let b: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a tadqiq baseline: {e}", file.display()))?;
        if b.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (expected {VERSION})",
                file.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// The baseline as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline serializes");
        s.push('\n');
        s
    }

    /// Drops from `report` the findings this baseline (read from `file`)
    /// records; returns how many were dropped.
    pub fn filter(&self, report: &mut Report, file: &Path) -> usize {
        let mut left: BTreeMap<Key, usize> = self
            .findings
            .iter()
            .map(|e| ((e.code.clone(), e.path.clone(), e.text.clone()), e.count))
            .collect();
        let keys = keys(report, folder_of(file));
        let before = report.findings.len();
        let mut keys = keys.into_iter();
        report.findings.retain(|_| {
            let key = keys.next().expect("one key per finding");
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - report.findings.len()
    }
}
