//! The bilingual gazetteer: places, organisations and people, and finding
//! them in articles.
//!
//! Loaded from `rules/gazetteer.toml`. Every alias, Arabic or Latin, is a
//! phrase of one shared `PhraseTable`, so one pass over an article's
//! words finds every entity whatever the script. The main decision is that
//! identity is the entity id, not the spelling: «بغداد» and "Baghdad" are
//! the same key for story grouping, and a transliterated person name that
//! is not listed is still tied to its entity by Jaro-Winkler similarity
//! within one script (`Gazetteer::resolve_person`).

use serde::Deserialize;
use toml::Spanned;

use crate::claims::phrases::{PhraseTable, Word, is_latin, phrase_keys};
use crate::error::LexiconError;
use crate::lexicon::RulesFile;
use crate::text::Span;

/// What kind of thing an entity is; sets its weight as story evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A country (weak evidence: many stories share it).
    Country,
    /// A province or region.
    Region,
    /// A city.
    City,
    /// A base, camp, building or other precise place.
    Site,
    /// An organisation.
    Organization,
    /// A person.
    Person,
    /// A named event, operation, agreement or law («اتفاقية الإطار الأمني»).
    Event,
}

impl EntityKind {
    /// The lowercase name used in evidence strings.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Region => "region",
            EntityKind::City => "city",
            EntityKind::Site => "site",
            EntityKind::Organization => "organization",
            EntityKind::Person => "person",
            EntityKind::Event => "named event",
        }
    }
}

/// One entity of the gazetteer.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable identifier.
    pub id: String,
    /// Kind.
    pub kind: EntityKind,
    /// Names as written in the file; the first is the canonical one.
    pub names: Vec<String>,
    /// The names' folded word keys with their skeletons, for fuzzy
    /// person matching (every titled name of every article is compared
    /// with every alias, so the aliases' skeletons are made once).
    keys: Vec<NameKey>,
}

impl Entity {
    /// A display name: the first Latin name and the first Arabic name.
    pub fn display(&self) -> String {
        let latin = self.names.iter().find(|n| is_latin(n));
        let arabic = self.names.iter().find(|n| !is_latin(n));
        match (latin, arabic) {
            (Some(l), Some(a)) => format!("{l}/{a}"),
            (Some(n), None) | (None, Some(n)) => n.clone(),
            (None, None) => self.id.clone(),
        }
    }
}

/// The gazetteer, compiled.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    phrases: PhraseTable<usize>,
}

/// An entity named in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// Index of the entity in the gazetteer.
    pub entity: usize,
    /// Index of the first word and one past the last in the article's word list.
    pub words: std::ops::Range<usize>,
    /// Where the name is in the source.
    pub span: Span,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    entity: Vec<Spanned<EntityFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityFile {
    id: String,
    kind: EntityKind,
    names: Vec<Spanned<String>>,
}

/// Jaro-Winkler similarity above which two names of one script are one name.
pub(crate) const NAME_SIMILARITY: f64 = 0.92;

impl Gazetteer {
    /// Registers the name table with `marks`.
    pub(crate) fn register(&mut self, marks: &mut crate::claims::phrases::PhraseMarks) {
        marks.register(&mut self.phrases);
    }
}

impl Gazetteer {
    /// Loads and validates `gazetteer.toml`.
    pub fn load(file: &RulesFile) -> Result<Gazetteer, LexiconError> {
        let parsed: File = file.parse()?;
        let mut g = Gazetteer::default();
        for e in &parsed.entity {
            let span = e.span();
            let e = e.get_ref();
            if g.entities.iter().any(|x| x.id == e.id) {
                return Err(file.error(
                    span,
                    format!("entity `{}` is defined twice", e.id),
                    "second definition",
                ));
            }
            if e.names.is_empty() {
                return Err(file.error(span, format!("entity `{}` has no name", e.id), "here"));
            }
            let index = g.entities.len();
            let ids: Vec<String> = g.entities.iter().map(|x| x.id.clone()).collect();
            let own = e.id.clone();
            g.phrases.insert_all(file, &e.names, index, |i| {
                format!("entity `{}`", ids.get(*i).unwrap_or(&own))
            })?;
            g.entities.push(Entity {
                id: e.id.clone(),
                kind: e.kind,
                names: e.names.iter().map(|n| n.get_ref().clone()).collect(),
                keys: e
                    .names
                    .iter()
                    .filter_map(|n| NameKey::new(phrase_keys(n.get_ref())))
                    .collect(),
            });
        }
        Ok(g)
    }

