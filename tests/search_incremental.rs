//! Typed search one keystroke at a time, with a cache (as the wizard's search box does),
//! gives the same results as searching each query afresh, on a generated library large
//! enough for the literal first pass and the threads.

use tshoot::search::{Index, Results, SearchCache, SyntheticItem};

fn generated(n: usize) -> Index {
    // `Ids locked` is typed below: the generated titles hold `IdsLocked` too.
    let mut words = SyntheticItem::WORDS.to_vec();
    words.push("IdsLocked");
    let mut items = SyntheticItem::generate(n, &words, 0x2545_f491_4f6c_dd1d);
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
    keystrokes_answer_as_fresh_searches_do(&generated(6_000));
    keystrokes_answer_as_fresh_searches_do(crate::util::shipped_index());
}

/// Types, deletes back and retypes queries one keystroke at a time with one cache, and
/// compares every answer with a fresh search.
fn keystrokes_answer_as_fresh_searches_do(index: &Index) {
    // Typing, deleting back, a second word, a pause (space), capitals, an exact code.
    let mut queries = Vec::new();
    for text in [
        "consent",
        "token re",
        "aadsts1001",
        "Ids locked",
        "quota",
        "token refresh expired",
        "box okta",
        "wait 5",
    ] {
        for k in 1..=text.len() {
            queries.push(text[..k].to_owned());
        }
    }
    queries.extend(
        [
            "con",
            "co",
            "cox",
            "token ",
            "token  r",
            "TOKEN",
            "x y z",
            "token r",
            "token x",
            "token refresh",
            "refresh token",
        ]
        .map(String::from),
    );
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

#[test]
fn a_bare_typed_code_puts_the_platform_entry_first_in_any_case() {
    let index = crate::util::shipped_index();
    for query in ["AADSTS50020", "aadsts50020", "AADSTS65001", "AADSTS50076"] {
        let results = index.search(query, 5);
        let first = results
            .hits
            .first()
            .and_then(|h| index.doc(h.doc))
            .map(|d| d.id.clone())
            .unwrap_or_default();
        assert!(
            !first.starts_with("cipp"),
            "{query}: {first} outranks the generic entry"
        );
    }
}
