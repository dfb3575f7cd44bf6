//! Words, sentences and phrase tables over normalized text.
//!
//! Every claim extractor works on the same word list of an article's
//! normalized body and looks words up in tables built from `rules/*.toml`.
//! The main decision is to match on whole words, never substrings, and to
//! try an Arabic word with its proclitics (و، ف، ب، ل، ك) and article (ال)
//! peeled off, so a table lists «مقتل» once and still matches «بمقتل» and
//! «والمقتل»; English words are matched in lower case.

use foldhash::HashMap;
use foldhash::HashMapExt;
use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;

use crate::error::LexiconError;
use crate::lexicon::RulesFile;
use crate::scan::BitFilter;
use crate::text::normalize;

/// A word of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word as written (normalized).
    pub text: &'a str,
    /// The lookup key ([`key_of`]), computed once here because every
    /// phrase table and story grouping look every word up by it.
    pub key: Cow<'a, str>,
    /// The [`word_hash`] of `key`: phrase tables file first words under
    /// it and story grouping compares articles by it.
    key_hash: u64,
    /// Where the word starts in the normalized text ([`Word::range`]):
    /// four bytes rather than a second pointer and length, as an article
    /// allocates and writes a word list of hundreds of words.
    start: u32,
    /// How many characters the word has when all are letters
    /// ([`crate::text::is_alphabetic`]), else 0: story grouping keeps
    /// words of five letters, and the tokenizer counts them on its way.
    pub letters: u32,
    /// The forms after the key that phrase tables try ([`Word::forms`]),
    /// `n_stems` of them. Only their filter keys are kept: every word's
    /// forms are hashed once for [`PhraseMarks::mark`], but hardly any
    /// passes a table's filter, and those few are hashed again there
    /// rather than every word carrying three 8-byte hashes.
    stems: [Stem; MAX_STEMS],
    /// How many of `stems` are used.
    n_stems: u8,
    /// Which registered phrase tables may have a phrase starting at this
    /// word ([`PhraseMarks::mark`]), with [`MARKED`] set; 0 when the word
    /// was not marked, and every table then tests it itself.
    marks: u8,
}

/// The most forms a word has after its key: without «و/ف», then either
/// «ال» + and without the contracted «لل», or without «ب/ل/ك» and «ال».
const MAX_STEMS: usize = 3;

/// A form of a word's key with letters peeled off, in two bytes: the
/// [`BitFilter`] key of its [`word_hash`] (twelve bits), the byte it starts
/// at in the key halved (two bits: 2, 4, 6 or 8 bytes, as each letter
/// peeled off is two bytes) and whether «ال» is put back before it (for
/// «لل» = ل + ال contracted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Stem(u16);

impl Stem {
    /// The stem from byte `start` (2 to 8, even) of a key, whose hash is
    /// `hash`.
    fn new(start: usize, al: bool, hash: u64) -> Stem {
        debug_assert!((2..=8).contains(&start) && start % 2 == 0);
        let at = ((start / 2 - 1) as u16) << 12;
        Stem(BitFilter::key_of_hash(hash) as u16 | at | u16::from(al) << 14)
    }

    /// The form it stands for.
    fn form(self) -> Form {
        Form {
            start: usize::from((self.0 >> 12 & 3) + 1) * 2,
            al: self.0 >> 14 != 0,
            filter: usize::from(self.0 & 0xFFF),
        }
    }
}

/// One form of a word's key that phrase tables try: the key from byte
/// `start` on, after «ال» when `al`, with the [`BitFilter`] key of its
/// [`word_hash`], so each table turns most forms away with one bit and
/// hashes ([`Word::form_hash`]) only those that pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Form {
    start: usize,
    al: bool,
    filter: usize,
}

/// What [`words`] learns about a word while reading it, so that
/// [`Word::new`] does not read it again to find its key and forms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Shape {
    /// Characters in the word.
    chars: u32,
    /// [`Word::letters`].
    letters: u32,
    /// A character of the Arabic block (U+0600..U+06FF).
    arabic: bool,
    /// An ASCII letter.
    ascii_letter: bool,
    /// An ASCII capital.
    upper: bool,
    /// A character outside ASCII.
    non_ascii: bool,
    /// A comma or dot inside the word, where it may split.
    sep: bool,
}

impl Shape {
    /// The shape of `word`, read on its own (for the pieces of a split run,
    /// and the reference in tests).
    fn of(word: &str) -> Shape {
        let mut shape = Shape {
            chars: u32::try_from(word.chars().count()).unwrap_or(u32::MAX),
            letters: letter_count(word),
            non_ascii: !word.is_ascii(),
            ..Shape::default()
        };
        for c in word.chars() {
            shape.arabic |= ('\u{0600}'..='\u{06FF}').contains(&c);
            shape.ascii_letter |= c.is_ascii_alphabetic();
            shape.upper |= c.is_ascii_uppercase();
            shape.sep |= matches!(c, '.' | ',');
        }
        shape
    }

    /// [`is_latin`] of the word.
    fn latin(self) -> bool {
        self.ascii_letter && !self.arabic
    }
}