    /// The entities, in file order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Every entity named in a word list, left to right.
    pub(crate) fn find(
        &self,
        words: &[Word<'_>],
        source_span: impl Fn(std::ops::Range<usize>) -> Span,
    ) -> Vec<EntityMention> {
        self.phrases
            .find_all(words)
            .into_iter()
            .map(|m| EntityMention {
                entity: m.value,
                span: source_span(words[m.first].range().start..words[m.end - 1].range().end),
                words: m.first..m.end,
            })
            .collect()
    }

    /// The person entity a name (as word keys) most likely denotes, if any:
    /// an alias of the same script whose family name and first name are
    /// similar enough.
    pub(crate) fn resolve_person(&self, name: &[String]) -> Option<usize> {
        let name = NameKey::new(name.to_vec())?;
        let mut best: Option<(f64, usize)> = None;
        for (i, e) in self.entities.iter().enumerate() {
            if e.kind != EntityKind::Person {
                continue;
            }
            for alias in &e.keys {
                if let Some(score) = name.similarity(alias)
                    && best.is_none_or(|(b, _)| score > b)
                {
                    best = Some((score, i));
                }
            }
        }
        best.map(|(_, i)| i)
    }
}

/// Strips an Arabic or Latin article from a name part: «الحسيني» → «حسيني»,
/// "al-husseini" → "husseini".
fn bare(part: &str) -> &str {
    for p in ["al-", "el-", "ال"] {
        if let Some(r) = part.strip_prefix(p)
            && r.chars().count() >= 2
        {
            return r;
        }
    }
    part
}

/// The consonant skeleton of a name part, comparable across Arabic and
/// Latin script: the article, vowels and the semivowels و/ي (w/y, which
/// transliterations write as vowels) are dropped, letters with several
/// Latin spellings are merged (خ kh → k, ش sh ch → s, ج j g → j, ق q → k),
/// and doubled letters are collapsed: «الحسيني» and "al-Husseini" both
/// give "hsn".
pub(crate) fn skeleton(part: &str) -> String {
    let part = bare(part);
    // At most one letter per byte of the part (but for "x"): seldom grown.
    let mut out = String::with_capacity(part.len());
    let mut push = |c: char| {
        if !out.ends_with(c) {
            out.push(c);
        }
    };
    if is_latin(part) {
        let lower = part.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let (c, next) = (chars[i], chars.get(i + 1).copied());
            let digraph = match (c, next) {
                ('k', Some('h')) => Some('k'),
                ('s', Some('h')) | ('c', Some('h')) => Some('s'),
                ('t', Some('h')) => Some('t'),
                ('d', Some('h')) => Some('d'),
                ('g', Some('h')) => Some('g'),
                _ => None,
            };
            if let Some(d) = digraph {
                push(d);
                i += 2;
                continue;
            }
            match c {
                'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | '\'' | '’' | '-' => {}
                'q' | 'c' => push('k'),
                'g' => push('j'),
                'x' => {
                    push('k');
                    push('s');
                }
                'v' => push('f'),
                'p' => push('b'),
                c if c.is_ascii_alphabetic() => push(c),
                _ => {}
            }
            i += 1;
        }
    } else {
        let n = part.chars().count();
        for (i, c) in part.chars().enumerate() {
            let m = match c {
                'ب' => 'b',
                'ت' | 'ث' | 'ط' => 't',
                'ج' => 'j',
                'ح' => 'h',
                'خ' | 'ق' | 'ك' => 'k',
                'د' | 'ذ' | 'ض' => 'd',
                'ر' => 'r',
                'ز' | 'ظ' => 'z',
                'س' | 'ش' | 'ص' => 's',
                'غ' => 'g',
                'ف' => 'f',
                'ل' => 'l',
                'م' => 'm',
                'ن' => 'n',
                // A final ه is the folded teh marbuta: a vowel.
                'ه' if i + 1 < n => 'h',
                _ => continue,
            };
            push(m);
        }
    }
    out
}

/// A name's word keys with what comparing it needs: its script and the
/// consonant skeletons of its family and first names.
#[derive(Debug, Clone)]
pub(crate) struct NameKey {
    parts: Vec<String>,
    latin: bool,
    family: String,
    first: Option<String>,
    /// The characters of the family name without its article.
    family_bag: CharBag,
    /// Where the family name starts without its article ([`bare`]).
    bare_at: usize,
    /// Characters in `family` (the skeleton).
    family_chars: usize,
}

/// A word's length in characters and a 64-bit set of its characters (by
/// code point modulo 64), enough to bound the Jaro similarity of two
/// words from above without comparing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CharBag {
    len: usize,
    set: u64,
}

