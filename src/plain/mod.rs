//! Plain mode: the flow runner as a line-oriented conversation, for screen readers, dumb
//! terminals, serial consoles and scripted runs (`tshoot run FLOW --plain`).
//!
//! It drives the same [`Run`] as the full-screen wizard, so every transition, refusal and
//! saved session is identical; only the presentation differs. Output is plain lines: no colour,
//! no cursor movement, no redrawing, and every state is said in words (`[x]`,
//! `waiting: 4:12 left`, `command (read-only):`). The current node is printed whenever it
//! changes; after that each typed line gets a short answer, and `l` prints the node again.
//!
//! Nothing here reads the real clock or touches files: the caller passes the clock and a
//! `save` hook, which is what makes a whole session testable with a fake clock and a `Cursor`.

mod input;
mod render;

use crate::engine::{EngineError, Run, StepState};
use crate::flow::{Flow, Library, Node, NodeKind, Outcome};
use input::Cmd;
use render::Page;
use std::io::{BufRead, Write};
use std::time::SystemTime;

/// How a plain-mode session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainEnd {
    /// The walk reached an end with nothing to return to (`Some` outcome), or handed over to
    /// the error search (`None`), and the operator finished.
    Finished(Option<Outcome>),
    /// The operator typed `q`; progress was saved.
    Quit,
    /// Input ended before the flow did (a script ran out, or the terminal hung up); progress
    /// was saved.
    InputClosed,
}

/// Runs `run` as a line-oriented conversation until it finishes, the operator quits or input
/// ends.
///
/// - `clock` gives the current time (the caller passes the real clock; tests a fake one).
/// - `save` is called after every change to `run`, and once more when leaving with `q` or at
///   end of input, so nothing typed is lost if the terminal closes. A failing save is reported
///   (`! progress could not be saved: ...`) and the session goes on, because stopping the
///   operator mid-incident would be worse; a failing save on leaving is returned as the error.
///
/// Errors are only I/O errors on `input` or `out` and that final save; refusals from the
/// engine are printed as `! message` and the same node asks again.
pub fn run_plain(
    lib: &Library,
    run: &mut Run,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    clock: &dyn Fn() -> SystemTime,
    save: &mut dyn FnMut(&Run) -> anyhow::Result<()>,
) -> anyhow::Result<PlainEnd> {
    let mut shown: Option<Position> = None;
    let mut force = false;
    let mut watch = WaitWatch::default();
    loop {
        let now = clock();
        let position = Position::of(run);
        if force || shown.as_ref() != Some(&position) {
            let page = match here(lib, run) {
                Ok((flow, node)) => render::node(lib, run, flow, node, now),
                Err(e) => unusable(&e),
            };
            out.write_all(page.as_str().as_bytes())?;
            shown = Some(position);
            force = false;
        }
        watch.arm(lib, run, now);
        out.write_all(b"> ")?;
        out.flush()?;

        let Some(line) = input::read_line(input)? else {
            if run.is_finished(lib) {
                out.write_all(b"\n")?;
                out.flush()?;
                return Ok(PlainEnd::Finished(run.outcome(lib)));
            }
            out.write_all(b"\nInput closed. ")?;
            return leave(run, out, save, PlainEnd::InputClosed);
        };
        let now = clock();
        let mut page = Page::default();
        watch.announce(lib, run, now, &mut page);
        let before = run.clone();
        let next = act(lib, run, &line, now, &mut page);
        // Acknowledge after durable: the change is saved before the page that confirms it
        // is printed, so a kill between the two never loses a tick that was shown as done.
        let saved = if *run != before { save(run) } else { Ok(()) };
        if let Err(e) = saved {
            writeln!(
                out,
                "! progress could not be saved: {} (the change is kept here and saved with the next one)",
                clean_error(&e)
            )?;
        }
        out.write_all(page.as_str().as_bytes())?;
        match next {
            Next::Stay => {}
            Next::Show => force = true,
            Next::Quit => return leave(run, out, save, PlainEnd::Quit),
            Next::Finish => {
                out.flush()?;
                return Ok(PlainEnd::Finished(run.outcome(lib)));
            }
        }
    }
}

