//! `tshoot run FLOW` and `tshoot resume [SESSION]`: the wizard, or plain mode when asked or
//! when no terminal is attached.

use super::setup::{effective_library, interactive, store_or_warn, wizard};
use crate::cli::{Cli, TicketArgs};
use crate::config::Config;
use crate::engine::Run;
use crate::flow::Library;
use crate::session::{Lifecycle, Opening, Session, TicketFields};
use crate::tui::Start;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;
use std::time::SystemTime;

/// `tshoot run FLOW [--plain]`.
pub fn run(cli: &Cli, flow: &str, plain: bool, ticket: &TicketArgs) -> Result<ExitCode> {
    let library = effective_library(cli)?;
    if library.flow(flow).is_none() {
        eprintln!("error: no flow has the id '{flow}'; `tshoot list` shows them all");
        return Ok(ExitCode::from(1));
    }
    if plain || !interactive() {
        return plain_mode(cli, &library, PlainStart::Flow(flow.to_owned()), ticket);
    }
    wizard(cli, &library, Start::Flow(flow.to_owned()), ticket)
}

/// `tshoot resume [SESSION] [--plain]`.
pub fn resume(
    cli: &Cli,
    session: Option<&str>,
    plain: bool,
    ticket: &TicketArgs,
) -> Result<ExitCode> {
    let library = effective_library(cli)?;
    if plain || !interactive() {
        let Some(id) = session else {
            eprintln!(
                "error: name the session to resume in plain mode; `tshoot sessions` lists them"
            );
            return Ok(ExitCode::from(2));
        };
        return plain_mode(cli, &library, PlainStart::Resume(id.to_owned()), ticket);
    }
    let start = match session {
        Some(id) => Start::Resume(id.to_owned()),
        None => Start::ResumeList,
    };
    wizard(cli, &library, start, ticket)
}

/// Where plain mode starts.
pub enum PlainStart {
    /// A flow from its first node.
    Flow(String),
    /// A stored session (id or unique prefix).
    Resume(String),
}

/// Runs a flow line by line on stdin/stdout through the session lifecycle: the session file
/// is written at the first change and after every change, always before the change is
/// acknowledged on screen.
pub fn plain_mode(
    cli: &Cli,
    library: &Library,
    start: PlainStart,
    ticket: &TicketArgs,
) -> Result<ExitCode> {
    let now = SystemTime::now();
    let config = Config::load()?;
    let mut sessions = Lifecycle::new(store_or_warn(cli));
    let mut run = match start {
        PlainStart::Flow(flow) => {
            let run = Run::start(library, &flow, now)?;
            let opening = &Opening {
                ticket: ticket.fields(&config),
                ..Opening::default()
            };
            sessions.start(Session::new(library, run.clone(), opening, now));
            run
        }
        PlainStart::Resume(id) => {
            if sessions.store().is_none() {
                anyhow::bail!("cannot resume: no session store");
            }
            if let Some(msg) = sessions.resume(library, &id, now)? {
                eprintln!("note: {msg}");
            }
            sessions.set_ticket(&TicketFields {
                operator: None,
                ..ticket.fields(&config)
            });
            match sessions.current() {
                Some(session) => session.run.clone(),
                None => anyhow::bail!("cannot resume '{id}'"),
            }
        }
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let clock = SystemTime::now;
    let mut save = |run: &Run| -> Result<()> {
        sessions.save(library, run, SystemTime::now())?;
        Ok(())
    };
    let end = crate::plain::run_plain(library, &mut run, &mut input, &mut out, &clock, &mut save);
    closing_lines(&mut out, &sessions, &global_args(cli))?;
    end?;
    Ok(ExitCode::SUCCESS)
}

/// Names the session and the exact commands that continue it or hand it over: what the
/// operator copies into the ticket, or types after a break.
fn closing_lines(out: &mut impl Write, sessions: &Lifecycle, args: &str) -> Result<()> {
    match sessions.current().filter(|_| sessions.is_saved()) {
        Some(session) => {
            let id = &session.id;
            match session.outcome.filter(|_| session.finished) {
                Some(outcome) => writeln!(out, "Session {id} is finished: {}.", outcome.past())?,
                None if session.finished => writeln!(out, "Session {id} is finished.")?,
                None => {
                    writeln!(out, "Session {id} is saved.")?;
                    writeln!(out, "To continue: tshoot{args} resume {id}")?;
                }
            }
            writeln!(out, "Transcript for the ticket: tshoot{args} export {id}")?;
        }
        None => writeln!(
            out,
            "Nothing was recorded: no answer, tick, input or note was given."
        )?,
    }
    out.flush()?;
    Ok(())
}

/// The options that chose the session store and the flows, as typed again after `tshoot`
/// (with a leading space), so the printed commands find the same session and flows.
fn global_args(cli: &Cli) -> String {
    let mut args = String::new();
    if let Some(dir) = &cli.data_dir {
        args.push_str(" --data-dir ");
        args.push_str(&shell_word(&dir.to_string_lossy()));
    }
    for dir in &cli.flows {
        args.push_str(" --flows ");
        args.push_str(&shell_word(&dir.to_string_lossy()));
    }
    if cli.no_builtin {
        args.push_str(" --no-builtin");
    }
    args
}

/// `word` as one shell word: as it is when it has nothing a shell reads specially, else in
/// single quotes; made safe for the terminal either way.
fn shell_word(word: &str) -> String {
    let word = crate::sanitize::line(word);
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,~".contains(c);
    if !word.is_empty() && word.chars().all(plain) && !word.starts_with('~') {
        word
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn paths_become_one_shell_word() {
        assert_eq!(shell_word("/tmp/data-1"), "/tmp/data-1");
        assert_eq!(shell_word("/tmp/my data"), "'/tmp/my data'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
