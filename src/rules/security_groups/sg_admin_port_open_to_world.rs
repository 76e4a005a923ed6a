//! VPC201 sg-admin-port-open-to-world.

use super::{all_traffic, is_inline, rule_subject, world_source, world_words};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An ingress rule from the internet whose TCP ports include SSH (22) or RDP (3389).
///
/// A rule that admits all traffic or every port is VPC202's, not this rule's: one finding
/// per rule. Unknown protocols or ports, prefix lists and CIDR blocks that are not known
/// (a parameter without default) stay silent.
pub struct SgAdminPortOpenToWorld;

const ADMIN_PORTS: [(i32, &str); 2] = [(22, "SSH (TCP 22)"), (3389, "RDP (TCP 3389)")];

/// `SSH (22)` from `SSH (TCP 22)`, for a port named inside a range.
fn short(words: &str, port: i32) -> String {
    let name = words.split(' ').next().unwrap_or(words);
    format!("{name} ({port})")
}

impl Rule for SgAdminPortOpenToWorld {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for rule in &m.sg_rules {
            let Some(world) = world_source(rule) else { continue };
            if all_traffic(rule).is_some() || rule.protocol.known() != Some(&Protocol::Tcp) {
                continue;
            }
            let Some(ports) = rule.ports.known() else { continue };
            let open: Vec<&str> = ADMIN_PORTS.iter().filter(|(p, _)| ports.contains(*p)).map(|(_, w)| *w).collect();
            if open.is_empty() {
                continue;
            }
            let what = if ports.from == ports.to {
                open.join(" and ")
            } else {
                let named: Vec<String> =
                    ADMIN_PORTS.iter().filter(|(p, _)| ports.contains(*p)).map(|(p, w)| short(w, *p)).collect();
                format!("TCP {}-{}, which includes {},", ports.from, ports.to, named.join(" and "))
            };
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
