//! Suppression: a copy editor's "I know, leave it" written in the article.
//!
//! Two forms are read. In the body, an HTML comment
//! `<!-- tadqiq-ignore month-pair: quoted verbatim from the source -->`
//! silences the named codes in the next paragraph (the text up to the next
//! blank line); the reason after the colon is required, so the archive says
//! why. In the front matter, `tadqiq: {ignore: [month-pair]}` silences codes
//! for the whole file. The main decision is that suppression is a post-pass
//! over findings, not a concern of rules: a finding is dropped when one of
//! its labels lies in a region that suppresses its code, and every
//! suppression that dropped nothing is itself reported (advice,
//! `unused-suppression`) so stale ones do not pile up; a malformed one (an
//! unknown code, no reason) is a warning (`bad-suppression`) and silences
//! nothing.

use std::sync::LazyLock;

use regex::Regex;

use crate::article::Article;
use crate::finding::{Finding, Label, Severity};
use crate::rules::RULES;
use crate::text::Span;

/// Code of the advice on a suppression that silenced nothing.
pub const UNUSED: &str = "unused-suppression";
/// Code of the warning on a malformed suppression.
pub const BAD: &str = "bad-suppression";
/// The codes this module reports, which configuration may name too.
pub const CODES: &[&str] = &[UNUSED, BAD];

/// The default severity of this module's codes.
pub(crate) fn default_severity(code: &str) -> Severity {
    if code == UNUSED {
        Severity::Advice
    } else {
        Severity::Warning
    }
}

/// What `tadqiq explain` prints for this module's codes.
pub fn explain(code: &str) -> Option<&'static str> {
    match code {
        UNUSED => Some(
            "## What it checks\nA suppression (`<!-- tadqiq-ignore CODE: reason -->` or `tadqiq: {ignore: [CODE]}` in the front matter) that silenced no finding.\n\n## Why it matters\nStale suppressions pile up and would hide a future mistake in the same paragraph.\n\n## Example\nRemove the comment, or the code from it, once the copy no longer needs it.\n",
        ),
        BAD => Some(
            "## What it checks\nA suppression that names an unknown code, gives no reason, or a front-matter `tadqiq` key that is not `{ignore: [codes]}`. It silences nothing.\n\n## Why it matters\nA misspelt code silences nothing while looking as if it did; the reason tells the next editor why the copy is right.\n\n## Example\nWrong: `<!-- tadqiq-ignore month-pair -->`. Right: `<!-- tadqiq-ignore month-pair: quoted verbatim from the statement -->`.\n",
        ),
        _ => None,
    }
}

/// The comment marker copy editors write.
pub const MARKER: &str = "tadqiq-ignore";

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--\s*tadqiq-ignore\b(.*?)-->").expect("valid regex"));

/// One suppression found in an article.
#[derive(Debug, Clone)]
struct Suppression {
    article: usize,
    /// The codes, each with the span where it is written.
    codes: Vec<(String, Span)>,
    /// The region silenced; `None` for the whole file.
    region: Option<Span>,
}

fn is_rule(code: &str) -> bool {
    RULES.iter().any(|r| r.code() == code)
}

/// The end of the paragraph that starts at or after `from`: the next blank
/// line, or the end of the text.
fn paragraph_after(source: &str, from: usize) -> Span {
    let rest = &source[from..];
    let skipped = rest.len() - rest.trim_start().len();
    let start = from + skipped;
    let mut end = source.len();
    let mut at = start;
    while let Some(nl) = source[at..].find('\n') {
        let line_start = at + nl + 1;
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        if source[line_start..line_end].trim().is_empty() {
            end = at + nl;
            break;
        }
        at = line_start;
    }
    Span::new(start, end.max(start))
}

fn bad(article: usize, span: Span, message: String, help: &str) -> Finding {
    Finding {
        code: BAD,
        severity: default_severity(BAD),
        message,
        help: Some(help.to_string()),
        labels: vec![Label::primary(article, span, "")],
    }
}

