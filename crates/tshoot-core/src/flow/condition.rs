//! The condition language of `branch` nodes: parsed once when the library loads, evaluated
//! against the run's variables when the walk reaches the node.
//!
//! ```text
//! cond    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | "(" cond ")" | VAR [OP operand]
//! OP      := "==" | "!=" | "contains"
//! operand := "quoted literal" | VAR
//! ```
//!
//! A bare variable holds when it is set, not empty and not `false`, `0` or `no`. `==` and `!=`
//! ignore case and surrounding spaces. `contains` matches one element of a list variable (a
//! token's `scp`, `roles`, `wids`, `amr`, `findings`) and a substring of any other value, both
//! ignoring case. A variable that is not set reads as empty.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// The variable is set and not empty, `false`, `0` or `no`.
    Truthy(String),
    /// The inner condition does not hold.
    Not(Box<Condition>),
    /// Every part holds.
    And(Vec<Condition>),
    /// At least one part holds.
    Or(Vec<Condition>),
    /// A variable compared with a literal or another variable.
    Compare {
        /// The variable on the left.
        var: String,
        /// How they are compared.
        op: Op,
        /// What it is compared with.
        value: Operand,
    },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `==`: equal, ignoring case.
    Eq,
    /// `!=`: not equal, ignoring case.
    Ne,
    /// `contains`: a list element, or else a substring, ignoring case.
    Contains,
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operand {
    /// A quoted literal.
    Literal(String),
    /// Another variable's value.
    Var(String),
}

/// Why a condition could not be parsed; `column` counts characters from 1 within the condition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConditionError {
    /// Nothing to test.
    #[error("the condition is empty: write a variable, e.g. `token.expired`")]
    Empty,
    /// A word or symbol where an operator belongs.
    #[error(
        "unknown operator `{found}` at column {column}: use ==, !=, contains, and, or (and `not` in front)"
    )]
    UnknownOperator {
        /// What was written.
        found: String,
        /// Where.
        column: usize,
    },
    /// Something other than a variable where one belongs.
    #[error("expected a variable name at column {column}, found {found}")]
    ExpectedVariable {
        /// What was written (or "the end").
        found: String,
        /// Where.
        column: usize,
    },
    /// An operator without what it compares with.
    #[error("`{op}` at column {column} needs a value after it: a \"quoted literal\" or a variable")]
    MissingValue {
        /// The operator.
        op: String,
        /// Where the operator is.
        column: usize,
    },
    /// A `"` that is never closed.
    #[error("the quote opened at column {column} is never closed")]
    UnclosedQuote {
        /// Where the quote opens.
        column: usize,
    },
    /// A `(` that is never closed.
    #[error("the `(` at column {column} is never closed")]
    UnclosedParen {
        /// Where it opens.
        column: usize,
    },
    /// Conditions nest deeper than anyone writes by hand.
    #[error("the condition nests too deeply (more than {0} levels)")]
    TooDeep(usize),
}

/// How deep `not` and parentheses may nest, so a hostile file cannot overflow the stack.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Sym(&'static str),
    Other(String),
}

