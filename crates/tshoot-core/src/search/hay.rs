//! The text typed words are matched against: each document's title, codes, id, product, app
//! and tags, all documents in one buffer. A scan over 100k documents then reads memory in
//! order; with a string per document it spent most of its time waiting for memory.

/// Every document's haystack, in index order. Serialised without `lower`, which is made
/// again from `text` when read.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "Stored")]
pub(super) struct Haystacks {
    /// Each document's title and parts, two spaces before each part.
    text: String,
    /// `text` with ASCII letters lower-cased (same length), for the literal checks.
    #[serde(skip_serializing)]
    lower: Vec<u8>,
    /// Per document, in index order.
    docs: Vec<Spans>,
    /// Where each part after a title ends in `text`.
    ends: Vec<usize>,
}

/// [`Haystacks`] as serialised: the same fields in the same order, less `lower`.
#[derive(serde::Deserialize)]
struct Stored {
    text: String,
    docs: Vec<Spans>,
    ends: Vec<usize>,
}

impl From<Stored> for Haystacks {
    fn from(stored: Stored) -> Self {
        Self {
            lower: stored
                .text
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .collect(),
            text: stored.text,
            docs: stored.docs,
            ends: stored.ends,
        }
    }
}

/// Where one document's haystack lies.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Spans {
    /// Which ASCII letters, digits and `_` the haystack holds, to skip documents cheaply.
    mask: u64,
    start: usize,
    title_end: usize,
    /// Its range of `ends`.
    parts: (usize, usize),
}

/// One document's haystack.
#[derive(Clone, Copy)]
pub(super) struct Hay<'a> {
    /// See `Spans::mask`.
    pub mask: u64,
    /// The title.
    pub title: Field<'a>,
    /// Title and parts together, for words typed together.
    pub whole: &'a str,
    text: &'a str,
    lower: &'a [u8],
    title_end: usize,
    ends: &'a [usize],
}

/// One field of a document: its text and the same lower-cased.
#[derive(Clone, Copy)]
pub(super) struct Field<'a> {
    /// As written.
    pub text: &'a str,
    /// ASCII letters lower-cased; same length as `text`.
    pub lower: &'a [u8],
}

impl Haystacks {
    /// Adds the next document's haystack.
    pub fn push<'p>(&mut self, title: &str, parts: impl IntoIterator<Item = &'p str>) {
        let start = self.text.len();
        self.text.push_str(title);
        let title_end = self.text.len();
        let first = self.ends.len();
        for part in parts {
            self.text.push_str("  ");
            self.text.push_str(part);
            self.ends.push(self.text.len());
        }
        let added = self.text.get(start..).unwrap_or_default().bytes();
        self.lower.extend(added.map(|b| b.to_ascii_lowercase()));
        let mask = char_mask(self.text.get(start..).unwrap_or_default());
        self.docs.push(Spans {
            mask,
            start,
            title_end,
            parts: (first, self.ends.len()),
        });
    }

    /// The haystack of document `i`.
    pub fn get(&self, i: usize) -> Option<Hay<'_>> {
        let s = self.docs.get(i)?;
        let ends = self.ends.get(s.parts.0..s.parts.1)?;
        let end = ends.last().copied().unwrap_or(s.title_end);
        Some(Hay {
            mask: s.mask,
            title: Field {
                text: self.text.get(s.start..s.title_end)?,
                lower: self.lower.get(s.start..s.title_end)?,
            },
            whole: self.text.get(s.start..end)?,
            text: &self.text,
            lower: &self.lower,
            title_end: s.title_end,
            ends,
        })
    }
}

impl<'a> Hay<'a> {
    /// The parts after the title, numbered, each with one space before it: the space makes
    /// the part's first letter score as a word start, as it does in the whole haystack.
    pub fn parts(&self) -> impl Iterator<Item = (usize, Field<'a>)> + use<'a> {
        let (text, lower) = (self.text, self.lower);
        let mut prev = self.title_end;
        self.ends.iter().enumerate().filter_map(move |(k, &end)| {
            let range = prev + 1..end;
            prev = end;
            Some((
                k,
                Field {
                    text: text.get(range.clone())?,
                    lower: lower.get(range)?,
                },
            ))
        })
    }
}

/// A bit per ASCII letter (case folded), digit and `_` present in `text`; other characters
/// set no bit, so a query of them is never filtered out.
pub(super) fn char_mask(text: &str) -> u64 {
    let mut mask = 0u64;
    for b in text.bytes() {
        let bit = match b.to_ascii_lowercase() {
            c @ b'a'..=b'z' => u32::from(c - b'a'),
            c @ b'0'..=b'9' => 26 + u32::from(c - b'0'),
            b'_' => 36,
            _ => continue,
        };
        mask |= 1 << bit;
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_one_leading_space() {
        let mut h = Haystacks::default();
        h.push("First", ["A1", "id-1"]);
        h.push("Second", []);
        let a = h.get(0).unwrap();
        assert_eq!((a.title.text, a.title.lower), ("First", &b"first"[..]));
        assert_eq!(a.whole, "First  A1  id-1");
        let parts: Vec<_> = a.parts().map(|(k, f)| (k, f.text, f.lower)).collect();
        assert_eq!(
            parts,
            [(0, " A1", &b" a1"[..]), (1, " id-1", &b" id-1"[..])]
        );
        let b = h.get(1).unwrap();
        assert_eq!(
            (b.title.text, b.whole, b.parts().count()),
            ("Second", "Second", 0)
        );
        assert_eq!(a.mask & (1 << 5), 1 << 5);
        assert!(h.get(2).is_none());
    }
}
