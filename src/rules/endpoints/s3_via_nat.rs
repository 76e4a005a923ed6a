//! VPC301 s3-via-nat.

use std::collections::HashSet;

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A subnet whose same-region S3 traffic leaves through a NAT device.
pub struct S3ViaNat;

impl Rule for S3ViaNat {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // S3 gateway endpoints per VPC, for the related locations: gathered once, not per subnet.
        let s3_by_vpc = super::gateways_by_vpc(m, "s3");
        let roles = SubnetRoles::of(m);
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            let Some(exit) = super::nat_exit(m, &roles, (id, subnet), &m.derived.s3_paths, "S3") else { continue };
            let table = quote(&exit.table.meta.name);
            let mut f = cx
                .finding(subnet.meta.span, &subnet.meta, exit.message)
                .label("S3 traffic from this subnet takes the NAT route")
                .related(exit.route.target.span, format!("the default route of {table} goes to {}", exit.device));
            // S3 gateway endpoints that exist in the VPC but miss this table.
            for e in subnet.vpc.to().and_then(|v| s3_by_vpc.get(&v)).map_or(&[][..], |v| v) {
                f = f.related(
                    super::route_tables_at(e),
                    format!("S3 gateway endpoint {} is not on {table}", quote(&e.meta.name)),
                );
            }
            cx.report(f);
        }
    }
}

/// Subnets that carry other subnets' or other VPCs' traffic.
#[derive(Default)]
pub(super) struct SubnetRoles {
    /// Subnets of transit gateway and Cloud WAN attachments.
    transit: HashSet<SubnetId>,
    /// Subnets of Network Firewall and Gateway Load Balancer endpoints.
    firewall: HashSet<SubnetId>,
    /// VPCs with a transit attachment: their firewalls inspect other VPCs' traffic.
    hubs: HashSet<VpcId>,
    /// VPCs with a transit attachment whose subnets are not all known (a list from a
    /// variable that cannot be read, `dynamic` blocks): any of their subnets may be one.
    unknown_transit: HashSet<VpcId>,
    /// VPCs with a firewall or Gateway Load Balancer endpoint whose subnets are not all known.
    unknown_firewall: HashSet<VpcId>,
}

impl SubnetRoles {
    pub(super) fn of(m: &Model) -> SubnetRoles {
        let mut roles = SubnetRoles::default();
        for inf in &m.infrastructure {
            let subnets: Vec<SubnetId> = inf.subnets.items.iter().filter_map(|l| l.link.to()).collect();
            // The object's VPC, else the VPCs of the subnets it names.
            let vpcs: HashSet<VpcId> = match inf.vpc.to() {
                Some(v) => HashSet::from([v]),
                None => subnets.iter().filter_map(|s| m.subnets.get(s.index()).and_then(|s| s.vpc.to())).collect(),
            };
            let partial = inf.subnets.state == ListState::Partial;
            match inf.kind {
                InfrastructureKind::TransitAttachment => {
                    roles.transit.extend(subnets);
                    roles.hubs.extend(vpcs.iter().copied());
                    if partial {
                        roles.unknown_transit.extend(vpcs);
                    }
                }
                InfrastructureKind::Firewall => {
                    roles.firewall.extend(subnets);
                    if partial {
                        roles.unknown_firewall.extend(vpcs);
                    }
                }
            }
        }
        for e in m.endpoints.iter().filter(|e| e.endpoint_type.known() == Some(&EndpointType::GatewayLoadBalancer)) {
            roles.firewall.extend(e.subnets.items.iter().filter_map(|l| l.link.to()));
            if let (ListState::Partial, Some(v)) = (e.subnets.state, e.vpc.to()) {
                roles.unknown_firewall.insert(v);
            }
        }
        roles
    }

    /// Whether subnet `id` of `vpc` certainly or possibly carries other subnets' traffic: a
    /// transit attachment's, firewall's or Gateway Load Balancer endpoint's subnet, in any VPC.
    pub(super) fn carries_traffic(&self, id: SubnetId, vpc: Option<VpcId>) -> bool {
        let in_vpc = |set: &HashSet<VpcId>| vpc.is_some_and(|v| set.contains(&v));
        self.transit.contains(&id)
            || self.firewall.contains(&id)
            || in_vpc(&self.unknown_transit)
            || in_vpc(&self.unknown_firewall)
    }

    /// Whether subnet `id` is certainly a transit attachment's, firewall's or Gateway Load
    /// Balancer endpoint's subnet.
    pub(super) fn is_carrier(&self, id: SubnetId) -> bool {
        self.transit.contains(&id) || self.firewall.contains(&id)
    }

    /// Whether subnet `id` is a firewall's or Gateway Load Balancer endpoint's subnet.
    pub(super) fn is_firewall(&self, id: SubnetId) -> bool {
        self.firewall.contains(&id)
    }

    /// Whether subnet `id` of `vpc` certainly or possibly carries other VPCs' traffic: a
    /// transit attachment's subnet, or a firewall subnet of a hub.
    pub(super) fn carries_other_vpcs(&self, id: SubnetId, vpc: Option<VpcId>) -> bool {
        let in_vpc = |set: &HashSet<VpcId>| vpc.is_some_and(|v| set.contains(&v));
        self.transit.contains(&id)
            || in_vpc(&self.unknown_transit)
            || (in_vpc(&self.hubs) && (self.firewall.contains(&id) || in_vpc(&self.unknown_firewall)))
    }
}
