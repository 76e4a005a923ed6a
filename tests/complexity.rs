//! The cost of checking grows linearly with the input: the work (tree lookups, model
//! lookups, index entries visited; see `vpclint::work`) for a generated input of 10N
//! subnets, associations and routes is at most about ten times the work for N. Operations
//! are counted, never timed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use vpclint::load::{self, Loaded};
use vpclint::rules::{Registry, RuleContext};
use vpclint::source::FileId;
use vpclint::work;

/// Loads and checks `text` on this thread (rules one after another, so every operation
/// is counted here) and returns the work and the number of findings.
fn work_for(text: &str) -> (u64, usize) {
    let (findings, units) = work::measure(|| match load::load_text(text, FileId(0)) {
        Loaded::Model { model, .. } => {
            let mut found = 0;
            for enabled in Registry::builtin().enabled(&Default::default()) {
                let mut cx = RuleContext::new(&model, &enabled);
                enabled.rule.check(&mut cx);
                found += cx.into_findings().len();
            }
            found
        }
        _ => panic!("the generated input must load"),
    });
    (units, findings)
}

/// A VPC whose subnets all share one route table with a NAT default route (the layout
/// that once made the S3 path quadratic), each subnet with its association and a route,
/// and one unassociated subnet.
fn cfn_template(n: usize) -> String {
    let mut t = String::from(concat!(
        "Resources:\n",
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n",
        "  Public:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.255.0.0/24}\n",
        "  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: !Ref Public, AllocationId: eipalloc-1}\n",
        "  Rt:\n    Type: AWS::EC2::RouteTable\n    Properties: {VpcId: !Ref Vpc}\n",
        "  Default:\n    Type: AWS::EC2::Route\n    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}\n",
        "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: e\n      VpcId: !Ref Vpc\n      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 192.168.0.0/16}]\n",
    ));
    for i in 0..n {
        let (a, b) = (i / 256 % 256, i % 256);
        t.push_str(&format!(
            "  S{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.{a}.{b}.0/24}}\n\
             \x20 A{i}:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties: {{SubnetId: !Ref S{i}, RouteTableId: !Ref Rt}}\n\
             \x20 R{i}:\n    Type: AWS::EC2::Route\n    Properties: {{RouteTableId: !Ref Rt, DestinationCidrBlock: 172.{a}.{b}.0/24, TransitGatewayId: tgw-1}}\n\
             \x20 E{i}:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {{VpcId: !Ref Vpc, VpcEndpointType: Interface, ServiceName: !Sub 'com.amazonaws.${{AWS::Region}}.svc{i}', SecurityGroupIds: [!Ref Sg]}}\n"
        ));
    }
    t
}

/// A `resource_changes` entry creating `address` (`TYPE.NAME` or `TYPE.NAME[i]`).
fn created(address: &str, after: serde_json::Value, after_unknown: serde_json::Value) -> serde_json::Value {
    let (rtype, rest) = address.split_once('.').unwrap();
    let (name, index) = match rest.split_once('[') {
        Some((name, i)) => (name, Some(i.trim_end_matches(']').parse::<usize>().unwrap())),
        None => (rest, None),
    };
    let mut change = serde_json::json!({"address": address, "mode": "managed", "type": rtype, "name": name,
        "change": {"actions": ["create"], "after": after, "after_unknown": after_unknown}});
    if let Some(i) = index {
        change["index"] = i.into();
    }
    change
}

