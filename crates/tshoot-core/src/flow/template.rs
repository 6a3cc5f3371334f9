//! `{{name}}` placeholders in flow text: finding them and filling them in.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// `{{ name }}`. A constant pattern: a unit test compiles it, so `expect` cannot fire.
#[allow(
    clippy::expect_used,
    reason = "a constant pattern, compiled by a unit test"
)]
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{\s*([^{}]*?)\s*\}\}").expect("the placeholder pattern compiles")
});

/// Whether `name` can be used as a variable: a letter or `_`, then letters, digits or `_`.
pub fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A problem with the placeholders in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `{{` without a matching `}}`, or a name that is not a variable name.
    Malformed(String),
}

/// The variable names used in `text`, in order, or what is malformed.
pub fn vars(text: &str) -> Result<Vec<String>, TemplateProblem> {
    // Most texts have no braces at all; they need neither the regex nor a copy.
    if !text.contains("{{") && !text.contains("}}") {
        return Ok(Vec::new());
    }
    let re = &*PLACEHOLDER;
    let mut out = Vec::new();
    let mut covered = String::with_capacity(text.len());
    let mut last = 0;
    for caps in re.captures_iter(text) {
        let (Some(all), Some(name)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        covered.push_str(&text[last..all.start()]);
        last = all.end();
        if !super::condition::is_var_ref(name.as_str()) {
            return Err(TemplateProblem::Malformed(format!(
                "'{}' is not a variable name inside {{{{ }}}}",
                name.as_str()
            )));
        }
        out.push(name.as_str().to_owned());
    }
    covered.push_str(&text[last..]);
    if covered.contains("{{") || covered.contains("}}") {
        return Err(TemplateProblem::Malformed(
            "unbalanced {{ or }}: write placeholders as {{name}}".into(),
        ));
    }
    Ok(out)
}

/// Fills placeholders with values; unknown ones stay visible as `{{name}}`.
pub fn render(text: &str, values: &HashMap<String, String>) -> String {
    if !text.contains("{{") {
        return text.to_owned();
    }
    PLACEHOLDER
        .replace_all(text, |caps: &regex::Captures| {
            let name = caps.get(1).map_or("", |m| m.as_str());
            values
                .get(name)
                .cloned()
                .unwrap_or_else(|| caps.get(0).map_or("", |m| m.as_str()).to_owned())
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_vars() {
        assert_eq!(
            vars("Sign in to {{tenant}} as {{ admin_upn }}"),
            Ok(vec!["tenant".to_owned(), "admin_upn".to_owned()])
        );
        assert_eq!(vars("no placeholders"), Ok(vec![]));
        assert_eq!(
            vars("{{token.aud_name}}"),
            Ok(vec!["token.aud_name".to_owned()])
        );
        assert!(vars("{{token.}}").is_err());
    }

    #[test]
    fn malformed() {
        assert!(vars("{{tenant").is_err());
        assert!(vars("{{ten ant}}").is_err());
        assert!(vars("x }} y").is_err());
    }

    #[test]
    fn renders() {
        let mut v = HashMap::new();
        v.insert("tenant".to_owned(), "contoso.com".to_owned());
        assert_eq!(
            render("Open {{tenant}} / {{x}}", &v),
            "Open contoso.com / {{x}}"
        );
    }
}
