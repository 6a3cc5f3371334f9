//! What the last typed query matched, so that the next keystroke, which usually extends it,
//! re-scores only those documents.
//!
//! Exact: a document matches when each word is a subsequence of one of its fields, so a
//! document that matches a word also matches every prefix of it, and adding a word only
//! removes documents. The cache keeps every matching document, before any minimum score or
//! cut to the best few, so nothing the longer query would find is missing.

use super::scan::Heads;

/// The documents the last typed query matched. Belongs to one index (it checks); keep one
/// per search box.
#[derive(Debug, Clone, Default)]
pub struct SearchCache {
    /// The index the documents are positions in.
    index: Option<u64>,
    /// The words of the query.
    words: Vec<String>,
    /// Every document all words matched, in index order.
    docs: Vec<usize>,
    /// Score sums the matcher worked out for the last query, per document it scored: over
    /// the words before its last, and over all its words (which the next query, starting a
    /// new word, has before its last). Each with the words it is for.
    sums: Vec<(Vec<String>, Heads)>,
}

impl SearchCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The only documents that can match `words`, if `words` refine the cached query: at
    /// least as many words, each cached word a prefix of the word in its place.
    pub(super) fn candidates(&self, index: u64, words: &[&str]) -> Option<&[usize]> {
        let refines = self.index == Some(index)
            && !self.words.is_empty()
            && words.len() >= self.words.len()
            && self
                .words
                .iter()
                .zip(words)
                .all(|(old, new)| new.starts_with(old.as_str()));
        refines.then_some(self.docs.as_slice())
    }

    /// The score sums over `head` (a query's words before its last) of the documents the
    /// last query scored, if it had these words (before its last, or all), taken out of the
    /// cache.
    pub(super) fn take_heads(&mut self, index: u64, head: &[&str]) -> Option<Heads> {
        if self.index != Some(index) || head.is_empty() {
            return None;
        }
        let k = self
            .sums
            .iter()
            .position(|(words, _)| words.iter().map(String::as_str).eq(head.iter().copied()))?;
        Some(self.sums.swap_remove(k).1)
    }

    /// Remembers the score sums of the documents just scored: over `head`, the query's words
    /// before its last, and over all of `words`.
    pub(super) fn store_sums(&mut self, words: &[&str], head: Heads, all: Heads) {
        let owned = |w: &[&str]| w.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        self.sums.clear();
        if let Some((_, before)) = words.split_last()
            && !before.is_empty()
        {
            self.sums.push((owned(before), head));
        }
        self.sums.push((owned(words), all));
    }

    /// Remembers what `words` matched on index `index`.
    pub(super) fn store(&mut self, index: u64, words: &[&str], docs: Vec<usize>) {
        if self.index != Some(index) {
            self.sums.clear();
        }
        self.index = Some(index);
        self.words = words.iter().map(|w| (*w).to_owned()).collect();
        self.docs = docs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_refinements_of_the_same_index_reuse_the_documents() {
        let mut c = SearchCache::new();
        assert!(c.candidates(1, &["co"]).is_none());
        c.store(1, &["co"], vec![3, 5]);
        assert_eq!(c.candidates(1, &["co"]), Some(&[3, 5][..]));
        assert_eq!(c.candidates(1, &["con"]), Some(&[3, 5][..]));
        assert_eq!(c.candidates(1, &["con", "x"]), Some(&[3, 5][..]));
        assert!(c.candidates(1, &["c"]).is_none());
        assert!(c.candidates(1, &["xco"]).is_none());
        assert!(c.candidates(2, &["con"]).is_none());
        c.store(1, &["co", "t"], vec![5]);
        assert!(c.candidates(1, &["con"]).is_none());
        assert_eq!(c.candidates(1, &["co", "to"]), Some(&[5][..]));
    }
}
