//! Subnets and routing (VPC1xx).

pub mod duplicate_route_destination;
pub mod duplicate_subnet_association;
pub mod peering_route_without_return;
pub mod private_subnet_maps_public_ip;
pub mod route_table_unused;
pub mod route_target_in_other_vpc;
pub mod subnet_cidr_outside_vpc;
pub mod subnet_cidrs_overlap;
pub mod subnet_without_association;
