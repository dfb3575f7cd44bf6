//! SARIF 2.1.0 output, for code-scanning dashboards.
//!
//! Each finding is a `result` whose primary label is its location and whose
//! other labels (in the same or other articles) are `relatedLocations`.
//! Regions carry both line/column (columns counted in Unicode code points,
//! as `columnKind` declares) and byte offsets, so a consumer can use either.

use serde_json::{Value, json};

use super::Report;
use crate::finding::{Label, Severity};
use crate::rules::RULES;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

impl Report {
    fn sarif_location(&self, l: &Label, id: Option<usize>) -> Value {
        let a = &self.articles[l.article];
        let (start_line, start_column) = a.line_column(l.span.start);
        let (end_line, end_column) = a.line_column(l.span.end);
        let mut loc = json!({
            "physicalLocation": {
                "artifactLocation": { "uri": self.path_of(l.article) },
                "region": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column,
                    "byteOffset": a.file_offset(l.span.start),
                    "byteLength": a.file_offset(l.span.end) - a.file_offset(l.span.start),
                    "snippet": { "text": a.slice(l.span) },
                }
            }
        });
        if !l.message.is_empty() {
            loc["message"] = json!({ "text": l.message });
        }
        if let Some(id) = id {
            loc["id"] = json!(id);
        }
        loc
    }

    /// The report as a SARIF 2.1.0 log.
    pub fn to_sarif(&self) -> Value {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|r| {
                json!({
                    "id": r.code(),
                    "name": r.code(),
                    "shortDescription": { "text": r.summary() },
                    "fullDescription": { "text": r.summary() },
                    "help": { "text": r.doc(), "markdown": r.doc() },
                    "defaultConfiguration": { "level": level(r.default_severity()) },
                })
            })
            .collect();
        let results: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                let primary = f.primary_label();
                let mut text = f.message.clone();
                if let Some(help) = &f.help {
                    text.push_str("\nhelp: ");
                    text.push_str(help);
                }
                let mut result = json!({
                    "ruleId": f.code,
                    "level": level(f.severity),
                    "message": { "text": text },
                    "locations": primary.map(|l| vec![self.sarif_location(l, None)]).unwrap_or_default(),
                });
                if let Some(index) = RULES.iter().position(|r| r.code() == f.code) {
                    result["ruleIndex"] = json!(index);
                }
                let related: Vec<Value> = f
                    .labels
                    .iter()
                    .filter(|l| Some(*l) != primary)
                    .enumerate()
                    .map(|(i, l)| self.sarif_location(l, Some(i)))
                    .collect();
                if !related.is_empty() {
                    result["relatedLocations"] = json!(related);
                }
                result
            })
            .collect();
        let artifacts: Vec<Value> = (0..self.articles.len())
            .map(|i| json!({ "location": { "uri": self.path_of(i) }, "encoding": "utf-8" }))
            .collect();
        let notifications: Vec<Value> = self
            .errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "message": { "text": e.message },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": super::display_path(&e.path) } } }],
                })
            })
            .collect();
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "tadqiq",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts,
                "results": results,
                "invocations": [{
                    "executionSuccessful": self.errors.is_empty(),
                    "toolExecutionNotifications": notifications,
                }],
            }]
        })
    }

    /// The SARIF log as pretty-printed text, with a final newline.
    pub fn render_sarif(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.to_sarif()).expect("SARIF serializes");
        s.push('\n');
        s
    }
}
