//! VPC316 s3-via-transit-gateway.

use super::s3_via_nat::SubnetRoles;
use crate::model::derived::S3Path;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A spoke subnet whose same-region S3 traffic leaves through a transit gateway or Cloud WAN
/// core network because its route table has no S3 gateway endpoint: the counterpart of
/// VPC301 for centralized egress. Subnets of transit attachments, firewalls and Gateway Load
/// Balancer endpoints carry other subnets' traffic and are left out.
pub struct S3ViaTransitGateway;

impl Rule for S3ViaTransitGateway {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let roles = SubnetRoles::of(m);
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            if roles.carries_traffic(id, subnet.vpc.to()) {
                continue;
            }
            let Some(table_id) = m.derived.effective_table.of(id).and_then(Link::to) else { continue };
            let S3Path::Route(route_id) = m.s3_path(table_id) else { continue };
            let (Some(route), Some(table)) = (m.route(route_id), m.route_table(table_id)) else { continue };
            let Some(target) = route.target.known() else { continue };
            let what = match target.kind {
                TargetKind::TransitGateway => "transit gateway",
                TargetKind::CoreNetwork => "Cloud WAN core network",
                _ => continue,
            };
            let via = match target.link.to() {
                Some(TargetRef::Other(o)) => {
                    m.other_targets.get(o.index()).map(|o| format!("{what} {}", quote(&o.meta.name)))
                }
                _ => None,
            }
            .unwrap_or_else(|| target.kind.describe().to_string());
            let how = super::subnet_table_words(table);
            cx.report(
                cx.finding(
                    subnet.meta.span,
                    &subnet.meta,
                    format!(
                        "subnet {} sends same-region S3 traffic through {via}: {how} has no S3 gateway endpoint, so every byte pays {what} data processing (and, with centralized egress, the egress VPC's NAT gateway processing after it); an S3 gateway endpoint in this VPC is free, and one in another VPC cannot serve it",
                        quote(&subnet.meta.name),
                    ),
                )
                .label(format!("S3 traffic from this subnet takes the {what} route"))
                .related(route.target.span, format!("the default route of {} goes to {via}", quote(&table.meta.name))),
            );
        }
    }
}
