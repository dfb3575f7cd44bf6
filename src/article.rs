//! Articles: one file's text, its metadata and its normalized body.
//!
//! An article is read whole, decoded, split into optional YAML front matter
//! and body, and normalized once. The main decision here is that the
//! article keeps its text exactly as decoded from disk, front matter
//! included, so that every span any rule reports is an offset into the file
//! itself; the body's normalized copy maps back into those same offsets.
//!
//! Front matter is YAML, and YAML is read by serde_norway: the language is
//! large and its parsing belongs to a crate. The one exception is
//! `simple_front_matter`, a reader of the plain `key: value` lines that
//! nearly all front matter is written in, which exists only because
//! [`Meta`] is a tiny flat schema and setting up the YAML parser cost more
//! than the rest of loading an article. It answers only where its result is
//! serde_norway's (property-tested against it) and leaves everything else,
//! every error message included, to serde_norway.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    /// It is about the size of the body again (its text, and a piece of
    /// map per couple of hundred bytes), so
    /// [`crate::Checker::check_paths`] empties it once the article's claims
    /// are extracted and its article rules have run: anything a later stage
    /// needs from the text belongs in [`crate::claims::ArticleClaims`].
    pub norm: Normalized,
    /// Where the lines of `source` start, indexed on first use: only the
    /// articles a report shows a finding in need it.
    lines: OnceLock<LineIndex>,
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
        Ok(Article {
            published: meta.published.or(default_published),
            path,
            body_start,
            meta,
            language,
            norm,
            lines: OnceLock::new(),
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
        self.lines = OnceLock::new();
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
        self.lines().line_column(&self.source, offset)
    }

    /// The source offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.lines().line_start(offset)
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
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
    // Lines are found with memchr: the standard library's `find` of a
    // character costs several times more on lines this short.
    let line_end_from = |from: usize| {
        memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i + 1)
    };
    let first_line_end = line_end_from(0);
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
        let line_end = line_end_from(offset);
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
            } else if let Some(meta) = simple_front_matter(yaml) {
                meta
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

/// Reads front matter written in the plain subset that nearly every
/// article's is, without the YAML parser; `None` for anything outside it, and
/// then [`parse_front_matter`] asks serde_norway, which also words every
/// error. Within the subset the result is the one serde_norway gives (the
/// unit tests compare the two on generated and hand-written traps).
///
/// YAML is a large language and its parsing belongs to a crate; this reader
/// exists only because [`Meta`] is a tiny flat schema and the crate's
/// per-document set-up cost more than the rest of loading an article. The
/// subset, one line at a time (each ending in `\n` or `\r\n`):
///
/// - an empty line, or a comment line starting with `#`;
/// - `key: value`, the key one of `title`, `outlet`, `published`,
///   `language` and `url`, at the start of the line, at most once, and the
///   value after one or more spaces, either double-quoted without `\` or `"`
///   inside (then only spaces may follow), or plain: not starting with an
///   indicator character, not holding `: ` or ` #`, not ending in `:`, and
///   not a null (`~`, `null`, `Null`, `NULL`); spaces after it are dropped.
///
/// No line may hold a tab, a control character, U+0085, U+2028, U+2029,
/// U+FEFF, U+FFFE or U+FFFF (YAML reads some as line breaks and refuses
/// others). At least one key must be present. A date or language that does
/// not parse is left to serde_norway as well, for its error message.
fn simple_front_matter(yaml: &str) -> Option<Meta> {
    if !is_simple_yaml(yaml.as_bytes()) {
        return None;
    }
    let mut meta = Meta::default();
    let mut any = false;
    let mut rest = yaml;
    while !rest.is_empty() {
        // The lines are found with memchr and the key by its bytes: the
        // standard library's character searches cost more than the rest
        // of this reader.
        let end = memchr::memchr(b'\n', rest.as_bytes())?;
        let line = &rest[..end];
        rest = &rest[end + 1..];
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let colon = line.bytes().position(|b| b == b':')?;
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        let value = simple_scalar(rest.strip_prefix(' ')?.trim_start_matches(' '))?;
        let fresh = match key {
            "title" => meta.title.replace(value.to_owned()).is_none(),
            "outlet" => meta.outlet.replace(value.to_owned()).is_none(),
            "url" => meta.url.replace(value.to_owned()).is_none(),
            "published" => meta.published.replace(parse_date(value)?).is_none(),
            "language" => {
                let language = match value {
                    "ar" => Language::Ar,
                    "en" => Language::En,
                    _ => return None,
                };
                meta.language.replace(language).is_none()
            }
            _ => return None,
        };
        // A repeated key is an error for serde: let it say so.
        if !fresh {
            return None;
        }
        any = true;
    }
    any.then_some(meta)
}

/// The text a value of [`simple_front_matter`]'s subset stands for (the
/// value as written after `key: `, line end excluded); `None` outside it.
fn simple_scalar(value: &str) -> Option<&str> {
    if let Some(quoted) = value.strip_prefix('"') {
        let end = memchr::memchr(b'"', quoted.as_bytes())?;
        let (content, after) = (&quoted[..end], &quoted[end + 1..]);
        if memchr::memchr(b'\\', content.as_bytes()).is_some() || after.bytes().any(|b| b != b' ') {
            return None;
        }
        return Some(content);
    }
    // Trailing spaces are no part of a plain scalar.
    let plain = value.trim_end_matches(' ');
    let first = *plain.as_bytes().first()?;
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first)
        || matches!(plain, "~" | "null" | "Null" | "NULL")
        || plain.ends_with(':')
        // `: ` or ` #`, in one pass over the bytes.
        || plain
            .as_bytes()
            .windows(2)
            .any(|w| matches!(w, [b':', b' '] | [b' ', b'#']))
    {
        return None;
    }
    Some(plain)
}

