//! Runs the enabled rules over a model, in parallel with rayon.

use rayon::prelude::*;

use super::selector::RuleSelector;
use super::{BUILTIN, Finding, Rule};
use crate::model::Model;

/// Which rules run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When non-empty, only the rules these select run.
    pub select: Vec<RuleSelector>,
    /// The rules these select never run.
    pub ignore: Vec<RuleSelector>,
}

impl Selection {
    /// Whether rule `id` is enabled.
    pub fn enabled(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s.matches(id)))
            && !self.ignore.iter().any(|s| s.matches(id))
    }
}

/// The rules `selection` enables.
pub fn enabled_rules(selection: &Selection) -> Vec<&'static dyn Rule> {
    BUILTIN.iter().map(|(r, _)| *r).filter(|r| selection.enabled(r.id())).collect()
}

/// Runs `rules` on `m`; findings come back in a deterministic order.
pub fn check(m: &Model, rules: &[&'static dyn Rule]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = rules
        .par_iter()
        .map(|r| {
            let mut out = Vec::new();
            r.check(m, &mut out);
            out
        })
        .flatten()
        .collect();
    findings.sort_by(|a, b| (a.span.start, a.rule_id, &a.message).cmp(&(b.span.start, b.rule_id, &b.message)));
    findings
}
