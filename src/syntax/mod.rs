//! The spanned tree and the JSON and YAML parsers that build it.
//!
//! A leaf layer: it knows bytes, positions and nesting limits, and nothing of AWS,
//! CloudFormation or Terraform. Both CloudFormation formats and Terraform plans are parsed
//! into one [`tree::Tree`], so the loaders above handle `Ref`, short-form tags and plan
//! values once.

pub mod builder;
pub mod json;
pub mod tree;
pub mod yaml;
