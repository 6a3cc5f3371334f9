//! A flow that asks for a token and branches on it: golden transcripts that say why the
//! branch went where it did, and proof that no part of the token reaches the session file or
//! any export.

use crate::util::{root, t};
use tshoot::engine::Run;
use tshoot::flow::Library;
use tshoot::session::transcript::{Clock, Format};
use tshoot::session::{Opening, Session, Store, transcript};
use tshoot::token::testing::token;

fn lib() -> &'static Library {
    static LIB: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIB.get_or_init(|| {
        let loaded = tshoot::flow::load(&tshoot::flow::Sources {
            builtin: true,
            paths: vec![root().join("tests/data/token-branch")],
        });
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.library
    })
}

/// A delegated Graph token for a user, valid for an hour at `t(0)`, with `Mail.ReadWrite` but
/// not `Mail.Read`.
fn jwt() -> String {
    let now = t(0)
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    token(&serde_json::json!({
        "aud": "00000003-0000-0000-c000-000000000000",
        "iss": "https://sts.windows.net/11111111-2222-3333-4444-555555555555/",
        "tid": "11111111-2222-3333-4444-555555555555",
        "appid": "22222222-3333-4444-5555-666666666666",
        "app_displayname": "Contoso Mailer",
        "idtyp": "user",
        "upn": "alex@contoso.com",
        "scp": "Mail.ReadWrite User.Read",
        "amr": ["pwd"],
        "iat": now - 300,
        "nbf": now - 300,
        "exp": now + 3300,
        "ver": "1.0",
    }))
}

fn session() -> Session {
    let lib = lib();
    let mut run = Run::start(lib, "token-branch-demo", t(0)).unwrap();
    let paste = format!(
        "{{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"{}\"}}",
        jwt()
    );
    run.submit_input(lib, &paste, t(30)).unwrap();
    run.submit_input(lib, "Mail.Read", t(45)).unwrap();
    assert_eq!(run.current(lib).unwrap().node.id, "consent");
    let mut s = Session::new(lib, run, &Opening::default(), t(0));
    s.id = "20261125-130142-1f2a-9c04".into();
    s.touch(lib, t(45));
    assert!(s.finished);
    s
}

#[test]
fn the_transcript_says_why_the_branch_went_where_it_did() {
    let lib = lib();
    let s = session();
    let md = transcript::render_in(&s, lib, Format::Md, &Clock::fixed(0));
    insta::assert_snapshot!("token_branch_md", md);
    let text = transcript::render_in(&s, lib, Format::Text, &Clock::fixed(0));
    insta::assert_snapshot!("token_branch_text", text);
    let json = transcript::render_in(&s, lib, Format::Json, &Clock::fixed(0));
    insta::assert_snapshot!("token_branch_json", json);
    let why = "not token.app_only and not token.scp contains perm was true";
    for out in [&md, &text, &json] {
        assert!(out.contains(why), "{out}");
        assert!(out.contains("token.expired was false"), "{out}");
    }
}

/// Every piece of the token long enough to mean something: each segment, and each run of
/// 16 characters of it.
pub fn pieces(jwt: &str) -> Vec<String> {
    let mut out = Vec::new();
    for segment in jwt.split('.') {
        let chars: Vec<char> = segment.chars().collect();
        out.push(segment.to_owned());
        for w in chars.windows(16) {
            out.push(w.iter().collect());
        }
    }
    out
}

#[test]
fn no_part_of_the_token_is_saved_or_exported() {
    let lib = lib();
    let s = session();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.save(&s).unwrap();
    let file = std::fs::read_to_string(store.path(&s.id)).unwrap();
    let back = store.load(&s.id).unwrap();
    let mut outputs = vec![("session file", file)];
    for format in [Format::Md, Format::Text, Format::Json] {
        outputs.push((
            format.label(),
            transcript::render_in(&back, lib, format, &Clock::fixed(0)),
        ));
    }
    // The flow gone, the export still has the claims and no token.
    outputs.push((
        "export without the flow",
        transcript::render_in(&back, crate::util::shipped(), Format::Md, &Clock::fixed(0)),
    ));
    let jwt = jwt();
    for (what, out) in &outputs {
        for piece in pieces(&jwt) {
            assert!(!out.contains(&piece), "{what} holds {piece:?}:\n{out}");
        }
        assert!(
            out.contains("Mail.ReadWrite"),
            "{what} lost the claims:\n{out}"
        );
    }
}

#[test]
fn the_wizard_hides_a_pasted_token_and_refuses_text_without_one() {
    use tshoot::tui::{Action, App, update};
    let lib = lib();
    let index = tshoot::search::Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    app.open_run(
        Run::start(lib, "token-branch-demo", t(0)).unwrap(),
        Opening::default(),
    );
    let node = |app: &App| {
        app.runner
            .as_ref()
            .unwrap()
            .run
            .current(lib)
            .unwrap()
            .node
            .id
            .clone()
    };
    // Text without a token: refused with the reason, the step stays, the field is emptied.
    update(&mut app, Action::Paste("see the other window".into()));
    update(&mut app, Action::Confirm);
    assert_eq!(node(&app), "paste");
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.contains("no token found"), "{notice}");
    assert_eq!(app.runner.as_ref().unwrap().input.value(), "");
    // A token: the field shows how much was pasted, never what.
    let jwt = jwt();
    update(
        &mut app,
        Action::Paste(format!("Authorization: Bearer {jwt}")),
    );
    let screen = crate::util::render(&app, 80, 24);
    assert!(screen.contains("characters pasted, hidden"), "{screen}");
    for piece in pieces(&jwt) {
        assert!(
            !screen.contains(&piece),
            "the screen shows {piece:?}:\n{screen}"
        );
    }
    update(&mut app, Action::Confirm);
    assert_eq!(node(&app), "perm");
    let screen = crate::util::render(&app, 80, 24);
    assert!(
        screen.contains("access token for Microsoft Graph"),
        "{screen}"
    );
    for piece in pieces(&jwt) {
        assert!(
            !screen.contains(&piece),
            "the screen shows {piece:?}:\n{screen}"
        );
    }
}
