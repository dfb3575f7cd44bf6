use crate::calendar::words::Qualifier;
use crate::finding::{Finding, Label, Severity};
use crate::rules::{ArticleContext, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A span of years the copy states («بعد نحو عشر سنوات», "after almost a
    /// decade") that does not fit the two years the same sentence gives as
    /// its ends («اندلع عام 2011 وانتهى في 2015», "began in 2016 and ended
    /// in 2019", «من 2014 إلى 2017», "between 1990 and 2010"). The years
    /// between two dated ends can be one more or one less than their
    /// difference (2011 to 2015 is three to five years), and a qualifier
    /// widens the tolerance: «نحو», "about", "nearly" by a fifth of the span
    /// (at least a year), «أكثر من», "more than" accepts any longer span,
    /// «أقل من», "less than" any shorter one. The rule reads a span only when
    /// both ends are written and tied to each other; a sentence with a third
    /// year is left alone.
    ///
    /// ## Why it matters
    /// Round spans ("a decade of war") are written from memory and survive
    /// edits that change the dates; the arithmetic is easy to check and
    /// embarrassing to get wrong.
    ///
    /// ## Example
    /// Wrong: «بعد نحو عشر سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015»
    /// (2011 to 2015 is four years).
    ///
    /// Right: «بعد نحو أربع سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015».
    pub struct Duration;
}

/// The smallest and largest number of years between two dated ends.
fn bounds(from: i32, to: i32) -> (u32, u32) {
    let diff = (to - from).max(0) as u32;
    (diff.saturating_sub(1), diff + 1)
}

/// Whether a stated span fits the ends.
fn fits(years: u32, qualifier: Qualifier, from: i32, to: i32) -> bool {
    let (lo, hi) = bounds(from, to);
    match qualifier {
        Qualifier::Exact => (lo..=hi).contains(&years),
        Qualifier::Approximate => {
            let slack = (years / 5).max(1);
            years + slack >= lo && years <= hi + slack
        }
        Qualifier::More => years <= hi,
        Qualifier::Less => years >= lo,
    }
}

impl Rule for Duration {
    fn code(&self) -> &'static str {
        "duration"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "a stated span of years that does not fit the years the sentence gives as its ends"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn check_article(&self, cx: &ArticleContext<'_>, out: &mut Vec<Finding>) {
        for s in &cx.claims.durations {
            let (from, to) = (s.from.0, s.to.0);
            if fits(s.years, s.qualifier, from, to) {
                continue;
            }
            let (lo, hi) = bounds(from, to);
            let stated = cx.article.slice(s.span);
            let how = match s.qualifier {
                Qualifier::Exact => "",
                Qualifier::Approximate => "about ",
                Qualifier::More => "more than ",
                Qualifier::Less => "less than ",
            };
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                message: format!(
                    "«{stated}» ({how}{} years) does not fit {from} to {to}, which is {lo} to {hi} years",
                    s.years
                ),
                help: Some(format!(
                    "From {from} to {to} is {} years; correct the span or one of the years.",
                    to - from
                )),
                labels: vec![
                    Label::primary(cx.index, s.span, format!("{how}{} years", s.years)),
                    Label::secondary(cx.index, s.from.1, "start"),
                    Label::secondary(cx.index, s.to.1, "end"),
                ],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_text;

    fn flagged(text: &str) -> Vec<String> {
        check_text(&Duration, text)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn flags_spans_that_do_not_fit() {
        for text in [
            "بعد نحو عشر سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015.",
            "after almost a decade of fighting that began in 2016 and ended in 2019.",
            "استمرت الحرب ست سنوات، من 2014 إلى 2017.",
            "استمرت الحرب أقل من عامين، من 2014 إلى 2018.",
            "The war lasted more than ten years, from 2001 to 2006.",
        ] {
            assert_eq!(flagged(text).len(), 1, "{text}: {:?}", flagged(text));
        }
        let m = &flagged("بعد نحو عشر سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015.")[0];
        assert!(m.contains("2011 to 2015, which is 3 to 5 years"), "{m}");
    }

    #[test]
    fn fitting_spans_and_traps_stay_silent() {
        for text in [
            "بعد نحو أربع سنوات من النزاع الذي اندلع عام 2011 وانتهى في 2015.",
            "after almost a decade of fighting that began in 2010 and ended in 2019.",
            "استمرت الحرب خمس سنوات، من 2014 إلى 2018.",
            "خلال عقدين بين 1990 و2010.",
            "استمرت الحرب أكثر من 3 سنوات، من 2014 إلى 2018.",
            // One end only.
            "بعد نحو 3 سنوات من الحرب التي انتهت عام 2017.",
            // Two unrelated years.
            "بعد عشر سنوات، قال في 2015 إن ما جرى عام 2011 لن يتكرر.",
            // Spans in another sentence.
            "اندلع النزاع عام 2011 وانتهى في 2015. وبعد عشر سنوات عاد اللاجئون.",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
    }
}
