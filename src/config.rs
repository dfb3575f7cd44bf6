//! Configuration: `tadqiq.toml`, found by walking up from the checked path.
//!
//! A newsroom keeps one `tadqiq.toml` at the root of its copy repository to
//! choose rules (`[rules] select` / `ignore`), change a rule's severity
//! (`[rules.severity]`), add a folder of rule data (`[rules] folder`) and
//! limit which files are checked (`[files] include` / `exclude`, globs
//! relative to the configuration file), and to tune how articles are
//! grouped into stories (`[story] window-days` / `min-score`). The main decision is that the file
//! is validated as strictly as the rule data: an unknown key, an unknown
//! rule code, a bad severity or a bad glob stops the run with the file,
//! line and key, and every effective value remembers where it came from
//! (default, file and line, or command line) so `tadqiq config` can say.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::finding::{Finding, Severity};
use crate::rules::RULES;

/// The file name searched for in the checked folder and its ancestors.
pub const FILE_NAME: &str = "tadqiq.toml";

/// A configuration file that could not be loaded (boxed: it carries the text).
#[derive(Debug, Error, Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct ConfigError(Box<ConfigErrorDetail>);

impl ConfigError {
    /// What is wrong, with the file and position.
    pub fn message(&self) -> String {
        self.0.to_string()
    }
}

/// What is wrong with a configuration file, and where.
#[derive(Debug, Error, Diagnostic)]
#[error("{file}: {message}")]
#[diagnostic(code(tadqiq::config))]
pub struct ConfigErrorDetail {
    file: String,
    message: String,
    #[source_code]
    src: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
}

impl ConfigError {
    fn at(
        file: &Path,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        let file = file.display().to_string();
        let message = message.into();
        let message = match &span {
            Some(r) => {
                let (l, c) = crate::text::LineIndex::new(text).line_column(text, r.start);
                format!("line {l}, column {c}: {message}")
            }
            None => message,
        };
        ConfigError(Box::new(ConfigErrorDetail {
            src: NamedSource::new(&file, text.to_string()),
            file,
            message,
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            label: label.into(),
        }))
    }
}

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// tadqiq's built-in default.
    Default,
    /// A line of a configuration file.
    File {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line of the value.
        line: usize,
    },
    /// A command-line option.
    CommandLine(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::CommandLine(flag) => write!(f, "command line ({flag})"),
        }
    }
}

/// A value with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Setting {
            value,
            origin: Origin::Default,
        }
    }
}

/// The effective configuration of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The configuration file read, if any.
    pub file: Option<PathBuf>,
    /// Rules that run (codes); every rule by default.
    pub select: Setting<Vec<String>>,
    /// Rules (or suppression codes) that never report.
    pub ignore: Setting<Vec<String>>,
    /// Severity overrides by code.
    pub severity: BTreeMap<String, Setting<Severity>>,
    /// An extra folder of rule data (like `--rules DIR`).
    pub rules_folder: Setting<Option<PathBuf>>,
    /// Globs a walked file must match (all files when empty).
    pub include: Setting<Vec<String>>,
    /// Globs that exclude walked files.
    pub exclude: Setting<Vec<String>>,
    /// How articles are grouped into stories.
    pub story: StorySettings,
    /// Folder the globs are relative to.
    base: PathBuf,
    include_set: GlobSet,
    exclude_set: GlobSet,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            select: Setting::default(RULES.iter().map(|r| r.code().to_string()).collect()),
            ignore: Setting::default(Vec::new()),
            severity: BTreeMap::new(),
            rules_folder: Setting::default(None),
            include: Setting::default(Vec::new()),
            exclude: Setting::default(Vec::new()),
            story: StorySettings::default(),
            base: PathBuf::from("."),
            include_set: GlobSet::empty(),
            exclude_set: GlobSet::empty(),
        }
    }
}

