//! What `update` asks the outer loop to do: the I/O that the pure state machine must not do.
//! The loop carries each one out and feeds what happened back to `update` as
//! [`Action::Done`](super::Action::Done).

/// One piece of I/O for the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the current run to its session file (after every change). A run that was never
    /// changed has no file yet: this writes it for the first time.
    Save,
    /// A new run started: track it as a session (written at its first change).
    StartSession,
    /// Open this stored session (id or unique prefix).
    Resume(String),
    /// Read the unfinished sessions for the Resume list.
    LoadResumable,
    /// Read the search history.
    LoadHistory,
    /// Put this exact text on the clipboard; `what` names it for the message.
    Copy {
        /// The text.
        text: String,
        /// What it is, e.g. "the command".
        what: String,
    },
    /// Copy the current session's transcript, or on a known error's screen the lookup
    /// record, in the chosen format.
    CopyTranscript,
    /// Write the same to a file.
    Export,
    /// Delete a stored session (not the one this process drives).
    Discard(String),
    /// A wait ran out: ring the bell and set the terminal title (as the settings allow);
    /// the text is the step's.
    WaitDone(String),
    /// Record ticket fields on the current session and save.
    SetTicket(crate::session::TicketFields),
    /// Add this search to the history.
    RememberQuery(String),
    /// Save, then leave the program.
    Quit,
}
