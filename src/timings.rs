//! Timings: how long each stage of a check took, for `check --timings`.
//!
//! Reading, normalizing, extracting and the article rules run for many
//! files at once on every thread, so their figures are summed over threads
//! (the time spent in the stage, which can exceed the wall-clock time of the
//! parallel pass); the other stages run once and are wall-clock times. The
//! main decision is to measure inside the real run, not to run the stages
//! one after another for the sake of measurement, so the figures describe
//! the run that produced the report.

use std::fmt;
use std::time::Duration;

/// Stage times of one run.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Worker threads used for the parallel pass.
    pub threads: usize,
    /// Articles read.
    pub articles: usize,
    /// Bytes of article text read.
    pub bytes: u64,
    /// Walking the folders (wall clock).
    pub discover: Duration,
    /// Reading, decoding and splitting front matter (summed over threads).
    pub load: Duration,
    /// Normalizing bodies (summed over threads).
    pub normalize: Duration,
    /// Extracting claims (summed over threads).
    pub extract: Duration,
    /// Article rules (summed over threads).
    pub article_rules: Duration,
    /// Wall-clock time of the parallel pass (load to article rules).
    pub parallel: Duration,
    /// Grouping articles into stories (wall clock).
    pub group: Duration,
    /// Story rules, sorting findings and freeing text (wall clock).
    pub story_rules: Duration,
    /// Rendering the report; filled in by the caller that renders.
    pub report: Duration,
    /// The whole run, rendering included; filled in by the caller.
    pub total: Duration,
}

impl Timings {
    /// Adds the per-file times of one article.
    pub(crate) fn add_file(&mut self, file: &FileTimes) {
        self.load += file.load;
        self.normalize += file.normalize;
        self.extract += file.extract;
        self.article_rules += file.article_rules;
    }
}

/// The stage times of one file in the parallel pass.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FileTimes {
    pub(crate) load: Duration,
    pub(crate) normalize: Duration,
    pub(crate) extract: Duration,
    pub(crate) article_rules: Duration,
}

impl fmt::Display for Timings {
    /// One stage a line, `  NAME  SECONDS s`, easy to read and to parse.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "tadqiq timings: {} articles, {:.1} MB, {} threads",
            self.articles,
            self.bytes as f64 / 1e6,
            self.threads
        )?;
        let rows = [
            ("discover", self.discover, ""),
            ("load", self.load, " (summed over threads)"),
            ("normalize", self.normalize, " (summed over threads)"),
            ("extract", self.extract, " (summed over threads)"),
            (
                "article-rules",
                self.article_rules,
                " (summed over threads)",
            ),
            (
                "parallel-pass",
                self.parallel,
                " (wall clock of the four above)",
            ),
            ("group", self.group, ""),
            ("story-rules", self.story_rules, ""),
            ("report", self.report, ""),
            ("total", self.total, ""),
        ];
        for (name, time, note) in rows {
            writeln!(f, "  {name:<14} {:>9.4} s{note}", time.as_secs_f64())?;
        }
        Ok(())
    }
}
