//! The inspector on tokens built here (unsigned, base64url JSON, a fixed fake signature):
//! every claim explanation and every finding, v1 and v2 tokens.

use super::testing::{FAKE_SIGNATURE, token};
use super::*;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};

const NOW: i64 = 1_795_611_702; // 2026-11-25T13:01:42Z
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER_TENANT: &str = "11111111-2222-3333-4444-555555555555";
const AZURE_CLI: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const GRAPH_CLI: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
const OWN_APP: &str = "6e3b2c1a-0f4d-4a8e-9b7c-5d2e1f0a3b4c";

fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(NOW as u64)
}

/// A v1 delegated Graph token from the Azure CLI, as `az account get-access-token` gives.
fn v1_user() -> Value {
    json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{TENANT}/"),
        "iat": NOW - 600, "nbf": NOW - 600, "exp": NOW + 43 * 60,
        "acr": "1", "aio": "AVQAq/8TAAAA", "amr": ["pwd", "mfa"],
        "appid": AZURE_CLI, "appidacr": "0", "idtyp": "user",
        "ipaddr": "203.0.113.7", "name": "Adele Vance",
        "oid": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "scp": "User.Read Mail.Send", "tid": TENANT,
        "unique_name": "adele@contoso.com", "upn": "adele@contoso.com",
        "uti": "x1y2z3", "ver": "1.0",
        "wids": [GLOBAL_ADMIN, "99999999-8888-7777-6666-555555555555"]
    })
}

/// A v2 app-only Graph token (client credentials) with a certificate.
fn v2_app() -> Value {
    json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": format!("https://login.microsoftonline.com/{TENANT}/v2.0"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3540,
        "azp": GRAPH_CLI, "azpacr": "2", "idtyp": "app",
        "oid": "bbbbbbbb-cccc-dddd-eeee-ffffffffffff",
        "roles": ["User.Read.All", "Mail.Send"],
        "sub": "bbbbbbbb-cccc-dddd-eeee-ffffffffffff",
        "tid": TENANT, "ver": "2.0", "rh": "0.AAAA"
    })
}

fn with(mut claims: Value, changes: Value) -> Value {
    let (Some(map), Some(changes)) = (claims.as_object_mut(), changes.as_object()) else {
        panic!("objects");
    };
    for (k, v) in changes {
        if v.is_null() {
            map.remove(k);
        } else {
            map.insert(k.clone(), v.clone());
        }
    }
    claims
}

fn inspect_with(claims: &Value, options: &Options) -> Inspection {
    inspect(&token(claims), options, now()).unwrap()
}

fn run(claims: &Value) -> Inspection {
    inspect_with(claims, &Options::default())
}

fn meaning<'a>(i: &'a Inspection, claim: &str) -> &'a str {
    i.explained
        .iter()
        .find(|e| e.claim == claim)
        .map(|e| e.meaning.as_str())
        .unwrap_or_else(|| panic!("no row for {claim}: {:#?}", i.explained))
}

fn codes(i: &Inspection) -> Vec<FindingCode> {
    i.findings.iter().map(|f| f.code).collect()
}

