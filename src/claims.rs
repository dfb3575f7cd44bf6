//! Claims: what an article asserts, extracted once and shared by every rule.
//!
//! Extraction runs once per article, before any rule, so that rules only
//! compare typed values and never scan text themselves. The main decision
//! is that every claim carries its span in the article's source, so any
//! verdict a rule reaches can point at the exact words behind it.

use crate::article::Article;
use crate::calendar::months::MonthMention;
use crate::lexicon::Lexicon;

/// Everything extracted from one article.
#[derive(Debug, Clone, Default)]
pub struct ArticleClaims {
    /// Month names, in text order.
    pub months: Vec<MonthMention>,
}

/// Extracts the claims of one article.
pub fn extract(article: &Article, lexicon: &Lexicon) -> ArticleClaims {
    ArticleClaims {
        months: lexicon.months.find(article),
    }
}
