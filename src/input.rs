//! Input: finding article files and reading them safely.
//!
//! Paths on the command line are files or folders; folders are walked
//! recursively for `.txt` and `.md` files in sorted order, skipping hidden
//! entries, `target/` and `README` files (a folder's description, not copy). The main decision is that reading never fails the
//! whole run: each file either becomes an [`Article`] or an [`InputError`]
//! that names it and says what is wrong, and the caller checks what it
//! could read. Nothing here ever opens a file for writing.
//!
//! Hostile input is refused before it costs anything: a file's size is
//! checked from its metadata before it is read, line lengths are checked
//! while the file streams in (a 2 GB one-line dump is dropped after the
//! first megabyte), and anything that is not a regular file (a FIFO, a
//! socket, a device) is never opened for reading, because reading a FIFO
//! blocks and reading a device may never end. Whether a path is a regular
//! file is learnt once: from the folder listing or the path's metadata
//! during discovery ([`discover`]), or, for a path read on its own, from
//! its metadata just before opening it. Files are opened without blocking
//! and the opened handle's metadata is checked again before any read, so a
//! path replaced meanwhile is refused, unread, with the same message.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::article::Article;
use crate::error::InputError;

/// The file extensions tadqiq reads when walking a folder.
pub const EXTENSIONS: &[&str] = &["txt", "md"];

/// Default largest file read, in bytes (64 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// Default longest line read, in bytes (1 MiB): far beyond any paragraph,
/// well below a one-line HTML or JSON dump.
pub const DEFAULT_MAX_LINE_LENGTH: u64 = 1 << 20;

/// The highest value either limit accepts (1 GiB). Offsets in the
/// normalization map are 32-bit, and UTF-16 text can grow by half when
/// decoded, so files must stay well under 4 GiB.
pub const MAX_LIMIT: u64 = 1 << 30;

/// How much tadqiq agrees to read from one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this many bytes are reported and not read.
    pub max_file_size: u64,
    /// Files with a line longer than this many bytes are reported and not read.
    pub max_line_length: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_line_length: DEFAULT_MAX_LINE_LENGTH,
        }
    }
}

/// Parses a size such as `65536`, `64K`, `64MiB` or `1G` (binary units).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a size (examples: 65536, 512K, 64M, 1G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{s}`: unknown unit (use K, M or G)")),
    };
    let value = number
        .checked_mul(1 << shift)
        .filter(|&v| v <= MAX_LIMIT)
        .ok_or_else(|| format!("`{s}` is over the largest limit, 1G"))?;
    if value == 0 {
        return Err("a limit of 0 would refuse every file".into());
    }
    Ok(value)
}

/// Lists the article files under `paths`, in a deterministic order.
///
/// Files named explicitly are taken whatever their extension. Problems with
/// a path (missing, unreadable folder, symbolic link loop, a FIFO or socket
/// with an article's extension, a name that is not UTF-8) are returned
/// beside the files found.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let (files, errors) = discover_files(paths);
    (files.into_iter().map(|f| f.path).collect(), errors)
}

/// A file [`discover`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Its path.
    pub path: PathBuf,
    /// True when discovery saw a regular file at the path (in the folder
    /// listing, or in the metadata of a path named explicitly), so that
    /// reading it may open it without looking at the path first; see
    /// [`read_found_article`].
    pub regular: bool,
}

