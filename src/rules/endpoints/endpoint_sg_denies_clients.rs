//! VPC304 endpoint-sg-denies-clients.

use crate::model::derived::Tri;
use crate::model::reach::{Party, Reach, Traffic};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An interface endpoint whose security groups admit no HTTPS from the VPC's clients.
///
/// Asks [`Reach`] whether the endpoint's groups admit TCP 443 from the clients of its VPC
/// ([`Party::clients_of`]): a rule admits them when it allows TCP 443 (or all traffic) from
/// a CIDR that overlaps the VPC's address space or from any security group; a prefix list
/// may. The one exception is the rule AWS puts in the VPC's default group, which admits
/// only members of that same group: an endpoint left on the default group refuses clients
/// that carry their own groups, which is almost every workload.
pub struct EndpointSgDeniesClients;

const HTTPS: i32 = 443;

impl Rule for EndpointSgDeniesClients {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let reach = Reach::new(m);
        // Many endpoints share a few groups: judge each (VPC, group) once.
        let mut verdicts: std::collections::HashMap<(VpcId, SgId), Tri> = std::collections::HashMap::new();
        let mut clients: std::collections::HashMap<VpcId, Party> = std::collections::HashMap::new();
        for e in &m.endpoints {
            if e.endpoint_type.known() != Some(&EndpointType::Interface) {
                continue;
            }
            let Some(vpc_id) = e.vpc.to() else { continue };
            let Some(vpc) = m.vpc(vpc_id) else { continue };
            let defaulted = e.security_groups.state == ListState::Absent;
            let groups: Vec<SgId> = match e.security_groups.state {
                ListState::Absent => vec![vpc.default_security_group],
                ListState::Partial => continue,
                ListState::Known => {
                    let ids: Vec<SgId> = e.security_groups.items.iter().filter_map(|i| i.link.to()).collect();
                    if ids.len() != e.security_groups.items.len() {
                        continue; // a group outside this file: its rules are not visible
                    }
                    ids
                }
            };
            if groups.is_empty() {
                continue;
            }
            let mut verdict = Tri::No;
            for &g in &groups {
                let v = *verdicts.entry((vpc_id, g)).or_insert_with(|| {
                    let from = clients.entry(vpc_id).or_insert_with(|| Party::clients_of(m, vpc_id));
                    reach.group_allows(g, Direction::Ingress, Traffic::tcp(HTTPS), from).answer
                });
                match v {
                    Tri::Yes => verdict = Tri::Yes,
                    Tri::Maybe if verdict == Tri::No => verdict = Tri::Maybe,
                    _ => {}
                }
            }
            if verdict != Tri::No {
                continue;
            }
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
