//! The error codes a paste holds, and which of them is the most specific: the code that
//! decides the top result and whether any hit may be "high".
//!
//! Codes come in two levels. Specific codes name one error (`AADSTS50126`, `AADB2C90118`,
//! `Authorization_RequestDenied`, `E0000011`). Wrapper codes name a family that carries them
//! (`invalid_grant` around an AADSTS code, `AADSTS70002` around `AADSTS50126`, a value that
//! many entries share): they are evidence, never the answer, when a specific code is present.

use super::index::Index;
use super::text;
use std::collections::HashSet;

/// A code carried by more entries than this is a family marker (`invalid_grant`), not an id.
pub const SPECIFIC_CODE_MAX_DOCS: usize = 4;

/// A code found in a paste.
#[derive(Debug, Clone)]
pub struct Found {
    /// As written, with a code's prefix in capitals (`aadsts50126` shows as `AADSTS50126`).
    pub shown: String,
    /// Lower case, the index key.
    pub key: String,
    /// Whether it names one error rather than a family or a wrapper.
    pub specific: bool,
    /// Whether it names a family many entries share (`invalid_grant`): never decisive.
    pub family: bool,
    /// The entries that carry it (empty for an unknown code).
    pub docs: Vec<usize>,
}

/// What a paste's codes say.
#[derive(Debug, Clone, Default)]
pub struct PasteCodes {
    /// Every distinct code, known or not, in order of first appearance.
    pub found: Vec<Found>,
    /// Keys of the most specific code and its aliases (other codes of the same entries, such
    /// as an official name next to its number).
    pub primary: HashSet<String>,
    /// Whether every specific code of the paste is in `primary`: only then may its entries
    /// be sure.
    pub sole: bool,
    /// Whether the primary code names one error (a specific code, or a wrapper code when the
    /// paste holds nothing more specific) rather than a family: only then can a code alone
    /// make an entry sure.
    pub decisive: bool,
}

impl PasteCodes {
    /// Reads the codes of `text` (decoded paste).
    pub fn read(index: &Index, text: &str) -> Self {
        let mut found: Vec<Found> = Vec::new();
        let mut seen = HashSet::new();
        for tok in text::code_tokens(text) {
            let key = tok.to_lowercase();
            if seen.contains(&key) {
                continue;
            }
            let docs = index.codes.get(&key).cloned().unwrap_or_default();
            let shaped = code_shape(tok);
            if docs.is_empty() && !shaped {
                continue;
            }
            seen.insert(key.clone());
            // One entry saying its code wraps others is enough: the connector entries that
            // share AADSTS70002 do not make it any less an outer error.
            let wrapper = docs
                .iter()
                .any(|&d| index.docs.get(d).is_some_and(|doc| doc.wrapper));
            let family =
                !docs.is_empty() && (is_family_value(tok) || docs.len() > SPECIFIC_CODE_MAX_DOCS);
            let specific = docs.is_empty() || !(family || wrapper);
            found.push(Found {
                shown: if shaped {
                    tok.to_ascii_uppercase()
                } else {
                    tok.to_owned()
                },
                key,
                specific,
                family,
                docs,
            });
        }
        let (primary, sole, decisive) = primary_of(&found);
        Self {
            found,
            primary,
            sole,
            decisive,
        }
    }

    /// Whether the paste holds a code that names one error: then only that code's entries
    /// can be sure, and phrases alone never are.
    pub fn has_decisive(&self) -> bool {
        self.decisive
    }

    /// Codes that look like error codes but no entry knows, as shown.
    pub fn unknown(&self) -> Vec<String> {
        self.found
            .iter()
            .filter(|f| f.docs.is_empty())
            .map(|f| f.shown.clone())
            .collect()
    }
}

/// The most specific code with its aliases, whether it stands alone, and whether it is
/// decisive. The last specific code wins: Microsoft writes the outer error first
/// (`AADSTS70002: ... AADSTS50126: ...`). Without specific codes, wrapper codes take their
/// place, and without those, family codes (which are never decisive).
fn primary_of(found: &[Found]) -> (HashSet<String>, bool, bool) {
    let specific: Vec<&Found> = found.iter().filter(|f| f.specific).collect();
    let wrappers: Vec<&Found> = found.iter().filter(|f| !f.family).collect();
    let (level, decisive) = if !specific.is_empty() {
        (specific, true)
    } else if !wrappers.is_empty() {
        (wrappers, true)
    } else {
        (found.iter().collect(), false)
    };
    let Some(last) = level.last() else {
        return (HashSet::new(), false, false);
    };
    let docs: HashSet<usize> = last.docs.iter().copied().collect();
    let primary: HashSet<String> = level
        .iter()
        .filter(|f| f.key == last.key || f.docs.iter().any(|d| docs.contains(d)))
        .map(|f| f.key.clone())
        .collect();
    let sole = level.iter().all(|f| primary.contains(&f.key));
    (primary, sole, decisive)
}