impl CharBag {
    fn of(word: &str) -> CharBag {
        let mut bag = CharBag { len: 0, set: 0 };
        for c in word.chars() {
            bag.len += 1;
            bag.set |= 1 << (u32::from(c) % 64);
        }
        bag
    }

    /// False when the Jaro-Winkler similarity of `a` (this bag's word) and
    /// the word of `b` is certainly below `threshold`.
    ///
    /// Every character of `a` that Jaro matches is in `b`, so the matches
    /// are at most the characters of `a` whose bit is set in `b` (a shared
    /// bit over-counts, which keeps the bound an upper bound), and at most
    /// the shorter length; with no transpositions and the longest prefix
    /// Winkler rewards (four characters), that gives the highest score the
    /// pair could have. Most names of a gazetteer share too few letters
    /// with a given name to come near 0.92, and are turned away here.
    fn may_reach(a: &str, b: CharBag, a_len: usize, threshold: f64) -> bool {
        if a_len == 0 || b.len == 0 {
            // strsim scores two empty words 1, one empty word 0.
            return a_len == b.len;
        }
        let shared = a
            .chars()
            .filter(|&c| b.set >> (u32::from(c) % 64) & 1 == 1)
            .count();
        let m = shared.min(a_len).min(b.len) as f64;
        if m == 0.0 {
            return false;
        }
        let jaro = (m / a_len as f64 + m / b.len as f64 + 1.0) / 3.0;
        let best = if jaro > 0.7 {
            jaro + 0.4 * (1.0 - jaro)
        } else {
            jaro
        };
        // A margin for rounding: the bound must never fall below the score.
        best + 1e-9 >= threshold
    }
}

impl NameKey {
    /// `None` for a name without words.
    fn new(parts: Vec<String>) -> Option<NameKey> {
        let last = parts.last()?;
        let family = skeleton(last);
        let bare_family = bare(last);
        Some(NameKey {
            latin: is_latin(last),
            family_bag: CharBag::of(bare_family),
            bare_at: last.len() - bare_family.len(),
            family_chars: family.chars().count(),
            family,
            first: (parts.len() >= 2).then(|| skeleton(&parts[0])),
            parts,
        })
    }

    /// See [`name_similarity`].
    fn similarity(&self, other: &NameKey) -> Option<f64> {
        let (a, b) = (&self.parts, &other.parts);
        let (la, lb) = (a.last()?, b.last()?);
        if self.latin != other.latin {
            // Across scripts: the consonant skeletons of the family name (and of
            // the first name when both give one) must be equal.
            if self.family_chars < 3 || self.family != other.family {
                return None;
            }
            if let (Some(fa), Some(fb)) = (&self.first, &other.first)
                && fa != fb
            {
                return None;
            }
            return Some(NAME_SIMILARITY);
        }
        // `bare` of each family name, found once when the key was made.
        let (ba, bb) = (&la[self.bare_at..], &lb[other.bare_at..]);
        if !CharBag::may_reach(ba, other.family_bag, self.family_bag.len, NAME_SIMILARITY) {
            return None;
        }
        let family = strsim::jaro_winkler(ba, bb);
        if family < NAME_SIMILARITY {
            return None;
        }
        if a.len() >= 2 && b.len() >= 2 {
            let first = strsim::jaro_winkler(&a[0], &b[0]);
            if first < NAME_SIMILARITY {
                return None;
            }
            return Some((family + first) / 2.0);
        }
        Some(family - 0.01)
    }
}