/// The `[story]` table: story grouping's window and score threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct StorySettings {
    /// At most this many days between the publication dates of two
    /// articles of one story (`window-days`).
    pub window_days: Setting<u32>,
    /// The score two articles' shared keys need for them to be joined (`min-score`).
    pub min_score: Setting<f64>,
}

impl Default for StorySettings {
    fn default() -> Self {
        let p = crate::story::Params::default();
        StorySettings {
            window_days: Setting::default(p.window_days),
            min_score: Setting::default(p.min_score),
        }
    }
}

/// The widest story window accepted, in days. Wider windows join follow-ups,
/// anniversary pieces and timelines to the event they look back on, and
/// make publication buckets so wide that the busiest keys stop proposing
/// pairs at all.
pub const MAX_WINDOW_DAYS: u32 = 31;

/// The highest `min-score` accepted; a site and an event date together
/// score 3.0, so a threshold above this joins nothing in practice.
pub const MAX_MIN_SCORE: f64 = 20.0;

/// Validates a story window (`window-days`, `--window-days`).
pub fn check_window_days(days: i64) -> Result<u32, String> {
    u32::try_from(days)
        .ok()
        .filter(|d| *d <= MAX_WINDOW_DAYS)
        .ok_or_else(|| {
            format!(
                "the story window must be a whole number of days from 0 to {MAX_WINDOW_DAYS}, not {days}"
            )
        })
}

/// Validates a story score threshold (`min-score`, `--min-score`).
pub fn check_min_score(score: f64) -> Result<f64, String> {
    if score.is_finite() && score > 0.0 && score <= MAX_MIN_SCORE {
        Ok(score)
    } else {
        Err(format!(
            "the story score threshold must be greater than 0 and at most {MAX_MIN_SCORE}, not {score}"
        ))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    rules: Option<RawRules>,
    files: Option<RawFiles>,
    story: Option<RawStory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawStory {
    // Any TOML value, so that a string or a fraction gets a message in
    // the newsroom's terms rather than serde's ("expected i64").
    window_days: Option<Spanned<toml::Value>>,
    min_score: Option<Spanned<toml::Value>>,
}

type SpannedList = Spanned<Vec<Spanned<String>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    select: Option<SpannedList>,
    ignore: Option<SpannedList>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    folder: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    include: Option<SpannedList>,
    exclude: Option<SpannedList>,
}

/// Every code a configuration may name: the rules and the suppression checks.
pub fn known_codes() -> Vec<&'static str> {
    RULES
        .iter()
        .map(|r| r.code())
        .chain(crate::suppress::CODES.iter().copied())
        .collect()
}

fn is_rule(code: &str) -> bool {
    RULES.iter().any(|r| r.code() == code)
}