/// [`discover`], also saying which files were seen to be regular files.
pub(crate) fn discover_files(paths: &[PathBuf]) -> (Vec<Found>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // Folders already walked, by identity: symbolic links can make a folder
    // reachable by exponentially many paths without any loop (each level
    // linking twice to the next), so each folder is walked once.
    let mut walked = std::collections::HashSet::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError::new(root, describe_open_error(root, &e)));
                continue;
            }
        };
        if !meta.is_dir() {
            match check_name(root) {
                Ok(()) => files.push(Found {
                    path: root.clone(),
                    regular: meta.is_file(),
                }),
                Err(e) => errors.push(e),
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                (e.depth() == 0 || !is_skipped_dir_or_hidden(e))
                    && (!e.file_type().is_dir() || folder_id(e).is_none_or(|id| walked.insert(id)))
            });
        for entry in walker {
            match entry {
                Ok(e) => {
                    let kind = e.file_type();
                    if kind.is_dir() || !has_article_extension(e.path()) || is_readme(e.path()) {
                        continue;
                    }
                    if !kind.is_file() {
                        // A FIFO or socket named like an article: say so
                        // rather than skip it silently, and never open it.
                        errors.push(InputError::new(e.path(), not_a_file(&kind)));
                    } else {
                        match check_name(e.path()) {
                            Ok(()) => files.push(Found {
                                path: e.into_path(),
                                regular: true,
                            }),
                            Err(err) => errors.push(err),
                        }
                    }
                }
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_path_buf();
                    let message = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else if let Some(io) = e.io_error() {
                        describe_open_error(&path, io)
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

/// The device and inode of a folder, where the platform has them.
fn folder_id(e: &walkdir::DirEntry) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        e.metadata().ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        None
    }
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

/// Refuses file names that are not UTF-8: reports (JSON, SARIF, editors)
/// name files as UTF-8 text, so a finding in such a file would point at a
/// name that does not exist. The message shows the bytes, escaped.
fn check_name(path: &Path) -> Result<(), InputError> {
    if path.to_str().is_some() {
        return Ok(());
    }
    Err(InputError::new(
        path,
        format!(
            "the file name is not valid UTF-8 (`{}`); reports could not name it, so it was \
             not read: rename it",
            escaped(path)
        ),
    ))
}

/// The path with every byte that is not part of valid UTF-8 shown as `\xNN`.
fn escaped(path: &Path) -> String {
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Says what kind of non-regular file `kind` is.
fn not_a_file(kind: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO), not a regular file; not opened".into();
        }
        if kind.is_socket() {
            return "a socket, not a regular file; not opened".into();
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device, not a regular file; not opened".into();
        }
    }
    if kind.is_dir() {
        return "a folder where a file was expected".into();
    }
    "not a regular file; not opened".into()
}

fn describe_io(e: &std::io::Error) -> String {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return "symbolic link loop (too many levels of symbolic links); not followed".into();
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Like [`describe_io`], but tells a dangling symbolic link from a missing file.
fn describe_open_error(path: &Path, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        if let Ok(target) = std::fs::read_link(path) {
            return format!(
                "broken symbolic link (points to `{}`, which does not exist)",
                target.display()
            );
        }
    }
    describe_io(e)
}

/// Reads and parses one article file, with the default [`Limits`].
pub fn read_article(
    path: &Path,
    default_published: Option<NaiveDate>,
) -> Result<Article, InputError> {
    read_article_with(path, default_published, &Limits::default())
}

/// Reads and parses one article file within `limits`.
pub fn read_article_with(
    path: &Path,
    default_published: Option<NaiveDate>,
    limits: &Limits,
) -> Result<Article, InputError> {
    article_from_bytes(path, read_bytes(path, limits)?, default_published)
}

/// [`read_article_with`] for a file [`discover_files`] found: one seen to
/// be a regular file is opened without looking at its path first (a stat
/// per file, a sixth of the time spent reading a short article). Its handle
/// is still checked before any read, so a file replaced by a FIFO or a
/// device since the walk is refused with the same message, unread.
pub(crate) fn read_found_article(
    found: &Found,
    default_published: Option<NaiveDate>,
    limits: &Limits,
) -> Result<Article, InputError> {
    let bytes = if found.regular {
        read_opened(&found.path, limits)?
    } else {
        read_bytes(&found.path, limits)?
    };
    article_from_bytes(&found.path, bytes, default_published)
}

/// Decodes and parses a file's bytes.
fn article_from_bytes(
    path: &Path,
    bytes: Vec<u8>,
    default_published: Option<NaiveDate>,
) -> Result<Article, InputError> {
    let (text, map) = decode(path, bytes)?;
    let article = Article::from_text(path, text, default_published)?;
    Ok(match map {
        Some(map) => article.with_file_offsets(map),
        None => article,
    })
}

/// Reads a regular file's bytes, refusing it (before loading it whole) when
/// it breaks `limits` or is not a regular file.
pub(crate) fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, InputError> {
    let err = |m: String| InputError::new(path, m);
    let meta = std::fs::metadata(path).map_err(|e| err(describe_open_error(path, &e)))?;
    if !meta.is_file() {
        return Err(err(not_a_file(&meta.file_type())));
    }
    check_size(meta.len(), limits).map_err(err)?;
    read_opened(path, limits)
}

