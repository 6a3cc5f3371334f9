//! Properties of the wizard's `update()` under arbitrary action sequences over the shipped
//! flows, and of the session reader on arbitrary bytes: never a panic, and the invariants
//! hold after every step (the current node exists, the ticks belong to the current checklist,
//! back after an answer restores the state before it).

use crate::util::{shipped, shipped_index};
use proptest::prelude::*;
use std::time::{Duration, SystemTime};
use tshoot::flow::NodeKind;
use tshoot::tui::state::Screen;
use tshoot::tui::{Action, App, update};

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        any::<char>().prop_map(Action::Type),
        Just(Action::DeleteChar),
        Just(Action::DeleteWord),
        Just(Action::ClearField),
        ".{0,80}".prop_map(Action::Paste),
        (-12isize..12).prop_map(Action::Move),
        (0usize..12).prop_map(Action::Pick),
        (0usize..12).prop_map(Action::Click),
        Just(Action::Confirm),
        Just(Action::Confirm),
        Just(Action::Confirm),
        Just(Action::Cancel),
        Just(Action::SwitchFocus),
        Just(Action::HistoryPrev),
        Just(Action::Toggle),
        Just(Action::Toggle),
        Just(Action::Skip),
        Just(Action::SkipWait),
        Just(Action::CopyCommand),
        Just(Action::Back),
        Just(Action::Restart),
        Just(Action::Yes),
        Just(Action::No),
        Just(Action::Note),
        Just(Action::ToggleNodeHelp),
        Just(Action::Help),
        Just(Action::Leave),
        Just(Action::Tick),
    ]
}

fn check_invariants(app: &App) -> Result<(), TestCaseError> {
    if let Some(runner) = &app.runner {
        let cur = runner.run.current(app.lib);
        prop_assert!(cur.is_ok(), "the current node must exist: {:?}", cur.err());
        let Ok(cur) = cur else { return Ok(()) };
        let steps = match &cur.node.kind {
            NodeKind::Checklist { steps, .. } => steps.len(),
            NodeKind::Step { .. } => 1,
            _ => 0,
        };
        prop_assert_eq!(
            cur.visit.steps.len(),
            steps,
            "ticks belong to the current node"
        );
        prop_assert!(
            !matches!(cur.node.kind, NodeKind::Goto { .. }),
            "a goto is never where the operator stands"
        );
        for v in &runner.run.visits[..runner.run.visits.len() - 1] {
            prop_assert!(
                v.answer.is_some(),
                "every passed node records how it was left"
            );
        }
    } else {
        prop_assert!(app.screen != Screen::Flow);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn update_never_panics_and_keeps_invariants(
        actions in proptest::collection::vec(action(), 1..80),
        step_secs in 0u64..120,
    ) {
        let mut app = App::new(shipped(), shipped_index(), SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
        // Start on a flow half of the time, so flows are reached often.
        update(&mut app, Action::SwitchFocus);
        for action in actions {
            app.now += Duration::from_secs(step_secs);
            let _ = update(&mut app, action);
            check_invariants(&app)?;
        }
    }

    #[test]
    fn back_after_an_answer_restores_the_state_before(
        flow in 0usize..64,
        picks in proptest::collection::vec(0usize..4, 1..12),
    ) {
        let lib = shipped();
        let flows = lib.flows();
        let flow = &flows[flow % flows.len()];
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let mut run = tshoot::engine::Run::start(lib, &flow.id, now).unwrap();
        for pick in picks {
            let before = run.clone();
            let moved = match &run.current(lib).unwrap().node.kind {
                NodeKind::Question { choices, .. } => run.choose(lib, pick % choices.len(), now).is_ok(),
                NodeKind::Input { .. } => run.submit_input(lib, "contoso.com", now).is_ok(),
                _ => false,
            };
            if !moved {
                break;
            }
            prop_assert!(run.back(lib));
            prop_assert_eq!(&run, &before);
            // Go forward again for the next round.
            match &run.current(lib).unwrap().node.kind {
                NodeKind::Question { choices, .. } => { run.choose(lib, pick % choices.len(), now).unwrap(); }
                _ => { run.submit_input(lib, "contoso.com", now).unwrap(); }
            }
        }
    }

    #[test]
    fn session_reader_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let dir = tempfile::tempdir().unwrap();
        let store = tshoot::session::Store::open(dir.path()).unwrap();
        let id = "20261125-130000-1-abcd";
        std::fs::write(store.path(id), &bytes).unwrap();
        let _ = store.load(id);
        let listing = store.list();
        prop_assert!(listing.sessions.len() + listing.warnings.len() <= 1);
    }

    #[test]
    fn session_reader_never_panics_on_mutated_sessions(cut in 0usize..4000, flip in any::<u8>(), at in 0usize..4000) {
        // A real session file, truncated and with one byte changed: parse errors, never panics.
        let lib = shipped();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let mut run = tshoot::engine::Run::start(lib, "cipp-token-cache", now).unwrap();
        run.choose(lib, 1, now).unwrap();
        run.toggle_step(lib, 0, now).unwrap();
        let session = tshoot::session::Session::new(lib, run, &tshoot::session::Opening::pasted("AADSTS50020", None), now);
        let mut bytes = serde_json::to_vec_pretty(&session).unwrap();
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = flip;
        }
        bytes.truncate(cut.min(bytes.len()));
        if let Ok(mut parsed) = serde_json::from_slice::<tshoot::session::Session>(&bytes) {
            // Whatever parsed must resume safely.
            let _ = tshoot::session::resume(lib, &mut parsed, now);
            if let Ok(cur) = parsed.run.current(lib) {
                let _ = cur.node;
            }
        }
    }
}
