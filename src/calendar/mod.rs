//! Calendar: month names of every system, and the date model built on them.
//!
//! Everything that knows how copy writes dates lives here: Gregorian month
//! names in each regional Arabic system and in English ([`months`]), the
//! words around them — weekdays, day ordinals, relative words, Hijri months
//! and markers ([`words`]) — the dates themselves with their resolved years
//! ([`dates`]), Hijri conversion ([`hijri`]) and stated spans of years
//! ([`durations`]). The main decision is that names are data
//! (`rules/months.toml`, `rules/dates.toml`) compiled once into matchers;
//! calendar arithmetic is left to chrono and ICU4X rather than written by
//! hand.

pub mod dates;
pub mod durations;
pub mod hijri;
pub mod months;
pub mod words;

/// The texts fast paths are compared with their slow references on: every
/// file of `corpus/` and of the seeds (`../shared/seeds`, when present).
#[cfg(test)]
pub(crate) fn corpus_texts() -> Vec<String> {
    fn text_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                text_files(&path, out);
            } else if path.extension().is_some_and(|x| x == "md" || x == "txt") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    text_files(&root.join("corpus"), &mut files);
    text_files(&root.join("../shared/seeds"), &mut files);
    files.sort();
    let texts: Vec<String> = (files.iter())
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    assert!(texts.len() > 20, "{} texts", texts.len());
    texts
}
