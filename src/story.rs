//! Stories: which articles report the same event.
//!
//! Cross-source rules compare only articles of one story, so grouping must
//! join the Arabic and English reports of one strike and keep apart the
//! strike on another base the same week, the anniversary piece and the
//! timeline written years later. The main decision is *blocking by key*:
//! each article yields a few keys (gazetteer entities, event dates, counts,
//! distinctive words); an inverted index from key to articles proposes
//! candidate pairs only among articles that share an anchoring key (a
//! precise place, an event date, a count), each pair is scored on all the
//! keys the two share, and pairs above the threshold are joined with
//! union-find. No pair of articles is ever compared unless an index entry
//! brings them together, the index is split into publication-date buckets
//! (only articles a few days apart can join), and keys shared by too many
//! articles in one bucket never propose pairs, so the work grows with the
//! number of articles, not its square. The window and the score threshold
//! are [`Params`] (`[story]` in `tadqiq.toml`); the rest is in the README
//! ("Stories").

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::article::Article;
use crate::claims::ArticleClaims;
use crate::claims::gazetteer::{EntityKind, Gazetteer, skeleton};
use crate::claims::phrases::{Word, word_hash};
use crate::lexicon::Lexicon;
use crate::scan::BitFilter;

/// A group of articles that report the same story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// Indexes of the articles in the checked set, ascending.
    pub articles: Vec<usize>,
    /// Why the articles were grouped, for `tadqiq stories`.
    pub evidence: Vec<String>,
}

/// How articles are grouped: the `[story]` table of `tadqiq.toml`.
///
/// The default is what the README's "Stories" section describes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Two articles are compared only when published at most this many days
    /// apart (`window-days`).
    pub window_days: u32,
    /// The score a pair needs to be joined (`min-score`).
    pub min_score: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            window_days: 3,
            min_score: 2.0,
        }
    }
}

/// Keys held by more articles than this in one publication bucket and the
/// next never propose pairs (but still score). Not configurable: it bounds
/// the work per key (at most this many squared pairs), whatever the window.
pub const MAX_POSTING: usize = 64;
/// Shared words count only when at most this share of articles has them.
const WORD_DF_SHARE: f64 = 0.2;
/// At most this much of a score comes from shared words.
const WORDS_CAP: f64 = 1.0;
/// What one shared distinctive word adds to a score.
const WORD_WEIGHT: f64 = 0.25;

/// One thing an article mentions that can tie it to another article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    /// A gazetteer entity (index).
    Entity(usize),
    /// An event kind (index) on a date.
    EventDate(usize, chrono::NaiveDate),
    /// A count: category (index) and exact value.
    Count(usize, u64),
    /// A ranked or titled person the gazetteer does not list, by the
    /// consonant skeletons of the name (comparable across scripts).
    Name(String),
}

impl Key {
    /// How much sharing this key says about two articles reporting one story.
    fn weight(&self, g: &Gazetteer) -> f64 {
        match self {
            Key::Entity(e) => match g.entities()[*e].kind {
                EntityKind::Country => 0.25,
                EntityKind::Organization => 0.5,
                EntityKind::Region | EntityKind::City => 0.75,
                EntityKind::Person => 1.0,
                EntityKind::Site | EntityKind::Event => 1.5,
            },
            Key::EventDate(..) => 1.5,
            Key::Count(..) | Key::Name(_) => 1.0,
        }
    }

    /// True when sharing this key is enough to propose a pair: precise keys
    /// only (a site, an event date, a count), never a country or a word.
    fn anchors(&self, g: &Gazetteer) -> bool {
        match self {
            Key::Entity(e) => {
                matches!(g.entities()[*e].kind, EntityKind::Site | EntityKind::Region)
            }
            Key::EventDate(..) | Key::Count(..) => true,
            Key::Name(_) => false,
        }
    }

    fn describe(&self, lex: &Lexicon) -> String {
        match self {
            Key::Entity(e) => {
                let ent = &lex.gazetteer.entities()[*e];
                format!("{} {}", ent.kind.as_str(), ent.display())
            }
            Key::EventDate(ev, d) => format!("{} on {d}", lex.events.events[*ev].name),
            Key::Count(c, n) => format!("{n} {}", lex.categories.categories[*c].name),
            Key::Name(n) => format!("person {n}"),
        }
    }
}