impl<'a> Word<'a> {
    /// The word `text[range]`, of shape `shape`, with its key and forms.
    #[inline(always)]
    fn new(text: &'a str, range: Range<usize>, shape: Shape) -> Word<'a> {
        let written = &text[range.clone()];
        let latin = shape.latin();
        // `key_of` without reading the word again: only a Latin word with
        // a capital or a non-ASCII letter differs from its key.
        let key = if (shape.non_ascii || shape.upper) && latin {
            Cow::Owned(written.to_lowercase())
        } else {
            Cow::Borrowed(written)
        };
        let key_hash = word_hash(&key);
        let mut word = Word {
            // An article (its text read whole) is far below 4 GiB.
            start: u32::try_from(range.start).unwrap_or(u32::MAX),
            text: written,
            key,
            key_hash,
            letters: shape.letters,
            stems: [Stem::default(); MAX_STEMS],
            n_stems: 0,
            marks: 0,
        };
        // Every step peels a letter off a word of four characters or more:
        // shorter words (most) and Latin words have no other form.
        if !latin && shape.chars >= 4 {
            word.n_stems = stem_forms(written, shape.chars, &mut word.stems);
        }
        word
    }

    /// Byte range in the normalized text.
    pub(crate) fn range(&self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.text.len()
    }

    /// The forms phrase tables try for this word as a phrase's first word,
    /// in the order of [`for_each_stem`]: only the key for a Latin word.
    fn forms(&self) -> impl Iterator<Item = Form> + '_ {
        let key = Form {
            start: 0,
            al: false,
            filter: BitFilter::key_of_hash(self.key_hash),
        };
        std::iter::once(key).chain(
            self.stems[..usize::from(self.n_stems)]
                .iter()
                .map(|s| s.form()),
        )
    }

    /// The [`word_hash`] of form `f` of this word.
    fn form_hash(&self, f: &Form) -> u64 {
        let tail = &self.key[f.start..];
        if f.start == 0 {
            self.key_hash
        } else if f.al {
            al_hash(tail)
        } else {
            word_hash(tail)
        }
    }

    /// The [`word_hash`] of [`Word::key`].
    pub(crate) fn key_hash(&self) -> u64 {
        self.key_hash
    }

    /// True when form `f` of this word is spelled `s`.
    fn form_is(&self, f: &Form, s: &str) -> bool {
        let tail = &self.key[f.start..];
        if f.al {
            s.strip_prefix("ال") == Some(tail)
        } else {
            s == tail
        }
    }
}

/// The hash of a folded word or form, the same in every run: phrase
/// tables file first words under it and story grouping sorts and compares
/// articles' words by it.
pub(crate) fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x7ad9_1c00).hash_one(word)
}

/// The letters [`for_each_stem`] peels off, as the two bytes of their
/// UTF-8 read as one number: the proclitics «و» and «ف», «ب», «ل» and «ك»,
/// and «ا» of the article «ال».
const WAW: u16 = 0xD988;
const FA: u16 = 0xD981;
const BA: u16 = 0xD8A8;
const LAM: u16 = 0xD984;
const KAF: u16 = 0xD983;
const ALEF: u16 = 0xD8A7;

/// Fills `out` with the forms of the Arabic `key` after the key itself
/// that [`for_each_stem`] would try and returns how many; `chars` is the
/// number of characters of `key`, which the tokenizer counted, at least
/// four (no letter is peeled off a shorter word).
fn stem_forms(key: &str, chars: u32, out: &mut [Stem; MAX_STEMS]) -> u8 {
    let bytes = key.as_bytes();
    // The letter at byte `k`, as one number (0 past the end): one
    // comparison a letter instead of a slice comparison.
    let letter = |k: usize| {
        bytes
            .get(k..k + 2)
            .map_or(0, |p| u16::from_be_bytes([p[0], p[1]]))
    };
    let mut n = 0;
    let mut push = |start: usize, al: bool| {
        // Every letter peeled off is two bytes, so `start` is on a
        // character boundary.
        let rest = &key[start..];
        let hash = if al { al_hash(rest) } else { word_hash(rest) };
        out[n] = Stem::new(start, al, hash);
        n += 1;
    };
    // The same steps as `for_each_stem`: every letter stripped is two
    // bytes and one character.
    debug_assert!(chars >= 4);
    let mut at = 0;
    let mut count = chars;
    if matches!(letter(0), WAW | FA) {
        at += 2;
        count -= 1;
        push(at, false);
    }
    if count < 4 {
        return n as u8;
    }
    let first = letter(at);
    if first == LAM && letter(at + 2) == LAM {
        // «لل»: ل + ال contracted.
        push(at + 4, true);
        push(at + 4, false);
        return n as u8;
    }
    if matches!(first, BA | LAM | KAF) {
        at += 2;
        count -= 1;
        push(at, false);
    }
    if count >= 4 && letter(at) == ALEF && letter(at + 2) == LAM {
        push(at + 4, false);
    }
    n as u8
}

/// The [`word_hash`] of «ال» + `rest`, spelled on the stack when it fits.
fn al_hash(rest: &str) -> u64 {
    const AL: &str = "ال";
    let mut buf = [0u8; 64];
    match buf.get_mut(..AL.len() + rest.len()) {
        Some(b) => {
            b[..AL.len()].copy_from_slice(AL.as_bytes());
            b[AL.len()..].copy_from_slice(rest.as_bytes());
            word_hash(std::str::from_utf8(b).unwrap_or_default())
        }
        None => word_hash(&format!("{AL}{rest}")),
    }
}

/// True for characters that may continue a word (the reference tokenizer's
/// test; [`words`] tests the same characters inline).
#[cfg(test)]
fn is_word_char(c: char) -> bool {
    crate::text::is_alphanumeric(c) || matches!(c, '\'' | '’' | '-' | '.' | ',')
}

