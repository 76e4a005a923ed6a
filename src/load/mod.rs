//! Loading: bytes -> text -> spanned tree -> VPC model.
//!
//! The format is decided by content, not by file name: a CloudFormation template has a
//! `Resources` section (or `AWSTemplateFormatVersion`); a Terraform plan or state has
//! `format_version` with `planned_values`, `resource_changes` or `values`.

pub mod builder;
pub mod cfn;
pub mod cfn_eval;
pub mod json;
pub mod tf_config;
pub mod tf_plan;
pub mod yaml;

use std::io::Read;
use std::path::Path;

use crate::model::Model;
use crate::source::Span;
use crate::tree::{Kind, Tree};

/// Default limit on the size of one input file (`--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The format a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    CloudformationYaml,
    CloudformationJson,
    TerraformPlan,
}

/// A problem in a file that was otherwise loaded (reported as VPC001).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub resource: Option<String>,
    pub related: Vec<(Span, String)>,
}

impl Problem {
    /// A problem at `span`.
    pub fn new(span: Span, message: String) -> Problem {
        Problem { span, message, resource: None, related: Vec::new() }
    }

    /// Names the resource the problem is in.
    pub fn resource(mut self, name: &str) -> Problem {
        self.resource = Some(name.to_string());
        self
    }

    /// A duplicated mapping key.
    pub fn duplicate(dup: Span, first: Span, key: &str) -> Problem {
        Problem {
            span: dup,
            message: format!(
                "duplicate key `{key}`: the later value is used, and CloudFormation may reject the template"
            ),
            resource: None,
            related: vec![(first, format!("`{key}` first defined here"))],
        }
    }
}

/// Why a file could not be read or parsed (reported as VPC000).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// Byte offset of the error in the file's text, when there is one.
    pub offset: Option<u32>,
    pub message: String,
}

impl LoadError {
    fn at(offset: u32, message: impl Into<String>) -> LoadError {
        LoadError { offset: Some(offset), message: message.into() }
    }

    fn whole(message: impl Into<String>) -> LoadError {
        LoadError { offset: None, message: message.into() }
    }
}

/// The text of a file, decoded, or why it cannot be.
pub struct Decoded {
    /// The text to show in diagnostics (lossy when the bytes are not valid UTF-8).
    pub text: String,
    pub error: Option<LoadError>,
}

/// Reads a file for checking. Refuses non-regular files and files over `max_size`.
pub fn read_file(path: &Path, max_size: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {}", io_message(&e)))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, socket or device); skipped".to_string());
    }
    if meta.len() > max_size {
        return Err(format!(
            "file is {} bytes, over the limit of {} bytes; raise it with --max-file-size",
            meta.len(),
            max_size
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {}", io_message(&e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows between the size check and the read.
    file.take(max_size + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {}", io_message(&e)))?;
    if bytes.len() as u64 > max_size {
        return Err(format!("file grew over the limit of {max_size} bytes while being read"));
    }
    Ok(bytes)
}

/// The io error without Rust's " (os error N)" suffix.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s.get(..i).unwrap_or(&s).to_string(),
        None => s,
    }
}

/// Decodes bytes as UTF-8, explaining other encodings.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Decoded {
            text: String::new(),
            error: Some(LoadError::whole(
                "the file is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8",
            )),
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(pos) = text.find('\0') {
                return Decoded {
                    error: Some(LoadError::at(
                        pos as u32,
                        "the file contains NUL bytes: it is binary, not a template or plan",
                    )),
                    text,
                };
            }
            Decoded { text, error: None }
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to() as u32;
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Decoded { text, error: Some(LoadError::at(valid, "the file is not valid UTF-8")) }
        }
    }
}

/// What loading one file's text gave.
pub enum Loaded {
    /// A template or plan, with its model and the problems noticed while loading.
    Model {
        format: Format,
        model: Box<Model>,
        problems: Vec<Problem>,
        /// For plans: the module calls' sources, to locate findings in `.tf` files.
        tf_modules: Vec<tf_config::ModuleSource>,
    },
    /// Parsed, but neither a template nor a plan.
    NotRecognised(String),
    /// Could not be parsed.
    Failed(LoadError),
}

/// Parses `text` and, when it is a template or plan, builds its model.
pub fn load_text(text: &str, file: crate::source::FileId) -> Loaded {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    let (tree, is_json, notes) = if looks_json {
        match json::parse(text) {
            Ok(t) => (t, true, Vec::new()),
            Err(e) => return Loaded::Failed(LoadError::at(e.offset, format!("invalid JSON: {}", e.message))),
        }
    } else {
        match yaml::parse(text) {
            Ok(p) => (p.tree, false, p.notes),
            Err(e) => return Loaded::Failed(LoadError::at(e.offset, format!("invalid YAML: {}", e.message))),
        }
    };
    match classify(&tree) {
        Class::Cfn => {
            let (model, mut problems) = cfn::load(&tree, file);
            for (range, message) in notes {
                problems.push(Problem::new(Span::new(file, range.start, range.end), message));
            }
            let format = if is_json { Format::CloudformationJson } else { Format::CloudformationYaml };
            Loaded::Model { format, model: Box::new(model), problems, tf_modules: Vec::new() }
        }
        Class::Plan => {
            let (model, problems) = tf_plan::load(&tree, file);
            let tf_modules = tf_config::module_sources(&tree);
            Loaded::Model { format: Format::TerraformPlan, model: Box::new(model), problems, tf_modules }
        }
        Class::Neither(why) => Loaded::NotRecognised(why),
    }
}

enum Class {
    Cfn,
    Plan,
    Neither(String),
}

fn classify(tree: &Tree<'_>) -> Class {
    let Some(root) = tree.root() else {
        return Class::Neither("the file is empty (or holds only comments)".to_string());
    };
    if tree.entries(root).is_none() {
        return Class::Neither(format!(
            "the top level is {}; a CloudFormation template or Terraform plan is a mapping",
            tree.kind_name(root)
        ));
    }
    if tree.get(root, "format_version").is_some()
        && ["planned_values", "resource_changes", "values", "configuration", "prior_state"]
            .iter()
            .any(|k| tree.get(root, k).is_some())
    {
        return Class::Plan;
    }
    if tree.get(root, "AWSTemplateFormatVersion").is_some() {
        return Class::Cfn;
    }
    if let Some(res) = tree.get(root, "Resources") {
        if let Some(entries) = tree.entries(res) {
            if entries.iter().any(|e| tree.get(e.value, "Type").is_some()) || entries.is_empty() {
                return Class::Cfn;
            }
        } else if !matches!(tree.node(res).kind, Kind::Null) {
            return Class::Cfn;
        }
    }
    Class::Neither(
        "not a CloudFormation template (no `Resources` with typed entries, no `AWSTemplateFormatVersion`) \
         nor a Terraform plan (no `format_version` with `planned_values`, `resource_changes` or `values`)"
            .to_string(),
    )
}

/// A cheap textual guess, for directory walks: does an unparseable file look like it was
/// meant to be a template or plan? Such files are reported; other unparseable YAML/JSON
/// files in a walk (Helm charts, package manifests ...) are skipped quietly.
pub fn looks_like_candidate(text: &str) -> bool {
    let head = text.get(..text.len().min(64 * 1024)).unwrap_or_else(|| {
        let end = crate::source::floor_char_boundary(text, 64 * 1024);
        text.get(..end).unwrap_or("")
    });
    head.contains("AWSTemplateFormatVersion")
        || head.contains("AWS::")
        || (head.contains("format_version") && (head.contains("planned_values") || head.contains("resource_changes")))
}
