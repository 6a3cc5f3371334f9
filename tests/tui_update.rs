//! The wizard's `update()` driven by actions, without a terminal: every node kind, back,
//! restart, skip, waits, notes, the "which app?" question and the effects it asks for.

use crate::util::{shipped, t};
use std::time::Duration;
use tshoot::engine::StepState;
use tshoot::search::Index;
use tshoot::tui::state::{Focus, Overlay, Row, Screen};
use tshoot::tui::{Action, App, Effect, update};

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Type(c));
    }
}

fn node(app: &App) -> String {
    let runner = app.runner.as_ref().expect("a flow runs");
    runner
        .run
        .current(app.lib)
        .expect("current")
        .node
        .id
        .clone()
}

fn open_token_cache(app: &mut App) -> Vec<Effect> {
    typed(app, "token cache");
    assert!(matches!(app.selected_row(), Some(Row::Hit(0))));
    update(app, Action::Confirm)
}

#[test]
fn typing_searches_and_enter_opens_the_flow_with_a_new_session() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    assert_eq!(app.home.focus, Focus::Search);
    let effects = open_token_cache(&mut app);
    assert_eq!(app.screen, Screen::Flow);
    assert_eq!(node(&app), "hosted");
    assert!(effects.contains(&Effect::StartSession), "{effects:?}");
    assert!(effects.contains(&Effect::RememberQuery("token cache".into())));
}

#[test]
fn esc_clears_the_query_and_tab_switches_to_browse() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    typed(&mut app, "consent");
    assert!(!app.home.results.hits.is_empty());
    update(&mut app, Action::Cancel);
    assert_eq!(app.home.query.value(), "");
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.home.focus, Focus::Browse);
    let rows = app.rows();
    assert!(matches!(rows.first(), Some(Row::Header(_))));
    assert_eq!(
        rows.iter().filter(|r| matches!(r, Row::Flow(_))).count(),
        lib.flows().len()
    );
    // Typing from the browse list goes back to the search box.
    update(&mut app, Action::Type('x'));
    assert_eq!(app.home.focus, Focus::Search);
}

#[test]
fn a_paste_uses_the_error_text_matcher() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    let paste = "Error: AADSTS50020: User account 'bob@fabrikam.com' from identity provider \
                 'live.com' does not exist in tenant 'Contoso'.\nTrace ID: 0b6f1c2e-1111-2222-3333-444455556666\n";
    update(&mut app, Action::Paste(paste.into()));
    assert!(app.home.pasted);
    let top = app.home.results.hits.first().expect("a hit");
    let doc = index.doc(top.doc).unwrap();
    assert!(doc.codes.iter().any(|c| c == "AADSTS50020"), "{}", doc.id);
}

#[test]
fn a_shared_message_asks_which_app_before_opening() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(
        &mut app,
        Action::Paste("HttpRequestFailure: Server returned: 401 Unauthorized".into()),
    );
    assert!(app.home.results.ambiguous.len() >= 3);
    update(&mut app, Action::Confirm);
    let Some(Overlay::WhichApp { hits, .. }) = &app.overlay else {
        panic!("expected the which-app question");
    };
    let okta = hits
        .iter()
        .position(|&h| {
            index
                .doc(app.home.results.hits[h].doc)
                .unwrap()
                .app
                .as_deref()
                == Some("Okta")
        })
        .expect("Okta is offered");
    update(&mut app, Action::Pick(okta));
    assert!(app.overlay.is_none());
    // Okta's entry either opens its guided flow or its entry screen, never another app's.
    match &app.screen {
        Screen::Entry(id) => assert!(id.contains("okta"), "{id}"),
        Screen::Flow => assert_eq!(
            app.runner.as_ref().unwrap().opening.entry.as_deref(),
            Some("mcas-okta-http-401")
        ),
        Screen::Home | Screen::Token => panic!("nothing opened"),
    }
}