/// How similar two names (word keys) are, if they can be the same person:
/// same script, similar family names, and similar first names when both
/// give one. `None` when they cannot be the same person.
pub(crate) fn name_similarity(a: &[String], b: &[String]) -> Option<f64> {
    NameKey::new(a.to_vec())?.similarity(&NameKey::new(b.to_vec())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::phrases::words;
    use crate::text::normalize;

    fn load(text: &str) -> Result<Gazetteer, LexiconError> {
        Gazetteer::load(&RulesFile {
            display: "rules/gazetteer.toml".into(),
            text: text.into(),
        })
    }

    fn ids(text: &str) -> Vec<String> {
        let g = crate::testing::lexicon();
        let n = normalize(text, 0);
        let w = words(n.as_str());
        g.gazetteer
            .find(&w, |r| Span::new(r.start, r.end))
            .into_iter()
            .map(|m| g.gazetteer.entities()[m.entity].id.clone())
            .collect()
    }

    #[test]
    fn finds_names_in_both_scripts_with_clitics() {
        assert_eq!(
            ids("زار بغداد وللعراق ثم Baghdad, Iraq والتحالف الدولي"),
            vec!["baghdad", "iraq", "baghdad", "iraq", "coalition"]
        );
        assert_eq!(ids("بقاعدة حرير في أربيل"), vec!["harir-base", "erbil"]);
    }

    #[test]
    fn unlisted_transliterations_resolve_by_similarity() {
        let g = &crate::testing::lexicon().gazetteer;
        let k = |s: &str| phrase_keys(s);
        let id = |i: Option<usize>| i.map(|i| g.entities()[i].id.as_str());
        assert_eq!(
            id(g.resolve_person(&k("Samer al-Husaini"))),
            Some("samer-al-husseini")
        );
        assert_eq!(
            id(g.resolve_person(&k("سامر الحسينى"))),
            Some("samer-al-husseini")
        );
        assert_eq!(id(g.resolve_person(&k("Omar al-Husseini"))), None);
        assert_eq!(id(g.resolve_person(&k("Karim Bennis"))), None);
        // Across scripts by consonant skeleton.
        assert_eq!(
            id(g.resolve_person(&k("Tahseen al-Khafagy"))),
            Some("tahsin-al-khafaji")
        );
    }

    #[test]
    fn skeletons_match_across_scripts() {
        for (ar, en) in [
            ("الحسيني", "al-Husseini"),
            ("الجبوري", "al-Jubouri"),
            ("الخفاجي", "Khafaji"),
            ("تحسين", "Tahseen"),
            ("عمر", "Omar"),
            ("الشمري", "al-Shammari"),
        ] {
            assert_eq!(
                skeleton(&phrase_keys(ar)[0]),
                skeleton(&phrase_keys(en)[0]),
                "{ar} {en}"
            );
        }
        let k = |s: &str| phrase_keys(s);
        assert!(name_similarity(&k("عمر الجبوري"), &k("Omar al-Jubouri")).is_some());
        assert!(name_similarity(&k("كريم الجبوري"), &k("Kamal al-Jubouri")).is_none());
        assert!(name_similarity(&k("عمر الجبوري"), &k("Omar al-Jaafari")).is_none());
    }

    #[test]
    fn duplicates_and_contradictions_are_errors() {
        let two = "[[entity]]\nid = \"a\"\nkind = \"city\"\nnames = [\"بغداد\", \"Baghdad\"]\n";
        let err = load(&format!("{two}{}", two.replace("\"a\"", "\"b\""))).unwrap_err();
        assert!(
            err.to_string()
                .contains("listed for entity `a` and for entity `b`"),
            "{err}"
        );
        let err = load(&format!("{two}{two}")).unwrap_err();
        assert!(err.to_string().contains("defined twice"), "{err}");
        let err =
            load("[[entity]]\nid = \"a\"\nkind = \"city\"\nnames = [\"Baghdad\", \"baghdad\"]\n")
                .unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        let err = load("[[entity]]\nid = \"a\"\nkind = \"town\"\nnames = [\"x\"]\n").unwrap_err();
        assert!(err.to_string().contains("town"), "{err}");
    }

    #[test]
    fn the_jaro_bound_never_turns_away_a_similar_name() {
        // Words of the corpus and random words over a few letters (which
        // come close to each other often), compared pairwise.
        let mut words: Vec<String> = crate::testing::corpus_texts()
            .iter()
            .flat_map(|t| phrase_keys(t))
            .filter(|w| w.chars().count() >= 2)
            .collect();
        words.sort();
        words.dedup();
        let step = (words.len() / 200).max(1);
        let mut words: Vec<String> = words.into_iter().step_by(step).collect();
        words.extend(crate::testing::random_texts(
            "abcde",
            (1..9).cycle().take(80),
        ));
        words.extend(crate::testing::random_texts(
            "حسينج",
            (1..9).cycle().take(80),
        ));
        words.push(String::new());
        let (mut similar, mut turned_away, mut pairs) = (0, 0, 0);
        for a in &words {
            let bag = CharBag::of(a);
            for b in &words {
                let score = strsim::jaro_winkler(a, b);
                let may = CharBag::may_reach(a, CharBag::of(b), bag.len, NAME_SIMILARITY);
                assert!(may || score < NAME_SIMILARITY, "{a} {b} {score}");
                similar += usize::from(score >= NAME_SIMILARITY);
                turned_away += usize::from(!may);
                pairs += 1;
            }
        }
        assert!(similar > 300, "{similar} similar pairs");
        // The bound is worth having: most pairs never reach strsim.
        assert!(turned_away * 2 > pairs, "{turned_away} of {pairs}");
    }
}
