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
