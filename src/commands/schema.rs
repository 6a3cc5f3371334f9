//! `tshoot schema`: the JSON Schema of the flow format, for editors.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

/// Prints the schema.
pub fn run() -> Result<ExitCode> {
    let schema = crate::flow::schema::json_schema();
    writeln!(
        std::io::stdout().lock(),
        "{}",
        serde_json::to_string_pretty(&schema)?
    )?;
    Ok(ExitCode::SUCCESS)
}