/// Opens a file and reads it, refusing it (before reading) when its handle
/// is no regular file or breaks `limits`: the second half of
/// [`read_bytes`], and all of the reading of a file discovery saw to be
/// regular.
fn read_opened(path: &Path, limits: &Limits) -> Result<Vec<u8>, InputError> {
    let err = |m: String| InputError::new(path, m);
    let mut file = open_nonblocking(path).map_err(|e| err(describe_open_error(path, &e)))?;
    // The path may have been swapped since it was looked at: check the
    // opened handle itself.
    let meta = file.metadata().map_err(|e| err(describe_io(&e)))?;
    if !meta.is_file() {
        return Err(err(not_a_file(&meta.file_type())));
    }
    check_size(meta.len(), limits).map_err(err)?;
    // Read straight into the buffer in chunks, so that a line over the
    // limit stops the read early. Each read asks for at most the rest of
    // the file as the metadata sized it and one byte more: a read that
    // comes back short of that with exactly the size from the metadata has
    // reached the end, without a further read to learn it. A file that
    // grew is read on until the end (or one byte past the limit); one that
    // shrank, or a read cut short, until a read returns nothing.
    let size = meta.len();
    let mut bytes = Vec::new();
    let mut lines = LineScanner::default();
    loop {
        let before = bytes.len();
        let rest = (size + 1).saturating_sub(before as u64);
        // Never past one byte over the limit, which tells a file that grew.
        let room = limits.max_file_size + 1 - before as u64;
        let asked = if rest > 0 { rest.min(CHUNK) } else { CHUNK }.min(room);
        bytes.resize(before + asked as usize, 0);
        let n = loop {
            match file.read(&mut bytes[before..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                read => break read,
            }
        }
        .map_err(|e| err(format!("cannot read: {}", describe_io(&e))))?;
        bytes.truncate(before + n);
        lines
            .feed(&bytes, before, limits.max_line_length)
            .map_err(err)?;
        check_size(bytes.len() as u64, limits).map_err(err)?;
        if n == 0 || (n < asked as usize && bytes.len() as u64 == size) {
            break;
        }
    }
    Ok(bytes)
}

/// Bytes read between two line-length checks.
const CHUNK: u64 = 64 * 1024;

fn check_size(size: u64, limits: &Limits) -> Result<(), String> {
    if size > limits.max_file_size {
        Err(format!(
            "the file is {size} bytes, over the limit of {} bytes (--max-file-size); not read",
            limits.max_file_size
        ))
    } else {
        Ok(())
    }
}

/// Opens for reading without blocking on a FIFO that replaced the file
/// since it was looked at (the handle is checked before any read).
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Tracks line lengths over a file read in chunks. The encoding is taken
/// from the first bytes: UTF-16 files (with a byte order mark) count lines
/// in 16-bit units, everything else in bytes; lengths are always in bytes.
#[derive(Debug, Default)]
struct LineScanner {
    /// Bytes seen so far.
    offset: u64,
    /// `Some(big_endian)` once a UTF-16 byte order mark was seen.
    utf16: Option<bool>,
    /// The first byte of a UTF-16 unit split across chunks.
    pending: u8,
    /// 0-based number of the current line.
    line: u64,
    /// Bytes on the current line so far.
    length: u64,
}

impl LineScanner {
    /// Scans `seen[from..]`, the bytes just read; `seen` holds every byte
    /// read so far (from the start of the file).
    fn feed(&mut self, seen: &[u8], from: usize, max: u64) -> Result<(), String> {
        let chunk = &seen[from..];
        // The first two bytes decide the encoding, byte by byte.
        let head = chunk.len().min(2u64.saturating_sub(self.offset) as usize);
        self.feed_bytes(&chunk[..head], max)?;
        let rest = &chunk[head..];
        if self.utf16.is_some() {
            return self.feed_bytes(rest, max);
        }
        self.offset += rest.len() as u64;
        // Byte lines, the common case: when no line can reach the limit
        // within this chunk, only the length of its last line matters;
        // otherwise each line is measured. `line` is not kept up to date
        // here: the error counts the newlines before the long line.
        if self.length + rest.len() as u64 <= max {
            self.length = match rest.iter().rposition(|&b| b == b'\n') {
                Some(at) => (rest.len() - at - 1) as u64,
                None => self.length + rest.len() as u64,
            };
            return Ok(());
        }
        let mut at = from + head;
        for (i, segment) in rest.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.length = 0;
            }
            self.length += segment.len() as u64;
            if self.length > max {
                self.line = seen[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                return Err(self.too_long(max));
            }
            at += segment.len() + 1;
        }
        Ok(())
    }

    fn too_long(&self, max: u64) -> String {
        format!(
            "line {} is longer than {max} bytes (--max-line-length); this looks \
             like markup or a data dump, not an article; not read",
            self.line + 1
        )
    }

    /// The byte-by-byte scan: the first two bytes, and UTF-16 text.
    fn feed_bytes(&mut self, chunk: &[u8], max: u64) -> Result<(), String> {
        for &b in chunk {
            let at = self.offset;
            self.offset += 1;
            if at == 1 {
                self.utf16 = match (self.pending, b) {
                    (0xFF, 0xFE) => Some(false),
                    (0xFE, 0xFF) => Some(true),
                    _ => None,
                };
                if self.utf16.is_some() {
                    // The byte order mark is not part of the first line.
                    self.length = 0;
                    continue;
                }
            }
            let newline = match self.utf16 {
                None => b == b'\n',
                Some(big_endian) => {
                    if at % 2 == 0 {
                        self.pending = b;
                        continue;
                    }
                    let unit = if big_endian {
                        [self.pending, b]
                    } else {
                        [b, self.pending]
                    };
                    unit == [0, b'\n']
                }
            };
            if at == 0 {
                self.pending = b;
            }
            if newline {
                self.line += 1;
                self.length = 0;
            } else {
                self.length += if self.utf16.is_some() { 2 } else { 1 };
                if self.length > max {
                    return Err(self.too_long(max));
                }
            }
        }
        Ok(())
    }
}

