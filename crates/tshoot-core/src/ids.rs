//! Well-known IDs in error text and tokens: Microsoft's first-party application IDs and the
//! Entra built-in role template IDs, with their names. The tables are data (`assets/ids/`),
//! facts taken from Microsoft's reference pages, embedded at build time.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

const APPS: &str = include_str!("../../../assets/ids/first-party-apps.tsv");
const ROLES: &str = include_str!("../../../assets/ids/entra-roles.tsv");

/// What a well-known ID names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A first-party Microsoft application (an app ID / client ID / resource).
    App,
    /// An Entra built-in directory role (a role template ID, as in a token's `wids`).
    Role,
}

/// A well-known ID found in text, with its name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NamedId {
    /// The ID, lower case.
    pub id: String,
    /// Microsoft's name for it ("Microsoft Graph", "Global Administrator").
    pub name: String,
    /// App or role.
    pub kind: IdKind,
}

impl NamedId {
    /// "00000003-0000-0000-c000-000000000000 is Microsoft Graph (first-party app)".
    pub fn describe(&self) -> String {
        let what = match self.kind {
            IdKind::App => "first-party app",
            IdKind::Role => "directory role",
        };
        format!("{} is {} ({what})", self.id, self.name)
    }
}

/// Reads a `id<TAB>name` table; `#` lines are comments.
fn table(text: &'static str) -> HashMap<String, &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, name)| (id.trim().to_ascii_lowercase(), name.trim()))
        .collect()
}

static APP_NAMES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| table(APPS));
static ROLE_NAMES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| table(ROLES));

/// A GUID anywhere in text.
#[allow(
    clippy::expect_used,
    reason = "a constant pattern, compiled by a unit test"
)]
static GUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b")
        .expect("guid pattern")
});

/// The first-party application with this app ID, if Microsoft lists it.
pub fn app_name(id: &str) -> Option<&'static str> {
    APP_NAMES.get(&id.trim().to_ascii_lowercase()).copied()
}

/// The built-in role with this template ID.
pub fn role_name(id: &str) -> Option<&'static str> {
    ROLE_NAMES.get(&id.trim().to_ascii_lowercase()).copied()
}

/// How many IDs each table holds (apps, roles).
pub fn table_sizes() -> (usize, usize) {
    (APP_NAMES.len(), ROLE_NAMES.len())
}

/// The well-known IDs in `text`, each once, in order of first appearance.
pub fn named_in(text: &str) -> Vec<NamedId> {
    let mut out: Vec<NamedId> = Vec::new();
    if !text.contains('-') {
        return out;
    }
    for m in GUID.find_iter(text) {
        let id = m.as_str().to_ascii_lowercase();
        if out.iter().any(|n| n.id == id) {
            continue;
        }
        let named = app_name(&id)
            .map(|n| (n, IdKind::App))
            .or_else(|| role_name(&id).map(|n| (n, IdKind::Role)));
        if let Some((name, kind)) = named {
            out.push(NamedId {
                id,
                name: name.to_owned(),
                kind,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_and_name_well_known_ids() {
        let (apps, roles) = table_sizes();
        assert!(apps >= 120 && roles >= 120, "{apps} apps, {roles} roles");
        assert_eq!(
            app_name("00000003-0000-0000-C000-000000000000"),
            Some("Microsoft Graph")
        );
        assert_eq!(
            role_name("62e90394-69f5-4237-9190-012177145e10"),
            Some("Global Administrator")
        );
    }

    #[test]
    fn finds_ids_in_text_once() {
        let text = "access to '00000003-0000-0000-c000-000000000000' (00000003-0000-0000-c000-000000000000) \
                    by 04b07795-8ddb-461a-bbee-02f9e1bf7b46, trace 11111111-2222-3333-4444-555555555555";
        let found = named_in(text);
        let names: Vec<&str> = found.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Microsoft Graph", "Microsoft Azure CLI"]);
        assert_eq!(
            found[0].describe(),
            "00000003-0000-0000-c000-000000000000 is Microsoft Graph (first-party app)"
        );
        assert!(named_in("no ids here").is_empty());
    }
}
