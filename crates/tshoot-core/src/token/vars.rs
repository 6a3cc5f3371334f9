//! The variables an `input` node of `kind: token` sets: the non-secret facts of a decoded
//! token, as text, so flows can show them (`{{token.aud_name}}`) and branch on them
//! (`when: token.expired`). The token itself, its signature and the claims not listed here
//! are never part of them.

use super::explain::View;
use super::{Identity, Inspection, TokenKind};
use std::collections::BTreeMap;

/// Every field a token input sets (below its `var`: `token.aud`), with what it holds.
pub const FIELDS: &[(&str, &str)] = &[
    (
        "kind",
        "`access` or `id` (an ID token is not meant for APIs)",
    ),
    ("aud", "the audience claim: the API the token is for"),
    (
        "aud_name",
        "the audience's name when tshoot knows it (`Microsoft Graph`, `Exchange Online`), else empty",
    ),
    (
        "api",
        "`graph`, `exchange`, `sharepoint`, `arm` or `aad_graph` for the well-known APIs, else empty",
    ),
    ("tid", "the tenant ID"),
    ("app_id", "the client app's ID (`appid` or `azp`)"),
    (
        "app_name",
        "the client app's name (`app_displayname`, or tshoot's list of Microsoft apps)",
    ),
    (
        "idtyp",
        "`app` or `user`: the `idtyp` claim, or worked out from the other claims when it is absent",
    ),
    (
        "app_only",
        "`true` for an app-only token (no signed-in user)",
    ),
    (
        "upn",
        "the signed-in user's name (`upn`, `preferred_username`, ...), else empty",
    ),
    ("scp", "the delegated permissions, comma-separated"),
    (
        "roles",
        "the application permissions (or app roles), comma-separated",
    ),
    (
        "wids",
        "the directory roles by name (or ID when unknown), comma-separated",
    ),
    (
        "amr",
        "how the user signed in (`pwd`, `mfa`, ...), comma-separated",
    ),
    ("mfa", "`true` when `amr` says MFA was done"),
    (
        "expired",
        "`true` when the token had expired when it was pasted",
    ),
    (
        "not_yet_valid",
        "`true` when its `nbf` time had not come yet",
    ),
    ("exp", "when it expires, in UTC"),
    ("ver", "the token version, `1.0` or `2.0`"),
    (
        "findings",
        "the problems tshoot found, by id (`expired`, `id_token`, `app_only_no_roles`, ...), comma-separated",
    ),
];

/// The fields that are lists: `contains` matches their elements.
pub const LIST_FIELDS: &[&str] = &["scp", "roles", "wids", "amr", "findings"];

fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.to_owned()
}

