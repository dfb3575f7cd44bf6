//! Scanning: finding the whole words of a lexicon in normalized text, fast.
//!
//! A lexicon (month names, number words, weekdays) is read as the words of
//! `\b(?:[clitics])?(?:WORDS)\b`, longest word first. The main decision is
//! to run no regex over the text for it. A Unicode `\b` makes the regex
//! crate give up its lazy DFA on Arabic text and backtrack at every
//! position, and even without `\b` (the alternation on the DFA, each
//! candidate's boundaries checked by hand) the literal prefilter is useless
//! on Arabic, where every letter's first byte is D8 or D9. So [`WordSet`]
//! reads the text once, run of `\w` by run (four Arabic letters at a time
//! where it can), and looks each run up in a table keyed by the first word
//! of the lexicon's entries, with a 4,096-bit filter in front; the few runs
//! that pass are confirmed there (see `Lexer` for why the words found are
//! those of the alternation). A lexicon whose words are not runs of `\w`
//! joined by single spaces keeps the alternation search, and so does one of
//! ASCII words, where the prefilter works. One difference
//! from the `\b` regex, irrelevant for lexicons where no word is a
//! proclitic letter plus another word: such a word is read whole where the
//! regex would read a proclitic and the shorter word.
//!
//! Several lexicons may be read in the same pass ([`WordSet::lists`]),
//! each found as if alone: the Hijri month names ride along with the
//! Gregorian ones, which a second pass would cost as much again.
//!
//! [`GuardedRegex`] does the same for a `\b` pattern richer than a word
//! list (two-letter proclitics, an optional word after the word): the word
//! alternation without `\b` finds where a match could be, and the whole
//! pattern is tried, anchored, only there; its matches are those of the
//! pattern itself.

use std::ops::Range;
use std::sync::OnceLock;

use foldhash::HashMap;
use regex::Regex;

/// A compiled set of words to find in normalized text.
#[derive(Debug, Clone)]
pub struct WordSet {
    engine: Engine,
    /// One-letter prefixes a word may carry (Arabic proclitics و ف ب ل ك).
    proclitics: Vec<char>,
}

/// How a word set reads text.
#[derive(Debug, Clone)]
enum Engine {
    /// Every word is runs of `\w` joined by single spaces: read word by word.
    Lexer(Lexer),
    /// Any other word lists: per list, the alternation, longest word
    /// first, spaces matching any run of spaces, and the same alternation
    /// anchored at the start, to try shorter words.
    Regex(Vec<(Regex, Regex)>),
}

/// One word found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    /// The word's byte range in the text, a proclitic excluded.
    pub range: Range<usize>,
    /// A proclitic letter was attached before the word.
    pub clitic: bool,
}

impl WordSet {
    /// Compiles `words` (already folded like the text they will be matched
    /// in); `proclitics` are letters that may be attached before a word.
    pub fn new<'a>(
        words: impl IntoIterator<Item = &'a str>,
        proclitics: &[char],
    ) -> Result<WordSet, regex::Error> {
        WordSet::lists(vec![words.into_iter().collect()], proclitics)
    }

    /// Compiles several word lists read in one pass: [`WordSet::find_lists`]
    /// finds the words of each list as [`WordSet::new`] of that list alone
    /// would, so the lists may share words and overlap in text. Reading a
    /// text costs about as much for two lists as for one, where two sets
    /// would read it twice.
    pub fn lists(lists: Vec<Vec<&str>>, proclitics: &[char]) -> Result<WordSet, regex::Error> {
        let lists: Vec<Vec<&str>> = lists
            .into_iter()
            .map(|mut words| {
                words.retain(|w| !w.is_empty());
                words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                words.dedup();
                words
            })
            .collect();
        let engine = match Lexer::new(&lists, proclitics) {
            Some(lexer) => Engine::Lexer(lexer),
            None => Engine::Regex(
                lists
                    .iter()
                    .map(|words| alternation(words))
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(WordSet {
            engine,
            proclitics: proclitics.to_vec(),
        })
    }

    /// Whether a word at `start` begins a word, directly or after one proclitic.
    /// Returns `Some(clitic)` when it does.
    fn starts_word(&self, text: &str, start: usize) -> Option<bool> {
        let mut before = text[..start].chars().rev();
        let prev = before.next();
        if !is_word(prev) {
            return Some(false);
        }
        let clitic = prev.is_some_and(|c| self.proclitics.contains(&c));
        (clitic && !is_word(before.next())).then_some(true)
    }

    /// Every word of the set standing alone in `text`, in text order,
    /// not overlapping.
    /// With several lists ([`WordSet::lists`]), the words of the first.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = WordMatch> + 't> {
        match &self.engine {
            Engine::Lexer(lexer) => Box::new(lexer.find_iter(text)),
            Engine::Regex(lists) => {
                let (any, anchored) = &lists[0];
                Box::new(self.find_iter_regex(any, anchored, text))
            }
        }
    }

    /// For each list of the set, in list order, what [`WordSet::find_iter`]
    /// finds for a set of that list alone: every word of the list standing
    /// alone in `text`, in text order, not overlapping.
    pub fn find_lists(&self, text: &str) -> Vec<Vec<WordMatch>> {
        match &self.engine {
            Engine::Lexer(lexer) => lexer.find_lists(text),
            Engine::Regex(lists) => lists
                .iter()
                .map(|(any, anchored)| self.find_iter_regex(any, anchored, text).collect())
                .collect(),
        }
    }

    /// The search with the alternation: the next place a word of the set
    /// occurs, then its boundaries checked by hand.
    fn find_iter_regex<'t>(
        &'t self,
        any: &'t Regex,
        anchored: &'t Regex,
        text: &'t str,
    ) -> impl Iterator<Item = WordMatch> + 't {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at <= text.len() {
                let m = any.find_at(text, at)?;
                let start = m.start();
                let found = self.starts_word(text, start).and_then(|clitic| {
                    // The longest word here may run into a following letter
                    // while a shorter one ends cleanly.
                    let mut end = m.end();
                    loop {
                        if !is_word(text[end..].chars().next()) {
                            return Some(WordMatch {
                                range: start..end,
                                clitic,
                            });
                        }
                        let shorter = text[start..end]
                            .char_indices()
                            .next_back()
                            .map_or(0, |(i, _)| i);
                        end = start + anchored.find(&text[start..start + shorter])?.end();
                    }
                });
                match found {
                    Some(word) => {
                        at = word.range.end.max(start + 1);
                        return Some(word);
                    }
                    None => {
                        // A word may still begin inside this candidate.
                        at = start + text[start..].chars().next().map_or(1, char::len_utf8);
                    }
                }
            }
            None
        })
    }
}

