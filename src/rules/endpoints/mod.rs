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

use crate::diagnostic::Finding;
use crate::model::{Model, RegionRef, RouteTable, ServiceName, Target, TargetRef};
use crate::rules::quote;

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