/// Splits a condition into tokens, each with its 1-based column.
fn lex(text: &str) -> Result<Vec<(Tok, usize)>, ConditionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let column = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let mut value = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(ConditionError::UnclosedQuote { column }),
                    Some('"') => break,
                    Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\')) => {
                        value.extend(chars.get(i + 1));
                        i += 1;
                    }
                    Some(&ch) => value.push(ch),
                }
                i += 1;
            }
            i += 1;
            out.push((Tok::Str(value), column));
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|ch| ch.is_ascii_alphanumeric() || *ch == '_' || *ch == '.')
            {
                i += 1;
            }
            out.push((Tok::Word(chars[start..i].iter().collect()), column));
        } else {
            let pair: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let sym = match (pair.as_str(), c) {
                ("==", _) => Some("=="),
                ("!=", _) => Some("!="),
                (_, '(') => Some("("),
                (_, ')') => Some(")"),
                _ => None,
            };
            match sym {
                Some(s) => {
                    i += s.len();
                    out.push((Tok::Sym(s), column));
                }
                None => {
                    let start = i;
                    while chars.get(i).is_some_and(|ch| {
                        !ch.is_whitespace() && !ch.is_ascii_alphanumeric() && *ch != '"'
                    }) {
                        i += 1;
                    }
                    out.push((Tok::Other(chars[start..i].iter().collect()), column));
                }
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end_column: usize,
}

impl Parser {
    fn peek(&self) -> Option<&(Tok, usize)> {
        self.toks.get(self.pos)
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end_column, |(_, c)| *c)
    }

    fn at_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some((Tok::Word(w), _)) if w == word)
    }

    fn or(&mut self, depth: usize) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.and(depth)?];
        while self.at_word("or") {
            self.pos += 1;
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::Or(parts)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.unary(depth)?];
        while self.at_word("and") {
            self.pos += 1;
            parts.push(self.unary(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::And(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Condition, ConditionError> {
        if depth > MAX_DEPTH {
            return Err(ConditionError::TooDeep(MAX_DEPTH));
        }
        if self.at_word("not") {
            self.pos += 1;
            return Ok(Condition::Not(Box::new(self.unary(depth + 1)?)));
        }
        if let Some((Tok::Sym("("), column)) = self.peek() {
            let column = *column;
            self.pos += 1;
            let inner = self.or(depth + 1)?;
            if !matches!(self.peek(), Some((Tok::Sym(")"), _))) {
                return Err(ConditionError::UnclosedParen { column });
            }
            self.pos += 1;
            return Ok(inner);
        }
        let var = self.variable()?;
        let (op, op_column) = match self.peek() {
            Some((Tok::Sym("=="), c)) => (Op::Eq, *c),
            Some((Tok::Sym("!="), c)) => (Op::Ne, *c),
            Some((Tok::Word(w), c)) if w == "contains" => (Op::Contains, *c),
            Some((Tok::Word(w), _)) if w == "and" || w == "or" => {
                return Ok(Condition::Truthy(var));
            }
            Some((Tok::Sym(")"), _)) | None => return Ok(Condition::Truthy(var)),
            Some((tok, column)) => {
                return Err(ConditionError::UnknownOperator {
                    found: describe(tok),
                    column: *column,
                });
            }
        };
        self.pos += 1;
        let value = match self.peek() {
            Some((Tok::Str(s), _)) => Operand::Literal(s.clone()),
            Some((Tok::Word(w), _)) if is_var_ref(w) && !is_keyword(w) => Operand::Var(w.clone()),
            _ => {
                return Err(ConditionError::MissingValue {
                    op: op.symbol().to_owned(),
                    column: op_column,
                });
            }
        };
        self.pos += 1;
        Ok(Condition::Compare { var, op, value })
    }

    fn variable(&mut self) -> Result<String, ConditionError> {
        let column = self.column();
        match self.peek() {
            Some((Tok::Word(w), _)) if is_var_ref(w) && !is_keyword(w) => {
                let w = w.clone();
                self.pos += 1;
                Ok(w)
            }
            Some((tok, _)) => Err(ConditionError::ExpectedVariable {
                found: format!("`{}`", describe(tok)),
                column,
            }),
            None => Err(ConditionError::ExpectedVariable {
                found: "the end".into(),
                column,
            }),
        }
    }
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Word(w) | Tok::Other(w) => w.clone(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Sym(s) => (*s).to_owned(),
    }
}

fn is_keyword(word: &str) -> bool {
    matches!(word, "not" | "and" | "or" | "contains")
}

/// Whether `name` can name a variable in a condition or a `{{placeholder}}`: a variable name,
/// optionally followed by `.field` parts (`token.aud`).
pub fn is_var_ref(name: &str) -> bool {
    name.split('.').all(super::template::is_var_name)
}

/// Whether `var` is a list (a token's list field), where `contains` matches whole elements.
pub fn is_list_var(var: &str) -> bool {
    var.rsplit_once('.')
        .is_some_and(|(_, field)| crate::token::vars::LIST_FIELDS.contains(&field))
}

/// The elements of a list value: split on commas when it has any, else on spaces.
pub fn list_items(value: &str) -> Vec<&str> {
    let items: Vec<&str> = if value.contains(',') {
        value.split(',').collect()
    } else {
        value.split_whitespace().collect()
    };
    items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether a value counts as true on its own.
pub fn truthy(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty()
        && !["false", "0", "no"]
            .iter()
            .any(|f| v.eq_ignore_ascii_case(f))
}

impl Op {
    /// How it is written.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Contains => "contains",
        }
    }
}

impl Condition {
    /// Parses a condition as written in a `when:`.
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let toks = lex(text)?;
        if toks.is_empty() {
            return Err(ConditionError::Empty);
        }
        let mut p = Parser {
            toks,
            pos: 0,
            end_column: text.chars().count() + 1,
        };
        let cond = p.or(0)?;
        match p.peek() {
            None => Ok(cond),
            Some((tok, column)) => Err(ConditionError::UnknownOperator {
                found: describe(tok),
                column: *column,
            }),
        }
    }

    /// Every variable the condition reads, in order, repeats removed.
    pub fn vars(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        let mut add = |v: &'a str| {
            if !out.contains(&v) {
                out.push(v);
            }
        };
        match self {
            Condition::Truthy(v) => add(v),
            Condition::Compare { var, value, .. } => {
                add(var);
                if let Operand::Var(v) = value {
                    add(v);
                }
            }
            Condition::Not(inner) => inner.collect(out),
            Condition::And(parts) | Condition::Or(parts) => {
                parts.iter().for_each(|p| p.collect(out));
            }
        }
    }

    /// Whether the condition holds; `get` gives a variable's value (`None`: not set).
    pub fn eval<'v>(&self, get: &dyn Fn(&str) -> Option<&'v str>) -> bool {
        match self {
            Condition::Truthy(v) => get(v).is_some_and(truthy),
            Condition::Not(inner) => !inner.eval(get),
            Condition::And(parts) => parts.iter().all(|p| p.eval(get)),
            Condition::Or(parts) => parts.iter().any(|p| p.eval(get)),
            Condition::Compare { var, op, value } => {
                let left = get(var).unwrap_or("").trim().to_lowercase();
                let right = match value {
                    Operand::Literal(s) => s.as_str(),
                    Operand::Var(v) => get(v).unwrap_or(""),
                }
                .trim()
                .to_lowercase();
                match op {
                    Op::Eq => left == right,
                    Op::Ne => left != right,
                    Op::Contains if is_list_var(var) => {
                        list_items(&left).iter().any(|item| *item == right)
                    }
                    Op::Contains => left.contains(&right),
                }
            }
        }
    }
}

