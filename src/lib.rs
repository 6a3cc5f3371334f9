//! tshoot: a terminal troubleshooting wizard for Microsoft 365 / Entra ID errors.
//!
//! - [`flow`]: the YAML flow format, loading, validation and the checked library (no I/O
//!   beyond reading flow files).
//! - [`diag`]: located problems reported by the loader and validator.
//! - [`engine`]: the pure flow runner (where the operator is, what each action does).
//! - [`search`]: the error search over known errors and flows (pure).
//! - [`session`]: crash-safe session files, resume, transcripts.
//! - [`redact`]: secrets removed before anything is stored or exported.
//! - [`sanitize`]: terminal escapes kept off the screen.
//! - [`ids`]: names of well-known IDs (first-party apps, directory roles).
//! - [`token`]: the offline token inspector (core); `tshoot token` is [`commands::token`];
//!   [`token_text`]: how a token reads for people, for that command and the wizard.
//! - [`tui`]: the full-screen wizard; [`plain`]: the line-oriented mode.
//! - [`cli`]: parses the command line and dispatches; [`commands`]: one module per
//!   subcommand.
//! - [`config`]: the operator's settings (`config.json`, `TSHOOT_OPERATOR`).
//! - [`snapshot`]: the library and index built into the binary at build time.

pub use tshoot_core::{diag, flow, ids, search, token};

pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod plain;
pub mod redact;
pub mod sanitize;
pub mod session;
pub mod snapshot;
pub mod token_text;
pub mod tui;