/// The alternation of `words` (sorted longest first), spaces matching any
/// run of spaces, and the same anchored at the start.
fn alternation(words: &[&str]) -> Result<(Regex, Regex), regex::Error> {
    let alternation = words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    // An empty set must match nothing, not the empty string.
    let alternation = if words.is_empty() {
        r"[^\s\S]".to_string()
    } else {
        alternation
    };
    Ok((
        Regex::new(&alternation)?,
        Regex::new(&format!("^(?:{alternation})"))?,
    ))
}

/// Reads text run of `\w` by run, and looks each run up by its first word.
///
/// Why not the alternation: on Arabic text every letter's first UTF-8 byte
/// is D8 or D9, so the regex crate's literal prefilter stops at nearly
/// every letter and its DFA then runs from there; reading each character
/// once and probing a table once a run costs a fraction of that.
///
/// The words found are those of the alternation search. A word there
/// stands alone: a non-word character (or the text's edge) before it, or
/// a proclitic with one before that, and a non-word character after it.
/// So a word starts either at the start of a run or one proclitic into it,
/// and each of its words is a whole run, its spaces a whole run of
/// whitespace. Of the words that match at one place, the alternation
/// (longest first) and its retries of shorter words end on the longest
/// that stands alone: here, the one with the most words.
#[derive(Debug, Clone)]
struct Lexer {
    /// Each word of the set by its first word: the words that follow it
    /// (none for a one-word entry) and the list it belongs to, most words
    /// first.
    heads: HashMap<Box<str>, Vec<Tail>>,
    /// One bit per [`signature`] of a first word: most runs of a text are
    /// turned away here, without hashing them whole.
    filter: Box<BitFilter>,
    /// For each character below U+0800 (one or two UTF-8 bytes): [`WORD`]
    /// when it is in `\w`, [`CLITIC`] when it is one of the proclitics.
    classes: Box<[u8; 0x800]>,
    /// The proclitics, for characters of three bytes or more.
    proclitics: Vec<char>,
    /// How many lists the words came in.
    lists: usize,
    /// The least and greatest first byte of a first word or a proclitic:
    /// a text with no byte between them has no entry (English text for
    /// Arabic names), and is not read.
    leads: (u8, u8),
}

/// The words of an entry after its first, and the list it belongs to.
type Tail = (Vec<Box<str>>, usize);

/// 4,096 bits, one per 12-bit key: the one-probe filter that turns most
/// words of a text away before a hash-map lookup (the lexer's first words,
/// phrase tables' first words, story grouping's common words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BitFilter([u64; 64]);

impl Default for BitFilter {
    fn default() -> Self {
        BitFilter([0; 64])
    }
}

impl BitFilter {
    /// How many keys there are (one bit each).
    pub(crate) const KEYS: usize = 64 * 64;

    /// The key of a 64-bit hash: its top twelve bits.
    #[inline]
    pub(crate) fn key_of_hash(hash: u64) -> usize {
        (hash >> 52) as usize
    }

    /// Sets the bit of `key` (below 4,096).
    pub(crate) fn insert(&mut self, key: usize) {
        self.0[key / 64] |= 1 << (key % 64);
    }

    /// Whether the bit of `key` (below 4,096) is set.
    #[inline]
    pub(crate) fn contains(&self, key: usize) -> bool {
        self.0[key / 64] >> (key % 64) & 1 == 1
    }

    /// The keys whose bits are set, in increasing order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = usize> + '_ {
        (0..Self::KEYS).filter(|&k| self.contains(k))
    }
}

/// A character class bit of [`Lexer::classes`]: in `\w`.
const WORD: u8 = 1;
/// A character class bit of [`Lexer::classes`]: a proclitic.
const CLITIC: u8 = 2;