#[test]
fn question_by_number_and_back_undoes_it() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    update(&mut app, Action::Pick(1));
    assert_eq!(node(&app), "open-config");
    let effects = update(&mut app, Action::Back);
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(node(&app), "hosted");
    assert!(app.runner.as_ref().unwrap().run.breadcrumb().is_empty());
    // A number out of range is refused with a message, not a panic.
    update(&mut app, Action::Pick(8));
    assert!(app.notice.as_ref().unwrap().text.contains("no number 9"));
    // The largest number too (found by the app_update fuzzer: `n + 1` overflowed).
    update(&mut app, Action::Pick(usize::MAX));
    assert!(app.notice.as_ref().unwrap().text.contains("no number"));
    assert_eq!(node(&app), "hosted");
    // Arrow + Enter answers too.
    update(&mut app, Action::Move(1));
    update(&mut app, Action::Confirm);
    assert_eq!(node(&app), "open-config");
}

#[test]
fn checklist_ticks_skip_with_reason_and_continue() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    update(&mut app, Action::Pick(1));
    // Enter with open steps is refused.
    assert!(update(&mut app, Action::Confirm).is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("still open"));
    assert_eq!(update(&mut app, Action::Toggle), vec![Effect::Save]);
    // The selection moved on to the next open step.
    assert_eq!(app.runner.as_ref().unwrap().selected, 1);
    update(&mut app, Action::Toggle);
    update(&mut app, Action::Skip);
    assert!(matches!(
        app.overlay,
        Some(Overlay::SkipReason { step: 2, .. })
    ));
    // An empty reason is refused and the question stays open.
    update(&mut app, Action::Confirm);
    assert!(app.overlay.is_some());
    typed(&mut app, "already open");
    assert_eq!(update(&mut app, Action::Confirm), vec![Effect::Save]);
    assert!(app.overlay.is_none());
    let marks = &app
        .runner
        .as_ref()
        .unwrap()
        .run
        .visits
        .last()
        .unwrap()
        .steps;
    assert_eq!(marks[2].state, StepState::Skipped);
    assert_eq!(marks[2].reason.as_deref(), Some("already open"));
    update(&mut app, Action::Confirm);
    assert_eq!(node(&app), "keyvault-check");
}

#[test]
fn timed_steps_count_down_and_can_be_skipped() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    crate::util::token_cache_waiting(&mut app);
    assert_eq!(node(&app), "rename-and-restart");
    // Step 4 ("stop and wait 5 minutes") started its wait; step 5 must wait for it.
    let runner = app.runner.as_ref().unwrap();
    assert_eq!(runner.selected, 4);
    assert_eq!(
        runner.run.wait_left(lib, 3, t(0)),
        Some(Duration::from_secs(300))
    );
    update(&mut app, Action::Toggle);
    assert!(app.notice.as_ref().unwrap().text.contains("still waiting"));
    // Three minutes later two are left; after five the step can be checked.
    app.now = t(0) + Duration::from_secs(180);
    update(&mut app, Action::Tick);
    assert_eq!(
        app.runner.as_ref().unwrap().run.wait_left(lib, 3, app.now),
        Some(Duration::from_secs(120))
    );
    app.now = t(0) + Duration::from_secs(301);
    assert_eq!(update(&mut app, Action::Toggle), vec![Effect::Save]);
    // The second wait is skipped on request.
    update(&mut app, Action::Toggle);
    update(&mut app, Action::Toggle);
    update(&mut app, Action::Toggle);
    assert!(
        app.runner
            .as_ref()
            .unwrap()
            .run
            .running_wait(lib, app.now, None)
            .is_some()
    );
    assert!(
        update(&mut app, Action::SkipWait).is_empty(),
        "asks why first"
    );
    for c in "done".chars() {
        update(&mut app, Action::Type(c));
    }
    assert_eq!(update(&mut app, Action::Confirm), vec![Effect::Save]);
    assert!(
        app.runner
            .as_ref()
            .unwrap()
            .run
            .running_wait(lib, app.now, None)
            .is_none()
    );
}

