//! Per-rule fixtures in `testdata/rules/<ID>/`.
//!
//! YAML fixtures mark each expected finding with `# expect: <ID>` on the line where its
//! span starts; the test compares the exact set of (line, id) for the directory's rule.
//! JSON fixtures (templates and plans) list expected findings in `<file>.expect`, one
//! `<ID> <resource> [<line>]` per line. A file without expectations expects none.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;

fn yaml_expectations(text: &str, id: &str) -> BTreeSet<(u32, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(pos) = line.find("# expect:") {
            for want in line[pos + 9..].split(',') {
                let want = want.trim();
                if want == id {
                    out.insert((i as u32 + 1, want.to_string()));
                }
            }
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Expected {
    id: String,
    resource: String,
    line: Option<u32>,
}

fn sidecar_expectations(path: &Path, id: &str) -> Vec<Expected> {
    let sidecar = path.with_file_name(format!("{}.expect", path.file_name().unwrap().to_string_lossy()));
    let Ok(text) = std::fs::read_to_string(&sidecar) else { return Vec::new() };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let rule = parts.next().unwrap().to_string();
            let resource =
                parts.next().unwrap_or_else(|| panic!("{}: `{l}` lacks a resource", sidecar.display())).to_string();
            let line = parts.next().map(|n| n.parse().unwrap());
            Expected { id: rule, resource, line }
        })
        .filter(|e| e.id == id)
        .collect()
}

#[test]
fn rule_fixtures() {
    let dir = common::root().join("testdata/rules");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut rule_dirs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    rule_dirs.sort();
    for rule_dir in rule_dirs {
        let id = rule_dir.file_name().unwrap().to_string_lossy().to_string();
        let mut files: Vec<_> = std::fs::read_dir(&rule_dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let ext = path.extension().map(|e| e.to_string_lossy().to_string()).unwrap_or_default();
            if !matches!(ext.as_str(), "yaml" | "yml" | "json" | "template") {
                continue;
            }
            checked += 1;
            let report = common::check_one(&path);
            let actual: Vec<_> = report.findings.iter().filter(|f| f.rule_id == id).collect();
            if ext == "yaml" || ext == "yml" {
                let text = std::fs::read_to_string(&path).unwrap();
                let expected = yaml_expectations(&text, &id);
                let got: BTreeSet<(u32, String)> =
                    actual.iter().map(|f| (f.location.line, f.rule_id.clone())).collect();
                if expected != got {
                    failures.push(format!(
                        "{}: expected {:?}, got {:?}\n{}",
                        path.display(),
                        expected,
                        got,
                        common::describe(&report.findings)
                    ));
                }
            } else {
                let expected = sidecar_expectations(&path, &id);
                let mut got: Vec<Expected> = actual
                    .iter()
                    .map(|f| Expected {
                        id: f.rule_id.clone(),
                        resource: f.resource.clone().unwrap_or_default(),
                        line: Some(f.location.line),
                    })
                    .collect();
                // Lines are compared only where the expectation gives one.
                for (g, e) in got.iter_mut().zip(expected.iter()) {
                    if e.line.is_none() {
                        g.line = None;
                    }
                }
                let mut expected_sorted = expected.clone();
                expected_sorted.sort();
                got.sort();
                let matches = expected_sorted.len() == got.len()
                    && expected_sorted.iter().all(|e| {
                        got.iter()
                            .any(|g| g.id == e.id && g.resource == e.resource && (e.line.is_none() || g.line == e.line))
                    });
                if !matches {
                    failures.push(format!(
                        "{}: expected {:?}, got {:?}\n{}",
                        path.display(),
                        expected_sorted,
                        got,
                        common::describe(&report.findings)
                    ));
                }
            }
            // Fixtures are well-formed: no load diagnostics unless the rule is one.
            if id != "VPC000" && id != "VPC001" {
                let load: Vec<_> = report
                    .findings
                    .iter()
                    .filter(|f| f.rule_id == "VPC000" || f.rule_id == "VPC001")
                    .cloned()
                    .collect();
                if !load.is_empty() {
                    failures.push(format!(
                        "{}: unexpected load diagnostics\n{}",
                        path.display(),
                        common::describe(&load)
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no fixtures found");
    assert!(failures.is_empty(), "{} fixture(s) failed:\n{}", failures.len(), failures.join("\n\n"));
}

/// The rendered findings of every fixture (message, labels, related locations, help), one
/// snapshot per fixture: a change in what a user reads is a reviewed snapshot change.
#[test]
fn rendered_findings_of_every_fixture() {
    let root = common::root();
    std::env::set_current_dir(&root).unwrap();
    insta::glob!("../testdata/rules", "*/*.{yaml,yml,json,template}", |path| {
        let rel = path.strip_prefix(&root).unwrap();
        let mut report = common::check_one(rel);
        report.elapsed_ms = 0;
        let text =
            vpclint::report::terminal::render(&report, vpclint::report::terminal::Style { color: false, width: 100 });
        insta::assert_snapshot!(text);
    });
}
