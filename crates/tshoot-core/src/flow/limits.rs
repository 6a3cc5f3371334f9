//! Hard limits on what the loader accepts, so that a hostile or broken flow file can neither
//! hang tshoot nor exhaust its memory. Every limit is refused with a located diagnostic.

/// The largest flow file read, in bytes (4 MiB: the whole shipped library is under 300 KiB).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The deepest nesting of YAML mappings and sequences in a file (a flow file needs 7).
pub const MAX_DEPTH: usize = 32;

/// How large a file may become once its YAML aliases are expanded, in bytes of text plus one
/// per value (16 MiB): refuses "billion laughs" expansions before they are built.
pub const MAX_EXPANDED_BYTES: u64 = 16 * 1024 * 1024;

/// The most nodes one flow may have.
pub const MAX_NODES_PER_FLOW: usize = 10_000;

/// The most flows and known errors the merged library may hold, together.
pub const MAX_LIBRARY_ITEMS: usize = 100_000;
