//! The formats and listings for CI systems and scripts, through the built binary:
//! `--format concise`, `--statistics`, `--format gitlab`, `--format junit`,
//! `vpclint rules --format json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;

fn vpclint() -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(common::root()).env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

const EXAMPLE: &str = "testdata/examples/network.yaml";

#[test]
fn concise_is_one_line_per_finding_and_the_summary_on_stderr() {
    let out = vpclint().args(["check", EXAMPLE, "--format", "concise"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 8, "{stdout}");
    let line = lines.iter().find(|l| l.contains("[VPC301]")).unwrap();
    let (place, rest) = line.split_once(": ").unwrap();
    let parts: Vec<&str> = place.split(':').collect();
    assert_eq!(parts[0], EXAMPLE);
    assert!(parts[1].parse::<u32>().unwrap() >= 1 && parts[2].parse::<u32>().unwrap() >= 1, "{line}");
    assert!(rest.starts_with("warning [VPC301] subnet `"), "{line}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("Checked 1 file: 3 errors, 3 warnings, 2 notes"), "{stderr}");
}

#[test]
fn concise_escapes_control_characters_in_paths() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\u{1b}[2Jy.yaml";
    std::fs::write(dir.path().join(name), "Resources:\n  A: [\n").unwrap();
    let out = vpclint().args(["check", "--format", "concise"]).arg(dir.path().join(name)).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(!stdout.contains('\u{1b}') && stdout.contains("x\\u{1b}[2Jy.yaml:"), "{stdout}");
    assert!(stdout.contains(": error [VPC000] "), "{stdout}");
}

#[test]
fn statistics_count_each_rule_most_first_as_a_table_or_json() {
    let out = vpclint().args(["check", EXAMPLE, "--statistics"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the exit code is the one without --statistics");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "2  VPC304  error    endpoint-sg-denies-clients", "{text}");
    assert_eq!(lines[1], "1  VPC101  warning  subnet-without-route-table-association", "{text}");
    assert!(lines.last().unwrap().starts_with("Checked 1 file: "), "pretty keeps its summary line: {text}");

    let out = vpclint().args(["check", EXAMPLE, "--statistics", "--format", "concise"]).output().unwrap();
    let concise = String::from_utf8(out.stdout).unwrap();
    assert_eq!(concise.lines().collect::<Vec<_>>(), lines[..lines.len() - 1], "the same table, summary on stderr");
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("Checked 1 file: "));

    let out = vpclint()
        .args(["check", EXAMPLE, "testdata/tf/root/plan.json", "--statistics", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows: Vec<(String, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rule_id"].as_str().unwrap().to_string(), r["count"].as_u64().unwrap()))
        .collect();
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    assert_eq!(rows, sorted, "by count, then id");
    assert_eq!(rows[0], ("VPC301".to_string(), 3));
    assert_eq!(v[0]["rule_name"], "s3-via-nat");
    assert_eq!(v[0]["level"], "warning");
    let total: u64 = rows.iter().map(|r| r.1).sum();
    let all = vpclint().args(["check", EXAMPLE, "testdata/tf/root/plan.json", "--format", "json"]).output().unwrap();
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(total as usize, all["findings"].as_array().unwrap().len());

    let clean =
        vpclint().args(["check", "testdata/rules/VPC101/good.yaml", "--statistics", "--format", "json"]).output();
    let clean = clean.unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(String::from_utf8(clean.stdout).unwrap(), "[]\n");
}

#[test]
fn statistics_with_another_format_is_a_usage_error() {
    vpclint()
        .args(["check", EXAMPLE, "--statistics", "--format", "sarif"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--statistics: works with --format pretty, concise or json"));
}

#[test]
fn json_findings_carry_the_sarif_fingerprint_from_any_working_directory() {
    let fingerprints = |format: &str, dir: &str, path: &str| -> Vec<String> {
        let out = vpclint().current_dir(common::root().join(dir)).args(["check", path, "--format", format]).output();
        let v: serde_json::Value = serde_json::from_slice(&out.unwrap().stdout).unwrap();
        let items = if format == "json" { &v["findings"] } else { &v["runs"][0]["results"] };
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let p = if format == "json" { &f["fingerprint"] } else { &f["partialFingerprints"]["vpclint/v1"] };
                p.as_str().unwrap().to_string()
            })
            .collect()
    };
    let json = fingerprints("json", ".", EXAMPLE);
    assert_eq!(json.len(), 8);
    assert!(json.iter().all(|p| p.len() == 16 && p.bytes().all(|b| b.is_ascii_hexdigit())), "{json:?}");
    assert_eq!(json, fingerprints("sarif", ".", EXAMPLE));
    // Relative to the git root, not to the working directory or the path as typed.
    assert_eq!(json, fingerprints("json", "testdata", "examples/network.yaml"));
    let mut unique = json.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), json.len(), "two findings of one rule on one resource differ by their ordinal");
}

#[test]
fn gitlab_and_junit_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("gl-code-quality-report.json");
    let out = vpclint()
        .current_dir(common::root().join("testdata"))
        .args(["check", "examples/network.yaml", "--format", "gitlab", "--output"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the exit code is the findings'");
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("Checked 1 file: "), "summary on stderr");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 8);
    assert_eq!(
        issues[0]["location"]["path"], "testdata/examples/network.yaml",
        "relative to the git root, not to the working directory"
    );
    // VPC501's note on the VPC, then VPC301's warning on `AppSubnet`.
    assert_eq!(issues[0]["location"]["lines"]["begin"], 6);
    assert_eq!(issues[0]["severity"], "info");
    assert_eq!(issues[1]["location"]["lines"]["begin"], 54);
    assert_eq!(issues[1]["severity"], "major");
    let levels: Vec<&str> = issues.iter().map(|i| i["severity"].as_str().unwrap()).collect();
    assert!(levels.contains(&"critical"), "errors are critical: {levels:?}");

    let out = vpclint().args(["check", EXAMPLE, "--format", "junit"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vpclint\" tests=\"8\" failures=\"8\" errors=\"0\">"), "{xml}");
    assert!(out.stderr.is_empty(), "no summary line on stdout or stderr without --output");

    vpclint()
        .args(["check", EXAMPLE, "--statistics", "--format", "gitlab"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--statistics: works with --format pretty, concise or json"));
}

#[test]
fn rules_as_json_list_every_rule_with_its_docs_url() {
    let text = vpclint().args(["rules"]).output().unwrap();
    let ids: Vec<String> = String::from_utf8(text.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let out = vpclint().args(["rules", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = v.as_array().unwrap();
    assert_eq!(rules.iter().map(|r| r["id"].as_str().unwrap()).collect::<Vec<_>>(), ids, "the same rules in order");
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()), "{r}");
        assert!(!r["name"].as_str().unwrap().is_empty() && !r["summary"].as_str().unwrap().is_empty());
        assert!(r["explanation"].as_str().unwrap().contains("## What it does"), "{id}");
        let url = r["url"].as_str().unwrap();
        let page = url.strip_prefix("https://github.com/vpclint/vpclint/blob/main/").unwrap();
        assert!(common::root().join(page).is_file(), "{url} is a file of this repository");
        assert!(r["file"].is_null());
    }
    // A user rule has no page in this repository: its doc is its file.
    let out = vpclint().args(["rules", "--format", "json", "--rules", "examples/rules"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let org = v.as_array().unwrap().iter().find(|r| r["id"] == "ORG001").unwrap();
    assert!(org["url"].is_null());
    assert!(org["file"].as_str().unwrap().ends_with(".md"));
}
