//! Turning decoded error text into search terms: dropping noise (GUIDs,
//! timestamps, addresses, meaningless numbers) and splitting into lower-case words.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

struct Patterns {
    noise: Regex,
}

/// Constant patterns, compiled on first use (a unit test compiles them, so `expect` cannot fire).
#[allow(
    clippy::expect_used,
    reason = "constant patterns, compiled by a unit test"
)]
static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns {
    // GUIDs, ISO timestamps and times, e-mail addresses, long hex runs. ASCII classes
    // only: Unicode `\w`/`\b` made compiling this the largest cost of a search command.
    noise: Regex::new(
        r"(?x)
        [0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}
        | [0-9]{4}-[0-9]{2}-[0-9]{2}[T\ ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?
        | (?-u:\b)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\.[0-9]+)?(?-u:\b)
        | [A-Za-z0-9_.+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+
        | (?-u:\b)[0-9A-Fa-f]{16,}(?-u:\b)
        ",
    )
    .expect("noise pattern"),
}
});

/// Whether a lower-case word says nothing about which error this is. A `match` rather than
/// a list scan: every word of every field goes through here when the index is built.
fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "br"
            | "but"
            | "by"
            | "can"
            | "could"
            | "did"
            | "do"
            | "does"
            | "for"
            | "from"
            | "has"
            | "have"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "may"
            | "more"
            | "must"
            | "of"
            | "on"
            | "or"
            | "our"
            | "please"
            | "so"
            | "such"
            | "than"
            | "that"
            | "the"
            | "their"
            | "then"
            | "there"
            | "these"
            | "this"
            | "to"
            | "was"
            | "were"
            | "when"
            | "which"
            | "will"
            | "with"
            | "you"
            | "your"
            | "id"
            | "ids"
            | "trace"
            | "correlation"
            | "timestamp"
            | "request"
            | "http"
            | "https"
            | "www"
            | "com"
            | "net"
            | "error"
            | "errors"
            | "message"
            | "code"
            | "details"
            | "detail"
            | "description"
            | "line"
            | "char"
            | "null"
            | "true"
            | "false"
            | "utc"
            | "gmt"
            | "am"
            | "pm"
            // What is left of a contraction split at its apostrophe ("isn't", "we'll").
            | "aren"
            | "couldn"
            | "didn"
            | "doesn"
            | "don"
            | "hasn"
            | "haven"
            | "isn"
            | "ll"
            | "re"
            | "shouldn"
            | "ve"
            | "wasn"
            | "weren"
            | "won"
            | "wouldn"
            // HTTP verbs and the words every log line carries.
            | "get"
            | "post"
            | "put"
            | "patch"
            | "head"
            | "options"
            | "info"
            | "information"
            | "warn"
            | "warning"
            | "debug"
            | "verbose"
            | "log"
            | "logs"
            | "level"
            | "stack"
            | "stacktrace"
    )
}

/// Blanks out noise (GUIDs, timestamps, addresses, long hex runs) in decoded text.
pub fn clean(text: &str) -> String {
    // Typed words such as `consent` or `wait 5` hold nothing the pattern matches, and then
    // need not compile it (the largest cost of a one-off `tshoot search`).
    if !may_hold_noise(text) {
        return text.to_owned();
    }
    PATTERNS.noise.replace_all(text, " ").into_owned()
}

/// Whether `text` could hold anything [`clean`] changes: every pattern needs one of
/// `- : @` (GUIDs, timestamps, times, addresses) or a run of 16 hex digits.
fn may_hold_noise(text: &str) -> bool {
    let mut hex_run = 0;
    for b in text.bytes() {
        if matches!(b, b'-' | b':' | b'@') {
            return true;
        }
        hex_run = if b.is_ascii_hexdigit() {
            hex_run + 1
        } else {
            0
        };
        if hex_run >= 16 {
            return true;
        }
    }
    false
}

/// Splits into lower-case words of letters, digits and `_`; `invalid_grant` also yields
/// `invalid` and `grant`. Keeps numbers only when they can mean something (HTTP statuses).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.into_owned()));
    out
}

/// [`words`] without collecting them: each word is borrowed from `text` when it is already
/// lower case, so indexing a library allocates only for the words it keeps.
pub fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>)) {
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let raw = raw.trim_matches('_');
        if raw.is_empty() || raw.len() > 48 {
            continue;
        }
        if raw.bytes().all(|b| b.is_ascii_digit()) {
            if is_status(raw) {
                f(Cow::Borrowed(raw));
            }
            continue;
        }
        let word: Cow<'t, str> = if !raw.is_ascii() {
            Cow::Owned(raw.to_lowercase())
        } else if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        };
        if word.chars().nth(1).is_none() || is_stopword(&word) {
            continue;
        }
        if word.contains('_') {
            for part in word.split('_') {
                if part.len() >= 2 && !is_stopword(part) {
                    f(Cow::Owned(part.to_owned()));
                }
            }
        }
        f(word);
    }
}

/// Three-digit numbers that look like HTTP statuses.
fn is_status(word: &str) -> bool {
    word.len() == 3 && matches!(word.as_bytes().first(), Some(b'1'..=b'5'))
}

/// Word-like tokens exactly as written (for code lookup): `AADSTS50020`, `invalid_grant`,
/// `IdsLocked`, `AppLifecycle_2210`, exception class names from dotted Java names.
pub fn code_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(|t| t.trim_matches('_'))
        .filter(|t| t.len() >= 3 && t.len() <= 64)
}

/// Lower-case words joined by single spaces, with a space at each end, so that phrase
/// matching can require whole words: " server returned 401 unauthorized ".
pub fn phrase_form(text: &str) -> String {
    let mut out = String::from(" ");
    for w in text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
    {
        out.push_str(&w.to_lowercase());
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_noise_keeps_codes() {
        let t = clean(
            "AADSTS50020: User account 'bob@contoso.com' ... Trace ID: 0b1c2d3e-1111-2222-3333-444455556666 Timestamp: 2026-11-23 10:01:02Z Correlation",
        );
        assert!(t.contains("AADSTS50020"));
        assert!(!t.contains("bob@contoso.com"));
        assert!(!t.contains("0b1c2d3e"));
        assert!(!t.contains("2026-11-23"));
        assert!(t.contains(" Correlation"));
    }

    #[test]
    fn text_without_noise_characters_is_left_as_it_is() {
        for t in ["consent", "wait 5", "aadsts5002", "box refresh"] {
            assert!(!may_hold_noise(t), "{t}");
            assert_eq!(clean(t), t);
        }
        // Each noise pattern is still seen.
        for t in [
            "0b1c2d3e-1111-2222-3333-444455556666",
            "at 10:01",
            "bob@contoso.com",
            "deadbeefdeadbeef",
        ] {
            assert!(may_hold_noise(t), "{t}");
        }
        assert_eq!(
            clean("key deadbeefdeadbeef00 end")
                .split_whitespace()
                .count(),
            2
        );
    }

    #[test]
    fn words_split_and_filter() {
        assert_eq!(
            words("Server returned: 401 Unauthorized, retry 3 at 2026 invalid_grant"),
            vec![
                "server",
                "returned",
                "401",
                "unauthorized",
                "retry",
                "invalid",
                "grant",
                "invalid_grant"
            ]
        );
    }

    #[test]
    fn phrase_form_is_word_bounded() {
        assert_eq!(phrase_form("Server returned: 401"), " server returned 401 ");
    }
}
