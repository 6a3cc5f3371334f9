//! One typed word against one document, field by field: the title, then each code, the id,
//! product, app and tags. A word must fuzzy-match within one field: letters scattered across
//! fields are noise, and scoring short fields is cheaper than scoring the whole haystack.

use super::hay::{Field, Hay, case_bit};
use super::literal::Literal;

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
    /// The most the matcher can score it in a part after the title (see [`part_bound`]).
    pub part_max: i64,
    /// Its ASCII letters as written (their [`case_bit`]s), repeats included.
    letters: Vec<u64>,
}

impl<'q> Word<'q> {
    /// Prepares a word for scoring.
    pub fn new(text: &'q str) -> Self {
        let chars = text.chars().count();
        Self {
            text,
            literal: Literal::new(text),
            chars,
            part_max: part_bound(chars),
            letters: text.bytes().map(case_bit).filter(|&b| b != 0).collect(),
        }
    }

    /// The most the matcher can score the word in `part`: [`part_bound`], less skim's
    /// penalty of 2 for each letter whose case as typed the part never has.
    pub fn most_in(&self, part: Field) -> i64 {
        let missing = self.letters.iter().filter(|&&b| part.case & b == 0).count();
        self.part_max - 2 * missing as i64
    }
}

/// The most skim (default scores) can give a word of `chars` characters in a part after the
/// title. Every part starts with a space, which no word holds, so a match never takes the
/// first character's doubled bonus: the first matched character earns at most 16 for the
/// match, 8 for a word head and -1 for the gap before it, and each further one at most 16
/// and 8. Knowing this lets a scan skip the parts when the title already scores as much.
/// `kernel::tests::answers_are_skims_on_every_field_of_the_library` checks both bounds.
pub(super) fn part_bound(chars: usize) -> i64 {
    24 * chars as i64 - 1
}

/// The most skim (default scores) can give a pattern of `chars` characters in any field,
/// the title included, whose text starts at its first character. The first character of a
/// text carries a doubled bonus (16), which only the pattern's first character can take,
/// and only when they are the same letter (`starts_alike`): then that character earns at
/// most 8 more than anywhere else. The doubled bonus is not carried on to the characters
/// after it, so each of them still earns at most 16 and 8.
pub(super) fn whole_bound(chars: usize, starts_alike: bool) -> i64 {
    part_bound(chars) + if starts_alike { 8 } else { 0 }
}

/// How well a document matches a word.
#[derive(Clone, Copy)]
pub(super) struct WordScore {
    /// For ranking: the best field's score, with the title bonus if the title matched.
    pub rank: i64,
    /// The best field's score alone, for the minimum-score check.
    pub fuzzy: i64,
    /// Whether `fuzzy` is exact; when the parts were skipped it may be too low (never too
    /// high), and is worked out in full only if the minimum-score check needs it.
    pub fuzzy_exact: bool,
}

/// Scores words against a document's fields with skim's algorithm (`kernel`), ASCII letters
/// compared without case.
pub(super) struct Matcher;

impl Matcher {
    /// A case-insensitive matcher.
    pub fn new() -> Self {
        Self
    }

    /// Scores `word` against the fields of a document; None when no field holds it.
    ///
    /// The rank is exact. The matcher is the cost of a scan, so it skips what cannot change
    /// the rank: every part when the title's score with its bonus reaches the most a part can
    /// score, and the remaining parts once one reaches it.
    pub fn word(&self, hay: &Hay, word: &Word) -> Option<WordScore> {
        let title = field_score(hay.title, word);
        if let Some(t) = title
            && t + TITLE_BONUS >= word.part_max
        {
            return Some(WordScore {
                rank: t + TITLE_BONUS,
                fuzzy: t,
                fuzzy_exact: t >= word.part_max,
            });
        }
        let title_rank = title.map(|t| t + TITLE_BONUS);
        let mut other = None;
        let mut fuzzy_exact = true;
        for (_, part) in hay.parts() {
            if !part.may_hold(&word.literal) {
                continue;
            }
            // A part that cannot score above the rank so far cannot change it (it could
            // only raise the fuzzy score, which is then a lower bound).
            let most = word.most_in(part);
            if title_rank.max(other).is_some_and(|r| r >= most) {
                if title.max(other).is_none_or(|f| f < most) {
                    fuzzy_exact = false;
                }
                continue;
            }
            other = other.max(super::kernel::score(part.text, word.text));
        }
        let (rank, fuzzy) = match (title, other) {
            (Some(t), Some(o)) => ((t + TITLE_BONUS).max(o), t.max(o)),
            (Some(t), None) => (t + TITLE_BONUS, t),
            (None, Some(o)) => (o, o),
            (None, None) => return None,
        };
        Some(WordScore {
            rank,
            fuzzy,
            fuzzy_exact,
        })
    }

    /// The best score of `word` in any field of a document, every field scored.
    pub fn best_score(&self, hay: &Hay, word: &Word) -> Option<i64> {
        std::iter::once(hay.title)
            .chain(hay.parts().map(|(_, f)| f))
            .filter_map(|f| field_score(f, word))
            .max()
    }

    /// Which part after the title matches `word` best, for telling the operator why a
    /// document matched.
    pub fn best_part(&self, hay: &Hay, word: &Word) -> Option<usize> {
        hay.parts()
            .filter_map(|(k, part)| Some((field_score(part, word)?, k)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, k)| k)
    }
}

/// The matcher's score for `word` in `field`, asked only when the word is a subsequence of
/// the field (the matcher's set-up costs more than the check).
fn field_score(field: Field, word: &Word) -> Option<i64> {
    if !field.may_hold(&word.literal) {
        return None;
    }
    super::kernel::score(field.text, word.text)
}
