//! Pasted error text: the paste is decoded, its most specific error code decides, then whole
//! signature phrases, the products it names and BM25 word overlap rank the rest.
//!
//! "High" is kept for answers the text itself proves: the entry carries the paste's most
//! specific code (and no other specific code competes), or the paste holds no code that names
//! one error (family values such as `invalid_grant` do not) and a whole signature phrase of
//! the entry matched.

use super::codes::PasteCodes;
use super::decode;
use super::index::Index;
use super::text;
use super::{Confidence, Hit, Mode, Results};
use std::collections::{BTreeSet, HashMap, HashSet};

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores (BM25 only) below this are not even "possible".
const MIN_WORD_SCORE: f64 = 6.0;
/// Weights of a code hit, by what the code is to the paste.
const PRIMARY_CODE: f64 = 30.0;
const OTHER_SPECIFIC_CODE: f64 = 10.0;
const WRAPPER_CODE: f64 = 3.0;
/// How much a specialised entry's score keeps when the paste does not name its product.
const UNNAMED_SPECIALISED: f64 = 0.8;

/// A query word that is in the index: the word, its postings and its idf.
type UsedWord<'a> = (&'a str, &'a [(usize, f32)], f64);

/// What matched one document.
#[derive(Default)]
struct Acc {
    /// The best primary-code weight (a number and its official name count once).
    primary: f64,
    /// Other codes' weights.
    other: f64,
    phrase: f64,
    holds_primary: bool,
    long_phrase: bool,
    codes: BTreeSet<String>,
    phrases: BTreeSet<usize>,
    /// Where its phrases matched in the phrase form of the paste.
    spans: Vec<(usize, usize)>,
    /// Whether it carries any code of the paste.
    holds_code: bool,
}

/// Searches `query` as pasted error text.
pub fn search(index: &Index, query: &str, limit: usize) -> Results {
    let decoded = decode::decode(query);
    let full = text::clean(&decoded.full);
    let window = match decoded.skipped {
        Some(_) => text::clean(&decoded.window),
        None => full.clone(),
    };
    let codes = PasteCodes::read(index, &full);
    let mut acc = code_scores(index, &codes);
    let form = text::phrase_form(&window);
    phrase_scores(index, &form, &mut acc);
    let context = named_contexts(index, &form);
    let words = WordScores::new(index, &window);
    let specialised = unnamed_specialised(index, &acc, &context, &form);

    let mut candidates: Vec<usize> = words.touched.clone();
    candidates.extend(acc.keys().copied());
    candidates.sort_unstable();
    candidates.dedup();
    let empty = Acc::default();
    let total = |d: usize| -> f64 {
        let a = acc.get(&d).unwrap_or(&empty);
        let base = 3.0 * (a.primary + a.other) + 2.0 * a.phrase + words.of(d);
        let ctx = f64::from(context.get(d).copied().unwrap_or(0).min(2));
        let penalty = if specialised.contains(&d) {
            UNNAMED_SPECIALISED
        } else {
            1.0
        };
        base * (1.0 + 0.5 * ctx) * penalty
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
        let confidence = confidence(a, &codes, words.of(doc));
        if confidence == Confidence::None {
            continue;
        }
        keys.push((a.codes.clone(), phrase_key(index, doc, &a.phrases)));
        hits.push(Hit {
            doc,
            score,
            confidence,
            why: why(index, doc, a, &words),
            title_positions: Vec::new(),
        });
        if hits.len() >= limit.max(1) {
            break;
        }
    }
    let ambiguous = ambiguous_group(index, &hits, &keys);
    let unknown_codes = codes.unknown();
    Results {
        hits,
        mode: Some(Mode::Pasted),
        ambiguous,
        unknown_codes,
        skipped: decoded.skipped,
        ids: crate::ids::named_in(&decoded.full),
    }
}