impl Config {
    /// Finds `tadqiq.toml` in the folder of `path` (or `path` itself when it
    /// is a folder) or any of its ancestors.
    pub fn discover(path: &Path) -> Option<PathBuf> {
        let start = std::fs::canonicalize(path).ok()?;
        let start = if start.is_dir() {
            start
        } else {
            start.parent()?.to_path_buf()
        };
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|f| f.is_file())
    }

    /// The one configuration file for a run over `paths`: the
    /// `tadqiq.toml` that [`Config::discover`] finds for every path, or
    /// `None` when none finds one. A run has one configuration, because
    /// its articles are grouped into stories together (the window, the
    /// rule data and the rule selection cannot differ between two articles
    /// of one story), so two paths that find different files, or one that
    /// finds a file and one that finds none, are an error naming both.
    /// Paths that do not exist are left to the input stage to report.
    pub fn discover_common(paths: &[PathBuf]) -> Result<Option<PathBuf>, String> {
        let mut first: Option<(&PathBuf, Option<PathBuf>)> = None;
        for path in paths.iter().filter(|p| p.exists()) {
            let found = Config::discover(path);
            match &first {
                None => first = Some((path, found)),
                Some((_, seen)) if *seen == found => {}
                Some((other, seen)) => {
                    let uses = |p: &Path, f: &Option<PathBuf>| match f {
                        Some(f) => format!("`{}` uses {}", p.display(), f.display()),
                        None => format!(
                            "`{}` has no {FILE_NAME} above it (built-in defaults)",
                            p.display()
                        ),
                    };
                    return Err(format!(
                        "the paths have different configurations:\n  {}\n  {}\none run has one \
                         configuration, since its articles are grouped into stories together: \
                         name one with --config FILE, or check the paths separately",
                        uses(other, seen),
                        uses(path, &found)
                    ));
                }
            }
        }
        Ok(first.and_then(|(_, f)| f))
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::at(path, "", None, format!("cannot read: {e}"), ""))?;
        Config::parse(path, &text)
    }

    /// Validates configuration text read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            ConfigError::at(path, text, e.span(), e.message().trim().to_string(), "here")
        })?;
        let lines = crate::text::LineIndex::new(text);
        let origin = |at: usize| Origin::File {
            path: path.to_path_buf(),
            line: lines.line_column(text, at).0,
        };
        let known = known_codes();
        let check_code = |code: &Spanned<String>, only_rules: bool| {
            let ok = if only_rules {
                is_rule(code.get_ref())
            } else {
                known.contains(&code.get_ref().as_str())
            };
            if ok {
                Ok(code.get_ref().clone())
            } else {
                Err(ConfigError::at(
                    path,
                    text,
                    Some(code.span()),
                    format!(
                        "unknown rule code `{}`; the codes are: {}",
                        code.get_ref(),
                        known.join(", ")
                    ),
                    "not a rule",
                ))
            }
        };
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let mut config = Config {
            file: Some(path.to_path_buf()),
            base: base.clone(),
            ..Config::default()
        };
        if let Some(rules) = raw.rules {
            if let Some(select) = rules.select {
                config.select = Setting {
                    value: select
                        .get_ref()
                        .iter()
                        .map(|c| check_code(c, true))
                        .collect::<Result<_, _>>()?,
                    origin: origin(select.span().start),
                };
            }
            if let Some(ignore) = rules.ignore {
                config.ignore = Setting {
                    value: ignore
                        .get_ref()
                        .iter()
                        .map(|c| check_code(c, false))
                        .collect::<Result<_, _>>()?,
                    origin: origin(ignore.span().start),
                };
            }
            for (code, value) in rules.severity.unwrap_or_default() {
                let code_text = check_code(&code, false)?;
                let severity = match value.get_ref().as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    "advice" => Severity::Advice,
                    other => {
                        return Err(ConfigError::at(
                            path,
                            text,
                            Some(value.span()),
                            format!(
                                "unknown severity `{other}` for `{code_text}`; use \"error\", \"warning\" or \"advice\""
                            ),
                            "not a severity",
                        ));
                    }
                };
                config.severity.insert(
                    code_text,
                    Setting {
                        value: severity,
                        origin: origin(code.span().start),
                    },
                );
            }
            if let Some(folder) = rules.folder {
                let dir = if base == Path::new(".") {
                    PathBuf::from(folder.get_ref())
                } else {
                    base.join(folder.get_ref())
                };
                if !dir.is_dir() {
                    return Err(ConfigError::at(
                        path,
                        text,
                        Some(folder.span()),
                        format!("the rules folder `{}` does not exist", dir.display()),
                        "no such folder",
                    ));
                }
                config.rules_folder = Setting {
                    value: Some(dir),
                    origin: origin(folder.span().start),
                };
            }
        }
        if let Some(files) = raw.files {
            for (list, slot, set) in [
                (files.include, &mut config.include, &mut config.include_set),
                (files.exclude, &mut config.exclude, &mut config.exclude_set),
            ] {
                let Some(list) = list else { continue };
                let mut builder = GlobSetBuilder::new();
                for glob in list.get_ref() {
                    let g = Glob::new(glob.get_ref()).map_err(|e| {
                        ConfigError::at(
                            path,
                            text,
                            Some(glob.span()),
                            format!("bad glob `{}`: {}", glob.get_ref(), e.kind()),
                            "bad glob",
                        )
                    })?;
                    builder.add(g);
                }
                *set = builder.build().map_err(|e| {
                    ConfigError::at(path, text, Some(list.span()), e.to_string(), "")
                })?;
                *slot = Setting {
                    value: list.get_ref().iter().map(|g| g.get_ref().clone()).collect(),
                    origin: origin(list.span().start),
                };
            }
        }
        if let Some(story) = raw.story {
            let bad = |span: std::ops::Range<usize>, message: String| {
                ConfigError::at(path, text, Some(span), message, "not accepted")
            };
            if let Some(days) = story.window_days {
                let value = match days.get_ref() {
                    toml::Value::Integer(d) => check_window_days(*d),
                    other => Err(format!(
                        "`window-days` must be a whole number of days, not a {}",
                        other.type_str()
                    )),
                };
                config.story.window_days = Setting {
                    value: value.map_err(|m| bad(days.span(), m))?,
                    origin: origin(days.span().start),
                };
            }
            if let Some(score) = story.min_score {
                let value = match score.get_ref() {
                    toml::Value::Integer(n) => check_min_score(*n as f64),
                    toml::Value::Float(x) => check_min_score(*x),
                    other => Err(format!(
                        "`min-score` must be a number, not a {}",
                        other.type_str()
                    )),
                };
                config.story.min_score = Setting {
                    value: value.map_err(|m| bad(score.span(), m))?,
                    origin: origin(score.span().start),
                };
            }
        }
        Ok(config)
    }

    /// Sets the story window from `--window-days`, which wins over the file
    /// (the value is checked by [`check_window_days`] when parsed).
    pub fn set_window_days_from_cli(&mut self, days: u32) {
        self.story.window_days = Setting {
            value: days,
            origin: Origin::CommandLine("--window-days"),
        };
    }

    /// Sets the story score threshold from `--min-score`, which wins over the file.
    pub fn set_min_score_from_cli(&mut self, score: f64) {
        self.story.min_score = Setting {
            value: score,
            origin: Origin::CommandLine("--min-score"),
        };
    }

    /// The story grouping parameters this configuration asks for.
    pub fn story_params(&self) -> crate::story::Params {
        crate::story::Params {
            window_days: self.story.window_days.value,
            min_score: self.story.min_score.value,
        }
    }

    /// Sets the rules folder from `--rules DIR`, which wins over the file.
    pub fn set_rules_folder_from_cli(&mut self, dir: PathBuf) {
        self.rules_folder = Setting {
            value: Some(dir),
            origin: Origin::CommandLine("--rules"),
        };
    }

    /// Whether findings with `code` are reported at all.
    pub fn enabled(&self, code: &str) -> bool {
        let selected = !is_rule(code) || self.select.value.iter().any(|c| c == code);
        selected && !self.ignore.value.iter().any(|c| c == code)
    }

    /// Whether a file found by walking a folder is checked.
    pub fn wants_file(&self, file: &Path) -> bool {
        if self.include.value.is_empty() && self.exclude.value.is_empty() {
            return true;
        }
        // Globs are relative to the configuration file's folder; compare
        // canonical paths so `../copy/x.md` and `copy/x.md` agree.
        let rel = match (
            std::fs::canonicalize(file),
            std::fs::canonicalize(&self.base),
        ) {
            (Ok(f), Ok(b)) => f.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(f),
            _ => file.to_path_buf(),
        };
        (self.include.value.is_empty() || self.include_set.is_match(&rel))
            && !self.exclude_set.is_match(&rel)
    }

    /// Applies severity overrides and drops findings of disabled codes.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| self.enabled(f.code));
        for f in findings {
            if let Some(s) = self.severity.get(f.code) {
                f.severity = s.value;
            }
        }
    }

    /// The effective configuration as TOML, each value commented with its origin.
    pub fn render(&self) -> String {
        let mut out = String::new();
        match &self.file {
            Some(f) => {
                let _ = writeln!(out, "# configuration file: {}", f.display());
            }
            None => out.push_str("# no configuration file found; built-in defaults\n"),
        }
        let list = |v: &[String]| {
            let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
            format!("[{}]", items.join(", "))
        };
        let line = |out: &mut String, key: &str, value: String, origin: &Origin| {
            let _ = writeln!(out, "{:<40} # {origin}", format!("{key} = {value}"));
        };
        out.push_str("\n[rules]\n");
        line(
            &mut out,
            "select",
            list(&self.select.value),
            &self.select.origin,
        );
        line(
            &mut out,
            "ignore",
            list(&self.ignore.value),
            &self.ignore.origin,
        );
        match &self.rules_folder.value {
            Some(dir) => line(
                &mut out,
                "folder",
                format!("{:?}", dir.display().to_string()),
                &self.rules_folder.origin,
            ),
            None => {
                let _ = writeln!(
                    out,
                    "{:<40} # {}",
                    "# folder = (none: embedded rule data)", self.rules_folder.origin
                );
            }
        }
        out.push_str("\n[rules.severity]\n");
        let codes: BTreeSet<&str> = known_codes().into_iter().collect();
        for code in codes {
            let (severity, origin) = match self.severity.get(code) {
                Some(s) => (s.value, s.origin.clone()),
                None => (default_severity(code), Origin::Default),
            };
            line(&mut out, code, format!("\"{severity}\""), &origin);
        }
        out.push_str("\n[files]\n");
        line(
            &mut out,
            "include",
            list(&self.include.value),
            &self.include.origin,
        );
        line(
            &mut out,
            "exclude",
            list(&self.exclude.value),
            &self.exclude.origin,
        );
        out.push_str("\n[story]\n");
        line(
            &mut out,
            "window-days",
            self.story.window_days.value.to_string(),
            &self.story.window_days.origin,
        );
        line(
            &mut out,
            "min-score",
            format!("{:?}", self.story.min_score.value),
            &self.story.min_score.origin,
        );
        out
    }
}

