//! Turning fuzz bytes into Terraform plan JSON, so the plan loader (not just the JSON
//! parser) sees most inputs.
//!
//! - Input starting with `{`: JSON text (a real plan in the seeds, mutated); the keys that
//!   make it a plan (`format_version`, `prior_state`) are put in front of its own, so it is
//!   loaded as a plan whatever the mutations did to them.
//! - Input starting with `[`: a list of resources, placed in `planned_values` and in
//!   `resource_changes`.
//! - Anything else: read with `arbitrary` as a [`Plan`] of AWS networking resources with
//!   attributes, unknowns and configuration references drawn from small vocabularies, and
//!   serialized to JSON.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value, json};

/// The plan text for one fuzz input.
pub fn plan_bytes(data: &[u8]) -> Vec<u8> {
    match data.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(i) if data.get(i) == Some(&b'{') => prefix_keys(data, i),
        Some(i) if data.get(i) == Some(&b'[') => {
            let mut out = br#"{"format_version":"1.0","planned_values":{"root_module":{"resources":"#.to_vec();
            out.extend_from_slice(data);
            out.extend_from_slice(br#"}},"resource_changes":"#);
            out.extend_from_slice(data);
            out.push(b'}');
            out
        }
        _ => {
            let mut u = Unstructured::new(data);
            match Plan::arbitrary(&mut u) {
                Ok(plan) => {
                    let value = plan.to_json();
                    let text =
                        if plan.pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
                    text.unwrap_or_default().into_bytes()
                }
                Err(_) => Vec::new(),
            }
        }
    }
}

/// `data` with `"format_version":"1.0","prior_state":null` inserted after the `{` at `at`.
fn prefix_keys(data: &[u8], at: usize) -> Vec<u8> {
    let (head, rest) = data.split_at(at + 1);
    let mut out = head.to_vec();
    out.extend_from_slice(br#""format_version":"1.0","prior_state":null"#);
    if rest.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'}') {
        out.push(b',');
    }
    out.extend_from_slice(rest);
    out
}

const TYPES: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_default_route_table",
    "aws_internet_gateway",
    "aws_egress_only_internet_gateway",
    "aws_nat_gateway",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_route_table_association",
    "aws_vpc_endpoint_subnet_association",
    "aws_vpc_endpoint_security_group_association",
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_interface",
    "aws_instance",
    "aws_vpn_gateway",
    "aws_vpc_peering_connection",
    "aws_eip",
    "aws_s3_bucket",
];

const NAMES: &[&str] = &["main", "a", "b", "this", "app", "x-y", "é", ""];

const ATTRS: &[&str] = &[
    "id",
    "vpc_id",
    "cidr_block",
    "ipv6_cidr_block",
    "subnet_id",
    "route_table_id",
    "gateway_id",
    "nat_gateway_id",
    "egress_only_gateway_id",
    "vpc_endpoint_id",
    "transit_gateway_id",
    "network_interface_id",
    "vpc_peering_connection_id",
    "destination_cidr_block",
    "destination_ipv6_cidr_block",
    "destination_prefix_list_id",
    "route",
    "service_name",
    "vpc_endpoint_type",
    "private_dns_enabled",
    "security_group_ids",
    "subnet_ids",
    "route_table_ids",
    "security_group_id",
    "source_security_group_id",
    "referenced_security_group_id",
    "ingress",
    "egress",
    "from_port",
    "to_port",
    "protocol",
    "ip_protocol",
    "cidr_blocks",
    "ipv6_cidr_blocks",
    "cidr_ipv4",
    "cidr_ipv6",
    "prefix_list_ids",
    "prefix_list_id",
    "self",
    "type",
    "enable_dns_support",
    "enable_dns_hostnames",
    "default_route_table_id",
    "main_route_table_id",
    "default_security_group_id",
    "default_network_acl_id",
    "network_acl_id",
    "rule_number",
    "rule_action",
    "connectivity_type",
    "allocation_id",
    "map_public_ip_on_launch",
    "security_groups",
    "tags",
];

