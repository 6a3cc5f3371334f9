//! `tshoot token [TOKEN | -] [--json] [--for API] [--tenant ID]`: finds an access or ID token
//! in the text, decodes it offline with [`crate::token`] and prints what each claim means and
//! what is wrong with it. The signature is never verified or printed; nothing is stored.
//!
//! Times are shown in the local time zone with its UTC offset and a relative phrase; `--json`
//! keeps UTC (RFC 3339), its stable contract.

use super::search::read_input;
use crate::sanitize::line;
use crate::token::{self, ForApi, Inspection, Options};
use crate::token_text::{kind_line, localized};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;
use std::time::SystemTime;

/// Parses `--for`: `graph`, `exchange`, `sharepoint`, `arm`, or an API's URL / app ID URI.
pub fn parse_for(text: &str) -> Result<ForApi, String> {
    ForApi::parse(text).ok_or_else(|| {
        "expected graph, exchange, sharepoint, arm, or the API's URL (https://...) or app ID URI (api://...)".to_owned()
    })
}

/// Parses `--tenant`: a tenant ID (GUID). Domain names need a lookup, and tshoot is offline.
pub fn parse_tenant(text: &str) -> Result<String, String> {
    let t = text.trim();
    if token::is_guid(t) {
        Ok(t.to_ascii_lowercase())
    } else {
        Err("expected the tenant ID (a GUID, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); tshoot works offline and cannot look up a domain name".to_owned())
    }
}

/// Parses the hidden `--now` (RFC 3339), which fixes the clock for tests.
pub fn parse_now(text: &str) -> Result<SystemTime, String> {
    humantime::parse_rfc3339_weak(text.trim()).map_err(|e| format!("expected RFC 3339 time: {e}"))
}

/// Runs the command; exit 0 when a token was decoded, 1 when none could be read.
pub fn run(
    input: Option<&str>,
    json: bool,
    options: &Options,
    now: Option<SystemTime>,
) -> Result<ExitCode> {
    let args: Vec<String> = input.map(str::to_owned).into_iter().collect();
    let text = read_input(
        &args,
        "give the token as an argument or `-`, or pipe it in (`pbpaste | tshoot token`)",
    )?;
    let now = now.unwrap_or_else(SystemTime::now);
    let mut out = std::io::stdout().lock();
    match token::inspect(&text, options, now) {
        Ok(inspection) => {
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&inspection.to_json())?
                )?;
            } else {
                let clock = crate::session::transcript::Clock::local();
                out.write_all(text_report(&localized(&inspection, &clock)).as_bytes())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            if json {
                let value = serde_json::json!({
                    "format": token::JSON_FORMAT,
                    "version": token::JSON_VERSION,
                    "error": err.to_string(),
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
            } else {
                drop(out);
                eprintln!("error: {err}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

/// The readable report: where the token was, what kind it is, one block per claim (claim,
/// value, meaning), the findings, then the signature sentence. Every value is sanitized.
pub fn text_report(i: &Inspection) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let field = i
        .found
        .field
        .map(|f| format!(" ({})", f.name()))
        .unwrap_or_default();
    let _ = writeln!(out, "Read from: {}{field}.", i.found.form.describe());
    if i.found.tokens > 1 {
        let which = if i.found.field == Some(token::Field::AccessToken) {
            "the access_token one"
        } else {
            "the first"
        };
        let _ = writeln!(
            out,
            "The text holds {} tokens; this is {which}.",
            i.found.tokens
        );
    }
    let header = [
        ("alg", &i.header.alg),
        ("typ", &i.header.typ),
        ("kid", &i.header.kid),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {}", line(v))))
    .collect::<Vec<_>>()
    .join(", ");
    if !header.is_empty() {
        let _ = writeln!(out, "Header: {header}.");
    }
    let _ = writeln!(out, "{}", kind_line(i));
    let _ = writeln!(out);
    let width = i
        .explained
        .iter()
        .map(|e| e.claim.chars().count())
        .max()
        .unwrap_or(0);
    for e in &i.explained {
        let _ = writeln!(out, "  {:<width$}  {}", line(&e.claim), line(&e.value));
        let _ = writeln!(out, "  {:<width$}  {}", "", line(&e.meaning));
    }
    if !i.other_claims.is_empty() {
        let names: Vec<String> = i.other_claims.iter().map(|c| line(c)).collect();
        let _ = writeln!(
            out,
            "\nOther claims (values not shown): {}.",
            names.join(", ")
        );
    }
    let _ = writeln!(out);
    if i.findings.is_empty() {
        let _ = writeln!(out, "Findings: none.");
    } else {
        let _ = writeln!(out, "Findings:");
        for f in &i.findings {
            let _ = writeln!(out, "  - {}", line(&f.message));
            if let Some(entry) = f.entry {
                let _ = writeln!(out, "    see: tshoot show {entry}");
            }
        }
    }
    let _ = writeln!(out, "\n{}", token::SIGNATURE_NOT_VERIFIED);
    out
}
