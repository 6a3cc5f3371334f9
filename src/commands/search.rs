//! `tshoot search`: reads the error text, ranks the library and prints the results (or opens
//! the wizard on the answer with `--open`).

use super::run::{PlainStart, plain_mode};
use super::setup::{effective_library, effective_library_with, interactive, search_index, wizard};
use crate::cli::Cli;
use crate::search::{Confidence, Index, Kind, Results};
use crate::tui::Start;
use anyhow::{Context, Result};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

/// The query from the arguments, or from stdin with `-` or when stdin is piped.
pub fn read_query(args: &[String]) -> Result<String> {
    read_input(
        args,
        "give the error text as arguments, or pipe it in (`pbpaste | tshoot search`)",
    )
}

/// The text from the arguments (joined by spaces), or from stdin with `-` or when stdin is
/// piped (read up to the paste bound); `missing` is the error when there is neither.
pub fn read_input(args: &[String], missing: &str) -> Result<String> {
    let from_stdin =
        args.iter().any(|a| a == "-") || (args.is_empty() && !std::io::stdin().is_terminal());
    if from_stdin {
        let mut buf = Vec::new();
        // Read up to the paste bound only: a huge paste must not fill memory.
        std::io::stdin()
            .lock()
            .take(crate::search::MAX_PASTE_BYTES as u64)
            .read_to_end(&mut buf)
            .context("reading stdin")?;
        let text = String::from_utf8_lossy(&buf).into_owned();
        let rest: Vec<&str> = args
            .iter()
            .filter(|a| *a != "-")
            .map(String::as_str)
            .collect();
        return Ok(if rest.is_empty() {
            text
        } else {
            format!("{} {text}", rest.join(" "))
        });
    }
    if args.is_empty() {
        anyhow::bail!("{missing}");
    }
    Ok(args.join(" "))
}

/// What `--open` opens in the wizard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenTarget {
    /// A guided flow, reached from a known error or directly.
    Flow {
        /// The flow id.
        flow: String,
        /// The known error that led to it.
        entry: Option<String>,
    },
    /// A known error without a guided flow: its cause and fix.
    Entry(String),
    /// No single sure answer (several apps share the message, or nothing is confident): the
    /// search screen with the results, where the operator picks.
    Search,
}

/// Opens the wizard for `--open`.
pub type OpenFn<'a> = &'a mut dyn FnMut(OpenTarget) -> Result<ExitCode>;

