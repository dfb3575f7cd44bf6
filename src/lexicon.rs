//! Lexicon: the rule data in `rules/*.toml`, loaded, validated and compiled.
//!
//! Month names, weekdays, number words, qualifiers, ranks and triggers are
//! data a newsroom reads and extends without recompiling. The binary embeds
//! the default set (`include_str!`), so it works from any folder; `--rules
//! DIR` replaces any embedded file by the file of the same name in `DIR`
//! (files missing there keep the embedded version, and a file tadqiq does
//! not know is an error, so a misspelt file name never goes unnoticed).
//!
//! The main decision is to validate everything at start-up, before any
//! article is read: a broken file (bad TOML, an unknown key, a name listed
//! twice, a spelling that folds onto two different months) stops the run
//! with the file, line and column, because every verdict depends on it.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::calendar::dates::DatePatterns;
use crate::calendar::durations::SpanPatterns;
use crate::calendar::months::MonthTable;
use crate::calendar::words::DateWords;
use crate::claims::gazetteer::Gazetteer;
use crate::claims::phrases::PhraseMarks;
use crate::claims::tables::{Categories, Events};
use crate::claims::titles::RankTable;
use crate::error::LexiconError;
use crate::numbers::NumberLexicon;

/// The rule data files tadqiq knows, with their embedded default text.
pub const FILES: &[(&str, &str)] = &[
    ("months.toml", include_str!("../rules/months.toml")),
    ("categories.toml", include_str!("../rules/categories.toml")),
    ("events.toml", include_str!("../rules/events.toml")),
    ("ranks.toml", include_str!("../rules/ranks.toml")),
    ("gazetteer.toml", include_str!("../rules/gazetteer.toml")),
    ("dates.toml", include_str!("../rules/dates.toml")),
    ("numbers.toml", include_str!("../rules/numbers.toml")),
    ("qualifiers.toml", include_str!("../rules/qualifiers.toml")),
];

/// One rules file's name and text, as loaded.
#[derive(Debug, Clone)]
pub struct RulesFile {
    /// The name shown in errors: `rules/months.toml` for embedded files,
    /// the real path for files read from `--rules DIR`.
    pub display: String,
    /// The file's text.
    pub text: String,
}

impl RulesFile {
    /// Parses the file as TOML into `T`, mapping errors to the file's line and column.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, LexiconError> {
        toml::from_str(&self.text).map_err(|e| {
            LexiconError::at(
                &self.display,
                &self.text,
                e.span(),
                e.message().trim().to_string(),
                "here",
            )
        })
    }

    /// An error at `span` of this file.
    pub fn error(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> LexiconError {
        LexiconError::at(&self.display, &self.text, Some(span), message, label)
    }
}

/// All rule data, compiled and ready for matching.
#[derive(Debug)]
pub struct Lexicon {
    /// Gregorian month names in every system.
    pub months: MonthTable,
    /// Count categories and subjects.
    pub categories: Categories,
    /// Event triggers.
    pub events: Events,
    /// Military ranks (in order) and civil titles.
    pub ranks: RankTable,
    /// Places, organisations and people.
    pub gazetteer: Gazetteer,
    /// Weekdays, ordinals, relative words and Hijri months (`dates.toml`).
    pub dates: DateWords,
    /// The date model's patterns, compiled from `dates`.
    pub date_patterns: DatePatterns,
    /// The patterns of stated spans, compiled from `dates`.
    pub span_patterns: SpanPatterns,
    /// Number words and quantity qualifiers.
    pub numbers: NumberLexicon,
    /// The first-word filters of the phrase tables above, for marking an
    /// article's words once for all of them.
    pub(crate) phrase_marks: PhraseMarks,
}

