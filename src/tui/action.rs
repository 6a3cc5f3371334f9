//! Everything that can change the wizard's state: what the operator asked for (independent of
//! which key or click asked), and what a carried-out effect reports back ([`Report`]).

use super::state::ResumeItem;
use crate::engine::Run;

/// One thing the operator asked for, or the result of an effect.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Action {
    /// A character typed into the focused text field.
    Type(char),
    /// Delete the character before the cursor.
    DeleteChar,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Clear the focused text field.
    ClearField,
    /// Move the cursor in the focused text field.
    CursorLeft,
    /// Move the cursor in the focused text field.
    CursorRight,
    /// Move the cursor to the start of the text field.
    CursorHome,
    /// Move the cursor to the end of the text field.
    CursorEnd,
    /// Move the cursor one word left.
    WordLeft,
    /// Move the cursor one word right.
    WordRight,
    /// Clear and redraw the whole screen (Ctrl+L).
    Redraw,
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
    /// Move the selection by this many rows.
    Move(isize),
    /// Scroll the preview pane by this many lines.
    ScrollPreview(i16),
    /// Select row / choice / step number `n` (zero-based) directly.
    Pick(usize),
    /// Select row `n` if it is not selected yet; activate it if it is (mouse click).
    Click(usize),
    /// Open or confirm the selection (Enter).
    Confirm,
    /// Esc: clear, cancel or leave, depending on where the operator is.
    Cancel,
    /// Tab: switch between the search box and the browse list.
    SwitchFocus,
    /// Recall an earlier search (Up in the search box).
    HistoryPrev,
    /// Check or uncheck the selected step.
    Toggle,
    /// Start skipping the selected step (asks for a reason).
    Skip,
    /// Stop waiting on the selected step's timer.
    SkipWait,
    /// Copy the selected step's command.
    CopyCommand,
    /// Copy the transcript (end screen).
    CopyTranscript,
    /// Write the transcript to a file (end screen).
    Export,
    /// Discard the selected Resume row's session (asks first).
    Discard,
    /// Switch the transcript format `c` and `e` use (end screen).
    CycleFormat,
    /// Set the ticket reference and customer.
    Ticket,
    /// Go back one node.
    Back,
    /// Start the flow again (asks first).
    Restart,
    /// Start typing a note on the current node.
    Note,
    /// Show or hide the current node's help text.
    ToggleNodeHelp,
    /// Show or hide the key help overlay.
    Help,
    /// Answer yes to a confirmation.
    Yes,
    /// Answer no to a confirmation.
    No,
    /// Leave the flow for the home screen (progress kept).
    Leave,
    /// Quit tshoot.
    Quit,
    /// Time passed (redraw countdowns).
    Tick,
    /// Open a flow from its first node (from the command line).
    StartFlow {
        /// The flow.
        flow: String,
        /// The known error that led to it.
        entry: Option<String>,
    },
    /// Show a known error's cause and fix (from the command line).
    OpenEntry(String),
    /// Continue a stored session (from the command line).
    Resume(String),
    /// The wizard was opened to pick a session to resume: say so if there is none.
    ExpectResumeList,
    /// What an effect did. The fuzzer leaves these out: they come from the loop, not keys.
    Done(#[cfg_attr(feature = "arbitrary", arbitrary(default))] Report),
}

/// What the event loop reports back after carrying out an effect.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Report {
    /// Nothing to tell.
    #[default]
    Nothing,
    /// Progress could not be saved: the reason.
    SaveFailed(String),
    /// A stored session was opened.
    Resumed(Box<Resumed>),
    /// Something could not be done: the reason, for the operator.
    Failed(String),
    /// The unfinished sessions, for the Resume list, and problems with unreadable files.
    Resumable {
        /// The sessions, most recent first.
        items: Vec<ResumeItem>,
        /// One message per file that was set aside or skipped.
        warnings: Vec<String>,
    },
    /// The search history as it is on disk now, oldest first.
    History(Vec<String>),
    /// Done as asked; the sentence says what happened (copied where, written where).
    Info(String),
    /// A session was discarded: the sentence says which.
    Discarded(String),
}

/// A stored session, opened and checked against the library.
#[derive(Debug, Clone, PartialEq)]
pub struct Resumed {
    /// The walk.
    pub run: Run,
    /// What started it.
    pub opening: crate::session::Opening,
    /// Where the run stopped matching a changed flow, if it did.
    pub message: Option<String>,
}
