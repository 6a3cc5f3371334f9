//! Typed queries: each word fuzzy-matched (skim) against a document's fields (title, codes,
//! id, product, app and tags); every word must match.
//!
//! Over many documents the matcher is too slow for every keystroke (a few hundred
//! nanoseconds a call, 100k documents), so a large scan first orders documents by how
//! literally they hold the words and only the best few get the matcher's score.

use super::cache::SearchCache;
use super::fields::{Matcher, Word, whole_bound};
use super::hay::char_mask;
use super::index::{Doc, Index};
use super::scan::{Docs, Pass, Scored, Sums, exact_fuzzy, scan};
use super::{Confidence, Hit, Mode, Results};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Scans of more documents than this are ordered literally first; fewer get the matcher's
/// score straight away. The shipped library (hundreds of entries, each with several
/// fields) is above it: scoring all of it cost 2 ms a keystroke, 6 ms at p99.
const FULL_MAX: usize = 128;

/// After the literal pass, how many of the best get the matcher's score: a few times what
/// is shown, so the matcher still decides the order of everything on screen.
fn rescore_count(limit: usize) -> usize {
    limit.saturating_mul(4).max(128)
}

/// Answers a typed query. With a cache, a query that extends the cached one scores only the
/// documents that one matched, and the cache then holds this query's matches.
pub fn search(
    index: &Index,
    query: &str,
    limit: usize,
    mut cache: Option<&mut SearchCache>,
) -> Results {
    let texts: Vec<&str> = query.split_whitespace().collect();
    if texts.is_empty() {
        return Results::default();
    }
    let words: Vec<Word> = texts.iter().map(|t| Word::new(t)).collect();
    let m = Matcher::new();
    let mask = char_mask(query);
    // The words before the last, as the last keystroke scored them (it extended the last).
    let head = texts.split_last().map_or(&[][..], |(_, h)| h);
    let heads = cache
        .as_deref_mut()
        .and_then(|c| c.take_heads(index.id, head));
    let docs = cache
        .as_deref()
        .and_then(|c| c.candidates(index.id, &texts))
        .map_or(Docs::Range(0, index.docs.len()), Docs::List);
    // Few documents: the matcher scores them all. Many: the literal pass finds which match,
    // and the best of those by that pass get the matcher's score.
    let pass = if docs.len() <= FULL_MAX {
        Pass::Full
    } else {
        Pass::Literal
    };
    let mut found = scan(index, &m, &words, mask, docs, pass, heads.as_ref());
    if let Some(c) = cache.as_deref_mut() {
        c.store(index.id, &texts, found.iter().map(|s| s.doc).collect());
    }
    if pass == Pass::Literal {
        let mut picked: Vec<usize> = best(&mut found, rescore_count(limit))
            .iter()
            .map(|s| s.doc)
            .collect();
        picked.sort_unstable();
        found = scan(
            index,
            &m,
            &words,
            mask,
            Docs::List(&picked),
            Pass::Full,
            heads.as_ref(),
        );
    }
    if let Some(c) = cache {
        let sums = |f: fn(&Scored) -> Sums| found.iter().map(|s| (s.doc, f(s))).collect();
        c.store_sums(
            &texts,
            sums(|s| s.head),
            sums(|s| Sums {
                rank: s.rank,
                fuzzy: s.fuzzy,
                exact: s.fuzzy_exact,
            }),
        );
    }
    let min_score = min_score(&words);
    let scored: Vec<(usize, i64)> = found
        .into_iter()
        .filter(|s| {
            // A lower bound that falls short is worked out in full before it rules a document
            // out; one that passes needs no more.
            s.fuzzy >= min_score
                || (!s.fuzzy_exact
                    && index
                        .hay
                        .get(s.doc)
                        .is_some_and(|hay| exact_fuzzy(&m, &hay, &words) >= min_score))
        })
        .map(|s| (s.doc, s.rank))
        .collect();
    rank(index, &m, &words, query, scored, limit)
}

/// The best `n` of `scored` (highest rank, then library order), in no particular order.
fn best(scored: &mut Vec<Scored>, n: usize) -> &[Scored] {
    keep_best(scored, n, |a, b| {
        b.rank.cmp(&a.rank).then(a.doc.cmp(&b.doc))
    });
    scored
}

/// Keeps the first `n` of `items` in `order` (in no particular order among themselves),
/// without sorting them all.
fn keep_best<T>(items: &mut Vec<T>, n: usize, order: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if n > 0 && n < items.len() {
        items.select_nth_unstable_by(n - 1, order);
    }
    items.truncate(n);
}

