//! VPC203 workload-egress-blocks-endpoint.

use std::collections::{HashMap, HashSet};

use crate::model::derived::Tri;
use crate::model::reach::{Groups, Party, Reach, Traffic};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A client workload whose security groups allow no HTTPS out to an interface endpoint
/// with private DNS in its VPC.
///
/// Clients are the workloads that call AWS APIs: instances, launch templates, Auto Scaling
/// groups, Lambda functions and ECS services. With private DNS on, the service's public
/// name resolves to the endpoint's addresses in the VPC, so a client whose egress does not
/// allow TCP 443 to the endpoint (to its groups, or to a block covering its subnets) cannot
/// call the service at all. [`Reach`] answers for the client's group set; one finding per
/// (group set, endpoint), on the set's first group. Unknown groups, unknown egress and
/// endpoints without private DNS stay silent.
pub struct WorkloadEgressBlocksEndpoint;

const HTTPS: i32 = 443;

impl Rule for WorkloadEgressBlocksEndpoint {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if m.workloads.is_empty() {
            return;
        }
        // Interface endpoints with private DNS, per VPC, with their parties.
        let mut endpoints: HashMap<VpcId, Vec<(&Endpoint, Party)>> = HashMap::new();
        for (_, e) in enumerate::<_, EndpointId>(&m.endpoints) {
            if !e.has_private_dns() {
                continue;
            }
            let Some(vpc_id) = e.vpc.to() else { continue };
            let Some(vpc) = m.vpc(vpc_id) else { continue };
            let party = Party::in_subnets(m, m.endpoint_groups(e, vpc), &e.subnets, Some(vpc_id));
            endpoints.entry(vpc_id).or_default().push((e, party));
        }
        if endpoints.is_empty() {
            return;
        }
        let reach = Reach::new(m);
        let mut seen: HashSet<(Vec<SgId>, VpcId, usize)> = HashSet::new();
        for (_, w) in enumerate::<_, WorkloadId>(&m.workloads) {
            if !w.kind.is_client() {
                continue;
            }
            let Some(vpc_id) = m.workload_vpc(w) else { continue };
            let Some(eps) = endpoints.get(&vpc_id) else { continue };
            let groups = m.workload_groups(w);
            let Groups::These { groups: ids, external: false } = &groups else { continue };
            let Some(first) = ids.first().and_then(|&g| m.security_group(g)) else { continue };
            let mut key: Vec<SgId> = ids.clone();
            key.sort();
            let client = Party::workload(m, w);
            for (k, (e, party)) in eps.iter().enumerate() {
                let verdict = reach.groups_allow(&client.groups, Direction::Egress, Traffic::tcp(HTTPS), party);
                if verdict.answer != Tri::No {
                    continue;
                }
                if !seen.insert((key.clone(), vpc_id, k)) {
                    continue;
                }
                let service = e.service.known().and_then(|s| s.service.clone());
                let service = service.map_or_else(|| "its service".to_string(), |s| format!("`{s}`"));
                let who = if ids.len() == 1 {
                    format!("security group {} of {} allows", quote(&first.meta.name), quote(&w.meta.name))
                } else {
                    format!(
                        "security group {} and the other groups of {} allow",
                        quote(&first.meta.name),
                        quote(&w.meta.name)
                    )
                };
                let mut f = cx
                    .finding(
                        first.meta.span,
                        &first.meta,
                        format!(
                            "{who} no TCP 443 out to interface endpoint {} (private DNS on): calls to {service} \
                             resolve to the endpoint and time out",
                            quote(&e.meta.name)
                        ),
                    )
                    .label("no egress on TCP 443 to the endpoint");
                f = f.related(w.meta.span, format!("{} wears these groups", quote(&w.meta.name)));
                f = f.related(e.meta.span, format!("interface endpoint {} with private DNS", quote(&e.meta.name)));
                for g in ids.iter().skip(1).filter_map(|&g| m.security_group(g)) {
                    f = f.related(
                        g.meta.span,
                        format!("security group {} allows no TCP 443 to it either", quote(&g.meta.name)),
                    );
                }
                f = super::related_rules(m, f, &verdict.rules, "does not allow TCP 443 to the endpoint");
                cx.report(f);
            }
        }
    }
}