impl Lexer {
    /// The lexer for the word lists `lists` (each sorted longest first,
    /// deduplicated), or `None` when a word is not runs of `\w` joined by
    /// single spaces, or when every word is ASCII.
    fn new(lists: &[Vec<&str>], proclitics: &[char]) -> Option<Lexer> {
        let words = || {
            lists
                .iter()
                .enumerate()
                .flat_map(|(i, l)| l.iter().map(move |w| (*w, i)))
        };
        // Where the prefilter works (words of ASCII letters, English month
        // names starting with eight capitals), the alternation skips most
        // of a text, which the lexer reads whole: measured, a check of
        // 1,000 articles costs 3.6 M instructions more with the English
        // month names in the lexer.
        if words().next().is_some() && words().all(|(w, _)| w.is_ascii()) {
            return None;
        }
        let mut heads: HashMap<Box<str>, Vec<Tail>> = HashMap::default();
        let mut filter = Box::<BitFilter>::default();
        for (word, list) in words() {
            let parts: Vec<&str> = word.split(' ').collect();
            if parts
                .iter()
                .any(|p| p.is_empty() || !p.chars().all(|c| is_word(Some(c))))
            {
                return None;
            }
            filter.insert(signature(parts[0].as_bytes()));
            let tail = parts[1..].iter().map(|&p| Box::from(p)).collect();
            heads
                .entry(Box::from(parts[0]))
                .or_default()
                .push((tail, list));
        }
        for tails in heads.values_mut() {
            // Stable: of two entries of as many words, the first listed
            // (they cannot both match at one place anyway).
            tails.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
        let mut classes = Box::new([0u8; 0x800]);
        for (cp, class) in classes.iter_mut().enumerate() {
            let c = char::from_u32(cp as u32);
            if is_word(c) {
                *class |= WORD;
            }
            if c.is_some_and(|c| proclitics.contains(&c)) {
                *class |= CLITIC;
            }
        }
        let mut buf = [0; 4];
        let firsts = (heads.keys()).map(|h| h.as_bytes()[0]).chain(
            proclitics
                .iter()
                .map(|c| c.encode_utf8(&mut buf).as_bytes()[0]),
        );
        let leads = firsts.fold((u8::MAX, 0), |(lo, hi), b| (lo.min(b), hi.max(b)));
        Some(Lexer {
            heads,
            filter,
            classes,
            proclitics: proclitics.to_vec(),
            lists: lists.len(),
            leads,
        })
    }

    /// The class bits and the length of the character at `at` (a
    /// character boundary of `text`, before its end).
    #[inline(always)]
    fn class(&self, text: &str, at: usize) -> (u8, usize) {
        let bytes = text.as_bytes();
        let b = bytes[at];
        if b < 0x80 {
            (self.classes[usize::from(b)], 1)
        } else if b < 0xE0 {
            // `b` leads a two-byte character: Arabic letters are D8 or D9
            // and one more byte.
            let cp = usize::from(b & 0x1F) << 6 | usize::from(bytes[at + 1] & 0x3F);
            (self.classes[cp], 2)
        } else {
            self.class_of_long(text, at)
        }
    }

    /// [`Lexer::class`] for a character of three or four bytes.
    #[cold]
    fn class_of_long(&self, text: &str, at: usize) -> (u8, usize) {
        let c = text[at..].chars().next().expect("at a character boundary");
        let mut class = 0;
        if is_word(Some(c)) {
            class |= WORD;
        }
        if self.proclitics.contains(&c) {
            class |= CLITIC;
        }
        (class, c.len_utf8())
    }

    /// Whether the run `start..end` may be the first word of an entry: most
    /// runs are turned away by the filter.
    #[inline]
    fn may_start(&self, text: &str, start: usize, end: usize) -> bool {
        self.filter
            .contains(signature(&text.as_bytes()[start..end]))
    }

    /// The end of the entry of list `list` that stands alone at `start`,
    /// whose first word is the run `start..end` (a whole run, or one less a
    /// proclitic), once past the filter: the table, and the words after.
    #[cold]
    fn confirm(&self, text: &str, start: usize, end: usize, list: usize) -> Option<usize> {
        let tails = self.heads.get(&text[start..end])?;
        'tails: for (tail, _) in tails.iter().filter(|(_, l)| *l == list) {
            let mut at = end;
            for word in tail {
                // `\s+` between words: the whole run of whitespace, since a
                // word starts with a word character.
                let rest = &text[at..];
                let spaces = rest.len() - rest.trim_start().len();
                if spaces == 0 || !rest[spaces..].starts_with(&**word) {
                    continue 'tails;
                }
                at += spaces + word.len();
            }
            // Each word but the last is followed by whitespace (checked
            // above); the last must end its run.
            if !is_word(text[at..].chars().next()) {
                return Some(at);
            }
        }
        None
    }

    /// The next run of `\w` at or after `at` (which is not inside one):
    /// its range, and the class bits and length of its first character.
    #[inline(always)]
    fn next_run(&self, text: &str, mut at: usize) -> Option<(Range<usize>, u8, usize)> {
        let len = text.len();
        // To the start of the next run.
        let (first, first_len) = loop {
            if at >= len {
                return None;
            }
            let (class, n) = self.class(text, at);
            if class & WORD != 0 {
                break (class, n);
            }
            at += n;
        };
        let start = at;
        at += first_len;
        // To its end: four Arabic letters at a time while there are,
        // then character by character.
        while let Some(chunk) = text.as_bytes().get(at..at + 8) {
            if !arabic_letters(u64::from_le_bytes(chunk.try_into().expect("8 bytes"))) {
                break;
            }
            at += 8;
        }
        while at < len {
            let (class, n) = self.class(text, at);
            if class & WORD == 0 {
                break;
            }
            at += n;
        }
        Some((start..at, first, first_len))
    }

