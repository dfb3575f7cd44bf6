//! Scanning: finding the whole words of a lexicon in normalized text, fast.
//!
//! A lexicon (month names, number words, weekdays) is matched with one
//! alternation, longest word first. The main decision is to keep `\b` out
//! of that regex: a Unicode word boundary makes the regex crate give up its
//! lazy DFA on Arabic text and backtrack at every position, which the
//! profile showed was two thirds of a whole check. Without it the search
//! runs on the DFA and a literal prefilter, and each candidate (there are
//! few) has its boundaries checked by hand with the regex crate's own
//! definition of a word character, so the words found are those of
//! `\b(?:[clitics])?(?:WORDS)\b`, at 20 to 30 times the speed (see
//! BENCHMARKS.md). One difference, irrelevant for lexicons where no word
//! is a proclitic letter plus another word: such a word is read whole
//! where the regex would read a proclitic and the shorter word.
//!
//! [`GuardedRegex`] does the same for a `\b` pattern richer than a word
//! list (two-letter proclitics, an optional word after the word): the word
//! alternation without `\b` finds where a match could be, and the whole
//! pattern is tried, anchored, only there; its matches are those of the
//! pattern itself.

use std::ops::Range;

use regex::Regex;

/// A compiled set of words to find in normalized text.
#[derive(Debug, Clone)]
pub struct WordSet {
    /// The alternation, longest word first, spaces matching any run of spaces.
    any: Regex,
    /// The same alternation anchored at the start, to try shorter words.
    anchored: Regex,
    /// One-letter prefixes a word may carry (Arabic proclitics و ف ب ل ك).
    proclitics: Vec<char>,
    /// `\w` as the regex crate defines it.
    word_char: Regex,
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
        let mut words: Vec<&str> = words.into_iter().filter(|w| !w.is_empty()).collect();
        words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        words.dedup();
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
        Ok(WordSet {
            any: Regex::new(&alternation)?,
            anchored: Regex::new(&format!("^(?:{alternation})"))?,
            proclitics: proclitics.to_vec(),
            word_char: Regex::new(r"^\w$")?,
        })
    }

    fn is_word(&self, c: Option<char>) -> bool {
        c.is_some_and(|c| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric() || c == '_'
            } else {
                // Every alphabetic character is in `\w`; the regex settles the rest.
                c.is_alphabetic() || self.word_char.is_match(c.encode_utf8(&mut [0; 4]))
            }
        })
    }

    /// Whether a word at `start` begins a word, directly or after one proclitic.
    /// Returns `Some(clitic)` when it does.
    fn starts_word(&self, text: &str, start: usize) -> Option<bool> {
        let mut before = text[..start].chars().rev();
        let prev = before.next();
        if !self.is_word(prev) {
            return Some(false);
        }
        let clitic = prev.is_some_and(|c| self.proclitics.contains(&c));
        (clitic && !self.is_word(before.next())).then_some(true)
    }

    /// Every word of the set standing alone in `text`, in text order,
    /// not overlapping.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = WordMatch> + 't {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at <= text.len() {
                let m = self.any.find_at(text, at)?;
                let start = m.start();
                let found = self.starts_word(text, start).and_then(|clitic| {
                    // The longest word here may run into a following letter
                    // while a shorter one ends cleanly.
                    let mut end = m.end();
                    loop {
                        if !self.is_word(text[end..].chars().next()) {
                            return Some(WordMatch {
                                range: start..end,
                                clitic,
                            });
                        }
                        let shorter = text[start..end]
                            .char_indices()
                            .next_back()
                            .map_or(0, |(i, _)| i);
                        end = start + self.anchored.find(&text[start..start + shorter])?.end();
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
/// [`reach`] of the pattern instead of the rest of the text: a `\b` keeps
/// the regex crate off its DFA on Arabic text, and its fallback clears
/// memory in proportion to the haystack on every try.
#[derive(Debug, Clone)]
pub struct GuardedRegex {
    finder: Regex,
    anchored: Regex,
    lead: usize,
    /// The most runs (see [`reach`]) a match touches, when bounded.
    runs: Option<usize>,
    words: WordSet,
}

impl GuardedRegex {
    /// Compiles `pattern` (beginning with `\b`) and its `finder`.
    pub fn new(pattern: &str, finder: &str, lead: usize) -> Result<GuardedRegex, regex::Error> {
        Ok(GuardedRegex {
            finder: Regex::new(finder)?,
            anchored: Regex::new(&format!("^(?:{pattern})"))?,
            lead,
            runs: None,
            words: WordSet::new([], &[])?,
        })
    }

    /// Declares that a match of the pattern touches at most `runs` runs of
    /// whitespace or of other characters (see [`reach`] for when a pattern
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
                    if !self.words.is_word(text[..p].chars().next_back()) {
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
pub(crate) fn reach(s: &str, runs: usize) -> &str {
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

    fn both(words: &[&str], text: &str) -> Vec<WordMatch> {
        let set = WordSet::new(words.iter().copied(), CLITICS).unwrap();
        let found: Vec<WordMatch> = set.find_iter(text).collect();
        assert_eq!(found, reference(words, text), "{text}");
        found
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
}
