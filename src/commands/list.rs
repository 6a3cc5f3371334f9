//! `tshoot list`: every flow and known error of the effective library.

use crate::flow::Library;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

/// `tshoot list`: every flow and known error, as a table or JSON.
pub fn run(library: &Library, json: bool) -> Result<ExitCode> {
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
