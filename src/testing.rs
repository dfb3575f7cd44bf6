//! Helpers for rule unit tests.

use std::sync::OnceLock;

use crate::article::Article;
use crate::finding::Finding;
use crate::lexicon::Lexicon;
use crate::rules::{ArticleContext, Rule};

/// The embedded rule data, loaded once per test binary.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().expect("embedded rules load"))
}

/// Runs one article rule on `text` (a plain article without front matter).
pub(crate) fn check_text(rule: &dyn Rule, text: &str) -> Vec<Finding> {
    check_text_published(rule, text, None)
}

/// Runs one article rule on `text` published on `published` (YYYY-MM-DD).
pub(crate) fn check_text_published(
    rule: &dyn Rule,
    text: &str,
    published: Option<&str>,
) -> Vec<Finding> {
    let published = published.map(|p| p.parse().expect("a YYYY-MM-DD date"));
    let article =
        Article::from_text("test.txt", text.to_string(), published).expect("valid article");
    let claims = crate::claims::extract(&article, lexicon());
    let cx = ArticleContext {
        index: 0,
        article: &article,
        claims: &claims,
        lexicon: lexicon(),
    };
    let mut out = Vec::new();
    rule.check_article(&cx, &mut out);
    out
}
