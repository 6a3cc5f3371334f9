//! Where the token is in what the operator pasted: the whole text, the value of an
//! `Authorization: Bearer` header, an `access_token` / `id_token` field of a JSON body, a
//! parameter of a URL (fragment or query), or the first JWT-looking string in a longer text.

use super::TokenError;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// How the token was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// The text is the token alone.
    Bare,
    /// After `Bearer` (an `Authorization` header line, a curl command).
    Bearer,
    /// A field of a JSON body (a token response).
    Json,
    /// A parameter of a URL (`#access_token=...&...`) or form body.
    Url,
    /// Somewhere inside a longer text.
    InText,
}

impl Form {
    /// "an Authorization: Bearer line".
    pub fn describe(self) -> &'static str {
        match self {
            Form::Bare => "a bare token",
            Form::Bearer => "an Authorization: Bearer value",
            Form::Json => "a field of a JSON body",
            Form::Url => "a parameter of a URL",
            Form::InText => "a longer text",
        }
    }
}

/// The JSON field or URL parameter the token was the value of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// `access_token`.
    AccessToken,
    /// `id_token`.
    IdToken,
}

impl Field {
    /// The field's name.
    pub fn name(self) -> &'static str {
        match self {
            Field::AccessToken => "access_token",
            Field::IdToken => "id_token",
        }
    }
}

/// The token located in the text (borrowed from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<'a> {
    /// The token text.
    pub token: &'a str,
    /// How it was given.
    pub form: Form,
    /// The field it was the value of.
    pub field: Option<Field>,
    /// How many JWT-looking strings the text holds.
    pub tokens: usize,
}

impl Located<'_> {
    /// The label used in error messages ("Bearer", "access_token", "the text").
    pub fn label(&self) -> &'static str {
        match (self.form, self.field) {
            (_, Some(field)) => field.name(),
            (Form::Bearer, None) => "Bearer",
            _ => "the token",
        }
    }
}

struct Patterns {
    /// A JWS (three parts) or JWE (five parts); the header starts `eyJ` (`{"`).
    jwt: Regex,
    /// The text just before a token that names it.
    label: Regex,
    /// A labelled value that is not JWT-shaped (so the error can say what it is).
    labelled: Regex,
}

#[allow(
    clippy::expect_used,
    reason = "constant patterns, compiled by a unit test"
)]
static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns {
    jwt: Regex::new(
        r"(?:^|[^A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2})",
    )
    .expect("jwt pattern"),
    label: Regex::new(
        r#"(?i)(?:(bearer)\s+|(access_token|id_token)\\?"\s*:\s*\\?"|[#&?]?(access_token|id_token)=)$"#,
    )
    .expect("label pattern"),
    labelled: Regex::new(
        r#"(?i)(?:(bearer)\s+|(access_token|id_token)\\?"\s*:\s*\\?"|[#&?](access_token|id_token)=)([^\s"\\&,;]+)"#,
    )
    .expect("labelled pattern"),
}
});

/// How far before a token its label is looked for.
const LABEL_WINDOW: usize = 48;

/// Finds the token: a value labelled `access_token` first, else the first JWT-looking string.
pub fn find(text: &str) -> Result<Located<'_>, TokenError> {
    let p = &*PATTERNS;
    let trimmed = text.trim().trim_matches(|c| c == '"' || c == '\'');
    let mut first: Option<Located<'_>> = None;
    let mut access: Option<Located<'_>> = None;
    let mut count = 0;
    for caps in p.jwt.captures_iter(text) {
        let Some(m) = caps.get(1) else { continue };
        count += 1;
        let (form, field) = if m.as_str() == trimmed {
            (Form::Bare, None)
        } else {
            label_before(text, m.start())
        };
        let here = Located {
            token: m.as_str(),
            form,
            field,
            tokens: 0,
        };
        if first.is_none() {
            first = Some(here);
        }
        if access.is_none() && field == Some(Field::AccessToken) {
            access = Some(here);
        }
    }
    if let Some(found) = access.or(first) {
        return Ok(Located {
            tokens: count,
            ..found
        });
    }
    // Nothing JWT-shaped: a labelled value, or a single word with dots, is still decoded so
    // the error can say what is wrong with it.
    // `Bearer realm="..."` (a WWW-Authenticate header) names no token: a value with `=`
    // before its end is a parameter, not a token (whose only `=` is trailing padding).
    let labelled = p.labelled.captures_iter(text).find_map(|caps| {
        let value = caps.get(4)?;
        let quoted_after = text[value.end()..].starts_with('"');
        let param = value.as_str().trim_end_matches('=').contains('=')
            || (caps.get(1).is_some() && value.as_str().ends_with('=') && quoted_after);
        (!param).then(|| (classify(&caps), value))
    });
    if let Some(((form, field), value)) = labelled {
        return Ok(Located {
            token: value.as_str(),
            form,
            field,
            tokens: 0,
        });
    }
    if !trimmed.is_empty() && !trimmed.contains(char::is_whitespace) && trimmed.contains('.') {
        return Ok(Located {
            token: trimmed,
            form: Form::Bare,
            field: None,
            tokens: 0,
        });
    }
    Err(TokenError::NotFound)
}