/// Splits normalized text into words: runs of letters and digits, keeping
/// inner hyphens, apostrophes and digit separators ("al-Husseini", "2,500").
///
/// One pass over the bytes: ASCII and the letters of the Arabic alphabet
/// are classified without decoding, because every byte of every article
/// goes through here.
pub(crate) fn words<'a>(text: &'a str) -> Vec<Word<'a>> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // News text has about one word per six bytes: one allocation mostly.
    let mut out = Vec::with_capacity(n / 6 + 1);
    let mut i = 0;
    'text: while i < n {
        // Between words: on to the next letter or digit.
        let start = i;
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else if i + 1 < n && is_common_mark(b, bytes[i + 1]) {
            i += 2;
            continue;
        } else if !(i + 1 < n && is_arabic_letter(b, bytes[i + 1])) {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if !crate::text::is_alphanumeric(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // In a word, at a character boundary. `shape` and `alnum_end`
        // describe the word up to its last letter or digit; a comma or dot
        // read after it is `pending` until another letter or digit takes
        // it in. (The only non-ASCII character that may continue a word,
        // «’», has no case: it never changes a word's key.)
        let mut shape = Shape::default();
        let mut alnum_end = start;
        let mut chars = 0u32;
        let mut mixed = false;
        let mut pending = false;
        loop {
            // Runs of basic Arabic letters, two bytes each: most of an
            // Arabic word, read without decoding.
            let from = i;
            let pairs = arabic_letters(&bytes[i..]);
            if pairs > 0 {
                i += 2 * pairs;
                chars += pairs as u32;
                shape.arabic = true;
                shape.non_ascii = true;
            } else {
                // ASCII letters, the same for English.
                while i < n && bytes[i].is_ascii_alphabetic() {
                    shape.upper |= bytes[i].is_ascii_uppercase();
                    i += 1;
                }
                if i > from {
                    chars += (i - from) as u32;
                    shape.ascii_letter = true;
                }
            }
            if i > from {
                alnum_end = i;
                shape.sep |= pending;
                pending = false;
                shape.chars = chars;
                shape.letters = if mixed { 0 } else { chars };
                // Most words end here, at a space: the character after a
                // run is read below rather than trying both runs again
                // first. An ASCII letter after Arabic ones is read as a
                // run.
                if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    continue;
                }
            }
            // Anything else, a character at a time.
            let Some(&b) = bytes.get(i) else { break };
            let (alnum, letter, inner, sep, len, arabic) = if b < 0x80 {
                (
                    b.is_ascii_digit(),
                    false,
                    matches!(b, b'\'' | b'-'),
                    matches!(b, b'.' | b','),
                    1,
                    false,
                )
            } else if i + 1 < n && is_common_mark(b, bytes[i + 1]) {
                (false, false, false, false, 2, true)
            } else {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                (
                    crate::text::is_alphanumeric(c),
                    crate::text::is_alphabetic(c),
                    c == '’',
                    false,
                    c.len_utf8(),
                    ('\u{0600}'..='\u{06FF}').contains(&c),
                )
            };
            if alnum {
                i += len;
                chars += 1;
                mixed |= !letter;
                alnum_end = i;
                shape.sep |= pending;
                pending = false;
                shape.arabic |= arabic;
                shape.non_ascii |= b >= 0x80;
                shape.chars = chars;
                shape.letters = if mixed { 0 } else { chars };
            } else if inner || sep {
                i += len;
                chars += 1;
                mixed = true;
                pending |= sep;
            } else {
                push_run(text, start..alnum_end, shape, &mut out);
                i += len;
                continue 'text;
            }
        }
        push_run(text, start..alnum_end, shape, &mut out);
    }
    out
}

/// [`Word::letters`] of `s`, counted on its own.
fn letter_count(s: &str) -> u32 {
    if s.chars().all(crate::text::is_alphabetic) {
        u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
    } else {
        0
    }
}

/// True when bytes `lead`, `next` encode a letter of the basic Arabic
/// alphabet (U+0621..U+063A, U+0641..U+064A), most of Arabic text: these
/// are letters without decoding them.
fn is_arabic_letter(lead: u8, next: u8) -> bool {
    // Two comparisons of the pair as one number, without a branch on the
    // lead byte.
    let pair = u16::from_be_bytes([lead, next]);
    pair.wrapping_sub(0xD8A1) <= 0xD8BA - 0xD8A1 || pair.wrapping_sub(0xD981) <= 0xD98A - 0xD981
}

/// How many letters of the basic Arabic alphabet ([`is_arabic_letter`])
/// `bytes` starts with: the tokenizer's inner loop, over pairs of bytes
/// without a bounds check on each.
#[inline]
fn arabic_letters(bytes: &[u8]) -> usize {
    bytes
        .chunks_exact(2)
        .take_while(|p| is_arabic_letter(p[0], p[1]))
        .count()
}

/// True when bytes `lead`, `next` encode punctuation that is common in
/// Arabic text and never part of a word: «،» «؛» «؟» and the guillemets
/// « », told apart without decoding or a Unicode table lookup.
fn is_common_mark(lead: u8, next: u8) -> bool {
    match lead {
        0xD8 => matches!(next, 0x8C | 0x9B | 0x9F),
        0xC2 => matches!(next, 0xAB | 0xBB),
        _ => false,
    }
}

