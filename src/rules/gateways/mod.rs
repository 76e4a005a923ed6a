//! Gateways: internet and NAT gateways (VPC4xx).

pub mod cross_az_nat;
pub mod igw_route_without_attachment_dependency;
pub mod nat_allocation_mismatch;
pub mod nat_without_internet_route;
pub mod second_internet_gateway;
