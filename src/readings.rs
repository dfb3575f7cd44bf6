//! Readings: what tadqiq understood at each spot of an article, in words.
//!
//! Editors trust a verdict when they can see what the tool read: the month
//! a name stands for and the naming systems that spell it so (and, as the
//! claims grow, the date or interval a phrase resolves to). The language
//! server shows a reading on hover and the HTML report lists them under each
//! article. The main decision is to describe claims in one place, from the
//! typed claims every rule sees, so the hover, the page and the verdicts
//! can never disagree about what was read.

use crate::article::Article;
use crate::calendar::months::ENGLISH;
use crate::claims::ArticleClaims;
use crate::lexicon::Lexicon;
use crate::text::Span;

/// One thing tadqiq read, with where it read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The words read.
    pub span: Span,
    /// What they were read as, in one line of plain English.
    pub text: String,
}

/// Describes the claims of one article, in text order.
pub fn readings(article: &Article, claims: &ArticleClaims, lexicon: &Lexicon) -> Vec<Reading> {
    // Month readings need only the claims; date readings will quote the
    // article's text around them.
    let _ = article;
    let mut out: Vec<Reading> = claims
        .months
        .iter()
        .map(|m| {
            let english = ENGLISH
                .get(usize::from(m.month).saturating_sub(1))
                .copied()
                .unwrap_or("?");
            let systems: Vec<&str> = m
                .systems
                .iter()
                .filter_map(|i| lexicon.months.systems().get(i))
                .map(|s| s.name.as_str())
                .collect();
            let mut text = format!(
                "month {english} ({}); named so in: {}",
                m.month,
                systems.join(", ")
            );
            if m.needs_context {
                text.push_str(
                    "; also an ordinary word, a month only beside a date or another month",
                );
            }
            Reading { span: m.span, text }
        })
        .collect();
    out.sort_by_key(|r| (r.span.start, r.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_with_number_and_systems() {
        let article = Article::from_text("a.txt", "في يناير الماضي".into(), None).unwrap();
        let lexicon = crate::testing::lexicon();
        let claims = crate::claims::extract(&article, lexicon);
        let r = readings(&article, &claims, lexicon);
        assert_eq!(r.len(), 1);
        assert_eq!(article.slice(r[0].span), "يناير");
        assert!(
            r[0].text.starts_with("month January (1); named so in: "),
            "{}",
            r[0].text
        );
    }
}
