//! The YAML flow format as serde types: exactly what authors write, before any checking.
//!
//! Every struct denies unknown fields so that a typo such as `nxt:` is an error, and every
//! doc comment here becomes a description in the JSON Schema that editors show.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// One YAML file of the library. It may hold guided flows, known errors, or both.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "tshoot flow file")]
pub struct FlowFile {
    /// Guided troubleshooting flows (decision trees and checklists).
    #[serde(default)]
    pub flows: Vec<RawFlow>,
    /// Known errors: codes and message phrases, their cause and their fix.
    #[serde(default)]
    pub errors: Vec<RawEntry>,
}

/// A guided flow: nodes that ask, instruct and branch until an end.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    /// Unique id across the whole library, lower-case words joined by `-` (e.g. `cipp-token-cache`).
    pub id: String,
    /// What the operator sees in lists and the header.
    pub title: String,
    /// One or two sentences: when to use this flow.
    #[serde(default)]
    pub summary: Option<String>,
    /// Extra words that should find this flow in search.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The product the flow is about: CIPP, Entra ID, Exchange Online, Cloud App Security, ...
    pub product: String,
    /// Which document the facts come from.
    #[serde(default)]
    pub source: Option<String>,
    /// The id of the first node. Defaults to the first node in the list.
    #[serde(default)]
    pub start: Option<String>,
    /// The nodes of the flow, in any order.
    pub nodes: Vec<RawNode>,
}

/// A node. Exactly one of `question`, `checklist`, `step`, `input`, `branch`, `goto`, `end` or
/// `search` says what kind it is; the other fields depend on that kind.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// Unique within the flow; other nodes point here with `next`.
    pub id: String,
    /// A question node: the question to ask. Needs `choices`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// A checklist node: its heading. Needs `steps` and `next`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<String>,
    /// A single instruction. Needs `next`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// An input node: the prompt asking for a value. Needs `var` and `next`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// A branch node: conditions tried in order, without asking; the first that holds decides
    /// where the flow goes, and `else` is taken when none does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<Vec<RawWhen>>,
    /// A goto node: the id of another flow to run. With `next`, the operator comes back here
    /// afterwards and continues at `next`; without it, the other flow takes over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goto: Option<String>,
    /// An end node: how things ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Outcome>,
    /// A search node: hands over to the error search, with this prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Longer explanation shown under the prompt (any kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Help shown on request (`?`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Question: the answers, each leading to a node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<RawChoice>>,
    /// Checklist: the steps, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<RawStep>>,
    /// Input: the variable name; later text uses it as `{{name}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub var: Option<String>,
    /// Input: what is asked for: `text` (the default) or `token`, an access or ID token that
    /// is decoded on the spot; only its non-secret claims are kept, as `{{var.aud}}` etc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<InputKind>,
    /// Input: an example value shown in the empty field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Step: a command to show and copy. tshoot never runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Step: what the command does to the tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
    /// Step: how long to wait after doing it, e.g. `5m`, `30m`, `90s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<String>,
    /// End: what to tell the operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// End: a known error whose cause and fix to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Checklist, step, input, goto: the node that comes next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Branch: the node to go to when no condition holds (required).
    #[serde(default, rename = "else", skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<String>,
}

/// One case of a branch node.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWhen {
    /// The condition: a variable (`token.expired`), `VAR == "text"`, `VAR != "text"`,
    /// `VAR contains "text"`, combined with `not`, `and`, `or` and parentheses.
    pub when: String,
    /// The node to go to when the condition holds.
    pub next: String,
}

/// What an input node asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// Any text, kept as typed (redacted when it looks like a secret).
    #[default]
    Text,
    /// An access or ID token: decoded, never kept; only its non-secret claims are.
    Token,
}

/// One answer of a question.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    /// The answer as the operator reads it.
    pub label: String,
    /// The node this answer leads to.
    pub next: String,
    /// Extra help for this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// One step of a checklist: either plain text, or a mapping with `text` and options.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RawStep {
    /// What to do.
    pub text: String,
    /// More detail shown under the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A command to show and copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// What the command does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
    /// How long to wait after this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<String>,
}

/// A checklist step written as a mapping.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "StepWithOptions")]
struct RawStepMap {
    /// What to do.
    text: String,
    /// More detail shown under the step.
    #[serde(default)]
    detail: Option<String>,
    /// A command to show and copy. tshoot never runs it.
    #[serde(default)]
    command: Option<String>,
    /// What the command does: `read`, `change` or `destructive`. Required with `command`.
    #[serde(default)]
    risk: Option<Risk>,
    /// How long to wait after this step, e.g. `5m`; the wizard shows a countdown.
    #[serde(default)]
    wait: Option<String>,
}

