//! Event-date claims: an event (vote, strike, deadline...) with its date.
//!
//! The date model of [`crate::calendar::dates`] finds every date and
//! resolves its year against the publication date; this module ties each
//! full Gregorian date (day and month, one reading) to the event trigger of
//! `rules/events.toml` nearest to it in the same sentence. The main decision
//! is to go from the date to the trigger, not the other way round: a
//! sentence names few dates and many verbs, and the word closest to a date
//! is the best guess of what it dates («صوّت البرلمان في 11 أيار»). Dates
//! inside an anniversary phrase («في ذكرى») are remembered dates, not the
//! day of the news, and are skipped.

use std::ops::Range;

use chrono::NaiveDate;

use crate::calendar::dates::{Calendar, DateMention};
use crate::claims::phrases::Word;
use crate::claims::tables::Events;
use crate::text::Span;

/// How far (in words) a trigger may stand from the date it dates.
const MAX_DISTANCE: usize = 12;

/// An event with the date an article gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// Index of the event kind in [`Events::events`].
    pub event: usize,
    /// The date, resolved.
    pub date: NaiveDate,
    /// The date as written, in the source.
    pub span: Span,
    /// The trigger word, in the source.
    pub trigger: Span,
    /// The sentence, in the source.
    pub sentence: Span,
}

impl Events {
    /// Every event date of an article, in text order.
    pub(crate) fn find_dates(
        &self,
        words: &[Word<'_>],
        dates: &[DateMention],
        source_span: impl Fn(Range<usize>) -> Span,
        sentence_of: impl Fn(usize) -> Range<usize>,
    ) -> Vec<EventDate> {
        let triggers = self.words.find_all(words);
        let mut out = Vec::new();
        for d in dates {
            if d.calendar != Calendar::Gregorian || d.day.is_none() || d.anniversary {
                continue;
            }
            let Some(date) = d.resolved() else {
                continue;
            };
            let sentence = sentence_of(d.norm.start);
            // Word index of the date's first and last word.
            let first = words.partition_point(|w| w.range().end <= d.norm.start);
            let last = words.partition_point(|w| w.range().start < d.norm.end);
            let best = triggers
                .iter()
                .filter(|t| {
                    let at = words[t.first].range().start;
                    at >= sentence.start && at < sentence.end
                })
                .filter_map(|t| {
                    let distance = if t.end <= first {
                        first - t.end
                    } else if t.first >= last {
                        // A trigger after the date is a weaker reading.
                        (t.first - last) * 3
                    } else {
                        return None;
                    };
                    (distance <= MAX_DISTANCE).then_some((distance, t))
                })
                .min_by_key(|(distance, _)| *distance);
            if let Some((_, t)) = best {
                out.push(EventDate {
                    event: t.value,
                    date,
                    span: d.span,
                    trigger: source_span(
                        words[t.first].range().start..words[t.end - 1].range().end,
                    ),
                    sentence: source_span(sentence),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::article::Article;

    fn events(text: &str, published: &str) -> Vec<(String, String)> {
        let lex = crate::testing::lexicon();
        let p = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        let a = Article::from_text("t.txt", text.to_string(), p).unwrap();
        let c = crate::claims::extract(&a, lex);
        c.events
            .iter()
            .map(|e| (lex.events.events[e.event].id.clone(), e.date.to_string()))
            .collect()
    }

    #[test]
    fn dates_take_the_nearest_trigger_in_their_sentence() {
        assert_eq!(
            events(
                "صوّت البرلمان في الحادي عشر من أيار/مايو 2025 على القانون.",
                "2025-05-13"
            ),
            vec![("vote".into(), "2025-05-11".into())]
        );
        assert_eq!(
            events("The deadline of 30 June this year stands.", "2025-06-10"),
            vec![("deadline".into(), "2025-06-30".into())]
        );
        assert_eq!(
            events("انتهى في 30 يونيو الماضي الموعد المحدد.", "2025-06-12"),
            vec![("deadline".into(), "2024-06-30".into())]
        );
    }

    #[test]
    fn dates_without_a_trigger_or_day_are_not_event_dates() {
        assert!(events("وصل الوفد في 12 أيار 2025.", "2025-05-13").is_empty());
        assert!(events("The vote was held in May 2025.", "2025-05-13").is_empty());
        // A trigger in another sentence does not date this one.
        assert!(
            events(
                "The vote passed. Lawmakers left on 12 May 2025.",
                "2025-05-13"
            )
            .is_empty()
        );
    }
}
