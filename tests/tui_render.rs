//! Render tests: each screen and node kind drawn with ratatui's `TestBackend` at 80×24 and
//! 40×12, kept as readable insta snapshots (`tests/snapshots/`), plus assertions on the
//! parts that matter. Regenerate with `INSTA_UPDATE=always cargo test --test tui_render`
//! and review the diff.

use crate::util::{render, shipped, t};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;
use tshoot::flow::load_texts;
use tshoot::search::Index;
use tshoot::tui::state::{ResumeItem, Row};
use tshoot::tui::theme::Theme;
use tshoot::tui::ui::view;
use tshoot::tui::{Action, App, update};

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Type(c));
    }
}

fn both_sizes(name: &str, app: &App) -> (String, String) {
    let big = render(app, 80, 24);
    let small = render(app, 40, 12);
    insta::assert_snapshot!(format!("{name}_80x24"), big);
    insta::assert_snapshot!(format!("{name}_40x12"), small);
    (big, small)
}

fn open_token_cache(app: &mut App) {
    typed(app, "token cache");
    update(app, Action::Confirm);
}

#[test]
fn home_empty_with_resume() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    app.resumable = vec![ResumeItem {
        id: "20261125-130000-1-abcd".into(),
        title: "Clear the CIPP token cache".into(),
        progress: (3, 2),
        updated: (t(0) - Duration::from_secs(600)).into(),
        started: (t(0) - Duration::from_secs(1200)).into(),
        ticket: "INC0012345 · Contoso".into(),
        query: Some("error: \"AADSTS700082: The refresh token has expired\"".into()),
        timer: None,
    }];
    let (big, small) = both_sizes("home_empty", &app);
    assert!(big.contains("Resume"));
    assert!(big.contains("RESUME Clear the CIPP token cache"));
    assert!(render(&app, 120, 30).contains("RESUME Clear the CIPP token cache  step 4 · 10m ago"));
    assert!(big.contains("Preview"), "80 columns show the preview");
    assert!(!small.contains("Preview"), "40 columns leave it out");
    assert!(small.contains("Ctrl+C"));
}

#[test]
fn home_results_for_a_typed_query() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    typed(&mut app, "aadsts50020");
    let (big, _) = both_sizes("home_results", &app);
    assert!(big.contains("Results ("));
    assert!(big.contains("ERR"));
    assert!(big.contains("Cause"));
}

#[test]
fn home_browse_groups_by_product() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(&mut app, Action::SwitchFocus);
    let (big, _) = both_sizes("home_browse", &app);
    assert!(big.contains("All flows"));
    assert!(big.contains("CIPP"));
}

#[test]
fn which_app_popup() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(
        &mut app,
        Action::Paste("HttpRequestFailure: Server returned: 401 Unauthorized".into()),
    );
    update(&mut app, Action::Confirm);
    let (big, _) = both_sizes("which_app", &app);
    assert!(big.contains("Which app?"));
    assert!(big.contains("Okta"));
}

#[test]
fn question_screen_and_help() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    let (big, small) = both_sizes("question", &app);
    assert!(big.contains("Clear the CIPP token cache"));
    assert!(big.contains("1. Yes, it is a hosted CIPP instance"));
    assert!(small.contains("1. Yes"));
    update(&mut app, Action::Help);
    let (big, _) = both_sizes("question_help", &app);
    assert!(big.contains("About this step"));
    assert!(big.contains("go back one step"));
}

#[test]
fn checklist_with_running_wait() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    crate::util::token_cache_waiting(&mut app);
    app.now = t(0) + Duration::from_secs(65);
    let (big, small) = both_sizes("checklist_wait", &app);
    assert!(big.contains("4/9 done"));
    assert!(big.contains("[x] 1."));
    assert!(big.contains("waiting: 3:55 left"));
    assert!(small.contains("done"));
    app.now = t(0) + Duration::from_secs(400);
    let big = render(&app, 80, 24);
    assert!(big.contains("done waiting"));
}

