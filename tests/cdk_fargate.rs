//! VPC206 on a real CDK app (testdata/cdk/fargate/app, synthesized by scripts/cdk-fixtures):
//! an `ApplicationLoadBalancedFargateService`, the construct users reach for.
//!
//! What the synthesized output shows: CDK itself adds the load balancer's rule on the
//! container port (8080) to the service's groups, even to a group the app creates that
//! admits only HTTPS from the VPC (`-c narrow=true`). So both synths are clean, and vpclint
//! must say so; the mistake VPC206 catches appears when that generated rule is gone (an
//! edited template, a group CDK may not change), which the last case makes by removing it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;
use serde_json::Value;

fn vpc206(dir: &std::path::Path) -> Vec<Value> {
    let out = Command::cargo_bin("vpclint")
        .unwrap()
        .args(["check", "--select", "VPC206", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 1, "{v}");
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn the_cdk_pattern_is_clean_and_losing_its_port_rule_is_vpc206() {
    let root = common::root().join("testdata/cdk/fargate");
    assert_eq!(vpc206(&root.join("cdk.out")), Vec::<Value>::new());
    assert_eq!(vpc206(&root.join("cdk.out.narrow")), Vec::<Value>::new());

    // The narrow group without the rule CDK generated: the load balancer cannot reach 8080.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root.join("cdk.out.narrow/Fargate.template.json")).unwrap();
    let mut t: Value = serde_json::from_str(&text).unwrap();
    let resources = t["Resources"].as_object_mut().unwrap();
    let generated: Vec<String> = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::EC2::SecurityGroupIngress" && r["Properties"]["FromPort"] == 8080)
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(generated.len(), 1, "CDK's load-balancer-to-target rule");
    resources.remove(&generated[0]);
    std::fs::write(dir.path().join("Fargate.template.json"), serde_json::to_string_pretty(&t).unwrap()).unwrap();
    let found = vpc206(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]["resource"].as_str().unwrap().starts_with("WebLB"), "on the load balancer: {}", found[0]);
    assert!(found[0]["message"].as_str().unwrap().contains("8080"), "{}", found[0]);
}
