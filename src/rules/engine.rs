//! Runs the enabled rules over a model, in parallel with rayon when the model is large.

use std::sync::Arc;

use rayon::prelude::*;

use super::options::RuleOptions;
use super::{Rule, RuleContext};
use crate::diagnostic::{Finding, RuleId, RuleSelector};
use crate::model::Model;
use crate::model::view::Lists;

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

/// A rule that runs: its id, its code and the option values it runs with
/// ([`super::Registry::enabled`]).
#[derive(Clone)]
pub struct EnabledRule {
    pub id: RuleId,
    pub rule: Arc<dyn Rule>,
    pub options: Arc<RuleOptions>,
}

impl std::fmt::Debug for EnabledRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnabledRule").field("id", &self.id).field("options", &self.options).finish_non_exhaustive()
    }
}

/// Models with fewer objects than this are checked on the calling thread: their rules take
/// less time than handing them to the pool, and the files of a run are checked in parallel
/// already (most are small). Larger ones spread their rules over the pool.
const PARALLEL_FROM: usize = 64;

/// Runs `rules` on `m`; findings come back in a deterministic order.
pub fn check(m: &Model, rules: &[EnabledRule]) -> Vec<Finding> {
    check_with_view(m, rules, None)
}

/// Runs `rules` on `m` with its JSON form at hand for query rules (built by the caller, with
/// the lists [`view_lists`] names).
pub fn check_with_view(m: &Model, rules: &[EnabledRule], view: Option<&super::jsonpath::Doc>) -> Vec<Finding> {
    let run = |enabled: &EnabledRule| {
        let mut cx = RuleContext::with_view(m, enabled, view);
        enabled.rule.check(&mut cx);
        cx.into_findings()
    };
    // Both keep the rules' order.
    let mut findings: Vec<Finding> = if m.object_count() < PARALLEL_FROM {
        rules.iter().flat_map(run).collect()
    } else {
        rules.par_iter().map(run).flatten().collect()
    };
    if !m.assumptions.is_empty() {
        for f in &mut findings {
            say_assumptions(m, f);
        }
    }
    findings.sort_by(|a, b| (a.span.start, &a.rule_id, &a.message).cmp(&(b.span.start, &b.rule_id, &b.message)));
    findings
}

/// The lists of the model's JSON form that `rules` read, `None` when none reads it (then no
/// form is built).
pub fn view_lists(rules: &[EnabledRule]) -> Option<Lists> {
    rules.iter().filter_map(|r| r.rule.view_lists()).reduce(Lists::union)
}

/// Appends to a finding's message the parameter defaults it rests on: those that decided
/// the conditions of the resources its spans lie in. A reviewer then knows what to check
/// ("with parameter `pSupportsNatGateway` at its default `true`").
fn say_assumptions(m: &Model, f: &mut Finding) {
    let mut params: Vec<&(String, String)> = Vec::new();
    for span in std::iter::once(f.span).chain(f.related.iter().map(|r| r.span)) {
        for a in m.assumptions_holding(span) {
            for p in &a.params {
                if !params.contains(&p) {
                    params.push(p);
                }
            }
        }
    }
    if params.is_empty() {
        return;
    }
    params.sort();
    let each: Vec<String> = params
        .iter()
        .map(|(name, value)| match value.as_str() {
            "" => format!("`{name}` at its default, the empty string"),
            _ => format!("`{name}` at its default `{value}`"),
        })
        .collect();
    let list = match each.as_slice() {
        [one] => format!("parameter {one}"),
        [init @ .., last] => format!("parameters {} and {last}", init.join(", ")),
        [] => return,
    };
    f.message.push_str(&format!(" (this holds with {list})"));
}
