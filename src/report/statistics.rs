//! `--statistics`: how many findings each rule has, instead of the findings, as ruff's
//! `--statistics` prints them: a table for `pretty` and `concise`, a JSON array for `json`.

use serde::Serialize;

use super::excerpt::escape;
use super::{Level, Report};

/// One rule's findings in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub rule_id: String,
    pub rule_name: String,
    /// The level of the rule's findings in this run (`[severity]` overrides applied).
    pub level: Level,
    pub count: usize,
}

/// The rules with findings, most findings first, then by rule id.
pub fn counts(report: &Report) -> Vec<RuleCount> {
    let mut by_rule: std::collections::BTreeMap<&str, RuleCount> = std::collections::BTreeMap::new();
    for f in &report.findings {
        by_rule
            .entry(f.rule_id.as_str())
            .or_insert_with(|| RuleCount {
                rule_id: f.rule_id.clone(),
                rule_name: f.rule_name.clone(),
                level: f.level,
                count: 0,
            })
            .count += 1;
    }
    let mut out: Vec<RuleCount> = by_rule.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule_id.cmp(&b.rule_id)));
    out
}

/// One line per rule: count (right-aligned), id, level, name; nothing when there are no
/// findings.
pub fn render_table(report: &Report) -> String {
    let rows = counts(report);
    let count_width = rows.iter().map(|r| r.count.to_string().len()).max().unwrap_or(1);
    let id_width = rows.iter().map(|r| r.rule_id.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rows {
        out.push_str(&format!(
            "{:>count_width$}  {:<id_width$}  {:<7}  {}\n",
            r.count,
            escape(&r.rule_id),
            r.level.as_str(),
            escape(&r.rule_name)
        ));
    }
    out
}

/// A JSON array of `{rule_id, rule_name, level, count}`, pretty-printed, with a trailing
/// newline.
pub fn render_json(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(&counts(report)).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
