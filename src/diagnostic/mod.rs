//! Leaf vocabulary shared by every stage: levels, rule ids, findings and rule selectors.
//!
//! Nothing here knows templates, plans, the model or output formats, so loaders, rules and
//! reporters can all use it without depending on each other.

pub mod selector;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::source::Span;

pub use selector::{RuleSelector, SelectorError};

/// Severity of a finding, as SARIF names it (miette: Error, Warning, Advice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    /// The lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A rule id (`VPC301`, or a user rule's `ACME001`). Built-in and user rules are known only
/// at run time (the registry is a value, not a compiled-in table), so ids are shared strings;
/// cloning one is a reference-count increment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(Arc<str>);

impl RuleId {
    /// The id `id`.
    pub fn new(id: &str) -> RuleId {
        RuleId(Arc::from(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

/// Id of the diagnostic for a file that cannot be read or parsed.
pub const UNREADABLE: &str = "VPC000";
/// Id of the diagnostic for a malformed part of a file that was otherwise loaded.
pub const MALFORMED: &str = "VPC001";

/// Another party to a finding (the NAT route, the endpoint, a security group).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One problem found in one file. Severity comes from the rule's doc, never from the
/// finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule_id: RuleId,
    /// The narrowest thing at fault.
    pub span: Span,
    pub message: String,
    /// CloudFormation logical id or Terraform address of the resource at fault.
    pub resource: Option<String>,
    pub related: Vec<Related>,
    /// A few words for the primary label in terminal output.
    pub label: Option<String>,
}

impl Finding {
    /// A finding of `rule_id` at `span` about `resource`.
    pub fn new(rule_id: RuleId, span: Span, resource: Option<String>, message: String) -> Finding {
        Finding { rule_id, span, message, resource, related: Vec::new(), label: None }
    }

    /// Sets the primary label.
    pub fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = Some(label.into());
        self
    }

    /// Adds a related location.
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.related.push(Related { span, message: message.into() });
        self
    }
}
