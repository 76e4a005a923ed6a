//! Templates joined by their exports and imports are checked as one network: a subnet of
//! one stack sees the gateway endpoint another stack puts on its table, an endpoint sees
//! the VPC it is imported into; `--no-join` checks each template alone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Runs `vpclint check` without VPC308 and VPC501: the endpoints of these apps set no policy
/// and their VPCs have no flow log, notes that have nothing to do with joining
/// (`tests/flow_logs.rs` joins a flow log to the VPC it imports).
fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = Command::cargo_bin("vpclint")
        .unwrap()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--ignore", "VPC308,VPC501"])
        .output()
        .unwrap();
    let v =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

/// (rule, path) of each finding.
fn found(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule_id"].as_str().unwrap().to_string(), f["path"].as_str().unwrap().to_string()))
        .collect()
}

fn pair(rule: &str, path: &str) -> (String, String) {
    (rule.to_string(), path.to_string())
}

fn plain() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["network.yaml", "endpoints.yaml", "app.yaml"] {
        std::fs::copy(common::root().join("testdata/join/plain").join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn a_gateway_endpoint_in_another_stack_serves_the_network_stack_subnets() {
    let dir = plain();
    let (code, v) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(code, Some(1));
    // No VPC301 on the private subnet: the endpoints stack put S3 on its table. The app's
    // endpoint sees the imported VPC, whose DNS hostnames are off: VPC303.
    assert_eq!(found(&v), [pair("VPC303", "app.yaml")], "{v}");
    let related = &v["findings"][0]["related"][0];
    assert_eq!(related["path"], "network.yaml", "the VPC's setting is in the network stack: {v}");
    assert_eq!(related["line"], 9);
    assert_eq!(v["summary"]["files_scanned"], 3);
    assert_eq!(v["summary"]["joined_templates"], 3);
    assert_eq!(v["summary"]["networks"], 1);

    // Each template alone: today's results, a false VPC301 and a missed VPC303.
    let (_, alone) = check(dir.path(), &["--format", "json", "--no-join", "."]);
    assert_eq!(found(&alone), [pair("VPC301", "network.yaml")], "{alone}");
    assert_eq!(alone["summary"]["joined_templates"], 0);
    std::fs::write(dir.path().join("vpclint.toml"), "join = false\n").unwrap();
    let (_, file) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(found(&file), found(&alone));
}

#[test]
fn without_the_endpoints_stack_the_finding_comes_back() {
    let dir = plain();
    std::fs::remove_file(dir.path().join("endpoints.yaml")).unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    let mut f = found(&v);
    f.sort();
    assert_eq!(f, [pair("VPC301", "network.yaml"), pair("VPC303", "app.yaml")], "{v}");
    assert_eq!(v["summary"]["joined_templates"], 2);
    // Files named on the command line join the same way.
    let (_, named) = check(dir.path(), &["--format", "json", "network.yaml", "app.yaml"]);
    assert_eq!(named["summary"]["joined_templates"], 2);
}

#[test]
fn an_export_two_templates_declare_joins_nothing() {
    let dir = plain();
    std::fs::copy(dir.path().join("network.yaml"), dir.path().join("network-copy.yaml")).unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    let mut f = found(&v);
    f.sort();
    // Which network the imports mean is not known: each is checked alone.
    assert_eq!(f, [pair("VPC301", "network-copy.yaml"), pair("VPC301", "network.yaml")], "{v}");
    assert_eq!(v["summary"]["joined_templates"], 0);
}

#[test]
fn sarif_related_locations_point_into_the_other_template() {
    let dir = plain();
    let (_, sarif) = check(dir.path(), &["--format", "sarif", "."]);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "VPC303");
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "app.yaml");
    assert_eq!(result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"], "network.yaml");
}

#[test]
fn suppressions_stay_with_their_template() {
    let dir = plain();
    // A template-wide suppression in the app stack covers the app's resources only.
    let app = std::fs::read_to_string(dir.path().join("app.yaml")).unwrap();
    std::fs::write(dir.path().join("app.yaml"), format!("Metadata:\n  vpclint:\n    ignore: [VPC3]\n{app}")).unwrap();
    std::fs::remove_file(dir.path().join("endpoints.yaml")).unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(found(&v), [pair("VPC301", "network.yaml")], "{v}");
    assert_eq!(v["summary"]["suppressed"], 1);
}

#[test]
fn a_joined_problem_points_at_its_own_template() {
    let dir = plain();
    // A Ref to a resource that does not exist, in the endpoints stack: VPC001 there.
    let endpoints = std::fs::read_to_string(dir.path().join("endpoints.yaml")).unwrap();
    std::fs::write(
        dir.path().join("endpoints.yaml"),
        endpoints.replace("VpcId: !ImportValue shared-network-vpc", "VpcId: !Ref MissingVpc"),
    )
    .unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    let problem = v["findings"].as_array().unwrap().iter().find(|f| f["rule_id"] == "VPC001").expect("VPC001");
    assert_eq!(problem["path"], "endpoints.yaml");
    assert_eq!(problem["line"], 7, "{problem}");
}

/// A real CDK app (testdata/cdk/multistack/app, synthesized by scripts/cdk-fixtures): a
/// network stack, an endpoints stack with the S3 gateway endpoint on the network's private
/// route tables (`Fn::ImportValue` of CDK's `Network:ExportsOutputRef...`), and an app stack
/// with an SSM interface endpoint in the network's subnets.
#[test]
fn a_cdk_app_is_checked_as_one_network() {
    let root = common::root();
    let (_, v) = check(&root, &["--format", "json", "testdata/cdk/multistack/cdk.out"]);
    let app = "testdata/cdk/multistack/cdk.out/App.template.json";
    // `natGateways: 1` over two zones: the second zone's private subnet routes to the first
    // zone's NAT gateway (VPC403), the first zone's does not.
    let network = "testdata/cdk/multistack/cdk.out/Network.template.json";
    assert_eq!(found(&v), [pair("VPC303", app), pair("VPC403", network)], "{v}");
    let cross_az: Vec<&Value> = v["findings"].as_array().unwrap().iter().filter(|f| f["rule_id"] == "VPC403").collect();
    assert_eq!(cross_az[0]["resource"], "VpcPrivateSubnet2Subnet3788AAA1", "{v}");
    assert_eq!(v["summary"]["joined_templates"], 3);

    // Without the endpoints stack, each private subnet of the network stack pays NAT for S3.
    let (_, v) = check(&root, &["--format", "json", "testdata/cdk/multistack/cdk.out.no-s3"]);
    let network = "testdata/cdk/multistack/cdk.out.no-s3/Network.template.json";
    let mut f = found(&v);
    f.sort();
    let app = "testdata/cdk/multistack/cdk.out.no-s3/App.template.json";
    assert_eq!(
        f,
        [pair("VPC301", network), pair("VPC301", network), pair("VPC303", app), pair("VPC403", network)],
        "{v}"
    );

    // Alone, the network stack's subnets get a false VPC301 and the app's endpoint is silent.
    let (_, v) = check(&root, &["--format", "json", "--no-join", "testdata/cdk/multistack/cdk.out"]);
    let network = "testdata/cdk/multistack/cdk.out/Network.template.json";
    let mut f = found(&v);
    f.sort();
    assert_eq!(f, [pair("VPC301", network), pair("VPC301", network), pair("VPC403", network)], "{v}");
}

/// A parent stack whose nested stacks' templates sit beside it (`TemplateURL: network.yaml`):
/// the endpoints stack's parameters are the network stack's outputs.
#[test]
fn nested_stacks_beside_their_parent_are_one_network() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["parent.yaml", "network.yaml", "endpoints.yaml"] {
        std::fs::copy(common::root().join("testdata/join/nested").join(f), dir.path().join(f)).unwrap();
    }
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(found(&v), [], "{v}");
    assert_eq!(v["summary"]["joined_templates"], 3);
    let (_, alone) = check(dir.path(), &["--format", "json", "--no-join", "."]);
    assert_eq!(found(&alone), [pair("VPC301", "network.yaml")], "{alone}");
    // A parent that no longer nests the endpoints stack: the finding comes back.
    let parent = std::fs::read_to_string(dir.path().join("parent.yaml")).unwrap();
    let cut = parent.find("  Endpoints:").unwrap();
    std::fs::write(dir.path().join("parent.yaml"), &parent[..cut]).unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(found(&v), [pair("VPC301", "network.yaml")], "{v}");
    assert_eq!(v["summary"]["joined_templates"], 2);
}

