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
//! Stages 1 and 2 and the article rules run per file, in parallel, and free
//! each article's normalized text when done ([`Checker::check_paths`]);
//! [`timings`] measures the stages and [`scan`] finds lexicon words fast.
//!
//! Used as a library:
//!
//! ```
//! use tadqiq::article::Article;
//! use tadqiq::lexicon::Lexicon;
//! use tadqiq::{Checker, Options};
//!
//! let checker = Checker::new(Lexicon::embedded()?, Options::default());
//! let text = "أعلن التحالف في السادس من يناير/كانون الأول الماضي وقف التدريب.";
//! let article = Article::from_text("wire.txt", text.to_string(), None)?;
//! let findings = checker.check(&[article]);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].code, "month-pair");
//! assert_eq!(&text[findings[0].labels[0].span.range()], "يناير");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
pub mod scan;
pub mod story;
pub mod suppress;
pub mod text;
pub mod timings;

#[cfg(test)]
pub(crate) mod testing;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::article::Article;
use crate::claims::ArticleClaims;
use crate::error::InputError;
use crate::finding::Finding;
use crate::lexicon::Lexicon;
use crate::report::Report;
use crate::rules::{ArticleContext, RULES, Rule, Scope, StoryContext};
use crate::story::Story;
use crate::timings::{FileTimes, Timings};

/// How a check runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publication date for articles whose front matter gives none.
    pub published: Option<NaiveDate>,
    /// Rule selection, severities and file globs (`tadqiq.toml`).
    pub config: config::Config,
    /// Keep every article whole in the report (normalized text included),
    /// for outputs that show all articles, such as the HTML report. By
    /// default only the text of articles a finding points into is kept.
    pub keep_articles: bool,
    /// How much is read from one file (size and line length).
    pub limits: input::Limits,
}