impl Lexicon {
    /// The embedded default rule data.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::load(None)
    }

    /// Loads the rule data, overriding embedded files with those in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Lexicon, LexiconError> {
        let files = collect_files(dir)?;
        let get = |name: &str| {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, f)| f)
                .expect("every known file is collected")
        };
        let dates = DateWords::load(get("dates.toml"))?;
        // In file order, so the first broken file is the one reported.
        let date_patterns = DatePatterns::new(&dates);
        // The month scan reads the Arabic Hijri names too (see `DatePatterns`).
        let months =
            MonthTable::load(get("months.toml"))?.reading_also(&date_patterns.hijri_arabic);
        let mut categories = Categories::load(get("categories.toml"))?;
        let mut events = Events::load(get("events.toml"))?;
        let mut ranks = RankTable::load(get("ranks.toml"))?;
        let mut gazetteer = Gazetteer::load(get("gazetteer.toml"))?;
        let mut phrase_marks = PhraseMarks::default();
        phrase_marks.register(&mut categories.words);
        phrase_marks.register(&mut events.words);
        ranks.register(&mut phrase_marks);
        gazetteer.register(&mut phrase_marks);
        Ok(Lexicon {
            months,
            categories,
            events,
            ranks,
            gazetteer,
            date_patterns,
            span_patterns: SpanPatterns::new(&dates),
            dates,
            numbers: NumberLexicon::load(get("numbers.toml"), get("qualifiers.toml"))?,
            phrase_marks,
        })
    }
}

fn collect_files(dir: Option<&Path>) -> Result<Vec<(&'static str, RulesFile)>, LexiconError> {
    let mut out = Vec::with_capacity(FILES.len());
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            LexiconError::at(
                &dir.display().to_string(),
                "",
                None,
                format!("cannot read the rules folder: {e}"),
                "",
            )
        })?;
        let mut names: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        for name in names {
            if !FILES.iter().any(|(known, _)| *known == name) {
                let known: Vec<_> = FILES.iter().map(|(n, _)| *n).collect();
                return Err(LexiconError::at(
                    &dir.join(&name).display().to_string(),
                    "",
                    None,
                    format!(
                        "unknown rules file `{name}`; tadqiq reads {}",
                        known.join(", ")
                    ),
                    "",
                ));
            }
        }
    }
    for (name, embedded) in FILES {
        let file = match dir.map(|d| d.join(name)).filter(|p| p.exists()) {
            Some(path) => {
                // Read like an article (never opening a FIFO, within the
                // size limits), then require UTF-8.
                let text = crate::input::read_bytes(&path, &crate::input::Limits::default())
                    .map_err(|e| e.message)
                    .and_then(|b| {
                        String::from_utf8(b).map_err(|e| {
                            let at = e.utf8_error().valid_up_to();
                            format!("not valid UTF-8 (first invalid byte at offset {at})")
                        })
                    })
                    .map_err(|message| {
                        LexiconError::at(
                            &path.display().to_string(),
                            "",
                            None,
                            format!("cannot read: {message}"),
                            "",
                        )
                    })?;
                RulesFile {
                    display: path.display().to_string(),
                    text,
                }
            }
            None => RulesFile {
                display: format!("rules/{name}"),
                text: (*embedded).to_string(),
            },
        };
        out.push((*name, file));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_load() {
        let lex = Lexicon::embedded().expect("embedded rules are valid");
        assert!(lex.months.systems().len() >= 6);
    }

    #[test]
    fn every_rules_file_on_disk_is_embedded_and_identical() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let embedded = FILES.iter().find(|(n, _)| *n == name);
            let (_, text) = embedded.unwrap_or_else(|| panic!("rules/{name} is not embedded"));
            assert_eq!(std::fs::read_to_string(entry.path()).unwrap(), *text);
        }
        Lexicon::load(Some(&dir)).expect("rules/ loads from disk");
    }

    #[test]
    fn unknown_rules_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("monthz.toml"), "").unwrap();
        let err = Lexicon::load(Some(dir.path())).unwrap_err();
        assert!(
            err.to_string().contains("unknown rules file `monthz.toml`"),
            "{err}"
        );
    }

    #[test]
    fn broken_toml_names_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("months.toml"), "context = [\n\"x\",\n= 3\n").unwrap();
        let err = Lexicon::load(Some(dir.path())).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("months.toml") && msg.contains("line 3"),
            "{msg}"
        );
    }
}
