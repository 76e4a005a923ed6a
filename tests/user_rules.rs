//! User rules (JSONPath queries over the model's JSON form) and `vpclint model`: the JSON
//! form for both tools, its schema, user findings in every format, the load errors, and
//! `vpclint test-rules`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

fn vpclint() -> Command {
    let mut c = Command::cargo_bin("vpclint").unwrap();
    c.current_dir(common::root());
    c
}

const CFN: &str = "testdata/rules/VPC301/bad.yaml";
const PLAN: &str = "testdata/rules/VPC301/bad.tfplan.json";
const POLICIES: &str = "examples/rules";

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("JSON output")
}

fn model_of(path: &str) -> Value {
    let out = vpclint().args(["model", path]).assert().success().get_output().stdout.clone();
    json_of(&out)
}

/// The model of each tool, whole: a change to the public JSON form shows in review.
#[test]
fn model_json_snapshots_for_both_tools() {
    insta::assert_json_snapshot!("model_cloudformation", model_of(CFN));
    insta::assert_json_snapshot!("model_terraform", model_of(PLAN));
}

const NETWORK_CFN: &str = "testdata/model/network-objects.yaml";
const NETWORK_PLAN: &str = "testdata/model/network-objects.tfplan.json";

/// The network objects the catalog rules read (internet gateway attachments, gateway
/// associations, egress-only gateways, peering connections, NAT gateways' Elastic IPs,
/// flow logs), whole, for one network in each tool.
#[test]
fn model_json_snapshots_of_network_objects_for_both_tools() {
    insta::assert_json_snapshot!("model_cloudformation_network_objects", model_of(NETWORK_CFN));
    insta::assert_json_snapshot!("model_terraform_network_objects", model_of(NETWORK_PLAN));
}

/// One shape for both tools: each kind of network object has the same fields, and the
/// same network links the same way.
#[test]
fn network_objects_have_one_shape_for_both_tools() {
    let cfn = model_of(NETWORK_CFN)["files"][0].clone();
    let plan = model_of(NETWORK_PLAN)["files"][0].clone();
    let lists = [
        "internet_gateway_attachments",
        "gateway_associations",
        "egress_only_internet_gateways",
        "peering_connections",
        "nat_gateways",
        "elastic_ips",
        "flow_logs",
    ];
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    for list in lists {
        let (a, b) = (cfn[list].as_array().unwrap(), plan[list].as_array().unwrap());
        assert!(!a.is_empty() && !b.is_empty(), "{list}: {a:?} {b:?}");
        assert_eq!(keys(&a[0]), keys(&b[0]), "{list}");
    }
    let pick = |f: &Value, list: &str, fields: &[&str]| -> Vec<Vec<Value>> {
        f[list].as_array().unwrap().iter().map(|o| fields.iter().map(|k| o[*k].clone()).collect()).collect()
    };
    // Names differ by tool (`Nat`, `aws_nat_gateway.main`); what is known and how it links
    // does not.
    let nat = |f: &Value| {
        let mut v = pick(f, "nat_gateways", &["public", "allocation"]);
        v.sort_by_key(|x| x[0].to_string());
        v
    };
    assert_eq!(nat(&cfn), nat(&plan));
    assert_eq!(cfn["nat_gateways"][0]["elastic_ip"], "NatIp");
    assert_eq!(plan["nat_gateways"][0]["elastic_ip"], "aws_eip.nat");
    let types = |f: &Value| {
        let mut v = pick(f, "flow_logs", &["resource_type"]);
        v.sort_by_key(|x| x[0].to_string());
        v
    };
    assert_eq!(types(&cfn), types(&plan));
    assert_eq!(cfn["gateway_associations"][0]["gateway"], "Igw");
    assert_eq!(plan["gateway_associations"][0]["gateway"], "aws_internet_gateway.main");
    assert_eq!(cfn["peering_connections"][0]["peer_vpc"], "Peer");
    assert_eq!(plan["peering_connections"][0]["peer_vpc"], "aws_vpc.peer");
}

