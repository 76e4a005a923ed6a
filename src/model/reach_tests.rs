//! Tests of `reach.rs`: group peers and CIDR peers, a VPC's clients and its default group,
//! Terraform groups without egress, workloads and their groups, NACL first-match and return
//! ports, on templates and plans loaded whole.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use crate::load::{Loaded, load_text};
use crate::source::FileId;

fn model(text: &str) -> Model {
    match load_text(text, FileId(0)) {
        Loaded::Model { model, .. } => *model,
        _ => panic!("not a template"),
    }
}

/// BASE and these resources (YAML, indented as BASE's).
fn base_and(resources: &str) -> Model {
    model(&format!("{BASE}{resources}"))
}

fn sg(m: &Model, name: &str) -> SgId {
    SgId(m.security_groups.iter().position(|g| g.meta.name == name).unwrap() as u32)
}

fn subnet_cidr(m: &Model, name: &str) -> Cidr {
    *m.subnets.iter().find(|s| s.meta.name == name).unwrap().cidr.known().unwrap()
}

/// A workload wearing `groups` in subnet `subnet`.
fn at(m: &Model, groups: &[&str], subnet: &str) -> Party {
    wearing(groups.iter().map(|g| sg(m, g)).collect(), subnet_cidr(m, subnet))
}

/// A workload wearing `groups` with an address in `block`, IPv4 only.
fn wearing(groups: Vec<SgId>, block: Cidr) -> Party {
    Party {
        groups: Groups::These { groups, external: false },
        addresses: Addresses::Within(vec![block]),
        ipv6: Val::Known(false),
    }
}

/// BASE and security group `name` of the VPC with these ingress and egress rules (YAML
/// flow mappings, `{IpProtocol: tcp, ...}`).
fn with_group(name: &str, ingress: &[&str], egress: &[&str]) -> Model {
    let mut t = format!("  {name}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n");
    t.push_str(&format!("      GroupDescription: {name}\n      VpcId: !Ref Vpc\n"));
    for (key, rules) in [("SecurityGroupIngress", ingress), ("SecurityGroupEgress", egress)] {
        if !rules.is_empty() {
            t.push_str(&format!("      {key}:\n"));
            rules.iter().for_each(|r| t.push_str(&format!("        - {r}\n")));
        }
    }
    base_and(&t)
}

fn names(m: &Model, v: &Verdict) -> Vec<String> {
    v.rules.iter().map(|&r| m.sg_rule(r).unwrap().meta.name.clone()).collect()
}

const BASE: &str = "
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  App:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  Db:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
  AppSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: app, VpcId: !Ref Vpc}
";

#[test]
fn group_peer_and_default_egress() {
    let m = with_group(
        "DbSg",
        &["{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref AppSg}"],
        &[],
    );
    let reach = Reach::new(&m);
    let (app, db) = (at(&m, &["AppSg"], "App"), at(&m, &["DbSg"], "Db"));
    // AppSg has no egress rules: CloudFormation keeps AWS's allow-all egress.
    let v = reach.may_flow(&app, &db, Traffic::tcp(5432));
    assert_eq!(v.answer, Tri::Yes);
    assert_eq!(names(&m, &v), ["AppSg", "DbSg"]);
    assert_eq!(reach.may_flow(&app, &db, Traffic::tcp(5433)).answer, Tri::No);
    // The other way: DbSg's ingress names AppSg only.
    assert_eq!(reach.may_flow(&db, &app, Traffic::tcp(5432)).answer, Tri::No);
    let udp = Traffic { protocol: Protocol::Udp, port: 5432 };
    assert_eq!(reach.may_flow(&app, &db, udp).answer, Tri::No);
}

#[test]
fn cidr_peers_cover_the_subnet_or_not() {
    let m = with_group(
        "DbSg",
        &[
            "{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 10.0.0.0/16}",
            "{IpProtocol: tcp, FromPort: 6379, ToPort: 6379, CidrIp: 10.0.1.128/25}",
            "{IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 192.168.0.0/16}",
            "{IpProtocol: tcp, FromPort: 9000, ToPort: 9000, SourcePrefixListId: pl-0123}",
        ],
        &["{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}"],
    );
    let reach = Reach::new(&m);
    let (app, db) = (at(&m, &["AppSg"], "App"), at(&m, &["DbSg"], "Db"));
    assert_eq!(reach.may_flow(&app, &db, Traffic::tcp(5432)).answer, Tri::Yes);
    // Half the subnet: whether the client's address is in it is not known.
    assert_eq!(reach.may_flow(&app, &db, Traffic::tcp(6379)).answer, Tri::Maybe);
    assert_eq!(reach.may_flow(&app, &db, Traffic::tcp(8080)).answer, Tri::No);
    assert_eq!(reach.may_flow(&app, &db, Traffic::tcp(9000)).answer, Tri::Maybe);
    // DbSg has explicit egress (443 only): the default allow-all is gone.
    assert_eq!(reach.may_flow(&db, &app, Traffic::tcp(443)).answer, Tri::No, "AppSg admits nothing");
    let out = reach.groups_allow(&db.groups, Direction::Egress, Traffic::tcp(443), &app);
    assert_eq!(out.answer, Tri::Yes);
    let out = reach.groups_allow(&db.groups, Direction::Egress, Traffic::tcp(80), &app);
    assert_eq!((out.answer, names(&m, &out)), (Tri::No, vec!["DbSg".to_string()]));
}

