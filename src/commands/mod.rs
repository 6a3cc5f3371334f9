//! The subcommands, one file each; [`crate::cli`] parses the arguments and calls them.
//!
//! - [`wizard`]: `tshoot` with no command; [`run`]: `tshoot run` and `tshoot resume` (the
//!   wizard or plain mode);
//! - [`search`], [`list`], [`show`], [`lint`], [`schema`], [`completions`], [`man`];
//! - [`token`]: the offline token inspector;
//! - [`sessions`] and [`export`]: the session history and transcripts;
//! - [`setup`]: what they share (the effective library, the session store, the terminal).

pub mod completions;
pub mod export;
pub mod lint;
pub mod list;
pub mod man;
pub mod run;
pub mod schema;
pub mod search;
pub mod sessions;
pub mod setup;
pub mod show;
pub mod token;
pub mod wizard;
