//! VPC314 interface-endpoint-two-subnets-same-az.

use std::collections::HashMap;

use crate::model::derived::Tri;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An interface endpoint listing two subnets in one Availability Zone: an endpoint takes at
/// most one subnet per zone, so it fails to create. The finding is on the second subnet's
/// list element; the first, and both zones, are related.
pub struct TwoSubnetsSameAz;

impl Rule for TwoSubnetsSameAz {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for e in &m.endpoints {
            if !e.is_interface() {
                continue;
            }
            let mut by_zone: HashMap<&Zone, (SubnetId, &Linked<SubnetId>)> = HashMap::new();
            for item in &e.subnets.items {
                let Some(id) = item.link.to() else { continue };
                let (Some(subnet), Some(zone)) = (m.subnet(id), m.zone_of(id)) else { continue };
                let Some(&(first_id, first_item)) = by_zone.get(zone) else {
                    by_zone.insert(zone, (id, item));
                    continue;
                };
                // The same subnet twice is another mistake, not this one.
                if first_id == id || m.same_zone(first_id, id) != Tri::Yes {
                    continue;
                }
                let Some(first) = m.subnet(first_id) else { continue };
                cx.report(
                    cx.finding(
                        item.span,
                        &e.meta,
                        format!(
                            "interface endpoint {} lists subnets {} and {}, both in zone `{zone}`, but an endpoint takes at most one subnet per Availability Zone, so it fails to create",
                            quote(&e.meta.name),
                            quote(&first.meta.name),
                            quote(&subnet.meta.name),
                        ),
                    )
                    .label(format!("a second subnet in `{zone}`"))
                    .related(first_item.span, format!("{} is in `{zone}` already", quote(&first.meta.name)))
                    .related(first.availability_zone.span, format!("zone of {}", quote(&first.meta.name)))
                    .related(subnet.availability_zone.span, format!("zone of {}", quote(&subnet.meta.name))),
                );
            }
        }
    }
}
