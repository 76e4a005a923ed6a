//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use vpclint::report::{Report, ReportFinding};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Checks `paths` with the default configuration.
pub fn check(paths: &[&Path]) -> Report {
    let config =
        vpclint::Config { paths: paths.iter().map(|p| p.to_path_buf()).collect(), threads: 2, ..Default::default() };
    vpclint::run(&config).expect("run succeeds").report
}

/// Checks one file or directory.
pub fn check_one(path: &Path) -> Report {
    check(&[path])
}

/// Writes `text` to a file named `name` in a new temporary directory and checks it.
pub fn check_text(name: &str, text: &str) -> (Report, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (check_one(&path), dir)
}

/// Findings of one rule.
pub fn of_rule<'r>(report: &'r Report, id: &str) -> Vec<&'r ReportFinding> {
    report.findings.iter().filter(|f| f.rule_id == id).collect()
}

/// A short description of findings for assertion messages.
pub fn describe(findings: &[ReportFinding]) -> String {
    findings
        .iter()
        .map(|f| format!("  {}:{}:{} {} {}", f.location.path, f.location.line, f.location.column, f.rule_id, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}
