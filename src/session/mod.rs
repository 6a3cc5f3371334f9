//! Sessions: every flow run saved to disk so an interrupted incident can be picked up again,
//! and handed over as a transcript for the ticket.
//!
//! - [`record`]: the [`Session`] file type (a [`Run`](crate::engine::Run) plus when, why and
//!   how it ended) and [`resume`], which checks a saved run against the library as it is now.
//! - [`store`]: one pretty-JSON file per session in a private directory, written atomically,
//!   listed newest first, with corrupt files moved aside and old history pruned.
//! - [`active`]: the one session lifecycle (start, resume by id or prefix, save, switch)
//!   that the wizard and plain mode share.
//! - [`history`]: the search history, merged under a lock so two wizards never lose searches.
//! - [`lock`]: an advisory lock so two tshoot processes never drive the same session.
//! - [`transcript`]: Markdown and JSON transcripts, redacted and safe to paste.
//!
//! Everything operator-typed (the pasted error, inputs, notes, skip reasons) is redacted
//! before it is written to disk or exported.

pub mod active;
mod error;
pub mod history;
pub mod lock;
pub mod record;
pub mod store;
pub mod transcript;

pub use active::{Active, Lifecycle};
pub use error::SessionError;
pub use history::History;
pub use lock::SessionLock;
pub use record::{Opening, QueryKind, SESSION_VERSION, Session, TicketFields, resume};
pub use store::{Listing, Store};
