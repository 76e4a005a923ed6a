//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, built with serde-sarif.
//!
//! - `tool.driver.rules` comes from the rule catalog (`rules/*.md`), with a non-empty
//!   `helpUri`, `defaultConfiguration.level`, and `properties.tags`, `precision` and the
//!   `security-severity` GitHub reads.
//! - URIs are relative to the SARIF root (`--sarif-root`, default the enclosing git root,
//!   else the working directory) with `uriBaseId` `%SRCROOT%`; files outside it get an
//!   absolute `file://` URI.
//! - `partialFingerprints["vpclint/v1"]` is the finding's fingerprint (see
//!   [`super::fingerprint`]): rule, path, resource and an ordinal, never line numbers, so
//!   unrelated edits that move lines keep it. The JSON report carries the same string.
//! - With `--baseline`, the reported results have `baselineState` `new` (the baseline's
//!   findings are not reported at all).
//! - Files that could not be read or parsed are results (VPC000) and also
//!   `toolExecutionNotifications`; `executionSuccessful` is false when there are any.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location as SarifLocation, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent,
};

use super::{Level, Location, Report};
use crate::rules::catalog::RuleDoc;

/// The base id under which result URIs are relative.
pub const SRCROOT: &str = "%SRCROOT%";
/// Where the rule docs are published.
pub const DOCS_BASE: &str = "https://github.com/vpclint/vpclint/blob/main/rules/";

/// Where paths are made relative: the project root, for SARIF URIs, GitLab paths and
/// fingerprints alike.
#[derive(Debug, Clone)]
pub struct SarifContext {
    /// The repository root (absolute).
    pub root: PathBuf,
    /// The working directory (absolute), against which relative finding paths resolve.
    pub cwd: PathBuf,
}

impl SarifContext {
    /// `--sarif-root`, else the git root enclosing the working directory, else the latter.
    pub fn discover(explicit: Option<&Path>) -> SarifContext {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let root = match explicit {
            Some(p) => absolute(&cwd, p),
            None => cwd.ancestors().find(|a| a.join(".git").exists()).map_or_else(|| cwd.clone(), Path::to_path_buf),
        };
        SarifContext { root: normalize(&root), cwd }
    }

    /// The URI of a finding path: relative to the root (`/`-separated, percent-encoded),
    /// else an absolute `file://` URI.
    pub fn uri(&self, path: &str) -> String {
        self.artifact(path).uri.unwrap_or_default()
    }

    /// A finding path relative to the root, `/`-separated and not encoded (for GitLab's
    /// `location.path`); a path outside the root stays absolute.
    pub fn relative(&self, path: &str) -> String {
        let abs = normalize(&absolute(&self.cwd, Path::new(path)));
        match abs.strip_prefix(&self.root) {
            Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
            Err(_) => abs.display().to_string(),
        }
    }

    /// The artifact location of a finding path.
    fn artifact(&self, path: &str) -> ArtifactLocation {
        let abs = normalize(&absolute(&self.cwd, Path::new(path)));
        match abs.strip_prefix(&self.root) {
            Ok(rel) => ArtifactLocation {
                uri: Some(uri_path(rel.components().filter_map(|c| c.as_os_str().to_str()))),
                uri_base_id: Some(SRCROOT.to_string()),
                ..Default::default()
            },
            Err(_) => ArtifactLocation {
                uri: Some(
                    format!(
                        "file://{}",
                        uri_path(abs.components().filter_map(|c| match c {
                            Component::Normal(s) => s.to_str(),
                            _ => None,
                        }))
                    )
                    .replacen("file://", "file:///", 1),
                ),
                ..Default::default()
            },
        }
    }
}

fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) }
}

