//! Fuzz target: front matter parsing and article construction.
//!
//! Any text (lossily decoded) becomes an article or an `InputError`; when
//! it is an article, the body starts on a character boundary inside it.

use tadqiq::article::Article;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data).into_owned();
        let len = text.len();
        if let Ok(article) = Article::from_text("fuzz.md", text, None) {
            assert!(article.body_start <= len);
            assert!(article.source.is_char_boundary(article.body_start));
            let _ = article.body();
        }
    });
}