#[test]
fn input_and_command_steps() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(&mut app, Action::SwitchFocus);
    let pos = app
        .selectable_rows()
        .iter()
        .position(|r| matches!(r, Row::Flow(i) if lib.flows()[*i].id == "entra-account-locked"))
        .unwrap();
    update(&mut app, Action::Pick(pos));
    update(&mut app, Action::Confirm);
    typed(&mut app, "adele@contoso.com");
    let (big, _) = both_sizes("input", &app);
    assert!(big.contains("> adele@contoso.com"));
    update(&mut app, Action::Confirm);
    update(&mut app, Action::Pick(2));
    let (big, _) = both_sizes("command_step", &app);
    assert!(big.contains("[read-only]"));
    assert!(big.contains("$ Get-MgAuditLogSignIn"));
    assert!(big.contains("adele@contoso.com"));
}

#[test]
fn end_screen() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    update(&mut app, Action::Pick(0));
    let (big, _) = both_sizes("end_escalate", &app);
    assert!(big.contains("ESCALATE"));
    assert!(big.contains("What was done"));
    assert!(big.contains("c copy") && big.contains("f plain text") && big.contains("t ticket"));
}

#[test]
fn the_end_screen_shows_the_ticket_fields_or_how_to_add_them() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    update(&mut app, Action::Pick(0));
    assert!(render(&app, 80, 24).contains("No ticket reference or customer yet: t adds them"));
    // t, a reference, Enter, a customer, Enter: the end screen shows both.
    update(&mut app, Action::Ticket);
    for c in "INC0012345".chars() {
        update(&mut app, Action::Type(c));
    }
    update(&mut app, Action::Confirm);
    for c in "Contoso".chars() {
        update(&mut app, Action::Type(c));
    }
    update(&mut app, Action::Confirm);
    let big = render(&app, 80, 24);
    assert!(
        big.contains("For the ticket: ticket INC0012345 · customer Contoso"),
        "{big}"
    );
}

#[test]
fn end_asks_if_the_error_is_gone() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    crate::util::cipp_mfa_at_resolved_end(&mut app);
    let (big, small) = both_sizes("end_gone_question", &app);
    // Asked before anything is declared: no RESOLVED banner yet.
    assert!(big.contains("? IS THE ERROR GONE?"), "{big}");
    assert!(!big.contains("RESOLVED"), "{big}");
    assert!(big.contains("y  Yes, the error is gone — the flow ends resolved"));
    assert!(big.contains("n  No, it is still there — go on in \"What are you seeing? Start"));
    assert!(
        big.contains("y gone · n still there · b back · ? help"),
        "{big}"
    );
    assert!(small.contains("IS THE ERROR GONE?"), "{small}");
    update(&mut app, Action::Yes);
    let text = render(&app, 80, 24);
    assert!(text.contains("✓ RESOLVED"), "{text}");
    assert!(text.contains("Is the error gone? Yes — resolved"), "{text}");
}

#[test]
fn skip_reason_popup() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    update(&mut app, Action::Pick(1));
    update(&mut app, Action::Skip);
    typed(&mut app, "done earlier");
    let (big, _) = both_sizes("skip_reason", &app);
    assert!(big.contains("Why is step 1 skipped?"));
    assert!(big.contains("> done earlier"));
}

#[test]
fn too_small_says_so() {
    let lib = shipped();
    let index = Index::build(lib);
    let app = App::new(lib, &index, t(0));
    let text = render(&app, 30, 8);
    assert!(text.contains("Terminal too small"), "{text}");
    // Every size from tiny to large draws without panicking.
    for w in [1, 10, 39, 40, 41, 60, 120] {
        for h in [1, 5, 11, 12, 13, 40] {
            render(&app, w, h);
        }
    }
}