#[test]
fn v1_user_token_every_claim_explained() {
    let i = run(&v1_user());
    assert_eq!(codes(&i), []);
    let s = &i.summary;
    assert_eq!(
        (s.kind, s.identity, s.identity_inferred),
        (TokenKind::Access, Identity::User, false)
    );
    assert_eq!(s.version.as_deref(), Some("1.0"));
    assert_eq!(s.api, Some(Api::Graph));
    assert_eq!(s.tenant.as_deref(), Some(TENANT));
    assert_eq!(s.mfa, Some(true));
    assert!(!s.expired && !s.not_yet_valid);
    assert_eq!(
        meaning(&i, "aud"),
        "Audience: the token is for Microsoft Graph."
    );
    assert!(meaning(&i, "iss").contains("v1.0 endpoint"));
    assert!(meaning(&i, "iss").contains(TENANT));
    assert!(meaning(&i, "ver").contains("accessTokenAcceptedVersion"));
    assert!(meaning(&i, "tid").starts_with("Tenant ID"));
    assert!(meaning(&i, "appid").contains("Microsoft Azure CLI, a Microsoft first-party app"));
    assert!(meaning(&i, "appidacr").contains("public client"));
    assert!(meaning(&i, "idtyp").starts_with("User token (delegated)"));
    assert!(meaning(&i, "upn").contains("account name"));
    assert!(meaning(&i, "unique_name").contains("account name"));
    assert_eq!(meaning(&i, "oid"), "Object ID of the user in the tenant.");
    assert_eq!(meaning(&i, "name"), "The user's display name.");
    assert!(meaning(&i, "scp").ends_with("User.Read, Mail.Send."));
    assert!(meaning(&i, "wids").contains(
        "Global Administrator, 99999999-8888-7777-6666-555555555555 (not a built-in role"
    ));
    assert!(meaning(&i, "amr").ends_with("pwd, mfa. MFA was used."));
    assert!(meaning(&i, "acr").contains("read from amr"));
    assert_eq!(
        meaning(&i, "iat"),
        "Issued 2026-11-25T12:51:42Z (issued 10 min ago)."
    );
    assert_eq!(
        meaning(&i, "nbf"),
        "Not valid before 2026-11-25T12:51:42Z (valid since 10 min ago)."
    );
    assert_eq!(
        meaning(&i, "exp"),
        "Expires 2026-11-25T13:44:42Z (valid for 43 min more). Lifetime 53 min."
    );
    assert_eq!(i.names.aud.as_deref(), Some("Microsoft Graph"));
    assert_eq!(i.names.app.as_deref(), Some("Microsoft Azure CLI"));
    assert_eq!(
        i.names.wids[0].name.as_deref(),
        Some("Global Administrator")
    );
    assert_eq!(i.names.wids[1].name, None);
    // Internal and personal claims are named, never shown.
    assert_eq!(i.other_claims, ["aio", "ipaddr", "uti"]);
    assert!(!i.claims.contains_key("ipaddr"));
    assert_eq!(i.claims["upn"], "adele@contoso.com");
    assert_eq!(i.found.form, Form::Bare);
    assert_eq!(i.header.alg.as_deref(), Some("RS256"));
    assert_eq!(i.header.kid.as_deref(), Some("test-key-1"));
}

#[test]
fn v2_app_token_every_claim_explained() {
    let i = run(&v2_app());
    assert_eq!(codes(&i), []);
    assert_eq!(i.summary.identity, Identity::App);
    assert_eq!(i.summary.version.as_deref(), Some("2.0"));
    assert_eq!(i.summary.mfa, None);
    assert_eq!(
        meaning(&i, "aud"),
        "Audience: the token is for Microsoft Graph."
    );
    assert!(meaning(&i, "iss").contains("v2.0 endpoint"));
    assert!(meaning(&i, "azp").contains("Microsoft Graph Command Line Tools"));
    assert!(meaning(&i, "azpacr").contains("certificate"));
    assert!(meaning(&i, "idtyp").starts_with("App-only token"));
    assert!(meaning(&i, "oid").contains("service principal"));
    assert!(meaning(&i, "roles").contains("Application permissions granted by admin consent"));
    assert!(meaning(&i, "roles").ends_with("User.Read.All, Mail.Send."));
    // An app has no sign-in methods: no amr row, and no MFA finding.
    assert!(i.explained.iter().all(|e| e.claim != "amr"));
    assert_eq!(i.other_claims, ["rh"]);
}

#[test]
fn version_from_the_issuer_when_ver_is_missing() {
    let i = run(&with(v2_app(), json!({"ver": null, "tid": null})));
    assert_eq!(i.summary.version.as_deref(), Some("2.0"));
    assert_eq!(i.summary.tenant.as_deref(), Some(TENANT));
    let i = run(&with(v1_user(), json!({"ver": null})));
    assert_eq!(i.summary.version.as_deref(), Some("1.0"));
    let b2c = run(&with(
        v1_user(),
        json!({"iss": "https://contoso.b2clogin.com/x/v2.0/"}),
    ));
    assert!(meaning(&b2c, "iss").contains("not a public-cloud Entra ID"));
}