impl JsonSchema for RawStep {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Step".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let map = generator.subschema_for::<RawStepMap>();
        schemars::json_schema!({
            "description": "One step of a checklist: plain text, or a mapping with `text` and options.",
            "anyOf": [{ "type": "string" }, map]
        })
    }
}

impl<'de> Deserialize<'de> for RawStep {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StepVisitor;
        impl<'de> serde::de::Visitor<'de> for StepVisitor {
            type Value = RawStep;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a step: text, or a mapping with `text` and optional `detail`, `command`, `risk`, `wait`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawStep, E> {
                Ok(RawStep {
                    text: v.to_owned(),
                    detail: None,
                    command: None,
                    risk: None,
                    wait: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawStep, A::Error> {
                let m = RawStepMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawStep {
                    text: m.text,
                    detail: m.detail,
                    command: m.command,
                    risk: m.risk,
                    wait: m.wait,
                })
            }
        }
        deserializer.deserialize_any(StepVisitor)
    }
}

/// What a command does to the tenant, so the operator knows before pasting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Only reads.
    Read,
    /// Changes settings.
    Change,
    /// Deletes or resets something that cannot be undone easily.
    Destructive,
}

impl Risk {
    /// The words the operator reads for this risk; destructive is shouted so nobody misses it.
    pub fn label(self) -> &'static str {
        match self {
            Risk::Read => "read-only",
            Risk::Change => "changes settings",
            Risk::Destructive => "DESTRUCTIVE",
        }
    }

    /// The label with what it means, for plain mode and `tshoot show`.
    pub fn explained(self) -> &'static str {
        match self {
            Risk::Read => "read-only",
            Risk::Change => "changes the tenant",
            Risk::Destructive => "DESTRUCTIVE, cannot easily be undone",
        }
    }
}

/// How a flow ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The problem is fixed.
    Resolved,
    /// Hand over to someone else (vendor support, a senior admin, the helpdesk).
    Escalate,
    /// The flow could not fix it.
    Unresolved,
}

impl Outcome {
    /// The word the operator reads for this outcome, as a verb or adjective: "resolved",
    /// "escalate", "unresolved" (the same word authors write in `end:`).
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalate => "escalate",
            Outcome::Unresolved => "unresolved",
        }
    }

    /// What happened, for lists and transcripts: "resolved", "escalated", "unresolved".
    pub fn past(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalate => "escalated",
            Outcome::Unresolved => "unresolved",
        }
    }

    /// A heading for the end screen and transcripts: "Resolved", "Escalate", "Unresolved".
    pub fn heading(self) -> &'static str {
        match self {
            Outcome::Resolved => "Resolved",
            Outcome::Escalate => "Escalate",
            Outcome::Unresolved => "Unresolved",
        }
    }

    /// What the outcome means, for plain mode: "Escalate (hand the problem over)".
    pub fn explained(self) -> &'static str {
        match self {
            Outcome::Resolved => "Resolved",
            Outcome::Escalate => "Escalate (hand the problem over)",
            Outcome::Unresolved => "Unresolved (this flow could not fix it)",
        }
    }
}

/// A known error: how to recognise it, why it happens and how to fix it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    /// Unique id across the whole library.
    pub id: String,
    /// A short name for the error.
    pub title: String,
    /// Error codes as they appear in error text: `AADSTS50020`, `invalid_grant`, `E0000001`.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Phrases as they appear in the real error message.
    #[serde(default)]
    pub signatures: Vec<String>,
    /// The product that shows the error: CIPP, Entra ID, Cloud App Security, ...
    pub product: String,
    /// The connected app, where the same message means different things per app (Box, Okta, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    /// Why it happens, in plain words.
    pub cause: String,
    /// What the operator should do, step by step.
    #[serde(default)]
    pub fix: Vec<String>,
    /// What the developer of the application should change, if it is an app bug.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub developer_fix: Vec<String>,
    /// A guided flow that walks through the fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// Which document the facts come from.
    pub source: String,
    /// The authoritative page to read more: Microsoft's live lookup for an AADSTS code
    /// (`https://login.microsoftonline.com/error?code=50020`), or the product's documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Set when this error's code is an envelope that usually carries a more specific code
    /// (`AADSTS70002: Error validating credentials. AADSTS50126: ...`): when a paste holds
    /// another code too, that one decides the match and this entry is only evidence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wrapper: bool,
    /// Extra words that should find this entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Real error texts that must find this entry first (checked by `tshoot lint`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
}

/// The JSON Schema (draft-07, which yaml-language-server handles best) of a flow file.
pub fn json_schema() -> schemars::Schema {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<FlowFile>()
}
