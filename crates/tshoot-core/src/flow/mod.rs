//! The flow library: the YAML format, loading, checking, and the checked model.

pub mod condition;
pub mod convert;
pub mod duration;
mod graph;
pub mod library;
pub mod limits;
pub mod model;
pub mod schema;
pub mod template;
pub mod validate;
pub mod yaml;

pub use library::{Library, Loaded, Sources, load, load_onto_with, load_texts, load_with};
pub use model::{Choice, Command, Entry, Flow, Node, NodeKind, Step, When};
pub use schema::{InputKind, Outcome, Risk};
