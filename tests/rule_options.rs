//! Per-rule options (`[rule-options.<rule>]` in vpclint.toml, declared in the rule's doc):
//! VPC201's `ports` changes what it fires on, its default is today's behaviour, a bad table
//! is a usage error at its position, `--configure-rule` sets an option over the file, and
//! `explain` and `rules --format json` show the options with their defaults.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

/// A group open to the internet on SSH, PostgreSQL and a range with 8443 in it.
const TEMPLATE: &str = "\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: open
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 8000, ToPort: 9000, CidrIpv6: ::/0}
";

fn vpclint(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(dir).env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

/// VPC201's messages on TEMPLATE with `config` as vpclint.toml (none when `None`).
fn vpc201_messages(config: Option<&str>) -> Vec<String> {
    vpc201_messages_with(config, &[])
}

/// VPC201's messages on TEMPLATE with `config` as vpclint.toml and `flags` added to `check`.
fn vpc201_messages_with(config: Option<&str>, flags: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), TEMPLATE).unwrap();
    if let Some(c) = config {
        std::fs::write(dir.path().join("vpclint.toml"), c).unwrap();
    }
    let out = vpclint(dir.path()).args(["check", "t.yaml", "--format", "json"]).args(flags).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "VPC201")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_default_is_ssh_and_rdp() {
    let messages = vpc201_messages(None);
    assert_eq!(
        messages,
        ["an inline ingress rule of security group `Open` admits SSH (TCP 22) from any IPv4 address (a `/0` block)"]
    );
    // Setting the default explicitly changes nothing.
    assert_eq!(vpc201_messages(Some("[rule-options.VPC201]\nports = [3389, 22]\n")), messages);
}

#[test]
fn configured_ports_replace_the_default() {
    let messages = vpc201_messages(Some("[rule-options.sg-admin-port-open-to-world]\nports = [5432, 8443]\n"));
    assert_eq!(
        messages,
        [
            "an inline ingress rule of security group `Open` admits PostgreSQL (TCP 5432) from any IPv4 address (a `/0` block)",
            "an inline ingress rule of security group `Open` admits TCP 8000-9000, which includes port 8443, from any IPv6 address (a `/0` block)",
        ]
    );
    assert_eq!(vpc201_messages(Some("[rule-options.VPC201]\nports = [22, 3389, 5432]\n")).len(), 2);
    assert!(vpc201_messages(Some("[rule-options.VPC201]\nports = []\n")).is_empty());
}

/// `--configure-rule RULE:OPTION=VALUE` sets an option as the file does, and over it.
#[test]
fn the_flag_sets_an_option_over_the_file() {
    let file = vpc201_messages(Some("[rule-options.VPC201]\nports = [5432, 8443]\n"));
    assert_eq!(file.len(), 2);
    assert_eq!(vpc201_messages_with(None, &["--configure-rule", "VPC201:ports=[5432, 8443]"]), file);
    assert_eq!(
        vpc201_messages_with(None, &["--configure-rule", "sg-admin-port-open-to-world:ports = [8443,5432]"]),
        file
    );
    // The flag wins over the file; the last flag for an option wins over earlier ones.
    let ssh_only = vpc201_messages(None);
    assert_eq!(
        vpc201_messages_with(
            Some("[rule-options.VPC201]\nports = [5432]\n"),
            &["--configure-rule", "VPC201:ports=[22]"]
        ),
        ssh_only
    );
    assert!(
        vpc201_messages_with(None, &["--configure-rule", "VPC201:ports=[22]", "--configure-rule", "vpc201:ports=[]"])
            .is_empty()
    );
}

/// A flag that cannot be used is a usage error that says what is wrong with it, whatever
/// part is: its form, the rule, the option, the value's type or the value.
#[test]
fn a_bad_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), TEMPLATE).unwrap();
    for (arg, says) in [
        ("VPC201", "`VPC201` is not RULE:OPTION=VALUE"),
        ("VPC201:ports", "is not RULE:OPTION=VALUE"),
        ("VPC201:ports=", "has no value on one line"),
        ("VPC201:ports=[1]\n[rule-options.VPC301]", "has no value on one line"),
        ("VPC999:ports=[1]", "unknown rule `VPC999`"),
        ("VPC2:ports=[1]", "`VPC2` selects more than one rule"),
        ("all:ports=[1]", "`all` selects more than one rule"),
        ("VPC301:ports=[1]", "rule VPC301 (s3-via-nat) has no options"),
        ("VPC201:prots=[1]", "has no option `prots`"),
        ("VPC201:ports=22", "expected a list of ports"),
        ("VPC201:ports=[70000]", "`70000` is not a port"),
    ] {
        vpclint(dir.path())
            .args(["check", "t.yaml", "--isolated", "--configure-rule", arg])
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains("--configure-rule: "))
            .stderr(contains(says));
    }
}

#[test]
fn a_bad_option_is_a_usage_error_at_its_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), TEMPLATE).unwrap();
    std::fs::write(
        dir.path().join("vpclint.toml"),
        "fail-on = \"error\"\n[rule-options.VPC201]\nports = [22, 65536]\n",
    )
    .unwrap();
    vpclint(dir.path())
        .args(["check", "t.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("vpclint.toml:3:9]"))
        .stderr(contains("`65536` is not a port"));
    std::fs::write(dir.path().join("vpclint.toml"), "[rule-options.VPC201]\nport = [22]\n").unwrap();
    vpclint(dir.path())
        .args(["check", "t.yaml"])
        .assert()
        .code(2)
        .stderr(contains("vpclint.toml:2:1]"))
        .stderr(contains("rule VPC201 has no"))
        .stderr(contains("option `port`; its options: `ports`"));
}

#[test]
fn explain_and_the_rule_list_show_options_and_defaults() {
    let root = common::root();
    vpclint(&root)
        .args(["explain", "VPC201", "--isolated"])
        .assert()
        .success()
        .stdout(contains("option: ports (port-list, default [22, 3389])\n"))
        .stdout(contains("## Options\n"))
        .stdout(contains("[rule-options.VPC201]\n"));
    let out = vpclint(&root).args(["rules", "--format", "json", "--isolated"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for r in v.as_array().unwrap() {
        let options = r["options"].as_array().unwrap();
        if r["id"] == "VPC201" {
            assert_eq!(
                options,
                &[serde_json::json!({
                    "name": "ports",
                    "type": "port-list",
                    "default": [22, 3389],
                    "description": "the TCP ports that must not be open to the whole internet",
                })]
            );
        } else {
            assert!(options.is_empty(), "{}", r["id"]);
        }
    }
}
