//! Shared pieces of the cross-article rules: naming sources, building a
//! finding that labels every article involved, and (in tests) running a
//! story rule on several small articles.
//!
//! The main decision is that a cross-source finding is organised by
//! *readings*: each distinct value (a rank, a date, a count) with the
//! sources that give it. The primary label goes to the reading fewest
//! sources give (the likeliest slip), and the help lists which sources
//! agree with which, so an editor sees at once who to call.

use crate::article::Article;
use crate::finding::{Finding, Label, Severity};
use crate::text::Span;

/// The outlet (or file name) and publication date of an article.
pub(crate) fn source(a: &Article) -> String {
    crate::story::source_name(a)
}

/// One value as some articles give it.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    /// The value, for people ("Colonel", "12 May 2025").
    pub value: String,
    /// Where each article gives it: article index and span (first per article).
    pub places: Vec<(usize, Span)>,
}

impl Reading {
    /// Adds a place, keeping one (the first) per article.
    pub fn add(&mut self, article: usize, span: Span) {
        if !self.places.iter().any(|(a, _)| *a == article) {
            self.places.push((article, span));
        }
    }
}

/// The first of one article's claims when all of them agree with it; `None`
/// when it gives none, or two that disagree (an article that gives an event
/// two dates, or a person two ranks, is left out rather than guessed at).
pub(crate) fn consistent<'a, T>(
    claims: impl IntoIterator<Item = &'a T>,
    agree: impl Fn(&T, &T) -> bool,
) -> Option<&'a T> {
    let mut claims = claims.into_iter();
    let first = claims.next()?;
    claims.all(|c| agree(c, first)).then_some(first)
}

/// Readings grouped by the value they read (a date, a title, an interval),
/// in the order first given.
pub(crate) struct Grouped<K> {
    groups: Vec<(K, Reading)>,
}

impl<K: PartialEq> Grouped<K> {
    /// No readings yet.
    pub fn new() -> Self {
        Grouped { groups: Vec::new() }
    }

    /// Adds where an article gives `key`; `value` names it for people the
    /// first time it is given.
    pub fn add(&mut self, key: K, article: usize, span: Span, value: impl FnOnce() -> String) {
        match self.groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, r)) => r.add(article, span),
            None => self.groups.push((
                key,
                Reading {
                    value: value(),
                    places: vec![(article, span)],
                },
            )),
        }
    }

    /// How many different values were given.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// The readings, in the order first given.
    pub fn into_readings(self) -> Vec<Reading> {
        self.groups.into_iter().map(|(_, r)| r).collect()
    }

    /// The readings, ordered by value.
    pub fn into_sorted(mut self) -> Vec<Reading>
    where
        K: Ord,
    {
        self.groups.sort_by(|a, b| a.0.cmp(&b.0));
        self.into_readings()
    }
}

/// Builds a conflict finding over two or more readings.
pub(crate) fn conflict(
    code: &'static str,
    severity: Severity,
    what: &str,
    readings: &[Reading],
    articles: &[Article],
    advice: &str,
) -> Finding {
    // The reading with the fewest sources leads; ties go to the later article.
    let lead = readings
        .iter()
        .enumerate()
        .min_by_key(|(_, r)| {
            (
                r.places.len(),
                std::cmp::Reverse(r.places.iter().map(|p| p.0).max()),
            )
        })
        .map_or(0, |(i, _)| i);
    let who = |r: &Reading| {
        r.places
            .iter()
            .map(|(a, _)| source(&articles[*a]))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let mut order: Vec<usize> = (0..readings.len()).collect();
    order.sort_by_key(|&i| (i != lead, i));
    let said: Vec<String> = order
        .iter()
        .map(|&i| format!("{} in {}", readings[i].value, who(&readings[i])))
        .collect();
    let agree: Vec<String> = order
        .iter()
        .map(|&i| {
            let r = &readings[i];
            let n = r.places.len();
            let verb = if n > 1 { "agree on" } else { "alone gives" };
            format!("{} {verb} {}", who(r), r.value)
        })
        .collect();
    let mut labels = Vec::new();
    for &i in &order {
        let r = &readings[i];
        for (k, (a, span)) in r.places.iter().enumerate() {
            let msg = format!("{} ({})", r.value, source(&articles[*a]));
            labels.push(if i == lead && k == 0 {
                Label::primary(*a, *span, msg)
            } else {
                Label::secondary(*a, *span, msg)
            });
        }
    }
    Finding {
        code,
        severity,
        message: format!("{what}: {}", said.join(", but ")),
        help: Some(format!("{}. {advice}", agree.join("; "))),
        labels,
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::article::Article;
    use crate::claims::ArticleClaims;
    use crate::finding::Finding;
    use crate::rules::{Rule, StoryContext};
    use crate::story::Story;

    /// Runs a story rule on articles given as (outlet, published, body),
    /// all in one story.
    pub(crate) fn check_story(rule: &dyn Rule, docs: &[(&str, &str, &str)]) -> Vec<Finding> {
        let lex = crate::testing::lexicon();
        let articles: Vec<Article> = docs
            .iter()
            .enumerate()
            .map(|(i, (outlet, published, body))| {
                let src = format!("---\noutlet: {outlet}\npublished: {published}\n---\n{body}\n");
                Article::from_text(format!("a{i}.md"), src, None).expect("valid article")
            })
            .collect();
        let claims: Vec<ArticleClaims> = articles
            .iter()
            .map(|a| crate::claims::extract(a, lex))
            .collect();
        let story = Story {
            articles: (0..articles.len()).collect(),
            evidence: Vec::new(),
        };
        let cx = StoryContext {
            story: &story,
            articles: &articles,
            claims: &claims,
            lexicon: lex,
        };
        let mut out = Vec::new();
        rule.check_story(&cx, &mut out);
        out
    }
}
