//! Pasted error text: exact error codes first, then whole signature phrases, then BM25 word
//! overlap, with noise (GUIDs, timestamps, addresses) removed beforehand.

use super::index::Index;
use super::text;
use super::{Confidence, Hit, Mode, Results};
use std::collections::{BTreeSet, HashMap, HashSet};

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A code carried by more entries than this is a family marker (`invalid_grant`), not an id.
const SPECIFIC_CODE_MAX_DOCS: usize = 4;
/// Scores (BM25 only) below this are not even "possible".
const MIN_WORD_SCORE: f64 = 6.0;

/// A query word that is in the index: the word, its postings and its idf.
type UsedWord<'a> = (&'a str, &'a [(usize, f32)], f64);

#[derive(Default)]
struct Acc {
    code: f64,
    phrase: f64,
    specific_code: bool,
    long_phrase: bool,
    codes: BTreeSet<String>,
    phrases: BTreeSet<usize>,
}

pub fn search(index: &Index, query: &str, limit: usize) -> Results {
    let cleaned = text::clean(query);
    let n = index.docs.len().max(1) as f64;
    let mut acc: HashMap<usize, Acc> = HashMap::new();
    let mut unknown_codes = Vec::new();

    // 1. Error codes, exactly as written.
    let mut seen = HashSet::new();
    for tok in text::code_tokens(&cleaned) {
        let lower = tok.to_lowercase();
        if !seen.insert(lower.clone()) {
            continue;
        }
        match index.codes.get(&lower) {
            Some(docs) => {
                let idf = (1.0 + n / docs.len() as f64).ln();
                for &d in docs {
                    let a = acc.entry(d).or_default();
                    a.code += 10.0 * idf;
                    a.specific_code |= docs.len() <= SPECIFIC_CODE_MAX_DOCS;
                    a.codes.insert(tok.to_owned());
                }
            }
            None if looks_like_code(tok) => unknown_codes.push(tok.to_owned()),
            None => {}
        }
    }

    // 2. Whole signature phrases. Overlapping signatures of one entry count the words they
    // cover once, so an entry with many near-identical phrases does not outrank a precise one.
    let form = text::phrase_form(&cleaned);
    {
        let mut spans: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for (p, start, end) in index.phrase_hits(&form) {
            let (Some(&(doc, sig)), Some(&words)) =
                (index.phrase_owner.get(p), index.phrase_words.get(p))
            else {
                continue;
            };
            let a = acc.entry(doc).or_default();
            a.long_phrase |= words >= 3;
            a.phrases.insert(sig);
            spans.entry(doc).or_default().push((start, end));
        }
        for (doc, mut s) in spans {
            s.sort_unstable();
            let mut covered = 0;
            let mut cur: Option<(usize, usize)> = None;
            for (start, end) in s {
                match cur {
                    Some((cs, ce)) if start < ce => cur = Some((cs, ce.max(end))),
                    Some((cs, ce)) => {
                        covered += words_in(&form, cs, ce);
                        cur = Some((start, end));
                    }
                    None => cur = Some((start, end)),
                }
            }
            if let Some((cs, ce)) = cur {
                covered += words_in(&form, cs, ce);
            }
            let a = acc.entry(doc).or_default();
            a.phrase = 3.0 * covered as f64 + if a.long_phrase { 6.0 } else { 0.0 };
        }
    }

    // The paste names a product or app ("CIPP", "Okta"): entries of that product or app are
    // the likelier reading of a message several products share.
    let total_docs = index.docs.len();
    let mut context = vec![0u8; total_docs];
    for (name, docs) in &index.contexts {
        if form.contains(name.as_str()) {
            for &d in docs {
                if let Some(c) = context.get_mut(d) {
                    *c = c.saturating_add(1);
                }
            }
        }
    }

    // 3. BM25 over words (each distinct word once: a long paste repeating itself says no
    // more). Dense scores: at 100k entries a common word touches thousands of documents.
    let mut query_words: Vec<String> = text::words(&cleaned);
    let mut uniq = HashSet::new();
    query_words.retain(|w| uniq.insert(w.clone()));
    let mut word_score = vec![0f64; total_docs];
    let mut touched: Vec<usize> = Vec::new();
    let mut used_words: Vec<UsedWord> = Vec::new();
    for w in &query_words {
        let Some(postings) = index.postings.get(w) else {
            continue;
        };
        let df = postings.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        used_words.push((w.as_str(), postings.as_slice(), idf));
        for &(d, tf) in postings {
            let Some(slot) = word_score.get_mut(d) else {
                continue;
            };
            if *slot == 0.0 {
                touched.push(d);
            }
            *slot += bm25(index, idf, d, tf);
        }
    }

    let mut candidates: Vec<usize> = touched;
    candidates.extend(acc.keys().copied());
    candidates.sort_unstable();
    candidates.dedup();
    let empty = Acc::default();
    let total = |d: usize| -> f64 {
        let a = acc.get(&d).unwrap_or(&empty);
        let words = word_score.get(d).copied().unwrap_or(0.0);
        let base = 3.0 * a.code + 2.0 * a.phrase + words;
        let ctx = f64::from(context.get(d).copied().unwrap_or(0).min(2));
        base * (1.0 + 0.5 * ctx)
    };
    let mut scored: Vec<(usize, f64)> = candidates.into_iter().map(|d| (d, total(d))).collect();
    let order = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let keep = (limit.max(1) * 4).min(scored.len());
    if keep < scored.len() && keep > 0 {
        scored.select_nth_unstable_by(keep - 1, order);
        scored.truncate(keep);
    }
    scored.sort_by(order);

    let mut hits = Vec::new();
    let mut keys = Vec::new();
    for (doc, score) in scored {
        let a = acc.get(&doc).unwrap_or(&empty);
        let words = word_score.get(doc).copied().unwrap_or(0.0);
        let confidence = if a.specific_code || a.long_phrase {
            Confidence::High
        } else if !a.codes.is_empty() || a.phrase > 0.0 || words >= MIN_WORD_SCORE {
            Confidence::Possible
        } else {
            Confidence::None
        };
        if confidence == Confidence::None {
            continue;
        }
        let mut why: Vec<String> = a.codes.iter().map(|c| format!("code {c}")).collect();
        if let Some(d) = index.docs.get(doc) {
            for &s in &a.phrases {
                if let Some(p) = d.signatures.get(s) {
                    why.push(format!("phrase \"{}\"", p.trim()));
                }
            }
        }
        // Which words counted most, found again only for the hits shown.
        let mut contributions: Vec<(f64, &str)> = used_words
            .iter()
            .filter_map(|(w, postings, idf)| {
                let i = postings.binary_search_by_key(&doc, |p| p.0).ok()?;
                let tf = postings.get(i)?.1;
                Some((bm25(index, *idf, doc, tf), *w))
            })
            .collect();
        contributions.sort_by(|x, y| y.0.total_cmp(&x.0));
        let top_words: Vec<&str> = contributions.iter().take(5).map(|(_, w)| *w).collect();
        if !top_words.is_empty() {
            why.push(format!("words: {}", top_words.join(", ")));
        }
        keys.push((a.codes.clone(), phrase_key(index, doc, &a.phrases)));
        hits.push(Hit {
            doc,
            score,
            confidence,
            why,
            title_positions: Vec::new(),
        });
        if hits.len() >= limit.max(1) {
            break;
        }
    }
    let ambiguous = ambiguous_group(index, &hits, &keys);
    Results {
        hits,
        mode: Some(Mode::Pasted),
        ambiguous,
        unknown_codes,
    }
}

