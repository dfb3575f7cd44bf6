use chrono::{Datelike, Days, NaiveDate};

use crate::calendar::dates::{
    Calendar, DateMention, Link, describe, weekday_arabic, weekday_name, year_reason,
};
use crate::finding::{Finding, Label, Severity};
use crate::rules::{ArticleContext, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A weekday written with a date must be the weekday that date falls on:
    /// «يوم الأحد 5 يناير 2020», «الجمعة، 3 مارس», "Sunday, January 5, 2020",
    /// "on Sunday, Jan. 28". A date without a year takes it from the
    /// publication date (with «الماضي», «المقبل» or the tense of the
    /// clause); when several years are possible, the rule reports only a
    /// weekday that fits none of them, and with no year and no publication
    /// date it stays silent. A weekday given later in the same or the next
    /// sentence («..., وهو يوم الخميس») is checked too, at warning, because
    /// the link is indirect. Remembered dates («في ذكرى ...») are skipped.
    /// A Hijri date's weekday is checked against its Gregorian pair, or
    /// against Umm al-Qura with a day's tolerance for moon sighting.
    ///
    /// ## Why it matters
    /// Weekdays are added or kept by hand when copy is rewritten, and a
    /// wrong one makes readers doubt every other date in the story.
    ///
    /// ## Example
    /// Wrong (published 2019-03-20): «عقد المجلس جلسته الأربعاء 12 آذار/مارس»
    /// (12 March 2019 was a Tuesday).
    ///
    /// Right: «عقد المجلس جلسته الثلاثاء 12 آذار/مارس».
    pub struct WeekdayRule;
}

/// The dates a mention's weekday is checked against, and the tolerance in days.
fn targets(all: &[DateMention], d: &DateMention) -> (Vec<NaiveDate>, u64) {
    match d.calendar {
        Calendar::Gregorian => (d.candidates.clone(), 0),
        Calendar::Hijri => match d.pair.and_then(|i| all.get(i)) {
            Some(g) if !g.candidates.is_empty() => (g.candidates.clone(), 0),
            _ => (d.candidates.clone(), 1),
        },
    }
}

impl Rule for WeekdayRule {
    fn code(&self) -> &'static str {
        "weekday"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "the weekday written with a date is not the day that date falls on"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn check_article(&self, cx: &ArticleContext<'_>, out: &mut Vec<Finding>) {
        let all = &cx.claims.dates;
        for d in all {
            let Some(wd) = d.weekday else { continue };
            if d.anniversary || d.day.is_none() {
                continue;
            }
            let (dates, tolerance) = targets(all, d);
            if dates.is_empty() {
                continue;
            }
            let fits = dates.iter().any(|date| {
                (0..=tolerance).any(|k| {
                    [
                        date.checked_add_days(Days::new(k)),
                        date.checked_sub_days(Days::new(k)),
                    ]
                    .into_iter()
                    .flatten()
                    .any(|x| x.weekday() == wd.day)
                })
            });
            if fits {
                continue;
            }
            let written = cx.article.slice(d.span);
            let facts: Vec<String> = dates.iter().map(|x| describe(*x)).collect();
            let severity = match wd.link {
                Link::Direct => Severity::Error,
                Link::Indirect => Severity::Warning,
            };
            let how = match wd.link {
                Link::Direct => "",
                Link::Indirect => " (the weekday is given later in the sentence)",
            };
            let right: Vec<String> = dates
                .iter()
                .map(|x| {
                    format!(
                        "{} ({})",
                        weekday_name(x.weekday()),
                        weekday_arabic(x.weekday())
                    )
                })
                .collect();
            out.push(Finding {
                code: self.code(),
                severity,
                message: format!(
                    "«{written}» is given as a {}{how}, but it falls on {}",
                    weekday_name(wd.day),
                    facts.join(" or ")
                ),
                help: Some(format!(
                    "Resolved as {} ({}). The weekday should be {}, or the date is wrong.",
                    facts.join(" or "),
                    year_reason(d, cx.article.published),
                    right.join(" or ")
                )),
                labels: vec![
                    Label::primary(cx.index, wd.span, weekday_name(wd.day)),
                    Label::secondary(cx.index, date_span(d), facts.join(" or ")),
                ],
            });
        }
    }
}

