//! What every answer of the search promises, whatever the query: the property tests and the
//! fuzzer check these on arbitrary text through [`check`].

use super::{Confidence, Index, Results};

/// Runs `search`, `search_pasted` and `search_typed` on `query` and checks each answer: at
/// most `limit` hits, sorted by finite score, each with some confidence, naming a document
/// and highlighting inside its title; `is_confident` agrees with the first hit; ambiguous
/// positions point at hits; a pasted high-confidence hit says which code or phrase made it
/// so. The error says which promise broke.
pub fn check(index: &Index, query: &str, limit: usize) -> Result<(), String> {
    check_results(index, &index.search(query, limit), limit, false)?;
    check_results(index, &index.search_pasted(query, limit), limit, true)?;
    check_results(index, &index.search_typed(query, limit), limit, false)
}

fn check_results(
    index: &Index,
    results: &Results,
    limit: usize,
    pasted: bool,
) -> Result<(), String> {
    if results.hits.len() > limit {
        return Err(format!("{} hits over limit {limit}", results.hits.len()));
    }
    for pair in results.hits.windows(2) {
        if let [a, b] = pair
            && a.score < b.score
        {
            return Err(format!("not sorted: {} < {}", a.score, b.score));
        }
    }
    for hit in &results.hits {
        if !hit.score.is_finite() {
            return Err(format!("score {}", hit.score));
        }
        if hit.confidence == Confidence::None {
            return Err("a hit without confidence".into());
        }
        let Some(doc) = index.doc(hit.doc) else {
            return Err(format!("hit names no document ({})", hit.doc));
        };
        let title_chars = doc.title.chars().count();
        if hit.title_positions.iter().any(|&p| p >= title_chars) {
            return Err(format!("highlight past the title of {}", doc.id));
        }
        if pasted
            && hit.confidence == Confidence::High
            && !hit
                .why
                .iter()
                .any(|w| w.starts_with("code ") || w.starts_with("phrase "))
        {
            return Err(format!(
                "high confidence without a code or phrase: {:?}",
                hit.why
            ));
        }
    }
    let first_high = results
        .hits
        .first()
        .is_some_and(|h| h.confidence == Confidence::High);
    if results.is_confident() != first_high {
        return Err("is_confident disagrees with the first hit".into());
    }
    if results.ambiguous.iter().any(|&i| i >= results.hits.len()) {
        return Err("an ambiguous position past the hits".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SyntheticItem;

    #[test]
    fn a_broken_promise_is_named() {
        let index = Index::synthetic(SyntheticItem::generate(50, SyntheticItem::WORDS, 7));
        assert_eq!(check(&index, "token", 5), Ok(()));
        let mut unsorted = index.search("token", 5);
        assert!(unsorted.hits.len() >= 2, "{}", unsorted.hits.len());
        let last = unsorted.hits.len() - 1;
        unsorted.hits[last].score = unsorted.hits[0].score + 1.0;
        assert!(
            check_results(&index, &unsorted, 5, false).is_err_and(|e| e.starts_with("not sorted"))
        );
        assert!(
            check_results(&index, &index.search("token", 5), 1, false)
                .is_err_and(|e| e.contains("over limit"))
        );
    }
}
