//! What the commands share: the effective library (built-in, the operator's own directory,
//! `TSHOOT_FLOWS`, `--flows`), the session store, and whether a terminal is attached.

use crate::cli::Cli;
use crate::diag::Diagnostic;
use crate::flow::{self, Library, Sources};
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The session store: `sessions` under `--data-dir` / `TSHOOT_DATA_DIR`, else the per-user
/// data directory.
pub fn open_store(cli: &Cli) -> Result<crate::session::Store> {
    let dir = sessions_dir(cli).ok_or(crate::session::SessionError::NoDataDir)?;
    Ok(crate::session::Store::open(&dir)?)
}

/// Where [`open_store`] keeps sessions; `None` when there is no per-user data directory.
pub fn sessions_dir(cli: &Cli) -> Option<PathBuf> {
    match &cli.data_dir {
        Some(dir) => Some(dir.join("sessions")),
        None => crate::session::Store::default_dir(),
    }
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
pub fn builtin_only(sources: &Sources) -> bool {
    sources.builtin && sources.paths.is_empty()
}

/// The built-in index from the snapshot, when only the built-in flows are in use.
pub fn search_index(cli: &Cli) -> Option<crate::search::Index> {
    builtin_only(&sources(cli))
        .then(crate::snapshot::index)
        .flatten()
}

/// Loads `sources`, taking the built-in layer from the snapshot when there is one.
pub fn load_sources<T: Send>(
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

/// Whether both stdin and stdout are terminals (the wizard needs both).
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The session store, or `None` with a warning: the wizard still works without saving.
pub fn store_or_warn(cli: &Cli) -> Option<crate::session::Store> {
    match open_store(cli) {
        Ok(store) => Some(store),
        Err(e) => {
            eprintln!("warning: progress will not be saved: {e:#}");
            None
        }
    }
}

/// Opens the full-screen wizard.
pub fn wizard(
    cli: &Cli,
    library: &Library,
    start: crate::tui::Start,
    ticket: &crate::cli::TicketArgs,
) -> Result<ExitCode> {
    let config = crate::config::Config::load()?;
    let prefs = crate::tui::state::Prefs {
        ticket: ticket.fields(&config),
        format: config.format(),
        bell: config.bell,
        title: config.title,
        clock: crate::session::transcript::Clock::local(),
    };
    crate::tui::run(library, search_index(cli), store_or_warn(cli), start, prefs)?;
    Ok(ExitCode::SUCCESS)
}