/// The date without its weekday (nor the parenthesis that closed
/// "Friday (June 15)"), for the secondary label: from the first to the last
/// of its day, month, year and relative word.
fn date_span(d: &DateMention) -> crate::text::Span {
    let parts = [
        Some(d.month_span),
        d.day_span,
        d.year_span,
        d.relative.map(|(_, s)| s),
    ];
    let parts = parts.iter().flatten();
    let start = parts.clone().map(|s| s.start).min().unwrap_or(d.span.start);
    let end = parts.map(|s| s.end).max().unwrap_or(d.span.end);
    crate::text::Span::new(start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_text_published;

    fn flagged(text: &str, published: Option<&str>) -> Vec<Finding> {
        check_text_published(&WeekdayRule, text, published)
    }

    #[test]
    fn the_date_label_leaves_out_a_closing_parenthesis() {
        let text = "The call is set for Friday (June 15, 2024) with the minister.";
        let f = flagged(text, None);
        assert_eq!(f.len(), 1, "{f:?}");
        let date = &f[0].labels[1];
        assert_eq!(&text[date.span.range()], "June 15, 2024");
    }

    #[test]
    fn flags_a_wrong_weekday_in_every_style() {
        for (text, published) in [
            ("عقد المجلس جلسته الأربعاء 12 آذار/مارس", Some("2019-03-20")),
            ("وصل الوفد يوم الاثنين 5 يناير 2020", None),
            ("The vote was held on Friday, October 9, 2022.", None),
            ("He arrived on Tuesday, Jan. 28, 2019.", None),
            ("وفي يوم السبت، 3 مارس 2023، قال", None),
            ("The vote on Monday, November 14, 2023 passed.", None),
            (
                "The vote on Monday, November 14 passed.",
                Some("2023-11-20"),
            ),
            (
                "وتُعقد الجولة يوم الأحد المقبل، 27 نوفمبر، في الدوحة",
                Some("2023-11-20"),
            ),
            (
                "وكانت الجولة الأولى قد عقدت الخميس الماضي 17 نوفمبر",
                Some("2023-11-20"),
            ),
        ] {
            let found = flagged(text, published);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].severity, Severity::Error);
        }
        let f = &flagged("عقد المجلس جلسته الأربعاء 12 آذار/مارس", Some("2019-03-20"))[0];
        assert!(f.message.contains("Tuesday 12 March 2019"), "{}", f.message);
        assert!(f.help.as_deref().unwrap().contains("الثلاثاء"));
        assert!(f.help.as_deref().unwrap().contains("2019-03-20"));
    }

    #[test]
    fn an_indirect_weekday_is_a_warning() {
        let text = "وحددت الوزارة الرابع عشر من نوفمبر موعداً للامتحانات، وهو يوم الخميس.";
        // 14 November 2018 was a Wednesday.
        let found = flagged(text, Some("2018-10-01"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.contains("Wednesday 14 November 2018"));
        // In 2019, 14 November was a Thursday.
        assert!(flagged(text, Some("2019-10-01")).is_empty());
    }

    #[test]
    fn correct_pairs_stay_silent() {
        for (text, published) in [
            ("وصل الوفد يوم الأحد 5 يناير 2020", None),
            ("Sunday, January 5, 2020", None),
            ("on Sunday, Jan. 5, 2020", None),
            ("الثلاثاء 12 آذار/مارس", Some("2019-03-20")),
            ("الجمعة، 21 أبريل 2023", None),
            ("الجمعة 1 شوال 1444 هـ الموافق 21 أبريل 2023", None),
            // A Hijri weekday a day from Umm al-Qura (sighting).
            ("السبت 1 شوال 1444 هـ", None),
        ] {
            assert!(flagged(text, published).is_empty(), "{text}");
        }
    }

    #[test]
    fn traps_stay_silent() {
        for (text, published) in [
            // No year, no publication date.
            ("الأربعاء 12 آذار/مارس", None),
            // The weekday belongs to another clause.
            (
                "قال الوزير يوم الأربعاء إن الامتحانات تبدأ في 12 مارس 2019",
                None,
            ),
            // An anniversary: the weekday is the day of the commemoration.
            ("أحيا السكان يوم الأربعاء ذكرى 12 مارس 2011", None),
            (
                "أحيا السكان الأربعاء الذكرى الثامنة لأحداث 12 مارس 2011",
                None,
            ),
            // A timeline of correct dates.
            (
                "الثلاثاء 12 مارس 2019، ثم الأربعاء 13 مارس 2019، والخميس 14 مارس 2019.",
                None,
            ),
            // Another year: the date is in 2018, when 12 March was a Monday.
            ("الاثنين 12 مارس 2018", Some("2019-03-20")),
            // An nth weekday, not a date.
            ("الخميس الثالث من نوفمبر", Some("2019-10-01")),
        ] {
            assert!(
                flagged(text, published).is_empty(),
                "{text}: {:?}",
                flagged(text, published)
            );
        }
    }

    #[test]
    fn ambiguous_years_are_reported_only_when_no_reading_fits() {
        // Published 2022-08-01, 5 March is 2022 (a Saturday) or 2023 (a Sunday).
        let found = flagged("الاثنين 5 مارس", Some("2022-08-01"));
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("Saturday 5 March 2022 or Sunday 5 March 2023")
        );
        assert!(flagged("السبت 5 مارس", Some("2022-08-01")).is_empty());
        assert!(flagged("وتجرى الانتخابات الأحد 5 مارس", Some("2022-08-01")).is_empty());
        // Published 2022-03-20, 5 March can only be 2022.
        assert_eq!(flagged("الأحد 5 مارس", Some("2022-03-20")).len(), 1);
    }
}
