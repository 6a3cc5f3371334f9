//! Generated libraries for benchmarks, size tests and the fuzzers (feature `test-support`):
//! not part of the product.

use super::hay::Haystacks;
use super::index::{Index, Kind, make_doc};
use super::text;
use std::borrow::Cow;

impl Index {
    /// Builds an index straight from documents (for benchmarks over generated libraries).
    pub fn synthetic(items: Vec<SyntheticItem>) -> Self {
        let mut docs = Vec::with_capacity(items.len());
        let mut fields = Vec::with_capacity(items.len());
        let mut hay = Haystacks::default();
        for it in items {
            fields.push(vec![
                (Cow::Owned(it.title.clone()), 2.0),
                (Cow::Owned(it.codes.join(" ")), 3.0),
                (Cow::Owned(it.signatures.join(" ")), 3.0),
                (Cow::Owned(it.cause.clone()), 0.4),
            ]);
            docs.push(make_doc(
                &mut hay,
                &it.id,
                Kind::Error,
                &it.title,
                &it.product,
                None,
                it.codes,
                &[],
                it.signatures.iter().map(|s| text::phrase_form(s)).collect(),
                None,
            ));
        }
        Self::from_docs(docs, hay, &fields)
    }
}

/// A generated library item, for benchmarks and size tests.
#[derive(Debug, Clone)]
pub struct SyntheticItem {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Product.
    pub product: String,
    /// Codes.
    pub codes: Vec<String>,
    /// Message phrases.
    pub signatures: Vec<String>,
    /// Cause.
    pub cause: String,
}

impl SyntheticItem {
    /// Words generated libraries are made of: the vocabulary of real catalog entries.
    pub const WORDS: &'static [&'static str] = &[
        "token",
        "consent",
        "tenant",
        "refresh",
        "expired",
        "license",
        "mailbox",
        "policy",
        "device",
        "partner",
        "connector",
        "unauthorized",
        "timeout",
        "grant",
        "secret",
        "redirect",
        "federation",
        "session",
        "account",
        "locked",
        "audit",
        "permission",
        "exchange",
        "teams",
        "intune",
        "graph",
    ];

    /// `n` deterministic items that look like catalog entries: titles, one signature and a
    /// cause made of `words` drawn by a xorshift generator from `seed`, a unique code each.
    pub fn generate(n: usize, words: &[&str], seed: u64) -> Vec<SyntheticItem> {
        let mut seed = seed.max(1);
        let mut word = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            words
                .get((seed % words.len().max(1) as u64) as usize)
                .copied()
                .unwrap_or("word")
        };
        (0..n)
            .map(|i| SyntheticItem {
                id: format!("gen-{i}"),
                title: format!("{} {} {} failure {i}", word(), word(), word()),
                product: ["CIPP", "Entra ID", "Cloud App Security"][i % 3].to_owned(),
                codes: vec![format!("AADSTS{}", 100_000 + i)],
                signatures: vec![format!("the {} {} was {}", word(), word(), word())],
                cause: format!("{} {} {} {} {}", word(), word(), word(), word(), word()),
            })
            .collect()
    }
}
