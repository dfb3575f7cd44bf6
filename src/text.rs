//! Text: spans, line/column arithmetic, and the normalization layer.
//!
//! Every matcher in tadqiq runs over a *normalized* copy of an article's
//! body, in which Arabic spelling variants that do not change meaning are
//! folded together (alef forms, alef maksura, Persian yeh and keheh, teh
//! marbuta, tatweel, diacritics, invisible format characters, Arabic-Indic
//! and Persian digits, exotic spaces). The main decision of this module is
//! that normalization never loses the way back: each byte of the normalized
//! text maps to the range of original bytes it came from, so a match found in
//! normalized text is reported as an exact byte range of the file on disk.
//! The map is kept as pieces, one per run of characters copied as they were
//! and one per other character, not as offsets per byte (see [`Normalized`]).
//! Characters that normalization deletes are absorbed into the span of the
//! character before them, so a reported span never splits a letter from its
//! diacritics.

use std::cell::Cell;
use std::ops::Range;
use std::time::{Duration, Instant};

/// A byte range `start..end` into an article's decoded source text.
///
/// For UTF-8 files (the common case) these are byte offsets into the file as
/// it is on disk; [`crate::article::Article::file_offset`] converts them for
/// files that were transcoded when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a range, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A normalized text with its map back to the original text.
///
/// The map is kept as `Piece`s, not as an offset per byte: nearly all of
/// an article's text is copied in a few long runs whose bytes each stand
/// for the original byte at a fixed distance, so a piece per run (and per
/// character of the general path) says as much as two `u32` per byte,
/// which cost a fifth of normalizing to fill and eight bytes per byte of
/// text to keep. A lookup finds its piece by binary search.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    /// The pieces of `text`, in order; the first starts at 0 when `text`
    /// is not empty, and each ends where the next starts.
    pieces: Vec<Piece>,
    /// The original offset of the text's start, for empty texts.
    base: usize,
}

/// A stretch of a normalized text that maps back to the original as one.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the piece starts in the normalized text.
    at: u32,
    /// The original offset of its first byte.
    from: u32,
    /// One past the last original byte its last character stands for,
    /// including the characters normalization deleted after it.
    end: u32,
    /// True for a run copied as it was (its characters one or two bytes
    /// long, some folded to another letter of the same length): byte `at
    /// + k` of the text is then original byte `from + k`. False for one
    /// character of the general path, every byte of which stands for the
    /// original character at `from..end`.
    copied: bool,
}

impl Normalized {
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalized text back to the original text.
    ///
    /// The range must lie on character boundaries of the normalized text, as
    /// every regex match does.
    pub fn source_span(&self, range: Range<usize>) -> Span {
        if self.text.is_empty() {
            // Nothing left after folding (only invisible characters): an
            // empty span where the text starts, not at the file's start.
            return Span::new(self.base, self.base);
        }
        if range.start >= range.end {
            let at = if range.start < self.text.len() {
                self.start_of(range.start, self.piece_at(range.start, 0))
            } else {
                let last = self.text.len() - 1;
                self.end_of(last, self.pieces.len() - 1)
            } as usize;
            return Span::new(at, at);
        }
        let first = self.piece_at(range.start, 0);
        // A span covers few pieces: step to its last one.
        let mut last = first;
        while self
            .pieces
            .get(last + 1)
            .is_some_and(|p| (p.at as usize) < range.end)
        {
            last += 1;
        }
        Span::new(
            self.start_of(range.start, first) as usize,
            self.end_of(range.end - 1, last) as usize,
        )
    }

    /// Maps a single normalized offset to the original offset of the character there.
    pub fn source_offset(&self, at: usize) -> usize {
        self.source_span(at..at).start
    }

    /// The index of the piece holding byte `j` of the text, searching from
    /// piece `from` on (one known to start at or before `j`).
    fn piece_at(&self, j: usize, from: usize) -> usize {
        from + self.pieces[from..].partition_point(|p| p.at as usize <= j) - 1
    }

