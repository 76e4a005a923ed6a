//! Runs the enabled rules over a model, in parallel with rayon.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Rule, RuleContext};
use crate::diagnostic::{Finding, RuleId, RuleSelector};
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

/// Runs `rules` on `m`; findings come back in a deterministic order.
pub fn check(m: &Model, rules: &[(RuleId, Arc<dyn Rule>)]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = rules
        .par_iter()
        .map(|(id, rule)| {
            let mut cx = RuleContext::new(m, id);
            rule.check(&mut cx);
            cx.into_findings()
        })
        .flatten()
        .collect();
    findings.sort_by(|a, b| (a.span.start, &a.rule_id, &a.message).cmp(&(b.span.start, &b.rule_id, &b.message)));
    findings
}
