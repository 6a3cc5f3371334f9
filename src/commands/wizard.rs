//! `tshoot` with no command: the full-screen wizard on its home screen.

use super::setup::{effective_library, interactive, wizard};
use crate::cli::Cli;
use anyhow::Result;
use std::process::ExitCode;

/// Opens the wizard, or explains the alternatives when no terminal is attached.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    let library = effective_library(cli)?;
    if !interactive() {
        eprintln!(
            "tshoot: not a terminal. Use `tshoot run FLOW --plain` for the line mode, \
             `tshoot search TEXT` to find an error, or `tshoot list` for the flows."
        );
        return Ok(ExitCode::from(2));
    }
    wizard(
        cli,
        &library,
        crate::tui::Start::Home,
        &crate::cli::TicketArgs::default(),
    )
}
