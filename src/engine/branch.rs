//! Branch nodes: which case holds for the run's variables, and why, in words a transcript
//! can carry ("token.expired was true").

use crate::flow::When;
use crate::flow::condition::Condition;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a branch decided: where it went and the conditions it tried on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShownBranch {
    /// Each condition tried, in order, with its result (the last one held, unless `by_else`).
    pub checked: Vec<String>,
    /// The node it went to.
    pub next: String,
    /// True when no condition held and `else` was taken.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_else: bool,
}

impl ShownBranch {
    /// One line: `token.expired was false; token.scp contains "Mail.Read" was true → consent`.
    pub fn line(&self) -> String {
        let mut parts = self.checked.clone();
        if self.by_else {
            parts.push("else".to_owned());
        }
        format!("{} → {}", parts.join("; "), self.next)
    }
}

/// The branch's choice, borrowed from the flow.
pub(super) struct Decision<'f> {
    /// The node to go to.
    pub next: &'f str,
    /// The conditions tried, as [`ShownBranch::checked`].
    pub checked: Vec<String>,
    /// Whether `else` was taken.
    pub by_else: bool,
}

/// The first case that holds, else `otherwise`.
pub(super) fn decide<'f>(
    cases: &'f [When],
    otherwise: &'f str,
    vars: &HashMap<String, String>,
) -> Decision<'f> {
    let get = |name: &str| vars.get(name).map(String::as_str);
    let mut checked = Vec::new();
    for case in cases {
        let held = case.condition.eval(&get);
        checked.push(reason(&case.source, &case.condition, held, vars));
        if held {
            return Decision {
                next: &case.next,
                checked,
                by_else: false,
            };
        }
    }
    Decision {
        next: otherwise,
        checked,
        by_else: true,
    }
}

/// `token.aud_name == "Microsoft Graph" was false (token.aud_name is "Exchange Online")`: the
/// values of compared variables are given, as they are what the reader cannot guess. They
/// may be typed text, so the line is redacted.
fn reason(source: &str, cond: &Condition, held: bool, vars: &HashMap<String, String>) -> String {
    const MAX_VALUE: usize = 120;
    let mut out = format!("{source} was {held}");
    let values: Vec<String> = cond
        .vars()
        .into_iter()
        .filter_map(|name| {
            let value = vars.get(name).map_or("", String::as_str).trim();
            if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
                return None;
            }
            Some(if value.is_empty() {
                format!("{name} is empty")
            } else {
                let mut short: String = value.chars().take(MAX_VALUE).collect();
                if short.len() < value.len() {
                    short.push('…');
                }
                format!("{name} is \"{short}\"")
            })
        })
        .collect();
    if !values.is_empty() {
        out.push_str(&format!(" ({})", values.join(", ")));
    }
    crate::redact::redact(&out).into_owned()
}

impl Decision<'_> {
    /// What the transcript keeps.
    pub(super) fn shown(&self) -> ShownBranch {
        ShownBranch {
            checked: self.checked.clone(),
            next: self.next.to_owned(),
            by_else: self.by_else,
        }
    }
}
