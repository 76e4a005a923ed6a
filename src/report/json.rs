//! `--format json`: `{"version", "findings": [...], "summary": {...}}`, documented in
//! README.md and described by `schemas/vpclint-report.schema.json`.

use serde::Serialize;

use super::{Report, ReportFinding, Summary};

#[derive(Serialize)]
struct JsonReport<'a> {
    version: &'static str,
    findings: &'a [ReportFinding],
    summary: &'a Summary,
    /// Findings in-source suppressions cover, only with `--show-suppressed`.
    #[serde(skip_serializing_if = "<[ReportFinding]>::is_empty")]
    suppressed: &'a [ReportFinding],
}

/// Renders the report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report) -> String {
    let doc = JsonReport {
        version: env!("CARGO_PKG_VERSION"),
        findings: &report.findings,
        summary: &report.summary,
        suppressed: &report.suppressed,
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
