//! Hijri dates: conversion to and from the Gregorian calendar.
//!
//! Conversion is ICU4X's (`icu_calendar`) Umm al-Qura calendar, the official
//! Saudi calendar, which most Arabic copy follows; tadqiq writes no calendar
//! arithmetic of its own. The main decision is tolerance: a month's start
//! depends on the sighting of the new moon, so a Hijri date written by a
//! country that sights it may fall a day from Umm al-Qura's. Callers treat a
//! difference of one day as agreement.

use chrono::{Datelike, NaiveDate};
use icu_calendar::cal::Hijri;
use icu_calendar::{Date, Iso};

/// Arabic names of the Hijri months, for messages (1 = Muharram).
pub const ARABIC: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// The Gregorian date of a Hijri date under Umm al-Qura.
///
/// Day 30 of a month that has 29 days under Umm al-Qura is read as the day
/// after day 29 (a country that sighted the moon a day later has a day 30).
/// Returns `None` for dates ICU cannot represent or days outside 1..=30.
pub fn to_gregorian(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    if !(1..=30).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let cal = Hijri::new_umm_al_qura();
    let (date, extra) = match Date::try_new_hijri_with_calendar(year, month, day, cal) {
        Ok(d) => (d, 0),
        Err(_) if day == 30 => (
            Date::try_new_hijri_with_calendar(year, month, 29, cal).ok()?,
            1,
        ),
        Err(_) => return None,
    };
    let iso = date.to_calendar(Iso);
    let g = NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )?;
    g.checked_add_days(chrono::Days::new(extra))
}

/// The Umm al-Qura date `(year, month, day)` of a Gregorian date.
pub fn from_gregorian(date: NaiveDate) -> Option<(i32, u8, u8)> {
    let iso = Date::try_new_iso(date.year(), date.month() as u8, date.day() as u8).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((
        h.year().extended_year(),
        h.month().ordinal,
        h.day_of_month().0,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn known_umm_al_qura_dates() {
        // Eid al-Fitr 1444 fell on Friday 21 April 2023.
        assert_eq!(to_gregorian(1444, 10, 1), Some(ymd(2023, 4, 21)));
        assert_eq!(from_gregorian(ymd(2023, 4, 21)), Some((1444, 10, 1)));
        // 1 Ramadan 1445 was Monday 11 March 2024.
        assert_eq!(to_gregorian(1445, 9, 1), Some(ymd(2024, 3, 11)));
    }

    #[test]
    fn day_thirty_of_a_short_month_is_the_next_day() {
        // Ramadan 1444 had 29 days under Umm al-Qura.
        assert_eq!(to_gregorian(1444, 9, 30), Some(ymd(2023, 4, 21)));
        assert_eq!(to_gregorian(1444, 9, 31), None);
        assert_eq!(to_gregorian(1444, 13, 1), None);
    }
}