#[test]
fn copy_command_copies_the_filled_text_and_says_so() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    typed(&mut app, "unlock account 50053");
    let pos = app
        .selectable_rows()
        .iter()
        .position(|r| matches!(r, Row::Hit(h) if index.doc(app.home.results.hits[*h].doc).unwrap().id == "entra-account-locked"))
        .expect("the lockout flow is found");
    update(&mut app, Action::Pick(pos));
    update(&mut app, Action::Confirm);
    assert_eq!(node(&app), "who");
    // The input field takes letters that are keys elsewhere (q, b, r).
    typed(&mut app, "qbr@contoso.com");
    assert_eq!(
        app.runner.as_ref().unwrap().input.value(),
        "qbr@contoso.com"
    );
    update(&mut app, Action::Confirm);
    assert_eq!(node(&app), "read-logs");
    update(&mut app, Action::Pick(2));
    let effects = update(&mut app, Action::CopyCommand);
    let [Effect::Copy { text, what }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(
        text.contains("userPrincipalName eq 'qbr@contoso.com'"),
        "{text}"
    );
    // The message, once copied, says the command was not run.
    assert!(what.contains("not run"), "{what}");
    // A step without a command says so.
    update(&mut app, Action::Pick(0));
    assert!(update(&mut app, Action::CopyCommand).is_empty());
    // Esc in the input field would go back; here b goes back to the input, undoing it.
    update(&mut app, Action::Back);
    assert_eq!(node(&app), "who");
    assert!(app.runner.as_ref().unwrap().run.vars().is_empty());
}

#[test]
fn restart_asks_first_and_notes_are_kept() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    update(&mut app, Action::Note);
    typed(&mut app, "user on the phone");
    assert_eq!(update(&mut app, Action::Confirm), vec![Effect::Save]);
    assert_eq!(
        app.runner.as_ref().unwrap().run.visits[0].notes[0].text,
        "user on the phone"
    );
    update(&mut app, Action::Pick(1));
    update(&mut app, Action::Restart);
    assert!(matches!(app.overlay, Some(Overlay::ConfirmRestart)));
    update(&mut app, Action::No);
    assert_eq!(node(&app), "open-config");
    update(&mut app, Action::Restart);
    assert_eq!(update(&mut app, Action::Yes), vec![Effect::Save]);
    assert_eq!(node(&app), "hosted");
}

#[test]
fn goto_enters_the_other_flow_and_end_returns() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(&mut app, Action::SwitchFocus);
    let pos = app
        .selectable_rows()
        .iter()
        .position(|r| matches!(r, Row::Flow(i) if lib.flows()[*i].id == "cipp-mfa"))
        .unwrap();
    update(&mut app, Action::Pick(pos));
    update(&mut app, Action::Confirm);
    update(&mut app, Action::Toggle);
    update(&mut app, Action::Toggle);
    update(&mut app, Action::Confirm);
    update(&mut app, Action::Pick(0));
    let cur_flow = |app: &App| {
        app.runner
            .as_ref()
            .unwrap()
            .run
            .current(app.lib)
            .unwrap()
            .flow
            .id
            .clone()
    };
    assert_eq!(cur_flow(&app), "cipp-conditional-access");
    // Walk the called flow to any end by always taking the first answer / checking all.
    for _ in 0..40 {
        let runner = app.runner.as_ref().unwrap();
        let cur = runner.run.current(lib).unwrap();
        if cur.flow.id != "cipp-conditional-access" {
            break;
        }
        match &cur.node.kind {
            tshoot::flow::NodeKind::Checklist { steps, .. } => {
                for i in 0..steps.len() {
                    update(&mut app, Action::Pick(i));
                    update(&mut app, Action::SkipWait);
                    update(&mut app, Action::Toggle);
                }
                update(&mut app, Action::Confirm);
            }
            _ => {
                update(&mut app, Action::Confirm);
            }
        }
    }
    assert_eq!(cur_flow(&app), "cipp-mfa");
    assert_eq!(node(&app), "fixed");
}

#[test]
fn leaving_keeps_the_run_and_quit_asks_the_loop() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    // A peek: nothing done, so the run is dropped and the operator told nothing was kept.
    assert_eq!(
        update(&mut app, Action::Leave),
        vec![Effect::Save, Effect::LoadResumable]
    );
    assert_eq!(app.screen, Screen::Home);
    assert!(app.runner.is_none());
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("nothing was recorded")
    );
    // With an answer given, leaving keeps the run for Resume.
    open_token_cache(&mut app);
    update(&mut app, Action::Pick(1));
    assert_eq!(
        update(&mut app, Action::Leave),
        vec![Effect::Save, Effect::LoadResumable]
    );
    assert!(app.runner.is_some());
    assert!(app.notice.as_ref().unwrap().text.contains("progress saved"));
    assert_eq!(update(&mut app, Action::Quit), vec![Effect::Quit]);
}

