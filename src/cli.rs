//! The command line: parses the arguments and dispatches to [`crate::commands`].

use crate::commands;
use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "tshoot",
    version = VERSION,
    about = "Troubleshooting wizard for Microsoft 365 / Entra ID errors: paste an error, get the cause and a guided fix."
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
        /// Print only ids, one a line, of flows, errors, sessions or all (comma-separated; for
        /// completion scripts).
        #[arg(long, value_name = "KINDS", value_enum, num_args = 0..=1, value_delimiter = ',',
              default_missing_value = "all", conflicts_with = "json")]
        ids: Option<Vec<crate::commands::list::IdKind>>,
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
        /// Delete this session (id or unique prefix) instead of listing; refused while it is
        /// open in another tshoot.
        #[arg(long, value_name = "ID")]
        discard: Option<String>,
    },
    /// Write a session's transcript for the ticket (plain text, Markdown or JSON), redacted.
    ///
    /// Exit status: 0 written, 1 no such session or an unreadable session file.
    Export {
        /// The session id, or the start of it.
        session: String,
        /// text (plain, for any ticket system), md or json [default: text, or the config
        /// file's export_format].
        #[arg(long, value_enum)]
        format: Option<crate::commands::export::Format>,
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
        /// Hand-over fields for the transcript.
        #[command(flatten)]
        ticket: TicketArgs,
    },
    /// Continue an unfinished session (without an id: pick one from the list).
    Resume {
        /// The session id or a unique prefix (`tshoot sessions` lists them).
        session: Option<String>,
        /// Line-oriented mode.
        #[arg(long)]
        plain: bool,
        /// Hand-over fields for the transcript (replace the session's).
        #[command(flatten)]
        ticket: TicketArgs,
    },
    /// Decode an access or ID token offline and explain it: audience, tenant, app,
    /// permissions, roles, MFA, expiry, and what is wrong with it.
    ///
    /// Accepts a bare JWT, an "Authorization: Bearer ..." line, a JSON token response
    /// (access_token / id_token), a URL with #access_token=..., or a longer text that holds a
    /// token. Nothing is sent anywhere or stored, and the signature is neither checked nor
    /// printed. Prefer piping the token in (`pbpaste | tshoot token`): an argument stays in
    /// the shell history.
    ///
    /// Exit status: 0 decoded, 1 no readable token, 2 unusable arguments.
    Token {
        /// The token, or text holding one. `-` (or no argument with piped input) reads stdin.
        token: Option<String>,
        /// Print JSON (format "tshoot-token", version 1; see the README).
        #[arg(long)]
        json: bool,
        /// The API you call with it: graph, exchange, sharepoint, arm, or its URL; a token
        /// for another audience is reported.
        #[arg(long = "for", value_name = "API", value_parser = crate::commands::token::parse_for)]
        for_api: Option<crate::token::ForApi>,
        /// The tenant ID the token should come from; a token from another tenant is reported.
        #[arg(long, value_name = "TENANT_ID", value_parser = crate::commands::token::parse_tenant)]
        tenant: Option<String>,
        /// Take this moment (RFC 3339) as now: for tests, hidden.
        #[arg(long, hide = true, value_name = "RFC3339", value_parser = crate::commands::token::parse_now)]
        now: Option<std::time::SystemTime>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `tshoot man > tshoot.1`, or `tshoot man | man -l -`.
    Man,
}

/// The ticket fields `run` and `resume` take; the operator comes from `TSHOOT_OPERATOR` or
/// the config file.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TicketArgs {
    /// The ticket this work is for (e.g. INC0012345); shown in sessions and transcripts.
    #[arg(long, value_name = "REF")]
    pub ticket: Option<String>,
    /// The customer or tenant this work is for.
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
}

impl TicketArgs {
    /// The fields, with the configured operator.
    pub fn fields(&self, config: &crate::config::Config) -> crate::session::TicketFields {
        crate::session::TicketFields {
            reference: self.ticket.clone(),
            customer: self.customer.clone(),
            operator: config.operator.clone(),
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit());
    match &cli.command {
        None => commands::wizard::run(&cli),
        Some(Command::Run {
            flow,
            plain,
            ticket,
        }) => commands::run::run(&cli, flow, *plain, ticket),
        Some(Command::Resume {
            session,
            plain,
            ticket,
        }) => commands::run::resume(&cli, session.as_deref(), *plain, ticket),
        Some(Command::List {
            ids: Some(kinds), ..
        }) => commands::list::ids(&cli, kinds),
        Some(Command::List { json, ids: None }) => {
            commands::list::run(&commands::setup::effective_library(&cli)?, *json)
        }
        Some(Command::Show { id }) => {
            commands::show::run(&commands::setup::effective_library(&cli)?, id)
        }
        Some(Command::Lint {
            paths,
            json,
            deny_warnings,
        }) => commands::lint::run(&cli, paths, *json, *deny_warnings),
        Some(Command::Search {
            text,
            json,
            limit,
            open,
        }) => commands::search::run(&cli, text, *json, *limit, *open),
        Some(Command::Sessions {
            json,
            all,
            prune,
            discard,
        }) => {
            let store = commands::setup::open_store(&cli)?;
            let library = commands::setup::effective_library(&cli)?;
            let now = std::time::SystemTime::now();
            commands::sessions::run(
                &store,
                &library,
                *json,
                *all,
                *prune,
                discard.as_deref(),
                now,
            )
        }
        Some(Command::Export {
            session,
            format,
            output,
        }) => {
            let store = commands::setup::open_store(&cli)?;
            let library = commands::setup::effective_library(&cli)?;
            commands::export::run(&store, &library, session, *format, output.as_deref())
        }
        Some(Command::Token {
            token,
            json,
            for_api,
            tenant,
            now,
        }) => {
            let options = crate::token::Options {
                for_api: for_api.clone(),
                tenant: tenant.clone(),
            };
            commands::token::run(token.as_deref(), *json, &options, *now)
        }
        Some(Command::Schema) => commands::schema::run(),
        Some(Command::Completions { shell }) => commands::completions::run(*shell),
        Some(Command::Man) => commands::man::run(),
    }
}

/// `tshoot --version`: the version and the size of the built-in library, counted by build.rs.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (built-in library: ",
    env!("TSHOOT_BUILTIN_FLOWS"),
    " flows, ",
    env!("TSHOOT_BUILTIN_ERRORS"),
    " known errors)"
);

/// The command line as clap sees it, with the help's closing notes (which name this
/// machine's flow directory) added at run time.
pub fn command() -> clap::Command {
    Cli::command().after_help(after_help())
}

/// Where flows and sessions come from, for the end of `--help` and the man page.
fn after_help() -> String {
    let own = commands::setup::user_flows_dir().map_or_else(
        || "<config dir>/tshoot/flows (no home directory found)".to_owned(),
        |dir| dir.display().to_string(),
    );
    let separator = if cfg!(windows) { ';' } else { ':' };
    format!(
        "Run with no command to open the wizard.

Flows come from the built-in library, then your own directory, then TSHOOT_FLOWS, then
--flows; a later flow replaces an earlier one with the same id.
  Your own flows:   {own}
  TSHOOT_FLOWS      more flow directories, separated by '{separator}'
  TSHOOT_DATA_DIR   where sessions are kept (as --data-dir)"
    )
}
