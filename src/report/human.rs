//! The human report: miette diagnostics with snippets from every article.
//!
//! Each finding becomes one miette diagnostic whose snippet comes from the
//! article of its primary label; labels in other articles become related
//! diagnostics, each with its own snippet headed by the file, outlet and
//! date. The main decision is how snippets are cut: news copy puts a whole
//! paragraph on one line, so instead of printing 600-character lines the
//! source handed to miette shows a window of a few dozen characters around
//! each span, while reporting the real line and column and keeping the real
//! byte offsets, so the numbers printed are those of the file.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::Report;
use crate::article::Article;
use crate::finding::{Finding, Label, Severity};

/// How to render the human report.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// Terminal width in columns.
    pub width: usize,
    /// Use colours.
    pub color: bool,
    /// Characters of context shown on each side of a span.
    pub context: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            width: 100,
            color: false,
            context: 32,
        }
    }
}

/// An article's text as miette sees it: windows around spans.
struct Excerpt<'a> {
    path: String,
    /// Outlet and date, shown after the position in the snippet header.
    about: String,
    text: &'a str,
    /// For line and column numbers without rescanning long lines.
    article: &'a Article,
    context: usize,
}

impl<'a> Excerpt<'a> {
    fn new(article: &'a Article, context: usize) -> Self {
        let about: Vec<String> = [
            article.meta.outlet.clone(),
            article.published.map(|d| d.format("%Y-%m-%d").to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        Excerpt {
            path: super::display_path(&article.path),
            about: about.iter().map(|a| format!(" · {a}")).collect(),
            text: &article.source,
            article,
            context,
        }
    }

    /// The snippet header: `path:line:column` first, so terminals and
    /// editors recognise it as a location, then outlet and date.
    fn name(&self, offset: usize) -> String {
        let (line, column) = self.article.line_column(offset);
        format!("{}:{line}:{column}{}", self.path, self.about)
    }
}

/// Moves `at` back by up to `n` characters, not past `floor`, preferring to
/// stop at a space so that words are not cut.
fn back(text: &str, at: usize, floor: usize, n: usize) -> usize {
    let mut start = at;
    for (count, (i, _)) in text[floor..at].char_indices().rev().enumerate() {
        if count >= n {
            break;
        }
        start = floor + i;
    }
    if start > floor {
        if let Some(space) = text[start..at].find(' ') {
            return start + space + 1;
        }
    }
    start
}

/// Moves `at` forward by up to `n` characters, not past `ceil`, stopping at a space.
fn forward(text: &str, at: usize, ceil: usize, n: usize) -> usize {
    let mut end = at;
    for (count, (i, c)) in text[at..ceil].char_indices().enumerate() {
        if count >= n {
            break;
        }
        end = at + i + c.len_utf8();
    }
    if end < ceil {
        if let Some(space) = text[at..end].rfind(' ') {
            if at + space > at {
                return at + space;
            }
        }
    }
    end
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.text;
        let (s, e) = (span.offset(), span.offset() + span.len());
        if e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return Err(MietteError::OutOfBounds);
        }
        let line_start = self.article.line_start(s);
        let (line, column) = self.article.line_column(s);
        if before == 0 && after == 0 {
            // miette asks for the bare span to print the position in the
            // header: give it the span itself, so the header shows where the
            // label starts rather than where the window starts.
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name(s),
                &text.as_bytes()[s..e],
                *span,
                line - 1,
                column - 1,
                text[s..e].matches('\n').count() + 1,
            )));
        }
        // Only the window's reach matters: never scan the rest of a long line.
        let mut reach = (e + 8 * self.context + 8).min(text.len());
        while !text.is_char_boundary(reach) {
            reach -= 1;
        }
        let line_end = text[e..reach].find('\n').map_or(reach, |i| e + i);
        let line_end = if text[..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        let ws = back(text, s, line_start, self.context);
        let we = forward(text, e, line_end.max(e), self.context);
        // The window starts on the span's line, a few characters before it.
        let line = line - 1;
        let column = column - 1 - text[ws..s].chars().count();
        let line_count = text[ws..we].matches('\n').count() + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name(s),
            &text.as_bytes()[ws..we],
            SourceSpan::new(ws.into(), we - ws),
            line,
            column,
            line_count,
        )))
    }
}

