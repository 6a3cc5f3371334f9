//! How a decoded token reads for people, shared by `tshoot token` and the wizard's token
//! screen: the one-line kind ("Access token, app-only, v2.0, for Microsoft Graph.") and the
//! times in the local zone.

use crate::sanitize::line;
use crate::token::{Identity, Inspection, TokenKind};

/// The inspection with its times in `clock`'s zone, for people: the core writes them in UTC
/// (it has no time zone data), so each UTC moment is swapped for the local one with its
/// offset ("2026-11-25 14:01:42 +01:00"). The JSON contract keeps UTC.
pub fn localized(i: &Inspection, clock: &crate::session::transcript::Clock) -> Inspection {
    let mut out = i.clone();
    let times = [&i.times.iat, &i.times.nbf, &i.times.exp];
    for t in times.into_iter().flatten() {
        let (Some(utc), Ok(secs)) = (&t.utc, u64::try_from(t.unix)) else {
            continue;
        };
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        let local = clock.full(at.into());
        for e in &mut out.explained {
            e.value = e.value.replace(utc.as_str(), &local);
            e.meaning = e.meaning.replace(utc.as_str(), &local);
        }
        for f in &mut out.findings {
            f.message = f.message.replace(utc.as_str(), &local);
        }
    }
    out
}

/// "Access token, user (delegated), v1.0, for Microsoft Graph."
pub fn kind_line(i: &Inspection) -> String {
    let s = &i.summary;
    let kind = match s.kind {
        TokenKind::Access => "Access token",
        TokenKind::Id => "ID token",
    };
    let who = match s.identity {
        Identity::User => "user (delegated)",
        Identity::App => "app-only",
    };
    let mut parts = vec![kind.to_owned(), who.to_owned()];
    if let Some(v) = &s.version {
        parts.push(format!("v{}", line(v)));
    }
    let aud = i
        .names
        .aud
        .clone()
        .or_else(|| i.claims.get("aud").and_then(|v| v.as_str()).map(line));
    if let Some(aud) = aud {
        parts.push(format!("for {aud}"));
    }
    format!("{}.", parts.join(", "))
}
