//! Plain mode: several steps in one line (`1 2 3`, `1,2,3`, `1-3`, `1-3 5`), each saved before
//! it is shown as checked; numbering that runs on across checklists; and "Is the error gone?"
//! at a resolved end.

use crate::plain::drive;
use crate::util::{shipped, t};
use std::cell::RefCell;
use std::io::{Cursor, Write};
use std::rc::Rc;
use tshoot::engine::{Run, StepState};
use tshoot::flow::{Outcome, load_texts};
use tshoot::plain::{PlainEnd, run_plain};

/// Output that the save hook can read while plain mode writes it.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// Lines that acknowledge a tick: `  N) [x] ...`.
fn acks(out: &str) -> usize {
    out.lines()
        .filter(|l| {
            l.trim_start_matches("> ")
                .trim_start()
                .split_once(") ")
                .is_some_and(|(n, rest)| n.parse::<usize>().is_ok() && rest.starts_with("[x]"))
        })
        .count()
}

fn done(run: &Run) -> Vec<StepState> {
    run.visits
        .last()
        .unwrap()
        .steps
        .iter()
        .map(|m| m.state)
        .collect()
}

#[test]
fn several_steps_in_one_line_each_saved_before_it_is_shown() {
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let out = Shared::default();
    let seen = out.clone();
    // At each save: how many ticks the output had acknowledged by then.
    let mut acked_at_save = Vec::new();
    let mut writer = out.clone();
    let end = run_plain(
        lib,
        &mut run,
        &mut Cursor::new(b"2\n1 2 3\n".to_vec()),
        &mut writer,
        &|| t(0),
        &mut |r: &Run| {
            let ticks = r.visits.last().unwrap().steps.iter();
            let checked = ticks.filter(|m| m.state == StepState::Done).count();
            acked_at_save.push((checked, acks(&seen.text())));
            Ok(())
        },
    )
    .unwrap();
    let text = out.text();
    println!("{text}");
    assert_eq!(end, PlainEnd::InputClosed);
    // The answer, three ticks one by one, the save on leaving. A tick is never shown before
    // its save: when step k is saved, k - 1 ticks have been shown.
    assert_eq!(
        acked_at_save,
        vec![(0, 0), (1, 0), (2, 1), (3, 2), (3, 3)],
        "{text}"
    );
    assert!(text.contains(
        ">   1) [x] In CIPP, open Settings.\n  2) [x] Choose the Backend tab.\n  3) [x] Choose \"Go to Function App Configuration\".\n3 of 3 done.\n"
    ), "{text}");
}

#[test]
fn commas_ranges_and_mixes_check_the_steps_in_order() {
    let lib = shipped();
    for line in ["1,2,3", "1-3", "1 - 3", "1-2 3", "3 1-2", "1,1,2-3"] {
        let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
        let res = drive(lib, &mut run, &format!("2\n{line}\n"), t(0));
        assert_eq!(done(&run), vec![StepState::Done; 3], "{line}");
        // One save per step checked (repeats are checked once), then the one on leaving.
        assert_eq!(res.saves.len(), 1 + 3 + 1, "{line}: {}", res.out);
        assert_eq!(acks(&res.out), 3, "{line}: {}", res.out);
    }
    // The order typed is the order checked.
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let res = drive(lib, &mut run, "2\n3 1-2\n", t(0));
    let order: Vec<&str> = res
        .out
        .lines()
        .filter(|l| l.contains(") [x]"))
        .map(|l| l.trim_start_matches("> ").trim_start())
        .collect();
    assert_eq!(order.len(), 3);
    assert!(order[0].starts_with("3)") && order[1].starts_with("1)") && order[2].starts_with("2)"));
}

#[test]
fn a_malformed_or_out_of_range_line_changes_nothing() {
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let res = drive(
        lib,
        &mut run,
        "2\n1-5\n1 2 9\n3-1\n1-\n1 x\n0\n1,,-2\n",
        t(0),
    );
    let out = &res.out;
    println!("{out}");
    for refusal in [
        "! there is no step 5 here; the steps here are 1 to 3\n",
        "! there is no step 9 here; the steps here are 1 to 3\n",
        "! the range 3-1 runs backwards; type 1-3\n",
        "! the range 1- needs a last step, as in 1-3\n",
        "! `x` is not a step number; type step numbers such as 2, 1 2 3, 1,2,3 or 1-3\n",
        "! there is no step 0 here; the steps here are 1 to 3\n",
        "! a range needs a first step, as in 1-3; type step numbers such as 2, 1 2 3, 1,2,3 or 1-3\n",
    ] {
        assert!(out.contains(refusal), "{refusal:?} missing:\n{out}");
    }
    // Nothing was ticked: only the answer and the save on leaving.
    assert_eq!(done(&run), vec![StepState::Open; 3]);
    assert_eq!(res.saves.len(), 2);
    assert_eq!(acks(out), 0);
}

