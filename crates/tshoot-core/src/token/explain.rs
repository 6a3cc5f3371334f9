//! What each claim means, in an administrator's words, and the summary facts (access or ID
//! token, user or app-only, version, tenant, MFA, expiry) worked out from the claims.

use super::find::Field;
use super::resource::{Api, api_of_audience};
use super::{Identity, NamedRole, Names, Summary, Times, TokenKind, is_guid};
use crate::ids;
use serde::Serialize;
use serde_json::{Map, Value};

/// The tenant personal Microsoft accounts (Outlook.com, Xbox) sign in through.
pub const CONSUMER_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// One claim, its value as shown and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explained {
    /// The claim's name.
    pub claim: String,
    /// Its value, as text.
    pub value: String,
    /// What it means here.
    pub meaning: String,
}

/// Typed reads of the claims.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    claims: &'a Map<String, Value>,
}

impl<'a> View<'a> {
    /// Over these claims.
    pub fn new(claims: &'a Map<String, Value>) -> Self {
        View { claims }
    }

    /// Whether the claim is there.
    pub fn has(&self, name: &str) -> bool {
        self.claims.get(name).is_some_and(|v| !v.is_null())
    }

    /// A text claim (the first item of a list, as `aud` may be one).
    pub fn str(&self, name: &str) -> Option<&'a str> {
        match self.claims.get(name)? {
            Value::String(s) => Some(s.as_str()),
            Value::Array(items) => items.first().and_then(Value::as_str),
            _ => None,
        }
    }

    /// A list claim: a JSON array of strings, or one space-separated string (`scp`).
    pub fn list(&self, name: &str) -> Vec<&'a str> {
        match self.claims.get(name) {
            Some(Value::String(s)) => s.split_whitespace().collect(),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// A time claim in Unix seconds (numbers, or numbers written as text).
    pub fn time(&self, name: &str) -> Option<i64> {
        match self.claims.get(name)? {
            Value::Number(n) => n.as_i64().or_else(|| {
                // Saturating cast of a fractional or huge number.
                n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as one line of text.
    pub fn display(&self, name: &str) -> Option<String> {
        Some(match self.claims.get(name)? {
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(" "),
            other => other.to_string(),
        })
    }

    /// The client app's ID: `appid` (v1) or `azp` (v2).
    pub fn client(&self) -> Option<&'a str> {
        self.str("appid").or_else(|| self.str("azp"))
    }

    /// The first of the user-name claims.
    pub fn user_name(&self) -> Option<&'a str> {
        ["upn", "preferred_username", "unique_name", "email"]
            .iter()
            .find_map(|c| self.str(c))
    }

    /// The `groups` list does not hold every group (overage).
    pub fn group_overage(&self) -> bool {
        let named = self
            .claims
            .get("_claim_names")
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key("groups"));
        let has = matches!(self.claims.get("hasgroups"), Some(Value::Bool(true)))
            || self.str("hasgroups") == Some("true");
        named || has
    }
}

/// v1 or v2 issuer, with the tenant it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// "1.0" or "2.0".
    pub version: &'static str,
    /// The tenant in the issuer URL.
    pub tenant: String,
}

/// Reads an Entra ID issuer: `https://sts.windows.net/{tid}/` (v1) or
/// `https://login.microsoftonline.com/{tid}/v2.0` (v2).
pub fn issuer(iss: &str) -> Option<Issuer> {
    let iss = iss.trim().to_ascii_lowercase();
    if let Some(rest) = iss.strip_prefix("https://sts.windows.net/") {
        let tenant = rest.trim_end_matches('/');
        return is_guid(tenant).then(|| Issuer {
            version: "1.0",
            tenant: tenant.to_owned(),
        });
    }
    let rest = iss.strip_prefix("https://login.microsoftonline.com/")?;
    let tenant = rest.trim_end_matches('/').strip_suffix("/v2.0")?.to_owned();
    is_guid(&tenant).then_some(Issuer {
        version: "2.0",
        tenant,
    })
}

