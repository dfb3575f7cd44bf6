//! Numbers: every number in a text, in digits, in words or both, Arabic and English.
//!
//! Counts are the most checked facts in news copy, and they are written in
//! many ways: «2,500», «٢٬٥٠٠», «ثلاثة آلاف», «ألفي عسكري», «خمسة وعشرون»,
//! "twenty-five", "2.5 million", «الحادي والعشرون», "21st". This module
//! finds them all in an article's normalized text and gives each its value.
//! [`NumberLexicon::find_quantities`] (in [`quantity`]) then reads the words
//! around a number («نحو», "more than", «بين ... و ...») as an interval.
//!
//! The main decision is the split between data and grammar: every word and
//! its role in a compound (unit, tens, hundred, scale, dual, plural...) is
//! data in `rules/numbers.toml`, while the few rules that combine roles
//! («خمسة وعشرون» is unit + و + tens, "three hundred" multiplies, «ثلاثة
//! آلاف» multiplies, a scale never follows a larger one) are code here. The
//! parser reads tokens left to right, keeps the longest prefix that makes a
//! well-formed number, and never joins two numbers that copy writes side by
//! side («ثلاثة وأربعة» stays 3 and 4; "4000 3 hundred" stays two numbers).

pub mod quantity;

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

pub use crate::article::Language;
use crate::error::LexiconError;
use crate::lexicon::RulesFile;
use crate::text::normalize;
pub(crate) use quantity::VagueStarts;
pub use quantity::{Quantity, Reading};

/// How a number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Written {
    /// Only digits and separators: «2,500», «٣٠», "21st".
    Digits,
    /// Only words: «ثلاثة آلاف», "twenty-five".
    Words,
    /// Digits with a scale word: «3 آلاف», "2.5 million", «٣ مئة و ٢١».
    Mixed,
}

/// A number found in a normalized text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMatch {
    /// Byte range in the normalized text (a leading «و» or proclitic
    /// excluded, the article «ال» of «الثالث» included).
    pub norm: Range<usize>,
    /// The value. Negative only with an explicit sign or «سالب», "minus".
    pub value: f64,
    /// An ordinal ("first", «الثالث», "21st", «الحادي والعشرون»). «الأول» can
    /// also mean "the former": the value is 1 either way, the caller decides.
    pub ordinal: bool,
    /// Digits, words or both.
    pub written: Written,
    /// The language of the words; `None` for digits only.
    pub language: Option<Language>,
    /// Followed by a percent sign or «في المئة», "per cent".
    pub percent: bool,
    /// The spelling has two readings and the value is a guess: «2.500» (2.5
    /// or 2500 by region: read as 2500 before a noun, since a count is
    /// whole, and as 2.5 otherwise), «ألفا» alone (1000 or 2000).
    pub ambiguous: bool,
}

/// The role of a number word in a compound (see `rules/numbers.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Role {
    Unit,
    Ten,
    Teen,
    Tens,
    Hundred,
    Hundreds,
    Scale,
    Dual,
    Plural,
    Fraction,
}

/// One number word.
#[derive(Debug, Clone, Copy)]
struct Word {
    value: f64,
    role: Role,
    ordinal: bool,
    bare: bool,
    head: bool,
    needs_scale: bool,
    ambiguous: bool,
    language: Language,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    arabic: LangFile,
    english: LangFile,
    #[serde(default)]
    relative: Vec<Spanned<RelativeFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelativeFile {
    anchor: Anchor,
    offset: i32,
    phrases: Vec<Spanned<String>>,
}

/// What a relative ordinal counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Anchor {
    /// The end of a list ("last", «الأخير»).
    End,
    /// The current item ("next", «التالي»).
    Current,
}

