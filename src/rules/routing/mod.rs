//! Subnets and routing (VPC1xx).

pub mod subnet_without_association;
