//! Unit tests of the runner over a small flow that has every node kind.

use super::*;
use crate::flow::{Library, Outcome, load_texts};
use std::time::{Duration, SystemTime};

const FLOWS: &str = r#"
flows:
  - id: main
    title: Main
    product: CIPP
    summary: test flow
    nodes:
      - id: q
        question: Hosted?
        choices:
          - label: "Yes"
            next: ask
          - label: "No"
            next: list
      - id: ask
        input: Which tenant?
        var: tenant
        next: one
      - id: one
        step: Sign in to {{tenant}}.
        next: bye
      - id: list
        checklist: Do these
        steps:
          - text: Stop the app
            wait: 5m
          - text: Start the app
          - text: Save
        next: sub
      - id: sub
        goto: other
        next: bye
      - id: bye
        end: resolved
        message: All done.
  - id: other
    title: Other
    product: CIPP
    summary: called flow
    nodes:
      - id: o1
        question: Works?
        choices:
          - label: "Yes"
            next: o-end
      - id: o-end
        end: escalate
        message: back to main
"#;

fn lib() -> Library {
    let loaded = load_texts(&[("t.yaml", FLOWS)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.library
}

fn t(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + secs)
}

fn node(run: &Run, lib: &Library) -> String {
    run.current(lib).unwrap().node.id.clone()
}

#[test]
fn question_branches_and_input_fills_templates() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    assert_eq!(node(&run, &lib), "q");
    assert_eq!(run.choose(&lib, 5, t(1)), Err(EngineError::NoSuchChoice(6)));
    run.choose(&lib, 0, t(1)).unwrap();
    assert_eq!(node(&run, &lib), "ask");
    assert_eq!(
        run.submit_input(&lib, "  ", t(2)),
        Err(EngineError::EmptyInput)
    );
    run.submit_input(&lib, " contoso.com ", t(2)).unwrap();
    assert_eq!(
        run.fill("Sign in to {{tenant}}."),
        "Sign in to contoso.com."
    );
    assert_eq!(run.breadcrumb(), vec!["Yes", "contoso.com"]);
    // A single step is checked by going on.
    run.proceed(&lib, t(3)).unwrap();
    assert_eq!(node(&run, &lib), "bye");
    // A resolved end asks whether the error is gone before it counts.
    assert!(run.asks_if_gone(&lib));
    assert_eq!(run.outcome(&lib), None);
    assert!(!run.is_finished(&lib));
    run.answer_gone(&lib, true, t(4)).unwrap();
    assert_eq!(run.outcome(&lib), Some(Outcome::Resolved));
    assert!(run.is_finished(&lib));
    assert_eq!(run.proceed(&lib, t(4)), Err(EngineError::Finished));
}

#[test]
fn checklist_needs_every_step_and_waits() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    run.choose(&lib, 1, t(0)).unwrap();
    assert_eq!(node(&run, &lib), "list");
    assert_eq!(
        run.proceed(&lib, t(1)),
        Err(EngineError::StepsOpen(vec![0, 1, 2]))
    );
    run.toggle_step(&lib, 0, t(10)).unwrap();
    // The wait started when step 1 was checked: 5 minutes.
    assert_eq!(
        run.wait_left(&lib, 0, t(70)),
        Some(Duration::from_secs(240))
    );
    // The next step cannot be checked while the wait runs.
    assert!(matches!(
        run.toggle_step(&lib, 1, t(70)),
        Err(EngineError::WaitRunning { step: 0, .. })
    ));
    // After the wait it can.
    run.toggle_step(&lib, 1, t(320)).unwrap();
    assert_eq!(run.wait_left(&lib, 0, t(320)), None);
    assert_eq!(
        run.skip_step(&lib, 2, " ", t(321)),
        Err(EngineError::EmptyReason)
    );
    run.skip_step(&lib, 2, "saved already", t(321)).unwrap();
    let marks = &run.visits.last().unwrap().steps;
    assert_eq!(marks[2].state, StepState::Skipped);
    assert_eq!(marks[2].reason.as_deref(), Some("saved already"));
    // Toggling a skipped step reopens it.
    run.toggle_step(&lib, 2, t(322)).unwrap();
    assert_eq!(run.visits.last().unwrap().steps[2].state, StepState::Open);
    run.toggle_step(&lib, 2, t(323)).unwrap();
    run.proceed(&lib, t(324)).unwrap();
    // The goto entered the other flow at once.
    let cur = run.current(&lib).unwrap();
    assert_eq!(
        (cur.flow.id.as_str(), cur.node.id.as_str()),
        ("other", "o1")
    );
}

