//! Unit tests of branch nodes and token inputs.

use super::*;
use crate::flow::{Library, load_texts};
use crate::token::testing::token;
use serde_json::json;
use std::time::{Duration, SystemTime};

const FLOWS: &str = r#"
flows:
  - id: tok
    title: Token check
    product: Microsoft Graph
    nodes:
      - id: paste
        input: Paste the token
        var: token
        kind: token
        next: perm
      - id: perm
        input: Which permission does the call need?
        var: perm
        next: route
      - id: route
        branch:
          - when: token.expired
            next: expired
          - when: token.aud_name != "Microsoft Graph"
            next: audience
          - when: not token.app_only and not token.scp contains perm
            next: consent
          - when: token.app_only and not (token.roles contains perm)
            next: app-consent
        else: fine
      - id: expired
        end: unresolved
        message: Expired at {{token.exp}}.
      - id: audience
        end: unresolved
        message: The token is for {{token.aud_name}}.
      - id: consent
        end: unresolved
        message: Consent {{perm}} for {{token.app_id}}.
      - id: app-consent
        end: unresolved
        message: Grant the application permission {{perm}}.
      - id: fine
        end: escalate
        message: The token looks right ({{token}}).
  - id: ops
    title: Operators
    product: P
    nodes:
      - id: ask
        input: Tenant?
        var: tenant
        next: b
      - id: b
        branch:
          - when: tenant == "contoso.com"
            next: eq
          - when: tenant contains "fabrikam"
            next: has
          - when: tenant != "x"
            next: ne
        else: other
      - id: eq
        end: resolved
      - id: has
        end: resolved
      - id: ne
        end: resolved
      - id: other
        end: resolved
"#;

