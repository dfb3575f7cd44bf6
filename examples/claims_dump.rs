//! Prints every claim tadqiq extracts from the articles under the given
//! paths, one `Debug` block per article in path order.
//!
//! This is the oracle for performance work on extraction: a change that
//! only makes extraction faster must leave this output byte-identical on
//! the sample corpus and on a generated archive:
//!
//! ```sh
//! cargo run --release --example claims_dump -- corpus > before.txt
//! # ...change the extractors...
//! cargo run --release --example claims_dump -- corpus > after.txt
//! cmp before.txt after.txt
//! ```

use std::io::Write;
use std::path::PathBuf;

use tadqiq::lexicon::Lexicon;

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: claims_dump PATH...");
        std::process::exit(2);
    }
    let lexicon = match Lexicon::load(None) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("claims_dump: {e}");
            std::process::exit(2);
        }
    };
    let (files, errors) = tadqiq::input::discover(&paths);
    for e in errors {
        eprintln!("claims_dump: {e}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in files {
        match tadqiq::input::read_article(&path, None) {
            Ok(article) => {
                let claims = tadqiq::claims::extract(&article, &lexicon);
                let _ = writeln!(out, "== {}\n{claims:#?}", path.display());
            }
            Err(e) => {
                let _ = writeln!(out, "== {}\nerror: {e}", path.display());
            }
        }
    }
}
