//! The error search on arbitrary query text against the shipped library: never a panic, and
//! the results keep their promises (bounded, sorted by score, confidence consistent).

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tshoot::flow::{Sources, load};
use tshoot::search::{Confidence, Index, Results};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let loaded = load(&Sources {
            builtin: true,
            paths: Vec::new(),
        });
        Index::build(&loaded.library)
    })
}

fn check(index: &Index, results: &Results, limit: usize, pasted: bool) {
    assert!(
        results.hits.len() <= limit,
        "{} hits over limit {limit}",
        results.hits.len()
    );
    for pair in results.hits.windows(2) {
        assert!(
            pair[0].score >= pair[1].score,
            "not sorted: {} < {}",
            pair[0].score,
            pair[1].score
        );
    }
    for hit in &results.hits {
        assert!(hit.score.is_finite(), "score {}", hit.score);
        assert_ne!(hit.confidence, Confidence::None, "a hit without confidence");
        let doc = index.docs().get(hit.doc).expect("hit names a document");
        let title_chars = doc.title.chars().count();
        assert!(
            hit.title_positions.iter().all(|&p| p < title_chars),
            "position past title"
        );
        if pasted && hit.confidence == Confidence::High {
            assert!(
                hit.why
                    .iter()
                    .any(|w| w.starts_with("code ") || w.starts_with("phrase ")),
                "high confidence without a code or phrase: {:?}",
                hit.why
            );
        }
    }
    assert_eq!(
        results.is_confident(),
        results
            .hits
            .first()
            .is_some_and(|h| h.confidence == Confidence::High)
    );
    assert!(
        results.ambiguous.iter().all(|&i| i < results.hits.len()),
        "ambiguous index"
    );
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let index = index();
    check(index, &index.search(&query, 10), 10, false);
    check(index, &index.search_pasted(&query, 10), 10, true);
    check(index, &index.search_typed(&query, 10), 10, false);
});
