//! `gen-corpus`: writes a synthetic news archive for benchmarks and scale tests.
//!
//! The archive is a folder of Arabic and English articles with front matter,
//! grouped into stories of 2 to 6 articles that report one event from
//! different outlets, each outlet naming months in its own system. A known
//! share of articles carries a planted conflict, and `planted.json` records
//! every one (file, byte span, text) so a benchmark can compare tadqiq's
//! findings at scale with the truth.
//!
//! The main decision is determinism: the output depends only on the
//! arguments and the month lexicon (`rules/months.toml`, embedded), never on
//! the machine or the clock. The random source is a SplitMix64 written here,
//! so a seed means the same corpus on every platform and every version of
//! every dependency.
//!
//! Five kinds of conflict are planted, each recorded in `planted.json` with
//! the code of the rule that must report it: a dual month name whose two
//! halves name different months (`month-pair`), a weekday that does not
//! fall on the date it is written with (`weekday`), and, in one article of
//! a story, a toll (`count-conflict`), an event date (`date-conflict`) or
//! an officer's rank (`title-conflict`) that differs from the other
//! articles. The vocabulary (event words from `rules/events.toml` and
//! `rules/categories.toml`, ranks from `rules/ranks.toml`, number words and
//! qualifiers) is written into the templates.
//!
//! Stories must not join by accident, or the story rules would compare
//! articles of two events: every story has its own day (story `k` happened
//! `k` days before the end of 2025), and no story shares its city, person
//! or toll with the six stories around it, so two stories within the
//! grouping window share no anchoring key.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, Weekday};
use clap::Parser;
use serde::Serialize;

use tadqiq::calendar::months::System;
use tadqiq::lexicon::Lexicon;

/// Writes a deterministic synthetic corpus of news articles.
#[derive(Parser)]
#[command(name = "gen-corpus", version, about)]
struct Args {
    /// Number of articles to write.
    #[arg(long, default_value_t = 1000)]
    articles: usize,
    /// Seed of the random source: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created; must be empty or absent).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Share of articles with a dual month name that get a mismatched pair;
    /// also the share of stories with a story-level conflict (count, date or
    /// rank) and half the share of articles with a wrong weekday.
    #[arg(long, default_value_t = 0.05)]
    conflict_rate: f64,
}

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What `planted.json` records.
#[derive(Serialize)]
struct Planted {
    /// The arguments the corpus was made with.
    seed: u64,
    articles: usize,
    conflict_rate: f64,
    /// Total bytes of article files.
    bytes: u64,
    /// Stories: the files of each, in order.
    stories: Vec<Vec<String>>,
    /// Every planted conflict.
    conflicts: Vec<Conflict>,
}

/// One planted conflict.
#[derive(Serialize)]
struct Conflict {
    /// The rule expected to report it.
    code: &'static str,
    /// The file, relative to the corpus folder, with forward slashes.
    file: String,
    /// Byte offset in the file of the first word of the conflict.
    start: usize,
    /// Byte offset one past the planted text (for a month pair, a closing
    /// parenthesis included).
    end: usize,
    /// The planted text.
    text: String,
}

/// An outlet: its name and how it writes.
struct Outlet {
    name: &'static str,
    domain: &'static str,
    /// Month system ids: the main one, then the one added in a dual name.
    main: &'static str,
    dual: Option<&'static str>,
    /// Writes digits as Arabic-Indic (٠١٢…).
    indic: bool,
}

const ARABIC_OUTLETS: &[Outlet] = &[
    Outlet {
        name: "وكالة النيل للأنباء",
        domain: "nile-news.example",
        main: "mashriq",
        dual: None,
        indic: true,
    },
    Outlet {
        name: "صحيفة الضفتين",
        domain: "difatain.example",
        main: "levant",
        dual: Some("mashriq"),
        indic: false,
    },
    Outlet {
        name: "إذاعة الشام الحرة",
        domain: "sham-radio.example",
        main: "levant",
        dual: Some("mashriq"),
        indic: true,
    },
    Outlet {
        name: "موقع الرافدين",
        domain: "rafidain.example",
        main: "mashriq",
        dual: Some("levant"),
        indic: false,
    },
    Outlet {
        name: "الخليج اليوم",
        domain: "gulf-today.example",
        main: "mashriq",
        dual: None,
        indic: false,
    },
    Outlet {
        name: "جريدة المغرب الجديد",
        domain: "maghrib-jadid.example",
        main: "morocco",
        dual: None,
        indic: false,
    },
    Outlet {
        name: "الشروق المغاربي",
        domain: "chourouk.example",
        main: "maghreb",
        dual: Some("levant"),
        indic: false,
    },
    Outlet {
        name: "أنباء شنقيط",
        domain: "chinguetti.example",
        main: "mauritania",
        dual: None,
        indic: false,
    },
];

