//! Scoring many documents against a typed query, split over threads when there are many.

use super::fields::{Matcher, Word, WordScore};
use super::hay::Hay;
use super::index::Index;
use super::literal;
use rustc_hash::FxHashMap;

/// How to score each document.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    /// How literally the document holds the words (`literal::tier`), to choose which of
    /// many documents get `Full`; `rank` is the sum of tiers.
    Literal,
    /// The matcher's scores.
    Full,
}

impl Pass {
    /// Below this many documents one thread is faster than two: starting a thread costs
    /// about as much as checking 4000 documents literally, or scoring 50 with the matcher.
    fn parallel_from(self) -> usize {
        match self {
            Pass::Literal => 4096,
            Pass::Full => 256,
        }
    }
}

/// A document all words matched, with its scores.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Scored {
    /// Position in the index.
    pub doc: usize,
    /// For ranking: per word, the best field's score plus the title bonus if in the title.
    pub rank: i64,
    /// For the minimum-score check: per word, the best field's score alone.
    pub fuzzy: i64,
    /// Whether `fuzzy` is exact rather than a lower bound (see `WordScore::fuzzy_exact`).
    pub fuzzy_exact: bool,
    /// The same sums over every word but the last (`Full` only), which the next keystroke,
    /// extending the last word, can take over.
    pub head: Sums,
}

/// Score sums over some words of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sums {
    /// See `Scored::rank`.
    pub rank: i64,
    /// See `Scored::fuzzy`.
    pub fuzzy: i64,
    /// See `Scored::fuzzy_exact`.
    pub exact: bool,
}

impl Default for Sums {
    fn default() -> Self {
        Self {
            rank: 0,
            fuzzy: 0,
            exact: true,
        }
    }
}

impl Sums {
    /// Adds one word's scores.
    fn add(self, w: WordScore) -> Self {
        Self {
            rank: self.rank + w.rank,
            fuzzy: self.fuzzy + w.fuzzy,
            exact: self.exact && w.fuzzy_exact,
        }
    }
}

/// Per document, [`Sums`] over every word but the last, from an earlier keystroke.
pub(super) type Heads = FxHashMap<usize, Sums>;

/// Which documents to scan.
#[derive(Clone, Copy)]
pub(super) enum Docs<'a> {
    /// Documents `start..end`.
    Range(usize, usize),
    /// These documents.
    List(&'a [usize]),
}

impl<'a> Docs<'a> {
    /// How many documents.
    pub fn len(self) -> usize {
        match self {
            Docs::Range(start, end) => end.saturating_sub(start),
            Docs::List(d) => d.len(),
        }
    }

    /// Entries `from..to` of this list.
    fn slice(self, from: usize, to: usize) -> Docs<'a> {
        match self {
            Docs::Range(start, end) => Docs::Range((start + from).min(end), (start + to).min(end)),
            Docs::List(d) => Docs::List(d.get(from..to).unwrap_or_default()),
        }
    }

    fn iter(self) -> impl Iterator<Item = usize> + use<'a> {
        let (range, list) = match self {
            Docs::Range(start, end) => (start..end, &[][..]),
            Docs::List(d) => (0..0, d),
        };
        range.chain(list.iter().copied())
    }
}

/// Every document of `docs` that all words match, with its scores, in the order of `docs`.
///
/// `heads` spares the `Full` pass the words before the last for the documents it holds.
pub(super) fn scan(
    index: &Index,
    m: &Matcher,
    words: &[Word],
    mask: u64,
    docs: Docs,
    pass: Pass,
    heads: Option<&Heads>,
) -> Vec<Scored> {
    let scan_chunk = |chunk: Docs| -> Vec<Scored> {
        chunk
            .iter()
            .filter_map(|i| {
                let hay = index.hay.get(i)?;
                if mask & !hay.mask != 0 {
                    return None;
                }
                let (all, head) = match pass {
                    Pass::Literal => {
                        let rank = literal_doc(&hay, words)?;
                        let all = Sums {
                            rank,
                            ..Sums::default()
                        };
                        (all, Sums::default())
                    }
                    Pass::Full => {
                        score_doc(m, &hay, words, heads.and_then(|h| h.get(&i).copied()))?
                    }
                };
                Some(Scored {
                    doc: i,
                    rank: all.rank,
                    fuzzy: all.fuzzy,
                    fuzzy_exact: all.exact,
                    head,
                })
            })
            .collect()
    };
    let n = docs.len();
    if n < pass.parallel_from() {
        return scan_chunk(docs);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .clamp(1, 8);
    let size = n.div_ceil(threads);
    let chunk = |t: usize| docs.slice(t * size, ((t + 1) * size).min(n));
    std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads)
            .map(|t| {
                let c = chunk(t);
                s.spawn(move || scan_chunk(c))
            })
            .collect();
        // This thread takes the first chunk while the others run; results stay in order.
        let mut out = scan_chunk(chunk(0));
        for h in handles {
            // A scan thread that panicked holds a bug, not "no matches": dropping its chunk
            // would quietly hide results. Carry the panic on (the wizard's hook restores the
            // terminal and reports it) rather than answer from part of the library.
            match h.join() {
                Ok(chunk) => out.extend(chunk),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// Score sums over all words, and over all but the last (taken from `head` when known);
/// None when some word matches nowhere.
fn score_doc(m: &Matcher, hay: &Hay, words: &[Word], head: Option<Sums>) -> Option<(Sums, Sums)> {
    let (last, before) = words.split_last()?;
    let head = match head {
        Some(h) => h,
        None => before
            .iter()
            .try_fold(Sums::default(), |sums, w| Some(sums.add(m.word(hay, w)?)))?,
    };
    Some((head.add(m.word(hay, last)?), head))
}

/// The exact fuzzy sum of a document all words match (every field scored).
pub(super) fn exact_fuzzy(m: &Matcher, hay: &Hay, words: &[Word]) -> i64 {
    words.iter().filter_map(|w| m.best_score(hay, w)).sum()
}

/// Sum over words of literal tiers; None when some word matches nowhere.
fn literal_doc(hay: &Hay, words: &[Word]) -> Option<i64> {
    words
        .iter()
        .map(|w| literal::tier(hay, &w.literal).map(i64::from))
        .sum()
}
