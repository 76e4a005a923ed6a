//! Security groups, network ACLs and reachability (VPC2xx).

pub mod sg_rule_without_peer;

use crate::model::*;
use crate::rules::quote;

/// Whether a rule is written inside its group (inline) rather than as a rule resource.
pub(crate) fn is_inline(m: &Model, rule: &SgRule) -> bool {
    rule.group.to().and_then(|g| m.security_group(g)).is_some_and(|g| g.meta.name == rule.meta.name)
}

/// Where a finding about a whole rule points: an inline rule's entry, or a rule resource's
/// name (its properties span the whole resource).
pub(crate) fn rule_span(m: &Model, rule: &SgRule) -> crate::source::Span {
    if is_inline(m, rule) { rule.span } else { rule.meta.span }
}

/// How a message names a rule: a separate rule resource by its own name, an inline rule by
/// its group's (findings on an inline rule are reported on the group).
pub(crate) fn rule_subject(m: &Model, rule: &SgRule) -> String {
    let dir = match rule.direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    };
    let group = rule.group.to().and_then(|g| m.security_group(g));
    match group {
        Some(g) if g.meta.name == rule.meta.name => {
            format!("an inline {dir} rule of security group {}", quote(&g.meta.name))
        }
        Some(g) => format!("{dir} rule {} of security group {}", quote(&rule.meta.name), quote(&g.meta.name)),
        None => format!("{dir} rule {}", quote(&rule.meta.name)),
    }
}
