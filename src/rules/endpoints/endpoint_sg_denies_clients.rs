//! VPC304 endpoint-sg-denies-clients.

use crate::model::derived::Tri;
use crate::model::reach::{ClientsHttps, EndpointGroups};
use crate::rules::{Rule, RuleContext, quote};

/// An interface endpoint whose security groups admit no HTTPS from the VPC's clients.
///
/// Asks [`ClientsHttps`] (reach.rs, whose answer the model's JSON form also carries as an
/// endpoint's `https_from_vpc`) whether the endpoint's groups admit TCP 443 from the clients
/// of its VPC ([`crate::model::reach::Party::clients_of`]): a rule admits them when it allows TCP 443 (or all traffic) from
/// a CIDR that overlaps the VPC's address space or from any security group; a prefix list
/// may. The one exception is the rule AWS puts in the VPC's default group, which admits
/// only members of that same group: an endpoint left on the default group refuses clients
/// that carry their own groups, which is almost every workload.
pub struct EndpointSgDeniesClients;

impl Rule for EndpointSgDeniesClients {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let mut https = ClientsHttps::new(m);
        for e in &m.endpoints {
            let Some((EndpointGroups { vpc: vpc_id, groups, defaulted }, verdict)) = https.of(e) else { continue };
            if verdict != Tri::No {
                continue;
            }
            let Some(vpc) = m.vpc(vpc_id) else { continue };
            let default_is_implicit = m.security_group(vpc.default_security_group).is_none_or(|g| g.implicit);
            let (span, how) = match (defaulted, default_is_implicit) {
                (true, true) => (
                    e.meta.span,
                    format!(
                        "lists no security groups, so it gets the default group of {}, which admits only its own members",
                        quote(&vpc.meta.name)
                    ),
                ),
                (true, false) => (
                    e.meta.span,
                    format!(
                        "lists no security groups, so it gets the default group of {}, which admits no TCP 443 from the VPC",
                        quote(&vpc.meta.name)
                    ),
                ),
                (false, _) => {
                    (e.security_groups.span, "has security groups that admit no TCP 443 from the VPC".to_string())
                }
            };
            let mut f = cx
                .finding(
                    span,
                    &e.meta,
                    format!("interface endpoint {} {how}: clients cannot reach it over HTTPS", quote(&e.meta.name)),
                )
                .label(if defaulted {
                    "no security groups: the VPC's default group applies"
                } else {
                    "no group admits TCP 443 from the VPC"
                });
            for g in groups {
                if let Some(sg) = m.security_group(g) {
                    let what = if sg.implicit {
                        format!("the default security group of {} admits only itself", quote(&vpc.meta.name))
                    } else {
                        format!("security group {} has no ingress rule for TCP 443 from the VPC", quote(&sg.meta.name))
                    };
                    f = f.related(sg.meta.span, what);
                }
            }
            cx.report(f);
        }
    }
}