#[test]
fn hostile_flow_text_never_reaches_the_screen() {
    let hostile = "flows:\n  - id: evil\n    title: \"Evil\\e]0;owned\\a\\e[2J title\"\n    product: X\n    summary: \"s\\x9b31m\"\n    nodes:\n      - id: q\n        question: \"Pick\\e]52;c;aGk=\\a one \\u202e txt.exe\\u200b\"\n        choices:\n          - label: \"ok\\e[1A\\x07\"\n            next: e\n      - id: e\n        end: resolved\n        message: \"bye\\e[31m\"\n";
    let loaded = load_texts(&[("evil.yaml", hostile)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let lib = loaded.library;
    let index = Index::build(&lib);
    let mut app = App::new(&lib, &index, t(0));
    update(&mut app, Action::SwitchFocus);
    update(&mut app, Action::Confirm);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // The question, the end it asks "Is the error gone?" at, and the end once answered.
    for step in 0..3 {
        terminal.draw(|f| view(f, &app, &Theme::plain())).unwrap();
        let buf = terminal.backend().buffer().clone();
        for cell in buf.content() {
            for c in cell.symbol().chars() {
                assert!(
                    !c.is_control() && !tshoot::sanitize::is_invisible_format(c),
                    "step {step}: {c:?} reached the screen"
                );
            }
        }
        if step == 0 {
            update(&mut app, Action::Confirm);
        }
        if step == 1 {
            let text = render(&app, 80, 24);
            assert!(text.contains("IS THE ERROR GONE?"), "{text}");
            update(&mut app, Action::Yes);
        }
    }
    let text = render(&app, 80, 24);
    assert!(text.contains("RESOLVED"), "{text}");
}

/// The pictures in `assets/` are the insta snapshots of the real UI below, so they never go
/// stale: `INSTA_UPDATE=always cargo test` rewrites both.
#[test]
fn asset_screenshots_match_the_ui() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    typed(&mut app, "consent");
    let home = render(&app, 100, 28);
    let mut app = App::new(lib, &index, t(0));
    crate::util::token_cache_waiting(&mut app);
    app.now = t(0) + Duration::from_secs(72);
    let checklist = render(&app, 100, 28);
    insta::assert_snapshot!("asset_screen_home", home);
    insta::assert_snapshot!("asset_screen_checklist", checklist);
    let update = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always");
    for (name, text) in [
        ("screen-home.txt", home),
        ("screen-checklist.txt", checklist),
    ] {
        let path = crate::util::root().join("assets").join(name);
        if update {
            std::fs::write(&path, &text).unwrap();
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            stored, text,
            "assets/{name} is stale: run INSTA_UPDATE=always cargo test"
        );
    }
}

#[test]
fn mouse_clicks_land_on_the_rows_drawn() {
    use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    use tshoot::tui::keymap::action_for;
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    let text = render(&app, 80, 24);
    let row = text
        .lines()
        .position(|l| l.contains("2. No, we run CIPP"))
        .expect("the second answer is drawn");
    let click = |row: usize| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row: u16::try_from(row).unwrap(),
            modifiers: KeyModifiers::NONE,
        })
    };
    assert_eq!(action_for(&click(row), &app), Some(Action::Click(1)));
    assert_eq!(
        action_for(&click(0), &app),
        None,
        "the header is not clickable"
    );
    // First click selects, second click answers.
    update(&mut app, Action::Click(1));
    assert_eq!(app.runner.as_ref().unwrap().selected, 1);
    update(&mut app, Action::Click(1));
    let node = app
        .runner
        .as_ref()
        .unwrap()
        .run
        .current(lib)
        .unwrap()
        .node
        .id
        .clone();
    assert_eq!(node, "open-config");
    let scroll = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 0,
        row: 0,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(action_for(&scroll, &app), Some(Action::Move(1)));
}

#[test]
fn hostile_paste_never_reaches_the_screen() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(
        &mut app,
        Action::Paste(
            "\x1b]52;c;aGVsbG8=\x07\x1b[2J\x1b[H\u{9b}31mAADSTS50020 \u{202e}gnp.exe\u{200b}\r\nline two\x07"
                .into(),
        ),
    );
    for (w, h) in [(80, 24), (40, 12)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view(f, &app, &Theme::plain())).unwrap();
        for cell in terminal.backend().buffer().content() {
            for c in cell.symbol().chars() {
                assert!(
                    !c.is_control() && !tshoot::sanitize::is_invisible_format(c),
                    "{c:?} reached the screen"
                );
            }
        }
    }
    let text = render(&app, 80, 24);
    assert!(
        text.contains("\\e]52;c;aGVsbG8=\\x07"),
        "shown escaped:\n{text}"
    );
}
