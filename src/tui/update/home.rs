//! The home screen (search box, results, browse list) and the known-error screen.

use super::edit;
use crate::engine::Run;
use crate::search::Kind;
use crate::session::{Opening, QueryKind};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{App, Focus, Overlay, Row, Screen};
use tui_input::Input;

/// An action on the home screen.
pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    // Whatever else happens, the preview shows the top of what is selected next.
    if let Action::ScrollPreview(d) = action {
        app.home.preview_scroll = scrolled(app, app.home.preview_scroll, d);
        return Vec::new();
    }
    app.home.preview_scroll = 0;
    match action {
        Action::Paste(text) => {
            app.home.focus = Focus::Search;
            // Terminals send a paste's line breaks as CR: keep them as lines.
            let text = crate::sanitize::normalize_newlines(&text);
            app.home.query = Input::new(text);
            app.home.pasted = true;
            research(app);
        }
        Action::Type(_)
        | Action::DeleteChar
        | Action::DeleteWord
        | Action::ClearField
        | Action::CursorLeft
        | Action::CursorRight
        | Action::CursorHome
        | Action::CursorEnd
        | Action::WordLeft
        | Action::WordRight => {
            app.home.focus = Focus::Search;
            edit(&mut app.home.query, &action);
            if app.home.query.value().trim().is_empty() {
                app.home.pasted = false;
            }
            research(app);
        }
        Action::Move(d) => move_home(app, d),
        Action::Pick(n) if n < app.selectable_rows().len() => {
            app.home.selected = n;
        }
        Action::Click(n) => {
            if n == app.home.selected {
                return open_selected(app);
            }
            if n < app.selectable_rows().len() {
                app.home.selected = n;
            }
        }
        Action::HistoryPrev => recall(app),
        Action::Discard => {
            if let Some(Row::Resume(i)) = app.selected_row()
                && let Some(item) = app.resumable.get(i)
            {
                app.overlay = Some(Overlay::ConfirmDiscard {
                    id: item.id.clone(),
                    title: item.title.clone(),
                });
            }
        }
        Action::Confirm => return open_selected(app),
        Action::Cancel => {
            if !app.home.query.value().is_empty() {
                app.home.query.reset();
                app.home.pasted = false;
                research(app);
            } else if app.home.focus == Focus::Browse {
                app.home.focus = Focus::Search;
                app.home.selected = 0;
            }
        }
        Action::SwitchFocus => {
            app.home.focus = match app.home.focus {
                Focus::Search => Focus::Browse,
                Focus::Browse => Focus::Search,
            };
            app.home.selected = 0;
            app.home.scroll = 0;
        }
        Action::Help => app.overlay = Some(Overlay::Help),
        Action::Leave => return vec![Effect::Quit],
        _ => {}
    }
    Vec::new()
}

fn research(app: &mut App) {
    let query = app.home.query.value();
    app.home.results = if app.home.pasted {
        app.index
            .search_pasted(query, crate::tui::state::RESULT_LIMIT)
    } else {
        // Each keystroke usually extends the last query: the cache makes it search only
        // what that one matched.
        app.index.search_incremental(
            query,
            crate::tui::state::RESULT_LIMIT,
            &mut app.home.search_cache,
        )
    };
    app.home.token = inspect_token(app.home.query.value(), app.now)
        .map(|t| Box::new(crate::token_text::localized(&t, &app.prefs.clock)));
    app.home.selected = 0;
    app.home.scroll = 0;
    app.history_pos = None;
}

/// The token in the query, if there is one. Every JWT starts `eyJ` and is over a hundred
/// characters, so a typed search (this runs on every keystroke) is not even decoded.
fn inspect_token(query: &str, now: std::time::SystemTime) -> Option<crate::token::Inspection> {
    if query.len() < 60 || !query.contains("eyJ") {
        return None;
    }
    crate::token::inspect(query, &crate::token::Options::default(), now).ok()
}

/// A scroll offset moved by `d` lines, kept within what the view said it can show.
fn scrolled(app: &App, offset: u16, d: i16) -> u16 {
    let max = app.hitmap.borrow().preview_max;
    offset.saturating_add_signed(d).min(max)
}

fn move_home(app: &mut App, d: isize) {
    let n = app.selectable_rows().len();
    if n == 0 {
        return;
    }
    if d < 0 && app.home.selected == 0 && app.home.focus == Focus::Search {
        recall(app);
        return;
    }
    app.home.selected = app.home.selected.saturating_add_signed(d).min(n - 1);
}

/// Up at the top of the search box brings back the previous search.
fn recall(app: &mut App) {
    if app.history.is_empty() {
        return;
    }
    let pos = match app.history_pos {
        Some(p) => p.saturating_sub(1),
        None => app.history.len() - 1,
    };
    if let Some(text) = app.history.get(pos).cloned() {
        app.home.pasted = crate::search::looks_pasted(&text);
        app.home.query = Input::new(text);
        research(app);
        app.history_pos = Some(pos);
    }
}

