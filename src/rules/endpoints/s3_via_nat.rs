//! VPC301 s3-via-nat.

use std::collections::HashSet;

use crate::model::derived::{S3Path, Tri};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A subnet whose same-region S3 traffic leaves through a NAT device.
pub struct S3ViaNat;

impl Rule for S3ViaNat {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // S3 gateway endpoints per VPC, for the related locations: gathered once, not per subnet.
        let mut s3_by_vpc: std::collections::HashMap<VpcId, Vec<&Endpoint>> = std::collections::HashMap::new();
        for (_, e) in enumerate::<_, EndpointId>(&m.endpoints) {
            if let (Tri::Yes, Some(v)) = (m.is_s3_gateway(e), e.vpc.to()) {
                s3_by_vpc.entry(v).or_default().push(e);
            }
        }
        let roles = SubnetRoles::of(m);
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            // Gateway endpoints cannot be extended out of a VPC: traffic arriving over a
            // transit gateway or Cloud WAN cannot use one, so a transit attachment's subnet,
            // or a firewall subnet of a hub VPC, gains nothing from the suggested fix.
            // When an attachment's or a hub firewall's subnets are not all known, any subnet
            // of its VPC may be one: silent rather than a guess.
            if roles.carries_other_vpcs(id, subnet.vpc.to()) {
                continue;
            }
            let firewall = roles.is_firewall(id);
            let Some(table_id) = m.derived.effective_table.of(id).and_then(Link::to) else { continue };
            let S3Path::Route(route_id) = m.s3_path(table_id) else { continue };
            let Some(route) = m.route(route_id) else { continue };
            let Some(target) = route.target.known() else { continue };
            if !matches!(target.kind, TargetKind::NatGateway | TargetKind::NatInstance) {
                continue;
            }
            let Some(table) = m.route_table(table_id) else { continue };
            // A NAT gateway charges for every GB it processes; a NAT instance does not, but
            // S3 traffic then takes its bandwidth and runs through one instance.
            let cost = match target.kind {
                TargetKind::NatGateway => "so every byte pays NAT gateway processing charges",
                _ => "so S3 traffic takes the NAT instance's bandwidth and depends on that one instance",
            };
            let device = super::nat_device(m, target);
            let how = super::subnet_table_words(table);
            // A firewall subnet of a VPC that is no hub forwards its own VPC's inspected
            // traffic: an S3 gateway endpoint on its table keeps inspection and drops the NAT.
            let what = if firewall {
                format!("firewall subnet {} sends its VPC's inspected S3 traffic", quote(&subnet.meta.name))
            } else {
                format!("subnet {} sends same-region S3 traffic", quote(&subnet.meta.name))
            };
            let mut f = cx
                .finding(
                    subnet.meta.span,
                    &subnet.meta,
                    format!("{what} through {device}: {how} has no S3 gateway endpoint, {cost}"),
                )
                .label("S3 traffic from this subnet takes the NAT route")
                .related(
                    route.target.span,
                    format!("the default route of {} goes to {device}", quote(&table.meta.name)),
                );
            // S3 gateway endpoints that exist in the VPC but miss this table.
            for e in subnet.vpc.to().and_then(|v| s3_by_vpc.get(&v)).map_or(&[][..], |v| v) {
                let at = if e.route_tables.state == ListState::Absent { e.meta.span } else { e.route_tables.span };
                f = f.related(
                    at,
                    format!("S3 gateway endpoint {} is not on {}", quote(&e.meta.name), quote(&table.meta.name)),
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
