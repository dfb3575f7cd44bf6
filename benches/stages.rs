//! Stage benchmarks: each stage of the pipeline on a generated corpus.
//!
//! `cargo bench --bench stages` measures load (read and decode), normalize,
//! parse (front matter, normalization, line index), extract, group, rules,
//! report (JSON and human) and the whole `check_paths`, each over the same
//! 1,000 articles, with throughput in bytes so criterion prints MB/s. The
//! corpus is `$TADQIQ_BENCH_CORPUS` if set, else one generated once into
//! `target/bench-corpus-1000` by `gen-corpus`.
//!
//! `extract/numbers-find` runs `NumberLexicon::find` alone on every body.
//!
//! `extract/months-wordset` runs a bare [`WordSet`] of the month names (one
//! regex without `\b`, boundaries checked by hand on each candidate), the
//! search `calendar/months.rs` now uses, as the floor of the month part of
//! extract; it prints whether both find the same names.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use tadqiq::article::Article;
use tadqiq::claims::{self, ArticleClaims};
use tadqiq::lexicon::Lexicon;
use tadqiq::rules::{ArticleContext, RULES, Scope, StoryContext};
use tadqiq::scan::WordSet;
use tadqiq::{Checker, Options, input, story, text};

fn corpus() -> PathBuf {
    if let Some(dir) = std::env::var_os("TADQIQ_BENCH_CORPUS") {
        return dir.into();
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus-1000");
    if !dir.join("planted.json").exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["run", "--release", "--quiet", "--bin", "gen-corpus", "--"])
            .args(["--articles", "1000", "--seed", "42", "--out"])
            .arg(&dir)
            .status()
            .expect("cargo runs gen-corpus");
        assert!(status.success(), "gen-corpus failed");
    }
    dir
}

/// The month names of every non-strict system, folded like article text.
fn month_words(lexicon: &Lexicon) -> Vec<String> {
    lexicon
        .months
        .systems()
        .iter()
        .filter(|s| !s.strict)
        .flat_map(|s| s.months.iter().flatten())
        .map(|n| text::normalize(n, 0).as_str().to_string())
        .collect()
}

fn stages(c: &mut Criterion) {
    let dir = corpus();
    let lexicon = Lexicon::embedded().expect("embedded rules load");
    let (files, errors) = input::discover(std::slice::from_ref(&dir));
    assert!(errors.is_empty() && !files.is_empty());
    let raw: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let texts: Vec<String> = raw
        .iter()
        .map(|b| String::from_utf8(b.clone()).unwrap())
        .collect();
    let articles: Vec<Article> = files
        .iter()
        .zip(&texts)
        .map(|(f, t)| Article::from_text(f, t.clone(), None).unwrap())
        .collect();
    let claims: Vec<ArticleClaims> = articles
        .iter()
        .map(|a| claims::extract(a, &lexicon))
        .collect();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();

    let mut g = c.benchmark_group(format!("{} articles", files.len()));
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Bytes(bytes));

    g.bench_function("load", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| input::decode(f, std::fs::read(f).unwrap()).unwrap().0.len())
                .sum::<usize>()
        })
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| text::normalize(a.body(), a.body_start).as_str().len())
                .sum::<usize>()
        })
    });
    g.bench_function("parse", |b| {
        b.iter(|| {
            files
                .iter()
                .zip(&texts)
                .map(|(f, t)| Article::from_text(f, t.clone(), None).unwrap().body_start)
                .sum::<usize>()
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| claims::extract(a, &lexicon).months.len())
                .sum::<usize>()
        })
    });
    // The number finder alone over every article body: the hot part of
    // extract (issue #6), measured apart so its speed-ups show.
    g.bench_function("extract/numbers-find", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| lexicon.numbers.find(a.norm.as_str()).len())
                .sum::<usize>()
        })
    });
    let words = month_words(&lexicon);
    let sketch = WordSet::new(words.iter().map(String::as_str), &['و', 'ف', 'ب', 'ل', 'ك'])
        .expect("month names compile");
    let real: Vec<usize> = claims
        .iter()
        .flat_map(|c| c.months.iter().map(|m| m.norm.start))
        .collect();
    let sketched: Vec<usize> = articles
        .iter()
        .flat_map(|a| sketch.find_iter(a.norm.as_str()).map(|m| m.range.start))
        .collect();
    eprintln!(
        "month names: extract finds {}, scan::WordSet {}, same positions: {}",
        real.len(),
        sketched.len(),
        real == sketched
    );
    g.bench_function("extract/months-wordset", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| sketch.find_iter(a.norm.as_str()).count())
                .sum::<usize>()
        })
    });
    g.bench_function("group", |b| {
        b.iter(|| story::group(&articles, &claims, &lexicon).len())
    });
    g.bench_function("rules", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            let stories = story::group(&articles, &claims, &lexicon);
            for rule in RULES {
                match rule.scope() {
                    Scope::Article => {
                        for (index, article) in articles.iter().enumerate() {
                            let cx = ArticleContext {
                                index,
                                article,
                                claims: &claims[index],
                                lexicon: &lexicon,
                            };
                            rule.check_article(&cx, &mut out);
                        }
                    }
                    Scope::Story => {
                        for story in &stories {
                            let cx = StoryContext {
                                story,
                                articles: &articles,
                                claims: &claims,
                                lexicon: &lexicon,
                            };
                            rule.check_story(&cx, &mut out);
                        }
                    }
                }
            }
            out.len()
        })
    });
    let checker = Checker::new(lexicon, Options::default());
    let report = checker.check_paths(std::slice::from_ref(&dir));
    g.bench_function("report/json", |b| b.iter(|| report.render_json().len()));
    g.bench_function("report/human", |b| {
        b.iter(|| report.render_human(Default::default()).len())
    });
    g.bench_function("whole check_paths", |b| {
        b.iter(|| {
            checker
                .check_paths(std::slice::from_ref(&dir))
                .findings
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
