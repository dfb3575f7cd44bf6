//! Timings: how long each stage of a check took, for `check --timings`.
//!
//! Reading, normalizing, extracting and the article rules run for many
//! files at once on every thread, so their figures are summed over threads
//! (the time spent in the stage, which can exceed the wall-clock time of the
//! parallel pass); the other stages run once and are wall-clock times. The
//! main decision is to measure inside the real run, not to run the stages
//! one after another for the sake of measurement, so the figures describe
//! the run that produced the report. Summed stage times include time a
//! thread waited for a core, so the process's CPU time during the parallel
//! pass is read too (two clock reads per run, not per file: a thread's CPU
//! clock costs a system call): on a busy machine that is the figure to
//! compare with another program's CPU time.

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
    /// CPU time of the whole process (every thread, user and system)
    /// during the parallel pass, where the platform gives it. Unlike the
    /// summed stage times it leaves out time a thread waited for a core,
    /// so on a busy machine it is the one to compare with another
    /// program's CPU time.
    pub parallel_cpu: Option<Duration>,
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
            (
                "parallel-cpu",
                self.parallel_cpu.unwrap_or_default(),
                if self.parallel_cpu.is_some() {
                    " (CPU time of every thread during the parallel pass)"
                } else {
                    " (not measured on this platform)"
                },
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

/// CPU time the process has used so far, every thread, user and system.
pub(crate) fn process_cpu() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable `timespec` that outlives the
        // call, and the clock is one every unix defines. (libc's own call,
        // not a vDSO parser of our own: that crashes under valgrind.)
        let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
        if status != 0 {
            return None;
        }
        Some(Duration::new(
            u64::try_from(t.tv_sec).ok()?,
            u32::try_from(t.tv_nsec).ok()?,
        ))
    }
    #[cfg(not(unix))]
    {
        None
    }
}