const ENGLISH_OUTLETS: &[Outlet] = &[
    Outlet {
        name: "Harbour Wire",
        domain: "harbour-wire.example",
        main: "english",
        dual: None,
        indic: false,
    },
    Outlet {
        name: "The Evening Ledger",
        domain: "evening-ledger.example",
        main: "english",
        dual: None,
        indic: false,
    },
    Outlet {
        name: "Coastline Press",
        domain: "coastline-press.example",
        main: "english",
        dual: None,
        indic: false,
    },
];

// The vocabulary of the templates. Arabic and English lists run in
// parallel, so one story names the same people and places in both.
const CITIES: &[(&str, &str)] = &[
    ("الموصل", "Mosul"),
    ("حلب", "Aleppo"),
    ("طرابلس", "Tripoli"),
    ("البصرة", "Basra"),
    ("الحديدة", "Hodeidah"),
    ("بنغازي", "Benghazi"),
    ("صفاقس", "Sfax"),
    ("وهران", "Oran"),
    ("أغادير", "Agadir"),
    ("نواكشوط", "Nouakchott"),
    ("الإسكندرية", "Alexandria"),
    ("إربد", "Irbid"),
    ("صيدا", "Sidon"),
    ("دير الزور", "Deir ez-Zor"),
    ("كركوك", "Kirkuk"),
    ("الخرطوم", "Khartoum"),
];

const PEOPLE: &[(&str, &str)] = &[
    ("سامر الحداد", "Samer al-Haddad"),
    ("خالد العبيدي", "Khaled al-Obeidi"),
    ("يوسف القاسمي", "Youssef al-Qasimi"),
    ("عمر الزبيدي", "Omar al-Zubaidi"),
    ("حسن الجبوري", "Hassan al-Jubouri"),
    ("كريم التونسي", "Karim al-Tounsi"),
    ("إدريس الفاسي", "Idris al-Fassi"),
];

/// The first ranks of [`RANKS`] are officer ranks, which a story can get wrong.
const MILITARY: usize = 3;

/// A story-level slip planted in one article.
#[derive(Clone, Copy)]
enum Slip {
    Count,
    Date,
    Rank,
}

const RANKS: &[(&str, &str)] = &[
    ("العقيد", "Colonel"),
    ("اللواء", "Major General"),
    ("العميد", "Brigadier"),
    ("الوزير", "Minister"),
    ("المحافظ", "Governor"),
    ("المتحدث الرسمي", "spokesperson"),
];

const BODIES: &[(&str, &str)] = &[
    ("الدفاع المدني", "the civil defence"),
    ("وزارة الصحة", "the health ministry"),
    ("الهلال الأحمر", "the Red Crescent"),
    (
        "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية",
        "the UN humanitarian office",
    ),
    ("السلطات المحلية", "local authorities"),
];

/// What happened, with words that take a count. Each names its event with
/// a word of `rules/events.toml` (سيول/floods, تفجير/explosion, زلزال/
/// earthquake, هجوم/attack, غارة/strike), so the lead's date is an event date.
struct Event {
    ar_what: &'static str,
    ar_count: &'static str,
    en_what: &'static str,
    en_count: &'static str,
}

