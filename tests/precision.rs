//! The classes of finding a reviewer would dismiss, each with the fixture that showed it
//! (testdata/precision/ and testdata/rules/): every test here failed before its fix.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use vpclint::report::Report;

/// The report on `testdata/precision/<name>`, without VPC501: these files' VPCs have no flow
/// log, which is not what any of them is about.
fn check(name: &str) -> Report {
    let mut r = common::check_one(&common::root().join("testdata/precision").join(name));
    r.findings.retain(|f| f.rule_id != "VPC501");
    r
}

/// (rule id, resource, line) of every finding.
fn summary(r: &Report) -> Vec<(String, Option<String>, u32)> {
    r.findings.iter().map(|f| (f.rule_id.clone(), f.resource.clone(), f.location.line)).collect()
}

/// (rule id, resource, line) of every VPC001 finding: the tables of a fixture about route
/// destinations are used by no subnet (VPC102), which is not what it tests.
fn malformed(r: &Report) -> Vec<(String, Option<String>, u32)> {
    summary(r).into_iter().filter(|(id, ..)| id == "VPC001").collect()
}

#[test]
fn a_rain_source_template_gets_one_diagnostic_in_yaml_and_json() {
    for (name, line) in [("rain-module.yaml", 5), ("rain-module.json", 4)] {
        let r = check(name);
        assert_eq!(summary(&r), [("VPC000".to_string(), None, line)], "{name}: {}", common::describe(&r.findings));
        let f = &r.findings[0];
        assert!(f.message.contains("Rain source template") && f.message.contains("`Network`"), "{}", f.message);
        assert!(f.help.as_deref().unwrap().contains("rain pkg"), "{:?}", f.help);
    }
}

#[test]
fn null_properties_are_malformed_and_unknown_never_absent() {
    let r = check("null-properties.yaml");
    assert_eq!(
        summary(&r),
        [
            ("VPC001".to_string(), Some("Orphan".to_string()), 17),
            ("VPC001".to_string(), Some("AssociationB".to_string()), 28),
        ],
        "{}",
        common::describe(&r.findings)
    );
    assert!(r.findings.iter().all(|f| f.message.contains("is null")));
}

#[test]
fn a_reference_to_a_resource_of_the_wrong_type_is_malformed() {
    let r = check("wrong-reference.yaml");
    assert_eq!(
        summary(&r),
        [
            ("VPC001".to_string(), Some("InRole".to_string()), 14),
            ("VPC001".to_string(), Some("InSubnet".to_string()), 17),
        ],
        "{}",
        common::describe(&r.findings)
    );
    assert!(r.findings[0].message.contains("`Role`, an `AWS::IAM::Role`"), "{}", r.findings[0].message);
}

#[test]
fn a_cidr_without_its_prefix_length_is_malformed_inline_and_in_a_rule_resource() {
    let r = check("cidr-without-prefix.yaml");
    assert_eq!(
        summary(&r),
        [("VPC001".to_string(), Some("Sg".to_string()), 13), ("VPC001".to_string(), Some("Rule".to_string()), 16)],
        "{}",
        common::describe(&r.findings)
    );
    // Terraform: inline `ingress`/`egress` blocks (IPv4 and IPv6) as `aws_security_group_rule`
    // and `aws_vpc_security_group_ingress_rule` (the only one reported before).
    let r = check("cidr-without-prefix.tfplan.json");
    let at = |resource: &str, line| ("VPC001".to_string(), Some(resource.to_string()), line);
    assert_eq!(
        summary(&r),
        [
            at("aws_security_group.inline", 156),
            at("aws_security_group.inline", 166),
            at("aws_security_group_rule.https", 248),
            at("aws_vpc_security_group_ingress_rule.ssh", 322),
        ],
        "{}",
        common::describe(&r.findings)
    );
    assert!(r.findings.iter().all(|f| f.message.ends_with("is not a valid CIDR block")));
}

#[test]
fn dynamic_references_and_ssm_parameter_types_are_unknown_not_malformed() {
    let r = check("deploy-time-values.yaml");
    assert!(r.findings.is_empty(), "{}", common::describe(&r.findings));
    assert_eq!(r.summary.files_scanned, 1);
}

#[test]
fn a_finding_that_rests_on_parameter_defaults_says_so() {
    let r = check("parameter-defaults.yaml");
    let s3 = common::of_rule(&r, "VPC301");
    assert_eq!(s3.len(), 1, "{}", common::describe(&r.findings));
    assert!(s3[0].message.ends_with("(this holds with parameter `UseNat` at its default `true`)"), "{}", s3[0].message);
    let unassociated = common::of_rule(&r, "VPC101");
    assert_eq!(unassociated.len(), 1);
    assert!(!unassociated[0].message.contains("default"), "{}", unassociated[0].message);
}

#[test]
fn a_parameter_default_read_through_sub_is_said_too() {
    let r = check("sub-parameter-defaults.yaml");
    let overlap = common::of_rule(&r, "VPC105");
    assert_eq!(overlap.len(), 1, "{}", common::describe(&r.findings));
    assert!(
        overlap[0].message.ends_with("(this holds with parameter `Third` at its default `1`)"),
        "{}",
        overlap[0].message
    );
}

#[test]
fn a_route_destination_without_its_prefix_length_is_malformed_in_both_tools() {
    let r = check("route-cidr-without-prefix.yaml");
    assert_eq!(
        malformed(&r),
        [("VPC001".to_string(), Some("Peering".to_string()), 12)],
        "{}",
        common::describe(&r.findings)
    );
    // Terraform read both as unknown destinations without a word.
    let r = check("route-cidr-without-prefix.tfplan.json");
    assert_eq!(
        malformed(&r),
        [
            ("VPC001".to_string(), Some("aws_route.peering".to_string()), 110),
            ("VPC001".to_string(), Some("aws_route_table.inline".to_string()), 148),
        ],
        "{}",
        common::describe(&r.findings)
    );
}