#[test]
fn history_is_recalled_with_up() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    app.history = vec!["invalid_grant".into(), "AADSTS50020".into()];
    update(&mut app, Action::HistoryPrev);
    assert_eq!(app.home.query.value(), "AADSTS50020");
    update(&mut app, Action::HistoryPrev);
    assert_eq!(app.home.query.value(), "invalid_grant");
}

/// A key press as the terminal sends it.
fn key(c: char) -> ratatui::crossterm::event::Event {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn d_on_a_resume_row_discards_the_session_after_asking() {
    use tshoot::session::{Opening, Session, Store};
    use tshoot::tui::keymap::action_for;
    use tshoot::tui::persist::Persist;
    let lib = shipped();
    let index = Index::build(lib);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    run.choose(lib, 1, t(5)).unwrap();
    let s = Session::new(lib, run, &Opening::default(), t(0));
    store.save(&s).unwrap();
    let mut app = App::new(lib, &index, t(10));
    let mut persist = Persist::new(Some(Store::open(dir.path()).unwrap()));
    let mut out = Vec::new();
    // The home screen loads the Resume list through its effect.
    let (actions, _) = persist.run(Effect::LoadResumable, &app, &mut out);
    for a in actions {
        update(&mut app, a);
    }
    assert_eq!(app.resumable.len(), 1);
    assert_eq!(app.selected_row(), Some(Row::Resume(0)));
    // In the empty search box `d` would type; on a Resume row it asks to discard.
    assert_eq!(action_for(&key('d'), &app), Some(Action::Discard));
    update(&mut app, Action::Discard);
    assert!(matches!(app.overlay, Some(Overlay::ConfirmDiscard { .. })));
    // "n" keeps it.
    let no = action_for(&key('n'), &app).unwrap();
    assert!(update(&mut app, no).is_empty());
    assert!(store.path(&s.id).exists());
    // "y" discards it, and the list is read again.
    update(&mut app, Action::Discard);
    let yes = action_for(&key('y'), &app).unwrap();
    let effects = update(&mut app, yes);
    assert_eq!(effects, vec![Effect::Discard(s.id.clone())]);
    for effect in effects {
        let (actions, _) = persist.run(effect, &app, &mut out);
        for a in actions {
            for e in update(&mut app, a) {
                let (more, _) = persist.run(e, &app, &mut out);
                for a in more {
                    update(&mut app, a);
                }
            }
        }
    }
    assert!(!store.path(&s.id).exists());
    assert!(app.resumable.is_empty());
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("discarded session")
    );

    // A lookup that ends on a known error's screen: e writes a record of it.
    update(&mut app, Action::Paste("AADSTS50020: User account from identity provider does not exist in tenant\rTrace ID: 1234".into()));
    app.screen = Screen::Entry("entra-aadsts50020-user-unauthorized".into());
    let (actions, _) = persist.run(Effect::Export, &app, &mut out);
    let Some(Action::Done(tshoot::tui::action::Report::Info(said))) = actions.first() else {
        panic!("{actions:?}");
    };
    let path = said.trim_start_matches("written to ");
    let record = std::fs::read_to_string(path).unwrap();
    assert!(
        record.starts_with("Known error: User from another identity provider"),
        "{record}"
    );
    assert!(record.contains("Link       https://login.microsoftonline.com/error?code=50020"));
    assert!(
        record.contains("Pasted error:\n  AADSTS50020: User account"),
        "{record}"
    );
    assert!(record.contains("\n  Trace ID: 1234"), "{record}");
}

