//! VPC202 sg-all-traffic-from-world.

use super::{all_traffic, is_inline, rule_subject, world_source, world_words};
use crate::rules::{Rule, RuleContext, quote};

/// An ingress rule that admits all traffic, or every TCP or UDP port, from the internet.
///
/// Reported at the rule's CIDR block. A rule whose protocol or ports are unknown stays
/// silent; VPC201 takes the narrower admin-port case.
pub struct SgAllTrafficFromWorld;

impl Rule for SgAllTrafficFromWorld {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for rule in &m.sg_rules {
            let Some(world) = world_source(rule) else { continue };
            let Some(what) = all_traffic(rule) else { continue };
            let mut f = cx
                .finding(
                    rule.peer.span,
                    &rule.meta,
                    format!("{} admits {what} from {}", rule_subject(m, rule), world_words(&world)),
                )
                .label("a /0 block: any address");
            if !is_inline(m, rule) {
                if let Some(g) = rule.group.to().and_then(|g| m.security_group(g)) {
                    f = f.related(g.meta.span, format!("security group {} that the rule opens", quote(&g.meta.name)));
                }
            }
            cx.report(f);
        }
    }
}