/// Called as files are read: `(done, total)`. It may be called from any
/// thread.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

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

    /// How this checker groups articles into stories (`[story]` of the configuration).
    fn story_params(&self) -> story::Params {
        self.options.config.story_params()
    }

    /// The folder the rule data was read from, if not the embedded set.
    pub fn rules_folder(&self) -> Option<&std::path::Path> {
        self.options.config.rules_folder.value.as_deref()
    }

    /// Finds, reads and checks every article under `paths`.
    pub fn check_paths(&self, paths: &[PathBuf]) -> Report {
        self.check_paths_timed(paths, &|_, _| {}).0
    }

    /// Groups already loaded (whole) articles into stories, as the story rules see them.
    pub fn stories(&self, articles: &[Article]) -> Vec<Story> {
        let claims: Vec<ArticleClaims> = articles
            .par_iter()
            .map(|a| claims::extract(a, &self.lexicon))
            .collect();
        story::group_with(articles, &claims, &self.lexicon, &self.story_params())
    }

    /// Finds and reads every article under `paths` and groups them into
    /// stories (for `tadqiq stories`); unreadable articles are returned as
    /// errors.
    pub fn stories_paths(&self, paths: &[PathBuf]) -> (Vec<Article>, Vec<Story>, Vec<InputError>) {
        let (files, mut errors) = self.discover(paths);
        let read: Vec<_> = files
            .par_iter()
            .map(|found| {
                input::read_found_article(found, self.options.published, &self.options.limits)
            })
            .collect();
        let mut articles = Vec::with_capacity(read.len());
        for r in read {
            match r {
                Ok(a) => articles.push(a),
                Err(e) => errors.push(e),
            }
        }
        let stories = self.stories(&articles);
        (articles, stories, errors)
    }

    /// What tadqiq read in each (whole) article, for hover and the HTML report.
    pub fn readings(&self, articles: &[Article]) -> Vec<Vec<readings::Reading>> {
        articles
            .par_iter()
            .map(|a| readings::readings(a, &claims::extract(a, &self.lexicon), &self.lexicon))
            .collect()
    }

    /// [`Checker::readings`] of a report checked with `keep_articles`,
    /// from the claims the check extracted (extracting again only if the
    /// report kept none).
    pub fn report_readings(&self, report: &Report) -> Vec<Vec<readings::Reading>> {
        if report.claims.len() != report.articles.len() {
            return self.readings(&report.articles);
        }
        report
            .articles
            .par_iter()
            .zip(&report.claims)
            .map(|(a, c)| readings::readings(a, c, &self.lexicon))
            .collect()
    }

    /// The article files under `paths`: files found by walking a folder are
    /// kept only when the configuration's globs want them; files named
    /// explicitly always are.
    fn discover(&self, paths: &[PathBuf]) -> (Vec<input::Found>, Vec<InputError>) {
        let (mut files, errors) = input::discover_files(paths);
        files.retain(|f| paths.contains(&f.path) || self.options.config.wants_file(&f.path));
        (files, errors)
    }

    /// [`Checker::check_paths`], also returning how long each stage took.
    ///
    /// Files are read, normalized, extracted and put through the article
    /// rules in parallel, one task per file, and each article's normalized
    /// map is freed as soon as its task ends, so memory holds one map per
    /// thread rather than one per article. Results are collected in file
    /// order, so the report is the same whatever the number of threads.
    pub fn check_paths_timed(
        &self,
        paths: &[PathBuf],
        progress: Progress<'_>,
    ) -> (Report, Timings) {
        let mut timings = Timings {
            threads: rayon::current_num_threads(),
            ..Timings::default()
        };
        let started = Instant::now();
        let (files, mut errors) = self.discover(paths);
        timings.discover = started.elapsed();

        let started = Instant::now();
        let cpu_before = timings::process_cpu();
        let done = AtomicUsize::new(0);
        let loaded: Vec<_> = files
            .par_iter()
            .enumerate()
            .map(|(file, found)| {
                let result = self.load_and_check_article(file, found);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
                result
            })
            .collect();
        timings.parallel = started.elapsed();
        timings.parallel_cpu = cpu_before
            .zip(timings::process_cpu())
            .map(|(before, after)| after.saturating_sub(before));

        // Article rules labelled their findings with the file's position;
        // labels index the articles that could be read.
        let mut article_of_file = vec![0; files.len()];
        let (mut articles, mut claims, mut findings) = (Vec::new(), Vec::new(), Vec::new());
        for (file, (result, times)) in loaded.into_iter().enumerate() {
            timings.add_file(&times);
            match result {
                Ok((article, article_claims, article_findings)) => {
                    article_of_file[file] = articles.len();
                    timings.bytes += article.source.len() as u64;
                    articles.push(article);
                    claims.push(article_claims);
                    findings.extend(article_findings);
                }
                Err(e) => errors.push(e),
            }
        }
        for label in findings.iter_mut().flat_map(|f| f.labels.iter_mut()) {
            label.article = article_of_file[label.article];
        }
        timings.articles = articles.len();

        let started = Instant::now();
        let stories = story::group_with(&articles, &claims, &self.lexicon, &self.story_params());
        timings.group = started.elapsed();

        let started = Instant::now();
        findings.extend(self.check_stories(&stories, &articles, &claims));
        let findings = self.finish(&articles, findings);
        // The report shows text only where a finding points.
        let mut shown = vec![false; articles.len()];
        for label in findings.iter().flat_map(|f| &f.labels) {
            shown[label.article] = true;
        }
        if !self.options.keep_articles {
            for (article, shown) in articles.iter_mut().zip(shown) {
                if !shown {
                    article.release_text();
                }
            }
        }
        timings.story_rules = started.elapsed();
        let report = Report {
            articles,
            findings,
            errors,
            stories,
            claims: if self.options.keep_articles {
                claims
            } else {
                Vec::new()
            },
        };
        (report, timings)
    }

    /// Reads one file and runs everything that needs its text: extraction
    /// and the article rules (labelled with `file`, the file's position).
    /// The normalized map is freed before returning.
    #[allow(clippy::type_complexity)]
    fn load_and_check_article(
        &self,
        file: usize,
        found: &input::Found,
    ) -> (
        Result<(Article, ArticleClaims, Vec<Finding>), InputError>,
        FileTimes,
    ) {
        let mut times = FileTimes::default();
        let started = Instant::now();
        let normalizing = text::normalize_time();
        let read = input::read_found_article(found, self.options.published, &self.options.limits);
        times.normalize = text::normalize_time() - normalizing;
        times.load = started.elapsed() - times.normalize;
        let mut article = match read {
            Ok(article) => article,
            Err(e) => return (Err(e), times),
        };
        let started = Instant::now();
        let claims = claims::extract(&article, &self.lexicon);
        times.extract = started.elapsed();
        let started = Instant::now();
        let findings = self.check_article(file, &article, &claims);
        times.article_rules = started.elapsed();
        if !self.options.keep_articles {
            article.release_norm();
        }
        (Ok((article, claims, findings)), times)
    }

    /// Runs every rule on already loaded articles.
    ///
    /// Unlike [`Checker::check_paths`], this keeps every article whole.
    pub fn check(&self, articles: &[Article]) -> Vec<Finding> {
        let claims: Vec<ArticleClaims> = articles
            .par_iter()
            .map(|article| claims::extract(article, &self.lexicon))
            .collect();
        self.check_extracted(articles, &claims)
    }

    /// [`Checker::check`] with the claims already extracted (`claims[i]`
    /// are those of `articles[i]`): the language server keeps the claims of
    /// the workspace files that did not change between two checks.
    pub(crate) fn check_extracted(
        &self,
        articles: &[Article],
        claims: &[ArticleClaims],
    ) -> Vec<Finding> {
        let mut findings: Vec<Finding> = articles
            .par_iter()
            .zip(claims)
            .enumerate()
            .flat_map_iter(|(index, (article, claims))| self.check_article(index, article, claims))
            .collect();
        let stories = story::group_with(articles, claims, &self.lexicon, &self.story_params());
        findings.extend(self.check_stories(&stories, articles, claims));
        self.finish(articles, findings)
    }

    /// Runs the article rules on one article.
    fn check_article(
        &self,
        index: usize,
        article: &Article,
        claims: &ArticleClaims,
    ) -> Vec<Finding> {
        let cx = ArticleContext {
            index,
            article,
            claims,
            lexicon: &self.lexicon,
        };
        let mut findings = Vec::new();
        for rule in self.rules.iter().filter(|r| r.scope() == Scope::Article) {
            rule.check_article(&cx, &mut findings);
        }
        findings
    }

    /// Runs the story rules on every story, stories in parallel.
    fn check_stories(
        &self,
        stories: &[Story],
        articles: &[Article],
        claims: &[ArticleClaims],
    ) -> Vec<Finding> {
        stories
            .par_iter()
            .flat_map_iter(|story| {
                let cx = StoryContext {
                    story,
                    articles,
                    claims,
                    lexicon: &self.lexicon,
                };
                let mut findings = Vec::new();
                for rule in self.rules.iter().filter(|r| r.scope() == Scope::Story) {
                    rule.check_story(&cx, &mut findings);
                }
                findings
            })
            .collect()
    }

    /// Sorts findings into report order, drops duplicates, then applies the
    /// configuration (severities) and the suppressions written in the
    /// articles. The sort is stable and its key total enough that the order
    /// never depends on which thread finished first.
    fn finish(&self, articles: &[Article], mut findings: Vec<Finding>) -> Vec<Finding> {
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup();
        let config = &self.options.config;
        config.apply(&mut findings);
        let mut findings = suppress::apply(articles, findings, &|c| config.enabled(c));
        config.apply(&mut findings);
        findings
    }
}
