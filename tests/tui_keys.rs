//! The key table as the operator meets it: every hint names a key that does what it says,
//! the preview scrolls, cut rows say so, status messages expire, running timers show, and
//! commands are never split inside a word.

use crate::util::{render, shipped, t};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers as M};
use tshoot::search::Index;
use tshoot::tui::keymap::{Act, Ctx, Key, TABLE, action_for, help, hints};
use tshoot::tui::{Action, App, update};

fn chord(code: KeyCode, m: M) -> Event {
    Event::Key(KeyEvent::new(code, m))
}

/// The key press a hint's label names.
fn press(label: &str) -> Option<Event> {
    let code = match label {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Space" => KeyCode::Char(' '),
        "F1" => KeyCode::F(1),
        "PgDn" => KeyCode::PageDown,
        "↑↓" | "↑↓/1-9" => KeyCode::Down,
        "any key" => KeyCode::Char('z'),
        l if l.starts_with("Ctrl+") => {
            let c = l.chars().last()?.to_ascii_lowercase();
            return Some(chord(KeyCode::Char(c), M::CONTROL));
        }
        l if l.chars().count() == 1 => KeyCode::Char(l.chars().next()?),
        _ => return None,
    };
    Some(chord(code, M::NONE))
}

/// What a hint's word promises, as the action its key must produce.
fn promised(word: &str) -> Option<Action> {
    Some(match word {
        "quit" => return None, // q (Leave) on the list, Ctrl+C elsewhere: both end tshoot.
        "help" => Action::Help,
        "open" | "answer" | "continue" | "save" | "home" | "return" | "guided fix" => {
            Action::Confirm
        }
        "select" | "choose" | "scroll" | "finding" => Action::Move(1),
        "open entry" => Action::Confirm,
        "claims" => Action::ScrollPreview(10),
        "browse" => Action::SwitchFocus,
        "clear" | "cancel" | "close" => Action::Cancel,
        "back" => return None, // Esc (Cancel) on an input node, b (Back) elsewhere.
        "leave" => Action::Leave,
        "check" => Action::Toggle,
        "skip" => Action::Skip,
        "copy cmd" => Action::CopyCommand,
        "copy" | "copy record" => Action::CopyTranscript,
        "export" => Action::Export,
        "ticket" => Action::Ticket,
        "discard" | "restart" => Action::Yes,
        "keep" | "keep going" | "still there" => Action::No,
        "gone" => Action::Yes,
        _ => return None,
    })
}

/// Checks every hint on the screen `app` is on: its key is bound and does what the hint says.
fn hints_keep_their_word(app: &App, screen: &str) -> usize {
    render(app, 80, 24);
    let shown = hints(app);
    assert!(!shown.is_empty(), "{screen}: no hints");
    for hint in &shown {
        let event = press(hint.keys).unwrap_or_else(|| panic!("{screen}: {:?}", hint.keys));
        let action = action_for(&event, app);
        assert!(
            action.is_some(),
            "{screen}: hint {:?} is not bound",
            hint.keys
        );
        if let Some(want) = promised(hint.word) {
            assert_eq!(action, Some(want), "{screen}: {} {}", hint.keys, hint.word);
        }
    }
    shown.len()
}

#[test]
fn every_hint_on_every_screen_names_a_key_that_does_it() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    hints_keep_their_word(&app, "home");
    update(&mut app, Action::SwitchFocus);
    hints_keep_their_word(&app, "browse");
    update(&mut app, Action::SwitchFocus);
    for c in "AADSTS50020".chars() {
        update(&mut app, Action::Type(c));
    }
    hints_keep_their_word(&app, "results");
    update(&mut app, Action::OpenEntry("aadsts50020".into()));
    hints_keep_their_word(&app, "entry");
    update(&mut app, Action::Back);
    let run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    app.open_run(run, Default::default());
    hints_keep_their_word(&app, "question");
    update(&mut app, Action::Help);
    hints_keep_their_word(&app, "help popup");
    update(&mut app, Action::Cancel);
    update(&mut app, Action::Restart);
    hints_keep_their_word(&app, "restart popup");
    update(&mut app, Action::No);
    update(&mut app, Action::Pick(1));
    hints_keep_their_word(&app, "checklist");
    update(&mut app, Action::Skip);
    hints_keep_their_word(&app, "skip popup");
}

