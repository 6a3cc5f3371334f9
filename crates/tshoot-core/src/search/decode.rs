//! Reading what people paste: undoing the encodings error text arrives in (JSON string
//! escapes, URL encoding, HTML entities, CR line breaks, console wrapping, bare codes next to
//! their label) and keeping the head and tail of a long log, before any matching.
//!
//! Each step checks cheaply whether it has anything to do, so a short typed query costs no
//! regex work.

use regex::{Captures, Regex};
use std::borrow::Cow;
use std::sync::LazyLock;

/// The most of a paste that is read at all (codes are taken from all of it).
pub const MAX_PASTE_BYTES: usize = 1024 * 1024;
/// The most of a paste that phrases and words are matched in: its first and last half.
pub const MAX_QUERY_BYTES: usize = 64 * 1024;
/// How many levels of JSON string escaping are undone (`\\\"` is two).
const JSON_LEVELS: usize = 3;
/// A console wraps at a fixed width; shorter "widths" are ordinary short lines.
const MIN_CONSOLE_WIDTH: usize = 40;

/// Error text made ready for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text (all of it, up to [`MAX_PASTE_BYTES`]): codes are read from here.
    pub full: String,
    /// The part phrases and words are matched in: `full`, or its head and tail.
    pub window: String,
    /// Set when `window` leaves out the middle of a long paste.
    pub skipped: Option<Skipped>,
}

/// How much of a long paste phrases and words were matched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Bytes searched at each end.
    pub each_end: usize,
    /// Bytes in the paste.
    pub total: usize,
}

impl Skipped {
    /// "searched the first and last 32 KiB of 87 KiB"
    pub fn describe(&self) -> String {
        format!(
            "searched the first and last {} KiB of {} KiB",
            self.each_end / 1024,
            self.total.div_ceil(1024)
        )
    }
}

struct Patterns {
    json: Regex,
    url_run: Regex,
    entity: Regex,
    bare_code: Regex,
    number: Regex,
}

/// Constant patterns, compiled on first use (a unit test compiles them, so `expect` cannot fire).
#[allow(
    clippy::expect_used,
    reason = "constant patterns, compiled by a unit test"
)]
static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns {
    json: Regex::new(r#"\\(?:["\\/bfnrt']|u[0-9A-Fa-f]{4})"#).expect("json escape pattern"),
    // A whitespace-free run that is URL-encoded: holds %XX, or a `key=value` with `+`.
    url_run: Regex::new(r"[^\s]*%[0-9A-Fa-f]{2}[^\s]*|[^\s=]+=[^\s]*\+[^\s]*")
        .expect("url run pattern"),
    entity: Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
        .expect("entity pattern"),
    // "Sign-in error code: 50126", "Error Code: 53003", "error_codes":[70002,50126], and
    // "a lot of 51005 errors" (sign-in logs show the number alone).
    bare_code: Regex::new(
        r#"(?i)(?:error[ _-]?codes?|errorcodes?|sign-in error code)"?\s*[:=]?\s*\[?\s*[0-9]{5,7}\b(?:\s*,\s*[0-9]{5,7}\b)*|\b[0-9]{5,7}\s+errors?\b"#,
    )
    .expect("bare code pattern"),
    number: Regex::new(r"[0-9]{5,7}").expect("number pattern"),
}
});

/// Decodes `raw` and picks the window to match in.
pub fn decode(raw: &str) -> Decoded {
    let raw = cut(raw, MAX_PASTE_BYTES);
    let text = line_breaks(raw);
    let text = html_entities(&text);
    let text = json_escapes(&text);
    let text = url_decode(&text);
    let text = unwrap_console(&text);
    let full = bare_codes(&text).into_owned();
    let (window, skipped) = if full.len() > MAX_QUERY_BYTES {
        let half = MAX_QUERY_BYTES / 2;
        let head = cut(&full, half);
        let tail = tail(&full, half);
        (
            format!("{head}\n{tail}"),
            Some(Skipped {
                each_end: half,
                total: raw.len(),
            }),
        )
    } else {
        (full.clone(), None)
    };
    Decoded {
        full,
        window,
        skipped,
    }
}

/// The first `max` bytes of `text`, cut on a character boundary.
pub fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The last `max` bytes of `text`, cut on a character boundary.
fn tail(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// CR LF and lone CR (what a terminal sends for a paste) become LF.
fn line_breaks(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// `&#039;`, `&quot;`, `&amp;`, ... become the characters they stand for.
fn html_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    PATTERNS.entity.replace_all(text, |c: &Captures| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = &whole[1..whole.len() - 1];
        let ch = if let Some(num) = name.strip_prefix('#') {
            let parsed = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            parsed.and_then(char::from_u32)
        } else {
            match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => None,
            }
        };
        ch.map_or_else(|| whole.to_owned(), |ch| ch.to_string())
    })
}