/// Every fixture's model validates against the published schema, and the schema lists
/// exactly the fields the code writes.
#[test]
fn model_json_follows_its_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/vpclint-model.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = vpclint()
        .args(["model", "testdata/rules", "testdata/examples", "testdata/model"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let doc = json_of(&out);
    let errors: Vec<String> =
        validator.iter_errors(&doc).take(10).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "model output does not follow the schema:\n{}", errors.join("\n"));
    let files = doc["files"].as_array().unwrap();
    assert!(files.len() > 20, "only {} files modelled", files.len());
    assert!(files.iter().any(|f| f["tool"] == "terraform") && files.iter().any(|f| f["tool"] == "cloudformation"));
    for (kind, fields) in vpclint::model::view::FIELDS {
        let def = &schema["$defs"][*kind];
        let required: Vec<&str> = def["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let mut expected: Vec<&str> = vpclint::model::view::COMMON_FIELDS.to_vec();
        expected.extend(fields.iter());
        let (mut a, mut b) = (required.clone(), expected.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b, "schema fields of `{kind}`");
    }
    // The file's lists are the ones user rules' queries select (`view::LISTS`).
    let mut lists: Vec<&str> = schema["$defs"]["file"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .filter(|k| !["path", "tool", "region"].contains(k))
        .collect();
    let mut expected = vpclint::model::view::LISTS.to_vec();
    lists.sort();
    expected.sort();
    assert_eq!(lists, expected, "top-level lists");
}

/// Unknown is its own value, apart from null (not set): a CIDR from a parameter without
/// default, an IPv6 block that is not set.
#[test]
fn unknown_is_neither_null_nor_absent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(
        &path,
        "Parameters:\n  Cidr: {Type: String}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: !Ref Cidr}\n",
    )
    .unwrap();
    let out = vpclint().arg("model").arg(&path).assert().success().get_output().stdout.clone();
    let doc = json_of(&out);
    let sub = &doc["files"][0]["subnets"][0];
    assert_eq!(sub["cidr"], serde_json::json!({"unknown": true}));
    assert_eq!(sub["ipv6_cidr"], Value::Null);
    assert!(sub.as_object().unwrap().contains_key("ipv6_cidr"));
    assert_eq!(sub["location"]["line"], 7);
    assert_eq!(sub["vpc"], "Vpc");
}

/// A file that cannot be read is a problem of the model run, with exit code 1.
#[test]
fn model_of_a_broken_file_lists_its_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\"Resources\": {").unwrap();
    let out = vpclint().arg("model").arg(&path).assert().code(1).get_output().stdout.clone();
    let doc = json_of(&out);
    assert_eq!(doc["files"].as_array().unwrap().len(), 0);
    assert_eq!(doc["problems"][0]["rule_id"], "VPC000");
}

