//! VPC306 and VPC313 on a real CDK app (testdata/cdk/endpoints/app, synthesized by
//! scripts/cdk-fixtures), written the way a new user writes it:
//!
//! * `vpc.addInterfaceEndpoint('Ssm', {service: SSM, subnets: {availabilityZones:
//!   [vpc.availabilityZones[0]]}})` in the default `ec2.Vpc`, once environment-agnostic
//!   (stack `Ssm`: CDK writes the zones as `Fn::Select [i, Fn::GetAZs ""]`) and once pinned to
//!   an account and region (stack `SsmPinned`: literal `eu-west-1a/b/c`);
//! * `addInterfaceEndpoint` for `ECR` and `ECR_DOCKER` in an isolated VPC without
//!   `addGatewayEndpoint` for S3 (stack `Ecr`).
//!
//! `cdk.out.fixed` (`-c fixed=true`) puts the SSM endpoints in every zone and adds the S3
//! gateway endpoint.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use vpclint::report::{Report, ReportFinding};

fn dir(name: &str) -> PathBuf {
    common::root().join("testdata/cdk/endpoints").join(name)
}

fn check(dir: &Path) -> Report {
    let report = common::check_one(dir);
    assert_eq!(report.summary.files_scanned, 3, "three stacks");
    assert_eq!(report.summary.files_failed, 0);
    report
}

fn file(f: &ReportFinding) -> &str {
    Path::new(&f.location.path).file_name().unwrap().to_str().unwrap()
}

fn text(dir: &Path, f: &ReportFinding) -> String {
    let text = std::fs::read_to_string(dir.join(file(f))).unwrap();
    let (at, len) = (f.location.byte_offset.unwrap() as usize, f.location.byte_length.unwrap() as usize);
    text[at..at + len].to_string()
}

/// (rule, template, resource) of every finding, sorted.
fn triples(report: &Report) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.rule_id.clone(), file(f).to_string(), f.resource.clone().unwrap_or_default()))
        .collect();
    out.sort();
    out
}

#[test]
fn an_ssm_endpoint_in_the_first_zone_is_vpc306_with_symbolic_and_literal_zones() {
    let out = dir("cdk.out");
    let report = check(&out);
    let found = common::of_rule(&report, "VPC306");
    assert_eq!(found.len(), 2, "{found:#?}");
    let symbolic_other = r#"Fn::Select [1, Fn::GetAZs ""]"#;
    for (f, stack, zone, others) in [
        (found[0], "Ssm.template.json", r#"Fn::Select [0, Fn::GetAZs ""]"#, vec![symbolic_other]),
        // The pinned stack knows the region's three zones, and CDK spreads the VPC over them.
        (found[1], "SsmPinned.template.json", "eu-west-1a", vec!["eu-west-1b", "eu-west-1c"]),
    ] {
        assert_eq!(file(f), stack, "{f:#?}");
        assert_eq!(f.resource.as_deref(), Some("VpcSsm0F56837D"), "on the endpoint: {f:#?}");
        // On the endpoint's subnet list, which names the first private subnet only.
        let at = text(&out, f);
        assert!(at.starts_with("\"SubnetIds\""), "{at}");
        assert!(at.contains("VpcPrivateSubnet1Subnet") && !at.contains("Subnet2"), "{at}");
        assert!(f.message.contains(&format!("only network interfaces in zone `{zone}`")), "{}", f.message);
        let listed: Vec<String> = others.iter().map(|z| format!("`{z}`")).collect();
        assert!(f.message.contains(&format!("({})", listed.join(", "))), "{}", f.message);
        // One related subnet per other zone, each one of the VPC's subnets in that zone.
        assert_eq!(f.related.len(), others.len(), "{f:#?}");
        for (n, (related, other)) in f.related.iter().zip(&others).enumerate() {
            assert!(
                related.message.contains(&format!("Subnet{}Subnet", n + 2))
                    && related.message.ends_with(&format!("is in `{other}`")),
                "{related:#?}"
            );
        }
    }
}

#[test]
fn an_ecr_docker_endpoint_in_an_isolated_vpc_without_s3_is_vpc313() {
    let out = dir("cdk.out");
    let report = check(&out);
    let found = common::of_rule(&report, "VPC313");
    // The Docker registry endpoint only: the ECR API endpoint beside it does not pull layers.
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!((file(f), f.resource.as_deref()), ("Ecr.template.json", Some("VpcEcrDocker053FD29B")));
    let at = text(&out, f);
    assert!(at.starts_with('{') && at.contains("\"Fn::Join\"") && at.contains(".ecr.dkr"), "the service name: {at}");
    assert!(f.message.contains("none of whose subnets has a path to S3"), "{}", f.message);
    assert!(!f.related.is_empty() && f.related.iter().all(|r| r.message.contains("VpcIsolatedSubnet")), "{f:#?}");
}

#[test]
fn the_fixed_app_has_neither() {
    let report = check(&dir("cdk.out.fixed"));
    for rule in ["VPC306", "VPC313"] {
        assert_eq!(common::of_rule(&report, rule), Vec::<&ReportFinding>::new(), "{rule}");
    }
}

/// Every finding on both synths, each read and judged true (docs/precision.md, under VPC306
/// and VPC313): a rule that starts or stops firing on this app must be judged here.
#[test]
fn every_finding_on_the_app_is_the_one_judged() {
    let t = |rule: &str, stack: &str, resource: &str| {
        (rule.to_string(), format!("{stack}.template.json"), resource.to_string())
    };
    // VPC301: the default ec2.Vpc's private subnets reach S3 through their NAT gateway.
    let vpc301 = |stack: &str, n: usize| {
        let names =
            ["VpcPrivateSubnet1Subnet536B997A", "VpcPrivateSubnet2Subnet3788AAA1", "VpcPrivateSubnet3SubnetF258B56E"];
        names[..n].iter().map(|s| t("VPC301", stack, s)).collect::<Vec<_>>()
    };
    // VPC308 (note): CDK's endpoints carry no policy.
    let mut broken = vec![
        t("VPC308", "Ecr", "VpcEcr3359179F"),
        t("VPC308", "Ecr", "VpcEcrDocker053FD29B"),
        t("VPC313", "Ecr", "VpcEcrDocker053FD29B"),
        t("VPC306", "Ssm", "VpcSsm0F56837D"),
        t("VPC306", "SsmPinned", "VpcSsm0F56837D"),
    ];
    broken.extend(vpc301("Ssm", 2));
    broken.extend(vpc301("SsmPinned", 3));
    // VPC501 (note): no stack sets ec2.Vpc's `flowLogs`.
    let vpc501 = || ["Ecr", "Ssm", "SsmPinned"].map(|stack| t("VPC501", stack, "Vpc8378EB38"));
    broken.extend(vpc501());
    broken.sort();
    assert_eq!(triples(&check(&dir("cdk.out"))), broken);

    let mut fixed = vec![
        t("VPC308", "Ecr", "VpcEcr3359179F"),
        t("VPC308", "Ecr", "VpcEcrDocker053FD29B"),
        t("VPC308", "Ecr", "VpcS3A5408339"),
    ];
    fixed.extend(vpc301("Ssm", 2));
    fixed.extend(vpc301("SsmPinned", 3));
    fixed.extend(vpc501());
    fixed.sort();
    assert_eq!(triples(&check(&dir("cdk.out.fixed"))), fixed);
}
