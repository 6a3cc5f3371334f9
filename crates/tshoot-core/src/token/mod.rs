//! The offline token inspector: finds an access or ID token in pasted text, decodes its header
//! and claims (the signature is never checked, never kept and never shown), explains each claim
//! in an administrator's words and lists findings that explain common 401 / 403 errors.
//!
//! Pure: the caller passes the current time, and nothing is read or written.
//!
//! - [`find`]: where the token is in the text (bare, `Bearer` line, JSON body, URL fragment).
//! - [`decode`]: base64url header and claims, with specific errors.
//! - [`resource`]: the well-known APIs a token's audience can name, and `--for`.
//! - [`explain`]: one row per claim, with its meaning.
//! - [`findings`]: the problems a token shows, each linked to its catalog entry.
//! - [`time`]: "expired 1 h ago", "valid for 43 min more".
//! - [`vars`]: the non-secret facts a flow's token input sets (`token.aud`, `token.expired`).

pub mod decode;
pub mod explain;
pub mod find;
pub mod findings;
pub mod resource;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod time;
pub mod vars;

#[cfg(test)]
mod tests;

pub use decode::Segment;
pub use explain::Explained;
pub use find::{Field, Form};
pub use findings::{Finding, FindingCode};
pub use resource::{Api, ForApi};
pub use time::TimePoint;

use serde::Serialize;
use serde_json::{Map, Value};
use std::time::SystemTime;

/// The name of the `--json` format, and its version.
pub const JSON_FORMAT: &str = "tshoot-token";
/// Bumped when a field of the `--json` contract changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;
/// The sentence every view of a token carries.
pub const SIGNATURE_NOT_VERIFIED: &str = "The signature is not verified: tshoot only reads the token, offline, and cannot tell whether Entra ID really issued it.";

/// The claims whose values are shown and put in `--json`. Others are listed by name only:
/// they are internal (`aio`, `rh`, `uti`), personal (`ipaddr`) or one-time values (`nonce`).
pub const SHOWN_CLAIMS: &[&str] = &[
    "aud",
    "iss",
    "ver",
    "tid",
    "appid",
    "azp",
    "appidacr",
    "azpacr",
    "app_displayname",
    "idtyp",
    "upn",
    "preferred_username",
    "unique_name",
    "email",
    "name",
    "oid",
    "sub",
    "scp",
    "roles",
    "wids",
    "groups",
    "hasgroups",
    "_claim_names",
    "amr",
    "acr",
    "auth_time",
    "iat",
    "nbf",
    "exp",
];

/// Why a token could not be read. Messages say what is wrong without repeating the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Nothing in the text looks like a token.
    #[error(
        "no token found: give a JWT (three base64url parts joined by dots, starting with eyJ), an \"Authorization: Bearer ...\" line, a JSON body with access_token or id_token, or a URL with #access_token=..."
    )]
    NotFound,
    /// A value was labelled as a token but is not a JWT.
    #[error(
        "the value after {label} is not a JWT: it has {parts} part(s) where a JWT has three joined by dots (tokens for personal Microsoft accounts and some other services are opaque and cannot be read)"
    )]
    NotJwt {
        /// Where the value was found ("Bearer", "access_token").
        label: &'static str,
        /// How many dot-separated parts it has.
        parts: usize,
    },
    /// A JWE: five parts, the claims are encrypted for the API.
    #[error(
        "the token is encrypted (a JWE, five parts): only the API it was issued for can read its claims"
    )]
    Encrypted,
    /// A part is not base64url.
    #[error("the token's {segment} is not valid base64url: {detail}")]
    BadBase64 {
        /// Header or claims.
        segment: Segment,
        /// What is wrong, by position (never the text itself).
        detail: String,
    },
    /// A part decodes, but not to JSON.
    #[error("the token's {segment} decodes, but not to JSON ({detail})")]
    NotJson {
        /// Header or claims.
        segment: Segment,
        /// The JSON parser's message (positions, no content).
        detail: String,
    },
    /// A part is JSON but not an object.
    #[error("the token's {segment} is JSON but not an object with named fields")]
    NotObject {
        /// Header or claims.
        segment: Segment,
    },
}

/// What the operator expects of the token, from the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The API the token is meant for (`--for`).
    pub for_api: Option<ForApi>,
    /// The tenant ID the token should come from (`--tenant`), lower case.
    pub tenant: Option<String>,
}

/// Where the token was in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// How it was given.
    pub form: Form,
    /// The JSON field or URL parameter it was the value of.
    pub field: Option<Field>,
    /// How many JWT-looking strings the text holds (the inspected one included).
    pub tokens: usize,
}

/// Access token or ID token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Meant for an API.
    Access,
    /// Meant for the client app only (sign-in proof), never for an API.
    Id,
}

/// Who the token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// A signed-in user (delegated access).
    User,
    /// The application itself (app-only, client credentials).
    App,
}

/// The header fields shown (others, such as `x5t` or Graph's `nonce`, are left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Signing algorithm, e.g. RS256.
    pub alg: Option<String>,
    /// Token type, usually JWT.
    pub typ: Option<String>,
    /// Which of the issuer's keys signed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
}

/// A directory role from `wids`, with its name when it is a built-in role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedRole {
    /// The role template ID.
    pub id: String,
    /// The built-in role's name.
    pub name: Option<String>,
}

