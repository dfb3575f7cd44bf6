//! The `tadqiq` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use tadqiq::baseline::Baseline;
use tadqiq::config::Config;
use tadqiq::lexicon::Lexicon;
use tadqiq::report::human::HumanOptions;
use tadqiq::rules::{self, RULES};
use tadqiq::{Checker, Options};

/// Checks news articles for internal and cross-source inconsistencies.
#[derive(Parser)]
#[command(name = "tadqiq", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check articles (files or folders of .txt and .md) and report findings.
    Check(CheckArgs),
    /// List every rule: code, default severity, one line.
    Rules(RulesArgs),
    /// Group articles into stories and print each group with the evidence that joined it.
    Stories(StoriesArgs),
    /// Explain a rule: what it checks, why it matters, right and wrong copy.
    Explain {
        /// The rule's code, e.g. `month-pair`.
        code: String,
    },
    /// Print the effective configuration and where each value came from.
    Config(ConfigArgs),
    /// Run the language server on standard input and output (for editors).
    Lsp,
}

/// Story grouping options, which win over `[story]` in `tadqiq.toml`.
#[derive(clap::Args)]
struct StoryArgs {
    /// Join two articles into a story only when published at most DAYS
    /// apart (0 to 31; default 3).
    #[arg(long, value_name = "DAYS", value_parser = parse_window_days)]
    window_days: Option<u32>,
    /// The score the keys two articles share need to join them (default 2.0).
    #[arg(long, value_name = "SCORE", value_parser = parse_min_score)]
    min_score: Option<f64>,
}

#[derive(Parser)]
struct ConfigArgs {
    /// The paths whose configuration to show (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Read this configuration file instead of looking for tadqiq.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read rule data from this folder (wins over the configuration file).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    #[command(flatten)]
    story: StoryArgs,
}

#[derive(Parser)]
struct RulesArgs {
    /// Read rule data from this folder instead of the embedded set.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Parser)]
struct StoriesArgs {
    /// Files or folders to group.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for articles whose front matter gives none.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// Read rule data from this folder; files found there replace the embedded ones.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Read this configuration file instead of looking for tadqiq.toml
    /// in the PATHs' folders and their ancestors.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    story: StoryArgs,
}

#[derive(Parser)]
struct CheckArgs {
    /// Files or folders to check.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Publication date (YYYY-MM-DD) for articles whose front matter gives none.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// Read rule data from this folder; files found there replace the embedded ones.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Make findings of this severity fail the run (exit 1); only `warnings`.
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,
    /// When to use colours in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Width of the human report in columns (default: $COLUMNS, else 100).
    #[arg(long, value_name = "N")]
    width: Option<usize>,
    /// Read this configuration file instead of looking for tadqiq.toml
    /// in the PATHs' folders and their ancestors.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    story: StoryArgs,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Print only the summary line, and nothing when there is no finding.
    #[arg(long, short)]
    quiet: bool,
    /// Print a count of findings per rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Hide the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Print how long each stage took to standard error.
    #[arg(long)]
    timings: bool,
    /// Skip (and report) files larger than this (bytes, or with K, M, G).
    #[arg(long, value_name = "SIZE", value_parser = tadqiq::input::parse_size,
          default_value = "64M")]
    max_file_size: u64,
    /// Skip (and report) files with a line longer than this (bytes, or with K, M, G).
    #[arg(long, value_name = "SIZE", value_parser = tadqiq::input::parse_size,
          default_value = "1M")]
    max_line_length: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page, stories side by side (use with --output).
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// The number of files from which a progress bar is worth drawing.
const PROGRESS_FROM: usize = 50;

fn parse_window_days(s: &str) -> Result<u32, String> {
    let days: i64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a whole number of days"))?;
    tadqiq::config::check_window_days(days)
}

fn parse_min_score(s: &str) -> Result<f64, String> {
    let score: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    tadqiq::config::check_min_score(score)
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a YYYY-MM-DD date: {e}"))
}

