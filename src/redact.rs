//! Redaction of secrets in free text before it is written to disk or exported: pasted error
//! text, answers, notes and search history all pass through [`redact`] first.
//!
//! Secret *values* (bearer tokens, JWTs, `Authorization` / `Cookie` header values, client
//! secrets, passwords, refresh / access / id tokens, authorization codes, client assertions,
//! PKCE verifiers, API and account keys, SAS signatures, URL passwords, key-like base64 / hex
//! runs) become [`MARKER`]; the key name stays, so `client_secret=abc` reads
//! `client_secret=[REDACTED]` and `Authorization: Bearer eyJ...` reads
//! `Authorization: Bearer [REDACTED]`.
//!
//! What operators need is kept byte-for-byte: AADSTS codes, GUIDs (correlation, trace and
//! tenant ids), timestamps, error names (`invalid_grant`), `error_codes`, Graph error `"code"`
//! values, URLs without secrets, e-mail addresses, HTTP status lines and certificate
//! thumbprints.
//!
//! The module is pure (no I/O). Every pattern is compiled once; the `regex` crate guarantees
//! time linear in the input, and the per-match checks look at a bounded neighbourhood, so
//! hostile input cannot stall it. Redaction is idempotent: `redact(redact(x)) == redact(x)`.
//! Known limits: an unquoted value ends at whitespace (`password=two words` keeps `words`),
//! and a value ends at its closing quote even if that quote was meant to be part of it.

use regex::{Captures, Regex};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// The text that replaces every redacted value.
pub const MARKER: &str = "[REDACTED]";

/// `text` with every secret value replaced by [`MARKER`]; borrowed when nothing was found.
pub fn redact(text: &str) -> Cow<'_, str> {
    redact_with(&RULES, text)
}

/// Whether [`redact`] would change `text`, i.e. it holds something that looks like a secret.
pub fn contains_secret(text: &str) -> bool {
    redact(text) != text
}

fn redact_with<'t>(rules: &[Rule], text: &'t str) -> Cow<'t, str> {
    let mut out: Cow<'t, str> = Cow::Borrowed(text);
    for rule in rules {
        let replaced = apply(rule, &out);
        if let Cow::Owned(s) = replaced {
            out = Cow::Owned(s);
        }
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        out
    }
}

/// How a rule decides which part of its match is the secret, and when to keep the match.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// The value group, unless it is empty or already redacted.
    Value,
    /// The value group with trailing whitespace left outside (header values to end of line).
    Header,
    /// `key = value`: a bare value loses trailing punctuation, and a
    /// PowerShell `$secret = Read-Host ...` / `$secret = $other` is not a literal secret.
    Assignment,
    /// `code=` is an authorization code, but an all-digit `code=50020` is an error code.
    ExactKey,
    /// `Bearer <token>` outside an `Authorization` header; `Bearer realm="..."` is kept.
    Bearer,
    /// A long base64 / base64url run, redacted only when it looks random, not like a name.
    Random,
    /// A long hex run, kept when the line calls it a (certificate) thumbprint.
    Hex,
}

struct Rule {
    re: Regex,
    kind: Kind,
}

/// Key words whose value is a secret; any identifier ending in one counts (`AZURE_CLIENT_SECRET`,
/// `ApplicationSecret`, `refresh_token`, `x-api-key`, `AccountKey`, `SharedAccessKey`).
const KEY_WORDS: &str = r"(?:secret|password|passwd|pwd|passphrase|token|assertion|verifier|api[_.-]?key|(?:account|access|shared[_.-]?access|private|subscription|primary|secondary|master|storage|signing|encryption|client|app|function|host|admin)[_.-]?key|shared[_.-]?access[_.-]?signature|device[_.-]?code)";

/// Suffixes that still name the secret itself: `secretText`, `clientSecretValue`.
const KEY_SUFFIX: &str = r"(?:[_.-]?(?:text|value|string))?";

/// HTTP headers whose whole value is a credential.
const CRED_HEADERS: &str = r"(?:proxy-authorization|authorization|set-cookie|cookie)";

