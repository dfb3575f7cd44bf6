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
pub mod baseline;
pub mod calendar;
pub mod claims;
pub mod config;
pub mod error;
pub mod finding;
pub mod input;
pub mod lexicon;
pub mod lsp;
pub mod numbers;
pub mod readings;
pub mod report;
pub mod rules;
pub mod story;
pub mod suppress;
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
    /// Rule selection, severities and file globs (`tadqiq.toml`).
    pub config: config::Config,
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
            rules: RULES
                .iter()
                .copied()
                .filter(|r| options.config.enabled(r.code()))
                .collect(),
            options,
        }
    }

    /// The rule data.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Finds, reads and checks every article under `paths`.
    pub fn check_paths(&self, paths: &[PathBuf]) -> Report {
        self.check_paths_with_progress(paths, &|_, _| {})
    }

    /// Like [`Checker::check_paths`], calling `progress(done, total)` as
    /// files are read. Files found by walking a folder are kept only when the
    /// configuration's globs want them; files named explicitly always are.
    pub fn check_paths_with_progress(
        &self,
        paths: &[PathBuf],
        progress: &dyn Fn(usize, usize),
    ) -> Report {
        let (articles, errors) = self.load(paths, progress);
        let findings = self.check(&articles);
        Report {
            articles,
            findings,
            errors,
        }
    }

    /// Finds and reads the articles under `paths`, keeping files found by
    /// walking a folder only when the configuration's globs want them.
    fn load(
        &self,
        paths: &[PathBuf],
        progress: &dyn Fn(usize, usize),
    ) -> (Vec<Article>, Vec<error::InputError>) {
        let (mut files, mut errors) = input::discover(paths);
        files.retain(|f| paths.contains(f) || self.options.config.wants_file(f));
        let mut articles = Vec::with_capacity(files.len());
        for (done, path) in files.iter().enumerate() {
            progress(done, files.len());
            match input::read_article(path, self.options.published) {
                Ok(a) => articles.push(a),
                Err(e) => errors.push(e),
            }
        }
        (articles, errors)
    }

    /// Groups already loaded articles into stories, as the story rules see them.
    pub fn stories(&self, articles: &[Article]) -> Vec<story::Story> {
        let claims: Vec<ArticleClaims> = articles
            .iter()
            .map(|a| claims::extract(a, &self.lexicon))
            .collect();
        story::group(articles, &claims, &self.lexicon)
    }

    /// Finds and reads every article under `paths` and groups them into
    /// stories (for `tadqiq stories`); unreadable articles are returned as
    /// errors.
    pub fn stories_paths(
        &self,
        paths: &[PathBuf],
    ) -> (Vec<Article>, Vec<story::Story>, Vec<error::InputError>) {
        let (articles, errors) = self.load(paths, &|_, _| {});
        let stories = self.stories(&articles);
        (articles, stories, errors)
    }

    /// What tadqiq read in each article, for hover and the HTML report.
    pub fn readings(&self, articles: &[Article]) -> Vec<Vec<readings::Reading>> {
        articles
            .iter()
            .map(|a| readings::readings(a, &claims::extract(a, &self.lexicon), &self.lexicon))
            .collect()
    }

    /// Runs every rule on already loaded articles.
    pub fn check(&self, articles: &[Article]) -> Vec<Finding> {
        let claims: Vec<ArticleClaims> = articles
            .iter()
            .map(|a| claims::extract(a, &self.lexicon))
            .collect();
        let stories = story::group(articles, &claims, &self.lexicon);
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
        let config = &self.options.config;
        config.apply(&mut findings);
        let mut findings = suppress::apply(articles, findings, &|c| config.enabled(c));
        config.apply(&mut findings);
        findings
    }
}
