//! The five seed articles the project started from (in `../shared/seeds/`,
//! not part of the project): exactly two findings, the two «يناير/كانون
//! الأول» of article 001, and nothing else.

mod common;

use common::*;

#[test]
fn seeds_give_exactly_the_two_month_pairs() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let out = tadqiq(&["check", "--format", "json", seeds.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["files"].as_array().unwrap().len(), 5);
    assert!(report["errors"].as_array().unwrap().is_empty());
    let name = "001_8f11cceb5d17d0e9.txt";
    let bytes = std::fs::read(seeds.join(name)).unwrap();
    let needle = "يناير/كانون الأول".as_bytes();
    let anchors: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i..].starts_with(needle))
        .collect();
    assert_eq!(anchors.len(), 2);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2, "{diags:#?}");
    for (d, at) in diags.iter().zip(&anchors) {
        assert_eq!(d["code"], "month-pair");
        assert_eq!(d["severity"], "error");
        let labels = d["labels"].as_array().unwrap();
        assert!(
            labels
                .iter()
                .all(|l| l["path"].as_str().unwrap().ends_with(name))
        );
        let january = &labels[0];
        assert_eq!(january["start"].as_u64().unwrap() as usize, *at);
        assert_eq!(january["text"], "يناير");
        let december = &labels[1];
        assert_eq!(
            december["end"].as_u64().unwrap() as usize,
            at + needle.len()
        );
        assert_eq!(december["text"], "كانون الأول");
    }
}
