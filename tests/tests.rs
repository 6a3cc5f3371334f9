//! Every integration test, as one binary (the layout ripgrep uses): one link step instead of
//! one per file, and the helpers in [`util`] shared instead of copied.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod util;

mod broken_flows;
mod cli;
mod e2e_pty;
mod library;
mod library_breadth;
mod limits;
mod plain;
mod plain_cli;
mod plain_kill;
mod plain_steps;
mod proptest_app;
mod proptest_library;
mod redaction;
mod search_accuracy;
mod search_cli;
mod search_honesty;
mod search_incremental;
mod seed_coverage;
mod sessions;
mod token;
mod token_flow;
mod transcript;
mod tui_keys;
mod tui_render;
mod tui_token;
mod tui_update;
mod walk_flows;
