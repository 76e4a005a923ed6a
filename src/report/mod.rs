//! Reporting: findings with resolved locations, and one module per output format.
//!
//! Reporters see only [`Report`]: paths, lines, columns, messages and the text of files
//! with findings. They never look at templates, models or rule internals.

pub mod baseline;
pub mod concise;
pub mod excerpt;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod resolve;
pub mod rule_list;
pub mod sarif;
pub mod snippets;
pub mod statistics;
pub mod terminal;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

pub use crate::diagnostic::Level;

pub use crate::source::Location;

/// Another party to a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedLocation {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

/// A finding ready for output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportFinding {
    pub rule_id: String,
    pub rule_name: String,
    pub level: Level,
    pub message: String,
    #[serde(flatten)]
    pub location: Location,
    /// CloudFormation logical id or Terraform address.
    pub resource: Option<String>,
    /// The VPC the resource concerns: its logical id or address when the VPC is in the
    /// file, else the id, parameter or import naming it; null when not known (see
    /// `model::concern`).
    pub vpc: Option<String>,
    pub related: Vec<RelatedLocation>,
    /// The finding's identity across runs and edits (rule, path relative to the project
    /// root, resource, ordinal; never a line number): the same string as SARIF's
    /// `partialFingerprints["vpclint/v1"]`, set by [`fingerprint::assign`] (empty until then,
    /// and then left out of the JSON).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// A few words for the primary label in terminal output (not part of the JSON).
    #[serde(skip)]
    pub label: Option<String>,
    /// Help specific to this finding (a VPC000 cause), shown instead of the rule's
    /// "How to fix" in terminal output (not part of the JSON).
    #[serde(skip)]
    pub help: Option<String>,
    /// Set on a finding an in-source suppression covers, shown with `--show-suppressed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<SuppressedBy>,
}

/// The in-source suppression that covers a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressedBy {
    /// The reason the source gives (`reason:` in Metadata, the words after a comment's ids).
    pub reason: Option<String>,
}

/// Counts for the closing summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files read as a CloudFormation template or Terraform plan and checked.
    pub files_scanned: usize,
    /// Candidate files found in directory walks that are neither (skipped quietly).
    pub files_skipped: usize,
    /// Files that could not be read or parsed (each has a VPC000 finding).
    pub files_failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Findings not reported because the file suppresses them (`Metadata.vpclint.ignore`,
    /// `# vpclint:ignore` in a `.tf` block).
    pub suppressed: usize,
    /// CloudFormation templates checked together with others, joined by their exports and
    /// imports (each also counts in `files_scanned`), and the networks they form.
    pub joined_templates: usize,
    pub networks: usize,
    /// What `--baseline` (or `--write-baseline`) did, when one was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<baseline::BaselineSummary>,
}

/// Everything a reporter needs.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The rules of the run (names, docs, help), for SARIF's rule list and help lines.
    pub registry: Arc<crate::rules::Registry>,
    /// Sorted by path, line, column, rule id.
    pub findings: Vec<ReportFinding>,
    pub summary: Summary,
    /// The text of each file that has findings, for snippets.
    pub sources: BTreeMap<String, Arc<str>>,
    /// The line index of a file of `sources`, when the run has one to share (the one its
    /// findings were located with); the pretty report builds those missing.
    pub lines: BTreeMap<String, crate::source::SharedLines>,
    /// For the other files with findings, only the lines their snippets show.
    pub snippets: BTreeMap<String, snippets::Snippets>,
    /// Wall time of the run in milliseconds.
    pub elapsed_ms: u128,
    /// Findings in-source suppressions cover, kept only with `--show-suppressed` (JSON and
    /// SARIF show them; they never count towards the exit code).
    pub suppressed: Vec<ReportFinding>,
    /// The files the run read as templates or plans, or failed to (as shown), in walk order;
    /// a baseline's entries for other files are not counted as fixed.
    pub files: Vec<String>,
}

impl Report {
    /// Sorts findings and recounts the summary's levels.
    pub fn finalize(&mut self) {
        fn key(f: &ReportFinding) -> (&str, u32, u32, &str, &str) {
            (&f.location.path, f.location.line, f.location.column, &f.rule_id, &f.message)
        }
        self.findings.sort_by(|a, b| key(a).cmp(&key(b)));
        self.suppressed.sort_by(|a, b| key(a).cmp(&key(b)));
        self.summary.errors = self.findings.iter().filter(|f| f.level == Level::Error).count();
        self.summary.warnings = self.findings.iter().filter(|f| f.level == Level::Warning).count();
        self.summary.notes = self.findings.iter().filter(|f| f.level == Level::Note).count();
    }

    /// The highest level among the findings.
    pub fn max_level(&self) -> Option<Level> {
        self.findings.iter().map(|f| f.level).max()
    }
}
