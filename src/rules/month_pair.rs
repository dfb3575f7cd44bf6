use crate::calendar::months::{ENGLISH, MonthMention, MonthTable};
use crate::finding::{Finding, Label, Severity};
use crate::rules::{ArticleContext, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A month written in two naming systems at once, such as
    /// «أكتوبر/تشرين الأول» or «آب (أغسطس)», must name the same month in
    /// both. The rule reads every separator copy uses (`X/Y`, `X / Y`,
    /// `X - Y`, `X (Y)`) and two month names juxtaposed (`X Y`), in either
    /// order, across the Egyptian and Gulf, Levantine and Iraqi, Algerian and
    /// Tunisian, Moroccan, Mauritanian and English names.
    ///
    /// Two names of the *same* system joined by a slash or a dash are a range
    /// ("يناير/فبراير", "January/February") and are not checked. A name that
    /// is also an ordinary word (مارس "practised", آب, نيسان, أيار, تموز) is
    /// checked when a separator joins it to another month, but not when it
    /// merely stands next to one: in «في يناير مارس الرئيس ضغوطاً» the second
    /// word is a verb.
    ///
    /// ## Why it matters
    /// Dual names are added by hand when copy moves between desks and
    /// regions, and a slip is invisible to a reader who knows only one
    /// system: «يناير/كانون الأول» tells an Egyptian reader January and an
    /// Iraqi reader December, eleven months apart.
    ///
    /// ## Example
    /// Wrong: «أعلن التحالف في السادس من يناير/كانون الأول الماضي وقف التدريب»
    /// (يناير is January; كانون الأول is December).
    ///
    /// Right: «أعلن التحالف في السادس من يناير/كانون الثاني الماضي وقف التدريب»,
    /// or «... من كانون الثاني (يناير) ...», or «... من يناير كانون الثاني ...».
    pub struct MonthPair;
}

/// How two month names are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joint {
    /// A slash, a dash or parentheses: the writer meant them as one month.
    Separator,
    /// Only a space: a pair only if both words are surely months.
    Space,
}

/// How `first` and `second` are joined, if they are written as one month
/// in two systems: names of different systems, joined by a separator or a
/// space, the second without a clitic («يناير/وكانون الأول» is a list).
fn is_pair(norm: &str, first: &MonthMention, second: &MonthMention) -> Option<Joint> {
    if first.norm.end > second.norm.start
        || second.clitic
        || !first.systems.disjoint(second.systems)
    {
        return None;
    }
    let gap = &norm[first.norm.end..second.norm.start];
    let core = gap.trim_matches(' ');
    match core {
        "/" | "-" | "–" | "—" => Some(Joint::Separator),
        "(" => {
            let after = norm[second.norm.end..].trim_start_matches(' ');
            after.starts_with(')').then_some(Joint::Separator)
        }
        "" if gap == " " => Some(Joint::Space),
        _ => None,
    }
}

impl MonthPair {
    /// The name of `month` in the first system of `systems` that has it.
    fn name_in(table: &MonthTable, systems: &MonthMention, month: u8) -> String {
        systems
            .systems
            .iter()
            .find(|&s| !table.systems()[s].strict)
            .map(|s| table.canonical(s, month).to_string())
            .unwrap_or_else(|| ENGLISH[month as usize - 1].to_string())
    }
}

