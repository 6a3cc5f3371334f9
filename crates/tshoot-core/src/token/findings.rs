//! What is wrong with a token, each in one plain line, linked to the catalog entry (a known
//! error in `flows/`) that it explains. A test checks that every linked entry exists.

use super::explain::View;
use super::resource::Api;
use super::{Identity, Names, Options, Summary, Times, TokenKind};
use serde::Serialize;

/// A stable code per kind of finding (part of the `--json` contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// An ID token sent where an access token belongs.
    IdToken,
    /// `exp` has passed.
    Expired,
    /// `nbf` is still ahead (clock skew).
    NotYetValid,
    /// The audience is the retired Azure AD Graph.
    AadGraphAudience,
    /// The audience is not the API named with `--for`.
    WrongAudience,
    /// Another tenant than `--tenant`.
    OtherTenant,
    /// App-only token without application permissions.
    AppOnlyNoRoles,
    /// User token without delegated permissions.
    DelegatedNoScopes,
    /// `amr` lacks `mfa`.
    NoMfa,
    /// The groups did not fit in the token.
    GroupOverage,
}

impl FindingCode {
    /// The catalog entry this finding explains, if the library has one.
    pub fn entry(self) -> Option<&'static str> {
        match self {
            FindingCode::Expired => Some("graph-invalid-authentication-token-expired"),
            FindingCode::AadGraphAudience => Some("graph-authentication-missing-or-malformed"),
            FindingCode::WrongAudience | FindingCode::IdToken => {
                Some("graph-invalid-authentication-token-audience")
            }
            FindingCode::OtherTenant => {
                Some("graph-invalid-authentication-token-validation-failure")
            }
            FindingCode::AppOnlyNoRoles | FindingCode::DelegatedNoScopes => {
                Some("graph-authorization-request-denied")
            }
            FindingCode::NoMfa => Some("entra-aadsts50076-mfa-required"),
            FindingCode::NotYetValid | FindingCode::GroupOverage => None,
        }
    }

    /// Every code, for tests and documentation.
    pub const ALL: &'static [FindingCode] = &[
        FindingCode::IdToken,
        FindingCode::Expired,
        FindingCode::NotYetValid,
        FindingCode::AadGraphAudience,
        FindingCode::WrongAudience,
        FindingCode::OtherTenant,
        FindingCode::AppOnlyNoRoles,
        FindingCode::DelegatedNoScopes,
        FindingCode::NoMfa,
        FindingCode::GroupOverage,
    ];
}

/// One problem the token shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind.
    pub code: FindingCode,
    /// One plain line.
    pub message: String,
    /// The catalog entry it explains (`tshoot show <entry>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<&'static str>,
}

fn finding(code: FindingCode, message: String) -> Finding {
    Finding {
        code,
        message,
        entry: code.entry(),
    }
}

/// The findings, most basic first (a wrong kind of token before what is in it).
pub fn findings(
    view: &View<'_>,
    summary: &Summary,
    names: &Names,
    times: &Times,
    options: &Options,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let id_token = summary.kind == TokenKind::Id;
    if id_token {
        out.push(finding(
            FindingCode::IdToken,
            "This is an ID token, which only tells the client app who signed in; APIs refuse it. Send the access_token from the token response instead.".into(),
        ));
    }
    if summary.expired {
        let when = times.exp.as_ref().map_or_else(
            || "The token has expired".to_owned(),
            |t| format!("The token {}{}", t.relative, at(t)),
        );
        out.push(finding(
            FindingCode::Expired,
            format!("{when}: get a new one, and if it should still be valid, check this machine's clock."),
        ));
    }
    if summary.not_yet_valid {
        let when = times.nbf.as_ref().map_or_else(
            || "The token is not valid yet".to_owned(),
            |t| format!("The token is {}{}", t.relative, at(t)),
        );
        out.push(finding(
            FindingCode::NotYetValid,
            format!("{when}: the clock of this machine or of the issuing one is off; correct it (NTP) rather than wait."),
        ));
    }
    if !id_token {
        audience(view, summary, names, options, &mut out);
    }
    if let Some(want) = &options.tenant {
        match &summary.tenant {
            Some(tid) if !tid.eq_ignore_ascii_case(want) => out.push(finding(
                FindingCode::OtherTenant,
                format!("The token comes from tenant {tid}, not {want}: sign in to (or request the token from) the tenant that owns the data."),
            )),
            None => out.push(finding(
                FindingCode::OtherTenant,
                format!("The token names no tenant (no tid, and an issuer tshoot cannot read), so it cannot be the token of {want}."),
            )),
            Some(_) => {}
        }
    }
    if !id_token {
        permissions(view, summary, &mut out);
    }
    if summary.mfa == Some(false) {
        out.push(finding(
            FindingCode::NoMfa,
            "The sign-in used no MFA (amr has no \"mfa\"): where Conditional Access requires MFA, sign in again and complete the second factor.".into(),
        ));
    }
    if view.group_overage() {
        out.push(finding(
            FindingCode::GroupOverage,
            "Group overage: the user's groups did not fit in the token, so an app that reads group membership from the groups claim sees none; it has to ask Microsoft Graph.".into(),
        ));
    }
    out
}

/// " (at 2026-11-25T13:01:42Z)", or nothing when the time is out of range.
fn at(t: &super::TimePoint) -> String {
    t.utc
        .as_ref()
        .map_or_else(String::new, |utc| format!(" (at {utc})"))
}

fn audience(
    view: &View<'_>,
    summary: &Summary,
    names: &Names,
    options: &Options,
    out: &mut Vec<Finding>,
) {
    let aud = view.str("aud").unwrap_or("");
    if summary.api == Some(Api::AadGraph) {
        out.push(finding(
            FindingCode::AadGraphAudience,
            format!("The token is for Azure AD Graph, which is retired: request it for Microsoft Graph ({}) and call graph.microsoft.com.", Api::Graph.ask_for()),
        ));
        return;
    }
    let Some(want) = &options.for_api else {
        return;
    };
    if !want.accepts(aud) {
        let is_for = names.aud.clone().unwrap_or_else(|| {
            if aud.is_empty() {
                "no audience".to_owned()
            } else {
                aud.to_owned()
            }
        });
        out.push(finding(
            FindingCode::WrongAudience,
            format!(
                "The token is for {is_for}, not {}: request a token for that API (scope {}).",
                want.describe(),
                want.ask_for()
            ),
        ));
    }
}

fn permissions(view: &View<'_>, summary: &Summary, out: &mut Vec<Finding>) {
    match summary.identity {
        Identity::App if view.list("roles").is_empty() => out.push(finding(
            FindingCode::AppOnlyNoRoles,
            "App-only token with no application permissions (no roles): add them to the app registration and grant admin consent, then get a new token.".into(),
        )),
        Identity::User if view.list("scp").is_empty() => out.push(finding(
            FindingCode::DelegatedNoScopes,
            "User token with no delegated permissions (no scp): add them to the app registration, have them consented, then sign in again.".into(),
        )),
        _ => {}
    }
}