#[test]
fn identity_is_inferred_without_idtyp() {
    let user = run(&with(v1_user(), json!({"idtyp": null})));
    assert_eq!(
        (user.summary.identity, user.summary.identity_inferred),
        (Identity::User, true)
    );
    assert_eq!(
        user.explained
            .iter()
            .find(|e| e.claim == "idtyp")
            .map(|e| e.value.as_str()),
        Some("not in the token (worked out: user)")
    );
    let app = run(&with(v2_app(), json!({"idtyp": null})));
    assert_eq!(
        (app.summary.identity, app.summary.identity_inferred),
        (Identity::App, true)
    );
    // No scp, no roles, no user name: the app alone.
    let bare = run(&with(v2_app(), json!({"idtyp": null, "roles": null})));
    assert_eq!(bare.summary.identity, Identity::App);
    // Roles on a user token are app roles of the user.
    let roles = run(&with(v1_user(), json!({"roles": ["Reader"]})));
    assert!(meaning(&roles, "roles").starts_with("App roles the user was assigned"));
}

#[test]
fn expired_and_not_yet_valid() {
    let i = run(&with(v1_user(), json!({"exp": NOW - 3600})));
    assert_eq!(codes(&i), [FindingCode::Expired]);
    assert!(i.summary.expired);
    let f = &i.findings[0];
    assert_eq!(f.entry, Some("graph-invalid-authentication-token-expired"));
    assert_eq!(
        f.message,
        "The token expired 1 h ago (at 2026-11-25T12:01:42Z): get a new one, and if it should still be valid, check this machine's clock."
    );
    let i = run(&with(
        v1_user(),
        json!({"nbf": NOW + 180, "iat": NOW + 180}),
    ));
    assert_eq!(codes(&i), [FindingCode::NotYetValid]);
    assert!(
        i.findings[0]
            .message
            .starts_with("The token is not valid for another 3 min (at 2026-11-25T13:04:42Z)"),
        "{}",
        i.findings[0].message
    );
    assert!(i.findings[0].message.contains("clock"));
    assert!(meaning(&i, "iat").contains("in the future"));
}

#[test]
fn azure_ad_graph_audience() {
    for aud in [
        "https://graph.windows.net",
        "00000002-0000-0000-c000-000000000000",
    ] {
        let i = run(&with(v1_user(), json!({ "aud": aud })));
        assert_eq!(codes(&i), [FindingCode::AadGraphAudience], "{aud}");
        assert_eq!(
            i.findings[0].entry,
            Some("graph-authentication-missing-or-malformed")
        );
        assert!(meaning(&i, "aud").contains("Azure AD Graph (retired)"));
        // Named with --for graph too, but once.
        let i = inspect_with(
            &with(v1_user(), json!({ "aud": aud })),
            &Options {
                for_api: ForApi::parse("graph"),
                tenant: None,
            },
        );
        assert_eq!(codes(&i), [FindingCode::AadGraphAudience]);
    }
}