/// The allocator of the command line (the library leaves the choice to
/// its user). A check makes a few hundred small allocations per article
/// on two threads; glibc's malloc spent about 13 % of all instructions on
/// them, mimalloc about half of that (BENCHMARKS.md, fifth session).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

/// Turns transparent huge pages off for this process. mimalloc reserves
/// memory in large aligned regions, which a kernel with huge pages set to
/// `always` backs with 2 MiB pages that it clears whole at the first
/// touch: a 100,000-article check then spent a quarter of its time in the
/// kernel clearing pages, and used more CPU than with glibc's malloc.
/// With 4 KiB pages it uses less (BENCHMARKS.md, fifth session).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` takes integer arguments only and reads
    // or writes no memory of ours; failure (an old kernel) is harmless, the
    // check then runs with the kernel's setting.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn load_rules(dir: Option<&Path>) -> miette::Result<Lexicon> {
    Ok(Lexicon::load(dir)?)
}

/// The effective configuration: `--config FILE`, else the `tadqiq.toml`
/// that all `paths` find (an error when they find different ones), else
/// defaults; `--rules DIR` and the story options win over the file.
fn load_config(
    explicit: Option<&Path>,
    paths: &[PathBuf],
    rules: Option<&Path>,
    story: &StoryArgs,
) -> miette::Result<Config> {
    let file = match explicit {
        Some(f) => Some(f.to_path_buf()),
        None => Config::discover_common(paths).map_err(|e| miette::miette!("{e}"))?,
    };
    let mut config = match file {
        Some(f) => Config::load(&f)?,
        None => Config::default(),
    };
    if let Some(dir) = rules {
        config.set_rules_folder_from_cli(dir.to_path_buf());
    }
    if let Some(days) = story.window_days {
        config.set_window_days_from_cli(days);
    }
    if let Some(score) = story.min_score {
        config.set_min_score_from_cli(score);
    }
    Ok(config)
}

fn run(cli: Cli) -> miette::Result<ExitCode> {
    match cli.command {
        Command::Rules(args) => {
            load_rules(args.rules.as_deref())?;
            let mut out = String::new();
            for rule in RULES {
                let scope = match rule.scope() {
                    rules::Scope::Article => "article",
                    rules::Scope::Story => "story",
                };
                out.push_str(&format!(
                    "{:<16} {:<8} {:<8} {}\n",
                    rule.code(),
                    rule.default_severity(),
                    scope,
                    rule.summary()
                ));
            }
            print!("{out}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code } => match rules::find(&code) {
            Some(rule) => {
                println!("# {} ({})\n", rule.code(), rule.default_severity());
                println!("{}\n", rule.summary());
                print!("{}", unindent(rule.doc()));
                Ok(ExitCode::SUCCESS)
            }
            None if tadqiq::suppress::explain(&code).is_some() => {
                let doc = tadqiq::suppress::explain(&code).unwrap_or_default();
                let severity = tadqiq::config::default_severity(&code);
                println!("# {code} ({severity})\n");
                print!("{doc}");
                Ok(ExitCode::SUCCESS)
            }
            None => {
                let codes: Vec<_> = RULES.iter().map(|r| r.code()).collect();
                eprintln!(
                    "error: no rule `{code}`; the rules are: {}",
                    codes.join(", ")
                );
                Ok(ExitCode::from(2))
            }
        },
        Command::Check(args) => check(args),
        Command::Lsp => match tadqiq::lsp::run() {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => {
                eprintln!("tadqiq lsp: {e}");
                Ok(ExitCode::from(2))
            }
        },
        Command::Config(args) => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths
            };
            let config = load_config(
                args.config.as_deref(),
                &paths,
                args.rules.as_deref(),
                &args.story,
            )?;
            load_rules(config.rules_folder.value.as_deref())?;
            print!("{}", config.render());
            Ok(ExitCode::SUCCESS)
        }
        Command::Stories(args) => stories(args),
    }
}

