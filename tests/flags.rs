//! Flags that used to be silently wrong: rule selectors, directory flags, sizes. Each bad
//! value is a usage error (exit 2) that says what was wrong; each good spelling works.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

const EXAMPLE: &str = "testdata/examples/network.yaml";

/// The binary, run from the repository root, ignoring any configuration file.
fn vpclint() -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(common::root()).env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

/// Checks `path` as JSON with `args`; returns the exit code and the set of rule ids found.
fn rule_ids(path: &Path, args: &[&str]) -> (Option<i32>, BTreeSet<String>) {
    let out = vpclint().args(["check", "--isolated", "--format", "json"]).arg(path).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {args:?} {stderr}"));
    let ids = v["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_string()).collect();
    (out.status.code(), ids)
}

fn example_ids(args: &[&str]) -> (Option<i32>, BTreeSet<String>) {
    rule_ids(Path::new(EXAMPLE), args)
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// Runs `check EXAMPLE` with `args` and expects a usage error whose stderr holds `needles`.
fn usage_error(args: &[&str], needles: &[&str]) {
    let out = vpclint().args(["check", "--isolated", EXAMPLE]).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?} must be a usage error: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}: no report on a usage error");
    for n in needles {
        assert!(stderr.contains(n), "{args:?}: stderr lacks {n:?}:\n{stderr}");
    }
}

#[test]
fn select_typo_is_a_usage_error_that_suggests_the_id() {
    usage_error(&["--select", "VPC3O1"], &["--select", "unknown rule `VPC3O1`; did you mean `VPC301`"]);
}

#[test]
fn select_lowercase_id_runs_only_that_rule() {
    assert_eq!(example_ids(&["--select", "vpc301"]), (Some(1), set(&["VPC301"])));
}

#[test]
fn select_rule_name_runs_that_rule() {
    assert_eq!(example_ids(&["--select", "s3-via-nat"]), (Some(1), set(&["VPC301"])));
    assert_eq!(example_ids(&["--select", "Private-DNS-Without-VPC-DNS"]), (Some(1), set(&["VPC303"])));
}

#[test]
fn select_prefix_that_matches_no_rule_is_a_usage_error() {
    usage_error(&["--select", "VPC9"], &["no rule id starts with `VPC9`", "did you mean `VPC0`"]);
    usage_error(&["--select", "banana"], &["unknown rule `banana`", "vpclint rules"]);
    usage_error(&["--select", "VPC301,"], &["empty rule selector"]);
}

#[test]
fn select_prefix_still_works() {
    assert_eq!(
        example_ids(&["--select", "vpc30"]),
        (Some(1), set(&["VPC301", "VPC302", "VPC303", "VPC304", "VPC308"]))
    );
}

#[test]
fn select_list_with_spaces_after_commas() {
    assert_eq!(example_ids(&["--select", "VPC301, VPC302"]), (Some(1), set(&["VPC301", "VPC302"])));
    assert_eq!(example_ids(&["--select", "VPC301", "--select", " s3-via-nat "]), (Some(1), set(&["VPC301"])));
}

#[test]
fn select_and_ignore_all_keep_working() {
    let all = set(&["VPC101", "VPC301", "VPC302", "VPC303", "VPC304", "VPC308", "VPC501"]);
    assert_eq!(example_ids(&["--select", "all"]), (Some(1), all));
    assert_eq!(example_ids(&["--ignore", "ALL"]), (Some(0), set(&[])));
}

#[test]
fn ignore_unknown_id_is_a_usage_error() {
    usage_error(&["--ignore", "VPC1O1"], &["--ignore", "did you mean `VPC101`?"]);
    usage_error(&["--ignore", "VPC301,NOPE42"], &["NOPE42"]);
}

#[test]
fn ignore_takes_names_and_lowercase() {
    let (code, ids) = example_ids(&["--ignore", "vpc101, s3-via-nat"]);
    assert_eq!(code, Some(1));
    assert_eq!(ids, set(&["VPC302", "VPC303", "VPC304", "VPC308", "VPC501"]));
}