/// Removes `.` and resolves `..` lexically (paths may not exist, e.g. in tests).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Joins path segments with `/`, percent-encoding what a URI path cannot hold.
fn uri_path<'a>(segments: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, seg) in segments.enumerate() {
        if i > 0 {
            out.push('/');
        }
        for b in seg.bytes() {
            match b {
                b'A'..=b'Z'
                | b'a'..=b'z'
                | b'0'..=b'9'
                | b'-'
                | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@' => out.push(b as char),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    out
}

fn text(s: impl Into<String>) -> Message {
    Message { text: Some(s.into()), ..Default::default() }
}

fn level_str(l: Level) -> &'static str {
    l.as_str()
}

fn message_string(text: String, markdown: Option<String>) -> MultiformatMessageString {
    match markdown {
        Some(md) => MultiformatMessageString::builder().text(text).markdown(md).build(),
        None => MultiformatMessageString::builder().text(text).build(),
    }
}

fn descriptor(doc: &RuleDoc) -> ReportingDescriptor {
    let mut extra = BTreeMap::new();
    extra.insert("precision".to_string(), serde_json::Value::String(doc.precision.clone()));
    extra.insert("security-severity".to_string(), serde_json::Value::String(doc.security_severity.clone()));
    let mut d = ReportingDescriptor::builder()
        .id(doc.id.clone())
        .name(doc.name.clone())
        .short_description(message_string(doc.title.clone(), None))
        .full_description(message_string(plain(&doc.why), None))
        .help(message_string(plain(&doc.how_to_fix), Some(doc.markdown.clone())))
        .default_configuration(ReportingConfiguration {
            level: Some(serde_json::Value::String(level_str(doc.severity).to_string())),
            ..Default::default()
        })
        .properties(PropertyBag { tags: Some(doc.tags.clone()), additional_properties: extra })
        .build();
    // Built-in rules have their page in this repository; a user rule's doc is its own file,
    // carried whole in `help.markdown`.
    if doc.file.is_none() {
        d.help_uri = Some(format!("{DOCS_BASE}{}.md", doc.id));
    }
    d
}

/// Markdown paragraphs as one line of plain text.
fn plain(md: &str) -> String {
    md.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n\n")
}

fn region(loc: &Location) -> Region {
    Region {
        start_line: Some(i64::from(loc.line)),
        start_column: Some(i64::from(loc.column)),
        end_line: Some(i64::from(loc.end_line.max(loc.line))),
        end_column: Some(i64::from(if loc.end_line > loc.line {
            loc.end_column
        } else {
            loc.end_column.max(loc.column)
        })),
        byte_offset: loc.byte_offset.map(i64::from),
        byte_length: loc.byte_length.map(i64::from),
        ..Default::default()
    }
}

fn physical(ctx: &SarifContext, loc: &Location) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: Some(ctx.artifact(&loc.path)),
        region: Some(region(loc)),
        ..Default::default()
    }
}