#[test]
fn skipping_a_wait_lets_the_checklist_go_on() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    run.choose(&lib, 1, t(0)).unwrap();
    for i in 0..1 {
        run.toggle_step(&lib, i, t(1)).unwrap();
    }
    assert!(
        run.skip_wait(&lib, 1, "done sooner", t(2)).is_err(),
        "step 2 has no wait"
    );
    run.skip_wait(&lib, 0, "done sooner", t(2)).unwrap();
    assert_eq!(run.running_wait(&lib, t(2), None), None);
    run.toggle_step(&lib, 1, t(3)).unwrap();
    run.toggle_step(&lib, 2, t(3)).unwrap();
    assert!(run.proceed(&lib, t(4)).is_ok());
}

#[test]
fn goto_returns_to_the_calling_flow() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    run.choose(&lib, 1, t(0)).unwrap();
    run.toggle_step(&lib, 0, t(0)).unwrap();
    run.skip_wait(&lib, 0, "done sooner", t(0)).unwrap();
    run.toggle_step(&lib, 1, t(0)).unwrap();
    run.toggle_step(&lib, 2, t(0)).unwrap();
    run.proceed(&lib, t(0)).unwrap();
    run.choose(&lib, 0, t(1)).unwrap();
    // The called flow's end is not the end of the walk: it returns.
    assert_eq!(node(&run, &lib), "o-end");
    assert!(!run.is_finished(&lib));
    assert_eq!(run.outcome(&lib), None);
    run.proceed(&lib, t(2)).unwrap();
    let cur = run.current(&lib).unwrap();
    assert_eq!(
        (cur.flow.id.as_str(), cur.node.id.as_str()),
        ("main", "bye")
    );
    assert!(cur.visit.calls.is_empty());
    assert_eq!(
        run.outcome(&lib),
        None,
        "asks whether the error is gone first"
    );
    run.answer_gone(&lib, true, t(3)).unwrap();
    assert_eq!(run.outcome(&lib), Some(Outcome::Resolved));
}

const TRIAGE: &str = r#"
flows:
  - id: triage
    title: Start here
    product: General
    summary: triage
    nodes:
      - id: what
        question: What now?
        choices:
          - label: Try the main flow
            next: again
          - label: Give up
            next: give-up
      - id: again
        goto: main
      - id: give-up
        end: unresolved
"#;

/// Walks `main` to its resolved end through the input.
fn to_resolved_end(lib: &Library, run: &mut Run) {
    run.choose(lib, 0, t(1)).unwrap();
    run.submit_input(lib, "contoso.com", t(2)).unwrap();
    run.proceed(lib, t(3)).unwrap();
    assert!(run.asks_if_gone(lib));
}

#[test]
fn error_still_there_goes_on_in_triage_once_then_escalates() {
    // Without a triage flow, "no" ends the walk escalated.
    let plain = lib();
    let mut run = Run::start(&plain, "main", t(0)).unwrap();
    to_resolved_end(&plain, &mut run);
    assert_eq!(run.after_no(&plain), "the flow ends escalated");
    run.answer_gone(&plain, false, t(4)).unwrap();
    assert!(!run.asks_if_gone(&plain));
    assert_eq!(run.outcome(&plain), Some(Outcome::Escalate));
    assert!(run.is_finished(&plain));
    let c = run.visits.last().unwrap().confirmed.clone().unwrap();
    assert!(!c.error_gone);
    assert_eq!(gone_summary(c.error_gone, None), "No — escalated");
    assert!(run.answer_gone(&plain, true, t(5)).is_err(), "asked once");

    // With one, "no" goes on at its start; back returns to the question.
    let lib = load_texts(&[("t.yaml", FLOWS), ("triage.yaml", TRIAGE)]).library;
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    to_resolved_end(&lib, &mut run);
    assert_eq!(run.after_no(&lib), "go on in \"Start here\"");
    run.answer_gone(&lib, false, t(4)).unwrap();
    let cur = run.current(&lib).unwrap();
    assert_eq!(
        (cur.flow.id.as_str(), cur.node.id.as_str()),
        ("triage", "what")
    );
    assert!(cur.visit.calls.is_empty());
    assert!(!run.is_finished(&lib));
    assert!(run.back(&lib));
    assert_eq!(node(&run, &lib), "bye");
    assert!(run.asks_if_gone(&lib), "back undoes the answer");
    run.answer_gone(&lib, false, t(5)).unwrap();

    // The saved walk reads back and still holds against the library.
    let json = serde_json::to_string(&run).unwrap();
    let mut again: Run = serde_json::from_str(&json).unwrap();
    assert_eq!(again, run);
    assert_eq!(again.reconcile(&lib, t(6)).unwrap(), None);
    assert_eq!(again, run);

    // Triage leads back to the same fix: this time "no" escalates, with no loop.
    run.choose(&lib, 0, t(6)).unwrap();
    to_resolved_end(&lib, &mut run);
    assert_eq!(run.after_no(&lib), "the flow ends escalated");
    run.answer_gone(&lib, false, t(7)).unwrap();
    assert_eq!(run.outcome(&lib), Some(Outcome::Escalate));
    assert!(run.is_finished(&lib));
}