    /// The entry of list `list` standing alone at the start of the run
    /// `run`, directly or after a proclitic; `whole` and `after` say
    /// whether the run, and the run less its first character (when that
    /// is a proclitic), pass the filter.
    #[inline]
    fn match_run(
        &self,
        text: &str,
        run: &Range<usize>,
        (whole, after): (bool, Option<usize>),
        list: usize,
    ) -> Option<WordMatch> {
        if whole {
            if let Some(stop) = self.confirm(text, run.start, run.end, list) {
                return Some(WordMatch {
                    range: run.start..stop,
                    clitic: false,
                });
            }
        }
        let after = after?;
        let stop = self.confirm(text, after, run.end, list)?;
        Some(WordMatch {
            range: after..stop,
            clitic: true,
        })
    }

    /// Which readings of the run `run` pass the filter: the whole run, and
    /// the start of the rest after a proclitic (see [`Lexer::match_run`]).
    #[inline(always)]
    fn candidates(
        &self,
        text: &str,
        run: &Range<usize>,
        first: u8,
        first_len: usize,
    ) -> (bool, Option<usize>) {
        let whole = self.may_start(text, run.start, run.end);
        let after = run.start + first_len;
        let clitic = (first & CLITIC != 0 && after < run.end)
            .then_some(after)
            .filter(|&after| self.may_start(text, after, run.end));
        (whole, clitic)
    }

    /// Where the text holds no byte an entry or a proclitic starts with,
    /// its end: such a text (English text for Arabic names) is not read.
    fn first_at(&self, text: &str) -> usize {
        if has_byte_in(text.as_bytes(), self.leads) {
            0
        } else {
            text.len()
        }
    }

    /// Every entry of the first list standing alone in `text`, in text
    /// order, not overlapping.
    fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = WordMatch> + 't {
        // A found entry is followed by a non-word character: the search
        // goes on from its end, outside any run.
        let mut at = self.first_at(text);
        std::iter::from_fn(move || {
            loop {
                let (run, first, first_len) = self.next_run(text, at)?;
                at = run.end;
                let readings = self.candidates(text, &run, first, first_len);
                if readings.0 || readings.1.is_some() {
                    if let Some(found) = self.match_run(text, &run, readings, 0) {
                        at = found.range.end;
                        return Some(found);
                    }
                }
            }
        })
    }

    /// For each list, what [`Lexer::find_iter`] would find for a lexer of
    /// that list alone, in one pass over the runs: a list looks for an
    /// entry at every run that starts after the end of its last one.
    fn find_lists(&self, text: &str) -> Vec<Vec<WordMatch>> {
        let mut out = vec![Vec::new(); self.lists];
        let mut free = vec![0; out.len()];
        let mut at = self.first_at(text);
        while let Some((run, first, first_len)) = self.next_run(text, at) {
            at = run.end;
            let readings = self.candidates(text, &run, first, first_len);
            if !readings.0 && readings.1.is_none() {
                continue;
            }
            for (list, found) in out.iter_mut().enumerate() {
                if run.start < free[list] {
                    continue;
                }
                if let Some(m) = self.match_run(text, &run, readings, list) {
                    free[list] = m.range.end;
                    found.push(m);
                }
            }
        }
        out
    }
}

/// Whether `bytes` has a byte from `lo` to `hi`, read 32 bytes at a time
/// without a branch per byte so that the compiler can vectorize the test.
fn has_byte_in(bytes: &[u8], (lo, hi): (u8, u8)) -> bool {
    let within = |b: u8| b.wrapping_sub(lo) <= hi.wrapping_sub(lo);
    let mut chunks = bytes.chunks_exact(32);
    let any = chunks.any(|c| c.iter().fold(false, |a, &b| a | within(b)));
    any || chunks.remainder().iter().any(|&b| within(b))
}

/// Whether eight bytes (from a character boundary) are four Arabic letters
/// of the two common rows, U+0620 to U+065F: D8 A0-BF or D9 80-9F. Every
/// one of them is in `\w` (letters, tatweel, marks), and most of the
/// letters of Arabic text are among them.
#[inline(always)]
fn arabic_letters(x: u64) -> bool {
    const LOW: u64 = 0x0001_0001_0001_0001;
    // Bytes 0, 2, 4, 6 lead: D8 or D9.
    let leads = x & (0xFE * LOW) == 0xD8 * LOW;
    // Bytes 1, 3, 5, 7 continue, A0-BF after D8 (bit 5 set) and 80-9F
    // after D9 (bit 5 clear): the lead's bit 0 and the next byte's bit 5
    // differ. (A continuation byte is 80-BF in valid UTF-8.)
    let rows = (x ^ x >> 13) & LOW == LOW;
    leads & rows
}