#[test]
fn wrong_audience_for_the_api_named() {
    let exo = Options {
        for_api: ForApi::parse("exchange"),
        tenant: None,
    };
    let i = inspect_with(&v1_user(), &exo);
    assert_eq!(codes(&i), [FindingCode::WrongAudience]);
    let f = &i.findings[0];
    assert_eq!(f.entry, Some("graph-invalid-authentication-token-audience"));
    assert_eq!(
        f.message,
        "The token is for Microsoft Graph, not Exchange Online: request a token for that API (scope https://outlook.office365.com/.default)."
    );
    let arm = run(&with(
        v1_user(),
        json!({"aud": "https://management.core.windows.net/"}),
    ));
    assert_eq!(arm.names.aud.as_deref(), Some("Azure Resource Manager"));
    let spo = inspect_with(
        &with(v1_user(), json!({"aud": "https://contoso.sharepoint.com"})),
        &Options {
            for_api: ForApi::parse("sharepoint"),
            tenant: None,
        },
    );
    assert_eq!(codes(&spo), []);
    assert_eq!(spo.names.aud.as_deref(), Some("SharePoint Online"));
    let exo_ok = inspect_with(
        &with(v1_user(), json!({"aud": "https://outlook.office365.com"})),
        &exo,
    );
    assert_eq!(codes(&exo_ok), []);
    assert_eq!(exo_ok.names.aud.as_deref(), Some("Exchange Online"));
    let own = inspect_with(
        &with(v1_user(), json!({"aud": "api://contoso-orders"})),
        &Options {
            for_api: ForApi::parse("https://graph.microsoft.com/v1.0/users"),
            tenant: None,
        },
    );
    assert_eq!(codes(&own), [FindingCode::WrongAudience]);
    assert!(
        own.findings[0]
            .message
            .contains("for api://contoso-orders, not Microsoft Graph")
    );
    assert!(meaning(&own, "aud").contains("registered in a tenant"));
    let first_party = run(&with(v1_user(), json!({"aud": AZURE_CLI})));
    assert!(
        meaning(&first_party, "aud").contains("Microsoft Azure CLI (a Microsoft first-party app)")
    );
    let unknown = run(&with(v1_user(), json!({"aud": "urn:something"})));
    assert!(meaning(&unknown, "aud").contains("does not recognize"));
}

#[test]
fn another_tenant_than_expected() {
    let opts = |t: &str| Options {
        for_api: None,
        tenant: Some(t.to_owned()),
    };
    assert_eq!(codes(&inspect_with(&v1_user(), &opts(TENANT))), []);
    let i = inspect_with(&v2_app(), &opts(OTHER_TENANT));
    assert_eq!(codes(&i), [FindingCode::OtherTenant]);
    assert_eq!(
        i.findings[0].entry,
        Some("graph-invalid-authentication-token-validation-failure")
    );
    assert!(i.findings[0].message.contains(TENANT));
    let none = inspect_with(
        &with(v2_app(), json!({"tid": null, "iss": null})),
        &opts(OTHER_TENANT),
    );
    assert_eq!(codes(&none), [FindingCode::OtherTenant]);
    let consumer = run(&with(v1_user(), json!({"tid": explain::CONSUMER_TENANT})));
    assert!(meaning(&consumer, "tid").contains("personal Microsoft account"));
}

#[test]
fn no_permissions() {
    let i = run(&with(v2_app(), json!({"roles": null})));
    assert_eq!(codes(&i), [FindingCode::AppOnlyNoRoles]);
    assert_eq!(
        i.findings[0].entry,
        Some("graph-authorization-request-denied")
    );
    let i = run(&with(v2_app(), json!({"roles": []})));
    assert_eq!(codes(&i), [FindingCode::AppOnlyNoRoles]);
    assert!(meaning(&i, "roles").ends_with("none."));
    let i = run(&with(v1_user(), json!({"scp": null})));
    assert_eq!(codes(&i), [FindingCode::DelegatedNoScopes]);
    assert_eq!(
        i.findings[0].entry,
        Some("graph-authorization-request-denied")
    );
    let i = run(&with(v1_user(), json!({"scp": ""})));
    assert_eq!(codes(&i), [FindingCode::DelegatedNoScopes]);
    assert_eq!(meaning(&i, "scp"), "Delegated permissions: none.");
}

