//! One typed word against one document, field by field: the title, then each code, the id,
//! product, app and tags. A word must fuzzy-match within one field: letters scattered across
//! fields are noise, and scoring short fields is cheaper than scoring the whole haystack.

use super::hay::{Field, Hay};
use super::literal::{Literal, is_subsequence};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// What a word found in the title is worth over the same word found elsewhere.
pub(super) const TITLE_BONUS: i64 = 10;

/// A query word, prepared once per query.
pub(super) struct Word<'q> {
    /// The word as typed.
    pub text: &'q str,
    /// For the cheap checks before the matcher.
    pub literal: Literal,
    /// Its length in characters.
    pub chars: usize,
}

impl<'q> Word<'q> {
    /// Prepares a word for scoring.
    pub fn new(text: &'q str) -> Self {
        let chars = text.chars().count();
        Self {
            text,
            literal: Literal::new(text),
            chars,
        }
    }
}

/// How well a document matches a word.
#[derive(Clone, Copy)]
pub(super) struct WordScore {
    /// For ranking: the best field's score, with the title bonus if the title matched.
    pub rank: i64,
    /// The best field's score alone, for the minimum-score check.
    pub fuzzy: i64,
}

/// The matcher, built once per query and shared by the scanning threads.
pub(super) struct Matcher {
    /// The skim scorer, case-insensitive.
    pub skim: SkimMatcherV2,
}

impl Matcher {
    /// A case-insensitive matcher.
    pub fn new() -> Self {
        Self {
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Scores `word` against every field of a document; None when no field holds it.
    pub fn word(&self, hay: &Hay, word: &Word) -> Option<WordScore> {
        let title = field_score(&self.skim, hay.title, word);
        let other = hay
            .parts()
            .filter_map(|(_, part)| field_score(&self.skim, part, word))
            .max();
        match (title, other) {
            (Some(t), Some(o)) => Some(WordScore {
                rank: (t + TITLE_BONUS).max(o),
                fuzzy: t.max(o),
            }),
            (Some(t), None) => Some(WordScore {
                rank: t + TITLE_BONUS,
                fuzzy: t,
            }),
            (None, Some(o)) => Some(WordScore { rank: o, fuzzy: o }),
            (None, None) => None,
        }
    }

    /// Which part after the title matches `word` best, for telling the operator why a
    /// document matched.
    pub fn best_part(&self, hay: &Hay, word: &Word) -> Option<usize> {
        hay.parts()
            .filter_map(|(k, part)| Some((field_score(&self.skim, part, word)?, k)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, k)| k)
    }
}

/// The matcher's score for `word` in `field`, asked only when the word is a subsequence of
/// the field (the matcher's set-up costs more than the check).
fn field_score(matcher: &SkimMatcherV2, field: Field, word: &Word) -> Option<i64> {
    if !is_subsequence(field.lower, &word.literal.folded) {
        return None;
    }
    matcher.fuzzy_match(field.text, word.text)
}
