//! Calendar: month names of every system, and (as it grows) the date model.
//!
//! Everything that knows how copy writes dates lives here: Gregorian month
//! names in each regional Arabic system and in English ([`months`]). The
//! main decision is that names are data (`rules/months.toml`) compiled once
//! into a single matcher; calendar arithmetic is left to chrono and ICU4X
//! rather than written by hand.

pub mod dates;
pub mod durations;
pub mod hijri;
pub mod months;
pub mod words;
