//! Readings: what tadqiq understood at each spot of an article, in words.
//!
//! Editors trust a verdict when they can see what the tool read: the month
//! a name stands for and the naming systems that spell it so, the date(s)
//! a date resolves to and why that year, the interval a count stands for,
//! the date an event is given and the rank or title of a person. The language
//! server shows a reading on hover and the HTML report lists them under each
//! article. The main decision is to describe claims in one place, from the
//! typed claims every rule sees, so the hover, the page and the verdicts
//! can never disagree about what was read.

use chrono::NaiveDate;

use crate::article::Article;
use crate::calendar::dates::{Calendar, DateMention, describe, weekday_name, year_reason};
use crate::calendar::months::ENGLISH;
use crate::calendar::words::Qualifier;
use crate::claims::ArticleClaims;
use crate::claims::counts::CountClaim;
use crate::claims::titles::{Title, TitleClaim};
use crate::lexicon::Lexicon;
use crate::text::Span;

/// One thing tadqiq read, with where it read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The words read.
    pub span: Span,
    /// What they were read as, in one line of plain English.
    pub text: String,
}

/// Describes the claims of one article, in text order (a longer reading
/// before the shorter ones inside it: a date before its month).
pub fn readings(article: &Article, claims: &ArticleClaims, lexicon: &Lexicon) -> Vec<Reading> {
    let mut out: Vec<Reading> = Vec::new();
    for m in &claims.months {
        let systems: Vec<&str> = m
            .systems
            .iter()
            .filter_map(|i| lexicon.months.systems().get(i))
            .map(|s| s.name.as_str())
            .collect();
        let mut text = format!(
            "month {} ({}); named so in: {}",
            month_name(m.month),
            m.month,
            systems.join(", ")
        );
        if m.needs_context {
            text.push_str("; also an ordinary word, a month only beside a date or another month");
        }
        out.push(Reading { span: m.span, text });
    }
    for d in &claims.dates {
        out.push(Reading {
            span: d.span,
            text: date_text(d, article.published),
        });
    }
    // An event date is a date already read: say what it dates there.
    for e in &claims.events {
        let kind = lexicon
            .events
            .events
            .get(e.event)
            .map_or("?", |k| k.name.as_str());
        match out.iter_mut().find(|r| r.span == e.span) {
            Some(r) => r.text.push_str(&format!("; the date of the {kind}")),
            None => out.push(Reading {
                span: e.span,
                text: format!("date of the {kind}: {}", describe(e.date)),
            }),
        }
    }
    for c in &claims.counts {
        out.push(Reading {
            span: c.span,
            text: count_text(c, lexicon),
        });
    }
    for d in &claims.durations {
        let qualifier = match d.qualifier {
            Qualifier::Exact => "",
            Qualifier::Approximate => "about ",
            Qualifier::More => "more than ",
            Qualifier::Less => "less than ",
        };
        out.push(Reading {
            span: d.span,
            text: format!(
                "span of {qualifier}{} years, between {} and {} ({} years)",
                d.years,
                d.from.0,
                d.to.0,
                d.to.0 - d.from.0
            ),
        });
    }
    for t in &claims.titles {
        out.push(Reading {
            span: t.span,
            text: title_text(t, lexicon),
        });
    }
    out.sort_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));
    out
}

/// The English name of a Gregorian month, 1 to 12.
fn month_name(month: u8) -> &'static str {
    ENGLISH
        .get(usize::from(month).saturating_sub(1))
        .copied()
        .unwrap_or("?")
}

