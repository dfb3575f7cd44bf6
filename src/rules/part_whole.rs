use crate::finding::{Finding, Label, Severity};
use crate::numbers::Quantity;
use crate::rules::{ArticleContext, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A part stated with its whole in one sentence cannot be larger than
    /// the whole: «نحو 900 عنصر، بينهم 1200 من المشاة» (the infantry outnumber
    /// the whole force), "350 of the 329 members". The rule reads a whole
    /// followed by «بينهم», «منهم», «من بينهم», "among them", "including",
    /// "of whom" and a part, and a part followed by "of the", "out of",
    /// «من أصل», «من مجموع» and a whole. Qualifiers count: the part is
    /// flagged only when even its lowest value exceeds the whole's highest,
    /// so «نحو ثلاثة آلاف جندي، بينهم 2500 أمريكي» is fine.
    ///
    /// ## Why it matters
    /// A part larger than its whole is a typo in one of the two figures
    /// (a digit added or dropped), visible to any reader who adds up.
    ///
    /// ## Example
    /// Wrong: «وتضم القاعدة نحو 900 عنصر، بينهم 1200 من المشاة».
    ///
    /// Right: «وتضم القاعدة نحو 900 عنصر، بينهم 120 من المشاة», or «نحو 1900
    /// عنصر، بينهم 1200 من المشاة».
    pub struct PartWhole;
}

/// True when every value the part allows exceeds every value the whole allows.
fn exceeds(part: &Quantity, whole: &Quantity) -> bool {
    part.low > whole.high
        || (part.low == whole.high && !(part.low_inclusive && whole.high_inclusive))
}

impl Rule for PartWhole {
    fn code(&self) -> &'static str {
        "part-whole"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "a part is larger than the whole it belongs to"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn check_article(&self, cx: &ArticleContext<'_>, out: &mut Vec<Finding>) {
        for p in &cx.claims.parts {
            if !exceeds(&p.part, &p.whole) {
                continue;
            }
            let (part, whole) = (
                cx.article.slice(p.part_span),
                cx.article.slice(p.whole_span),
            );
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                message: format!("the part «{part}» is larger than its whole «{whole}»"),
                help: Some(
                    "One of the two figures is wrong (a digit added or dropped?); check both with the source."
                        .to_string(),
                ),
                labels: vec![
                    Label::primary(cx.index, p.part_span, "the part"),
                    Label::secondary(cx.index, p.whole_span, "the whole"),
                ],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_text;

    #[test]
    fn flags_parts_larger_than_their_whole() {
        for text in [
            "وتضم القاعدة نحو 900 عنصر، بينهم 1200 من المشاة.",
            "The bill passed with 350 of the 329 members voting.",
            "وصوّت 350 نائباً من أصل 329 على القرار.",
            "The base houses 1,200 troops, among them 2,000 Americans.",
        ] {
            let f = check_text(&PartWhole, text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].labels.len(), 2);
        }
    }

    #[test]
    fn parts_within_their_whole_stay_silent() {
        for text in [
            // Seed 004: about three thousand, 2,500 of them American.
            "ونشرت نحو ثلاثة آلاف جندي للتحالف، بينهم 2500 أمريكي، قبل أن ينسحب.",
            "The bill passed with 150 of the 212 lawmakers present.",
            "نحو 900 عنصر، بينهم 120 من المشاة.",
            // About 1,000 allows 1,050.
            "about 1,000 troops, among them 1,050 Americans",
        ] {
            let f = check_text(&PartWhole, text);
            assert!(f.is_empty(), "{text}: {f:?}");
        }
    }

    #[test]
    fn traps_unrelated_numbers_in_a_row_stay_silent() {
        for text in [
            "قتل 12 شخصاً وأصيب 30 آخرون.",
            "In 2,000 cases, 3,000 people.",
            "منذ 2014، بينهم 2500 أمريكي",
            "Of the 20 rockets, 30 percent of the 50 fell short.",
        ] {
            let f = check_text(&PartWhole, text);
            assert!(f.is_empty(), "{text}: {f:?}");
        }
    }
}
