//! fuzzy-matcher's skim algorithm (`SkimMatcherV2::default().ignore_case()`) for ASCII
//! text, worked out without its per-call costs.
//!
//! A typed search asks for hundreds of scores a keystroke, mostly of short fields, and the
//! crate's own call spends most of its time around the algorithm: it copies both strings
//! into vectors of `char`, allocates three more vectors and classifies every character
//! through a `char` match. This is the same algorithm step for step (the same score matrix,
//! bonuses, order of updates, tie-breaks and backtracking), over bytes, with buffers kept
//! between calls. Text that is not all ASCII goes to fuzzy-matcher itself. The tests hold
//! both answers, score and positions, to the crate's on every field of the shipped library
//! and on generated text.
//!
//! One difference, on purpose: skim keeps its matrix between calls and, for a pattern whose
//! first and third letters are the same over doubled letters ("eye" in "eeye"), may read a
//! bonus the previous call left there. This starts from a fresh matrix every time, as a new
//! matcher does, so an answer depends only on its two texts.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::cell::RefCell;
use std::sync::LazyLock;

/// skim's `SkimScoreConfig::default()`.
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
/// skim's "minus infinity" for a cell that cannot end a match.
const NEG_INFINITY: i32 = i16::MIN as i32;

/// The matcher for text that is not all ASCII.
static SKIM: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().ignore_case());