/// Splits `codes` (comma- or space-separated) starting at byte `base` into codes and spans.
fn split_codes(text: &str, base: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let sep = c == ',' || c.is_whitespace();
        match (sep, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((text[s..i].to_string(), Span::new(base + s, base + i)));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Reads an article's suppressions; malformed ones become findings.
fn collect(index: usize, article: &Article, bads: &mut Vec<Finding>) -> Vec<Suppression> {
    let mut out = Vec::new();
    let source = &article.source;
    let body = article.body_start;
    for m in COMMENT.captures_iter(&source[body..]) {
        let whole = m.get(0).expect("match");
        let inner = m.get(1).expect("group");
        let span = Span::new(body + whole.start(), body + whole.end());
        let (codes_text, reason) = match inner.as_str().split_once(':') {
            Some((c, r)) => (c, r.trim()),
            None => (inner.as_str(), ""),
        };
        let codes = split_codes(codes_text, body + inner.start());
        if codes.is_empty() || reason.is_empty() {
            bads.push(bad(
                index,
                span,
                "this suppression needs codes and a reason".to_string(),
                "write `<!-- tadqiq-ignore CODE: why the copy is right -->`",
            ));
            continue;
        }
        // The region starts at the comment itself, so a month named in the
        // reason ("kept «يناير/كانون الأول» as quoted") is silenced too.
        let paragraph = paragraph_after(source, body + whole.end());
        out.push(Suppression {
            article: index,
            codes,
            region: Some(Span::new(span.start, paragraph.end.max(span.end))),
        });
    }
    if let Some(value) = &article.meta.tadqiq {
        let front = &source[..body];
        let key = front.find("tadqiq:").unwrap_or(0);
        let key_span = Span::new(key, (key + "tadqiq".len()).min(body));
        let list = value
            .as_object()
            .filter(|o| o.keys().all(|k| k == "ignore"))
            .and_then(|o| o.get("ignore"))
            .and_then(|l| l.as_array())
            .and_then(|l| l.iter().map(|c| c.as_str()).collect::<Option<Vec<_>>>());
        match list {
            Some(codes) => {
                let mut search = key;
                let codes = codes
                    .into_iter()
                    .map(|c| {
                        let span = match front[search..].find(c) {
                            Some(i) => {
                                search += i + c.len();
                                Span::new(search - c.len(), search)
                            }
                            None => key_span,
                        };
                        (c.to_string(), span)
                    })
                    .collect();
                out.push(Suppression {
                    article: index,
                    codes,
                    region: None,
                });
            }
            None => bads.push(bad(
                index,
                key_span,
                "the front matter key `tadqiq` must be `{ignore: [codes]}`".to_string(),
                "write `tadqiq: {ignore: [month-pair]}`",
            )),
        }
    }
    out
}

/// Drops suppressed findings and reports unused and malformed suppressions.
///
/// `enabled` tells whether a code runs at all: a suppression of a code the
/// configuration switched off is not reported as unused.
pub fn apply(
    articles: &[Article],
    findings: Vec<Finding>,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let mut extra = Vec::new();
    let suppressions: Vec<Suppression> = articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| collect(i, a, &mut extra))
        .collect();
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    let mut kept = Vec::with_capacity(findings.len());
    'findings: for f in findings {
        for (si, s) in suppressions.iter().enumerate() {
            let Some(ci) = s.codes.iter().position(|(c, _)| c == f.code) else {
                continue;
            };
            let covered = f.labels.iter().any(|l| {
                l.article == s.article
                    && s.region.is_none_or(|r| {
                        l.span.start >= r.start && l.span.start < r.end.max(r.start + 1)
                    })
            });
            if covered {
                used[si][ci] = true;
                continue 'findings;
            }
        }
        kept.push(f);
    }
    for (s, used) in suppressions.iter().zip(used) {
        for ((code, span), used) in s.codes.iter().zip(used) {
            if CODES.contains(&code.as_str()) {
                extra.push(bad(
                    s.article,
                    *span,
                    format!("`{code}` cannot be suppressed in an article"),
                    "ignore it in tadqiq.toml (`[rules] ignore`) instead",
                ));
            } else if !is_rule(code) {
                let known: Vec<&str> = RULES.iter().map(|r| r.code()).collect();
                extra.push(bad(
                    s.article,
                    *span,
                    format!("unknown code `{code}` in a suppression"),
                    &format!("the codes are: {}", known.join(", ")),
                ));
            } else if !used && enabled(code) {
                let place = if s.region.is_some() {
                    "the next paragraph"
                } else {
                    "this file"
                };
                extra.push(Finding {
                    code: UNUSED,
                    severity: default_severity(UNUSED),
                    message: format!("`{code}` is suppressed but reports nothing in {place}"),
                    help: Some("remove the suppression, or this code from it".to_string()),
                    labels: vec![Label::primary(s.article, *span, "suppresses nothing")],
                });
            }
        }
    }
    kept.extend(extra);
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept
}

