//! GitHub Actions workflow commands and the per-rule statistics table.
//!
//! `--format github` prints one `::error`/`::warning`/`::notice` command
//! per finding, which a workflow turns into annotations on the changed
//! lines. The main decision is escaping: GitHub reads `%`, CR and LF as
//! escapes in the message, and also `:` and `,` in property values, so each
//! is percent-encoded exactly as the runner's toolkit does; nothing else is
//! touched, so Arabic text stays readable in the log.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Report;
use crate::finding::Severity;

/// Escapes the message part of a workflow command.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub matches annotation paths against the repository's files, which
/// never start with `./`.
fn repo_path(path: &str) -> &str {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p
}

impl Report {
    /// The findings as GitHub Actions workflow commands, one per line.
    pub fn render_github(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Advice => "notice",
            };
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let Some(l) = f.primary_label() else {
                let _ = writeln!(
                    out,
                    "::{command} title={}::{}",
                    escape_property(f.code),
                    escape_data(&message)
                );
                continue;
            };
            let a = &self.articles[l.article];
            let (line, col) = a.line_column(l.span.start);
            let (end_line, end_col) = a.line_column(l.span.end);
            let _ = writeln!(
                out,
                "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                escape_property(repo_path(&self.path_of(l.article))),
                escape_property(f.code),
                escape_data(&message)
            );
        }
        for e in &self.errors {
            let _ = writeln!(
                out,
                "::error file={},title=input::{}",
                escape_property(repo_path(&super::display_path(&e.path))),
                escape_data(&e.message)
            );
        }
        out
    }

    /// Counts of findings per rule, most frequent first, as a table.
    pub fn render_statistics(&self) -> String {
        let mut counts: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
        for f in &self.findings {
            *counts.entry((f.code, f.severity)).or_default() += 1;
        }
        let mut rows: Vec<_> = counts.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut out = String::new();
        for ((code, severity), n) in rows {
            let _ = writeln!(out, "{n:>6}  {code:<24} {severity}");
        }
        let s = self.summary();
        let _ = writeln!(
            out,
            "{:>6}  findings in {} files",
            self.findings.len(),
            s.files
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_reads_them() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("يناير/كانون"), "يناير/كانون");
    }
}