/// Renders the report as a SARIF 2.1.0 log.
pub fn render(report: &Report, ctx: &SarifContext) -> String {
    let docs: Vec<&RuleDoc> = report.registry.docs().collect();
    let index: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let prints = super::fingerprint::of(report, ctx);
    let mut results = Vec::with_capacity(report.findings.len());
    let mut notifications = Vec::new();
    // Suppressed findings (kept with `--show-suppressed`) are results too, each with an
    // in-source `suppressions` entry: GitHub code scanning and SARIF viewers show them as
    // dismissed, with the source's reason as the justification.
    for (i, (f, print)) in report.findings.iter().chain(&report.suppressed).zip(prints).enumerate() {
        let artifact = ctx.artifact(&f.location.path);
        let mut fingerprints = BTreeMap::new();
        fingerprints.insert(super::fingerprint::SARIF_KEY.to_string(), print);
        let primary = SarifLocation {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(artifact),
                region: Some(region(&f.location)),
                ..Default::default()
            }),
            logical_locations: f.resource.as_ref().map(|r| {
                vec![LogicalLocation {
                    name: Some(r.clone()),
                    fully_qualified_name: Some(r.clone()),
                    kind: Some("resource".to_string()),
                    ..Default::default()
                }]
            }),
            ..Default::default()
        };
        let related: Vec<SarifLocation> = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| SarifLocation {
                id: Some(i as i64),
                physical_location: Some(physical(ctx, &r.location)),
                message: Some(text(r.message.clone())),
                ..Default::default()
            })
            .collect();
        let level = match f.level {
            Level::Error => ResultLevel::Error,
            Level::Warning => ResultLevel::Warning,
            Level::Note => ResultLevel::Note,
        };
        let mut result = SarifResult::builder()
            .rule_id(f.rule_id.clone())
            .level(level)
            .message(text(f.message.clone()))
            .locations(vec![primary])
            .partial_fingerprints(fingerprints)
            .build();
        result.rule_index = index.get(f.rule_id.as_str()).map(|&i| i as i64);
        // With a baseline, every reported finding is one the baseline does not hold.
        if report.summary.baseline.is_some() && i < report.findings.len() {
            result.baseline_state = Some(serde_json::Value::String("new".to_string()));
        }
        if !related.is_empty() {
            result.related_locations = Some(related);
        }
        if let Some(by) = &f.suppressed {
            let mut s = Suppression::builder().kind(serde_json::Value::String("inSource".to_string())).build();
            s.status = Some(serde_json::Value::String("accepted".to_string()));
            s.justification = by.reason.clone();
            result.suppressions = Some(vec![s]);
        }
        results.push(result);
        if f.rule_id == crate::rules::UNREADABLE {
            let mut n = Notification::builder().message(text(f.message.clone())).build();
            n.level = Some(serde_json::Value::String("error".to_string()));
            n.locations =
                Some(vec![SarifLocation { physical_location: Some(physical(ctx, &f.location)), ..Default::default() }]);
            n.descriptor = Some(ReportingDescriptorReference { id: Some(f.rule_id.clone()), ..Default::default() });
            notifications.push(n);
        }
    }
    let mut base_ids = BTreeMap::new();
    let root_uri = format!(
        "file://{}/",
        uri_path(ctx.root.components().filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        }))
    )
    .replacen("file://", "file:///", 1);
    base_ids.insert(SRCROOT.to_string(), ArtifactLocation { uri: Some(root_uri), ..Default::default() });
    let mut driver =
        ToolComponent::builder().name("vpclint").rules(docs.iter().map(|d| descriptor(d)).collect::<Vec<_>>()).build();
    driver.version = Some(env!("CARGO_PKG_VERSION").to_string());
    driver.semantic_version = Some(env!("CARGO_PKG_VERSION").to_string());
    driver.information_uri = Some(env!("CARGO_PKG_REPOSITORY").to_string());
    let mut invocation = Invocation::builder().execution_successful(report.summary.files_failed == 0).build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    let mut run = Run::builder().tool(Tool::builder().driver(driver).build()).results(results).build();
    run.invocations = Some(vec![invocation]);
    run.original_uri_base_ids = Some(base_ids);
    run.column_kind = Some(serde_json::Value::String("unicodeCodePoints".to_string()));
    let log = Sarif {
        schema: Some("https://json.schemastore.org/sarif-2.1.0.json".to_string()),
        version: serde_json::Value::String("2.1.0".to_string()),
        runs: vec![run],
        inline_external_properties: None,
        properties: None,
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        let ctx = SarifContext { root: PathBuf::from("/repo"), cwd: PathBuf::from("/repo/sub") };
        let a = ctx.artifact("dir/my file.yaml");
        assert_eq!(a.uri.as_deref(), Some("sub/dir/my%20file.yaml"));
        assert_eq!(a.uri_base_id.as_deref(), Some(SRCROOT));
        let b = ctx.artifact("../other.json");
        assert_eq!(b.uri.as_deref(), Some("other.json"));
        let c = ctx.artifact("/elsewhere/x.yaml");
        assert_eq!(c.uri.as_deref(), Some("file:///elsewhere/x.yaml"));
        assert!(c.uri_base_id.is_none());
    }
}