const EVENTS: &[Event] = &[
    Event {
        ar_what: "سيول جارفة ضربت",
        ar_count: "قتيلاً",
        en_what: "flash floods struck",
        en_count: "people were killed",
    },
    Event {
        ar_what: "تفجير استهدف سوقاً شعبية في",
        ar_count: "جريحاً",
        en_what: "an explosion tore through a market in",
        en_count: "people were wounded",
    },
    Event {
        ar_what: "زلزال عنيف ضرب",
        ar_count: "مصاباً",
        en_what: "a strong earthquake struck",
        en_count: "people were injured",
    },
    Event {
        ar_what: "هجوم صاروخي استهدف حياً سكنياً في",
        ar_count: "شخصاً لقوا حتفهم",
        en_what: "a rocket attack hit a residential district of",
        en_count: "people died",
    },
    Event {
        ar_what: "غارة جوية استهدفت أحياء",
        ar_count: "نازحاً",
        en_what: "an air strike hit districts of",
        en_count: "people were displaced",
    },
];

const AR_WEEKDAYS: [&str; 7] = [
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Number words 3 to 10 (masculine counted-noun form is enough for copy).
const AR_NUMBER_WORDS: [&str; 8] = [
    "ثلاثة",
    "أربعة",
    "خمسة",
    "ستة",
    "سبعة",
    "ثمانية",
    "تسعة",
    "عشرة",
];
const EN_NUMBER_WORDS: [&str; 8] = [
    "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

const AR_QUALIFIERS: &[&str] = &["نحو", "أكثر من", "ما لا يقل عن", "قرابة", ""];
const EN_QUALIFIERS: &[&str] = &["about", "more than", "at least", "nearly", ""];

/// Background sentences with no date and no number: the bulk of real copy.
const AR_FILLER: &[&str] = &[
    "وأكد شهود عيان أن فرق الإنقاذ وصلت إلى المكان بعد وقت قصير، وعملت على إجلاء السكان من المباني المجاورة.",
    "وطالبت منظمات محلية بفتح تحقيق مستقل لتحديد المسؤوليات، داعية إلى نشر نتائجه أمام الرأي العام.",
    "ويعاني القطاع الصحي في المنطقة من نقص حاد في الأدوية والمعدات، بحسب ما أفاد به عاملون في المستشفيات.",
    "وتداول ناشطون على مواقع التواصل الاجتماعي صوراً ومقاطع مصورة تظهر حجم الأضرار في الشوارع والمحال التجارية.",
    "وقالت مصادر محلية إن حركة المرور توقفت بشكل شبه كامل على الطريق الرئيسي المؤدي إلى المدينة.",
    "ودعت الحكومة المواطنين إلى التزام الحذر واتباع تعليمات الجهات المختصة حتى إشعار آخر.",
    "وأشار مراقبون إلى أن البنية التحتية في المدينة لم تخضع لأي صيانة جدية منذ سنوات طويلة.",
    "ووصلت قوافل مساعدات تحمل مواد غذائية وأغطية إلى مراكز الإيواء المؤقتة التي افتتحت في المدارس.",
    "وتعهدت السلطات بتعويض المتضررين وإعادة تأهيل المرافق العامة في أقرب وقت ممكن.",
    "ويخشى السكان من تكرار ما حدث في ظل غياب خطط واضحة للتعامل مع الأزمات.",
    "وأعلنت المدارس في المنطقة تعليق الدوام لحين تقييم سلامة المباني.",
    "ونقلت وسائل إعلام محلية عن مسؤولين قولهم إن التحقيقات الأولية لم تحدد بعد سبب ما جرى.",
];

const EN_FILLER: &[&str] = &[
    "Witnesses said rescue teams arrived within minutes and began moving residents out of neighbouring buildings.",
    "Local groups called for an independent inquiry and for its findings to be made public.",
    "Hospitals in the area have long reported shortages of medicine and equipment, staff said.",
    "Footage shared on social media showed debris scattered across streets and shopfronts.",
    "Traffic on the main road into the city came to a near standstill, local sources said.",
    "The government urged residents to stay cautious and to follow the instructions of emergency services.",
    "Observers noted that the city's infrastructure had seen little serious maintenance for years.",
    "Aid convoys carrying food and blankets reached temporary shelters set up in schools.",
    "Authorities promised to compensate those affected and to repair public facilities as soon as possible.",
    "Residents fear a repeat in the absence of any clear plan for handling such crises.",
    "Schools in the area suspended classes until the safety of their buildings has been assessed.",
    "Officials quoted by local media said preliminary investigations had not yet established the cause.",
];

/// How one article tells its story: the story's facts, or a planted slip.
struct Plan {
    /// The event date this article gives.
    date: NaiveDate,
    /// The toll, and whether it is written exactly (no qualifier).
    count: usize,
    exact: bool,
    /// Index into [`RANKS`].
    rank: usize,
    /// The weekday written is the day after the real one.
    wrong_weekday: bool,
    /// The second half of a dual month name is the previous month.
    month_pair: bool,
}

/// What an article planted: (rule code, byte range in the body).
type Plants = Vec<(&'static str, Range<usize>)>;

/// One event reported by every article of a story.
struct Story {
    date: NaiveDate,
    city: usize,
    event: usize,
    person: usize,
    rank: usize,
    body: usize,
    count: usize,
    earlier: NaiveDate,
}

/// The month systems of the lexicon, by id.
struct Months<'a> {
    systems: &'a [System],
}

impl Months<'_> {
    /// A spelling of `month` (1-12) in system `id`: mostly the canonical one.
    fn name(&self, id: &str, month: u32, rng: &mut Rng) -> String {
        let sys = self
            .systems
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("month system `{id}` is in rules/months.toml"));
        let names = &sys.months[month as usize - 1];
        if names.len() > 1 && rng.chance(0.15) {
            rng.pick(&names[1..]).clone()
        } else {
            names[0].clone()
        }
    }
}