/// Words too common in news copy to be distinctive, in any story.
const COMMON: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "وقال",
    "واضاف",
    "واكد",
    "اليوم",
    "الحكومه",
    "القوات",
    "امس",
    "about",
    "after",
    "their",
    "there",
    "which",
    "would",
    "could",
    "people",
    "officials",
    "government",
    "said",
    "says",
    "told",
    "where",
    "while",
    "before",
    "since",
];

/// The distinctive words of an article, folded, with the hashes story
/// grouping compares: words of 5 letters or more outside [`COMMON`].
///
/// The key, its hash and its letter count come with the word
/// ([`Word::key`], [`Word::key_hash`], [`Word::letters`]): nothing is
/// counted, folded or hashed again here.
fn content_words<'a>(words: &'a [Word<'a>]) -> impl Iterator<Item = (&'a str, u64)> + 'a {
    words
        .iter()
        .filter(|w| w.letters >= 5)
        .map(|w| (w.key.as_ref(), w.key_hash()))
        .filter(|&(w, h)| !common_words().contains(w, h))
}

/// [`COMMON`] by [`word_hash`] (every distinctive word of every article
/// is looked up; its hash is already known, the spelling confirms a hit).
struct Common {
    /// The common words' hash keys: nearly every word is turned away here
    /// without a probe of `by_hash`.
    filter: BitFilter,
    by_hash: HashMap<u64, &'static str>,
}

impl Common {
    fn contains(&self, word: &str, hash: u64) -> bool {
        self.filter.contains(BitFilter::key_of_hash(hash)) && self.by_hash.get(&hash) == Some(&word)
    }
}

fn common_words() -> &'static Common {
    static SET: std::sync::OnceLock<Common> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut filter = BitFilter::default();
        for &w in COMMON {
            filter.insert(BitFilter::key_of_hash(word_hash(w)));
        }
        Common {
            filter,
            by_hash: COMMON.iter().map(|&w| (word_hash(w), w)).collect(),
        }
    })
}

