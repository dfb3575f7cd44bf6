//! Person-title claims: a named person with a military rank or a civil title.
//!
//! Ranks and titles come from `rules/ranks.toml`. A rank word is read as a
//! rank only when a personal name follows it (after optional modifiers
//! such as «الركن»), because most Arabic rank words are also ordinary
//! words (لواء "brigade", عميد "dean", مقدم "presenter"). A civil title is
//! tied to the nearest person after it in the sentence (a gazetteer person
//! or a ranked name), and never across a reporting verb. The main decision
//! is that a person is identified by gazetteer entity when possible, else by
//! the folded words of the name, so the same officer is recognised in
//! Arabic and English copy and under several transliterations.

use foldhash::HashSet;

use serde::Deserialize;
use toml::Spanned;

use crate::claims::gazetteer::{EntityKind, EntityMention, Gazetteer};
use crate::claims::phrases::{
    PhraseTable, Word, is_latin, key, key_of, phrase_keys, push_index, unique_id,
};
use crate::error::LexiconError;
use crate::lexicon::RulesFile;
use crate::text::Span;

/// A rank or a civil title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Title {
    /// A military rank: index into [`RankTable::ranks`], 0 the highest.
    Rank(usize),
    /// A civil title: index into [`RankTable::titles`].
    Civil(usize),
}

/// One rank or civil title as listed.
#[derive(Debug, Clone)]
pub struct TitleInfo {
    /// Stable identifier.
    pub id: String,
    /// English name for messages.
    pub name: String,
}

/// Ranks, civil titles and the words around them, compiled.
#[derive(Debug, Default)]
pub struct RankTable {
    ranks: Vec<TitleInfo>,
    titles: Vec<TitleInfo>,
    phrases: PhraseTable<Title>,
    modifiers: PhraseTable<()>,
    not_names: HashSet<String>,
    breakers: HashSet<String>,
}

/// Who a title is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The gazetteer entity, when the name is listed or close to a listed one.
    pub entity: Option<usize>,
    /// The name's folded words.
    pub name: Vec<String>,
}

/// A person with a rank or title, as one article gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleClaim {
    /// The title and the name, in the source.
    pub span: Span,
    /// The rank or title words alone, in the source.
    pub title_span: Span,
    /// The sentence, in the source.
    pub sentence: Span,
    /// The person.
    pub person: Person,
    /// The rank or title.
    pub title: Title,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    modifiers: Vec<Spanned<String>>,
    not_names: Vec<Spanned<String>>,
    #[serde(default)]
    breakers: Vec<Spanned<String>>,
    rank: Vec<Spanned<Entry>>,
    title: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    name: String,
    #[serde(default)]
    ar: Vec<Spanned<String>>,
    #[serde(default)]
    en: Vec<Spanned<String>>,
}

impl RankTable {
    /// Registers the rank and modifier tables with `marks`.
    pub(crate) fn register(&mut self, marks: &mut crate::claims::phrases::PhraseMarks) {
        marks.register(&mut self.phrases);
        marks.register(&mut self.modifiers);
    }
}

impl RankTable {
    /// Loads and validates `ranks.toml`.
    pub fn load(file: &RulesFile) -> Result<RankTable, LexiconError> {
        let parsed: File = file.parse()?;
        let mut t = RankTable::default();
        let mut ids: Vec<String> = Vec::new();
        for (list, is_rank) in [(&parsed.rank, true), (&parsed.title, false)] {
            for e in list {
                unique_id(file, &mut ids, &e.get_ref().id, e.span())?;
                let e = e.get_ref();
                let info = TitleInfo {
                    id: e.id.clone(),
                    name: e.name.clone(),
                };
                let value = if is_rank {
                    Title::Rank(push_index(&mut t.ranks, info))
                } else {
                    Title::Civil(push_index(&mut t.titles, info))
                };
                let (ranks, titles) = (&t.ranks, &t.titles);
                t.phrases
                    .insert_entry(file, [&e.ar, &e.en], value, |v| match *v {
                        Title::Rank(i) => format!("rank `{}`", ranks[i].id),
                        Title::Civil(i) => format!("title `{}`", titles[i].id),
                    })?;
            }
        }
        t.modifiers
            .insert_all(file, &parsed.modifiers, (), |_| "modifiers".into())?;
        for (list, set) in [
            (&parsed.not_names, &mut t.not_names),
            (&parsed.breakers, &mut t.breakers),
        ] {
            for w in list {
                let k = phrase_keys(w.get_ref());
                if k.len() != 1 {
                    return Err(file.error(w.span(), "list one word per entry", "here"));
                }
                if !set.insert(k[0].clone()) {
                    return Err(file.error(
                        w.span(),
                        format!("`{}` is listed twice", w.get_ref()),
                        "duplicate",
                    ));
                }
            }
        }
        Ok(t)
    }

