//! Articles: one file's text, its metadata and its normalized body.
//!
//! An article is read whole, decoded, split into optional YAML front matter
//! and body, and normalized once. The main decision here is that the
//! article keeps its text exactly as decoded from disk, front matter
//! included, so that every span any rule reports is an offset into the file
//! itself; the body's normalized copy maps back into those same offsets.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::text::{LineIndex, Normalized, normalize};

/// The language an article is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Arabic.
    Ar,
    /// English.
    En,
}

impl Language {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Ar => "ar",
            Language::En => "en",
        }
    }

    /// Guesses the language from the script of the letters in `text`:
    /// Arabic when Arabic letters outnumber Latin ones.
    pub fn detect(text: &str) -> Language {
        let (arabic, latin) = letter_counts(text);
        if latin > arabic {
            Language::En
        } else {
            Language::Ar
        }
    }
}

/// The number of Arabic and of Latin letters in `text`.
fn letter_counts(text: &str) -> (usize, usize) {
    // Counted by lead byte, without decoding: U+0600..=U+06FF are the
    // two-byte sequences led by 0xD8..=0xDB, U+0750..=U+077F those led
    // by 0xDD with a second byte from 0x90, and U+FB50..=U+FEFF
    // three-byte sequences led by 0xEF. Continuation bytes (0x80..=0xBF)
    // match no arm.
    let (mut arabic, mut latin) = (0usize, 0usize);
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => latin += 1,
            0xD8..=0xDB => arabic += 1,
            0xDD if bytes.get(i + 1).is_some_and(|&n| n >= 0x90) => arabic += 1,
            0xEF => {
                if let Some(&[b1, b2]) = bytes.get(i + 1..i + 3) {
                    let c = 0xF000 | ((u32::from(b1) & 0x3F) << 6) | (u32::from(b2) & 0x3F);
                    if (0xFB50..=0xFEFF).contains(&c) {
                        arabic += 1;
                    }
                }
            }
            _ => {}
        }
    }
    (arabic, latin)
}

/// Metadata from an article's front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// The agency or publication.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Declared language.
    pub language: Option<Language>,
    /// Where the article was published.
    pub url: Option<String>,
    /// Per-file settings for tadqiq itself (for example suppressions).
    pub tadqiq: Option<serde_json::Value>,
}

/// One article, read and normalized.
#[derive(Debug, Clone)]
pub struct Article {
    /// The path as the user gave it or as the folder walk found it.
    pub path: PathBuf,
    /// The decoded file text, front matter included.
    pub source: String,
    /// Byte offset in `source` where the body starts (after front matter).
    pub body_start: usize,
    /// Front matter, if any.
    pub meta: Meta,
    /// Publication date: front matter first, then the `--published` default.
    pub published: Option<NaiveDate>,
    /// Declared or detected language.
    pub language: Language,
    /// The normalized body; its map points into `source`.
    ///
    /// It is about eight times the size of the body, so
    /// [`crate::Checker::check_paths`] empties it once the article's claims
    /// are extracted and its article rules have run: anything a later stage
    /// needs from the text belongs in [`crate::claims::ArticleClaims`].
    pub norm: Normalized,
    lines: LineIndex,
    /// Maps offsets in `source` to offsets in the file on disk, for files
    /// that were transcoded when read (UTF-16). `None` means identity.
    file_offsets: Option<Vec<usize>>,
}

impl Article {
    /// Builds an article from already decoded text.
    ///
    /// `default_published` applies when the front matter gives no date.
    pub fn from_text(
        path: impl Into<PathBuf>,
        source: String,
        default_published: Option<NaiveDate>,
    ) -> Result<Article, InputError> {
        let path = path.into();
        let (meta, body_start) = parse_front_matter(&path, &source)?;
        let body = &source[body_start..];
        if body.trim().is_empty() {
            return Err(InputError::new(&path, "the article has no text"));
        }
        let language = meta.language.unwrap_or_else(|| Language::detect(body));
        let norm = normalize(body, body_start);
        let lines = LineIndex::new(&source);
        Ok(Article {
            published: meta.published.or(default_published),
            path,
            body_start,
            meta,
            language,
            norm,
            lines,
            source,
            file_offsets: None,
        })
    }

    /// Attaches a map from decoded offsets to file offsets (for transcoded files).
    pub(crate) fn with_file_offsets(mut self, map: Vec<usize>) -> Self {
        self.file_offsets = Some(map);
        self
    }

    /// Frees the normalized body (see [`Article::norm`]).
    pub fn release_norm(&mut self) {
        self.norm = Normalized::default();
    }

    /// Frees the text, keeping path and metadata: for articles no finding
    /// points into, whose text the report never shows.
    pub(crate) fn release_text(&mut self) {
        self.release_norm();
        self.source = String::new();
        self.body_start = 0;
        self.lines = LineIndex::new("");
        self.file_offsets = None;
    }

    /// The body text (after front matter), as decoded.
    pub fn body(&self) -> &str {
        &self.source[self.body_start..]
    }

    /// The text of a span of the source.
    pub fn slice(&self, span: crate::text::Span) -> &str {
        &self.source[span.range()]
    }

    /// The byte offset in the file on disk of an offset into `source`.
    pub fn file_offset(&self, offset: usize) -> usize {
        match &self.file_offsets {
            None => offset,
            Some(map) => map.get(offset).copied().unwrap_or(offset),
        }
    }

