//! The loader's unit tests (moving to plan fixtures).

use super::address::{Address, Key, parse_address};
use super::*;
use crate::model::*;
// ----- loading plans ---------------------------------------------------------------

use serde_json::{Value, json};

/// A `resource_changes` entry creating `address`, with `after` and `after_unknown`.
fn create(address: &str, after: Value, unknown: Value) -> Value {
    change(address, "create", after, unknown)
}

fn change(address: &str, action: &str, after: Value, unknown: Value) -> Value {
    let Address { module, rtype, name, key } = parse_address(address).unwrap();
    let mut rc = json!({"address": address, "mode": "managed", "type": rtype, "name": name,
        "change": {"actions": [action], "before": null, "after": after, "after_unknown": unknown}});
    if !module.is_empty() {
        let steps: Vec<String> = module
            .iter()
            .map(|m| match &m.key {
                None => format!("module.{}", m.name),
                Some(Key::Int(n)) => format!("module.{}[{n}]", m.name),
                Some(Key::Str(k)) => format!("module.{}[{}]", m.name, json!(k)),
            })
            .collect();
        rc["module_address"] = json!(steps.join("."));
    }
    match key {
        Some(Key::Int(n)) => rc["index"] = json!(n),
        Some(Key::Str(s)) => rc["index"] = json!(s),
        None => {}
    }
    rc
}

/// A configuration resource with `expressions`.
fn config(address: &str, expressions: Value) -> Value {
    let Address { rtype, name, .. } = parse_address(address).unwrap();
    json!({"address": address, "mode": "managed", "type": rtype, "name": name,
        "provider_config_key": "aws", "expressions": expressions})
}

fn refs(r: &[&str]) -> Value {
    json!({"references": r})
}

fn load_plan(changes: Vec<Value>, root_module: Value, providers: Value) -> Model {
    let doc = json!({"format_version": "1.2", "terraform_version": "1.5.7",
        "resource_changes": changes,
        "configuration": {"provider_config": providers, "root_module": root_module}});
    let text = doc.to_string();
    let tree = crate::load::json::parse(&text).unwrap();
    let LoadedPlan { model: m, problems, .. } = load(&tree, FileId(0), None);
    assert!(problems.is_empty(), "{problems:?}");
    m
}

fn aws(region: &str) -> Value {
    json!({"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
        "expressions": {"region": {"constant_value": region}}}})
}

fn position<T>(items: &[T], name: impl Fn(&T) -> &str, want: &str) -> u32 {
    items.iter().position(|x| name(x) == want).unwrap_or_else(|| panic!("no `{want}`")) as u32
}

fn subnet_id(m: &Model, name: &str) -> SubnetId {
    SubnetId(position(&m.subnets, |s| s.meta.name.as_str(), name))
}

fn table_id(m: &Model, name: &str) -> RouteTableId {
    RouteTableId(position(&m.route_tables, |t| t.meta.name.as_str(), name))
}

fn vpc_main() -> (Value, Value) {
    (
        create("aws_vpc.main", json!({"cidr_block": "10.0.0.0/16"}), json!({"id": true})),
        config("aws_vpc.main", json!({"cidr_block": {"constant_value": "10.0.0.0/16"}})),
    )
}

