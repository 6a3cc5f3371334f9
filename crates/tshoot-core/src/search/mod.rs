//! Error search: finds the known errors and flows that match typed words or pasted error text.
//!
//! Pure: no terminal, no I/O. The index is built once from the library; each query is answered
//! from it. Typed queries use fuzzy matching (with positions for highlighting); pasted error
//! text is decoded first, then matched by its most specific error code, whole-phrase hits on
//! signatures and BM25 over words.

mod cache;
mod codes;
mod decode;
mod fields;
mod hay;
mod index;
mod kernel;
mod literal;
mod paste;
#[cfg(feature = "test-support")]
pub mod promises;
mod scan;
#[cfg(feature = "test-support")]
mod synthetic;
mod text;
mod typed;

pub use cache::SearchCache;
pub use codes::lookup_url;
pub use decode::{MAX_PASTE_BYTES, MAX_QUERY_BYTES, Skipped};
pub use index::{Doc, Index, Kind};
#[cfg(feature = "test-support")]
pub use synthetic::SyntheticItem;

use serde::Serialize;

/// How sure the search is that a hit is the error the operator has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Nothing convincing matched.
    None,
    /// Some words match; worth a look.
    Possible,
    /// An error code or a whole message phrase matched.
    High,
}

/// Which matcher answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A few typed characters or words: fuzzy matching.
    Typed,
    /// Pasted error text: codes, phrases and word overlap.
    Pasted,
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Position of the document in the index.
    #[serde(skip)]
    pub doc: usize,
    /// Score; only comparable within one query.
    pub score: f64,
    /// How sure the match is.
    pub confidence: Confidence,
    /// What matched: codes, phrases or words, most telling first.
    pub why: Vec<String>,
    /// Character positions in the title that matched (typed queries), for highlighting.
    #[serde(skip)]
    pub title_positions: Vec<usize>,
}

/// The answer to a query.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Hits, best first; only hits with some confidence.
    pub hits: Vec<Hit>,
    /// Which matcher answered (None for an empty query).
    pub mode: Option<Mode>,
    /// When the best hits share one message and differ only by app, their positions in `hits`:
    /// the operator must say which app before one is opened.
    pub ambiguous: Vec<usize>,
    /// Error codes found in the text that no entry knows.
    pub unknown_codes: Vec<String>,
    /// Set when a long paste's middle was left out of phrase and word matching.
    pub skipped: Option<Skipped>,
    /// Well-known IDs in the text (first-party apps, directory roles), with their names.
    pub ids: Vec<crate::ids::NamedId>,
}

/// The banner shown when no hit is confident (text output, wizard and plain mode).
pub const NO_CONFIDENT_MATCH: &str = "No confident match.";

/// What the operator can do next when nothing is confident.
const NEXT_STEPS: [&str; 3] = [
    "walk the triage flow: tshoot run triage",
    "open Microsoft's lookup link above",
    "add the error to your own flows: README, \"Adding your own errors\"",
];

impl Results {
    /// Microsoft's lookup pages for the unknown codes that have one (derived, never stored).
    pub fn lookup(&self) -> Vec<String> {
        self.unknown_codes
            .iter()
            .filter_map(|c| lookup_url(c))
            .collect()
    }

    /// One line per code the library does not know, with Microsoft's lookup page where there
    /// is one: "AADSTS90072 is not in tshoot's library — look it up: https://...".
    pub fn unknown_notes(&self) -> Vec<String> {
        self.unknown_codes
            .iter()
            .map(|code| match lookup_url(code) {
                Some(url) => format!("{code} is not in tshoot's library — look it up: {url}"),
                None => format!("{code} is not in tshoot's library."),
            })
            .collect()
    }

    /// What the operator can do next when nothing is confident (the lookup link only when
    /// there is one).
    pub fn next_steps(&self) -> Vec<&'static str> {
        NEXT_STEPS
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != 1 || !self.lookup().is_empty())
            .map(|(_, s)| *s)
            .collect()
    }

    /// Whether the best hit is a confident match.
    pub fn is_confident(&self) -> bool {
        self.hits
            .first()
            .is_some_and(|h| h.confidence == Confidence::High)
    }
}

/// Whether text looks pasted (an error message) rather than typed (a few search words).
pub fn looks_pasted(query: &str) -> bool {
    let q = query.trim();
    q.contains('\n') || q.len() > 48 || q.split_whitespace().count() >= 5
}

impl Index {
    /// Answers a query, choosing the typed or pasted matcher by the query's shape.
    pub fn search(&self, query: &str, limit: usize) -> Results {
        self.search_with(query, limit, None)
    }

    /// Like `search`, for a search box: a typed query that extends the one before (the next
    /// keystroke) re-scores only what that one matched. Same results as `search`.
    pub fn search_incremental(
        &self,
        query: &str,
        limit: usize,
        cache: &mut SearchCache,
    ) -> Results {
        self.search_with(query, limit, Some(cache))
    }

    fn search_with(&self, query: &str, limit: usize, cache: Option<&mut SearchCache>) -> Results {
        if query.trim().is_empty() {
            return Results::default();
        }
        if looks_pasted(query) {
            paste::search(self, query, limit)
        } else {
            let typed = typed::search(self, decode::cut(query, MAX_QUERY_BYTES), limit, cache);
            // A short query can still be an error code or message fragment; if the paste
            // matcher is sure, its answer wins.
            let pasted = paste::search(self, query, limit);
            if pasted.is_confident() && !typed.is_confident() {
                pasted
            } else {
                // What the text says about codes and IDs holds whichever matcher ranks.
                Results {
                    unknown_codes: pasted.unknown_codes,
                    ids: pasted.ids,
                    ..typed
                }
            }
        }
    }

    /// Answers a query as pasted error text, whatever its shape.
    pub fn search_pasted(&self, query: &str, limit: usize) -> Results {
        paste::search(self, query, limit)
    }

    /// Answers a query as typed search words, whatever its shape.
    pub fn search_typed(&self, query: &str, limit: usize) -> Results {
        typed::search(self, decode::cut(query, MAX_QUERY_BYTES), limit, None)
    }
}
