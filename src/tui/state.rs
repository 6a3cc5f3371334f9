//! The wizard's whole state: which screen, what is typed, what is selected, the running flow.
//! The view reads it; only `update` changes it (the results of I/O arrive as actions).

use crate::engine::{Run, Stamp};
use crate::flow::{Library, NodeKind};
use crate::search::{Index, Results, SearchCache};
use crate::session::transcript::Format;
use crate::session::{Opening, TicketFields};
use std::cell::RefCell;
use std::time::SystemTime;
use tui_input::Input;

/// Most results asked of the search per keystroke.
pub const RESULT_LIMIT: usize = 50;

/// The wizard's state.
pub struct App<'a> {
    /// The checked library.
    pub lib: &'a Library,
    /// The search index over it.
    pub index: &'a Index,
    /// The time countdowns are drawn against; set by the loop before each update.
    pub now: SystemTime,
    /// The screen shown.
    pub screen: Screen,
    /// The home screen's state (kept while a flow runs, so going home finds it as it was).
    pub home: Home,
    /// The flow being run, if any.
    pub runner: Option<Runner>,
    /// A popup above the screen.
    pub overlay: Option<Overlay>,
    /// A one-line message for the operator (a refusal, "copied", a warning).
    pub notice: Option<Notice>,
    /// Unfinished sessions that can be resumed.
    pub resumable: Vec<ResumeItem>,
    /// Earlier searches, newest last (already redacted).
    pub history: Vec<String>,
    /// Which history entry Up last recalled.
    pub history_pos: Option<usize>,
    /// Where the view drew clickable rows, for the mouse.
    pub hitmap: RefCell<HitMap>,
    /// The operator's settings and the ticket fields from the command line.
    pub prefs: Prefs,
}

/// Settings the wizard starts with.
#[derive(Debug, Clone)]
pub struct Prefs {
    /// Ticket, customer and operator for new sessions.
    pub ticket: TicketFields,
    /// The transcript format `c` copies and `e` writes (the end screen's `f` changes it).
    pub format: Format,
    /// Ring the bell when a wait ends.
    pub bell: bool,
    /// Set the terminal title when a wait ends.
    pub title: bool,
    /// The time zone times are shown in (the system's in the wizard; UTC by default, so
    /// tests do not depend on the machine).
    pub clock: crate::session::transcript::Clock,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            ticket: TicketFields::default(),
            format: Format::default(),
            bell: true,
            title: true,
            clock: crate::session::transcript::Clock::fixed(0),
        }
    }
}

/// The main screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Search box, results and preview.
    Home,
    /// A flow being run.
    Flow,
    /// A known error's cause and fix, for an error without a guided flow.
    Entry(String),
    /// What the token in the paste says: its claims explained and its findings.
    Token,
}

/// Where typing goes on the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The search box.
    Search,
    /// The list of all flows by product.
    Browse,
}

/// The home screen's state.
pub struct Home {
    /// The search box.
    pub query: Input,
    /// Whether the query came from a paste (searched as error text).
    pub pasted: bool,
    /// The results of the current query.
    pub results: Results,
    /// What the last typed query matched, so the next keystroke searches only that.
    pub search_cache: SearchCache,
    /// Selected row among the selectable rows.
    pub selected: usize,
    /// Where typing goes.
    pub focus: Focus,
    /// First visible row of the list (kept so the selection stays in view).
    pub scroll: usize,
    /// Scroll offset of the entry screen.
    pub entry_scroll: u16,
    /// Scroll offset of the preview pane (back to the top when the selection moves).
    pub preview_scroll: u16,
    /// The token the query holds, decoded (no raw token or signature is kept).
    pub token: Option<Box<crate::token::Inspection>>,
    /// The finding selected on the token screen.
    pub token_selected: usize,
    /// Scroll offset of the token screen.
    pub token_scroll: u16,
    /// The known error was opened from the token screen: going back returns there.
    pub entry_from_token: bool,
    /// The wizard was opened on the Resume list: say so when the list turns out empty.
    pub announce_no_resume: bool,
}