#[test]
fn id_tokens_are_recognized() {
    let v2_id = json!({
        "aud": OWN_APP,
        "iss": format!("https://login.microsoftonline.com/{TENANT}/v2.0"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3540,
        "name": "Adele Vance", "nonce": "n-0S6_WzA2Mj",
        "oid": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "preferred_username": "adele@contoso.com",
        "sub": "s", "tid": TENANT, "ver": "2.0"
    });
    let i = run(&v2_id);
    assert_eq!(i.summary.kind, TokenKind::Id);
    assert_eq!(codes(&i), [FindingCode::IdToken]);
    assert_eq!(
        i.findings[0].entry,
        Some("graph-invalid-authentication-token-audience")
    );
    assert!(meaning(&i, "idtyp").contains("This is an ID token"));
    assert!(meaning(&i, "preferred_username").contains("account name"));
    assert!(meaning(&i, "amr").contains("cannot tell whether MFA"));
    // Without a nonce: no client claim, which every access token has.
    assert_eq!(
        run(&with(v2_id.clone(), json!({"nonce": null})))
            .summary
            .kind,
        TokenKind::Id
    );
    // The audience is the client itself.
    let to_itself = with(v2_id.clone(), json!({"nonce": null, "azp": OWN_APP}));
    let i = run(&to_itself);
    assert_eq!(i.summary.kind, TokenKind::Id);
    assert!(meaning(&i, "aud").contains("the client app itself"));
    // Given as id_token in a token response, whatever it holds.
    let body = format!(r#"{{"id_token":"{}"}}"#, token(&v1_user()));
    let i = inspect(&body, &Options::default(), now()).unwrap();
    assert_eq!(codes(&i), [FindingCode::IdToken]);
    assert_eq!(i.found.field, Some(Field::IdToken));
    // An access token with scopes is never taken for one.
    assert_eq!(
        run(&with(v1_user(), json!({"nonce": "x"}))).summary.kind,
        TokenKind::Access
    );
}

#[test]
fn no_mfa_in_amr() {
    let i = run(&with(v1_user(), json!({"amr": ["pwd"]})));
    assert_eq!(codes(&i), [FindingCode::NoMfa]);
    assert_eq!(i.summary.mfa, Some(false));
    assert_eq!(i.findings[0].entry, Some("entra-aadsts50076-mfa-required"));
    assert!(meaning(&i, "amr").contains("No MFA"));
    let i = run(&with(v1_user(), json!({"amr": null})));
    assert_eq!((codes(&i), i.summary.mfa), (vec![], None));
}

#[test]
fn group_overage() {
    let by_names = with(
        v1_user(),
        json!({"_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {"endpoint": "https://graph.windows.net/x/users/y/getMemberObjects"}}}),
    );
    let i = run(&by_names);
    assert_eq!(codes(&i), [FindingCode::GroupOverage]);
    assert_eq!(i.findings[0].entry, None);
    assert!(meaning(&i, "_claim_names").starts_with("Group overage"));
    assert_eq!(i.other_claims, ["_claim_sources", "aio", "ipaddr", "uti"]);
    let i = run(&with(v1_user(), json!({"hasgroups": true})));
    assert_eq!(codes(&i), [FindingCode::GroupOverage]);
    assert!(meaning(&i, "hasgroups").starts_with("Group overage"));
    let listed = run(&with(v1_user(), json!({"groups": ["g1", "g2"]})));
    assert_eq!(codes(&listed), []);
    assert_eq!(
        listed
            .explained
            .iter()
            .find(|e| e.claim == "groups")
            .map(|e| e.value.as_str()),
        Some("2 group ID(s)")
    );
}

#[test]
fn every_finding_is_covered_above_and_links_only_catalog_ids() {
    // The tests above produce each code; this keeps the list and the links honest.
    assert_eq!(FindingCode::ALL.len(), 10);
    for code in FindingCode::ALL {
        if let Some(entry) = code.entry() {
            assert!(
                entry.starts_with("graph-") || entry.starts_with("entra-"),
                "{entry}"
            );
        }
    }
}

#[test]
fn odd_claim_values_do_not_break_anything() {
    let odd = json!({
        "aud": ["https://graph.microsoft.com", "x"], "exp": "1795611000", "nbf": 1.5e300,
        "iat": -5, "scp": 7, "roles": "A B", "wids": "not-a-guid", "amr": "pwd",
        "hasgroups": "true", "appidacr": 9, "tid": null, "iss": 3
    });
    let i = run(&odd);
    assert_eq!(i.summary.api, Some(Api::Graph));
    assert!(i.summary.expired);
    assert!(i.summary.not_yet_valid);
    assert!(meaning(&i, "appidacr").contains("does not know"));
    assert!(
        meaning(&i, "iat").contains("1969-12-31T23:59:55Z") || meaning(&i, "iat").contains("-5")
    );
    assert!(codes(&i).contains(&FindingCode::GroupOverage));
}

#[test]
fn the_signature_is_never_kept() {
    let sneaky = with(
        v1_user(),
        json!({"name": format!("x{FAKE_SIGNATURE}y"), "wids": [FAKE_SIGNATURE], FAKE_SIGNATURE: 1}),
    );
    let i = run(&sneaky);
    let json = i.to_json().to_string();
    assert!(!json.contains(FAKE_SIGNATURE), "{json}");
    assert!(!format!("{i:?}").contains(FAKE_SIGNATURE));
    assert_eq!(i.claims["name"], SCRUBBED);
    assert!(!json.contains(&token(&sneaky)));
}

#[test]
fn json_contract_shape() {
    let v = run(&with(v1_user(), json!({"exp": NOW - 10}))).to_json();
    assert_eq!(v["format"], "tshoot-token");
    assert_eq!(v["version"], 1);
    assert_eq!(v["signature_verified"], false);
    assert_eq!(
        v["found"],
        json!({"form": "bare", "field": null, "tokens": 1})
    );
    assert_eq!(v["summary"]["kind"], "access");
    assert_eq!(v["summary"]["identity"], "user");
    assert_eq!(v["summary"]["api"], "graph");
    let spo = run(&with(
        v1_user(),
        json!({"aud": "https://contoso.sharepoint.com/"}),
    ));
    assert_eq!(spo.to_json()["summary"]["api"], "sharepoint");
    assert_eq!(v["summary"]["expired"], true);
    assert_eq!(
        v["header"],
        json!({"alg": "RS256", "typ": "JWT", "kid": "test-key-1"})
    );
    assert_eq!(v["names"]["app"], "Microsoft Azure CLI");
    assert_eq!(v["times"]["exp"]["relative"], "expired 10 s ago");
    assert_eq!(v["findings"][0]["code"], "expired");
    assert_eq!(
        v["findings"][0]["entry"],
        "graph-invalid-authentication-token-expired"
    );
    assert!(v["explained"][0]["claim"].is_string());
}

#[test]
fn errors_for_what_is_not_a_readable_token() {
    let e = |text: &str| inspect(text, &Options::default(), now()).unwrap_err();
    assert_eq!(e("hello world"), TokenError::NotFound);
    assert!(matches!(
        e("Authorization: Bearer EwBwA8l6BAAUs"),
        TokenError::NotJwt {
            label: "Bearer",
            parts: 1
        }
    ));
    assert!(matches!(
        e("eyJhbGciOiJub25lIn0.aGVsbG8.c2ln"),
        TokenError::NotJson {
            segment: Segment::Claims,
            ..
        }
    ));
    assert!(matches!(
        e("eyJhbGc.eyJhdWQiOiJ4In0.c2ln"),
        TokenError::NotJson {
            segment: Segment::Header,
            ..
        } | TokenError::BadBase64 { .. }
    ));
    assert!(
        e("eyJhbGciOiJub25lIn0.d$f.ghi")
            .to_string()
            .contains("base64url")
    );
}

#[test]
fn guids() {
    assert!(is_guid(TENANT));
    assert!(is_guid(&TENANT.to_uppercase()));
    assert!(!is_guid("contoso.onmicrosoft.com"));
    assert!(!is_guid("72f988bf-86f1-41af-91ab-2d7cd011db4"));
}