fn ids_of(out: &[u8]) -> Vec<String> {
    json_of(out)["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_string()).collect()
}

/// One policy, one query line, fires on a CloudFormation template and on a Terraform plan of
/// the same kind of network, at the subnet's own location.
#[test]
fn one_user_rule_serves_both_tools() {
    for path in [CFN, PLAN] {
        let out = vpclint()
            .args(["check", path, "--rules", POLICIES, "--select", "ORG001", "--format", "json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let doc = json_of(&out);
        let findings = doc["findings"].as_array().unwrap();
        assert!(!findings.is_empty(), "{path}: no ORG001 finding");
        for f in findings {
            assert_eq!(f["rule_id"], "ORG001");
            assert_eq!(f["level"], "warning");
            assert_eq!(f["path"], path);
            assert!(f["line"].as_u64().unwrap() > 1);
            assert!(f["message"].as_str().unwrap().contains("sends S3 traffic through nat"), "{f}");
        }
    }
}

/// User findings go through every output format, and the SARIF descriptor carries the
/// user's doc without a link into vpclint's repository.
#[test]
fn user_findings_in_every_format() {
    let base = ["check", CFN, "--rules", POLICIES, "--select", "ORG"];
    let out = vpclint().args(base).args(["--format", "sarif"]).assert().code(1).get_output().stdout.clone();
    let sarif = json_of(&out);
    let run = &sarif["runs"][0];
    let rule = run["tool"]["driver"]["rules"].as_array().unwrap().iter().find(|r| r["id"] == "ORG001").unwrap();
    assert!(rule.get("helpUri").is_none());
    assert!(rule["help"]["markdown"].as_str().unwrap().contains("gateway endpoint"));
    assert!(run["results"].as_array().unwrap().iter().any(|r| r["ruleId"] == "ORG001"));
    vpclint().args(base).args(["--format", "github"]).assert().code(1).stdout(contains("ORG001"));
    vpclint()
        .args(base)
        .args(["--format", "pretty", "--color", "never"])
        .assert()
        .code(1)
        .stdout(contains("ORG001"))
        .stdout(contains("private-subnet-s3-not-via-gateway-endpoint"));
    vpclint().args(["rules", "--rules", POLICIES, "--isolated"]).assert().success().stdout(contains("ORG002"));
    vpclint()
        .args(["explain", "interface-endpoint-without-policy", "--rules", POLICIES, "--isolated"])
        .assert()
        .success()
        .stdout(contains("PolicyDocument"));
}

/// `--ignore` takes user ids and prefixes; a typo of a user id gets the suggestion.
#[test]
fn user_rules_are_selected_like_built_ins() {
    let out = vpclint()
        .args(["check", CFN, "--rules", POLICIES, "--ignore", "ORG", "--format", "json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    assert!(!ids_of(&out).iter().any(|id| id.starts_with("ORG")));
    vpclint()
        .args(["check", CFN, "--rules", POLICIES, "--select", "ORG01"])
        .assert()
        .code(2)
        .stderr(contains("ORG001"));
    // Without the rules, the id is unknown.
    vpclint().args(["check", CFN, "--select", "ORG001", "--isolated"]).assert().code(2);
}

/// `rules = [...]` in vpclint.toml (relative to the file), selectors and severity naming
/// user rules in the same file.
#[test]
fn configuration_file_loads_user_rules() {
    let out = vpclint()
        .current_dir(common::root().join("testdata/user/config"))
        .args(["check", "../../rules/VPC301/bad.yaml", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let doc = json_of(&out);
    let findings = doc["findings"].as_array().unwrap();
    let org: Vec<&Value> = findings.iter().filter(|f| f["rule_id"] == "ORG001").collect();
    assert!(!org.is_empty());
    assert!(org.iter().all(|f| f["level"] == "error"), "the [severity] override applies");
    assert!(findings.iter().all(|f| f["rule_id"] == "ORG001" || f["rule_id"] == "VPC301"));
}

/// A user rule's options fill its query and message: the defaults, a value from
/// `--configure-rule` or from `[rule-options]`, and a string holding a quote, which becomes
/// a JSONPath string literal rather than part of the query.
#[test]
fn user_rule_options_fill_the_query_and_message() {
    const FILE: &str = "testdata/rules/VPC104/bad.yaml";
    let rules = Path::new("testdata/user/with-options");
    let run = |extra: &[&str]| user_findings(rules, FILE, extra);
    let outside = |name: &str, cidr: &str, range: &str| {
        (name.to_string(), format!("subnet `{name}` uses {cidr}, outside {range}"))
    };
    assert_eq!(
        run(&["--isolated"]),
        [
            outside("InsideSecondary", "100.64.3.0/24", "10.0.0.0/8"),
            outside("External", "192.168.0.0/24", "10.0.0.0/8")
        ]
    );
    let wider = [
        "--isolated",
        "--configure-rule",
        "ACME020:pattern=\"(10|192)[.].*\"",
        "--configure-rule",
        "ACME020:range=\"the VPC ranges\"",
    ];
    assert_eq!(run(&wider), [outside("InsideSecondary", "100.64.3.0/24", "the VPC ranges")]);
    // The same through vpclint.toml.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("vpclint.toml");
    std::fs::write(&config, "[rule-options.ACME020]\npattern = \"(10|192)[.].*\"\nrange = \"the VPC ranges\"\n")
        .unwrap();
    assert_eq!(run(&["--config", config.to_str().unwrap()]), run(&wider));
    // A flag over the file refills the query the file's values filled.
    let over = ["--config", config.to_str().unwrap(), "--configure-rule", "ACME020:pattern=\"10[.].*\""];
    assert_eq!(
        run(&over),
        [
            outside("InsideSecondary", "100.64.3.0/24", "the VPC ranges"),
            outside("External", "192.168.0.0/24", "the VPC ranges")
        ]
    );
    // A quote and a backslash stay inside the string: the pattern matches no block, and
    // every subnet with a written block is reported.
    let quoted = run(&["--isolated", "--configure-rule", r#"ACME020:pattern="it's \\d""#]);
    assert_eq!(quoted.len(), 11, "{quoted:?}");
    vpclint()
        .args(["test-rules", "testdata/user/with-options"])
        .assert()
        .success()
        .stdout(contains("2 examples passed"));
}

/// A suppression names a user rule as it names a built-in one.
#[test]
fn user_rules_are_suppressed_in_the_source() {
    let text = std::fs::read_to_string(common::root().join(CFN)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    let suppressed = format!("Metadata:\n  vpclint:\n    ignore: [ORG001]\n{text}");
    std::fs::write(&path, suppressed).unwrap();
    let rules = common::root().join(POLICIES);
    let out = vpclint()
        .arg("check")
        .arg(&path)
        .arg("--rules")
        .arg(&rules)
        .args(["--format", "json", "--isolated"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let ids = ids_of(&out);
    assert!(!ids.contains(&"ORG001".to_string()), "{ids:?}");
    assert!(!ids.contains(&"VPC001".to_string()), "the id is known: {ids:?}");
    assert!(ids.contains(&"VPC301".to_string()));
}

/// Each way a rule file can be wrong stops the run with exit 2 and says where.
#[test]
fn bad_rule_files_are_usage_errors_with_positions() {
    let cases: [(&str, &[&str]); 8] = [
        ("bad-query", &["rule.md:5:", "`query` is not a JSONPath query"]),
        ("list-option", &["rule.md:8:3", "option `ports` is a port-list, but a user rule's options are boolean"]),
        ("unused-option", &["rule.md:8:3", "option `pattern` is declared, but neither the query nor the message"]),
        ("unknown-option", &["rule.md:5:30", "placeholder `${block}` names no option of the rule"]),
        ("bad-placeholder", &["rule.md:6:", "placeholder `{colour}` names no field"]),
        ("duplicate", &["b.md:2:1", "rule id `ACME003` is defined twice"]),
        ("reserved", &["rule.md:2:1", "reserved for vpclint's own rules"]),
        ("no-id", &["rule.md:1:1", "front matter lacks `id`"]),
    ];
    for (dir, expected) in cases {
        let mut a =
            vpclint().args(["check", CFN, "--isolated", "--rules"]).arg(format!("testdata/user/{dir}")).assert();
        a = a.code(2).stdout("");
        for e in expected {
            a = a.stderr(contains(*e));
        }
    }
    // The column of a query error points into the query.
    let out = vpclint()
        .args(["rules", "--isolated", "--rules", "testdata/user/bad-query"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    let col: u32 = err.split("rule.md:5:").nth(1).unwrap().split(':').next().unwrap().parse().unwrap();
    assert!(col > 8, "column {col} is not inside the query: {err}");
}

/// `test-rules` passes on the shipped policies and fails, with the example's line, on a rule
/// whose example does not behave.
#[test]
fn test_rules_runs_examples() {
    vpclint().args(["test-rules", POLICIES]).assert().success().stdout(contains("6 examples passed"));
    vpclint()
        .args(["test-rules", "testdata/user/failing"])
        .assert()
        .code(1)
        .stderr(contains("rule.md:12: ACME004: the bad example gives no finding"))
        .stderr(contains("1 of 2 examples failed"));
    vpclint().args(["test-rules", "testdata/user/bad-query"]).assert().code(2);
    assert!(Path::new(&common::root().join(POLICIES)).is_dir());
}

/// An endpoint's zones and a subnet's DynamoDB path are in the view, for single-object
/// queries such as "every interface endpoint spans two zones".
#[test]
fn endpoint_zones_and_dynamodb_path_are_queryable() {
    let out = vpclint().args(["model", "testdata/rules/VPC306/bad.yaml"]).assert().get_output().stdout.clone();
    let doc = json_of(&out);
    let file = &doc["files"][0];
    let ssm = file["endpoints"].as_array().unwrap().iter().find(|e| e["name"] == "Ssm").unwrap();
    assert_eq!(ssm["zones"], serde_json::json!([{"index": 0, "list": "Fn::GetAZs \"\""}]));
    for s in file["subnets"].as_array().unwrap() {
        assert_eq!(s["dynamodb_path"], s["s3_path"], "no gateway endpoint for either: {s}");
    }
}

/// The endpoint's resolver-only DNS option and the file's DynamoDB tables are in the view,
/// in one shape for both tools: the option as written, else the tool's create-time default
/// where it applies (CloudFormation: the API's true; Terraform: the provider's false), `null`
/// where it does not; the tables with their `state_lock` flag.
#[test]
fn resolver_only_dns_and_dynamodb_tables_are_queryable_in_both_tools() {
    let file = |path: &str| model_of(path)["files"][0].clone();
    let endpoint = |f: &Value, name: &str| -> Value {
        f["endpoints"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let option = |f: &Value, name: &str| endpoint(f, name)["private_dns_only_for_inbound_resolver_endpoint"].clone();
    let unknown = serde_json::json!({"unknown": true});

    let bad = file("testdata/rules/VPC312/bad.yaml");
    assert_eq!(option(&bad, "S3Interface"), true, "unset: the API's default");
    assert_eq!(option(&bad, "OtherS3Interface"), true, "OnlyInboundResolver");
    assert_eq!(option(&bad, "DynamoDb"), Value::Null, "a gateway endpoint has no such option");
    let good = file("testdata/rules/VPC312/good.yaml");
    assert_eq!(option(&good, "AllResolvers"), false);
    assert_eq!(option(&good, "FromParameter"), unknown);
    assert_eq!(option(&good, "Ssm"), Value::Null, "ssm has no gateway endpoint: the option does not apply");
    let plan = file("testdata/rules/VPC312/bad.tfplan.json");
    assert_eq!(option(&plan, "aws_vpc_endpoint.s3_interface"), true, "dns_options set");
    let plan = file("testdata/rules/VPC312/good.tfplan.json");
    assert_eq!(option(&plan, "aws_vpc_endpoint.s3_interface"), false, "unset: the provider sends false");

    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&endpoint(&bad, "S3Interface")), keys(&endpoint(&plan, "aws_vpc_endpoint.s3_interface")));

    let cfn = file("testdata/rules/VPC305/bad.yaml");
    let tf = file("testdata/rules/VPC305/bad.tfplan.json");
    let lock = file("testdata/rules/VPC305/good-lock-table.tfplan.json");
    let tables = |f: &Value| f["dynamodb_tables"].as_array().unwrap().clone();
    let (cfn, tf, lock) = (tables(&cfn), tables(&tf), tables(&lock));
    assert_eq!(cfn.len(), 1, "{cfn:?}");
    assert_eq!(
        (&cfn[0]["kind"], &cfn[0]["name"], &cfn[0]["state_lock"]),
        (&"dynamodb_table".into(), &"Sessions".into(), &false.into())
    );
    assert_eq!(tf.len(), 1, "{tf:?}");
    assert_eq!(
        (&tf[0]["name"], &tf[0]["type"], &tf[0]["state_lock"]),
        (&"aws_dynamodb_table.orders".into(), &"aws_dynamodb_table".into(), &false.into())
    );
    assert_eq!(keys(&cfn[0]), keys(&tf[0]));
    assert_eq!(lock.len(), 1);
    assert_eq!(lock[0]["state_lock"], true, "hash key LockID: Terraform's own lock table");
}

/// Writes one user rule with `query` and `message` into a fresh directory.
fn one_rule(id: &str, query: &str, message: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rule = format!(
        "---\nid: {id}\nname: rule-{}\ntitle: A policy\nseverity: warning\nquery: \"{query}\"\nmessage: \"{message}\"\n---\n## What it does\nA policy.\n",
        id.to_ascii_lowercase()
    );
    std::fs::write(dir.path().join("rule.md"), rule).unwrap();
    dir
}

/// The findings of `rules` (one rule) on `path`, as (resource, message), with `extra` flags.
fn user_findings(rules: &Path, path: &str, extra: &[&str]) -> Vec<(String, String)> {
    let out = vpclint()
        .args(["check", path, "--select", "ACME", "--format", "json", "--rules"])
        .arg(rules)
        .args(extra)
        .assert()
        .get_output()
        .stdout
        .clone();
    json_of(&out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["resource"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string()))
        .collect()
}

/// Tried as a new user would: "every private subnet must send S3 through a gateway endpoint"
/// is one query line, and it fires on a CloudFormation template and on a Terraform plan of
/// the same network (testdata/user/same-network/network.yaml is the plan's network written
/// as a template), on the same subnet, and on nothing else.
#[test]
fn a_policy_in_one_line_fires_on_both_tools_for_the_same_network() {
    let (cfn, plan) = ("testdata/user/same-network/network.yaml", "testdata/rules/VPC301/bad.tfplan.json");
    let subnets = |path: &str| {
        let mut s: Vec<String> = model_of(path)["files"][0]["subnets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{} {} {} {}", s["cidr"], s["availability_zone"], s["tier"], s["s3_path"]))
            .collect();
        s.sort();
        s
    };
    assert_eq!(subnets(cfn), subnets(plan), "the two files model the same network");
    let rules = one_rule(
        "ACME1",
        "$.subnets[?@.tier == 'private' && @.s3_path != 'gateway-endpoint' && search(@.s3_path, '.')]",
        "{name} ({cidr}) sends S3 through {s3_path}",
    );
    assert_eq!(
        user_findings(rules.path(), cfn, &[]),
        [("Private1".to_string(), "Private1 (10.0.1.0/24) sends S3 through nat".to_string())]
    );
    assert_eq!(
        user_findings(rules.path(), plan, &[]),
        [("aws_subnet.private[1]".to_string(), "aws_subnet.private[1] (10.0.1.0/24) sends S3 through nat".to_string())]
    );
}

/// The reachability answers in the view, for both tools: what each security group and each
/// workload's effective groups admit from the whole internet, and whether each endpoint's VPC
/// clients may reach it on HTTPS (a change shows in review).
#[test]
fn reachability_in_the_view_snapshots() {
    let answers = |paths: &[&str]| {
        let mut out = serde_json::Map::new();
        for path in paths {
            let file = &model_of(path)["files"][0];
            let by_name = |list: &str, field: &str| -> Value {
                file[list]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| (o["name"].as_str().unwrap().to_string(), o[field].clone()))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            };
            out.insert(
                path.to_string(),
                serde_json::json!({
                    "security_groups": by_name("security_groups", "internet_ingress"),
                    "workloads": by_name("workloads", "internet_ingress"),
                    "endpoints": by_name("endpoints", "https_from_vpc"),
                }),
            );
        }
        Value::Object(out)
    };
    insta::assert_json_snapshot!(
        "reach_cloudformation",
        answers(&[
            "testdata/rules/VPC206/bad.yaml",
            "testdata/rules/VPC304/bad.yaml",
            "testdata/rules/VPC304/good.yaml"
        ])
    );
    insta::assert_json_snapshot!(
        "reach_terraform",
        answers(&[
            "testdata/rules/VPC206/bad.tfplan.json",
            "testdata/rules/VPC304/bad.tfplan.json",
            "testdata/rules/VPC304/good-unknown.tfplan.json"
        ])
    );
}

/// An endpoint's `https_from_vpc` is false exactly where VPC304 reports it, in every fixture
/// of both tools: the view and the rule ask reach.rs the same question.
#[test]
fn https_from_vpc_is_vpc304s_answer() {
    let dirs = ["testdata/rules", "testdata/examples"];
    let out = vpclint()
        .args(["check", "--select", "VPC304", "--no-join", "--show-suppressed", "--format", "json"])
        .args(dirs)
        .assert()
        .get_output()
        .stdout
        .clone();
    let doc = json_of(&out);
    let mut reported: Vec<String> = ["findings", "suppressed"]
        .iter()
        .flat_map(|k| doc[*k].as_array().cloned().unwrap_or_default())
        .map(|f| format!("{} {}", f["path"].as_str().unwrap(), f["resource"].as_str().unwrap()))
        .collect();
    let out = vpclint().arg("model").args(dirs).assert().get_output().stdout.clone();
    let mut denied = Vec::new();
    let mut answers = std::collections::BTreeMap::new();
    for file in json_of(&out)["files"].as_array().unwrap() {
        for e in file["endpoints"].as_array().unwrap() {
            *answers.entry(e["https_from_vpc"].to_string()).or_insert(0) += 1;
            if e["https_from_vpc"] == false {
                denied.push(format!("{} {}", file["path"].as_str().unwrap(), e["name"].as_str().unwrap()));
            }
        }
    }
    reported.sort();
    reported.dedup();
    denied.sort();
    assert!(reported.len() > 10, "{reported:?}");
    assert_eq!(denied, reported);
    for answer in ["true", "false", "null", "{\"unknown\":true}"] {
        assert!(answers.get(answer).is_some_and(|n| *n > 0), "no endpoint answers {answer}: {answers:?}");
    }
}

/// Policies over reachability are one query line for both tools: a workload open to the
/// internet on HTTPS, an interface endpoint its VPC cannot reach.
#[test]
fn reachability_is_queryable_in_both_tools() {
    let open = one_rule(
        "ACME2",
        "$.workloads[?@.internet_ingress[?@.protocol == 'tcp' && @.from_port <= 443 && @.to_port >= 443]]",
        "{name} admits HTTPS from the internet",
    );
    let names = |found: Vec<(String, String)>| found.into_iter().map(|(r, _)| r).collect::<Vec<_>>();
    assert_eq!(names(user_findings(open.path(), "testdata/rules/VPC206/bad.yaml", &[])), ["Alb", "AdminAlb"]);
    assert_eq!(names(user_findings(open.path(), "testdata/rules/VPC206/bad.tfplan.json", &[])), ["aws_lb.app"]);
    let closed =
        one_rule("ACME3", "$.endpoints[?@.https_from_vpc == false]", "{name} ({service}) is closed to its VPC");
    let cfn = user_findings(closed.path(), "testdata/rules/VPC304/bad.yaml", &[]);
    assert_eq!(names(cfn.clone()), ["Ssm", "Kms", "Sts"]);
    assert_eq!(cfn[0].1, "Ssm (ssm) is closed to its VPC");
    let plan = user_findings(closed.path(), "testdata/rules/VPC304/bad.tfplan.json", &[]);
    assert!(
        plan.contains(&(
            "aws_vpc_endpoint.ssm".to_string(),
            "aws_vpc_endpoint.ssm (ssm) is closed to its VPC".to_string()
        )),
        "{plan:?}"
    );
    assert!(user_findings(closed.path(), "testdata/rules/VPC304/good.tfplan.json", &[]).is_empty());
}

/// The README's "no workload admits SSH from the internet", as written there: every
/// protocol, TCP on every port, or TCP on a range with 22, on an instance's groups; not TCP
/// 443, not SSH from a private block, not a group whose rules are unknown.
#[test]
fn the_readme_ssh_policy_works_as_written() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let query =
        readme.split('`').find(|s| s.starts_with("$.workloads[?@.internet_ingress")).expect("the README's query");
    let rules = one_rule("ACME4", query, "{name} admits SSH from the internet");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    let group = |name: &str, rule: &str| {
        format!(
            "  {name}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      VpcId: !Ref Vpc\n      SecurityGroupIngress: [{rule}]\n"
        )
    };
    let instance = |name: &str, sg: &str| {
        format!(
            "  {name}:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0abc\n      SubnetId: !Ref Sub\n      SecurityGroupIds: [!Ref {sg}]\n"
        )
    };
    let mut t = "Parameters:\n  Open: {Type: String}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}\n".to_string();
    for (name, rule) in [
        ("All", "{IpProtocol: '-1', CidrIp: 0.0.0.0/0}"),
        ("Ssh", "{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: '::/0'}"),
        ("Range", "{IpProtocol: tcp, FromPort: 0, ToPort: 1024, CidrIp: 0.0.0.0/0}"),
        ("Https", "{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}"),
        ("Private", "{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}"),
        ("Unknown", "{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Open}"),
    ] {
        t.push_str(&group(&format!("{name}Sg"), rule));
        t.push_str(&instance(name, &format!("{name}Sg")));
    }
    std::fs::write(&path, t).unwrap();
    let found: Vec<String> =
        user_findings(rules.path(), path.to_str().unwrap(), &[]).into_iter().map(|(r, _)| r).collect();
    assert_eq!(found, ["All", "Ssh", "Range"]);
}