const STRINGS: &[&str] = &[
    "",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "0.0.0.0/0",
    "::/0",
    "2001:db8::/56",
    "10.0.0.0/33",
    "not-a-cidr",
    "vpc-0123",
    "subnet-1",
    "rtb-1",
    "igw-1",
    "nat-1",
    "vpce-1",
    "sg-1",
    "acl-1",
    "pl-63a5400a",
    "local",
    "com.amazonaws.us-east-1.s3",
    "com.amazonaws.eu-west-1.ssm",
    "com.amazonaws.vpce.us-east-1.vpce-svc-1",
    "Interface",
    "Gateway",
    "GatewayLoadBalancer",
    "tcp",
    "udp",
    "icmp",
    "-1",
    "6",
    "all",
    "443",
    "allow",
    "deny",
    "ingress",
    "egress",
    "private",
    "public",
    "us-east-1",
    "é🦀\u{feff}",
    "${aws_vpc.main.id}",
];

const MODULES: &[&str] = &["m", "net", "vpc", "é"];

/// A reference as Terraform writes them in `configuration` (`references` lists).
#[derive(Debug, Arbitrary)]
enum Reference {
    Resource { ty: u8, name: u8, attr: Option<u8>, index: Option<Key> },
    Var(u8),
    ModuleOutput { module: u8, index: Option<Key>, output: u8 },
    CountIndex,
    EachKey,
    EachValue,
    Raw(String),
}

#[derive(Debug, Clone, Arbitrary)]
enum Key {
    Int(i8),
    Str(u8),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i32),
    Float(f32),
    Str(u8),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
enum Attr {
    Scalar(Scalar),
    List(Vec<Scalar>),
    /// A nested block (inline `route`, `ingress` ...): a list of objects.
    Blocks(Vec<Vec<(u8, Scalar)>>),
    Object(Vec<(u8, Scalar)>),
}

#[derive(Debug, Arbitrary)]
enum Expression {
    Constant(Scalar),
    References(Vec<Reference>),
}

#[derive(Debug, Arbitrary)]
enum Action {
    Create,
    Update,
    NoOp,
    Delete,
    Replace,
    Read,
}

#[derive(Debug, Arbitrary)]
struct Resource {
    ty: u8,
    name: u8,
    module: Option<(u8, Option<Key>)>,
    index: Option<Key>,
    data_mode: bool,
    action: Action,
    in_planned_values: bool,
    in_resource_changes: bool,
    in_configuration: bool,
    values: Vec<(u8, Attr)>,
    unknown: Vec<(u8, bool)>,
    expressions: Vec<(u8, Expression)>,
    count_or_for_each: Option<bool>,
}

#[derive(Debug, Arbitrary)]
struct ModuleCall {
    name: u8,
    inputs: Vec<(u8, Expression)>,
    outputs: Vec<(u8, Expression)>,
}

/// A plan built from fuzz bytes.
#[derive(Debug, Arbitrary)]
pub struct Plan {
    format_version: u8,
    state_values: bool,
    pretty: bool,
    region: Option<Expression>,
    variables: Vec<(u8, Scalar)>,
    resources: Vec<Resource>,
    module_calls: Vec<ModuleCall>,
}

fn pick<'s>(list: &[&'s str], i: u8) -> &'s str {
    list.get(i as usize % list.len()).copied().unwrap_or("")
}

impl Scalar {
    fn to_json(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => json!(b),
            Scalar::Int(n) => json!(n),
            Scalar::Float(f) => serde_json::Number::from_f64(f64::from(*f)).map_or(Value::Null, Value::Number),
            Scalar::Str(i) => json!(pick(STRINGS, *i)),
            Scalar::Raw(s) => json!(s),
        }
    }
}

impl Key {
    fn address_part(&self) -> String {
        match self {
            Key::Int(n) => format!("[{n}]"),
            Key::Str(i) => format!("[{:?}]", pick(NAMES, *i)),
            Key::Raw(s) => format!("[{s}]"),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Key::Int(n) => json!(n),
            Key::Str(i) => json!(pick(NAMES, *i)),
            Key::Raw(s) => json!(s),
        }
    }
}

impl Reference {
    fn to_json(&self) -> Value {
        let s = match self {
            Reference::Resource { ty, name, attr, index } => {
                let mut s = format!("{}.{}", pick(TYPES, *ty), pick(NAMES, *name));
                if let Some(k) = index {
                    s.push_str(&k.address_part());
                }
                if let Some(a) = attr {
                    s.push('.');
                    s.push_str(pick(ATTRS, *a));
                }
                s
            }
            Reference::Var(i) => format!("var.{}", pick(ATTRS, *i)),
            Reference::ModuleOutput { module, index, output } => format!(
                "module.{}{}.{}",
                pick(MODULES, *module),
                index.as_ref().map(Key::address_part).unwrap_or_default(),
                pick(ATTRS, *output)
            ),
            Reference::CountIndex => "count.index".to_string(),
            Reference::EachKey => "each.key".to_string(),
            Reference::EachValue => "each.value".to_string(),
            Reference::Raw(s) => s.clone(),
        };
        json!(s)
    }
}