/// A position relative to the end of a list or to the current item:
/// "last" is (End, 0), "next to last" (End, −1), «التالي» (Current, +1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelativeOrdinal {
    /// Byte range in the normalized text.
    pub norm: Range<usize>,
    /// What the position counts from.
    pub anchor: Anchor,
    /// Steps from the anchor (negative = before it).
    pub offset: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LangFile {
    #[serde(default)]
    not_numbers: Vec<Spanned<String>>,
    pronoun_one: Option<PronounFile>,
    #[serde(default)]
    negative: Vec<Spanned<String>>,
    #[serde(default)]
    percent: Vec<Spanned<String>>,
    #[serde(default)]
    digit_suffixes: Vec<Spanned<String>>,
    #[serde(default)]
    multipliers: Vec<Spanned<MultiplierFile>>,
    #[serde(default)]
    ordinal_suffixes: Vec<Spanned<String>>,
    word: Vec<Spanned<WordFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PronounFile {
    word: String,
    after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MultiplierFile {
    suffix: String,
    value: f64,
    #[serde(default)]
    after_currency: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordFile {
    value: f64,
    role: Role,
    #[serde(default)]
    ordinal: bool,
    #[serde(default = "yes")]
    bare: bool,
    #[serde(default)]
    head: bool,
    #[serde(default)]
    needs_scale: bool,
    #[serde(default)]
    ambiguous: bool,
    words: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}

/// Number words and qualifiers, compiled for matching.
#[derive(Debug)]
pub struct NumberLexicon {
    /// Arabic words by folded spelling, English words in lower case.
    words: HashMap<String, Word>,
    /// Every spelling a token can have, read: the English words in lower
    /// case and each Arabic word behind each of its [`PREFIXES`], as
    /// [`NumberLexicon::lookup_prefixes`] reads it. Built once at load so
    /// that looking a token up is one hash instead of one per prefix.
    /// Hashed with foldhash: every word of every article is looked up here,
    /// and SipHash was a fifth of `find`; the keys are fixed at load, so
    /// text cannot flood the table.
    forms: HashMap<Box<str>, Lookup, foldhash::fast::RandomState>,
    /// The longest ASCII spelling in `forms`, in bytes: a longer ASCII
    /// token is no number word, and a shorter one fits a stack buffer.
    ascii_max: usize,
    /// One bit per [`word_hash`] of every spelling in `forms`, so that the
    /// tokenizer turns away a word that is no number word (nearly every
    /// word of an article) with one bit test on a hash it computes while
    /// reading the word's letters, instead of a hash-map probe.
    filter: WordFilter,

    not_numbers: Vec<String>,
    /// (pronoun word, words after which it is a pronoun).
    pronouns: Vec<(String, Vec<String>)>,
    negative: Vec<String>,
    percent: Vec<String>,
    /// The first two bytes of each of `percent` (one for a one-byte
    /// phrase), distinct: nearly every number is followed by none of them,
    /// and testing two bytes is cheaper than comparing every phrase.
    percent_heads: Vec<(u8, Option<u8>)>,
    digit_suffixes: Vec<String>,
    /// (suffix, value, only after a currency sign).
    multipliers: Vec<(String, f64, bool)>,
    ordinal_suffixes: Vec<String>,
    qualifiers: quantity::QualifierTable,
    /// Relative ordinals by folded phrase, and their alternation.
    relative: HashMap<String, (Anchor, i32)>,
    relative_re: Option<regex::Regex>,
}

/// Folds a spelling from a rules file like article text, in lower case.
pub(crate) fn fold(s: &str) -> String {
    if folds_plainly(s) {
        // Already normalized (text from an article's normalized body, as
        // nearly every call at check time): only spaces and case to fold,
        // without the normalization map and the vector of pieces.
        let mut out = String::with_capacity(s.len());
        for piece in s.split(' ').filter(|p| !p.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(piece);
        }
        out.make_ascii_lowercase();
        return out;
    }
    normalize(s.trim(), 0)
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when normalization keeps every character of `s` and only spaces
/// are whitespace: printable ASCII, and the Arabic letters that have no
/// other spelling to fold to and no case. Then [`fold`] only collapses
/// spaces and lowers ASCII letters.
///
/// Read from the bytes (printable ASCII, and the two-byte UTF-8 of those
/// letters), without decoding: every number's neighbours are folded.
fn folds_plainly(s: &str) -> bool {
    let mut rest = s.as_bytes();
    loop {
        match rest {
            [] => return true,
            [0x20..=0x7E, tail @ ..] => rest = tail,
            // U+0621-U+063A but آ أ إ ة.
            [0xD8, y @ 0xA1..=0xBA, tail @ ..] if !matches!(y, 0xA2 | 0xA3 | 0xA5 | 0xA9) => {
                rest = tail
            }
            // U+0641-U+064A but ى.
            [0xD9, y @ 0x81..=0x8A, tail @ ..] if *y != 0x89 => rest = tail,
            _ => return false,
        }
    }
}

/// A text ready to be compared with spellings from [`fold`], without
/// allocating when it is one plain word (see [`folds_plainly`]): the test
/// and, when it fails, the fold are done once, not once per spelling.
enum Folded<'a> {
    /// One plain word: compared ignoring ASCII case.
    Plain(&'a str),
    /// Anything else, folded.
    Owned(String),
}

impl<'a> Folded<'a> {
    fn of(s: &'a str) -> Self {
        if !s.contains(' ') && folds_plainly(s) {
            Folded::Plain(s)
        } else {
            Folded::Owned(fold(s))
        }
    }

    /// `fold(s) == folded`.
    fn is(&self, folded: &str) -> bool {
        match self {
            // `folded` has no ASCII capital, so ignoring case on `s` alone
            // is comparing its lower-case form.
            Folded::Plain(s) => s.eq_ignore_ascii_case(folded),
            Folded::Owned(f) => f == folded,
        }
    }
}

impl NumberLexicon {
    /// Loads and validates `numbers.toml` and `qualifiers.toml`.
    pub fn load(numbers: &RulesFile, qualifiers: &RulesFile) -> Result<Self, LexiconError> {
        let parsed: File = numbers.parse()?;
        let mut lex = NumberLexicon {
            words: HashMap::new(),
            forms: HashMap::default(),
            ascii_max: 0,
            filter: WordFilter::default(),
            not_numbers: Vec::new(),
            pronouns: Vec::new(),
            negative: Vec::new(),
            percent: Vec::new(),
            percent_heads: Vec::new(),
            digit_suffixes: Vec::new(),
            multipliers: Vec::new(),
            ordinal_suffixes: Vec::new(),
            qualifiers: quantity::QualifierTable::load(qualifiers)?,
            relative: HashMap::new(),
            relative_re: None,
        };
        for r in &parsed.relative {
            for p in &r.get_ref().phrases {
                let key = fold(p.get_ref());
                if lex
                    .relative
                    .insert(key, (r.get_ref().anchor, r.get_ref().offset))
                    .is_some()
                {
                    return Err(numbers.error(
                        p.span(),
                        format!("relative ordinal `{}` is listed twice", p.get_ref()),
                        "duplicate",
                    ));
                }
            }
        }
        if !lex.relative.is_empty() {
            let mut keys: Vec<&String> = lex.relative.keys().collect();
            keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            let alternation = keys
                .iter()
                .map(|k| regex::escape(k).replace(' ', r"\s+"))
                .collect::<Vec<_>>()
                .join("|");
            lex.relative_re = Some(
                regex::Regex::new(&format!(r"(?i)\b(?:{alternation})\b"))
                    .expect("escaped alternation compiles"),
            );
        }
        // Where each folded spelling was first listed, for duplicate errors.
        let mut seen: HashMap<String, (f64, Role)> = HashMap::new();
        for (language, part) in [
            (Language::Ar, &parsed.arabic),
            (Language::En, &parsed.english),
        ] {
            for entry in &part.word {
                let e = entry.get_ref();
                check_role(numbers, entry.span(), e)?;
                if e.words.is_empty() {
                    return Err(numbers.error(entry.span(), "an entry without words", "here"));
                }
                for w in &e.words {
                    let key = fold(w.get_ref());
                    if key.is_empty() || key.contains(' ') {
                        return Err(numbers.error(
                            w.span(),
                            format!("`{}` must be one word", w.get_ref()),
                            "not one word",
                        ));
                    }
                    if let Some(&(value, role)) = seen.get(&key) {
                        let msg = if value == e.value && role == e.role {
                            format!("`{}` is listed twice", w.get_ref())
                        } else {
                            format!(
                                "`{}` is {} ({:?}) here but {} ({:?}) in an earlier entry",
                                w.get_ref(),
                                e.value,
                                e.role,
                                value,
                                role
                            )
                        };
                        return Err(numbers.error(w.span(), msg, "duplicate"));
                    }
                    seen.insert(key.clone(), (e.value, e.role));
                    lex.words.insert(
                        key,
                        Word {
                            value: e.value,
                            role: e.role,
                            ordinal: e.ordinal,
                            bare: e.bare,
                            head: e.head,
                            needs_scale: e.needs_scale,
                            ambiguous: e.ambiguous,
                            language,
                        },
                    );
                }
            }
            lex.not_numbers
                .extend(part.not_numbers.iter().map(|s| fold(s.get_ref())));
            if let Some(p) = &part.pronoun_one {
                if !lex.words.contains_key(&fold(&p.word)) {
                    return Err(numbers.error(
                        0..0,
                        format!("pronoun `{}` is not a number word", p.word),
                        "",
                    ));
                }
                lex.pronouns
                    .push((fold(&p.word), p.after.iter().map(|s| fold(s)).collect()));
            }
            lex.negative
                .extend(part.negative.iter().map(|s| fold(s.get_ref())));
            lex.percent
                .extend(part.percent.iter().map(|s| fold(s.get_ref())));
            lex.digit_suffixes
                .extend(part.digit_suffixes.iter().map(|s| fold(s.get_ref())));
            for m in &part.multipliers {
                let m_ref = m.get_ref();
                if m_ref.value <= 1.0 {
                    return Err(numbers.error(m.span(), "a multiplier must exceed 1", "here"));
                }
                if lex.multipliers.iter().any(|(s, _, _)| *s == m_ref.suffix) {
                    return Err(numbers.error(
                        m.span(),
                        format!("suffix `{}` is listed twice", m_ref.suffix),
                        "duplicate",
                    ));
                }
                // Multipliers are case-sensitive ("M" is a million, "m" a metre).
                lex.multipliers
                    .push((m_ref.suffix.clone(), m_ref.value, m_ref.after_currency));
            }
            lex.ordinal_suffixes
                .extend(part.ordinal_suffixes.iter().map(|s| fold(s.get_ref())));
        }
        lex.percent.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for p in &lex.percent {
            // Spellings are folded: their ASCII letters are lower case.
            let b = p.as_bytes();
            if let Some(&first) = b.first() {
                lex.percent_heads.push((first, b.get(1).copied()));
            }
        }
        lex.percent_heads.sort_unstable();
        lex.percent_heads.dedup();
        lex.build_forms();
        Ok(lex)
    }

    /// Every relative ordinal ("last", "next to last", «التالي») in a
    /// normalized text. They are positions, not numbers: «آخر» is also
    /// "another" and "latest", so no count uses them.
    pub fn find_relative(&self, norm: &str) -> Vec<RelativeOrdinal> {
        let Some(re) = &self.relative_re else {
            return Vec::new();
        };
        re.find_iter(norm)
            .filter_map(|m| {
                let key = fold(m.as_str());
                let &(anchor, offset) = self.relative.get(&key)?;
                Some(RelativeOrdinal {
                    norm: m.range(),
                    anchor,
                    offset,
                })
            })
            .collect()
    }

    /// The qualifier data (approximation width, phrases, vague counts).
    pub(crate) fn qualifiers(&self) -> &quantity::QualifierTable {
        &self.qualifiers
    }
}

/// Rejects an entry whose value does not fit its role (a contradiction).
fn check_role(file: &RulesFile, span: Range<usize>, e: &WordFile) -> Result<(), LexiconError> {
    let v = e.value;
    let ok = match e.role {
        Role::Unit => (0.0..=9.0).contains(&v) && v.fract() == 0.0,
        Role::Ten => v == 10.0,
        Role::Teen => (10.0..=19.0).contains(&v) && v.fract() == 0.0,
        Role::Tens => (20.0..=90.0).contains(&v) && v % 10.0 == 0.0,
        Role::Hundred => v == 100.0,
        Role::Hundreds => (200.0..=900.0).contains(&v) && v % 100.0 == 0.0,
        Role::Scale | Role::Plural => v >= 12.0,
        Role::Dual => v >= 24.0,
        Role::Fraction => v > 0.0 && v < 1.0,
    };
    if !ok {
        return Err(file.error(
            span,
            format!("value {v} contradicts role {:?}", e.role),
            "value and role disagree",
        ));
    }
    if e.head && e.role != Role::Unit {
        return Err(file.error(span, "only a unit can be a `head`", "here"));
    }
    Ok(())
}

/// The tokens of a text, with what the tokenizer noted while reading them.
struct Tokens {
    list: Vec<Token>,
    /// The tokens a number can start at, in order: digits and number words.
    starts: Vec<usize>,
    /// (token index, [`word_hash`]) of each word whose hash a vague count's
    /// first word may have (see [`quantity::QualifierTable::vague_starts`]).
    vague: Vec<(usize, u64)>,
}

/// A token of normalized text.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    range: Range<usize>,
    kind: TokenKind,
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    /// A run of letters; true when it is a number word
    /// ([`NumberLexicon::lookup`] reads it), decided once by the tokenizer.
    Word(bool),
    /// Digits with separators, read: value, has a decimal part, ambiguous separator.
    Digits(f64, bool, bool),
    /// Any other single character (space excluded).
    Punct(char),
}

impl TokenKind {
    fn is_word(&self) -> bool {
        matches!(self, TokenKind::Word(_))
    }
}

/// The multiplier of [`word_hash`] (the golden ratio, as in FxHash).
const HASH_K: u64 = 0x9E37_79B9_7F4A_7C15;

/// One character of a word into its [`word_hash`]. Cheap enough to run in
/// the tokenizer's letter loop: a rotate, a xor and a multiply.
#[inline]
fn hash_step(h: u64, c: u32) -> u64 {
    (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(HASH_K)
}

/// A character as [`word_hash`] reads it: ASCII letters in lower case, and
/// the two non-ASCII letters that a case-insensitive regex matches with an
/// ASCII one (K, the Kelvin sign, and ſ, the long s) as that letter.
#[inline]
fn hash_unit(c: char) -> u32 {
    match c {
        'A'..='Z' => u32::from(c) | 0x20,
        '\u{212A}' => u32::from('k'),
        '\u{017F}' => u32::from('s'),
        _ => u32::from(c),
    }
}

/// The hash the tokenizer computes for a word while reading it: over its
/// characters as [`hash_unit`] reads them. A token [`NumberLexicon::lookup`]
/// reads as a spelling of `forms` has that spelling's hash (an ASCII token
/// equal to it in lower case, any other token equal to it exactly, and
/// spellings have no ASCII capital), which is what makes [`WordFilter`]
/// exact; so does a token that the case-insensitive vague-count regex
/// matches with a vague word of ASCII and Arabic letters (see
/// [`quantity`]).
fn word_hash(s: &str) -> u64 {
    s.chars().fold(0, |h, c| hash_step(h, hash_unit(c)))
}

/// Two one-hash Bloom filters over [`word_hash`]es, side by side so that
/// one index and one load test a word for both: the number words'
/// spellings, and the words a vague count can begin with (see
/// [`quantity`]). No false negatives, and about one false positive in
/// twenty words at 16 bits per spelling.
///
/// A sieve on cheap features (length, bytes at each end) was tried before
/// and cost more than it saved: prefixed Arabic number words share their
/// shapes with common words. A real hash, computed in the pass that reads
/// the letters anyway, tells them apart.
#[derive(Debug, Default)]
struct WordFilter {
    /// Per 64 positions: the number words' bits, the vague words' bits.
    bits: Vec<[u64; 2]>,
    /// 64 minus log2 of the number of bits: the top bits of a hash index it.
    shift: u32,
}

impl WordFilter {
    fn new(numbers: &[u64], vague: &[u64]) -> Self {
        let size = (numbers.len().max(vague.len()) * 16)
            .next_power_of_two()
            .max(1024);
        let mut filter = WordFilter {
            bits: vec![[0; 2]; size / 64],
            shift: 64 - size.trailing_zeros(),
        };
        for (plane, hashes) in [numbers, vague].into_iter().enumerate() {
            for &h in hashes {
                let at = filter.index(h);
                filter.bits[at / 64][plane] |= 1 << (at % 64);
            }
        }
        filter
    }

    #[inline]
    fn index(&self, h: u64) -> usize {
        // The top bits: the multiply of the last step mixed every character into them.
        usize::try_from(h >> self.shift).expect("fewer bits than usize")
    }

    /// Whether a number word, and whether a vague count's first word, may
    /// have hash `h` (false: none has).
    #[inline]
    fn probe(&self, h: u64) -> (bool, bool) {
        let at = self.index(h);
        let bit = 1 << (at % 64);
        self.bits
            .get(at / 64)
            .map_or((false, false), |[n, v]| (n & bit != 0, v & bit != 0))
    }
}

/// The classes of a token's first byte, for the tokenizer's dispatch: one
/// table load and one jump instead of a chain of tests per byte.
mod class {
    /// A space, tab or line break (ASCII whitespace): skipped.
    pub(super) const SPACE: u8 = 0;
    /// An ASCII digit.
    pub(super) const DIGIT: u8 = 1;
    /// A full stop (".25" may follow).
    pub(super) const DOT: u8 = 2;
    /// An ASCII letter.
    pub(super) const LETTER: u8 = 3;
    /// Any other ASCII character: punctuation.
    pub(super) const MARK: u8 = 4;
    /// The first byte of a character of U+0600-U+067F (the Arabic letters).
    pub(super) const ARABIC: u8 = 5;
    /// The first byte of any other character.
    pub(super) const OTHER: u8 = 6;
}

/// [`class`] of every byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [class::OTHER; 256];
    let mut x = 0;
    while x < 128 {
        t[x] = match x as u8 {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => class::SPACE,
            b'0'..=b'9' => class::DIGIT,
            b'.' => class::DOT,
            b'a'..=b'z' | b'A'..=b'Z' => class::LETTER,
            _ => class::MARK,
        };
        x += 1;
    }
    t[0xD8] = class::ARABIC;
    t[0xD9] = class::ARABIC;
    t
};

/// Bit `k` is set when U+0600 + `k` is alphabetic (`char::is_alphabetic`,
/// as [`crate::text::is_alphabetic`] reads it): written out because the
/// standard library's test is not `const`; a unit test checks it.
const ARABIC_ALPHABETIC: u128 = 0xffff_c000_feff_ffff_ffff_ffff_07ff_0000;

/// Entry `u16::from_be_bytes([x, y]) - 0xD880` is the code point of the
/// letter that the two bytes `x y` (UTF-8 of U+0600-U+067F) encode, or 0
/// when they encode no letter. The tokenizer reads an Arabic letter with
/// one subtraction and one load, and hashes its code point directly.
static ARABIC_LETTER: [u16; 0x140] = {
    let mut t = [0; 0x140];
    let mut k = 0;
    while k < 128 {
        if ARABIC_ALPHABETIC >> k & 1 == 1 {
            // U+0600 + k is 0xD8 0x80+k below U+0640, 0xD9 0x80+(k-64) from it.
            t[((k >> 6) << 8) | (k & 0x3F)] = 0x600 + k as u16;
        }
        k += 1;
    }
    t
};

/// The code point of the Arabic letter (U+0600-U+067F) whose UTF-8 is
/// `x y`, or 0 when `x y` encodes no letter.
#[inline(always)]
fn arabic_letter(x: u8, y: u8) -> u32 {
    ARABIC_LETTER
        .get(usize::from(u16::from_be_bytes([x, y]).wrapping_sub(0xD880)))
        .map_or(0, |&c| u32::from(c))
}

/// [`crate::text::is_alphabetic`], with the Arabic block read from [`ARABIC_ALPHABETIC`].
#[inline]
fn is_letter(c: char) -> bool {
    match u32::from(c).wrapping_sub(0x600) {
        k @ 0..128 => ARABIC_ALPHABETIC >> k & 1 == 1,
        _ => crate::text::is_alphabetic(c),
    }
}

/// The end of the run of letters (as [`crate::text::is_alphabetic`] reads
/// them) that goes on at byte `i` of `s`, and the [`word_hash`] of the
/// word, given `h`, the hash of its letters before `i`.
///
/// Words are runs of Arabic letters or of ASCII letters, each read by its
/// own loop without decoding; only other letters go through the decoder.
#[inline(always)]
fn letters_end(s: &str, i: usize, mut h: u64) -> (usize, u64) {
    let b = s.as_bytes();
    // The bytes left: matching on a slice's head costs one length test per
    // character, where indexing costs two bound tests.
    let mut rest = &b[i..];
    loop {
        // Two letters a turn: most Arabic words are several letters long.
        loop {
            match rest {
                [x0, y0, x1, y1, tail @ ..] => {
                    let c = arabic_letter(*x0, *y0);
                    if c == 0 {
                        break;
                    }
                    h = hash_step(h, c);
                    let c = arabic_letter(*x1, *y1);
                    if c == 0 {
                        rest = &rest[2..];
                        break;
                    }
                    h = hash_step(h, c);
                    rest = tail;
                }
                [x, y, tail @ ..] => {
                    let c = arabic_letter(*x, *y);
                    if c != 0 {
                        h = hash_step(h, c);
                        rest = tail;
                    }
                    break;
                }
                _ => break,
            }
        }
        while let [x, tail @ ..] = rest
            && x.is_ascii_alphabetic()
        {
            h = hash_step(h, u32::from(x | 0x20));
            rest = tail;
        }
        match rest {
            // An Arabic letter after ASCII ones: the word goes on. Any other
            // character of U+0600-U+067F (`ARABIC_LETTER` has it) ends it.
            [x, y, ..] if BYTE_CLASS[usize::from(*x)] == class::ARABIC => {
                if arabic_letter(*x, *y) == 0 {
                    break;
                }
            }
            // Any other letter: decoded.
            [x, ..] if *x >= 0x80 => {
                let at = b.len() - rest.len();
                match s[at..].chars().next() {
                    Some(c) if crate::text::is_alphabetic(c) => {
                        h = hash_step(h, hash_unit(c));
                        rest = &rest[c.len_utf8()..];
                    }
                    _ => break,
                }
            }
            _ => break,
        }
    }
    (b.len() - rest.len(), h)
}

impl NumberLexicon {
    /// Splits normalized text into words, digit groups and punctuation,
    /// telling each word whether it is a number word (see [`Tokens`]).
    fn tokenize(&self, s: &str) -> Tokens {
        let mut tokens = Tokens {
            list: Vec::new(),
            starts: Vec::new(),
            vague: Vec::new(),
        };
        self.tokenize_into(s, &mut tokens);
        tokens
    }

    /// [`Self::tokenize`] into `tokens`, emptied first: claims extraction
    /// reuses one per thread, since the token list of an article (some
    /// 12 KB) is a large allocation for glibc, which consolidates its
    /// free lists before serving one.
    ///
    /// Never inlined: inlined into claims extraction, its letter loops
    /// shared registers with all of it, and cost more.
    #[inline(never)]
    fn tokenize_into(&self, s: &str, tokens: &mut Tokens) {
        let Tokens {
            list: out,
            starts,
            vague,
        } = tokens;
        out.clear();
        starts.clear();
        vague.clear();
        // About one token per five bytes of Arabic or English copy.
        out.reserve(s.len() / 5);
        let b = s.as_bytes();
        let mut i = 0;
        // ASCII and the Arabic letters are read byte by byte, dispatched on
        // the class of a token's first byte: decoding every character
        // showed in the profile.
        while let Some(&x) = b.get(i) {
            match BYTE_CLASS[usize::from(x)] {
                class::SPACE => i += 1,
                // A word of Arabic or ASCII letters, read from its first
                // letter by `letters_end` (none: an Arabic mark or digit).
                class::ARABIC | class::LETTER => {
                    let (j, h) = letters_end(s, i, 0);
                    if j > i {
                        self.push_word(s, i..j, h, out, starts, vague);
                        // The space after a word, skipped without a turn of the loop.
                        i = j + usize::from(b.get(j) == Some(&b' '));
                    } else {
                        i = self.push_other(s, i, out, starts, vague);
                    }
                }
                class::DIGIT => {
                    let (end, value, decimal, ambiguous) = scan_digits(b, i);
                    starts.push(out.len());
                    out.push(Token {
                        range: i..end,
                        kind: TokenKind::Digits(value, decimal, ambiguous),
                    });
                    i = end;
                }
                class::DOT
                    if b.get(i + 1).is_some_and(u8::is_ascii_digit)
                        && (i == 0 || b[i - 1] == b' ') =>
                {
                    // ".25": a decimal without its leading zero.
                    let mut j = i + 1;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                    }
                    let value = format!("0{}", &s[i..j]).parse().unwrap_or(0.0);
                    starts.push(out.len());
                    out.push(Token {
                        range: i..j,
                        kind: TokenKind::Digits(value, true, false),
                    });
                    i = j;
                }
                class::DOT | class::MARK => {
                    out.push(Token {
                        range: i..i + 1,
                        kind: TokenKind::Punct(char::from(x)),
                    });
                    i += 1;
                }
                _ => i = self.push_other(s, i, out, starts, vague),
            }
        }
    }

    /// Reads the token at byte `i` of `s` that starts with a character
    /// other than ASCII or an Arabic letter, decoded: a word, a mark or
    /// a space (skipped). Returns the end of what it read.
    #[inline(never)]
    fn push_other(
        &self,
        s: &str,
        i: usize,
        out: &mut Vec<Token>,
        starts: &mut Vec<usize>,
        vague: &mut Vec<(usize, u64)>,
    ) -> usize {
        let c = s[i..].chars().next().expect("inside the string");
        if is_letter(c) {
            let (j, h) = letters_end(s, i + c.len_utf8(), hash_step(0, hash_unit(c)));
            self.push_word(s, i..j, h, out, starts, vague);
            j
        } else {
            if !c.is_whitespace() {
                out.push(Token {
                    range: i..i + c.len_utf8(),
                    kind: TokenKind::Punct(c),
                });
            }
            i + c.len_utf8()
        }
    }

    /// Pushes a word token of hash `h`: a number word when its hash passes
    /// the filter and the table has it (the filter turns away nearly every
    /// other word); flagged in `vague` when it may begin a vague count.
    #[inline(always)]
    fn push_word(
        &self,
        s: &str,
        range: Range<usize>,
        h: u64,
        out: &mut Vec<Token>,
        starts: &mut Vec<usize>,
        vague: &mut Vec<(usize, u64)>,
    ) {
        let (number, vague_start) = self.filter.probe(h);
        if vague_start {
            vague.push((out.len(), h));
        }
        let number = number && self.lookup(&s[range.clone()]).is_some();
        if number {
            starts.push(out.len());
        }
        out.push(Token {
            range,
            kind: TokenKind::Word(number),
        });
    }
}

/// Reads digits with their separators from `start`: (end, value, decimal, ambiguous).
///
/// Unambiguous groupings are read as thousands: "2,500", «١،٢٣٤،٥٦٧»,
/// "2.500.000", "1 234 567"; one separator followed by other than three
/// digits is a decimal mark ("2.5", «٤,٨»); a chain of dots or commas that
/// is neither ("192.168.1.2", "22,24,26") is read as separate numbers.
fn scan_digits(b: &[u8], start: usize) -> (usize, f64, bool, bool) {
    let run = |i: usize| {
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let end0 = run(start);
    let plain = |e: usize| (e, digits_value(b, start..e, None), false, false);
    // A piece of a chain already cut ("168" in "192.168.1.2").
    if start >= 2 && matches!(b[start - 1], b'.' | b',') && b[start - 2].is_ascii_digit() {
        return plain(end0);
    }
    // Separator then digits: (end of the digits, number of digits).
    let after_sep = |i: usize, sep: &[u8]| -> Option<(usize, usize)> {
        if b[i..].starts_with(sep) && digit_at(i + sep.len()) {
            let e = run(i + sep.len());
            Some((e, e - i - sep.len()))
        } else {
            None
        }
    };
    // A decimal tail (separator + digits) not followed by more of a chain.
    let decimal_tail = |i: usize, sep: u8| -> Option<usize> {
        let (e, _) = after_sep(i, &[sep])?;
        let chained = matches!(b.get(e), Some(b'.' | b',')) && digit_at(e + 1);
        (!chained).then_some(e)
    };
    let with_decimal = |int_end: usize, frac: Option<(usize, usize)>| match frac {
        Some((a, e)) => (e, digits_value(b, start..int_end, Some(a..e)), true, false),
        None => (int_end, digits_value(b, start..int_end, None), false, false),
    };
    if end0 - start <= 3 {
        const ARABIC_COMMA: &[u8] = "\u{060C}".as_bytes();
        for (sep, min_groups, dec) in [
            (&b","[..], 1, b'.'),
            (ARABIC_COMMA, 1, b','),
            (&b"."[..], 2, b','),
            (&b" "[..], 1, b'.'),
        ] {
            let mut j = end0;
            let mut groups = 0;
            while let Some((e, n)) = after_sep(j, sep) {
                if n != 3 {
                    break;
                }
                j = e;
                groups += 1;
            }
            if groups == 0 {
                continue;
            }
            // "1.111,11": one dot group is thousands when a decimal comma follows.
            let frac = decimal_tail(j, dec).map(|e| (j + 1, e));
            if groups >= min_groups || (sep == b"." && frac.is_some()) {
                // A trailing chain ("1,234,56,7") is not a grouping.
                if frac.is_none() && matches!(b.get(j), Some(b'.' | b',')) && digit_at(j + 1) {
                    if sep == b"," || sep == b"." {
                        break;
                    }
                    continue;
                }
                return with_decimal(j, frac);
            }
        }
    }
    for sep in [b'.', b','] {
        if let Some(e) = decimal_tail(end0, sep) {
            let n = e - end0 - 1;
            // "2,500" is thousands (handled above); "2.500" is 2.5 in
            // Egyptian and Gulf copy but 2500 in Levantine and Maghreb copy.
            if sep == b',' && n == 3 {
                break;
            }
            let (e, v, d, _) = with_decimal(end0, Some((end0 + 1, e)));
            return (e, v, d, sep == b'.' && n == 3 && end0 - start <= 3);
        }
    }
    plain(end0)
}

/// The number that the ASCII digits of `b[whole]` make, with those of
/// `b[frac]` after a decimal point (other bytes, separators, skipped): the
/// value `str::parse` gives for that spelling, read without allocating.
/// Nearly every number is a short integer, read exactly in a `u64` (a
/// `u64` converts to the nearest `f64`, as parsing rounds); the others are
/// spelled out on the stack and parsed.
fn digits_value(b: &[u8], whole: Range<usize>, frac: Option<Range<usize>>) -> f64 {
    let digits = |r: Range<usize>| b[r].iter().copied().filter(u8::is_ascii_digit);
    if frac.is_none() && whole.len() <= 19 {
        let mut n: u64 = 0;
        let mut any = false;
        for d in digits(whole) {
            n = n * 10 + u64::from(d - b'0');
            any = true;
        }
        return if any { n as f64 } else { 0.0 };
    }
    // The digits, then a point and the decimals.
    let spelling = || {
        digits(whole.clone()).chain(
            frac.iter()
                .flat_map(|f| std::iter::once(b'.').chain(digits(f.clone()))),
        )
    };
    let mut buf = [0u8; 64];
    let mut len = 0;
    let fits = spelling().all(|d| {
        let room = len < buf.len();
        if room {
            buf[len] = d;
            len += 1;
        }
        room
    });
    if fits {
        std::str::from_utf8(&buf[..len])
            .expect("ASCII digits and a point")
            .parse()
            .unwrap_or(0.0)
    } else {
        let text: String = spelling().map(char::from).collect();
        text.parse().unwrap_or(0.0)
    }
}

/// A number word looked up with its prefixes.
#[derive(Debug, Clone, Copy)]
struct Lookup {
    word: Word,
    /// Bytes of «و» and proclitics before the word (not part of the number).
    prefix: usize,
    /// Preceded by the conjunction «و».
    conj: bool,
    /// Carries the article «ال».
    definite: bool,
    /// Carries a proclitic (ب، ل، ك، ف).
    clitic: bool,
}

/// Arabic prefixes: (text, conjunction, proclitic, article).
const PREFIXES: &[(&str, bool, bool, bool)] = &[
    ("", false, false, false),
    ("و", true, false, false),
    ("ال", false, false, true),
    ("وال", true, false, true),
    ("ب", false, true, false),
    ("ل", false, true, false),
    ("ك", false, true, false),
    ("ف", false, true, false),
    ("بال", false, true, true),
    ("لل", false, true, true),
    ("كال", false, true, true),
    ("فال", false, true, true),
    ("وب", true, true, false),
    ("ول", true, true, false),
    ("وبال", true, true, true),
    ("ولل", true, true, true),
];

/// The longest ASCII token [`NumberLexicon::lookup`] lower-cases on the
/// stack (longer ones, from a newsroom's own words, go to the heap).
const ASCII_BUF: usize = 64;

impl NumberLexicon {
    /// Fills `forms` with every spelling [`Self::lookup_prefixes`] accepts.
    ///
    /// A non-ASCII token can only be a number word if it is some prefix
    /// followed by some word, so reading every such pair once here gives
    /// exactly the answers the prefix loop would give on any token.
    fn build_forms(&mut self) {
        let mut forms = HashMap::default();
        let mut ascii_max = 0;
        for (key, &word) in &self.words {
            if key.is_ascii() {
                ascii_max = ascii_max.max(key.len());
                forms.insert(
                    key.as_str().into(),
                    Lookup {
                        word,
                        prefix: 0,
                        conj: false,
                        definite: false,
                        clitic: false,
                    },
                );
            }
            for &(p, ..) in PREFIXES {
                let surface = format!("{p}{key}");
                if surface.is_ascii() || forms.contains_key(surface.as_str()) {
                    continue;
                }
                if let Some(l) = self.lookup_prefixes(&surface) {
                    forms.insert(surface.into_boxed_str(), l);
                }
            }
        }
        let numbers: Vec<u64> = forms.keys().map(|k| word_hash(k)).collect();
        self.filter = WordFilter::new(&numbers, &self.qualifiers.vague_first_hashes());
        self.forms = forms;
        self.ascii_max = ascii_max;
    }

    /// A token read as a number word: English in any case, Arabic with its
    /// prefixes (see [`Self::lookup_prefixes`]); one hash, no allocation.
    fn lookup(&self, text: &str) -> Option<Lookup> {
        if text.is_ascii() {
            if text.len() > self.ascii_max {
                return None;
            }
            if text.len() > ASCII_BUF {
                // A word from a newsroom's rules file may be longer than
                // any shipped one: lower-case it on the heap.
                return self.forms.get(text.to_ascii_lowercase().as_str()).copied();
            }
            let mut buf = [0u8; ASCII_BUF];
            let lower = &mut buf[..text.len()];
            lower.copy_from_slice(text.as_bytes());
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).expect("ASCII stays UTF-8");
            return self.forms.get(lower).copied();
        }
        self.forms.get(text).copied()
    }

    /// Reads a non-ASCII token as prefixes («و», «ال», proclitics) and an
    /// Arabic number word: the first prefix that leaves a word wins.
    /// Run at load time only, for every spelling (see [`Self::build_forms`]).
    fn lookup_prefixes(&self, text: &str) -> Option<Lookup> {
        for &(p, conj, clitic, definite) in PREFIXES {
            let Some(rest) = text.strip_prefix(p) else {
                continue;
            };
            if rest.is_empty() || (clitic && rest.chars().count() < 3) {
                continue;
            }
            let Some(w) = self.words.get(rest) else {
                continue;
            };
            if w.language != Language::Ar || (w.ordinal && !w.bare && !definite) {
                continue;
            }
            let with_article = if definite {
                format!("ال{rest}")
            } else {
                rest.to_string()
            };
            if self.not_numbers.contains(&with_article) {
                return None;
            }
            // The article stays in the number («الثالث»); «و» and proclitics do not.
            let article = if definite { "ال".len() } else { 0 };
            let article = if p.ends_with("لل") {
                "ل".len()
            } else {
                article
            };
            return Some(Lookup {
                word: *w,
                prefix: p.len() - article,
                conj,
                definite,
                clitic,
            });
        }
        None
    }

    /// Every number in a normalized text, in text order, without overlaps.
    ///
    /// Years, phone numbers and parts of dates are numbers too («2014»,
    /// "5/17/2018" gives 5, 17 and 2018): the caller decides what a number
    /// counts. Ordinals are returned with `ordinal` set.
    pub fn find(&self, norm: &str) -> Vec<NumberMatch> {
        self.find_with_vague(norm).0
    }

    /// [`Self::find`], and where the vague counts of `norm` may start, read
    /// from the same tokens (for [`Self::find_quantities_with`]).
    pub(crate) fn find_with_vague(&self, norm: &str) -> (Vec<NumberMatch>, VagueStarts) {
        thread_local! {
            /// The tokens of the last text, kept for their capacity (see
            /// [`NumberLexicon::tokenize_into`]).
            static TOKENS: std::cell::RefCell<Tokens> = const {
                std::cell::RefCell::new(Tokens {
                    list: Vec::new(),
                    starts: Vec::new(),
                    vague: Vec::new(),
                })
            };
        }
        TOKENS.with_borrow_mut(|tokens| {
            self.tokenize_into(norm, tokens);
            let vague = self
                .qualifiers
                .vague_starts(norm, &tokens.list, &tokens.vague);
            // At most one number per start: no growth by realloc.
            let mut out = Vec::with_capacity(tokens.starts.len());
            // A number starts at digits or a number word: most tokens are
            // neither, and `parse_at` would only find that out later.
            let mut next = 0;
            for &i in &tokens.starts {
                if i < next {
                    continue;
                }
                if let Some((m, after)) = self.parse_at(norm, &tokens.list, i) {
                    out.push(m);
                    next = after;
                }
            }
            (out, vague)
        })
    }

    /// The percent sign or words («في المئة», "per cent") right after a
    /// number ending at byte `end` of `norm`, if any.
    pub fn percent_after(&self, norm: &str, end: usize) -> Option<Range<usize>> {
        let rest = norm[end..].trim_start_matches(' ');
        let at = norm.len() - rest.len();
        // A phrase `starts_with_fold` accepts begins with its two bytes, ASCII
        // ones in either case.
        let r = rest.as_bytes();
        let byte = |k: usize| r.get(k).map(u8::to_ascii_lowercase);
        if !(self.percent_heads.iter())
            .any(|&(a, b)| byte(0) == Some(a) && b.is_none_or(|b| byte(1) == Some(b)))
        {
            return None;
        }
        self.percent
            .iter()
            .find(|p| {
                starts_with_fold(rest, p)
                    && rest[p.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !crate::text::is_alphanumeric(c))
            })
            .map(|p| at..at + p.len())
    }

    /// Parses the longest number starting at token `i`: the match and the next token.
    fn parse_at(&self, norm: &str, tokens: &[Token], i: usize) -> Option<(NumberMatch, usize)> {
        // A word glued to digits («١مليون») belongs to them, not to a new number.
        if i > 0
            && tokens[i].kind.is_word()
            && matches!(tokens[i - 1].kind, TokenKind::Digits(..))
            && tokens[i - 1].range.end == tokens[i].range.start
        {
            return None;
        }
        let mut acc = Acc::default();
        let mut best: Option<(Acc, usize, usize)> = None; // (state, end byte, next token)
        let mut before_last = None;
        let mut last_conj = false;
        let mut k = i;
        let mut start = None;
        while k < tokens.len() {
            let mut conj = false;
            let mut hyphen = false;
            let mut at = k;
            if k > i {
                if !spaced(norm, &tokens[k - 1], &tokens[k]) {
                    break;
                }
                let t = &norm[tokens[k].range.clone()];
                let joiner = t == "و" || t.eq_ignore_ascii_case("and");
                // "half a million", "half a dozen".
                let article = acc.last == Some(Role::Fraction)
                    && (t.eq_ignore_ascii_case("a") || t.eq_ignore_ascii_case("an"));
                let dash = matches!(tokens[k].kind, TokenKind::Punct('-' | '–'));
                if joiner || dash || article {
                    if at + 1 >= tokens.len() || !spaced(norm, &tokens[k], &tokens[k + 1]) {
                        break;
                    }
                    conj = joiner;
                    hyphen = dash;
                    at = k + 1;
                }
            }
            let Some(comp) = self.component(norm, tokens, at, conj, hyphen) else {
                break;
            };
            if start.is_none() {
                start = Some(comp.start);
            }
            if !acc.add(&comp) {
                // "3 hundred and 2 hundred": the part after «و»/"and" was
                // the count of a new number; end this one before the joiner.
                let multiplier = matches!(&comp.kind, CompKind::Word(w)
                    if matches!(w.role, Role::Hundred | Role::Scale | Role::Plural));
                if multiplier && !comp.conj && last_conj {
                    best = before_last;
                }
                break;
            }
            k = at + comp.tokens;
            last_conj = comp.conj;
            before_last = best.clone();
            if !acc.pending {
                best = Some((acc.clone(), tokens[k - 1].range.end, k));
            }
        }
        let (acc, end, next) = best?;
        let mut start = start?;
        if acc.rejected_alone() {
            return None;
        }
        let text = &norm[start..end];
        // "a thousandth", "a hundredth": a fraction, not an ordinal.
        if acc.ordinal
            && acc.parts == 1
            && matches!(acc.last, Some(Role::Scale | Role::Hundred))
            && i.checked_sub(1).is_some_and(|p| {
                let w = &norm[tokens[p].range.clone()];
                spaced(norm, &tokens[p], &tokens[i])
                    && (w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an"))
            })
        {
            return None;
        }
        // «في المئة», «بالمئة»: a percent sign, not "the hundredth".
        if acc.definite_hundred_alone()
            && (start > tokens[i].range.start
                || i.checked_sub(1)
                    .is_some_and(|p| &norm[tokens[p].range.clone()] == "في"))
        {
            return None;
        }
        // «أي واحد», "the one": a pronoun, not a number.
        if acc.parts == 1
            && let Some((_, after)) = {
                let text = Folded::of(text);
                self.pronouns.iter().find(|(w, _)| text.is(w))
            }
            && let Some(prev) = i.checked_sub(1).map(|p| &tokens[p])
            && spaced(norm, prev, &tokens[i])
            && {
                let prev = Folded::of(&norm[prev.range.clone()]);
                after.iter().any(|a| prev.is(a))
            }
        {
            return None;
        }
        let mut value = acc.value();
        // A sign: "-5" at the start of a word, or «سالب», "minus" before it.
        let before = &norm[..start];
        if acc.first_digits
            && before.ends_with('-')
            && before[..before.len() - 1]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || "([<>=:".contains(c))
        {
            start -= 1;
            value = -value;
        } else if let Some(prev) = i.checked_sub(1).map(|p| &tokens[p])
            && spaced(norm, prev, &tokens[i])
            && {
                let prev = Folded::of(&norm[prev.range.clone()]);
                self.negative.iter().any(|n| prev.is(n))
            }
        {
            start = prev.range.start;
            value = -value;
        }
        let percent = self.percent_after(norm, end).is_some();
        let written = match (acc.has_digits, acc.has_words) {
            (true, true) => Written::Mixed,
            (false, true) => Written::Words,
            _ => Written::Digits,
        };
        Some((
            NumberMatch {
                norm: start..end,
                value,
                ordinal: acc.ordinal
                    || (acc.definite && acc.last == Some(Role::Tens))
                    || acc.definite_hundred_alone(),
                written,
                language: acc.language,
                percent,
                ambiguous: acc.ambiguous,
            },
            next,
        ))
    }

    /// Reads token `at` as one component of a number.
    fn component(
        &self,
        norm: &str,
        tokens: &[Token],
        at: usize,
        conj: bool,
        hyphen: bool,
    ) -> Option<Comp> {
        let t = &tokens[at];
        let glued = |k: usize| {
            tokens
                .get(k + 1)
                .filter(|n| n.range.start == tokens[k].range.end && n.kind.is_word())
        };
        match t.kind {
            TokenKind::Digits(value, decimal, ambiguous) => {
                let mut comp = Comp {
                    start: t.range.start,
                    tokens: 1,
                    conj,
                    hyphen,
                    kind: CompKind::Digits { value, decimal },
                    definite: false,
                    clitic: false,
                    ambiguous,
                    noun_after: false,
                };
                // «2.500 جندي»: a count of soldiers is whole, so before a noun
                // the dot groups thousands (Levantine and Maghreb copy); before
                // a scale word or alone it stays a decimal ("2.500 million").
                if ambiguous
                    && self.percent_after(norm, t.range.end).is_none()
                    && tokens
                        .get(at + 1)
                        .is_some_and(|n| n.kind == TokenKind::Word(false) && spaced(norm, t, n))
                {
                    comp.kind = CompKind::Digits {
                        value: (value * 1000.0).round(),
                        decimal: false,
                    };
                }
                // "10 bn", "$5 mn": a multiplier of two letters or more may
                // stand apart; one letter apart ("10 k", "5 M") is too ambiguous.
                if let Some(next) = tokens
                    .get(at + 1)
                    .filter(|n| n.kind.is_word() && spaced(norm, t, n) && n.range.len() >= 2)
                    && glued(at).is_none()
                    && let Some(&(_, m, _)) = self
                        .multipliers
                        .iter()
                        .find(|(s, _, cur)| !cur && s == &norm[next.range.clone()])
                {
                    comp.kind = CompKind::Digits {
                        value: value * m,
                        decimal: true,
                    };
                    comp.tokens = 2;
                }
                if let Some(next) = glued(at) {
                    let suffix = &norm[next.range.clone()];
                    // "$5m", "£3m": after a currency sign «m» is a million.
                    let currency = norm[..t.range.start].ends_with(['$', '£', '€', '¥']);
                    if let Some(&(_, m, _)) = self
                        .multipliers
                        .iter()
                        .find(|(s, _, cur)| s == suffix && (!cur || currency))
                    {
                        comp.kind = CompKind::Digits {
                            value: value * m,
                            decimal: true,
                        };
                        comp.tokens = 2;
                    } else if !decimal && self.ordinal_suffixes.contains(&suffix.to_lowercase()) {
                        comp.kind = CompKind::DigitOrdinal(value);
                        comp.tokens = 2;
                    } else if !{
                        let suffix = Folded::of(suffix);
                        self.digit_suffixes.iter().any(|d| suffix.is(d))
                    } {
                        // "180ml", «29كم»: a measure or a code.
                        return None;
                    }
                }
                Some(comp)
            }
            TokenKind::Word(false) => None,
            TokenKind::Word(true) => {
                let text = &norm[t.range.clone()];
                let l = self.lookup(text)?;
                // What follows a word: a noun makes «ألفا» a construct dual.
                let noun_after = tokens.get(at + 1).is_some_and(|n| {
                    n.kind == TokenKind::Word(false)
                        && spaced(norm, t, n)
                        && &norm[n.range.clone()] != "من"
                });
                Some(Comp {
                    start: t.range.start + l.prefix,
                    tokens: 1,
                    conj: conj || l.conj,
                    hyphen,
                    kind: CompKind::Word(l.word),
                    definite: l.definite,
                    clitic: l.clitic,
                    ambiguous: false,
                    noun_after,
                })
            }
            TokenKind::Punct(_) => None,
        }
    }
}

/// Case-insensitive (ASCII) prefix test.
pub(crate) fn starts_with_fold(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// True when only spaces (no line break) separate two tokens.
fn spaced(norm: &str, a: &Token, b: &Token) -> bool {
    norm[a.range.end..b.range.start].bytes().all(|c| c == b' ')
}

/// One component of a number: a word or a digit group.
#[derive(Debug, Clone)]
struct Comp {
    /// First byte of the component (after «و» and proclitics).
    start: usize,
    /// Tokens used (2 for "21st", "10k").
    tokens: usize,
    /// Joined by «و» or "and".
    conj: bool,
    /// Joined by a hyphen ("twenty-five").
    hyphen: bool,
    kind: CompKind,
    definite: bool,
    /// A proclitic (ب، ل...) is attached: the word can only start a number.
    clitic: bool,
    ambiguous: bool,
    /// A word that is not a number follows.
    noun_after: bool,
}

#[derive(Debug, Clone)]
enum CompKind {
    Word(Word),
    Digits { value: f64, decimal: bool },
    DigitOrdinal(f64),
}

const U: u8 = 1;
const T: u8 = 2;
const H: u8 = 4;
/// The group is complete: only a scale may follow ("2.5 million").
const FULL: u8 = 8;

/// The state of a number being read.
#[derive(Debug, Clone)]
struct Acc {
    total: f64,
    group: f64,
    slots: u8,
    group_digits: bool,
    last_scale: f64,
    pending: bool,
    /// The pending word is an Arabic head (else English "a").
    pending_head: bool,
    ended: bool,
    ordinal: bool,
    definite: bool,
    language: Option<Language>,
    last: Option<Role>,
    last_digits: bool,
    has_digits: bool,
    has_words: bool,
    first_digits: bool,
    ambiguous: bool,
    parts: usize,
    /// Arabic tens already placed: units can no longer follow.
    closed_units: bool,
    /// The value of the last part joined by «و»/"and", if the last part was.
    last_joined: Option<f64>,
}

impl Default for Acc {
    fn default() -> Self {
        Acc {
            total: 0.0,
            group: 0.0,
            slots: 0,
            group_digits: false,
            last_scale: f64::INFINITY,
            pending: false,
            pending_head: false,
            ended: false,
            ordinal: false,
            definite: false,
            language: None,
            last: None,
            last_digits: false,
            has_digits: false,
            has_words: false,
            first_digits: false,
            ambiguous: false,
            parts: 0,
            closed_units: false,
            last_joined: None,
        }
    }
}

impl Acc {
    fn value(&self) -> f64 {
        self.total + self.group
    }

    /// A definite scale alone («الآلاف», «المليون» of «مسيرة المليون») is no number.
    fn rejected_alone(&self) -> bool {
        self.parts == 1 && self.definite && matches!(self.last, Some(Role::Scale | Role::Plural))
    }

    /// A definite hundred alone: «الذكرى المئة» (the 100th), «المئتين».
    fn definite_hundred_alone(&self) -> bool {
        self.parts == 1
            && self.definite
            && matches!(self.last, Some(Role::Hundred | Role::Hundreds))
    }

    /// Adds a component; false when it cannot continue this number.
    fn add(&mut self, c: &Comp) -> bool {
        if self.ended {
            return false;
        }
        let first = self.parts == 0;
        let arabic = self.language == Some(Language::Ar);
        let mut next = self.clone();
        let ok = match &c.kind {
            CompKind::Digits { value, decimal } => next.add_digits(c, *value, *decimal, first),
            CompKind::DigitOrdinal(value) => {
                if !first {
                    return false;
                }
                next.group = *value;
                next.slots = FULL;
                next.ordinal = true;
                next.ended = true;
                next.has_digits = true;
                next.first_digits = true;
                true
            }
            CompKind::Word(w) => {
                if let Some(l) = self.language
                    && l != w.language
                {
                    return false;
                }
                if first {
                    next.definite = c.definite;
                    next.language = Some(w.language);
                } else if c.clitic
                    || (c.definite && !self.definite)
                    || (arabic && c.definite != self.definite && w.role != Role::Ten)
                {
                    // «15 بالمئة» is fifteen per cent, not 1500.
                    return false;
                }
                // English "and" only after a hundred or a scale.
                if w.language == Language::En
                    && c.conj
                    && !matches!(self.last, Some(Role::Hundred | Role::Scale | Role::Dual))
                {
                    return false;
                }
                if c.hyphen && !(w.language == Language::En && self.last == Some(Role::Tens)) {
                    return false;
                }
                next.has_words = true;
                next.add_word(c, w, first)
            }
        };
        if !ok {
            return false;
        }
        let additive = match &c.kind {
            CompKind::Digits { .. } => true,
            CompKind::Word(w) => matches!(w.role, Role::Unit | Role::Teen | Role::Tens),
            CompKind::DigitOrdinal(_) => false,
        };
        next.last_joined = (c.conj && additive).then_some(next.group - self.group);
        next.parts += 1;
        next.ambiguous |= c.ambiguous;
        *self = next;
        true
    }

    fn add_digits(&mut self, c: &Comp, value: f64, decimal: bool, first: bool) -> bool {
        if c.hyphen {
            return false;
        }
        if first {
            self.group = value;
            self.slots = if decimal || value >= 1000.0 {
                FULL
            } else if value >= 100.0 {
                H | T | U
            } else if value >= 10.0 {
                T | U
            } else {
                U
            };
            self.group_digits = true;
            self.has_digits = true;
            self.first_digits = true;
            self.last = None;
            self.last_digits = true;
            return true;
        }
        // Digits continue a number only after «و»/"and" or a scale:
        // «٣ مئة و ٢١», "4 thousand 3 hundred".
        let after_scale = matches!(self.last, Some(Role::Scale | Role::Plural | Role::Dual));
        if decimal
            || value == 0.0
            || value >= 1000.0
            || value.fract() != 0.0
            || !(c.conj || after_scale)
        {
            return false;
        }
        let need = if value >= 100.0 {
            H | T | U | FULL
        } else if value >= 10.0 {
            T | U | FULL
        } else {
            U | FULL
        };
        if self.slots & need != 0 || self.closed_units && value < 10.0 {
            return false;
        }
        if self.language == Some(Language::Ar) && !c.conj && self.group != 0.0 {
            return false;
        }
        // Digits opening a new group may be multiplied: "4 thousand 3 hundred".
        self.group_digits = self.slots == 0;
        self.group += value;
        self.slots |= need & !FULL;
        self.has_digits = true;
        self.last = None;
        self.last_digits = true;
        true
    }

    fn add_word(&mut self, c: &Comp, w: &Word, first: bool) -> bool {
        let arabic = w.language == Language::Ar;
        let english = !arabic;
        let empty_group = self.slots == 0;
        // In Arabic an added part needs «و» unless it starts the number.
        let additive_ok = |s: &Acc| !arabic || c.conj || (s.slots == 0 && s.total == 0.0);
        if self.pending {
            // A head («أحد», «الحادي») needs «عشر» or tens; "a" needs a scale.
            let resolves = if self.pending_head {
                matches!(w.role, Role::Ten | Role::Tens)
            } else {
                matches!(
                    w.role,
                    Role::Hundred | Role::Scale | Role::Plural | Role::Fraction
                )
            };
            if !resolves || (!self.pending_head && w.ordinal) {
                // "a thousandth" is a fraction, not an ordinal.
                return false;
            }
        }
        // A dozen is a unit of count, not a place value: "three hundred and
        // two dozen" is 300 + 24, «ثلاث مائة ودزينتين» too.
        if w.value < 100.0 && matches!(w.role, Role::Scale | Role::Plural | Role::Dual) {
            if let (Some(part), false, false) = (self.last_joined, c.conj, w.role == Role::Dual) {
                self.group += part * (w.value - 1.0);
                self.slots |= FULL;
                self.last = Some(w.role);
                return true;
            }
            if w.role == Role::Dual && c.conj && !empty_group {
                self.group += w.value;
                self.slots |= FULL;
                self.last = Some(w.role);
                return true;
            }
        }
        match w.role {
            Role::Unit => {
                if w.value == 0.0 && !first {
                    return false;
                }
                if self.slots & (U | FULL) != 0 || (arabic && self.slots & T != 0) {
                    return false;
                }
                if english && self.slots & T != 0 && c.conj {
                    return false;
                }
                if !first && !additive_ok(self) {
                    return false;
                }
                if w.needs_scale && !first {
                    return false;
                }
                self.group += w.value;
                self.slots |= U;
                self.pending = w.head || w.needs_scale;
                self.pending_head = w.head;
                if w.value == 0.0 {
                    self.ended = true;
                }
            }
            Role::Ten => {
                let teen = self.last == Some(Role::Unit)
                    && !self.last_digits
                    && !c.conj
                    && self.slots & (T | FULL) == 0
                    && self.slots & U != 0
                    && !first;
                if teen {
                    self.group += w.value;
                    self.slots |= T;
                    self.closed_units = true;
                    self.pending = false;
                } else {
                    if self.slots & (U | T | FULL) != 0 || self.pending {
                        return false;
                    }
                    if !first && (!additive_ok(self) || c.definite != self.definite) {
                        return false;
                    }
                    self.group += w.value;
                    self.slots |= U | T;
                    self.closed_units = true;
                }
            }
            Role::Teen => {
                if self.slots & (U | T | FULL) != 0 || (arabic && !first && !additive_ok(self)) {
                    return false;
                }
                self.group += w.value;
                self.slots |= U | T;
            }
            Role::Tens => {
                if self.slots & (T | FULL) != 0 {
                    return false;
                }
                if arabic {
                    if !first && !additive_ok(self) {
                        return false;
                    }
                    self.closed_units = true;
                    self.slots |= U;
                } else if self.slots & U != 0 {
                    return false;
                }
                self.group += w.value;
                self.slots |= T;
                self.pending = false;
            }
            Role::Hundred => {
                let multiplies = !c.conj
                    && !first
                    && ((self.slots == U && !self.closed_units && self.last == Some(Role::Unit))
                        || (self.group_digits && self.group < 1000.0));
                if multiplies {
                    self.group *= w.value;
                    self.slots = if self.group >= 1000.0 { FULL } else { H };
                    self.pending = false;
                } else if empty_group && (first || additive_ok(self)) {
                    self.group = w.value;
                    self.slots = H;
                } else {
                    return false;
                }
                self.group_digits = false;
            }
            Role::Hundreds => {
                if !empty_group || (!first && !additive_ok(self)) {
                    return false;
                }
                self.group = w.value;
                self.slots = H;
            }
            Role::Scale | Role::Plural
                if self.last == Some(Role::Scale)
                    && empty_group
                    && !c.conj
                    && w.value > self.last_scale =>
            {
                // «ألف مليون» (a thousand million, 10⁹), "three lakh crore".
                self.total *= w.value;
                self.last_scale = w.value;
            }
            Role::Scale | Role::Plural => {
                if w.value >= self.last_scale {
                    return false;
                }
                if !empty_group {
                    if c.conj {
                        return false;
                    }
                    self.total += self.group * w.value;
                } else if w.role == Role::Plural {
                    // «آلاف» alone is a vague count, not a number.
                    return false;
                } else {
                    if !first && !additive_ok(self) {
                        return false;
                    }
                    if w.ambiguous {
                        // «ألفا جندي» (2000 soldiers) or «ألفاً» (a thousand).
                        self.ambiguous = true;
                        self.total += if c.noun_after { 2.0 * w.value } else { w.value };
                    } else {
                        self.total += w.value;
                    }
                }
                self.group = 0.0;
                self.slots = 0;
                self.group_digits = false;
                self.closed_units = false;
                self.last_scale = w.value;
                self.pending = false;
            }
            Role::Fraction => {
                // «نصف», "half" alone; "one quarter", "a half"; then a scale
                // may multiply it: «نصف مليون», "half a million".
                let of_unit = !first
                    && !c.conj
                    && self.slots == U
                    && !self.closed_units
                    && self.last == Some(Role::Unit)
                    && !self.last_digits;
                if first {
                    self.group = w.value;
                } else if of_unit {
                    self.group *= w.value;
                } else {
                    return false;
                }
                self.slots = U;
                self.closed_units = true;
            }
            Role::Dual => {
                let scale = w.value / 2.0;
                if !empty_group || scale >= self.last_scale || (!first && !additive_ok(self)) {
                    return false;
                }
                self.total += w.value;
                self.last_scale = scale;
                self.closed_units = false;
            }
        }
        if w.role != Role::Unit {
            self.pending = false;
        }
        if w.ordinal {
            self.ordinal = true;
            // English ordinals end the number ("twenty-first"); Arabic ones
            // may be followed by «عشر» or «و» + tens («الحادي والعشرون»).
            if english {
                self.ended = true;
            }
        }
        self.last = Some(w.role);
        self.last_digits = false;
        true
    }
}

/// The tokenizer as it was before [`NumberLexicon::tokenize`] read ASCII
/// byte by byte and hashed words as it read them: the reference its tests
/// compare with (a word is a number word when `lookup` reads it).
#[cfg(test)]
fn tokenize_by_char(lex: &NumberLexicon, s: &str) -> Vec<Token> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().expect("inside the string");
        if c.is_ascii_digit() {
            let (end, value, decimal, ambiguous) = scan_digits(b, i);
            out.push(Token {
                range: i..end,
                kind: TokenKind::Digits(value, decimal, ambiguous),
            });
            i = end;
        } else if c == '.'
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && (i == 0 || b[i - 1] == b' ')
        {
            // ".25": a decimal without its leading zero.
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let value = format!("0{}", &s[i..j]).parse().unwrap_or(0.0);
            out.push(Token {
                range: i..j,
                kind: TokenKind::Digits(value, true, false),
            });
            i = j;
        } else if crate::text::is_alphabetic(c) {
            let mut j = i;
            for ch in s[i..].chars() {
                if !crate::text::is_alphabetic(ch) {
                    break;
                }
                j += ch.len_utf8();
            }
            out.push(Token {
                range: i..j,
                kind: TokenKind::Word(lex.lookup(&s[i..j]).is_some()),
            });
            i = j;
        } else {
            if !c.is_whitespace() {
                out.push(Token {
                    range: i..i + c.len_utf8(),
                    kind: TokenKind::Punct(c),
                });
            }
            i += c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn lex() -> &'static NumberLexicon {
        &crate::testing::lexicon().numbers
    }

    /// (text, value, ordinal) of every number in `text` (normalized first).
    fn nums(text: &str) -> Vec<(String, f64, bool)> {
        let n = normalize(text, 0);
        let s = n.as_str();
        lex()
            .find(s)
            .into_iter()
            .map(|m| (s[m.norm.clone()].to_string(), m.value, m.ordinal))
            .collect()
    }

    fn one(text: &str) -> (String, f64) {
        let v = nums(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        (v[0].0.clone(), v[0].1)
    }

    fn value(text: &str) -> f64 {
        one(text).1
    }

    #[test]
    fn digits_with_separators() {
        assert_eq!(value("قتل 2,500 شخص"), 2500.0);
        assert_eq!(value("قتل ٢٬٥٠٠ شخص"), 2500.0);
        assert_eq!(value("١،٢٣٤،٥٦٧"), 1234567.0);
        assert_eq!(value("2.5"), 2.5);
        assert_eq!(value("٢٫٥"), 2.5);
        assert_eq!(value("4,8"), 4.8);
        assert_eq!(value("1 234 567"), 1234567.0);
        assert_eq!(value("2.500.000"), 2500000.0);
        assert_eq!(value("1.111,11"), 1111.11);
        assert_eq!(value("1,674,200.5"), 1674200.5);
    }

    #[test]
    fn ambiguous_dot_grouping_is_flagged() {
        // Before a noun a count is whole: 2500 people.
        let n = lex().find("قتل 2.500 شخص");
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].value, 2500.0);
        assert!(n[0].ambiguous);
        // Before a scale word or alone it is a decimal.
        assert_eq!(lex().find("2.500 مليون")[0].value, 2_500_000.0);
        assert_eq!(lex().find("بلغ 4.800")[0].value, 4.8);
        let n = normalize("ارتفع 2.500 في المئة", 0);
        assert_eq!(lex().find(n.as_str())[0].value, 2.5);
        assert!(!lex().find("2,500")[0].ambiguous);
    }

    #[test]
    fn chains_are_separate_numbers() {
        let v: Vec<f64> = nums("192.168.1.2").iter().map(|n| n.1).collect();
        assert_eq!(v, vec![192.0, 168.0, 1.0, 2.0]);
        let v: Vec<f64> = nums("nrs. 22,24,26,31.").iter().map(|n| n.1).collect();
        assert_eq!(v, vec![22.0, 24.0, 26.0, 31.0]);
        let v: Vec<f64> = nums("on 5/17/2018").iter().map(|n| n.1).collect();
        assert_eq!(v, vec![5.0, 17.0, 2018.0]);
    }

    #[test]
    fn measures_glued_to_digits_are_not_numbers_but_years_are() {
        assert!(nums("the 180ml liquid").is_empty());
        assert!(nums("شارع ٢٩كم").is_empty());
        assert_eq!(value("في عام 2014م"), 2014.0);
        assert_eq!(value("سنة 1445هـ"), 1445.0);
    }

    #[test]
    fn arabic_cardinals_in_every_case_and_gender() {
        assert_eq!(value("قتل ثلاثة جنود"), 3.0);
        assert_eq!(value("ثلاث نساء"), 3.0);
        assert_eq!(value("اثنا عشر"), 12.0);
        assert_eq!(value("اثني عشر"), 12.0);
        assert_eq!(value("إحدى عشرة"), 11.0);
        assert_eq!(value("ستة عشر تفاحا"), 16.0);
        assert_eq!(value("عشرون"), 20.0);
        assert_eq!(value("عشرين"), 20.0);
        assert_eq!(value("خمسة وعشرون"), 25.0);
        assert_eq!(value("خمس وعشرين"), 25.0);
        assert_eq!(value("ثلاثمئة وستة وعشرون"), 326.0);
        assert_eq!(value("مائة وواحدُ وستون"), 161.0);
        assert_eq!(value("ثلاث مائة وواحد وثلاثون"), 331.0);
    }

    #[test]
    fn arabic_duals_constructs_and_scales() {
        assert_eq!(value("ألفي عسكري"), 2000.0);
        assert_eq!(value("نحو مئتي قتيل"), 200.0);
        assert_eq!(value("مائتي"), 200.0);
        assert_eq!(value("ثلاثة آلاف"), 3000.0);
        assert_eq!(value("3 آلاف"), 3000.0);
        assert_eq!(value("عشرون ألفا"), 20000.0);
        assert_eq!(value("خمسة ملايين"), 5_000_000.0);
        assert_eq!(value("2.5 مليون"), 2_500_000.0);
        assert_eq!(value("ألفين ومائتين"), 2200.0);
        assert_eq!(value("مائتين وإثنين ألف"), 202_000.0);
        assert_eq!(value("اثني عشر مليار"), 12e9);
        assert_eq!(value("واحد وعشرون تريليون وثلاث مائة"), 21e12 + 300.0);
        assert_eq!(value("٣ مئة و ٢١"), 321.0);
        assert_eq!(value("نحو نصف مليون نازح"), 500_000.0);
        assert_eq!(value("ربع مليون"), 250_000.0);
        assert_eq!(value("ألف مليون دولار"), 1e9);
        assert_eq!(value("أكثر من نصف السكان"), 0.5);
    }

    #[test]
    fn alfan_is_ambiguous_without_a_number_before_it() {
        let m = &lex().find("قتل الفا جندي")[0];
        assert_eq!((m.value, m.ambiguous), (2000.0, true));
        let m = &lex().find("قتل الفا من الجنود")[0];
        assert_eq!((m.value, m.ambiguous), (1000.0, true));
        let m = &lex().find("عشرون الفا")[0];
        assert_eq!((m.value, m.ambiguous), (20000.0, false));
    }

    #[test]
    fn clitics_and_conjunction_are_outside_the_span() {
        assert_eq!(one("بألفين ومائتين"), ("الفين ومائتين".into(), 2200.0));
        assert_eq!(one("وثلاثة"), ("ثلاثه".into(), 3.0));
        // «لست» is "I am not", not ل + ست.
        assert!(nums("لست متأكدا").is_empty());
    }

    #[test]
    fn separate_numbers_are_not_joined() {
        let v: Vec<f64> = nums("ثلاثة وأربعة").iter().map(|n| n.1).collect();
        assert_eq!(v, vec![3.0, 4.0]);
        let v: Vec<f64> = nums("بين عشرين وخمسة وعشرين").iter().map(|n| n.1).collect();
        assert_eq!(v, vec![20.0, 25.0]);
        let v: Vec<f64> = nums("4000 3 hundred and 21").iter().map(|n| n.1).collect();
        assert_eq!(v, vec![4000.0, 321.0]);
    }

    #[test]
    fn vague_plurals_are_not_numbers() {
        assert!(nums("مئات القتلى وآلاف الجرحى").is_empty());
        assert!(nums("hundreds of people").is_empty());
    }

    #[test]
    fn weekdays_are_not_numbers() {
        assert!(nums("يوم الاثنين ويوم الأحد").is_empty());
        assert!(nums("أحد الجنود").is_empty());
    }

    #[test]
    fn arabic_ordinals() {
        assert_eq!(nums("الأول"), vec![("الاول".into(), 1.0, true)]);
        assert_eq!(nums("الجلسة الأولى")[0].1, 1.0);
        assert_eq!(nums("الحادي عشر")[0], ("الحادي عشر".into(), 11.0, true));
        assert_eq!(nums("الحادية عشرة")[0].1, 11.0);
        assert_eq!(nums("الثاني عشر")[0].1, 12.0);
        assert_eq!(
            nums("الحادي والعشرون")[0],
            ("الحادي والعشرون".into(), 21.0, true)
        );
        assert_eq!(nums("في الثامنة والعشرين من")[0].1, 28.0);
        assert_eq!(nums("الخامسة والعشرون")[0].1, 25.0);
        assert_eq!(nums("الكتاب الثلاثون")[0], ("الثلاثون".into(), 30.0, true));
        assert_eq!(nums("المئة والخامسة والعشرون")[0].1, 125.0);
        assert_eq!(nums("الذكرى المئة")[0], ("المئه".into(), 100.0, true));
        // «ثانية» alone is a second of time.
        assert!(nums("خلال ثانية").is_empty());
        assert_eq!(nums("ثالث أكبر مدينة")[0], ("ثالث".into(), 3.0, true));
        // The definite cardinal is not an ordinal.
        assert!(!nums("الثلاثة")[0].2);
    }

    #[test]
    fn percent_words_are_not_numbers_themselves() {
        let n = lex().find(normalize("ارتفع بنسبة 50 في المئة", 0).as_str());
        assert_eq!(n.len(), 1);
        assert!(n[0].percent);
        assert!(lex().find("50%")[0].percent);
        let n = lex().find(normalize("ارتفعت بنسبة 15 بالمئة", 0).as_str());
        assert_eq!((n.len(), n[0].value, n[0].percent), (1, 15.0, true));
    }

    #[test]
    fn english_cardinals() {
        assert_eq!(value("twenty-five"), 25.0);
        assert_eq!(value("fifty - two"), 52.0);
        assert_eq!(value("a dozen"), 12.0);
        assert_eq!(value("three hundred and two dozen"), 324.0);
        assert!(nums("a thousandth of it").is_empty());
        assert_eq!(value("three hundred"), 300.0);
        assert_eq!(value("one hundred and sixty-one"), 161.0);
        assert_eq!(value("two thousand and two hundred"), 2200.0);
        assert_eq!(value("1.2 million"), 1_200_000.0);
        assert_eq!(value("$1.2bn"), 1.2e9);
        assert_eq!(value("10k"), 10_000.0);
        assert_eq!(value("$10 bn"), 1e10);
        assert_eq!(value("cost £3m"), 3e6);
        assert!(nums("a 3m wall").is_empty());
        assert_eq!(value("half a million"), 500_000.0);
        assert_eq!(value("a half"), 0.5);
        assert_eq!(value("Rs 5 lakh crore"), 5e12);
        assert_eq!(value("Three hundred and thirty one"), 331.0);
        assert_eq!(
            value("twenty-one trillion and three hundred"),
            21e12 + 300.0
        );
        assert!(nums("1m isn't a number").is_empty());
    }

    #[test]
    fn english_pronoun_one_is_not_a_number() {
        assert!(nums("The one you mentioned").is_empty());
        assert!(nums("Which one do you prefer?").is_empty());
        assert_eq!(value("Let's try one last time"), 1.0);
        assert!(nums("a man").is_empty());
    }

    #[test]
    fn english_ordinals() {
        assert_eq!(nums("the first"), vec![("first".into(), 1.0, true)]);
        assert_eq!(nums("twenty-first")[0], ("twenty-first".into(), 21.0, true));
        assert_eq!(nums("21st")[0], ("21st".into(), 21.0, true));
        assert_eq!(nums("one hundred twenty fifth")[0].1, 125.0);
        assert_eq!(nums("two hundredth")[0].1, 200.0);
    }

    #[test]
    fn relative_ordinals_are_positions() {
        let n = normalize("the one before the last one, then «الصفحة التالية»", 0);
        let r = lex().find_relative(n.as_str());
        let got: Vec<_> = r
            .iter()
            .map(|x| (&n.as_str()[x.norm.clone()], x.anchor, x.offset))
            .collect();
        assert_eq!(
            got,
            vec![
                ("the one before the last one", Anchor::End, -1),
                ("التاليه", Anchor::Current, 1)
            ]
        );
        // Not numbers.
        assert!(lex().find("the last one").is_empty());
    }

    #[test]
    fn traps_the_caller_decides() {
        // «الأول» may mean "the former": it is still the ordinal 1.
        assert_eq!(nums("وقال الأول إن"), vec![("الاول".into(), 1.0, true)]);
        // Phone numbers and years are numbers; what they count is the caller's business.
        let v: Vec<f64> = nums("+44 20 7946 0958").iter().map(|n| n.1).collect();
        assert_eq!(v, vec![44.0, 20.0, 7946.0, 958.0]);
        assert_eq!(value("عام 2014"), 2014.0);
        // «ثانية» alone is a second of time; "second" is returned as an ordinal.
        assert!(nums("بعد ثانية").is_empty());
        assert!(nums("the second vote")[0].2);
    }

    /// The lookup as it was before `forms`: a hash per prefix.
    fn lookup_by_prefixes(text: &str) -> Option<Lookup> {
        if !text.is_ascii() {
            return lex().lookup_prefixes(text);
        }
        lex()
            .words
            .get(&text.to_ascii_lowercase())
            .map(|&word| Lookup {
                word,
                prefix: 0,
                conj: false,
                definite: false,
                clitic: false,
            })
    }

    #[test]
    fn one_hash_lookup_reads_every_spelling_like_the_prefix_loop() {
        let mut tokens = vec![String::new(), "x".repeat(100), "لست".into()];
        for key in lex().words.keys() {
            for &(p, ..) in PREFIXES {
                let t = format!("{p}{key}");
                let mut chopped = t.clone();
                chopped.pop();
                tokens.extend([t.to_uppercase(), format!("{t}ا"), chopped, t]);
            }
        }
        for t in &tokens {
            assert_eq!(
                format!("{:?}", lex().lookup(t)),
                format!("{:?}", lookup_by_prefixes(t)),
                "{t}"
            );
        }
    }

    #[test]
    fn plain_fold_is_the_full_fold() {
        let full = |s: &str| {
            normalize(s.trim(), 0)
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        for s in [
            "",
            " ",
            "  In  The ",
            "Per Cent",
            "في  المئة ",
            "ثلاثه",
            "ثلاثة",
            "الأول",
            "إحدى",
            "مئتى",
            "ـعشر",
            "a\tb",
            "a\r\nb",
            "ΣΑΣ",
            "١٢",
            "x-1,(2)",
        ] {
            assert_eq!(fold(s), full(s), "{s:?}");
            assert!(Folded::of(s).is(&full(s)), "{s:?}");
        }
        assert!(!Folded::of("Minus").is("minu"));
    }

    #[test]
    fn signs() {
        assert_eq!(value(" -1"), -1.0);
        assert_eq!(value("سالب واحد"), -1.0);
        assert_eq!(value("minus 5"), -5.0);
        // A hyphen inside a code is no sign.
        assert_eq!(value("SCP-173"), 173.0);
    }

    fn load(numbers: &str) -> Result<NumberLexicon, LexiconError> {
        let q = crate::lexicon::FILES
            .iter()
            .find(|(n, _)| *n == "qualifiers.toml")
            .unwrap()
            .1;
        NumberLexicon::load(
            &RulesFile {
                display: "rules/numbers.toml".into(),
                text: numbers.into(),
            },
            &RulesFile {
                display: "rules/qualifiers.toml".into(),
                text: q.into(),
            },
        )
    }

    const EN: &str = "[english]\n[[english.word]]\nvalue = 1\nrole = \"unit\"\nwords = [\"one\"]\n";

    #[test]
    fn a_newsroom_word_longer_than_the_stack_buffer_is_read() {
        let long = "a".repeat(ASCII_BUF + 6);
        let ar = "[arabic]\n[[arabic.word]]\nvalue = 3\nrole = \"unit\"\nwords = [\"ثلاثة\"]\n";
        let en =
            format!("{EN}[[english.word]]\nvalue = 7\nrole = \"unit\"\nwords = [\"{long}\"]\n");
        let lex = load(&format!("{ar}{en}")).unwrap();
        let text = format!("{} one", long.to_uppercase());
        let found: Vec<f64> = lex.find(&text).iter().map(|n| n.value).collect();
        assert_eq!(found, [7.0, 1.0]);
    }

    #[test]
    fn a_spelling_listed_twice_is_an_error() {
        let ar =
            "[arabic]\n[[arabic.word]]\nvalue = 3\nrole = \"unit\"\nwords = [\"ثلاثة\", \"ثلاثه\"]\n";
        let err = load(&format!("{ar}{EN}")).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        assert!(err.line_column.is_some());
    }

    #[test]
    fn a_spelling_with_two_values_is_a_contradiction() {
        let ar = "[arabic]\n[[arabic.word]]\nvalue = 3\nrole = \"unit\"\nwords = [\"ثلاث\"]\n\
                  [[arabic.word]]\nvalue = 4\nrole = \"unit\"\nwords = [\"ثلاث\"]\n";
        let err = load(&format!("{ar}{EN}")).unwrap_err();
        assert!(err.to_string().contains("earlier entry"), "{err}");
    }

    #[test]
    fn a_value_that_contradicts_its_role_is_an_error() {
        let ar = "[arabic]\n[[arabic.word]]\nvalue = 30\nrole = \"unit\"\nwords = [\"ثلاث\"]\n";
        let err = load(&format!("{ar}{EN}")).unwrap_err();
        assert!(err.to_string().contains("contradicts role"), "{err}");
        let err = load(&format!("colour = 1\n{EN}")).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn the_embedded_lexicon_loads() {
        Lexicon::embedded().unwrap();
    }

    #[test]
    fn the_byte_tokenizer_reads_as_the_char_tokenizer() {
        let mut texts = crate::testing::corpus_texts();
        // Traps: every kind of space, Arabic letters next to Arabic marks,
        // tatweel, digits of both kinds glued to words, other scripts.
        texts.push(
            "٣ آلاف\u{0b}و\u{0c}ثلاثة\r\n\u{85}خمسة\u{a0}ستة ـسبعةـ ثمانيةً ١٢مليون 12th .25 a.5 \
             ٱلأول ۱۲ پنج ﻻ ß Straße ΔΔ 中文 😀 x\u{300}y end."
                .to_string(),
        );
        // Random mixes of those characters, from a fixed seed.
        texts.extend(crate::testing::random_texts(
            "ab Z09.,-–\n\t\u{0b}\u{85}\u{a0}وثلاثةـ\u{064b}\u{0670}ٱ۱٣ پ😀ß",
            (0..2000).map(|i| i % 24),
        ));
        for text in &texts {
            assert_eq!(
                lex().tokenize(text).list,
                tokenize_by_char(lex(), text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn plain_folding_read_from_bytes_is_read_from_characters() {
        let by_char = |s: &str| {
            s.chars().all(|c| {
                matches!(c, ' '..='~')
                    || (matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
                        && !matches!(c, 'آ' | 'أ' | 'إ' | 'ة' | 'ى'))
            })
        };
        let mut texts: Vec<String> = (0..0x800u32)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}ب"))
            .collect();
        texts.extend(crate::testing::random_texts(
            "ab ~\u{7f}\u{1f}ثلاثةآأإةىيـ\u{064b}ٱ€😀",
            (0..3000).map(|i| i % 12),
        ));
        texts.extend(crate::testing::corpus_texts());
        for t in &texts {
            assert_eq!(folds_plainly(t), by_char(t), "{t:?}");
        }
    }

    #[test]
    fn the_arabic_letter_tables_read_as_the_decoder() {
        for k in 0..128u32 {
            let c = char::from_u32(0x600 + k).unwrap();
            assert_eq!(is_letter(c), crate::text::is_alphabetic(c), "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
        // Every pair of bytes: a letter of U+0600-U+067F exactly when it encodes one.
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                let pair = [x, y];
                let decoded = std::str::from_utf8(&pair)
                    .ok()
                    .and_then(|t| t.chars().next())
                    .filter(|c| ('\u{0600}'..='\u{067F}').contains(c) && c.is_alphabetic())
                    .map_or(0, u32::from);
                assert_eq!(arabic_letter(x, y), decoded, "{x:x} {y:x}");
            }
        }
        // The dispatch classes agree with the tests they replace.
        for x in 0..=255u8 {
            let expected = match x {
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => class::SPACE,
                _ if x.is_ascii_digit() => class::DIGIT,
                b'.' => class::DOT,
                _ if x.is_ascii_alphabetic() => class::LETTER,
                _ if x.is_ascii() => class::MARK,
                0xD8 | 0xD9 => class::ARABIC,
                _ => class::OTHER,
            };
            assert_eq!(BYTE_CLASS[usize::from(x)], expected, "{x:x}");
        }
    }

    /// `digits_value` as it was: the digits collected into strings and parsed.
    fn digits_value_by_string(b: &[u8], whole: Range<usize>, frac: Option<Range<usize>>) -> f64 {
        let int = |r: Range<usize>| -> String {
            String::from_utf8_lossy(&b[r])
                .chars()
                .filter(char::is_ascii_digit)
                .collect()
        };
        let whole = int(whole);
        match frac {
            Some(f) => format!("{whole}.{}", int(f)).parse().unwrap_or(0.0),
            None => whole.parse().unwrap_or(0.0),
        }
    }

    #[test]
    fn digits_read_without_allocating_have_the_parsed_value() {
        let mut texts = crate::testing::random_texts("0123456789,.، 9", (0..3000).map(|i| i % 90));
        texts.extend([
            "18446744073709551615".to_string(),
            "18446744073709551616".to_string(),
            "9999999999999999999".to_string(),
            "9007199254740993".to_string(),
            "123456789012345678901234567890".to_string(),
            "1".repeat(70),
            String::new(),
            ",,".to_string(),
        ]);
        for t in &texts {
            let b = t.as_bytes();
            let cuts: Vec<usize> = (0..=b.len()).filter(|&k| t.is_char_boundary(k)).collect();
            for &m in &cuts {
                assert_eq!(
                    digits_value(b, 0..m, None).to_bits(),
                    digits_value_by_string(b, 0..m, None).to_bits(),
                    "{t:?} {m}"
                );
                let f = Some(m..b.len());
                assert_eq!(
                    digits_value(b, 0..m, f.clone()).to_bits(),
                    digits_value_by_string(b, 0..m, f).to_bits(),
                    "{t:?} {m}"
                );
            }
        }
    }

    #[test]
    fn tokens_reused_read_as_tokens_made_afresh() {
        let mut texts = crate::testing::corpus_texts();
        texts.extend(crate::testing::random_texts(
            "ab 09 و ثلاثة عشرات hundreds dozens مئات ١٢",
            (0..200).map(|i| i % 40),
        ));
        let mut reused = lex().tokenize("");
        for text in &texts {
            let fresh = lex().tokenize(text);
            lex().tokenize_into(text, &mut reused);
            assert_eq!(reused.list, fresh.list, "{text:?}");
            assert_eq!(reused.starts, fresh.starts, "{text:?}");
            assert_eq!(reused.vague, fresh.vague, "{text:?}");
        }
    }

    #[test]
    fn percent_after_with_its_two_byte_test_reads_as_every_phrase_compared() {
        // The reference: `percent_after` before `percent_heads`.
        let reference = |norm: &str, end: usize| {
            let rest = norm[end..].trim_start_matches(' ');
            let at = norm.len() - rest.len();
            (lex().percent.iter())
                .find(|p| {
                    starts_with_fold(rest, p)
                        && rest[p.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !crate::text::is_alphanumeric(c))
                })
                .map(|p| at..at + p.len())
        };
        let mut texts: Vec<String> = crate::testing::corpus_texts()
            .iter()
            .map(|t| normalize(t, 0).as_str().to_string())
            .collect();
        texts.push(
            "5 PER CENT 5 Percent 5 pct 5 PCTx 5% 5 ٪ 5 في المئة 5 في المائة 5 بالمئة 5 في \
             5 ب 5 p 5 P 5 فيالمئة 5  %"
                .to_string(),
        );
        let mut found = 0;
        for text in &texts {
            for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                let fast = lex().percent_after(text, end);
                assert_eq!(fast, reference(text, end), "{:?}", &text[end..]);
                found += usize::from(fast.is_some());
            }
        }
        assert!(found >= 10, "{found}");
    }

    #[test]
    fn the_word_filter_passes_every_spelling_the_lookup_reads() {
        // Every spelling, in upper case, with a letter more or less, and
        // behind every prefix: the tokenizer's flag is the lookup's answer.
        let mut tokens = Vec::new();
        for key in lex().words.keys() {
            for &(p, ..) in PREFIXES {
                let t = format!("{p}{key}");
                let mut chopped = t.clone();
                chopped.pop();
                tokens.extend([t.to_uppercase(), format!("{t}ا"), chopped, t]);
            }
        }
        for t in tokens.iter().filter(|t| !t.is_empty()) {
            let tokens = lex().tokenize(t).list;
            assert_eq!(tokens, tokenize_by_char(lex(), t), "{t}");
            if let [one] = &tokens[..]
                && one.range == (0..t.len())
            {
                assert_eq!(one.kind, TokenKind::Word(lex().lookup(t).is_some()), "{t}");
                assert!(lex().filter.probe(word_hash(t)).0 || lex().lookup(t).is_none());
            }
        }
        // And the filter turns most words away (it is worth its bit test).
        let words: Vec<String> = crate::testing::corpus_texts()
            .iter()
            .flat_map(|t| {
                lex()
                    .tokenize(t)
                    .list
                    .into_iter()
                    .filter(|k| k.kind.is_word())
                    .map(|k| t[k.range].to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        let passed = words
            .iter()
            .filter(|w| lex().filter.probe(word_hash(w)).0)
            .count();
        assert!(passed * 5 < words.len(), "{passed} of {}", words.len());
    }
}