#[test]
fn ticket_fields_format_and_lookup_records_from_the_keys() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    open_token_cache(&mut app);
    // t asks for the ticket, then the customer; Enter goes on, and the fields are saved.
    update(&mut app, Action::Ticket);
    for c in "INC42".chars() {
        update(&mut app, Action::Type(c));
    }
    assert!(update(&mut app, Action::Confirm).is_empty());
    for c in "Contoso".chars() {
        update(&mut app, Action::Type(c));
    }
    let effects = update(&mut app, Action::Confirm);
    let ticket = &app.runner.as_ref().unwrap().opening.ticket;
    assert_eq!(ticket.reference.as_deref(), Some("INC42"));
    assert_eq!(ticket.customer.as_deref(), Some("Contoso"));
    assert!(
        matches!(&effects[..], [Effect::SetTicket(f)] if f.customer.as_deref() == Some("Contoso"))
    );
    // f switches the format c and e use.
    use tshoot::session::transcript::Format;
    assert_eq!(app.prefs.format, Format::Text);
    update(&mut app, Action::CycleFormat);
    assert_eq!(app.prefs.format, Format::Md);
    assert!(app.notice.as_ref().unwrap().text.contains("Markdown"));
    // On a known error's screen, c and e hand over a lookup record.
    app.screen = Screen::Entry("entra-aadsts50020-user-unauthorized".into());
    assert_eq!(
        update(&mut app, Action::CopyTranscript),
        vec![Effect::CopyTranscript]
    );
    assert_eq!(update(&mut app, Action::Export), vec![Effect::Export]);
}

#[test]
fn a_wait_that_runs_out_calls_the_operator_back_once() {
    use tshoot::tui::persist::Persist;
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    let mut run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    run.choose(lib, 1, t(1)).unwrap();
    for i in 0..3 {
        run.toggle_step(lib, i, t(2)).unwrap();
    }
    run.proceed(lib, t(3)).unwrap();
    run.choose(lib, 1, t(4)).unwrap();
    run.toggle_step(lib, 0, t(5)).unwrap();
    run.toggle_step(lib, 1, t(6)).unwrap(); // a 30-minute wait
    app.open_run(run, Default::default());
    app.now = t(10);
    assert!(update(&mut app, Action::Tick).is_empty(), "still running");
    app.now = t(6 + 30 * 60 + 1);
    let effects = update(&mut app, Action::Tick);
    let [Effect::WaitDone(step)] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("wait done: step 2")
    );
    assert!(update(&mut app, Action::Tick).is_empty(), "announced once");
    // The loop rings the bell and sets the title; the settings can turn either off.
    let mut persist = Persist::new(None);
    let mut out = Vec::new();
    persist.run(Effect::WaitDone(step.clone()), &app, &mut out);
    let sent = String::from_utf8(out).unwrap();
    assert!(sent.starts_with('\x07'), "{sent:?}");
    assert!(sent.contains(&format!("\x1b]0;tshoot: wait done — {step}\x07")));
    app.prefs.bell = false;
    app.prefs.title = false;
    let mut out = Vec::new();
    persist.run(Effect::WaitDone(step.clone()), &app, &mut out);
    assert!(out.is_empty());
}

fn chord(
    code: ratatui::crossterm::event::KeyCode,
    m: ratatui::crossterm::event::KeyModifiers,
) -> ratatui::crossterm::event::Event {
    ratatui::crossterm::event::Event::Key(ratatui::crossterm::event::KeyEvent::new(code, m))
}

#[test]
fn keys_people_know_move_the_selection_and_the_cursor() {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers as M};
    use tshoot::tui::keymap::action_for;
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    crate::util::render(&app, 80, 24);
    let ctrl = |c| chord(KeyCode::Char(c), M::CONTROL);
    assert_eq!(action_for(&ctrl('n'), &app), Some(Action::Move(1)));
    assert_eq!(action_for(&ctrl('j'), &app), Some(Action::Move(1)));
    assert_eq!(action_for(&ctrl('p'), &app), Some(Action::Move(-1)));
    assert_eq!(action_for(&ctrl('k'), &app), Some(Action::Move(-1)));
    assert_eq!(action_for(&ctrl('l'), &app), Some(Action::Redraw));
    assert_eq!(
        action_for(&chord(KeyCode::Up, M::ALT), &app),
        Some(Action::HistoryPrev)
    );
    // In the search box: Ctrl+A / Ctrl+E and Home / End, Alt+B / Alt+F by word.
    typed(&mut app, "invalid grant");
    for (event, action) in [
        (ctrl('a'), Action::CursorHome),
        (chord(KeyCode::Home, M::NONE), Action::CursorHome),
        (ctrl('e'), Action::CursorEnd),
        (chord(KeyCode::End, M::NONE), Action::CursorEnd),
        (chord(KeyCode::Char('b'), M::ALT), Action::WordLeft),
        (chord(KeyCode::Char('f'), M::ALT), Action::WordRight),
    ] {
        assert_eq!(action_for(&event, &app), Some(action.clone()), "{event:?}");
    }
    update(&mut app, Action::CursorHome);
    assert_eq!(app.home.query.visual_cursor(), 0);
    update(&mut app, Action::WordRight);
    assert_eq!(app.home.query.visual_cursor(), "invalid ".len());
    update(&mut app, Action::CursorEnd);
    assert_eq!(app.home.query.visual_cursor(), "invalid grant".len());
    // Typing in the middle and Ctrl+N still moving the selection, not the text.
    update(&mut app, Action::Move(1));
    assert_eq!(app.home.query.value(), "invalid grant");
}

