use crate::calendar::dates::describe;
use crate::finding::{Finding, Severity};
use crate::rules::cross::{Grouped, conflict, consistent};
use crate::rules::{Rule, Scope, StoryContext, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The same event must have the same date in every article of one
    /// story. An event date is a full date (day and month) next to an event
    /// word of `rules/events.toml` in the same sentence (vote, strike,
    /// attack, deadline, withdrawal, death, storm, earthquake...), with the
    /// year resolved against each article's own publication date: «30 يونيو
    /// الماضي» in copy of 12 June 2025 is 30 June 2024, and "30 June this
    /// year" in copy of 10 June 2025 is 30 June 2025. Dates whose year has
    /// more than one reading are not compared, nor remembered dates («في
    /// ذكرى»), nor events that happen many times in one story
    /// (announcements, meetings). An article that itself gives an event two
    /// dates (two strikes) is left out for that event.
    ///
    /// ## Why it matters
    /// A date copied from yesterday's story, or a relative word
    /// («الماضي», "next") left in copy that was rewritten a week later,
    /// moves an event by a day or a year; two outlets disagreeing on the
    /// day of a vote send readers to the archive.
    ///
    /// ## Example
    /// Wrong: "Parliament voted on 12 May" in one report and «صوّت البرلمان في
    /// الحادي عشر من أيار/مايو» in another of the same story.
    ///
    /// Right: both give 12 May (or both 11 May, whichever the record shows).
    pub struct DateConflict;
}

impl Rule for DateConflict {
    fn code(&self) -> &'static str {
        "date-conflict"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "the same event has different dates in articles of one story"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn scope(&self) -> Scope {
        Scope::Story
    }

    fn check_story(&self, cx: &StoryContext<'_>, out: &mut Vec<Finding>) {
        for (event, kind) in cx.lexicon.events.events.iter().enumerate() {
            if !kind.flag {
                continue;
            }
            let mut readings = Grouped::new();
            for &a in &cx.story.articles {
                let mine = cx.claims[a].events.iter().filter(|e| e.event == event);
                if let Some(e) = consistent(mine, |x, y| x.date == y.date) {
                    readings.add(e.date, a, e.span, || describe(e.date));
                }
            }
            if readings.len() < 2 {
                continue;
            }
            out.push(conflict(
                self.code(),
                self.default_severity(),
                &format!("the {} is dated differently across sources", kind.name),
                &readings.into_sorted(),
                cx.articles,
                "Check the date against the record; a relative word («الماضي», \"next\") resolves against each article's own publication date.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cross::testing::check_story;

    #[test]
    fn flags_a_vote_dated_differently_in_every_article() {
        let f = check_story(
            &DateConflict,
            &[
                (
                    "Gulf Wire",
                    "2025-05-12",
                    "Parliament held the vote on 12 May 2025 after a long debate.",
                ),
                (
                    "الرافدين",
                    "2025-05-13",
                    "صوّت البرلمان في الحادي عشر من أيار/مايو على القانون.",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("11 May 2025"), "{}", f[0].message);
        assert_eq!(f[0].labels.len(), 2);
        assert_ne!(f[0].labels[0].article, f[0].labels[1].article);
    }

    #[test]
    fn relative_words_resolve_against_each_publication_date() {
        // The English report, and the Arabic one saying «الماضي» on `published`.
        let deadline = |published: &str| {
            check_story(
                &DateConflict,
                &[
                    (
                        "A",
                        "2025-06-10",
                        "The deadline of 30 June 2025 stands, officials said.",
                    ),
                    (
                        "B",
                        published,
                        "وانتهى في 30 يونيو الماضي الموعد المحدد للانسحاب.",
                    ),
                ],
            )
        };
        // «الماضي» in copy of 12 June puts the deadline a year earlier.
        let f = deadline("2025-06-12");
        assert_eq!(f.len(), 1, "{f:?}");
        // Copy from after the deadline may say «الماضي» and agree.
        let f = deadline("2025-07-03");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn traps_same_date_in_two_languages_and_repeated_events_stay_silent() {
        let f = check_story(
            &DateConflict,
            &[
                (
                    "A",
                    "2025-05-12",
                    "Parliament held the vote on 12 May 2025.",
                ),
                (
                    "B",
                    "2025-05-13",
                    "صوّت البرلمان في 12 أيار/مايو 2025 على القانون.",
                ),
                // Announcements happen many times in a story.
                (
                    "C",
                    "2025-05-14",
                    "أعلن الرئيس في 13 أيار/مايو 2025 دعمه للقانون.",
                ),
                (
                    "D",
                    "2025-05-14",
                    "The president announced on 14 May 2025 his support.",
                ),
                // Two strikes in one article: not compared.
                (
                    "E",
                    "2025-05-14",
                    "A strike on 2 May 2025 and another strike on 9 May 2025 hit the base.",
                ),
                ("F", "2025-05-14", "The strike on 2 May 2025 hit the base."),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