/// A real CDK app with two `NestedStack`s (testdata/cdk/nested/app): CDK names each nested
/// template in the parent's `aws:asset:path` metadata and passes the network's outputs as
/// the endpoints stack's parameters.
#[test]
fn cdk_nested_stacks_are_one_network() {
    let root = common::root();
    // `natGateways: 1` over two zones gives VPC403 on the second private subnet, as in
    // `a_cdk_app_is_checked_as_one_network`; this test is about S3 paths across stacks.
    let (_, v) = check(&root, &["--format", "json", "--ignore", "VPC403", "testdata/cdk/nested/cdk.out"]);
    assert_eq!(found(&v), [], "{v}");
    assert_eq!(v["summary"]["joined_templates"], 3);
    let (_, alone) =
        check(&root, &["--format", "json", "--ignore", "VPC403", "--no-join", "testdata/cdk/nested/cdk.out"]);
    let network = "testdata/cdk/nested/cdk.out/ParentNetworkNested5C882562.nested.template.json";
    assert_eq!(found(&alone), [pair("VPC301", network), pair("VPC301", network)], "{alone}");

    // Without the endpoints nested stack in the parent, each private subnet pays NAT for S3.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root.join("testdata/cdk/nested/cdk.out")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let parent_path = dir.path().join("Parent.template.json");
    let mut parent: Value = serde_json::from_str(&std::fs::read_to_string(&parent_path).unwrap()).unwrap();
    let resources = parent["Resources"].as_object_mut().unwrap();
    let endpoints: Vec<String> = resources.keys().filter(|k| k.starts_with("EndpointsNested")).cloned().collect();
    assert!(!endpoints.is_empty());
    for k in endpoints {
        resources.remove(&k);
    }
    std::fs::write(&parent_path, serde_json::to_string_pretty(&parent).unwrap()).unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "--ignore", "VPC403", "."]);
    let network = "ParentNetworkNested5C882562.nested.template.json";
    assert_eq!(found(&v), [pair("VPC301", network), pair("VPC301", network)], "{v}");
}