#[test]
fn the_help_popup_lists_the_screen_under_it_from_the_same_table() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    let run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    app.open_run(run, Default::default());
    update(&mut app, Action::Pick(1));
    update(&mut app, Action::Help);
    let keys = help(&app);
    let has = |k: &str, what: &str| keys.iter().any(|(kk, w)| *kk == k && w.contains(what));
    assert!(has("Space / x", "check"), "{keys:?}");
    assert!(has("w", "timer"), "{keys:?}");
    assert!(has("Ctrl+C", "quit"), "{keys:?}");
    assert!(
        !keys.iter().any(|(k, _)| *k == "any key"),
        "the popup's own key is not listed"
    );
    // And what help says Space does, Space does (once the popup is closed).
    update(&mut app, Action::Cancel);
    assert_eq!(
        action_for(&chord(KeyCode::Char(' '), M::NONE), &app),
        Some(Action::Toggle)
    );
    assert_eq!(
        action_for(&chord(KeyCode::Char('x'), M::NONE), &app),
        Some(Action::Toggle)
    );
}

#[test]
fn keys_only_act_where_they_are_bound() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    render(&app, 80, 24);
    // In the empty search box ? is help; once there is text it is typed.
    let q = chord(KeyCode::Char('?'), M::NONE);
    assert_eq!(action_for(&q, &app), Some(Action::Help));
    update(&mut app, Action::Type('a'));
    assert_eq!(action_for(&q, &app), Some(Action::Type('?')));
    // j and k type in the search box but move in the browse list.
    let j = chord(KeyCode::Char('j'), M::NONE);
    assert_eq!(action_for(&j, &app), Some(Action::Type('j')));
    update(&mut app, Action::SwitchFocus);
    assert_eq!(action_for(&j, &app), Some(Action::Move(1)));
    // On a question, Space ticks nothing and 2 answers.
    let run = tshoot::engine::Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    app.open_run(run, Default::default());
    assert_eq!(action_for(&chord(KeyCode::Char(' '), M::NONE), &app), None);
    assert_eq!(
        action_for(&chord(KeyCode::Char('2'), M::NONE), &app),
        Some(Action::Pick(1))
    );
    // Shift+Tab arrives as BackTab with Shift held, and still switches focus at home.
    update(&mut app, Action::Leave);
    assert_eq!(
        action_for(&chord(KeyCode::BackTab, M::SHIFT), &app),
        Some(Action::SwitchFocus)
    );
}

#[test]
fn the_preview_scrolls_with_shift_arrows_and_the_wheel_over_it() {
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    for c in "AADSTS50020".chars() {
        update(&mut app, Action::Type(c));
    }
    let before = render(&app, 80, 16);
    assert!(
        before.contains("↓"),
        "a long preview says there is more:\n{before}"
    );
    assert_eq!(
        action_for(&chord(KeyCode::Down, M::SHIFT), &app),
        Some(Action::ScrollPreview(1))
    );
    let wheel = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column,
            row,
            modifiers: M::NONE,
        })
    };
    assert_eq!(
        action_for(&wheel(60, 8), &app),
        Some(Action::ScrollPreview(3))
    );
    assert_eq!(
        action_for(&wheel(10, 8), &app),
        Some(Action::Move(1)),
        "over the list"
    );
    let selected = app.home.selected;
    update(&mut app, Action::ScrollPreview(3));
    assert_eq!(app.home.preview_scroll, 3);
    assert_eq!(app.home.selected, selected, "the list did not move");
    let after = render(&app, 80, 16);
    assert_ne!(before, after);
    // The first preview line scrolled out of view.
    let first = |s: &str| s.lines().nth(4).map(|l| l[l.len() / 2..].to_owned());
    assert_ne!(first(&before), first(&after));
    // It never scrolls past its end, and moving the selection starts at the top again.
    update(&mut app, Action::ScrollPreview(i16::MAX));
    render(&app, 80, 16);
    assert!(app.home.preview_scroll <= app.hitmap.borrow().preview_max);
    update(&mut app, Action::Move(1));
    assert_eq!(app.home.preview_scroll, 0);
}

#[test]
fn cut_rows_end_with_an_ellipsis_and_long_lists_say_more_below() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(&mut app, Action::SwitchFocus);
    let small = render(&app, 40, 12);
    let rows: Vec<&str> = small.lines().filter(|l| l.contains("FLOW ")).collect();
    assert!(!rows.is_empty(), "{small}");
    assert!(
        rows.iter()
            .any(|r| r.trim_end_matches('│').trim_end().ends_with('…')),
        "a cut title ends with …:\n{small}"
    );
    assert!(
        small.contains("more"),
        "the list says more rows follow:\n{small}"
    );
}

#[test]
fn status_messages_expire_but_warnings_stay_longer() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    app.info("copied");
    app.now = t(5);
    update(&mut app, Action::Tick);
    assert!(app.notice.is_some(), "still fresh");
    app.now = t(9);
    update(&mut app, Action::Tick);
    assert!(app.notice.is_none(), "an old notice misleads");
    app.warn("could not save");
    app.now = t(20);
    update(&mut app, Action::Tick);
    assert!(app.notice.is_some(), "a warning is up longer");
    app.now = t(40);
    update(&mut app, Action::Tick);
    assert!(app.notice.is_none());
}

