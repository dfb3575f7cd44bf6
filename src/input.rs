//! Input: finding article files and reading them safely.
//!
//! Paths on the command line are files or folders; folders are walked
//! recursively for `.txt` and `.md` files in sorted order, skipping hidden
//! entries, `target/` and `README` files (a folder's description, not copy). The main decision is that reading never fails the
//! whole run: each file either becomes an [`Article`] or an [`InputError`]
//! that names it and says what is wrong, and the caller checks what it
//! could read. Nothing here ever opens a file for writing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::article::Article;
use crate::error::InputError;

/// The file extensions tadqiq reads when walking a folder.
pub const EXTENSIONS: &[&str] = &["txt", "md"];

/// Lists the article files under `paths`, in a deterministic order.
///
/// Files named explicitly are taken whatever their extension. Problems with
/// a path (missing, unreadable folder) are returned beside the files found.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError::new(root, describe_io(&e)));
                continue;
            }
        };
        if !meta.is_dir() {
            files.push(root.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_skipped_dir_or_hidden(e));
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_file()
                        && has_article_extension(e.path())
                        && !is_readme(e.path())
                    {
                        files.push(e.into_path());
                    }
                }
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_path_buf();
                    let message = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else if let Some(io) = e.io_error() {
                        describe_io(io)
                    } else {
                        e.to_string()
                    };
                    errors.push(InputError::new(&path, message));
                }
            }
        }
    }
    (files, errors)
}

fn is_skipped_dir_or_hidden(e: &walkdir::DirEntry) -> bool {
    let name = e.file_name().to_string_lossy();
    name.starts_with('.') || (e.file_type().is_dir() && name == "target")
}

fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case("readme"))
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads and parses one article file.
pub fn read_article(
    path: &Path,
    default_published: Option<NaiveDate>,
) -> Result<Article, InputError> {
    let bytes = std::fs::read(path).map_err(|e| InputError::new(path, describe_io(&e)))?;
    let (text, map) = decode(path, bytes)?;
    let article = Article::from_text(path, text, default_published)?;
    Ok(match map {
        Some(map) => article.with_file_offsets(map),
        None => article,
    })
}

/// Maps each byte offset of decoded text (and its end) to the file offset.
pub type OffsetMap = Vec<usize>;

/// Decodes a file's bytes: UTF-8 (a leading BOM is kept, so offsets stay
/// those of the file), or UTF-16 with a byte order mark (then with a map from
/// decoded offsets to file offsets); refuses empty, binary and invalid input.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<(String, Option<OffsetMap>), InputError> {
    if bytes.is_empty() {
        return Err(InputError::new(path, "the file is empty"));
    }
    if let Some(big_endian) = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(false),
        Some([0xFE, 0xFF]) => Some(true),
        _ => None,
    } {
        return decode_utf16(path, &bytes, big_endian).map(|(t, m)| (t, Some(m)));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::new(
            path,
            format!("looks like a binary file (NUL byte at offset {at}); not read"),
        ));
    }
    String::from_utf8(bytes).map(|t| (t, None)).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        InputError::new(
            path,
            format!(
                "not valid UTF-8 (first invalid byte at offset {at}); convert the file to UTF-8"
            ),
        )
    })
}

fn decode_utf16(
    path: &Path,
    bytes: &[u8],
    big_endian: bool,
) -> Result<(String, OffsetMap), InputError> {
    if bytes.len() % 2 != 0 {
        return Err(InputError::new(
            path,
            "UTF-16 file with an odd number of bytes",
        ));
    }
    let units = bytes[2..].chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len());
    let mut map = Vec::with_capacity(bytes.len());
    // The BOM is dropped from the text: offset 0 of the text is byte 2 of the file.
    let mut at = 2;
    for decoded in char::decode_utf16(units) {
        let c = decoded.map_err(|_| {
            InputError::new(
                path,
                format!("not valid UTF-16 (unpaired surrogate at byte offset {at})"),
            )
        })?;
        if c == '\0' {
            return Err(InputError::new(
                path,
                format!("looks like a binary file (NUL character at byte offset {at}); not read"),
            ));
        }
        for _ in 0..c.len_utf8() {
            map.push(at);
        }
        text.push(c);
        at += 2 * c.len_utf16();
    }
    map.push(at);
    Ok((text, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_the_problem() {
        let p = Path::new("x.txt");
        assert!(decode(p, vec![]).unwrap_err().message.contains("empty"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("aي".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, map) = decode(p, utf16).unwrap();
        assert_eq!(text, "aي");
        assert_eq!(map.unwrap(), vec![2, 4, 4, 6]);
        assert!(
            decode(p, b"ab\0cd".to_vec())
                .unwrap_err()
                .message
                .contains("offset 2")
        );
        let err = decode(p, b"abc\xff".to_vec()).unwrap_err();
        assert!(err.message.contains("offset 3"), "{}", err.message);
        assert_eq!(
            decode(p, "\u{FEFF}نص".as_bytes().to_vec()).unwrap().0,
            "\u{FEFF}نص"
        );
    }
}
