//! Baselines, for adopting vpclint in a repository that already has findings:
//! `--write-baseline FILE` records the findings of a run, `--baseline FILE` (or `baseline =`
//! in `vpclint.toml`) hides the findings recorded there, so only new ones are reported and
//! only new ones decide the exit code. checkov's `--baseline` does the same; cfn-lint has
//! none, and ruff suggests `--add-noqa`, which would write into every template instead.
//!
//! Findings are matched by their fingerprint (see [`super::fingerprint`]: rule, path
//! relative to the project root, resource, ordinal; no line numbers), the string SARIF
//! carries in `partialFingerprints`, so an edit that moves lines does not bring a recorded
//! finding back, while a new finding on another resource, or the same rule on a renamed
//! resource, is new.
//!
//! The file is JSON, `{"version": 1, "findings": [...]}`, one entry per finding with its
//! `fingerprint` (what matching reads) and, for people reviewing the file, its `rule_id`,
//! `path`, `resource` and `message`. Entries are sorted by path, rule, resource and
//! fingerprint, not by line, so rewriting the baseline after unrelated edits leaves the
//! file unchanged and a review diff shows only findings that came or went.
//!
//! Choices:
//! - Files that cannot be read or parsed (VPC000) are never recorded and never hidden: such
//!   a file was not checked at all, which no baseline should make quiet.
//! - A baseline entry counts as fixed when no finding matched it, its file was checked in
//!   this run and its rule ran, so a run over a few files (a pre-commit hook) does not call
//!   every other file's entries fixed.
//! - A baseline file that cannot be read, is not JSON of this form, or has an entry whose
//!   fingerprint is not 16 hex digits stops the run before any file is checked (exit 2):
//!   silently reporting every finding as new, or none, would be worse.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::sarif::SarifContext;
use super::{Report, ReportFinding};
use crate::diagnostic::UNREADABLE;

/// The version of the baseline file format this vpclint reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// What matching reads.
    pub fingerprint: String,
    /// The rest is for people reviewing the file (and for counting fixed entries).
    #[serde(default)]
    pub rule_id: String,
    /// Relative to the project root, `/`-separated.
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub resource: Option<String>,
    #[serde(default)]
    pub message: String,
}

/// A baseline read from (or just written to) a file.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The file, as named.
    pub path: PathBuf,
    pub entries: Vec<Entry>,
}

/// What a baseline did in a run (in the JSON summary as `baseline`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BaselineSummary {
    /// The baseline file, as named.
    pub file: String,
    /// Findings of this run the baseline holds, not reported.
    pub hidden: usize,
    /// Entries of the baseline that no finding matched, in files this run checked and for
    /// rules that ran: fixed since the baseline was written.
    pub fixed: usize,
}

fn is_fingerprint(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Baseline {
    /// Parses and checks the text of a baseline file (read from `path`). The error says
    /// what is wrong, for `baseline FILE: ...`.
    pub fn parse(path: &Path, text: &str) -> Result<Baseline, String> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| {
            format!("is not a vpclint baseline ({{\"version\": {FORMAT_VERSION}, \"findings\": [...]}}): {e}")
        })?;
        if file.version != FORMAT_VERSION {
            return Err(format!(
                "has version {}, and this vpclint reads version {FORMAT_VERSION}; write it again with --write-baseline",
                file.version
            ));
        }
        if let Some((i, e)) = file.findings.iter().enumerate().find(|(_, e)| !is_fingerprint(&e.fingerprint)) {
            return Err(format!(
                "is not a vpclint baseline: findings[{i}].fingerprint `{}` is not 16 lower-case hex digits",
                super::excerpt::escape(&e.fingerprint)
            ));
        }
        Ok(Baseline { path: path.to_path_buf(), entries: file.findings })
    }

    /// The entries for `report`'s findings (fingerprints assigned), VPC000 left out, in the
    /// file's order.
    pub fn of(report: &Report, root: &SarifContext, path: &Path) -> Baseline {
        let mut entries: Vec<Entry> = report
            .findings
            .iter()
            .filter(|f| f.rule_id != UNREADABLE)
            .map(|f: &ReportFinding| Entry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                path: root.relative(&f.location.path),
                resource: f.resource.clone(),
                message: f.message.clone(),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.rule_id, &a.resource, &a.fingerprint).cmp(&(&b.path, &b.rule_id, &b.resource, &b.fingerprint))
        });
        Baseline { path: path.to_path_buf(), entries }
    }

    /// The file's text: pretty-printed JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let file = BaselineFile { version: FORMAT_VERSION, findings: self.entries.clone() };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        text.push('\n');
        text
    }

    /// Removes from `report` the findings the baseline holds (never VPC000), recounts the
    /// summary, and records what it did in `summary.baseline`. `ran` says whether a rule
    /// ran in this run.
    pub fn apply(&self, report: &mut Report, root: &SarifContext, ran: impl Fn(&str) -> bool) {
        let known: HashSet<&str> = self.entries.iter().map(|e| e.fingerprint.as_str()).collect();
        let mut matched: HashSet<String> = HashSet::new();
        let mut checked: HashSet<String> = report.files.iter().map(|p| root.relative(p)).collect();
        checked.extend(report.findings.iter().chain(&report.suppressed).map(|f| root.relative(&f.location.path)));
        let before = report.findings.len();
        report.findings.retain(|f| {
            let hide = f.rule_id != UNREADABLE && known.contains(f.fingerprint.as_str());
            if hide {
                matched.insert(f.fingerprint.clone());
            }
            !hide
        });
        let fixed = self
            .entries
            .iter()
            .filter(|e| !matched.contains(&e.fingerprint))
            .filter(|e| checked.contains(&e.path) && (e.rule_id.is_empty() || ran(&e.rule_id)))
            .count();
        report.finalize();
        report.summary.baseline = Some(BaselineSummary {
            file: self.path.display().to_string(),
            hidden: before - report.findings.len(),
            fixed,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_sixteen_lower_case_hex_digits() {
        assert!(is_fingerprint("567933a74387c366"));
        assert!(!is_fingerprint("567933A74387C366"));
        assert!(!is_fingerprint("567933a74387c36"));
        assert!(!is_fingerprint("567933a74387c36g"));
    }
}