/// Pushes the words of one run of word characters: a comma or dot inside
/// it is kept only between digits ("2,500", "2.5") and splits it elsewhere.
///
/// `shape` describes the whole run; the pieces of a run that is split (a
/// comma or dot inside it) are described again on their own.
#[inline]
fn push_run<'a>(text: &'a str, run: Range<usize>, shape: Shape, out: &mut Vec<Word<'a>>) {
    if shape.sep {
        push_split(text, run, out);
    } else {
        out.push(Word::new(text, run, shape));
    }
}

/// [`push_run`] of a run with a comma or dot inside: rare, kept out of
/// the tokenizer's loop.
#[cold]
#[inline(never)]
fn push_split<'a>(text: &'a str, run: Range<usize>, out: &mut Vec<Word<'a>>) {
    let piece = |r: Range<usize>| Word::new(text, r.clone(), Shape::of(&text[r]));
    let bytes = &text.as_bytes()[run.clone()];
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b',' || b == b'.')
            && !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            if i > from {
                out.push(piece(run.start + from..run.start + i));
            }
            from = i + 1;
        }
    }
    if from < bytes.len() {
        out.push(piece(run.start + from..run.end));
    }
}

/// English abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Col", "Lt", "Gen", "Maj", "Capt", "Brig", "Sgt", "Cpl", "Adm", "Mr", "Mrs", "Ms", "Dr", "St",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No",
    "Gov", "Sen", "Rep", "Prof", "Cmdr", "Lt.Col",
];

/// Byte ranges of the sentences of normalized text.
///
/// A sentence ends at a line break, «؟», «!», «?», «;», «؛», or a full stop
/// followed by a space that is not part of a number ("2.5"), an initialism
/// ("U.S.") or a title abbreviation ("Col. Smith").
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Bytes, not characters: every ending is ASCII or «؟» (D8 9F) or «؛»
    // (D8 9B), and a lead byte never occurs inside another character, so
    // nothing needs decoding. The places an ending may start are found by
    // three vectorized searches (the second bytes 9F and 9B, which no
    // Arabic letter has, stand for «؟» and «؛») and visited in order:
    // there are a few dozen in an article, so no byte is tested alone.
    // Sized once: an article has a few dozen places, not hundreds.
    let mut candidates: Vec<usize> = Vec::with_capacity(64);
    candidates.extend(memchr::memchr3_iter(b'\n', b'.', b'?', bytes));
    candidates.extend(memchr::memchr2_iter(b'!', b';', bytes));
    candidates.extend(
        memchr::memchr2_iter(0x9F, 0x9B, bytes)
            .filter(|&p| p > 0 && bytes[p - 1] == 0xD8)
            .map(|p| p - 1),
    );
    candidates.sort_unstable();
    let mut out = Vec::with_capacity(candidates.len() + 1);
    let mut start = 0;
    for i in candidates {
        let len = match bytes[i] {
            b'\n' | b'!' | b'?' | b';' => 1,
            0xD8 if matches!(bytes.get(i + 1), Some(0x9F | 0x9B)) => 2,
            b'.' if bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()) => {
                let before = &text[start..i];
                let last_word = before
                    .rsplit(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or("");
                let initialism = last_word.contains('.') || last_word.chars().count() == 1;
                // Every abbreviation starts with an ASCII capital: an Arabic
                // word is not compared with them.
                let abbreviation = last_word.starts_with(|c: char| c.is_ascii_uppercase())
                    && ABBREVIATIONS.contains(&last_word);
                usize::from(!initialism && !abbreviation)
            }
            _ => 0,
        };
        if len == 0 {
            continue;
        }
        let e = i + len;
        if text[start..e].trim().len() > 1 {
            out.push(start..e);
        }
        start = e;
    }
    if text[start..].trim().len() > 1 {
        out.push(start..text.len());
    }
    out
}

/// The sentence containing normalized offset `at`.
pub(crate) fn sentence_of(sentences: &[Range<usize>], at: usize) -> Range<usize> {
    let i = sentences.partition_point(|s| s.end <= at);
    sentences.get(i).cloned().unwrap_or(at..at)
}

/// True when `s` is written in Latin letters (then it is matched in lower case).
pub(crate) fn is_latin(s: &str) -> bool {
    // One pass: every word of every article goes through here.
    let mut latin = false;
    for c in s.chars() {
        if c.is_ascii_alphabetic() {
            latin = true;
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            return false;
        }
    }
    latin
}

/// Calls `f` on each form of an Arabic word with proclitics and the
/// article peeled off, longest first, until it returns `Some`: «وبالمقتل»
/// gives «وبالمقتل», «بالمقتل», «المقتل», «مقتل»; «للتحالف» (ل + ال
/// contracted) gives «للتحالف», «التحالف», «تحالف». Every phrase table
/// tries every word of every article this way: [`words`] records these
/// forms once per word ([`Word::forms`]); this is the reference for them.
#[cfg(test)]
fn for_each_stem<R>(word: &str, mut f: impl FnMut(&str) -> Option<R>) -> Option<R> {
    if let Some(r) = f(word) {
        return Some(r);
    }
    let mut rest = word;
    if let Some(c) = rest.chars().next()
        && matches!(c, 'و' | 'ف')
        && rest.chars().count() > 3
    {
        rest = &rest[c.len_utf8()..];
        if let Some(r) = f(rest) {
            return Some(r);
        }
    }
    if let Some(r) = rest.strip_prefix("لل")
        && r.chars().count() >= 2
    {
        return f(&format!("ال{r}")).or_else(|| f(r));
    }
    if let Some(c) = rest.chars().next()
        && matches!(c, 'ب' | 'ل' | 'ك')
        && rest.chars().count() > 3
    {
        rest = &rest[c.len_utf8()..];
        if let Some(r) = f(rest) {
            return Some(r);
        }
    }
    if let Some(r) = rest.strip_prefix("ال")
        && r.chars().count() >= 2
    {
        return f(r);
    }
    None
}

