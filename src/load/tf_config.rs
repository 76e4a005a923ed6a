//! Moved to [`super::terraform`]; these paths stay for `tf_locate`.

pub use super::terraform::{ModuleSource, module_sources, split_address};