/// Names tshoot knows for the token's IDs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Names {
    /// The API the audience names ("Microsoft Graph").
    pub aud: Option<String>,
    /// The client app (`appid` / `azp`) when it is a Microsoft first-party app.
    pub app: Option<String>,
    /// The directory roles in `wids`.
    pub wids: Vec<NamedRole>,
}

/// The token's time claims, resolved against the current time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Times {
    /// Issued at.
    pub iat: Option<TimePoint>,
    /// Not valid before.
    pub nbf: Option<TimePoint>,
    /// Expires.
    pub exp: Option<TimePoint>,
}

/// The few facts flows and scripts branch on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Access or ID token.
    pub kind: TokenKind,
    /// User or app-only.
    pub identity: Identity,
    /// True when `idtyp` was absent and the identity was worked out from other claims.
    pub identity_inferred: bool,
    /// "1.0" or "2.0", from `ver` or else the issuer.
    pub version: Option<String>,
    /// The well-known API the audience is.
    pub api: Option<Api>,
    /// The tenant ID (`tid`, else from the issuer).
    pub tenant: Option<String>,
    /// Whether `amr` says MFA was used; `None` when the token has no `amr`.
    pub mfa: Option<bool>,
    /// `exp` has passed.
    pub expired: bool,
    /// `nbf` has not come yet.
    pub not_yet_valid: bool,
}

/// A decoded and explained token. Holds no signature and no raw token text.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// Where the token was found.
    pub found: Found,
    /// The header fields shown.
    pub header: Header,
    /// The claims whose values are shown ([`SHOWN_CLAIMS`]), sorted by name.
    pub claims: Map<String, Value>,
    /// Names of the other claims, whose values are not shown, sorted.
    pub other_claims: Vec<String>,
    /// The facts flows branch on.
    pub summary: Summary,
    /// Names of the IDs.
    pub names: Names,
    /// Time claims against the current time.
    pub times: Times,
    /// One row per claim.
    pub explained: Vec<Explained>,
    /// What is wrong with the token, in the order an operator should look.
    pub findings: Vec<Finding>,
}

impl Inspection {
    /// The stable `--json` contract (see the README's "Token inspector" section).
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "signature_verified": false,
            "found": self.found,
            "summary": self.summary,
            "header": self.header,
            "claims": self.claims,
            "other_claims": self.other_claims,
            "names": self.names,
            "times": self.times,
            "explained": self.explained,
            "findings": self.findings,
        })
    }
}

/// Finds the token in `text`, decodes and explains it as of `now`.
pub fn inspect(text: &str, options: &Options, now: SystemTime) -> Result<Inspection, TokenError> {
    let found = find::find(text)?;
    let decoded = decode::decode(found.token, found.label())?;
    let mut header = decoded.header;
    let mut claims = decoded.claims;
    // A crafted token could quote its own signature in a claim: it is never shown.
    scrub_map(&mut header, decoded.signature);
    scrub_map(&mut claims, decoded.signature);
    let header = Header {
        alg: text_of(&header, "alg"),
        typ: text_of(&header, "typ"),
        kid: text_of(&header, "kid"),
    };
    let found = Found {
        form: found.form,
        field: found.field,
        tokens: found.tokens,
    };
    Ok(build(found, header, claims, options, now))
}

fn build(
    found: Found,
    header: Header,
    all: Map<String, Value>,
    options: &Options,
    now: SystemTime,
) -> Inspection {
    let now = time::unix(now);
    let view = explain::View::new(&all);
    let summary = explain::summary(&view, found.field, now);
    let names = explain::names(&view);
    let times = Times {
        iat: view
            .time("iat")
            .map(|t| TimePoint::new(t, now, time::Which::Issued)),
        nbf: view
            .time("nbf")
            .map(|t| TimePoint::new(t, now, time::Which::NotBefore)),
        exp: view
            .time("exp")
            .map(|t| TimePoint::new(t, now, time::Which::Expires)),
    };
    let explained = explain::rows(&view, &summary, &names, &times);
    let findings = findings::findings(&view, &summary, &names, &times, options);
    let mut claims = Map::new();
    let mut other_claims = Vec::new();
    // Sorted whichever map serde_json was built with (its `preserve_order` feature keeps
    // insertion order), so the output is the same in every build.
    let mut keys: Vec<(&String, &Value)> = all.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    for (key, value) in keys {
        if SHOWN_CLAIMS.contains(&key.as_str()) {
            claims.insert(key.clone(), value.clone());
        } else {
            other_claims.push(key.clone());
        }
    }
    Inspection {
        found,
        header,
        claims,
        other_claims,
        summary,
        names,
        times,
        explained,
        findings,
    }
}

fn text_of(map: &Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Shorter signatures are too likely to occur by chance to be worth hiding.
const MIN_SCRUBBED_SIGNATURE: usize = 8;
/// What a value that quotes the signature is shown as.
pub const SCRUBBED: &str = "[hidden: contains the token's signature]";

fn scrub_map(map: &mut Map<String, Value>, signature: &str) {
    if signature.len() < MIN_SCRUBBED_SIGNATURE {
        return;
    }
    let old = std::mem::take(map);
    for (key, mut value) in old {
        scrub(&mut value, signature);
        let key = if key.contains(signature) {
            SCRUBBED.to_owned()
        } else {
            key
        };
        map.insert(key, value);
    }
}

fn scrub(value: &mut Value, signature: &str) {
    match value {
        Value::String(s) if s.contains(signature) => *s = SCRUBBED.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, signature)),
        Value::Object(map) => scrub_map(map, signature),
        _ => {}
    }
}

/// A GUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits).
pub fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}
