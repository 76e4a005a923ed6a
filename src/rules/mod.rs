//! Rules: the [`Rule`] trait, findings, and the registry of built-in rules.
//!
//! A rule's text (title, severity, docs, examples) lives in `rules/<ID>.md`; the Rust file
//! holds only logic. The registry pairs each rule with its embedded doc, one line per rule.

pub mod catalog;
pub mod endpoint_sg_denies_clients;
pub mod engine;
pub mod private_dns_disabled;
pub mod private_dns_without_vpc_dns;
pub mod s3_via_nat;
pub mod selector;
pub mod subnet_without_association;

use crate::model::{Meta, Model};
use crate::source::Span;

/// Another party to a finding (the NAT route, the endpoint, a security group).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One problem a rule found. Severity comes from the rule's doc, never from the finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule_id: &'static str,
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
    /// A finding of `rule_id` at `span` about `meta`'s resource.
    pub fn new(rule_id: &'static str, span: Span, meta: &Meta, message: String) -> Finding {
        Finding { rule_id, span, message, resource: Some(meta.name.clone()), related: Vec::new(), label: None }
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

/// A check over one file's model. Rules are stateless and run in parallel.
pub trait Rule: Sync + Send {
    /// The rule id (`VPC301`); it must match the doc's front matter.
    fn id(&self) -> &'static str;
    /// Appends findings for `m`.
    fn check(&self, m: &Model, out: &mut Vec<Finding>);
}

/// The built-in model rules with their docs.
pub static BUILTIN: &[(&dyn Rule, &str)] = &[
    (&subnet_without_association::SubnetWithoutAssociation, include_str!("../../rules/VPC101.md")),
    (&s3_via_nat::S3ViaNat, include_str!("../../rules/VPC301.md")),
    (&private_dns_disabled::PrivateDnsDisabled, include_str!("../../rules/VPC302.md")),
    (&private_dns_without_vpc_dns::PrivateDnsWithoutVpcDns, include_str!("../../rules/VPC303.md")),
    (&endpoint_sg_denies_clients::EndpointSgDeniesClients, include_str!("../../rules/VPC304.md")),
];

/// Docs of the diagnostics the loaders emit (no rule code).
pub static LOAD_DOCS: &[&str] = &[include_str!("../../rules/VPC000.md"), include_str!("../../rules/VPC001.md")];

/// Id of the diagnostic for a file that cannot be read or parsed.
pub const UNREADABLE: &str = "VPC000";
/// Id of the diagnostic for a malformed part of a file that was otherwise loaded.
pub const MALFORMED: &str = "VPC001";

/// A resource's name in backticks, for messages.
pub fn quote(name: &str) -> String {
    format!("`{name}`")
}