/// An article being written, tracking the byte offset of what is appended.
struct Writer {
    text: String,
    indic: bool,
}

impl Writer {
    fn digits(&self, n: impl std::fmt::Display) -> String {
        let s = n.to_string();
        if self.indic {
            s.chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                    None => c,
                })
                .collect()
        } else {
            s
        }
    }
}

/// A count as copy writes it: digits, or words for small numbers.
fn count_phrase(n: usize, words: &[&str; 8], w: &Writer, rng: &mut Rng) -> String {
    if (3..=10).contains(&n) && rng.chance(0.5) {
        words[n - 3].to_string()
    } else {
        w.digits(n)
    }
}

fn weekday_index(d: NaiveDate) -> usize {
    match d.weekday() {
        Weekday::Mon => 0,
        Weekday::Tue => 1,
        Weekday::Wed => 2,
        Weekday::Thu => 3,
        Weekday::Fri => 4,
        Weekday::Sat => 5,
        Weekday::Sun => 6,
    }
}

/// Writes an Arabic article; returns the planted conflict's span, if any.
fn arabic(
    story: &Story,
    plan: &Plan,
    outlet: &Outlet,
    months: &Months<'_>,
    rng: &mut Rng,
) -> (String, String, Plants) {
    let mut w = Writer {
        text: String::new(),
        indic: outlet.indic,
    };
    let (city, _) = CITIES[story.city];
    let (person, _) = PEOPLE[story.person];
    let (rank, _) = RANKS[plan.rank];
    let (body, _) = BODIES[story.body];
    let ev = &EVENTS[story.event];
    let d = plan.date;
    let title = format!("{} {city}", ev.ar_what);
    let mut planted = Plants::new();
    let plant = plan.month_pair;

    // The dated lead: a dual name when the outlet writes them.
    let month = d.month();
    let main_name = months.name(outlet.main, month, rng);
    let month_expr = match outlet.dual {
        Some(dual) => {
            let second_month = if plant {
                // A slip of one month, or the classic كانون الأول/الثاني swap.
                if month == 1 { 12 } else { month - 1 }
            } else {
                month
            };
            let second = months.name(dual, second_month, rng);
            if rng.chance(0.5) {
                format!("{main_name}/{second}")
            } else {
                format!("{main_name} ({second})")
            }
        }
        None => main_name,
    };
    let qualifier = rng.pick(AR_QUALIFIERS);
    let count = count_phrase(plan.count, &AR_NUMBER_WORDS, &w, rng);
    let count = if qualifier.is_empty() || plan.exact {
        count
    } else {
        format!("{qualifier} {count}")
    };
    let _ = write!(
        w.text,
        "{city} - ذكرت مصادر في {body} أن {} {city} يوم ",
        ev.ar_what,
    );
    let weekday_start = w.text.len();
    let _ = write!(
        w.text,
        "{} {} ",
        AR_WEEKDAYS[(weekday_index(d) + usize::from(plan.wrong_weekday)) % 7],
        w.digits(d.day())
    );
    let date_start = w.text.len();
    w.text.push_str(&month_expr);
    let date_end = w.text.len();
    if plant {
        planted.push(("month-pair", date_start..date_end));
    }
    let _ = write!(w.text, " {}", w.digits(d.year()));
    let full_date = weekday_start..w.text.len();
    w.text.push_str(" أسفر عن سقوط ");
    let count_start = w.text.len();
    let _ = writeln!(
        w.text,
        "{count} {}، في حصيلة أولية قابلة للارتفاع.",
        ev.ar_count
    );
    let count_end = count_start + count.len();
    w.text.push('\n');
    planted.extend(story_plants(story, plan, full_date, count_start..count_end));

    w.text.push_str("وقال ");
    let rank_start = w.text.len();
    let _ = writeln!(
        w.text,
        "{rank} {person} في تصريح صحفي إن فرق الطوارئ ما زالت تعمل في الموقع، مشيراً إلى أن \"الأولوية الآن هي لإنقاذ العالقين وتقديم الرعاية للمصابين\".\n"
    );
    if plan.rank != story.rank {
        planted.push((
            "title-conflict",
            rank_start..rank_start + rank.len() + 1 + person.len(),
        ));
    }
    let mut filler: Vec<&str> = AR_FILLER.to_vec();
    for i in (1..filler.len()).rev() {
        filler.swap(i, rng.below(i + 1));
    }
    let n = rng.range(5, 10);
    for (i, sentence) in filler.iter().take(n).enumerate() {
        w.text.push_str(sentence);
        w.text.push_str(if i % 3 == 2 { "\n\n" } else { " " });
    }
    // Background: an earlier date, a single month name.
    let earlier = months.name(outlet.main, story.earlier.month(), rng);
    let _ = writeln!(
        w.text,
        "\nوكانت {city} قد شهدت حادثة مماثلة في {earlier} {}، حين تضرر {} منزلاً بحسب تقديرات {body}.",
        w.digits(story.earlier.year()),
        w.digits(rng.range(12, 480)),
    );
    (title, w.text, planted)
}

