//! The HTML report: escaping, completeness, and a render in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use tadqiq::lexicon::Lexicon;
use tadqiq::{Checker, Options};

fn fixtures() -> PathBuf {
    // Relative (tests run in the package folder), so the page shows short paths.
    PathBuf::from("tests/html/fixtures")
}

fn report_html() -> (tadqiq::report::Report, String) {
    report_html_of(&[fixtures()])
}

fn report_html_of(paths: &[PathBuf]) -> (tadqiq::report::Report, String) {
    // As `--format html` does: the page shows every article whole.
    let options = Options {
        keep_articles: true,
        ..Options::default()
    };
    let checker = Checker::new(Lexicon::embedded().unwrap(), options);
    let report = checker.check_paths(paths);
    let html = report.render_html(&report.stories, &checker.report_readings(&report));
    (report, html)
}

#[test]
fn the_page_reuses_what_the_check_extracted() {
    let options = Options {
        keep_articles: true,
        ..Options::default()
    };
    let checker = Checker::new(Lexicon::embedded().unwrap(), options);
    let paths = [PathBuf::from("corpus")];
    let report = checker.check_paths(&paths);
    assert_eq!(report.claims.len(), report.articles.len());
    // The stories and readings of the check are those a second pass finds.
    assert_eq!(report.stories, checker.stories(&report.articles));
    assert_eq!(
        format!("{:?}", checker.report_readings(&report)),
        format!("{:?}", checker.readings(&report.articles))
    );
    // Without `keep_articles` the claims are not kept, and the stories are
    // the same (words are claims, kept after the text is freed); only the
    // evidence cannot spell the shared words.
    let lean = Checker::new(Lexicon::embedded().unwrap(), Options::default());
    let lean = lean.check_paths(&paths);
    assert!(lean.claims.is_empty());
    let groups = |r: &tadqiq::report::Report| -> Vec<Vec<usize>> {
        r.stories.iter().map(|s| s.articles.clone()).collect()
    };
    assert_eq!(groups(&lean), groups(&report));
    let spelled = |r: &tadqiq::report::Report, what: &str| {
        r.stories
            .iter()
            .flat_map(|s| &s.evidence)
            .filter(|e| e.contains(what))
            .count()
    };
    assert_eq!(spelled(&report, "; words "), 3);
    assert_eq!(spelled(&lean, " distinctive words; "), 3);
}

#[test]
fn article_text_is_escaped_and_every_finding_is_shown() {
    let (report, html) = report_html();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.findings.len(), 3, "{:#?}", report.findings);
    // The article's `<script>` stays text, and the page has no script at all.
    assert!(
        !html.to_lowercase().contains("<script"),
        "a script tag leaked"
    );
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "));
    // Nothing is fetched: no external URL in the page.
    assert!(!html.contains("http://") && !html.contains("https://"));
    for (fi, f) in report.findings.iter().enumerate() {
        let id = format!("id=\"f{}\"", fi + 1);
        assert!(html.contains(&id), "finding {} not listed", f.message);
        for li in 0..f.labels.len() {
            let anchor = format!("f{}-l{}", fi + 1, li + 1);
            assert!(
                html.contains(&format!("href=\"#{anchor}\"")),
                "no link to {anchor}"
            );
            assert!(
                html.contains(&format!("id=\"{anchor}\"></a><mark")),
                "span {anchor} not highlighted"
            );
        }
    }
    // The readings behind each month-pair verdict are shown.
    assert!(html.contains("<div class=\"behind\">read: «<bdi>يناير</bdi>» month January (1)"));
    assert!(html.contains("What tadqiq read ("));
    // Each article carries its direction and language.
    assert_eq!(html.matches("dir=\"rtl\" lang=\"ar\"").count(), 2);
    assert_eq!(html.matches("dir=\"ltr\" lang=\"en\"").count(), 1);
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn run_chromium(
    browser: &Path,
    profile: &Path,
    extra: &[&str],
    page: &Path,
) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

#[test]
fn renders_in_headless_chromium_without_console_errors() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on PATH (apt-get install chromium)");
        return;
    };
    // The screenshot shows the corpus too, once the project has one.
    let mut paths = vec![fixtures()];
    if Path::new("corpus").is_dir() {
        paths.push(PathBuf::from("corpus"));
    }
    let (report, html) = report_html_of(&paths);
    // Tall enough for the findings, the stories of several articles side
    // by side (listed first) and the fixtures' stories after them.
    let height = if paths.len() == 1 { 1300 } else { 8000 };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let dom = run_chromium(&browser, profile.path(), &["--dump-dom"], &page);
    let text = String::from_utf8_lossy(&dom.stdout);
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(dom.status.success(), "{log}");
    for fi in 1..=report.findings.len() {
        assert!(
            text.contains(&format!("id=\"f{fi}\"")),
            "finding {fi} not rendered"
        );
    }
    assert!(
        text.contains("&lt;script&gt;"),
        "escaped script missing from the DOM"
    );
    for bad in ["CONSOLE", "Refused to", "Uncaught"] {
        let hit = log.lines().find(|l| l.contains(bad));
        assert!(hit.is_none(), "console error: {}", hit.unwrap_or_default());
    }
    let shot = dir.path().join("shot.png");
    let profile = tempfile::tempdir().unwrap();
    let out = run_chromium(
        &browser,
        profile.path(),
        &[
            &format!("--window-size=1400,{height}"),
            &format!("--screenshot={}", shot.display()),
        ],
        &page,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000);
    let kept = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/html/corpus-report.png");
    if std::env::var_os("TADQIQ_UPDATE_SCREENSHOT").is_some() {
        std::fs::write(&kept, &png).unwrap();
    }
    assert!(
        kept.is_file(),
        "tests/html/corpus-report.png is not committed"
    );
}

#[test]
fn the_resolved_dates_and_intervals_behind_each_verdict_are_shown() {
    let stories = PathBuf::from("corpus/stories");
    if !stories.is_dir() {
        return;
    }
    let (_, html) = report_html_of(&[stories]);
    // A count conflict: the interval each count was read as.
    assert!(
        html.contains("read: «<bdi>Eleven</bdi>» count of killed (civilians): 11"),
        "no interval behind the count conflict"
    );
    assert!(html.contains("«<bdi>more than 50</bdi>» count of wounded: (50, ∞)"));
    // A date conflict: the resolved day, why that year, and the event.
    assert!(html.contains(
        "«<bdi>12 May 2025</bdi>» date Monday 12 May 2025; year: the year is written; the date of the vote"
    ));
    assert!(html.contains("year: the past occurrence relative to the publication date 2025-06-12"));
    // Outlet names in English messages are isolated from the dates beside them.
    assert!(html.contains("<bdi>وكالة الرافدين</bdi>, 2025-06-12"));
}