/// The hashes of the distinctive words of an article's normalized words,
/// sorted and unique: extracted with the other claims, so the check
/// groups stories on them after the article's text has been freed.
pub(crate) fn word_hashes(words: &[Word<'_>]) -> Vec<u64> {
    // Sized once: about a third of an article's words are distinctive.
    let mut out: Vec<u64> = Vec::with_capacity(words.len() / 2);
    out.extend(content_words(words).map(|(_, h)| h));
    out.sort_unstable();
    out.dedup();
    // Kept for every article of an archive: no spare capacity.
    out.shrink_to_fit();
    out
}

/// The spellings of the distinctive words of `a` among `hashes`, in
/// alphabetical order, for evidence; empty when its text was freed.
fn word_spellings(a: &Article, hashes: &[u64]) -> Vec<String> {
    let words = crate::claims::phrases::words(a.norm.as_str());
    let mut out: Vec<String> = content_words(&words)
        .filter(|(_, h)| hashes.contains(h))
        .map(|(w, _)| w.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The keys of one article (sorted, unique).
fn keys(c: &ArticleClaims) -> Vec<Key> {
    let mut k: Vec<Key> = c.entities.iter().map(|m| Key::Entity(m.entity)).collect();
    k.extend(c.events.iter().map(|e| Key::EventDate(e.event, e.date)));
    k.extend(c.titles.iter().map(|t| {
        match t.person.entity {
            Some(e) => Key::Entity(e),
            None => Key::Name(
                t.person
                    .name
                    .iter()
                    .map(|p| skeleton(p))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }));
    // Exact counts of 3 and more: "two killed" is in every other story.
    k.extend(c.counts.iter().filter_map(|c| {
        let q = &c.quantity;
        (q.low == q.high && q.low >= 3.0 && q.low.fract() == 0.0)
            .then_some(Key::Count(c.category, q.low as u64))
    }));
    k.sort();
    k.dedup();
    k
}

/// The outlet (or file name) and publication date of an article, for
/// evidence and messages: "Gulf Wire, 2025-03-10".
pub fn source_name(a: &Article) -> String {
    let name = a.meta.outlet.clone().unwrap_or_else(|| {
        a.path.file_name().map_or_else(
            || a.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    match a.published {
        Some(d) => format!("{name}, {d}"),
        None => name,
    }
}

/// Union-find over article indexes.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Groups the articles into stories with the default [`Params`].
pub fn group(articles: &[Article], claims: &[ArticleClaims], lexicon: &Lexicon) -> Vec<Story> {
    group_with(articles, claims, lexicon, &Params::default())
}

/// The publication bucket of a date for a window of `window_days`: buckets
/// are one day wider than the window, so two dates at most the window apart
/// fall in the same bucket or in adjacent ones.
fn bucket(date: chrono::NaiveDate, window_days: u32) -> i64 {
    (date - chrono::NaiveDate::MIN)
        .num_days()
        .div_euclid(i64::from(window_days) + 1)
}

/// Groups the articles into stories, with the evidence for each join.
pub fn group_with(
    articles: &[Article],
    claims: &[ArticleClaims],
    lexicon: &Lexicon,
    params: &Params,
) -> Vec<Story> {
    let g = &lexicon.gazetteer;
    let n = articles.len();
    let keys: Vec<Vec<Key>> = claims.iter().map(keys).collect();
    // The inverted index of anchors by
    // publication bucket (see `bucket`): the buckets widen with the window,
    // so a pair the window allows is always in one bucket or the next.
    let mut index: HashMap<(&Key, i64), Vec<usize>> = HashMap::new();
    for (i, ks) in keys.iter().enumerate() {
        let b = articles[i].published.map(|d| bucket(d, params.window_days));
        for k in ks {
            if let Some(b) = b
                && k.anchors(g)
            {
                index.entry((k, b)).or_default().push(i);
            }
        }
    }
    // Words are compared as the sorted hashes the claims hold, apart from
    // the keys: an archive has some sixty per article, and as keys they
    // doubled the memory of grouping.
    let mut word_df: HashMap<u64, usize> = HashMap::new();
    for c in claims {
        for &h in &c.words {
            *word_df.entry(h).or_default() += 1;
        }
    }
    let word_limit = ((n as f64) * WORD_DF_SHARE).clamp(2.0, MAX_POSTING as f64) as usize;
    // Candidate pairs: articles sharing an anchor in the same or the next bucket.
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    for (&(k, b), list) in &index {
        let next = index.get(&(k, b + 1));
        if list.len() + next.map_or(0, Vec::len) > MAX_POSTING {
            continue;
        }
        for (x, &i) in list.iter().enumerate() {
            for &j in list[x + 1..].iter().chain(next.into_iter().flatten()) {
                candidates.insert((i.min(j), i.max(j)));
            }
        }
    }
    let mut sets = Sets((0..n).collect());
    let mut joins: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut pairs: Vec<_> = candidates.into_iter().collect();
    pairs.sort();
    for (i, j) in pairs {
        let (Some(pi), Some(pj)) = (articles[i].published, articles[j].published) else {
            continue;
        };
        let days = (pi - pj).num_days().abs();
        if days > i64::from(params.window_days) {
            continue;
        }
        // Both name precise places and share none: two events (a strike on
        // one base and a strike on another the same week).
        let sites = |ks: &[Key]| -> Vec<usize> {
            ks.iter()
                .filter_map(|k| match k {
                    Key::Entity(e) if g.entities()[*e].kind == EntityKind::Site => Some(*e),
                    _ => None,
                })
                .collect()
        };
        let (si, sj) = (sites(&keys[i]), sites(&keys[j]));
        if !si.is_empty() && !sj.is_empty() && !si.iter().any(|e| sj.contains(e)) {
            continue;
        }
        let shared = intersect(&keys[i], &keys[j]);
        let mut score = 0.0;
        let mut why = Vec::new();
        let shared_words: Vec<u64> = intersect(&claims[i].words, &claims[j].words)
            .into_iter()
            .filter(|h| word_df[h] <= word_limit)
            .copied()
            .collect();
        for k in &shared {
            score += k.weight(g);
            why.push(k.describe(lexicon));
        }
        score += (shared_words.len() as f64 * WORD_WEIGHT).min(WORDS_CAP);
        if score < params.min_score {
            continue;
        }
        if !shared_words.is_empty() {
            // The words that reach the cap, first in alphabetical order.
            let cap = (WORDS_CAP / WORD_WEIGHT).ceil() as usize;
            let mut spelled = word_spellings(&articles[i], &shared_words);
            spelled.truncate(cap);
            why.push(if spelled.is_empty() {
                format!("{} distinctive words", shared_words.len().min(cap))
            } else {
                format!("words {}", spelled.join(", "))
            });
        }
        let name = source_name;
        joins.insert(
            (i, j),
            format!(
                "{} ↔ {}: {}; published {days} day(s) apart (score {score:.2})",
                name(&articles[i]),
                name(&articles[j]),
                why.join("; ")
            ),
        );
        sets.union(i, j);
    }
    let mut groups: BTreeMap<usize, Story> = BTreeMap::new();
    for i in 0..n {
        let root = sets.find(i);
        groups
            .entry(root)
            .or_insert_with(|| Story {
                articles: Vec::new(),
                evidence: Vec::new(),
            })
            .articles
            .push(i);
    }
    for ((i, _), why) in joins {
        let root = sets.find(i);
        if let Some(s) = groups.get_mut(&root) {
            s.evidence.push(why);
        }
    }
    groups.into_values().collect()
}

/// The keys two sorted key lists share.
fn intersect<'a, T: Ord>(a: &'a [T], b: &[T]) -> Vec<&'a T> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(&a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stories(docs: &[(&str, &str)]) -> Vec<Vec<usize>> {
        stories_with(docs, &Params::default())
    }

    fn stories_with(docs: &[(&str, &str)], params: &Params) -> Vec<Vec<usize>> {
        let lex = crate::testing::lexicon();
        let articles: Vec<Article> = docs
            .iter()
            .enumerate()
            .map(|(i, (published, body))| {
                let src = format!("---\npublished: {published}\n---\n{body}\n");
                Article::from_text(format!("a{i}.md"), src, None).unwrap()
            })
            .collect();
        let claims: Vec<_> = articles
            .iter()
            .map(|a| crate::claims::extract(a, lex))
            .collect();
        group_with(&articles, &claims, lex, params)
            .into_iter()
            .map(|s| s.articles)
            .collect()
    }

    #[test]
    fn content_words_match_the_refolding_reference() {
        // The reference folds and hashes every word again and looks the
        // spelling up in a set of `COMMON`.
        let common: HashSet<&str> = COMMON.iter().copied().collect();
        let mut n = 0;
        for text in crate::claims::phrases::sample_texts() {
            let words = crate::claims::phrases::words(&text);
            let reference: Vec<(String, u64)> = words
                .iter()
                .filter(|w| {
                    w.text.len() >= 5
                        && w.text.chars().count() >= 5
                        && w.text.chars().all(crate::text::is_alphabetic)
                })
                .map(|w| crate::claims::phrases::key_of(w.text))
                .filter(|w| !common.contains(w.as_ref()))
                .map(|w| {
                    let h = word_hash(&w);
                    (w.into_owned(), h)
                })
                .collect();
            let fast: Vec<(String, u64)> = content_words(&words)
                .map(|(w, h)| (w.to_string(), h))
                .collect();
            assert_eq!(fast, reference, "{text}");
            n += fast.len();
        }
        assert!(n > 1000, "{n} words");
    }

    #[test]
    fn distinctive_words_are_hashed_sorted_and_unique() {
        let text =
            "Lawmakers approved the framework agreement; the lawmakers met 12 times وقال المتحدث";
        let words = crate::claims::phrases::words(text);
        let hashes = word_hashes(&words);
        // lawmakers (once, folded), approved, framework, agreement, times,
        // المتحدث; short words, numbers and «وقال» (common) are left out.
        assert_eq!(hashes.len(), 6, "{hashes:?}");
        assert!(hashes.windows(2).all(|w| w[0] < w[1]));
        assert!(hashes.contains(&word_hash("lawmakers")));
        assert!(!hashes.contains(&word_hash("وقال")));
    }

    #[test]
    fn joins_arabic_and_english_reports_of_one_attack() {
        let s = stories(&[
            (
                "2025-03-10",
                "قتل 12 مدنياً في هجوم صاروخي استهدف قاعدة حرير قرب أربيل في 9 آذار/مارس 2025.",
            ),
            (
                "2025-03-10",
                "Eleven civilians were killed in a rocket attack on Harir air base near Erbil on 9 March 2025.",
            ),
            (
                "2025-03-11",
                "ارتفعت حصيلة الهجوم على قاعدة حرير في أربيل إلى 15 قتيلاً.",
            ),
        ]);
        assert_eq!(s, vec![vec![0, 1, 2]]);
    }

    #[test]
    fn different_events_that_share_a_country_or_a_date_stay_apart() {
        let s = stories(&[
            (
                "2025-03-10",
                "قتل 12 مدنياً في هجوم صاروخي استهدف قاعدة حرير قرب أربيل في العراق في 9 آذار/مارس 2025.",
            ),
            // Another attack on another base, the same week.
            (
                "2025-03-07",
                "A drone attack on Ain al-Asad base in Iraq on 6 March 2025 caused no casualties.",
            ),
            // The anniversary, a year later.
            (
                "2026-03-09",
                "في الذكرى الأولى للهجوم على قاعدة حرير في أربيل، في 9 آذار/مارس 2025، أقيم حفل تأبين.",
            ),
            // The same spokesman and country the same week, about something else.
            (
                "2025-03-09",
                "قال العقيد سامر الحسيني إن القوات العراقية اعتقلت 4 مشتبه بهم في بغداد.",
            ),
            // No publication date: never joined.
            (
                "",
                "Eleven civilians were killed in a rocket attack on Harir air base near Erbil on 9 March 2025.",
            ),
        ]);
        assert_eq!(s, vec![vec![0], vec![1], vec![2], vec![3], vec![4]]);
    }

    const HARIR_AR: &str =
        "قتل 12 مدنياً في هجوم صاروخي استهدف قاعدة حرير قرب أربيل في 9 آذار/مارس 2025.";
    const HARIR_EN: &str = "Eleven civilians were killed in a rocket attack on Harir air base near Erbil on 9 March 2025.";

    #[test]
    fn a_wider_window_joins_reports_further_apart_at_every_bucket_alignment() {
        let wide = Params {
            window_days: 6,
            ..Params::default()
        };
        let first = chrono::NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let mut straddles = false;
        // Seven consecutive first days cover every alignment of the pair
        // with the buckets of either window.
        for shift in 0..7 {
            let a = first + chrono::Days::new(shift);
            let b = a + chrono::Days::new(5);
            // With the default window's 4-day buckets some alignments put
            // the pair two buckets apart: an index that kept those buckets
            // for a wider window would never propose the pair.
            straddles |= bucket(b, 3) - bucket(a, 3) == 2;
            let docs = [(a.to_string(), HARIR_AR), (b.to_string(), HARIR_EN)];
            let docs: Vec<(&str, &str)> = docs.iter().map(|(d, t)| (d.as_str(), *t)).collect();
            assert_eq!(stories_with(&docs, &wide), vec![vec![0, 1]], "from {a}");
            assert_eq!(stories(&docs), vec![vec![0], vec![1]], "from {a}");
        }
        assert!(straddles);
    }

    #[test]
    fn a_higher_score_threshold_keeps_a_pair_apart() {
        let docs = [("2025-03-10", HARIR_AR), ("2025-03-10", HARIR_EN)];
        assert_eq!(stories(&docs), vec![vec![0, 1]]);
        // They share the site, the city and the event date: 3.75.
        let strict = Params {
            min_score: 4.0,
            ..Params::default()
        };
        assert_eq!(stories_with(&docs, &strict), vec![vec![0], vec![1]]);
        let loose = Params {
            min_score: 3.75,
            ..Params::default()
        };
        assert_eq!(stories_with(&docs, &loose), vec![vec![0, 1]]);
    }
}
