//! The multi-article stories of `corpus/stories/`: exactly the groups and
//! the findings its README lists, with a label in every article involved.

use std::path::PathBuf;

use tadqiq::lexicon::Lexicon;
use tadqiq::{Checker, Options};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/stories")
}

fn name(p: &std::path::Path) -> String {
    let s = p.display().to_string();
    s.split("corpus/stories/").nth(1).unwrap_or(&s).to_string()
}

#[test]
fn stories_are_grouped_as_the_readme_says() {
    let checker = Checker::new(Lexicon::embedded().unwrap(), Options::default());
    let (articles, stories, errors) = checker.stories_paths(&[corpus()]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut groups: Vec<Vec<String>> = stories
        .iter()
        .filter(|s| s.articles.len() > 1)
        .map(|s| {
            s.articles
                .iter()
                .map(|&i| name(&articles[i].path))
                .collect()
        })
        .collect();
    groups.sort();
    let expected: Vec<Vec<&str>> = vec![
        vec!["deadline/01-gulfwire-en.md", "deadline/02-rafidain-ar.md"],
        vec![
            "harir/01-rafidain-ar.md",
            "harir/02-gulfwire-en.md",
            "harir/03-nahar-ar.md",
        ],
        vec![
            "quake/01-atlas-en.md",
            "quake/02-maghreb-ar.md",
            "quake/03-atlas-en.md",
        ],
        vec![
            "vote/01-gulfwire-en.md",
            "vote/02-rafidain-ar.md",
            "vote/03-levant-en.md",
        ],
    ];
    assert_eq!(groups, expected);
    for s in stories.iter().filter(|s| s.articles.len() > 1) {
        assert!(s.evidence.len() + 1 >= s.articles.len(), "{s:?}");
    }
}

#[test]
fn every_planted_conflict_is_found_in_every_article_and_nothing_else() {
    let checker = Checker::new(Lexicon::embedded().unwrap(), Options::default());
    let report = checker.check_paths(&[corpus()]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut found: Vec<(String, String, Vec<String>)> = report
        .findings
        .iter()
        .map(|f| {
            let mut files: Vec<String> = f
                .labels
                .iter()
                .map(|l| name(&report.articles[l.article].path))
                .collect();
            files.sort();
            files.dedup();
            (f.code.to_string(), f.severity.to_string(), files)
        })
        .collect();
    found.sort();
    let e = |code: &str, sev: &str, files: &[&str]| {
        (
            code.to_string(),
            sev.to_string(),
            files.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    let mut expected = vec![
        e(
            "count-conflict",
            "warning",
            &["harir/01-rafidain-ar.md", "harir/02-gulfwire-en.md"],
        ),
        e(
            "title-conflict",
            "warning",
            &[
                "harir/01-rafidain-ar.md",
                "harir/02-gulfwire-en.md",
                "harir/03-nahar-ar.md",
            ],
        ),
        e(
            "count-conflict",
            "warning",
            &["vote/01-gulfwire-en.md", "vote/02-rafidain-ar.md"],
        ),
        e(
            "date-conflict",
            "warning",
            &[
                "vote/01-gulfwire-en.md",
                "vote/02-rafidain-ar.md",
                "vote/03-levant-en.md",
            ],
        ),
        e("part-whole", "error", &["vote/03-levant-en.md"]),
        e(
            "date-conflict",
            "warning",
            &["deadline/01-gulfwire-en.md", "deadline/02-rafidain-ar.md"],
        ),
        e("part-whole", "error", &["deadline/02-rafidain-ar.md"]),
        e(
            "count-conflict",
            "warning",
            &["quake/01-atlas-en.md", "quake/02-maghreb-ar.md"],
        ),
    ];
    expected.sort();
    assert_eq!(found, expected);
}
