//! VPC206 load-balancer-cannot-reach-targets.

use std::collections::{HashMap, HashSet};

use super::groups_words;
use crate::model::derived::Tri;
use crate::model::reach::{Groups, Party, Reach, Traffic};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An ELBv2 load balancer with security groups that cannot open connections to a target of
/// a target group it forwards to.
///
/// The load balancers of a target group are those whose listeners (or listener rules)
/// forward to it. A target is what a registration names: an instance in `Targets` or an
/// `aws_lb_target_group_attachment`, an ECS service's `LoadBalancers` entry (on its
/// container port), an Auto Scaling group's `TargetGroupARNs` (its launch template's
/// groups). [`Reach`] answers whether the load balancer's groups allow the protocol and
/// port out to the target, and whether the target's groups admit it from the load
/// balancer's groups or subnets. Only a certain "no" is reported: unknown groups, ports,
/// target types, and load balancers without security groups (a network load balancer's
/// targets see the clients' addresses) stay silent.
pub struct LoadBalancerCannotReachTargets;

impl Rule for LoadBalancerCannotReachTargets {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if m.registrations.is_empty() {
            return;
        }
        let reach = Reach::new(m);
        // Target group -> the load balancers that forward to it.
        let mut balancers: HashMap<TargetGroupId, Vec<WorkloadId>> = HashMap::new();
        for (_, l) in enumerate::<_, ListenerId>(&m.listeners) {
            let Some(lb) = l.load_balancer.to() else { continue };
            for tg in l.target_groups.items.iter().filter_map(|i| i.link.to()) {
                let list = balancers.entry(tg).or_default();
                if !list.contains(&lb) {
                    list.push(lb);
                }
            }
        }
        let mut seen: HashSet<(WorkloadId, WorkloadId, i32, Protocol)> = HashSet::new();
        for (_, r) in enumerate::<_, u32>(&m.registrations) {
            let (Some(tg_id), Some(target_id)) = (r.target_group.to(), r.target.to()) else { continue };
            let Some(lbs) = balancers.get(&tg_id) else { continue };
            let (Some(tg), Some(target)) = (m.target_group(tg_id), m.workload(target_id)) else { continue };
            if !matches!(tg.target_type.known(), Some(TargetType::Instance | TargetType::Ip)) {
                continue;
            }
            if !matches!(
                target.kind,
                WorkloadKind::Instance | WorkloadKind::AutoScalingGroup | WorkloadKind::EcsService
            ) {
                continue;
            }
            let Some(protocol) = tg.transport() else { continue };
            let port = match r.port.val {
                Val::Known(p) => p,
                Val::Absent => match tg.port.known() {
                    Some(&p) => p,
                    None => continue,
                },
                Val::Unknown => continue,
            };
            if !(1..=65535).contains(&port) {
                continue;
            }
            let to = Party::workload(m, target);
            if to.groups == Groups::Unknown {
                continue;
            }
            let traffic = Traffic { protocol, port };
            for &lb_id in lbs {
                let Some(lb) = m.workload(lb_id) else { continue };
                if lb.kind != WorkloadKind::LoadBalancer || lb.security_groups.state != ListState::Known {
                    continue;
                }
                let from = Party::workload(m, lb);
                if from.groups == Groups::Unknown || !seen.insert((lb_id, target_id, port, protocol)) {
                    continue;
                }
                let out = reach.groups_allow(&from.groups, Direction::Egress, traffic, &to);
                let inbound = reach.groups_allow(&to.groups, Direction::Ingress, traffic, &from);
                if out.answer != Tri::No && inbound.answer != Tri::No {
                    continue;
                }
                let what = format!("{} {port}", if protocol == Protocol::Udp { "UDP" } else { "TCP" });
                let (span, why, label) = if inbound.answer == Tri::No {
                    (
                        lb.meta.span,
                        format!(
                            "the ingress of {} (on {}) admits no {what} from the load balancer's security groups \
                             or subnets",
                            groups_words(m, &to.groups),
                            quote(&target.meta.name)
                        ),
                        "its targets do not admit it",
                    )
                } else {
                    (
                        lb.security_groups.span,
                        format!("its security groups allow no {what} out to {}", quote(&target.meta.name)),
                        "no egress to the targets",
                    )
                };
                let mut f = cx
                    .finding(
                        span,
                        &lb.meta,
                        format!(
                            "load balancer {} cannot reach target {} of target group {} on {what}: {why}, so health \
                             checks fail and no request gets through",
                            quote(&lb.meta.name),
                            quote(&target.meta.name),
                            quote(&tg.meta.name)
                        ),
                    )
                    .label(label);
                f = f.related(
                    r.span,
                    format!("{} registered with {} here", quote(&target.meta.name), quote(&tg.meta.name)),
                );
                let (failing, verdict) =
                    if inbound.answer == Tri::No { (&to.groups, &inbound) } else { (&from.groups, &out) };
                if let Groups::These { groups, .. } = failing {
                    for g in groups.iter().filter_map(|&g| m.security_group(g)) {
                        let what = if inbound.answer == Tri::No {
                            format!("security group {} admits no {what} from the load balancer", quote(&g.meta.name))
                        } else {
                            format!("security group {} allows no {what} out to the target", quote(&g.meta.name))
                        };
                        f = f.related(g.meta.span, what);
                    }
                }
                let why = if inbound.answer == Tri::No {
                    format!("does not admit {what} from the load balancer")
                } else {
                    format!("does not allow {what} out to the target")
                };
                f = super::related_rules(m, f, &verdict.rules, &why);
                cx.report(f);
            }
        }
    }
}
