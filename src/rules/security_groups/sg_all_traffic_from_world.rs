//! VPC202 sg-all-traffic-from-world.

use super::{all_traffic, open_to_world, world_source};
use crate::rules::{Rule, RuleContext};

/// An ingress rule that admits all traffic, or every TCP or UDP port, from the internet.
///
/// Reported at the rule's CIDR block. A rule whose protocol or ports are unknown stays
/// silent; VPC201 takes the narrower admin-port case.
pub struct SgAllTrafficFromWorld;

impl Rule for SgAllTrafficFromWorld {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for rule in &cx.model.sg_rules {
            let Some(world) = world_source(rule) else { continue };
            let Some(what) = all_traffic(rule) else { continue };
            let f = open_to_world(cx, rule, &world, what);
            cx.report(f);
        }
    }
}
