//! Plain mode driven end to end through scripted input and a fake clock: the shipped
//! token-cache flow with its timed waits, back/restart/notes/quit/end of input, refusals,
//! a flow that calls another and returns, and a hostile flow whose control bytes must never
//! reach the output.

use crate::util::{shipped, t};
use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{BufRead, Cursor, Read};
use std::rc::Rc;
use std::time::SystemTime;
use tshoot::engine::{Run, StepState};
use tshoot::flow::{Library, Outcome, load_texts};
use tshoot::plain::{PlainEnd, run_plain};

/// What one call of `run_plain` did.
pub struct Driven {
    pub end: PlainEnd,
    pub out: String,
    pub saves: Vec<Run>,
}

/// Runs plain mode over `script` with the clock stopped at `now`.
pub fn drive(lib: &Library, run: &mut Run, script: &str, now: SystemTime) -> Driven {
    drive_input(
        lib,
        run,
        &mut Cursor::new(script.as_bytes().to_vec()),
        &|| now,
    )
}

fn drive_input(
    lib: &Library,
    run: &mut Run,
    input: &mut dyn BufRead,
    clock: &dyn Fn() -> SystemTime,
) -> Driven {
    let mut out = Vec::new();
    let mut saves = Vec::new();
    let end = run_plain(lib, run, input, &mut out, clock, &mut |r: &Run| {
        saves.push(r.clone());
        Ok(())
    })
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    Driven { end, out, saves }
}

/// Scripted input where each line arrives at its own time: reading a line moves the shared
/// fake clock, as if the operator typed it then.
struct Timed {
    lines: VecDeque<(u64, Vec<u8>)>,
    current: Vec<u8>,
    pos: usize,
    now: Rc<Cell<SystemTime>>,
}

impl Timed {
    fn new(lines: &[(u64, &str)], now: Rc<Cell<SystemTime>>) -> Timed {
        Timed {
            lines: lines
                .iter()
                .map(|(at, l)| (*at, format!("{l}\n").into_bytes()))
                .collect(),
            current: Vec::new(),
            pos: 0,
            now,
        }
    }
}

