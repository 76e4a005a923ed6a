//! VPC204 instance-connect-endpoint-unreachable.

use super::groups_words;
use crate::model::derived::Tri;
use crate::model::reach::{Addresses, Groups, Party, Reach, Traffic};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An EC2 Instance Connect endpoint that can reach no EC2 instance of its VPC on SSH (22)
/// or RDP (3389).
///
/// The endpoint's groups (the VPC's default group when it lists none) must allow the port
/// out, and an instance's groups must admit it from the endpoint's groups or, when the
/// endpoint does not preserve client addresses (`PreserveClientIp` false, the default),
/// from a block covering its subnet; with client addresses preserved, a CIDR source may
/// be the clients'. The instances are the VPC's EC2 instances, Auto Scaling groups (their
/// launch templates' groups) and launch templates. When any of them is reachable, or may
/// be, or the VPC has none with known groups, or some may be in the VPC without the file
/// saying, the rule stays silent.
pub struct InstanceConnectUnreachable;

const PORTS: [i32; 2] = [22, 3389];

impl Rule for InstanceConnectUnreachable {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if m.instance_connect_endpoints.is_empty() || m.generated_unknown {
            return;
        }
        let reach = Reach::new(m);
        let hosts: Vec<(Option<VpcId>, &Workload)> = m
            .workloads
            .iter()
            .filter(|w| {
                matches!(w.kind, WorkloadKind::Instance | WorkloadKind::AutoScalingGroup | WorkloadKind::LaunchTemplate)
            })
            .map(|w| (m.workload_vpc(w), w))
            .collect();
        for (_, e) in enumerate::<_, EiceId>(&m.instance_connect_endpoints) {
            let Some(subnet) = e.subnet.to().and_then(|s| m.subnet(s)) else { continue };
            let Some(vpc_id) = subnet.vpc.to() else { continue };
            let Some(vpc) = m.vpc(vpc_id) else { continue };
            let groups = match e.security_groups.state {
                ListState::Absent => Groups::These { groups: vec![vpc.default_security_group], external: false },
                ListState::Partial => continue,
                ListState::Known => {
                    let ids: Vec<SgId> = e.security_groups.items.iter().filter_map(|i| i.link.to()).collect();
                    if ids.is_empty() || ids.len() != e.security_groups.items.len() {
                        continue;
                    }
                    Groups::These { groups: ids, external: false }
                }
            };
            let preserve = e.preserve_client_ip.known().copied();
            let addresses = match (preserve, subnet.cidr.known()) {
                (Some(false), Some(c)) => Addresses::Within(vec![*c]),
                // The instances see the clients' addresses (or it is not known whose).
                _ => Addresses::Across { blocks: Vec::new(), complete: false },
            };
            let from = Party { groups, addresses, ipv6: vpc.ipv6.clone() };
            let mut answer = Tri::No;
            let mut targets = Vec::new();
            for &(host_vpc, w) in &hosts {
                match host_vpc {
                    Some(v) if v == vpc_id => {}
                    Some(_) => continue,
                    // Somewhere the file does not say: it may be in this VPC.
                    None => {
                        if !w.subnets.items.iter().any(|i| matches!(i.link, Link::External(External::DefaultVpc))) {
                            answer = Tri::Maybe;
                        }
                        continue;
                    }
                }
                let to = Party::workload(m, w);
                if to.groups == Groups::Unknown {
                    answer = Tri::Maybe;
                    continue;
                }
                for port in PORTS {
                    match reach.may_flow(&from, &to, Traffic::tcp(port)).answer {
                        Tri::Yes => answer = Tri::Yes,
                        Tri::Maybe if answer == Tri::No => answer = Tri::Maybe,
                        _ => {}
                    }
                }
                targets.push((w, to));
                if answer == Tri::Yes {
                    break;
                }
            }
            if answer != Tri::No || targets.is_empty() {
                continue;
            }
            // Which side refuses: the endpoint's egress, or every instance's ingress.
            let egress_closed = targets.iter().all(|(_, to)| {
                PORTS.iter().all(|&p| {
                    reach.groups_allow(&from.groups, Direction::Egress, Traffic::tcp(p), to).answer == Tri::No
                })
            });
            let why = if egress_closed {
                format!("the egress of {} allows neither port out to them", groups_words(m, &from.groups))
            } else {
                let names: Vec<String> = targets.iter().take(3).map(|(w, _)| quote(&w.meta.name)).collect();
                let more = targets.len().saturating_sub(names.len());
                let list = match (names.as_slice(), more) {
                    ([one], _) => one.clone(),
                    (_, 0) => names.join(", "),
                    _ => format!("{} and {more} more", names.join(", ")),
                };
                let verb = if targets.len() == 1 { "admits" } else { "admit" };
                format!("{list} {verb} neither port from the endpoint")
            };
            let span = if e.security_groups.state == ListState::Absent { e.meta.span } else { e.security_groups.span };
            let mut f = cx
                .finding(
                    span,
                    &e.meta,
                    format!(
                        "EC2 Instance Connect endpoint {} can reach no EC2 instance of {} on SSH (22) or RDP (3389): \
                         {why}",
                        quote(&e.meta.name),
                        quote(&vpc.meta.name)
                    ),
                )
                .label(if egress_closed { "no egress on TCP 22 or 3389" } else { "no instance admits it" });
            if egress_closed {
                if let Groups::These { groups, .. } = &from.groups {
                    for g in groups.iter().filter_map(|&g| m.security_group(g)) {
                        f = f.related(
                            g.meta.span,
                            format!(
                                "security group {} has no egress rule for TCP 22 or 3389 to them",
                                quote(&g.meta.name)
                            ),
                        );
                    }
                }
            } else {
                for (w, to) in &targets {
                    f = f.related(
                        w.meta.span,
                        format!(
                            "{} wears {}, which admits neither port from the endpoint",
                            quote(&w.meta.name),
                            groups_words(m, &to.groups)
                        ),
                    );
                }
            }
            cx.report(f);
        }
    }
}
