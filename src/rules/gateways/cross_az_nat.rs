//! VPC403 cross-az-nat.

use crate::model::derived::{DefaultRoute, Tri};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A subnet whose default route goes to a zonal NAT gateway in another Availability Zone.
pub struct CrossAzNat;

impl Rule for CrossAzNat {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            let Some(table) = m.derived.effective_table.of(id).and_then(Link::to) else { continue };
            let DefaultRoute::Route(r) = m.default_route(table) else { continue };
            let Some(route) = m.route(r) else { continue };
            let Some(Target { link: Link::To(TargetRef::Nat(n)), .. }) = route.target.known() else { continue };
            let Some(nat) = m.nat_gateway(*n) else { continue };
            if nat.regional {
                continue;
            }
            let Some(nat_subnet_id) = nat.subnet.to() else { continue };
            if nat_subnet_id == id || m.same_zone(id, nat_subnet_id) != Tri::No {
                continue;
            }
            let (Some(zone), Some(nat_subnet)) = (m.zone_of(id), m.subnet(nat_subnet_id)) else { continue };
            let Some(nat_zone) = m.zone_of(nat_subnet_id) else { continue };
            let f = cx
                .finding(
                    subnet.meta.span,
                    &subnet.meta,
                    format!(
                        "subnet {} in zone `{zone}` sends `0.0.0.0/0` to NAT gateway {} in zone `{nat_zone}` \
                         (subnet {}): its internet traffic pays cross-zone data transfer both ways, and it loses \
                         the internet when `{nat_zone}` fails",
                        quote(&subnet.meta.name),
                        quote(&nat.meta.name),
                        quote(&nat_subnet.meta.name),
                    ),
                )
                .label(format!("a subnet in `{zone}`"))
                .related(route.target.span, format!("the default route of {}", m.describe_table(table)))
                .related(nat_subnet.availability_zone.span, format!("the NAT gateway's subnet is in `{nat_zone}`"));
            cx.report(f);
        }
    }
}
