//! The search index: one document per known error and flow, with the structures both
//! matchers need, built once at start-up.

use super::hay::Haystacks;
use super::text;
use crate::flow::{Library, NodeKind};
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The id the next index built (or read from a snapshot) gets.
static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(0);

fn next_index_id() -> u64 {
    NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed)
}

/// Whether a document is a known error or a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A known error (catalog entry).
    Error,
    /// A guided flow.
    Flow,
}

/// What the search knows about one entry or flow.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Doc {
    /// The library id.
    pub id: String,
    /// Error or flow.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Product.
    pub product: String,
    /// Connected app, if any.
    pub app: Option<String>,
    /// Error codes.
    pub codes: Vec<String>,
    /// The first fix step (errors) or the summary (flows).
    pub first_fix: Option<String>,
    /// The guided flow a known error leads to, if any.
    pub flow: Option<String>,
    /// Whether its code usually wraps a more specific one (`wrapper:` in the flow format).
    #[serde(default)]
    pub wrapper: bool,
    /// Normalised signature phrases, for telling apart entries that share a message.
    pub(super) signatures: Vec<String>,
}

/// Products that are the platform an error code belongs to. An entry of another product or
/// of a connected app that shares a code is the rarer reading unless the text names it.
const PLATFORM_PRODUCTS: [&str; 4] = ["Entra ID", "MSAL", "Microsoft Graph", "General"];

impl Doc {
    /// Whether it is the platform's own entry (no app, a platform product) rather than one
    /// tool's or connector's reading of the same error.
    pub fn is_platform(&self) -> bool {
        self.app.is_none() && PLATFORM_PRODUCTS.contains(&self.product.as_str())
    }
}

/// A weighted field of a document for word scoring.
struct Field<'a> {
    text: &'a str,
    weight: f64,
}

/// The search index. It can be serialised whole, except for the phrase automaton, which is
/// built when a long paste first needs it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Index {
    /// Tells indexes apart, so a search cache is never used with another index.
    #[serde(skip, default = "next_index_id")]
    pub(super) id: u64,
    pub(super) docs: Vec<Doc>,
    /// What typed words are matched against, per document.
    pub(super) hay: Haystacks,
    /// Lower-case code -> documents carrying it.
    pub(super) codes: HashMap<String, Vec<usize>>,
    /// Word -> (document, weighted term frequency).
    pub(super) postings: HashMap<String, Vec<(usize, f32)>>,
    /// Weighted length of each document.
    pub(super) doc_len: Vec<f32>,
    pub(super) avg_len: f32,
    /// Signature phrases in phrase form, and which document each belongs to.
    pub(super) phrase_patterns: Vec<String>,
    #[serde(skip)]
    phrases: OnceLock<Option<AhoCorasick>>,
    pub(super) phrase_owner: Vec<(usize, usize)>,
    pub(super) phrase_words: Vec<usize>,
    /// Product and app names in phrase form, with the documents that carry them.
    pub(super) contexts: Vec<(String, Vec<usize>)>,
}

