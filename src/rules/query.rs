//! User rules: a rule file in the format of `rules/*.md` whose front matter adds `query` (a
//! JSONPath, RFC 9535 as jsonpath-rust implements it) and `message` (a template with
//! `{field}` placeholders). The query runs on the model's JSON form
//! ([`crate::model::view`]), so one rule serves CloudFormation and Terraform; every object
//! it matches is a finding at that object's location.
//!
//! A user rule may declare options (`boolean`, `integer` or `string`), which its query and
//! message read as `${name}` placeholders: in the query the value is written as a JSONPath
//! literal before the query is parsed (once per run, with the configuration's values), in
//! the message as text.
//!
//! Loading is all or nothing: a file that is not a valid rule, a query that does not parse,
//! a placeholder that names no field or option, or a duplicate id stops the run before any
//! file is checked (exit code 2), with the file, line and column.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jsonpath_rust::parser::model::{JpQuery, Segment, Selector, SingularQuerySegment};
use serde_json::Value;

use super::catalog::{RuleDoc, parse_user_doc};
use super::jsonpath::Doc;
use super::options::{OptionType, OptionValue};
use super::{Registry, Rule, RuleContext, RuleOptions};
use crate::model::view::{COMMON_FIELDS, FIELDS, Lists};
use crate::source::{LineIndex, Span};

/// Why user rules could not be loaded, with the position at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct UserRuleError {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// A piece of a message template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(String),
    /// `${name}`: the value of the rule's option `name`.
    Option(String),
}

/// A rule whose findings are the objects a JSONPath query matches in the model's JSON form.
pub struct QueryRule {
    /// The query as written, its `${option}` placeholders unfilled.
    template: String,
    query: JpQuery,
    message: Vec<Piece>,
    /// The top-level lists the query can read.
    lists: Lists,
}

impl std::fmt::Debug for QueryRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryRule").field("message", &self.message).finish_non_exhaustive()
    }
}

impl Rule for QueryRule {
    fn view_lists(&self) -> Option<Lists> {
        Some(self.lists.clone())
    }

    fn configured(&self, options: &RuleOptions) -> Option<Result<Arc<dyn Rule>, String>> {
        if !self.template.contains("${") {
            return None;
        }
        let built = compile(&self.template, &fill(&self.template, options), self.message.clone());
        Some(built.map(|r| Arc::new(r) as Arc<dyn Rule>).map_err(|e| format!("`query` with these options: {e}")))
    }

    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(view) = cx.view() else { return };
        let Ok(matches) = jsonpath_rust::query::js_path_process(&self.query, view) else { return };
        let mut seen = std::collections::HashSet::new();
        let mut found = Vec::new();
        for m in matches {
            let Some(object) = owning_object(view, &m.path) else { continue };
            let Some((start, len)) = object
                .get("location")
                .and_then(|l| Some((l.get("byte_offset")?.as_u64()?, l.get("byte_length")?.as_u64()?)))
            else {
                continue;
            };
            // Two matches inside one object (`$..peer`) are one finding.
            if !seen.insert(start) {
                continue;
            }
            let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(len)) else { continue };
            let span = Span::new(cx.model.file, start, start.saturating_add(len));
            let name = object.get("name").and_then(Doc::text).map(str::to_string);
            found.push(cx.finding_on(span, name, self.render(object, cx.options())));
        }
        for f in found {
            cx.report(f);
        }
    }
}

impl QueryRule {
    /// The message for `object`: each `{field}` replaced by its value (strings as written,
    /// unknown values as `unknown`, other values as JSON), each `${option}` by the option's.
    fn render(&self, object: &Doc, options: &RuleOptions) -> String {
        let mut out = String::new();
        for p in &self.message {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => out.push_str(&shown(&object.get(f.as_str()).map_or(Value::Null, Value::from))),
                Piece::Option(o) => match options.get(o) {
                    Some(OptionValue::String(s)) => out.push_str(s),
                    Some(OptionValue::Boolean(b)) => out.push_str(&b.to_string()),
                    Some(OptionValue::Integer(i)) => out.push_str(&i.to_string()),
                    Some(other) => out.push_str(&other.to_toml()),
                    None => {}
                },
            }
        }
        out
    }
}

