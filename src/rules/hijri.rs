use chrono::{Datelike, NaiveDate};

use crate::calendar::dates::{Calendar, DateMention, describe};
use crate::calendar::hijri::{self, ARABIC};
use crate::finding::{Finding, Label, Severity};
use crate::rules::{ArticleContext, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A Hijri date written with its Gregorian equivalent must name the
    /// same day: «1 شوال 1444 هـ الموافق 21 أبريل 2023», «الموافق لـ»,
    /// «21 أبريل 2023 (1 شوال 1444 هـ)», «... هـ / ... م». The Hijri date is
    /// converted under Umm al-Qura (ICU4X). Because the start of a Hijri
    /// month depends on sighting the new moon, a country may be a day ahead
    /// of or behind Umm al-Qura: a difference of one day is accepted, two
    /// or more are reported. A Hijri date without a year takes the Hijri
    /// year of its Gregorian pair.
    ///
    /// ## Why it matters
    /// Dual dates are copied from calendars and agency wires by hand; a
    /// wrong pair puts an event, a holiday or a deadline on another day.
    ///
    /// ## Example
    /// Wrong: «أُعلن العيد يوم 1 شوال 1444 هـ الموافق 23 أبريل 2023»
    /// (1 Shawwal 1444 was 21 April 2023 under Umm al-Qura).
    ///
    /// Right: «1 شوال 1444 هـ الموافق 21 أبريل 2023», or «... الموافق 22
    /// أبريل 2023» where the moon was sighted a day later.
    pub struct HijriPair;
}

/// The Gregorian date of a Hijri mention, taking a missing year from `near`.
fn hijri_date(h: &DateMention, near: Option<NaiveDate>) -> Option<NaiveDate> {
    let day = h.day?;
    if let Some(y) = h.year {
        return hijri::to_gregorian(y, h.month, day);
    }
    let near = near?;
    let (hy, _, _) = hijri::from_gregorian(near)?;
    (hy - 1..=hy + 1)
        .filter_map(|y| hijri::to_gregorian(y, h.month, day))
        .min_by_key(|g| (*g - near).num_days().abs())
}

/// The Gregorian date of a Gregorian mention, taking a missing year from `near`.
fn gregorian_date(g: &DateMention, near: Option<NaiveDate>) -> Option<NaiveDate> {
    if let Some(d) = g.resolved() {
        return Some(d);
    }
    let (day, near) = (g.day?, near?);
    (near.year() - 1..=near.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, u32::from(g.month), u32::from(day)))
        .min_by_key(|d| (*d - near).num_days().abs())
}

impl Rule for HijriPair {
    fn code(&self) -> &'static str {
        "hijri"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "a Hijri date and its Gregorian equivalent are more than a day apart"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn check_article(&self, cx: &ArticleContext<'_>, out: &mut Vec<Finding>) {
        let all = &cx.claims.dates;
        for h in all.iter().filter(|d| d.calendar == Calendar::Hijri) {
            let Some(g) = h.pair.and_then(|i| all.get(i)) else {
                continue;
            };
            if g.calendar != Calendar::Gregorian || (h.year.is_none() && g.year.is_none()) {
                continue;
            }
            // Anchor whichever side lacks a year on the side that has one.
            let g_date = if g.year.is_some() {
                g.resolved()
            } else {
                gregorian_date(g, hijri_date(h, None))
            };
            let h_date = hijri_date(h, g_date);
            let (Some(h_date), Some(g_date)) = (h_date, g_date) else {
                continue;
            };
            let apart = (g_date - h_date).num_days().abs();
            if apart <= 1 {
                continue;
            }
            let (hw, gw) = (cx.article.slice(h.span), cx.article.slice(g.span));
            let back = hijri::from_gregorian(g_date)
                .map(|(y, m, d)| format!("{d} {} {y} هـ", ARABIC[m as usize - 1]))
                .unwrap_or_default();
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                message: format!(
                    "«{hw}» is {} under Umm al-Qura, {apart} days from «{gw}» ({})",
                    describe(h_date),
                    describe(g_date)
                ),
                help: Some(format!(
                    "{} is {back} under Umm al-Qura. Moon sighting can move a Hijri date by one day, not {apart}: correct one of the two dates.",
                    describe(g_date)
                )),
                labels: vec![
                    Label::primary(cx.index, h.span, describe(h_date)),
                    Label::secondary(cx.index, g.span, describe(g_date)),
                ],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_text_published;

    fn flagged(text: &str) -> Vec<Finding> {
        check_text_published(&HijriPair, text, None)
    }

    #[test]
    fn flags_pairs_two_days_apart_or_more_in_every_style() {
        for text in [
            "أُعلن العيد يوم 1 شوال 1444 هـ الموافق 23 أبريل 2023",
            "الجمعة 1 شوال 1444هـ، الموافق لـ 25 أبريل 2023م",
            "في 25 أبريل 2023 (1 شوال 1444 هـ)",
            "في 1 شوال 1444 هـ / 25 أبريل 2023 م",
            "في 1 رمضان الموافق 15 مارس 2024",
            "في 1 رمضان 1445 الموافق 15 مارس",
        ] {
            let found = flagged(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
        }
        let f = &flagged("أُعلن العيد يوم 1 شوال 1444 هـ الموافق 23 أبريل 2023")[0];
        assert!(f.message.contains("Friday 21 April 2023"), "{}", f.message);
        assert!(f.message.contains("2 days"), "{}", f.message);
        assert!(
            f.help.as_deref().unwrap().contains("3 شوال 1444"),
            "{:?}",
            f.help
        );
    }

    #[test]
    fn correct_pairs_and_one_day_apart_stay_silent() {
        for text in [
            "يوم 1 شوال 1444 هـ الموافق 21 أبريل 2023",
            "يوم 1 شوال 1444 هـ الموافق 22 أبريل 2023",
            "يوم 1 شوال 1444 هـ الموافق 20 أبريل 2023",
            "الاثنين 1 رمضان 1445هـ، الموافق لـ 11 مارس 2024م",
            "في 11 مارس 2024 (1 رمضان 1445 هـ)",
            "في 1 رمضان الموافق 11 مارس 2024",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
    }

    #[test]
    fn traps_stay_silent() {
        for text in [
            // Not a pair: two dates of two events.
            "صام الناس في 1 رمضان 1445 هـ، وفي 25 أبريل 2024 عادوا",
            "بدأ رمضان، و25 أبريل 2024 موعد العودة",
            // No year on either side.
            "في 1 شوال الموافق 25 أبريل",
            // «صفر» is zero without a year.
            "انتهت المباراة 3 صفر في 25 أبريل 2023",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
    }
}