/// Authorization schemes whose name is kept in front of the redacted credentials.
const SCHEMES: &str = r"(?:basic|bearer|digest|negotiate|ntlm|sharedkeylite|sharedkey|sharedaccesssignature|pop|mac|hawk|token|oauth|kerberos|aws4-hmac-sha256)";

/// A double-quoted value that may contain backslash escapes.
const DQ: &str = r#""(?P<v2>(?:[^"\\\r\n]|\\.)*)"#;
/// A single-quoted value.
const SQ: &str = r"'(?P<v3>[^'\r\n]*)";

/// The rule sources in the order they run, each with how its match is interpreted.
fn rule_sources() -> Vec<(String, Kind)> {
    let key = format!(r"[a-z0-9_.-]*?{KEY_WORDS}{KEY_SUFFIX}");
    let scheme = format!(r"(?:(?P<scheme>{SCHEMES})[ \t]+)?");
    vec![
        // https://user:password@host
        (
            r#"(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@"'<>]+:(?P<v>[^\s@/"'<>]+)@"#.to_owned(),
            Kind::Value,
        ),
        // "Authorization: Bearer x" / "Authorization": "Basic x": the value ends at a quote.
        (
            format!(
                r#"(?i)\\?["'](?P<key>{CRED_HEADERS})\\?["']?[ \t]*[:=][ \t]*\\?["']?{scheme}(?P<v>[^"'\\\r\n]+)"#
            ),
            Kind::Header,
        ),
        // Authorization = "Bearer x": bare key, quoted value.
        (
            format!(
                r#"(?im)(?:^|[^"'\\a-z0-9_-])(?P<key>{CRED_HEADERS})[ \t]*[:=][ \t]*\\?["']{scheme}(?P<v>[^"'\\\r\n]+)"#
            ),
            Kind::Header,
        ),
        // Authorization: Bearer x (a header line): the value runs to the end of the line.
        (
            format!(
                r#"(?im)(?:^|[^"'\\a-z0-9_-])(?P<key>{CRED_HEADERS})[ \t]*[:=][ \t]*{scheme}(?P<v>[^\s"'\\][^\r\n]*)"#
            ),
            Kind::Header,
        ),
        // <ClientSecret>x</ClientSecret>, <Password><Value>x</Value></Password> (unattend.xml)
        (
            format!(
                r"(?i)<(?P<key>(?:[a-z0-9_]+:)?{key})(?:\s[^<>]*)?>(?:\s*<(?:[a-z0-9_]+:)?value>)?(?P<v>[^<]+)</"
            ),
            Kind::Value,
        ),
        // <add key="ida:ClientSecret" value="x"/>, {"name": "CLIENT_SECRET", "value": "x"}
        (
            format!(
                r#"(?i)\b(?:key|name)\\?"?[ \t]*[:=][ \t]*\\?"(?P<key>[^"\\\r\n]*?{KEY_WORDS}{KEY_SUFFIX})\\?"[ \t]*,?[ \t]*\\?"?value\\?"?[ \t]*[:=][ \t]*\\?"(?P<v>[^"\\\r\n]*)"#
            ),
            Kind::Value,
        ),
        // ConvertTo-SecureString 'x' -AsPlainText -Force (before `$password = ...` below).
        (
            format!(
                r#"(?i)\bConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?:{DQ}|{SQ}|(?P<v>[^\s"'$(\-][^\s)]*))"#
            ),
            Kind::Value,
        ),
        // key=value, key: value, "key": "value", key => 'value', $key = "value"
        (
            format!(
                r#"(?i)\b(?P<key>{key})\\?["']?[ \t]*(?::=|=>|[:=])[ \t]*(?:\\"(?P<v>(?:[^"\\\r\n]|\\[^"\r\n])*)|{DQ}|{SQ}|(?P<v4>[^\s"'&;<>]+))"#
            ),
            Kind::Assignment,
        ),
        // -ClientSecret 'x', -Password "x", --client-secret x (not $variables or (expressions))
        (
            format!(
                r#"(?im)(?:^|[ \t])(?P<key>--?{key})[ \t]+(?:{DQ}|{SQ}|(?P<v>[^\s"'$(\-]\S*))"#
            ),
            Kind::Value,
        ),
        // ?code=... (OAuth authorization code), &sig=... (SAS signature): only in `=` form.
        (
            r#"(?im)(?:^|[^a-z0-9_.$-])(?P<key>code|sig)=(?P<v>[^\s&;#"'<>]+)"#.to_owned(),
            Kind::ExactKey,
        ),
        // Bearer <token> anywhere.
        (
            r"(?i)\b(?P<key>bearer)[ \t]+(?P<v>[A-Za-z0-9\-._~+/]+=*)".to_owned(),
            Kind::Bearer,
        ),
        // JWT / JWS / JWE anywhere: base64url segments, the first starting `eyJ` (`{"`).
        (
            r"\b(?P<v>eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2})"
                .to_owned(),
            Kind::Value,
        ),
        // Entra ID client secret values: `Abc8Q~` followed by 30+ characters.
        (
            r"(?P<v>[A-Za-z0-9_.~-]{0,8}[0-9]Q~[A-Za-z0-9_.~-]{30,})".to_owned(),
            Kind::Value,
        ),
        // Key-like base64 / base64url runs.
        (
            r"(?P<v>[A-Za-z0-9+/_-]{32,}={0,2})".to_owned(),
            Kind::Random,
        ),
        // Key-like hex runs.
        (r"\b(?P<v>[0-9A-Fa-f]{40,})\b".to_owned(), Kind::Hex),
    ]
}

