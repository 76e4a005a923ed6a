//! Visibility: what a reviewer needs to see the network's traffic (VPC5xx).

pub mod vpc_without_flow_logs;