/// `value.parse::<NaiveDate>()`, reading the form front matter dates are
/// written in, `YYYY-MM-DD` with ASCII digits, without chrono's format
/// parser (a tenth of the cost of reading front matter); chrono reads
/// every other form, which it takes more of (`2021-1-5`, a sign, spaces).
fn parse_date(value: &str) -> Option<NaiveDate> {
    if let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = value.as_bytes() {
        if [y0, y1, y2, y3, m0, m1, d0, d1]
            .iter()
            .all(u8::is_ascii_digit)
        {
            let two = |tens: u8, ones: u8| u32::from(tens - b'0') * 10 + u32::from(ones - b'0');
            let year = two(y0, y1) * 100 + two(y2, y3);
            return NaiveDate::from_ymd_opt(year as i32, two(m0, m1), two(d0, d1));
        }
    }
    value.parse().ok()
}

/// True when every line of `yaml` (each ending in `\n` or `\r\n`) holds
/// only characters [`simple_front_matter`] takes: printable, and never a
/// line break, a tab or a byte order mark to YAML. Decided from the
/// bytes, without decoding characters: the ASCII controls and DEL by a
/// count the compiler vectorizes; a lone `\r` and the few refused
/// characters above U+007F (U+0080..=U+009F, U+2028, U+2029, U+FEFF,
/// U+FFFE, U+FFFF) by memchr searches for the bytes they start with,
/// which front matter rarely holds.
fn is_simple_yaml(yaml: &[u8]) -> bool {
    let controls = yaml.iter().fold(0usize, |n, &b| {
        n + usize::from((b < 0x20 && b != b'\n' && b != b'\r') || b == 0x7F)
    });
    controls == 0
        && memchr::memchr_iter(b'\r', yaml).all(|i| yaml.get(i + 1) == Some(&b'\n'))
        && memchr::memchr3_iter(0xC2, 0xE2, 0xEF, yaml).all(|i| {
            let next = |k: usize| yaml.get(i + k).copied();
            match yaml[i] {
                // U+0080..=U+009F.
                0xC2 => next(1) >= Some(0xA0),
                // U+2028, U+2029.
                0xE2 => !(next(1) == Some(0x80) && matches!(next(2), Some(0xA8 | 0xA9))),
                // U+FEFF, U+FFFE, U+FFFF.
                _ => !matches!(
                    (next(1), next(2)),
                    (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
                ),
            }
        })
}

/// Characters [`simple_front_matter`] takes, one at a time: the
/// definition [`is_simple_yaml`] answers for from bytes.
#[cfg(test)]
fn is_simple_yaml_char(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{2027}'
        | '\u{202A}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FEFE}'
        | '\u{FF00}'..='\u{FFFD}'
        | '\u{10000}'..)
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

    /// What serde_norway reads, the reference of [`simple_front_matter`].
    fn by_serde(yaml: &str) -> Result<Meta, String> {
        serde_norway::from_str::<Meta>(yaml).map_err(|e| e.to_string())
    }

    /// Asserts that whenever the fast reader answers, serde_norway reads
    /// the same metadata without error; returns whether it answered.
    fn agrees(yaml: &str) -> bool {
        match simple_front_matter(yaml) {
            None => false,
            Some(fast) => {
                assert_eq!(by_serde(yaml), Ok(fast), "{yaml:?}");
                true
            }
        }
    }

    /// The character-by-character check [`is_simple_yaml`] replaced:
    /// every line, its `\n` and one `\r` before it taken off, of simple
    /// characters.
    fn is_simple_yaml_by_char(yaml: &str) -> bool {
        yaml.split_inclusive('\n').all(|line| {
            let line = line.strip_suffix('\n').unwrap_or(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            line.chars().all(is_simple_yaml_char)
        })
    }

    #[test]
    fn yaml_characters_checked_by_bytes_like_by_char() {
        // Every scalar value, alone on a line, between others, at a line
        // end before `\r\n`, and before a byte that could be read as its
        // continuation.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for yaml in [
                format!("{c}\n"),
                format!("title: a{c}b\n"),
                format!("x{c}\r\n"),
                format!("{c}\u{A8}\n"),
                format!("{c}\u{BF}\u{BF}\n"),
            ] {
                assert_eq!(
                    is_simple_yaml(yaml.as_bytes()),
                    is_simple_yaml_by_char(&yaml),
                    "{c:?} in {yaml:?}"
                );
            }
        }
        for yaml in crate::testing::random_texts(
            "a :#\"\r\n\t\u{1}\u{7F}\u{80}\u{85}\u{9F}\u{A0}\u{A8}نص—\u{2027}\u{2028}\u{2029}\u{202A}\u{FEFE}\u{FEFF}\u{FF00}\u{FFFD}\u{FFFE}\u{FFFF}😀",
            (0..300).map(|n| n % 40),
        ) {
            let yaml = format!("{yaml}\n");
            assert_eq!(
                is_simple_yaml(yaml.as_bytes()),
                is_simple_yaml_by_char(&yaml),
                "{yaml:?}"
            );
        }
    }

    #[test]
    fn dates_read_without_chrono_like_chrono() {
        let chrono = |s: &str| s.parse::<NaiveDate>().ok();
        // Every month and day from 00 to 99 in leap and common years,
        // centuries and the edges of four digits.
        for year in [
            0, 1, 4, 99, 100, 400, 1582, 1900, 1999, 2000, 2021, 2024, 2100, 9999,
        ] {
            for month in 0..100 {
                for day in 0..100 {
                    let s = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(parse_date(&s), chrono(&s), "{s}");
                }
            }
        }
        // Forms left to chrono, and near misses of the fast one.
        for s in [
            "2021-1-5",
            "2021-01-5",
            "+2021-01-05",
            "-2021-01-05",
            " 2021-01-05",
            "2021-01-05 ",
            "2021 -01-05",
            "2021- 01-05",
            "2021-02-30",
            "2021-02-29",
            "2024-02-29",
            "20210105",
            "2021/01/05",
            "2021-01-05T00:00",
            "12021-01-05",
            "021-01-05",
            "2021-001-05",
            "٢٠٢١-٠١-٠٥",
            "２０２１-01-05",
            "2021-0a-05",
            "2021-01-0 ",
            "",
            "-",
        ] {
            assert_eq!(parse_date(s), chrono(s), "{s:?}");
        }
    }

    #[test]
    fn simple_front_matter_traps() {
        // (front matter, whether the fast reader takes it)
        let cases: &[(&str, bool)] = &[
            (
                "title: T\noutlet: Wire\npublished: 2021-12-10\nlanguage: ar\n",
                true,
            ),
            (
                "title: \"هجوم: ما حدث # أمس\"\nurl: \"https://x.example/a\"\n",
                true,
            ),
            ("url: https://x.example/a?b=c#d\n", true),
            ("title: a:b\n", true),
            ("title: a#b\n", true),
            ("title: it's \"quoted\" [x] {y}, z\n", true),
            ("title:    spaced   \n", true),
            ("title: \"  inner  \"  \n", true),
            ("title: \"\"\n", true),
            ("title: T\r\nlanguage: en\r\n", true),
            ("\n# a comment: with # signs\ntitle: T\n\n", true),
            ("title: yes\noutlet: 123\nurl: 1e3\n", true),
            ("title: .inf\noutlet: 0x1F\nurl: true\n", true),
            ("title: NuLL\n", true),
            ("language: \"en\"\npublished: \"2021-12-10\"\n", true),
            ("published: 2021-1-5\n", true),
            ("title: نص — 😀\n", true),
            ("title: \u{A0}x\n", true),
            // A value with `: ` or ` #`, or ending in `:`.
            ("title: a: b\n", false),
            ("title: a #b\n", false),
            ("title: a:\n", false),
            // Quotes the subset does not read.
            ("title: 'single'\n", false),
            ("title: \"esc\\\"aped\"\n", false),
            ("title: \"a\" b\n", false),
            ("title: \"unclosed\n", false),
            // Leading spaces, tabs, keys not at the line start.
            ("  title: x\n", false),
            ("title:\tx\n", false),
            ("title: x\t\n", false),
            ("title : x\n", false),
            ("title:x\n", false),
            ("title: x\n  continued\n", false),
            // Nulls and empty values.
            ("title: ~\n", false),
            ("title: null\n", false),
            ("title: Null\n", false),
            ("title: NULL\n", false),
            ("title:\n", false),
            ("title:   \n", false),
            // Indicators.
            ("title: - x\n", false),
            ("title: -x\n", false),
            ("title: [x]\n", false),
            ("title: {x: 1}\n", false),
            ("title: &a x\n", false),
            ("title: *a\n", false),
            ("title: !!str x\n", false),
            ("title: |\n  x\n", false),
            ("title: >\n  x\n", false),
            ("title: %x\n", false),
            ("title: @x\n", false),
            ("title: `x\n", false),
            ("title: # x\n", false),
            ("title: ? x\n", false),
            // Dates and languages that do not parse, in odd formats.
            ("published: 2021-13-40\n", false),
            ("published: 2021/12/10\n", false),
            ("published: 10-12-2021\n", false),
            ("published: 20211210\n", false),
            ("published: 2021-12-10T10:00:00Z\n", false),
            ("language: AR\n", false),
            ("language: fr\n", false),
            // Duplicate and unknown keys, tadqiq settings, documents.
            ("title: a\ntitle: b\n", false),
            ("author: x\n", false),
            ("Title: x\n", false),
            ("tadqiq:\n  ignore: [x]\n", false),
            ("%YAML 1.2\n", false),
            ("# only a comment\n", false),
            ("\n\n", false),
            // Characters YAML reads as line breaks, refuses or skips.
            ("title: a\u{85}b\n", false),
            ("title: a\u{2028}b\n", false),
            ("title: a\u{2029}b\n", false),
            ("title: a\u{FEFF}b\n", false),
            ("title: a\u{7F}b\n", false),
            ("title: a\u{1}b\n", false),
            ("title: a\u{9F}b\n", false),
            ("title: a\u{FFFE}\n", false),
            ("title: a\rb\n", false),
            ("title: x", false),
        ];
        for &(yaml, fast) in cases {
            assert_eq!(agrees(yaml), fast, "{yaml:?}");
        }
    }

    #[test]
    fn fast_front_matter_reads_the_corpus_and_seeds_like_serde() {
        let (mut files, mut taken) = (0, 0);
        for text in crate::testing::corpus_texts() {
            let Some(rest) = text.strip_prefix("---\n") else {
                continue;
            };
            let Some(end) = rest.find("\n---\n") else {
                continue;
            };
            files += 1;
            taken += usize::from(agrees(&rest[..end + 1]));
        }
        // The corpus front matter is all in the subset.
        assert!(files > 20, "{files}");
        assert_eq!(taken, files);
    }

    /// Fragments of front matter values in the subset, then those near it
    /// that YAML reads differently.
    const VALUE_PARTS: &[&str] = &[
        "a",
        "Wire",
        "نص",
        "إذاعة الشام",
        "2021-12-10",
        "2021-1-5",
        "ar",
        "en",
        "yes",
        "12",
        "1e3",
        ".inf",
        "https://x.example/a?b=c#d",
        "😀",
        "\u{A0}",
        ":x",
        "a#",
        " ",
        ",",
    ];
    const VALUE_TRAPS: &[&str] = &[
        "~", "null", "NULL", ":", ": ", "#", " #", "\"", "'", "\\", "  ", "\t", "-", "- ", "?",
        "[", "]", "{", "}", "&a", "*a", "!x", "|", ">", "%", "@", "`", "\u{85}", "\u{2028}",
        "\u{FEFF}", "\u{7F}", "\u{1}", "\r",
    ];
    const KEYS: &[&str] = &["title", "outlet", "published", "language", "url"];
    const KEY_TRAPS: &[&str] = &["tadqiq", "author", "Title", " title", "title ", "#title"];
    const SEPARATORS: &[&str] = &[": ", ":  "];
    const SEPARATOR_TRAPS: &[&str] = &[":", ":\t", " : ", ": \t", ":\n  "];
    const LINE_ENDS: &[&str] = &["\n", "\r\n", "  \n"];
    const LINE_END_TRAPS: &[&str] = &[" # c\n", "\t\n", "\r\r\n", "\n  x\n", "\n# c\n", "\n\n"];

    /// Mostly a fragment of `good`, sometimes one of `traps`.
    fn pick(
        good: &'static [&'static str],
        traps: &'static [&'static str],
    ) -> impl proptest::strategy::Strategy<Value = &'static str> {
        use proptest::prelude::*;
        prop_oneof![10 => prop::sample::select(good), 1 => prop::sample::select(traps)]
    }

    /// A value: its parts, bare or between quotes of either kind.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (
            prop::collection::vec(pick(VALUE_PARTS, VALUE_TRAPS), 0..5),
            0..8u8,
        )
            .prop_map(|(parts, quote)| {
                let v = parts.concat();
                match quote {
                    0 => format!("\"{v}\""),
                    1 => format!("'{v}'"),
                    _ => v,
                }
            })
    }

    /// A line of front matter, usually `key: value`.
    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            12 => (
                pick(KEYS, KEY_TRAPS),
                pick(SEPARATORS, SEPARATOR_TRAPS),
                value(),
                pick(LINE_ENDS, LINE_END_TRAPS),
            )
                .prop_map(|(k, s, v, e)| format!("{k}{s}{v}{e}")),
            1 => prop::sample::select(&["\n", "\r\n", "# c: d\n", " \n", "  x\n", "...\n"][..])
                .prop_map(str::to_string),
            1 => (value(), prop::sample::select(LINE_ENDS)).prop_map(|(v, e)| format!("{v}{e}")),
        ]
    }

    /// Front matter well inside the subset: each key once, in any order.
    fn subset() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        // Plain text starts with a letter, not an indicator.
        let text = (
            prop::sample::select(&["a", "نص", "Wire", "😀"][..]),
            prop::collection::vec(
                prop::sample::select(&["a", " نص", ":x", "#", "'", ".", ",", "(x)", "-"][..]),
                0..6,
            ),
        )
            .prop_map(|(first, rest)| format!("{first}{}", rest.concat()));
        let quoted = prop::collection::vec(
            prop::sample::select(&["a", "نص", ": ", " #", "'", "[", "~", " ", "😀"][..]),
            0..6,
        )
        .prop_map(|parts| format!("\"{}\"", parts.concat()));
        let value = prop_oneof![text, quoted];
        (
            (value.clone(), value.clone(), value),
            (1900..2100i32, 1..=12u32, 1..=28u32),
            any::<bool>(),
            prop::sample::subsequence(vec![0usize, 1, 2, 3, 4], 1..=5).prop_shuffle(),
            prop::sample::select(&["\n", "\r\n", "  \n"][..]),
        )
            .prop_map(|((title, outlet, url), (y, m, d), arabic, keys, end)| {
                keys.into_iter()
                    .map(|k| match k {
                        0 => format!("title: {title}{end}"),
                        1 => format!("outlet: {outlet}{end}"),
                        2 => format!("url: {url}{end}"),
                        3 => format!("published: {y:04}-{m:02}-{d:02}{end}"),
                        _ => format!("language: {}{end}", if arabic { "ar" } else { "en" }),
                    })
                    .collect()
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4096),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Near misses: the fast reader answers only as serde_norway would.
        #[test]
        fn fast_front_matter_never_disagrees_with_serde(
            lines in proptest::collection::vec(line(), 1..4)
        ) {
            agrees(&lines.concat());
        }

        /// The subset: the fast reader answers, as serde_norway would.
        #[test]
        fn fast_front_matter_reads_the_subset(yaml in subset()) {
            proptest::prop_assert!(agrees(&yaml), "{:?}", yaml);
        }
    }
}