#[test]
fn running_timers_show_on_the_status_line() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    crate::util::token_cache_waiting(&mut app);
    let wait_step = 3;
    app.now = t(60);
    let screen = render(&app, 80, 24);
    let status = screen.lines().last().unwrap_or("");
    assert!(
        status.starts_with(&format!("⏱ 4:00 step {}", wait_step + 1)),
        "{screen}"
    );
    app.now = t(2 + 24 * 3600);
    let later = render(&app, 80, 24);
    assert!(!later.lines().last().unwrap_or("").contains('⏱'), "{later}");
}

#[test]
fn a_command_is_never_split_inside_a_guid() {
    let yaml = r#"
flows:
  - id: guid-demo
    title: Long command
    product: Test
    summary: A command with a GUID wider than the screen's indented column.
    start: steps
    nodes:
      - id: steps
        checklist: Grant the permission
        steps:
          - text: Add the role
            command: New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId 8c5a1e2f-4b7d-4e21-9f3a-0d6c2b8e7a41 -ResourceId 00000003-0000-0000-c000-000000000000
            risk: change
        next: done
      - id: done
        end: resolved
"#;
    let loaded = tshoot::flow::load_texts(&[("guid.yaml", yaml)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let lib = &loaded.library;
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    let run = tshoot::engine::Run::start(lib, "guid-demo", t(0)).unwrap();
    app.open_run(run, Default::default());
    for (w, h) in [(40, 24), (60, 24), (80, 24)] {
        let screen = render(&app, w, h);
        for guid in [
            "8c5a1e2f-4b7d-4e21-9f3a-0d6c2b8e7a41",
            "00000003-0000-0000-c000-000000000000",
        ] {
            assert!(
                screen.lines().any(|l| l.contains(guid)),
                "{guid} split at {w} columns:\n{screen}"
            );
        }
        // No word of the command is broken at a hyphen either (at 40 columns the cmdlet's
        // name is wider than the list and is cut, marked "…", on a line of its own).
        let cmdlet = "New-MgServicePrincipalAppRoleAssignment";
        if w > 40 {
            assert!(screen.lines().any(|l| l.contains(cmdlet)), "{screen}");
        } else {
            assert!(
                screen
                    .lines()
                    .any(|l| l.contains("New-MgServicePrincipalAppRoleAssign…"))
            );
        }
    }
    // And y copies the command exactly, in one line.
    let effects = update(&mut app, Action::CopyCommand);
    let copied = format!("{effects:?}");
    assert!(
        copied.contains("-ServicePrincipalId 8c5a1e2f-4b7d-4e21-9f3a-0d6c2b8e7a41 -ResourceId")
    );
}

// The table itself: no key bound twice in one context, hints that name keys the binding
// has, catch-alls last.

#[test]
fn no_key_is_bound_twice_in_one_context() {
    let mut seen: Vec<(Ctx, Key)> = Vec::new();
    for binding in TABLE {
        for (key, _) in binding.keys() {
            // Catch-alls come last in their context on purpose.
            if matches!(key, Key::AnyChar | Key::AnyKey) {
                continue;
            }
            assert!(
                !seen.contains(&(binding.ctx, *key)),
                "{key:?} is bound twice in {:?}",
                binding.ctx
            );
            seen.push((binding.ctx, *key));
        }
    }
}

#[test]
fn every_hint_names_a_key_of_its_binding() {
    for binding in TABLE {
        let Some((label, _)) = binding.hint else {
            continue;
        };
        let Some(Event::Key(event)) = press(label) else {
            panic!("hint key {label:?} is not a key")
        };
        assert!(
            binding.keys().any(|(k, _)| k.matches(&event)),
            "the hint {label:?} in {:?} names a key its binding lacks",
            binding.ctx
        );
    }
}

#[test]
fn every_described_binding_has_keys_or_says_what_to_do() {
    for binding in TABLE {
        if !binding.help.is_empty() {
            assert!(
                !binding.shown.is_empty(),
                "{:?}: help without keys",
                binding.ctx
            );
        }
        if binding.keys().all(|(_, a)| *a == Act::Nothing) && binding.keys().next().is_some() {
            assert!(binding.hint.is_none() || binding.ctx == Ctx::TooSmall);
        }
    }
}

#[test]
fn catch_alls_come_last_in_their_context() {
    for (i, binding) in TABLE.iter().enumerate() {
        if binding.keys().any(|(k, _)| *k == Key::AnyKey) {
            assert!(
                TABLE[i + 1..].iter().all(|b| b.ctx != binding.ctx),
                "a binding after the catch-all of {:?} can never match",
                binding.ctx
            );
        }
    }
}
