use crate::calendar::dates::{Calendar, days_in_month};
use crate::calendar::hijri::ARABIC;
use crate::calendar::months::ENGLISH;
use crate::finding::{Finding, Label, Severity};
use crate::rules::{ArticleContext, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A date whose day does not exist in its month: 31 April, 30 or 31
    /// February, 29 February of a year that is not a leap year (only when
    /// the year is written), day 0, and in the Hijri calendar a day after
    /// the 30th. Every month system is read («31 نيسان», «31 أفريل»,
    /// "April 31"), in digits or ordinal words («الحادي والثلاثين من أبريل»).
    /// With a month name that is also an ordinary word («نيسان» is also the
    /// car maker), a bare number before it may be a count, so the rule then
    /// needs a year, a weekday or a relative word to call it a date.
    ///
    /// ## Why it matters
    /// An impossible date is always a typo, often a transposed day or month,
    /// and the right date has to be found in the source before publication.
    ///
    /// ## Example
    /// Wrong: «انتهت المهلة في 31 أبريل الماضي» (April has 30 days).
    ///
    /// Right: «انتهت المهلة في 30 أبريل الماضي», or «... في 1 مايو ...».
    pub struct ImpossibleDate;
}

impl Rule for ImpossibleDate {
    fn code(&self) -> &'static str {
        "impossible-date"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "a date whose day does not exist in its month (31 April, 30 February, day 0)"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn check_article(&self, cx: &ArticleContext<'_>, out: &mut Vec<Finding>) {
        for d in &cx.claims.dates {
            let Some(day) = d.day else { continue };
            // «باع 31 نيسان» sold 31 Nissans: with a month name that is also a
            // word, only a year, a weekday or a relative word makes it a date.
            if d.ambiguous_month && d.year.is_none() && d.weekday.is_none() && d.relative.is_none()
            {
                continue;
            }
            let (max, month_name) = match d.calendar {
                Calendar::Gregorian => (
                    days_in_month(d.month, d.year),
                    ENGLISH[d.month as usize - 1].to_string(),
                ),
                Calendar::Hijri => (30, ARABIC[d.month as usize - 1].to_string()),
            };
            if (1..=max).contains(&day) {
                continue;
            }
            let why = if day == 0 {
                "there is no day 0".to_string()
            } else if d.calendar == Calendar::Gregorian && d.month == 2 && day == 29 {
                format!(
                    "{} is not a leap year, so February has 28 days",
                    d.year.unwrap_or_default()
                )
            } else if d.calendar == Calendar::Hijri {
                format!("a Hijri month has at most 30 days ({month_name})")
            } else {
                format!("{month_name} has {max} days")
            };
            let written = cx.article.slice(d.span);
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                message: format!("«{written}» is not a date: {why}"),
                help: Some(
                    "Check the day and the month against the source; a transposed day or month is the usual cause."
                        .to_string(),
                ),
                labels: vec![Label::primary(
                    cx.index,
                    d.day_span.unwrap_or(d.span),
                    format!("day {day} of {month_name}"),
                )],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_text;

    fn flagged(text: &str) -> Vec<String> {
        check_text(&ImpossibleDate, text)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn flags_days_that_do_not_exist() {
        for (text, why) in [
            ("انتهت المهلة في 31 أبريل الماضي", "April has 30 days"),
            ("في 30 فبراير 2020", "February has 29 days"),
            ("في 29 شباط 2023", "2023 is not a leap year"),
            ("في 31 نيسان 2020", "April has 30 days"),
            ("حتى الحادي والثلاثين من يونيو", "June has 30 days"),
            ("On April 31, 2021, the board met.", "April has 30 days"),
            ("في 0 يناير", "no day 0"),
        ] {
            let found = flagged(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(found[0].contains(why), "{text}: {found:?}");
        }
    }

    #[test]
    fn real_dates_and_traps_stay_silent() {
        for text in [
            "في 30 أبريل و31 مايو",
            "في 29 فبراير 2024",
            // No year: 29 February may be a leap day.
            "في 29 فبراير",
            "في 30 رمضان 1444",
            // A count, not a day.
            "قتل 45 شخصاً في يناير",
            "في 31 مارس/آذار",
            // Nissans, not April.
            "باع الوكيل 31 نيسان خلال الشهر",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
    }
}
