//! Input nodes: typed text, or a token that is decoded at once and never kept.

use super::error::EngineError;
use super::run::{Answer, Run, wrong};
use crate::flow::{InputKind, Library, NodeKind};
use crate::token;
use std::collections::HashMap;
use std::time::SystemTime;

impl Run {
    /// Fills in the current input and goes on. A token input takes the text only when it
    /// holds a token that can be decoded; what is kept is its non-secret claims, never the
    /// token, so the text is dropped here.
    pub fn submit_input(
        &mut self,
        lib: &Library,
        value: &str,
        now: SystemTime,
    ) -> Result<(), EngineError> {
        let (flow, node) = self.here(lib)?;
        let NodeKind::Input {
            var, next, kind, ..
        } = &node.kind
        else {
            return Err(wrong("input", node));
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(EngineError::EmptyInput);
        }
        let answer = match kind {
            InputKind::Text => Answer::Input {
                var: var.clone(),
                value: value.to_owned(),
                at: now.into(),
            },
            InputKind::Token => {
                let inspection = token::inspect(value, &token::Options::default(), now)
                    .map_err(|e| EngineError::NotAToken(e.to_string()))?;
                let claims = token::vars::vars(&inspection);
                Answer::Token {
                    var: var.clone(),
                    summary: token::vars::describe(&claims),
                    claims,
                    at: now.into(),
                }
            }
        };
        let calls = self
            .visits
            .last()
            .map(|v| v.calls.clone())
            .unwrap_or_default();
        self.leave(answer);
        self.push(lib, &flow.id, next, calls, now)
    }
}

impl Answer {
    /// Adds the variables this answer sets.
    pub(super) fn set_vars(&self, vars: &mut HashMap<String, String>) {
        match self {
            Answer::Input { var, value, .. } => {
                vars.insert(var.clone(), value.clone());
            }
            Answer::Token {
                var,
                summary,
                claims,
                ..
            } => {
                vars.insert(var.clone(), summary.clone());
                for (field, value) in claims {
                    vars.insert(format!("{var}.{field}"), value.clone());
                }
            }
            _ => {}
        }
    }
}