fn lib() -> Library {
    let loaded = load_texts(&[("t.yaml", FLOWS)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.library
}

fn t(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + secs)
}

const NOW: i64 = 1_800_000_000;

fn graph(extra: serde_json::Value) -> String {
    let mut claims = json!({
        "aud": "https://graph.microsoft.com",
        "tid": "11111111-2222-3333-4444-555555555555",
        "appid": "22222222-3333-4444-5555-666666666666",
        "iss": "https://sts.windows.net/11111111-2222-3333-4444-555555555555/",
        "exp": NOW + 3600,
        "ver": "1.0",
    });
    if let (Some(map), Some(more)) = (claims.as_object_mut(), extra.as_object()) {
        map.extend(more.clone());
    }
    token(&claims)
}

fn walk(jwt: &str, perm: &str) -> (Run, Library) {
    let lib = lib();
    let mut run = Run::start(&lib, "tok", t(0)).unwrap();
    run.submit_input(&lib, &format!("Authorization: Bearer {jwt}"), t(1))
        .unwrap();
    run.submit_input(&lib, perm, t(2)).unwrap();
    (run, lib)
}

fn at(run: &Run, lib: &Library) -> String {
    run.current(lib).unwrap().node.id.clone()
}

fn decision(run: &Run) -> ShownBranch {
    run.visits
        .iter()
        .find_map(|v| v.shown.as_ref()?.branch.clone())
        .expect("a branch was passed")
}

#[test]
fn token_input_sets_claims_and_keeps_no_token() {
    let jwt = graph(json!({"idtyp": "user", "upn": "a@contoso.com", "scp": "Mail.Read User.Read"}));
    let (run, lib) = walk(&jwt, "Mail.Read");
    let vars = run.vars();
    assert_eq!(vars["token.aud_name"], "Microsoft Graph");
    assert_eq!(vars["token.scp"], "Mail.Read, User.Read");
    assert_eq!(vars["token.expired"], "false");
    assert_eq!(vars["token.app_only"], "false");
    assert_eq!(vars["token.upn"], "a@contoso.com");
    assert_eq!(
        vars["token"],
        "access token for Microsoft Graph, user a@contoso.com"
    );
    // Delegated, has the scope, not expired, for Graph: nothing explains the refusal.
    assert_eq!(at(&run, &lib), "fine");
    let saved = serde_json::to_string(&run).unwrap();
    for segment in jwt.split('.') {
        assert!(
            !saved.contains(segment),
            "the session holds part of the token"
        );
    }
    assert_eq!(
        run.breadcrumb(),
        vec![
            "access token for Microsoft Graph, user a@contoso.com",
            "Mail.Read"
        ]
    );
}

#[test]
fn text_without_a_token_is_refused_and_nothing_changes() {
    let lib = lib();
    let mut run = Run::start(&lib, "tok", t(0)).unwrap();
    let before = run.clone();
    let err = run
        .submit_input(&lib, "my token is in the other window", t(1))
        .unwrap_err();
    assert!(matches!(err, EngineError::NotAToken(_)));
    assert!(err.to_string().contains("no token found"), "{err}");
    assert_eq!(run, before);
    // A truncated token names the problem, not the text.
    let err = run
        .submit_input(&lib, "Bearer eyJhbGciOi", t(1))
        .unwrap_err();
    assert!(!err.to_string().contains("eyJhbGciOi"), "{err}");
    assert_eq!(run, before);
}

#[test]
fn an_expired_token_takes_the_first_case() {
    let jwt = graph(json!({"exp": NOW - 60, "roles": ["Mail.Read"]}));
    let (run, lib) = walk(&jwt, "Mail.Read");
    assert_eq!(at(&run, &lib), "expired");
    let d = decision(&run);
    assert_eq!(d.checked, vec!["token.expired was true"]);
    assert_eq!(d.next, "expired");
    assert!(!d.by_else);
    let shown = run.visits.last().unwrap().shown.as_ref().unwrap();
    assert!(
        shown
            .text
            .as_deref()
            .unwrap()
            .starts_with("Expired at 2027-01-15T"),
        "{shown:?}"
    );
}

#[test]
fn the_wrong_audience_is_caught_by_a_not_equal() {
    let jwt = token(&json!({
        "aud": "https://outlook.office365.com",
        "appid": "22222222-3333-4444-5555-666666666666",
        "roles": ["Exchange.ManageAsApp"],
        "idtyp": "app",
        "exp": NOW + 600,
    }));
    let (run, lib) = walk(&jwt, "Mail.Read");
    assert_eq!(at(&run, &lib), "audience");
    let d = decision(&run);
    assert_eq!(
        d.checked[1],
        "token.aud_name != \"Microsoft Graph\" was true (token.aud_name is \"Exchange Online\")"
    );
}

#[test]
fn delegated_and_app_only_permissions_are_told_apart() {
    let user = graph(json!({"idtyp": "user", "scp": "Mail.ReadWrite User.Read"}));
    let (run, lib) = walk(&user, "Mail.Read");
    // Mail.ReadWrite is not Mail.Read: a list matches whole elements.
    assert_eq!(at(&run, &lib), "consent");
    let app = graph(json!({"idtyp": "app", "roles": ["User.Read.All"]}));
    let (run, lib) = walk(&app, "Mail.Read");
    assert_eq!(at(&run, &lib), "app-consent");
    let (run, lib) = walk(&app, "user.read.all");
    assert_eq!(at(&run, &lib), "fine");
    let d = decision(&run);
    assert!(d.by_else);
    assert_eq!(d.checked.len(), 4);
}

#[test]
fn operators_on_text_inputs() {
    let lib = lib();
    let go = |value: &str| {
        let mut run = Run::start(&lib, "ops", t(0)).unwrap();
        run.submit_input(&lib, value, t(1)).unwrap();
        at(&run, &lib)
    };
    assert_eq!(go("Contoso.com"), "eq");
    assert_eq!(go("fabrikam.onmicrosoft.com"), "has");
    assert_eq!(go("tailspin.com"), "ne");
    assert_eq!(go("x"), "other");
}

#[test]
fn back_passes_through_the_branch() {
    let jwt = graph(json!({"exp": NOW - 60}));
    let (mut run, lib) = walk(&jwt, "Mail.Read");
    assert_eq!(at(&run, &lib), "expired");
    assert!(run.back(&lib));
    assert_eq!(at(&run, &lib), "perm");
    assert!(run.visits.last().unwrap().answer.is_none());
    assert!(!run.is_untouched());
}

#[test]
fn a_resumed_walk_is_decided_again_when_the_branch_changed() {
    let jwt = graph(json!({"exp": NOW - 60}));
    let (mut run, _) = walk(&jwt, "Mail.Read");
    // The same flow without the expiry case: the walk goes on to the next case that holds.
    let changed = FLOWS.replace(
        "          - when: token.expired\n            next: expired\n",
        "          - when: token.not_yet_valid\n            next: expired\n",
    );
    let loaded = load_texts(&[("t.yaml", changed.as_str())]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let lib2 = loaded.library;
    let message = run.reconcile(&lib2, t(5)).unwrap();
    assert!(message.is_some());
    // No idtyp, scp or roles: an app-only token without the application permission.
    assert_eq!(at(&run, &lib2), "app-consent");
}