/// Searches and prints; exit 0 when the top hit is confident, 1 otherwise.
pub fn answer(
    index: &Index,
    query: &str,
    json: bool,
    limit: usize,
    open: Option<OpenFn<'_>>,
) -> Result<ExitCode> {
    let results = index.search(query, limit.max(1));
    if let Some(open) = open.filter(|_| !json)
        && let Some(top) = results.hits.first().and_then(|h| index.doc(h.doc))
    {
        if results.is_confident() {
            let target = if results.ambiguous.len() > 1 {
                OpenTarget::Search
            } else {
                match top.kind {
                    Kind::Flow => OpenTarget::Flow {
                        flow: top.id.clone(),
                        entry: None,
                    },
                    Kind::Error => match top.flow.clone() {
                        Some(flow) => OpenTarget::Flow {
                            flow,
                            entry: Some(top.id.clone()),
                        },
                        None => OpenTarget::Entry(top.id.clone()),
                    },
                }
            };
            return open(target);
        }
        // Not sure enough to pick for the operator: show the results in the wizard.
        return open(OpenTarget::Search);
    }
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&to_json(index, &results))?
        )?;
    } else {
        write_text(&mut out, index, &results)?;
    }
    Ok(if results.is_confident() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `tshoot search [TEXT...] [--json] [--limit N] [--open]`.
pub fn run(cli: &Cli, text: &[String], json: bool, limit: usize, open: bool) -> Result<ExitCode> {
    let query = read_query(text)?;
    // Only the index is needed to answer; the library only to open the wizard.
    let (mut library, index) = match search_index(cli) {
        Some(index) => (None, index),
        None => {
            let (library, index) = effective_library_with(cli, Index::build)?;
            (Some(library), index)
        }
    };
    let mut open_in_wizard = |target: OpenTarget| {
        let library = match library.take() {
            Some(library) => library,
            None => effective_library(cli)?,
        };
        if !interactive() {
            return match target {
                OpenTarget::Flow { flow, .. } => plain_mode(
                    cli,
                    &library,
                    PlainStart::Flow(flow),
                    &crate::cli::TicketArgs::default(),
                ),
                OpenTarget::Entry(id) => super::show::run(&library, &id),
                OpenTarget::Search => {
                    // No terminal to pick in: print the results, as without --open.
                    let results = index.search(&query, limit.max(1));
                    write_text(&mut std::io::stdout().lock(), &index, &results)?;
                    Ok(ExitCode::from(1))
                }
            };
        }
        let start = match target {
            OpenTarget::Flow { flow, entry } => Start::FlowFor {
                flow,
                entry,
                query: query.clone(),
            },
            OpenTarget::Entry(entry) => Start::Entry {
                entry,
                query: query.clone(),
            },
            OpenTarget::Search => Start::Search(query.clone()),
        };
        wizard(cli, &library, start, &crate::cli::TicketArgs::default())
    };
    let open_fn: Option<OpenFn> = if open {
        Some(&mut open_in_wizard)
    } else {
        None
    };
    let code = answer(&index, &query, json, limit, open_fn);
    // The process ends here: freeing the index's thousands of strings one by one would only
    // delay the answer.
    std::mem::forget(index);
    code
}

/// The stable JSON contract of `tshoot search --json`.
pub fn to_json(index: &Index, results: &Results) -> serde_json::Value {
    let items: Vec<serde_json::Value> = results
        .hits
        .iter()
        .filter_map(|h| {
            let d = index.doc(h.doc)?;
            Some(serde_json::json!({
                "id": d.id,
                "kind": d.kind,
                "title": d.title,
                "product": d.product,
                "app": d.app,
                "codes": d.codes,
                "confidence": h.confidence,
                "score": (h.score * 100.0).round() / 100.0,
                "why": h.why,
            }))
        })
        .collect();
    let ambiguous: Vec<&str> = results
        .ambiguous
        .iter()
        .filter_map(|&i| {
            results
                .hits
                .get(i)
                .and_then(|h| index.doc(h.doc))
                .map(|d| d.id.as_str())
        })
        .collect();
    serde_json::json!({
        "results": items,
        "ambiguous": ambiguous,
        "unknown_codes": results.unknown_codes,
        "lookup": results.lookup(),
        "skipped": results.skipped,
        "ids": results.ids,
    })
}

fn write_text(out: &mut impl Write, index: &Index, results: &Results) -> Result<()> {
    for note in results.unknown_notes() {
        writeln!(out, "{}", crate::sanitize::line(&note))?;
    }
    if let Some(skipped) = &results.skipped {
        writeln!(out, "Long text: {}.", skipped.describe())?;
    }
    for id in &results.ids {
        writeln!(out, "{}", crate::sanitize::line(&id.describe()))?;
    }
    if !results.is_confident() {
        writeln!(out, "{}", crate::search::NO_CONFIDENT_MATCH)?;
        writeln!(out, "Next steps:")?;
        for step in results.next_steps() {
            writeln!(out, "  - {step}")?;
        }
        if results.hits.is_empty() {
            return Ok(());
        }
        writeln!(out, "Possible matches:")?;
    }
    if !results.ambiguous.is_empty() {
        writeln!(
            out,
            "This message means different things per app. Which app is it?"
        )?;
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        let Some(doc) = index.doc(hit.doc) else {
            continue;
        };
        let conf = match hit.confidence {
            Confidence::High => "high",
            Confidence::Possible => "possible",
            Confidence::None => "none",
        };
        let kind = match doc.kind {
            Kind::Error => "error",
            Kind::Flow => "flow",
        };
        let product = match &doc.app {
            Some(app) => format!("{} / {app}", doc.product),
            None => doc.product.clone(),
        };
        writeln!(
            out,
            "{}. [{kind}] {}  ({product})",
            rank + 1,
            crate::sanitize::line(&doc.title)
        )?;
        writeln!(out, "   id: {}   confidence: {conf}", doc.id)?;
        if !hit.why.is_empty() {
            writeln!(
                out,
                "   why: {}",
                crate::sanitize::line(&hit.why.join("; "))
            )?;
        }
        if let Some(fix) = &doc.first_fix {
            writeln!(out, "   first step: {}", crate::sanitize::line(fix))?;
        }
    }
    Ok(())
}
