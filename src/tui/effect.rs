//! What `update` asks the outer loop to do: the I/O that the pure state machine must not do.

/// One piece of I/O for the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the current run to its session file (after every change).
    Save,
    /// A new run started: open a session for it.
    NewSession,
    /// Resume this stored session.
    Resume(String),
    /// Put this exact text on the clipboard (OSC 52).
    Copy(String),
    /// Copy the current session's transcript.
    CopyTranscript,
    /// Export the current session's transcript to a file.
    Export,
    /// Remember this search in the history.
    RememberQuery(String),
    /// Leave the program.
    Quit,
}
