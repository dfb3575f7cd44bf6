//! Quantities: numbers with their qualifiers, read as intervals.
//!
//! «نحو 300», "more than 50", «ما لا يقل عن 30», «بين 20 و30», «عشرات»: copy
//! rarely gives a bare count, and two counts can only be compared once
//! each is an interval of the values it allows. The main decision is that
//! every reading (how wide "about" is, what «عشرات» covers) is data in
//! `rules/qualifiers.toml`, so an editor can see and change it, and that a
//! quantity keeps the number it was read from, so a caller can still tell
//! a percentage, a digit count or an ambiguous spelling apart.
//!
//! What is returned: every cardinal number, qualified or not (an
//! unqualified number is exact), every range, every vague count. Ordinals
//! are not quantities. Two four-digit numbers that look like years
//! ("2014-2017", "between 2010 and 2018") are a span of years, returned as
//! two exact numbers; "from 30 to 50" after a verb of change ("rose", «ارتفع») is a
//! change, also returned as two exact numbers.

use std::collections::HashMap;
use std::ops::Range;

use crate::scan::{GuardedRegex, reach};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::{NumberLexicon, NumberMatch, Token, Written, fold, starts_with_fold, word_hash};
use crate::error::LexiconError;
use crate::lexicon::RulesFile;

/// How a quantity was qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// A bare number, or "equal to N": `[N, N]`.
    Exact,
    /// «نحو», "about": `[N − w, N + w]`.
    Approximate,
    /// "nearly", «يناهز»: `[N − w, N]`.
    Nearly,
    /// «أكثر من», "more than": `(N, ∞)`.
    MoreThan,
    /// «ما لا يقل عن», "at least": `[N, ∞)`.
    AtLeast,
    /// «أقل من», "fewer than": `(−∞, N)`.
    LessThan,
    /// «ما لا يزيد على», "up to": `(−∞, N]`.
    AtMost,
    /// «بين X و Y», "X-Y", or a lower and an upper bound joined: `[X, Y]`.
    Range,
    /// «عشرات», "hundreds": an interval from the data file.
    Vague,
}

/// A quantity: an interval of values, with the words it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte range in the normalized text, qualifier included.
    pub norm: Range<usize>,
    /// The number (the first one of a range); `None` for a vague count.
    pub number: Option<NumberMatch>,
    /// The second number of a range.
    pub upper: Option<NumberMatch>,
    /// Lowest value allowed (`f64::NEG_INFINITY` when no lower bound is stated).
    pub low: f64,
    /// Highest value allowed (`f64::INFINITY` when no upper bound is stated).
    pub high: f64,
    /// `low` itself is allowed.
    pub low_inclusive: bool,
    /// `high` itself is allowed.
    pub high_inclusive: bool,
    /// The qualifier's id in `rules/qualifiers.toml` ("about", "more-than",
    /// "range", "tens"...); `None` for a bare number.
    pub qualifier: Option<String>,
    /// How the interval was read.
    pub reading: Reading,
}

impl Quantity {
    /// True when both counts can be true at once ("about 300" and "more
    /// than 280"). Intervals that only touch at an open end also meet:
    /// copy uses "more than 136" loosely for a toll that another wire gives
    /// as 136, and precision comes before strictness.
    pub fn meets(&self, other: &Quantity) -> bool {
        self.low.max(other.low) <= self.high.min(other.high)
    }

    /// The interval in mathematical notation, for messages: "[270, 330]",
    /// "(50, ∞)", "12".
    pub fn interval_text(&self) -> String {
        let num = |v: f64| {
            if v.is_infinite() {
                if v > 0.0 {
                    "∞".to_string()
                } else {
                    "−∞".to_string()
                }
            } else if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        };
        if self.low == self.high && self.low_inclusive && self.high_inclusive {
            return num(self.low);
        }
        format!(
            "{}{}, {}{}",
            if self.low_inclusive { '[' } else { '(' },
            num(self.low),
            num(self.high),
            if self.high_inclusive { ']' } else { ')' }
        )
    }

