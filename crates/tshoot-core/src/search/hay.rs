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
    /// Per part (parallel to `ends`), its [`char_mask`]: a word missing from a field's mask
    /// is not in the field, and that is one AND rather than a memchr per letter.
    #[serde(skip_serializing)]
    masks: Vec<u64>,
    /// Per part, its [`case_mask`].
    #[serde(skip_serializing)]
    cases: Vec<u64>,
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
        let mut masks = Vec::with_capacity(stored.ends.len());
        let mut cases = Vec::with_capacity(stored.ends.len());
        for s in &stored.docs {
            let ends = stored.ends.get(s.parts.0..s.parts.1).unwrap_or_default();
            let mut prev = s.title_end;
            for &end in ends {
                let part = stored.text.get(prev..end).unwrap_or_default();
                masks.push(char_mask(part));
                cases.push(case_mask(part));
                prev = end;
            }
        }
        Self {
            lower: stored
                .text
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .collect(),
            text: stored.text,
            masks,
            cases,
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
    /// The same for the title alone.
    title_mask: u64,
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
    text: &'a str,
    lower: &'a [u8],
    title_end: usize,
    ends: &'a [usize],
    masks: &'a [u64],
    cases: &'a [u64],
}

/// One field of a document: its text and the same lower-cased.
#[derive(Clone, Copy)]
pub(super) struct Field<'a> {
    /// As written.
    pub text: &'a str,
    /// ASCII letters lower-cased; same length as `text`.
    pub lower: &'a [u8],
    /// Its [`char_mask`].
    pub mask: u64,
    /// Its [`case_mask`] (all bits for the title, which needs none).
    pub case: u64,
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
            self.masks.push(char_mask(part));
            self.cases.push(case_mask(part));
        }
        let added = self.text.get(start..).unwrap_or_default().bytes();
        self.lower.extend(added.map(|b| b.to_ascii_lowercase()));
        let mask = char_mask(self.text.get(start..).unwrap_or_default());
        self.docs.push(Spans {
            mask,
            title_mask: char_mask(title),
            start,
            title_end,
            parts: (first, self.ends.len()),
        });
    }

    /// The haystack of document `i`.
    pub fn get(&self, i: usize) -> Option<Hay<'_>> {
        let s = self.docs.get(i)?;
        let ends = self.ends.get(s.parts.0..s.parts.1)?;
        let masks = self.masks.get(s.parts.0..s.parts.1)?;
        let cases = self.cases.get(s.parts.0..s.parts.1)?;
        Some(Hay {
            mask: s.mask,
            title: Field {
                text: self.text.get(s.start..s.title_end)?,
                lower: self.lower.get(s.start..s.title_end)?,
                mask: s.title_mask,
                case: u64::MAX,
            },
            text: &self.text,
            lower: &self.lower,
            title_end: s.title_end,
            ends,
            masks,
            cases,
        })
    }
}

impl<'a> Hay<'a> {
    /// The parts after the title, numbered, each with one space before it: the space makes
    /// the part's first letter score as a word start, as it would after the title.
    pub fn parts(&self) -> impl Iterator<Item = (usize, Field<'a>)> + use<'a> {
        let (text, lower) = (self.text, self.lower);
        let mut prev = self.title_end;
        self.ends
            .iter()
            .zip(self.masks.iter().zip(self.cases))
            .enumerate()
            .filter_map(move |(k, (&end, (&mask, &case)))| {
                let range = prev + 1..end;
                prev = end;
                Some((
                    k,
                    Field {
                        text: text.get(range.clone())?,
                        lower: lower.get(range)?,
                        mask,
                        case,
                    },
                ))
            })
    }
}

/// A bit per ASCII letter as written, lower and upper case apart: a typed letter whose case
/// a field never has costs skim's case penalty wherever it matches there.
pub(super) fn case_mask(text: &str) -> u64 {
    text.bytes()
        .fold(0, |mask, b| mask | BITS[usize::from(b)].case)
}

/// A bit per ASCII letter (case folded), digit and `_` present in `text`; other characters
/// set no bit, so a query of them is never filtered out.
pub(super) fn char_mask(text: &str) -> u64 {
    text.bytes()
        .fold(0, |mask, b| mask | BITS[usize::from(b)].folded)
}

/// The [`case_mask`] bit of one byte (none for what is not an ASCII letter).
pub(super) const fn case_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'A'..=b'Z' => 1 << (26 + b - b'A'),
        _ => 0,
    }
}

/// The [`char_mask`] bit of one byte.
const fn folded_bit(b: u8) -> u64 {
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => 1 << (c - b'a'),
        c @ b'0'..=b'9' => 1 << (26 + c - b'0'),
        b'_' => 1 << 36,
        _ => 0,
    }
}

/// Both bits of one byte.
#[derive(Clone, Copy)]
struct Bits {
    folded: u64,
    case: u64,
}

/// The bits of every byte, looked up: reading a snapshot masks every field.
static BITS: [Bits; 256] = {
    let mut table = [Bits { folded: 0, case: 0 }; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = Bits {
            folded: folded_bit(b as u8),
            case: case_bit(b as u8),
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_fold_case_or_keep_it() {
        assert_eq!(char_mask("aZ9_-é"), 1 | 1 << 25 | 1 << 35 | 1 << 36);
        assert_eq!(char_mask("Aa"), char_mask("a"));
        assert_eq!(case_mask("aZ9_"), 1 | 1 << (26 + 25));
        assert_ne!(case_mask("A"), case_mask("a"));
    }

    #[test]
    fn parts_keep_one_leading_space() {
        let mut h = Haystacks::default();
        h.push("First", ["A1", "id-1"]);
        h.push("Second", []);
        let a = h.get(0).unwrap();
        assert_eq!((a.title.text, a.title.lower), ("First", &b"first"[..]));
        let parts: Vec<_> = a.parts().map(|(k, f)| (k, f.text, f.lower)).collect();
        assert_eq!(
            parts,
            [(0, " A1", &b" a1"[..]), (1, " id-1", &b" id-1"[..])]
        );
        let b = h.get(1).unwrap();
        assert_eq!((b.title.text, b.parts().count()), ("Second", 0));
        assert_eq!(a.mask & (1 << 5), 1 << 5);
        assert!(h.get(2).is_none());
    }
}
