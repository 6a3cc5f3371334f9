//! `tshoot list`: every flow and known error of the effective library, and `tshoot list --ids`
//! for shell completion.

use crate::cli::Cli;
use crate::flow::Library;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What `tshoot list --ids` prints the ids of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IdKind {
    /// Guided flows.
    Flows,
    /// Known errors.
    Errors,
    /// Saved sessions, unfinished ones first.
    Sessions,
    /// All three.
    All,
}

/// The widest the product column gets; longer products are cut with `…`.
const PRODUCT_WIDTH: usize = 30;

/// `tshoot list`: every flow and known error, as a table or JSON.
pub fn run(library: &Library, json: bool) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
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
        let doc = serde_json::json!({"flows": flows, "errors": entries});
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    out.write_all(table(library, terminal_width()).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The width of the terminal on stdout; `None` when stdout is not one (titles are then whole).
fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
}

/// The table `tshoot list` prints: each section's ids whole (they are typed and copied),
/// products cut at [`PRODUCT_WIDTH`], titles cut to fit `width` when given (unless that would
/// leave them under [`MIN_TITLE`]); columns are measured in terminal cells.
pub fn table(library: &Library, width: Option<usize>) -> String {
    let flows: Vec<[String; 3]> = library
        .flows()
        .iter()
        .map(|f| [f.id.clone(), f.product.clone(), f.title.clone()])
        .collect();
    let entries: Vec<[String; 3]> = library
        .entries()
        .iter()
        .map(|e| {
            [
                e.id.clone(),
                product(&e.product, e.app.as_deref()),
                e.title.clone(),
            ]
        })
        .collect();
    let mut out = format!("FLOWS ({})\n", flows.len());
    out.push_str(&section(&flows, width));
    out.push_str(&format!("\nKNOWN ERRORS ({})\n", entries.len()));
    out.push_str(&section(&entries, width));
    out
}

/// The narrowest a title is cut to; below it, titles stay whole and the terminal wraps them.
const MIN_TITLE: usize = 20;

/// The rows of one section of [`table`], aligned among themselves.
fn section(rows: &[[String; 3]], width: Option<usize>) -> String {
    let rows: Vec<[String; 3]> = rows
        .iter()
        .map(|row| row.each_ref().map(|s| crate::sanitize::line(s)))
        .collect();
    let id_width = rows.iter().map(|r| r[0].width()).max().unwrap_or(0);
    let product_width = rows
        .iter()
        .map(|r| r[1].width())
        .max()
        .unwrap_or(0)
        .min(PRODUCT_WIDTH);
    let title_width = width
        .map(|w| w.saturating_sub(2 + id_width + 1 + product_width + 1))
        .filter(|&w| w >= MIN_TITLE);
    let mut out = String::new();
    for [id, product, title] in &rows {
        let title = match title_width {
            Some(w) => truncate(title, w),
            None => title.clone(),
        };
        let line = format!(
            "  {} {} {title}",
            pad(id, id_width),
            pad(&truncate(product, product_width), product_width)
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// An entry's product column: `Cloud App Security / Okta`, or the product alone when the app
/// is the product (`Okta`, not `Okta / Okta`).
fn product(product: &str, app: Option<&str>) -> String {
    match app {
        Some(app) if !app.trim().eq_ignore_ascii_case(product.trim()) => {
            format!("{product} / {app}")
        }
        _ => product.to_owned(),
    }
}

/// `text` padded with spaces to `width` terminal cells.
fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// `text` cut to at most `width` terminal cells, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `tshoot list --ids KINDS`: one id a line, for shell completion scripts. Sessions are read
/// only when their directory exists: a tab press never creates it.
pub fn ids(cli: &Cli, kinds: &[IdKind]) -> Result<ExitCode> {
    let wants = |k: IdKind| kinds.contains(&k) || kinds.contains(&IdKind::All);
    let mut out = std::io::stdout().lock();
    if wants(IdKind::Flows) || wants(IdKind::Errors) {
        let library = super::setup::effective_library(cli)?;
        if wants(IdKind::Flows) {
            for f in library.flows() {
                writeln!(out, "{}", f.id)?;
            }
        }
        if wants(IdKind::Errors) {
            for e in library.entries() {
                writeln!(out, "{}", e.id)?;
            }
        }
    }
    if wants(IdKind::Sessions)
        && let Some(dir) = super::setup::sessions_dir(cli).filter(|d| d.is_dir())
    {
        let mut sessions = crate::session::Store::open(&dir)?.list().sessions;
        // Unfinished first (what `resume` wants), each group most recent first.
        sessions.sort_by_key(|s| s.finished);
        for s in sessions {
            writeln!(out, "{}", s.id)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_by_display_width_with_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("Cloud App Security / Okta", 12), "Cloud App S…");
        assert_eq!(truncate("日本語のタイトル", 7), "日本語…");
        assert_eq!(truncate("日本語のタイトル", 7).width(), 7);
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn the_product_is_not_named_twice() {
        assert_eq!(product("Okta", Some("Okta")), "Okta");
        assert_eq!(product("Okta", Some("okta")), "Okta");
        assert_eq!(
            product("Cloud App Security", Some("Okta")),
            "Cloud App Security / Okta"
        );
        assert_eq!(product("CIPP", None), "CIPP");
    }

    #[test]
    fn columns_stay_aligned_with_wide_and_long_cells() {
        let yaml = "errors:
  - id: a
    title: Title one
    product: 日本語の製品
    cause: C
    source: S
  - id: a-much-longer-id
    title: Title two
    product: A product name far longer than the column allows
    app: Some app
    cause: C
    source: S
";
        let loaded = crate::flow::load_texts(&[("x.yaml", yaml)]);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let table = table(&loaded.library, None);
        let starts: Vec<usize> = table
            .lines()
            .filter(|l| l.contains("Title"))
            .map(|l| l.split("Title").next().unwrap_or_default().width())
            .collect();
        assert_eq!(starts.len(), 2, "{table}");
        assert_eq!(starts[0], starts[1], "{table}");
        assert!(table.contains('…'), "{table}");
        let narrow = super::table(&loaded.library, Some(70));
        assert!(narrow.lines().all(|l| l.width() <= 70), "{narrow}");
    }
}