/// skim's character classes (`CharType`).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
enum Class {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

/// skim's `CharType::of`.
const fn char_class(c: u8) -> Class {
    match c {
        b'\0' => Class::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Class::SoftSep,
        b'0'..=b'9' => Class::Number,
        b'A'..=b'Z' => Class::Upper,
        _ => Class::Lower,
    }
}

/// skim's in-place bonus for a character of class `cur` after one of class `prev`.
const fn in_place_bonus(prev: Class, cur: Class) -> i32 {
    match (prev, cur) {
        (Class::Empty | Class::HardSep, _) => BONUS_HEAD,
        (Class::SoftSep, _) => BONUS_BREAK,
        (Class::Lower | Class::Number, Class::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// [`char_class`] of every byte, looked up rather than matched.
static BYTE_CLASSES: [Class; 256] = {
    let mut table = [Class::Lower; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = char_class(b as u8);
        b += 1;
    }
    table
};

/// [`in_place_bonus`] of every pair of classes, looked up rather than matched.
static IN_PLACE_BONUSES: [[i32; 6]; 6] = {
    const CLASSES: [Class; 6] = [
        Class::Empty,
        Class::Upper,
        Class::Lower,
        Class::Number,
        Class::HardSep,
        Class::SoftSep,
    ];
    let mut table = [[0; 6]; 6];
    let mut p = 0;
    while p < 6 {
        let mut c = 0;
        while c < 6 {
            table[CLASSES[p] as usize][CLASSES[c] as usize] =
                in_place_bonus(CLASSES[p], CLASSES[c]);
            c += 1;
        }
        p += 1;
    }
    table
};

/// One cell of the score matrix.
#[derive(Clone, Copy)]
struct Cell {
    /// Best score of an alignment ending with this character matched.
    m: i32,
    /// Best score of an alignment ending with this character skipped.
    p: i32,
    /// The consecutive bonus skim stores here.
    bonus: i32,
}

/// A reset cell.
const RESET: Cell = Cell {
    m: NEG_INFINITY,
    p: NEG_INFINITY,
    bonus: 0,
};

/// In a cell's moves (kept only when positions are wanted): its match score came from a
/// match of the character before.
const M_FROM_MATCH: u8 = 1;
/// Its skip score came from the match score of the cell before.
const P_FROM_MATCH: u8 = 2;

/// Buffers kept between calls on one thread.
#[derive(Default)]
struct Scratch {
    /// The matrix, row after row: two rows for a score, one per pattern character and one
    /// more for positions.
    rows: Vec<Cell>,
    /// Per cell, where its scores came from (positions only).
    moves: Vec<u8>,
    bonuses: Vec<i32>,
    first: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// skim's score of `pattern` in `choice`, ASCII letters compared without case; None when the
/// pattern's characters are not all in the choice, in order.
pub(super) fn score(choice: &str, pattern: &str) -> Option<i64> {
    if !(choice.is_ascii() && pattern.is_ascii()) {
        return SKIM.fuzzy_match(choice, pattern);
    }
    with_scratch(|s| run::<false>(choice.as_bytes(), pattern.as_bytes(), s)).map(|(score, _)| score)
}

/// skim's score and matched character positions (`fuzzy_indices`), for highlighting.
pub(super) fn positions(choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
    if !(choice.is_ascii() && pattern.is_ascii()) {
        return SKIM.fuzzy_indices(choice, pattern);
    }
    with_scratch(|s| run::<true>(choice.as_bytes(), pattern.as_bytes(), s))
}

/// Runs `f` with this thread's buffers (fresh ones in a nested call, which there is none of).
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// The algorithm of `SkimMatcherV2::fuzzy`: with `POS`, the whole matrix and the positions;
/// without, two rows ("compressed") and the score alone.
fn run<const POS: bool>(
    choice: &[u8],
    pattern: &[u8],
    s: &mut Scratch,
) -> Option<(i64, Vec<usize>)> {
    if pattern.is_empty() {
        return Some((0, Vec::new()));
    }
    let Scratch {
        rows,
        moves,
        bonuses,
        first,
    } = s;
    // skim's `cheap_matches`: where each pattern character first fits, in order.
    first.clear();
    let mut next = pattern.iter().peekable();
    for (idx, &c) in choice.iter().enumerate() {
        match next.peek() {
            Some(&&p) if c.eq_ignore_ascii_case(&p) => {
                first.push(idx);
                next.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    if next.peek().is_some() {
        return None;
    }

    let cols = choice.len() + 1;
    // `build_in_place_bonus`.
    bonuses.clear();
    bonuses.resize(cols, 0);
    let mut prev = Class::Empty;
    for (b, &c) in bonuses.iter_mut().skip(1).zip(choice) {
        let class = BYTE_CLASSES[usize::from(c)];
        *b = IN_PLACE_BONUSES[prev as usize][class as usize];
        prev = class;
    }
    if let Some(b) = bonuses.get_mut(1) {
        *b *= BONUS_FIRST_CHAR_MULTIPLIER;
    }
    let bonuses = bonuses.get(..cols)?;

    // A fresh matrix, then skim's resets: row 0 with the gap extension as its skip score.
    let row_count = if POS { pattern.len() + 1 } else { 2 };
    let row_of = |i: usize| if POS { i } else { i % 2 };
    rows.clear();
    rows.resize(row_count * cols, RESET);
    for cell in rows.iter_mut().take(cols) {
        cell.p = GAP_EXTENSION;
    }
    if POS {
        moves.clear();
        moves.resize(row_count * cols, 0);
    }

    // Only columns up to the last place the last pattern character fits can end a match;
    // every row stops there. (No cell a later row reads lies beyond it: a row reads the row
    // above one column to the left, and, two rows above in the compressed matrix, the
    // columns it writes itself.)
    let end = choice
        .iter()
        .rposition(|c| pattern.last().is_some_and(|p| c.eq_ignore_ascii_case(p)))?
        + 1;
    for (i, &p_ch) in pattern.iter().enumerate() {
        let (row, row_prev) = (row_of(i + 1), row_of(i));
        // The row written and the row above, as two slices of the one matrix.
        let (cur_row, prev_row): (&mut [Cell], &[Cell]) = if row > row_prev {
            let (lo, hi) = rows.split_at_mut(row * cols);
            (hi.get_mut(..cols)?, lo.get(row_prev * cols..)?)
        } else {
            let (lo, hi) = rows.split_at_mut(row_prev * cols);
            (lo.get_mut(row * cols..)?, hi.get(..cols)?)
        };
        let to_skip = *first.get(i)?;
        // Step k reads choice character to_skip + k, the row above one column to its left
        // and the in-place bonus of its column, and writes `cells[k + 1]` (`cells[k]` is the
        // column before). Equal lengths, checked once, let the loop index without checks.
        let chars = choice.get(to_skip..end)?;
        let above = prev_row.get(to_skip..end)?;
        let in_place = bonuses.get(to_skip + 1..=end)?;
        let cells = cur_row.get_mut(to_skip..=end)?;
        let cell_moves = if POS {
            moves.get_mut(row * cols + to_skip..=row * cols + end)?
        } else {
            &mut []
        };
        let len = chars.len();
        if above.len() != len
            || in_place.len() != len
            || cells.len() != len + 1
            || (POS && cell_moves.len() != len + 1)
        {
            return None;
        }
        let mut last = cells[0];
        let p_lower = p_ch.to_ascii_lowercase();
        for k in 0..len {
            let c_ch = chars[k];
            // A cell that does not match keeps no bonus; one that does keeps the bonus it had.
            let mut cur = RESET;
            let mut mv = 0;
            if c_ch.to_ascii_lowercase() == p_lower {
                cur.bonus = cells[k + 1].bonus;
                let penalty = if c_ch == p_ch {
                    0
                } else {
                    PENALTY_CASE_MISMATCH
                };
                let match_score = (SCORE_MATCH + penalty).max(0);
                let bonus = in_place[k];
                let consecutive = last.bonus.max(bonus.max(BONUS_CONSECUTIVE));
                // skim stores the consecutive bonus in the column before (its scores stay).
                cells[k].bonus = consecutive;
                let score_match = above[k].m + consecutive;
                let score_skip = above[k].p + bonus;
                if score_match >= score_skip {
                    mv |= M_FROM_MATCH;
                }
                cur.m = score_match.max(score_skip) + match_score;
            }
            let from_match = GAP_START + GAP_EXTENSION + last.m;
            let from_skip = GAP_EXTENSION + last.p;
            if from_match >= from_skip {
                mv |= P_FROM_MATCH;
            }
            cur.p = from_match.max(from_skip);
            cells[k + 1] = cur;
            if POS {
                cell_moves[k + 1] = mv;
            }
            last = cur;
        }
    }

    // The best cell of the last row from where its character first fits; of equal ones, the
    // last (as `Iterator::max_by_key` picks).
    let last_row = row_of(pattern.len()) * cols;
    let from = *first.last()?;
    let (end, best) = rows
        .get(last_row + from..=last_row + end)?
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| c.m)
        .map(|(k, c)| (from + k, i64::from(c.m)))?;
    if !POS {
        return Some((best, Vec::new()));
    }
    // skim's backtracking, from that cell up to the first row.
    let mut positions = Vec::with_capacity(pattern.len());
    let (mut i, mut j) = (pattern.len(), end);
    let mut track_m = true;
    let mut matched = true;
    let first_col = *first.first()?;
    while i > 0 && j > first_col {
        if matched {
            positions.push(j - 1);
        }
        let mv = *moves.get(i * cols + j)?;
        matched = if track_m {
            mv & M_FROM_MATCH != 0
        } else {
            mv & P_FROM_MATCH != 0
        };
        if track_m {
            i -= 1;
        }
        j -= 1;
        track_m = matched;
    }
    positions.reverse();
    Some((best, positions))
}

#[cfg(test)]
mod tests {
    use super::super::fields::{Word, whole_bound};
    use super::*;

    /// skim's score from a new matcher, so no earlier call's matrix is read.
    fn skim(choice: &str, pattern: &str) -> Option<i64> {
        SkimMatcherV2::default()
            .ignore_case()
            .fuzzy_match(choice, pattern)
    }

    /// skim's score and positions from a new matcher.
    fn skim_positions(choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        SkimMatcherV2::default()
            .ignore_case()
            .fuzzy_indices(choice, pattern)
    }

    /// Both answers agree with skim's.
    fn agree(choice: &str, pattern: &str) {
        assert_eq!(
            score(choice, pattern),
            skim(choice, pattern),
            "score {choice:?} {pattern:?}"
        );
        assert_eq!(
            positions(choice, pattern),
            skim_positions(choice, pattern),
            "positions {choice:?} {pattern:?}"
        );
    }

    #[test]
    fn small_cases_agree() {
        for (choice, pattern) in [
            ("Consent required", "consent"),
            ("Admin consent", "con"),
            ("AADSTS50020", "aadsts"),
            (" AADSTS50020", "50020"),
            ("fooBar baz_qux", "fbq"),
            ("x", "x"),
            ("x", "y"),
            ("", "a"),
            ("abc", ""),
            ("Fin d'été", "été"),
            ("Éte", "ete"),
            ("token  refresh-token", "token r"),
            ("aaaaab", "aab"),
            ("eeye eye", "eye"),
        ] {
            agree(choice, pattern);
        }
    }

    /// A small deterministic generator (no dependency needed).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n
        }
        fn text(&mut self, alphabet: &[char], max: usize) -> String {
            let len = self.next(max + 1);
            (0..len)
                .map(|_| alphabet[self.next(alphabet.len())])
                .collect()
        }
    }

    #[test]
    fn generated_texts_agree() {
        // Letters of both cases, digits, separators of each kind, repeats; all ASCII (other
        // text is fuzzy-matcher's own answer).
        let alphabet: Vec<char> = "aAbBcCeE01 -_./(:".chars().collect();
        let mut r = Lcg(7);
        for _ in 0..20_000 {
            let choice = r.text(&alphabet, 24);
            let pattern = r.text(&alphabet[..8], 5);
            agree(&choice, &pattern);
        }
        // Longer texts of few letters: many ways to align, long gaps, the last letter early.
        for _ in 0..5_000 {
            let choice = r.text(&alphabet[..6], 60);
            let pattern = r.text(&alphabet[..6], 7);
            agree(&choice, &pattern);
        }
    }

    #[test]
    fn answers_are_skims_on_every_field_of_the_library() {
        use crate::flow::{Sources, load};
        let library = load(&Sources {
            builtin: true,
            paths: Vec::new(),
        })
        .library;
        let index = super::super::Index::build(&library);
        // Words operators type, prefixes of them, codes, and a few with capitals and gaps.
        let patterns = [
            "c",
            "co",
            "con",
            "consent",
            "t",
            "tok",
            "token r",
            "refresh",
            "aad",
            "aadsts",
            "aadsts5002",
            "50020",
            "AADSTS",
            "box okta",
            "wait 5",
            "mfa",
            "Graph",
            "e",
            "eye",
            "ss",
            "o365",
            "-",
            "cipp sam",
            "idsl",
            "Invalid_grant",
            "x",
            "licen",
            "teams",
        ];
        let mut fields = 0;
        for i in 0..index.docs.len() {
            let hay = index.hay.get(i).expect("every document has a haystack");
            let parts = hay.parts().map(|(_, f)| (f, false));
            for (field, title) in std::iter::once((hay.title, true)).chain(parts) {
                fields += 1;
                for p in patterns {
                    agree(field.text, p);
                    // The bounds the scan prunes with hold (see `fields`).
                    let chars = p.chars().count();
                    let alike = field
                        .text
                        .chars()
                        .next()
                        .zip(p.chars().next())
                        .is_some_and(|(a, b)| a.eq_ignore_ascii_case(&b));
                    let most = if title {
                        whole_bound(chars, alike)
                    } else {
                        Word::new(p).most_in(field)
                    };
                    let got = score(field.text, p).unwrap_or(i64::MIN);
                    assert!(got <= most, "{:?} {p:?}: {got} > {most}", field.text);
                }
            }
        }
        assert!(fields > 5_000, "only {fields} fields");
    }
}