/// The compiled rules. The patterns are constants and a unit test compiles each one, so
/// `expect` cannot fire.
#[allow(
    clippy::expect_used,
    reason = "constant patterns, compiled by a unit test"
)]
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    rule_sources()
        .into_iter()
        .map(|(src, kind)| Rule {
            re: Regex::new(&src).expect("redaction pattern compiles"),
            kind,
        })
        .collect()
});

fn apply<'h>(rule: &Rule, hay: &'h str) -> Cow<'h, str> {
    rule.re.replace_all(hay, |caps: &Captures| {
        let Some(whole) = caps.get(0) else {
            return String::new();
        };
        match secret_span(rule.kind, caps, hay) {
            Some(secret) => format!(
                "{}{MARKER}{}",
                slice(hay, whole.start()..secret.start),
                slice(hay, secret.end..whole.end())
            ),
            None => whole.as_str().to_owned(),
        }
    })
}

/// `hay[range]`, or "" if the range is not on character boundaries (never for regex matches).
fn slice(hay: &str, range: Range<usize>) -> &str {
    hay.get(range).unwrap_or_default()
}

/// The byte range of the secret inside this match, or `None` to keep the match unchanged.
fn secret_span(kind: Kind, caps: &Captures, hay: &str) -> Option<Range<usize>> {
    let value = ["v", "v2", "v3", "v4"]
        .iter()
        .find_map(|name| caps.name(name))?;
    let text = value.as_str();
    let range = value.range();
    match kind {
        Kind::Value => secret_value(text).then_some(range),
        Kind::Header => {
            let trimmed = text.trim_end();
            secret_value(trimmed).then_some(range.start..range.start + trimmed.len())
        }
        Kind::Assignment => {
            let bare = caps.name("v4").is_some();
            let trimmed = if bare {
                text.trim_end_matches(is_trailing_punct)
            } else {
                text
            };
            let start = caps.get(0).map_or(range.start, |m| m.start());
            let powershell_var = slice(hay, 0..start).ends_with('$');
            if bare && powershell_var && is_powershell_expression(trimmed) {
                return None;
            }
            (secret_value(text) && !trimmed.is_empty())
                .then_some(range.start..range.start + trimmed.len())
        }
        Kind::ExactKey => {
            let key = caps.name("key").map_or("", |k| k.as_str());
            let error_code =
                key.eq_ignore_ascii_case("code") && text.bytes().all(|b| b.is_ascii_digit());
            (secret_value(text) && !error_code).then_some(range)
        }
        Kind::Bearer => {
            let auth_param =
                text.ends_with('=') && slice(hay, range.end..hay.len()).starts_with(['"', '\'']);
            (looks_like_token(text) && !auth_param).then_some(range)
        }
        Kind::Random => looks_random(text).then_some(range),
        Kind::Hex => {
            let has_letter = text.bytes().any(|b| b.is_ascii_alphabetic());
            let has_digit = text.bytes().any(|b| b.is_ascii_digit());
            (has_letter && has_digit && !called_thumbprint(hay, range.start)).then_some(range)
        }
    }
}