    /// 1-based line and column (in Unicode scalar values) of a source offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(&self.source, offset)
    }

    /// The source offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.lines.line_start(offset)
    }

    /// A short name for reports: the outlet if known, else the file name.
    pub fn display_name(&self) -> String {
        let name = self.path.display().to_string();
        match &self.meta.outlet {
            Some(outlet) => format!("{name} ({outlet})"),
            None => name,
        }
    }
}

/// The largest front matter read, in bytes (64 KiB).
pub(crate) const MAX_FRONT_MATTER: usize = 64 << 10;

/// Splits YAML front matter off `source`.
///
/// Front matter starts on the first line with `---` and ends at the next line
/// that is `---` or `...`. Returns the metadata and the byte offset where the
/// body starts.
fn parse_front_matter(path: &Path, source: &str) -> Result<(Meta, usize), InputError> {
    let text = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let bom = source.len() - text.len();
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok((Meta::default(), 0));
    }
    let mut offset = first_line_end;
    let yaml_start = offset;
    loop {
        if offset >= text.len() {
            return Err(InputError::new(
                path,
                "front matter starts with `---` on line 1 but is never closed by a `---` line",
            ));
        }
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..line_end].trim_end();
        if line == "---" || line == "..." {
            let yaml = &text[yaml_start..offset];
            if yaml.len() > MAX_FRONT_MATTER {
                // The YAML parser slows down sharply on deeply nested input;
                // real front matter is a few short fields.
                return Err(InputError::new(
                    path,
                    format!(
                        "front matter is {} bytes, over the limit of {MAX_FRONT_MATTER}; \
                         it holds a few short fields (title, outlet, published, language, url)",
                        yaml.len()
                    ),
                ));
            }
            let meta = if yaml.trim().is_empty() {
                Meta::default()
            } else {
                serde_norway::from_str::<Meta>(yaml).map_err(|e| {
                    let at = e
                        .location()
                        .map(|l| format!(" (line {}, column {})", l.line() + 1, l.column()))
                        .unwrap_or_default();
                    InputError::new(path, format!("broken front matter{at}: {e}"))
                })?
            };
            return Ok((meta, bom + line_end));
        }
        offset = line_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_and_keeps_file_offsets() {
        let src =
            "---\ntitle: T\noutlet: Wire\npublished: 2021-12-10\nlanguage: ar\n---\nنص يناير\n";
        let a = Article::from_text("a.md", src.to_string(), None).unwrap();
        assert_eq!(a.meta.outlet.as_deref(), Some("Wire"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2021, 12, 10));
        assert_eq!(a.body(), "نص يناير\n");
        let at = a.norm.as_str().find("يناير").unwrap();
        let span = a.norm.source_span(at..at + "يناير".len());
        assert_eq!(&src[span.range()], "يناير");
        assert_eq!(a.line_column(span.start), (7, 4));
    }

    #[test]
    fn plain_text_detects_language_and_takes_default_date() {
        let d = NaiveDate::from_ymd_opt(2020, 1, 1);
        let a = Article::from_text("a.txt", "The vote was held.".into(), d).unwrap();
        assert_eq!(a.language, Language::En);
        assert_eq!(a.published, d);
        assert_eq!(a.body_start, 0);
    }

    #[test]
    fn broken_front_matter_names_the_problem() {
        let err =
            Article::from_text("b.md", "---\ntitle: [unclosed\n---\nنص".into(), None).unwrap_err();
        assert!(err.to_string().contains("b.md"), "{err}");
        assert!(err.to_string().contains("broken front matter"), "{err}");
        let err = Article::from_text("c.md", "---\ntitle: x\nنص".into(), None).unwrap_err();
        assert!(err.to_string().contains("never closed"), "{err}");
        let err = Article::from_text("d.md", "---\npublished: 2021-13-40\n---\nنص".into(), None)
            .unwrap_err();
        assert!(err.to_string().contains("published"), "{err}");
        let err = Article::from_text("e.md", "---\nauthor: x\n---\nنص".into(), None).unwrap_err();
        assert!(err.to_string().contains("author"), "{err}");
    }

    #[test]
    fn language_counts_by_lead_byte_like_by_char() {
        let by_char = |text: &str| {
            let (mut arabic, mut latin) = (0usize, 0usize);
            for c in text.chars() {
                match c {
                    '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}' => {
                        arabic += 1
                    }
                    'a'..='z' | 'A'..='Z' => latin += 1,
                    _ => {}
                }
            }
            (arabic, latin)
        };
        // The edges of each range and their neighbours, in every order.
        let edges = [
            0x5FF, 0x600, 0x6FF, 0x700, 0x74F, 0x750, 0x77F, 0x780, 0xFB4F, 0xFB50, 0xFEFF, 0xFF00,
            0x10000, 0x40, 0x41, 0x7A, 0x7B,
        ]
        .map(|c| char::from_u32(c).unwrap());
        for skip in 0..edges.len() {
            let text: String = edges.iter().cycle().skip(skip).take(40).collect();
            assert_eq!(letter_counts(&text), by_char(&text), "{text:?}");
        }
    }

    #[test]
    fn empty_body_is_an_error() {
        let err = Article::from_text("e.txt", "  \n\n".into(), None).unwrap_err();
        assert!(err.to_string().contains("no text"), "{err}");
    }
}
