//! Subnets and routing (VPC1xx).

pub mod duplicate_route_destination;
pub mod duplicate_subnet_association;
pub mod subnet_cidr_outside_vpc;
pub mod subnet_cidrs_overlap;
pub mod subnet_without_association;
