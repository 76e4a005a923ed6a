//! VPC207 sg-rule-without-peer.

use super::{rule_span, rule_subject};
use crate::model::*;
use crate::rules::{Rule, RuleContext};

/// A security group rule that names no source (ingress) or destination (egress).
///
/// CloudFormation documents that such a rule deploys and is silently not added; the
/// Terraform AWS provider refuses an `aws_security_group_rule` without one at apply, and an
/// inline block without one allows nothing. Either way the rule does not do what it says.
/// A peer that is only unknown (a parameter without default, a value known after apply)
/// is a peer: the loaders keep it as unknown, never as none.
pub struct SgRuleWithoutPeer;

impl Rule for SgRuleWithoutPeer {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for rule in &m.sg_rules {
            if rule.peer.known() != Some(&Peer::None) {
                continue;
            }
            let (what, keys) = match (rule.direction, m.tool) {
                (Direction::Ingress, Tool::CloudFormation) => {
                    ("source", "`CidrIp`, `CidrIpv6`, `SourcePrefixListId` or `SourceSecurityGroupId`")
                }
                (Direction::Egress, Tool::CloudFormation) => {
                    ("destination", "`CidrIp`, `CidrIpv6`, `DestinationPrefixListId` or `DestinationSecurityGroupId`")
                }
                (Direction::Ingress, Tool::Terraform) => {
                    ("source", "CIDR block, prefix list, security group or `self`")
                }
                (Direction::Egress, Tool::Terraform) => {
                    ("destination", "CIDR block, prefix list, security group or `self`")
                }
            };
            let effect = match m.tool {
                Tool::CloudFormation => "the stack deploys but AWS does not add the rule",
                Tool::Terraform => "it allows no traffic",
            };
            cx.report(
                cx.finding(
                    rule_span(m, rule),
                    &rule.meta,
                    format!("{} names no {what} (no {keys}): {effect}", rule_subject(m, rule)),
                )
                .label(format!("no {what}")),
            );
        }
    }
}
