//! `--write-baseline` and `--baseline` (and `baseline =` in vpclint.toml), through the built
//! binary, in a scratch repository as a user adopting vpclint would run them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

/// A scratch repository (a `.git` directory makes it the project root) holding the example
/// template and a clean one.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("stacks")).unwrap();
    std::fs::copy(common::root().join("testdata/examples/network.yaml"), dir.path().join("stacks/network.yaml"))
        .unwrap();
    std::fs::copy(common::root().join("testdata/rules/VPC101/good.yaml"), dir.path().join("stacks/good.yaml")).unwrap();
    dir
}

fn vpclint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(dir).env("COLUMNS", "100");
    cmd
}

fn json(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = vpclint(dir).args(["check", "--format", "json"]).args(args).output().unwrap();
    (out.status.code(), serde_json::from_slice(&out.stdout).unwrap())
}

/// The findings of a run without a baseline, by rule id (the example's count grows as
/// rules land).
fn findings(dir: &Path) -> Vec<String> {
    let (_, v) = json(dir, &["."]);
    v["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_string()).collect()
}

fn edit(path: &PathBuf, f: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(&text)).unwrap();
}

#[test]
fn a_written_baseline_hides_todays_findings_and_reports_new_ones() {
    let dir = repo();
    let d = dir.path();
    let n = findings(d).len();
    assert!(n >= 6);
    vpclint(d)
        .args(["check", ".", "--write-baseline", ".vpclint-baseline.json"])
        .assert()
        .code(0)
        .stderr(contains(format!("vpclint: wrote {n} findings to baseline .vpclint-baseline.json")))
        .stdout(contains(format!("Checked 2 files: 0 errors, 0 warnings, 0 notes; {n} baseline findings not shown (")));
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join(".vpclint-baseline.json")).unwrap()).unwrap();
    assert_eq!(file["version"], 1);
    let entries = file["findings"].as_array().unwrap();
    assert_eq!(entries.len(), n);
    assert_eq!(entries[0]["path"], "stacks/network.yaml", "relative to the project root");
    assert!(entries.iter().all(|e| e["fingerprint"].as_str().unwrap().len() == 16));

    // The same run against it: nothing new, exit 0.
    let (code, v) = json(d, &[".", "--baseline", ".vpclint-baseline.json"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    assert_eq!(
        v["summary"]["baseline"],
        serde_json::json!({"file": ".vpclint-baseline.json", "hidden": n, "fixed": 0})
    );

    // Lines move (a comment on top, a new unrelated resource): still nothing new, and from
    // a subdirectory too.
    let template = d.join("stacks/network.yaml");
    edit(&template, |t| {
        format!(
            "# Owner: platform team\n\n{}",
            t.replace("Resources:\n", "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n\n")
        )
    });
    let (code, v) = json(&d.join("stacks"), &["network.yaml", "--baseline", "../.vpclint-baseline.json"]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["summary"]["baseline"]["hidden"], n);

    // A renamed subnet is a new finding (exit 1), and its old entry is fixed.
    edit(&template, |t| t.replace("DataSubnet", "StorageSubnet"));
    let out = vpclint(d).args(["check", ".", "--baseline", ".vpclint-baseline.json", "--format", "concise"]).output();
    let out = out.unwrap();
    assert_eq!(out.status.code(), Some(1), "the exit code follows the new finding");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("[VPC101] subnet `StorageSubnet`"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let shown = format!("; {} baseline findings not shown; 1 baseline finding fixed (", n - 1);
    assert!(stderr.contains(&shown), "{stderr}");
}

#[test]
fn rewriting_the_baseline_after_moving_lines_leaves_the_file_unchanged() {
    let dir = repo();
    let d = dir.path();
    vpclint(d).args(["check", ".", "--write-baseline", "b.json"]).assert().code(0);
    let first = std::fs::read(d.join("b.json")).unwrap();
    edit(&d.join("stacks/network.yaml"), |t| format!("# moved\n\n\n{t}"));
    vpclint(d).args(["check", ".", "--write-baseline", "b.json"]).assert().code(0);
    assert_eq!(first, std::fs::read(d.join("b.json")).unwrap(), "sorted by path, rule, resource: not by line");
}

#[test]
fn a_run_over_some_files_does_not_call_the_others_fixed() {
    let dir = repo();
    let d = dir.path();
    vpclint(d).args(["check", ".", "--write-baseline", "b.json"]).assert().code(0);
    let (code, v) = json(d, &["stacks/good.yaml", "--baseline", "b.json"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["summary"]["baseline"], serde_json::json!({"file": "b.json", "hidden": 0, "fixed": 0}));
    // Nor are the entries of a rule that did not run.
    let vpc3 = findings(d).iter().filter(|id| id.starts_with("VPC3")).count();
    assert!(vpc3 > 0);
    let (_, v) = json(d, &[".", "--baseline", "b.json", "--select", "VPC3"]);
    assert_eq!(v["summary"]["baseline"]["fixed"], 0);
    assert_eq!(v["summary"]["baseline"]["hidden"], vpc3);
}

#[test]
fn unreadable_files_are_never_recorded_nor_hidden() {
    let dir = repo();
    let d = dir.path();
    let n = findings(d).len();
    std::fs::copy(common::root().join("testdata/cli/walk/nested/broken.template"), d.join("stacks/broken.template"))
        .unwrap();
    vpclint(d)
        .args(["check", ".", "--write-baseline", "b.json", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(contains("[VPC000]"))
        .stderr(contains(format!("wrote {n} findings")));
    assert!(!std::fs::read_to_string(d.join("b.json")).unwrap().contains("VPC000"));
    vpclint(d)
        .args(["check", ".", "--baseline", "b.json", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(contains("[VPC000]"));
}

#[test]
fn a_baseline_that_cannot_be_used_is_a_usage_error() {
    let dir = repo();
    let d = dir.path();
    // miette wraps the message: compare it with its line breaks and borders taken out.
    let refused = |file: &str, says: &str| {
        let out = vpclint(d).args(["check", ".", "--baseline", file]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        let flat = stderr.replace("\n  │ ", " ").replace('\n', " ");
        assert!(flat.contains(&format!("baseline {file} ")), "{stderr}");
        assert!(flat.contains(says), "{says:?} in {stderr}");
        assert!(flat.contains("--write-baseline FILE"), "{stderr}");
    };
    refused("missing.json", "cannot be read: No such file or directory");
    std::fs::write(d.join("text.json"), "not json").unwrap();
    refused("text.json", "is not a vpclint baseline");
    // A JSON report is not a baseline.
    let report = vpclint(d).args(["check", ".", "--format", "json"]).output().unwrap().stdout;
    std::fs::write(d.join("report.json"), report).unwrap();
    refused("report.json", "is not a vpclint baseline");
    std::fs::write(d.join("v2.json"), r#"{"version": 2, "findings": []}"#).unwrap();
    refused("v2.json", "has version 2, and this vpclint reads version 1");
    std::fs::write(d.join("short.json"), r#"{"version": 1, "findings": [{"fingerprint": "abc"}]}"#).unwrap();
    refused("short.json", "findings[0].fingerprint `abc` is not 16 lower-case hex digits");
    vpclint(d)
        .args(["check", ".", "--baseline", "b.json", "--write-baseline", "b.json"])
        .assert()
        .code(2)
        .stderr(contains("cannot be used with"));
    vpclint(d)
        .args(["check", ".", "--write-baseline", "no/such/dir/b.json"])
        .assert()
        .code(2)
        .stderr(contains("vpclint: cannot write baseline no/such/dir/b.json: No such file or directory"));
}

#[test]
fn the_configuration_file_names_a_baseline_relative_to_itself() {
    let dir = repo();
    let d = dir.path();
    let n = findings(d).len();
    vpclint(d).args(["check", ".", "--write-baseline", "ci/baseline.json"]).assert().code(2);
    std::fs::create_dir(d.join("ci")).unwrap();
    vpclint(d).args(["check", ".", "--write-baseline", "ci/baseline.json"]).assert().code(0);
    std::fs::write(d.join("vpclint.toml"), "baseline = \"ci/baseline.json\"\n").unwrap();
    // From a subdirectory: the path is the configuration file's, not the working directory's.
    let (code, v) = json(&d.join("stacks"), &["."]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["summary"]["baseline"]["hidden"], n);
    // --isolated ignores it; --write-baseline replaces it for the run.
    let (code, v) = json(d, &[".", "--isolated"]);
    assert_eq!(code, Some(1));
    assert!(v["summary"].get("baseline").is_none());
    std::fs::write(d.join("vpclint.toml"), "baseline = \"ci/missing.json\"\n").unwrap();
    vpclint(d).args(["check", "."]).assert().code(2).stderr(contains("missing.json cannot be read"));
    vpclint(d).args(["check", ".", "--write-baseline", "ci/missing.json"]).assert().code(0);
}

#[test]
fn the_json_summary_with_a_baseline_matches_the_schema() {
    let dir = repo();
    let d = dir.path();
    vpclint(d).args(["check", ".", "--write-baseline", "b.json"]).assert().code(0);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/vpclint-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_, v) = json(d, &[".", "--baseline", "b.json"]);
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_marks_findings_new_with_a_baseline_and_stays_valid() {
    let dir = repo();
    let d = dir.path();
    vpclint(d).args(["check", ".", "--write-baseline", "b.json"]).assert().code(0);
    edit(&d.join("stacks/network.yaml"), |t| t.replace("DataSubnet", "StorageSubnet"));
    let out = vpclint(d).args(["check", ".", "--baseline", "b.json", "--format", "sarif"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["baselineState"], "new");
    // Without a baseline there is no baselineState.
    let out = vpclint(d).args(["check", ".", "--format", "sarif"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["runs"][0]["results"].as_array().unwrap().iter().all(|r| r.get("baselineState").is_none()));
}
