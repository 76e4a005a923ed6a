//! Every output format over one shared set of findings: snapshots (insta, with version and
//! paths redacted), the JSON schema, SARIF fingerprints, and Terraform findings on `.tf` lines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;
use vpclint::report::{self, Report};

/// The shared findings: a template with every founding rule, a plan in a Terraform root
/// with a local module, and a file that does not parse.
fn shared_report() -> Report {
    let root = common::root();
    let paths =
        ["testdata/examples/network.yaml", "testdata/tf/root/plan.json", "testdata/cli/walk/nested/broken.template"];
    // Relative paths, as a user in the repository would type them.
    std::env::set_current_dir(&root).unwrap();
    let config = vpclint::Config { paths: paths.iter().map(PathBuf::from).collect(), threads: 2, ..Default::default() };
    let mut report = vpclint::run(&config).unwrap().report;
    report.elapsed_ms = 0;
    report::fingerprint::assign(&mut report, &sarif_ctx());
    report
}

fn sarif_ctx() -> report::sarif::SarifContext {
    let root = common::root();
    report::sarif::SarifContext { root: root.clone(), cwd: root }
}

#[test]
fn snapshot_pretty() {
    let report = shared_report();
    let text = report::terminal::render(&report, report::terminal::Style { color: false, width: 100 });
    insta::assert_snapshot!("pretty", text);
}

#[test]
fn snapshot_json() {
    let report = shared_report();
    let v: Value = serde_json::from_str(&report::json::render(&report)).unwrap();
    insta::assert_json_snapshot!("json", v, {".version" => "[version]"});
}

#[test]
fn snapshot_sarif() {
    let report = shared_report();
    let v: Value = serde_json::from_str(&report::sarif::render(&report, &sarif_ctx())).unwrap();
    insta::assert_json_snapshot!("sarif", v, {
        ".runs[].tool.driver.version" => "[version]",
        ".runs[].tool.driver.semanticVersion" => "[version]",
        ".runs[].originalUriBaseIds.*.uri" => "[root]",
        ".runs[].tool.driver.rules[].help.markdown" => "[markdown]",
    });
}

#[test]
fn snapshot_github() {
    let report = shared_report();
    insta::assert_snapshot!("github", report::github::render(&report));
}

#[test]
fn snapshot_concise() {
    let report = shared_report();
    insta::assert_snapshot!("concise", report::concise::render(&report));
}

#[test]
fn snapshot_gitlab() {
    let report = shared_report();
    let v: Value = serde_json::from_str(&report::gitlab::render(&report, &sarif_ctx())).unwrap();
    insta::assert_json_snapshot!("gitlab", v);
}

#[test]
fn snapshot_junit() {
    let report = shared_report();
    insta::assert_snapshot!("junit", report::junit::render(&report));
}

#[test]
fn gitlab_matches_the_code_quality_format_and_carries_the_fingerprints() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/schemas/gitlab-codequality.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let report = shared_report();
    let v: Value = serde_json::from_str(&report::gitlab::render(&report, &sarif_ctx())).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), report.findings.len());
    for (issue, f) in issues.iter().zip(&report.findings) {
        assert_eq!(issue["fingerprint"], f.fingerprint.as_str());
        assert_eq!(issue["check_name"], f.rule_id.as_str());
        assert!(issue["description"].as_str().unwrap().starts_with(&format!("{}: ", f.rule_id)));
    }
    // The schema can fail: an issue without a fingerprint is refused.
    let mut broken = v.clone();
    broken[0].as_object_mut().unwrap().remove("fingerprint");
    assert!(!validator.is_valid(&broken));
    assert_eq!(report::gitlab::render(&Report::default(), &sarif_ctx()), "[]\n");
}

/// The names of `xml`'s elements in document order, checking that every element closes in
/// order, that attribute values and text hold no raw `<` or stray `&`, and that only known
/// entities are used.
fn xml_elements(xml: &str) -> Vec<String> {
    let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").expect("XML declaration");
    let (mut open, mut seen) = (Vec::<String>::new(), Vec::new());
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity), "entity {entity:?}");
        }
        let gt = rest[lt..].find('>').expect("tag closes") + lt;
        let tag = &rest[lt + 1..gt];
        assert!(!tag.contains('<'), "raw < in {tag:?}");
        assert_eq!(tag.matches('"').count() % 2, 0, "quotes balance in {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "closes in order");
        } else {
            let name = tag.split([' ', '/']).next().unwrap().to_string();
            seen.push(name.clone());
            if !tag.ends_with('/') {
                open.push(name);
            }
        }
        rest = &rest[gt + 1..];
    }
    assert!(open.is_empty() && rest.trim().is_empty(), "unclosed: {open:?}");
    seen
}

