//! In-source suppressions end to end: `# vpclint:ignore` comments in YAML templates,
//! `Metadata.vpclint.ignore` entries with reasons, unknown ids, `--show-suppressed` in JSON
//! and SARIF, and `per-file-ignores` in vpclint.toml.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A VPC (with a flow log) and a subnet with no route table association: one VPC101 on
/// `Lonely`.
const LONELY: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Lonely:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties: {ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ALL, LogDestinationType: s3, LogDestination: arn:aws:s3:::example-flow-logs}\n";

fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = Command::cargo_bin("vpclint").unwrap().current_dir(dir).arg("check").args(args).output().unwrap();
    let v =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key].as_array().map_or(Vec::new(), |a| a.iter().map(|f| f["rule_id"].as_str().unwrap().to_string()).collect())
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn yaml_comments_on_the_key_line_or_above_suppress_that_resource() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "same.yaml",
        &LONELY.replace("  Lonely:\n", "  Lonely: # vpclint:ignore VPC101 on the main table by design\n"),
    );
    write(d, "above.yaml", &LONELY.replace("  Lonely:\n", "  # vpclint:ignore VPC1, VPC3\n  Lonely:\n"));
    write(d, "quoted.yaml", &LONELY.replace("  Lonely:\n", "  \"Lonely\": # vpclint:ignore VPC101\n"));
    // Not a comment: a `#` inside a quoted key. Not this resource: a comment two lines up,
    // or on another resource's key.
    write(d, "inside.yaml", &LONELY.replace("  Lonely:\n", "  \"Lonely # vpclint:ignore VPC101\":\n"));
    write(d, "far.yaml", &LONELY.replace("  Lonely:\n", "  # vpclint:ignore VPC101\n\n  Lonely:\n"));
    write(d, "other.yaml", &LONELY.replace("  Vpc:\n", "  Vpc: # vpclint:ignore VPC101\n"));
    for (file, kept) in [
        ("same.yaml", 0),
        ("above.yaml", 0),
        ("quoted.yaml", 0),
        ("inside.yaml", 1),
        ("far.yaml", 1),
        ("other.yaml", 1),
    ] {
        let (code, v) = check(d, &["--format", "json", file]);
        assert_eq!(ids(&v, "findings").len(), kept, "{file}: {v}");
        assert_eq!(v["summary"]["suppressed"], 1 - kept, "{file}");
        assert_eq!(code, Some(kept as i32), "{file}");
    }
}

#[test]
fn show_suppressed_keeps_reasons_in_json_and_sarif_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let meta =
        "    Metadata:\n      vpclint:\n        ignore:\n          - {id: VPC101, reason: shared services subnet}\n";
    write(
        d,
        "meta.yaml",
        &LONELY.replace("    Type: AWS::EC2::Subnet\n", &format!("    Type: AWS::EC2::Subnet\n{meta}")),
    );
    write(d, "comment.yaml", &LONELY.replace("  Lonely:\n", "  Lonely: # vpclint:ignore VPC101 reviewed in #123\n"));

    let (code, v) = check(d, &["--format", "json", "--show-suppressed", "meta.yaml", "comment.yaml"]);
    assert_eq!(code, Some(0), "suppressed findings never fail a run: {v}");
    assert!(ids(&v, "findings").is_empty(), "{v}");
    assert_eq!(ids(&v, "suppressed"), ["VPC101", "VPC101"]);
    let reasons: Vec<&str> =
        v["suppressed"].as_array().unwrap().iter().map(|f| f["suppressed"]["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["reviewed in #123", "shared services subnet"]);
    assert_eq!(v["summary"]["suppressed"], 2);

    // Without the flag the JSON has no `suppressed` array, only the count.
    let (_, v) = check(d, &["--format", "json", "meta.yaml"]);
    assert!(v.get("suppressed").is_none(), "{v}");

    let (code, sarif) = check(d, &["--format", "sarif", "--show-suppressed", "meta.yaml"]);
    assert_eq!(code, Some(0));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let s = &results[0]["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["status"], "accepted");
    assert_eq!(s["justification"], "shared services subnet");
    let (_, sarif) = check(d, &["--format", "sarif", "meta.yaml"]);
    assert!(sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn an_unknown_id_is_a_warning_and_suppresses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let meta = "    Metadata:\n      vpclint:\n        ignore: [VPC1O1]\n";
    write(
        d,
        "typo.yaml",
        &LONELY.replace("    Type: AWS::EC2::Subnet\n", &format!("    Type: AWS::EC2::Subnet\n{meta}")),
    );
    let (code, v) = check(d, &["--format", "json", "typo.yaml"]);
    assert_eq!(code, Some(1));
    let findings = v["findings"].as_array().unwrap();
    let typo = findings.iter().find(|f| f["rule_id"] == "VPC001").expect("the typo is reported");
    assert_eq!(typo["level"], "warning");
    assert!(typo["message"].as_str().unwrap().contains("VPC1O1"), "{typo}");
    assert!(findings.iter().any(|f| f["rule_id"] == "VPC101"), "the finding stays: {v}");
    // With --fail-on error, a typo alone does not fail the run.
    let (code, _) = check(d, &["--format", "json", "--fail-on", "error", "--ignore", "VPC101", "typo.yaml"]);
    assert_eq!(code, Some(0));
}

#[test]
fn per_file_ignores_drop_rules_in_matching_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "legacy/old.yaml", LONELY);
    write(d, "new/t.yaml", LONELY);
    // A load problem (VPC001, a CIDR without its prefix) in a legacy file is dropped too.
    write(d, "legacy/bad.yaml", &LONELY.replace("10.0.1.0/24", "10.0.1.0"));
    write(d, "vpclint.toml", "[per-file-ignores]\n\"legacy/**\" = [\"VPC1\", \"VPC001\"]\n");
    let (code, v) = check(d, &["--format", "json", "."]);
    assert_eq!(code, Some(1));
    let paths: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["new/t.yaml"], "{v}");
    // --isolated ignores the file.
    let (_, v) = check(d, &["--format", "json", "--isolated", "."]);
    assert!(ids(&v, "findings").len() >= 3, "{v}");

    // A bad glob or an unknown rule is a configuration error (exit 2), with where it is.
    write(d, "vpclint.toml", "[per-file-ignores]\n\"legacy/[\" = [\"VPC1\"]\n");
    let out = Command::cargo_bin("vpclint").unwrap().current_dir(d).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    write(d, "vpclint.toml", "[per-file-ignores]\n\"legacy/**\" = [\"VPC9999\"]\n");
    let out = Command::cargo_bin("vpclint").unwrap().current_dir(d).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("VPC9999"));
}