/// A field's value as a message shows it.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".to_string(),
        Value::Object(o) if o.get("unknown") == Some(&Value::Bool(true)) => "unknown".to_string(),
        Value::Object(o) if o.len() == 1 => o.values().next().map_or_else(String::new, shown),
        Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The innermost object with a `location` on the way from the root to the value at `path`
/// (a normalized path such as `$['subnets'][0]['cidr']`).
fn owning_object<'v>(root: &'v Doc, path: &str) -> Option<&'v Doc> {
    let mut at = root;
    let mut owner = None;
    let mut rest = path.strip_prefix('$')?;
    loop {
        if at.get("location").is_some() {
            owner = Some(at);
        }
        let Some(r) = rest.strip_prefix('[') else { break };
        let end = if r.starts_with('\'') { r.find("']").map(|i| i + 1)? } else { r.find(']')? };
        let token = r.get(..end)?;
        rest = r.get(end + 1..)?;
        at = match token.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            Some(key) => at.get(key)?,
            None => at.at(token.parse::<usize>().ok()?)?,
        };
    }
    owner
}

/// The top-level lists of the model's form that `query` can read: the members its first
/// segment names, and those every absolute query inside its filters (`$.vpcs` in
/// `$.subnets[?count($.vpcs[*]) > 1]`) starts with. Anything else at the root (a wildcard,
/// a descendant segment, a filter or index on the root, `$` alone as in `length($)`) reads
/// them all. Relative queries (`@...`) read only inside the object they start from.
fn lists_read(query: &mut JpQuery) -> Lists {
    let mut read = ListsRead(first_segment(&query.segments));
    super::jsonpath::walk(query, &mut read);
    read.0
}

fn only(names: impl IntoIterator<Item = String>) -> Lists {
    Lists::Only(names.into_iter().collect())
}

/// The lists an absolute query's first segment selects from the root.
fn first_segment(segments: &[Segment]) -> Lists {
    let names = |selectors: &[Selector]| -> Option<Vec<String>> {
        selectors.iter().map(|s| if let Selector::Name(n) = s { Some(n.clone()) } else { None }).collect()
    };
    let named = match segments.first() {
        Some(Segment::Selector(s)) => names(std::slice::from_ref(s)),
        Some(Segment::Selectors(s)) => names(s),
        Some(Segment::Descendant(_)) | None => None,
    };
    named.map_or(Lists::All, only)
}

/// The lists the absolute queries inside a query's filters read, gathered by
/// [`super::jsonpath::walk`].
struct ListsRead(Lists);

impl ListsRead {
    fn add(&mut self, lists: Lists) {
        self.0 = std::mem::replace(&mut self.0, Lists::All).union(lists);
    }
}

impl super::jsonpath::Visitor for ListsRead {
    fn absolute(&mut self, query: &JpQuery) {
        self.add(first_segment(&query.segments));
    }

    fn singular_root(&mut self, segments: &[SingularQuerySegment]) {
        self.add(match segments.first() {
            Some(SingularQuerySegment::Name(n)) => only([n.clone()]),
            Some(SingularQuerySegment::Index(_)) | None => Lists::All,
        });
    }
}

/// Parses a message template; a placeholder `{field}` must name a field of the model's JSON
/// form, and `${option}` one of the rule's `options`.
fn parse_message(message: &str, options: &[&str]) -> Result<Vec<Piece>, (usize, String)> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = message;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let option = open > 0 && rest.as_bytes().get(open - 1) == Some(&b'$');
        text.push_str(rest.get(..open - usize::from(option)).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            return Err((offset + open, "`{` opens a placeholder that no `}` closes".to_string()));
        };
        let field = after.get(..close).unwrap_or("").trim();
        let piece = if option {
            if !options.contains(&field) {
                return Err((offset + open - 1, format!("placeholder `${{{field}}}` names no option of the rule")));
            }
            Piece::Option(field.to_string())
        } else if known_field(field) {
            Piece::Field(field.to_string())
        } else {
            return Err((offset + open, format!("placeholder `{{{field}}}` names no field of the model's JSON form")));
        };
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        pieces.push(piece);
        let consumed = open + 1 + close + 1;
        offset += consumed;
        rest = rest.get(consumed..).unwrap_or("");
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