/// The summary facts.
pub fn summary(view: &View<'_>, field: Option<Field>, now: i64) -> Summary {
    let (identity, identity_inferred) = identity(view);
    let issuer = view.str("iss").and_then(issuer);
    let version = view
        .str("ver")
        .map(str::to_owned)
        .or_else(|| issuer.as_ref().map(|i| i.version.to_owned()));
    let tenant = view
        .str("tid")
        .map(str::to_ascii_lowercase)
        .or_else(|| issuer.map(|i| i.tenant));
    let amr = view.list("amr");
    Summary {
        kind: kind(view, field, identity),
        identity,
        identity_inferred,
        version,
        api: view.str("aud").and_then(api_of_audience),
        tenant,
        mfa: view.has("amr").then(|| amr.contains(&"mfa")),
        expired: view.time("exp").is_some_and(|exp| exp <= now),
        not_yet_valid: view.time("nbf").is_some_and(|nbf| nbf > now),
    }
}

/// User or app-only: `idtyp` when the token has it, else worked out (delegated scopes mean a
/// user; application roles, or no user name at all, mean the app alone).
fn identity(view: &View<'_>) -> (Identity, bool) {
    match view.str("idtyp") {
        Some("app") => return (Identity::App, false),
        Some("user") => return (Identity::User, false),
        _ => {}
    }
    let user = if !view.list("scp").is_empty() {
        true
    } else if !view.list("roles").is_empty() {
        false
    } else {
        view.user_name().is_some() || view.has("name")
    };
    (if user { Identity::User } else { Identity::App }, true)
}

/// An ID token: given as `id_token`, or with no permissions and the marks of one (a `nonce`
/// or hash claim, the audience being the client itself, or no client claim at all, which
/// every access token has).
fn kind(view: &View<'_>, field: Option<Field>, identity: Identity) -> TokenKind {
    if field == Some(Field::IdToken) {
        return TokenKind::Id;
    }
    let permissions = !view.list("scp").is_empty() || view.has("roles");
    if permissions {
        return TokenKind::Access;
    }
    let marks = view.has("nonce") || view.has("at_hash") || view.has("c_hash");
    let to_itself =
        matches!((view.str("aud"), view.client()), (Some(a), Some(c)) if a.eq_ignore_ascii_case(c));
    let no_client = view.client().is_none() && identity == Identity::User;
    if marks || to_itself || no_client {
        TokenKind::Id
    } else {
        TokenKind::Access
    }
}

/// The names of the token's IDs.
pub fn names(view: &View<'_>) -> Names {
    Names {
        aud: view.str("aud").and_then(audience_name),
        app: view.client().and_then(ids::app_name).map(str::to_owned),
        wids: view
            .list("wids")
            .into_iter()
            .map(|id| NamedRole {
                id: id.to_ascii_lowercase(),
                name: ids::role_name(id).map(str::to_owned),
            })
            .collect(),
    }
}

/// The name of the API an audience names, from the well-known APIs or the first-party table.
fn audience_name(aud: &str) -> Option<String> {
    match api_of_audience(aud) {
        Some(api) => Some(api.name().to_owned()),
        None => ids::app_name(aud).map(str::to_owned),
    }
}

fn row(claim: &str, value: impl Into<String>, meaning: impl Into<String>) -> Explained {
    Explained {
        claim: claim.to_owned(),
        value: value.into(),
        meaning: meaning.into(),
    }
}