/// Writes an English article.
fn english(
    story: &Story,
    plan: &Plan,
    months: &Months<'_>,
    rng: &mut Rng,
) -> (String, String, Plants) {
    let w = Writer {
        text: String::new(),
        indic: false,
    };
    let (_, city) = CITIES[story.city];
    let (_, person) = PEOPLE[story.person];
    let (_, rank) = RANKS[plan.rank];
    let (_, body) = BODIES[story.body];
    let ev = &EVENTS[story.event];
    let d = plan.date;
    let mut text = String::new();
    let mut planted = Plants::new();
    let month = months.name("english", d.month(), rng);
    let qualifier = rng.pick(EN_QUALIFIERS);
    let count = count_phrase(plan.count, &EN_NUMBER_WORDS, &w, rng);
    let count = if qualifier.is_empty() || plan.exact {
        count
    } else {
        format!("{qualifier} {count}")
    };
    let title = format!("{} {city}", capitalise(ev.en_what));
    let _ = write!(text, "{} - ", city.to_uppercase());
    let count_start = text.len();
    let _ = write!(
        text,
        "{count} {} when {} {city} on ",
        ev.en_count, ev.en_what
    );
    let count_end = count_start + count.len();
    let date_start = text.len();
    let _ = write!(
        text,
        "{}, {month} {}, {}",
        EN_WEEKDAYS[(weekday_index(d) + usize::from(plan.wrong_weekday)) % 7],
        d.day(),
        d.year()
    );
    let full_date = date_start..text.len();
    let _ = writeln!(text, ", {body} said, in a toll that may still rise.\n");
    planted.extend(story_plants(story, plan, full_date, count_start..count_end));
    text.push_str(
        "\"Our priority now is to reach those still trapped and to care for the injured,\" ",
    );
    let rank_start = text.len();
    let _ = writeln!(
        text,
        "{rank} {person} told reporters, adding that emergency teams were still at the site.\n"
    );
    if plan.rank != story.rank {
        planted.push((
            "title-conflict",
            rank_start..rank_start + rank.len() + 1 + person.len(),
        ));
    }
    let mut filler: Vec<&str> = EN_FILLER.to_vec();
    for i in (1..filler.len()).rev() {
        filler.swap(i, rng.below(i + 1));
    }
    let n = rng.range(5, 10);
    for (i, sentence) in filler.iter().take(n).enumerate() {
        text.push_str(sentence);
        text.push_str(if i % 3 == 2 { "\n\n" } else { " " });
    }
    let earlier = months.name("english", story.earlier.month(), rng);
    let _ = writeln!(
        text,
        "\nThe city saw a similar incident in {earlier} {}, when {} homes were damaged according to {body}.",
        story.earlier.year(),
        rng.range(12, 480),
    );
    (title, text, planted)
}

