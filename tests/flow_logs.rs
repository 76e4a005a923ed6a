//! VPC501 where flow logs come from elsewhere than the VPC's own template: a CDK app's
//! synthesized stacks (testdata/cdk/flowlogs, made by scripts/cdk-fixtures) and a flow log in
//! another CloudFormation stack that imports the VPC (testdata/join/flowlogs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;
use serde_json::Value;

/// (file name, resource, message) of each VPC501 finding of `vpclint check ARGS`.
fn vpc501(args: &[&str]) -> Vec<(String, String, String)> {
    let out = Command::cargo_bin("vpclint")
        .unwrap()
        .current_dir(common::root())
        .args(["check", "--select", "VPC501", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Notes do not fail the run at the default `--fail-on warning`.
    assert_eq!(out.status.code(), Some(0), "{v}");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let file = path.rsplit('/').next().unwrap().to_string();
            (file, f["resource"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn cdk_flow_logs_on_the_vpc_or_every_subnet_count_and_partial_ones_are_named() {
    let found = vpc501(&["testdata/cdk/flowlogs/cdk.out"]);
    let files: Vec<&str> = found.iter().map(|(f, ..)| f.as_str()).collect();
    // `flowLogs` and `addFlowLog` (a flow log whose ResourceId is `Ref` to the VPC), and one
    // flow log per subnet, are silent.
    assert_eq!(files, ["PartlyLogged.template.json", "Unlogged.template.json"], "{found:?}");
    let (_, vpc, partly) = &found[0];
    assert_eq!(vpc, "Vpc8378EB38");
    assert!(
        partly.contains("flow logs on 2 of its 4 subnets")
            && partly.contains("`VpcPrivateSubnet1Subnet536B997A`, `VpcPrivateSubnet2Subnet3788AAA1`"),
        "{partly}"
    );
    assert!(found[1].2.contains("has no flow log"), "{}", found[1].2);
}

#[test]
fn a_flow_log_in_another_stack_covers_the_vpc_it_imports() {
    // Joined: the logging stack's `!ImportValue logged-network-vpc` is the network's VPC.
    assert_eq!(vpc501(&["testdata/join/flowlogs"]), []);
    // Alone, the import names a VPC outside the logging stack, and the network stack has none.
    let alone = vpc501(&["--no-join", "testdata/join/flowlogs"]);
    assert_eq!(alone.len(), 1, "{alone:?}");
    assert_eq!((alone[0].0.as_str(), alone[0].1.as_str()), ("network.yaml", "Vpc"));
}