#[test]
fn config_file_takes_lowercase_ids_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("vpclint.toml");
    std::fs::write(&config, "select = [\"vpc302\", \"s3-via-nat\"]\n[severity]\nvpc301 = \"note\"\n").unwrap();
    let out = vpclint()
        .args(["check", EXAMPLE, "--format", "json", "--fail-on", "warning", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let levels: BTreeSet<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule_id"].as_str().unwrap().to_string(), f["level"].as_str().unwrap().to_string()))
        .collect();
    let want: BTreeSet<(String, String)> =
        [("VPC301", "note"), ("VPC302", "warning")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(levels, want);
}

#[test]
fn config_file_typo_is_a_usage_error_that_suggests_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("vpclint.toml");
    std::fs::write(&config, "fail-on = \"error\"\nselect = [\"VPC3O1\"]\n").unwrap();
    vpclint()
        .args(["check", EXAMPLE, "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(contains("vpclint.toml"))
        .stderr(contains("did you mean `VPC301`"));
    std::fs::write(&config, "ignore = [\"s3-via-nta\"]\n").unwrap();
    vpclint()
        .args(["check", EXAMPLE, "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(contains("did you mean `s3-via-nat`?"));
}

#[test]
fn sarif_root_that_does_not_exist_is_a_usage_error() {
    usage_error(
        &["--format", "sarif", "--sarif-root", "/nonexistent"],
        &["--sarif-root", "/nonexistent", "does not exist"],
    );
    usage_error(&["--sarif-root", "README.md"], &["--sarif-root", "README.md", "not a directory"]);
    vpclint().args(["check", "--isolated", EXAMPLE, "--format", "sarif", "--sarif-root", "testdata"]).assert().code(1);
}

#[test]
fn tf_root_that_does_not_exist_is_a_usage_error() {
    usage_error(&["--tf-root", "/nonexistent"], &["--tf-root", "/nonexistent", "does not exist"]);
    usage_error(&["--tf-root", "README.md"], &["--tf-root", "README.md", "not a directory"]);
    vpclint().args(["check", "--isolated", EXAMPLE, "--tf-root", "testdata/tf/root"]).assert().code(1);
}

#[test]
fn max_file_size_takes_units() {
    let size = std::fs::metadata(common::root().join(EXAMPLE)).unwrap().len();
    assert!(size > 1000 && size < 10_000_000, "the example is between 1 kB and 10 MB: {size}");
    for ok in ["10MB", "64MiB", "1048576", "1 gib", "10m"] {
        let (code, ids) = example_ids(&["--max-file-size", ok]);
        assert_eq!(code, Some(1));
        assert!(!ids.contains("VPC000") && ids.contains("VPC301"), "--max-file-size {ok}: {ids:?}");
    }
    let (code, ids) = example_ids(&["--max-file-size", "1kb"]);
    assert_eq!((code, ids), (Some(1), set(&["VPC000"])), "a file over 1 kB is refused with --max-file-size 1kb");
}

#[test]
fn max_file_size_units_are_decimal_or_binary() {
    // 1010 bytes: over 1 kB (1000), under 1 KiB (1024).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    let template = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n";
    let text = format!("{template}#{}\n", "x".repeat(1010 - template.len() - 2));
    assert_eq!(text.len(), 1010);
    std::fs::write(&path, text).unwrap();
    assert_eq!(rule_ids(&path, &["--max-file-size", "1KB"]).1, set(&["VPC000"]));
    assert_eq!(rule_ids(&path, &["--max-file-size", "1009"]).1, set(&["VPC000"]));
    // Read, not refused: its VPC has no flow log (a note, exit 0).
    for ok in ["1KiB", "1k", "1010", "1010 B"] {
        assert_eq!(rule_ids(&path, &["--max-file-size", ok]), (Some(0), set(&["VPC501"])), "--max-file-size {ok}");
    }
    // The configuration file takes the same strings, and integers as before.
    let config = dir.path().join("vpclint.toml");
    for (setting, refused) in [("\"1kb\"", true), ("\"1 KiB\"", false), ("1000", true), ("1010", false)] {
        std::fs::write(&config, format!("max-file-size = {setting}\n")).unwrap();
        let out = vpclint().args(["check", "--format", "json", "--config"]).arg(&config).arg(&path).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["summary"]["files_failed"] == 1, refused, "max-file-size = {setting}: {v}");
    }
}

#[test]
fn max_file_size_refuses_what_is_not_a_size() {
    usage_error(&["--max-file-size", "banana"], &["--max-file-size", "banana", "10MB", "64MiB"]);
    usage_error(&["--max-file-size", "10XB"], &["unknown unit `XB`"]);
    usage_error(&["--max-file-size", "1.5MB"], &["whole number"]);
    usage_error(&["--max-file-size=-1"], &["--max-file-size", "`-1` is not a size"]);
}

#[test]
fn help_describes_the_accepted_forms() {
    let out = vpclint().args(["check", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in ["s3-via-nat", "VPC3", "MiB", "powers of 1000", "powers of 1024", "must exist"] {
        assert!(help.contains(needle), "`check --help` lacks {needle:?}:\n{help}");
    }
}
