//! The wizard's `update()` driven by arbitrary action sequences over the shipped flows: it
//! must never panic, and after every action the current node exists, the ticks belong to it,
//! and no goto is left as the current node.

#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};
use tshoot::flow::{Library, NodeKind, Sources, load};
use tshoot::search::Index;
use tshoot::tui::{Action, App, update};

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        load(&Sources {
            builtin: true,
            paths: Vec::new(),
        })
        .library
    })
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(library()))
}

/// An action, or time passing (the clock is the app's, so waits can finish).
#[derive(Debug, Arbitrary)]
enum Op {
    Act(Action),
    Wait(u16),
}

fuzz_target!(|ops: Vec<Op>| {
    let mut app = App::new(
        library(),
        index(),
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
    );
    for op in ops.into_iter().take(500) {
        let action = match op {
            Op::Act(action) => action,
            Op::Wait(s) => {
                app.now += Duration::from_secs(u64::from(s));
                Action::Tick
            }
        };
        let _ = update(&mut app, action);
        if let Some(runner) = &app.runner {
            let cur = runner
                .run
                .current(app.lib)
                .expect("the current node exists");
            let steps = match &cur.node.kind {
                NodeKind::Checklist { steps, .. } => steps.len(),
                NodeKind::Step { .. } => 1,
                _ => 0,
            };
            assert_eq!(
                cur.visit.steps.len(),
                steps,
                "ticks belong to the current node"
            );
            // Gotos and branches are passed through, never stood on.
            assert!(!matches!(
                cur.node.kind,
                NodeKind::Goto { .. } | NodeKind::Branch { .. }
            ));
        }
    }
});