/// An OAuth-style value (`invalid_grant`, `interaction_required`): lower-case words joined
/// by `_`. Such values name a family of errors that a more specific code refines.
fn is_family_value(tok: &str) -> bool {
    tok.contains('_') && tok.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// Tokens that are error codes by their shape even when no entry knows them: AADSTS, AADB2C
/// and ACS codes in any case, and Okta's `E0000011`. Hex codes such as `0x80131500` are not:
/// .NET stack traces are full of them, and they would hide the real error; entries that
/// carry one still match it.
pub fn code_shape(tok: &str) -> bool {
    let digits_after = |prefix: &str| {
        tok.len() > prefix.len() + 1
            && tok.is_char_boundary(prefix.len())
            && tok[..prefix.len()].eq_ignore_ascii_case(prefix)
            && tok[prefix.len()..].bytes().all(|b| b.is_ascii_digit())
    };
    digits_after("AADSTS")
        || digits_after("AADB2C")
        || (digits_after("ACS") && tok.len() >= 8)
        || (tok.len() == 8 && tok.starts_with('E') && tok[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// Microsoft's live lookup page for a code, where there is one (AADSTS codes).
pub fn lookup_url(code: &str) -> Option<String> {
    let digits = code
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("AADSTS"))
        .map(|_| &code[6..])?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("https://login.microsoftonline.com/error?code={digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(key: &str, specific: bool, docs: &[usize]) -> Found {
        Found {
            shown: key.to_uppercase(),
            key: key.to_owned(),
            specific,
            family: !specific && key.contains('_'),
            docs: docs.to_vec(),
        }
    }

    #[test]
    fn shapes() {
        for t in [
            "AADSTS50126",
            "aaDSTS90093",
            "AADB2C90118",
            "ACS50012",
            "E0000011",
        ] {
            assert!(code_shape(t), "{t}");
        }
        for t in [
            "AADSTS",
            "ACS1",
            "Exception",
            "0x80131500",
            "E000001",
            "aadstsx1",
        ] {
            assert!(!code_shape(t), "{t}");
        }
    }

    #[test]
    fn family_values() {
        assert!(is_family_value("invalid_grant"));
        assert!(!is_family_value("Authorization_RequestDenied"));
        assert!(!is_family_value("consent"));
    }

    #[test]
    fn lookup_only_for_aadsts() {
        assert_eq!(
            lookup_url("AADSTS90072").as_deref(),
            Some("https://login.microsoftonline.com/error?code=90072")
        );
        assert_eq!(lookup_url("AADB2C90118"), None);
        assert_eq!(lookup_url("AADSTS"), None);
    }

    #[test]
    fn the_inner_specific_code_wins_over_wrappers() {
        let (p, sole, decisive) = primary_of(&[
            f("invalid_grant", false, &[1]),
            f("aadsts50126", true, &[2]),
        ]);
        assert_eq!(p, HashSet::from(["aadsts50126".to_owned()]));
        assert!(sole && decisive);
    }

    #[test]
    fn two_unrelated_specific_codes_are_not_sole() {
        let (p, sole, _) = primary_of(&[f("aadsts50020", true, &[1]), f("aadsts99999", true, &[])]);
        assert!(p.contains("aadsts99999"));
        assert!(!sole);
    }

    #[test]
    fn an_official_name_is_an_alias_of_its_number() {
        let (p, sole, _) = primary_of(&[
            f("aadsts50020", true, &[1, 3]),
            f("userunauthorized", true, &[1]),
        ]);
        assert_eq!(p.len(), 2);
        assert!(sole);
    }

    #[test]
    fn families_alone_lead_but_never_decide() {
        let (p, sole, decisive) = primary_of(&[f("invalid_grant", false, &[1, 2])]);
        assert!(p.contains("invalid_grant"));
        assert!(sole);
        assert!(!decisive);
        assert!(!primary_of(&[]).1);
    }

    #[test]
    fn a_wrapper_code_alone_is_decisive() {
        let mut w = f("aadsts70002", false, &[4]);
        w.family = false;
        let (p, sole, decisive) = primary_of(&[w]);
        assert!(p.contains("aadsts70002") && sole && decisive);
    }
}