#[test]
fn module_outputs_resolve_beside_the_bare_module_reference() {
    // Terraform lists `module.net` next to every `module.net.<output>`.
    let (vpc, vpc_config) = vpc_main();
    let m = load_plan(
        vec![
            vpc,
            create("module.net.aws_subnet.app", json!({}), json!({"id": true, "vpc_id": true})),
            create("aws_route_table.rt", json!({}), json!({"id": true, "vpc_id": true})),
            create("aws_route_table_association.app", json!({}), json!({"subnet_id": true, "route_table_id": true})),
            create("aws_route_table_association.whole", json!({}), json!({"subnet_id": true, "route_table_id": true})),
        ],
        json!({
            "resources": [vpc_config,
                config("aws_route_table.rt", json!({"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])})),
                config("aws_route_table_association.app", json!({
                    "subnet_id": refs(&["module.net.subnet_id", "module.net"]),
                    "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])})),
                config("aws_route_table_association.whole", json!({
                    "subnet_id": refs(&["module.net"]),
                    "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])}))],
            "module_calls": {"net": {"source": "./net",
                "expressions": {"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])},
                "module": {
                    "outputs": {"subnet_id": {"expression": refs(&["aws_subnet.app.id", "aws_subnet.app"])}},
                    "resources": [config("aws_subnet.app", json!({"vpc_id": refs(&["var.vpc_id"])}))],
                    "variables": {"vpc_id": {}}}}}
        }),
        aws("eu-west-1"),
    );
    let app = subnet_id(&m, "module.net.aws_subnet.app");
    assert_eq!(m.subnets[app.index()].vpc, Link::To(VpcId(0)));
    assert_eq!(m.associations[0].subnet, Link::To(app));
    // The whole module object names no one output: unknown.
    assert_eq!(m.associations[1].subnet, Link::Unknown);
}

#[test]
fn inline_rule_sources_known_after_apply_are_unknown_not_absent() {
    let (vpc, vpc_config) = vpc_main();
    let block = json!({"description": "", "from_port": 443, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
        "protocol": "tcp", "self": false, "to_port": 443});
    let mut from_group = block.clone();
    from_group["cidr_blocks"] = json!([]);
    let mut from_cidrs = block.clone();
    from_cidrs["security_groups"] = json!([]);
    let m = load_plan(
        vec![
            vpc,
            create(
                "aws_security_group.ep",
                json!({"ingress": [from_group, from_cidrs]}),
                json!({"id": true, "vpc_id": true, "egress": true, "ingress": [
                    {"cidr_blocks": [], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": true},
                    {"cidr_blocks": true, "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}]}),
            ),
        ],
        json!({"resources": [vpc_config, config("aws_security_group.ep", json!({
            "vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"]),
            "ingress": refs(&["aws_security_group.clients.id", "aws_security_group.clients", "local.cidrs"])}))]}),
        aws("eu-west-1"),
    );
    let peers: Vec<&Val<Peer>> = m
        .sg_rules
        .iter()
        .filter(|r| r.meta.name == "aws_security_group.ep" && r.direction == Direction::Ingress)
        .map(|r| &r.peer.val)
        .collect();
    assert_eq!(peers, [&Val::Known(Peer::Group(Link::Unknown)), &Val::Unknown]);
}

#[test]
fn inline_route_target_follows_the_route_attribute_expression() {
    // `route` is an attribute in block syntax: one expression for all blocks, whose
    // references are narrowed to what each target attribute can name.
    let (vpc, vpc_config) = vpc_main();
    let empty = json!({"carrier_gateway_id": "", "core_network_arn": "", "destination_prefix_list_id": "",
        "egress_only_gateway_id": "", "gateway_id": "", "ipv6_cidr_block": "", "local_gateway_id": "",
        "nat_gateway_id": "", "network_interface_id": "", "transit_gateway_id": "", "vpc_endpoint_id": "",
        "vpc_peering_connection_id": ""});
    let mut to_nat = empty.clone();
    to_nat["cidr_block"] = json!("0.0.0.0/0");
    to_nat.as_object_mut().unwrap().remove("nat_gateway_id");
    let mut to_tgw = empty.clone();
    to_tgw["cidr_block"] = json!("192.168.0.0/16");
    to_tgw.as_object_mut().unwrap().remove("transit_gateway_id");
    let mut to_vpn = empty.clone();
    to_vpn["cidr_block"] = json!("172.16.0.0/12");
    to_vpn.as_object_mut().unwrap().remove("gateway_id");
    let mut changes = vec![vpc];
    let mut resources = vec![vpc_config];
    for k in 0..2 {
        changes.push(create(&format!("aws_nat_gateway.nat[{k}]"), json!({}), json!({"id": true})));
        changes.push(create(
            &format!("aws_route_table.private[{k}]"),
            json!({"route": [to_nat, to_tgw, to_vpn]}),
            json!({"id": true, "vpc_id": true,
                "route": [{"nat_gateway_id": true}, {"transit_gateway_id": true}, {"gateway_id": true}]}),
        ));
    }
    // Targets declared after the tables in address order.
    changes.push(create("aws_vpn_gateway.vpn", json!({}), json!({"id": true})));
    changes.push(create("aws_ec2_transit_gateway.tgw", json!({}), json!({"id": true})));
    resources.push(config("aws_nat_gateway.nat", json!({})));
    resources.push(config("aws_vpn_gateway.vpn", json!({})));
    resources.push(config("aws_ec2_transit_gateway.tgw", json!({})));
    resources.push(config(
        "aws_route_table.private",
        json!({
        "vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"]),
        "route": refs(&["aws_nat_gateway.nat", "count.index", "aws_ec2_transit_gateway.tgw.id",
            "aws_ec2_transit_gateway.tgw", "aws_vpn_gateway.vpn.id", "aws_vpn_gateway.vpn"])}),
    ));
    let m = load_plan(changes, json!({"resources": resources}), aws("eu-west-1"));
    let routes_of = |table: &str| -> Vec<Target> {
        let t = table_id(&m, table);
        m.routes.iter().filter(|r| r.table.is(t)).filter_map(|r| r.target.known().cloned()).collect()
    };
    let vpn = TargetRef::Other(OtherId(0));
    let tgw = TargetRef::Other(OtherId(1));
    for k in 0..2u32 {
        let targets = routes_of(&format!("aws_route_table.private[{k}]"));
        assert_eq!(targets.len(), 3);
        assert_eq!(targets[0].kind, TargetKind::NatGateway);
        assert_eq!(targets[0].link, Link::To(TargetRef::Nat(NatId(k))));
        assert_eq!(targets[1].kind, TargetKind::TransitGateway);
        assert_eq!(targets[1].link, Link::To(tgw));
        // gateway_id also takes NAT gateways, so the NAT is a candidate too.
        assert_eq!(targets[2].kind, TargetKind::Unknown);
        assert_eq!(targets[2].link, Link::OneOf(vec![TargetRef::Nat(NatId(k)), vpn]));
    }
}

#[test]
fn provider_region_skips_module_entries_that_configure_nothing() {
    let root = json!({"module_calls": {"vpc": {"source": "./vpc",
        "expressions": {"region": {"constant_value": "us-east-1"}},
        "module": {"variables": {"region": {}}}}}});
    let mut providers = aws("eu-west-1");
    providers["module.vpc:aws"] =
        json!({"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "module_address": "module.vpc"});
    let m = load_plan(Vec::new(), root.clone(), providers.clone());
    assert_eq!(m.region.as_deref(), Some("eu-west-1"));
    // A module's own provider block with its own region: the regions disagree.
    providers["module.vpc:aws"]["expressions"] = json!({"region": refs(&["var.region"])});
    let m = load_plan(Vec::new(), root.clone(), providers.clone());
    assert_eq!(m.region, None);
    let mut root = root;
    root["module_calls"]["vpc"]["expressions"]["region"] = json!({"constant_value": "eu-west-1"});
    let m = load_plan(Vec::new(), root, providers);
    assert_eq!(m.region.as_deref(), Some("eu-west-1"));
    // No region at all comes from the environment.
    let m = load_plan(Vec::new(), json!({}), json!({"aws": {"name": "aws"}}));
    assert_eq!(m.region, None);
}

#[test]
fn default_route_table_adopts_the_main_table_by_id_and_by_reference() {
    // Known ids: the adopted table carries the id the VPC exports as its main table.
    let vpc = change(
        "aws_vpc.main",
        "no-op",
        json!({"id": "vpc-1", "cidr_block": "10.0.0.0/16", "default_route_table_id": "rtb-1",
            "main_route_table_id": "rtb-1", "default_security_group_id": "sg-1"}),
        json!({}),
    );
    let adopted = change(
        "aws_default_route_table.main",
        "no-op",
        json!({"id": "rtb-1", "default_route_table_id": "rtb-1", "vpc_id": "vpc-1", "route": []}),
        json!({}),
    );
    let route = change(
        "aws_route.default",
        "no-op",
        json!({"route_table_id": "rtb-1", "destination_cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}),
        json!({}),
    );
    let m = load_plan(vec![adopted, route, vpc], json!({}), aws("eu-west-1"));
    let t = table_id(&m, "aws_default_route_table.main");
    assert_eq!(m.vpcs[0].main_route_table, Link::To(t));
    assert_eq!(m.route_tables[t.index()].vpc, Link::To(VpcId(0)));
    assert!(m.route_tables[t.index()].routes_known);
    assert_eq!(m.routes[0].table, Link::To(t));

    // New VPC: references to `default_route_table_id` name the adopted table too.
    let (vpc, vpc_config) = vpc_main();
    let m = load_plan(
        vec![
            vpc,
            create(
                "aws_default_route_table.main",
                json!({}),
                json!({"id": true, "vpc_id": true, "route": true,
                "default_route_table_id": true}),
            ),
            create(
                "aws_route.default",
                json!({"destination_cidr_block": "0.0.0.0/0"}),
                json!({"route_table_id": true, "gateway_id": true}),
            ),
        ],
        json!({"resources": [vpc_config,
            config("aws_default_route_table.main", json!({"default_route_table_id":
                refs(&["aws_vpc.main.default_route_table_id", "aws_vpc.main"])})),
            config("aws_route.default", json!({
                "route_table_id": refs(&["aws_vpc.main.main_route_table_id", "aws_vpc.main"]),
                "destination_cidr_block": {"constant_value": "0.0.0.0/0"},
                "gateway_id": refs(&["var.igw_id"])}))],
            "variables": {"igw_id": {"default": "igw-1"}}}),
        aws("eu-west-1"),
    );
    let t = table_id(&m, "aws_default_route_table.main");
    assert_eq!(m.vpcs[0].main_route_table, Link::To(t));
    assert_eq!(m.route_tables[t.index()].vpc, Link::To(VpcId(0)));
    assert_eq!(m.routes[0].table, Link::To(t));
}

#[test]
fn references_that_cannot_be_pinned_leave_lists_partial() {
    let (vpc, vpc_config) = vpc_main();
    let m = load_plan(
        vec![
            vpc,
            create("module.vpc.aws_route_table.private[0]", json!({}), json!({"id": true})),
            create("module.vpc.aws_route_table.private[1]", json!({}), json!({"id": true})),
            create(
                "aws_vpc_endpoint.one",
                json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                json!({"id": true, "route_table_ids": true}),
            ),
            create(
                "aws_vpc_endpoint.all",
                json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                json!({"id": true, "route_table_ids": true}),
            ),
            create(
                "aws_vpc_endpoint.each[\"a\"]",
                json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                json!({"id": true, "route_table_ids": true}),
            ),
        ],
        json!({"resources": [vpc_config,
            config("aws_vpc_endpoint.one", json!({"route_table_ids":
                refs(&["module.vpc.private_route_table_ids[0]", "module.vpc.private_route_table_ids", "module.vpc"])})),
            config("aws_vpc_endpoint.all", json!({"route_table_ids":
                refs(&["module.vpc.private_route_table_ids", "module.vpc"])})),
            {"address": "aws_vpc_endpoint.each", "mode": "managed", "type": "aws_vpc_endpoint", "name": "each",
                "expressions": {"route_table_ids": refs(&["each.value"])},
                "for_each_expression": refs(&["local.tables"])}],
            "module_calls": {"vpc": {"source": "./vpc", "module": {
                "outputs": {"private_route_table_ids": {"expression": refs(&["aws_route_table.private"])}},
                "resources": [config("aws_route_table.private", json!({}))]}}}}),
        aws("eu-west-1"),
    );
    let by_name = |n: &str| m.endpoints.iter().find(|e| e.meta.name == n).unwrap();
    let one = &by_name("aws_vpc_endpoint.one").route_tables;
    assert_eq!((one.state, one.items.len()), (ListState::Partial, 0));
    let all = &by_name("aws_vpc_endpoint.all").route_tables;
    assert_eq!((all.state, all.items.len()), (ListState::Known, 2));
    let each = &by_name("aws_vpc_endpoint.each[\"a\"]").route_tables;
    assert_eq!((each.state, each.items.len()), (ListState::Partial, 0));
}

#[test]
fn variables_that_hold_several_or_unreadable_values_leave_lists_partial() {
    let endpoint = |name: &str| {
        create(
            &format!("aws_vpc_endpoint.{name}"),
            json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
            json!({"id": true, "route_table_ids": true, "vpc_id": true}),
        )
    };
    let doc = json!({"format_version": "1.2",
        "variables": {"tables": {"value": ["rtb-1", "rtb-2"]}, "by_az": {"value": {"a": "rtb-1"}}},
        "resource_changes": [endpoint("indexed"), endpoint("map"), endpoint("whole")],
        "configuration": {"provider_config": aws("eu-west-1"), "root_module": {"resources": [
            config("aws_vpc_endpoint.indexed", json!({"route_table_ids": refs(&["var.tables[0]", "var.tables"])})),
            config("aws_vpc_endpoint.map", json!({"route_table_ids": refs(&["var.by_az"])})),
            config("aws_vpc_endpoint.whole", json!({"route_table_ids": refs(&["var.tables"])}))]}}});
    let text = doc.to_string();
    let tree = crate::load::json::parse(&text).unwrap();
    let m = load(&tree, FileId(0), None).model;
    let tables = |n: usize| (m.endpoints[n].route_tables.state, m.endpoints[n].route_tables.items.len());
    assert_eq!(tables(0), (ListState::Partial, 0));
    assert_eq!(tables(1), (ListState::Partial, 0));
    assert_eq!(tables(2), (ListState::Known, 2));
}

#[test]
fn module_call_arguments_pair_with_the_module_instance_key() {
    let (vpc, vpc_config) = vpc_main();
    let mut changes = vec![vpc, create("aws_route_table.rt", json!({}), json!({"id": true}))];
    for k in ["a", "b"] {
        changes.push(create(&format!("aws_subnet.s[\"{k}\"]"), json!({}), json!({"id": true, "vpc_id": true})));
        changes.push(create(
            &format!("module.assoc[\"{k}\"].aws_route_table_association.this"),
            json!({}),
            json!({"subnet_id": true, "route_table_id": true}),
        ));
    }
    let m = load_plan(
        changes,
        json!({"resources": [vpc_config, config("aws_route_table.rt", json!({})),
                config("aws_subnet.s", json!({"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])}))],
            "module_calls": {"assoc": {"source": "./assoc",
                "expressions": {"subnet_id": refs(&["aws_subnet.s", "each.key"]),
                    "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])},
                "for_each_expression": refs(&["aws_subnet.s"]),
                "module": {"resources": [config("aws_route_table_association.this", json!({
                    "subnet_id": refs(&["var.subnet_id"]), "route_table_id": refs(&["var.route_table_id"])}))],
                    "variables": {"subnet_id": {}, "route_table_id": {}}}}}}),
        aws("eu-west-1"),
    );
    for k in ["a", "b"] {
        let a = m.associations.iter().find(|a| a.meta.name.contains(&format!("[\"{k}\"]"))).unwrap();
        assert_eq!(a.subnet, Link::To(subnet_id(&m, &format!("aws_subnet.s[\"{k}\"]"))));
        assert_eq!(a.table, Link::To(table_id(&m, "aws_route_table.rt")));
    }
}

#[test]
fn count_pairing_links_every_instance() {
    // Each association finds its subnet by key; many instances stay correct (and fast).
    const N: usize = 3000;
    let (vpc, vpc_config) = vpc_main();
    let mut changes = vec![vpc, create("aws_route_table.rt", json!({}), json!({"id": true}))];
    for k in 0..N {
        changes.push(create(&format!("aws_subnet.s[{k}]"), json!({}), json!({"id": true, "vpc_id": true})));
        changes.push(create(
            &format!("aws_route_table_association.a[{k}]"),
            json!({}),
            json!({"subnet_id": true, "route_table_id": true}),
        ));
    }
    let m = load_plan(
        changes,
        json!({"resources": [vpc_config, config("aws_route_table.rt", json!({})),
            config("aws_subnet.s", json!({"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])})),
            config("aws_route_table_association.a", json!({
                "subnet_id": refs(&["aws_subnet.s", "count.index"]),
                "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])}))]}),
        aws("eu-west-1"),
    );
    assert_eq!(m.associations.len(), N);
    for a in &m.associations {
        let key = a.meta.name.trim_start_matches("aws_route_table_association.a");
        let s = a.subnet.to().unwrap();
        assert_eq!(m.subnets[s.index()].meta.name, format!("aws_subnet.s{key}"));
    }
}

#[test]
fn module_references_without_a_key_match_every_module_instance() {
    // `module.net.ids` for a module with `count`: every instance's tables are candidates.
    let (vpc, vpc_config) = vpc_main();
    let m = load_plan(
        vec![
            vpc,
            create("module.net[0].aws_route_table.rt", json!({}), json!({"id": true})),
            create("module.net[1].aws_route_table.rt", json!({}), json!({"id": true})),
            create(
                "aws_vpc_endpoint.s3",
                json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                json!({"id": true, "route_table_ids": true}),
            ),
        ],
        json!({"resources": [vpc_config, config("aws_vpc_endpoint.s3", json!({
                "route_table_ids": refs(&["module.net.ids", "module.net"])}))],
            "module_calls": {"net": {"source": "./net", "count_expression": {"constant_value": 2},
                "module": {"outputs": {"ids": {"expression": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])}},
                    "resources": [config("aws_route_table.rt", json!({}))]}}}}),
        aws("eu-west-1"),
    );
    let tables = &m.endpoints[0].route_tables;
    assert_eq!(tables.state, ListState::Known);
    assert!(tables.has(table_id(&m, "module.net[0].aws_route_table.rt")));
    assert!(tables.has(table_id(&m, "module.net[1].aws_route_table.rt")));
}