#[test]
fn junit_is_well_formed_with_a_case_per_finding_and_vpc000_as_an_error() {
    let report = shared_report();
    let xml = report::junit::render(&report);
    let elements = xml_elements(&xml);
    assert_eq!(elements.iter().filter(|e| *e == "testcase").count(), report.findings.len());
    assert_eq!(elements.iter().filter(|e| *e == "error").count(), 1, "the file that does not parse");
    assert_eq!(elements.iter().filter(|e| *e == "failure").count(), report.findings.len() - 1);
    assert!(xml.contains(&format!(
        "<testsuites name=\"vpclint\" tests=\"{}\" failures=\"{}\" errors=\"1\">",
        report.findings.len(),
        report.findings.len() - 1
    )));
    // No findings: one passing case, as ruff writes it.
    let empty = report::junit::render(&Report::default());
    assert_eq!(xml_elements(&empty), ["testsuites", "testsuite", "testcase"]);
    assert!(empty.contains("tests=\"1\" failures=\"0\" errors=\"0\""));
}

#[test]
fn json_output_matches_its_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/vpclint-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let report = shared_report();
    let v: Value = serde_json::from_str(&report::json::render(&report)).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema can fail: a finding without a rule id is refused.
    let mut broken = v.clone();
    broken["findings"][0].as_object_mut().unwrap().remove("rule_id");
    assert!(!validator.is_valid(&broken));
    let empty: Value = serde_json::from_str(&report::json::render(&Report::default())).unwrap();
    assert!(validator.is_valid(&empty));
    // With --show-suppressed: the `suppressed` array and each finding's reason.
    let mut shown = report.clone();
    let mut f = shown.findings.remove(0);
    f.suppressed = Some(report::SuppressedBy { reason: Some("reviewed".to_string()) });
    shown.suppressed.push(f);
    let v: Value = serde_json::from_str(&report::json::render(&shown)).unwrap();
    assert_eq!(v["suppressed"][0]["suppressed"]["reason"], "reviewed");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_has_rules_levels_locations_and_notifications() {
    let report = shared_report();
    let v: Value = serde_json::from_str(&report::sarif::render(&report, &sarif_ctx())).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in rules {
        assert!(!r["helpUri"].as_str().unwrap().is_empty());
        assert!(r["properties"]["security-severity"].as_str().unwrap().parse::<f64>().is_ok());
        assert!(!r["properties"]["tags"].as_array().unwrap().is_empty());
        assert!(["error", "warning", "note"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    for res in results {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"], "ruleIndex points at the rule");
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.starts_with("file:"), "relative URI: {uri}");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(res["partialFingerprints"]["vpclint/v1"].as_str().unwrap().len() == 16);
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false, "a file failed to parse");
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("broken.template")
    );
    let vpc301 = results
        .iter()
        .find(|r| {
            r["ruleId"] == "VPC301"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with(".tf")
        })
        .unwrap();
    assert!(vpc301["relatedLocations"].as_array().unwrap().len() >= 2, "the NAT route and the plan entry");
    assert_eq!(vpc301["locations"][0]["logicalLocations"][0]["kind"], "resource");
}

fn fingerprints(dir: &Path, name: &str, text: &str) -> Vec<(String, String, String)> {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let report = common::check_one(&path);
    let ctx = report::sarif::SarifContext { root: dir.to_path_buf(), cwd: dir.to_path_buf() };
    let v: Value = serde_json::from_str(&report::sarif::render(&report, &ctx)).unwrap();
    let mut out: Vec<(String, String, String)> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["logicalLocations"][0]["name"].as_str().unwrap_or("").to_string(),
                r["partialFingerprints"]["vpclint/v1"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn fingerprints_survive_moved_lines_and_change_with_identity() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(common::root().join("testdata/examples/network.yaml")).unwrap();
    let before = fingerprints(dir.path(), "network.yaml", &original);
    assert!(before.len() >= 5);
    // Unrelated edits: a comment block at the top, a new unrelated resource, blank lines.
    let moved = format!(
        "# Owner: platform team\n# Reviewed: 2026-11\n\n{}",
        original.replace(
            "Resources:\n",
            "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 30\n\n\n"
        )
    );
    let after = fingerprints(dir.path(), "network.yaml", &moved);
    assert_eq!(before, after, "fingerprints do not depend on line numbers");
    // Renaming the resource at fault is a different result.
    let renamed = original.replace("DataSubnet", "StorageSubnet");
    let changed = fingerprints(dir.path(), "network.yaml", &renamed);
    let old = before.iter().find(|f| f.1 == "DataSubnet").unwrap();
    assert!(changed.iter().all(|f| f.2 != old.2));
}

#[test]
fn plan_finding_is_located_on_its_tf_line_inside_a_local_module() {
    let report = common::check_one(&common::root().join("testdata/tf/root/plan.json"));
    let f = report.findings.iter().find(|f| f.rule_id == "VPC301").unwrap();
    assert!(f.location.path.ends_with("testdata/tf/root/modules/network/main.tf"), "{}", f.location.path);
    let text = std::fs::read_to_string(&f.location.path).unwrap();
    let line = text.lines().nth(f.location.line as usize - 1).unwrap();
    assert_eq!(line, r#"resource "aws_subnet" "private" {"#);
    assert_eq!(f.location.column, 1);
    assert!(f.related[0].location.path.ends_with("plan.json"));
    assert!(f.related[0].message.contains("module.network.aws_subnet.private[0]"));
    // A root-module resource lands in the root's main.tf.
    let ep = report.findings.iter().find(|f| f.rule_id == "VPC302").unwrap();
    assert!(ep.location.path.ends_with("testdata/tf/root/main.tf"));
}

#[test]
fn registry_module_findings_stay_on_the_plan_with_the_address() {
    let report = common::check_one(&common::root().join("testdata/tf/registry/plan.json"));
    let f = report.findings.iter().find(|f| f.rule_id == "VPC301").unwrap();
    assert!(f.location.path.ends_with("plan.json"));
    assert!(f.message.contains("module.network.aws_subnet.private"));
    let ep = report.findings.iter().find(|f| f.rule_id == "VPC302").unwrap();
    assert!(ep.location.path.ends_with("registry/main.tf"), "root resources still map: {}", ep.location.path);
}

#[test]
fn tf_root_flag_overrides_the_plan_directory() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::copy(common::root().join("testdata/tf/root/plan.json"), &plan).unwrap();
    let config = vpclint::Config { paths: vec![plan.clone()], threads: 1, ..Default::default() };
    let without = vpclint::run(&config).unwrap().report;
    assert!(without.findings.iter().all(|f| f.location.path.ends_with("plan.json")), "no .tf files next to it");
    let config = vpclint::Config { tf_root: Some(common::root().join("testdata/tf/root")), ..config };
    let with = vpclint::run(&config).unwrap().report;
    assert!(with.findings.iter().any(|f| f.location.path.ends_with("modules/network/main.tf")));
}

/// JSON findings name the VPC they concern (issue 17): a VPC of the file, a VPC named by a
/// parameter, and null where a condition without a default chooses between two VPCs.
#[test]
fn json_findings_name_the_vpc_they_concern() {
    let root = common::root();
    let config = vpclint::Config {
        paths: vec![root.join("testdata/report/vpc-concern.yaml"), root.join("testdata/tf/root/plan.json")],
        threads: 1,
        ..Default::default()
    };
    let report = vpclint::run(&config).unwrap().report;
    let v: Value = serde_json::from_str(&report::json::render(&report)).unwrap();
    let vpc_of = |resource: &str| -> Value {
        let findings = v["findings"].as_array().unwrap();
        let f =
            findings.iter().find(|f| f["resource"] == resource).unwrap_or_else(|| panic!("no finding on {resource}"));
        f.get("vpc").cloned().expect("every finding has a `vpc` key")
    };
    assert_eq!(vpc_of("Subnet"), "Vpc");
    assert_eq!(vpc_of("SshOpen"), "parameter SharedVpcId");
    assert_eq!(vpc_of("EitherSsh"), Value::Null);
    // Terraform (findings located in the `.tf` sources): by the VPC's address.
    assert_eq!(vpc_of("aws_vpc_endpoint.ssm"), "module.network.aws_vpc.this");
    assert_eq!(vpc_of("module.network.aws_nat_gateway.this"), "module.network.aws_vpc.this");
}