/// Keeps the best-scored documents and ranks them with what only a few are worth working
/// out: highlight positions, why they matched, words typed together, exact codes.
fn rank(
    index: &Index,
    m: &Matcher,
    words: &[Word],
    query: &str,
    mut scored: Vec<(usize, i64)>,
    limit: usize,
) -> Results {
    // Best first; equal scores keep library order, so results are stable between keystrokes.
    let order = |a: &(usize, i64), b: &(usize, i64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    keep_best(&mut scored, limit.saturating_mul(4), order);
    scored.sort_by(order);

    let lower_query = query.trim().to_lowercase();
    let code_query = super::codes::code_shape(query.trim());
    // The order first (cheap string checks, then the whole-haystack match for several
    // words); highlights and "why" only for the hits that are shown.
    let mut hits: Vec<Hit> = scored
        .into_iter()
        .filter_map(|(i, score)| {
            let doc = index.docs.get(i)?;
            let mut bonus = 0;
            let exact_code =
                doc.codes.iter().any(|c| same_lowered(c, &lower_query)) || doc.id == lower_query;
            let in_title = lower_query.len() >= 4 && contains_lowered(&doc.title, &lower_query);
            let confidence = if exact_code || in_title {
                Confidence::High
            } else {
                Confidence::Possible
            };
            let mut why = Vec::new();
            if exact_code {
                why.push(format!("code {}", query.trim()));
                // The platform's entry for a code comes before one tool's reading of it,
                // however the letters' case happens to favour the tool's title.
                bonus += if doc.is_platform() { 500 } else { 100 };
            }
            // The words as typed, together in a title, beat the same letters scattered; and
            // of titles that hold them, a guided flow is what the operator came for.
            // (A code in a title is the code again: the entries that carry it decide.)
            if in_title && !exact_code && !code_query {
                bonus += 80;
                if doc.kind == super::Kind::Flow {
                    bonus += 40;
                }
            }
            Some(Hit {
                doc: i,
                score: (score + bonus) as f64,
                confidence,
                why,
                title_positions: Vec::new(),
            })
        })
        .collect();
    let by_score = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
    if words.len() > 1 {
        hits.sort_by(by_score);
        add_together_bonus(index, m, query.trim(), &mut hits, limit);
    }
    hits.sort_by(by_score);
    hits.truncate(limit);
    for hit in &mut hits {
        explain(index, m, words, hit);
    }

    Results {
        hits,
        mode: Some(Mode::Typed),
        ambiguous: Vec::new(),
        ..Results::default()
    }
}

/// Says why a shown hit matched, and which title characters to highlight.
fn explain(index: &Index, m: &Matcher, words: &[Word], hit: &mut Hit) {
    let (Some(doc), Some(hay)) = (index.docs.get(hit.doc), index.hay.get(hit.doc)) else {
        return;
    };
    let mut positions = Vec::new();
    for w in words {
        let in_title = hay
            .title
            .may_hold(&w.literal)
            .then(|| super::kernel::positions(hay.title.text, w.text))
            .flatten();
        if let Some((_, idx)) = in_title {
            hit.why.push(format!("'{}' in title", w.text));
            positions.extend(idx);
        } else if let Some(k) = m.best_part(&hay, w) {
            hit.why
                .push(format!("'{}' in {}", w.text, part_name(doc, k)));
        }
    }
    positions.sort_unstable();
    positions.dedup();
    hit.title_positions = positions;
}

/// Words typed together ("wait 5") that also appear together, in one field, rank higher:
/// each hit gains half the matcher's best score for the whole query, spaces and all, in any
/// one of its fields. (Letters of one word in the title and of the next in a tag are not
/// "together".)
///
/// This is the slowest step of a typed search, so it is worked out only while it can change
/// what is shown. `hits` come best first; once a hit could not reach the `limit`-th best
/// score even with the most the bonus can give, neither can any after it, and they are
/// dropped.
fn add_together_bonus(index: &Index, m: &Matcher, query: &str, hits: &mut Vec<Hit>, limit: usize) {
    let whole = Word::new(query);
    let first = query.chars().next();
    // The `limit` best scores so far, lowest on top.
    let mut best: BinaryHeap<Reverse<i64>> = BinaryHeap::new();
    let mut kept = 0;
    for hit in hits.iter_mut() {
        let Some(hay) = index.hay.get(hit.doc) else {
            break;
        };
        let base = hit.score as i64;
        let starts_alike = hay
            .title
            .text
            .chars()
            .next()
            .zip(first)
            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(&b));
        let most = base + whole_bound(whole.chars, starts_alike) / 2;
        if best.len() == limit && best.peek().is_some_and(|Reverse(kth)| most < *kth) {
            break;
        }
        let score = base + m.best_score(&hay, &whole).map_or(0, |w| w / 2);
        hit.score = score as f64;
        best.push(Reverse(score));
        if best.len() > limit {
            best.pop();
        }
        kept += 1;
    }
    hits.truncate(kept);
}

/// Whether `text` lower-cased is `lower` (already lower-cased), without allocating for
/// ASCII text, where lower-casing is ASCII's.
fn same_lowered(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(lower) && lower.is_ascii()
    } else {
        text.to_lowercase() == lower
    }
}

/// Whether `text` lower-cased contains `lower` (already lower-cased), without allocating for
/// ASCII text.
fn contains_lowered(text: &str, lower: &str) -> bool {
    if text.is_ascii() && lower.is_ascii() {
        let needle = lower.as_bytes();
        needle.is_empty()
            || text
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
    } else {
        text.to_lowercase().contains(lower)
    }
}

/// Scattered letter matches across a long field are noise; ask for a score that only a
/// mostly-consecutive match reaches.
fn min_score(words: &[Word]) -> i64 {
    words.iter().map(|w| (w.chars as i64 * 12).min(60)).sum()
}

/// Names the part after the title numbered `k`: the codes come first.
fn part_name(doc: &Doc, k: usize) -> &'static str {
    if k < doc.codes.len() {
        "codes"
    } else {
        "id, product or tags"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowered_checks_match_lower_casing_both_ways() {
        for (text, lower, same, contains) in [
            ("AADSTS50020", "aadsts50020", true, true),
            ("Admin Consent required", "consent", false, true),
            ("Admin Consent required", "consent x", false, false),
            ("Fin d'ÉTÉ", "été", false, true),
            ("ÉTÉ", "été", true, true),
            ("Token", "", false, true),
        ] {
            assert_eq!(
                same_lowered(text, lower),
                text.to_lowercase() == lower,
                "{text}"
            );
            assert_eq!(same_lowered(text, lower), same, "{text}");
            assert_eq!(
                contains_lowered(text, lower),
                text.to_lowercase().contains(lower),
                "{text}"
            );
            assert_eq!(contains_lowered(text, lower), contains, "{text}");
        }
    }
}