    /// True when `value` lies in the interval.
    pub fn contains(&self, value: f64) -> bool {
        (value > self.low || (value == self.low && self.low_inclusive))
            && (value < self.high || (value == self.high && self.high_inclusive))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    or_equal: Vec<String>,
    approximation: ApproxFile,
    #[serde(default)]
    qualifier: Vec<Spanned<QualifierFile>>,
    ranges: RangesFile,
    #[serde(default)]
    vague: Vec<Spanned<VagueFile>>,
    #[serde(default)]
    vague_scale: Vec<Spanned<VagueScaleFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApproxFile {
    tolerance: Spanned<f64>,
    min_width: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifierFile {
    id: String,
    reads: Spanned<Reading>,
    #[serde(default)]
    before: Vec<Spanned<String>>,
    #[serde(default)]
    after: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangesFile {
    open: Vec<String>,
    with_open: Vec<String>,
    alone: Vec<String>,
    #[serde(default)]
    change_verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VagueFile {
    id: String,
    low: f64,
    high: f64,
    words: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VagueScaleFile {
    value: f64,
    words: Vec<Spanned<String>>,
}

/// One qualifier.
#[derive(Debug, Clone)]
struct Qualifier {
    id: String,
    reading: Reading,
}

/// One vague count.
#[derive(Debug, Clone)]
struct Vague {
    id: String,
    low: f64,
    high: f64,
}

/// The qualifiers of `rules/qualifiers.toml`, compiled.
#[derive(Debug)]
pub struct QualifierTable {
    tolerance: f64,
    min_width: f64,
    qualifiers: Vec<Qualifier>,
    /// (folded phrase, qualifier index), longest first, by last byte.
    before: EdgeIndex,
    /// The same, by first byte.
    after: EdgeIndex,
    open: Vec<String>,
    with_open: Vec<String>,
    alone: Vec<String>,
    /// The longest gap, in bytes, that [`NumberLexicon::range`] folds to
    /// compare with the connectors: twice the longest connector and some
    /// spaces. Two numbers further apart are never a range, and folding
    /// the whole text between every two numbers was a tenth of a check.
    longest_gap: usize,
    change_verbs: Vec<String>,
    or_equal: Vec<String>,
    vague: Vec<Vague>,
    vague_words: HashMap<String, usize>,
    vague_scales: HashMap<String, f64>,
    vague_finder: VagueFinder,
}

/// The proclitics the vague-count pattern allows before a vague word, in
/// the order its alternation tries them.
const VAGUE_PROCLITICS: [&str; 7] = ["وب", "ول", "و", "ب", "ل", "ك", "ف"];

/// How the vague counts of a text are found.
///
/// The pattern is `\b(?:proclitic)?(?P<w>word)(?:\s+(?P<s>scale))?\b`,
/// case-insensitive. Scanning a text for its words with a regex costs a
/// tenth of all of quantities even behind a prefilter, since on Arabic text
/// a prefilter on a word's first bytes matches nearly everywhere (every
/// letter starts with D8 or D9). Instead, the number tokenizer, which reads
/// every word anyway, hashes each one ([`super::word_hash`]) and tests one
/// bit of a filter of the words a vague count can begin with (next to the
/// number words' bit); only there is the pattern tried, anchored, on a
/// short window.
#[derive(Debug)]
enum VagueFinder {
    /// The vague words are of ASCII and Arabic letters: looked up by hash.
    Lookup {
        words: VagueWords,
        /// The pattern, anchored at a word's start.
        anchored: Regex,
        /// The runs a match touches (see [`reach`]).
        runs: usize,
        /// `^\w$`, for the `\b` before a word.
        word_char: Regex,
    },
    /// Any other vocabulary (a newsroom's words with letters the lookup
    /// does not case-fold like the regex): the regex behind its guard.
    Guarded(GuardedRegex),
}

/// The words a vague count can begin with, as the tokenizer sees them.
#[derive(Debug)]
struct VagueWords {
    /// (that hash, the hashes of the phrase's other words), sorted.
    phrases: Vec<(u64, Vec<u64>)>,
}

/// Where the vague counts of a text may start: the byte offsets of the
/// words that begin, with the words after them, a proclitic and a vague
/// phrase (as hashes, so a few more: the pattern decides).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct VagueStarts(Vec<usize>);

/// The vague-count pattern, its guard's finder and the runs a match
/// touches, from the folded vague words and scales.
fn vague_pattern(
    words: &HashMap<String, usize>,
    scales: &HashMap<String, f64>,
) -> (String, String, usize) {
    let alternation = |keys: Vec<&String>| {
        let mut keys = keys;
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        keys.iter()
            .map(|k| regex::escape(k).replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|")
    };
    let vague_alternation = alternation(words.keys().collect());
    let pattern = format!(
        r"(?i)\b(?:{})?(?P<w>{vague_alternation})(?:\s+(?P<s>{}))?\b",
        VAGUE_PROCLITICS.join("|"),
        alternation(scales.keys().collect()),
    );
    let finder = format!("(?i)(?:{vague_alternation})");
    // A match is a word of k words (2k - 1 runs, a proclitic glued to
    // its first), a run of spaces and a scale of m words (2m - 1 runs).
    let most_words = |keys: Vec<&String>| {
        (keys.into_iter())
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1)
    };
    let runs = 2 * (most_words(words.keys().collect()) + most_words(scales.keys().collect())) - 1;
    (pattern, finder, runs)
}

impl VagueFinder {
    fn new(words: &HashMap<String, usize>, scales: &HashMap<String, f64>) -> VagueFinder {
        let (pattern, finder, runs) = vague_pattern(words, scales);
        // The hash folds case as the regex does only for ASCII letters
        // (with K and ſ) and the caseless Arabic letters.
        let plain = words.keys().all(|w| {
            w.chars().all(|c| {
                c == ' '
                    || c.is_ascii_alphabetic()
                    || matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
            })
        });
        if !plain {
            // Guarded: the `\b` regex alone was a tenth of a whole check.
            return VagueFinder::Guarded(
                GuardedRegex::new(&pattern, &finder, 2)
                    .expect("escaped alternation compiles")
                    .within_runs(runs),
            );
        }
        let mut phrases: Vec<(u64, Vec<u64>)> = words
            .keys()
            .flat_map(|w| {
                let mut parts = w.split(' ');
                let first = parts.next().unwrap_or_default();
                let rest: Vec<u64> = parts.map(word_hash).collect();
                std::iter::once("")
                    .chain(VAGUE_PROCLITICS)
                    .map(move |p| (word_hash(&format!("{p}{first}")), rest.clone()))
            })
            .collect();
        phrases.sort();
        phrases.dedup();
        VagueFinder::Lookup {
            words: VagueWords { phrases },
            anchored: Regex::new(&format!("^(?:{pattern})")).expect("escaped alternation compiles"),
            runs,
            word_char: Regex::new(r"^\w$").expect("valid"),
        }
    }
}

impl QualifierTable {
    /// Loads and validates `qualifiers.toml`.
    pub(crate) fn load(file: &RulesFile) -> Result<Self, LexiconError> {
        let parsed: File = file.parse()?;
        let tolerance = *parsed.approximation.tolerance.get_ref();
        if !(0.0..1.0).contains(&tolerance) {
            return Err(file.error(
                parsed.approximation.tolerance.span(),
                "the tolerance must be at least 0 and below 1",
                "here",
            ));
        }
        let mut qualifiers = Vec::new();
        let mut before: Vec<(String, usize)> = Vec::new();
        let mut after: Vec<(String, usize)> = Vec::new();
        for q in &parsed.qualifier {
            let qf = q.get_ref();
            if matches!(qf.reads.get_ref(), Reading::Range | Reading::Vague) {
                return Err(file.error(
                    qf.reads.span(),
                    "a qualifier reads approximate, nearly, more-than, at-least, less-than, at-most or exact",
                    "not a qualifier reading",
                ));
            }
            if qualifiers.iter().any(|x: &Qualifier| x.id == qf.id) {
                return Err(file.error(
                    q.span(),
                    format!("qualifier `{}` is defined twice", qf.id),
                    "duplicate",
                ));
            }
            let index = qualifiers.len();
            qualifiers.push(Qualifier {
                id: qf.id.clone(),
                reading: *qf.reads.get_ref(),
            });
            for (list, out, side) in [
                (&qf.before, &mut before, "before"),
                (&qf.after, &mut after, "after"),
            ] {
                for p in list {
                    let key = fold(p.get_ref());
                    if let Some((_, other)) = out.iter().find(|(k, _)| *k == key) {
                        return Err(file.error(
                            p.span(),
                            format!(
                                "`{}` is listed twice {side} a number (also in `{}`)",
                                p.get_ref(),
                                qualifiers[*other].id
                            ),
                            "duplicate",
                        ));
                    }
                    out.push((key, index));
                }
            }
        }
        for list in [&mut before, &mut after] {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        let before = EdgeIndex::new(before, Edge::Last);
        let after = EdgeIndex::new(after, Edge::First);
        let mut vague = Vec::new();
        let mut vague_words = HashMap::new();
        for v in &parsed.vague {
            let vf = v.get_ref();
            if !(vf.low <= vf.high && vf.low >= 0.0) {
                return Err(file.error(
                    v.span(),
                    format!("vague count `{}`: low must be at most high", vf.id),
                    "low > high",
                ));
            }
            for w in &vf.words {
                if vague_words.insert(fold(w.get_ref()), vague.len()).is_some() {
                    return Err(file.error(
                        w.span(),
                        format!("`{}` is listed twice among vague counts", w.get_ref()),
                        "duplicate",
                    ));
                }
            }
            vague.push(Vague {
                id: vf.id.clone(),
                low: vf.low,
                high: vf.high,
            });
        }
        let mut vague_scales = HashMap::new();
        for s in &parsed.vague_scale {
            for w in &s.get_ref().words {
                if vague_scales
                    .insert(fold(w.get_ref()), s.get_ref().value)
                    .is_some()
                {
                    return Err(file.error(
                        w.span(),
                        format!("`{}` is listed twice among vague scales", w.get_ref()),
                        "duplicate",
                    ));
                }
            }
        }
        let vague_finder = VagueFinder::new(&vague_words, &vague_scales);
        let folded = |v: &[String]| v.iter().map(|s| fold(s)).collect::<Vec<_>>();
        Ok(QualifierTable {
            tolerance,
            min_width: parsed.approximation.min_width,
            qualifiers,
            before,
            after,
            open: folded(&parsed.ranges.open),
            with_open: folded(&parsed.ranges.with_open),
            alone: folded(&parsed.ranges.alone),
            longest_gap: parsed
                .ranges
                .with_open
                .iter()
                .chain(&parsed.ranges.alone)
                .map(|c| 2 * c.len() + 8)
                .max()
                .unwrap_or(0),
            change_verbs: folded(&parsed.ranges.change_verbs),
            or_equal: {
                let mut v = folded(&parsed.or_equal);
                v.sort_by_key(|p| std::cmp::Reverse(p.len()));
                v
            },
            vague,
            vague_words,
            vague_scales,
            vague_finder,
        })
    }

    /// The approximation tolerance (0.1 = ±10%).
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The [`word_hash`]es a vague count's first word (with its proclitic)
    /// can have, for the number tokenizer's filter; none when the pattern
    /// runs behind its guard instead.
    pub(super) fn vague_first_hashes(&self) -> Vec<u64> {
        match &self.vague_finder {
            VagueFinder::Lookup { words, .. } => words.phrases.iter().map(|(h, _)| *h).collect(),
            VagueFinder::Guarded(_) => Vec::new(),
        }
    }

    /// Where a vague count may start, from the words the tokenizer flagged
    /// with one of [`Self::vague_first_hashes`] (`flagged`: token index and hash):
    /// those that begin a proclitic and a vague phrase's first word, followed
    /// by the phrase's other words.
    ///
    /// A match of the pattern at byte `p` starts a word there (`\b`), made
    /// of letters only, that ends where the proclitic and first word end
    /// (spaces or `\b` follow): so it is the number tokenizer's word at `p`,
    /// with the hash of that proclitic and word; each further word of the
    /// phrase is, likewise, the next token. Every start of a match is thus
    /// kept (and a few starts that are not, which the pattern turns away).
    pub(super) fn vague_starts(
        &self,
        norm: &str,
        tokens: &[Token],
        flagged: &[(usize, u64)],
    ) -> VagueStarts {
        let VagueFinder::Lookup { words, .. } = &self.vague_finder else {
            return VagueStarts::default();
        };
        let starts = flagged.iter().filter(|&&(i, h)| {
            let from = words.phrases.partition_point(|(first, _)| *first < h);
            words.phrases[from..]
                .iter()
                .take_while(|(first, _)| *first == h)
                .any(|(_, rest)| {
                    rest.iter().enumerate().all(|(k, &r)| {
                        tokens.get(i + 1 + k).is_some_and(|t| {
                            t.kind.is_word() && word_hash(&norm[t.range.clone()]) == r
                        })
                    })
                })
        });
        VagueStarts(starts.map(|&(i, _)| tokens[i].range.start).collect())
    }

    /// The half-width of "about `n`".
    fn width(&self, n: f64) -> f64 {
        (n.abs() * self.tolerance).max(self.min_width)
    }

    /// The interval a reading gives `n`: (low, high, low inclusive, high inclusive).
    fn interval(&self, reading: Reading, n: f64) -> (f64, f64, bool, bool) {
        let inf = f64::INFINITY;
        match reading {
            Reading::Exact | Reading::Range | Reading::Vague => (n, n, true, true),
            Reading::Approximate => (n - self.width(n), n + self.width(n), true, true),
            Reading::Nearly => (n - self.width(n), n, true, true),
            Reading::MoreThan => (n, inf, false, false),
            Reading::AtLeast => (n, inf, true, false),
            Reading::LessThan => (-inf, n, false, false),
            Reading::AtMost => (-inf, n, false, true),
        }
    }
}

/// Which end of a text a phrase of an [`EdgeIndex`] must stand at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// The phrase ends the text (a qualifier before a number).
    Last,
    /// The phrase starts the text (a qualifier after a number).
    First,
}

/// Qualifier phrases grouped by the byte they end (or start) with, ASCII
/// case folded, so that each number is compared only with the phrases
/// that can stand against it instead of with every phrase of the table.
/// Each group keeps the table's order (longest first), so the first
/// phrase that fits is the one a scan of the whole table would find.
#[derive(Debug, Clone)]
pub(crate) struct EdgeIndex {
    phrases: Vec<(String, usize)>,
    /// Indices into `phrases`, per edge byte; an empty phrase (none ships,
    /// but a newsroom's file may hold one) is in every group.
    groups: Vec<Vec<u32>>,
    /// The empty phrases: all a text with no edge byte can match.
    empty: Vec<u32>,
    edge: Edge,
}

impl EdgeIndex {
    fn new(phrases: Vec<(String, usize)>, edge: Edge) -> EdgeIndex {
        let mut groups = vec![Vec::new(); 256];
        let mut empty = Vec::new();
        for (i, (p, _)) in phrases.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 2^32 phrases");
            match Self::edge_byte(p, edge) {
                Some(b) => groups[usize::from(b)].push(i),
                None => {
                    empty.push(i);
                    groups.iter_mut().for_each(|g| g.push(i));
                }
            }
        }
        // Keep the table's order inside each group.
        groups.iter_mut().for_each(|g| g.sort_unstable());
        EdgeIndex {
            phrases,
            groups,
            empty,
            edge,
        }
    }

    #[inline]
    fn edge_byte(s: &str, edge: Edge) -> Option<u8> {
        let b = match edge {
            Edge::Last => s.as_bytes().last(),
            Edge::First => s.as_bytes().first(),
        };
        b.map(u8::to_ascii_lowercase)
    }

    /// The phrases that may stand at the edge of `text`, in table order:
    /// every phrase that [`ends_with_fold`] (or [`starts_with_fold`])
    /// accepts against `text` is among them.
    fn candidates<'a>(&'a self, text: &str) -> impl Iterator<Item = &'a (String, usize)> + 'a {
        let group = match Self::edge_byte(text, self.edge) {
            Some(b) => &self.groups[usize::from(b)],
            None => &self.empty,
        };
        group.iter().map(|&i| &self.phrases[i as usize])
    }

    /// Every phrase, in table order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = &(String, usize)> {
        self.phrases.iter()
    }
}

/// True when `s` ends with `suffix`, ASCII case-insensitively.
fn ends_with_fold(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// True when the text before a phrase ends at a word boundary, allowing
/// an Arabic proclitic glued to the phrase («بنحو», «وأكثر من»).
fn boundary_before(pre: &str, phrase: &str) -> bool {
    let first = phrase.chars().next().unwrap_or(' ');
    if !crate::text::is_alphanumeric(first) {
        // "<>30", "=>30": not a comparison tadqiq knows.
        return !pre.ends_with(['<', '>', '=', '!']);
    }
    let mut rest = pre;
    for _ in 0..2 {
        match rest.chars().next_back() {
            None => return true,
            Some(c) if !crate::text::is_alphanumeric(c) => return true,
            Some(c @ ('و' | 'ف' | 'ب' | 'ل' | 'ك')) if !first.is_ascii() => {
                rest = &rest[..rest.len() - c.len_utf8()];
            }
            Some(_) => return false,
        }
    }
    rest.chars()
        .next_back()
        .is_none_or(|c| !crate::text::is_alphanumeric(c))
}

fn boundary_after(post: &str, phrase: &str) -> bool {
    let last = phrase.chars().next_back().unwrap_or(' ');
    !crate::text::is_alphanumeric(last)
        || post
            .chars()
            .next()
            .is_none_or(|c| !crate::text::is_alphanumeric(c))
}

impl NumberLexicon {
    /// The qualifier written just before byte `at` of `norm` («نحو», "more
    /// than"), longest first: its reading and where it starts. For callers
    /// that read a qualified noun without a number ("almost a decade").
    pub fn qualifier_before(&self, norm: &str, at: usize) -> Option<(Reading, usize)> {
        let q = self.qualifiers();
        let head = norm[..at].trim_end_matches(' ');
        q.before
            .candidates(head)
            .find(|(p, _)| {
                ends_with_fold(head, p) && boundary_before(&head[..head.len() - p.len()], p)
            })
            .map(|(p, qi)| (q.qualifiers[*qi].reading, head.len() - p.len()))
    }

    /// Every quantity in a normalized text, in text order: each cardinal
    /// number read with its qualifier as an interval, ranges, and vague counts.
    pub fn find_quantities(&self, norm: &str) -> Vec<Quantity> {
        let (numbers, vague) = self.find_with_vague(norm);
        self.find_quantities_with(norm, &numbers, &vague)
    }

    /// [`NumberLexicon::find_quantities`] with the numbers of `norm`
    /// already found by [`NumberLexicon::find`].
    pub fn find_quantities_in(&self, norm: &str, numbers: &[NumberMatch]) -> Vec<Quantity> {
        let tokens = self.tokenize(norm);
        let vague = self
            .qualifiers()
            .vague_starts(norm, &tokens.list, &tokens.vague);
        self.find_quantities_with(norm, numbers, &vague)
    }

    /// [`NumberLexicon::find_quantities`] with the numbers of `norm` and the
    /// starts of its vague counts already found by
    /// [`NumberLexicon::find_with_vague`]: claims extraction reads the
    /// numbers of an article once and shares them.
    pub(crate) fn find_quantities_with(
        &self,
        norm: &str,
        numbers: &[NumberMatch],
        vague: &VagueStarts,
    ) -> Vec<Quantity> {
        let q = self.qualifiers();
        let qualified = |n: &NumberMatch| {
            let head = norm[..n.norm.start].trim_end_matches(' ');
            q.before.candidates(head).any(|(p, _)| {
                ends_with_fold(head, p) && boundary_before(&head[..head.len() - p.len()], p)
            })
        };
        // Sized once: growing these by realloc showed in the profile.
        let mut kept = Vec::with_capacity(numbers.len());
        kept.extend(numbers.iter().cloned().filter_map(|mut n| {
            // «فوق الثلاثين» (over thirty): a definite tens word read as an
            // ordinal alone is a cardinal after a qualifier.
            let tens = n.value >= 20.0 && n.value <= 90.0 && n.value % 10.0 == 0.0;
            if n.ordinal
                && tens
                && n.written == Written::Words
                && norm[n.norm.clone()].starts_with("ال")
                && qualified(&n)
            {
                n.ordinal = false;
            }
            (!n.ordinal).then_some(n)
        }));
        let numbers = kept;
        let mut out: Vec<Quantity> = Vec::with_capacity(numbers.len());
        let mut used = vec![false; numbers.len()];
        // Ranges of two consecutive numbers.
        for i in 0..numbers.len().saturating_sub(1) {
            if used[i] {
                continue;
            }
            if let Some(range) = self.range(norm, &numbers[i], &numbers[i + 1]) {
                used[i] = true;
                used[i + 1] = true;
                out.push(range);
            }
        }
        // Single numbers with a qualifier before or after them.
        for (i, n) in numbers.iter().enumerate() {
            if used[i] {
                continue;
            }
            let head = norm[..n.norm.start].trim_end_matches(' ');
            let tail_start = n.norm.end
                + (norm[n.norm.end..].len() - norm[n.norm.end..].trim_start_matches(' ').len());
            let tail = &norm[tail_start..];
            let found_before = q.before.candidates(head).find(|(p, _)| {
                ends_with_fold(head, p) && boundary_before(&head[..head.len() - p.len()], p)
            });
            // A phrase followed by a number qualifies that number instead
            // ("equal to 5000 or less than 6000").
            let number_at = |at: usize| {
                let skip = norm[at..].len() - norm[at..].trim_start_matches(' ').len();
                numbers.iter().any(|m| m.norm.start == at + skip)
            };
            // The longest phrase decides: "or less than 6000" is not "or less".
            let found_after = q
                .after
                .candidates(tail)
                .find(|(p, _)| starts_with_fold(tail, p) && boundary_after(&tail[p.len()..], p))
                .filter(|(p, _)| !number_at(tail_start + p.len()));
            let bound = |qi: usize| {
                matches!(
                    q.qualifiers[qi].reading,
                    Reading::AtLeast | Reading::AtMost | Reading::MoreThan | Reading::LessThan
                )
            };
            let (mut range, qualifier) = match (found_before, found_after) {
                // "equal to 5000 or less", "about 500 or more": the bound after wins.
                (Some((pb, b)), Some((p, a))) if bound(*a) && !bound(*b) => {
                    let exact = q.qualifiers[*b].reading == Reading::Exact;
                    let start = if exact {
                        head.len() - pb.len()
                    } else {
                        n.norm.start
                    };
                    (start..tail_start + p.len(), Some(*a))
                }
                (Some((p, qi)), _) => (head.len() - p.len()..n.norm.end, Some(*qi)),
                (None, Some((p, qi))) => (n.norm.start..tail_start + p.len(), Some(*qi)),
                (None, None) => (n.norm.clone(), None),
            };
            let reading = qualifier.map_or(Reading::Exact, |qi| q.qualifiers[qi].reading);
            let (low, high, mut low_inclusive, mut high_inclusive) = q.interval(reading, n.value);
            // "less than 5000 or equal": the strict bound becomes inclusive.
            if matches!(reading, Reading::MoreThan | Reading::LessThan) {
                let rest = &norm[range.end..];
                let rest_trim = rest.trim_start_matches(' ');
                let at = range.end + rest.len() - rest_trim.len();
                if let Some(p) = q
                    .or_equal
                    .iter()
                    .find(|p| {
                        starts_with_fold(rest_trim, p) && boundary_after(&rest_trim[p.len()..], p)
                    })
                    .filter(|p| !number_at(at + p.len()))
                {
                    range.end += rest.len() - rest_trim.len() + p.len();
                    low_inclusive |= reading == Reading::MoreThan;
                    high_inclusive |= reading == Reading::LessThan;
                }
            }
            out.push(Quantity {
                norm: range,
                number: Some(n.clone()),
                upper: None,
                low,
                high,
                low_inclusive,
                high_inclusive,
                qualifier: qualifier.map(|qi| q.qualifiers[qi].id.clone()),
                reading,
            });
        }
        out.sort_by_key(|x| x.norm.start);
        let mut out = merge_bounds(norm, out);
        self.vague_counts(norm, vague, &mut out);
        out.sort_by_key(|x| x.norm.start);
        out
    }

    /// «بين 20 و30», "from 200 to 300", "20-30": a range of two numbers.
    fn range(&self, norm: &str, a: &NumberMatch, b: &NumberMatch) -> Option<Quantity> {
        let q = self.qualifiers();
        if a.norm.end > b.norm.start || a.value >= b.value || a.value.is_nan() {
            return None;
        }
        let gap = &norm[a.norm.end..b.norm.start];
        if gap.trim().len() > q.longest_gap {
            return None;
        }
        let gap = fold(gap);
        let head = norm[..a.norm.start].trim_end_matches(' ');
        let opener = q
            .open
            .iter()
            .filter(|o| {
                ends_with_fold(head, o) && boundary_before(&head[..head.len() - o.len()], o)
            })
            .max_by_key(|o| o.len());
        let with_open = opener.is_some() && q.with_open.contains(&gap);
        let alone = q.alone.contains(&gap);
        if !with_open && !alone {
            return None;
        }
        // "2014-2017", "between 2010 and 2018": a span of years, left to the calendar.
        let year = |n: &NumberMatch| {
            n.written == Written::Digits
                && n.norm.len() == 4
                && n.value.fract() == 0.0
                && (1900.0..=2100.0).contains(&n.value)
        };
        if year(a) && year(b) {
            return None;
        }
        let dash = gap.chars().all(|c| "-–—~".contains(c));
        if dash {
            if a.written != Written::Digits || b.written != Written::Digits {
                return None;
            }
            // "+1-222-2222": a phone number, not a range.
            let before = norm[..a.norm.start].chars().next_back();
            let after = norm[b.norm.end..].chars().next();
            if matches!(before, Some('-' | '+' | '/')) || matches!(after, Some('-' | '/')) {
                return None;
            }
        }
        let start = match opener {
            Some(o) if with_open => head.len() - o.len(),
            _ => a.norm.start,
        };
        // "rose from 30 to 50": a change, not a range.
        let words_before: Vec<String> = norm[..start]
            .split(|c: char| !crate::text::is_alphanumeric(c))
            .filter(|w| !w.is_empty())
            .rev()
            .take(4)
            .map(fold)
            .collect();
        if words_before.iter().any(|w| q.change_verbs.contains(w)) {
            return None;
        }
        Some(Quantity {
            norm: start..b.norm.end,
            number: Some(a.clone()),
            upper: Some(b.clone()),
            low: a.value,
            high: b.value,
            low_inclusive: true,
            high_inclusive: true,
            qualifier: Some("range".into()),
            reading: Reading::Range,
        })
    }

    /// Every match of the vague-count pattern in `norm`, in text order, as
    /// the byte offset of the match and its captures (relative to it):
    /// the pattern tried at each of `starts` (see [`VagueFinder`]).
    fn vague_matches<'t>(
        &'t self,
        norm: &'t str,
        starts: &'t VagueStarts,
    ) -> Box<dyn Iterator<Item = (usize, regex::Captures<'t>)> + 't> {
        match &self.qualifiers().vague_finder {
            VagueFinder::Guarded(re) => Box::new(re.captures_iter(norm)),
            VagueFinder::Lookup {
                anchored,
                runs,
                word_char,
                ..
            } => {
                let is_word = |c: char| {
                    if c.is_ascii() {
                        c.is_ascii_alphanumeric() || c == '_'
                    } else {
                        // Every alphabetic character is in `\w`; the regex settles the rest.
                        c.is_alphabetic() || word_char.is_match(c.encode_utf8(&mut [0; 4]))
                    }
                };
                // Matches do not overlap: a start inside the last one is skipped.
                let mut done = 0;
                Box::new(starts.0.iter().filter_map(move |&p| {
                    if p < done || norm[..p].chars().next_back().is_some_and(is_word) {
                        return None;
                    }
                    let caps = anchored.captures(reach(&norm[p..], *runs))?;
                    done = p + caps.get(0).map_or(0, |m| m.end());
                    Some((p, caps))
                }))
            }
        }
    }

    /// Adds the vague counts («عشرات», «مئات الآلاف», "dozens") to `out`.
    fn vague_counts(&self, norm: &str, starts: &VagueStarts, out: &mut Vec<Quantity>) {
        let q = self.qualifiers();
        for (at, caps) in self.vague_matches(norm, starts) {
            let w = caps.name("w").expect("always present");
            let Some(&vi) = q.vague_words.get(&fold(w.as_str())) else {
                continue;
            };
            let scale = caps
                .name("s")
                .and_then(|s| q.vague_scales.get(&fold(s.as_str())).map(|v| (s, *v)));
            let end = at + scale.map_or(w.end(), |(s, _)| s.end());
            let range = at + w.start()..end;
            // Part of a number («ثلاثة آلاف»): not vague.
            if out.iter().any(|x| {
                x.norm.start < range.end
                    && range.start < x.norm.end
                    && !(range.start <= x.norm.start && x.norm.end <= range.end)
            }) {
                continue;
            }
            out.retain(|x| !(range.start <= x.norm.start && x.norm.end <= range.end));
            let factor = scale.map_or(1.0, |(_, v)| v);
            let v = &q.vague[vi];
            out.push(Quantity {
                norm: range,
                number: None,
                upper: None,
                low: v.low * factor,
                // «عشرات الآلاف»: up to 99 999, not 99 000.
                high: (v.high + 1.0) * factor - 1.0,
                low_inclusive: true,
                high_inclusive: true,
                qualifier: Some(v.id.clone()),
                reading: Reading::Vague,
            });
        }
    }
}

/// Joins a lower and an upper bound written together ("more than 10 and
/// fewer than 20", «أكثر من 10 وأقل من 20») into one interval.
fn merge_bounds(norm: &str, list: Vec<Quantity>) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::with_capacity(list.len());
    for q in list {
        if let Some(prev) = out.last_mut() {
            let lower = |x: &Quantity| matches!(x.reading, Reading::MoreThan | Reading::AtLeast);
            let upper = |x: &Quantity| matches!(x.reading, Reading::LessThan | Reading::AtMost);
            let (lo, hi) = if lower(prev) && upper(&q) {
                (&*prev, &q)
            } else if upper(prev) && lower(&q) {
                (&q, &*prev)
            } else {
                out.push(q);
                continue;
            };
            // The gap is folded only now: between two numbers of no bound
            // pair it may be a paragraph long.
            let gap = fold(&norm[prev.norm.end.min(q.norm.start)..q.norm.start]);
            let joined = matches!(
                gap.as_str(),
                "و" | "and" | "but" | "," | "،" | ", and" | "، و" | "، او" | ", or"
            );
            if joined && lo.low < hi.high {
                let merged = Quantity {
                    norm: prev.norm.start..q.norm.end,
                    number: lo.number.clone(),
                    upper: hi.number.clone(),
                    low: lo.low,
                    high: hi.high,
                    low_inclusive: lo.low_inclusive,
                    high_inclusive: hi.high_inclusive,
                    qualifier: Some("range".into()),
                    reading: Reading::Range,
                };
                *prev = merged;
                continue;
            }
        }
        out.push(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn lex() -> &'static NumberLexicon {
        &crate::testing::lexicon().numbers
    }

    /// (text, low, high, qualifier) of every quantity.
    fn quantities(text: &str) -> Vec<(String, f64, f64, Option<String>)> {
        let n = normalize(text, 0);
        let s = n.as_str();
        lex()
            .find_quantities(s)
            .into_iter()
            .map(|q| (s[q.norm.clone()].to_string(), q.low, q.high, q.qualifier))
            .collect()
    }

    fn one(text: &str) -> Quantity {
        let n = normalize(text, 0);
        let v = lex().find_quantities(n.as_str());
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn every_connector_fits_the_longest_gap() {
        let q = lex().qualifiers();
        for c in q.with_open.iter().chain(&q.alone) {
            assert!(format!("  {c}  ").len() <= q.longest_gap, "{c}");
        }
        assert_eq!(quantities("between 20 and 30 soldiers")[0].2, 30.0);
        assert_eq!(quantities("20\n\nto\n\n30 soldiers")[0].2, 30.0);
        // A range needs its connector alone between the numbers.
        let far = format!("20 to {} 30 soldiers", "x ".repeat(20));
        assert!(quantities(&far).iter().all(|(_, lo, hi, _)| lo == hi));
    }

    #[test]
    fn bare_numbers_are_exact() {
        let q = one("قتل 12 مدنيا");
        assert_eq!((q.low, q.high, q.reading), (12.0, 12.0, Reading::Exact));
        assert!(q.qualifier.is_none());
    }

    #[test]
    fn approximations_use_the_tolerance_of_the_data_file() {
        let q = one("قتل نحو 300 شخص");
        assert_eq!((q.low, q.high), (270.0, 330.0));
        assert_eq!(q.qualifier.as_deref(), Some("about"));
        assert!((one("بحوالي ألفي جندي").low - 1800.0).abs() < 1e-9);
        assert_eq!(one("about five").low, 4.0);
        let q = one("500 تقريبا");
        assert_eq!(q.qualifier.as_deref(), Some("about"));
        let q = one("nearly 300 people");
        assert_eq!((q.low, q.high), (270.0, 300.0));
    }

    #[test]
    fn bounds() {
        let q = one("أكثر من 50 جريحا");
        assert_eq!(
            (q.low, q.high, q.low_inclusive),
            (50.0, f64::INFINITY, false)
        );
        let q = one("ما يزيد على ألف");
        assert_eq!(q.reading, Reading::MoreThan);
        let q = one("ما لا يقل عن ثلاثين");
        assert_eq!(
            (q.low, q.low_inclusive, q.reading),
            (30.0, true, Reading::AtLeast)
        );
        let q = one("30 على الأقل");
        assert_eq!(q.reading, Reading::AtLeast);
        let q = one("at least 30");
        assert_eq!(q.reading, Reading::AtLeast);
        let q = one("fewer than 10 people");
        assert_eq!((q.high, q.high_inclusive), (10.0, false));
        let q = one("up to 700 workers");
        assert_eq!(
            (q.high, q.high_inclusive, q.reading),
            (700.0, true, Reading::AtMost)
        );
        let q = one("دون 18 عاما");
        assert_eq!(q.reading, Reading::LessThan);
        let q = one("200 أو أكثر");
        assert_eq!(q.reading, Reading::AtLeast);
        let q = one("200 فأكثر");
        assert_eq!(q.reading, Reading::AtLeast);
        // «وأكثر من»: the conjunction is outside the quantity.
        assert_eq!(quantities("وأكثر من 20")[0].0, "اكثر من 20");
    }

    #[test]
    fn compatible_and_incompatible_counts() {
        assert!(one("about 300").meets(&one("more than 280")));
        assert!(one("at least 30").meets(&one("more than 40")));
        assert!(!one("more than 50 wounded").meets(&one("38 wounded")));
        assert!(!one("قتل 12 مدنيا").meets(&one("eleven civilians")));
    }

    #[test]
    fn interval_text_for_messages() {
        assert_eq!(one("نحو 300").interval_text(), "[270, 330]");
        assert_eq!(one("more than 50").interval_text(), "(50, ∞)");
        assert_eq!(one("up to 700").interval_text(), "(−∞, 700]");
        assert_eq!(one("12").interval_text(), "12");
        assert!(one("about 300").contains(300.0) && !one("more than 50").contains(50.0));
    }

    #[test]
    fn ranges() {
        assert_eq!(
            quantities("بين ٢٠ و٣٠"),
            vec![("بين 20 و30".into(), 20.0, 30.0, Some("range".into()))]
        );
        assert_eq!(quantities("between 20 and 30")[0].1, 20.0);
        assert_eq!(quantities("من 200 إلى 300 جندي")[0].2, 300.0);
        assert_eq!(quantities("1000-5000")[0].3.as_deref(), Some("range"));
        assert_eq!(
            quantities("more than 10 and less than 20")[0].0,
            "more than 10 and less than 20"
        );
        assert_eq!(quantities("أكثر من ٤٠ وأقل من ١٠").len(), 2);
    }

    #[test]
    fn uncertain_counts_with_or_are_ranges() {
        assert_eq!(quantities("قتل ثلاثة أو أربعة")[0].0, "ثلاثه او اربعه");
        assert_eq!(quantities("two or three people")[0].2, 3.0);
        // Not when the first is the larger: two separate claims.
        assert_eq!(quantities("212 or 198").len(), 2);
    }

    #[test]
    fn year_spans_phone_numbers_and_changes_are_not_ranges() {
        let q = quantities("بين 2014-2017");
        assert_eq!(q.len(), 2);
        assert!(q.iter().all(|x| x.3.is_none()));
        assert_eq!(quantities("+1-222-2222").len(), 3);
        assert!(
            quantities("between 2010 and 2018")
                .iter()
                .all(|x| x.3.is_none())
        );
        let q = quantities("the toll rose from 30 to 50");
        assert!(q.iter().all(|x| x.3.is_none()), "{q:?}");
    }

    #[test]
    fn a_qualifier_before_a_noun_without_a_number() {
        let norm = |t: &str| normalize(t, 0).as_str().to_string();
        let t = norm("بعد نحو عقد");
        assert_eq!(
            lex().qualifier_before(&t, t.len() - "عقد".len()),
            Some((Reading::Approximate, t.find("نحو").unwrap()))
        );
        let t = "after more than a decade";
        assert_eq!(
            lex().qualifier_before(t, t.len() - "a decade".len()),
            Some((Reading::MoreThan, 6))
        );
        // "more" alone, or a word glued to the phrase, is no qualifier.
        assert_eq!(lex().qualifier_before("moreover ", 9), None);
        assert_eq!(lex().qualifier_before("", 0), None);
    }

    #[test]
    fn vague_counts() {
        assert_eq!(quantities("عشرات القتلى")[0].1, 20.0);
        assert_eq!(quantities("نزح الآلاف")[0].1, 2000.0);
        let q = quantities("مئات الآلاف من النازحين");
        assert_eq!((q[0].1, q[0].2), (200_000.0, 999_999.0));
        assert_eq!(quantities("dozens of people")[0].3.as_deref(), Some("tens"));
        assert_eq!(quantities("tens of thousands")[0].1, 20_000.0);
        // «ثلاثة آلاف» is a number, not a vague count.
        assert_eq!(quantities("ثلاثة آلاف")[0].1, 3000.0);
        assert_eq!(quantities("بضعة آلاف")[0].1, 3000.0);
        assert_eq!(quantities("عدة مرات")[0].3.as_deref(), Some("few"));
        assert_eq!(quantities("a couple of days")[0].2, 3.0);
    }

    #[test]
    fn ordinals_are_not_quantities() {
        assert!(quantities("للمرة الثالثة").is_empty());
        assert!(quantities("الذكرى العشرين").is_empty());
        // ...but a definite tens word after a qualifier is an age or a count.
        assert_eq!(quantities("رجل فوق الستين")[0].1, 60.0);
        assert!(quantities("the 21st time").is_empty());
    }

    #[test]
    fn no_panic_on_arbitrary_text() {
        // Pieces that stress every branch: number words with clitics,
        // separators, signs, qualifiers, glued letters, odd Unicode.
        const PIECES: &[&str] = &[
            "ثلاثة",
            "وعشرون",
            "بالمئة",
            "الف",
            "آلاف",
            "مئتي",
            "الحادي",
            "عشر",
            "نحو",
            "أكثر من",
            "بين",
            "و",
            "من",
            "إلى",
            "عشرات",
            "الآلاف",
            "نصف",
            "one",
            "hundred",
            "and",
            "a",
            "half",
            "twenty",
            "-",
            "–",
            "first",
            "21st",
            "more than",
            "or less",
            "between",
            "1",
            "2,500",
            "٢٬٥٠٠",
            "3.5",
            "1.234.567",
            "12،220,13",
            ".5",
            "%",
            "<",
            ">=",
            "=",
            "k",
            "bn",
            "M",
            " ",
            "  ",
            "\n",
            "é",
            "😀",
            "ـ",
            "ً",
            "ة",
            "١",
            "/",
            ",",
            ".",
            "٫",
            "+",
            "(",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 9) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
                if seed & 1 == 0 {
                    text.push(' ');
                }
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let n = normalize(&text, 0);
            let _ = lex().find(n.as_str());
            let _ = lex().find_relative(n.as_str());
            for q in lex().find_quantities(n.as_str()) {
                assert!(q.low <= q.high, "{text}: {q:?}");
                assert!(n.as_str().is_char_boundary(q.norm.start));
            }
        }
    }

    fn load(text: &str) -> Result<QualifierTable, LexiconError> {
        QualifierTable::load(&RulesFile {
            display: "rules/qualifiers.toml".into(),
            text: text.into(),
        })
    }

    const BASE: &str = "[approximation]\ntolerance = 0.1\nmin_width = 1.0\n\
        [ranges]\nopen = []\nwith_open = []\nalone = []\n";

    #[test]
    fn a_phrase_in_two_qualifiers_is_a_contradiction() {
        let err = load(&format!(
            "{BASE}[[qualifier]]\nid = \"a\"\nreads = \"approximate\"\nbefore = [\"نحو\"]\n\
             [[qualifier]]\nid = \"b\"\nreads = \"more-than\"\nbefore = [\"نحو\"]\n"
        ))
        .unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        assert!(err.line_column.is_some());
    }

    #[test]
    fn bad_tolerance_and_intervals_are_errors() {
        let err = load(&BASE.replace("0.1", "1.5")).unwrap_err();
        assert!(err.to_string().contains("tolerance"), "{err}");
        let err = load(&format!(
            "{BASE}[[qualifier]]\nid = \"a\"\nreads = \"range\"\n"
        ))
        .unwrap_err();
        assert!(err.to_string().contains("qualifier reads"), "{err}");
        let err = load(&format!(
            "{BASE}[[vague]]\nid = \"x\"\nlow = 10\nhigh = 5\nwords = [\"عشرات\"]\n"
        ))
        .unwrap_err();
        assert!(err.to_string().contains("low must be"), "{err}");
    }

    #[test]
    fn the_edge_index_offers_every_phrase_a_full_scan_would_find() {
        let q = lex().qualifiers();
        let mut heads: Vec<String> = Vec::new();
        for text in crate::testing::corpus_texts() {
            let norm = crate::text::normalize(&text, 0);
            let norm = norm.as_str();
            // Every text up to a space, and every text from after one.
            for (i, _) in norm.match_indices(' ') {
                heads.push(norm[..i].to_string());
                heads.push(norm[i + 1..].to_string());
            }
        }
        // Each phrase alone, in upper case, glued to a proclitic, and empty.
        for (p, _) in q.before.iter().chain(q.after.iter()) {
            heads.extend([
                p.clone(),
                p.to_uppercase(),
                format!("و{p}"),
                format!("{p}x"),
            ]);
        }
        heads.push(String::new());
        for head in &heads {
            let full: Vec<_> = q
                .before
                .iter()
                .filter(|(p, _)| ends_with_fold(head, p))
                .collect();
            let offered: Vec<_> = (q.before.candidates(head))
                .filter(|(p, _)| ends_with_fold(head, p))
                .collect();
            assert_eq!(full, offered, "before: {head:?}");
            let full: Vec<_> = q
                .after
                .iter()
                .filter(|(p, _)| starts_with_fold(head, p))
                .collect();
            let offered: Vec<_> = (q.after.candidates(head))
                .filter(|(p, _)| starts_with_fold(head, p))
                .collect();
            assert_eq!(full, offered, "after: {head:?}");
        }
        assert!(heads.len() > 1000);
    }

    #[test]
    fn an_empty_phrase_is_offered_everywhere() {
        let index = EdgeIndex::new(
            vec![
                ("about".into(), 0),
                (String::new(), 1),
                ("nearly".into(), 2),
            ],
            Edge::Last,
        );
        let ids = |t: &str| index.candidates(t).map(|(_, i)| *i).collect::<Vec<_>>();
        assert_eq!(ids("some text nearly"), [1, 2]);
        assert_eq!(ids("ABOUT"), [0, 1]);
        assert_eq!(ids(""), [1]);
    }

    /// Every vague match as (start, whole, word, scale) byte ranges.
    type VagueMatch = (usize, Range<usize>, Range<usize>, Option<Range<usize>>);

    fn spans<'t>(it: impl Iterator<Item = (usize, regex::Captures<'t>)>) -> Vec<VagueMatch> {
        it.map(|(at, c)| {
            (
                at,
                c.get(0).unwrap().range(),
                c.name("w").unwrap().range(),
                c.name("s").map(|m| m.range()),
            )
        })
        .collect()
    }

    /// The vague counts as they were found before the lookup: the pattern
    /// behind its guard, over the whole text.
    fn vague_reference(text: &str) -> Vec<VagueMatch> {
        let q = lex().qualifiers();
        let (pattern, finder, runs) = vague_pattern(&q.vague_words, &q.vague_scales);
        let re = GuardedRegex::new(&pattern, &finder, 2)
            .unwrap()
            .within_runs(runs);
        spans(re.captures_iter(text))
    }

    fn vague_by_lookup(text: &str) -> Vec<VagueMatch> {
        let (_, starts) = lex().find_with_vague(text);
        spans(lex().vague_matches(text, &starts))
    }

    #[test]
    fn vague_counts_by_lookup_are_the_guarded_regex_matches() {
        assert!(matches!(
            lex().qualifiers().vague_finder,
            VagueFinder::Lookup { .. }
        ));
        let mut texts = crate::testing::corpus_texts();
        // Traps: proclitics, case, the two letters a case-insensitive
        // regex reads as ASCII (K, ſ), words glued to digits, marks and
        // underscores (in `\w`, not letters), phrases split by a line.
        texts.push(
            "عشرات وبضعة ولعشرات فالآلاف كمئات بالملايين عشرات الآلاف مئات\u{a0}الألوف \
             SEVERAL Dozens ſeveral doƶens \u{212A}housands thou\u{212A}ands tens of thousands \
             scores of millions a couple of, a  few a\nhandful of a handful ofx 5dozens dozens5 \
             _dozens dozens_ عشرات\u{064b} \u{064b}عشرات ـعشرات a few thousands of thousands"
                .to_string(),
        );
        const PIECES: &[&str] = &[
            "عشرات",
            "بضعة",
            "آلاف",
            "الآلاف",
            "ملايين",
            "و",
            "ب",
            "ل",
            "ف",
            "ال",
            "a",
            "A",
            "few",
            "FEW",
            "couple",
            "of",
            "handful",
            "scores",
            "dozens",
            "tens",
            "thousands",
            "millions",
            "of thousands",
            "ſ",
            "\u{212A}",
            "x",
            "5",
            "_",
            "\u{064b}",
            " ",
            " ",
            " ",
            "\n",
            "\u{a0}",
            ",",
            "-",
        ];
        texts.extend(crate::testing::random_texts_of(
            PIECES,
            (0..3000).map(|i| i % 40),
        ));
        let normalized: Vec<String> = texts
            .iter()
            .map(|t| normalize(t, 0).as_str().to_string())
            .collect();
        let mut found = 0;
        for text in texts.iter().chain(&normalized) {
            let by_lookup = vague_by_lookup(text);
            assert_eq!(by_lookup, vague_reference(text), "{text:?}");
            found += by_lookup.len();
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn the_vague_hash_folds_case_as_the_regex_does() {
        // Every character the case-insensitive pattern reads as a letter a
        // vague word can have (see `VagueFinder::new`) is that letter for
        // `hash_unit`, and no other character is.
        let letters: Vec<char> = ('a'..='z')
            .chain('\u{0621}'..='\u{063A}')
            .chain('\u{0641}'..='\u{064A}')
            .collect();
        let q = lex().qualifiers();
        assert!(
            q.vague_words
                .keys()
                .flat_map(|w| w.chars())
                .all(|c| c == ' ' || letters.contains(&c))
        );
        let class: String = letters
            .iter()
            .map(|c| regex::escape(&c.to_string()))
            .collect();
        let re = regex::Regex::new(&format!("(?i)^[{class}]$")).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let folds = letters.contains(&char::from_u32(super::super::hash_unit(c)).unwrap());
            assert_eq!(re.is_match(&c.to_string()), folds, "{c:?}");
        }
    }

    #[test]
    fn vague_words_the_hash_cannot_fold_keep_the_guarded_regex() {
        let words = HashMap::from([("plusieurs".to_string(), 0), ("énormément".to_string(), 1)]);
        let finder = VagueFinder::new(&words, &HashMap::new());
        assert!(matches!(finder, VagueFinder::Guarded(_)));
        let words = HashMap::from([("plusieurs".to_string(), 0), ("عشرات".to_string(), 1)]);
        let finder = VagueFinder::new(&words, &HashMap::new());
        assert!(matches!(finder, VagueFinder::Lookup { .. }));
    }
}
