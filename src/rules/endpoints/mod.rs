//! VPC endpoints, and the S3 path that a gateway endpoint would take (VPC3xx).

pub mod duplicate_gateway_endpoint;
pub mod duplicate_private_dns_endpoint;
pub mod dynamodb_via_nat;
pub mod ecr_without_s3_path;
pub mod endpoint_parts_in_other_vpc;
pub mod endpoint_policy_full_access;
pub mod endpoint_sg_denies_clients;
pub mod endpoint_type_mismatch;
pub mod private_dns_disabled;
pub mod private_dns_without_vpc_dns;
pub mod s3_interface_needs_gateway;
pub mod s3_via_nat;
pub mod s3_via_transit_gateway;
pub mod single_az;
pub mod two_subnets_same_az;

use std::collections::HashMap;

use crate::diagnostic::Finding;
use crate::model::derived::{S3Path, Tri};
use crate::model::*;
use crate::rules::quote;
use crate::source::Span;
use s3_via_nat::SubnetRoles;

/// Whether `e` is certainly an endpoint of `service` (`s3`, `ecr.dkr`) in the deployment's
/// region.
fn serves_here(m: &Model, e: &Endpoint, service: &str) -> bool {
    e.service.known().is_some_and(|s| s.is(service) && m.same_region(s) == Tri::Yes)
}

/// The VPC of `e`, when the file says which.
fn vpc_of<'m>(m: &'m Model, e: &Endpoint) -> Option<(VpcId, &'m Vpc)> {
    let id = e.vpc.to()?;
    m.vpc(id).map(|v| (id, v))
}

/// The VPC of `e` when the file creates it: a VPC that exists already may have endpoints
/// the file does not show.
fn created_vpc_of<'m>(m: &'m Model, e: &Endpoint) -> Option<(VpcId, &'m Vpc)> {
    vpc_of(m, e).filter(|(_, v)| v.meta.known_id.is_none())
}

/// `f`, relating the zone the deployment region was read from when `service` is in the
/// deployment's region and the file gives the region only through its subnets' zones: the
/// message names a host in that region, so the finding shows where the region comes from,
/// and says so when that zone is a parameter's default.
fn with_region_origin(m: &Model, service: &ServiceName, f: Finding) -> Finding {
    match (&service.region, m.region_zone, m.region.as_deref()) {
        (RegionRef::Deployment, Some(zone), Some(region)) => {
            f.related(zone, format!("the deployment region, `{region}`, is read from this zone"))
        }
        _ => f,
    }
}

/// How a subnet's message names the table it uses: `its VPC's main route table` for the
/// one AWS creates, else `route table `X``.
fn subnet_table_words(table: &RouteTable) -> String {
    if table.implicit_main_of.is_some() {
        "its VPC's main route table".to_string()
    } else {
        format!("route table {}", quote(&table.meta.name))
    }
}

/// The NAT device a route goes to, by name (`NAT gateway `X``, `NAT instance `Y``), else
/// what kind of target it is.
fn nat_device(m: &Model, target: &Target) -> String {
    match target.link.to() {
        Some(TargetRef::Nat(n)) => m.nat_gateway(n).map(|n| format!("NAT gateway {}", quote(&n.meta.name))),
        Some(TargetRef::Other(o)) => {
            m.other_targets.get(o.index()).map(|o| format!("NAT instance {}", quote(&o.meta.name)))
        }
        _ => None,
    }
    .unwrap_or_else(|| target.kind.describe().to_string())
}

/// The gateway endpoints of `service` (`s3`, `dynamodb`) for the deployment's region, by VPC.
fn gateways_by_vpc<'m>(m: &'m Model, service: &str) -> HashMap<VpcId, Vec<&'m Endpoint>> {
    let mut by_vpc: HashMap<VpcId, Vec<&Endpoint>> = HashMap::new();
    for e in &m.endpoints {
        if let (Tri::Yes, Some(v)) = (m.is_gateway_for(e, service), e.vpc.to()) {
            by_vpc.entry(v).or_default().push(e);
        }
    }
    by_vpc
}

/// Where gateway endpoint `e` lists its route tables, else the endpoint.
fn route_tables_at(e: &Endpoint) -> Span {
    if e.route_tables.state == ListState::Absent { e.meta.span } else { e.route_tables.span }
}

/// A subnet whose same-region traffic to a service with gateway endpoints leaves through a
/// NAT device (VPC301, VPC305).
struct NatExit<'m> {
    /// The subnet's route table.
    table: &'m RouteTable,
    /// The table's route that the traffic takes.
    route: &'m Route,
    /// The NAT device, as [`nat_device`] names it.
    device: String,
    /// The finding's message: which subnet sends the service's traffic through which NAT
    /// device, the table that has no gateway endpoint for it, and what the NAT costs.
    message: String,
}

/// How subnet `id`'s same-region traffic to `service` (named as messages name it: `S3`,
/// `DynamoDB`) leaves through a NAT device, given that traffic's path from every table;
/// `None` when it takes another path or one vpclint cannot tell.
///
/// Gateway endpoints cannot be extended out of a VPC: traffic arriving over a transit
/// gateway or Cloud WAN cannot use one, so a transit attachment's subnet, or a firewall
/// subnet of a hub VPC, gains nothing from the suggested fix and is left out. When an
/// attachment's or a hub firewall's subnets are not all known, any subnet of its VPC may be
/// one: silent rather than a guess.
fn nat_exit<'m>(
    m: &'m Model,
    roles: &SubnetRoles,
    (id, subnet): (SubnetId, &Subnet),
    paths: &IdVec<RouteTableId, S3Path>,
    service: &str,
) -> Option<NatExit<'m>> {
    if roles.carries_other_vpcs(id, subnet.vpc.to()) {
        return None;
    }
    let table_id = m.derived.effective_table.of(id).and_then(Link::to)?;
    let Some(S3Path::Route(route_id)) = paths.of(table_id) else { return None };
    let (route, table) = (m.route(*route_id)?, m.route_table(table_id)?);
    let target = route.target.known()?;
    // A NAT gateway charges for every GB it processes; a NAT instance does not, but the
    // traffic then takes its bandwidth and runs through one instance.
    let cost = match target.kind {
        TargetKind::NatGateway => "so every byte pays NAT gateway processing charges".to_string(),
        TargetKind::NatInstance => {
            format!("so {service} traffic takes the NAT instance's bandwidth and depends on that one instance")
        }
        _ => return None,
    };
    let device = nat_device(m, target);
    let how = subnet_table_words(table);
    // A firewall subnet of a VPC that is no hub forwards its own VPC's inspected traffic: a
    // gateway endpoint on its table keeps inspection and drops the NAT.
    let what = if roles.is_firewall(id) {
        format!("firewall subnet {} sends its VPC's inspected {service} traffic", quote(&subnet.meta.name))
    } else {
        format!("subnet {} sends same-region {service} traffic", quote(&subnet.meta.name))
    };
    let message = format!("{what} through {device}: {how} has no {service} gateway endpoint, {cost}");
    Some(NatExit { table, route, device, message })
}