/// The lookup key of a written word: lower case for Latin, folded for Arabic.
pub(crate) fn key(word: &str) -> String {
    key_of(word).into_owned()
}

/// [`key`] without a copy when the word is its own key.
pub(crate) fn key_of(word: &str) -> Cow<'_, str> {
    // An ASCII word without capitals is its own lower case.
    if (!word.is_ascii() || word.bytes().any(|b| b.is_ascii_uppercase())) && is_latin(word) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// A table of phrases (one or more words) mapped to values.
///
/// Phrases are filed under the [`word_hash`] of their first word, which
/// [`words`] computes once for every form of every word, so a table tests a
/// word with a bit of `starts` and, for the few that pass, one probe.
#[derive(Debug, Clone)]
pub(crate) struct PhraseTable<T> {
    /// Hash of the first word of each phrase → (first word, remaining
    /// words, value), longest first among phrases with the same first word.
    by_first: HashMap<u64, Vec<(String, Vec<String>, T)>>,
    /// One bit per key ([`BitFilter::key_of_hash`]) of the hashes in
    /// `by_first`: most words start no phrase and are turned away here.
    starts: BitFilter,
    /// This table's bit in [`Word`] marks, once registered with
    /// [`PhraseMarks`]; 0 before.
    mark: u8,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable {
            by_first: HashMap::new(),
            starts: BitFilter::default(),
            mark: 0,
        }
    }
}

/// A phrase found in a word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhraseMatch<T> {
    /// Index of the first word.
    pub first: usize,
    /// One past the index of the last word.
    pub end: usize,
    /// The phrase's value.
    pub value: T,
}

/// Remembers an entry's id, rejecting one already defined in the file.
pub(crate) fn unique_id(
    file: &RulesFile,
    seen: &mut Vec<String>,
    id: &str,
    span: std::ops::Range<usize>,
) -> Result<(), LexiconError> {
    if seen.iter().any(|s| s == id) {
        return Err(file.error(
            span,
            format!("`{id}` is defined twice"),
            "second definition",
        ));
    }
    seen.push(id.to_string());
    Ok(())
}

/// Pushes an entry on its list and returns its index.
pub(crate) fn push_index<I>(list: &mut Vec<I>, entry: I) -> usize {
    list.push(entry);
    list.len() - 1
}

/// Folds a phrase from a rules file into its word keys.
pub(crate) fn phrase_keys(raw: &str) -> Vec<String> {
    let folded = normalize(raw.trim(), 0);
    words(folded.as_str()).iter().map(|w| key(w.text)).collect()
}

impl<T: Clone + PartialEq> PhraseTable<T> {
    /// Adds a phrase; returns the value it already had if it was listed before.
    pub fn insert(&mut self, raw: &str, value: T) -> Result<(), Option<T>> {
        let keys = phrase_keys(raw);
        let Some((first, rest)) = keys.split_first() else {
            return Err(None);
        };
        let hash = word_hash(first);
        let list = self.by_first.entry(hash).or_default();
        if let Some((_, _, v)) = list.iter().find(|(f, r, _)| f == first && r == rest) {
            return Err(Some(v.clone()));
        }
        list.push((first.clone(), rest.to_vec(), value));
        // Stable: phrases with the same first word and length keep their
        // order, whatever other first words share the hash.
        list.sort_by_key(|e| std::cmp::Reverse(e.1.len()));
        self.starts.insert(BitFilter::key_of_hash(hash));
        Ok(())
    }