fn known_field(f: &str) -> bool {
    COMMON_FIELDS.contains(&f) || FIELDS.iter().any(|(_, fields)| fields.contains(&f))
}

/// Reads every rule file (`*.md`) under `dirs` (a directory, walked in name order, or one
/// file) into `registry`.
pub fn load_into(registry: &mut Registry, dirs: &[PathBuf]) -> Result<(), UserRuleError> {
    for dir in dirs {
        for path in rule_files(dir)? {
            let (doc, rule) = load_file(&path)?;
            let id_at = position_of(&std::fs::read_to_string(&path).unwrap_or_default(), "id:");
            registry.add(doc, Some(Arc::new(rule))).map_err(|e| UserRuleError {
                path: path.clone(),
                line: id_at.0,
                column: id_at.1,
                message: e.to_string(),
            })?;
        }
    }
    Ok(())
}

/// The rule files of `dir`: `*.md` files below it in path order, or `dir` itself if a file.
pub fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, UserRuleError> {
    let at = |message: String| UserRuleError { path: dir.to_path_buf(), line: 1, column: 1, message };
    let meta = std::fs::metadata(dir).map_err(|e| at(format!("cannot read: {e}")))?;
    if meta.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| at(format!("cannot read: {e}")))?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Reads one user rule file.
pub fn load_file(path: &Path) -> Result<(RuleDoc, QueryRule), UserRuleError> {
    let text = std::fs::read_to_string(path).map_err(|e| UserRuleError {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!("cannot read: {e}"),
    })?;
    let (mut doc, rule) = parse(path, &text)?;
    doc.file = Some(path.to_path_buf());
    Ok((doc, rule))
}

/// Parses a user rule from `text` (the file at `path`).
pub fn parse(path: &Path, text: &str) -> Result<(RuleDoc, QueryRule), UserRuleError> {
    let err =
        |(line, column): (u32, u32), message: String| UserRuleError { path: path.to_path_buf(), line, column, message };
    let doc = parse_user_doc(text).map_err(|e| err(position_of(text, &e.field), e.message))?;
    if doc.id.to_ascii_uppercase().starts_with("VPC") {
        return Err(err(
            position_of(text, "id:"),
            format!("rule id `{}`: ids starting with VPC are reserved for vpclint's own rules", doc.id),
        ));
    }
    let query_text =
        doc.query.clone().ok_or_else(|| err(position_of(text, "---"), "front matter lacks `query`".into()))?;
    let message_text =
        doc.message.clone().ok_or_else(|| err(position_of(text, "---"), "front matter lacks `message`".into()))?;
    let names: Vec<&str> = doc.options.iter().map(|d| d.name.as_str()).collect();
    for d in &doc.options {
        if !matches!(d.kind, OptionType::Boolean | OptionType::Integer | OptionType::String) {
            return Err(err(
                position_of_key(text, "options:", &d.name),
                format!(
                    "option `{}` is a {}, but a user rule's options are boolean, integer or string: a placeholder holds one value",
                    d.name,
                    d.kind.as_str()
                ),
            ));
        }
    }
    if let Some((offset, name)) = placeholders(&query_text).find(|(_, n)| !names.contains(n)) {
        let (line, column) = value_position(text, "query:", &query_text);
        return Err(err(
            (line, column + offset as u32),
            format!("placeholder `${{{name}}}` names no option of the rule"),
        ));
    }
    let message = parse_message(&message_text, &names).map_err(|(offset, m)| {
        let (line, column) = value_position(text, "message:", &message_text);
        err((line, column + offset as u32), m)
    })?;
    let used =
        |n: &str| placeholders(&query_text).any(|(_, p)| p == n) || message.contains(&Piece::Option(n.to_string()));
    if let Some(unused) = names.iter().find(|n| !used(n)) {
        return Err(err(
            position_of_key(text, "options:", unused),
            format!("option `{unused}` is declared, but neither the query nor the message reads `${{{unused}}}`"),
        ));
    }
    let filled = fill(&query_text, &RuleOptions::defaults(&doc.options));
    let rule = compile(&query_text, &filled, message).map_err(|e| {
        let (line, column) = value_position(text, "query:", &query_text);
        let (dl, dc) = jsonpath_error_position(&e);
        // With placeholders filled, the error's column is one of the filled text: the query
        // itself is pointed at.
        let at = if filled != query_text {
            (line, column)
        } else if dl > 1 {
            (line + dl - 1, dc)
        } else {
            (line, column + dc.saturating_sub(1))
        };
        err(at, format!("`query` is not a JSONPath query: {}", first_line(&strip_position(&e.to_string()))))
    })?;
    Ok((doc, rule))
}