/// Saves on the way out and says so; a failed save is not hidden behind "progress is saved".
fn leave(
    run: &Run,
    out: &mut dyn Write,
    save: &mut dyn FnMut(&Run) -> anyhow::Result<()>,
    end: PlainEnd,
) -> anyhow::Result<PlainEnd> {
    match save(run) {
        Ok(()) => {
            writeln!(out, "Progress is saved.")?;
            out.flush()?;
            Ok(end)
        }
        Err(e) => {
            writeln!(out, "! progress could not be saved: {}", clean_error(&e))?;
            out.flush()?;
            Err(e.context("saving progress on leaving plain mode"))
        }
    }
}

/// An error chain on one safe line (a save error may quote a path with any bytes in it).
fn clean_error(e: &anyhow::Error) -> String {
    crate::sanitize::line(&format!("{e:#}"))
}

/// What the loop does after a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Ask again (or print the new node, if the action moved).
    Stay,
    /// Print the current node again even though it did not change.
    Show,
    /// Leave, keeping progress.
    Quit,
    /// The walk is over and the operator is done with it.
    Finish,
}

/// Identifies the node being shown, so it is printed once per arrival rather than per line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Position {
    depth: usize,
    flow: String,
    node: String,
}

impl Position {
    fn of(run: &Run) -> Position {
        let last = run.visits.last();
        Position {
            depth: run.visits.len(),
            flow: last.map(|v| v.flow.clone()).unwrap_or_default(),
            node: last.map(|v| v.node.clone()).unwrap_or_default(),
        }
    }
}

/// The current flow and node, borrowed from the library only, so `run` stays free to change.
fn here<'l>(lib: &'l Library, run: &Run) -> Result<(&'l Flow, &'l Node), EngineError> {
    let visit = run.visits.last().ok_or(EngineError::Finished)?;
    let flow = lib
        .flow(&visit.flow)
        .ok_or_else(|| EngineError::UnknownFlow(visit.flow.clone()))?;
    let node = flow
        .node(&visit.node)
        .ok_or_else(|| EngineError::UnknownNode {
            flow: visit.flow.clone(),
            node: visit.node.clone(),
        })?;
    Ok((flow, node))
}

/// What is shown when the run points at something the library does not have (a session
/// saved against other flows): the operator can still restart or leave.
fn unusable(e: &EngineError) -> Page {
    let mut page = Page::default();
    page.line("");
    page.refuse(format!("{e}"));
    page.line("Type r to start the flow again, or q to leave.");
    page
}

/// Carries out one line at the current node.
fn act(lib: &Library, run: &mut Run, line: &str, now: SystemTime, page: &mut Page) -> Next {
    let node = here(lib, run).ok().map(|(_, n)| n);
    match input::parse(line) {
        Cmd::Quit if run.is_finished(lib) => Next::Finish,
        Cmd::Quit => {
            page.line("Leaving.");
            Next::Quit
        }
        Cmd::Help => {
            render::help(page, run, node);
            Next::Stay
        }
        Cmd::Look => Next::Show,
        Cmd::Back => {
            if !run.back(lib) {
                page.refuse("this is the first step; there is nothing to go back to");
            }
            Next::Stay
        }
        Cmd::Restart => match run.restart(lib, now) {
            Ok(()) => {
                page.line("Starting again from the first step.");
                Next::Show
            }
            Err(e) => {
                page.refuse(format!("{e}"));
                Next::Stay
            }
        },
        Cmd::Note(text) => {
            if run.add_note(text, now) {
                page.line("Note added to this step.");
            } else {
                page.refuse("type the note after n, for example: n called the helpdesk");
            }
            Next::Stay
        }
        cmd @ (Cmd::Enter | Cmd::Other(_)) => {
            let Some(node) = node else {
                page.refuse("type r to start the flow again, or q to leave");
                return Next::Stay;
            };
            let text = match cmd {
                Cmd::Other(t) => Some(t),
                _ => None,
            };
            at_node(lib, run, node, text, now, page)
        }
    }
}