/// The edit that removes the code at `code_span` from the suppression
/// comment holding it: the whole comment (and its line end) when it is the
/// only code, else the code and one separator. `None` when `code_span` is
/// not a code of a body comment (front-matter lists are left to the editor).
pub fn removal(article: &Article, code_span: Span) -> Option<(Span, String)> {
    let source = &article.source;
    let body = article.body_start;
    let m = COMMENT.captures_iter(&source[body..]).find(|m| {
        let g = m.get(1).expect("group");
        body + g.start() <= code_span.start && code_span.end <= body + g.end()
    })?;
    let whole = m.get(0).expect("match");
    let inner = m.get(1).expect("group");
    let codes_text = inner
        .as_str()
        .split_once(':')
        .map_or(inner.as_str(), |(c, _)| c);
    let codes = split_codes(codes_text, body + inner.start());
    let index = codes.iter().position(|(_, s)| *s == code_span)?;
    if codes.len() == 1 {
        let mut end = body + whole.end();
        if source[end..].starts_with("\r\n") {
            end += 2;
        } else if source[end..].starts_with('\n') {
            end += 1;
        }
        return Some((Span::new(body + whole.start(), end), String::new()));
    }
    // Remove the code with the separator after it (or before it, for the last).
    let span = match codes.get(index + 1) {
        Some((_, next)) => Span::new(code_span.start, next.start),
        None => Span::new(codes[index - 1].1.end, code_span.end),
    };
    Some((span, String::new()))
}