/// A Terraform plan with `count = n` subnets, associations pairing `[count.index]`, and
/// routes, all with unknown ids linked through configuration references.
fn tf_plan(n: usize) -> String {
    use serde_json::json;
    let mut changes = vec![
        created("aws_vpc.main", json!({"cidr_block": "10.0.0.0/8"}), json!({"id": true})),
        created("aws_route_table.rt", json!({}), json!({"id": true, "vpc_id": true, "route": true})),
    ];
    for i in 0..n {
        let (a, b) = (i / 256 % 256, i % 256);
        changes.push(created(
            &format!("aws_subnet.s[{i}]"),
            json!({"cidr_block": format!("10.{a}.{b}.0/24")}),
            json!({"id": true, "vpc_id": true}),
        ));
        changes.push(created(
            &format!("aws_route_table_association.a[{i}]"),
            json!({}),
            json!({"id": true, "subnet_id": true, "route_table_id": true}),
        ));
        changes.push(created(
            &format!("aws_route.r[{i}]"),
            json!({"destination_cidr_block": format!("172.{a}.{b}.0/24"), "transit_gateway_id": "tgw-1"}),
            json!({"id": true, "route_table_id": true}),
        ));
    }
    let r = |refs: &[&str]| json!({"references": refs});
    let plan = json!({
        "format_version": "1.2",
        "resource_changes": changes,
        "configuration": {"root_module": {"resources": [
            {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "expressions": {"cidr_block": {"constant_value": "10.0.0.0/8"}}},
            {"address": "aws_route_table.rt", "mode": "managed", "type": "aws_route_table", "name": "rt", "expressions": {"vpc_id": r(&["aws_vpc.main.id", "aws_vpc.main"])}},
            {"address": "aws_subnet.s", "mode": "managed", "type": "aws_subnet", "name": "s", "expressions": {"vpc_id": r(&["aws_vpc.main.id", "aws_vpc.main"])}, "count_expression": {"constant_value": n}},
            {"address": "aws_route_table_association.a", "mode": "managed", "type": "aws_route_table_association", "name": "a",
             "expressions": {"subnet_id": r(&["aws_subnet.s", "count.index"]), "route_table_id": r(&["aws_route_table.rt.id", "aws_route_table.rt"])}, "count_expression": {"constant_value": n}},
            {"address": "aws_route.r", "mode": "managed", "type": "aws_route", "name": "r",
             "expressions": {"route_table_id": r(&["aws_route_table.rt.id", "aws_route_table.rt"]), "transit_gateway_id": {"constant_value": "tgw-1"}}, "count_expression": {"constant_value": n}}
        ]}}
    });
    serde_json::to_string(&plan).unwrap()
}

fn assert_linear(name: &str, small: (u64, usize), large: (u64, usize), factor: f64) {
    let ratio = large.0 as f64 / small.0 as f64;
    println!("{name}: work {} -> {} (x{ratio:.2})", small.0, large.0);
    assert!(small.0 > 0, "{name}: no work counted");
    assert!(ratio <= factor * 1.15, "{name}: 10x the input took x{ratio:.2} the work ({} -> {})", small.0, large.0);
    // Sanity: the rules did run and their output scales too.
    assert!(large.1 >= small.1, "{name}: findings {} -> {}", small.1, large.1);
}

#[test]
fn cloudformation_checking_is_linear() {
    let small = work_for(&cfn_template(300));
    let large = work_for(&cfn_template(3000));
    assert!(small.1 > 300, "every subnet gets VPC301 and every endpoint VPC302/VPC304: {}", small.1);
    assert_linear("cloudformation", small, large, 10.0);
}

#[test]
fn terraform_plan_checking_is_linear() {
    let small = work_for(&tf_plan(300));
    let large = work_for(&tf_plan(3000));
    assert_linear("terraform", small, large, 10.0);
}

#[test]
fn the_counter_sees_quadratic_work() {
    // The guard can fail: a deliberately quadratic loop over model lookups is caught.
    let text = cfn_template(200);
    let Loaded::Model { model, .. } = load::load_text(&text, FileId(0)) else { panic!() };
    let quadratic = |m: &vpclint::model::Model| {
        work::measure(|| {
            for s in 0..m.subnets.len() {
                for t in 0..m.subnets.len() {
                    let _ =
                        (m.subnet(vpclint::model::SubnetId(s as u32)), m.subnet(vpclint::model::SubnetId(t as u32)));
                }
            }
        })
        .1
    };
    let text10 = cfn_template(2000);
    let Loaded::Model { model: model10, .. } = load::load_text(&text10, FileId(0)) else { panic!() };
    let ratio = quadratic(&model10) as f64 / quadratic(&model) as f64;
    assert!(ratio > 50.0, "quadratic work must show: x{ratio:.1}");
}

