//! Diagnostics: problems found while loading or validating the library, with where they are.

use serde::Serialize;
use std::fmt;

/// How bad a problem is: errors make the library unusable, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something an author should fix, but the library still works.
    Warning,
    /// The library cannot be used as it is.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What kind of item a diagnostic's `item` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A guided flow (under `flows:`).
    Flow,
    /// A known error, a catalog entry (under `errors:`).
    Entry,
}

impl ItemKind {
    /// The kind for a file's top-level list, `flows` or `errors`.
    pub fn of_list(list: &str) -> Option<Self> {
        match list {
            "flows" => Some(Self::Flow),
            "errors" => Some(Self::Entry),
            _ => None,
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ItemKind::Flow => "flow",
            ItemKind::Entry => "known error",
        })
    }
}

/// One problem, located as precisely as the loader could.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the operator would type it (or `<builtin>/...`).
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Whether `item` is a flow or a known error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ItemKind>,
    /// The flow or catalog entry the problem is in (its id, or `#N` for the Nth in its file
    /// when it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The node the problem is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The YAML field the problem is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error in `path` with no position yet.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, message)
    }

    /// A warning in `path` with no position yet.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, message)
    }

    fn new(severity: Severity, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity,
            path: path.into(),
            line: None,
            column: None,
            kind: None,
            item: None,
            node: None,
            field: None,
            message: message.into(),
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}:{}", self.column.unwrap_or(1))?;
        }
        write!(f, ": {}: ", self.severity)?;
        // `flow mfa-checklist, node which-app, field choices[1].next: ...`
        let mut scope = Vec::new();
        match (&self.kind, &self.item) {
            (Some(kind), Some(item)) => scope.push(format!("{kind} {item}")),
            (None, Some(item)) => scope.push(item.clone()),
            _ => {}
        }
        if let Some(node) = &self.node {
            scope.push(match node.trim() {
                "" => "node (no id)".to_owned(),
                _ => format!("node {node}"),
            });
        }
        if let Some(field) = &self.field {
            scope.push(format!("field {field}"));
        }
        if !scope.is_empty() {
            write!(f, "{}: ", scope.join(", "))?;
        }
        f.write_str(&self.message)
    }
}

/// Sorts diagnostics by file, line and column so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}