/// One row per claim tshoot explains, in the order an operator reads them.
pub fn rows(view: &View<'_>, summary: &Summary, names: &Names, times: &Times) -> Vec<Explained> {
    let mut out = Vec::new();
    let shown = |name: &str| view.display(name).unwrap_or_default();
    if let Some(aud) = view.str("aud") {
        out.push(row("aud", shown("aud"), audience_meaning(view, aud, names)));
    }
    if view.has("iss") {
        let meaning = match view.str("iss").and_then(issuer) {
            Some(i) if i.version == "1.0" => format!(
                "Issuer: Entra ID's v1.0 endpoint (sts.windows.net), for tenant {}.",
                i.tenant
            ),
            Some(i) => format!(
                "Issuer: Entra ID's v2.0 endpoint (login.microsoftonline.com/.../v2.0), for tenant {}.",
                i.tenant
            ),
            None => "Issuer: not a public-cloud Entra ID tenant issuer tshoot recognizes (B2C, another cloud or another identity provider).".to_owned(),
        };
        out.push(row("iss", shown("iss"), meaning));
    }
    if view.has("ver") {
        out.push(row(
            "ver",
            shown("ver"),
            "Token format version. For an access token the API's app registration picks it (accessTokenAcceptedVersion), not the endpoint the client signed in with.",
        ));
    }
    if let Some(tid) = view.str("tid") {
        let meaning = if tid.eq_ignore_ascii_case(CONSUMER_TENANT) {
            "Tenant: the consumer tenant, so a personal Microsoft account signed in, not a work or school account.".to_owned()
        } else {
            "Tenant ID of the directory that issued the token; it must be the tenant that owns the data being called.".to_owned()
        };
        out.push(row("tid", tid, meaning));
    }
    for claim in ["appid", "azp"] {
        if let Some(id) = view.str(claim) {
            let meaning = match ids::app_name(id) {
                Some(name) => format!("Client app that asked for the token: {name}, a Microsoft first-party app."),
                None => "Client app that asked for the token; not in tshoot's first-party list, so most likely an app registration of your own or a vendor's.".to_owned(),
            };
            out.push(row(claim, id, meaning));
        }
    }
    for claim in ["appidacr", "azpacr"] {
        if view.has(claim) {
            let meaning = match view.str(claim) {
                Some("0") => {
                    "How the client proved itself: it did not (a public client such as a desktop or mobile app)."
                }
                Some("1") => "How the client proved itself: with a client secret.",
                Some("2") => {
                    "How the client proved itself: with a certificate (or another asymmetric key)."
                }
                _ => "How the client proved itself: a value tshoot does not know.",
            };
            out.push(row(claim, shown(claim), meaning));
        }
    }
    out.push(identity_row(view, summary));
    for claim in ["upn", "preferred_username", "unique_name", "email"] {
        if view.has(claim) {
            out.push(row(
                claim,
                shown(claim),
                "The signed-in user's account name.",
            ));
        }
    }
    if view.has("name") {
        out.push(row("name", shown("name"), "The user's display name."));
    }
    if view.has("oid") {
        let whose = match summary.identity {
            Identity::User => "the user",
            Identity::App => "the app's service principal (enterprise application)",
        };
        out.push(row(
            "oid",
            shown("oid"),
            format!("Object ID of {whose} in the tenant."),
        ));
    }
    permission_rows(view, summary, &mut out);
    if !names.wids.is_empty() {
        let named: Vec<String> = names
            .wids
            .iter()
            .map(|r| match &r.name {
                Some(name) => name.clone(),
                None => format!("{} (not a built-in role tshoot knows)", r.id),
            })
            .collect();
        out.push(row(
            "wids",
            shown("wids"),
            format!("Directory roles held: {}.", named.join(", ")),
        ));
    }
    group_rows(view, &mut out);
    mfa_rows(view, summary, &mut out);
    time_rows(view, times, &mut out);
    out
}

fn audience_meaning(view: &View<'_>, aud: &str, names: &Names) -> String {
    let itself = view.client().is_some_and(|c| c.eq_ignore_ascii_case(aud));
    match (&names.aud, api_of_audience(aud)) {
        (Some(name), Some(Api::AadGraph)) => format!(
            "Audience: {name}; move the calls to Microsoft Graph."
        ),
        (Some(name), Some(_)) => format!("Audience: the token is for {name}."),
        (Some(name), None) => {
            format!("Audience: the token is for {name} (a Microsoft first-party app).")
        }
        (None, _) if itself => "Audience: the client app itself. That is how an ID token looks, or a token for the app's own API.".to_owned(),
        (None, _) if aud.starts_with("api://") || is_guid(aud) => {
            "Audience: an API registered in a tenant (app ID URI or client ID), not a Microsoft API tshoot knows.".to_owned()
        }
        (None, _) => "Audience: an API tshoot does not recognize.".to_owned(),
    }
}

