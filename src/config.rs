//! The configuration file: `vpclint.toml` or `.vpclint.toml`, found in the working
//! directory or the nearest parent, or named with `--config`. Command-line flags override
//! it. Like ruff's `ruff.toml`:
//!
//! ```toml
//! select = ["VPC1", "VPC3"]      # run only these rules (ids or prefixes)
//! ignore = ["VPC101"]            # never run these
//! fail-on = "error"              # error | warning | note | never
//! max-file-size = 10485760       # bytes
//! exclude = ["legacy/**", "**/cdk.out/asset.*"]  # paths skipped in directory walks
//!
//! [severity]                     # per-rule level overrides
//! VPC101 = "note"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;

use crate::report::Level;

/// File names searched for, in order.
pub const FILE_NAMES: [&str; 2] = ["vpclint.toml", ".vpclint.toml"];

/// The settings a configuration file may hold.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FileConfig {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<FailOnSetting>,
    pub max_file_size: Option<u64>,
    pub exclude: Option<Vec<String>>,
    pub severity: Option<BTreeMap<String, Level>>,
}

/// `fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOnSetting {
    Error,
    Warning,
    Note,
    Never,
}

/// A configuration file that cannot be used (exit code 2).
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ConfigError {
    #[error("cannot read {path}: {message}")]
    #[diagnostic(code(vpclint::config))]
    Read { path: String, message: String },
    #[error("invalid configuration in {path}: {message}")]
    #[diagnostic(code(vpclint::config))]
    Invalid {
        path: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        span: Option<SourceSpan>,
    },
}

/// The nearest configuration file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|d| FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()))
}

/// Reads and validates a configuration file.
pub fn load(path: &Path) -> Result<FileConfig, Box<ConfigError>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Box::new(ConfigError::Read { path: shown.clone(), message: crate::load::io_message(&e) }))?;
    let invalid = |message: String, span: Option<std::ops::Range<usize>>| {
        Box::new(ConfigError::Invalid {
            path: shown.clone(),
            message,
            src: NamedSource::new(&shown, text.clone()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
        })
    };
    let config: FileConfig = toml::from_str(&text).map_err(|e| invalid(e.message().to_string(), e.span()))?;
    let ids =
        config.select.iter().chain(config.ignore.iter()).flatten().chain(config.severity.iter().flat_map(|s| s.keys()));
    for id in ids {
        if !(id.eq_ignore_ascii_case("all") || crate::rules::catalog::matches_known_rule(id)) {
            let at = text.find(id.as_str()).map(|i| i..i + id.len());
            return Err(invalid(format!("`{id}` names no vpclint rule (see `vpclint rules`)"), at));
        }
    }
    if let Some(patterns) = &config.exclude {
        for p in patterns {
            if let Err(e) = globset::Glob::new(p) {
                let at = text.find(p.as_str()).map(|i| i..i + p.len());
                return Err(invalid(format!("`{p}` is not a valid glob: {e}"), at));
            }
        }
    }
    Ok(config)
}

/// Compiles exclude patterns (already validated by [`load`]).
pub fn exclude_set(patterns: &[String]) -> globset::GlobSet {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = globset::Glob::new(p) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("vpclint.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_and_validates() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "select = [\"VPC3\"]\nfail-on = \"error\"\nexclude = [\"legacy/**\"]\n[severity]\nVPC101 = \"note\"\n",
        );
        let c = load(&p).unwrap();
        assert_eq!(c.select.as_deref(), Some(&["VPC3".to_string()][..]));
        assert_eq!(c.fail_on, Some(FailOnSetting::Error));
        assert_eq!(c.severity.unwrap().get("VPC101"), Some(&Level::Note));
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(discover(&sub), Some(p));
    }

    #[test]
    fn rejects_unknown_keys_rules_and_globs() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            "selct = []\n",
            "ignore = [\"XYZ999\"]\n",
            "exclude = [\"a[\"]\n",
            "fail-on = \"sometimes\"\n",
            "[severity]\nVPC101 = \"loud\"\n",
        ] {
            let p = write(dir.path(), bad);
            assert!(load(&p).is_err(), "{bad:?} must be refused");
        }
    }
}
