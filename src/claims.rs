//! Claims: what an article asserts, extracted once and shared by every rule.
//!
//! Extraction runs once per article, before any rule, so that rules only
//! compare typed values and never scan text themselves. The main decision
//! is that every claim carries its span in the article's source, so any
//! verdict a rule reaches can point at the exact words behind it.
//!
//! Helper modules: `phrases` (words, sentences, phrase tables),
//! [`tables`] (count categories and event triggers), [`gazetteer`]
//! (places, organisations, people), [`titles`] (ranks and titles) and
//! [`events`] (event dates) and [`counts`] (counts and part-whole).

pub mod counts;
pub mod events;
pub mod gazetteer;
pub(crate) mod phrases;
pub mod tables;
pub mod titles;

use crate::article::Article;
use crate::calendar::dates::DateMention;
use crate::calendar::durations::StatedSpan;
use crate::calendar::months::MonthMention;
use crate::claims::counts::{CountClaim, PartWhole};
use crate::claims::events::EventDate;
use crate::claims::gazetteer::EntityMention;
use crate::claims::titles::TitleClaim;
use crate::lexicon::Lexicon;

/// Everything extracted from one article.
#[derive(Debug, Clone, Default)]
pub struct ArticleClaims {
    /// Month names, in text order.
    pub months: Vec<MonthMention>,
    /// Gazetteer entities named, in text order.
    pub entities: Vec<EntityMention>,
    /// People with a rank or title, in text order.
    pub titles: Vec<TitleClaim>,
    /// Events with their dates, in text order.
    pub events: Vec<EventDate>,
    /// Counts (category, subject, interval, baseline), in text order.
    pub counts: Vec<CountClaim>,
    /// Parts stated with their wholes, in text order.
    pub parts: Vec<PartWhole>,
    /// Dates (Gregorian and Hijri), in text order, years resolved.
    pub dates: Vec<DateMention>,
    /// Spans of years stated with both ends («عشر سنوات ... من 2011 إلى 2015»).
    pub durations: Vec<StatedSpan>,
    /// Hashes of the distinctive words (sorted, unique), which story
    /// grouping compares: eight bytes a word, so an archive keeps them
    /// for every article after its text is freed.
    pub words: Vec<u64>,
}

/// Extracts the claims of one article.
pub fn extract(article: &Article, lexicon: &Lexicon) -> ArticleClaims {
    let text = article.norm.as_str();
    let mut words = phrases::words(text);
    lexicon.phrase_marks.mark(&mut words);
    let words = words;
    let sentences = phrases::sentences(text);
    let source_span = |r: std::ops::Range<usize>| article.norm.source_span(r);
    let entities = lexicon.gazetteer.find(&words, source_span);
    let titles = lexicon.ranks.find(
        text,
        &words,
        &entities,
        &lexicon.gazetteer,
        source_span,
        |at| phrases::sentence_of(&sentences, at),
    );
    // Month names and numbers are found once and shared by the extractors
    // that build on them (dates, durations, counts).
    let (months, hijri) = lexicon.months.find_with_others(article);
    let (numbers, vague) = lexicon.numbers.find_with_vague(text);
    let dates = crate::calendar::dates::extract_with(article, lexicon, &months, &hijri, &numbers);
    let events = lexicon
        .events
        .find_dates(&words, &dates, source_span, |at| {
            phrases::sentence_of(&sentences, at)
        });
    let quantities = lexicon.numbers.find_quantities_with(text, &numbers, &vague);
    let counts = lexicon.categories.find_counts(
        text,
        &words,
        &quantities,
        &dates,
        article.language == crate::article::Language::Ar,
        source_span,
        |at| phrases::sentence_of(&sentences, at),
    );
    let parts = counts::find_parts(text, &words, &quantities, &dates, source_span);
    let mut claims = ArticleClaims {
        durations: crate::calendar::durations::extract_with(article, lexicon, &numbers),
        words: crate::story::word_hashes(&words),
        months,
        entities,
        titles,
        dates,
        events,
        counts,
        parts,
    };
    claims.shrink();
    claims
}

impl ArticleClaims {
    /// Gives back the spare capacity of every list. The claims of each
    /// article of an archive are kept until the stories are checked, and a
    /// vector grown by pushing holds up to twice what it needs: the dates
    /// and counts (over 200 bytes a claim) were a quarter of what a
    /// 100,000-article check kept, and the spare half of them was memory
    /// the kernel had to fault in, page by page, for nothing.
    fn shrink(&mut self) {
        self.months.shrink_to_fit();
        self.entities.shrink_to_fit();
        self.titles.shrink_to_fit();
        self.events.shrink_to_fit();
        self.counts.shrink_to_fit();
        self.parts.shrink_to_fit();
        self.dates.shrink_to_fit();
        self.durations.shrink_to_fit();
    }
}