/// A date: the day(s) it can mean and why that year.
fn date_text(d: &DateMention, published: Option<NaiveDate>) -> String {
    // As written: "31 April 2021", or day/month/year for a Hijri date.
    let written = match (d.calendar, d.day, d.year) {
        (Calendar::Gregorian, day, year) => {
            let day = day.map(|x| format!("{x} ")).unwrap_or_default();
            let year = year.map(|y| format!(" {y}")).unwrap_or_default();
            format!("{day}{}{year}", month_name(d.month))
        }
        (Calendar::Hijri, day, year) => {
            let day = day.map(|x| format!("{x}/")).unwrap_or_default();
            let year = year.map(|y| format!("/{y}")).unwrap_or_default();
            format!("Hijri {day}{}{year}", d.month)
        }
    };
    let mut text = match d.candidates.as_slice() {
        [] if d.day.is_none() => format!("{written}, without a day"),
        [] if published.is_none() && d.year.is_none() => {
            format!("date {written}: no year and no publication date, so no reading")
        }
        [] => format!("date {written}: no day of the calendar"),
        [one] => format!("date {}", describe(*one)),
        many => format!(
            "date {}",
            many.iter()
                .map(|c| describe(*c))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    if d.calendar == Calendar::Hijri && !d.candidates.is_empty() {
        text.push_str(&format!(" ({written} under Umm al-Qura)"));
    }
    if !d.candidates.is_empty() {
        text.push_str(&format!("; year: {}", year_reason(d, published)));
    }
    if let Some(w) = &d.weekday {
        text.push_str(&format!("; weekday written: {}", weekday_name(w.day)));
    }
    if d.anniversary {
        text.push_str("; a remembered date (anniversary)");
    }
    if d.quoted {
        text.push_str("; inside a quotation");
    }
    text
}

/// A count: its category, subject, interval and baseline.
fn count_text(c: &CountClaim, lexicon: &Lexicon) -> String {
    let category = lexicon
        .categories
        .categories
        .get(c.category)
        .map_or("?", |k| k.name.as_str());
    let mut text = format!("count of {category}");
    if let Some(s) = &c.subject {
        text.push_str(&format!(" ({s})"));
    }
    text.push_str(&format!(": {}", c.quantity.interval_text()));
    if let Some(b) = &c.baseline {
        text.push_str(&format!(", since «{b}»"));
    }
    text
}

/// A person and the rank or title given to them.
fn title_text(t: &TitleClaim, lexicon: &Lexicon) -> String {
    let kind = match t.title {
        Title::Rank(_) => "rank",
        Title::Civil(_) => "title",
    };
    let person = match t.person.entity {
        Some(e) => lexicon
            .gazetteer
            .entities()
            .get(e)
            .map_or_else(|| t.person.name.join(" "), |e| e.display()),
        None => t.person.name.join(" "),
    };
    format!("{kind} {} of {person}", lexicon.ranks.name(t.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_with_number_and_systems() {
        let article = Article::from_text("a.txt", "في يناير الماضي".into(), None).unwrap();
        let lexicon = crate::testing::lexicon();
        let claims = crate::claims::extract(&article, lexicon);
        let r: Vec<Reading> = readings(&article, &claims, lexicon)
            .into_iter()
            .filter(|r| article.slice(r.span) == "يناير")
            .collect();
        assert_eq!(r.len(), 1);
        assert!(
            r[0].text.starts_with("month January (1); named so in: "),
            "{}",
            r[0].text
        );
    }

    fn read(text: &str) -> (Article, Vec<Reading>) {
        let article = Article::from_text("a.md", text.into(), None).unwrap();
        let lexicon = crate::testing::lexicon();
        let claims = crate::claims::extract(&article, lexicon);
        let r = readings(&article, &claims, lexicon);
        (article, r)
    }

    /// The reading of the words `words`, which must be read once.
    fn of(article: &Article, r: &[Reading], words: &str) -> String {
        let found: Vec<&Reading> = r
            .iter()
            .filter(|r| article.slice(r.span) == words)
            .collect();
        assert_eq!(found.len(), 1, "«{words}» in {r:?}");
        found[0].text.clone()
    }

    #[test]
    fn dates_are_read_with_their_day_and_the_reason_for_the_year() {
        let (a, r) = read("وصل الوفد في 12 مايو 2025 إلى العاصمة.");
        assert_eq!(
            of(&a, &r, "12 مايو 2025"),
            "date Monday 12 May 2025; year: the year is written"
        );
        // The date comes before the month inside it.
        assert_eq!(a.slice(r[0].span), "12 مايو 2025");
        assert!(r[1].text.starts_with("month May (5)"), "{r:?}");
        let (a, r) =
            read("---\npublished: 2025-06-12\n---\nوانتهى في 30 يونيو الماضي الموعد المحدد.\n");
        assert_eq!(
            of(&a, &r, "30 يونيو الماضي"),
            "date Sunday 30 June 2024; year: the past occurrence relative to the publication date 2025-06-12; the date of the deadline"
        );
    }

    #[test]
    fn a_date_without_year_or_publication_date_says_so() {
        let (a, r) = read("وصل الوفد في 5 مايو إلى العاصمة. وفي يناير الماضي عاد.");
        let text = of(&a, &r, "يناير الماضي");
        assert_eq!(text, "January, without a day");
        assert_eq!(
            of(&a, &r, "5 مايو"),
            "date 5 May: no year and no publication date, so no reading"
        );
    }

    #[test]
    fn counts_are_read_with_category_subject_and_interval() {
        let (a, r) = read("وقتل نحو 300 مدني في القصف.");
        let text = of(&a, &r, "نحو 300");
        assert!(text.starts_with("count of "), "{text}");
        assert!(text.ends_with(": [270, 330]"), "{text}");
        let (a, r) = read("At least 40 people were killed.");
        let text = of(&a, &r, "At least 40");
        assert!(text.ends_with(": [40, ∞)"), "{text}");
    }

    #[test]
    fn stated_spans_are_read_with_their_ends() {
        let (a, r) = read("بعد نحو عشر سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015.");
        assert_eq!(
            of(&a, &r, "نحو عشر سنوات"),
            "span of about 10 years, between 2011 and 2015 (4 years)"
        );
    }

    #[test]
    fn event_dates_and_titles_are_read() {
        let (a, r) = read("Parliament held the vote on 12 May 2025 after a long debate.");
        let text = of(&a, &r, "12 May 2025");
        assert!(
            text.starts_with(
                "date Monday 12 May 2025; year: the year is written; the date of the "
            ),
            "{text}"
        );
        let (_, r) = read("وقال العقيد أحمد سالم إن القوات انسحبت.");
        assert!(
            r.iter()
                .any(|r| r.text.starts_with("rank ") && r.text.contains(" of ")),
            "{r:?}"
        );
    }
}