/// One finding (or its part in one other article) as a miette diagnostic.
struct Rendered<'a> {
    message: String,
    code: Option<&'static str>,
    severity: Severity,
    help: Option<String>,
    source: Excerpt<'a>,
    labels: Vec<&'a Label>,
    related: Vec<Rendered<'a>>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Advice => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().map(|l| {
            let span = SourceSpan::new(l.span.start.into(), l.span.len());
            let text = Some(l.message.clone()).filter(|m| !m.is_empty());
            if l.primary {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

impl Report {
    fn rendered<'a>(&'a self, finding: &'a Finding, opts: HumanOptions) -> Rendered<'a> {
        let primary = finding.primary_article();
        let mut others: Vec<usize> = finding
            .labels
            .iter()
            .map(|l| l.article)
            .filter(|&a| a != primary)
            .collect();
        others.sort_unstable();
        others.dedup();
        let labels_in = |a: usize| finding.labels.iter().filter(|l| l.article == a).collect();
        Rendered {
            message: finding.message.clone(),
            code: Some(finding.code),
            severity: finding.severity,
            help: finding.help.clone(),
            source: Excerpt::new(&self.articles[primary], opts.context),
            labels: labels_in(primary),
            related: others
                .into_iter()
                .map(|a| Rendered {
                    message: format!("and in {}", self.articles[a].display_name()),
                    code: None,
                    severity: finding.severity,
                    help: None,
                    source: Excerpt::new(&self.articles[a], opts.context),
                    labels: labels_in(a),
                    related: Vec::new(),
                })
                .collect(),
        }
    }

    /// The report for people: one diagnostic per finding, then a summary line.
    /// (Input errors go to standard error, whatever the format.)
    pub fn render_human(&self, opts: HumanOptions) -> String {
        let theme = if opts.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(opts.width)
            .with_links(false)
            .without_primary_span_start()
            .with_show_related_as_nested(true)
            // Windows never reach other lines; a non-zero value only tells
            // `Excerpt::read_span` that miette wants a snippet, not a position.
            .with_context_lines(1);
        let mut out = String::new();
        for finding in &self.findings {
            let rendered = self.rendered(finding, opts);
            handler
                .render_report(&mut out, &rendered)
                .expect("writing to a String does not fail");
            out.push('\n');
        }
        let s = self.summary();
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        out.push_str(&format!(
            "tadqiq: {} checked: {}, {}, {} advice",
            plural(s.files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            s.advice
        ));
        if !self.errors.is_empty() {
            out.push_str(&format!(
                "; {} could not be read",
                plural(self.errors.len(), "file")
            ));
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn article(path: &str, text: &str) -> Article {
        Article::from_text(path, text.to_string(), None).unwrap()
    }

    #[test]
    fn a_finding_across_articles_shows_a_snippet_from_each() {
        let a = article(
            "a.md",
            "---\noutlet: Wire A\npublished: 2024-01-02\n---\nقتل 12 مدنياً في القصف.\n",
        );
        let b = article(
            "b.md",
            "---\noutlet: Wire B\n---\nEleven civilians were killed.\n",
        );
        let sa = a.source.find("12").unwrap();
        let sb = b.source.find("Eleven").unwrap();
        let report = Report {
            articles: vec![a, b],
            findings: vec![Finding {
                code: "count-conflict",
                severity: Severity::Warning,
                message: "the sources disagree".into(),
                help: Some("check the toll".into()),
                labels: vec![
                    Label::primary(0, Span::new(sa, sa + 2), "12"),
                    Label::secondary(1, Span::new(sb, sb + 6), "11"),
                ],
            }],
            errors: vec![],
            ..Report::default()
        };
        let out = report.render_human(HumanOptions::default());
        assert!(out.contains("[a.md:5:5 · Wire A · 2024-01-02]"), "{out}");
        assert!(out.contains("and in b.md (Wire B)"), "{out}");
        assert!(out.contains("[b.md:4:1 · Wire B]"), "{out}");
        assert!(out.contains("── 11") && out.contains("── 12"), "{out}");
        assert!(
            out.ends_with("tadqiq: 2 files checked: 0 errors, 1 warning, 0 advice\n"),
            "{out}"
        );
    }

    #[test]
    fn windows_stop_at_line_ends_and_spaces() {
        let text = "first line\nalpha beta gamma delta epsilon\nlast";
        let s = text.find("gamma").unwrap();
        let ls = text.find("alpha").unwrap();
        let le = text.find("\nlast").unwrap();
        assert_eq!(&text[back(text, s, ls, 8)..s], "beta ");
        assert_eq!(&text[back(text, s, ls, 100)..s], "alpha beta ");
        let e = s + "gamma".len();
        assert_eq!(&text[e..forward(text, e, le, 8)], " delta");
        assert_eq!(&text[e..forward(text, e, le, 100)], " delta epsilon");
    }
}