impl Rule for MonthPair {
    fn code(&self) -> &'static str {
        "month-pair"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "a month written in two systems names two different months"
    }

    fn doc(&self) -> &'static str {
        Self::DOC
    }

    fn check_article(&self, cx: &ArticleContext<'_>, out: &mut Vec<Finding>) {
        let norm = cx.article.norm.as_str();
        let table = &cx.lexicon.months;
        let months = &cx.claims.months;
        // A correct dual name next to another month is one end of a range
        // («يناير/كانون الثاني - مارس/آذار»), not half of a pair.
        let matched = |i: usize| {
            i + 1 < months.len()
                && months[i].month == months[i + 1].month
                && is_pair(norm, &months[i], &months[i + 1]).is_some()
        };
        for i in 0..months.len().saturating_sub(1) {
            let (a, b) = (&months[i], &months[i + 1]);
            if a.month == b.month || (i > 0 && matched(i - 1)) || matched(i + 1) {
                continue;
            }
            let Some(joint) = is_pair(norm, a, b) else {
                continue;
            };
            if joint == Joint::Space && (a.needs_context || b.needs_context) {
                continue;
            }
            let (wa, wb) = (cx.article.slice(a.span), cx.article.slice(b.span));
            let (ea, eb) = (ENGLISH[a.month as usize - 1], ENGLISH[b.month as usize - 1]);
            out.push(Finding {
                code: self.code(),
                severity: self.default_severity(),
                message: format!(
                    "«{wa}» and «{wb}» are written as one month but name two: {ea} and {eb}"
                ),
                help: Some({
                    let a_in_b = Self::name_in(table, b, a.month);
                    let b_in_a = Self::name_in(table, a, b.month);
                    format!(
                        "«{wa}» is {ea}, which the other system calls «{a_in_b}»; «{wb}» is {eb}, which the first system calls «{b_in_a}». Write «{wa}/{a_in_b}» or «{b_in_a}/{wb}», whichever the source meant."
                    )
                }),
                labels: vec![
                    Label::primary(cx.index, a.span, ea),
                    Label::secondary(cx.index, b.span, eb),
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
        check_text(&MonthPair, text)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn flags_a_mismatched_pair_in_every_separator_style() {
        for text in [
            "في السادس من يناير/كانون الأول الماضي",
            "في السادس من يناير / كانون الأول الماضي",
            "في السادس من يناير - كانون الأول الماضي",
            "في السادس من يناير-كانون الأول الماضي",
            "في السادس من يناير – كانون الأول الماضي",
            "في السادس من يناير (كانون الأول) الماضي",
            "في السادس من يناير ( كانون الأول ) الماضي",
            "في السادس من يناير كانون الأول الماضي",
            "في السادس من كانون الأول/يناير الماضي",
            "في السادس من كانون الأول (يناير) الماضي",
        ] {
            let found = flagged(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(
                found[0].contains("January") && found[0].contains("December"),
                "{found:?}"
            );
        }
    }

    #[test]
    fn flags_mismatches_in_every_system() {
        for text in [
            "في 3 جانفي (فبراير) 2020",      // Algeria vs Egypt
            "في 3 شتنبر/آذار 2020",          // Morocco vs Levant
            "في 3 يوليوز/آب 2020",           // Morocco vs Levant
            "في 3 أغشت/تموز 2020",           // Mauritania vs Levant
            "في 3 تشرين الثاني/أكتوبر 2020", // Levant vs Egypt
            "في 3 جويلية (آب) 2020",         // Algeria vs Levant
            "في 3 نونبر/ديسمبر 2020",        // Morocco vs Egypt
            "في 3 دجمبر/تشرين الثاني 2020",  // Mauritania vs Levant
            "في 3 أوت/أيلول 2020",           // Algeria vs Levant
            "في 3 مايس/حزيران 2020",         // only Levant: a range, see below
            "On 3 March (نيسان) 2020",       // English vs Levant
        ] {
            let n = flagged(text).len();
            let expected = usize::from(!text.contains("مايس"));
            assert_eq!(n, expected, "{text}");
        }
    }

    #[test]
    fn correct_pairs_stay_silent_in_every_style_and_order() {
        for text in [
            "في 7 أكتوبر/تشرين الأول 2023",
            "في كانون الثاني/يناير",
            "في آب (أغسطس) المقبل",
            "في أغسطس (آب)",
            "في تموز - يوليو",
            "في تموز-يوليو",
            "في ديسمبر كانون الأول المقبل",
            "في تموز يوليو الماضي",
            "في جانفي/كانون الثاني وفيفري (شباط) وأفريل/نيسان وجوان/حزيران وجويلية/تموز وأوت/آب",
            "في يوليوز/تموز وغشت (آب) وشتنبر/أيلول ونونبر/تشرين الثاني ودجنبر/كانون الأول",
            "في أغشت/آب وشتمبر/أيلول ودجمبر/ديسمبر",
            "في 5 أيلول (سبتمبر) 2024 و5 March/آذار",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
    }

    #[test]
    fn ranges_within_one_system_are_not_pairs() {
        for text in [
            // أكتوبر is Moroccan too, so this is a Moroccan range.
            "في شتنبر/أكتوبر",
            "بين يناير/فبراير",
            "خلال كانون الثاني - شباط",
            "the January/February issue",
            "من أيار - حزيران",
        ] {
            assert!(flagged(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ranges_of_dual_names_are_not_pairs() {
        for text in [
            "خلال الفترة من يناير/كانون الثاني - مارس/آذار 2020",
            "بين أيلول (سبتمبر) - تشرين الأول (أكتوبر)",
            "من فبراير شباط - أبريل نيسان",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
        // A range whose first end is itself a wrong pair is still caught.
        assert_eq!(flagged("من يناير/كانون الأول - مارس/آذار").len(), 1);
    }

    #[test]
    fn look_alike_words_stay_silent() {
        for text in [
            // مارس is the verb "practised" here.
            "وفي يناير مارس الرئيس ضغوطاً على البرلمان",
            "في نوفمبر مارس الوزير صلاحياته",
            // آب inside other words; أب is "father".
            "في أكتوبر أب لثلاثة أطفال قال إن الآباء غاضبون",
            // أيار as part of a name, next to a month of another system.
            "في يناير أيار الحسيني",
            // A single month name.
            "في يناير الماضي",
            // Months of different dates, not a pair.
            "من 5 يناير إلى كانون الأول",
            "في يناير، كانون الأول",
            // A month name with a clitic after a slash is a list, not a pair.
            "يناير/وكانون الأول",
            // A line break is not a juxtaposition.
            "في يناير\nكانون الأول المقبل",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
    }

    #[test]
    fn the_help_names_the_matching_month_in_each_system() {
        let f = &check_text(&MonthPair, "في السادس من يناير/كانون الأول الماضي")[0];
        let help = f.help.as_deref().unwrap();
        for part in [
            "«يناير» is January, which the other system calls «كانون الثاني»",
            "«كانون الأول» is December, which the first system calls «ديسمبر»",
            "Write «يناير/كانون الثاني» or «ديسمبر/كانون الأول»",
        ] {
            assert!(help.contains(part), "{help}");
        }
        assert_eq!(f.labels.len(), 2);
    }
}
