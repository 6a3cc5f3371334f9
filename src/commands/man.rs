//! `tshoot man`: the manual page, written by clap_mangen from the command line's own help.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

/// Prints the page in roff.
pub fn run() -> Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}
