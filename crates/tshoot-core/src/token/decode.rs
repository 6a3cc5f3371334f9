//! Decoding a JWT's header and claims: base64url (padding optional) holding a JSON object.
//! The signature is split off and only handed back so the caller can keep it out of
//! everything it shows; it is never decoded or checked.

use super::TokenError;
use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

/// Which part of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// The first part.
    Header,
    /// The second part.
    Claims,
}

impl std::fmt::Display for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Segment::Header => "header (first part)",
            Segment::Claims => "claims (second part)",
        })
    }
}

/// A token's decoded parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    /// The header's fields.
    pub header: Map<String, Value>,
    /// The claims.
    pub claims: Map<String, Value>,
    /// The third part, as given: for hiding only.
    pub signature: &'a str,
}

/// Base64url, with or without `=` padding; stray low bits in the last character are allowed
/// (some encoders leave them).
const B64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Splits and decodes `token`; `label` names where it was found, for the error message.
pub fn decode<'a>(token: &'a str, label: &'static str) -> Result<Decoded<'a>, TokenError> {
    let parts: Vec<&str> = token.split('.').collect();
    match parts.as_slice() {
        [header, claims, signature] => Ok(Decoded {
            header: object(header, Segment::Header)?,
            claims: object(claims, Segment::Claims)?,
            signature,
        }),
        [header, _, _, _, _] => {
            // Only call it encrypted when the header really is a JOSE header.
            object(header, Segment::Header)?;
            Err(TokenError::Encrypted)
        }
        _ => Err(TokenError::NotJwt {
            label,
            parts: parts.len(),
        }),
    }
}

fn object(part: &str, segment: Segment) -> Result<Map<String, Value>, TokenError> {
    if part.is_empty() {
        return Err(TokenError::BadBase64 {
            segment,
            detail: "it is empty".into(),
        });
    }
    let bytes = B64.decode(part).map_err(|e| TokenError::BadBase64 {
        segment,
        detail: describe(&e, part.len()),
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| TokenError::NotJson {
        segment,
        detail: e.to_string(),
    })?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(TokenError::NotObject { segment }),
    }
}

/// The base64 error by position, never quoting the text.
fn describe(e: &base64::DecodeError, len: usize) -> String {
    use base64::DecodeError as E;
    match e {
        E::InvalidByte(at, _) | E::InvalidLastSymbol(at, _) => format!(
            "character {} of {len} is not a base64url letter (A-Z, a-z, 0-9, - or _)",
            at + 1
        ),
        E::InvalidLength(_) => format!(
            "its length ({len} characters) cannot be base64; the token may be cut short or have extra characters"
        ),
        E::InvalidPadding => "its '=' padding is wrong".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::testing::{b64, jwt};
    use serde_json::json;

    #[test]
    fn decodes_with_and_without_padding() {
        let t = jwt(&json!({"alg": "RS256"}), &json!({"aud": "a"}), "c2ln");
        let d = decode(&t, "the token").unwrap();
        assert_eq!(d.header["alg"], "RS256");
        assert_eq!(d.claims["aud"], "a");
        assert_eq!(d.signature, "c2ln");
        let pad = |b: &[u8]| base64::engine::general_purpose::URL_SAFE.encode(b);
        let padded = format!("{}.{}.", pad(br#"{"a":1}"#), pad(br#"{"b":"x"}"#));
        assert!(padded.contains('='), "{padded}");
        let d = decode(&padded, "the token").unwrap();
        assert_eq!(d.claims["b"], "x");
        assert_eq!(d.signature, "");
    }

    #[test]
    fn errors_name_the_part_and_never_the_text() {
        let header = b64(br#"{"alg":"none"}"#);
        let bad = format!("{header}.ab!cd.sig");
        let err = decode(&bad, "the token").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the token's claims (second part) is not valid base64url: character 3 of 5 is not a base64url letter (A-Z, a-z, 0-9, - or _)"
        );
        let err = decode(&format!("{header}.abcde.sig"), "x").unwrap_err();
        assert!(
            matches!(err, TokenError::BadBase64 { segment: Segment::Claims, ref detail } if detail.contains("length (5")),
            "{err}"
        );
        let not_json = format!("{header}.{}.sig", b64(b"hello"));
        assert!(matches!(
            decode(&not_json, "x").unwrap_err(),
            TokenError::NotJson {
                segment: Segment::Claims,
                ..
            }
        ));
        let array = format!("{}.{}.sig", b64(b"[1]"), b64(b"{}"));
        assert_eq!(
            decode(&array, "x").unwrap_err(),
            TokenError::NotObject {
                segment: Segment::Header
            }
        );
        assert_eq!(
            decode(&format!("{header}..sig"), "x").unwrap_err(),
            TokenError::BadBase64 {
                segment: Segment::Claims,
                detail: "it is empty".into()
            }
        );
    }

    #[test]
    fn counts_parts_and_knows_encrypted_tokens() {
        assert_eq!(
            decode("EwBwA8l6BAAU", "Bearer").unwrap_err(),
            TokenError::NotJwt {
                label: "Bearer",
                parts: 1
            }
        );
        let header = b64(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
        assert_eq!(
            decode(&format!("{header}.k.iv.ct.tag"), "x").unwrap_err(),
            TokenError::Encrypted
        );
        let msg = TokenError::Encrypted.to_string();
        assert!(msg.contains("encrypted"), "{msg}");
    }
}
