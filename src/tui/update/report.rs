//! What carried-out effects report back: the only way the results of I/O reach the state.

use super::flow::select_next_open;
use crate::tui::action::Report;
use crate::tui::effect::Effect;
use crate::tui::state::App;

/// Applies an effect's report.
pub(super) fn apply(app: &mut App, report: Report) -> Vec<Effect> {
    match report {
        Report::Nothing => {}
        Report::SaveFailed(why) => app.warn(format!("progress NOT saved: {why}")),
        Report::Failed(why) => app.warn(why),
        Report::Info(text) => app.info(text),
        Report::Discarded(text) => {
            app.info(text);
            return vec![Effect::LoadResumable];
        }
        Report::Resumed(resumed) => {
            let resumed = *resumed;
            app.open_run(resumed.run, resumed.opening);
            select_next_open(app);
            match resumed.message {
                Some(m) => app.warn(m),
                None => app.info("resumed where you left off"),
            }
        }
        Report::Resumable { items, warnings } => {
            app.resumable = items;
            if let Some(w) = warnings.into_iter().next() {
                app.warn(w);
            } else if app.home.announce_no_resume && app.resumable.is_empty() {
                app.info("no unfinished sessions: search for an error or pick a flow");
            }
            app.home.announce_no_resume = false;
        }
        Report::History(list) => {
            app.history = list;
            app.history_pos = None;
        }
    }
    Vec::new()
}
