//! The pretty format on files written on one line (as `terraform show -json` writes every
//! plan) and on names that carry terminal control characters: every finding is shown, no
//! line of output is longer than the terminal, no control character from the input reaches
//! the terminal, and the exit code is the usual 0 or 1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn vpclint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(dir).env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

/// The number of findings the JSON format gives for `args`.
fn json_count(dir: &Path, args: &[&str]) -> usize {
    let out = vpclint(dir).args(["check", "--format", "json"]).args(args).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"].as_array().unwrap().len()
}

/// A pretty run: exit code, stdout.
fn pretty(dir: &Path, args: &[&str], columns: usize) -> (i32, String) {
    let out = vpclint(dir)
        .args(["check", "--format", "pretty", "--color", "never"])
        .args(args)
        .env("COLUMNS", columns.to_string())
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

/// The finding headers (`path:line:column`) of pretty output, one per finding.
fn headers<'a>(text: &'a str, file: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.starts_with(file) && !l.contains(' ')).collect()
}

/// A minified plan whose findings sit past column 65,535: a real plan with a long value
/// written before its resources (as a large plan's `variables` or `prior_state` would be),
/// keys in Terraform's order.
fn write_padded_plan(dir: &Path) -> String {
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(common::root().join("testdata/tf/root/plan.json")).unwrap())
            .unwrap();
    let plan = plan.as_object().unwrap();
    assert!(!plan.contains_key("variables"));
    let mut parts = vec![
        format!("\"format_version\":{}", plan["format_version"]),
        format!("\"variables\":{{\"pad\":{{\"value\":\"{}\"}}}}", "x".repeat(70_000)),
    ];
    for (k, v) in plan.iter().filter(|(k, _)| *k != "format_version") {
        parts.push(format!("{}:{}", Value::String(k.clone()), serde_json::to_string(v).unwrap()));
    }
    let text = format!("{{{}}}", parts.join(","));
    assert!(!text.contains('\n'));
    std::fs::write(dir.join("plan.json"), &text).unwrap();
    text
}

#[test]
fn findings_past_column_65535_of_a_one_line_plan_are_all_shown() {
    let dir = tempfile::tempdir().unwrap();
    write_padded_plan(dir.path());
    let expected = json_count(dir.path(), &["plan.json"]);
    assert!(expected >= 3, "the plan gives findings");
    let (code, text) = pretty(dir.path(), &["plan.json"], 100);
    assert_eq!(code, 1, "{text}");
    let shown = headers(&text, "plan.json:1:");
    assert_eq!(shown.len(), expected, "{text}");
    for h in &shown {
        let column: u32 = h.rsplit(':').next().unwrap().parse().unwrap();
        assert!(column > 65_535, "the header keeps the real column: {h}");
    }
    // The snippet is a window, not the 70 KB line.
    assert!(text.len() < 20_000, "{} bytes of output", text.len());
    assert!(text.contains('…'));
}

#[test]
fn snippet_lines_fit_the_terminal_width() {
    let dir = tempfile::tempdir().unwrap();
    write_padded_plan(dir.path());
    for columns in [60, 100, 160] {
        let (code, text) = pretty(dir.path(), &["plan.json"], columns);
        assert_eq!(code, 1);
        // Source lines of a snippet: ` 1 │ …`; labels may run longer (miette does not wrap
        // them), the source text never does.
        for line in text.lines().filter(|l| l.trim_start().starts_with("1 │")) {
            assert!(line.chars().count() <= columns, "{columns} columns: {line}");
        }
    }
}

#[test]
fn a_directory_of_one_line_plans_and_templates_gives_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    write_padded_plan(dir.path());
    for f in ["modules.tfplan.json", "vpc304.tfplan.json", "vpc301-cfn.json"] {
        std::fs::copy(common::root().join("testdata/oneline").join(f), dir.path().join(f)).unwrap();
    }
    let expected = json_count(dir.path(), &["."]);
    let (code, text) = pretty(dir.path(), &["."], 100);
    assert_eq!(code, 1);
    let shown = text.lines().filter(|l| l.contains(".json:1:") && !l.contains(' ')).count();
    assert_eq!(shown, expected, "{text}");
    assert!(text.contains("Checked 4 files: "), "{text}");
}

#[test]
fn control_characters_in_names_are_escaped() {
    // A logical id with ESC sequences (clear screen, colour, a fake hyperlink), a C1 CSI,
    // a bell and a right-to-left override, in a template written on one line.
    let evil = "App\u{1b}[2J\u{1b}[31m\u{1b}]8;;http://x\u{7}\u{9b}1m\u{202e}Subnet";
    let template = serde_json::json!({
        "Resources": {
            evil: {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24"}},
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
        }
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil.json"), serde_json::to_string(&template).unwrap()).unwrap();
    let expected = json_count(dir.path(), &["evil.json"]);
    assert!(expected >= 1);
    let (code, text) = pretty(dir.path(), &["evil.json"], 100);
    assert_eq!(code, 1);
    assert_eq!(headers(&text, "evil.json:").len(), expected, "{text}");
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(c), "{:?} reached the terminal:\n{text}", c);
    }
    assert!(text.contains("App\\u{1b}[2J"), "the name is shown escaped:\n{text}");
}

#[test]
fn snapshot_pretty_of_minified_plans() {
    let root = common::root();
    let (code, text) = pretty(&root, &["testdata/oneline"], 100);
    assert_eq!(code, 1);
    let text = text.rsplit_once(" (").map_or(text.clone(), |(head, _)| head.to_string());
    insta::assert_snapshot!("oneline_pretty", text);
}
