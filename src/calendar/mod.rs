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