/// The form and field the label just before `start` gives the token.
fn label_before(text: &str, start: usize) -> (Form, Option<Field>) {
    let mut from = start.saturating_sub(LABEL_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..start).unwrap_or("");
    match PATTERNS.label.captures(before) {
        Some(caps) => classify(&caps),
        None => (Form::InText, None),
    }
}

fn classify(caps: &regex::Captures<'_>) -> (Form, Option<Field>) {
    let field = |m: regex::Match<'_>| {
        if m.as_str().eq_ignore_ascii_case("id_token") {
            Field::IdToken
        } else {
            Field::AccessToken
        }
    };
    if caps.get(1).is_some() {
        (Form::Bearer, None)
    } else if let Some(m) = caps.get(2) {
        (Form::Json, Some(field(m)))
    } else if let Some(m) = caps.get(3) {
        (Form::Url, Some(field(m)))
    } else {
        (Form::InText, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLXNlZ21lbnQ";
    const U: &str = "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ5In0.b3RoZXItc2lnbmF0dXJl";

    fn located(text: &str) -> (Form, Option<Field>, usize, String) {
        let l = find(text).unwrap();
        (l.form, l.field, l.tokens, l.token.to_owned())
    }

    #[test]
    fn every_form() {
        assert_eq!(located(T), (Form::Bare, None, 1, T.into()));
        assert_eq!(located(&format!("  \"{T}\"\n")).0, Form::Bare);
        assert_eq!(
            located(&format!("Authorization: Bearer {T}")),
            (Form::Bearer, None, 1, T.into())
        );
        assert_eq!(
            located(&format!("curl -H 'authorization: bearer  {T}' https://x")).0,
            Form::Bearer
        );
        assert_eq!(
            located(&format!(
                r#"{{"token_type":"Bearer","access_token": "{T}"}}"#
            )),
            (Form::Json, Some(Field::AccessToken), 1, T.into())
        );
        assert_eq!(
            located(&format!(r#"{{\"id_token\":\"{T}\"}}"#)).1,
            Some(Field::IdToken)
        );
        assert_eq!(
            located(&format!(
                "https://app/cb#access_token={T}&token_type=Bearer&expires_in=3599"
            )),
            (Form::Url, Some(Field::AccessToken), 1, T.into())
        );
        assert_eq!(
            located(&format!("log line: token was {T}, then it failed")),
            (Form::InText, None, 1, T.into())
        );
    }

    #[test]
    fn prefers_the_access_token_and_counts_all() {
        let body = format!(r#"{{"id_token":"{U}","access_token":"{T}"}}"#);
        assert_eq!(
            located(&body),
            (Form::Json, Some(Field::AccessToken), 2, T.into())
        );
        let two = format!("first {U} then {T}");
        assert_eq!(located(&two), (Form::InText, None, 2, U.into()));
        // A sentence's full stop is not a fourth part.
        assert_eq!(located(&format!("it was {T}.")).3, T);
    }

    #[test]
    fn labelled_values_that_are_not_jwts_are_still_returned() {
        let (form, _, count, token) = located("Authorization: Bearer EwBwA8l6BAAU");
        assert_eq!(
            (form, count, token.as_str()),
            (Form::Bearer, 0, "EwBwA8l6BAAU")
        );
        assert_eq!(located("abc.def!.ghi").3, "abc.def!.ghi");
        assert_eq!(find("just some words").unwrap_err(), TokenError::NotFound);
        assert_eq!(
            find(r#"WWW-Authenticate: Bearer realm="", error="invalid_token""#).unwrap_err(),
            TokenError::NotFound
        );
        assert_eq!(find("").unwrap_err(), TokenError::NotFound);
        assert_eq!(find("eyJ only").unwrap_err(), TokenError::NotFound);
    }
}
