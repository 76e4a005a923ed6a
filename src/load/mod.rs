//! Loading: bytes -> spanned tree -> VPC model.

pub mod builder;
pub mod json;
pub mod yaml;
