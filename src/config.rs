//! The operator's settings: `config.json` in tshoot's config directory (or the file named by
//! `TSHOOT_CONFIG`), with `TSHOOT_OPERATOR` overriding the operator's name. Every field is
//! optional; a missing file is the defaults, a broken one is an error that names the file,
//! line and column.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What `config.json` may hold (see `assets/config.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The `$schema` an editor uses to check the file; ignored.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// Who is doing the work, put on every session and transcript.
    pub operator: Option<String>,
    /// Ring the terminal bell when a wait ends.
    pub bell: bool,
    /// Set the terminal title when a wait ends.
    pub title: bool,
    /// The format `c` copies and `e` writes: `md`, `text` or `json`.
    pub export_format: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schema: None,
            operator: None,
            bell: true,
            title: true,
            export_format: None,
        }
    }
}

/// A config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It exists but could not be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not valid (JSON syntax, an unknown field, a wrong type).
    #[error("{}:{line}:{column}: {message}", .path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// What was expected.
        message: String,
    },
}

impl Config {
    /// The default file: `<config dir>/config.json`.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "tshoot").map(|d| d.config_dir().join("config.json"))
    }

    /// Reads the config from `TSHOOT_CONFIG` or the default file, then applies
    /// `TSHOOT_OPERATOR`.
    pub fn load() -> Result<Config, ConfigError> {
        let path = std::env::var_os("TSHOOT_CONFIG")
            .map(PathBuf::from)
            .or_else(Config::default_path);
        let mut config = match path {
            Some(path) => Config::read(&path)?,
            None => Config::default(),
        };
        if let Some(name) = std::env::var("TSHOOT_OPERATOR")
            .ok()
            .filter(|n| !n.trim().is_empty())
        {
            config.operator = Some(name.trim().to_owned());
        }
        Ok(config)
    }

    /// Reads one file; a missing file gives the defaults.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Config::parse(path, &text)
    }

    /// Parses the text of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or("")
                .to_owned(),
        })?;
        if let Some(f) = &config.export_format
            && !matches!(f.as_str(), "md" | "text" | "json")
        {
            let at = text.find("export_format").unwrap_or(0);
            let line = text[..at].matches('\n').count() + 1;
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column: at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1,
                message: format!("export_format is \"{f}\"; expected \"md\", \"text\" or \"json\""),
            });
        }
        Ok(config)
    }

    /// The export format the operator chose (plain text unless set).
    pub fn format(&self) -> crate::session::transcript::Format {
        use crate::session::transcript::Format;
        match self.export_format.as_deref() {
            Some("md") => Format::Md,
            Some("json") => Format::Json,
            _ => Format::Text,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn defaults_fields_and_errors() {
        let p = Path::new("config.json");
        assert_eq!(Config::parse(p, "{}").unwrap(), Config::default());
        let c = Config::parse(
            p,
            r#"{"operator": "Alex", "bell": false, "export_format": "md"}"#,
        )
        .unwrap();
        assert_eq!(c.operator.as_deref(), Some("Alex"));
        assert!(!c.bell && c.title);
        assert_eq!(c.format(), crate::session::transcript::Format::Md);
        let e = Config::parse(p, "{\n  \"operater\": \"Alex\"\n}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.json:2:"), "{e}");
        assert!(e.contains("unknown field `operater`"), "{e}");
        let e = Config::parse(p, "{\n \"export_format\": \"pdf\"}")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "config.json:2:3: export_format is \"pdf\"; expected \"md\", \"text\" or \"json\""
        );
    }
}
