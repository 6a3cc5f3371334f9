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
    /// Print the JSON Schema of the flow format (for editors via yaml-language-server).
    Schema,
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
            eprintln!(
                "The interactive wizard is not built yet. Try `tshoot list` or `tshoot show ID`."
            );
            Ok(ExitCode::from(2))
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
            let library = effective_library(&cli)?;
            let query = crate::search_cmd::read_query(text)?;
            crate::search_cmd::run(&library, &query, *json, *limit, *open)
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

/// The operator's own flow directory: `<config dir>/flows`.
pub fn user_flows_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tshoot").map(|d| d.config_dir().join("flows"))
}

/// The sources of the effective library, lowest priority first.
pub fn sources(cli: &Cli) -> Sources {
    let mut paths = Vec::new();
    if !cli.no_builtin {
        if let Some(dir) = user_flows_dir().filter(|d| d.is_dir()) {
            paths.push(dir);
        }
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
    let sources = sources(cli);
    let loaded = flow::load(&sources);
    if !loaded.has_errors() {
        return Ok(loaded.library);
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
        let builtin = flow::load(&Sources {
            builtin: true,
            paths: Vec::new(),
        });
        if !builtin.has_errors() {
            return Ok(builtin.library);
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

/// Opens the wizard on a flow (the TUI lands in its own issue; until then, print it).
pub fn open_flow(library: &Library, flow_id: &str) -> Result<ExitCode> {
    match library.flow(flow_id) {
        Some(flow) => {
            std::io::stdout()
                .lock()
                .write_all(crate::show::flow(flow).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("error: no flow has the id '{flow_id}'");
            Ok(ExitCode::from(1))
        }
    }
}