#[test]
fn the_too_small_screen_ignores_every_key_but_quit() {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers as M};
    use tshoot::tui::keymap::action_for;
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    // On a checklist with a 5-minute wait, where Space would tick and start it.
    let mut run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    run.choose(lib, 1, t(1)).unwrap();
    app.open_run(run, Default::default());
    let small = crate::util::render(&app, 30, 10);
    assert!(small.contains("Terminal too small"), "{small}");
    for event in [
        chord(KeyCode::Char(' '), M::NONE),
        chord(KeyCode::Enter, M::NONE),
        chord(KeyCode::Char('w'), M::NONE),
        chord(KeyCode::Char('1'), M::NONE),
        chord(KeyCode::Down, M::NONE),
        chord(KeyCode::Esc, M::NONE),
    ] {
        assert_eq!(
            action_for(&event, &app),
            None,
            "{event:?} acted out of sight"
        );
    }
    assert_eq!(
        action_for(&chord(KeyCode::Char('q'), M::NONE), &app),
        Some(Action::Quit)
    );
    assert_eq!(
        action_for(&chord(KeyCode::Char('c'), M::CONTROL), &app),
        Some(Action::Quit)
    );
    // Back at a usable size, Space ticks again.
    crate::util::render(&app, 80, 24);
    assert_eq!(
        action_for(&chord(KeyCode::Char(' '), M::NONE), &app),
        Some(Action::Toggle)
    );
}

#[test]
fn w_asks_why_the_wait_is_cut_short() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    let mut run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    run.choose(lib, 1, t(1)).unwrap();
    for i in 0..3 {
        run.toggle_step(lib, i, t(2)).unwrap();
    }
    run.proceed(lib, t(3)).unwrap();
    run.choose(lib, 1, t(4)).unwrap();
    run.toggle_step(lib, 0, t(5)).unwrap();
    run.toggle_step(lib, 1, t(6)).unwrap(); // a 30-minute wait
    app.open_run(run, Default::default());
    app.now = t(60);
    assert!(
        update(&mut app, Action::SkipWait).is_empty(),
        "nothing happens yet"
    );
    assert!(matches!(
        app.overlay,
        Some(Overlay::SkipReason {
            step: 1,
            wait: true,
            ..
        })
    ));
    // An empty reason is refused and the question stays.
    assert!(update(&mut app, Action::Confirm).is_empty());
    assert!(app.overlay.is_some());
    for c in "vault was green".chars() {
        update(&mut app, Action::Type(c));
    }
    assert_eq!(update(&mut app, Action::Confirm), vec![Effect::Save]);
    let visit = app
        .runner
        .as_ref()
        .unwrap()
        .run
        .visits
        .last()
        .unwrap()
        .clone();
    let wait = visit.steps[1].wait.as_ref().unwrap();
    assert!(wait.skipped.is_some());
    assert_eq!(wait.reason.as_deref(), Some("vault was green"));
}