/// Export names built from the stack name (`!Sub ${AWS::StackName}-VpcId`) and imports built
/// from a parameter default (`!Sub ${NetworkStackName}-VpcId`), as AWS samples write them:
/// they join once `[stacks]` in vpclint.toml says which stack name the network deploys as.
#[test]
fn stack_names_from_the_configuration_join_sub_built_names() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["network.yaml", "endpoints.yaml"] {
        std::fs::copy(common::root().join("testdata/join/stackname").join(f), dir.path().join(f)).unwrap();
    }
    // The stack name is not in the template: nothing joins.
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(found(&v), [pair("VPC301", "network.yaml")], "{v}");
    std::fs::write(dir.path().join("vpclint.toml"), "[stacks]\n\"network.yaml\" = \"prod-network\"\n").unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(found(&v), [], "{v}");
    assert_eq!(v["summary"]["joined_templates"], 2);
    // Another stack name: the import names another stack.
    std::fs::write(dir.path().join("vpclint.toml"), "[stacks]\n\"*network*\" = \"staging-network\"\n").unwrap();
    let (_, v) = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(found(&v), [pair("VPC301", "network.yaml")], "{v}");
    // A bad glob is a configuration error.
    std::fs::write(dir.path().join("vpclint.toml"), "[stacks]\n\"net[\" = \"x\"\n").unwrap();
    let out = Command::cargo_bin("vpclint").unwrap().current_dir(dir.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

const IGW_NETWORK: &str = "Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Igw: {Type: AWS::EC2::InternetGateway}
  Attachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  PublicTable: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  PublicDefault:
    Type: AWS::EC2::Route
    DependsOn: Attachment
    Properties: {RouteTableId: !Ref PublicTable, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
Outputs:
  VpcId: {Value: !Ref Vpc, Export: {Name: net-vpc}}
  IgwId: {Value: !Ref Igw, Export: {Name: net-igw}}
";
const IGW_APP: &str = "Resources:
  WebTable: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !ImportValue net-vpc}}
  WebDefault:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref WebTable, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !ImportValue net-igw}
";

/// The VPC402 findings of `network` and `app` joined, with the app route's target.
fn igw_route_findings(network: &str) -> (Vec<String>, String) {
    use vpclint::load::{JoinMember, load_joined};
    let text = format!("{network}{IGW_APP}");
    let member = |base: usize, len: usize, stack: &str| JoinMember {
        base: base as u32,
        len: len as u32,
        stack: stack.to_string(),
        parent: None,
        deployed: None,
    };
    let members = [member(0, network.len(), "Network"), member(network.len(), IGW_APP.len(), "App")];
    let (model, problems) = load_joined(&text, &members, vpclint::source::FileId(0)).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let route = model.routes.iter().find(|r| r.meta.name == "WebDefault").unwrap();
    let target = route.target.known().and_then(|t| t.link.to());
    let target = match target {
        Some(vpclint::model::TargetRef::Igw(g)) => model.internet_gateways[g.index()].meta.name.clone(),
        other => format!("{other:?}"),
    };
    let stacks: Vec<u32> = model.dependencies.resources.iter().map(|n| n.stack).collect();
    assert_eq!(stacks, [0, 0, 0, 0, 0, 1, 1], "each resource in its own template's stack");
    let rules = vpclint::rules::Registry::builtin().enabled(&Default::default());
    let vpc402 = rules.iter().find(|e| e.id.as_str() == "VPC402").unwrap();
    let mut cx = vpclint::rules::RuleContext::new(&model, vpc402);
    vpc402.rule.check(&mut cx);
    (cx.into_findings().into_iter().map(|f| f.resource.unwrap_or_default()).collect(), target)
}

/// VPC402 across joined stacks: a route of the app stack through the internet gateway it
/// imports from the network stack is created after the whole network stack, attachment
/// included, so it needs no `DependsOn`; a route of the network stack itself does.
#[test]
fn a_route_through_an_imported_internet_gateway_waits_for_the_whole_stack() {
    let (found, target) = igw_route_findings(IGW_NETWORK);
    assert_eq!(target, "Igw", "joined, the app's route goes through the network's gateway");
    assert!(found.is_empty(), "{found:?}");
    let racing = IGW_NETWORK.replace("    DependsOn: Attachment\n", "");
    let (found, _) = igw_route_findings(&racing);
    assert_eq!(found, ["PublicDefault"]);
}
