//! Rule docs: the front matter and sections of a `rules/*.md` file, parsed into a
//! [`RuleDoc`]. The [`super::Registry`] holds the parsed docs of a run's rules.

use super::options::{OptionDecl, decl_from_json};
use crate::diagnostic::Level;
use crate::syntax::tree::{Kind, NodeId, Tree};
use crate::syntax::yaml;

/// A fenced example in a rule doc, tagged `yaml bad`, `json good`, ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// `yaml` or `json`.
    pub lang: String,
    /// True for `bad` examples (must give the rule's finding), false for `good` ones.
    pub bad: bool,
    pub code: String,
}

/// One rule's metadata and docs.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub id: String,
    pub name: String,
    pub title: String,
    pub severity: Level,
    pub tags: Vec<String>,
    pub precision: String,
    /// GitHub's `security-severity` (a number from 0.0 to 10.0, as a string).
    pub security_severity: String,
    pub since: String,
    pub what: String,
    pub why: String,
    pub how_to_fix: String,
    /// The whole Markdown body (front matter removed).
    pub markdown: String,
    pub examples: Vec<Example>,
    /// A user rule's JSONPath query (`query`), run on the model's JSON form.
    pub query: Option<String>,
    /// A user rule's message template (`message`).
    pub message: Option<String>,
    /// The options the rule takes (`options`: name -> type, default, description), set in
    /// vpclint.toml's `[rule-options.<rule>]` (see [`super::options`]).
    pub options: Vec<OptionDecl>,
    /// Where the rule came from: `None` for built-ins, the file for user rules.
    pub file: Option<std::path::PathBuf>,
}

/// Why a rule doc could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule doc {what}: {message}")]
pub struct DocError {
    pub what: String,
    pub message: String,
    /// The front-matter key at fault (`id:`), or `---` for the front matter as a whole.
    pub field: String,
}

/// Parses one built-in rule doc: every front-matter field is required.
pub fn parse_doc(text: &str) -> Result<RuleDoc, DocError> {
    parse_doc_as(text, false)
}

/// Parses a user rule: `title` defaults to the name, `security-severity` to one that fits
/// the level (error 7.0, warning 4.0, note 1.0), `since` to nothing.
pub fn parse_user_doc(text: &str) -> Result<RuleDoc, DocError> {
    parse_doc_as(text, true)
}

fn parse_doc_as(text: &str, user: bool) -> Result<RuleDoc, DocError> {
    let text_owned;
    let text = if text.contains("\r\n") {
        text_owned = text.replace("\r\n", "\n");
        text_owned.as_str()
    } else {
        text
    };
    let at = |m: &str, field: &str| DocError {
        what: text.lines().nth(1).unwrap_or("").to_string(),
        message: m.to_string(),
        field: field.to_string(),
    };
    let err = |m: &str| at(m, "---");
    let rest = text.strip_prefix("---\n").ok_or_else(|| err("must start with `---` front matter"))?;
    let end = rest.find("\n---\n").ok_or_else(|| err("front matter is not closed by `---`"))?;
    let front = rest.get(..end).unwrap_or("");
    let body = rest.get(end + 5..).unwrap_or("").to_string();
    let parsed = yaml::parse(front).map_err(|e| err(&format!("front matter is not YAML: {}", e.message)))?;
    let tree = parsed.tree;
    let root = tree.root().ok_or_else(|| err("front matter is empty"))?;
    let field = |k: &str| tree.get(root, k).and_then(|n| tree.scalar_text(n)).map(|s| s.to_string());
    let need = |k: &str| field(k).ok_or_else(|| err(&format!("front matter lacks `{k}`")));
    let id = need("id")?;
    let severity = match need("severity")?.as_str() {
        "error" => Level::Error,
        "warning" => Level::Warning,
        "note" => Level::Note,
        other => return Err(at(&format!("unknown severity `{other}`: use error, warning or note"), "severity:")),
    };
    let name = need("name")?;
    let default_security = match severity {
        Level::Error => "7.0",
        Level::Warning => "4.0",
        Level::Note => "1.0",
    };
    let optional = |k: &str, default: &str| {
        if user { Ok(field(k).unwrap_or_else(|| default.to_string())) } else { need(k) }
    };
    let tags = tree
        .get(root, "tags")
        .and_then(|n| tree.items(n))
        .map(|items| items.iter().filter_map(|&i| tree.scalar_text(i).map(|s| s.to_string())).collect())
        .unwrap_or_default();
    let options = match tree.entry(root, "options") {
        None => Vec::new(),
        Some(e) => {
            let Some(entries) = tree.entries(e.value) else {
                return Err(at(
                    "`options` must map each option's name to its type, default and description",
                    "options:",
                ));
            };
            let mut decls: Vec<OptionDecl> = Vec::new();
            for o in entries {
                let decl = decl_from_json(&o.key, &json_of(&tree, o.value)).map_err(|m| at(&m, "options:"))?;
                decls.push(decl);
            }
            decls
        }
    };
    let security_severity = optional("security-severity", default_security)?;
    if security_severity.parse::<f64>().map_or(true, |v| !(0.0..=10.0).contains(&v)) {
        return Err(at("`security-severity` must be a number from 0.0 to 10.0", "security-severity:"));
    }
    Ok(RuleDoc {
        title: optional("title", &name)?,
        name,
        severity,
        tags,
        precision: field("precision").unwrap_or_else(|| "high".to_string()),
        security_severity,
        since: optional("since", "")?,
        query: field("query"),
        message: field("message"),
        options,
        file: None,
        what: section(&body, "What it does"),
        why: section(&body, "Why is this bad?"),
        how_to_fix: section(&body, "How to fix"),
        examples: examples(&body),
        markdown: body.trim().to_string(),
        id,
    })
}

/// A front-matter node as JSON, for the option declarations' serde-based checks. Numbers
/// become integers where they are whole, strings otherwise (YAML keeps them as written).
fn json_of(tree: &Tree<'_>, id: NodeId) -> serde_json::Value {
    use serde_json::Value;
    match &tree.node(id).kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(n) => n
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| n.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| Value::String(n.to_string())),
        Kind::Str(s) => Value::String(s.to_string()),
        Kind::Seq(items) => Value::Array(items.iter().map(|&i| json_of(tree, i)).collect()),
        Kind::Map(entries) => {
            Value::Object(entries.iter().map(|e| (e.key.to_string(), json_of(tree, e.value))).collect())
        }
    }
}

/// The text under `## heading`, up to the next `## `.
fn section(body: &str, heading: &str) -> String {
    let marker = format!("## {heading}\n");
    let Some(start) = body.find(&marker) else { return String::new() };
    let rest = body.get(start + marker.len()..).unwrap_or("");
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest.get(..end).unwrap_or("").trim().to_string()
}

/// Fenced code blocks whose info string is `<lang> bad` or `<lang> good`.
fn examples(body: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else { continue };
        let words: Vec<&str> = info.split_whitespace().collect();
        let mut code = String::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            code.push_str(l);
            code.push('\n');
        }
        let (Some(lang), Some(kind)) = (words.first(), words.last()) else { continue };
        if (*kind == "bad" || *kind == "good") && (*lang == "yaml" || *lang == "json") {
            out.push(Example { lang: lang.to_string(), bad: *kind == "bad", code });
        }
    }
    out
}
