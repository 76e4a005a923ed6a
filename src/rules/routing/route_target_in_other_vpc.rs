//! VPC109 route-target-in-other-vpc.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A route whose target belongs to another VPC than its table, or a subnet associated
/// with a route table of another VPC: AWS refuses both ("belong to different networks").
pub struct RouteTargetInOtherVpc;

impl Rule for RouteTargetInOtherVpc {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let vpc_name = |v: VpcId| m.vpc(v).map_or_else(String::new, |v| quote(&v.meta.name));
        // Per internet gateway: the VPCs it is certainly attached to, and whether some
        // attachment's VPC is not certain (then any VPC may be its own).
        let mut igw_vpcs: Vec<(Vec<VpcId>, bool)> = vec![(Vec::new(), false); m.internet_gateways.len()];
        for (_, a) in enumerate::<_, u32>(&m.igw_attachments) {
            let Some(slot) = a.igw.to().and_then(|g| igw_vpcs.get_mut(g.index())) else { continue };
            match (a.vpc.to(), a.meta.conditional) {
                (Some(v), false) => slot.0.push(v),
                _ => slot.1 = true,
            }
        }
        for (_, route) in enumerate::<_, RouteId>(&m.routes) {
            let Some(table_id) = route.table.to() else { continue };
            let Some(table) = m.route_table(table_id) else { continue };
            let Some(own) = table.vpc.to() else { continue };
            let Some(target) = route.target.known() else { continue };
            let Some(link) = target.link.to() else { continue };
            // The target's VPC, and what the message calls the target.
            let (other, what) = match link {
                TargetRef::Igw(g) => {
                    let Some((vpcs, uncertain)) = igw_vpcs.get(g.index()) else { continue };
                    if *uncertain || vpcs.contains(&own) {
                        continue;
                    }
                    let Some(&v) = vpcs.first() else { continue };
                    let Some(igw) = m.internet_gateway(g) else { continue };
                    (v, format!("internet gateway {}, attached to", quote(&igw.meta.name)))
                }
                TargetRef::Nat(n) => {
                    let Some(nat) = m.nat_gateway(n) else { continue };
                    let subnet_vpc = nat.subnet.to().and_then(|s| m.subnet(s)).and_then(|s| s.vpc.to());
                    let Some(v) = subnet_vpc.or_else(|| nat.vpc.to()) else { continue };
                    (v, format!("NAT gateway {}, in", quote(&nat.meta.name)))
                }
                TargetRef::Endpoint(e) => {
                    let Some(ep) = m.endpoint(e) else { continue };
                    let Some(v) = ep.vpc.to() else { continue };
                    (v, format!("endpoint {}, in", quote(&ep.meta.name)))
                }
                TargetRef::Other(o) => {
                    let Some(t) = m.other_targets.get(o.index()) else { continue };
                    // A peering connection joins two VPCs: either side's tables may use it.
                    if t.kind != TargetKind::EgressOnlyInternetGateway {
                        continue;
                    }
                    let Some(v) = t.vpc.to() else { continue };
                    (v, format!("egress-only internet gateway {}, in", quote(&t.meta.name)))
                }
            };
            if other == own {
                continue;
            }
            let f = cx
                .finding(
                    route.target.span,
                    &route.meta,
                    format!(
                        "route {} of {} (VPC {}) goes to {what} VPC {}: AWS refuses a target of another VPC (\"route \
                         table … and network gateway … belong to different networks\")",
                        quote(&route.meta.name),
                        m.describe_table(table_id),
                        vpc_name(own),
                        vpc_name(other),
                    ),
                )
                .label("a target of another VPC")
                .related(table.meta.span, format!("the route table, in VPC {}", vpc_name(own)));
            cx.report(f);
        }
        for (_, a) in enumerate::<_, AssociationId>(&m.associations) {
            let (Some(subnet_id), Some(table_id)) = (a.subnet.to(), a.table.to()) else { continue };
            let (Some(subnet), Some(table)) = (m.subnet(subnet_id), m.route_table(table_id)) else { continue };
            let (Some(sv), Some(tv)) = (subnet.vpc.to(), table.vpc.to()) else { continue };
            if sv == tv {
                continue;
            }
            let f = cx
                .finding(
                    a.subnet_span,
                    &a.meta,
                    format!(
                        "association {} gives subnet {} of VPC {} to {} of VPC {}: AWS refuses it (\"route table … \
                         and subnet … belong to different networks\")",
                        quote(&a.meta.name),
                        quote(&subnet.meta.name),
                        vpc_name(sv),
                        m.describe_table(table_id),
                        vpc_name(tv),
                    ),
                )
                .label("a subnet of another VPC than the route table's")
                .related(table.meta.span, format!("the route table, in VPC {}", vpc_name(tv)));
            cx.report(f);
        }
    }
}