/// An answer, step command, value or Enter at `node`.
fn at_node(
    lib: &Library,
    run: &mut Run,
    node: &Node,
    text: Option<&str>,
    now: SystemTime,
    page: &mut Page,
) -> Next {
    match &node.kind {
        NodeKind::Question { choices, .. } => {
            let range = format!("type a number from 1 to {}", choices.len());
            match text.map(input::number) {
                None | Some(Err(())) => page.refuse(format!("{range}, or ? for help")),
                Some(Ok(None)) => page.refuse(format!("there is no answer 0; {range}")),
                Some(Ok(Some(i))) => {
                    if let Err(e) = run.choose(lib, i, now) {
                        page.refuse(format!("{e}; {range}"));
                    }
                }
            }
            Next::Stay
        }
        NodeKind::Checklist { .. } | NodeKind::Step { .. } => {
            match text {
                None => {
                    let single = matches!(node.kind, NodeKind::Step { .. });
                    enter_on_steps(lib, run, single, now, page);
                }
                Some(t) => step_command(lib, run, node, t, now, page),
            }
            Next::Stay
        }
        NodeKind::Input { .. } => {
            match text {
                None => page.refuse(format!("{}", EngineError::EmptyInput)),
                Some(t) => {
                    if let Err(e) = run.submit_input(lib, input::input_value(t), now) {
                        page.refuse(format!("{e}"));
                    }
                }
            }
            Next::Stay
        }
        NodeKind::End { .. } | NodeKind::Search { .. } if run.is_finished(lib) => match text {
            None => Next::Finish,
            Some(_) => {
                page.refuse("the flow is over: press Enter to finish, or b to go back");
                Next::Stay
            }
        },
        NodeKind::End { .. } => {
            let parent = render::parent_title(lib, run).unwrap_or_default();
            match text {
                None => {
                    if let Err(e) = run.proceed(lib, now) {
                        page.refuse(format!("{e}"));
                    }
                }
                Some(_) => page.refuse(format!("press Enter to go back to {parent}")),
            }
            Next::Stay
        }
        NodeKind::Search { .. } | NodeKind::Goto { .. } => {
            page.refuse("type b to go back, r to start again or q to leave");
            Next::Stay
        }
        NodeKind::Branch { .. } => {
            if let Err(e) = run.proceed(lib, now) {
                page.refuse(format!("{e}"));
            }
            Next::Stay
        }
    }
}

/// Enter at a checklist or a step node (`single`): the time left while a wait runs, else
/// continue.
fn enter_on_steps(lib: &Library, run: &mut Run, single: bool, now: SystemTime, page: &mut Page) {
    // A step node has one step, so naming "step 1" and `w 1` would only confuse.
    let which = |step: usize| {
        if single {
            "(`w` skips the wait)".to_owned()
        } else {
            format!("on step {} (`w {}` skips the wait)", step + 1, step + 1)
        }
    };
    // Enter while a wait runs is the operator asking "how long still?"; answering with a
    // refusal would read as if they did something wrong.
    let running = running_waits(lib, run, now);
    if !running.is_empty() {
        for (i, left) in running {
            page.line(format!(
                "waiting: {} left {}",
                render::clock(left),
                which(i)
            ));
        }
        return;
    }
    match run.proceed(lib, now) {
        Ok(()) => {}
        // A step node with a wait is checked by this Enter and its wait starts now.
        Err(EngineError::WaitRunning { step, remaining }) => page.line(format!(
            "Done. waiting: {} left {}; Enter shows the time left",
            render::clock(remaining),
            which(step)
        )),
        Err(e) => {
            // The engine counts the open steps; the operator also needs to know which.
            let which = match &e {
                EngineError::StepsOpen(open) => {
                    let list: Vec<String> = open.iter().map(|i| (i + 1).to_string()).collect();
                    format!(" (open: {})", list.join(", "))
                }
                _ => String::new(),
            };
            page.refuse(format!("{e}{which}"));
        }
    }
}

