//! Unsigned tokens for tests, benchmarks and fuzzers (feature `test-support`): base64url
//! JSON header and claims with a fixed fake signature. Not in the product.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// A fake signature segment: base64url letters, long enough to be searched for in output.
pub const FAKE_SIGNATURE: &str = "ZmFrZS1zaWduYXR1cmUtbm90LXJlYWxseS1zaWduZWQ";

/// Base64url without padding.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// `header.claims.signature` from JSON values.
pub fn jwt(header: &Value, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    )
}

/// A token with the usual Entra header and [`FAKE_SIGNATURE`].
pub fn token(claims: &Value) -> String {
    jwt(
        &serde_json::json!({"typ": "JWT", "alg": "RS256", "kid": "test-key-1"}),
        claims,
        FAKE_SIGNATURE,
    )
}
