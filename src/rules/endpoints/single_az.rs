//! VPC306 interface-endpoint-single-az.

use std::collections::HashMap;

use super::s3_via_nat::SubnetRoles;
use crate::model::derived::Tri;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An interface endpoint whose subnets all lie in one Availability Zone while its VPC has
/// subnets in another: clients there cross zones to reach it, and lose it with that zone.
/// Subnets that carry other subnets' traffic (transit gateway and Cloud WAN attachments,
/// firewalls, Gateway Load Balancer endpoints) do not count as another zone's clients.
pub struct SingleAz;

impl Rule for SingleAz {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let roles = SubnetRoles::of(m);
        // Per VPC and zone form (names, zone ids, each index list): the distinct zones of its
        // workload subnets, each with its first subnet, up to `MAX_ZONES` (a region has at
        // most six), so each endpoint costs a lookup, not a scan of the subnets.
        let mut zones: HashMap<(VpcId, Form<'_>), Vec<(&Zone, SubnetId)>> = HashMap::new();
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            let (Some(vpc), Some(zone)) = (subnet.vpc.to(), m.zone_of(id)) else { continue };
            if roles.is_carrier(id) {
                continue;
            }
            let seen = zones.entry((vpc, form(zone))).or_default();
            if seen.len() < MAX_ZONES && seen.iter().all(|(z, _)| *z != zone) {
                seen.push((zone, id));
            }
        }
        for e in &m.endpoints {
            if !e.is_interface() || e.subnets.state != ListState::Known {
                continue;
            }
            let Some((vpc, vpc_obj)) = super::vpc_of(m, e) else { continue };
            // Every subnet known, with a known zone, all the same zone.
            let subnets: Option<Vec<SubnetId>> = e.subnets.items.iter().map(|i| i.link.to()).collect();
            let Some(subnets) = subnets else { continue };
            let Some(&first) = subnets.first() else { continue };
            let Some(zone) = m.zone_of(first) else { continue };
            // A subnet of another VPC is VPC315's finding, and says nothing about this one.
            let in_vpc = |s: SubnetId| m.subnet(s).is_some_and(|x| x.vpc.is(vpc));
            if subnets.iter().any(|&s| !in_vpc(s) || m.same_zone(first, s) != Tri::Yes) {
                continue;
            }
            // The VPC's zones certainly other than this one, each with a subnet in it.
            let others: Vec<(&Zone, &Subnet)> = zones
                .get(&(vpc, form(zone)))
                .into_iter()
                .flatten()
                .filter(|(z, _)| zone.same(z) == Tri::No)
                .filter_map(|&(z, s)| Some((z, m.subnet(s)?)))
                .collect();
            if others.is_empty() {
                continue;
            }
            let other_zones: Vec<String> = others.iter().map(|(z, _)| format!("`{z}`")).collect();
            let service = e
                .service
                .known()
                .and_then(|s| s.service.as_deref())
                .map_or_else(String::new, |s| format!(" for `{s}`"));
            let mut f = cx
                .finding(
                    e.subnets.span,
                    &e.meta,
                    format!(
                        "interface endpoint {}{service} has its only network interfaces in zone `{zone}`, but VPC {} has subnets in other zones ({}): clients there pay cross-zone data transfer to reach it and lose it if `{zone}` fails",
                        quote(&e.meta.name),
                        quote(&vpc_obj.meta.name),
                        other_zones.join(", "),
                    ),
                )
                .label(format!("every subnet here is in `{zone}`"));
            for (z, other) in &others {
                f = f.related(other.meta.span, format!("{} is in `{z}`", quote(&other.meta.name)));
            }
            cx.report(f);
        }
    }
}

/// The zones of a VPC that are kept for comparison: more than a region has.
const MAX_ZONES: usize = 8;

/// Which zones can be compared with which: names with names, zone ids with zone ids,
/// indices with indices of the same list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form<'m> {
    Name,
    ZoneId,
    Index(&'m str),
}

fn form(zone: &Zone) -> Form<'_> {
    match zone {
        Zone::Name(_) => Form::Name,
        Zone::ZoneId(_) => Form::ZoneId,
        Zone::Index { list, .. } => Form::Index(list),
    }
}