/// The article-level and count/date plants of an article's lead.
fn story_plants(story: &Story, plan: &Plan, date: Range<usize>, count: Range<usize>) -> Plants {
    let mut out = Plants::new();
    if plan.wrong_weekday {
        out.push(("weekday", date.clone()));
    }
    if plan.date != story.date {
        out.push(("date-conflict", date));
    }
    if plan.count != story.count {
        out.push(("count-conflict", count));
    }
    out
}

/// A value not among the last few stories' values, so that stories close
/// in time share no key (a few tries, then whatever comes).
fn fresh(rng: &mut Rng, lo: usize, hi: usize, recent: &[usize]) -> usize {
    let mut v = rng.range(lo, hi);
    for _ in 0..64 {
        if !recent.contains(&v) {
            break;
        }
        v = rng.range(lo, hi);
    }
    v
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Front matter: YAML with double-quoted strings.
fn front_matter(
    title: &str,
    outlet: &Outlet,
    published: NaiveDate,
    lang: &str,
    slug: &str,
) -> String {
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "---\ntitle: \"{}\"\noutlet: \"{}\"\npublished: {}\nlanguage: {lang}\nurl: \"https://{}/{slug}\"\n---\n",
        q(title),
        q(outlet.name),
        published.format("%Y-%m-%d"),
        outlet.domain,
    )
}