/// Where and what to insert to suppress `code` for the paragraph holding
/// `span`: a byte offset at the start of that paragraph and the comment
/// line (the reason left for the editor to write).
pub fn insertion(article: &Article, span: Span, code: &str) -> (usize, String) {
    let source = &article.source;
    let mut at = span.start.min(source.len());
    // Walk back to the first line of the paragraph (after a blank line or
    // the front matter).
    loop {
        let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        if line_start <= article.body_start {
            at = article.body_start.max(line_start);
            break;
        }
        let prev_start = source[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        if source[prev_start..line_start].trim().is_empty() || prev_start < article.body_start {
            at = line_start;
            break;
        }
        at = prev_start;
    }
    (at, format!("<!-- {MARKER} {code}: REASON -->\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(span: Span) -> Finding {
        Finding {
            code: "month-pair",
            severity: Severity::Error,
            message: "m".into(),
            help: None,
            labels: vec![Label::primary(0, span, "")],
        }
    }

    fn article(text: &str) -> Article {
        Article::from_text("a.md", text.to_string(), None).unwrap()
    }

    fn at(a: &Article, needle: &str) -> Span {
        let s = a.source.find(needle).unwrap();
        Span::new(s, s + needle.len())
    }

    #[test]
    fn comment_silences_the_next_paragraph_only() {
        let a = article(
            "<!-- tadqiq-ignore month-pair: quoted verbatim -->\nfirst X here\nstill first\n\nsecond X\n",
        );
        let first = at(&a, "X here");
        let second = Span::new(
            a.source.rfind('X').unwrap(),
            a.source.rfind('X').unwrap() + 1,
        );
        let out = apply(
            std::slice::from_ref(&a),
            vec![finding(first), finding(second)],
            &|_| true,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].labels[0].span, second);
        // A finding inside the comment's own reason is silenced as well.
        let inside = at(&a, "quoted");
        let out = apply(std::slice::from_ref(&a), vec![finding(inside)], &|_| true);
        assert!(out.is_empty(), "{out:#?}");
    }

    #[test]
    fn unused_unknown_and_reasonless_suppressions_are_reported() {
        let a = article(
            "<!-- tadqiq-ignore month-pair: why -->\nclean text\n\n<!-- tadqiq-ignore month-pear: x -->\ntext\n\n<!-- tadqiq-ignore month-pair -->\nmore\n",
        );
        let out = apply(std::slice::from_ref(&a), Vec::new(), &|_| true);
        let codes: Vec<&str> = out.iter().map(|f| f.code).collect();
        assert_eq!(codes, vec![UNUSED, BAD, BAD], "{out:#?}");
        assert_eq!(a.slice(out[0].labels[0].span), "month-pair");
        assert_eq!(a.slice(out[1].labels[0].span), "month-pear");
        let b = article("<!-- tadqiq-ignore unused-suppression: x -->\ntext\n");
        let out = apply(std::slice::from_ref(&b), Vec::new(), &|_| true);
        assert_eq!(out[0].code, BAD);
        assert!(out[0].message.contains("cannot be suppressed"), "{out:#?}");
        // Not reported as unused when the rule is switched off.
        let out = apply(std::slice::from_ref(&a), Vec::new(), &|c| c != "month-pair");
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn front_matter_silences_the_whole_file() {
        let a = article("---\ntitle: T\ntadqiq: {ignore: [month-pair]}\n---\nbody X\n\nmore X\n");
        let x1 = at(&a, "X");
        let out = apply(std::slice::from_ref(&a), vec![finding(x1)], &|_| true);
        assert!(out.is_empty(), "{out:#?}");
        let out = apply(std::slice::from_ref(&a), vec![], &|_| true);
        assert_eq!(out[0].code, UNUSED);
        assert_eq!(a.slice(out[0].labels[0].span), "month-pair");
        let b = article("---\ntadqiq: {skip: [month-pair]}\n---\nbody\n");
        let out = apply(std::slice::from_ref(&b), vec![], &|_| true);
        assert_eq!(out[0].code, BAD);
    }

    #[test]
    fn removal_drops_the_code_or_the_whole_comment() {
        let a = article("<!-- tadqiq-ignore month-pair: why -->\ntext\n");
        let (span, with) = removal(&a, at(&a, "month-pair")).unwrap();
        assert_eq!(with, "");
        assert_eq!(
            &a.source[span.range()],
            "<!-- tadqiq-ignore month-pair: why -->\n"
        );
        let b = article("<!-- tadqiq-ignore month-pair, weekday: why -->\ntext\n");
        let (span, _) = removal(&b, at(&b, "month-pair")).unwrap();
        assert_eq!(&b.source[span.range()], "month-pair, ");
        let (span, _) = removal(&b, at(&b, "weekday")).unwrap();
        assert_eq!(&b.source[span.range()], ", weekday");
        assert!(removal(&b, at(&b, "text")).is_none());
    }

    #[test]
    fn insertion_goes_before_the_paragraph() {
        let a = article("---\ntitle: T\n---\nline one\nline two X\n\nother\n");
        let (offset, text) = insertion(&a, at(&a, "X"), "month-pair");
        assert_eq!(&a.source[offset..offset + 8], "line one");
        assert!(text.starts_with("<!-- tadqiq-ignore month-pair: "));
        let (offset, _) = insertion(&a, at(&a, "other"), "month-pair");
        assert_eq!(&a.source[offset..offset + 5], "other");
    }
}
