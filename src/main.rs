//! The `tadqiq` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

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
    /// Explain a rule: what it checks, why it matters, right and wrong copy.
    Explain {
        /// The rule's code, e.g. `month-pair`.
        code: String,
    },
}

#[derive(Parser)]
struct RulesArgs {
    /// Read rule data from this folder instead of the embedded set.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
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
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
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

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a YYYY-MM-DD date: {e}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn load_rules(dir: Option<&Path>) -> miette::Result<Lexicon> {
    Ok(Lexicon::load(dir)?)
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
    }
}

/// Doc comments arrive with one leading space per line.
fn unindent(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn check(args: CheckArgs) -> miette::Result<ExitCode> {
    let lexicon = load_rules(args.rules.as_deref())?;
    let checker = Checker::new(
        lexicon,
        Options {
            published: args.published,
            limits: tadqiq::input::Limits {
                max_file_size: args.max_file_size,
                max_line_length: args.max_line_length,
            },
        },
    );
    let report = checker.check_paths(&args.paths);
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
        Format::Human => report.render_human(HumanOptions {
            width,
            color,
            ..HumanOptions::default()
        }),
        Format::Json => report.render_json(),
        Format::Sarif => report.render_sarif(),
    };
    match &args.output {
        Some(path) => write_atomically(path, &text, &report, args.rules.as_deref())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
        }
    }
    if !matches!(args.format, Format::Human) || args.output.is_some() {
        for error in &report.errors {
            eprintln!("error: {error}");
        }
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
                .any(|p| std::fs::canonicalize(p).ok().as_ref() == Some(target));
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