impl Index {
    /// Indexes every known error and flow of the library.
    pub fn build(library: &Library) -> Self {
        let mut docs = Vec::with_capacity(library.entries().len() + library.flows().len());
        let mut fields: Vec<Vec<(Cow<'_, str>, f64)>> = Vec::with_capacity(docs.capacity());
        let mut hay = Haystacks::default();
        for e in library.entries() {
            let mut tags = e.tags.clone();
            tags.extend(e.app.iter().cloned());
            let mut doc = make_doc(
                &mut hay,
                &e.id,
                Kind::Error,
                &e.title,
                &e.product,
                e.app.clone(),
                e.codes.clone(),
                &tags,
                e.signatures.iter().map(|s| text::phrase_form(s)).collect(),
                e.fix.first().cloned(),
            );
            doc.flow = e.flow.clone();
            doc.wrapper = e.wrapper;
            docs.push(doc);
            let mut f: Vec<(Cow<'_, str>, f64)> = vec![
                (Cow::Borrowed(e.title.as_str()), 2.0),
                (Cow::Owned(e.codes.join(" ")), 3.0),
                (Cow::Owned(e.tags.join(" ")), 1.0),
                (Cow::Borrowed(e.product.as_str()), 1.5),
                (Cow::Borrowed(e.cause.as_str()), 0.4),
            ];
            f.extend(
                e.signatures
                    .iter()
                    .map(|s| (Cow::Borrowed(s.as_str()), 3.0)),
            );
            if let Some(app) = &e.app {
                f.push((Cow::Borrowed(app.as_str()), 2.5));
            }
            fields.push(f);
        }
        for flow in library.flows() {
            let mut tags = flow.tags.clone();
            tags.extend(wait_words(flow));
            docs.push(make_doc(
                &mut hay,
                &flow.id,
                Kind::Flow,
                &flow.title,
                &flow.product,
                None,
                Vec::new(),
                &tags,
                Vec::new(),
                (!flow.summary.is_empty()).then(|| flow.summary.clone()),
            ));
            fields.push(vec![
                (Cow::Borrowed(flow.title.as_str()), 2.0),
                (Cow::Owned(tags.join(" ")), 1.0),
                (Cow::Borrowed(flow.product.as_str()), 0.5),
                (Cow::Borrowed(flow.summary.as_str()), 0.6),
            ]);
        }
        Self::from_docs(docs, hay, &fields)
    }

    pub(super) fn from_docs(
        docs: Vec<Doc>,
        hay: Haystacks,
        fields: &[Vec<(Cow<'_, str>, f64)>],
    ) -> Self {
        let mut codes: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, d) in docs.iter().enumerate() {
            for c in &d.codes {
                let list = codes.entry(c.to_lowercase()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        // Word postings are the larger half of the work and need only `fields`: they are
        // built on the other core while this one builds the rest.
        let phrases = OnceLock::new();
        let ((postings, doc_len), (phrase_patterns, phrase_owner, phrase_words, contexts)) =
            std::thread::scope(|scope| {
                let words = scope.spawn(|| word_postings(fields));
                let rest = phrases_and_contexts(&docs);
                if rest.0.len() > EAGER_AUTOMATON_FROM {
                    let _ = phrases.set(phrase_automaton(&rest.0));
                }
                (words.join().unwrap_or_else(|_| word_postings(fields)), rest)
            });
        let avg_len = if doc_len.is_empty() {
            1.0
        } else {
            (doc_len.iter().sum::<f32>() / doc_len.len() as f32).max(1.0)
        };
        Self {
            id: next_index_id(),
            docs,
            hay,
            codes,
            postings,
            doc_len,
            avg_len,
            phrase_patterns,
            phrases,
            phrase_owner,
            phrase_words,
            contexts,
        }
    }

    /// The documents, in index order.
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// Whether this index was built from `library`: the same known errors and flows, in order.
    pub fn is_for(&self, library: &Library) -> bool {
        let ids = library
            .entries()
            .iter()
            .map(|e| &e.id)
            .chain(library.flows().iter().map(|f| &f.id));
        self.docs.len() == library.entries().len() + library.flows().len()
            && self.docs.iter().zip(ids).all(|(d, id)| d.id == *id)
    }

    /// The document at `i`.
    pub fn doc(&self, i: usize) -> Option<&Doc> {
        self.docs.get(i)
    }

    /// Every signature phrase found in `form` (text in [`text::phrase_form`]), as (phrase,
    /// start, end) of its first occurrence.
    pub(super) fn phrase_hits(&self, form: &str) -> Vec<(usize, usize, usize)> {
        // A typed query is a few words: over a few thousand phrases, looking for each one in
        // it directly is cheaper than building the automaton, which then only long pastes pay
        // for (once per index). Large libraries build the automaton with the index.
        if form.len() <= SHORT_FORM_BYTES && self.phrase_patterns.len() <= EAGER_AUTOMATON_FROM {
            return self
                .phrase_patterns
                .iter()
                .enumerate()
                // A phrase longer than the query cannot be in it, and most are: checking the
                // length first spares setting up a string search for each.
                .filter(|(_, pattern)| pattern.len() <= form.len())
                .filter_map(|(p, pattern)| {
                    form.find(pattern.as_str())
                        .map(|start| (p, start, start + pattern.len()))
                })
                .collect();
        }
        let automaton = self
            .phrases
            .get_or_init(|| phrase_automaton(&self.phrase_patterns));
        let Some(automaton) = automaton else {
            return Vec::new();
        };
        let mut seen = std::collections::HashSet::new();
        automaton
            .find_overlapping_iter(form)
            .filter(|m| seen.insert(m.pattern()))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect()
    }
}

/// Word -> (document, weighted term frequency), and each document's weighted length.
#[allow(clippy::type_complexity)]
fn word_postings(
    fields: &[Vec<(Cow<'_, str>, f64)>],
) -> (HashMap<String, Vec<(usize, f32)>>, Vec<f32>) {
    let mut postings: HashMap<String, Vec<(usize, f32)>> = HashMap::default();
    let mut doc_len = Vec::with_capacity(fields.len());
    for (i, doc_fields) in fields.iter().enumerate() {
        let mut tf: HashMap<Cow<'_, str>, f64> = HashMap::default();
        let mut len = 0.0;
        for f in doc_fields.iter().map(|(t, w)| Field {
            text: t.as_ref(),
            weight: *w,
        }) {
            text::for_each_word(f.text, |w| {
                *tf.entry(w).or_default() += f.weight;
                len += f.weight;
            });
        }
        doc_len.push(len as f32);
        for (w, f) in tf {
            // Most words are already in the map: look up before making an owned key.
            match postings.get_mut(w.as_ref()) {
                Some(list) => list.push((i, f as f32)),
                None => {
                    postings.insert(w.into_owned(), vec![(i, f as f32)]);
                }
            }
        }
    }
    (postings, doc_len)
}

/// The signature phrases with each phrase's (document, signature) and word count,
/// and the product and app names in phrase form with the documents that carry them.
#[allow(clippy::type_complexity)]
fn phrases_and_contexts(
    docs: &[Doc],
) -> (
    Vec<String>,
    Vec<(usize, usize)>,
    Vec<usize>,
    Vec<(String, Vec<usize>)>,
) {
    let mut patterns = Vec::new();
    let mut phrase_owner = Vec::new();
    let mut phrase_words = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for (s, p) in d.signatures.iter().enumerate() {
            let n = p.split_whitespace().count();
            if n == 0 {
                continue;
            }
            patterns.push(p.clone());
            phrase_owner.push((i, s));
            phrase_words.push(n);
        }
    }
    let mut contexts: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, d) in docs.iter().enumerate() {
        for name in std::iter::once(&d.product).chain(d.app.as_ref()) {
            let form = text::phrase_form(name);
            if form.trim().is_empty() {
                continue;
            }
            let list = contexts.entry(form).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut contexts: Vec<(String, Vec<usize>)> = contexts.into_iter().collect();
    contexts.sort();
    (patterns, phrase_owner, phrase_words, contexts)
}

/// The phrase automaton. The non-contiguous NFA is the cheapest kind to build; it also
/// searches fast enough for every library size tshoot allows.
fn phrase_automaton(patterns: &[String]) -> Option<AhoCorasick> {
    aho_corasick::AhoCorasickBuilder::new()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(patterns)
        .ok()
}

/// From this many signature phrases the automaton is built with the index, and every query
/// uses it.
const EAGER_AUTOMATON_FROM: usize = 4096;

/// Phrase-form queries up to this long are matched phrase by phrase, without the automaton.
const SHORT_FORM_BYTES: usize = 512;

/// Makes a document and adds its haystack (title, codes, id, product, app, tags) to `hay`.
#[allow(clippy::too_many_arguments)]
pub(super) fn make_doc(
    hay: &mut Haystacks,
    id: &str,
    kind: Kind,
    title: &str,
    product: &str,
    app: Option<String>,
    codes: Vec<String>,
    tags: &[String],
    signatures: Vec<String>,
    first_fix: Option<String>,
) -> Doc {
    hay.push(
        title,
        codes
            .iter()
            .map(String::as_str)
            .chain([id, product])
            .chain(app.as_deref())
            .chain(tags.iter().map(String::as_str)),
    );
    Doc {
        id: id.to_owned(),
        kind,
        title: title.to_owned(),
        product: product.to_owned(),
        app,
        codes,
        first_fix,
        flow: None,
        wrapper: false,
        signatures,
    }
}

/// Words that let "wait 5" find flows with a five-minute wait.
fn wait_words(flow: &crate::flow::Flow) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |step: &crate::flow::Step| {
        if let Some(w) = step.wait {
            let text = crate::flow::duration::format(w);
            out.push(format!("wait {text}"));
            if w.as_secs() % 60 == 0 {
                out.push(format!("wait {} minutes", w.as_secs() / 60));
            }
        }
    };
    for node in &flow.nodes {
        match &node.kind {
            NodeKind::Checklist { steps, .. } => steps.iter().for_each(&mut add),
            NodeKind::Step { step, .. } => add(step),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}
