//! Helpers for rule unit tests.

use std::sync::OnceLock;

use crate::article::Article;
use crate::finding::Finding;
use crate::lexicon::Lexicon;
use crate::rules::{ArticleContext, Rule};

/// The embedded rule data, loaded once per test binary.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().expect("embedded rules load"))
}

/// Runs one article rule on `text` (a plain article without front matter).
pub(crate) fn check_text(rule: &dyn Rule, text: &str) -> Vec<Finding> {
    check_text_published(rule, text, None)
}

/// Runs one article rule on `text` published on `published` (YYYY-MM-DD).
pub(crate) fn check_text_published(
    rule: &dyn Rule,
    text: &str,
    published: Option<&str>,
) -> Vec<Finding> {
    let published = published.map(|p| p.parse().expect("a YYYY-MM-DD date"));
    let article =
        Article::from_text("test.txt", text.to_string(), published).expect("valid article");
    let claims = crate::claims::extract(&article, lexicon());
    let cx = ArticleContext {
        index: 0,
        article: &article,
        claims: &claims,
        lexicon: lexicon(),
    };
    let mut out = Vec::new();
    rule.check_article(&cx, &mut out);
    out
}

/// The texts fast paths are compared with their slow references on: every
/// `.md` and `.txt` file of `corpus/` and of the seeds (`../shared/seeds`,
/// when present), in path order.
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

/// Random texts made of `pieces` (words, marks, spaces), one of each
/// length in `lengths` counted in pieces: [`random_texts`] over an alphabet
/// of one character per piece, each character then replaced by its piece.
pub(crate) fn random_texts_of(
    pieces: &[&str],
    lengths: impl IntoIterator<Item = usize>,
) -> Vec<String> {
    let base = 0xE000; // the Private Use Area: one character per piece
    let alphabet: String = (0..pieces.len() as u32)
        .map(|k| char::from_u32(base + k).expect("a private-use character"))
        .collect();
    random_texts(&alphabet, lengths)
        .iter()
        .map(|code| {
            code.chars()
                .map(|c| pieces[(u32::from(c) - base) as usize])
                .collect()
        })
        .collect()
}

/// Random strings of the characters of `alphabet`, one of each length in
/// `lengths`, from a fixed seed (xorshift): the same strings in every run,
/// for comparing a fast path with its reference on text nobody wrote.
pub(crate) fn random_texts(
    alphabet: &str,
    lengths: impl IntoIterator<Item = usize>,
) -> Vec<String> {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    lengths
        .into_iter()
        .map(|len| {
            (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect()
        })
        .collect()
}