/// Prints the story groups: several-article stories first, with evidence,
/// then the articles that stand alone.
fn stories(args: StoriesArgs) -> miette::Result<ExitCode> {
    let checker = checker(
        args.config.as_deref(),
        &args.paths,
        args.rules.as_deref(),
        &args.story,
        args.published,
        true,
        tadqiq::input::Limits::default(),
    )?;
    let (articles, stories, errors) = checker.stories_paths(&args.paths);
    let mut out = String::new();
    let describe = |i: usize| {
        let a = &articles[i];
        format!("{} ({})", a.path.display(), tadqiq::story::source_name(a))
    };
    let (groups, alone): (Vec<_>, Vec<_>) = stories.iter().partition(|s| s.articles.len() > 1);
    for (n, s) in groups.iter().enumerate() {
        out.push_str(&format!(
            "story {} ({} articles)\n",
            n + 1,
            s.articles.len()
        ));
        for &i in &s.articles {
            out.push_str(&format!("  {}\n", describe(i)));
        }
        for e in &s.evidence {
            out.push_str(&format!("  joined: {e}\n"));
        }
        out.push('\n');
    }
    if !alone.is_empty() {
        out.push_str(&format!("single articles ({})\n", alone.len()));
        for s in &alone {
            for &i in &s.articles {
                out.push_str(&format!("  {}\n", describe(i)));
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
    for error in &errors {
        eprintln!("error: {error}");
    }
    Ok(ExitCode::from(if errors.is_empty() { 0 } else { 2 }))
}

/// Doc comments arrive with one leading space per line.
fn unindent(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The checker for a run: its configuration (from `config`, or found
/// from `paths`), the rules folder it names, the story options, the
/// command line's publication date, whether the report keeps every
/// article whole, and how much it reads of one file.
fn checker(
    config: Option<&Path>,
    paths: &[PathBuf],
    rules: Option<&Path>,
    story: &StoryArgs,
    published: Option<NaiveDate>,
    keep_articles: bool,
    limits: tadqiq::input::Limits,
) -> miette::Result<Checker> {
    let config = load_config(config, paths, rules, story)?;
    let lexicon = load_rules(config.rules_folder.value.as_deref())?;
    Ok(Checker::new(
        lexicon,
        Options {
            published,
            config,
            keep_articles,
            limits,
        },
    ))
}

fn check(args: CheckArgs) -> miette::Result<ExitCode> {
    let started = Instant::now();
    let checker = checker(
        args.config.as_deref(),
        &args.paths,
        args.rules.as_deref(),
        &args.story,
        args.published,
        // The HTML report shows every article of every story.
        matches!(args.format, Format::Html),
        tadqiq::input::Limits {
            max_file_size: args.max_file_size,
            max_line_length: args.max_line_length,
        },
    )?;
    let show_progress =
        matches!(args.format, Format::Human) && !args.quiet && std::io::stderr().is_terminal();
    let bar: std::sync::OnceLock<indicatif::ProgressBar> = std::sync::OnceLock::new();
    let (mut report, mut timings) = checker.check_paths_timed(&args.paths, &|done, total| {
        // Only folders large enough to make a person wait get a bar.
        if show_progress && total >= PROGRESS_FROM {
            let bar = bar.get_or_init(|| {
                indicatif::ProgressBar::with_draw_target(
                    Some(total as u64),
                    indicatif::ProgressDrawTarget::stderr(),
                )
            });
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    if let Some(file) = &args.write_baseline {
        let baseline = Baseline::from_report(&report, file);
        write_atomically(file, &baseline.to_json(), &report, checker.rules_folder())?;
        eprintln!(
            "tadqiq: recorded {} findings in {}",
            report.findings.len(),
            file.display()
        );
        for error in &report.errors {
            eprintln!("error: {error}");
        }
        return Ok(ExitCode::from(if report.errors.is_empty() { 0 } else { 2 }));
    }
    if let Some(file) = &args.baseline {
        let baseline = Baseline::load(file).map_err(|e| miette::miette!("{e}"))?;
        let hidden = baseline.filter(&mut report, file);
        if hidden > 0 && !args.quiet {
            eprintln!(
                "tadqiq: {hidden} findings recorded in {} are not shown",
                file.display()
            );
        }
    }
    let rendering = Instant::now();
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = args
        .width
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100);
    let text = match args.format {
        _ if args.statistics => report.render_statistics(),
        Format::Human if args.quiet => {
            if report.findings.is_empty() && report.errors.is_empty() {
                String::new()
            } else {
                // The summary is the human report's last line.
                let full = report.render_human(HumanOptions::default());
                full.lines()
                    .last()
                    .map(|l| format!("{l}\n"))
                    .unwrap_or_default()
            }
        }
        Format::Human => report.render_human(HumanOptions {
            width,
            color,
            ..HumanOptions::default()
        }),
        Format::Json => report.render_json(),
        Format::Sarif => report.render_sarif(),
        Format::Github => report.render_github(),
        Format::Html => report.render_html(&report.stories, &checker.report_readings(&report)),
    };
    timings.report = rendering.elapsed();
    match &args.output {
        Some(path) => write_atomically(path, &text, &report, checker.rules_folder())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
        }
    }
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    if args.timings {
        timings.total = started.elapsed();
        eprint!("{timings}");
    }
    let code = report.exit_code(matches!(args.deny, Some(Deny::Warnings)));
    Ok(ExitCode::from(code as u8))
}

/// Writes `text` to `path` through a temporary file and a rename, refusing
/// to write over any input article or any file of the rules folder.
fn write_atomically(
    path: &Path,
    text: &str,
    report: &tadqiq::report::Report,
    rules: Option<&Path>,
) -> miette::Result<()> {
    let target = std::fs::canonicalize(path).ok();
    if let Some(target) = &target {
        let in_rules = rules
            .and_then(|d| std::fs::canonicalize(d).ok())
            .is_some_and(|d| target.starts_with(d));
        let is_input = in_rules
            || report
                .articles
                .iter()
                .map(|a| &a.path)
                .chain(report.errors.iter().map(|e| &e.path))
                .any(same_file(target));
        if is_input {
            miette::bail!(
                "{}: refusing to write the report over an input file",
                path.display()
            );
        }
    }
    let cannot =
        |e: std::io::Error| miette::miette!("{}: cannot write the report: {e}", path.display());
    // A FIFO, a terminal or a device (`--output /dev/stdout`): a rename would
    // replace it with a plain file, so write into it directly.
    if let Some(meta) = std::fs::metadata(path).ok().filter(|m| !m.is_file()) {
        if meta.is_dir() {
            miette::bail!(
                "{}: is a folder; name a file to write the report to",
                path.display()
            );
        }
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(cannot);
    }
    // Behind a symbolic link, replace the file it points to, not the link.
    let path = target.as_deref().unwrap_or(path);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tadqiq-{}.tmp", std::process::id()));
    // `create_new`: never follow a link or reuse a file left at that name.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            miette::miette!("{}: cannot write the report: {e}", path.display())
        })
}

/// A test of whether a path names the file `target` names. On Unix it
/// compares device and inode numbers: one stat per input instead of a
/// canonicalization (a readlink per path component), and a hard link to
/// an input counts as the input.
fn same_file(target: &Path) -> impl Fn(&PathBuf) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let id = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
        let target = id(target);
        move |p: &PathBuf| target.is_some() && id(p) == target
    }
    #[cfg(not(unix))]
    {
        let target = target.to_path_buf();
        move |p: &PathBuf| std::fs::canonicalize(p).ok().as_ref() == Some(&target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn same_file_sees_through_links_and_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.md");
        std::fs::write(&input, "نص").unwrap();
        std::fs::write(dir.path().join("b.md"), "نص").unwrap();
        std::fs::hard_link(&input, dir.path().join("hard.md")).unwrap();
        std::os::unix::fs::symlink(&input, dir.path().join("soft.md")).unwrap();
        let is_input = same_file(&input);
        for name in ["a.md", "hard.md", "soft.md", "./a.md"] {
            assert!(is_input(&dir.path().join(name)), "{name}");
        }
        for name in ["b.md", "missing.md", "."] {
            assert!(!is_input(&dir.path().join(name)), "{name}");
        }
        assert!(!same_file(&dir.path().join("missing.md"))(&input));
    }
}