/// Whether a captured value still holds something to hide (not empty, not already redacted).
fn secret_value(text: &str) -> bool {
    match text.strip_prefix(MARKER) {
        Some(rest) => !rest.chars().all(is_trailing_punct),
        None => !text.is_empty(),
    }
}

/// Punctuation that ends a sentence or a structure rather than belonging to a bare value.
fn is_trailing_punct(c: char) -> bool {
    matches!(c, ',' | '.' | ')' | '}' | ']')
}

/// `$other`, `(Get-Secret ...)` or a `Verb-Noun` cmdlet on the right of a PowerShell assignment.
fn is_powershell_expression(value: &str) -> bool {
    if value.starts_with(['$', '(']) {
        return true;
    }
    let mut parts = value.split('-');
    let (Some(verb), Some(noun), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    const VERBS: &[&str] = &["get", "read", "convertto", "convertfrom", "new", "import"];
    VERBS.iter().any(|v| verb.eq_ignore_ascii_case(v))
        && !noun.is_empty()
        && noun.chars().all(|c| c.is_ascii_alphabetic())
}

/// A bearer credential rather than a word: long enough and not plain lower-case prose.
fn looks_like_token(text: &str) -> bool {
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    let has_upper = text.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = text.bytes().any(|b| b.is_ascii_lowercase());
    let has_symbol = text.bytes().any(|b| matches!(b, b'.' | b'~' | b'+' | b'/'));
    text.len() >= 10 && (has_digit || (has_upper && has_lower) || has_symbol)
}

/// Whether a base64-alphabet run looks like random key material rather than an identifier or
/// a path: it mixes upper case, lower case and digits, the character class changes at most
/// adjacent positions, and lower-case stretches are short (words have long ones).
fn looks_random(text: &str) -> bool {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Upper,
        Lower,
        Digit,
        Other,
    }
    let class = |b: u8| match b {
        b'A'..=b'Z' => Class::Upper,
        b'a'..=b'z' => Class::Lower,
        b'0'..=b'9' => Class::Digit,
        _ => Class::Other,
    };
    let bytes = text.as_bytes();
    let has = |c: Class| bytes.iter().any(|&b| class(b) == c);
    if !(has(Class::Upper) && has(Class::Lower) && has(Class::Digit)) {
        return false;
    }
    let (mut pairs, mut changes) = (0usize, 0usize);
    let (mut lower_runs, mut lower_chars) = (0usize, 0usize);
    let mut prev = Class::Other;
    for &b in bytes {
        let c = class(b);
        if c == Class::Lower {
            lower_chars += 1;
            if prev != Class::Lower {
                lower_runs += 1;
            }
        }
        if c != Class::Other && prev != Class::Other {
            pairs += 1;
            if c != prev {
                changes += 1;
            }
        }
        prev = c;
    }
    // changes / pairs >= 0.3 and lower_chars / lower_runs <= 3, in integers.
    pairs > 0 && changes * 10 >= pairs * 3 && lower_chars <= lower_runs * 3
}