/// One row of the home screen's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A group heading; not selectable.
    Header(String),
    /// A search result (index into `home.results.hits`).
    Hit(usize),
    /// A flow (index into the library's flows).
    Flow(usize),
    /// An unfinished session (index into `resumable`).
    Resume(usize),
    /// "Inspect this token": the query holds an access or ID token.
    Token,
}

impl Row {
    /// Whether the selection can rest on this row.
    pub fn selectable(&self) -> bool {
        !matches!(self, Row::Header(_))
    }
}

/// An unfinished session shown under "Resume".
#[derive(Debug, Clone, PartialEq)]
pub struct ResumeItem {
    /// Session id.
    pub id: String,
    /// Flow title.
    pub title: String,
    /// Nodes passed and the fewest left.
    pub progress: (usize, usize),
    /// Last activity.
    pub updated: Stamp,
    /// When it began.
    pub started: Stamp,
    /// Ticket and customer ("INC001 · Contoso"), or empty.
    pub ticket: String,
    /// The start of the error or search that began it.
    pub query: Option<String>,
    /// A countdown running in it ("wait 4:12 left on step 2").
    pub timer: Option<String>,
}

/// A flow being run.
pub struct Runner {
    /// The engine's walk.
    pub run: Run,
    /// Selected choice or step.
    pub selected: usize,
    /// The input node's text field.
    pub input: Input,
    /// Whether the node's help text is shown.
    pub show_help: bool,
    /// What started the run: the error text or search, the known error, the ticket fields.
    pub opening: Opening,
    /// The steps whose wait was running at the last tick, to notice when one ends.
    pub waits: Vec<usize>,
}

/// A popup above the screen.
pub enum Overlay {
    /// The keys of the current screen.
    Help,
    /// Typing why a step is skipped, or why its wait is cut short.
    SkipReason {
        /// The step (zero-based).
        step: usize,
        /// Whether it is the step's wait that is skipped.
        wait: bool,
        /// The reason typed so far.
        input: Input,
    },
    /// Typing a note.
    Note {
        /// The note typed so far.
        input: Input,
    },
    /// Several known errors share the message: which app is it?
    WhichApp {
        /// Indices into `home.results.hits`.
        hits: Vec<usize>,
        /// The selected one.
        selected: usize,
    },
    /// "Start the flow again?"
    ConfirmRestart,
    /// "Discard this session?" (from the Resume list).
    ConfirmDiscard {
        /// The session id.
        id: String,
        /// Its title, to say which one.
        title: String,
    },
    /// Typing the ticket reference, then the customer (Enter keeps a field as it is).
    Ticket {
        /// 0: ticket reference, 1: customer.
        field: usize,
        /// The value typed so far.
        input: Input,
        /// The reference given in the first field.
        reference: Option<String>,
    },
}

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something happened as asked.
    Info,
    /// Something needs attention.
    Warn,
}

/// A one-line message for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// How serious.
    pub level: Level,
    /// When it was given, so it can expire.
    pub at: SystemTime,
}

impl Notice {
    /// How long a notice stays: long enough to read, short enough not to mislead later.
    pub fn lasts(&self) -> std::time::Duration {
        match self.level {
            Level::Info => std::time::Duration::from_secs(8),
            Level::Warn => std::time::Duration::from_secs(30),
        }
    }
}

/// Clickable rows the view drew: (screen row, item index) within a list area.
#[derive(Debug, Clone, Default)]
pub struct HitMap {
    /// Screen rows and the item each shows.
    pub rows: Vec<(u16, u16, u16, usize)>,
    /// The last frame was the "terminal too small" screen: keys must not act on what the
    /// operator cannot see.
    pub too_small: bool,
    /// Where the preview pane was drawn (x, y, width, height), for the wheel.
    pub preview: Option<(u16, u16, u16, u16)>,
    /// How far the preview can scroll before its last line reaches the top of the pane.
    pub preview_max: u16,
}

impl HitMap {
    /// The item drawn at this cell, if any.
    pub fn item_at(&self, column: u16, row: u16) -> Option<usize> {
        self.rows
            .iter()
            .find(|(y, x0, x1, _)| *y == row && column >= *x0 && column < *x1)
            .map(|r| r.3)
    }