    /// The first original byte of the character that byte `j` of the text
    /// (in piece `k`) comes from.
    fn start_of(&self, j: usize, k: usize) -> u32 {
        let p = self.pieces[k];
        if !p.copied {
            return p.from;
        }
        // A continuation byte is the second of a two-byte character.
        let byte = self.text.as_bytes()[j];
        p.from + (j as u32 - p.at) - u32::from(byte & 0xC0 == 0x80)
    }

    /// One past the last original byte that byte `j` of the text (in
    /// piece `k`) stands for, with any deleted characters after it.
    fn end_of(&self, j: usize, k: usize) -> u32 {
        let p = self.pieces[k];
        if !p.copied {
            return p.end;
        }
        // A lead byte's character ends two bytes on, any other one byte on.
        let byte = self.text.as_bytes()[j];
        let end = p.from + (j as u32 - p.at) + 1 + u32::from(byte >= 0xC0);
        // Only the run's last character may have absorbed deleted ones.
        let text_end = self
            .pieces
            .get(k + 1)
            .map_or(self.text.len(), |n| n.at as usize);
        if end == p.from + (text_end as u32 - p.at) {
            p.end
        } else {
            end
        }
    }
}

/// What normalization does with one character.
enum Fold {
    Keep,
    Delete,
    /// Deleted without joining the previous character's span: the `\r` of
    /// a Windows line ending is no part of the word before it.
    Skip,
    Char(char),
    /// Compatibility forms: decompose with NFKC.
    Compat,
}

const fn fold(c: char) -> Fold {
    use Fold::*;
    match c {
        // Alef with hamza above/below, madda, wasla.
        'أ' | 'إ' | 'آ' | 'ٱ' => Char('ا'),
        // Alef maksura and Persian/Urdu yeh.
        'ى' | 'ی' | 'ې' => Char('ي'),
        // Teh marbuta folds to heh: يونية/يونيه, الجمعة/الجمعه.
        'ة' | 'ۃ' => Char('ه'),
        'ھ' | 'ہ' => Char('ه'),
        'ک' => Char('ك'),
        // Tatweel, harakat, Quranic marks, superscript alef.
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' => Delete,
        '\u{06D6}'..='\u{06ED}' => Delete,
        // Invisible format and bidi characters, soft hyphen, BOM.
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{061C}' => Delete,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Delete,
        '\r' => Skip,
        // Exotic spaces.
        '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{2002}'..='\u{2006}' | '\t' => {
            Char(' ')
        }
        // Arabic-Indic and Persian digits.
        '\u{0660}'..='\u{0669}' => Char((b'0' + (c as u32 - 0x0660) as u8) as char),
        '\u{06F0}'..='\u{06F9}' => Char((b'0' + (c as u32 - 0x06F0) as u8) as char),
        '\u{066B}' => Char('.'),
        '\u{066C}' => Char(','),
        '\u{066A}' => Char('%'),
        '／' => Char('/'),
        '（' => Char('('),
        '）' => Char(')'),
        // Presentation forms: lam-alef ligatures and friends decompose (NFKC).
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' => Compat,
        _ => Keep,
    }
}

/// What [`fold`] makes of each character below U+0800 (one or two bytes
/// in UTF-8), indexed by code point, for the runs of [`normalize`]: the
/// character itself when it is kept; the letter it folds to when both are
/// two bytes long (alef forms, teh marbuta, alef maksura: common enough in
/// Arabic that breaking a run at each one cost more than the run saved),
/// since such a letter's map entries are exactly those of a kept one;
/// otherwise [`RUN_BREAK`]. Built from [`fold`] itself, so the two cannot
/// disagree.
static FOLD_BELOW_0800: [char; 0x800] = {
    let mut table = [RUN_BREAK; 0x800];
    let mut c = 0;
    while c < 0x800 {
        // Every value below 0x800 is a scalar value (surrogates start at 0xD800).
        if let Some(ch) = char::from_u32(c as u32) {
            table[c] = match fold(ch) {
                Fold::Keep => ch,
                Fold::Char(m) if c >= 0x80 && m.len_utf8() == 2 => m,
                _ => RUN_BREAK,
            };
        }
        c += 1;
    }
    table
};

/// The entry of [`FOLD_BELOW_0800`] for characters that end a run: any
/// character at or above U+0800 differs from every code point it indexes.
const RUN_BREAK: char = char::MAX;