/// A 12-bit digest of a word's length, first four and last two bytes,
/// for the lexer's filter: cheaper than hashing every word whole.
#[inline]
fn signature(word: &[u8]) -> usize {
    let first = match word {
        [a, b, c, d, ..] => u32::from_le_bytes([*a, *b, *c, *d]),
        _ => word
            .iter()
            .enumerate()
            .fold(0, |h, (k, &b)| h | u32::from(b) << (8 * k)),
    };
    let last = match word {
        [.., a, b] => u64::from(*a) << 8 | u64::from(*b),
        _ => 0,
    };
    let key = u64::from(first) | last << 32 | (word.len() as u64) << 48;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// Whether `c` is in `\w` as the regex crate defines it.
pub(crate) fn is_word(c: Option<char>) -> bool {
    static WORD_CHAR: OnceLock<Regex> = OnceLock::new();
    c.is_some_and(|c| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            // Every alphabetic character is in `\w`; the regex settles the rest.
            c.is_alphabetic()
                || WORD_CHAR
                    .get_or_init(|| Regex::new(r"^\w$").expect("a valid regex"))
                    .is_match(c.encode_utf8(&mut [0; 4]))
        }
    })
}

/// A regex that opens with `\b`, run only where a word of its lexicon is.
///
/// For patterns richer than a word list (two-letter proclitics, a scale
/// word after the word, case folding), where [`WordSet`] does not fit.
/// The lexicon alternation alone (no `\b`, so on the DFA) finds the next
/// place a match could be; the whole pattern is then tried, anchored,
/// only at the few positions a match containing that word could start.
/// The matches are those of `Regex::captures_iter` with the whole pattern,
/// provided that (1) every match starts with a word character and (2)
/// every match contains a match of `finder` starting at most `lead`
/// characters after its own start.
///
/// With [`GuardedRegex::within_runs`], each anchored try reads only the
/// `reach` of the pattern instead of the rest of the text: a `\b` keeps
/// the regex crate off its DFA on Arabic text, and its fallback clears
/// memory in proportion to the haystack on every try.
#[derive(Debug, Clone)]
pub struct GuardedRegex {
    finder: Regex,
    anchored: Regex,
    lead: usize,
    /// The most runs (see [`reach`]) a match touches, when bounded.
    runs: Option<usize>,
}

impl GuardedRegex {
    /// Compiles `pattern` (beginning with `\b`) and its `finder`.
    pub fn new(pattern: &str, finder: &str, lead: usize) -> Result<GuardedRegex, regex::Error> {
        Ok(GuardedRegex {
            finder: Regex::new(finder)?,
            anchored: Regex::new(&format!("^(?:{pattern})"))?,
            lead,
            runs: None,
        })
    }

    /// Declares that a match of the pattern touches at most `runs` runs of
    /// whitespace or of other characters (see `reach` for when a pattern
    /// does), so each anchored try reads only that far.
    pub fn within_runs(mut self, runs: usize) -> GuardedRegex {
        self.runs = Some(runs);
        self
    }

    /// Every match of the pattern in `text`, in text order, as the byte
    /// offset of the match and its captures (relative to that offset).
    pub fn captures_iter<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, regex::Captures<'t>)> + 't {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < text.len() {
                let x = self.finder.find_at(text, at)?.start();
                // A match may start up to `lead` characters before the word.
                let mut first = x;
                for _ in 0..self.lead {
                    match text[at..first].chars().next_back() {
                        Some(c) => first -= c.len_utf8(),
                        None => break,
                    }
                }
                let mut p = first;
                while p <= x {
                    // The pattern's `\b` before a word character needs a
                    // non-word character before it, which the slice hides.
                    if !is_word(text[..p].chars().next_back()) {
                        let rest = match self.runs {
                            Some(runs) => reach(&text[p..], runs),
                            None => &text[p..],
                        };
                        if let Some(caps) = self.anchored.captures(rest) {
                            let end = p + caps.get(0).map_or(0, |m| m.end());
                            at = end.max(p + 1);
                            return Some((p, caps));
                        }
                    }
                    p += text[p..].chars().next().map_or(1, char::len_utf8);
                }
                at = x + text[x..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }
}

/// The start of `s` that an anchored pattern touching at most `runs` runs
/// can read: `s` through its first `runs` + 1 runs of whitespace (`\s`,
/// which is `char::is_whitespace`) or of other characters.
///
/// A pattern built of atoms that each consume characters of one kind only
/// (`\s*`, `\s+`, `\S+`, `\d{4}`, one punctuation class, a word without
/// spaces) consumes, after m atoms, at most the first m runs of its
/// haystack. So every path of a pattern of at most `runs` atoms stays in
/// the first `runs` runs, and a `\b` or `$` at its end reads at most one
/// more character, the first of the next run: on this prefix the pattern
/// takes exactly the steps, and finds exactly the match, it would on `s`.
/// The point: a Unicode `\b` keeps the regex crate off its DFA on Arabic
/// text, and its fallback clears memory in proportion to the haystack.
///
/// Read on bytes: a character is whitespace only if its first byte is
/// ASCII whitespace or C2, E1, E2 or E3 (U+0085, U+00A0 and
/// U+1680..=U+3000), so a run of other characters is skipped with a table
/// lookup per byte and only those bytes are decoded (a decode and a
/// Unicode table lookup per character made `reach` a tenth of the date
/// model).
pub(crate) fn reach(s: &str, runs: usize) -> &str {
    let b = s.as_bytes();
    let space_at = |i: usize| match b[i] {
        b' ' | b'\t'..=b'\r' => true,
        0xC2 | 0xE1..=0xE3 => s[i..].chars().next().is_some_and(char::is_whitespace),
        _ => false,
    };
    if b.is_empty() {
        return s;
    }
    let mut space = space_at(0);
    let mut seen = 1;
    let mut at = 0;
    loop {
        // The start of the next run: the next whitespace character after
        // other characters, or the next other character after whitespace.
        let next = if space {
            (at + 1..b.len()).find(|&i| !matches!(b[i], 0x80..=0xBF) && !space_at(i))
        } else {
            (at + 1..b.len()).find(|&i| MAY_START_SPACE[usize::from(b[i])] && space_at(i))
        };
        let Some(next) = next else {
            return s;
        };
        seen += 1;
        if seen > runs + 1 {
            return &s[..next];
        }
        space = !space;
        at = next;
    }
}

/// The bytes that may start a whitespace character (see [`reach`]).
const MAY_START_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(i as u8, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3);
        i += 1;
    }
    t
};