/// "High" only when the text proves it; see the module comment.
fn confidence(a: &Acc, codes: &PasteCodes, words: f64) -> Confidence {
    let proven_by_code = a.holds_primary && codes.sole && codes.has_decisive();
    let proven_by_phrase = !codes.has_decisive() && a.long_phrase;
    if proven_by_code || proven_by_phrase {
        Confidence::High
    } else if !a.codes.is_empty() || a.phrase > 0.0 || words >= MIN_WORD_SCORE {
        Confidence::Possible
    } else {
        Confidence::None
    }
}

/// Code hits: the paste's most specific code weighs most, other specific codes less, and
/// wrapper codes (`invalid_grant`, `AADSTS70002`) are only evidence.
fn code_scores(index: &Index, codes: &PasteCodes) -> HashMap<usize, Acc> {
    let n = index.docs.len().max(1) as f64;
    let mut acc: HashMap<usize, Acc> = HashMap::new();
    for f in &codes.found {
        if f.docs.is_empty() {
            continue;
        }
        let idf = (1.0 + n / f.docs.len() as f64).ln();
        let primary = codes.primary.contains(&f.key);
        for &d in &f.docs {
            let a = acc.entry(d).or_default();
            if primary {
                a.holds_primary = true;
                a.primary = a.primary.max(PRIMARY_CODE * idf);
            } else if f.specific {
                a.other += OTHER_SPECIFIC_CODE * idf;
            } else {
                a.other += WRAPPER_CODE * idf;
            }
            a.holds_code = true;
            a.codes.insert(f.shown.clone());
        }
    }
    acc
}

/// Whole signature phrases. Overlapping signatures of one entry count the words they cover
/// once, so an entry with many near-identical phrases does not outrank a precise one.
fn phrase_scores(index: &Index, form: &str, acc: &mut HashMap<usize, Acc>) {
    for (p, start, end) in index.phrase_hits(form) {
        let (Some(&(doc, sig)), Some(&words)) =
            (index.phrase_owner.get(p), index.phrase_words.get(p))
        else {
            continue;
        };
        let a = acc.entry(doc).or_default();
        a.long_phrase |= words >= 3;
        a.phrases.insert(sig);
        a.spans.push((start, end));
    }
    for a in acc.values_mut() {
        if a.spans.is_empty() {
            continue;
        }
        let covered = covered_words(form, a.spans.clone());
        a.phrase = 3.0 * covered as f64 + if a.long_phrase { 6.0 } else { 0.0 };
    }
}

/// Words covered by a set of (possibly overlapping) spans of `form`.
fn covered_words(form: &str, mut spans: Vec<(usize, usize)>) -> usize {
    spans.sort_unstable();
    let mut covered = 0;
    let mut cur: Option<(usize, usize)> = None;
    for (start, end) in spans {
        match cur {
            Some((cs, ce)) if start < ce => cur = Some((cs, ce.max(end))),
            Some((cs, ce)) => {
                covered += words_in(form, cs, ce);
                cur = Some((start, end));
            }
            None => cur = Some((start, end)),
        }
    }
    if let Some((cs, ce)) = cur {
        covered += words_in(form, cs, ce);
    }
    covered
}

/// How many of each document's product and app names the paste names ("CIPP", "Okta"):
/// entries of a named product are the likelier reading of a message several share.
fn named_contexts(index: &Index, form: &str) -> Vec<u8> {
    let mut context = vec![0u8; index.docs.len()];
    // `CIPP_` and `CIPP-SAM` name CIPP too.
    let form = form.replace('_', " ");
    for (name, docs) in &index.contexts {
        if form.contains(name.as_str()) {
            for &d in docs {
                if let Some(c) = context.get_mut(d) {
                    *c = c.saturating_add(1);
                }
            }
        }
    }
    context
}