fn run(args: &Args) -> Result<Planted, String> {
    let lexicon = Lexicon::embedded().map_err(|e| format!("rule data: {e}"))?;
    let months = Months {
        systems: lexicon.months.systems(),
    };
    if args.out.exists()
        && std::fs::read_dir(&args.out)
            .map_err(|e| format!("{}: {e}", args.out.display()))?
            .next()
            .is_some()
    {
        return Err(format!(
            "{}: the output folder is not empty",
            args.out.display()
        ));
    }
    let mut rng = Rng(args.seed ^ 0x7461_6471_6971_0001);
    let mut planted = Planted {
        seed: args.seed,
        articles: args.articles,
        conflict_rate: args.conflict_rate,
        bytes: 0,
        stories: Vec::new(),
        conflicts: Vec::new(),
    };
    let last = NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date");
    let mut written = 0;
    let mut story_no = 0;
    // (city, person, count, event) of the last stories, newest last.
    let mut recent: Vec<(usize, usize, usize, usize)> = Vec::new();
    while written < args.articles {
        let size = rng.range(2, 6).min(args.articles - written);
        let date = last - chrono::Duration::days(story_no as i64);
        let cities: Vec<usize> = recent.iter().map(|r| r.0).collect();
        let people: Vec<usize> = recent.iter().map(|r| r.1).collect();
        let counts: Vec<usize> = recent.iter().map(|r| r.2).collect();
        let events: Vec<usize> = recent.iter().rev().take(2).map(|r| r.3).collect();
        let story = Story {
            date,
            city: fresh(&mut rng, 0, CITIES.len() - 1, &cities),
            // Not the event of the two stories before: a date slipped by
            // one or two days must not meet theirs.
            event: fresh(&mut rng, 0, EVENTS.len() - 1, &events),
            person: fresh(&mut rng, 0, PEOPLE.len() - 1, &people),
            // An officer: the name then ties the story's articles together
            // in both languages.
            rank: rng.below(MILITARY),
            body: rng.below(BODIES.len()),
            count: fresh(&mut rng, 3, 140, &counts),
            earlier: date - chrono::Duration::days(rng.range(60, 2000) as i64),
        };
        recent.push((story.city, story.person, story.count, story.event));
        if recent.len() > 6 {
            recent.remove(0);
        }
        // A story-level slip in one article (not the first) of the story.
        let slip = if size >= 3 && rng.chance(args.conflict_rate) {
            let article = rng.range(1, size - 1);
            match rng.below(3) {
                0 if story.count >= 24 => Some((article, Slip::Count)),
                0 => None,
                1 => Some((article, Slip::Date)),
                _ => Some((article, Slip::Rank)),
            }
        } else {
            None
        };
        let folder = format!("s{story_no:06}");
        let dir = args.out.join(&folder);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut files = Vec::new();
        for k in 0..size {
            let slipped = slip.filter(|(a, _)| *a == k).map(|(_, s)| s);
            // A slipped rank is written in Arabic, where every rank and
            // name of the templates is read.
            // People the gazetteer does not list are matched within one
            // script only, so the article before it is in Arabic too.
            let rank_slip = |at: usize| matches!(slip, Some((a, Slip::Rank)) if a == at);
            let is_arabic = rank_slip(k) || rank_slip(k + 1) || rng.chance(0.75);
            let outlet = if is_arabic {
                rng.pick(ARABIC_OUTLETS)
            } else {
                rng.pick(ENGLISH_OUTLETS)
            };
            let published = story.date + chrono::Duration::days(rng.below(3) as i64);
            let slug = format!("{}-{story_no}-{k}", published.format("%Y/%m/%d"));
            let mut plan = Plan {
                date: story.date,
                count: story.count,
                // Exact tolls in a story with a slipped toll or date: the
                // toll then ties the article with the other date to its story.
                exact: slip.is_some_and(|(_, s)| !matches!(s, Slip::Rank)),
                rank: story.rank,
                wrong_weekday: false,
                month_pair: is_arabic && outlet.dual.is_some() && rng.chance(args.conflict_rate),
            };
            // No month pair in a slipped article: a mismatched pair has no
            // date, and without its event date the article may leave its story.
            if slipped.is_some() {
                plan.month_pair = false;
            }
            match slipped {
                // Half the toll, written exactly: no qualifier makes it agree.
                Some(Slip::Count) => {
                    plan.count = story.count / 2;
                    plan.exact = true;
                }
                // Two days earlier: never after the publication date.
                Some(Slip::Date) => plan.date = story.date - chrono::Duration::days(2),
                Some(Slip::Rank) => plan.rank = (story.rank + 1 + rng.below(2)) % MILITARY,
                // Not with a mismatched month pair, whose month is unknown.
                None => {
                    plan.wrong_weekday = !plan.month_pair && rng.chance(args.conflict_rate / 2.0);
                }
            }
            let (title, body, spans, lang) = if is_arabic {
                let (t, b, s) = arabic(&story, &plan, outlet, &months, &mut rng);
                (t, b, s, "ar")
            } else {
                let (t, b, s) = english(&story, &plan, &months, &mut rng);
                (t, b, s, "en")
            };
            let head = front_matter(&title, outlet, published, lang, &slug);
            let name = format!("{folder}/{k}.md");
            for (code, r) in spans {
                planted.conflicts.push(Conflict {
                    code,
                    file: name.clone(),
                    start: head.len() + r.start,
                    end: head.len() + r.end,
                    text: body[r].to_string(),
                });
            }
            let text = head + &body;
            planted.bytes += text.len() as u64;
            let path = args.out.join(&name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            files.push(name);
        }
        planted.stories.push(files);
        written += size;
        story_no += 1;
    }
    Ok(planted)
}

fn write_planted(out: &Path, planted: &Planted) -> Result<(), String> {
    let path = out.join("planted.json");
    let json = serde_json::to_string_pretty(planted).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(0.0..=1.0).contains(&args.conflict_rate) {
        eprintln!("error: --conflict-rate must be between 0 and 1");
        return ExitCode::from(2);
    }
    match run(&args).and_then(|p| write_planted(&args.out, &p).map(|()| p)) {
        Ok(p) => {
            eprintln!(
                "wrote {} articles in {} stories ({:.1} MB) with {} planted conflicts to {}",
                p.articles,
                p.stories.len(),
                p.bytes as f64 / 1e6,
                p.conflicts.len(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