#[test]
fn after_resume_or_back_the_next_open_step_is_selected() {
    use tshoot::tui::action::{Report, Resumed};
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    let mut run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    run.choose(lib, 1, t(1)).unwrap();
    run.toggle_step(lib, 0, t(2)).unwrap();
    run.toggle_step(lib, 1, t(3)).unwrap();
    // Resumed with steps 1 and 2 ticked: the cursor is on step 3, not step 1.
    update(
        &mut app,
        Action::Done(Report::Resumed(Box::new(Resumed {
            run: run.clone(),
            opening: Default::default(),
            message: None,
        }))),
    );
    assert_eq!(app.runner.as_ref().unwrap().selected, 2);
    // Going on and coming back lands on the first open step again.
    update(&mut app, Action::Toggle);
    assert_eq!(update(&mut app, Action::Confirm), vec![Effect::Save]);
    update(&mut app, Action::Back);
    let runner = app.runner.as_ref().unwrap();
    assert_eq!(runner.run.visits.last().unwrap().node, "open-config");
    let open = runner
        .run
        .visits
        .last()
        .unwrap()
        .steps
        .iter()
        .position(|m| m.state == StepState::Open);
    assert_eq!(Some(runner.selected), open.or(Some(0)));
}

#[test]
fn enter_on_a_known_error_shows_it_before_its_guided_fix() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(
        &mut app,
        Action::Paste(
            "Could not get token for contoso.onmicrosoft.com: The token has expired.".into(),
        ),
    );
    assert!(matches!(app.selected_row(), Some(Row::Hit(0))));
    assert!(
        update(&mut app, Action::Confirm)
            .iter()
            .all(|e| matches!(e, Effect::RememberQuery(_)))
    );
    let Screen::Entry(id) = app.screen.clone() else {
        panic!("expected the known error's screen, got {:?}", app.screen);
    };
    assert!(
        lib.entry(&id).unwrap().flow.is_some(),
        "{id} has a guided fix"
    );
    assert!(app.runner.is_none(), "no flow started yet");
    assert_eq!(
        update(&mut app, Action::Confirm),
        vec![Effect::StartSession]
    );
    assert_eq!(app.screen, Screen::Flow);
    assert_eq!(
        app.runner.as_ref().unwrap().opening.entry.as_deref(),
        Some(id.as_str())
    );
}

#[test]
fn a_resolved_end_asks_if_the_error_is_gone() {
    use tshoot::tui::keymap::action_for;
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    crate::util::cipp_mfa_at_resolved_end(&mut app);
    assert_eq!(node(&app), "resolved");
    let asks = |app: &App| app.runner.as_ref().unwrap().run.asks_if_gone(app.lib);
    assert!(asks(&app));
    assert_eq!(app.runner.as_ref().unwrap().run.outcome(lib), None);
    // Enter does not answer: the answer is the outcome, so it has keys of its own.
    assert!(update(&mut app, Action::Confirm).is_empty());
    assert_eq!(app.screen, Screen::Flow);
    let notice = app.notice.as_ref().unwrap().text.clone();
    assert_eq!(notice, "Is the error gone? press y or n");
    // Here y and n answer (elsewhere on the flow screen they copy a command, add a note).
    assert_eq!(action_for(&key('y'), &app), Some(Action::Yes));
    assert_eq!(action_for(&key('n'), &app), Some(Action::No));
    // No: the run goes on in the triage flow, saved.
    assert_eq!(update(&mut app, Action::No), vec![Effect::Save]);
    let cur = |app: &App| {
        let cur = app.runner.as_ref().unwrap().run.current(app.lib).unwrap();
        (cur.flow.id.clone(), cur.node.id.clone())
    };
    assert_eq!(cur(&app), ("triage".to_owned(), "what".to_owned()));
    // Back undoes the answer; yes resolves.
    assert_eq!(update(&mut app, Action::Back), vec![Effect::Save]);
    assert!(asks(&app));
    assert_eq!(update(&mut app, Action::Yes), vec![Effect::Save]);
    let run = &app.runner.as_ref().unwrap().run;
    assert_eq!(run.outcome(lib), Some(tshoot::flow::Outcome::Resolved));
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("flow finished: resolved")
    );
    assert_eq!(action_for(&key('n'), &app), Some(Action::Note));
    // Once answered, y no longer answers (the end screen has no command to copy).
    assert_ne!(action_for(&key('y'), &app), Some(Action::Yes));
}
