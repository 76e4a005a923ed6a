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

/// The text of `r` in `src`: what the parsers' tests compare spans with.
#[cfg(test)]
fn text_of(src: &str, r: tree::Range) -> &str {
    &src[r.start as usize..r.end as usize]
}