impl Expression {
    fn to_json(&self) -> Value {
        match self {
            Expression::Constant(c) => json!({ "constant_value": c.to_json() }),
            Expression::References(refs) => {
                json!({ "references": refs.iter().map(Reference::to_json).collect::<Vec<_>>() })
            }
        }
    }
}

fn object(entries: &[(u8, Scalar)]) -> Value {
    let mut m = Map::new();
    for (k, v) in entries {
        m.insert(pick(ATTRS, *k).to_string(), v.to_json());
    }
    Value::Object(m)
}

impl Attr {
    fn to_json(&self) -> Value {
        match self {
            Attr::Scalar(s) => s.to_json(),
            Attr::List(items) => Value::Array(items.iter().map(Scalar::to_json).collect()),
            Attr::Blocks(blocks) => Value::Array(blocks.iter().map(|b| object(b)).collect()),
            Attr::Object(entries) => object(entries),
        }
    }
}

impl Action {
    fn to_json(&self) -> Value {
        match self {
            Action::Create => json!(["create"]),
            Action::Update => json!(["update"]),
            Action::NoOp => json!(["no-op"]),
            Action::Delete => json!(["delete"]),
            Action::Replace => json!(["delete", "create"]),
            Action::Read => json!(["read"]),
        }
    }
}

impl Resource {
    fn module_address(&self) -> String {
        match &self.module {
            Some((m, key)) => {
                format!("module.{}{}.", pick(MODULES, *m), key.as_ref().map(Key::address_part).unwrap_or_default())
            }
            None => String::new(),
        }
    }

    fn address(&self) -> String {
        let mut s = self.module_address();
        if self.data_mode {
            s.push_str("data.");
        }
        s.push_str(&format!("{}.{}", pick(TYPES, self.ty), pick(NAMES, self.name)));
        if let Some(k) = &self.index {
            s.push_str(&k.address_part());
        }
        s
    }

    fn values(&self) -> Value {
        let mut m = Map::new();
        for (k, v) in &self.values {
            m.insert(pick(ATTRS, *k).to_string(), v.to_json());
        }
        Value::Object(m)
    }

    fn common(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("address".into(), json!(self.address()));
        m.insert("mode".into(), json!(if self.data_mode { "data" } else { "managed" }));
        m.insert("type".into(), json!(pick(TYPES, self.ty)));
        m.insert("name".into(), json!(pick(NAMES, self.name)));
        m.insert("provider_name".into(), json!("registry.terraform.io/hashicorp/aws"));
        if let Some(k) = &self.index {
            m.insert("index".into(), k.to_json());
        }
        if let Some((module, key)) = &self.module {
            m.insert(
                "module_address".into(),
                json!(format!(
                    "module.{}{}",
                    pick(MODULES, *module),
                    key.as_ref().map(Key::address_part).unwrap_or_default()
                )),
            );
        }
        m
    }

    fn planned(&self) -> Value {
        let mut m = self.common();
        m.insert("values".into(), self.values());
        Value::Object(m)
    }

    fn change(&self) -> Value {
        let mut m = self.common();
        let mut unknown = Map::new();
        for (k, v) in &self.unknown {
            unknown.insert(pick(ATTRS, *k).to_string(), json!(v));
        }
        m.insert(
            "change".into(),
            json!({
                "actions": self.action.to_json(),
                "before": null,
                "after": self.values(),
                "after_unknown": Value::Object(unknown),
            }),
        );
        Value::Object(m)
    }

    fn config(&self) -> Value {
        let mut exprs = Map::new();
        for (k, e) in &self.expressions {
            exprs.insert(pick(ATTRS, *k).to_string(), e.to_json());
        }
        let mut m = Map::new();
        let address =
            format!("{}{}.{}", if self.data_mode { "data." } else { "" }, pick(TYPES, self.ty), pick(NAMES, self.name));
        m.insert("address".into(), json!(address));
        m.insert("mode".into(), json!(if self.data_mode { "data" } else { "managed" }));
        m.insert("type".into(), json!(pick(TYPES, self.ty)));
        m.insert("name".into(), json!(pick(NAMES, self.name)));
        m.insert("expressions".into(), Value::Object(exprs));
        match self.count_or_for_each {
            Some(true) => {
                m.insert("count_expression".into(), json!({ "constant_value": 2 }));
            }
            Some(false) => {
                m.insert("for_each_expression".into(), json!({ "references": ["var.subnets"] }));
            }
            None => {}
        }
        Value::Object(m)
    }
}