/// [`reach`] as it was written on characters, for comparison.
#[cfg(test)]
fn reach_by_chars(s: &str, runs: usize) -> &str {
    let mut seen = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let ws = c.is_whitespace();
        if space != Some(ws) {
            seen += 1;
            if seen > runs + 1 {
                return &s[..i];
            }
            space = Some(ws);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

    /// The regex the word set replaces, for comparison.
    fn reference(words: &[&str], text: &str) -> Vec<WordMatch> {
        let mut sorted = words.to_vec();
        sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alt: Vec<String> = sorted
            .iter()
            .map(|w| regex::escape(w).replace(' ', r"\s+"))
            .collect();
        let re = Regex::new(&format!(r"\b(?P<c>[وفبلك])?(?P<w>{})\b", alt.join("|"))).unwrap();
        re.captures_iter(text)
            .map(|c| WordMatch {
                range: c.name("w").unwrap().range(),
                clitic: c.name("c").is_some(),
            })
            .collect()
    }

    /// `words` read by the alternation search the lexer replaces.
    fn with_regex(words: &[&str], proclitics: &[char]) -> WordSet {
        let mut sorted = words.to_vec();
        sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        sorted.dedup();
        let (any, anchored) = alternation(&sorted).unwrap();
        WordSet {
            engine: Engine::Regex(vec![(any, anchored)]),
            proclitics: proclitics.to_vec(),
        }
    }

    /// The words found by the set, after checking that the lexer (when the
    /// words allow it), the alternation search and the `\b` regex agree.
    fn both(words: &[&str], text: &str) -> Vec<WordMatch> {
        let set = WordSet::new(words.iter().copied(), CLITICS).unwrap();
        let found: Vec<WordMatch> = set.find_iter(text).collect();
        let regex = with_regex(words, CLITICS);
        assert_eq!(found, regex.find_iter(text).collect::<Vec<_>>(), "{text}");
        assert_eq!(found, reference(words, text), "{text}");
        // Read with a second list in one pass, each list finds what it
        // finds alone.
        let second = WordSet::new(SECOND.iter().copied(), CLITICS).unwrap();
        let alone = vec![found.clone(), second.find_iter(text).collect()];
        let lists = WordSet::lists(vec![words.to_vec(), SECOND.to_vec()], CLITICS).unwrap();
        assert_eq!(lists.find_lists(text), alone, "{text}");
        found
    }

    /// A second list read with [`LEXICON`]: words of its own, words it
    /// shares, words inside its entries and entries inside its words.
    const SECOND: &[&str] = &[
        "كانون",
        "الثاني",
        "ثاني جديد",
        "ربيع الاول",
        "ربيع",
        "ناير",
        "يناير الثاني",
        "اب ماي",
    ];

    #[test]
    fn a_bit_filter_holds_the_keys_inserted_and_only_those() {
        let mut f = BitFilter::default();
        let keys = [0, 63, 64, 1000, BitFilter::KEYS - 1];
        for k in keys {
            f.insert(k);
        }
        assert_eq!(f.keys().collect::<Vec<_>>(), keys);
        assert!(!f.contains(1) && !f.contains(65));
        assert_eq!(BitFilter::key_of_hash(u64::MAX), BitFilter::KEYS - 1);
        assert_eq!(BitFilter::key_of_hash(1 << 52), 1);
    }

    #[test]
    fn each_list_read_in_one_pass_finds_what_it_finds_alone() {
        let lists = WordSet::lists(vec![LEXICON.to_vec(), SECOND.to_vec()], CLITICS).unwrap();
        assert!(matches!(lists.engine, Engine::Lexer(_)));
        let text = "وكانون الثاني يناير الثاني بربيع الاول اب ماي  ناير ويناير";
        let found = both(LEXICON, text);
        assert_eq!(found.len(), 6, "{found:?}");
        let second = &lists.find_lists(text)[1];
        let words: Vec<&str> = second.iter().map(|m| &text[m.range.clone()]).collect();
        assert_eq!(
            words,
            [
                "كانون",
                "الثاني",
                "يناير الثاني",
                "ربيع الاول",
                "اب ماي",
                "ناير"
            ]
        );
        // Lists the lexer cannot read are read by their alternations.
        let odd = WordSet::lists(vec![vec!["a-b"], vec!["يناير"]], CLITICS).unwrap();
        assert!(matches!(odd.engine, Engine::Regex(_)));
        let found = odd.find_lists("a-b ويناير");
        assert_eq!(
            found[0],
            [WordMatch {
                range: 0..3,
                clitic: false
            }]
        );
        assert_eq!(found[1].len(), 1);
    }

    /// A lexicon with the traps of the lexer: first words shared by several
    /// entries, an entry that is a proclitic plus another («باب» = ب + «اب»
    /// is not one: «ماي», «مايو»), words inside words, Latin words.
    const LEXICON: &[&str] = &[
        "يناير",
        "ناير",
        "كانون",
        "كانون الثاني",
        "كانون الاول",
        "كانون ثاني جديد",
        "تشرين الاول",
        "اب",
        "ماي",
        "مايو",
        "ايار",
        "Jan",
        "May",
        "Sept",
    ];

    #[test]
    fn the_lexer_reads_the_lexicons_it_can_and_only_those() {
        assert!(matches!(
            WordSet::new(LEXICON.iter().copied(), CLITICS)
                .unwrap()
                .engine,
            Engine::Lexer(_)
        ));
        for odd in [
            &["a-b"][..],
            &["a  b"],
            &["a b "],
            &["،"],
            &["x", "y."],
            &["Jan", "May"],
        ] {
            let set = WordSet::new(odd.iter().copied(), CLITICS).unwrap();
            assert!(matches!(set.engine, Engine::Regex(_)), "{odd:?}");
        }
        assert!(matches!(
            WordSet::new([], CLITICS).unwrap().engine,
            Engine::Lexer(_)
        ));
    }

    #[test]
    fn the_lexer_finds_what_the_alternation_finds_in_traps() {
        let texts = [
            "يناير",
            "يناير.",
            "يناير2 2يناير يناير_ _يناير ويناير3",
            "وكانون   الثاني كانون\n\tالثاني كانون\u{a0}الاول كانون  ثاني جديدة كانون ثاني جديد",
            "كانون الثانيه كانون الثاني. كانون، الثاني (كانون الاول) «كانون الاول»",
            "وبناير بيناير ويناير وويناير ليناير كيناير فيناير كناير وناير",
            "باب اب واب وباب الاب ماي مايو ومايو مايوز وماي. لماي",
            "Jan. Janu May, mayor May2 Sept.5 JanMay وJan يناير-Jan Jan‌يناير",
            "يناير‌ ‌يناير يناير\u{64b} يناير٪ يناير١ يناير،",
            "ايار\u{670} اَيار تشرين الاول",
            "و يناير و",
            "",
            " ",
            "و",
            "كانون",
            "كانون ",
            "كانون الثاني",
        ];
        let mut found = 0;
        for text in texts {
            found += both(LEXICON, text).len();
        }
        assert!(found > 30, "{found}");
    }

    #[test]
    fn the_lexer_finds_what_the_alternation_finds_in_random_texts() {
        // Each character of the alphabet stands for a piece of text, so
        // that words of the lexicon, their parts and their neighbours meet.
        let pieces = [
            "يناير",
            "ناير",
            "كانون",
            "الثاني",
            "الاول",
            "ثاني",
            "جديد",
            "اب",
            "ماي",
            "و",
            "ب",
            "ل",
            "ي",
            "ه",
            "Jan",
            "May",
            "x",
            "1",
            "١",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            ".",
            "،",
            "_",
            "\u{64b}",
            "\u{200c}",
            "-",
            "٪",
        ];
        let mut found = 0;
        for text in crate::testing::random_texts_of(&pieces, (0..3000).map(|i| i % 40)) {
            found += both(LEXICON, &text).len();
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn the_lexer_finds_what_the_alternation_finds_in_the_corpus() {
        // Common words too, so that the corpus has many of them, with and
        // without proclitics.
        let mut words = LEXICON.to_vec();
        words.extend([
            "في",
            "من",
            "قال",
            "الامم المتحدة",
            "the",
            "of",
            "United Nations",
        ]);
        let mut found = 0;
        for text in crate::testing::corpus_texts() {
            let norm = crate::text::normalize(&text, 0);
            found += both(&words, norm.as_str()).len();
        }
        assert!(found > 300, "{found}");
    }

    #[test]
    fn four_arabic_letters_are_four_word_characters() {
        let letter = 'ب';
        for cp in 0x80..0x800u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for at in 0..4 {
                let mut four = [letter; 4];
                four[at] = c;
                let text: String = four.iter().collect();
                let Ok(bytes) = <[u8; 8]>::try_from(text.as_bytes()) else {
                    continue;
                };
                let fast = arabic_letters(u64::from_le_bytes(bytes));
                assert_eq!(fast, (0x620..0x660).contains(&cp), "{c:?}");
                assert!(!fast || is_word(Some(c)), "{c:?}");
            }
        }
        for text in ["بببب", "ببب ", "ب.بب", "بب\u{200c}", "١١١١", "ﻻﻻ"] {
            let mut bytes = [b' '; 8];
            let n = text.len().min(8);
            bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
            assert_eq!(
                arabic_letters(u64::from_le_bytes(bytes)),
                text == "بببب",
                "{text}"
            );
        }
    }

    #[test]
    fn the_character_classes_are_those_of_the_word_test() {
        let lexer = Lexer::new(&[vec!["ب"]], CLITICS).unwrap();
        for text in crate::testing::random_texts(
            "aé ب١\u{64b}\u{200c}\u{a0}،«😀ﻻ_-",
            (0..200).map(|i| i % 30),
        ) {
            for (at, c) in text.char_indices() {
                let (class, len) = lexer.class(&text, at);
                assert_eq!(class & WORD != 0, is_word(Some(c)), "{c:?}");
                assert_eq!(class & CLITIC != 0, CLITICS.contains(&c), "{c:?}");
                assert_eq!(len, c.len_utf8());
            }
        }
    }

    #[test]
    fn finds_whole_words_with_and_without_proclitics() {
        let words = ["يناير", "مارس", "كانون الثاني", "كانون الاول", "January"];
        let text = "في يناير ومارس، وكانون  الثاني January وJanuary";
        let found = both(&words, text);
        assert_eq!(found.len(), 5);
        assert_eq!(&text[found[1].range.clone()], "مارس");
        assert!(found[1].clitic && !found[0].clitic);
    }

    #[test]
    fn skips_words_inside_other_words() {
        let words = ["مارس", "ماي", "اب", "May"];
        let found = both(
            &words,
            "يمارس الرئيس مايو والماي لاب الكتاب Mayor maybe ومارسوا فاب May.",
        );
        // «والماي» is two letters before the word: not a proclitic.
        let texts: Vec<_> = found.iter().map(|m| m.range.clone()).collect();
        assert_eq!(texts.len(), 3, "{found:?}");
    }

    #[test]
    fn prefers_a_shorter_word_that_ends_cleanly() {
        let words = ["ab", "abc d", "abc"];
        both(&words, "x abc dz abc d ab");
    }

    #[test]
    fn overlapping_candidates_inside_words_do_not_hide_words() {
        let words = ["ناير", "يناير", "ير"];
        both(&words, "كيناير يناير بيناير ير");
        both(&words, "");
        let empty = WordSet::new([], CLITICS).unwrap();
        assert_eq!(empty.find_iter("any text").count(), 0);
    }

    #[test]
    fn agrees_with_the_regex_on_a_generated_lexicon() {
        let words = [
            "فبراير",
            "مايو",
            "تشرين الاول",
            "تشرين الثاني",
            "Oct",
            "October",
        ];
        let text =
            "وفبراير فبراير لمايو بمايو كمايو ومايوز تشرين الاولى تشرين الاول Oct. Octo October";
        both(&words, text);
    }

    #[test]
    fn guarded_regex_equals_the_plain_regex() {
        let pattern = r"(?i)\b(?:وب|ول|و|ب|ل|ك|ف)?(?P<w>عشرات|مئات|الاف|dozens|hundreds)(?:\s+(?P<s>الالاف|of thousands))?\b";
        let finder = r"(?i)(?:عشرات|مئات|الاف|dozens|hundreds)";
        let unbounded = GuardedRegex::new(pattern, finder, 2).unwrap();
        // A word of one word (1 run), spaces (1), a scale of two words (3).
        let bounded = unbounded.clone().within_runs(5);
        let plain = Regex::new(pattern).unwrap();
        let texts = [
            "قتل عشرات الالاف وبعشرات ولمئات كمئات والعشرات فعشرات_ ومئاتهم الاف",
            "Dozens of thousands, HUNDREDS of thousandsx hundredsx xdozens dozens",
            "وبولعشرات بعشرات الالافية عشرات  الالاف",
            "dozens   of \n thousands, hundreds of  thousands. عشرات\n\nالالاف",
            "",
        ];
        for (guarded, text) in [&unbounded, &bounded]
            .into_iter()
            .flat_map(|g| texts.map(|t| (g, t)))
        {
            let got: Vec<_> = (guarded.captures_iter(text))
                .map(|(p, c)| {
                    (
                        p + c.get(0).unwrap().start(),
                        p + c.get(0).unwrap().end(),
                        c.name("s").map(|s| s.as_str()),
                    )
                })
                .collect();
            let want: Vec<_> = (plain.captures_iter(text))
                .map(|c| {
                    (
                        c.get(0).unwrap().start(),
                        c.get(0).unwrap().end(),
                        c.name("s").map(|s| s.as_str()),
                    )
                })
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn reach_on_bytes_agrees_with_reach_on_characters() {
        let mut texts = crate::testing::corpus_texts();
        // Every whitespace character, and characters whose bytes look like
        // theirs («Â» C3 82, «–» E2 80 93, «ᚁ» E1 9A 81, «、» E3 80 81).
        let spaces: String = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        texts.push(format!("a{spaces}b Â – ᚁ 、 x\u{85}y\u{a0}z"));
        let pieces = [
            " ", "\n", "\u{a0}", "\u{85}", "\u{2009}", "\u{3000}", "\u{1680}", "Â", "–", "ᚁ", "、",
            "x", "ب", "5", ".", "\u{202f}", "\u{200b}",
        ];
        texts.extend(crate::testing::random_texts_of(
            &pieces,
            (0..3000).map(|i| i % 40),
        ));
        for text in &texts {
            for (at, _) in text.char_indices().step_by(3) {
                for runs in [0, 1, 2, 5, 11, 14] {
                    let s = &text[at..];
                    assert_eq!(reach(s, runs), reach_by_chars(s, runs), "{s:?} {runs}");
                }
            }
        }
    }
}
