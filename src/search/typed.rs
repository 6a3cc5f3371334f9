//! Typed queries: each word fuzzy-matched (skim) against a document's title, codes, id,
//! product, app and tags; every word must match.

use super::index::Index;
use super::{Confidence, Hit, Mode, Results};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// Below this many documents one thread is faster than two.
const PARALLEL_FROM: usize = 4096;

pub fn search(index: &Index, query: &str, limit: usize) -> Results {
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() {
        return Results::default();
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let min_score = min_score(&words);
    let query_mask = super::index::char_mask(query);
    let score_range = |range: std::ops::Range<usize>| -> Vec<(usize, i64)> {
        index.docs[range.clone()]
            .iter()
            .zip(range)
            .filter_map(|(doc, i)| {
                if query_mask & !doc.mask != 0 {
                    return None;
                }
                let mut total = 0;
                for w in &words {
                    total += matcher.fuzzy_match(&doc.haystack, w)?;
                }
                (total >= min_score).then_some((i, total))
            })
            .collect()
    };
    let n = index.docs.len();
    let mut scored: Vec<(usize, i64)> = if n >= PARALLEL_FROM {
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .clamp(1, 8);
        let chunk = n.div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let range = (t * chunk).min(n)..((t + 1) * chunk).min(n);
                    s.spawn(move || score_range(range))
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    } else {
        score_range(0..n)
    };
    // Best first; equal scores keep library order, so results are stable between keystrokes.
    let order = |a: &(usize, i64), b: &(usize, i64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    let keep = limit.saturating_mul(4).max(limit).min(scored.len());
    if keep > 0 && keep < scored.len() {
        scored.select_nth_unstable_by(keep - 1, order);
    }
    scored.truncate(keep);
    scored.sort_by(order);
    // The few kept above are re-ranked: a word found in the title beats the same word in tags.

    let lower_query = query.trim().to_lowercase();
    let mut hits: Vec<Hit> = scored
        .into_iter()
        .filter_map(|(i, score)| {
            let doc = index.docs.get(i)?;
            let title = doc.haystack.get(..title_bytes(doc))?;
            let mut positions = Vec::new();
            let mut why = Vec::new();
            let mut bonus = 0;
            for w in &words {
                if let Some((_, idx)) = matcher.fuzzy_indices(title, w) {
                    why.push(format!("'{w}' in title"));
                    positions.extend(idx);
                    bonus += 30;
                } else if let Some((_, idx)) = matcher.fuzzy_indices(&doc.haystack, w) {
                    why.push(format!(
                        "'{w}' in {}",
                        segment_of(doc, idx.first().copied())
                    ));
                }
            }
            // Words typed together ("wait 5") that also appear together rank higher.
            if words.len() > 1
                && let Some(whole) = matcher.fuzzy_match(&doc.haystack, query.trim())
            {
                bonus += whole / 2;
            }
            positions.sort_unstable();
            positions.dedup();
            let exact_code =
                doc.codes.iter().any(|c| c.to_lowercase() == lower_query) || doc.id == lower_query;
            let in_title =
                lower_query.len() >= 4 && doc.title.to_lowercase().contains(&lower_query);
            let confidence = if exact_code || in_title {
                Confidence::High
            } else {
                Confidence::Possible
            };
            if exact_code {
                why.insert(0, format!("code {}", query.trim()));
                bonus += 100;
            }
            Some(Hit {
                doc: i,
                score: (score + bonus) as f64,
                confidence,
                why,
                title_positions: positions,
            })
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits.truncate(limit);
    Results {
        hits,
        mode: Some(Mode::Typed),
        ambiguous: Vec::new(),
        unknown_codes: Vec::new(),
    }
}

/// Scattered one-letter matches across a long haystack are noise; ask for a score that
/// only a mostly-consecutive match reaches.
fn min_score(words: &[&str]) -> i64 {
    words
        .iter()
        .map(|w| (w.chars().count() as i64 * 12).min(60))
        .sum()
}

/// Names the part of the haystack a match starts in.
fn segment_of(doc: &super::index::Doc, pos: Option<usize>) -> &'static str {
    let Some(pos) = pos else { return "text" };
    let codes_chars: usize = doc.codes.iter().map(|c| c.chars().count() + 2).sum();
    if pos < doc.title_chars {
        "title"
    } else if pos < doc.title_chars + codes_chars {
        "codes"
    } else {
        "id, product or tags"
    }
}

/// Byte length of the title at the start of the haystack.
fn title_bytes(doc: &super::index::Doc) -> usize {
    doc.haystack
        .char_indices()
        .nth(doc.title_chars)
        .map_or(doc.haystack.len(), |(b, _)| b)
}
