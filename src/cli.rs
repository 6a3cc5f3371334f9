//! The command line: parses arguments, loads the library and dispatches to each command.

use crate::diag::Diagnostic;
use crate::flow::{self, Library, Sources};
use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "tshoot",
    version,
    about = "Troubleshooting wizard for Microsoft 365 / Entra ID errors: paste an error, get the cause and a guided fix.",
    after_help = "Run with no command to open the wizard."
)]
pub struct Cli {
    /// Add flows from this directory (repeatable; later ones override earlier ones by id).
    #[arg(long = "flows", value_name = "DIR", global = true)]
    pub flows: Vec<PathBuf>,
    /// Use only the flows from --flows and TSHOOT_FLOWS, not the built-in library or the user directory.
    #[arg(long, global = true)]
    pub no_builtin: bool,
    /// Keep sessions under this directory instead of the per-user data directory.
    #[arg(long, value_name = "DIR", env = "TSHOOT_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// What to do (default: open the wizard).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every flow and known error.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show a flow or known error in readable form.
    Show {
        /// The id of a flow or known error.
        id: String,
    },
    /// Check flow files: prints path:line:col: error|warning: message.
    ///
    /// Exit status: 0 clean, 1 problems found, 2 unusable arguments.
    Lint {
        /// Files or directories to check, on top of the built-in library (default: the effective library).
        paths: Vec<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Treat warnings as problems (exit 1).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Find the known error for an error text (arguments, `-` for stdin, or piped stdin).
    ///
    /// Exit status: 0 when a confident match exists, 1 when none.
    Search {
        /// The error text or search words. Use `-` to read stdin.
        text: Vec<String>,
        /// Print JSON: {"results": [{"id", "kind", "title", "product", "codes", "confidence", "score", "why"}]}.
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Open the wizard on the top hit.
        #[arg(long)]
        open: bool,
    },
    /// List unfinished sessions with their progress and last activity.
    Sessions {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Include finished sessions (the history).
        #[arg(long)]
        all: bool,
        /// First delete finished sessions last active more than DAYS days ago.
        #[arg(long, value_name = "DAYS")]
        prune: Option<u64>,
    },
    /// Write a session's transcript (Markdown for the ticket, or JSON), redacted.
    ///
    /// Exit status: 0 written, 1 no such session or an unreadable session file.
    Export {
        /// The session id, or the start of it.
        session: String,
        /// Markdown or JSON.
        #[arg(long, value_enum, default_value_t = crate::session::commands::Format::Md)]
        format: crate::session::commands::Format,
        /// Write to this file (mode 0600) instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the flow format (for editors via yaml-language-server).
    Schema,
    /// Run a flow by id in the wizard (or line by line with --plain).
    Run {
        /// The flow's id (`tshoot list` shows them).
        flow: String,
        /// Line-oriented mode for screen readers, dumb terminals and scripts (automatic when
        /// stdin or stdout is not a terminal).
        #[arg(long)]
        plain: bool,
    },
    /// Continue an unfinished session (without an id: pick one from the list).
    Resume {
        /// The session id or a unique prefix (`tshoot sessions` lists them).
        session: Option<String>,
        /// Line-oriented mode.
        #[arg(long)]
        plain: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match &cli.command {
        None => {
            let library = effective_library(&cli)?;
            if !interactive() {
                eprintln!(
                    "tshoot: not a terminal. Use `tshoot run FLOW --plain` for the line mode, \
                     `tshoot search TEXT` to find an error, or `tshoot list` for the flows."
                );
                return Ok(ExitCode::from(2));
            }
            wizard(&cli, &library, crate::tui::Start::Home)
        }
        Some(Command::Run { flow, plain }) => {
            let library = effective_library(&cli)?;
            if library.flow(flow).is_none() {
                eprintln!("error: no flow has the id '{flow}'; `tshoot list` shows them all");
                return Ok(ExitCode::from(1));
            }
            if *plain || !interactive() {
                return run_plain(&cli, &library, PlainStart::Flow(flow.clone()));
            }
            wizard(&cli, &library, crate::tui::Start::Flow(flow.clone()))
        }
        Some(Command::Resume { session, plain }) => {
            let library = effective_library(&cli)?;
            if *plain || !interactive() {
                let Some(id) = session else {
                    eprintln!(
                        "error: name the session to resume in plain mode; `tshoot sessions` lists them"
                    );
                    return Ok(ExitCode::from(2));
                };
                return run_plain(&cli, &library, PlainStart::Resume(id.clone()));
            }
            let start = match session {
                Some(id) => crate::tui::Start::Resume(id.clone()),
                None => crate::tui::Start::ResumeList,
            };
            wizard(&cli, &library, start)
        }
        Some(Command::List { json }) => {
            let library = effective_library(&cli)?;
            list(&library, *json)
        }
        Some(Command::Show { id }) => {
            let library = effective_library(&cli)?;
            show(&library, id)
        }
        Some(Command::Lint {
            paths,
            json,
            deny_warnings,
        }) => lint(&cli, paths, *json, *deny_warnings),
        Some(Command::Search {
            text,
            json,
            limit,
            open,
        }) => {
            let query = crate::search_cmd::read_query(text)?;
            // Only the index is needed to answer; the library only to open the wizard.
            let (mut library, index) = match search_index(&cli) {
                Some(index) => (None, index),
                None => {
                    let (library, index) =
                        effective_library_with(&cli, crate::search::Index::build)?;
                    (Some(library), index)
                }
            };
            let mut open_in_wizard = |target: crate::search_cmd::OpenTarget| {
                use crate::search_cmd::OpenTarget;
                let library = match library.take() {
                    Some(library) => library,
                    None => effective_library(&cli)?,
                };
                if !interactive() {
                    return match target {
                        OpenTarget::Flow { flow, .. } => {
                            run_plain(&cli, &library, PlainStart::Flow(flow))
                        }
                        OpenTarget::Entry(id) => show(&library, &id),
                        OpenTarget::Search => {
                            eprintln!(
                                "error: several apps report this message; name the app in the text"
                            );
                            Ok(ExitCode::from(1))
                        }
                    };
                }
                let start = match target {
                    OpenTarget::Flow { flow, entry } => crate::tui::Start::FlowFor {
                        flow,
                        entry,
                        query: query.clone(),
                    },
                    OpenTarget::Entry(entry) => crate::tui::Start::Entry {
                        entry,
                        query: query.clone(),
                    },
                    OpenTarget::Search => crate::tui::Start::Search(query.clone()),
                };
                wizard(&cli, &library, start)
            };
            let open_fn: Option<crate::search_cmd::OpenFn> = if *open {
                Some(&mut open_in_wizard)
            } else {
                None
            };
            let code = crate::search_cmd::run(&index, &query, *json, *limit, open_fn);
            // The process ends here: freeing the index's thousands of strings one by one would
            // only delay the answer.
            std::mem::forget(index);
            code
        }
        Some(Command::Sessions { json, all, prune }) => {
            let store = open_store(&cli)?;
            let library = effective_library(&cli)?;
            let now = std::time::SystemTime::now();
            crate::session::commands::sessions(&store, &library, *json, *all, *prune, now)
        }
        Some(Command::Export {
            session,
            format,
            output,
        }) => {
            let store = open_store(&cli)?;
            let library = effective_library(&cli)?;
            crate::session::commands::export(&store, &library, session, *format, output.as_deref())
        }
        Some(Command::Schema) => {
            let schema = crate::flow::schema::json_schema();
            writeln!(
                std::io::stdout().lock(),
                "{}",
                serde_json::to_string_pretty(&schema)?
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = Cli::command();
            clap_complete::generate(*shell, &mut cmd, "tshoot", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The session store: `sessions` under `--data-dir` / `TSHOOT_DATA_DIR`, else the per-user
/// data directory.
pub fn open_store(cli: &Cli) -> Result<crate::session::Store> {
    let dir = match &cli.data_dir {
        Some(dir) => dir.join("sessions"),
        None => {
            crate::session::Store::default_dir().ok_or(crate::session::SessionError::NoDataDir)?
        }
    };
    Ok(crate::session::Store::open(&dir)?)
}

/// The operator's own flow directory: `<config dir>/flows`.
pub fn user_flows_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tshoot").map(|d| d.config_dir().join("flows"))
}

/// The sources of the effective library, lowest priority first.
pub fn sources(cli: &Cli) -> Sources {
    let mut paths = Vec::new();
    if !cli.no_builtin
        && let Some(dir) = user_flows_dir().filter(|d| d.is_dir())
    {
        paths.push(dir);
    }
    if let Some(env) = std::env::var_os("TSHOOT_FLOWS") {
        paths.extend(std::env::split_paths(&env).filter(|p| !p.as_os_str().is_empty()));
    }
    paths.extend(cli.flows.iter().cloned());
    Sources {
        builtin: !cli.no_builtin,
        paths,
    }
}

/// Loads the effective library. If the operator's own flows have errors, falls back to the
/// built-in library with a warning rather than leaving them without a tool mid-incident.
pub fn effective_library(cli: &Cli) -> Result<Library> {
    if builtin_only(&sources(cli))
        && let Some(library) = crate::snapshot::library()
    {
        return Ok(library);
    }
    effective_library_with(cli, |_| ()).map(|(library, ())| library)
}

/// Whether only the built-in flows are in use: the build-time snapshot then serves as it is.
fn builtin_only(sources: &Sources) -> bool {
    sources.builtin && sources.paths.is_empty()
}

/// The built-in index from the snapshot, when only the built-in flows are in use.
fn search_index(cli: &Cli) -> Option<crate::search::Index> {
    builtin_only(&sources(cli))
        .then(crate::snapshot::index)
        .flatten()
}

/// Loads `sources`, taking the built-in layer from the snapshot when there is one.
fn load_sources<T: Send>(
    sources: &Sources,
    with: impl FnOnce(&Library) -> T + Send,
) -> (flow::Loaded, T) {
    match sources.builtin.then(crate::snapshot::library).flatten() {
        Some(builtin) => flow::load_onto_with(builtin, &sources.paths, with),
        None => flow::load_with(sources, with),
    }
}

/// [`effective_library`], with `with` run on the library while it is validated (see
/// [`flow::load_with`]); on the fall-back to the built-in library it runs again on that.
pub fn effective_library_with<T: Send>(
    cli: &Cli,
    with: impl Fn(&Library) -> T + Sync,
) -> Result<(Library, T)> {
    let sources = sources(cli);
    let (loaded, value) = load_sources(&sources, &with);
    if !loaded.has_errors() {
        return Ok((loaded.library, value));
    }
    let errors: Vec<&Diagnostic> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut err = std::io::stderr().lock();
    for d in errors.iter().take(5) {
        writeln!(err, "{d}")?;
    }
    if errors.len() > 5 {
        writeln!(err, "... and {} more", errors.len() - 5)?;
    }
    if sources.builtin && !sources.paths.is_empty() {
        writeln!(
            err,
            "warning: your flows have {} error(s); using the built-in library only. Run `tshoot lint` for details.",
            errors.len()
        )?;
        let (builtin, value) = load_sources(
            &Sources {
                builtin: true,
                paths: Vec::new(),
            },
            &with,
        );
        if !builtin.has_errors() {
            return Ok((builtin.library, value));
        }
    }
    anyhow::bail!(
        "the flow library has {} error(s); run `tshoot lint`",
        errors.len()
    )
}

fn list(library: &Library, json: bool) -> Result<ExitCode> {
    if json {
        let flows: Vec<_> = library
            .flows()
            .iter()
            .map(|f| {
                serde_json::json!({"id": f.id, "kind": "flow", "title": f.title, "product": f.product})
            })
            .collect();
        let entries: Vec<_> = library
            .entries()
            .iter()
            .map(|e| {
                serde_json::json!({"id": e.id, "kind": "error", "title": e.title, "product": e.product, "app": e.app, "codes": e.codes})
            })
            .collect();
        let out = serde_json::json!({"flows": flows, "errors": entries});
        writeln!(
            std::io::stdout().lock(),
            "{}",
            serde_json::to_string_pretty(&out)?
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "FLOWS ({})", library.flows().len())?;
    for f in library.flows() {
        writeln!(out, "  {:<36} {:<20} {}", f.id, f.product, f.title)?;
    }
    writeln!(out, "\nKNOWN ERRORS ({})", library.entries().len())?;
    for e in library.entries() {
        let product = match &e.app {
            Some(app) => format!("{} / {app}", e.product),
            None => e.product.clone(),
        };
        writeln!(out, "  {:<36} {:<20} {}", e.id, product, e.title)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn show(library: &Library, id: &str) -> Result<ExitCode> {
    let text = if let Some(flow) = library.flow(id) {
        crate::show::flow(flow)
    } else if let Some(entry) = library.entry(id) {
        crate::show::entry(entry)
    } else {
        eprintln!("error: no flow or known error has the id '{id}'; `tshoot list` shows them all");
        return Ok(ExitCode::from(1));
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

fn lint(cli: &Cli, paths: &[PathBuf], json: bool, deny_warnings: bool) -> Result<ExitCode> {
    let sources = if paths.is_empty() {
        sources(cli)
    } else {
        for p in paths {
            if !p.exists() {
                eprintln!("error: {}: no such file or directory", p.display());
                return Ok(ExitCode::from(2));
            }
        }
        Sources {
            builtin: !cli.no_builtin,
            paths: paths.to_vec(),
        }
    };
    let loaded = flow::load(&sources);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(crate::lint::extra_checks(&loaded.library));
    crate::diag::sort(&mut diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if json {
        let out = serde_json::json!({
            "diagnostics": diagnostics,
            "errors": errors,
            "warnings": warnings,
            "flows": loaded.library.flows().len(),
            "entries": loaded.library.entries().len(),
        });
        writeln!(
            std::io::stdout().lock(),
            "{}",
            serde_json::to_string_pretty(&out)?
        )?;
    } else {
        let mut out = std::io::stdout().lock();
        for d in &diagnostics {
            writeln!(out, "{d}")?;
        }
        writeln!(
            std::io::stderr(),
            "{} flow(s), {} known error(s): {errors} error(s), {warnings} warning(s)",
            loaded.library.flows().len(),
            loaded.library.entries().len()
        )?;
    }
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether both stdin and stdout are terminals (the wizard needs both).
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The session store, or `None` with a warning: the wizard still works without saving.
fn store_or_warn(cli: &Cli) -> Option<crate::session::Store> {
    match open_store(cli) {
        Ok(store) => Some(store),
        Err(e) => {
            eprintln!("warning: progress will not be saved: {e:#}");
            None
        }
    }
}

/// Opens the full-screen wizard.
fn wizard(cli: &Cli, library: &Library, start: crate::tui::Start) -> Result<ExitCode> {
    crate::tui::run(library, search_index(cli), store_or_warn(cli), start)?;
    Ok(ExitCode::SUCCESS)
}

/// Where the plain mode starts.
enum PlainStart {
    Flow(String),
    Resume(String),
}

/// Runs a flow line by line on stdin/stdout, saving the session after every change.
fn run_plain(cli: &Cli, library: &Library, start: PlainStart) -> Result<ExitCode> {
    use crate::session::Session;
    let now = std::time::SystemTime::now();
    let store = store_or_warn(cli);
    let (mut session, _lock) = match start {
        PlainStart::Flow(flow) => {
            let run = crate::engine::Run::start(library, &flow, now)?;
            let session = Session::new(library, run, None, None, now);
            let lock = match &store {
                Some(s) => Some(s.lock(&session.id)?),
                None => None,
            };
            (session, lock)
        }
        PlainStart::Resume(id) => {
            let Some(store) = &store else {
                anyhow::bail!("cannot resume: no session store");
            };
            let lock = store.lock(&id)?;
            let mut session = store.load(&id)?;
            if let Some(msg) = crate::session::resume(library, &mut session, now)? {
                eprintln!("note: {msg}");
            }
            (session, Some(lock))
        }
    };
    let mut run = session.run.clone();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let clock = std::time::SystemTime::now;
    let mut save = |run: &crate::engine::Run| -> Result<()> {
        if let Some(store) = &store {
            session.run = run.clone();
            session.touch(library, std::time::SystemTime::now());
            store.save(&session)?;
        }
        Ok(())
    };
    save(&run)?;
    let end = crate::plain::run_plain(library, &mut run, &mut input, &mut out, &clock, &mut save)?;
    Ok(match end {
        crate::plain::PlainEnd::Finished(_) => ExitCode::SUCCESS,
        crate::plain::PlainEnd::Quit | crate::plain::PlainEnd::InputClosed => ExitCode::SUCCESS,
    })
}
