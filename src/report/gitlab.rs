//! `--format gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`), the
//! subset of the Code Climate issue format GitLab reads: a JSON array of
//! `{description, check_name, fingerprint, severity, location: {path, lines: {begin, end}}}`.
//!
//! Choices, where GitLab leaves them to the tool:
//! - `description` starts with the rule id (`VPC301: subnet ...`), as ruff's does: GitLab's
//!   merge request widget shows the description, not `check_name`.
//! - `severity`: error is `critical`, warning `major`, note `info`. GitLab sorts and colours by
//!   it; `blocker` is left for nothing vpclint finds (a finding never stops GitLab itself).
//!   ruff writes `major` for everything, having no levels.
//! - `location.path` is relative to the project root (`--sarif-root`, else the git root,
//!   else the working directory). In GitLab CI the git root is `CI_PROJECT_DIR`, which ruff
//!   reads for the same purpose; vpclint needs no variable for it.
//! - `fingerprint` is the finding's fingerprint (see [`super::fingerprint`]), so GitLab
//!   matches an issue on the merge request's base and head even when lines moved.

use serde::Serialize;

use super::sarif::SarifContext;
use super::{Level, Report};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// GitLab's severity for a level.
pub fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "critical",
        Level::Warning => "major",
        Level::Note => "info",
    }
}

/// Renders the report as a pretty-printed JSON array with a trailing newline (`[]` when
/// there are no findings).
pub fn render(report: &Report, root: &SarifContext) -> String {
    let prints = super::fingerprint::of(report, root);
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .zip(prints)
        .map(|(f, fingerprint)| Issue {
            description: format!("{}: {}", f.rule_id, f.message),
            check_name: &f.rule_id,
            fingerprint,
            severity: severity(f.level),
            location: IssueLocation {
                path: root.relative(&f.location.path),
                lines: Lines { begin: f.location.line, end: f.location.end_line.max(f.location.line) },
            },
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