    /// Whether this cell is inside the preview pane.
    pub fn over_preview(&self, column: u16, row: u16) -> bool {
        self.preview.is_some_and(|(x, y, w, h)| {
            column >= x && column < x.saturating_add(w) && row >= y && row < y.saturating_add(h)
        })
    }
}

impl<'a> App<'a> {
    /// A wizard on the home screen.
    pub fn new(lib: &'a Library, index: &'a Index, now: SystemTime) -> Self {
        App {
            lib,
            index,
            now,
            screen: Screen::Home,
            home: Home {
                query: Input::default(),
                pasted: false,
                results: Results::default(),
                search_cache: SearchCache::new(),
                selected: 0,
                focus: Focus::Search,
                scroll: 0,
                entry_scroll: 0,
                preview_scroll: 0,
                token: None,
                token_selected: 0,
                token_scroll: 0,
                entry_from_token: false,
                announce_no_resume: false,
            },
            runner: None,
            overlay: None,
            notice: None,
            resumable: Vec::new(),
            history: Vec::new(),
            history_pos: None,
            hitmap: RefCell::new(HitMap::default()),
            prefs: Prefs::default(),
        }
    }

    /// The rows of the home list as they are now.
    pub fn rows(&self) -> Vec<Row> {
        let query = self.home.query.value().trim();
        if self.home.focus == Focus::Search && !query.is_empty() {
            // A token in the paste is the first thing to look at: it says why a call failed.
            let token = self.home.token.is_some().then_some(Row::Token);
            return token
                .into_iter()
                .chain((0..self.home.results.hits.len()).map(Row::Hit))
                .collect();
        }
        let mut rows = Vec::new();
        if self.home.focus == Focus::Search && !self.resumable.is_empty() {
            rows.push(Row::Header("Resume".to_owned()));
            rows.extend((0..self.resumable.len()).map(Row::Resume));
        }
        rows.extend(self.browse_rows());
        rows
    }

    /// Every flow, grouped by product (products in first-seen order, flows by title).
    pub fn browse_rows(&self) -> Vec<Row> {
        let flows = self.lib.flows();
        let mut products: Vec<&str> = Vec::new();
        for f in flows {
            if !products.contains(&f.product.as_str()) {
                products.push(&f.product);
            }
        }
        let mut rows = Vec::new();
        for product in products {
            rows.push(Row::Header(product.to_owned()));
            let mut group: Vec<usize> = (0..flows.len())
                .filter(|&i| flows.get(i).is_some_and(|f| f.product == product))
                .collect();
            group.sort_by_key(|&i| flows.get(i).map(|f| f.title.to_lowercase()));
            rows.extend(group.into_iter().map(Row::Flow));
        }
        rows
    }

    /// The selectable rows, in order.
    pub fn selectable_rows(&self) -> Vec<Row> {
        self.rows().into_iter().filter(Row::selectable).collect()
    }

    /// The selected row, if the list is not empty.
    pub fn selected_row(&self) -> Option<Row> {
        self.selectable_rows().into_iter().nth(self.home.selected)
    }

    /// How many choices or steps the current node offers to select.
    pub fn node_items(&self) -> usize {
        let Some(runner) = &self.runner else { return 0 };
        match runner.run.current(self.lib).map(|c| &c.node.kind) {
            Ok(NodeKind::Question { choices, .. }) => choices.len(),
            Ok(NodeKind::Checklist { steps, .. }) => steps.len(),
            Ok(NodeKind::Step { .. }) => 1,
            _ => 0,
        }
    }

    /// Tells the operator something.
    pub fn info(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            level: Level::Info,
            at: self.now,
        });
    }

    /// Warns the operator.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            level: Level::Warn,
            at: self.now,
        });
    }

    /// Shows a run (new or resumed) on the flow screen.
    pub fn open_run(&mut self, run: Run, opening: Opening) {
        self.runner = Some(Runner {
            run,
            selected: 0,
            input: Input::default(),
            show_help: false,
            opening,
            waits: Vec::new(),
        });
        self.screen = Screen::Flow;
        self.overlay = None;
    }
}