fn phrase_key(index: &Index, doc: usize, sigs: &BTreeSet<usize>) -> BTreeSet<String> {
    index
        .docs
        .get(doc)
        .map(|d| {
            sigs.iter()
                .filter_map(|&s| d.signatures.get(s).cloned())
                .collect()
        })
        .unwrap_or_default()
}

/// The top hits that matched the very same codes and phrases, scored alike, and belong to
/// different apps: one message that means different things per app.
fn ambiguous_group(
    index: &Index,
    hits: &[Hit],
    keys: &[(BTreeSet<String>, BTreeSet<String>)],
) -> Vec<usize> {
    let (Some(top), Some(top_key)) = (hits.first(), keys.first()) else {
        return Vec::new();
    };
    if top_key.0.is_empty() && top_key.1.is_empty() {
        return Vec::new();
    }
    let app_of = |h: &Hit| index.docs.get(h.doc).and_then(|d| d.app.clone());
    let mut apps = HashSet::new();
    let mut group = Vec::new();
    for (i, (h, k)) in hits.iter().zip(keys).enumerate() {
        if k == top_key
            && h.score >= top.score * 0.95
            && let Some(app) = app_of(h)
            && apps.insert(app)
        {
            group.push(i);
        }
    }
    if group.len() >= 2 { group } else { Vec::new() }
}

/// Tokens that are error codes by their shape even when no entry knows them.
fn looks_like_code(tok: &str) -> bool {
    let upper = tok.to_ascii_uppercase();
    (upper.starts_with("AADSTS") && tok.len() > 6 && tok[6..].chars().all(|c| c.is_ascii_digit()))
        || (tok.len() == 8 && tok.starts_with('E') && tok[1..].chars().all(|c| c.is_ascii_digit()))
}

/// Words in `form[start..end]`.
fn words_in(form: &str, start: usize, end: usize) -> usize {
    form.get(start..end)
        .map_or(0, |s| s.split_whitespace().count())
}

/// One word's BM25 contribution to one document.
fn bm25(index: &Index, idf: f64, doc: usize, tf: f32) -> f64 {
    let tf = f64::from(tf);
    let len = f64::from(index.doc_len.get(doc).copied().unwrap_or(1.0));
    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / f64::from(index.avg_len)))
}