#[test]
fn old_walks_without_the_answer_still_read() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    to_resolved_end(&lib, &mut run);
    let json = serde_json::to_string(&run).unwrap();
    assert!(
        !json.contains("confirmed"),
        "nothing new is written until answered"
    );
    let back: Run = serde_json::from_str(&json).unwrap();
    assert!(back.asks_if_gone(&lib));
    // Other outcomes need no answer.
    assert_eq!(
        confirmed_outcome(Outcome::Escalate, None),
        Some(Outcome::Escalate)
    );
    assert_eq!(confirmed_outcome(Outcome::Resolved, None), None);
}

#[test]
fn back_undoes_one_answer_and_passes_through_gotos() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    assert!(!run.back(&lib), "nothing before the first node");
    run.choose(&lib, 0, t(1)).unwrap();
    run.submit_input(&lib, "contoso.com", t(2)).unwrap();
    assert!(run.back(&lib));
    assert_eq!(node(&run, &lib), "ask");
    assert!(run.vars().is_empty(), "the input is undone");
    assert!(run.back(&lib));
    assert_eq!(node(&run, &lib), "q");
    assert_eq!(run.visits.len(), 1);
    assert_eq!(run.visits[0].answer, None);

    // Back from the first node of a called flow skips the goto, landing on the checklist
    // with its ticks intact.
    run.choose(&lib, 1, t(3)).unwrap();
    run.toggle_step(&lib, 0, t(3)).unwrap();
    run.skip_wait(&lib, 0, "done sooner", t(3)).unwrap();
    run.toggle_step(&lib, 1, t(3)).unwrap();
    run.toggle_step(&lib, 2, t(3)).unwrap();
    run.proceed(&lib, t(4)).unwrap();
    assert!(run.back(&lib));
    assert_eq!(node(&run, &lib), "list");
    let marks = &run.visits.last().unwrap().steps;
    assert!(marks.iter().all(|m| m.state == StepState::Done));
}

#[test]
fn restart_and_notes() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    assert!(run.add_note("called the user", t(1)));
    assert!(!run.add_note("   ", t(1)));
    run.choose(&lib, 0, t(2)).unwrap();
    assert_eq!(run.visits[0].notes[0].text, "called the user");
    run.restart(&lib, t(3)).unwrap();
    assert_eq!(run.visits.len(), 1);
    assert_eq!(node(&run, &lib), "q");
}

#[test]
fn wrong_actions_are_refused_not_panicking() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    assert!(matches!(
        run.toggle_step(&lib, 0, t(0)),
        Err(EngineError::WrongKind { .. })
    ));
    assert!(matches!(
        run.submit_input(&lib, "x", t(0)),
        Err(EngineError::WrongKind { .. })
    ));
    assert!(matches!(
        run.proceed(&lib, t(0)),
        Err(EngineError::WrongKind { .. })
    ));
    assert_eq!(
        Run::start(&lib, "nope", t(0)),
        Err(EngineError::UnknownFlow("nope".into()))
    );
}

#[test]
fn progress_counts_the_shortest_way_left() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    assert_eq!(run.progress(&lib), (0, 3)); // q -> ask -> one -> bye
    run.choose(&lib, 1, t(0)).unwrap();
    assert_eq!(run.progress(&lib), (1, 2)); // list -> sub -> bye
}

#[test]
fn a_saved_run_round_trips_and_reconciles() {
    let lib = lib();
    let mut run = Run::start(&lib, "main", t(0)).unwrap();
    run.choose(&lib, 1, t(1)).unwrap();
    run.toggle_step(&lib, 0, t(2)).unwrap();
    let json = serde_json::to_string_pretty(&run).unwrap();
    let mut back: Run = serde_json::from_str(&json).unwrap();
    assert_eq!(back, run);
    assert_eq!(back.reconcile(&lib, t(3)).unwrap(), None);
    assert_eq!(back, run);

    // The flow changes: the answer "No" now leads elsewhere.
    let changed = FLOWS.replace("            next: list\n", "            next: ask\n");
    let loaded = load_texts(&[("t.yaml", changed.as_str())]);
    let lib2 = loaded.library;
    let msg = back.reconcile(&lib2, t(3)).unwrap().unwrap();
    assert!(msg.contains("no longer leads to 'list'"), "{msg}");
    assert_eq!(back.visits.len(), 1);
    assert_eq!(node(&back, &lib2), "q");
    assert_eq!(back.visits[0].answer, None);
}

#[test]
fn fingerprint_changes_with_content() {
    let lib = lib();
    let a = fingerprint(lib.flow("main").unwrap());
    let changed = FLOWS.replace("Do these", "Do those");
    let lib2 = load_texts(&[("x.yaml", changed.as_str())]).library;
    assert_ne!(a, fingerprint(lib2.flow("main").unwrap()));
    assert_eq!(a, fingerprint(lib.flow("main").unwrap()));
}