/// Documents that share a code of the paste with a platform entry but belong to another
/// product or an app, when the paste points at them neither by name nor by a phrase of their
/// own (a phrase of three words or more that matched where no platform entry's phrase did;
/// shorter ones such as "error invalid_client" say nothing about the product): a bare `invalid_grant` is the
/// generic error before it is Workday's, and `AADSTS50076` the Entra one unless the text says
/// "Could not get token" the way CIPP does.
fn unnamed_specialised(
    index: &Index,
    acc: &HashMap<usize, Acc>,
    context: &[u8],
    form: &str,
) -> HashSet<usize> {
    let is_platform = |d: usize| index.docs.get(d).is_some_and(|doc| doc.is_platform());
    let holders: Vec<(usize, &Acc)> = acc
        .iter()
        .filter(|(_, a)| a.holds_code)
        .map(|(&d, a)| (d, a))
        .collect();
    // Platform entries that share a code with each holder: only those make it "specialised".
    let platform: Vec<(usize, &Acc)> = holders
        .iter()
        .copied()
        .filter(|&(d, _)| is_platform(d))
        .collect();
    if platform.is_empty() {
        return HashSet::new();
    }
    let own = |(s, e): (usize, usize)| {
        words_in(form, s, e) >= 3
            && !platform
                .iter()
                .any(|(_, p)| p.spans.iter().any(|&(ps, pe)| s < pe && ps < e))
    };
    holders
        .into_iter()
        .filter(|&(d, a)| {
            !is_platform(d)
                && context.get(d).copied().unwrap_or(0) == 0
                && platform.iter().any(|(_, p)| !p.codes.is_disjoint(&a.codes))
                && !a.spans.iter().any(|&span| own(span))
        })
        .map(|(d, _)| d)
        .collect()
}

/// BM25 over the paste's words (each distinct word once: a long paste repeating itself says
/// no more). Dense scores: at 100k entries a common word touches thousands of documents.
struct WordScores<'a> {
    score: Vec<f64>,
    touched: Vec<usize>,
    used: Vec<UsedWord<'a>>,
    index: &'a Index,
}

impl<'a> WordScores<'a> {
    fn new(index: &'a Index, window: &str) -> Self {
        let n = index.docs.len().max(1) as f64;
        let mut query_words: Vec<String> = text::words(window);
        let mut uniq = HashSet::new();
        query_words.retain(|w| uniq.insert(w.clone()));
        let mut score = vec![0f64; index.docs.len()];
        let mut touched = Vec::new();
        let mut used = Vec::new();
        for w in &query_words {
            let Some((word, postings)) = index.postings.get_key_value(w) else {
                continue;
            };
            let df = postings.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            used.push((word.as_str(), postings.as_slice(), idf));
            for &(d, tf) in postings {
                let Some(slot) = score.get_mut(d) else {
                    continue;
                };
                if *slot == 0.0 {
                    touched.push(d);
                }
                *slot += bm25(index, idf, d, tf);
            }
        }
        Self {
            score,
            touched,
            used,
            index,
        }
    }

    fn of(&self, doc: usize) -> f64 {
        self.score.get(doc).copied().unwrap_or(0.0)
    }

    /// The words that counted most for `doc`, found again only for the hits shown.
    fn top(&self, doc: usize, n: usize) -> Vec<&'a str> {
        let mut contributions: Vec<(f64, &str)> = self
            .used
            .iter()
            .filter_map(|(w, postings, idf)| {
                let i = postings.binary_search_by_key(&doc, |p| p.0).ok()?;
                let tf = postings.get(i)?.1;
                Some((bm25(self.index, *idf, doc, tf), *w))
            })
            .collect();
        contributions.sort_by(|x, y| y.0.total_cmp(&x.0));
        contributions.into_iter().take(n).map(|(_, w)| w).collect()
    }
}

/// What matched, most telling first: codes, phrases, then the top words.
fn why(index: &Index, doc: usize, a: &Acc, words: &WordScores<'_>) -> Vec<String> {
    let mut why: Vec<String> = a.codes.iter().map(|c| format!("code {c}")).collect();
    if let Some(d) = index.docs.get(doc) {
        for &s in &a.phrases {
            if let Some(p) = d.signatures.get(s) {
                why.push(format!("phrase \"{}\"", p.trim()));
            }
        }
    }
    let top_words = words.top(doc, 5);
    if !top_words.is_empty() {
        why.push(format!("words: {}", top_words.join(", ")));
    }
    why
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