/// JSON (and C) string escapes, up to [`JSON_LEVELS`] levels deep: `\"` is a quote, `\\r\\n`
/// a line break once two levels are undone, `\u0027` an apostrophe.
fn json_escapes(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for _ in 0..JSON_LEVELS {
        if !out.contains('\\') || !PATTERNS.json.is_match(&out) {
            break;
        }
        let next = PATTERNS
            .json
            .replace_all(&out, |c: &Captures| {
                let esc = c.get(0).map_or("", |m| m.as_str());
                match esc.as_bytes().get(1) {
                    Some(b'n') => "\n".to_owned(),
                    Some(b'r') => "\r".to_owned(),
                    Some(b't' | b'b' | b'f') => " ".to_owned(),
                    Some(b'u') => u32::from_str_radix(&esc[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map_or_else(|| " ".to_owned(), |ch| ch.to_string()),
                    _ => esc[1..].to_owned(),
                }
            })
            .into_owned();
        out = Cow::Owned(next);
    }
    // An escaped `\r\n` is one line break, like a real one.
    match out {
        Cow::Owned(s) if s.contains('\r') => Cow::Owned(line_breaks(&s).into_owned()),
        other => other,
    }
}

/// URL-encoded runs (redirect URLs, form bodies): `%3a` is `:`, `+` a space. Undone twice,
/// for a redirect URL carried inside another one.
fn url_decode(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for _ in 0..2 {
        if !(out.contains('%') || out.contains('+')) || !PATTERNS.url_run.is_match(&out) {
            break;
        }
        let next = PATTERNS
            .url_run
            .replace_all(&out, |c: &Captures| {
                let run = c.get(0).map_or("", |m| m.as_str()).replace('+', " ");
                let decoded = percent_encoding::percent_decode_str(&run).decode_utf8_lossy();
                // A decoded line break would end a line mid-message; a space says the same.
                decoded.replace(['\r', '\n'], " ")
            })
            .into_owned();
        out = Cow::Owned(next);
    }
    // An escaped `\r\n` is one line break, like a real one.
    match out {
        Cow::Owned(s) if s.contains('\r') => Cow::Owned(line_breaks(&s).into_owned()),
        other => other,
    }
}

/// Joins lines that a console wrapped at a fixed width, so a code or word split over two
/// lines is whole again. A console wraps at its width, so no line is longer and several reach
/// it; lines of exactly that width continue on the next line. With only one line at the
/// widest, that is no proof (a line may be 80 characters by chance), so only a code cut in
/// two there (`...AADSTS5012` then `6: ...`) is joined.
fn unwrap_console(text: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = text.split('\n').collect();
    let lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    let Some(&width) = lens.iter().max() else {
        return Cow::Borrowed(text);
    };
    if width < MIN_CONSOLE_WIDTH || lines.len() < 2 {
        return Cow::Borrowed(text);
    }
    // Lines of the full width that are followed by another line (the last line is whatever
    // was left over).
    let full = lens[..lens.len() - 1]
        .iter()
        .filter(|&&l| l == width)
        .count();
    let proven = full >= 2;
    let joins = |i: usize| -> bool {
        lens.get(i) == Some(&width)
            && i + 1 < lines.len()
            && (proven
                || lines
                    .get(i + 1)
                    .is_some_and(|next| code_cut(lines[i], next)))
    };
    if !(0..lines.len()).any(joins) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if !joins(i) && i + 1 < lines.len() {
            out.push('\n');
        }
    }
    Cow::Owned(out)
}

/// Whether a code was cut between `line` and `next`: `line` ends with a code's prefix and
/// maybe some digits, and `next` goes on with digits.
fn code_cut(line: &str, next: &str) -> bool {
    if !next.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let head = line.trim_end_matches(|c: char| c.is_ascii_digit());
    ["AADSTS", "AADB2C"].iter().any(|p| {
        head.len() >= p.len()
            && head.is_char_boundary(head.len() - p.len())
            && head[head.len() - p.len()..].eq_ignore_ascii_case(p)
    })
}

/// Bare codes next to their label gain their prefix: "Sign-in error code: 50126" reads as
/// AADSTS50126, and so does each number in `"error_codes":[70002,50126]`.
fn bare_codes(text: &str) -> Cow<'_, str> {
    let lower_has = |needle: &str| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    if !lower_has("code") && !lower_has("error") {
        return Cow::Borrowed(text);
    }
    PATTERNS.bare_code.replace_all(text, |c: &Captures| {
        let found = c.get(0).map_or("", |m| m.as_str());
        PATTERNS
            .number
            .replace_all(found, |n: &Captures| {
                format!("AADSTS{}", n.get(0).map_or("", |m| m.as_str()))
            })
            .into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(t: &str) -> String {
        decode(t).full
    }

    #[test]
    fn patterns_compile() {
        let p = &*PATTERNS;
        assert!(p.json.is_match("\\n"));
        assert!(p.entity.is_match("&quot;"));
    }

    #[test]
    fn json_escapes_nested_three_levels() {
        assert_eq!(full(r#"a \"b\" c"#), r#"a "b" c"#);
        assert_eq!(full(r"x\\r\\ny"), "x\ny");
        assert_eq!(full(r"doesn\u0027t"), "doesn't");
        assert_eq!(full(r#"q \\\"AADSTS50126\\\" q"#), r#"q "AADSTS50126" q"#);
    }

    #[test]
    fn url_encoding_and_plus() {
        assert_eq!(
            full("error_description=AADSTS50011%3a+The+redirect+URI%0d%0aTrace"),
            "error_description=AADSTS50011: The redirect URI  Trace"
        );
        // A plus outside any URL-encoded run stays.
        assert_eq!(full("C++ compiler"), "C++ compiler");
        assert_eq!(full("a%253a"), "a:");
    }

    #[test]
    fn html_entities_and_unknown_ones() {
        assert_eq!(
            full("user&#039;s &quot;x&quot; &amp; &#x27;y&#39; &bogus;"),
            "user's \"x\" & 'y' &bogus;"
        );
    }

    #[test]
    fn cr_only_breaks_become_lines() {
        assert_eq!(full("a\rb\r\nc"), "a\nb\nc");
    }

    #[test]
    fn console_wrapping_is_undone() {
        let line = "x".repeat(74);
        let t = format!(
            "{line}AADSTS\n50126: Invalid username or password. More text here to\nwrap, and {}\nend",
            "y".repeat(70)
        );
        assert!(full(&t).contains("AADSTS50126: Invalid"));
        // Only lines of the full width go on: the shorter one ends where it ends.
        assert!(full(&t).contains("yend"));
        assert!(full(&t).contains("to\nwrap"));
        // Ordinary short lines are left alone.
        assert_eq!(full("one\ntwo\nthree"), "one\ntwo\nthree");
        // One line that happens to be the longest is no proof of wrapping...
        let natural = format!("{}\nAADSTS1000003: The request failed.", "z ".repeat(40));
        assert_eq!(full(&natural), natural);
        // ...unless a code is cut there.
        let cut = format!(
            "{} AADSTS5012\n6: Error validating credentials",
            "w".repeat(60)
        );
        assert!(full(&cut).contains("AADSTS50126: Error"));
    }

    #[test]
    fn bare_codes_gain_their_prefix() {
        assert!(full("Sign-in error code: 50126").contains("AADSTS50126"));
        assert!(full(r#""error_codes":[70002,50126]"#).contains("AADSTS70002,AADSTS50126"));
        assert!(full("Error Code 53003").contains("AADSTS53003"));
        assert!(full("a lot of 51005 errors in the logs").contains("AADSTS51005 errors"));
        // Other numbers stay as they are.
        assert_eq!(full("port 12345 closed"), "port 12345 closed");
    }

    #[test]
    fn long_pastes_keep_head_and_tail() {
        let mut t = "noise line\n".repeat(9000);
        t.push_str("AADSTS50126: Invalid username or password.");
        let d = decode(&t);
        assert!(d.window.len() <= MAX_QUERY_BYTES + 1);
        assert!(d.window.ends_with("password."));
        let s = d.skipped.expect("skipped");
        assert_eq!(
            s.describe(),
            format!(
                "searched the first and last 32 KiB of {} KiB",
                t.len().div_ceil(1024)
            )
        );
        assert!(decode("short").skipped.is_none());
    }

    #[test]
    fn cut_and_tail_respect_char_boundaries() {
        let s = "é".repeat(100);
        assert!(cut(&s, 51).chars().all(|c| c == 'é'));
        assert!(tail(&s, 51).chars().all(|c| c == 'é'));
    }
}