    /// The military ranks, highest first.
    pub fn ranks(&self) -> &[TitleInfo] {
        &self.ranks
    }

    /// The civil titles.
    pub fn titles(&self) -> &[TitleInfo] {
        &self.titles
    }

    /// The English name of a rank or title.
    pub fn name(&self, t: Title) -> &str {
        match t {
            Title::Rank(i) => &self.ranks[i].name,
            Title::Civil(i) => &self.titles[i].name,
        }
    }

    /// True when `w` may be part of a personal name.
    fn name_word(&self, w: &str, latin: bool) -> bool {
        // Borrowed unless the word has capitals to fold: no copy per word.
        let k = key_of(w);
        if self.not_names.contains(k.as_ref()) || self.breakers.contains(k.as_ref()) {
            return false;
        }
        if w.chars().any(|c| c.is_numeric()) || w.chars().count() < 2 {
            return false;
        }
        if latin { is_latin(w) } else { !is_latin(w) }
    }

    /// The personal name starting at word `j`, as a range of words.
    fn name_at(&self, text: &str, words: &[Word<'_>], j: usize) -> Option<std::ops::Range<usize>> {
        let first = words.get(j)?;
        let latin = is_latin(first.text);
        if !self.name_word(first.text, latin) || self.phrases.at(words, j).is_some() {
            return None;
        }
        let joined = |a: usize, b: usize| {
            words.get(b).is_some_and(|wb| {
                text[words[a].range().end..wb.range().start]
                    .chars()
                    .all(|c| c == ' ')
            })
        };
        if latin {
            let upper = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
            let particle = |w: &str| {
                [
                    "al-", "el-", "bin", "ibn", "abu", "bint", "de", "van", "von",
                ]
                .iter()
                .any(|p| w.starts_with(p))
            };
            if !upper(first.text) {
                return None;
            }
            let mut end = j + 1;
            while end < j + 4
                && joined(end - 1, end)
                && self.name_word(words[end].text, true)
                && (upper(words[end].text) || particle(words[end].text))
            {
                end += 1;
            }
            Some(j..end)
        } else {
            // Given names rarely carry the article; «اللواء الخامس» is a unit.
            if first.text.starts_with("ال") {
                return None;
            }
            if !(joined(j, j + 1) && self.name_word(words[j + 1].text, false)) {
                return None;
            }
            let mut end = j + 2;
            let compound = ["بن", "ابن", "ابو", "عبد", "بنت"];
            let second = words[j + 1].text;
            let extend = compound.contains(&first.text)
                || compound.contains(&second)
                || !second.starts_with("ال");
            if extend
                && joined(j + 1, j + 2)
                && self.name_word(words[j + 2].text, false)
                && (words[j + 2].text.starts_with("ال") || compound.contains(&second))
            {
                end += 1;
            }
            Some(j..end)
        }
    }

    /// Every ranked or titled person in an article.
    pub(crate) fn find(
        &self,
        text: &str,
        words: &[Word<'_>],
        entities: &[EntityMention],
        gazetteer: &Gazetteer,
        source_span: impl Fn(std::ops::Range<usize>) -> Span,
        sentence_of: impl Fn(usize) -> std::ops::Range<usize>,
    ) -> Vec<TitleClaim> {
        let person = |r: std::ops::Range<usize>| {
            let name: Vec<String> = words[r.clone()].iter().map(|w| key(w.text)).collect();
            let entity = entities
                .iter()
                .find(|m| {
                    m.words.start < r.end
                        && r.start < m.words.end
                        && gazetteer.entities()[m.entity].kind == EntityKind::Person
                })
                .map(|m| m.entity)
                .or_else(|| gazetteer.resolve_person(&name));
            Person { entity, name }
        };
        let mut out = Vec::new();
        // People found after ranks, as word ranges, for civil titles.
        let mut named: Vec<std::ops::Range<usize>> = entities
            .iter()
            .filter(|m| gazetteer.entities()[m.entity].kind == EntityKind::Person)
            .map(|m| m.words.clone())
            .collect();
        let mut civil = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let Some(m) = self.phrases.at(words, i) else {
                i += 1;
                continue;
            };
            match m.value {
                Title::Rank(_) => {
                    // English ranks are capitalised: "a major change" is not a rank.
                    let lower_latin =
                        is_latin(words[i].text) && !words[i].text.starts_with(char::is_uppercase);
                    let mut j = m.end;
                    while let Some(md) = self.modifiers.at(words, j) {
                        j = md.end;
                    }
                    let name = self.name_at(text, words, j).filter(|_| !lower_latin);
                    // A one-word name counts only when the gazetteer knows it:
                    // "General Assembly" is not General Assembly.
                    let name = name.filter(|r| r.len() >= 2 || person(r.clone()).entity.is_some());
                    if let Some(name) = name {
                        let span_words = m.first..name.end;
                        let norm = words[m.first].range().start..words[name.end - 1].range().end;
                        out.push(TitleClaim {
                            span: source_span(norm.clone()),
                            title_span: source_span(
                                words[m.first].range().start..words[m.end - 1].range().end,
                            ),
                            sentence: source_span(sentence_of(norm.start)),
                            person: person(name.clone()),
                            title: m.value,
                        });
                        named.push(name);
                        i = span_words.end;
                        continue;
                    }
                }
                Title::Civil(_) => civil.push(m.clone()),
            }
            i = m.end;
        }
        named.sort_by_key(|r| r.start);
        named.dedup();
        for m in civil {
            let sentence = sentence_of(words[m.first].range().start);
            let within = |r: &std::ops::Range<usize>| {
                let s = words[r.start].range().start;
                s >= sentence.start && s < sentence.end
            };
            // The first person after the title, within ten words and
            // before any reporting verb.
            let breaker = (m.end..words.len().min(m.end + 10))
                .find(|&k| self.breakers.contains(words[k].key.as_ref()))
                .unwrap_or(usize::MAX);
            let after = named.iter().find(|r| {
                r.start >= m.end && r.start < m.end + 10 && r.start < breaker && within(r)
            });
            // Else a person right before it: "Samer al-Husseini, spokesman for".
            let before = || {
                named
                    .iter()
                    .rev()
                    .find(|r| r.end <= m.first && r.end + 2 >= m.first && within(r))
            };
            let Some(r) = after.or_else(before) else {
                continue;
            };
            let norm = words[m.first.min(r.start)].range().start
                ..words[(m.end.max(r.end)) - 1].range().end;
            out.push(TitleClaim {
                span: source_span(norm.clone()),
                title_span: source_span(words[m.first].range().start..words[m.end - 1].range().end),
                sentence: source_span(sentence.clone()),
                person: person(r.clone()),
                title: m.value,
            });
        }
        out.sort_by_key(|c| c.span.start);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    fn titles(text: &str) -> Vec<(String, String, String)> {
        let lex = crate::testing::lexicon();
        let a = Article::from_text("t.txt", text.to_string(), None).unwrap();
        let claims = crate::claims::extract(&a, lex);
        claims
            .titles
            .iter()
            .map(|c| {
                let who = c.person.entity.map_or_else(
                    || c.person.name.join(" "),
                    |e| lex.gazetteer.entities()[e].id.clone(),
                );
                (
                    a.slice(c.span).to_string(),
                    lex.ranks.name(c.title).to_string(),
                    who,
                )
            })
            .collect()
    }

    #[test]
    fn ranks_followed_by_names_in_both_languages() {
        let t = titles("قال العقيد سامر الحسيني إن اللواء الركن تحسين الخفاجي وصل.");
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[0].1, "Colonel");
        assert_eq!(t[0].2, "samer-al-husseini");
        assert_eq!(t[1].0, "اللواء الركن تحسين الخفاجي");
        assert_eq!(t[1].1, "Major General");
        let t = titles("Lt. Col. Samer al-Husaini said. Col. Adam Smith left.");
        assert_eq!(t[0].1, "Lieutenant Colonel");
        assert_eq!(t[0].2, "samer-al-husseini");
        assert_eq!(t[1].0, "Col. Adam Smith");
        assert_eq!(t[1].2, "adam smith");
    }

    #[test]
    fn rank_words_that_are_ordinary_words_are_not_ranks() {
        for text in [
            "قال آمر اللواء الخامس إن القوات وصلت",
            "التقى عميد كلية الطب بالطلاب",
            "أصبح رائد فضاء عربي",
            "قال مقدم البرنامج إن الضيف غاب",
            "فاز فريق العمل بالجائزة",
            "أصبح رائد أعمال ناجح في المدينة",
            "وصل فريق تحقيق دولي إلى الموقع",
            "The General Assembly met. A major change.",
        ] {
            assert!(titles(text).is_empty(), "{text}: {:?}", titles(text));
        }
    }

    #[test]
    fn civil_titles_attach_to_the_next_person_and_synonyms_agree() {
        let a = titles("وقال المتحدث باسم الحكومة العراقية، باسم العوادي، إن المهمة انتهت");
        let b = titles("وقال الناطق باسم الحكومة باسم العوادي إن المهمة انتهت");
        let c = titles("government spokesman Basim al-Awadi said");
        for t in [&a, &b, &c] {
            assert_eq!(t.len(), 1, "{t:?}");
            assert_eq!(t[0].1, "spokesperson");
            assert_eq!(t[0].2, "basim-al-awadi");
        }
        // A reporting verb cuts the title off from a later name.
        assert!(titles("قال رئيس الوزراء إن باسم العوادي سيتحدث").is_empty());
    }

    fn load(text: &str) -> Result<RankTable, LexiconError> {
        RankTable::load(&RulesFile {
            display: "rules/ranks.toml".into(),
            text: text.into(),
        })
    }

    #[test]
    fn duplicates_and_contradictions_are_errors() {
        let head = "modifiers = []\nnot_names = []\n";
        let r =
            |id: &str, ar: &str| format!("[[rank]]\nid = \"{id}\"\nname = \"x\"\nar = [{ar}]\n");
        let title = "[[title]]\nid = \"t\"\nname = \"t\"\nar = [\"وزير\"]\n";
        let err = load(&format!(
            "{head}{}{}{title}",
            r("a", "\"عقيد\""),
            r("b", "\"عقيد\"")
        ))
        .unwrap_err();
        assert!(
            err.to_string().contains("for rank `a` and for rank `b`"),
            "{err}"
        );
        let err = load(&format!("{head}{}{title}", r("a", "\"عقيد\", \"عقيد\""))).unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        let err = load(&format!(
            "{head}{}{}{title}",
            r("a", "\"عقيد\""),
            r("a", "\"مقدم\"")
        ))
        .unwrap_err();
        assert!(err.to_string().contains("defined twice"), "{err}");
        let err = load(&format!("{head}{}{}", r("a", "\"وزير\""), title)).unwrap_err();
        assert!(
            err.to_string().contains("for rank `a` and for title `t`"),
            "{err}"
        );
    }
}