/// Maps each byte offset of decoded text (and its end) to the file offset.
pub type OffsetMap = Vec<usize>;

/// Decodes a file's bytes: UTF-8 (a leading BOM is kept, so offsets stay
/// those of the file), or UTF-16 with a byte order mark (then with a map from
/// decoded offsets to file offsets); refuses empty, binary and invalid input,
/// naming the byte offset of the first problem.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<(String, Option<OffsetMap>), InputError> {
    if bytes.is_empty() {
        return Err(InputError::new(path, "the file is empty"));
    }
    // UTF-32 byte order marks first: the little-endian one starts like UTF-16's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(InputError::new(
            path,
            "UTF-32 text is not supported; convert the file to UTF-8",
        ));
    }
    if let Some(big_endian) = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(false),
        Some([0xFE, 0xFF]) => Some(true),
        _ => None,
    } {
        return decode_utf16(path, &bytes, big_endian).map(|(t, m)| (t, Some(m)));
    }
    // `contains` searches with memchr; the position is wanted only for the error.
    if let Some(at) = bytes
        .contains(&0)
        .then(|| bytes.iter().position(|&b| b == 0))
        .flatten()
    {
        let message = if looks_like_utf16(&bytes) {
            format!(
                "looks like UTF-16 without a byte order mark (NUL byte at offset {at}); \
                 save it as UTF-8, or as UTF-16 with a byte order mark"
            )
        } else {
            format!("looks like a binary file (NUL byte at offset {at}); not read")
        };
        return Err(InputError::new(path, message));
    }
    // Valid text, nearly every file, is checked with SIMD (the standard
    // library checks Arabic a character at a time, a tenth of the cost of
    // extracting claims) and copied out of the checked bytes: a copy of a
    // few kilobytes costs less than checking them again in
    // `String::from_utf8`, which is left to find where invalid text fails.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok((text.to_owned(), None));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            Err(InputError::new(
                path,
                format!(
                    "not valid UTF-8 (first invalid byte at offset {at}); byte 0x{:02X} on \
                     line {line}: the file may be in a legacy encoding such as Windows-1256; \
                     convert it to UTF-8",
                    bytes[at]
                ),
            ))
        }
    }
}

