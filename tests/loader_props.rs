//! Loader properties (proptest): no panic on arbitrary input; every span lies inside its
//! file on character boundaries; the YAML and JSON forms of one template give the same
//! model (spans aside) and the same findings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use serde_json::{Value, json};
use vpclint::load::{self, Loaded};
use vpclint::model::Model;
use vpclint::rules::engine;
use vpclint::source::{FileId, Span};

/// (rule id, resource, message) of each finding.
type Summary = Vec<(String, Option<String>, String)>;

/// Loads and checks `text`, asserting every span is in bounds and on char boundaries.
fn load_and_check(text: &str) -> Option<(Box<Model>, Summary)> {
    let rules = vpclint::rules::Registry::builtin().enabled(&Default::default());
    match load::load_text(text, FileId(0)) {
        Loaded::Model { model, problems, .. } => {
            let findings = engine::check(&model, &rules);
            let spans = findings
                .iter()
                .flat_map(|f| std::iter::once(f.span).chain(f.related.iter().map(|r| r.span)))
                .chain(problems.iter().flat_map(|p| std::iter::once(p.span).chain(p.related.iter().map(|r| r.0))))
                .chain(model_spans(&model));
            for s in spans {
                assert_span_ok(text, s);
            }
            let mut out: Summary =
                findings.into_iter().map(|f| (f.rule_id.to_string(), f.resource, f.message)).collect();
            out.sort();
            Some((model, out))
        }
        Loaded::Failed(e) => {
            if let Some(o) = e.offset {
                assert!(o as usize <= text.len(), "error offset {o} past the end ({})", text.len());
            }
            None
        }
        Loaded::NotRecognised(_) => None,
    }
}

fn assert_span_ok(text: &str, s: Span) {
    assert!(s.start <= s.end, "reversed span {s:?}");
    assert!(s.end as usize <= text.len(), "span {s:?} past the end ({})", text.len());
    assert!(
        text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize),
        "span {s:?} splits a character"
    );
}

fn model_spans(m: &Model) -> Vec<Span> {
    let mut v = Vec::new();
    for x in &m.vpcs {
        v.extend([x.meta.span, x.dns_support.span, x.dns_hostnames.span]);
        v.extend(x.cidrs.iter().map(|c| c.span));
    }
    for x in &m.subnets {
        v.extend([x.meta.span, x.cidr.span, x.availability_zone.span]);
    }
    for x in &m.routes {
        v.extend([x.meta.span, x.span, x.destination.span, x.target.span]);
    }
    for x in &m.endpoints {
        v.extend([x.meta.span, x.service.span, x.private_dns.span, x.route_tables.span, x.security_groups.span]);
        v.extend(x.route_tables.items.iter().map(|i| i.span));
    }
    for x in &m.sg_rules {
        v.extend([x.meta.span, x.span, x.protocol.span, x.ports.span, x.peer.span]);
    }
    v.extend(m.route_tables.iter().map(|t| t.meta.span));
    v.extend(m.associations.iter().map(|a| a.meta.span));
    v.extend(m.security_groups.iter().map(|g| g.meta.span));
    v
}

/// The model's debug form with every span removed.
fn without_spans(m: &Model) -> String {
    let text = format!("{m:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find('}').map_or(after.len(), |e| e + 1);
        out.push_str("Span");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

// ----- arbitrary input ------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let decoded = load::decode(bytes);
        if decoded.error.is_none() {
            load_and_check(&decoded.text);
        }
    }

    #[test]
    fn no_panic_on_yaml_like_text(text in "(Resources|Type|Properties|AWS::EC2::(VPC|Subnet|VPCEndpoint|Route)|!Ref|!GetAtt|!Sub|!If|&a|\\*a|[-:{}\\[\\],'\"#\\n ]|é|[a-z0-9.]){0,200}") {
        load_and_check(&text);
    }

    #[test]
    fn no_panic_on_plan_like_json(text in "(\\{|\\}|\\[|\\]|,|:|\"format_version\"|\"1.2\"|\"planned_values\"|\"resource_changes\"|\"root_module\"|\"resources\"|\"address\"|\"aws_vpc.a\"|\"change\"|\"after\"|\"after_unknown\"|true|null|1|\"configuration\"|\"references\"|\"module_calls\"){0,120}") {
        load_and_check(&text);
    }
}

// ----- one template, two syntaxes ---------------------------------------------------------

