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
use crate::text::normalize;

/// A word of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// Byte range in the normalized text.
    pub range: Range<usize>,
    /// The word as written (normalized).
    pub text: &'a str,
}

/// True for characters that may continue a word.
fn is_word_char(c: char) -> bool {
    crate::text::is_alphanumeric(c) || matches!(c, '\'' | '’' | '-' | '.' | ',')
}

/// Splits normalized text into words: runs of letters and digits, keeping
/// inner hyphens, apostrophes and digit separators ("al-Husseini", "2,500").
pub(crate) fn words<'a>(text: &'a str) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Word<'a>>| {
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
            out.push(Word {
                range: s..e,
                text: &text[s..e],
            });
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
        let bytes = w.text.as_bytes();
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if (b == b',' || b == b'.')
                && !(i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                if i > from {
                    let r = w.range.start + from..w.range.start + i;
                    split.push(Word {
                        text: &text[r.clone()],
                        range: r,
                    });
                }
                from = i + 1;
            }
        }
        if from < bytes.len() {
            let r = w.range.start + from..w.range.end;
            split.push(Word {
                text: &text[r.clone()],
                range: r,
            });
        }
    }
    split
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
/// tries every word of every article this way, so only the contracted
/// form is built in a new string.
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
#[derive(Debug, Clone)]
pub(crate) struct PhraseTable<T> {
    /// First word of each phrase → (remaining words, value), longest first.
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable {
            by_first: HashMap::new(),
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
        let list = self.by_first.entry(first.clone()).or_default();
        if let Some((_, v)) = list.iter().find(|(r, _)| r == rest) {
            return Err(Some(v.clone()));
        }
        list.push((rest.to_vec(), value));
        list.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
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
    pub fn at(&self, words: &[Word<'_>], i: usize) -> Option<PhraseMatch<T>> {
        let w = words.get(i)?;
        let k = key_of(w.text);
        let try_first = |first: &str| {
            let list = self.by_first.get(first)?;
            list.iter().find_map(|(rest, value)| {
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

/// True when a non-first word of a phrase matches with the article: the
/// phrase «المتحدث باسم» is listed bare but may be written «الناطق باسم».
fn stems_match(written: &str, listed: &str) -> bool {
    !is_latin(written) && written.strip_prefix("ال") == Some(listed)
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