/// `N`, `s N reason` or `w N reason` at a checklist or step node.
fn step_command(
    lib: &Library,
    run: &mut Run,
    node: &Node,
    text: &str,
    now: SystemTime,
    page: &mut Page,
) {
    let hint = "type a step number, `s N reason` to skip a step, `w N reason` to skip a wait, or Enter to continue (? for help)";
    let count = match &node.kind {
        NodeKind::Checklist { steps, .. } => steps.len(),
        NodeKind::Step { .. } => 1,
        _ => 0,
    };
    let (word, rest) = input::split_word(text);
    let step_number = |t: &str| match input::number(t) {
        Ok(Some(i)) if i < count => Ok(i),
        Ok(Some(i)) => Err(format!("{}", EngineError::NoSuchStep(i + 1))),
        Ok(None) => Err(format!("{}", EngineError::NoSuchStep(0))),
        Err(()) => Err(format!("type the step number after the letter; {hint}")),
    };
    match word.to_ascii_lowercase().as_str() {
        "s" | "skip" => {
            let (n, reason) = input::split_word(rest);
            let i = match step_number(n) {
                Ok(i) => i,
                Err(m) => return page.refuse(m),
            };
            match run.skip_step(lib, i, reason, now) {
                Ok(()) => changed_step(lib, run, i, now, page),
                Err(e @ EngineError::EmptyReason) => {
                    page.refuse(format!("{e}, for example: s {} already done", i + 1));
                }
                Err(e) => page.refuse(format!("{e}")),
            }
        }
        "w" | "wait" => {
            let (n, reason) = input::split_word(rest);
            let i = if n.is_empty() {
                match run.running_wait(lib, now, None) {
                    Some((i, _)) => i,
                    None => return page.refuse("no wait is running"),
                }
            } else {
                match step_number(n) {
                    Ok(i) => i,
                    Err(m) => return page.refuse(m),
                }
            };
            if run.wait_left(lib, i, now).is_none() {
                return page.refuse(format!("step {} has no wait running", i + 1));
            }
            match run.skip_wait(lib, i, reason, now) {
                Ok(()) => changed_step(lib, run, i, now, page),
                Err(e @ EngineError::EmptyReason) => page.refuse(format!(
                    "{e}, for example: w {} the service restarted already",
                    i + 1
                )),
                Err(e) => page.refuse(format!("{e}")),
            }
        }
        _ => {
            let i = match input::number(text) {
                Err(()) => return page.refuse(hint),
                Ok(_) => match step_number(text) {
                    Ok(i) => i,
                    Err(m) => return page.refuse(m),
                },
            };
            match run.toggle_step(lib, i, now) {
                Ok(()) => changed_step(lib, run, i, now, page),
                Err(e @ EngineError::WaitRunning { step, .. }) => {
                    page.refuse(format!("{e} (`w {}`)", step + 1));
                }
                Err(e) => page.refuse(format!("{e}")),
            }
        }
    }
}

/// Confirms a change to step `i` by printing the step as it is now, and the tally.
fn changed_step(lib: &Library, run: &Run, i: usize, now: SystemTime, page: &mut Page) {
    let Ok((_, node)) = here(lib, run) else {
        return;
    };
    let mark = run
        .visits
        .last()
        .and_then(|v| v.steps.get(i))
        .cloned()
        .unwrap_or_default();
    match &node.kind {
        NodeKind::Checklist { steps, .. } => {
            if let Some(step) = steps.get(i) {
                render::step_lines(page, run, Some(i), step, &mark, now);
            }
            page.line(render::tally(run));
        }
        NodeKind::Step { step, .. } => render::step_lines(page, run, None, step, &mark, now),
        _ => {}
    }
}

/// Every running wait at the current node, with its time left.
fn running_waits(lib: &Library, run: &Run, now: SystemTime) -> Vec<(usize, std::time::Duration)> {
    let count = run.visits.last().map_or(0, |v| v.steps.len());
    (0..count)
        .filter_map(|i| run.wait_left(lib, i, now).map(|left| (i, left)))
        .collect()
}

/// Remembers which waits were running when the operator was last prompted, so the next line
/// can say "done waiting" for those that ran out meanwhile: a line-oriented runner cannot
/// interrupt the operator when a timer ends.
#[derive(Debug, Default)]
struct WaitWatch {
    depth: usize,
    running: Vec<usize>,
}

impl WaitWatch {
    fn arm(&mut self, lib: &Library, run: &Run, now: SystemTime) {
        self.depth = run.visits.len();
        self.running = running_waits(lib, run, now)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
    }

    fn announce(&self, lib: &Library, run: &Run, now: SystemTime, page: &mut Page) {
        if run.visits.len() != self.depth {
            return;
        }
        let Some(visit) = run.visits.last() else {
            return;
        };
        for &i in &self.running {
            let ran_out = visit.steps.get(i).is_some_and(|m| {
                m.state == StepState::Done && m.wait.as_ref().is_some_and(|w| w.skipped.is_none())
            }) && run.wait_left(lib, i, now).is_none();
            if ran_out {
                page.line(format!("done waiting: step {}", i + 1));
            }
        }
    }
}