#[test]
fn clients_of_a_vpc_and_the_default_group() {
    let m = with_group("Endpoint", &["{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.1.0/24}"], &[]);
    let reach = Reach::new(&m);
    let clients = Party::clients_of(&m, VpcId(0));
    let https = Traffic::tcp(443);
    assert_eq!(reach.group_allows(sg(&m, "Endpoint"), Direction::Ingress, https, &clients).answer, Tri::Yes);
    // The VPC's default group admits only its own members.
    let default = m.vpcs[0].default_security_group;
    assert_eq!(reach.group_allows(default, Direction::Ingress, https, &clients).answer, Tri::No);
    let member = wearing(vec![default], subnet_cidr(&m, "App"));
    assert_eq!(reach.group_allows(default, Direction::Ingress, https, &member).answer, Tri::Yes);
    // A party wearing a group defined elsewhere may be admitted by it.
    let unknown = Groups::These { groups: vec![sg(&m, "AppSg")], external: true };
    assert_eq!(reach.groups_allow(&unknown, Direction::Ingress, https, &clients).answer, Tri::Maybe);
}

#[test]
fn terraform_group_without_egress_allows_none() {
    let plan = include_str!("../../testdata/rules/VPC207/good.tfplan.json");
    let m = model(plan);
    let reach = Reach::new(&m);
    let g = sg(&m, "aws_security_group.app");
    let anyone = Party {
        groups: Groups::Unknown,
        addresses: Addresses::Within(vec![Cidr::parse("10.0.0.0/24").unwrap()]),
        ipv6: Val::Known(false),
    };
    assert_eq!(reach.group_allows(g, Direction::Egress, Traffic::tcp(443), &anyone).answer, Tri::No);
    assert_eq!(reach.group_allows(g, Direction::Ingress, Traffic::tcp(443), &anyone).answer, Tri::Yes);
}

#[test]
fn workloads_wear_their_groups_and_a_world_block_admits_any_address() {
    let m = base_and(
        "
  Host:
    Type: AWS::EC2::Instance
    Properties: {SubnetId: !Ref App, SecurityGroupIds: [!Ref AppSg]}
  Bare:
    Type: AWS::EC2::Instance
    Properties: {SubnetId: !Ref Db}
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateData: {SecurityGroupIds: [!Ref AppSg]}}
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '1'
      VPCZoneIdentifier: [!ImportValue subnets]
      LaunchTemplate: {LaunchTemplateId: !Ref Template, Version: '1'}
  World:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: world
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
",
    );
    let w = |name: &str| m.workloads.iter().find(|w| w.meta.name == name).unwrap();
    let app = sg(&m, "AppSg");
    let host = Party::workload(&m, w("Host"));
    assert_eq!(host.groups, Groups::These { groups: vec![app], external: false });
    assert_eq!(host.addresses, Addresses::Within(vec![subnet_cidr(&m, "App")]));
    // No groups: the VPC's default group.
    let default = m.vpcs[0].default_security_group;
    assert_eq!(Party::workload(&m, w("Bare")).groups, Groups::These { groups: vec![default], external: false });
    // An Auto Scaling group wears its template's groups; its subnets are not known.
    let group = Party::workload(&m, w("Group"));
    assert_eq!((group.groups.clone(), group.addresses.clone()), (host.groups.clone(), Addresses::Within(vec![])));
    assert_eq!(m.workload_vpc(w("Group")), Some(VpcId(0)), "through its template's groups");
    let reach = Reach::new(&m);
    let http = Traffic::tcp(80);
    assert_eq!(reach.group_allows(sg(&m, "World"), Direction::Ingress, http, &group).answer, Tri::Yes);
    // AppSg keeps CloudFormation's default egress: to anywhere, addresses known or not.
    assert_eq!(reach.groups_allow(&host.groups, Direction::Egress, http, &group).answer, Tri::Yes);
}

#[test]
fn nacl_first_match_and_return_ports() {
    let m = base_and(
        "
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: !Ref Vpc}
  DenyBad:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 90, Protocol: 6, RuleAction: deny, CidrBlock: 203.0.113.0/24, PortRange: {From: 0, To: 65535}}
  Https:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: {From: 443, To: 443}}
  Return:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 110, Protocol: 6, RuleAction: allow, CidrBlock: 10.0.0.0/16, PortRange: {From: 32768, To: 65535}}
  Out:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Egress: true, Protocol: -1, RuleAction: allow, CidrBlock: 0.0.0.0/0}
",
    );
    let ids: Vec<NaclEntryId> = (0..m.nacl_entries.len() as u32).map(NaclEntryId).collect();
    let inbound = NaclSide::new(&m, &ids, false).unwrap();
    let world = Cidr::parse("0.0.0.0/0").unwrap();
    let bad = Cidr::parse("203.0.113.0/24").unwrap();
    let vpc = Cidr::parse("10.0.0.0/16").unwrap();
    let ephemeral = PortRange { from: 1024, to: 65535 };
    assert_eq!(inbound.allows_some_tcp(&world, PortRange { from: 443, to: 443 }).answer, Tri::Yes);
    // The deny at 90 comes first for its block.
    let v = inbound.allows_some_tcp(&bad, PortRange { from: 443, to: 443 });
    assert_eq!((v.answer, v.entries.len()), (Tri::No, 1));
    assert_eq!(inbound.allows_some_tcp(&world, ephemeral).answer, Tri::Yes, "part of the world is the VPC");
    let v = inbound.allows_tcp_from_all(&world, ephemeral);
    assert_eq!((v.answer, v.partly.len()), (Tri::No, 1), "only part of the world is the VPC");
    assert_eq!(inbound.allows_some_tcp(&Cidr::parse("198.51.100.0/24").unwrap(), ephemeral).answer, Tri::No);
    assert_eq!(inbound.allows_some_tcp(&vpc, ephemeral).answer, Tri::Yes);
    let outbound = NaclSide::new(&m, &ids, true).unwrap();
    assert_eq!(outbound.allows_some_tcp(&bad, ephemeral).answer, Tri::Yes);
}
