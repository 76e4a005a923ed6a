//! `vpclint rules --format json`: every rule of the run's registry (built-in, then user
//! rules) for tooling, as ruff's `ruff rule --all --output-format json`: id, name, level,
//! summary, tags, precision, security severity, the docs URL, the options the rule takes
//! (name, type, default, description) and the whole doc.
//!
//! `level` is the rule's own level (its doc's `severity`); a `[severity]` override in
//! vpclint.toml changes the level of its findings in `check`, not the rule's. `url` is the
//! rule's page in the repository for built-in rules and `null` for user rules, whose doc is
//! `file` (`null` for built-in rules). `options` gives each option's `default`, as `level`
//! gives the rule's own level: `[rule-options]` in vpclint.toml changes a run, not the rule.

use serde::Serialize;

use super::Level;
use super::sarif::DOCS_BASE;
use crate::rules::Registry;
use crate::rules::options::OptionDecl;

#[derive(Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    name: &'a str,
    level: Level,
    summary: &'a str,
    tags: &'a [String],
    precision: &'a str,
    security_severity: &'a str,
    url: Option<String>,
    file: Option<String>,
    options: &'a [OptionDecl],
    /// The whole Markdown doc (front matter removed), what `vpclint explain` prints.
    explanation: &'a str,
}

/// The rules as a pretty-printed JSON array with a trailing newline.
pub fn render_json(registry: &Registry) -> String {
    let entries: Vec<RuleEntry<'_>> = registry
        .docs()
        .map(|d| RuleEntry {
            id: &d.id,
            name: &d.name,
            level: d.severity,
            summary: &d.title,
            tags: &d.tags,
            precision: &d.precision,
            security_severity: &d.security_severity,
            url: d.file.is_none().then(|| format!("{DOCS_BASE}{}.md", d.id)),
            file: d.file.as_ref().map(|f| f.display().to_string()),
            options: &d.options,
            explanation: &d.markdown,
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&entries).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
