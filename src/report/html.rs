//! The HTML report: one self-contained page for a desk chief.
//!
//! Each story's articles stand side by side (stories of several articles
//! first), each laid out in its own
//! direction and language (`dir="rtl" lang="ar"` for Arabic), with every
//! span of every finding highlighted in every article it involves; above
//! them, the list of findings links to each span. The page carries its CSS
//! inline and has no script, font or image from anywhere, so it can be
//! mailed or archived and opens without a network. The main decision is how
//! text is cut: an article's text is split at every label boundary, each
//! piece is HTML-escaped on its own and wrapped in a `<mark>` when a label
//! covers it, so overlapping labels still highlight correctly and nothing
//! an article contains (a `<script>`, an `&`) can become markup.

use std::fmt::Write as _;

use super::Report;
use crate::article::Article;
use crate::finding::Severity;
use crate::readings::Reading;
use crate::story::Story;

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// True for a letter of the Arabic script.
fn arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

/// Escapes an English sentence that quotes Arabic, isolating each quote
/// («...») and each unquoted Arabic run (an outlet's name) in `<bdi>`, so
/// the bidirectional algorithm does not carry digits and commas of the
/// English around it into the Arabic, or reorder the Arabic itself.
pub(crate) fn prose(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '«' {
            if let Some(close) = rest.find('»') {
                let _ = write!(out, "«<bdi>{}</bdi>»", escape(&rest['«'.len_utf8()..close]));
                rest = &rest[close + '»'.len_utf8()..];
                continue;
            }
        }
        if arabic(c) {
            // The run goes on over Arabic letters and the spaces between them.
            let mut end = 0;
            for (i, ch) in rest.char_indices() {
                if arabic(ch) || ch == '\u{200C}' {
                    end = i + ch.len_utf8();
                } else if !(ch == ' ' || ch == '،') {
                    break;
                }
            }
            let _ = write!(out, "<bdi>{}</bdi>", escape(&rest[..end]));
            rest = &rest[end..];
            continue;
        }
        out.push_str(&escape(&rest[..c.len_utf8()]));
        rest = &rest[c.len_utf8()..];
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light; --error: #c62828; --warning: #b26a00; --advice: #1565c0; }
body { font-family: "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif;
  margin: 0; background: #f5f5f2; color: #1c1c1c; line-height: 1.5; }
header, main { max-width: 110rem; margin: 0 auto; padding: 0 1.5rem; }
header h1 { font-size: 1.4rem; margin: 1rem 0 0.2rem; }
.summary { color: #555; margin: 0 0 1rem; }
.findings { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 1rem 0.5rem 2.5rem; }
.findings li { margin: 0.4rem 0; }
.findings .code { font-family: monospace; font-weight: bold; }
.findings .help { color: #444; font-size: 0.92rem; }
.findings .where a { margin-inline-end: 0.8rem; font-size: 0.92rem; }
.sev { display: inline-block; min-width: 4.5rem; font-size: 0.8rem; font-weight: bold; text-transform: uppercase; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.advice { color: var(--advice); }
.story { margin: 1.5rem 0; }
.story h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
.articles { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; align-items: start; }
article { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.8rem 1rem; }
article .meta { direction: ltr; text-align: left; font-size: 0.85rem; color: #555; border-bottom: 1px solid #eee; margin-bottom: 0.5rem; }
article .meta .title { font-size: 1rem; color: #1c1c1c; font-weight: bold; }
article[dir="rtl"] .meta .title { text-align: right; font-size: 1.1rem; }
article .front { direction: ltr; text-align: left; font-family: monospace; font-size: 0.8rem; color: #777; white-space: pre-wrap; margin: 0 0 0.5rem; }
article .text { white-space: pre-wrap; font-size: 1.05rem; unicode-bidi: plaintext; }
article[dir="rtl"] .text { font-size: 1.15rem; line-height: 1.8; }
mark { background: #ffe0b2; border-bottom: 2px solid var(--warning); padding: 0 1px; }
mark.error { background: #ffcdd2; border-bottom-color: var(--error); }
mark.advice { background: #bbdefb; border-bottom-color: var(--advice); }
mark:target, a.anchor:target + mark { outline: 2px solid #000; }
.errors { color: var(--error); }
.read { border-bottom: 1px dotted #888; }
.evidence { color: #555; font-size: 0.85rem; margin: 0 0 0.5rem; }
.findings .behind { color: #555; font-size: 0.85rem; padding-inline-start: 2.2rem; text-indent: -2.2rem; }
details.readings { font-size: 0.85rem; color: #444; margin-top: 0.5rem; text-align: left; }
"#;

/// One label's highlight in one article.
struct Mark {
    start: usize,
    end: usize,
    anchor: String,
    severity: Severity,
    title: String,
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Advice => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

/// Writes `source[from..to]` escaped, with every mark and reading in that range.
fn write_text(
    out: &mut String,
    source: &str,
    (from, to): (usize, usize),
    marks: &[Mark],
    reads: &[Reading],
) {
    let mut cuts: Vec<usize> = vec![from, to];
    let bounds = marks
        .iter()
        .map(|m| (m.start, m.end))
        .chain(reads.iter().map(|r| (r.span.start, r.span.end)));
    for (start, end) in bounds {
        for at in [start, end] {
            if at > from && at < to && source.is_char_boundary(at) {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        for m in marks.iter().filter(|m| m.start == s) {
            let _ = write!(out, "<a class=\"anchor\" id=\"{}\"></a>", m.anchor);
        }
        let covering: Vec<&Mark> = marks
            .iter()
            .filter(|m| m.start <= s && e <= m.end && m.start < m.end)
            .collect();
        let read: Vec<&str> = reads
            .iter()
            .filter(|r| r.span.start <= s && e <= r.span.end && r.span.start < r.span.end)
            .map(|r| r.text.as_str())
            .collect();
        let piece = escape(&source[s..e]);
        let mut titles: Vec<&str> = covering.iter().map(|m| m.title.as_str()).collect();
        titles.extend(read.iter().copied());
        let title = escape(&titles.join("\n"));
        match covering.iter().max_by_key(|m| severity_rank(m.severity)) {
            Some(top) => {
                let _ = write!(
                    out,
                    "<mark class=\"{}\" title=\"{title}\">{piece}</mark>",
                    top.severity.as_str(),
                );
            }
            None if !read.is_empty() => {
                let _ = write!(out, "<span class=\"read\" title=\"{title}\">{piece}</span>");
            }
            None => out.push_str(&piece),
        }
    }
    // Empty spans still get their anchor.
    for m in marks.iter().filter(|m| m.start == to && m.end == to) {
        let _ = write!(out, "<a class=\"anchor\" id=\"{}\"></a>", m.anchor);
    }
}

/// The readings behind one label: the reading of exactly its words first
/// (a month name), then every reading it touches that no larger one it
/// touches contains (the date around a month, not the months inside a date).
fn behind_label(reads: &[Reading], label: crate::text::Span) -> Vec<&Reading> {
    let touched: Vec<&Reading> = reads
        .iter()
        .filter(|r| {
            (r.span.start < label.end && label.start < r.span.end)
                || (r.span.start <= label.start && label.end <= r.span.end)
        })
        .collect();
    let inside = |r: &Reading, o: &Reading| {
        o.span.start <= r.span.start && r.span.end <= o.span.end && o.span != r.span
    };
    let mut out: Vec<&Reading> = touched
        .iter()
        .filter(|r| r.span == label)
        .copied()
        .collect();
    out.extend(
        touched
            .iter()
            .filter(|r| r.span != label && !touched.iter().any(|o| inside(r, o)))
            .copied(),
    );
    out
}

impl Report {
    fn marks_in(&self, article: usize) -> Vec<Mark> {
        let mut marks = Vec::new();
        for (fi, f) in self.findings.iter().enumerate() {
            for (li, l) in f.labels.iter().enumerate() {
                if l.article != article {
                    continue;
                }
                let mut title = format!("{}: {}", f.code, f.message);
                if !l.message.is_empty() {
                    title = format!("{title} ({})", l.message);
                }
                marks.push(Mark {
                    start: l.span.start,
                    end: l.span.end,
                    anchor: format!("f{}-l{}", fi + 1, li + 1),
                    severity: f.severity,
                    title,
                });
            }
        }
        marks
    }

    fn write_article(&self, out: &mut String, index: usize, a: &Article, reads: &[Reading]) {
        let lang = a.language.code();
        let dir = if lang == "ar" { "rtl" } else { "ltr" };
        let _ = write!(
            out,
            "<article id=\"a{}\" dir=\"{dir}\" lang=\"{lang}\"><div class=\"meta\">",
            index + 1
        );
        if let Some(t) = &a.meta.title {
            let _ = write!(out, "<div class=\"title\" dir=\"auto\">{}</div>", escape(t));
        }
        let mut bits = vec![escape(&self.path_of(index))];
        bits.extend(a.meta.outlet.as_deref().map(escape));
        bits.extend(a.published.map(|d| d.format("%Y-%m-%d").to_string()));
        bits.push(lang.to_string());
        // Each bit is isolated, so an Arabic outlet does not reorder the date.
        let bits: Vec<String> = bits.iter().map(|b| format!("<bdi>{b}</bdi>")).collect();
        let _ = write!(out, "<div>{}</div></div>", bits.join(" · "));
        let marks = self.marks_in(index);
        // The front matter is shown only when a label points into it (a
        // file-level suppression); otherwise it is noise beside the copy.
        if a.body_start > 0 && marks.iter().any(|m| m.start < a.body_start) {
            out.push_str("<pre class=\"front\">");
            write_text(out, &a.source, (0, a.body_start), &marks, reads);
            out.push_str("</pre>");
        }
        out.push_str("<div class=\"text\">");
        write_text(
            out,
            &a.source,
            (a.body_start, a.source.len()),
            &marks,
            reads,
        );
        out.push_str("</div>");
        if !reads.is_empty() {
            let _ = write!(
                out,
                "<details class=\"readings\" dir=\"ltr\"><summary>What tadqiq read ({})</summary><ul>",
                reads.len()
            );
            for r in reads {
                let (line, col) = a.line_column(r.span.start);
                let _ = write!(
                    out,
                    "<li>{line}:{col} «<bdi>{}</bdi>» {}</li>",
                    escape(a.slice(r.span)),
                    prose(&r.text)
                );
            }
            out.push_str("</ul></details>");
        }
        out.push_str("</article>");
    }

    /// The report as one self-contained HTML page; `stories` groups the
    /// articles (indexes into `self.articles`), each group shown side by
    /// side; `readings` (one list per article, or none) says what tadqiq
    /// read, shown under each article and under each verdict.
    pub fn render_html(&self, stories: &[Story], readings: &[Vec<Reading>]) -> String {
        let reads_of = |a: usize| readings.get(a).map_or(&[][..], Vec::as_slice);
        let s = self.summary();
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // No script runs and nothing is fetched, whatever an article contains.
        out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        out.push_str("<title>tadqiq report</title>\n<style>");
        out.push_str(CSS);
        out.push_str("</style>\n</head>\n<body>\n<header><h1>tadqiq report</h1>");
        let _ = writeln!(
            out,
            "<p class=\"summary\">{} articles in {} stories: {} errors, {} warnings, {} advice</p></header>",
            s.files,
            stories.len(),
            s.errors,
            s.warnings,
            s.advice
        );
        out.push_str("<main>\n");
        if !self.findings.is_empty() {
            out.push_str("<h2>Findings</h2>\n<ol class=\"findings\">\n");
        }
        for (fi, f) in self.findings.iter().enumerate() {
            let _ = write!(
                out,
                "<li id=\"f{}\" dir=\"ltr\"><span class=\"sev {}\">{}</span> <span class=\"code\">{}</span> <span>{}</span>",
                fi + 1,
                f.severity.as_str(),
                f.severity.as_str(),
                escape(f.code),
                prose(&f.message)
            );
            if let Some(h) = &f.help {
                let _ = write!(out, "<div class=\"help\">{}</div>", prose(h));
            }
            out.push_str("<div class=\"where\">");
            for (li, l) in f.labels.iter().enumerate() {
                let a = &self.articles[l.article];
                let (line, col) = a.line_column(l.span.start);
                let _ = write!(
                    out,
                    "<a href=\"#f{}-l{}\">{}:{line}:{col} «<bdi>{}</bdi>»{}</a>",
                    fi + 1,
                    li + 1,
                    escape(&self.path_of(l.article)),
                    escape(a.slice(l.span)),
                    if l.message.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", prose(&l.message))
                    }
                );
            }
            out.push_str("</div>");
            // The readings behind the verdict: what each labelled span was
            // read as (the resolved date, the interval), once each.
            let mut behind: Vec<String> = Vec::new();
            for l in &f.labels {
                let a = &self.articles[l.article];
                for r in behind_label(reads_of(l.article), l.span) {
                    let line = format!(
                        "«<bdi>{}</bdi>» {}",
                        escape(a.slice(r.span)),
                        prose(&r.text)
                    );
                    if !behind.contains(&line) {
                        behind.push(line);
                    }
                }
            }
            if !behind.is_empty() {
                let _ = write!(
                    out,
                    "<div class=\"behind\">read: {}</div>",
                    behind.join("<br>")
                );
            }
            out.push_str("</li>\n");
        }
        if !self.findings.is_empty() {
            out.push_str("</ol>\n");
        }
        if !self.errors.is_empty() {
            out.push_str("<h2>Files that could not be read</h2>\n<ul class=\"errors\">\n");
            for e in &self.errors {
                let _ = writeln!(out, "<li>{}</li>", escape(&e.to_string()));
            }
            out.push_str("</ul>\n");
        }
        // Stories of several articles first, as `tadqiq stories` lists them:
        // they are the ones to compare side by side.
        let (several, alone): (Vec<&Story>, Vec<&Story>) =
            stories.iter().partition(|s| s.articles.len() > 1);
        for (si, story) in several.into_iter().chain(alone).enumerate() {
            let _ = write!(
                out,
                "<section class=\"story\" id=\"s{}\"><h2>Story {} ({} article{})</h2>",
                si + 1,
                si + 1,
                story.articles.len(),
                if story.articles.len() == 1 { "" } else { "s" }
            );
            // Why these articles were put together, when grouping says.
            if !story.evidence.is_empty() {
                out.push_str("<ul class=\"evidence\">");
                for e in &story.evidence {
                    let _ = write!(out, "<li dir=\"auto\">{}</li>", prose(e));
                }
                out.push_str("</ul>");
            }
            out.push_str("<div class=\"articles\">");
            for &ai in &story.articles {
                if let Some(a) = self.articles.get(ai) {
                    self.write_article(&mut out, ai, a, reads_of(ai));
                }
            }
            out.push_str("</div></section>\n");
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn prose_isolates_quotes_and_arabic_runs() {
        assert_eq!(
            prose("«1 شوال 1444 هـ» is Friday in وكالة الرافدين, 2025-06-12 & more"),
            "«<bdi>1 شوال 1444 هـ</bdi>» is Friday in <bdi>وكالة الرافدين</bdi>, 2025-06-12 &amp; more"
        );
        assert_eq!(prose("a «<b>» b"), "a «<bdi>&lt;b&gt;</bdi>» b");
        // An unclosed quote is text.
        assert_eq!(prose("«x"), "«x");
    }

    #[test]
    fn behind_a_label_are_its_own_reading_and_the_date_around_it() {
        use crate::text::Span;
        let r = |start, end, text: &str| Reading {
            span: Span::new(start, end),
            text: text.into(),
        };
        let reads = [r(0, 20, "date"), r(3, 8, "month"), r(10, 14, "other month")];
        let texts = |label| {
            behind_label(&reads, label)
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
        };
        // A month label: the month, then the date around it.
        assert_eq!(texts(Span::new(3, 8)), ["month", "date"]);
        // A date label: the date, not the months inside it.
        assert_eq!(texts(Span::new(0, 20)), ["date"]);
        assert_eq!(texts(Span::new(2, 20)), ["date"]);
        // Nothing read there.
        assert!(texts(Span::new(30, 35)).is_empty());
    }

    #[test]
    fn a_cross_source_finding_is_marked_in_every_article_of_its_story() {
        use crate::finding::{Finding, Label};
        use crate::text::Span;
        let a = Article::from_text("a.md", "وقع في يناير <b>\n".into(), None).unwrap();
        let b = Article::from_text("b.md", "It was in March.\n".into(), None).unwrap();
        let at = |text: &str, needle: &str| {
            let s = text.find(needle).unwrap();
            Span::new(s, s + needle.len())
        };
        let (ja, mb) = (at(&a.source, "يناير"), at(&b.source, "March"));
        let report = Report {
            articles: vec![a, b],
            findings: vec![Finding {
                code: "month-pair",
                severity: Severity::Error,
                message: "the sources disagree on the month".into(),
                help: None,
                labels: vec![
                    Label::primary(0, ja, "January"),
                    Label::secondary(1, mb, "March"),
                ],
            }],
            errors: Vec::new(),
            ..Report::default()
        };
        let story = Story {
            articles: vec![0, 1],
            evidence: vec!["same event: <vote>".into()],
        };
        let html = report.render_html(&[story], &[]);
        assert_eq!(html.matches("<section class=\"story\"").count(), 1);
        assert!(html.contains("Story 1 (2 articles)"));
        assert!(html.contains("<li dir=\"auto\">same event: &lt;vote&gt;</li>"));
        assert!(html.contains("id=\"f1-l1\"></a><mark class=\"error\""));
        assert!(html.contains("id=\"f1-l2\"></a><mark class=\"error\""));
        assert!(
            html.contains("dir=\"rtl\" lang=\"ar\"") && html.contains("dir=\"ltr\" lang=\"en\"")
        );
        assert!(html.contains("&lt;b&gt;") && !html.contains("<b>"));
    }

    #[test]
    fn overlapping_marks_split_the_text() {
        let src = "abcdef";
        let marks = [
            Mark {
                start: 1,
                end: 4,
                anchor: "f1-l1".into(),
                severity: Severity::Warning,
                title: "w".into(),
            },
            Mark {
                start: 2,
                end: 5,
                anchor: "f2-l1".into(),
                severity: Severity::Error,
                title: "e".into(),
            },
        ];
        let mut out = String::new();
        write_text(&mut out, src, (0, src.len()), &marks, &[]);
        assert_eq!(
            out,
            "a<a class=\"anchor\" id=\"f1-l1\"></a><mark class=\"warning\" title=\"w\">b</mark>\
             <a class=\"anchor\" id=\"f2-l1\"></a><mark class=\"error\" title=\"w\ne\">cd</mark>\
             <mark class=\"error\" title=\"e\">e</mark>f"
        );
    }
}
