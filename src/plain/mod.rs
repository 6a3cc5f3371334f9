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
mod steps;

use crate::engine::{EngineError, Run, StepState};
use crate::flow::{Flow, Library, Node, NodeKind, Outcome};
use input::Cmd;
use render::Page;
use std::io::{BufRead, Write};
use std::time::SystemTime;
use steps::{enter_on_steps, running_waits, step_command, tick_each};

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
        commit(run, &before, page, out, save)?;
        match next {
            Next::Stay => {}
            Next::Ticks(list) => tick_each(lib, run, &list, now, out, save)?,
            Next::Show => force = true,
            Next::Quit => return leave(run, out, save, PlainEnd::Quit),
            Next::Finish => {
                out.flush()?;
                return Ok(PlainEnd::Finished(run.outcome(lib)));
            }
        }
    }
}

/// Saves `run` if it differs from `before`, then prints `page`. Acknowledge after durable:
/// the change is saved before the page that confirms it is printed, so a kill between the
/// two never loses a tick that was shown as done.
fn commit(
    run: &Run,
    before: &Run,
    page: Page,
    out: &mut dyn Write,
    save: &mut dyn FnMut(&Run) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let saved = if run != before { save(run) } else { Ok(()) };
    if let Err(e) = saved {
        writeln!(
            out,
            "! progress could not be saved: {} (the change is kept here and saved with the next one)",
            clean_error(&e)
        )?;
    }
    out.write_all(page.as_str().as_bytes())?;
    out.flush()?;
    Ok(())
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
#[derive(Debug, Clone, PartialEq, Eq)]
enum Next {
    /// Ask again (or print the new node, if the action moved).
    Stay,
    /// Check these steps (indices at the current checklist) one by one, each saved first.
    Ticks(Vec<usize>),
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
    // At a resolved end `n` is "no", not a note.
    if run.asks_if_gone(lib)
        && let Some(error_gone) = input::yes_no(line)
    {
        return match run.answer_gone(lib, error_gone, now) {
            Ok(()) => Next::Show,
            Err(e) => {
                page.refuse(format!("{e}"));
                Next::Stay
            }
        };
    }
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
        NodeKind::Checklist { .. } | NodeKind::Step { .. } => match text {
            None => {
                let single = matches!(node.kind, NodeKind::Step { .. });
                enter_on_steps(lib, run, single, now, page);
                Next::Stay
            }
            Some(t) => step_command(lib, run, node, t, now, page),
        },
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
        NodeKind::End { .. } if run.asks_if_gone(lib) => {
            page.refuse(format!(
                "{} type {}, or b to go back",
                crate::engine::GONE_QUESTION,
                crate::engine::GONE_KEYS
            ));
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
                let n = render::step_base(lib, run) + i + 1;
                page.line(format!("done waiting: step {n}"));
            }
        }
    }
}
