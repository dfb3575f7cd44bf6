use chrono::Datelike;

use crate::calendar::dates::{Calendar, DateMention, YearSource};
use crate::calendar::months::ENGLISH;
use crate::calendar::words::Relative;
use crate::finding::{Finding, Label, Severity};
use crate::rules::{ArticleContext, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A relative word that the publication date, or the article itself,
    /// contradicts:
    /// - «الجاري» or «الحالي» after a month calls it the current month, so
    ///   the month must be the month of publication («28 يونيو الجاري» in
    ///   copy published on 2 July is stale: it should be «الماضي»);
    /// - a date set in apposition to «الشهر المقبل/الماضي/الجاري», "next/last/
    ///   this month" must fall in that month («في 3 مايو، أي الشهر المقبل» in
    ///   copy published in May);
    /// - the same day of the same month called past in one place and coming
    ///   in another («5 مارس الماضي» ... «5 مارس المقبل»).
    ///
    /// Relative words inside quotation marks are left alone (they speak
    /// from the time of the quote), as are remembered dates («في ذكرى»).
    /// Without a publication date the first check stays silent.
    ///
    /// ## Why it matters
    /// Relative words go stale when copy written one month is published or
    /// updated the next; the reader then places the event a year off.
    ///
    /// ## Example
    /// Wrong (published 2022-07-02): «عُقد الاجتماع في 28 يونيو الجاري».
    ///
    /// Right: «عُقد الاجتماع في 28 يونيو الماضي».
    pub struct RelativeDate;
}

fn usable(d: &DateMention) -> bool {
    d.calendar == Calendar::Gregorian
        && !d.quoted
        && !d.anniversary
        && d.year_source != YearSource::RelativeYear
        && d.year.is_none()
}

