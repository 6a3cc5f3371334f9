//! What the last typed query matched, so that the next keystroke, which usually extends it,
//! re-scores only those documents.
//!
//! Exact: a document matches when each word is a subsequence of one of its fields, so a
//! document that matches a word also matches every prefix of it, and adding a word only
//! removes documents. The cache keeps every matching document, before any minimum score or
//! cut to the best few, so nothing the longer query would find is missing.

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

    /// Remembers what `words` matched on index `index`.
    pub(super) fn store(&mut self, index: u64, words: &[&str], docs: Vec<usize>) {
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
