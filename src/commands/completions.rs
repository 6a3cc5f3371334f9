//! `tshoot completions SHELL`: a completion script for the shell.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use std::process::ExitCode;

/// Prints the script.
pub fn run(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "tshoot", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}