impl Plan {
    /// The plan as JSON, in the shape `terraform show -json` prints.
    pub fn to_json(&self) -> Value {
        let version = pick(&["1.2", "1.0", "0.1", "0.2", "2.0", "x", ""], self.format_version);
        // Resources grouped by module: root first, then one child module per name.
        let mut root_planned = Vec::new();
        let mut children: Map<String, Value> = Map::new();
        let mut changes = Vec::new();
        let mut root_config = Vec::new();
        let mut child_config: Map<String, Value> = Map::new();
        for r in &self.resources {
            if r.in_planned_values {
                match &r.module {
                    None => root_planned.push(r.planned()),
                    Some(_) => {
                        let addr = r.module_address();
                        let addr = addr.trim_end_matches('.').to_string();
                        let entry =
                            children.entry(addr.clone()).or_insert_with(|| json!({ "address": addr, "resources": [] }));
                        if let Some(list) = entry.get_mut("resources").and_then(Value::as_array_mut) {
                            list.push(r.planned());
                        }
                    }
                }
            }
            if r.in_resource_changes {
                changes.push(r.change());
            }
            if r.in_configuration {
                match &r.module {
                    None => root_config.push(r.config()),
                    Some((m, _)) => {
                        let entry = child_config.entry(pick(MODULES, *m).to_string()).or_insert_with(|| json!([]));
                        if let Some(list) = entry.as_array_mut() {
                            list.push(r.config());
                        }
                    }
                }
            }
        }
        let mut module_calls = Map::new();
        for (name, resources) in child_config {
            module_calls.insert(name, json!({ "source": "./modules/x", "module": { "resources": resources } }));
        }
        for call in &self.module_calls {
            let name = pick(MODULES, call.name).to_string();
            let entry = module_calls.entry(name).or_insert_with(|| json!({ "module": { "resources": [] } }));
            let mut inputs = Map::new();
            for (k, e) in &call.inputs {
                inputs.insert(pick(ATTRS, *k).to_string(), e.to_json());
            }
            let mut outputs = Map::new();
            let mut variables = Map::new();
            for (k, e) in &call.outputs {
                outputs.insert(pick(ATTRS, *k).to_string(), json!({ "expression": e.to_json() }));
                variables.insert(pick(ATTRS, *k).to_string(), json!({ "default": "10.0.0.0/16" }));
            }
            if let Some(obj) = entry.as_object_mut() {
                obj.insert("expressions".into(), Value::Object(inputs));
                if let Some(module) = obj.get_mut("module").and_then(Value::as_object_mut) {
                    module.insert("outputs".into(), Value::Object(outputs));
                    module.insert("variables".into(), Value::Object(variables));
                }
            }
        }
        let mut variables = Map::new();
        for (k, v) in &self.variables {
            variables.insert(pick(ATTRS, *k).to_string(), json!({ "value": v.to_json() }));
        }
        let mut provider = json!({ "aws": { "name": "aws", "full_name": "registry.terraform.io/hashicorp/aws" } });
        if let (Some(region), Some(aws)) = (&self.region, provider.get_mut("aws").and_then(Value::as_object_mut)) {
            aws.insert("expressions".into(), json!({ "region": region.to_json() }));
        }
        let values = json!({
            "root_module": {
                "resources": root_planned,
                "child_modules": children.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            }
        });
        let mut top = Map::new();
        top.insert("format_version".into(), json!(version));
        top.insert("terraform_version".into(), json!("1.9.0"));
        top.insert("variables".into(), Value::Object(variables));
        if self.state_values {
            top.insert("values".into(), values);
        } else {
            top.insert("planned_values".into(), values);
            top.insert("resource_changes".into(), Value::Array(changes));
        }
        top.insert(
            "configuration".into(),
            json!({
                "provider_config": provider,
                "root_module": { "resources": root_config, "module_calls": module_calls },
            }),
        );
        Value::Object(top)
    }
}
