//! `tshoot lint`: the loader's and validator's diagnostics, plus checks beyond validity:
//! golden pastes (`examples:`) must find their own entry first, and flow text must not hide
//! characters that reorder or conceal text.

use crate::cli::Cli;
use crate::diag::{Diagnostic, Severity};
use crate::flow::Library;
use crate::flow::validate::node_texts;
use crate::flow::yaml::Seg;
use crate::flow::{self, Sources};
use crate::search::Index;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Extra lint checks over a loaded library.
pub fn extra_checks(library: &Library) -> Vec<Diagnostic> {
    let mut diags = examples(library);
    diags.extend(hidden_characters(library));
    diags
}

/// Each example of an entry must rank that entry first (or among the top "which app?" group).
fn examples(library: &Library) -> Vec<Diagnostic> {
    if library.entries().iter().all(|e| e.examples.is_empty()) {
        return Vec::new();
    }
    let index = Index::build(library);
    let mut diags = Vec::new();
    for entry in library.entries() {
        for (i, example) in entry.examples.iter().enumerate() {
            let results = index.search_pasted(example, 5);
            let pos = results
                .hits
                .iter()
                .position(|h| index.doc(h.doc).is_some_and(|d| d.id == entry.id));
            let first =
                matches!(pos, Some(0)) || pos.is_some_and(|p| results.ambiguous.contains(&p));
            if first {
                continue;
            }
            let top = results
                .hits
                .first()
                .and_then(|h| index.doc(h.doc))
                .map_or("nothing".to_owned(), |d| format!("'{}'", d.id));
            let place = pos.map_or("not in the top 5".to_owned(), |p| {
                format!("ranked {}", p + 1)
            });
            diags.push(entry.origin.diag(
                Severity::Error,
                &entry.id,
                None,
                &[Seg::Key("examples".into()), Seg::Index(i)],
                format!("this example finds {top} first; its own entry is {place}: add a code or signature that tells them apart"),
            ));
        }
    }
    diags
}

/// Bidirectional overrides and zero-width characters can make flow text read differently
/// from what it is; they are never needed in a troubleshooting flow.
fn hidden_characters(library: &Library) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let bad = |s: &str| {
        s.chars().find(|&c| {
            crate::sanitize::is_invisible_format(c)
                || (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        })
    };
    for flow in library.flows() {
        let mut texts: Vec<(Option<&str>, Vec<Seg>, String)> = vec![
            (None, vec![Seg::Key("title".into())], flow.title.clone()),
            (None, vec![Seg::Key("summary".into())], flow.summary.clone()),
        ];
        for (i, node) in flow.nodes.iter().enumerate() {
            for (rel, text) in node_texts(&node.kind, node.text.as_deref(), node.help.as_deref()) {
                let mut path = vec![Seg::Key("nodes".into()), Seg::Index(i)];
                path.extend(rel);
                texts.push((Some(node.id.as_str()), path, text));
            }
        }
        for (node, path, text) in texts {
            if let Some(c) = bad(&text) {
                diags.push(flow.origin.diag(
                    Severity::Error,
                    &flow.id,
                    node,
                    &path,
                    format!("contains the hidden or control character U+{:04X}; remove it (it can reorder or hide text on screen)", c as u32),
                ));
            }
        }
    }
    for entry in library.entries() {
        let fields = [
            ("title", vec![entry.title.clone()]),
            ("cause", vec![entry.cause.clone()]),
            ("fix", entry.fix.clone()),
            ("signatures", entry.signatures.clone()),
        ];
        for (name, values) in fields {
            for v in values {
                if let Some(c) = bad(&v) {
                    diags.push(entry.origin.diag(
                        Severity::Error,
                        &entry.id,
                        None,
                        &[Seg::Key(name.into())],
                        format!(
                            "contains the hidden or control character U+{:04X}; remove it",
                            c as u32
                        ),
                    ));
                }
            }
        }
    }
    diags
}

/// `tshoot lint [PATH...]`: exit 0 clean, 1 problems, 2 unusable arguments.
pub fn run(cli: &Cli, paths: &[PathBuf], json: bool, deny_warnings: bool) -> Result<ExitCode> {
    let sources = if paths.is_empty() {
        super::setup::sources(cli)
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
    diagnostics.extend(extra_checks(&loaded.library));
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