/// Parses `filled` (`template` with its placeholders filled) into a rule with `message`.
/// The rule keeps `template`, so options set again later (a flag over the file) fill it
/// anew.
fn compile(
    template: &str,
    filled: &str,
    message: Vec<Piece>,
) -> Result<QueryRule, jsonpath_rust::parser::errors::JsonPathError> {
    let mut parsed = jsonpath_rust::parser::parse_json_path(filled)?;
    let lists = lists_read(&mut parsed);
    super::jsonpath::rewrite(&mut parsed);
    Ok(QueryRule { template: template.to_string(), query: parsed, message, lists })
}

/// The `${name}` placeholders of a query, with their byte offsets.
fn placeholders(query: &str) -> impl Iterator<Item = (usize, &str)> {
    query.match_indices("${").filter_map(move |(at, _)| {
        let rest = query.get(at + 2..)?;
        let close = rest.find('}')?;
        Some((at, rest.get(..close)?.trim()))
    })
}

/// `query` with each `${name}` replaced by option `name`'s value as a JSONPath literal: a
/// string in single quotes (quote, backslash and control characters escaped), a number, or
/// `true`/`false`.
fn fill(query: &str, options: &RuleOptions) -> String {
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while let Some(at) = rest.find("${") {
        let Some(close) = rest.get(at + 2..).and_then(|r| r.find('}')) else { break };
        out.push_str(rest.get(..at).unwrap_or(""));
        let name = rest.get(at + 2..at + 2 + close).unwrap_or("").trim();
        match options.get(name) {
            Some(OptionValue::String(s)) => {
                out.push('\'');
                for c in s.chars() {
                    match c {
                        '\'' => out.push_str("\\'"),
                        '\\' => out.push_str("\\\\"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('\'');
            }
            Some(OptionValue::Integer(i)) => out.push_str(&i.to_string()),
            Some(OptionValue::Boolean(b)) => out.push_str(if *b { "true" } else { "false" }),
            // Checked when the rule was read: every placeholder names an option of one value.
            _ => out.push_str(rest.get(at..at + 3 + close).unwrap_or("")),
        }
        rest = rest.get(at + 3 + close..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// What a jsonpath-rust parse error says, without pest's ` --> line:column` and source
/// excerpt, which the error's own position replaces: `expected function_argument`.
fn strip_position(s: &str) -> String {
    match s.rfind("= ") {
        Some(i) if s.contains("-->") => s.get(i + 2..).unwrap_or(s).to_string(),
        _ => s.to_string(),
    }
}

fn first_line(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The position (1-based line and column) inside the query of a jsonpath-rust parse error,
/// read from its message (pest writes ` --> line:column`).
fn jsonpath_error_position(e: &jsonpath_rust::parser::errors::JsonPathError) -> (u32, u32) {
    let text = e.to_string();
    let Some(at) = text.find("--> ") else { return (1, 1) };
    let pos: String =
        text.get(at + 4..).unwrap_or("").chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
    let mut parts = pos.split(':').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(l), Some(c)) => (l.max(1), c.max(1)),
        _ => (1, 1),
    }
}

/// The line and column where `needle` first starts a line of `text` (1, 1 if nowhere).
fn position_of(text: &str, needle: &str) -> (u32, u32) {
    let lines = LineIndex::new(text);
    let offset =
        text.match_indices(needle).map(|(i, _)| i).find(|&i| i == 0 || text.as_bytes().get(i - 1) == Some(&b'\n'));
    offset.map_or((1, 1), |o| {
        let lc = lines.line_col(text, o as u32);
        (lc.line, lc.column)
    })
}

/// The line and column of key `name` under the front-matter key `key` (`options:`), or of
/// `key` when `name` is not found below it.
fn position_of_key(text: &str, key: &str, name: &str) -> (u32, u32) {
    let (line, column) = position_of(text, key);
    let lines = LineIndex::new(text);
    let start = lines.line_start(line.saturating_sub(1) as usize, text.len());
    let found = text.get(start..).and_then(|t| t.find(&format!("{name}:"))).map(|i| start + i);
    found.map_or((line, column), |o| {
        let lc = lines.line_col(text, o as u32);
        (lc.line, lc.column)
    })
}

/// The line and column of `value` written after the front-matter key `key`.
fn value_position(text: &str, key: &str, value: &str) -> (u32, u32) {
    let lines = LineIndex::new(text);
    let Some(k) =
        text.match_indices(key).map(|(i, _)| i).find(|&i| i == 0 || text.as_bytes().get(i - 1) == Some(&b'\n'))
    else {
        return (1, 1);
    };
    let head: String = value.chars().take(8).collect();
    let at = text.get(k..).and_then(|t| t.find(head.as_str())).map_or(k, |i| k + i);
    let lc = lines.line_col(text, at as u32);
    (lc.line, lc.column)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn lists(q: &str) -> Lists {
        lists_read(&mut jsonpath_rust::parser::parse_json_path(q).unwrap())
    }

    fn only(keys: &[&str]) -> Lists {
        Lists::Only(keys.iter().map(|k| k.to_string()).collect())
    }

    /// Options become JSONPath literals: strings quoted with their quotes, backslashes and
    /// control characters escaped, numbers and booleans bare; the filled query parses.
    #[test]
    fn options_fill_a_query_as_literals() {
        let mut o = RuleOptions::default();
        o.set("s", OptionValue::String("it's \\d\n".to_string()));
        o.set("n", OptionValue::Integer(-3));
        o.set("b", OptionValue::Boolean(true));
        let q = fill("$.x[?@.a == ${s} && @.b == ${ n } && @.c == ${b}]", &o);
        assert_eq!(q, r"$.x[?@.a == 'it\'s \\d\u000a' && @.b == -3 && @.c == true]");
        assert!(jsonpath_rust::parser::parse_json_path(&q).is_ok(), "{q}");
        assert_eq!(placeholders("${a} and ${ b }").collect::<Vec<_>>(), [(0, "a"), (9, "b")]);
        assert_eq!(fill("no placeholder, ${unclosed", &o), "no placeholder, ${unclosed");
    }

    /// A query reads the lists its first segment names and those its absolute subqueries
    /// start with; anything that reaches the root otherwise reads every list.
    #[test]
    fn lists_a_query_reads() {
        assert_eq!(lists("$.subnets[?@.tier == 'private']"), only(&["subnets"]));
        assert_eq!(lists("$['subnets','endpoints'][*]"), only(&["endpoints", "subnets"]));
        assert_eq!(lists("$.security_groups[*].rules[?@.peer.cidr == '0.0.0.0/0']"), only(&["security_groups"]));
        assert_eq!(lists("$.subnets[?@.vpc == $.vpcs[0].name]"), only(&["subnets", "vpcs"]));
        assert_eq!(lists("$.subnets[?count($.endpoints[*]) == 0]"), only(&["endpoints", "subnets"]));
        assert_eq!(lists("$.subnets[?@.x[?$.routes[0]]]"), only(&["routes", "subnets"]));
        assert_eq!(lists("$.subnets[?match(@.cidr, $.region)]"), only(&["region", "subnets"]));
        assert_eq!(lists("$.subnets[?!(@.a == 1 || $.nat_gateways)]"), only(&["nat_gateways", "subnets"]));
        assert_eq!(lists("$.subnets..cidr"), only(&["subnets"]));
        assert_eq!(lists("$.path"), only(&["path"]));
        for all in [
            "$",
            "$.*",
            "$..subnets",
            "$[?@.kind]",
            "$[0]",
            "$.subnets[?length($) > 3]",
            "$.subnets[?$[0] == 1]",
            "$.subnets[?count($.*) > 3]",
            "$.subnets[?$..name]",
        ] {
            assert_eq!(lists(all), Lists::All, "{all}");
        }
    }
}
