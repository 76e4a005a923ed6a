//! vpclint: audit AWS VPC networking in CloudFormation templates and Terraform plans.

pub mod load;
pub mod source;
pub mod tree;
