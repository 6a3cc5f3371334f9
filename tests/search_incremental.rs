//! Typed search one keystroke at a time, with a cache (as the wizard's search box does),
//! gives the same results as searching each query afresh, on a generated library large
//! enough for the literal first pass and the threads.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use tshoot::search::{Index, Results, SearchCache, SyntheticItem};

const WORDS: &[&str] = &[
    "token",
    "consent",
    "tenant",
    "refresh",
    "expired",
    "license",
    "mailbox",
    "policy",
    "device",
    "connector",
    "timeout",
    "grant",
    "secret",
    "session",
    "locked",
    "IdsLocked",
];

fn generated(n: usize) -> Index {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut word = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        WORDS[(seed % WORDS.len() as u64) as usize]
    };
    let mut items: Vec<SyntheticItem> = (0..n)
        .map(|i| SyntheticItem {
            id: format!("gen-{i}"),
            title: format!("{} {} {} failure {i}", word(), word(), word()),
            product: ["CIPP", "Entra ID", "Cloud App Security"][i % 3].to_owned(),
            codes: vec![format!("AADSTS{}", 100_000 + i)],
            signatures: vec![format!("the {} {} was {}", word(), word(), word())],
            cause: word().to_owned(),
        })
        .collect();
    items.push(SyntheticItem {
        id: "quota-exceeded".to_owned(),
        title: "Mailbox quota exceeded".to_owned(),
        product: "Exchange".to_owned(),
        codes: vec!["QuotaExceeded".to_owned()],
        signatures: Vec::new(),
        cause: String::new(),
    });
    Index::synthetic(items)
}

/// What a search answered, comparable.
fn summary(r: &Results) -> Vec<(usize, String, Vec<String>, Vec<usize>)> {
    r.hits
        .iter()
        .map(|h| {
            (
                h.doc,
                format!("{:.3} {:?}", h.score, h.confidence),
                h.why.clone(),
                h.title_positions.clone(),
            )
        })
        .collect()
}

#[test]
fn keystrokes_with_a_cache_answer_as_fresh_searches_do() {
    let index = generated(6_000);
    // Typing, deleting back, a second word, a pause (space), capitals, an exact code.
    let mut queries = Vec::new();
    for text in ["consent", "token re", "aadsts1001", "Ids locked", "quota"] {
        for k in 1..=text.len() {
            queries.push(text[..k].to_owned());
        }
    }
    queries.extend(["con", "co", "cox", "token ", "token  r", "TOKEN", "x y z"].map(String::from));
    let mut cache = SearchCache::new();
    for q in &queries {
        let fresh = index.search(q, 50);
        let incremental = index.search_incremental(q, 50, &mut cache);
        assert_eq!(summary(&fresh), summary(&incremental), "query {q:?}");
        assert_eq!(fresh.mode, incremental.mode, "query {q:?}");
    }
}

#[test]
fn a_word_in_one_title_among_thousands_is_found_first() {
    let index = generated(6_000);
    let r = index.search("quota", 10);
    let top = index.doc(r.hits[0].doc).unwrap();
    assert_eq!(top.id, "quota-exceeded");
    // One letter: titles starting with it come first.
    let r = index.search("m", 10);
    for h in &r.hits {
        let title = &index.doc(h.doc).unwrap().title;
        assert!(title.to_lowercase().starts_with('m'), "{title}");
    }
}