/// A small YAML emitter (block style) for the JSON values the strategy builds.
fn to_yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, val) in map {
                out.push_str(&format!("{pad}{}:", scalar(&Value::String(k.clone()))));
                emit_child(val, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for val in items {
                out.push_str(&format!("{pad}-"));
                emit_child(val, indent, out);
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

fn emit_child(val: &Value, indent: usize, out: &mut String) {
    match val {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            to_yaml(val, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            to_yaml(val, indent + 2, out);
        }
        other => out.push_str(&format!(" {}\n", scalar(other))),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => serde_json::to_string(s).unwrap(),
        Value::Object(_) => "{}".to_string(),
        Value::Array(_) => "[]".to_string(),
        other => other.to_string(),
    }
}

fn reference(names: &[&str]) -> impl Strategy<Value = Value> {
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    prop_oneof![
        proptest::sample::select(names.clone()).prop_map(|n| json!({"Ref": n})),
        proptest::sample::select(names).prop_map(|n| json!({"Fn::GetAtt": [n, "Id"]})),
        Just(json!("vpc-0123456789abcdef0")),
    ]
}

fn template() -> impl Strategy<Value = Value> {
    let cidr = prop_oneof![Just("10.0.0.0/16"), Just("10.0.1.0/24"), Just("192.168.0.0/24"), Just("not-a-cidr")];
    let flag = prop_oneof![Just(json!(true)), Just(json!(false)), Just(json!("true")), Just(Value::Null)];
    let service = prop_oneof![
        Just(json!({"Fn::Sub": "com.amazonaws.${AWS::Region}.s3"})),
        Just(json!({"Fn::Join": ["", ["com.amazonaws.", {"Ref": "AWS::Region"}, ".ssm"]]})),
        Just(json!("com.amazonaws.eu-west-1.logs")),
    ];
    let kind = prop_oneof![Just("Interface"), Just("Gateway")];
    (
        cidr.clone(),
        flag.clone(),
        flag.clone(),
        proptest::collection::vec((cidr, proptest::bool::ANY, reference(&["Vpc", "Nope"])), 0..4),
        proptest::collection::vec((service, kind, flag, proptest::bool::ANY), 0..3),
        proptest::bool::ANY,
    )
        .prop_map(|(vpc_cidr, support, hostnames, subnets, endpoints, nat)| {
            let mut resources = serde_json::Map::new();
            let mut vpc = json!({"CidrBlock": vpc_cidr});
            if !support.is_null() {
                vpc["EnableDnsSupport"] = support;
            }
            if !hostnames.is_null() {
                vpc["EnableDnsHostnames"] = hostnames;
            }
            resources.insert("Vpc".into(), json!({"Type": "AWS::EC2::VPC", "Properties": vpc}));
            resources.insert("Routes".into(), json!({"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}}));
            if nat {
                resources.insert("Nat".into(), json!({"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": "subnet-1", "AllocationId": "eipalloc-1"}}));
                resources.insert(
                    "Default".into(),
                    json!({"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "Routes"}, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": {"Ref": "Nat"}}}),
                );
            }
            for (i, (cidr, associated, vpc_ref)) in subnets.into_iter().enumerate() {
                resources.insert(format!("Subnet{i}"), json!({"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": vpc_ref, "CidrBlock": cidr}}));
                if associated {
                    resources.insert(
                        format!("Assoc{i}"),
                        json!({"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": format!("Subnet{i}")}, "RouteTableId": {"Ref": "Routes"}}}),
                    );
                }
            }
            for (i, (service, kind, dns, with_tables)) in endpoints.into_iter().enumerate() {
                let mut props = json!({"VpcId": {"Ref": "Vpc"}, "ServiceName": service, "VpcEndpointType": kind});
                if !dns.is_null() {
                    props["PrivateDnsEnabled"] = dns;
                }
                if with_tables {
                    props["RouteTableIds"] = json!([{"Ref": "Routes"}]);
                }
                resources.insert(format!("Endpoint{i}"), json!({"Type": "AWS::EC2::VPCEndpoint", "Properties": props}));
            }
            json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn yaml_and_json_forms_agree(t in template()) {
        let json_text = serde_json::to_string_pretty(&t).unwrap();
        let mut yaml_text = String::new();
        to_yaml(&t, 0, &mut yaml_text);
        let (jm, jf) = load_and_check(&json_text).expect("the JSON form loads");
        let (ym, yf) = load_and_check(&yaml_text).expect("the YAML form loads");
        prop_assert_eq!(without_spans(&jm), without_spans(&ym), "YAML:\n{}", yaml_text);
        prop_assert_eq!(jf, yf);
    }
}