impl Rule for RelativeDate {
    fn code(&self) -> &'static str {
        "relative-date"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "a relative word (الماضي، الجاري، المقبل) that the publication date or the article contradicts"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn check_article(&self, cx: &ArticleContext<'_>, out: &mut Vec<Finding>) {
        let dates: Vec<&DateMention> = cx.claims.dates.iter().filter(|d| usable(d)).collect();
        if let Some(published) = cx.article.published {
            for d in &dates {
                let Some((Relative::Current, rel_span)) = d.relative else {
                    continue;
                };
                // "this March" in English means this year's March.
                if cx.article.slice(rel_span).is_ascii() || u32::from(d.month) == published.month()
                {
                    continue;
                }
                let written = cx.article.slice(d.span);
                let word = cx.article.slice(rel_span);
                let month = ENGLISH[d.month as usize - 1];
                let right = if u32::from(d.month) < published.month() {
                    "الماضي"
                } else {
                    "المقبل"
                };
                out.push(Finding {
                    code: self.code(),
                    severity: self.default_severity(),
                    message: format!(
                        "«{written}» calls {month} the current month, but the article is dated {}",
                        published.format("%-d %B %Y")
                    ),
                    help: Some(format!(
                        "Published in {}, the copy should say «{right}» (or give the year) instead of «{word}».",
                        published.format("%B %Y")
                    )),
                    labels: vec![
                        Label::primary(cx.index, rel_span, "current month"),
                        Label::secondary(cx.index, d.month_span, month),
                    ],
                });
            }
        }
        if let Some(published) = cx.article.published {
            for d in &dates {
                let Some((rel, phrase)) = d.month_phrase else {
                    continue;
                };
                let shift: i32 = match rel {
                    Relative::Past => -1,
                    Relative::Current => 0,
                    Relative::Future => 1,
                };
                let meant = (published.month0() as i32 + shift).rem_euclid(12) as u8 + 1;
                if meant == d.month {
                    continue;
                }
                let written = cx.article.slice(d.span);
                let words = cx.article.slice(phrase);
                out.push(Finding {
                    code: self.code(),
                    severity: self.default_severity(),
                    message: format!(
                        "«{written}» is called «{words}», but in copy dated {} that month is {}",
                        published.format("%-d %B %Y"),
                        ENGLISH[meant as usize - 1]
                    ),
                    help: Some(format!(
                        "{} is not {}: correct the date or the relative phrase.",
                        ENGLISH[d.month as usize - 1],
                        ENGLISH[meant as usize - 1]
                    )),
                    labels: vec![
                        Label::primary(cx.index, phrase, ENGLISH[meant as usize - 1]),
                        Label::secondary(cx.index, d.month_span, ENGLISH[d.month as usize - 1]),
                    ],
                });
            }
        }
        for (i, a) in dates.iter().enumerate() {
            let Some((ra, sa)) = a.relative else { continue };
            for b in &dates[i + 1..] {
                let Some((rb, sb)) = b.relative else { continue };
                let opposite = matches!(
                    (ra, rb),
                    (Relative::Past, Relative::Future) | (Relative::Future, Relative::Past)
                );
                if !opposite || a.day.is_none() || a.day != b.day || a.month != b.month {
                    continue;
                }
                let (wa, wb) = (cx.article.slice(a.span), cx.article.slice(b.span));
                out.push(Finding {
                    code: self.code(),
                    severity: self.default_severity(),
                    message: format!(
                        "«{wb}» is called {} here but «{wa}» is called {} earlier in the article",
                        rb.as_str(),
                        ra.as_str()
                    ),
                    help: Some(
                        "One date cannot be both past and coming; check which relative word is right against the publication date."
                            .to_string(),
                    ),
                    labels: vec![
                        Label::primary(cx.index, sb, rb.as_str()),
                        Label::secondary(cx.index, sa, ra.as_str()),
                    ],
                });
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_text_published;

    fn flagged(text: &str, published: Option<&str>) -> Vec<Finding> {
        check_text_published(&RelativeDate, text, published)
    }

    #[test]
    fn flags_a_stale_current_month() {
        let found = flagged("عُقد الاجتماع في 28 يونيو الجاري.", Some("2022-07-02"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("2 July 2022"),
            "{}",
            found[0].message
        );
        assert!(found[0].help.as_deref().unwrap().contains("الماضي"));
        assert_eq!(
            flagged("تبدأ العطلة في أغسطس الحالي.", Some("2022-07-02")).len(),
            1
        );
    }

    #[test]
    fn flags_a_date_outside_the_month_its_phrase_names() {
        let found = flagged("تُعقد القمة في 3 مايو، أي الشهر المقبل.", Some("2022-05-10"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("June"), "{}", found[0].message);
        let found = flagged("The summit is next month, on May 3.", Some("2022-05-10"));
        assert_eq!(found.len(), 1, "{found:?}");
        // Right: published in April, May is next month; December to January wraps.
        assert!(flagged("تُعقد القمة في 3 مايو، أي الشهر المقبل.", Some("2022-04-10")).is_empty());
        assert!(flagged("The summit is next month, on Jan. 3.", Some("2022-12-10")).is_empty());
        // A phrase that is not in apposition.
        assert!(flagged("في 3 مايو، وقال إن الشهر المقبل حاسم.", Some("2022-05-10")).is_empty());
    }

    #[test]
    fn flags_one_date_called_past_and_coming() {
        let text =
            "أُجل التصويت الذي جرى في 5 مارس الماضي. وقال إن التصويت في 5 مارس المقبل سيحسم الأمر.";
        let found = flagged(text, None);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn right_words_and_traps_stay_silent() {
        for (text, published) in [
            ("عُقد الاجتماع في 28 يونيو الماضي.", Some("2022-07-02")),
            ("يُعقد الاجتماع في 28 يوليو الجاري.", Some("2022-07-02")),
            ("يُعقد الاجتماع في 28 يوليو الحالي.", Some("2022-07-02")),
            // No publication date.
            ("عُقد الاجتماع في 28 يونيو الجاري.", None),
            // Inside a quotation the word speaks from the time of the quote.
            (
                "وكان قد قال في يونيو: «سنلتقي في 28 يونيو الجاري».",
                Some("2022-07-02"),
            ),
            // English "this March" is this year's March.
            ("The talks resume this March 3.", Some("2022-07-02")),
            // Different days of one month.
            (
                "جرى في 5 مارس الماضي، ويتكرر في 6 مارس المقبل.",
                Some("2022-07-02"),
            ),
            // «من العام الماضي» names a year, not a month.
            ("في 5 مارس من العام الحالي", Some("2022-07-02")),
            // An anniversary.
            ("في ذكرى 28 يونيو الجاري", Some("2022-07-02")),
        ] {
            assert!(
                flagged(text, published).is_empty(),
                "{text}: {:?}",
                flagged(text, published)
            );
        }
    }
}
