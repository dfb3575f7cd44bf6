//! Rules: the checks, one small file each, registered in one list.
//!
//! A rule is a unit struct implementing [`Rule`]. Its doc comment, written
//! in fixed sections (What it checks / Why it matters / Example), is
//! captured by `declare_rule!` and printed by `tadqiq explain`, so the
//! documentation an editor reads is the one a developer maintains. The main
//! decision is that rules never scan text: they read the claims extracted
//! once per article ([`crate::claims`]) and the story groups
//! ([`crate::story`]), and return [`Finding`]s. Article rules see one
//! article; story rules see every article of one story.

use crate::article::Article;
use crate::claims::ArticleClaims;
use crate::finding::{Finding, Severity};
use crate::lexicon::Lexicon;
use crate::story::Story;

mod count_conflict;
mod cross;
mod date_conflict;
mod duration;
mod hijri;
mod impossible_date;
mod month_pair;
mod part_whole;
mod relative_date;
mod title_conflict;
mod weekday;

pub use count_conflict::CountConflict;
pub use date_conflict::DateConflict;
pub use duration::Duration;
pub use hijri::HijriPair;
pub use impossible_date::ImpossibleDate;
pub use month_pair::MonthPair;
pub use part_whole::PartWhole;
pub use relative_date::RelativeDate;
pub use title_conflict::TitleConflict;
pub use weekday::WeekdayRule;

/// Declares a rule's unit struct and captures its doc comment as `DOC`.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis struct $name:ident;) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            /// The rule's documentation, as `tadqiq explain` prints it.
            pub const DOC: &'static str = concat!($($doc, "\n"),*);
        }
    };
}
pub(crate) use declare_rule;

/// Whether a rule looks at one article or at a story of several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anomalies inside one article.
    Article,
    /// Conflicts between articles of one story.
    Story,
}

/// What an article rule sees.
pub struct ArticleContext<'a> {
    /// Index of the article in the checked set (for labels).
    pub index: usize,
    /// The article.
    pub article: &'a Article,
    /// Its claims.
    pub claims: &'a ArticleClaims,
    /// The rule data.
    pub lexicon: &'a Lexicon,
}

/// What a story rule sees.
pub struct StoryContext<'a> {
    /// The story being checked.
    pub story: &'a Story,
    /// Every checked article (index with `story.articles`).
    pub articles: &'a [Article],
    /// Every article's claims, parallel to `articles`.
    pub claims: &'a [ArticleClaims],
    /// The rule data.
    pub lexicon: &'a Lexicon,
}

/// A check.
pub trait Rule: Sync {
    /// Stable kebab-case code, e.g. `month-pair`; never reused for another check.
    fn code(&self) -> &'static str;
    /// Severity when configuration says nothing.
    fn default_severity(&self) -> Severity;
    /// One line for `tadqiq rules`.
    fn summary(&self) -> &'static str;
    /// The full documentation for `tadqiq explain`.
    fn doc(&self) -> &'static str;
    /// Article or story.
    fn scope(&self) -> Scope {
        Scope::Article
    }
    /// Checks one article. Findings are created with the default severity.
    fn check_article(&self, _cx: &ArticleContext<'_>, _out: &mut Vec<Finding>) {}
    /// Checks one story.
    fn check_story(&self, _cx: &StoryContext<'_>, _out: &mut Vec<Finding>) {}
}

/// Every rule tadqiq has, in the order `tadqiq rules` lists them.
pub const RULES: &[&dyn Rule] = &[
    &MonthPair,
    &WeekdayRule,
    &HijriPair,
    &RelativeDate,
    &Duration,
    &ImpossibleDate,
    &PartWhole,
    &CountConflict,
    &DateConflict,
    &TitleConflict,
];

/// Looks a rule up by code.
pub fn find(code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.code() == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let code = rule.code();
            assert!(seen.insert(code), "duplicate code {code}");
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{code} is not kebab-case"
            );
            let doc = rule.doc();
            for section in ["## What it checks", "## Why it matters", "## Example"] {
                assert!(doc.contains(section), "{code}: doc lacks `{section}`");
            }
            assert!(!rule.summary().is_empty());
        }
    }
}
