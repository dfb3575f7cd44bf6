//! Claims: what an article asserts, extracted once and shared by every rule.
//!
//! Extraction runs once per article, before any rule, so that rules only
//! compare typed values and never scan text themselves. The main decision
//! is that every claim carries its span in the article's source, so any
//! verdict a rule reaches can point at the exact words behind it.

use crate::article::Article;
use crate::calendar::dates::DateMention;
use crate::calendar::durations::StatedSpan;
use crate::calendar::months::MonthMention;
use crate::lexicon::Lexicon;

/// Everything extracted from one article.
#[derive(Debug, Clone, Default)]
pub struct ArticleClaims {
    /// Month names, in text order.
    pub months: Vec<MonthMention>,
    /// Dates (Gregorian and Hijri), in text order, years resolved.
    pub dates: Vec<DateMention>,
    /// Spans of years stated with both ends («عشر سنوات ... من 2011 إلى 2015»).
    pub durations: Vec<StatedSpan>,
}

/// Extracts the claims of one article.
pub fn extract(article: &Article, lexicon: &Lexicon) -> ArticleClaims {
    ArticleClaims {
        months: lexicon.months.find(article),
        dates: crate::calendar::dates::extract(article, lexicon),
        durations: crate::calendar::durations::extract(article, lexicon),
    }
}