impl Read for Timed {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Timed {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos == self.current.len() {
            let Some((at, line)) = self.lines.pop_front() else {
                return Ok(&[]);
            };
            self.now.set(t(at));
            self.current = line;
            self.pos = 0;
        }
        Ok(&self.current[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
}

fn node_id(run: &Run) -> &str {
    &run.visits.last().unwrap().node
}

/// Each save holds a different run from the one before: saves happen on changes only.
fn assert_saves_are_changes(saves: &[Run]) {
    for pair in saves.windows(2) {
        assert_ne!(pair[0], pair[1], "a save without a change");
    }
}

#[test]
fn token_cache_flow_with_timed_waits() {
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let now = Rc::new(Cell::new(t(0)));
    let script = [
        (1, "2"), // not hosted
        (2, "1"), // the three config steps
        (3, "2"),
        (4, "3"),
        (5, ""),  // continue
        (6, "1"), // Key Vault ok
        // The second checklist's steps are numbered on from the first's: 4 to 12.
        (10, "4"),
        (11, "5"),
        (12, "6"),
        (20, "7"),   // stop the app: the 5-minute wait starts
        (30, "8"),   // refused: the wait runs
        (80, ""),    // Enter shows the time left
        (90, "w 8"), // step 8 has no wait
        (330, "8"),  // the wait ran out: allowed, and "done waiting" is said
        (331, "9"),
        (332, "10"),
        (340, "11"),                     // second wait
        (341, "12"),                     // refused
        (342, ""),                       // continue refused while it runs: shows the time left
        (343, "w 11 restarted by hand"), // skip the wait
        (344, "12"),
        (345, ""),  // continue: the resolved end asks whether the error is gone
        (346, ""),  // Enter does not answer it
        (347, "y"), // it is gone
    ];
    let clock_now = Rc::clone(&now);
    let mut input = Timed::new(&script, Rc::clone(&now));
    let res = drive_input(lib, &mut run, &mut input, &move || clock_now.get());
    let out = &res.out;
    println!("{out}");

    assert_eq!(res.end, PlainEnd::Finished(Some(Outcome::Resolved)));
    assert_eq!(run.outcome(lib), Some(Outcome::Resolved));
    // Header, numbered choices, help hint.
    assert!(out.contains("Flow: Clear the CIPP token cache\n"), "{out}");
    assert!(out.contains("Step 1, about 1 to go"), "{out}");
    assert!(out.contains("  1) Yes, it is a hosted CIPP instance\n"));
    assert!(out.contains("  2) No, we run CIPP in our own Azure subscription\n"));
    assert!(out.contains("(More help: type ?)"));
    assert!(out.contains("Type a number from 1 to 2 and press Enter"));
    // Checklist rendering and ticks.
    assert!(out.contains("Checklist: Open the function app's configuration"));
    assert!(out.contains("  1) [ ] In CIPP, open Settings.\n"));
    assert!(out.contains("  1) [x] In CIPP, open Settings.\n1 of 3 done.\n"));
    assert!(out.contains("Answers so far: No, we run CIPP in our own Azure subscription\n"));
    assert!(out.contains(
        "Type a step number from 1 to 3 to check it (again to uncheck) or several (1-3, 1 2), `s N reason` to skip it, Enter to continue."
    ));
    assert!(out.contains(
        "Type a step number from 4 to 12 to check it (again to uncheck) or several (4-12, 4 5), `s N reason` to skip it, `w N reason` to skip its wait, Enter to continue."
    ));
    // Numbered on from the first checklist, aligned to the widest number.
    assert!(
        out.contains("   4) [ ] Rename the settings RefreshToken"),
        "{out}"
    );
    assert!(out.contains("  12) [ ] Start the function app.\n"), "{out}");
    // Waits: not started, running, refused, time left, done, skipped.
    assert!(out.contains("   7) [ ] Stop the function app and wait 5 minutes.\n        wait 5m\n"));
    assert!(out.contains(
        "   7) [x] Stop the function app and wait 5 minutes.\n        waiting: 5:00 left\n"
    ));
    assert!(
        out.contains("! step 7 is still waiting (4:50 left); wait or skip the wait (`w 7`)\n"),
        "{out}"
    );
    assert!(out.contains("waiting: 4:00 left on step 7 (`w 7` skips the wait)\n"));
    assert!(out.contains("! step 8 has no wait running\n"));
    assert!(out.contains("done waiting: step 7\n   8) [x] Start the function app.\n"));
    assert!(out.contains("! step 11 is still waiting (4:59 left)"));
    assert!(out.contains("waiting: 4:58 left on step 11"));
    assert!(out.contains("        wait skipped\n"));
    assert!(out.contains("9 of 9 done.\n"));
    // The end asks first, and only then says resolved.
    assert!(
        out.contains("The flow's fix is done.\nThe cached tokens are gone;"),
        "{out}"
    );
    assert!(out.contains(
        "Question: Is the error gone?\n  y) Yes, the error is gone: the flow ends resolved\n  n) No, it is still there: go on in \"What are you seeing? Start here\"\nType y or n and press Enter (b to go back).\n"
    ), "{out}");
    assert!(out.contains("! Is the error gone? type y or n, or b to go back\n"));
    assert!(out.contains(
        "Outcome: Resolved\nIs the error gone? Yes — resolved\nThe cached tokens are gone;"
    ));
    assert!(out.contains("The flow is over. Press Enter to finish, or b to go back."));
    // No commands ever ran and nothing was drawn: plain lines only.
    assert!(!out.contains('\x1b'));

    // Saved after each change: 1 answer + 3 ticks + continue + 1 answer + 4 ticks + 4 ticks
    // + skipped wait + tick + continue + "yes" = 18. Refusals and "time left" do not save,
    // and end of input at a finished end only finishes.
    assert_eq!(res.saves.len(), 18, "{out}");
    assert_saves_are_changes(&res.saves);
    assert_eq!(res.saves.last(), Some(&run));
    let marks = &run.visits[run.visits.len() - 2].steps;
    assert!(marks.iter().all(|m| m.state == StepState::Done));
    assert!(marks[7].wait.as_ref().unwrap().skipped.is_some());
}

#[test]
fn waits_across_sessions_and_end_of_input() {
    // The same waits, but input ends while a wait runs and the operator comes back later:
    // the countdown went on in the meantime.
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let first = drive(lib, &mut run, "2\n1\n2\n3\n\n1\n4\n5\n6\n7\n8\n", t(0));
    assert_eq!(first.end, PlainEnd::InputClosed);
    assert!(first.out.contains("! step 7 is still waiting (5:00 left)"));
    assert!(
        first
            .out
            .ends_with("> \nInput closed. Progress is saved.\n")
    );
    // 10 changes, then the save on leaving.
    assert_eq!(first.saves.len(), 11);
    assert_eq!(first.saves.last(), Some(&run));

    let second = drive(lib, &mut run, "\n8\n", t(130));
    assert!(
        second.out.contains("        waiting: 2:50 left\n"),
        "{}",
        second.out
    );
    assert!(second.out.contains("waiting: 2:50 left on step 7"));
    assert!(second.out.contains("! step 7 is still waiting (2:50 left)"));
    assert_eq!(second.saves.len(), 1, "only the save on leaving");

    let third = drive(
        lib,
        &mut run,
        "8\n9\n10\n11\nw 11 restarted by hand\n12\n\n",
        t(301),
    );
    assert!(
        third.out.contains("        done waiting\n"),
        "{}",
        third.out
    );
    // Input ended while "Is the error gone?" was asked: nothing is declared.
    assert_eq!(third.end, PlainEnd::InputClosed);
    assert_eq!(run.outcome(lib), None);
    let fourth = drive(lib, &mut run, "y\n", t(302));
    assert_eq!(fourth.end, PlainEnd::Finished(Some(Outcome::Resolved)));
}

#[test]
fn back_restart_note_quit_and_refusals() {
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let script = "7\n0\nabc\n\nb\n?\nn customer confirmed self-hosted\n2\n1\nb\n2\ns 2\ns 2 already open\n\ns 9 nope\nx\nw\nl\nr\nq\n";
    let res = drive(lib, &mut run, script, t(5));
    let out = &res.out;
    println!("{out}");
    assert_eq!(res.end, PlainEnd::Quit);
    assert!(
        out.contains("! there is no answer 7; type a number from 1 to 2\n"),
        "{out}"
    );
    assert!(out.contains("! there is no answer 0; type a number from 1 to 2\n"));
    assert!(out.contains("! type a number from 1 to 2, or ? for help\n"));
    assert!(out.contains("! this is the first step; there is nothing to go back to\n"));
    // Help: the node's help and the commands.
    assert!(out.contains("Help:\n  Hosted instances run in CIPP's own subscription;"));
    assert!(out.contains("  q          quit; progress is saved\n"));
    assert!(out.contains("Note added to this step.\n"));
    // Back from the checklist, and the restart, show the question again, with the note.
    assert_eq!(
        out.matches("Question: Is this CIPP instance hosted")
            .count(),
        3,
        "{out}"
    );
    assert!(out.contains("Your note: customer confirmed self-hosted\n"));
    assert!(out.contains("! say briefly why the step is skipped, for example: s 2 already done\n"));
    assert!(out.contains("  2) [skipped: already open] Choose the Backend tab.\n"));
    assert!(
        out.contains(
            "! 2 step(s) still open: check them or skip them with a reason (open: 1, 3)\n"
        )
    );
    assert!(out.contains("! there is no step 9 here; the steps here are 1 to 3\n"));
    assert!(out.contains("! type a step number, `s N reason` to skip a step"));
    assert!(out.contains("! no wait is running\n"));
    assert!(out.contains("Starting again from the first step.\n"));
    assert!(out.ends_with("Leaving.\nProgress is saved.\n"), "{out}");

    // Restart discarded the path and its note.
    assert_eq!(run.visits.len(), 1);
    assert!(run.visits[0].notes.is_empty());
    assert_eq!(node_id(&run), "hosted");
    // note + answer + tick + back + answer + skip + restart = 7 changes, then the save on q.
    assert_eq!(res.saves.len(), 8, "{out}");
    assert_saves_are_changes(&res.saves[..7]);
    assert_eq!(res.saves.last(), Some(&run));
}

#[test]
fn end_of_input_anywhere_is_safe() {
    let lib = shipped();
    // Nothing at all.
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let res = drive(lib, &mut run, "", t(0));
    assert_eq!(res.end, PlainEnd::InputClosed);
    assert_eq!(res.saves.len(), 1);
    // A last line without a newline is still read.
    let res = drive(lib, &mut run, "2", t(0));
    assert_eq!(res.end, PlainEnd::InputClosed);
    assert_eq!(node_id(&run), "open-config");
    // At a final end, end of input finishes rather than "closes".
    let res = drive(lib, &mut run, "b\n1\n", t(0));
    assert_eq!(node_id(&run), "ask-helpdesk");
    assert_eq!(res.end, PlainEnd::Finished(Some(Outcome::Escalate)));
    assert!(
        res.out
            .contains("Outcome: Escalate (hand the problem over)\n")
    );
    // Bytes that are not UTF-8 are just a bad answer.
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let mut input = Cursor::new(b"\xff\xfe\n2\n".to_vec());
    let res = drive_input(lib, &mut run, &mut input, &|| t(0));
    assert!(res.out.contains("! type a number from 1 to 2"));
    assert_eq!(node_id(&run), "open-config");
}

#[test]
fn a_failing_save_is_reported_not_hidden() {
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-token-cache", t(0)).unwrap();
    let mut out = Vec::new();
    let err = run_plain(
        lib,
        &mut run,
        &mut Cursor::new(b"2\nq\n".to_vec()),
        &mut out,
        &|| t(0),
        &mut |_: &Run| anyhow::bail!("disk full"),
    )
    .unwrap_err();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("! progress could not be saved: disk full\n"),
        "{out}"
    );
    assert!(!out.contains("Progress is saved."));
    assert!(format!("{err:#}").contains("disk full"));
    // The session still went on after the first failed save.
    assert_eq!(node_id(&run), "open-config");
}

#[test]
fn mfa_flow_calls_conditional_access_and_returns() {
    let lib = shipped();
    let mut run = Run::start(lib, "cipp-mfa", t(0)).unwrap();
    // Checklist, "CA applies", back out of the called flow and in again, a message, the
    // five exclusion steps (numbered on from the first checklist's two, ticked as a range),
    // "works", back to the MFA flow, "works", and the error is gone.
    let script = "1\n2\n\n1\nb\n1\n2\n3-7\n\n1\nx\n\n1\ny\n";
    let res = drive(lib, &mut run, script, t(0));
    let out = &res.out;
    println!("{out}");
    assert_eq!(res.end, PlainEnd::Finished(Some(Outcome::Resolved)));
    assert!(out.contains("Flow: CIPP multi-factor authentication checklist\n"));
    assert!(out.contains(
        "       Check it in both tenants, the partner tenant and the customer tenant.\n"
    ));
    assert!(out.contains(
        "Flow: Let CIPP through Conditional Access (part of: CIPP multi-factor authentication checklist)\n"
    ));
    // Back from the called flow's first node lands on the question that led there.
    assert_eq!(
        out.matches("Question: Does a Conditional Access policy")
            .count(),
        2,
        "{out}"
    );
    assert!(out.contains("Outcome of this part: Resolved\nConditional Access no longer blocks"));
    assert!(out.contains("Enter to go back to CIPP multi-factor authentication checklist.\n"));
    assert!(
        out.contains("! press Enter to go back to CIPP multi-factor authentication checklist\n")
    );
    assert!(out.contains("Question: Does CIPP work now, after refreshing its tokens?"));
    assert!(
        out.contains("  3) [ ] Open the Entra admin center"),
        "{out}"
    );
    assert!(out.contains("  7) [x] Run the SAM wizard"), "{out}");
    // The called flow's resolved end is only a part: nothing is asked there.
    assert_eq!(
        out.matches("Question: Is the error gone?").count(),
        1,
        "{out}"
    );
    assert!(out.contains(
        "Outcome: Resolved\nIs the error gone? Yes — resolved\nMFA is set up the way CIPP needs it.\n"
    ));
    assert!(run.visits.last().unwrap().calls.is_empty());
    assert_saves_are_changes(&res.saves);
}

const STEP_FLOW: &str = r#"
flows:
  - id: one-step
    title: One step
    product: Entra ID
    summary: a single step with a wait, then an input
    nodes:
      - id: wait
        step: Restart the connector.
        wait: 1m
        next: who
      - id: who
        input: Which tenant?
        var: tenant
        placeholder: contoso.onmicrosoft.com
        next: check
      - id: check
        step: Sign in to {{tenant}} again.
        command: Connect-MgGraph -TenantId {{tenant}}
        risk: read
        next: done
      - id: done
        end: unresolved
        message: Still failing for {{tenant}}.
"#;

#[test]
fn step_and_input_nodes() {
    let loaded = load_texts(&[("s.yaml", STEP_FLOW)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let lib = loaded.library;
    let mut run = Run::start(&lib, "one-step", t(0)).unwrap();
    let res = drive(
        &lib,
        &mut run,
        "\n\nw 1 it is back\n\n\n=q\nb\nfabrikam.com\n\n",
        t(0),
    );
    let out = &res.out;
    println!("{out}");
    assert!(
        out.contains("Do this: Restart the connector.\n  wait 1m\n"),
        "{out}"
    );
    assert!(
        out.contains("Done. waiting: 1:00 left (`w` skips the wait); Enter shows the time left\n")
    );
    assert!(out.contains("\n> waiting: 1:00 left (`w` skips the wait)\n"));
    assert!(out.contains("Done: Restart the connector.\n  wait skipped\n"));
    assert!(out.contains("Type in: Which tenant?\nFor example: contoso.onmicrosoft.com\n"));
    assert!(out.contains("! type a value first\n"));
    // `=q` entered the value "q", not quit; then back undid it.
    assert!(out.contains("Answers so far: q\n"));
    assert!(out.contains("Do this: Sign in to fabrikam.com again.\n  command (read-only): Connect-MgGraph -TenantId fabrikam.com\n"));
    assert!(out.contains(
        "Outcome: Unresolved (this flow could not fix it)\nStill failing for fabrikam.com.\n"
    ));
    assert_eq!(res.end, PlainEnd::Finished(Some(Outcome::Unresolved)));
}

const HOSTILE: &str = r#"
flows:
  - id: evil
    title: "Evil \e[2J\e]52;c;aGVsbG8=\a title \u202Etxt.exe"
    product: "CIPP \e[31m"
    summary: "x"
    nodes:
      - id: q
        question: "Pick \e[31mred\e[0m \u200B one"
        help: "help \e]0;pwned\a\nsecond line \x9b2J"
        choices:
          - label: "go \u202Eevil \u2066"
            next: ask
            help: "\e[8mhidden"
      - id: ask
        input: "Name \x9b31m?"
        var: name
        placeholder: "\e[5mblink"
        next: list
      - id: list
        checklist: "List \e[H\e[2J"
        text: "multi\nline \e[2K\r overwrite"
        steps:
          - text: "step \a {{name}}"
            detail: "detail \e]8;;http://x\e\\link\e]8;;\e\\"
            command: "rm -rf / \e[8m{{name}}"
            risk: destructive
            wait: 1m
          - text: "change \x7f"
            command: "Set-Thing \e[1A"
            risk: change
        next: bye
      - id: bye
        end: resolved
        message: "bye \e[?1049h {{name}} \u202D"
"#;

#[test]
fn hostile_flow_text_never_reaches_the_terminal() {
    let loaded = load_texts(&[("evil.yaml", HOSTILE)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let lib = loaded.library;
    let flow = lib.flow("evil").unwrap();
    assert!(flow.title.contains('\x1b'), "the fixture really is hostile");

    let mut run = Run::start(&lib, "evil", t(0)).unwrap();
    let typed = "x\x1b]52;c;Zm9v\x07y\u{202e}z";
    let script = format!(
        "?\n1\n{typed}\nn note \x1b[2J\x07\n1\nw 1 done already\n2\ns 2 why \x1b[31m\nl\n\ny\n"
    );
    let res = drive(&lib, &mut run, &script, t(0));
    let out = &res.out;
    println!("{out}");
    assert_eq!(res.end, PlainEnd::Finished(Some(Outcome::Resolved)));
    for c in out.chars() {
        assert!(
            c == '\n' || !(c.is_control() || tshoot::sanitize::is_invisible_format(c)),
            "{:?} reached the output:\n{out}",
            c
        );
    }
    for bad in [
        "\x1b", "\x07", "\u{9b}", "\u{202e}", "\u{200b}", "\u{2066}", "\r", "\x7f",
    ] {
        assert!(!out.contains(bad), "{bad:?} in output");
    }
    // The text is still there, made visible.
    assert!(
        out.contains("Flow: Evil \\e[2J\\e]52;c;aGVsbG8=\\x07 title \\u{202e}txt.exe"),
        "{out}"
    );
    assert!(out.contains("command (DESTRUCTIVE, cannot easily be undone): rm -rf / \\e[8mx\\e]52;c;Zm9v\\x07y\\u{202e}z"));
    assert!(out.contains("command (changes the tenant): Set-Thing \\e[1A"));
    assert!(out.contains("[skipped: why \\e[31m]"));
    assert!(out.contains("Your note: note \\e[2J\\x07"));
}