/// A plan whose S3 gateway endpoint is on every one of `n` route tables through a splat
/// reference (`aws_route_table.rt[*].id`), each table with its subnet, association and NAT
/// route, plus `n` separate endpoint associations whose endpoint is unknown. The lists an
/// endpoint links to grow with the input, so deduplicating them must not compare every item
/// with every other (it once did, found by counting instructions in `scripts/bench`).
fn tf_plan_endpoint_on_every_table(n: usize) -> String {
    use serde_json::json;
    let mut changes = vec![
        created("aws_vpc.main", json!({"cidr_block": "10.0.0.0/8"}), json!({"id": true})),
        created(
            "aws_vpc_endpoint.s3",
            json!({"service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Gateway"}),
            json!({"id": true, "vpc_id": true, "route_table_ids": true}),
        ),
    ];
    for i in 0..n {
        let (a, b) = (i / 256 % 256, i % 256);
        let nat_route = json!({"route": [{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-0123456789abcdef0"}]});
        changes.push(created(
            &format!("aws_subnet.s[{i}]"),
            json!({"cidr_block": format!("10.{a}.{b}.0/24"), "availability_zone": "eu-west-1a"}),
            json!({"id": true, "vpc_id": true}),
        ));
        changes.push(created(&format!("aws_route_table.rt[{i}]"), nat_route, json!({"id": true, "vpc_id": true})));
        changes.push(created(
            &format!("aws_route_table_association.a[{i}]"),
            json!({}),
            json!({"id": true, "subnet_id": true, "route_table_id": true}),
        ));
        changes.push(created(
            &format!("aws_vpc_endpoint_route_table_association.x[{i}]"),
            json!({}),
            json!({"id": true, "vpc_endpoint_id": true, "route_table_id": true}),
        ));
    }
    let r = |refs: &[&str]| json!({"references": refs});
    let plan = json!({
        "format_version": "1.2",
        "resource_changes": changes,
        "configuration": {"root_module": {"resources": [
            {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "expressions": {"cidr_block": {"constant_value": "10.0.0.0/8"}}},
            {"address": "aws_vpc_endpoint.s3", "mode": "managed", "type": "aws_vpc_endpoint", "name": "s3",
             "expressions": {"vpc_id": r(&["aws_vpc.main.id", "aws_vpc.main"]), "route_table_ids": r(&["aws_route_table.rt"])}},
            {"address": "aws_subnet.s", "mode": "managed", "type": "aws_subnet", "name": "s", "expressions": {"vpc_id": r(&["aws_vpc.main.id", "aws_vpc.main"])}, "count_expression": {"constant_value": n}},
            {"address": "aws_route_table.rt", "mode": "managed", "type": "aws_route_table", "name": "rt", "expressions": {"vpc_id": r(&["aws_vpc.main.id", "aws_vpc.main"])}, "count_expression": {"constant_value": n}},
            {"address": "aws_route_table_association.a", "mode": "managed", "type": "aws_route_table_association", "name": "a",
             "expressions": {"subnet_id": r(&["aws_subnet.s", "count.index"]), "route_table_id": r(&["aws_route_table.rt", "count.index"])}, "count_expression": {"constant_value": n}},
            {"address": "aws_vpc_endpoint_route_table_association.x", "mode": "managed", "type": "aws_vpc_endpoint_route_table_association", "name": "x",
             "expressions": {"vpc_endpoint_id": r(&["var.endpoint_id"]), "route_table_id": r(&["aws_route_table.rt", "count.index"])}, "count_expression": {"constant_value": n}}
        ]}}
    });
    serde_json::to_string(&plan).unwrap()
}

#[test]
fn terraform_endpoint_on_every_table_is_linear() {
    // The endpoint really is linked to every table: the model says so.
    let text = tf_plan_endpoint_on_every_table(50);
    let Loaded::Model { model, .. } = load::load_text(&text, FileId(0)) else { panic!("the plan must load") };
    let s3 = model.endpoints.iter().find(|e| e.meta.name == "aws_vpc_endpoint.s3").expect("the endpoint");
    assert_eq!(s3.route_tables.items.iter().filter(|i| i.link.to().is_some()).count(), 50);
    let small = work_for(&tf_plan_endpoint_on_every_table(300));
    let large = work_for(&tf_plan_endpoint_on_every_table(3000));
    assert_linear("terraform, endpoint on every table", small, large, 10.0);
}

/// N security groups, each with inline rules and a rule resource, and N interface endpoints
/// that each list their own group and one group every endpoint shares (which has N rule
/// resources): the reachability questions VPC304 asks read each group's rules once.
fn cfn_groups_and_endpoints(n: usize) -> String {
    let mut t = String::from(concat!(
        "Resources:\n",
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n",
        "  Shared:\n    Type: AWS::EC2::SecurityGroup\n    Properties: {GroupDescription: shared, VpcId: !Ref Vpc}\n",
    ));
    for i in 0..n {
        let (a, b) = (i / 256 % 256, i % 256);
        t.push_str(&format!(
            "  G{i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      VpcId: !Ref Vpc\n      SecurityGroupIngress: [{{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 192.{a}.{b}.0/24}}]\n      SecurityGroupEgress: [{{IpProtocol: tcp, FromPort: 443, ToPort: 443, DestinationSecurityGroupId: !Ref Shared}}]\n\
             \x20 I{i}:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties: {{GroupId: !Ref G{i}, IpProtocol: udp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}}\n\
             \x20 S{i}:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties: {{GroupId: !Ref Shared, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 172.{a}.{b}.0/24}}\n\
             \x20 E{i}:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {{VpcId: !Ref Vpc, VpcEndpointType: Interface, ServiceName: !Sub 'com.amazonaws.${{AWS::Region}}.svc{i}', SecurityGroupIds: [!Ref G{i}, !Ref Shared]}}\n"
        ));
    }
    t
}

#[test]
fn reachability_is_linear_in_groups_and_rules() {
    let small = work_for(&cfn_groups_and_endpoints(300));
    let large = work_for(&cfn_groups_and_endpoints(3000));
    assert!(small.1 >= 300, "every endpoint gets VPC304: {}", small.1);
    assert_linear("reachability", small, large, 10.0);
}

/// One load balancer with N listener rules, each forwarding to a target group with one
/// instance that wears its own group; an Instance Connect endpoint and three private-DNS
/// interface endpoints in the same VPC. VPC203 asks each group set once per endpoint,
/// VPC204 each instance once, VPC206 each registration once: linear in the workloads.
fn cfn_workloads(n: usize) -> String {
    let mut t = String::from(concat!(
        "Resources:\n",
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n",
        "  Sub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/16}\n",
        "  LbSg:\n    Type: AWS::EC2::SecurityGroup\n    Properties: {GroupDescription: lb, VpcId: !Ref Vpc}\n",
        "  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Subnets: [!Ref Sub], SecurityGroups: [!Ref LbSg]}\n",
        "  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties: {LoadBalancerArn: !Ref Lb, DefaultActions: [{Type: fixed-response}]}\n",
        "  Eice:\n    Type: AWS::EC2::InstanceConnectEndpoint\n    Properties: {SubnetId: !Ref Sub, SecurityGroupIds: [!Ref LbSg]}\n",
    ));
    for s in ["ssm", "logs", "sts"] {
        t.push_str(&format!(
            "  E{s}:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {{VpcId: !Ref Vpc, VpcEndpointType: Interface, PrivateDnsEnabled: true, ServiceName: com.amazonaws.eu-west-1.{s}, SubnetIds: [!Ref Sub], SecurityGroupIds: [!Ref LbSg]}}\n"
        ));
    }
    for i in 0..n {
        t.push_str(&format!(
            "  G{i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      VpcId: !Ref Vpc\n      SecurityGroupIngress: [{{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 192.168.0.0/16}}]\n      SecurityGroupEgress: [{{IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 10.0.0.0/8}}]\n\
             \x20 H{i}:\n    Type: AWS::EC2::Instance\n    Properties: {{SubnetId: !Ref Sub, SecurityGroupIds: [!Ref G{i}]}}\n\
             \x20 T{i}:\n    Type: AWS::ElasticLoadBalancingV2::TargetGroup\n    Properties: {{VpcId: !Ref Vpc, Port: 80, Protocol: HTTP, Targets: [{{Id: !Ref H{i}}}]}}\n\
             \x20 R{i}:\n    Type: AWS::ElasticLoadBalancingV2::ListenerRule\n    Properties: {{ListenerArn: !Ref L, Priority: {p}, Actions: [{{Type: forward, TargetGroupArn: !Ref T{i}}}]}}\n",
            p = i + 1
        ));
    }
    t
}

#[test]
fn workload_reachability_is_linear_in_workloads() {
    let small = work_for(&cfn_workloads(200));
    let large = work_for(&cfn_workloads(2000));
    // VPC206 on every registration, VPC203 on every group and endpoint, VPC204 once.
    assert!(small.1 > 200 + 3 * 200, "findings: {}", small.1);
    assert_linear("workload reachability", small, large, 10.0);
}

/// CloudFormation dependencies (VPC402): N routes through one internet gateway, a third
/// waiting for its attachment directly, a third through a chain of N custom resources each
/// naming the previous one in an `Fn::Sub` and an `Fn::GetAtt` (the first names the
/// attachment), a third not at all; and N/10 more VPCs, each with its own gateway,
/// attachment and racing route. One walk per attachment reaches what depends on it.
fn cfn_dependencies(n: usize) -> String {
    let mut t = String::from(concat!(
        "Resources:\n",
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n",
        "  Igw:\n    Type: AWS::EC2::InternetGateway\n",
        "  Attachment:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}\n",
        "  Table:\n    Type: AWS::EC2::RouteTable\n    Properties: {VpcId: !Ref Vpc}\n",
        "  C0:\n    Type: Custom::Step\n    Properties: {ServiceToken: arn:aws:lambda:eu-west-1:111122223333:function:f, After: !Sub '${Attachment}'}\n",
    ));
    for i in 0..n {
        let (a, b) = (i / 256 % 256, i % 256);
        let prev = i;
        t.push_str(&format!(
            "  C{next}:\n    Type: Custom::Step\n    Properties: {{ServiceToken: arn:aws:lambda:eu-west-1:111122223333:function:f, After: !Sub '${{C{prev}}}-${{C{prev}.Out}}', Out: !GetAtt [C{prev}, Out]}}\n",
            next = i + 1
        ));
        let depends = match i % 3 {
            0 => "\n    DependsOn: Attachment".to_string(),
            1 => format!("\n    DependsOn: [Table, C{}]", i + 1),
            _ => String::new(),
        };
        t.push_str(&format!(
            "  R{i}:\n    Type: AWS::EC2::Route{depends}\n    Properties: {{RouteTableId: !Ref Table, DestinationCidrBlock: 172.{a}.{b}.0/24, GatewayId: !Ref Igw}}\n"
        ));
    }
    for v in 0..n / 10 {
        t.push_str(&format!(
            "  V{v}:\n    Type: AWS::EC2::VPC\n    Properties: {{CidrBlock: 10.0.0.0/16}}\n\
             \x20 G{v}:\n    Type: AWS::EC2::InternetGateway\n\
             \x20 GA{v}:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties: {{VpcId: !Ref V{v}, InternetGatewayId: !Ref G{v}}}\n\
             \x20 T{v}:\n    Type: AWS::EC2::RouteTable\n    Properties: {{VpcId: !Ref V{v}}}\n\
             \x20 D{v}:\n    Type: AWS::EC2::Route\n    Properties: {{RouteTableId: !Ref T{v}, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref G{v}}}\n"
        ));
    }
    t
}

#[test]
fn dependencies_are_linear() {
    // The rule sees the chain: only the routes that wait for nothing are found.
    let text = cfn_dependencies(30);
    let Loaded::Model { model, .. } = load::load_text(&text, FileId(0)) else { panic!("the template must load") };
    let rules = Registry::builtin().enabled(&Default::default());
    let vpc402 = rules.iter().find(|e| e.id.as_str() == "VPC402").unwrap();
    let mut cx = RuleContext::new(&model, vpc402);
    vpc402.rule.check(&mut cx);
    let mut found: Vec<String> = cx.into_findings().into_iter().map(|f| f.resource.unwrap()).collect();
    found.sort();
    let mut want: Vec<String> = (0..30).filter(|i| i % 3 == 2).map(|i| format!("R{i}")).collect();
    want.extend((0..3).map(|v| format!("D{v}")));
    want.sort();
    assert_eq!(found, want);

    let small = work_for(&cfn_dependencies(300));
    let large = work_for(&cfn_dependencies(3000));
    assert!(small.1 >= 100 + 30, "VPC402 on every route that waits for nothing: {}", small.1);
    assert_linear("dependencies", small, large, 10.0);
}

/// VPC peering (VPC108): a hub VPC peered with N spokes. Each spoke's table routes to the
/// hub through its connection; the hub's one served table has the return route for all but
/// every tenth connection; the hub also has N tables no subnet uses. Each connection's
/// sides look at their VPC's served tables only, not at every table of the file.
fn cfn_peerings(n: usize) -> String {
    let mut t = String::from(concat!(
        "Resources:\n",
        "  Hub:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n",
        "  HubSubnet:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Hub, CidrBlock: 10.0.0.0/24}\n",
        "  HubTable:\n    Type: AWS::EC2::RouteTable\n    Properties: {VpcId: !Ref Hub}\n",
        "  HubAssociation:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties: {SubnetId: !Ref HubSubnet, RouteTableId: !Ref HubTable}\n",
    ));
    for i in 0..n {
        let (a, b) = (i / 256 % 256 + 1, i % 256);
        t.push_str(&format!(
            "  V{i}:\n    Type: AWS::EC2::VPC\n    Properties: {{CidrBlock: 172.{a}.{b}.0/24}}\n\
             \x20 S{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref V{i}, CidrBlock: 172.{a}.{b}.0/24}}\n\
             \x20 T{i}:\n    Type: AWS::EC2::RouteTable\n    Properties: {{VpcId: !Ref V{i}}}\n\
             \x20 A{i}:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties: {{SubnetId: !Ref S{i}, RouteTableId: !Ref T{i}}}\n\
             \x20 P{i}:\n    Type: AWS::EC2::VPCPeeringConnection\n    Properties: {{VpcId: !Ref V{i}, PeerVpcId: !Ref Hub}}\n\
             \x20 ToHub{i}:\n    Type: AWS::EC2::Route\n    Properties: {{RouteTableId: !Ref T{i}, DestinationCidrBlock: 10.0.0.0/16, VpcPeeringConnectionId: !Ref P{i}}}\n\
             \x20 U{i}:\n    Type: AWS::EC2::RouteTable\n    Properties: {{VpcId: !Ref Hub}}\n"
        ));
        if i % 10 != 0 {
            t.push_str(&format!(
                "  Back{i}:\n    Type: AWS::EC2::Route\n    Properties: {{RouteTableId: !Ref HubTable, DestinationCidrBlock: 172.{a}.{b}.0/24, VpcPeeringConnectionId: !Ref P{i}}}\n"
            ));
        }
    }
    t
}

#[test]
fn peering_return_routes_are_linear() {
    let text = cfn_peerings(30);
    let Loaded::Model { model, .. } = load::load_text(&text, FileId(0)) else { panic!("the template must load") };
    let rules = Registry::builtin().enabled(&Default::default());
    let vpc108 = rules.iter().find(|e| e.id.as_str() == "VPC108").unwrap();
    let mut cx = RuleContext::new(&model, vpc108);
    vpc108.rule.check(&mut cx);
    let found: Vec<String> = cx.into_findings().into_iter().map(|f| f.related[0].message.clone()).collect();
    let want: Vec<String> = (0..30).step_by(10).map(|i| format!("a route of VPC `V{i}` through `P{i}`")).collect();
    assert_eq!(found, want, "the hub's table lacks the return route of every tenth connection");

    let small = work_for(&cfn_peerings(300));
    let large = work_for(&cfn_peerings(3000));
    assert_linear("peerings", small, large, 10.0);
}

/// Flow logs (VPC501): N VPCs of two subnets each; a flow log on every even VPC, flow logs
/// on the subnets of every odd one (the second subnet of every tenth left out), and for
/// every VPC a flow log that the parameter defaults leave out. The rule reads each flow log
/// once and looks at each VPC's own subnets and flow logs only.
fn cfn_flow_logs(n: usize) -> String {
    let mut t = String::from(concat!(
        "Parameters:\n  Extra: {Type: String, Default: \"false\"}\n",
        "Conditions:\n  WithExtra: !Equals [!Ref Extra, \"true\"]\n",
        "Resources:\n",
    ));
    for i in 0..n {
        let (a, b) = (i / 256 % 256, i % 256);
        t.push_str(&format!(
            "  V{i}:\n    Type: AWS::EC2::VPC\n    Properties: {{CidrBlock: 10.{a}.{b}.0/24}}\n\
             \x20 A{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref V{i}, CidrBlock: 10.{a}.{b}.0/25}}\n\
             \x20 B{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref V{i}, CidrBlock: 10.{a}.{b}.128/25}}\n\
             \x20 Off{i}:\n    Type: AWS::EC2::FlowLog\n    Condition: WithExtra\n    Properties: {{ResourceType: VPC, ResourceId: !Ref V{i}}}\n"
        ));
        if i % 2 == 0 {
            t.push_str(&format!(
                "  L{i}:\n    Type: AWS::EC2::FlowLog\n    Properties: {{ResourceType: VPC, ResourceId: !Ref V{i}}}\n"
            ));
        } else {
            t.push_str(&format!(
                "  LA{i}:\n    Type: AWS::EC2::FlowLog\n    Properties: {{ResourceType: Subnet, ResourceId: !Ref A{i}}}\n"
            ));
            if i % 10 != 1 {
                t.push_str(&format!(
                    "  LB{i}:\n    Type: AWS::EC2::FlowLog\n    Properties: {{ResourceType: Subnet, ResourceId: !Ref B{i}}}\n"
                ));
            }
        }
    }
    t
}

/// (resource, number of related locations) of each VPC501 finding on `text`.
fn vpc501_findings(text: &str) -> Vec<(Option<String>, usize)> {
    let Loaded::Model { model, .. } = load::load_text(text, FileId(0)) else { panic!("the input must load") };
    let rules = Registry::builtin().enabled(&Default::default());
    let vpc501 = rules.iter().find(|e| e.id.as_str() == "VPC501").unwrap();
    let mut cx = RuleContext::new(&model, vpc501);
    vpc501.rule.check(&mut cx);
    cx.into_findings().into_iter().map(|f| (f.resource, f.related.len())).collect()
}

#[test]
fn flow_logs_are_linear() {
    let found = vpc501_findings(&cfn_flow_logs(30));
    // The partly covered VPCs, each with its unlogged subnet and its flow log left out.
    let want: Vec<(Option<String>, usize)> = (1..30).step_by(10).map(|i| (Some(format!("V{i}")), 2)).collect();
    assert_eq!(found, want);

    let small = work_for(&cfn_flow_logs(300));
    let large = work_for(&cfn_flow_logs(3000));
    assert_linear("flow logs", small, large, 10.0);
}

/// Zones (VPC306, VPC314, VPC403): one VPC with N groups over three zones, literal and by
/// `Fn::Select` over `Fn::GetAZs`. Each group has a public subnet with a NAT gateway, a
/// private subnet in the same zone whose table's default route goes to the NAT gateway of
/// the next group (another zone: VPC403), and an interface endpoint in the private subnet
/// alone (VPC306);
/// every tenth endpoint also lists a second subnet in the same zone (VPC314). Each check
/// looks up a subnet's zone once, not every subnet of the VPC per endpoint or route.
fn cfn_zones(n: usize) -> String {
    let mut t = String::from(concat!(
        "Resources:\n",
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n",
        "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: e\n      VpcId: !Ref Vpc\n      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}]\n",
    ));
    // Literal names and `Fn::Select` indexes in alternate blocks of six groups (a
    // comparison across the two forms is unknown, so most neighbours share a form).
    let zone = |i: usize| {
        if i / 6 % 2 == 0 {
            format!("eu-west-1{}", ["a", "b", "c"][i % 3])
        } else {
            format!("!Select [{}, !GetAZs '']", i % 3)
        }
    };
    for i in 0..n {
        let (a, b) = (i / 128 % 256, i % 128 * 2);
        let next = (i + 1) % n;
        let z = zone(i);
        t.push_str(&format!(
            "  Pub{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.{a}.{b}.0/24, AvailabilityZone: {z}}}\n\
             \x20 Nat{i}:\n    Type: AWS::EC2::NatGateway\n    Properties: {{SubnetId: !Ref Pub{i}, AllocationId: eipalloc-{i}}}\n\
             \x20 Priv{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.{a}.{}.0/24, AvailabilityZone: {z}}}\n\
             \x20 Rt{i}:\n    Type: AWS::EC2::RouteTable\n    Properties: {{VpcId: !Ref Vpc}}\n\
             \x20 Assoc{i}:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties: {{SubnetId: !Ref Priv{i}, RouteTableId: !Ref Rt{i}}}\n\
             \x20 Default{i}:\n    Type: AWS::EC2::Route\n    Properties: {{RouteTableId: !Ref Rt{i}, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat{next}}}\n",
            b + 1
        ));
        let second = if i % 10 == 0 { format!(", !Ref Pub{i}") } else { String::new() };
        t.push_str(&format!(
            "  E{i}:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {{VpcId: !Ref Vpc, VpcEndpointType: Interface, PrivateDnsEnabled: true, ServiceName: com.amazonaws.eu-west-1.svc{i}, SubnetIds: [!Ref Priv{i}{second}], SecurityGroupIds: [!Ref Sg]}}\n"
        ));
    }
    t
}

#[test]
fn zones_are_linear() {
    let count = |text: &str, id: &str| {
        let Loaded::Model { model, .. } = load::load_text(text, FileId(0)) else { panic!("the template must load") };
        let rules = Registry::builtin().enabled(&Default::default());
        let rule = rules.iter().find(|e| e.id.as_str() == id).unwrap();
        let mut cx = RuleContext::new(&model, rule);
        rule.rule.check(&mut cx);
        cx.into_findings().len()
    };
    let text = cfn_zones(30);
    // The guard can fail: the generated network does give the zone findings.
    assert!(count(&text, "VPC403") >= 10, "private subnets route to another zone's NAT gateway");
    assert!(count(&text, "VPC306") >= 10, "endpoints in one zone of three");
    assert_eq!(count(&text, "VPC314"), 3, "every tenth endpoint lists two subnets of one zone");

    let small = work_for(&cfn_zones(300));
    let large = work_for(&cfn_zones(3000));
    assert_linear("zones", small, large, 10.0);
}

/// A parameter per subnet for its zone and one for its block, all at their defaults: every
/// subnet's zone and block rest on an assumption, every subnet's block lies outside the VPC
/// (VPC104, at the block) so its message names the default it rests on, and the region VPC302's host
/// name is in is read from a zone. Each finding's defaults are looked up by span in the
/// model's index, not by a scan of every assumption (which made this quadratic).
fn cfn_parameter_zones(n: usize) -> String {
    let mut params = String::from("Parameters:\n");
    let mut t = String::from(concat!(
        "Resources:\n",
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 172.16.0.0/16, EnableDnsSupport: true, EnableDnsHostnames: true}\n",
        "  Ssm:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {VpcId: !Ref Vpc, VpcEndpointType: Interface, ServiceName: !Sub 'com.amazonaws.${AWS::Region}.ssm', SubnetIds: [!Ref S0]}\n",
    ));
    for i in 0..n {
        let (a, b) = (i / 256 % 256, i % 256);
        let zone = ["a", "b", "c"][i % 3];
        params.push_str(&format!(
            "  Z{i}: {{Type: String, Default: eu-west-1{zone}}}\n  C{i}: {{Type: String, Default: 10.{a}.{b}.0/24}}\n"
        ));
        t.push_str(&format!(
            "  S{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref Vpc, CidrBlock: !Ref C{i}, AvailabilityZone: !Ref Z{i}}}\n"
        ));
    }
    params + &t
}

#[test]
fn findings_resting_on_parameter_defaults_are_linear() {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let rules = Registry::builtin().enabled(&Default::default());
    let run = |n: usize| {
        let text = cfn_parameter_zones(n);
        // One worker: the engine's parallel rules run on the thread that counts.
        pool.install(|| {
            let (findings, units) = work::measure(|| match load::load_text(&text, FileId(0)) {
                Loaded::Model { model, .. } => vpclint::rules::engine::check(&model, &rules),
                _ => panic!("the generated input must load"),
            });
            (units, findings)
        })
    };
    let (small, small_findings) = run(300);
    let (large, large_findings) = run(3000);
    let rested = |findings: &[vpclint::diagnostic::Finding]| {
        findings.iter().filter(|f| f.rule_id == "VPC104" && f.message.contains("(this holds with parameter `C")).count()
    };
    assert_eq!(rested(&small_findings), 300, "every subnet's VPC104 names the default of its block");
    assert_eq!(rested(&large_findings), 3000);
    let ssm = large_findings.iter().find(|f| f.rule_id == "VPC302").expect("VPC302 on the endpoint");
    assert!(
        ssm.message.contains("ssm.eu-west-1.amazonaws.com") && ssm.message.contains("at its default `eu-west-1a`"),
        "{}",
        ssm.message
    );
    assert_linear("parameter defaults", (small, small_findings.len()), (large, large_findings.len()), 10.0);
}

/// Terraform flow logs with no instance (VPC501): a module with `for_each` over `n` keys,
/// each instance with its VPC, whose configuration declares `f` flow logs on the VPC with
/// `count = 0`. Each flow log is looked for in each module instance, so `n = f` is the
/// product the loader bounds.
fn tf_flow_logs_off(n: usize, f: usize) -> String {
    use serde_json::json;
    let changes: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let module = format!("module.zone[\"k{i}\"]");
            json!({"address": format!("{module}.aws_vpc.this"), "module_address": module, "mode": "managed",
                "type": "aws_vpc", "name": "this", "index": null,
                "change": {"actions": ["create"], "after": {"cidr_block": format!("10.{}.{}.0/24", i / 256 % 256, i % 256)},
                           "after_unknown": {"id": true}}})
        })
        .collect();
    let flow_logs: Vec<serde_json::Value> = (0..f)
        .map(|j| {
            json!({"address": format!("aws_flow_log.f{j}"), "mode": "managed", "type": "aws_flow_log", "name": format!("f{j}"),
                "expressions": {"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}},
                "count_expression": {"references": ["var.on"]}})
        })
        .collect();
    let mut resources = vec![json!({"address": "aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this",
        "expressions": {"cidr_block": {"references": ["var.cidr"]}}})];
    resources.extend(flow_logs);
    let keys: serde_json::Map<String, serde_json::Value> = (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
    let plan = json!({
        "format_version": "1.2",
        "resource_changes": changes,
        "configuration": {"root_module": {"module_calls": {"zone": {
            "source": "./zone", "for_each_expression": {"constant_value": keys},
            "expressions": {"on": {"constant_value": false}},
            "module": {"resources": resources, "variables": {"on": {}, "cidr": {}}}}}}}
    });
    serde_json::to_string(&plan).unwrap()
}

#[test]
fn terraform_flow_logs_with_no_instance_are_linear() {
    let found = vpc501_findings(&tf_flow_logs_off(3, 2));
    // Every module instance's VPC, with both of its flow logs named.
    let want: Vec<(Option<String>, usize)> =
        (0..3).map(|i| (Some(format!("module.zone[\"k{i}\"].aws_vpc.this")), 2)).collect();
    assert_eq!(found, want);

    let small = work_for(&tf_flow_logs_off(300, 2));
    let large = work_for(&tf_flow_logs_off(3000, 2));
    assert_linear("terraform flow logs, many module instances", small, large, 10.0);
    // As many flow logs as module instances: the pairs are bounded by the plan's size.
    let small = work_for(&tf_flow_logs_off(100, 100));
    let large = work_for(&tf_flow_logs_off(1000, 1000));
    assert_linear("terraform flow logs, as many as module instances", small, large, 10.0);
}
