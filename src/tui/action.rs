//! Everything the operator can ask the wizard to do, independent of which key or click asked.

/// One thing the operator asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
    /// Move the selection by this many rows.
    Move(isize),
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
}