/// True when NUL bytes fill every other position of the first bytes, as in
/// ASCII-heavy UTF-16 text.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256)];
    if head.len() < 4 {
        return false;
    }
    let nul_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|&(i, &b)| i % 2 == parity && b == 0)
            .count()
    };
    let half = head.len() / 2;
    nul_at(0) * 2 > half || nul_at(1) * 2 > half
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

    #[test]
    fn decode_accepts_exactly_what_the_standard_library_accepts() {
        // The SIMD check must agree with `String::from_utf8` on every input:
        // the corpus, and random bytes near the edges of UTF-8 (lead bytes,
        // continuations, surrogates, overlong forms, truncated characters).
        let mut inputs: Vec<Vec<u8>> = crate::testing::corpus_texts()
            .into_iter()
            .map(String::into_bytes)
            .collect();
        let pieces: &[&[u8]] = &[
            b"a",
            b" ",
            "ي".as_bytes(),
            "€".as_bytes(),
            "𝔸".as_bytes(),
            &[0x80],
            &[0xBF],
            &[0xC0, 0x80],
            &[0xC2],
            &[0xE0, 0x80, 0x80],
            &[0xED, 0xA0, 0x80],
            &[0xF4, 0x90],
            &[0xF5],
            &[0xFF],
            &[0xD8],
            &[0xE2, 0x82],
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for len in 1..400 {
            let mut bytes = Vec::new();
            for _ in 0..len % 97 + 1 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Mostly valid text, now and then a broken piece.
                let i = (state % 64) as usize;
                bytes.extend_from_slice(pieces[if i < 60 { i % 5 } else { i % pieces.len() }]);
            }
            inputs.push(bytes);
        }
        let (mut valid, mut invalid) = (0, 0);
        for bytes in inputs {
            let expected = String::from_utf8(bytes.clone()).ok();
            match decode(Path::new("x.txt"), bytes) {
                Ok((text, None)) => {
                    assert_eq!(Some(&text), expected.as_ref());
                    valid += 1;
                }
                Ok((_, Some(_))) => unreachable!("no byte order mark here"),
                Err(e) => {
                    assert!(expected.is_none(), "{e}");
                    assert!(e.to_string().contains("not valid UTF-8"), "{e}");
                    invalid += 1;
                }
            }
        }
        assert!(
            valid > 100 && invalid > 100,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("512 KiB"), Ok(512 << 10));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("2G").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999999").is_err());
    }

    fn scan(bytes: &[u8], max: u64, chunk: usize) -> Result<(), String> {
        let mut s = LineScanner::default();
        (0..bytes.len())
            .step_by(chunk)
            .try_for_each(|from| s.feed(&bytes[..(from + chunk).min(bytes.len())], from, max))
    }

    #[test]
    fn line_scanner_counts_bytes_per_line_across_chunks() {
        let text = b"abcd\nabcdef\nab";
        for chunk in 1..text.len() {
            assert!(scan(text, 6, chunk).is_ok());
            let err = scan(text, 5, chunk).unwrap_err();
            assert!(err.starts_with("line 2 is longer than 5 bytes"), "{err}");
        }
    }

    #[test]
    fn line_scanner_names_the_first_long_line_for_any_chunking() {
        let text: Vec<u8> = (0..40)
            .flat_map(|i| {
                let mut line = vec![b'x'; (i * 7) % 23];
                line.push(b'\n');
                line
            })
            .collect();
        for max in 0..24u64 {
            let first_long = text
                .split(|&b| b == b'\n')
                .position(|line| line.len() as u64 > max);
            for chunk in [1, 2, 3, 5, 16, 64, text.len()] {
                let got = scan(&text, max, chunk);
                match first_long {
                    None => assert!(got.is_ok(), "max {max} chunk {chunk}"),
                    Some(i) => {
                        let err = got.unwrap_err();
                        assert!(err.starts_with(&format!("line {} ", i + 1)), "{err}");
                    }
                }
            }
        }
    }

    #[test]
    fn line_scanner_reads_utf16_units() {
        for big_endian in [false, true] {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            // U+0A0A contains 0x0A bytes but is no newline.
            for u in "ab\n\u{0A0A}\u{0A0A}\u{0A0A}\nc".encode_utf16() {
                bytes.extend(if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            for chunk in 1..5 {
                assert!(scan(&bytes, 6, chunk).is_ok());
                let err = scan(&bytes, 5, chunk).unwrap_err();
                assert!(err.starts_with("line 2 "), "{err}");
            }
        }
    }

    #[test]
    fn limits_refuse_before_reading_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "abc\ndef\n").unwrap();
        let small = Limits {
            max_file_size: 7,
            max_line_length: 100,
        };
        let err = read_bytes(&path, &small).unwrap_err();
        assert!(
            err.message.contains("8 bytes, over the limit of 7"),
            "{err}"
        );
        let ok = Limits {
            max_file_size: 8,
            max_line_length: 3,
        };
        assert_eq!(read_bytes(&path, &ok).unwrap(), b"abc\ndef\n");
    }

    #[test]
    fn legacy_encodings_are_named_not_mangled() {
        let p = Path::new("x.txt");
        // "نص" in Windows-1256.
        let err = decode(p, b"ab\n\xe4\xd5".to_vec()).unwrap_err();
        assert!(
            err.message.contains("offset 3); byte 0xE4 on line 2"),
            "{err}"
        );
        assert!(err.message.contains("0xE4"), "{err}");
        let utf16_no_bom: Vec<u8> = "plain words"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(
            decode(p, utf16_no_bom)
                .unwrap_err()
                .message
                .contains("UTF-16 without")
        );
        let err = decode(p, vec![0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).unwrap_err();
        assert!(err.message.contains("UTF-32"), "{err}");
        let err = decode(p, vec![0xFF, 0xFE, 0x00, 0xD8, b'a', 0]).unwrap_err();
        assert!(
            err.message.contains("unpaired surrogate at byte offset 2"),
            "{err}"
        );
    }

    #[test]
    fn reads_every_byte_whatever_the_size() {
        let dir = tempfile::tempdir().unwrap();
        let chunk = CHUNK as usize;
        for size in [
            0,
            1,
            2,
            100,
            chunk - 1,
            chunk,
            chunk + 1,
            2 * chunk,
            3 * chunk + 7,
        ] {
            let path = dir.path().join(format!("{size}.txt"));
            let bytes: Vec<u8> = (0..size)
                .map(|i| {
                    if i % 61 == 60 {
                        b'\n'
                    } else {
                        b'a' + (i % 26) as u8
                    }
                })
                .collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(
                read_bytes(&path, &Limits::default()).unwrap(),
                bytes,
                "{size}"
            );
            let limits = Limits {
                max_file_size: size as u64,
                max_line_length: 60,
            };
            assert_eq!(read_opened(&path, &limits).unwrap(), bytes, "{size}");
            if size > 0 {
                let err = read_opened(
                    &path,
                    &Limits {
                        max_file_size: size as u64 - 1,
                        ..limits
                    },
                )
                .unwrap_err();
                assert!(err.message.contains("over the limit"), "{err}");
            }
        }
        // The corpus and the seeds read as the standard library reads them.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in [root.join("corpus"), root.join("../shared/seeds")] {
            let (files, _) = discover_files(&[folder]);
            for found in files {
                let expected = std::fs::read(&found.path).unwrap();
                assert_eq!(
                    read_opened(&found.path, &Limits::default()).unwrap(),
                    expected
                );
            }
        }
    }

    /// Files whose metadata gives no size (those of /proc) are read to the end.
    #[cfg(target_os = "linux")]
    #[test]
    fn reads_past_the_size_in_the_metadata() {
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let bytes = read_opened(path, &Limits::default()).unwrap();
        assert!(
            bytes.starts_with(b"Name:"),
            "{:?}",
            String::from_utf8_lossy(&bytes)
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifo_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.txt");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo has no other precondition.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let err = read_bytes(&fifo, &Limits::default()).unwrap_err();
        assert!(err.message.contains("FIFO"), "{err}");
        let (files, errors) = discover(&[dir.path().to_path_buf()]);
        assert!(files.is_empty());
        assert!(errors[0].message.contains("FIFO"), "{:?}", errors);
        // Named explicitly, it is found but not as a regular file, so its
        // reading looks at the path first.
        let (files, _) = discover_files(std::slice::from_ref(&fifo));
        assert_eq!(
            files,
            [Found {
                path: fifo.clone(),
                regular: false
            }]
        );
        let err = read_found_article(&files[0], None, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message,
            "a named pipe (FIFO), not a regular file; not opened"
        );
        // A regular file replaced by a FIFO after the walk: opened without
        // blocking, and refused before any read with the same message.
        let swapped = Found {
            path: fifo,
            regular: true,
        };
        let err = read_found_article(&swapped, None, &Limits::default()).unwrap_err();
        assert_eq!(
            err.message,
            "a named pipe (FIFO), not a regular file; not opened"
        );
    }
}
