//! The built binary, end to end: exit codes, formats, walks, explain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;
use serde_json::Value;

fn vpclint() -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(common::root()).env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("valid JSON on stdout")
}

#[test]
fn example_gives_every_founding_rule_and_exit_1() {
    let out = vpclint().args(["check", "testdata/examples", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    let ids: std::collections::BTreeSet<&str> =
        v["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    for id in ["VPC101", "VPC301", "VPC302", "VPC303", "VPC304"] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
    assert_eq!(v["summary"]["files_scanned"], 1);
}

#[test]
fn json_findings_have_the_documented_fields_and_order() {
    let out = vpclint().args(["check", "testdata/examples", "--format", "json"]).output().unwrap();
    let v = json_of(&out.stdout);
    let findings = v["findings"].as_array().unwrap();
    for f in findings {
        for key in
            ["rule_id", "level", "message", "path", "line", "column", "end_line", "end_column", "resource", "related"]
        {
            assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
        }
        assert!(["error", "warning", "note"].contains(&f["level"].as_str().unwrap()));
        assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
        for r in f["related"].as_array().unwrap() {
            for key in ["path", "line", "column", "message"] {
                assert!(r.get(key).is_some(), "related lacks `{key}`: {r}");
            }
        }
    }
    let keys: Vec<(String, u64, u64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "findings are sorted by path, line, column, rule id");
    for key in ["files_scanned", "errors", "warnings", "notes"] {
        assert!(v["summary"].get(key).is_some(), "summary lacks `{key}`");
    }
}

#[test]
fn findings_point_at_the_thing_at_fault() {
    let out = vpclint().args(["check", "testdata/examples/network.yaml", "--format", "json"]).output().unwrap();
    let v = json_of(&out.stdout);
    let text = std::fs::read_to_string(common::root().join("testdata/examples/network.yaml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let find = |id: &str| v["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == id).unwrap().clone();
    let f = find("VPC303");
    let line = lines[f["line"].as_u64().unwrap() as usize - 1];
    let col = f["column"].as_u64().unwrap() as usize - 1;
    assert!(line[col..].starts_with("true"), "VPC303 points at the PrivateDnsEnabled value: {line}");
    let f = find("VPC301");
    let line = lines[f["line"].as_u64().unwrap() as usize - 1];
    assert_eq!(line.trim(), "AppSubnet:");
    assert_eq!(f["resource"], "AppSubnet");
    let related = f["related"].as_array().unwrap();
    let nat_line = lines[related[0]["line"].as_u64().unwrap() as usize - 1];
    assert!(nat_line.contains("NatGatewayId"), "related points at the NAT route: {nat_line}");
}

#[test]
fn fail_on_controls_the_exit_code() {
    // VPC101 alone is a warning.
    let path = "testdata/cli/walk/nested/forgot-association.json";
    vpclint().args(["check", path]).assert().code(1);
    vpclint().args(["check", path, "--fail-on", "error"]).assert().code(0);
    vpclint().args(["check", path, "--fail-on", "never"]).assert().code(0);
    vpclint().args(["check", path, "--ignore", "VPC101"]).assert().code(0);
    vpclint().args(["check", path, "--select", "VPC3"]).assert().code(0);
    vpclint().args(["check", "testdata/rules/VPC101/good.yaml"]).assert().code(0);
}

#[test]
fn usage_errors_exit_2() {
    vpclint()
        .args(["check", "testdata/does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does-not-exist"));
    vpclint().args(["check", "--format", "xml", "testdata"]).assert().code(2);
    vpclint().args(["frobnicate"]).assert().code(2);
    vpclint().args(["explain", "VPC999"]).assert().code(2);
}

#[test]
fn walk_honours_gitignore_and_skips_non_templates_and_keeps_going() {
    let out = vpclint().args(["check", "testdata/cli/walk", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the broken template fails the run");
    let v = json_of(&out.stdout);
    let paths: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.iter().all(|p| !p.contains("ignored.yaml")), ".gitignore is honoured: {paths:?}");
    assert!(paths.iter().all(|p| !p.contains("node_modules")), "node_modules is skipped: {paths:?}");
    let broken = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("broken.template"))
        .unwrap();
    assert_eq!(broken["rule_id"], "VPC000");
    assert_eq!(broken["level"], "error");
    assert_eq!(broken["line"], 5, "the parse error has its position: the end of the truncated list");
    // The good neighbour of the broken file was still checked.
    assert!(paths.iter().any(|p| p.ends_with("forgot-association.json")));
    assert_eq!(v["summary"]["files_scanned"], 2);
    assert_eq!(v["summary"]["files_skipped"], 2, "a Kubernetes manifest and a Helm template are skipped quietly");
    assert_eq!(v["summary"]["files_failed"], 1);
}

#[test]
fn explicitly_named_non_template_is_reported() {
    let out =
        vpclint().args(["check", "testdata/cli/walk/nested/deployment.yaml", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    assert_eq!(v["findings"][0]["rule_id"], "VPC000");
    assert!(v["findings"][0]["message"].as_str().unwrap().contains("not a CloudFormation template"));
}

#[test]
fn output_file_and_pretty_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("report.json");
    vpclint()
        .args(["check", "testdata/examples", "--format", "json", "--output"])
        .arg(&out_path)
        .assert()
        .code(1)
        .stdout("");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert!(!v["findings"].as_array().unwrap().is_empty());

    let out = vpclint().args(["check", "testdata/examples"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no colour when stdout is not a terminal");
    assert!(text.contains("VPC301(s3-via-nat)"));
    assert!(text.contains("NatGatewayId: !Ref NatGateway"), "the snippet is shown");
    assert!(text.contains("help: "), "the fix is shown");
    assert!(text.trim_end().lines().last().unwrap().starts_with("Checked 1 file: 3 errors, 3 warnings, 2 notes"));
}

#[test]
fn explain_and_rules_list() {
    vpclint().args(["explain", "VPC301"]).assert().code(0).stdout(predicates::str::contains("## Why is this bad?"));
    vpclint().args(["explain", "s3-via-nat"]).assert().code(0).stdout(predicates::str::contains("VPC301"));
    let out = vpclint().args(["rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for id in ["VPC000", "VPC001", "VPC101", "VPC301", "VPC302", "VPC303", "VPC304"] {
        assert!(text.contains(id), "{id} listed");
    }
}

#[test]
fn cdk_default_vpc_gives_vpc301_per_private_subnet_and_the_endpoint_clears_it() {
    let out = vpclint().args(["check", "testdata/cdk/cdk.out", "--format", "json"]).output().unwrap();
    let v = json_of(&out.stdout);
    let hits: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "VPC301")
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(hits, ["VpcPrivateSubnet1Subnet536B997A", "VpcPrivateSubnet2Subnet536B997B"]);
    assert_eq!(
        v["summary"]["files_scanned"], 1,
        "only the template is checked; manifest.json and tree.json are skipped"
    );
    vpclint().args(["check", "testdata/cdk/cdk.out.fixed"]).assert().code(0);
}

/// One VPC101 finding (the VPC has a flow log, so VPC501 is silent).
const LONELY_SUBNET: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Lonely:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties: {ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ALL, LogDestinationType: s3, LogDestination: arn:aws:s3:::example-flow-logs}\n";

#[test]
fn cloudformation_metadata_suppresses_findings() {
    let dir = tempfile::tempdir().unwrap();
    let suppressed = LONELY_SUBNET.replace(
        "  Lonely:\n    Type: AWS::EC2::Subnet\n",
        "  Lonely:\n    Type: AWS::EC2::Subnet\n    Metadata:\n      vpclint:\n        ignore: [VPC101]\n",
    );
    std::fs::write(dir.path().join("a.yaml"), &suppressed).unwrap();
    let out = vpclint().args(["check", "--format", "json"]).arg(dir.path().join("a.yaml")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out.stdout);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["suppressed"], 1);

    // Template-level, with a prefix; an unknown id is reported.
    let whole = format!("Metadata:\n  vpclint:\n    ignore: [VPC1, NOPE42]\n{LONELY_SUBNET}");
    std::fs::write(dir.path().join("b.yaml"), whole).unwrap();
    let out = vpclint().args(["check", "--format", "json"]).arg(dir.path().join("b.yaml")).output().unwrap();
    let v = json_of(&out.stdout);
    let ids: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["VPC001"], "{v}");
    assert!(v["findings"][0]["message"].as_str().unwrap().contains("NOPE42"));
}

#[test]
fn terraform_comment_suppresses_findings_in_its_block() {
    let dir = tempfile::tempdir().unwrap();
    let src = common::root().join("testdata/tf/root");
    std::fs::create_dir_all(dir.path().join("modules/network")).unwrap();
    for f in ["plan.json", "modules/network/main.tf"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let main = std::fs::read_to_string(src.join("main.tf")).unwrap().replace(
        "resource \"aws_vpc_endpoint\" \"ssm\" {",
        "# vpclint:ignore VPC302 clients use the endpoint's own DNS names\nresource \"aws_vpc_endpoint\" \"ssm\" {",
    );
    std::fs::write(dir.path().join("main.tf"), main).unwrap();
    let out = vpclint().args(["check", "--format", "json"]).arg(dir.path().join("plan.json")).output().unwrap();
    let v = json_of(&out.stdout);
    let ids: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert!(!ids.contains(&"VPC302"), "{ids:?}");
    assert!(ids.contains(&"VPC301"), "other findings stay: {ids:?}");
    assert_eq!(v["summary"]["suppressed"], 1);
}

#[test]
fn configuration_file_is_found_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("legacy")).unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("t.yaml"), LONELY_SUBNET).unwrap();
    std::fs::write(dir.path().join("legacy/old.yaml"), LONELY_SUBNET).unwrap();
    std::fs::write(
        dir.path().join("vpclint.toml"),
        "exclude = [\"legacy/**\"]\nfail-on = \"error\"\n[severity]\nVPC101 = \"note\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("vpclint").unwrap();
        cmd.current_dir(dir.path().join("sub")).args(args).output().unwrap()
    };
    let out = run(&["check", "..", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "fail-on = error and VPC101 is a note");
    let v = json_of(&out.stdout);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "legacy/ is excluded: {v}");
    assert_eq!(findings[0]["level"], "note");
    // A flag beats the file.
    assert_eq!(run(&["check", "..", "--fail-on", "note"]).status.code(), Some(1));
    // --isolated ignores the file.
    let out = run(&["check", "..", "--isolated", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out.stdout)["findings"].as_array().unwrap().len(), 2);
    // A broken file is a usage error with its position.
    std::fs::write(dir.path().join("vpclint.toml"), "fail-on = \"error\"\nselct = [\"VPC1\"]\n").unwrap();
    let out = run(&["check", ".."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("vpclint.toml") && err.contains("selct"), "{err}");
}

/// Pretty output is rendered in parallel; it must not depend on the number of threads.
#[test]
fn pretty_output_is_the_same_on_one_thread_and_many() {
    let render = |threads: &str| {
        let out = vpclint()
            .args(["check", "testdata/rules", "--color", "never", "--fail-on", "never", "--threads", threads])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // The closing summary line ends with the time taken; everything before it must match.
        let body = text.trim_end().rsplit_once('\n').map(|(body, _)| body.to_string()).unwrap_or_default();
        assert!(body.matches("VPC").count() > 20, "expected many findings, got: {body}");
        body
    };
    assert_eq!(render("1"), render("4"));
}

/// Terraform leaves `dynamic` blocks out of a plan's `configuration`; with an unknown
/// `for_each` the generated `ingress` is "known after apply" like an unset one. Next to its
/// `.tf` source vpclint sees the dynamic block and keeps the group's rules unknown.
#[test]
fn dynamic_ingress_in_the_tf_source_makes_the_planned_rules_unknown() {
    let src = common::root().join("testdata/tf/dynamic");
    let with_source = common::check_one(&src.join("plan.json"));
    assert!(
        with_source.findings.iter().all(|f| !["VPC000", "VPC001"].contains(&f.rule_id.as_str())),
        "{}",
        common::describe(&with_source.findings)
    );
    assert!(common::of_rule(&with_source, "VPC304").is_empty(), "{}", common::describe(&with_source.findings));

    // The plan alone cannot tell the dynamic block from no block (README, "Known
    // limitations"): the group is taken as created without inline rules.
    let alone = tempfile::tempdir().unwrap();
    std::fs::copy(src.join("plan.json"), alone.path().join("plan.json")).unwrap();
    let report = common::check_one(&alone.path().join("plan.json"));
    let denies = common::of_rule(&report, "VPC304");
    assert_eq!(denies.len(), 1, "{}", common::describe(&report.findings));
    assert_eq!(denies[0].resource.as_deref(), Some("aws_vpc_endpoint.ssm"));

    // A source without the dynamic block: the unset ingress is absent again.
    let plain = tempfile::tempdir().unwrap();
    std::fs::copy(src.join("plan.json"), plain.path().join("plan.json")).unwrap();
    let main = std::fs::read_to_string(src.join("main.tf")).unwrap();
    let start = main.find("  dynamic \"ingress\"").unwrap();
    let end = start + main[start..].find("\n  }\n").unwrap() + "\n  }\n".len();
    std::fs::write(plain.path().join("main.tf"), format!("{}{}", &main[..start], &main[end..])).unwrap();
    let report = common::check_one(&plain.path().join("plan.json"));
    assert_eq!(common::of_rule(&report, "VPC304").len(), 1, "{}", common::describe(&report.findings));
}