/// What a run does at a character, by its first two bytes (see [`STEPS`]).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Step {
    /// The run ends before this character.
    Stop,
    /// A kept one-byte character.
    Keep1,
    /// A kept two-byte character.
    Keep2,
    /// A two-byte character that folds to another two-byte letter.
    Fold2,
    /// A space that may be followed by another, which would collapse into
    /// it: the run takes this one and ends after it.
    SpaceThenStop,
}

/// The index into [`STEPS`] of the character whose first two bytes are
/// `b0`, `b1`: all of a two-byte character (its lead byte's five bits and
/// its continuation byte's six), or an ASCII byte and six bits of the next
/// byte, enough to tell a following space.
const fn step_index(b0: u8, b1: u8) -> usize {
    ((b0 as usize) << 6) | (b1 as usize & 0x3F)
}

/// What a run does at each character, by [`step_index`] of its first two
/// bytes: one table lookup per character instead of tests of its width,
/// its decoding and a lookup. Built from [`FOLD_BELOW_0800`].
///
/// A space is kept unless the byte after it is one; the index sees only
/// six bits of that byte, so a space before a `` ` `` or a three-byte
/// character also ends its run, which the general path then continues,
/// only more slowly.
static STEPS: [Step; 0x4000] = {
    let mut table = [Step::Stop; 0x4000];
    let mut b0 = 0;
    while b0 < 0x100 {
        let mut low = 0;
        while low < 0x40 {
            table[step_index(b0 as u8, low as u8)] = if b0 < 0x80 {
                if FOLD_BELOW_0800[b0] as usize != b0 {
                    Step::Stop
                } else if b0 == b' ' as usize && low == b' ' as usize {
                    Step::SpaceThenStop
                } else {
                    Step::Keep1
                }
            } else if b0 >= 0xC0 && b0 < 0xE0 {
                let c = ((b0 & 0x1F) << 6) | low;
                let folded = FOLD_BELOW_0800[c];
                if folded as usize == c {
                    Step::Keep2
                } else if folded as u32 == RUN_BREAK as u32 {
                    Step::Stop
                } else {
                    Step::Fold2
                }
            } else {
                Step::Stop
            };
            low += 1;
        }
        b0 += 1;
    }
    table
};

/// Where the run of kept characters from `i` ends, and what ends it.
///
/// The last byte of the text is left to the general path, so each step
/// can read two bytes. Kept out of line so that its loop has the
/// registers to itself.
#[inline(never)]
fn run_end(bytes: &[u8], i: usize) -> (usize, Step) {
    let mut rest = &bytes[i..];
    while let [b0, b1, ..] = *rest {
        // A branch on the step, not an index computed from it: the next
        // character's loads then need not wait for this one's lookup
        // (fewer instructions, but twice the time, the other way).
        match STEPS[step_index(b0, b1)] {
            Step::Keep2 => rest = &rest[2..],
            Step::Keep1 => rest = &rest[1..],
            step => return (bytes.len() - rest.len(), step),
        }
    }
    (bytes.len() - rest.len(), Step::Stop)
}

