//! `tshoot show ID`: a flow or a known error in readable form.

use crate::flow::Library;
use crate::flow::duration;
use crate::flow::{Entry, Flow, InputKind, NodeKind, Step};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

/// A readable rendering of a flow: its header, then each node with where it leads.
pub fn flow_text(flow: &Flow) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  [flow: {}]", flow.title, flow.id);
    let _ = writeln!(out, "Product: {}", flow.product);
    if let Some(source) = &flow.source {
        let _ = writeln!(out, "Source:  {source}");
    }
    if !flow.summary.is_empty() {
        let _ = writeln!(out, "\n{}", flow.summary.trim());
    }
    let _ = writeln!(out, "\nStarts at: {}", flow.start);
    for node in &flow.nodes {
        let _ = writeln!(out, "\n[{}] {}", node.id, node.kind.name());
        match &node.kind {
            NodeKind::Question { prompt, choices } => {
                let _ = writeln!(out, "  {}", prompt.trim());
                for (i, c) in choices.iter().enumerate() {
                    let _ = writeln!(out, "    {}. {}  -> {}", i + 1, c.label, c.next);
                }
            }
            NodeKind::Checklist { title, steps, next } => {
                let _ = writeln!(out, "  {}", title.trim());
                for (i, s) in steps.iter().enumerate() {
                    write_step(&mut out, &format!("{:>4}.", i + 1), s);
                }
                let _ = writeln!(out, "  -> {next}");
            }
            NodeKind::Step { step, next } => {
                write_step(&mut out, "   ", step);
                let _ = writeln!(out, "  -> {next}");
            }
            NodeKind::Input {
                prompt,
                var,
                kind,
                next,
                ..
            } => {
                match kind {
                    InputKind::Text => {
                        let _ = writeln!(out, "  {} (sets {{{{{var}}}}})", prompt.trim());
                    }
                    InputKind::Token => {
                        let _ = writeln!(
                            out,
                            "  {} (a token: sets {{{{{var}.aud}}}}, {{{{{var}.scp}}}}, ... and keeps no token)",
                            prompt.trim()
                        );
                    }
                }
                let _ = writeln!(out, "  -> {next}");
            }
            NodeKind::Branch { cases, otherwise } => {
                let _ = writeln!(out, "  decides without asking, first that holds:");
                for c in cases {
                    let _ = writeln!(out, "    when {}  -> {}", c.source, c.next);
                }
                let _ = writeln!(out, "    else  -> {otherwise}");
            }
            NodeKind::Goto { flow: target, next } => match next {
                Some(n) => {
                    let _ = writeln!(out, "  runs flow '{target}', then -> {n}");
                }
                None => {
                    let _ = writeln!(out, "  continues in flow '{target}'");
                }
            },
            NodeKind::End {
                outcome,
                message,
                entry,
            } => {
                let _ = writeln!(out, "  outcome: {}", outcome.label());
                if let Some(m) = message {
                    let _ = writeln!(out, "  {}", m.trim());
                }
                if let Some(e) = entry {
                    let _ = writeln!(out, "  shows known error '{e}'");
                }
            }
            NodeKind::Search { prompt } => {
                let _ = writeln!(out, "  {} (opens the error search)", prompt.trim());
            }
        }
        if let Some(t) = &node.text {
            let _ = writeln!(out, "  {}", t.trim());
        }
    }
    out
}

fn write_step(out: &mut String, bullet: &str, step: &Step) {
    let _ = write!(out, "  {bullet} {}", step.text.trim());
    if let Some(w) = step.wait {
        let _ = write!(out, "  (wait {})", duration::format(w));
    }
    let _ = writeln!(out);
    if let Some(d) = &step.detail {
        let _ = writeln!(out, "         {}", d.trim());
    }
    if let Some(c) = &step.command {
        let _ = writeln!(out, "         $ {}   [{}]", c.text.trim(), c.risk.label());
    }
}

/// A readable rendering of a known error.
pub fn entry_text(entry: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  [known error: {}]", entry.title, entry.id);
    match &entry.app {
        Some(app) => {
            let _ = writeln!(out, "Product: {} / app: {app}", entry.product);
        }
        None => {
            let _ = writeln!(out, "Product: {}", entry.product);
        }
    }
    if !entry.codes.is_empty() {
        let _ = writeln!(out, "Codes:   {}", entry.codes.join(", "));
    }
    let _ = writeln!(out, "Source:  {}", entry.source);
    if let Some(link) = &entry.link {
        let _ = writeln!(out, "Link:    {link}");
    }
    if !entry.signatures.is_empty() {
        let _ = writeln!(out, "\nLooks like:");
        for s in &entry.signatures {
            let _ = writeln!(out, "  \"{s}\"");
        }
    }
    let _ = writeln!(out, "\nCause:\n  {}", entry.cause.trim());
    if !entry.fix.is_empty() {
        let _ = writeln!(out, "\nFix:");
        for (i, f) in entry.fix.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, f.trim());
        }
    }
    if !entry.developer_fix.is_empty() {
        let _ = writeln!(out, "\nFor the app's developer:");
        for (i, f) in entry.developer_fix.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, f.trim());
        }
    }
    if let Some(flow) = &entry.flow {
        let _ = writeln!(out, "\nGuided fix: tshoot run {flow}");
    }
    out
}

/// `tshoot show ID`: prints a flow or known error; exit 1 for an unknown id.
pub fn run(library: &Library, id: &str) -> Result<ExitCode> {
    let text = if let Some(flow) = library.flow(id) {
        flow_text(flow)
    } else if let Some(entry) = library.entry(id) {
        entry_text(entry)
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