    /// Inserts every phrase of a list from a rules file, with duplicate and
    /// contradiction errors pointing at the phrase; `describe` names a value.
    pub fn insert_all(
        &mut self,
        file: &RulesFile,
        phrases: &[Spanned<String>],
        value: T,
        describe: impl Fn(&T) -> String,
    ) -> Result<(), LexiconError> {
        for p in phrases {
            match self.insert(p.get_ref(), value.clone()) {
                Ok(()) => {}
                Err(None) => return Err(file.error(p.span(), "empty phrase", "here")),
                Err(Some(old)) if old == value => {
                    return Err(file.error(
                        p.span(),
                        format!(
                            "`{}` is listed twice for {} (spellings that differ only in alef forms, ى/ي, ة/ه, diacritics or case are the same)",
                            p.get_ref(),
                            describe(&value)
                        ),
                        "duplicate",
                    ));
                }
                Err(Some(old)) => {
                    return Err(file.error(
                        p.span(),
                        format!(
                            "`{}` is listed for {} and for {}",
                            p.get_ref(),
                            describe(&old),
                            describe(&value)
                        ),
                        "contradiction",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Files one entry's Arabic and English spellings under `value`.
    pub fn insert_entry(
        &mut self,
        file: &RulesFile,
        spellings: [&[Spanned<String>]; 2],
        value: T,
        describe: impl Fn(&T) -> String,
    ) -> Result<(), LexiconError> {
        for list in spellings {
            self.insert_all(file, list, value.clone(), &describe)?;
        }
        Ok(())
    }

    /// The longest phrase starting at word `i`, if any.
    ///
    /// The word's forms are tried longest first ([`for_each_stem`]'s
    /// order); a form whose phrases all fail to match gives way to the next.
    #[inline]
    pub fn at(&self, words: &[Word<'_>], i: usize) -> Option<PhraseMatch<T>> {
        let w = words.get(i)?;
        // A marked word names the registered tables it may start a phrase
        // of: one test instead of one per form, inlined where a table is
        // asked about every word, so that most words cost no call.
        if w.marks & MARKED != 0 && self.mark != 0 && w.marks & self.mark == 0 {
            return None;
        }
        self.at_forms(words, i)
    }

    /// [`PhraseTable::at`] past the marks: tries each form of word `i`.
    #[inline(never)]
    fn at_forms(&self, words: &[Word<'_>], i: usize) -> Option<PhraseMatch<T>> {
        let w = &words[i];
        w.forms().find_map(|f| {
            if !self.starts.contains(f.filter) {
                return None;
            }
            let list = self.by_first.get(&w.form_hash(&f))?;
            list.iter().find_map(|(first, rest, value)| {
                let ok = w.form_is(&f, first)
                    && rest.iter().enumerate().all(|(j, r)| {
                        words
                            .get(i + 1 + j)
                            .is_some_and(|w| w.key == r.as_str() || stems_match(w.text, r))
                    });
                ok.then(|| PhraseMatch {
                    first: i,
                    end: i + 1 + rest.len(),
                    value: value.clone(),
                })
            })
        })
    }

    /// Every phrase in the word list, left to right, without overlaps.
    pub fn find_all(&self, words: &[Word<'_>]) -> Vec<PhraseMatch<T>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.at(words, i) {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Set in [`Word`] marks once [`PhraseMarks::mark`] has marked the word.
const MARKED: u8 = 0x80;

/// The first-word filters of a lexicon's phrase tables in one table, so
/// that each word of an article is tested once for all of them.
///
/// Every table tests every word of every article (ranks, modifiers,
/// names, count words, event triggers); a word's forms looked up here once
/// give a bit per table, and a table turns away an unmarked word with one
/// test. The tables' own filters stay: a mark says only that some form of
/// the word passes the table's filter, exactly as the table would find.
#[derive(Debug, Clone)]
pub(crate) struct PhraseMarks {
    /// For each filter bit, the tables (one bit each) whose filter has it.
    by_bit: Box<[u8; BitFilter::KEYS]>,
    /// The next table's bit.
    next: u8,
}

impl Default for PhraseMarks {
    fn default() -> Self {
        PhraseMarks {
            by_bit: Box::new([0; BitFilter::KEYS]),
            next: 1,
        }
    }
}

impl PhraseMarks {
    /// Gives `table` the next bit and files its filter; at most seven
    /// tables (the eighth bit is [`MARKED`]); a table beyond that keeps
    /// testing words itself.
    pub(crate) fn register<T>(&mut self, table: &mut PhraseTable<T>) {
        if self.next == MARKED {
            // A mark from an earlier registration would not be this one's.
            table.mark = 0;
            return;
        }
        table.mark = self.next;
        for key in table.starts.keys() {
            self.by_bit[key] |= self.next;
        }
        self.next <<= 1;
    }

    /// Marks each word with the registered tables its forms may start a
    /// phrase of.
    pub(crate) fn mark(&self, words: &mut [Word<'_>]) {
        for w in words {
            let mut m = MARKED | self.by_bit[BitFilter::key_of_hash(w.key_hash)];
            for s in &w.stems[..usize::from(w.n_stems)] {
                m |= self.by_bit[s.form().filter];
            }
            w.marks = m;
        }
    }
}

/// True when a non-first word of a phrase matches with the article: the
/// phrase «المتحدث باسم» is listed bare but may be written «الناطق باسم».
fn stems_match(written: &str, listed: &str) -> bool {
    !is_latin(written) && written.strip_prefix("ال") == Some(listed)
}

#[cfg(test)]
/// Texts for tests comparing a fast path with its reference: normalized
/// corpus articles, seeds (when present) and traps.
pub(crate) fn sample_texts() -> Vec<String> {
    let mut raw = crate::testing::corpus_texts();
    // Traps: separators at word edges, clitic stacks, contracted «لل»,
    // short words, capitals, non-ASCII Latin, three-byte characters.
    raw.push(
        "وبالمقتل للتحالف لله ولل فللتحالف وللقوات بال كال ولد. 2,500, 2.5. 1.2.3 ,a, .b. \
         al-.x a'' a’b- Col. Lt.Col. U.S. ÉTAT İstanbul Straße K ½ ٣٤ 𝔸𝔹 中文, x؟ y؛ z; w! \
         «الناطق باسم» -abc ‘q’ '' - . , \n\n ؟؟"
            .to_string(),
    );
    let mut out: Vec<String> = raw
        .iter()
        .map(|t| normalize(t, 0).as_str().to_string())
        .collect();
    out.extend(raw);
    // Text nobody wrote, for the tokenizer's fast paths: runs of Arabic
    // letters broken by Arabic-Indic digits, marks and Persian letters,
    // clitic letters, Latin capitals, digits with separators, inner
    // punctuation at every position.
    out.extend(crate::testing::random_texts(
        "وفبلكالمكتبةيناير٣٤ًیکAaZz09.,'’- \n؟É،؛«»",
        (0..300).chain([2000]),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_stem(word, |s| {
            out.push(s.to_string());
            None::<()>
        });
        out
    }

    #[test]
    fn stems_peel_proclitics_and_the_article() {
        assert_eq!(stems("وبالمقتل"), ["وبالمقتل", "بالمقتل", "المقتل", "مقتل"]);
        assert_eq!(stems("للتحالف"), ["للتحالف", "التحالف", "تحالف"]);
        assert_eq!(stems("ولد"), ["ولد"]);
        assert_eq!(stems("بال"), ["بال"]);
        // The search stops at the first form that answers.
        assert_eq!(
            for_each_stem("والمقتل", |s| s.starts_with("ال").then_some(s.len())),
            Some("المقتل".len())
        );
    }

    #[test]
    fn keys_lower_latin_words_only() {
        assert_eq!(key("Colonel"), "colonel");
        assert_eq!(key("ÉTAT"), "état");
        assert!(matches!(key_of("colonel"), Cow::Borrowed(_)));
        assert_eq!(key("العقيد"), "العقيد");
    }

    #[test]
    fn words_keep_numbers_and_hyphenated_names() {
        let w: Vec<_> = words("قتل 2,500 شخص. Samer al-Husseini, 12.5% (U.S.)")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(
            w,
            vec![
                "قتل",
                "2,500",
                "شخص",
                "Samer",
                "al-Husseini",
                "12.5",
                "U",
                "S"
            ]
        );
    }

    #[test]
    fn sentences_skip_abbreviations_and_decimals() {
        let t = "Col. Samer Husseini said 2.5 km. The U.S. army left.\nسطر آخر؟ نعم";
        let s: Vec<_> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            vec![
                "Col. Samer Husseini said 2.5 km.",
                " The U.S. army left.",
                "\n",
                "سطر آخر؟",
                " نعم"
            ]
            .into_iter()
            .filter(|s| s.trim().len() > 1)
            .collect::<Vec<_>>()
        );
    }

    /// The character-by-character tokenizer [`words`] replaced, for tests:
    /// splits normalized text into words: runs of letters and digits, keeping
    /// inner hyphens, apostrophes and digit separators ("al-Husseini", "2,500").
    fn reference_words(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let push = |s: usize, e: usize, out: &mut Vec<Range<usize>>| {
            // Trailing punctuation that may continue a word never ends one.
            let mut e = e;
            while e > s {
                let last = text[s..e].chars().next_back().expect("non-empty");
                if crate::text::is_alphanumeric(last) {
                    break;
                }
                e -= last.len_utf8();
            }
            if e > s {
                out.push(s..e);
            }
        };
        for (i, c) in text.char_indices() {
            match start {
                None if crate::text::is_alphanumeric(c) => start = Some(i),
                Some(s) if !is_word_char(c) => {
                    push(s, i, &mut out);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            push(s, text.len(), &mut out);
        }
        // A comma or dot inside a word is kept only between digits ("2,500", "2.5").
        let mut split = Vec::with_capacity(out.len());
        for w in out {
            let bytes = text[w.clone()].as_bytes();
            let mut from = 0;
            for (i, &b) in bytes.iter().enumerate() {
                if (b == b',' || b == b'.')
                    && !(i > 0
                        && bytes[i - 1].is_ascii_digit()
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
                {
                    if i > from {
                        split.push(w.start + from..w.start + i);
                    }
                    from = i + 1;
                }
            }
            if from < bytes.len() {
                split.push(w.start + from..w.end);
            }
        }
        split
    }

    /// The character-by-character sentence splitter [`sentences`] replaced.
    fn reference_sentences(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            let end = match c {
                '\n' | '؟' | '!' | '?' | '؛' | ';' => true,
                '.' => {
                    let next_is_space = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
                    let before = &text[start..i];
                    let last_word = before
                        .rsplit(|c: char| c.is_whitespace())
                        .next()
                        .unwrap_or("");
                    let initialism = last_word.contains('.') || last_word.chars().count() == 1;
                    next_is_space && !initialism && !ABBREVIATIONS.contains(&last_word)
                }
                _ => false,
            };
            if end {
                let e = i + c.len_utf8();
                if text[start..e].trim().len() > 1 {
                    out.push(start..e);
                }
                start = e;
            }
        }
        if text[start..].trim().len() > 1 {
            out.push(start..text.len());
        }
        out
    }

    #[test]
    fn marked_words_find_what_unmarked_words_find() {
        let lex = crate::testing::lexicon();
        // Eight copies of two real tables: the first seven get a bit, the
        // eighth none and keeps testing words itself.
        let mut marks = PhraseMarks::default();
        let mut events: Vec<_> = (0..4).map(|_| lex.events.words.clone()).collect();
        let mut counts: Vec<_> = (0..4).map(|_| lex.categories.words.clone()).collect();
        for (e, c) in events.iter_mut().zip(&mut counts) {
            marks.register(e);
            marks.register(c);
        }
        assert_eq!(counts[3].mark, 0);
        let (mut found, mut turned_away) = (0, 0);
        for text in &sample_texts() {
            let plain = words(text);
            let mut marked = plain.clone();
            marks.mark(&mut marked);
            for i in 0..plain.len() {
                for t in &events {
                    let m = t.at(&marked, i);
                    assert_eq!(m, t.at(&plain, i), "{}", plain[i].text);
                    found += usize::from(m.is_some());
                    turned_away += usize::from(marked[i].marks & t.mark == 0);
                }
                for t in &counts {
                    let m = t.at(&marked, i);
                    assert_eq!(m, t.at(&plain, i), "{}", plain[i].text);
                    found += usize::from(m.is_some());
                }
            }
        }
        assert!(found > 100, "{found} phrases");
        assert!(turned_away > 10_000, "{turned_away} words turned away");
    }

    #[test]
    fn arabic_letters_are_the_basic_alphabet() {
        // Every pair of bytes against the two ranges of code points.
        for lead in 0..=u8::MAX {
            for next in 0..=u8::MAX {
                let letter = std::str::from_utf8(&[lead, next])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .is_some_and(|c| {
                        ('\u{0621}'..='\u{063A}').contains(&c)
                            || ('\u{0641}'..='\u{064A}').contains(&c)
                    });
                assert_eq!(is_arabic_letter(lead, next), letter, "{lead:x} {next:x}");
            }
        }
        let text = "والمقتل ٣ abc";
        assert_eq!(arabic_letters(text.as_bytes()), 7);
        assert_eq!(arabic_letters(&text.as_bytes()[1..]), 0);
        assert_eq!(arabic_letters(&text.as_bytes()[..13]), 6);
    }

    #[test]
    fn abbreviations_start_with_an_ascii_capital() {
        // `sentences` compares a word with them only when it does.
        for a in ABBREVIATIONS {
            assert!(a.starts_with(|c: char| c.is_ascii_uppercase()), "{a}");
        }
    }

    #[test]
    fn words_and_sentences_match_the_character_by_character_reference() {
        let texts = sample_texts();
        let mut n = 0;
        for text in &texts {
            let w = words(text);
            let ranges: Vec<_> = w.iter().map(|w| w.range()).collect();
            assert_eq!(ranges, reference_words(text), "{text}");
            assert_eq!(sentences(text), reference_sentences(text), "{text}");
            for w in &w {
                assert_eq!(w.text, &text[w.range()]);
                assert_eq!(w.key, key_of(w.text));
                assert_eq!(w.letters, letter_count(w.text), "{}", w.text);
                let mut forms = Vec::new();
                let mut each = |s: &str| {
                    forms.push(s.to_string());
                    None::<()>
                };
                if is_latin(&w.key) {
                    each(&w.key);
                } else {
                    for_each_stem(&w.key, each);
                }
                assert_eq!(w.forms().count(), forms.len(), "{}", w.text);
                assert_eq!(w.key_hash(), word_hash(&w.key));
                for (f, s) in w.forms().zip(&forms) {
                    assert!(w.form_is(&f, s), "{} {s}", w.text);
                    assert_eq!(w.form_hash(&f), word_hash(s));
                    assert_eq!(f.filter, BitFilter::key_of_hash(word_hash(s)));
                }
                n += 1;
            }
        }
        assert!(n > 10_000, "{n} words");
    }

    /// The lookup [`PhraseTable::at`] replaced: stems derived per call.
    fn reference_at<T: Clone>(
        t: &PhraseTable<T>,
        words: &[Word<'_>],
        i: usize,
    ) -> Option<PhraseMatch<T>> {
        let w = words.get(i)?;
        let k = key_of(w.text);
        let try_first = |first: &str| {
            let list = t.by_first.get(&word_hash(first))?;
            list.iter()
                .filter(|(f, _, _)| f == first)
                .find_map(|(_, rest, value)| {
                    let ok = rest.iter().enumerate().all(|(j, r)| {
                        words
                            .get(i + 1 + j)
                            .is_some_and(|w| key_of(w.text) == r.as_str() || stems_match(w.text, r))
                    });
                    ok.then(|| PhraseMatch {
                        first: i,
                        end: i + 1 + rest.len(),
                        value: value.clone(),
                    })
                })
        };
        if is_latin(&k) {
            try_first(&k)
        } else {
            for_each_stem(&k, try_first)
        }
    }

    #[test]
    fn table_lookups_match_the_stem_by_stem_reference() {
        let lex = crate::testing::lexicon();
        let mut found = 0;
        for text in &sample_texts() {
            let w = words(text);
            for i in 0..w.len() {
                let e = lex.events.words.at(&w, i);
                assert_eq!(e, reference_at(&lex.events.words, &w, i), "{}", w[i].text);
                let c = lex.categories.words.at(&w, i);
                assert_eq!(
                    c,
                    reference_at(&lex.categories.words, &w, i),
                    "{}",
                    w[i].text
                );
                found += usize::from(e.is_some()) + usize::from(c.is_some());
            }
        }
        assert!(found > 100, "{found} phrases");
    }

    #[test]
    fn phrases_match_with_clitics_and_longest_first() {
        let mut t = PhraseTable::default();
        t.insert("مقتل", 1).unwrap();
        t.insert("لقي حتفه", 2).unwrap();
        t.insert("death toll", 3).unwrap();
        assert_eq!(t.insert("مقتل", 1), Err(Some(1)));
        let text = "وبمقتل ولقي حتفه The Death toll";
        let w = words(text);
        let found: Vec<_> = t.find_all(&w).into_iter().map(|m| m.value).collect();
        assert_eq!(found, vec![1, 2, 3]);
    }
}
