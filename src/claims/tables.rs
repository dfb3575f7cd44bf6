//! Trigger tables: count categories and subjects (`rules/categories.toml`)
//! and event triggers (`rules/events.toml`).
//!
//! Both files list words per kind in Arabic and English; both compile into
//! `PhraseTable`s so a trigger is found by whole words, with Arabic
//! proclitics peeled. The main decision is that a word belongs to exactly
//! one kind in a file (checked at load): a count or an event is never
//! ambiguous between two categories because of the data.

use serde::Deserialize;
use toml::Spanned;

use crate::claims::phrases::{PhraseTable, push_index, unique_id};
use crate::error::LexiconError;
use crate::lexicon::RulesFile;

/// One count category, subject or event kind as listed.
#[derive(Debug, Clone)]
pub struct Kind {
    /// Stable identifier.
    pub id: String,
    /// Name for messages.
    pub name: String,
    /// For categories: a later, higher count is an update (tolls).
    /// For events: two dates for it in one story are a conflict.
    pub flag: bool,
}

/// What a categories.toml word stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountWord {
    /// A category trigger (index into [`Categories::categories`]).
    Category(usize),
    /// A subject (index into [`Categories::subjects`]).
    Subject(usize),
}

/// Count categories and subjects, compiled.
#[derive(Debug, Default)]
pub struct Categories {
    /// Categories in file order (earlier ones win when several are near a number).
    pub categories: Vec<Kind>,
    /// Subjects in file order.
    pub subjects: Vec<Kind>,
    pub(crate) words: PhraseTable<CountWord>,
}

/// Event kinds, compiled.
#[derive(Debug, Default)]
pub struct Events {
    /// Event kinds in file order.
    pub events: Vec<Kind>,
    pub(crate) words: PhraseTable<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    name: String,
    #[serde(default)]
    toll: bool,
    #[serde(default)]
    compare: Option<bool>,
    #[serde(default)]
    ar: Vec<Spanned<String>>,
    #[serde(default)]
    en: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    category: Vec<Spanned<Entry>>,
    #[serde(default)]
    subject: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    event: Vec<Spanned<Entry>>,
}

/// Checks ids are unique and each entry lists at least one word.
fn check_entry(
    file: &RulesFile,
    seen: &mut Vec<String>,
    e: &Spanned<Entry>,
) -> Result<(), LexiconError> {
    let v = e.get_ref();
    unique_id(file, seen, &v.id, e.span())?;
    if v.ar.is_empty() && v.en.is_empty() {
        return Err(file.error(e.span(), format!("`{}` lists no word", v.id), "here"));
    }
    Ok(())
}

impl Categories {
    /// Loads and validates `categories.toml`.
    pub fn load(file: &RulesFile) -> Result<Categories, LexiconError> {
        let parsed: CategoriesFile = file.parse()?;
        let mut t = Categories::default();
        let mut seen = Vec::new();
        for (list, is_category) in [(&parsed.category, true), (&parsed.subject, false)] {
            for e in list {
                check_entry(file, &mut seen, e)?;
                let v = e.get_ref();
                if v.compare.is_some() {
                    return Err(file.error(e.span(), "`compare` belongs in events.toml", "here"));
                }
                let kind = Kind {
                    id: v.id.clone(),
                    name: v.name.clone(),
                    flag: v.toll,
                };
                let value = if is_category {
                    CountWord::Category(push_index(&mut t.categories, kind))
                } else {
                    if v.toll {
                        return Err(file.error(
                            e.span(),
                            "`toll` applies to categories only",
                            "here",
                        ));
                    }
                    CountWord::Subject(push_index(&mut t.subjects, kind))
                };
                let (cats, subs) = (&t.categories, &t.subjects);
                t.words
                    .insert_entry(file, [&v.ar, &v.en], value, |w| match *w {
                        CountWord::Category(i) => format!("category `{}`", cats[i].id),
                        CountWord::Subject(i) => format!("subject `{}`", subs[i].id),
                    })?;
            }
        }
        Ok(t)
    }
}

impl Events {
    /// Loads and validates `events.toml`.
    pub fn load(file: &RulesFile) -> Result<Events, LexiconError> {
        let parsed: EventsFile = file.parse()?;
        let mut t = Events::default();
        let mut seen = Vec::new();
        for e in &parsed.event {
            check_entry(file, &mut seen, e)?;
            let v = e.get_ref();
            if v.toll {
                return Err(file.error(e.span(), "`toll` belongs in categories.toml", "here"));
            }
            let kind = Kind {
                id: v.id.clone(),
                name: v.name.clone(),
                flag: v.compare.unwrap_or(true),
            };
            let index = push_index(&mut t.events, kind);
            let events = &t.events;
            t.words.insert_entry(file, [&v.ar, &v.en], index, |i| {
                format!("event `{}`", events[*i].id)
            })?;
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> RulesFile {
        RulesFile {
            display: "rules/x.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn embedded_tables_load() {
        let lex = crate::testing::lexicon();
        assert!(
            lex.categories
                .categories
                .iter()
                .any(|c| c.id == "killed" && c.flag)
        );
        assert!(lex.events.events.iter().any(|e| e.id == "vote" && e.flag));
    }

    #[test]
    fn a_word_in_two_categories_or_as_a_subject_is_a_contradiction() {
        let a = "[[category]]\nid = \"a\"\nname = \"a\"\nar = [\"قتل\"]\n";
        let b = "[[category]]\nid = \"b\"\nname = \"b\"\nar = [\"قتل\"]\n";
        let err = Categories::load(&file(&format!("{a}{b}"))).unwrap_err();
        assert!(
            err.to_string()
                .contains("for category `a` and for category `b`"),
            "{err}"
        );
        let s = "[[subject]]\nid = \"s\"\nname = \"s\"\nen = [\"x\", \"X\"]\n";
        let err = Categories::load(&file(&format!("{a}{s}"))).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        let err = Categories::load(&file(&format!("{a}{a}"))).unwrap_err();
        assert!(err.to_string().contains("defined twice"), "{err}");
    }

    #[test]
    fn a_word_under_two_events_is_a_contradiction() {
        let a = "[[event]]\nid = \"a\"\nname = \"a\"\nen = [\"vote\"]\n";
        let b = "[[event]]\nid = \"b\"\nname = \"b\"\nen = [\"Vote\"]\n";
        let err = Events::load(&file(&format!("{a}{b}"))).unwrap_err();
        assert!(
            err.to_string().contains("for event `a` and for event `b`"),
            "{err}"
        );
        let err = Events::load(&file("[[event]]\nid = \"a\"\nname = \"a\"\n")).unwrap_err();
        assert!(err.to_string().contains("lists no word"), "{err}");
    }
}
