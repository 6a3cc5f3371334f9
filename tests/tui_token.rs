//! The wizard's token screen: a paste holding a token puts "Inspect this token" first, Enter
//! explains it, a finding opens the known error it explains, and no part of the token is
//! ever drawn raw or kept (the pty test in `e2e_pty.rs` checks the data directory).

use crate::util::{render, shipped, t};
use serde_json::json;
use tshoot::search::Index;
use tshoot::token::testing::{FAKE_SIGNATURE, jwt};
use tshoot::tui::state::{Row, Screen};
use tshoot::tui::{Action, App, update};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
/// `util::t(0)` as a Unix time.
const NOW: i64 = 1_795_611_702;

/// A v1 delegated token from Azure PowerShell for Azure AD Graph, expired an hour ago.
pub fn expired_token() -> String {
    let claims = json!({
        "aud": "https://graph.windows.net",
        "iss": format!("https://sts.windows.net/{TENANT}/"),
        "iat": NOW - 5400, "nbf": NOW - 5400, "exp": NOW - 3600,
        "amr": ["pwd"], "appid": "1950a258-227b-4e31-a9cf-717495945fc2",
        "scp": "user_impersonation", "tid": TENANT, "ver": "1.0",
        "upn": "adele@contoso.com", "idtyp": "user",
    });
    jwt(
        &json!({"alg": "RS256", "typ": "JWT"}),
        &claims,
        FAKE_SIGNATURE,
    )
}

fn pasted(app: &mut App, text: &str) {
    update(app, Action::Paste(text.to_owned()));
}

#[test]
fn a_pasted_token_is_offered_first_and_explained_on_enter() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    let token = expired_token();
    pasted(
        &mut app,
        &format!("Authorization: Bearer {token}\r\n401 Unauthorized"),
    );
    assert_eq!(
        app.selected_row(),
        Some(Row::Token),
        "the token comes first"
    );
    let home = render(&app, 80, 24);
    assert!(home.contains("TOKEN Inspect this token"), "{home}");
    insta::assert_snapshot!("token_results_80x24", home);
    update(&mut app, Action::Confirm);
    assert_eq!(app.screen, Screen::Token);
    for (w, h) in [(80, 24), (40, 12)] {
        let screen = render(&app, w, h);
        insta::assert_snapshot!(format!("token_screen_{w}x{h}"), screen);
        // Neither the token's segments nor its signature are ever drawn.
        for part in token.split('.').filter(|p| p.len() > 8) {
            assert!(
                !screen.contains(&part[..8]),
                "{w}x{h} shows a token segment"
            );
        }
    }
    let big = render(&app, 80, 24);
    assert!(big.contains("Access token, user (delegated)"), "{big}");
    assert!(big.contains("Findings"), "{big}");
    assert!(big.contains("not verified"), "{big}");
}

#[test]
fn a_finding_opens_its_known_error_and_back_returns_to_the_token() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    pasted(&mut app, &expired_token());
    update(&mut app, Action::Confirm);
    let findings = app.home.token.as_ref().unwrap().findings.clone();
    let linked = findings
        .iter()
        .position(|f| f.entry.is_some_and(|e| lib.entry(e).is_some()))
        .expect("an expired Azure AD Graph token has a linked finding");
    update(&mut app, Action::Pick(linked));
    assert_eq!(app.home.token_selected, linked);
    update(&mut app, Action::Confirm);
    let want = findings[linked].entry.unwrap().to_owned();
    assert_eq!(app.screen, Screen::Entry(want));
    update(&mut app, Action::Back);
    assert_eq!(
        app.screen,
        Screen::Token,
        "back goes to the token, not the search"
    );
    update(&mut app, Action::Back);
    assert_eq!(app.screen, Screen::Home);
    // Moving past the last finding stays on it.
    update(&mut app, Action::Confirm);
    update(&mut app, Action::Move(99));
    assert_eq!(app.home.token_selected, findings.len() - 1);
}

#[test]
fn text_without_a_token_offers_no_token_row() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    pasted(
        &mut app,
        "AADSTS50020: User account 'adele@contoso.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.",
    );
    assert!(app.home.token.is_none());
    assert_ne!(app.selected_row(), Some(Row::Token));
    // A half-pasted token (no signature part) is not offered either.
    let token = expired_token();
    let cut: String = token.rsplit_once('.').map_or("", |x| x.0).to_owned();
    pasted(&mut app, &format!("{cut}."));
    let screen = render(&app, 80, 24);
    assert!(
        !screen.contains(&cut[..20]),
        "a raw token part is never drawn"
    );
}