/// Conditions print in the canonical form: `not (a or b.c == "x")`.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, parts: &[Condition], word: &str| {
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                match p {
                    Condition::And(_) | Condition::Or(_) => write!(f, "({p})")?,
                    _ => write!(f, "{p}")?,
                }
            }
            Ok(())
        };
        match self {
            Condition::Truthy(v) => f.write_str(v),
            Condition::Not(inner) => match inner.as_ref() {
                Condition::And(_) | Condition::Or(_) | Condition::Compare { .. } => {
                    write!(f, "not ({inner})")
                }
                _ => write!(f, "not {inner}"),
            },
            Condition::And(parts) => join(f, parts, "and"),
            Condition::Or(parts) => join(f, parts, "or"),
            Condition::Compare { var, op, value } => {
                write!(f, "{var} {} ", op.symbol())?;
                match value {
                    Operand::Literal(s) => {
                        write!(f, "\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
                    }
                    Operand::Var(v) => f.write_str(v),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn eval(cond: &str, vars: &[(&str, &str)]) -> bool {
        let map: HashMap<&str, &str> = vars.iter().copied().collect();
        let get = |name: &str| map.get(name).copied();
        Condition::parse(cond).unwrap().eval(&get)
    }

    #[test]
    fn parses_and_prints() {
        for text in [
            "token.expired",
            "not token.expired",
            "token.aud == \"https://graph.microsoft.com\"",
            "token.scp contains permission",
            "a and not b or c != \"x\"",
            "not (a or b)",
            "a contains \"say \\\"hi\\\"\"",
        ] {
            let c = Condition::parse(text).unwrap();
            assert_eq!(c, Condition::parse(&c.to_string()).unwrap(), "{text}");
        }
        assert_eq!(
            Condition::parse("a and b or c").unwrap(),
            Condition::Or(vec![
                Condition::And(vec![
                    Condition::Truthy("a".into()),
                    Condition::Truthy("b".into())
                ]),
                Condition::Truthy("c".into())
            ])
        );
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(Condition::parse("  "), Err(ConditionError::Empty));
        assert_eq!(
            Condition::parse("token.aud = \"x\""),
            Err(ConditionError::UnknownOperator {
                found: "=".into(),
                column: 11
            })
        );
        assert_eq!(
            Condition::parse("token.aud is \"x\""),
            Err(ConditionError::UnknownOperator {
                found: "is".into(),
                column: 11
            })
        );
        assert!(matches!(
            Condition::parse("a == "),
            Err(ConditionError::MissingValue { column: 3, .. })
        ));
        assert!(matches!(
            Condition::parse("a == \"x"),
            Err(ConditionError::UnclosedQuote { column: 6 })
        ));
        assert!(matches!(
            Condition::parse("(a or b"),
            Err(ConditionError::UnclosedParen { column: 1 })
        ));
        assert!(matches!(
            Condition::parse("not"),
            Err(ConditionError::ExpectedVariable { .. })
        ));
        assert!(matches!(
            Condition::parse("\"x\" == a"),
            Err(ConditionError::ExpectedVariable { column: 1, .. })
        ));
        let deep = format!("{}a", "not ".repeat(100));
        assert_eq!(
            Condition::parse(&deep),
            Err(ConditionError::TooDeep(MAX_DEPTH))
        );
    }

    #[test]
    fn evaluates() {
        assert!(eval("x", &[("x", "yes")]));
        for falsy in ["", "false", "FALSE", "0", "no", " "] {
            assert!(!eval("x", &[("x", falsy)]), "{falsy:?}");
        }
        assert!(!eval("x", &[]));
        assert!(eval("not x", &[]));
        assert!(eval("a == \"Contoso.com\"", &[("a", " contoso.COM ")]));
        assert!(eval("a != \"x\"", &[("a", "y")]));
        assert!(eval("a == b", &[("a", "1"), ("b", "1")]));
        // Text: a substring; list fields of a token: whole elements.
        assert!(eval("tenant contains \"toso\"", &[("tenant", "contoso")]));
        let scp = [("token.scp", "Mail.ReadWrite User.Read")];
        assert!(!eval("token.scp contains \"Mail.Read\"", &scp));
        assert!(eval("token.scp contains \"user.read\"", &scp));
        let wids = [("token.wids", "Global Administrator, Exchange Administrator")];
        assert!(eval(
            "token.wids contains \"exchange administrator\"",
            &wids
        ));
        assert!(!eval("token.wids contains \"Exchange\"", &wids));
        assert!(eval("a and (b or c)", &[("a", "1"), ("c", "1")]));
        assert!(!eval("a and (b or c)", &[("a", "1")]));
    }

    #[test]
    fn lists_its_vars() {
        let c = Condition::parse("a and not (b contains c) or a == \"x\"").unwrap();
        assert_eq!(c.vars(), vec!["a", "b", "c"]);
    }
}