/// The severity of a code when configuration says nothing.
pub fn default_severity(code: &str) -> Severity {
    RULES
        .iter()
        .find(|r| r.code() == code)
        .map(|r| r.default_severity())
        .unwrap_or_else(|| crate::suppress::default_severity(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("tadqiq.toml"), text)
    }

    #[test]
    fn reads_selection_severity_and_globs() {
        let c = parse(
            "[rules]\nignore = [\"unused-suppression\"]\n\n[rules.severity]\nmonth-pair = \"warning\"\n\n[files]\nexclude = [\"drafts/**\"]\n",
        )
        .unwrap();
        assert!(c.enabled("month-pair"));
        assert!(!c.enabled("unused-suppression"));
        assert_eq!(c.severity["month-pair"].value, Severity::Warning);
        assert_eq!(
            c.severity["month-pair"].origin,
            Origin::File {
                path: "tadqiq.toml".into(),
                line: 5
            }
        );
        assert!(!c.wants_file(Path::new("drafts/a.md")));
        assert!(c.wants_file(Path::new("wires/a.md")));
        let shown = c.render();
        assert!(
            shown.contains("month-pair = \"warning\"") && shown.contains("tadqiq.toml:5"),
            "{shown}"
        );
    }

    #[test]
    fn rules_folder_is_relative_to_the_file_and_the_command_line_wins() {
        // Tests run in the package folder, which has `rules/`.
        let mut c = parse("[rules]\nfolder = \"rules\"\n").unwrap();
        assert_eq!(c.rules_folder.value.as_deref(), Some(Path::new("rules")));
        assert!(c.render().contains("folder = \"rules\""));
        c.set_rules_folder_from_cli("other".into());
        assert!(
            c.render().contains("command line (--rules)"),
            "{}",
            c.render()
        );
    }

    #[test]
    fn select_limits_rules() {
        let c = parse("[rules]\nselect = []\n").unwrap();
        assert!(!c.enabled("month-pair"));
        // Suppression checks are not rules: `select` does not switch them off.
        assert!(c.enabled("unused-suppression"));
    }

    #[test]
    fn errors_name_line_and_key() {
        let e = parse("[rules]\nselect = [\"month-pair\"]\nignor = []\n")
            .unwrap_err()
            .message();
        assert!(e.contains("line 3") && e.contains("ignor"), "{e}");
        let e = parse("[rules]\nignore = [\"month-pear\"]\n")
            .unwrap_err()
            .message();
        assert!(e.contains("line 2") && e.contains("month-pear"), "{e}");
        let e = parse("[rules.severity]\nweek-day = \"warning\"\n")
            .unwrap_err()
            .message();
        assert!(e.contains("line 2") && e.contains("`week-day`"), "{e}");
        let e = parse("[rules.severity]\nmonth-pair = \"fatal\"\n")
            .unwrap_err()
            .message();
        assert!(e.contains("line 2") && e.contains("fatal"), "{e}");
        let e = parse("[files]\ninclude = [\"a/[\"]\n")
            .unwrap_err()
            .message();
        assert!(e.contains("line 2") && e.contains("bad glob"), "{e}");
        let e = parse("[rules]\nfolder = \"no-such-folder\"\n")
            .unwrap_err()
            .message();
        assert!(e.contains("line 2") && e.contains("does not exist"), "{e}");
        let e = parse("[story]\nwindow = 3\n").unwrap_err().message();
        assert!(
            e.contains("line 2") && e.contains("`window`") && e.contains("window-days"),
            "{e}"
        );
    }

    #[test]
    fn story_table_sets_window_and_threshold_with_origins() {
        let c = parse("[story]\nwindow-days = 7\nmin-score = 3\n").unwrap();
        assert_eq!(
            c.story_params(),
            crate::story::Params {
                window_days: 7,
                min_score: 3.0
            }
        );
        assert_eq!(
            c.story.min_score.origin,
            Origin::File {
                path: "tadqiq.toml".into(),
                line: 3
            }
        );
        let shown = c.render();
        assert!(
            shown.contains("window-days = 7") && shown.contains("tadqiq.toml:2"),
            "{shown}"
        );
        assert!(shown.contains("min-score = 3.0"), "{shown}");
        let mut c = parse("[story]\nmin-score = 2.5\n").unwrap();
        assert_eq!(c.story.window_days.origin, Origin::Default);
        c.set_window_days_from_cli(0);
        assert_eq!(c.story_params().window_days, 0);
        assert!(c.render().contains("command line (--window-days)"));
        // No table: today's grouping.
        assert_eq!(
            Config::default().story_params(),
            crate::story::Params::default()
        );
    }

    #[test]
    fn story_values_out_of_range_or_of_the_wrong_type_are_errors() {
        for (text, needle) in [
            ("[story]\nwindow-days = -1\n", "from 0 to 31, not -1"),
            ("[story]\nwindow-days = 400\n", "not 400"),
            (
                "[story]\nwindow-days = 3.5\n",
                "whole number of days, not a float",
            ),
            ("[story]\nwindow-days = \"3\"\n", "string"),
            ("[story]\nmin-score = 0\n", "greater than 0"),
            ("[story]\nmin-score = -2.0\n", "not -2"),
            ("[story]\nmin-score = 1e9\n", "at most 20"),
            ("[story]\nmin-score = nan\n", "not NaN"),
            (
                "[story]\nmin-score = \"high\"\n",
                "must be a number, not a string",
            ),
        ] {
            let e = parse(text).unwrap_err().message();
            assert!(e.contains("line 2") && e.contains(needle), "{text}: {e}");
        }
        let e = parse("[story]\nwindow_days = 5\n").unwrap_err().message();
        assert!(e.contains("line 2") && e.contains("window_days"), "{e}");
    }
}
