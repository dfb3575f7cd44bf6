//! tadqiq checks news articles for internal and cross-source inconsistencies.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! 1. [`input`] finds article files and reads them, and [`article`] splits
//!    front matter from body and normalizes the body ([`text`]);
//! 2. [`claims`] extracts what each article asserts, using the rule data of
//!    [`lexicon`] (month names in [`calendar`]);
//! 3. [`story`] groups articles that report the same event;
//! 4. [`rules`] check each article and each story, producing [`finding`]s;
//! 5. [`report`] renders them for people (miette), JSON or SARIF.
//!
//! The main decision is that every stage hands the next typed values with
//! spans into the original files, and only the report layer formats text.

pub mod article;
pub mod calendar;
pub mod claims;
pub mod error;
pub mod finding;
pub mod input;
pub mod lexicon;
pub mod report;
pub mod rules;
pub mod story;
pub mod text;

#[cfg(test)]
pub(crate) mod testing;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::article::Article;
use crate::claims::ArticleClaims;
use crate::finding::Finding;
use crate::lexicon::Lexicon;
use crate::report::Report;
use crate::rules::{ArticleContext, RULES, Rule, Scope, StoryContext};

/// How a check runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publication date for articles whose front matter gives none.
    pub published: Option<NaiveDate>,
    /// How much is read from one file (size and line length).
    pub limits: input::Limits,
}

/// Checks articles against the rules, with compiled rule data.
pub struct Checker {
    lexicon: Lexicon,
    rules: Vec<&'static dyn Rule>,
    options: Options,
}

impl Checker {
    /// A checker running every rule with the given rule data.
    pub fn new(lexicon: Lexicon, options: Options) -> Self {
        Checker {
            lexicon,
            rules: RULES.to_vec(),
            options,
        }
    }

    /// The rule data.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Finds, reads and checks every article under `paths`.
    pub fn check_paths(&self, paths: &[PathBuf]) -> Report {
        let (files, mut errors) = input::discover(paths);
        let mut articles = Vec::with_capacity(files.len());
        for path in &files {
            match input::read_article_with(path, self.options.published, &self.options.limits) {
                Ok(a) => articles.push(a),
                Err(e) => errors.push(e),
            }
        }
        let findings = self.check(&articles);
        Report {
            articles,
            findings,
            errors,
        }
    }

    /// Runs every rule on already loaded articles.
    pub fn check(&self, articles: &[Article]) -> Vec<Finding> {
        let claims: Vec<ArticleClaims> = articles
            .iter()
            .map(|a| claims::extract(a, &self.lexicon))
            .collect();
        let stories = story::group(articles, &claims);
        let mut findings = Vec::new();
        for rule in &self.rules {
            match rule.scope() {
                Scope::Article => {
                    for (index, article) in articles.iter().enumerate() {
                        let cx = ArticleContext {
                            index,
                            article,
                            claims: &claims[index],
                            lexicon: &self.lexicon,
                        };
                        rule.check_article(&cx, &mut findings);
                    }
                }
                Scope::Story => {
                    for story in &stories {
                        let cx = StoryContext {
                            story,
                            articles,
                            claims: &claims,
                            lexicon: &self.lexicon,
                        };
                        rule.check_story(&cx, &mut findings);
                    }
                }
            }
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup();
        findings
    }
}