#[test]
fn a_list_checks_never_unchecks_and_a_running_wait_stops_it() {
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    // A single number still toggles; in a list a checked step stays checked.
    let res = drive(lib, &mut run, "2\n1\n1-3\n", t(0));
    assert!(
        res.out.contains("step 1 is already checked\n"),
        "{}",
        res.out
    );
    assert_eq!(done(&run), vec![StepState::Done; 3]);
    let res = drive(lib, &mut run, "1\n", t(0));
    assert!(res.out.contains("  1) [ ] In CIPP, open Settings.\n"));
    // The second checklist runs 4 to 12; step 7 starts a 5-minute wait, so 8 and 9 wait.
    let res = drive(lib, &mut run, "1\n\n1\n4-9\n", t(0));
    let out = &res.out;
    println!("{out}");
    assert!(out.contains(
        "        waiting: 5:00 left\n! step 7 is still waiting (5:00 left); wait or skip the wait (`w 7`); not checked: 8, 9\n4 of 9 done.\n"
    ), "{out}");
    let marks = done(&run);
    assert_eq!(marks[..4], [StepState::Done; 4]);
    assert_eq!(marks[4..], [StepState::Open; 5]);
    // Displayed numbers, not the checklist's own, name the steps in every command.
    let res = drive(
        lib,
        &mut run,
        "1\ns 3 no\nw 7 done sooner\n8 9\ns 10 not needed\n",
        t(0),
    );
    let out = &res.out;
    assert!(
        out.contains("! there is no step 1 here; the steps here are 4 to 12\n"),
        "{out}"
    );
    assert!(out.contains("! there is no step 3 here; the steps here are 4 to 12\n"));
    assert!(out.contains("        wait skipped\n"));
    assert!(
        out.contains("  10) [skipped: not needed] Give both settings"),
        "{out}"
    );
    assert_eq!(
        done(&run)[4..7],
        [StepState::Done, StepState::Done, StepState::Skipped]
    );
}

#[test]
fn yes_at_a_resolved_end_resolves_and_no_goes_on_in_triage() {
    let lib = shipped();
    let to_end = "2\n1-3\n\n1\n4-7\nw 7 done sooner\n8-11\nw 11 done sooner\n12\n\n";
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let res = drive(lib, &mut run, to_end, t(0));
    assert_eq!(res.end, PlainEnd::InputClosed, "asked, not answered");
    assert!(run.asks_if_gone(lib));
    // `n` here answers "no"; it is not the note command.
    let res = drive(lib, &mut run, "n\n", t(10));
    let out = &res.out;
    println!("{out}");
    assert!(!out.contains("type the note after n"));
    assert!(
        out.contains("Flow: What are you seeing? Start here\n"),
        "{out}"
    );
    let cur = run.current(lib).unwrap();
    assert_eq!(
        (cur.flow.id.as_str(), cur.node.id.as_str()),
        ("triage", "what")
    );
    let end = &run.visits[run.visits.len() - 2];
    assert!(!end.confirmed.as_ref().unwrap().error_gone);
    // Back returns to the question; "yes" then resolves.
    let res = drive(lib, &mut run, "b\nyes\n\n", t(20));
    assert_eq!(res.end, PlainEnd::Finished(Some(Outcome::Resolved)));
    assert!(
        res.out
            .contains("Outcome: Resolved\nIs the error gone? Yes — resolved\n")
    );
    // Quitting at the question keeps it open for later.
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let res = drive(lib, &mut run, &format!("{to_end}q\n"), t(0));
    assert_eq!(res.end, PlainEnd::Quit);
    assert!(run.asks_if_gone(lib));
}

const NO_TRIAGE: &str = r#"
flows:
  - id: fix
    title: A fix
    product: Entra ID
    summary: one step and a resolved end
    nodes:
      - id: do
        step: Restart it.
        next: done
      - id: done
        end: resolved
        message: It works again.
"#;

#[test]
fn no_without_a_triage_flow_ends_escalated() {
    let loaded = load_texts(&[("f.yaml", NO_TRIAGE)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let lib = loaded.library;
    let mut run = Run::start(&lib, "fix", t(0)).unwrap();
    let res = drive(&lib, &mut run, "\n?\nN\n\n", t(0));
    let out = &res.out;
    println!("{out}");
    assert!(
        out.contains("  n) No, it is still there: the flow ends escalated\n"),
        "{out}"
    );
    assert!(out.contains("  y / n      at a resolved end: say whether the error is gone\n"));
    assert!(out.contains(
        "Outcome: Escalate (hand the problem over)\nIs the error gone? No — escalated\nThe error is still there after this fix: hand the problem over with this transcript.\n"
    ), "{out}");
    assert!(
        !out.contains("It works again.\nThe flow is over"),
        "the resolved message is not the last word"
    );
    assert_eq!(res.end, PlainEnd::Finished(Some(Outcome::Escalate)));
    assert_eq!(run.outcome(&lib), Some(Outcome::Escalate));
}