fn open_selected(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.selected_row() else {
        return Vec::new();
    };
    match row {
        Row::Header(_) => Vec::new(),
        Row::Token => {
            app.home.token_selected = 0;
            app.home.token_scroll = 0;
            app.screen = Screen::Token;
            // Remembered like any search: redacted on the way to disk, so the history
            // keeps "Bearer [REDACTED]", never the token.
            let query = app.home.query.value().trim().to_owned();
            vec![Effect::RememberQuery(query)]
        }
        Row::Flow(i) => match app.lib.flows().get(i) {
            Some(flow) => {
                let id = flow.id.clone();
                start_flow(app, &id, None)
            }
            None => Vec::new(),
        },
        Row::Resume(i) => match app.resumable.get(i) {
            Some(item) => vec![Effect::Resume(item.id.clone())],
            None => Vec::new(),
        },
        Row::Hit(h) => {
            let ambiguous = &app.home.results.ambiguous;
            if ambiguous.len() > 1 && ambiguous.contains(&h) {
                app.overlay = Some(Overlay::WhichApp {
                    hits: ambiguous.clone(),
                    selected: ambiguous.iter().position(|&x| x == h).unwrap_or(0),
                });
                return Vec::new();
            }
            open_hit(app, h)
        }
    }
}

/// Opens result `h`: a flow, or a known error (its guided fix when it has one).
pub(super) fn open_hit(app: &mut App, h: usize) -> Vec<Effect> {
    let Some(doc) = app
        .home
        .results
        .hits
        .get(h)
        .and_then(|hit| app.index.doc(hit.doc))
    else {
        return Vec::new();
    };
    let (kind, id) = (doc.kind, doc.id.clone());
    let mut effects = Vec::new();
    let query = app.home.query.value().trim().to_owned();
    if !query.is_empty() {
        effects.push(Effect::RememberQuery(query));
    }
    match kind {
        Kind::Flow => effects.extend(start_flow(app, &id, None)),
        // A known error shows its cause, fix and link first, even when it has a guided
        // fix: Enter there starts the flow.
        Kind::Error => open_entry(app, id),
    }
    effects
}

/// Opens a flow at its first node, for the search query (if any) and the known error.
pub(super) fn start_flow(app: &mut App, flow_id: &str, entry: Option<String>) -> Vec<Effect> {
    match Run::start(app.lib, flow_id, app.now) {
        Ok(run) => {
            let query = Some(app.home.query.value().trim().to_owned()).filter(|q| !q.is_empty());
            let kind = if app.home.pasted {
                QueryKind::Pasted
            } else {
                QueryKind::Typed
            };
            let opening = Opening {
                query,
                kind,
                entry,
                ticket: app.prefs.ticket.clone(),
            };
            app.open_run(run, opening);
            vec![Effect::StartSession]
        }
        Err(e) => {
            app.warn(format!("cannot start '{flow_id}': {e}"));
            Vec::new()
        }
    }
}

/// An action on a known error's screen.
pub(super) fn entry(app: &mut App, id: &str, action: Action) -> Vec<Effect> {
    match action {
        Action::Cancel | Action::Leave | Action::Back => {
            app.screen = if std::mem::take(&mut app.home.entry_from_token) {
                Screen::Token
            } else {
                Screen::Home
            };
        }
        Action::Move(d) => {
            app.home.entry_scroll = app
                .home
                .entry_scroll
                .saturating_add_signed(i16::try_from(d).unwrap_or(0));
        }
        Action::Confirm => {
            if let Some(flow) = app.lib.entry(id).and_then(|e| e.flow.clone()) {
                return start_flow(app, &flow, Some(id.to_owned()));
            }
            app.screen = Screen::Home;
        }
        Action::Help => app.overlay = Some(Overlay::Help),
        // A lookup that ends here is recorded on request: the error and what was shown.
        Action::CopyTranscript => return vec![Effect::CopyTranscript],
        Action::Export => return vec![Effect::Export],
        Action::CycleFormat => super::flow::cycle_format(app),
        _ => {}
    }
    Vec::new()
}

/// Shows a known error's cause and fix.
pub(super) fn open_entry(app: &mut App, id: String) {
    app.home.entry_scroll = 0;
    app.screen = Screen::Entry(id);
    app.overlay = None;
}

/// An action on the token screen: select a finding, open its known error, scroll, go back.
pub(super) fn token(app: &mut App, action: Action) -> Vec<Effect> {
    let findings = app.home.token.as_ref().map_or(0, |t| t.findings.len());
    match action {
        Action::Cancel | Action::Leave | Action::Back => app.screen = Screen::Home,
        Action::Move(d) if findings > 0 => {
            app.home.token_selected = app
                .home
                .token_selected
                .saturating_add_signed(d)
                .min(findings - 1);
        }
        Action::Pick(n) | Action::Click(n) if n < findings => app.home.token_selected = n,
        Action::ScrollPreview(d) => {
            app.home.token_scroll = scrolled(app, app.home.token_scroll, d);
        }
        Action::Confirm => {
            let entry = app
                .home
                .token
                .as_ref()
                .and_then(|t| t.findings.get(app.home.token_selected))
                .and_then(|f| f.entry)
                .filter(|id| app.lib.entry(id).is_some());
            match entry {
                Some(id) => {
                    open_entry(app, id.to_owned());
                    app.home.entry_from_token = true;
                }
                None => {
                    app.info("this finding has no known-error entry; the line says what to check")
                }
            }
        }
        Action::Help => app.overlay = Some(Overlay::Help),
        _ => {}
    }
    Vec::new()
}