fn identity_row(view: &View<'_>, summary: &Summary) -> Explained {
    let what = match summary.identity {
        Identity::User => {
            "User token (delegated): the app acts on behalf of a signed-in user, so it can do at most what that user may do."
        }
        Identity::App => {
            "App-only token: the app acts as itself with no user (client credentials), so only application permissions count."
        }
    };
    let value = if summary.identity_inferred {
        format!(
            "not in the token (worked out: {})",
            match summary.identity {
                Identity::User => "user",
                Identity::App => "app",
            }
        )
    } else {
        view.display("idtyp").unwrap_or_default()
    };
    let mut meaning = what.to_owned();
    if summary.kind == TokenKind::Id {
        meaning.push_str(" This is an ID token: it proves a sign-in to the client app and is not meant to be sent to any API.");
    }
    row("idtyp", value, meaning)
}

fn permission_rows(view: &View<'_>, summary: &Summary, out: &mut Vec<Explained>) {
    let scp = view.list("scp");
    if view.has("scp") {
        let meaning = if scp.is_empty() {
            "Delegated permissions: none.".to_owned()
        } else {
            format!(
                "Delegated permissions (what the app may do for the user, within the user's own rights): {}.",
                scp.join(", ")
            )
        };
        out.push(row("scp", scp.join(" "), meaning));
    }
    let roles = view.list("roles");
    if view.has("roles") {
        let list = if roles.is_empty() {
            "none".to_owned()
        } else {
            roles.join(", ")
        };
        let meaning = match summary.identity {
            Identity::App => format!(
                "Application permissions granted by admin consent (the app acts with them on its own): {list}."
            ),
            Identity::User => format!("App roles the user was assigned in this API: {list}."),
        };
        out.push(row("roles", roles.join(" "), meaning));
    }
}

fn group_rows(view: &View<'_>, out: &mut Vec<Explained>) {
    let groups = view.list("groups");
    if view.has("groups") {
        out.push(row(
            "groups",
            format!("{} group ID(s)", groups.len()),
            "Security groups the user is in, by object ID.",
        ));
    }
    if view.group_overage() {
        let claim = if view.has("_claim_names") {
            "_claim_names"
        } else {
            "hasgroups"
        };
        out.push(row(
            claim,
            view.display(claim).unwrap_or_default(),
            "Group overage: the user is in more groups than a token can list, so the groups claim is left out and the app has to read the memberships from Microsoft Graph.",
        ));
    }
}

fn mfa_rows(view: &View<'_>, summary: &Summary, out: &mut Vec<Explained>) {
    if view.has("amr") {
        let methods = view.list("amr");
        let meaning = match summary.mfa {
            Some(true) => format!("Sign-in methods: {}. MFA was used.", methods.join(", ")),
            _ => format!(
                "Sign-in methods: {}. No MFA: a Conditional Access policy that requires it will refuse this sign-in.",
                if methods.is_empty() {
                    "none listed".to_owned()
                } else {
                    methods.join(", ")
                }
            ),
        };
        out.push(row("amr", methods.join(" "), meaning));
    } else if summary.identity == Identity::User {
        out.push(row(
            "amr",
            "not in the token",
            "The token does not say how the user signed in, so tshoot cannot tell whether MFA was used.",
        ));
    }
    if view.has("acr") {
        out.push(row(
            "acr",
            view.display("acr").unwrap_or_default(),
            "Authentication context class of the sign-in (\"1\" for an ordinary user sign-in); whether MFA was used is read from amr.",
        ));
    }
}

fn time_rows(view: &View<'_>, times: &Times, out: &mut Vec<Explained>) {
    let rows = [
        ("iat", &times.iat, "Issued"),
        ("nbf", &times.nbf, "Not valid before"),
        ("exp", &times.exp, "Expires"),
    ];
    for (claim, point, what) in rows {
        match point {
            Some(p) => out.push(row(
                claim,
                p.unix.to_string(),
                format!("{what} {}.", p.describe()),
            )),
            None if view.has(claim) => out.push(row(
                claim,
                view.display(claim).unwrap_or_default(),
                format!("{what}: not a time tshoot can read."),
            )),
            None => {}
        }
    }
    if let (Some(iat), Some(exp)) = (&times.iat, &times.exp)
        && exp.unix > iat.unix
    {
        let life = super::time::span(exp.unix.abs_diff(iat.unix));
        if let Some(last) = out.last_mut()
            && last.claim == "exp"
        {
            last.meaning.push_str(&format!(" Lifetime {life}."));
        }
    }
}