/// Whether the text just before `start`, on the same line, calls the value a thumbprint.
fn called_thumbprint(hay: &str, start: usize) -> bool {
    let mut lo = start.saturating_sub(64);
    while !hay.is_char_boundary(lo) {
        lo += 1;
    }
    let before = slice(hay, lo..start);
    let line = before.rsplit('\n').next().unwrap_or(before);
    line.to_ascii_lowercase().contains("thumbprint")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for (src, kind) in rule_sources() {
            if let Err(e) = Regex::new(&src) {
                panic!("{kind:?} pattern does not compile: {e}\n{src}");
            }
        }
        assert!(!RULES.is_empty());
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        let text = "AADSTS50020: user not in tenant";
        assert!(matches!(redact(text), Cow::Borrowed(_)));
        assert!(!contains_secret(text));
        assert!(contains_secret("client_secret=abc"));
    }

    #[test]
    fn random_runs_versus_names() {
        assert!(looks_random(
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
        ));
        assert!(looks_random("k3Jd9QxZ2mVb7TnR4wLp8YhC1sFg6UeA"));
        assert!(!looks_random("Office365ProPlusRetail2024Edition"));
        assert!(!looks_random(
            "resourceGroups/rg-prod-weu-001/providers/Microsoft"
        ));
        assert!(!looks_random("MissingTenantRestrictionsPolicyHeader"));
        assert!(!looks_random("Microsoft-Entra-ID-Conditional-Access-2024"));
    }

    #[test]
    fn bearer_needs_a_token() {
        assert!(looks_like_token("EwBwA8l6BAAU"));
        assert!(!looks_like_token("realm"));
        assert!(!looks_like_token("authentication"));
    }

    #[test]
    fn keys_and_markers() {
        assert_eq!(redact("password=[REDACTED]"), "password=[REDACTED]");
        assert_eq!(redact("password=[REDACTED]x"), "password=[REDACTED]");
        assert_eq!(redact("password=hunter2."), "password=[REDACTED].");
        assert_eq!(redact(r#""password": """#), r#""password": """#);
        assert_eq!(
            redact("$secret = Read-Host -AsSecureString"),
            "$secret = Read-Host -AsSecureString"
        );
        assert_eq!(redact("-Password $pw"), "-Password $pw");
        assert_eq!(redact("error code=50020"), "error code=50020");
        assert_eq!(redact("x?code=0.AXoAbc&y=1"), "x?code=[REDACTED]&y=1");
    }

    #[test]
    fn json_escaped_inside_a_string() {
        assert_eq!(
            redact(r#"{\"client_secret\":\"abc\",\"scope\":\"x\"}"#),
            r#"{\"client_secret\":\"[REDACTED]\",\"scope\":\"x\"}"#
        );
    }

    #[test]
    fn headers_keep_the_scheme() {
        assert_eq!(
            redact("Authorization: Basic dXNlcjpwYXNz"),
            "Authorization: Basic [REDACTED]"
        );
        assert_eq!(
            redact(r#"{"Authorization":"Bearer abc","Cookie":"a=b"}"#),
            r#"{"Authorization":"Bearer [REDACTED]","Cookie":"[REDACTED]"}"#
        );
        assert_eq!(
            redact("curl -H \"Authorization: Custom abc def\" https://x.test/"),
            "curl -H \"Authorization: [REDACTED]\" https://x.test/"
        );
        assert_eq!(
            redact("Authorization: token123 \r\nNext: 1"),
            "Authorization: [REDACTED] \r\nNext: 1"
        );
    }

    #[test]
    fn thumbprints_are_kept_other_hex_is_not() {
        let hex = "3F2504E04F8911D39A0C0305E82C3301ABCDEF12";
        let kept = format!("CertificateThumbprint: {hex}");
        assert_eq!(redact(&kept), kept);
        assert_eq!(redact(&format!("key {hex}")), "key [REDACTED]");
    }

    #[test]
    fn hostile_input_is_linear() {
        let inputs = [
            "password=".repeat(20_000),
            "Authorization: ".repeat(20_000),
            "a".repeat(200_000),
            "eyJ".repeat(50_000),
            "Aa1".repeat(50_000),
            "-Password ".repeat(20_000),
            "\"".repeat(200_000),
        ];
        let start = std::time::Instant::now();
        for input in &inputs {
            let once = redact(input);
            assert_eq!(redact(&once), once);
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }
}
