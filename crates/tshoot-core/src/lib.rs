//! tshoot's core: the YAML flow format, loading and validating the library, and the error
//! search. Pure: no terminal and no I/O beyond reading flow files.
//!
//! It is its own crate because tshoot's `build.rs` uses it too, to load, validate and index the
//! built-in flows at build time (see that file): the compiler then enforces that nothing here
//! reaches into the rest of tshoot.
//!
//! - [`flow`]: the format (`schema`), YAML parsing, checked model, merging and validation.
//! - [`search`]: the index and the matchers for typed and pasted text.
//! - [`diag`]: located problems reported by the loader and validator.
//! - [`ids`]: names of well-known IDs (first-party apps, directory roles).
//! - [`token`]: the offline token inspector (find, decode and explain an access token).

pub mod diag;
pub mod flow;
pub mod ids;
pub mod search;
pub mod token;
