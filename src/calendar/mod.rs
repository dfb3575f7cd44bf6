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

/// Whether byte `i` of `t` ends a sentence for the calendar: `!`, `?`, `؟`
/// (found by its second byte), a newline, or a `.` before a space or a
/// newline. Read on bytes: `؟` (D8 9F) is the only terminator outside
/// ASCII, and 9F after D8 can only be that character in valid UTF-8.
/// Dates find the sentence a date stands in with it, durations the
/// sentences that hold years.
pub(crate) fn ends_sentence(t: &[u8], i: usize) -> bool {
    match t[i] {
        b'!' | b'?' | b'\n' => true,
        b'.' => matches!(t.get(i + 1), Some(b' ' | b'\n')),
        0x9F => i > 0 && t[i - 1] == 0xD8,
        _ => false,
    }
}