/// The variables of an inspected token, by field name (without the input's `var` prefix).
pub fn vars(ins: &Inspection) -> BTreeMap<String, String> {
    let view = View::new(&ins.claims);
    let s = &ins.summary;
    let text = |name: &str| view.str(name).unwrap_or_default().to_owned();
    let list = |name: &str| view.list(name).join(", ");
    let app_only = s.identity == Identity::App;
    let values = [
        (
            "kind",
            match s.kind {
                TokenKind::Access => "access",
                TokenKind::Id => "id",
            }
            .to_owned(),
        ),
        ("aud", text("aud")),
        ("aud_name", ins.names.aud.clone().unwrap_or_default()),
        ("api", s.api.map(api_id).unwrap_or_default().to_owned()),
        ("tid", s.tenant.clone().unwrap_or_default()),
        ("app_id", view.client().unwrap_or_default().to_owned()),
        (
            "app_name",
            view.str("app_displayname")
                .map(str::to_owned)
                .or_else(|| ins.names.app.clone())
                .unwrap_or_default(),
        ),
        ("idtyp", if app_only { "app" } else { "user" }.to_owned()),
        ("app_only", flag(app_only)),
        ("upn", view.user_name().unwrap_or_default().to_owned()),
        ("scp", list("scp")),
        ("roles", list("roles")),
        (
            "wids",
            ins.names
                .wids
                .iter()
                .map(|r| r.name.clone().unwrap_or_else(|| r.id.clone()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("amr", list("amr")),
        ("mfa", flag(s.mfa == Some(true))),
        ("expired", flag(s.expired)),
        ("not_yet_valid", flag(s.not_yet_valid)),
        (
            "exp",
            ins.times
                .exp
                .as_ref()
                .and_then(|t| t.utc.clone())
                .unwrap_or_default(),
        ),
        ("ver", s.version.clone().unwrap_or_default()),
        (
            "findings",
            ins.findings
                .iter()
                .filter_map(|f| serde_json::to_value(f.code).ok())
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    values
        .into_iter()
        .map(|(k, v)| (k.to_owned(), one_line(&v)))
        .collect()
}

/// Claim values come from pasted text: keep each to one line of reasonable length.
fn one_line(value: &str) -> String {
    const MAX: usize = 2000;
    let line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX)
        .collect();
    line.trim().to_owned()
}

fn api_id(api: super::Api) -> &'static str {
    match api {
        super::Api::Graph => "graph",
        super::Api::Exchange => "exchange",
        super::Api::SharePoint => "sharepoint",
        super::Api::Arm => "arm",
        super::Api::AadGraph => "aad_graph",
    }
}

/// One line for the operator and the transcript in place of the token: "access token for
/// Microsoft Graph, app-only, expired".
pub fn describe(vars: &BTreeMap<String, String>) -> String {
    let get = |k: &str| vars.get(k).map_or("", String::as_str);
    let kind = if get("kind") == "id" {
        "ID token"
    } else {
        "access token"
    };
    let aud = match (get("aud_name"), get("aud")) {
        ("", "") => "no audience".to_owned(),
        ("", aud) => aud.to_owned(),
        (name, _) => name.to_owned(),
    };
    let mut out = format!("{kind} for {aud}");
    if get("app_only") == "true" {
        out.push_str(", app-only");
    } else if !get("upn").is_empty() {
        out.push_str(&format!(", user {}", get("upn")));
    }
    if get("expired") == "true" {
        out.push_str(", expired");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{Options, inspect, testing};
    use std::time::{Duration, SystemTime};

    #[test]
    fn sets_every_field_and_nothing_secret() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let jwt = testing::token(&serde_json::json!({
            "aud": "https://graph.microsoft.com",
            "tid": "11111111-2222-3333-4444-555555555555",
            "appid": "14d82eec-204b-4c2f-b7e8-296a70dab67e",
            "idtyp": "user",
            "upn": "admin@contoso.com",
            "scp": "Mail.Read User.Read",
            "wids": ["62e90394-69f5-4237-9190-012177145e10"],
            "amr": ["pwd", "mfa"],
            "exp": 1_799_999_000,
            "ver": "1.0",
        }));
        let ins = inspect(&format!("Bearer {jwt}"), &Options::default(), now).unwrap();
        let v = vars(&ins);
        let fields: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            v.keys().map(String::as_str).collect::<Vec<_>>().len(),
            fields.len()
        );
        for f in &fields {
            assert!(v.contains_key(*f), "{f}");
        }
        assert_eq!(v["aud_name"], "Microsoft Graph");
        assert_eq!(v["api"], "graph");
        assert_eq!(v["scp"], "Mail.Read, User.Read");
        assert_eq!(v["wids"], "Global Administrator");
        assert_eq!(v["expired"], "true");
        assert_eq!(v["mfa"], "true");
        assert_eq!(v["app_only"], "false");
        assert!(v["findings"].contains("expired"));
        assert_eq!(
            describe(&v),
            "access token for Microsoft Graph, user admin@contoso.com, expired"
        );
        let all: String = v.values().cloned().collect::<Vec<_>>().join(" ");
        for segment in jwt.split('.') {
            assert!(!all.contains(segment));
        }
        for list in LIST_FIELDS {
            assert!(fields.contains(list));
        }
    }
}