/// Normalizes `text` for matching; offsets in the map are `base + offset in text`.
///
/// `base` lets a caller normalize an article body and get offsets into the
/// whole file (front matter included). No allocation per character: this
/// runs over every byte of every article. Runs of one- and two-byte
/// characters that fold keeps (all ASCII but `\r`, `\t` and a second
/// space; Arabic letters) or turns into another two-byte letter (alef
/// forms, teh marbuta, alef maksura) are found first, by one lookup per
/// character in a table indexed by its first two bytes (see `run_end`),
/// then copied in parts between the folded letters, and mapped back by
/// one `Piece` each; every other character takes the general path.
pub fn normalize(text: &str, base: usize) -> Normalized {
    let started = Instant::now();
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        // News text needs a piece per two hundred bytes or so (runs end
        // at tanween and Arabic-Indic digits): room for one per 32 bytes
        // spares most texts a regrowth; more only grows the vector.
        pieces: Vec::with_capacity(text.len() / 32 + 4),
        base,
    };
    let bytes = text.as_bytes();
    let mut last_was_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let run = i;
        // A space right after one that the general path emitted is no
        // part of a run: it collapses into that one.
        if !(last_was_space && bytes[i] == b' ') {
            // Start of the part of the run not yet copied to the text: a
            // run copies its text in parts between the letters it folds.
            let mut copied = i;
            let at = out.text.len();
            loop {
                let (end, step) = run_end(bytes, i);
                i = end;
                match step {
                    Step::Fold2 => {
                        let c = ((bytes[i] as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
                        out.text.push_str(&text[copied..i]);
                        out.text.push(FOLD_BELOW_0800[c]);
                        i += 2;
                        copied = i;
                    }
                    Step::SpaceThenStop => {
                        i += 1;
                        break;
                    }
                    _ => break,
                }
            }
            if i > run {
                out.text.push_str(&text[copied..i]);
                out.pieces.push(Piece {
                    at: at as u32,
                    from: (base + run) as u32,
                    end: (base + i) as u32,
                    copied: true,
                });
                last_was_space = bytes[i - 1] == b' ';
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let start = (base + i) as u32;
        let end = (base + i + c.len_utf8()) as u32;
        i += c.len_utf8();
        out.push_folded(c, start, end, &mut last_was_space);
    }
    NORMALIZE_TIME.with(|t| t.set(t.get() + started.elapsed()));
    out
}

impl Normalized {
    /// Folds `c`, the original bytes `start..end`, and appends what it
    /// becomes (nothing, itself, another letter, or its NFKC expansion).
    fn push_folded(&mut self, c: char, start: u32, end: u32, last_was_space: &mut bool) {
        match fold(c) {
            Fold::Delete => self.absorb(end),
            Fold::Skip => {}
            Fold::Keep => self.emit(c, start, end, last_was_space),
            Fold::Char(m) => self.emit(m, start, end, last_was_space),
            Fold::Compat => {
                use unicode_normalization::UnicodeNormalization;
                for d in std::iter::once(c).nfkc() {
                    match fold(d) {
                        Fold::Keep => self.emit(d, start, end, last_was_space),
                        Fold::Char(m) => self.emit(m, start, end, last_was_space),
                        _ => {}
                    }
                }
            }
        }
    }

    /// Appends `ch`, which stands for the original bytes `start..end`.
    fn emit(&mut self, ch: char, start: u32, end: u32, last_was_space: &mut bool) {
        if ch == ' ' {
            // Runs of horizontal space collapse to one.
            if *last_was_space {
                self.absorb(end);
                return;
            }
            *last_was_space = true;
        } else {
            *last_was_space = false;
        }
        self.pieces.push(Piece {
            at: self.text.len() as u32,
            from: start,
            end,
            copied: false,
        });
        self.text.push(ch);
    }

    /// A deleted character extends the span of the one before it to `end`.
    fn absorb(&mut self, end: u32) {
        // The text's last character is its last piece's.
        if let Some(last) = self.pieces.last_mut() {
            last.end = end;
        }
    }
}

thread_local! {
    /// Time this thread has spent in [`normalize`], for `check --timings`.
    static NORMALIZE_TIME: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// The total time the calling thread has spent in [`normalize`] so far.
///
/// The pipeline reads it before and after loading an article to attribute
/// the difference to the normalize stage.
pub(crate) fn normalize_time() -> Duration {
    NORMALIZE_TIME.with(Cell::get)
}

/// 1-based line and column (in Unicode scalar values) of byte offsets in a text.
///
/// Columns count characters from the line start; to keep that cheap on a
/// hostile one-line file with thousands of findings, the index also keeps a
/// checkpoint (byte offset, column) every few kilobytes of a line, so a
/// lookup counts at most `LineIndex::STRIDE` bytes instead of the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Sorted (byte offset, 0-based column) pairs: every line start, and a
    /// character boundary at least every `STRIDE` bytes within a line.
    checkpoints: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Bytes between checkpoints within a line.
    const STRIDE: usize = 4096;

    /// Indexes the line starts of `text`.
    ///
    /// Lines are found with memchr; only a line of at least `STRIDE` bytes,
    /// which needs checkpoints, is walked character by character.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let mut checkpoints = vec![(0, 0)];
        let mut line = 0;
        loop {
            let newline = text[line..].find('\n').map(|n| line + n);
            let stop = newline.unwrap_or(text.len());
            if stop - line >= Self::STRIDE {
                let (mut column, mut last) = (0usize, line);
                for (i, _) in text[line..stop].char_indices() {
                    if line + i - last >= Self::STRIDE {
                        checkpoints.push((line + i, column));
                        last = line + i;
                    }
                    column += 1;
                }
                if newline.is_some() && stop - last >= Self::STRIDE {
                    checkpoints.push((stop, column));
                }
            }
            let Some(newline) = newline else { break };
            line = newline + 1;
            line_starts.push(line);
            checkpoints.push((line, 0));
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// The 1-based line and column of `offset` in `text` (the text indexed).
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        // Every line start is a checkpoint, so this one is on `line`.
        let (at, column) =
            self.checkpoints[self.checkpoints.partition_point(|&(b, _)| b <= offset) - 1];
        let column = column + text.get(at..offset).map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The byte offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.line_starts[self.line_starts.partition_point(|&s| s <= offset) - 1]
    }
}

/// `char::is_alphabetic`, answered without the standard library's table
/// for ASCII and the Arabic letters, which are nearly all of our text (the
/// table lookup for non-ASCII letters showed in the profile of number
/// tokenization).
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric` with the fast paths of [`is_alphabetic`].
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c {
        '0'..='9' => true,
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        _ => is_alphabetic(c) || c.is_numeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(original: &str, needle_norm: &str) -> String {
        let n = normalize(original, 0);
        let at = n
            .as_str()
            .find(needle_norm)
            .expect("needle in normalized text");
        let span = n.source_span(at..at + needle_norm.len());
        original[span.range()].to_string()
    }

    /// A normalized text with an original offset per byte, as
    /// normalization kept it before runs and pieces.
    struct ByteMaps {
        text: String,
        /// For each byte of `text`, the first original byte of the
        /// character it came from.
        starts: Vec<u32>,
        /// For each byte of `text`, one past the last original byte it
        /// stands for (with the deleted characters after it).
        ends: Vec<u32>,
    }

    impl ByteMaps {
        /// The old `Normalized::source_span`, on the maps.
        fn source_span(&self, base: usize, range: Range<usize>) -> Span {
            if self.text.is_empty() {
                return Span::new(base, base);
            }
            if range.start >= range.end {
                let at = if range.start < self.starts.len() {
                    self.starts[range.start]
                } else {
                    *self.ends.last().unwrap()
                } as usize;
                return Span::new(at, at);
            }
            Span::new(
                self.starts[range.start] as usize,
                self.ends[range.end - 1] as usize,
            )
        }

        fn emit(&mut self, ch: char, start: u32, end: u32, last_was_space: &mut bool) {
            if ch == ' ' {
                if *last_was_space {
                    self.absorb(end);
                    return;
                }
                *last_was_space = true;
            } else {
                *last_was_space = false;
            }
            let n = ch.len_utf8();
            self.starts.extend(std::iter::repeat_n(start, n));
            self.ends.extend(std::iter::repeat_n(end, n));
            self.text.push(ch);
        }

        fn absorb(&mut self, end: u32) {
            let width = self.text.chars().next_back().map_or(0, char::len_utf8);
            let len = self.ends.len();
            for e in &mut self.ends[len - width..] {
                *e = end;
            }
        }
    }

    /// The char-by-char normalization with an offset per byte that the
    /// runs and the pieces replaced, kept as the definition they must
    /// reproduce exactly.
    fn normalize_one_char_at_a_time(text: &str, base: usize) -> ByteMaps {
        use unicode_normalization::UnicodeNormalization;
        let mut out = ByteMaps {
            text: String::new(),
            starts: Vec::new(),
            ends: Vec::new(),
        };
        let mut last_was_space = false;
        for (i, c) in text.char_indices() {
            let start = (base + i) as u32;
            let end = (base + i + c.len_utf8()) as u32;
            match fold(c) {
                Fold::Delete => out.absorb(end),
                Fold::Skip => {}
                Fold::Keep => out.emit(c, start, end, &mut last_was_space),
                Fold::Char(m) => out.emit(m, start, end, &mut last_was_space),
                Fold::Compat => {
                    for d in std::iter::once(c).nfkc() {
                        match fold(d) {
                            Fold::Keep => out.emit(d, start, end, &mut last_was_space),
                            Fold::Char(m) => out.emit(m, start, end, &mut last_was_space),
                            _ => {}
                        }
                    }
                }
            }
        }
        out
    }

    /// Asserts that [`normalize`] gives `text` the text of the
    /// character-by-character reference, and that its pieces give every
    /// byte the reference's offsets and every span the reference's;
    /// `label` names the text on failure.
    fn assert_like_reference(text: &str, base: usize, label: &str) {
        let fast = normalize(text, base);
        let slow = normalize_one_char_at_a_time(text, base);
        assert_eq!(fast.text, slow.text, "{label}");
        let len = fast.text.len();
        assert_eq!(fast.pieces.first().map(|p| p.at), (len > 0).then_some(0));
        for j in 0..len {
            let k = fast.piece_at(j, 0);
            assert_eq!(fast.start_of(j, k), slow.starts[j], "{label}: start {j}");
            assert_eq!(fast.end_of(j, k), slow.ends[j], "{label}: end {j}");
        }
        // Spans: every empty range (past the end too), every character,
        // and ranges across many pieces.
        let bounds: Vec<usize> = (0..=len)
            .filter(|&j| fast.text.is_char_boundary(j))
            .collect();
        let mut ranges: Vec<Range<usize>> = (0..len + 2).map(|j| j..j).collect();
        ranges.extend(bounds.windows(2).map(|w| w[0]..w[1]));
        ranges.extend(bounds.iter().step_by(7).flat_map(|&a| {
            bounds
                .iter()
                .step_by(11)
                .filter(move |&&b| b > a)
                .map(move |&b| a..b)
        }));
        for r in ranges {
            assert_eq!(
                fast.source_span(r.clone()),
                slow.source_span(base, r.clone()),
                "{label}: {r:?}"
            );
        }
    }

    #[test]
    fn fast_runs_normalize_exactly_like_one_char_at_a_time() {
        // ASCII, spaces and line ends, kept and folded Arabic letters,
        // diacritics and tatweel, digits, exotic spaces, invisible marks,
        // other scripts of every UTF-8 width, presentation forms.
        let alphabet = " \t\r\na Z.9`\u{0}\u{7F}ابتيهةأإآٱىیکھ\u{064E}\u{0651}\u{0640}\u{0670}\u{06D6}٣۵٫٬٪\u{00A0}\u{00AD}\u{061C}\u{200F}\u{FEFF}ܐހéß“”—€／\u{FEFB}\u{FDF2}\u{FB50}😀";
        for text in crate::testing::random_texts(alphabet, (0..200).chain([1000, 5000])) {
            assert_like_reference(&text, 7, &format!("{text:?}"));
        }
    }

    #[test]
    fn fast_runs_normalize_their_edges_like_one_char_at_a_time() {
        // Runs end at the text's last byte, at a space before another
        // (or before what shares its six low bits), after a space the
        // general path emitted, and take folded letters at either end.
        for text in [
            "a",
            "ة",
            " ",
            "  ",
            "ab ",
            "a  b",
            "a `b",
            "a \u{20AC}",
            "a\u{00A0} b",
            "\t a",
            "\u{00A0}  ب",
            "أ",
            "أب",
            "بأ",
            "ةةة",
            "ب ى",
            "x\u{0660} ",
            "ب \u{0640} ج",
        ] {
            assert_like_reference(text, 5, &format!("{text:?}"));
        }
    }

    #[test]
    fn fast_runs_normalize_the_corpus_and_seeds_like_one_char_at_a_time() {
        for (i, text) in crate::testing::corpus_texts().iter().enumerate() {
            assert_like_reference(text, 3, &format!("text {i}"));
        }
    }

    #[test]
    fn folds_alef_forms_and_maps_back() {
        let n = normalize("إبريل وأيار وآذار", 0);
        assert_eq!(n.as_str(), "ابريل وايار واذار");
        assert_eq!(round_trip("في آذار الماضي", "اذار"), "آذار");
    }

    #[test]
    fn deleted_diacritics_stay_inside_the_span() {
        // "ألفاً": the tanween after the final alef belongs to the matched word.
        assert_eq!(round_trip("نحو ألفاً من", "الفا"), "ألفاً");
        // Tatweel inside a word.
        assert_eq!(round_trip("يـنـايـر 2020", "يناير"), "يـنـايـر");
    }

    #[test]
    fn folds_digits_yeh_teh_marbuta_and_invisibles() {
        let n = normalize("٢٬٥٠٠ جندي في يونية\u{200F} الجمعة ۱۵", 0);
        assert_eq!(n.as_str(), "2,500 جندي في يونيه الجمعه 15");
        assert_eq!(round_trip("يوم ٢٥ من", "25"), "٢٥");
    }

    #[test]
    fn spaces_collapse_and_base_offsets_apply() {
        let text = "a\u{00A0}\u{00A0}  b\r\nc";
        let n = normalize(text, 100);
        assert_eq!(n.as_str(), "a b\nc");
        let b = n.as_str().find('b').unwrap();
        // The \r is deleted but stays out of the span of "b" (CRLF files).
        assert_eq!(n.source_span(b..b + 1), Span::new(100 + 7, 100 + 8));
        let c = n.as_str().find('c').unwrap();
        assert_eq!(&text[n.source_span(c..c + 1).start - 100..], "c");
    }

    #[test]
    fn presentation_forms_decompose() {
        // U+FEFB is the lam-alef ligature.
        let n = normalize("\u{FEFB}", 0);
        assert_eq!(n.as_str(), "لا");
        assert_eq!(n.source_span(0..n.as_str().len()), Span::new(0, 3));
    }

    #[test]
    fn every_normalized_char_maps_to_char_boundaries() {
        let text = "ـأَلْفٌ\u{200B}٣ كانونُ الأوّل ﻻ";
        let n = normalize(text, 0);
        for (i, c) in n.as_str().char_indices() {
            let s = n.source_span(i..i + c.len_utf8());
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(s.start < s.end);
        }
    }

    #[test]
    fn line_index_checkpoints_are_those_of_a_walk_over_every_char() {
        let stride = LineIndex::STRIDE;
        for text in [
            String::new(),
            "\n\n".into(),
            "ab\nيx".into(),
            "x".repeat(stride),
            format!("{}\n", "x".repeat(stride)),
            format!("{}\n", "x".repeat(stride - 1)),
            format!("a\n{}\nb{}", "يx".repeat(5000), "ـ".repeat(3000)),
            format!("{}\n{}", "ي".repeat(stride), "x".repeat(3 * stride + 1)),
        ] {
            let (mut starts, mut checkpoints) = (vec![0], vec![(0, 0)]);
            let (mut column, mut last) = (0usize, 0usize);
            for (i, c) in text.char_indices() {
                if i - last >= stride {
                    checkpoints.push((i, column));
                    last = i;
                }
                if c == '\n' {
                    starts.push(i + 1);
                    checkpoints.push((i + 1, 0));
                    column = 0;
                    last = i + 1;
                } else {
                    column += 1;
                }
            }
            let index = LineIndex::new(&text);
            assert_eq!(index.line_starts, starts);
            assert_eq!(index.checkpoints, checkpoints);
        }
    }

    #[test]
    fn line_and_column_count_scalar_values() {
        let text = "سطر\nيناير x";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_column(text, x), (2, 7));
        assert_eq!(idx.line_column(text, 0), (1, 1));
    }

    #[test]
    fn columns_on_long_lines_match_counting_from_the_line_start() {
        let text = format!("a\n{}\nb{}", "يx".repeat(5000), "ـ".repeat(3000));
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(97).chain([(text.len(), ' ')]) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..offset].matches('\n').count() + 1;
            let column = text[line_start..offset].chars().count() + 1;
            assert_eq!(
                idx.line_column(&text, offset),
                (line, column),
                "at {offset}"
            );
        }
    }

    #[test]
    fn fast_letter_tests_agree_with_the_standard_library() {
        for c in (0..0x3000).chain(0xFB50..0xFEFF).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
