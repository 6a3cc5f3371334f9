//! How literally a document holds a typed word: a cheap first pass that chooses which of
//! many documents get the matcher's full score. It only orders documents; scores shown come
//! from the matcher.

use super::hay::{Field, Hay, char_mask};
use memchr::memchr;
use memchr::memmem::Finder;

/// A typed word prepared for the literal checks.
pub(super) struct Literal {
    /// The word's bytes, ASCII letters lower-cased.
    pub folded: Vec<u8>,
    /// Its [`char_mask`]: a field whose mask lacks a bit cannot hold the word.
    pub mask: u64,
    finder: Finder<'static>,
}

impl Literal {
    /// Prepares `word`.
    pub fn new(word: &str) -> Self {
        let folded: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
        let finder = Finder::new(&folded).into_owned();
        Self {
            folded,
            mask: char_mask(word),
            finder,
        }
    }
}

/// How literally a document holds a word, best first: starting the title, at a word start
/// in the title, anywhere in the title, at a word start in another field, anywhere in
/// another field, only as scattered letters of one field (the matcher's own condition).
/// None when no field holds the word even as scattered letters.
pub(super) fn tier(hay: &Hay, word: &Literal) -> Option<u8> {
    let mut best = None;
    for (k, field) in std::iter::once(hay.title)
        .chain(hay.parts().map(|(_, f)| f))
        .enumerate()
    {
        // Scattered letters are needed for any match, and are cheap to rule out first.
        if !field.may_hold(word) {
            continue;
        }
        let t = match (k, find(field, word)) {
            (0, Some(Found::Start(0))) => 5,
            (0, Some(Found::Start(_))) => 4,
            (0, Some(Found::Inside)) => 3,
            (_, Some(Found::Start(_))) => 2,
            (_, Some(Found::Inside)) => 1,
            (_, None) => 0,
        };
        best = best.max(Some(t));
        if t >= 2 {
            // Nothing after the title can beat a title hit or a word start elsewhere.
            break;
        }
    }
    best
}

/// Where a word was found in a field.
enum Found {
    /// At a word start, this many bytes in.
    Start(usize),
    /// Only inside words.
    Inside,
}

/// Finds the word in `field`, ASCII letters compared without case, preferring a word start.
fn find(field: Field, word: &Literal) -> Option<Found> {
    let text = field.text.as_bytes();
    let mut found = None;
    for i in word.finder.find_iter(field.lower) {
        let prev = i.checked_sub(1).and_then(|p| text.get(p));
        let at_start = match (prev, text.get(i)) {
            (None, _) => true,
            // A camel-case hump ("IdsLocked") starts a word too.
            (Some(p), Some(c)) => {
                !p.is_ascii_alphanumeric() || (p.is_ascii_lowercase() && c.is_ascii_uppercase())
            }
            (Some(_), None) => false,
        };
        if at_start {
            return Some(Found::Start(i));
        }
        found = Some(Found::Inside);
    }
    found
}

impl Field<'_> {
    /// Whether the field holds the word's letters in order (the matcher's own condition for
    /// a match), the mask checked first.
    pub fn may_hold(&self, word: &Literal) -> bool {
        word.mask & !self.mask == 0 && is_subsequence(self.lower, &word.folded)
    }
}

/// Whether `folded` is a subsequence of `lower` (both ASCII-lower-cased): exactly when the
/// matcher, which compares ASCII letters without case and other characters exactly, finds a
/// match at all.
pub(super) fn is_subsequence(lower: &[u8], folded: &[u8]) -> bool {
    let mut rest = lower;
    for &b in folded {
        match memchr(b, rest) {
            Some(p) => rest = rest.get(p + 1..).unwrap_or_default(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::hay::Haystacks;
    use super::*;

    #[test]
    fn subsequence_ignores_ascii_case_only() {
        let fold = |s: &str| Literal::new(s).folded;
        assert!(is_subsequence(&fold("Admin Consent"), b"acon"));
        assert!(is_subsequence(b"x", b""));
        assert!(!is_subsequence(&fold("Admin"), b"adminx"));
        // Like the matcher: only ASCII letters match across case.
        assert!(is_subsequence(&fold("Fin d'été"), &fold("été")));
        assert!(!is_subsequence(&fold("Été"), &fold("été")));
    }

    #[test]
    fn tiers_prefer_title_and_word_starts() {
        let mut h = Haystacks::default();
        h.push("Consent required", ["AADSTS65001", "entra-consent"]);
        h.push("Admin consent", ["X"]);
        h.push("Unconsented app", ["X"]);
        h.push("Token", ["IdsLocked"]);
        h.push("Token", ["Unlocked"]);
        h.push("Token", ["cxoxnxsxexnxt"]);
        h.push("Token", ["X"]);
        let t = |i: usize, w: &str| tier(&h.get(i).unwrap(), &Literal::new(w));
        assert_eq!(t(0, "consent"), Some(5));
        assert_eq!(t(1, "consent"), Some(4));
        assert_eq!(t(2, "consent"), Some(3));
        assert_eq!(t(3, "locked"), Some(2));
        assert_eq!(t(4, "locked"), Some(1));
        assert_eq!(t(5, "consent"), Some(0));
        assert_eq!(t(6, "consent"), None);
        assert_eq!(t(0, "aadsts"), Some(2));
    }
}
