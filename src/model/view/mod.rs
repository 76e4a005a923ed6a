//! The model as JSON: what `vpclint model` prints and what user rules query.
//!
//! This form is a public contract (`schemas/vpclint-model.schema.json`, the README's "The
//! model as JSON"): the same shape for CloudFormation and Terraform. Every object has
//! `kind`, `name` (logical id or Terraform address), `type` (the resource type) and
//! `location`; links to other objects are by name. Three states are kept apart everywhere:
//! a known value is itself, an attribute that is not set is `null`, and a value that exists
//! but cannot be known before deployment is the object `{"unknown": true}` (which equals no
//! string or number, so a filter comparing it stays silent). A link the file cannot resolve
//! to one object is `{"one_of": [names]}`, or `{"external": "vpc-0abc"}` for something
//! outside the file.
//!
//! Derived facts are denormalized onto the objects users ask about, so most policies are a
//! single filter: a subnet carries its effective route table, its default route and where
//! its S3 and DynamoDB traffic goes; an endpoint its normalized service, its zones and the
//! value its DNS options take when the file leaves them unset; a security group its rules.

use serde_json::{Map, Value, json};

use super::derived::S3Path;
use super::*;
use crate::source::SourceFile;

mod endpoint;
mod network;
mod security;
mod workload;

/// The fields of each kind of object, in the order they are written. `tests/user_rules.rs`
/// checks the schema and the output against this list, and user rules' `{placeholders}`
/// must name one of them.
pub const FIELDS: &[(&str, &[&str])] = &[
    (
        "vpc",
        &["cidrs", "ipv6", "dns_support", "dns_hostnames", "main_route_table", "default_security_group", "subnets"],
    ),
    (
        "subnet",
        &[
            "vpc",
            "cidr",
            "ipv6_cidr",
            "availability_zone",
            "map_public_ip_on_launch",
            "route_table",
            "route_table_association",
            "default_route",
            "s3_path",
            "dynamodb_path",
            "tier",
        ],
    ),
    ("route_table", &["vpc", "main_of", "routes_known", "routes"]),
    ("route", &["route_table", "destination", "target", "target_kind"]),
    ("internet_gateway", &["vpc"]),
    ("internet_gateway_attachment", &["internet_gateway", "vpc"]),
    ("gateway_association", &["route_table", "gateway"]),
    ("egress_only_internet_gateway", &["vpc"]),
    ("peering_connection", &["vpc", "peer_vpc"]),
    ("nat_gateway", &["vpc", "subnet", "public", "regional", "allocation", "elastic_ip"]),
    ("elastic_ip", &["domain"]),
    (
        "endpoint",
        &[
            "vpc",
            "service",
            "service_name",
            "service_region",
            "endpoint_type",
            "private_dns",
            "private_dns_only_for_inbound_resolver_endpoint",
            "route_tables",
            "subnets",
            "security_groups",
            "zones",
            "policy",
            "https_from_vpc",
        ],
    ),
    ("security_group", &["vpc", "default", "implicit", "rules_known", "rules", "internet_ingress"]),
    ("security_group_rule", &["security_group", "direction", "protocol", "from_port", "to_port", "peer"]),
    ("network_acl", &["vpc", "default", "implicit", "entries"]),
    ("instance_connect_endpoint", &["subnet", "security_groups", "preserve_client_ip"]),
    (
        "workload",
        &[
            "workload_kind",
            "vpc",
            "subnets",
            "security_groups",
            "effective_security_groups",
            "template",
            "load_balancer_type",
            "internet_ingress",
        ],
    ),
    ("target_group", &["vpc", "port", "protocol", "target_type", "targets", "load_balancers"]),
    ("listener", &["load_balancer", "listener", "target_groups"]),
    ("dynamodb_table", &["state_lock"]),
    ("flow_log", &["resource_type", "resource"]),
];

/// Fields every object has.
pub const COMMON_FIELDS: &[&str] = &["kind", "name", "type", "location", "conditional"];

/// The top-level lists of a file's form, one per kind of object. Only their elements are
/// objects with a `location`.
pub const LISTS: &[&str] = &[
    "vpcs",
    "subnets",
    "route_tables",
    "routes",
    "internet_gateways",
    "internet_gateway_attachments",
    "gateway_associations",
    "egress_only_internet_gateways",
    "peering_connections",
    "nat_gateways",
    "elastic_ips",
    "endpoints",
    "security_groups",
    "security_group_rules",
    "network_acls",
    "instance_connect_endpoints",
    "workloads",
    "target_groups",
    "listeners",
    "dynamodb_tables",
    "flow_logs",
];

/// Which top-level lists of the form a reader needs (a user rule's query names them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lists {
    All,
    /// Only these keys (names that are no list select nothing).
    Only(std::collections::BTreeSet<String>),
}

impl Lists {
    /// Whether the list `key` is needed.
    pub fn wants(&self, key: &str) -> bool {
        match self {
            Lists::All => true,
            Lists::Only(keys) => keys.contains(key),
        }
    }

    /// What either needs.
    pub fn union(self, other: Lists) -> Lists {
        match (self, other) {
            (Lists::Only(mut a), Lists::Only(b)) => {
                a.extend(b);
                Lists::Only(a)
            }
            _ => Lists::All,
        }
    }
}

/// The unknown marker.
fn unknown() -> Value {
    json!({"unknown": true})
}

fn val<T>(v: &Val<T>, f: impl Fn(&T) -> Value) -> Value {
    match v {
        Val::Known(t) => f(t),
        Val::Unknown => unknown(),
        Val::Absent => Value::Null,
    }
}

fn attr<T>(a: &Attr<T>, f: impl Fn(&T) -> Value) -> Value {
    val(&a.val, f)
}

/// A zone: its name as a string, a zone id as `{"zone_id"}`, `Fn::GetAZs` index as
/// `{"index", "list"}` (the same index of one list is the same zone).
fn zone(z: &Zone) -> Value {
    match z {
        Zone::Name(n) => n.clone().into(),
        Zone::ZoneId(id) => json!({"zone_id": id}),
        Zone::Index { list, index } => json!({"index": index, "list": list}),
    }
}

fn string(s: &impl ToString) -> Value {
    Value::String(s.to_string())
}

/// A value as serde writes it (the enums' kebab-case and lowercase names).
fn serialized(v: &impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Per target group, its registrations and the listeners that forward to it.
#[derive(Default)]
struct TargetGroupLinks<'m> {
    registrations: std::collections::HashMap<TargetGroupId, Vec<&'m Registration>>,
    listeners: std::collections::HashMap<TargetGroupId, Vec<&'m Listener>>,
}

/// Builds the JSON form of `m`, whose spans lie in `file` (shown as `path`).
pub struct ViewBuilder<'a> {
    m: &'a Model,
    file: &'a SourceFile,
    path: &'a str,
    /// Each table's path for same-region DynamoDB traffic, computed once when first asked.
    dynamodb: std::sync::OnceLock<IdVec<RouteTableId, S3Path>>,
}

/// `ViewBuilder::vpc_name()` and the like: a function from an object's id to its name, for
/// [`ViewBuilder::link`] and [`ViewBuilder::link_list`].
macro_rules! name_lookups {
    ($($fn:ident: $id:ty => $get:ident),* $(,)?) => {
        impl<'a> ViewBuilder<'a> {$(
            fn $fn(&self) -> impl Fn($id) -> Option<&'a str> + Copy + 'a {
                let m = self.m;
                move |id| m.$get(id).map(|v| v.meta.name.as_str())
            }
        )*}
    };
}

name_lookups!(
    vpc_name: VpcId => vpc,
    subnet_name: SubnetId => subnet,
    table_name: RouteTableId => route_table,
    igw_name: IgwId => internet_gateway,
    eip_name: EipId => elastic_ip,
    sg_name: SgId => security_group,
    workload_name: WorkloadId => workload,
    target_group_name: TargetGroupId => target_group,
    listener_name: ListenerId => listener,
);

impl<'a> ViewBuilder<'a> {
    /// A builder for `m` loaded from `file`, whose path is shown as `path`.
    pub fn new(m: &'a Model, file: &'a SourceFile, path: &'a str) -> ViewBuilder<'a> {
        ViewBuilder { m, file, path, dynamodb: std::sync::OnceLock::new() }
    }

    fn location(&self, span: Span) -> Value {
        let start = self.file.line_col(span.start);
        let end = self.file.line_col(span.end);
        // The fields of a `source::Location` with its byte range, as it serializes.
        let mut loc = Map::new();
        loc.insert("path".into(), self.path.into());
        loc.insert("line".into(), start.line.into());
        loc.insert("column".into(), start.column.into());
        loc.insert("end_line".into(), end.line.into());
        loc.insert("end_column".into(), end.column.into());
        loc.insert("byte_offset".into(), span.start.into());
        loc.insert("byte_length".into(), span.end.saturating_sub(span.start).into());
        Value::Object(loc)
    }

    fn object(&self, kind: &str, meta: &Meta, fields: Vec<(&str, Value)>) -> Value {
        let mut o = Map::new();
        o.insert("kind".into(), kind.into());
        o.insert("name".into(), meta.name.clone().into());
        o.insert("type".into(), meta.resource_type.clone().into());
        o.insert("location".into(), self.location(meta.span));
        o.insert("conditional".into(), meta.conditional.into());
        for (k, v) in fields {
            o.insert(k.into(), v);
        }
        Value::Object(o)
    }

    fn link<T: Copy>(&self, l: &Link<T>, name: impl Fn(T) -> Option<&'a str>) -> Value {
        let named = |t: T| name(t).map_or_else(unknown, |n| Value::String(n.to_string()));
        match l {
            Link::To(t) => named(*t),
            Link::OneOf(ts) => json!({"one_of": ts.iter().map(|&t| named(t)).collect::<Vec<_>>()}),
            Link::External(x) => json!({"external": x}),
            Link::Unknown => unknown(),
            Link::Absent => Value::Null,
        }
    }

    /// A list of links: the names, or unknown when the list is not fully known.
    fn link_list<T: Copy>(&self, l: &LinkList<T>, name: impl Fn(T) -> Option<&'a str> + Copy) -> Value {
        match l.state {
            ListState::Absent => Value::Null,
            ListState::Partial => unknown(),
            ListState::Known => Value::Array(l.items.iter().map(|i| self.link(&i.link, name)).collect()),
        }
    }

    fn target_name(&self, t: TargetRef) -> Option<&'a str> {
        let m = self.m;
        Some(match t {
            TargetRef::Igw(i) => m.internet_gateway(i)?.meta.name.as_str(),
            TargetRef::Nat(i) => m.nat_gateway(i)?.meta.name.as_str(),
            TargetRef::Endpoint(i) => m.endpoint(i)?.meta.name.as_str(),
            TargetRef::Other(i) => m.other_targets.get(i.index())?.meta.name.as_str(),
        })
    }

    /// The whole model.
    pub fn build(&self) -> Value {
        self.root(&Lists::All)
    }

    /// The model with only the top-level lists `lists` names (`path`, `tool` and `region`
    /// always), or `None` when those lists are all empty: then the form holds no object with
    /// a location, and no query can match one.
    pub fn build_lists(&self, lists: &Lists) -> Option<Value> {
        let root = self.root(lists);
        let any = LISTS.iter().any(|k| root.get(*k).and_then(Value::as_array).is_some_and(|l| !l.is_empty()));
        any.then_some(root)
    }

    fn root(&self, lists: &Lists) -> Value {
        let m = self.m;
        let mut root = Map::new();
        root.insert("path".into(), self.path.into());
        root.insert("tool".into(), serialized(&m.tool));
        root.insert("region".into(), m.region.clone().map_or(Value::Null, Value::String));
        for &key in LISTS.iter().filter(|k| lists.wants(k)) {
            root.insert(key.into(), Value::Array(self.list(key)));
        }
        Value::Object(root)
    }

    /// The objects of top-level list `key` (one of [`LISTS`]).
    fn list(&self, key: &str) -> Vec<Value> {
        let m = self.m;
        match key {
            "vpcs" => enumerate::<_, VpcId>(&m.vpcs).map(|(id, v)| self.vpc(id, v)).collect(),
            "subnets" => enumerate::<_, SubnetId>(&m.subnets).map(|(id, s)| self.subnet(id, s)).collect(),
            "route_tables" => {
                enumerate::<_, RouteTableId>(&m.route_tables).map(|(id, t)| self.route_table(id, t)).collect()
            }
            "routes" => m.routes.iter().map(|r| self.route(r)).collect(),
            "internet_gateways" => m
                .internet_gateways
                .iter()
                .map(|g| self.object("internet_gateway", &g.meta, vec![("vpc", self.link(&g.vpc, self.vpc_name()))]))
                .collect(),
            "internet_gateway_attachments" => m
                .igw_attachments
                .iter()
                .map(|a| {
                    self.object(
                        "internet_gateway_attachment",
                        &a.meta,
                        vec![
                            ("internet_gateway", self.link(&a.igw, self.igw_name())),
                            ("vpc", self.link(&a.vpc, self.vpc_name())),
                        ],
                    )
                })
                .collect(),
            "gateway_associations" => m
                .gateway_associations
                .iter()
                .map(|a| {
                    self.object(
                        "gateway_association",
                        &a.meta,
                        vec![
                            ("route_table", self.link(&a.table, self.table_name())),
                            ("gateway", self.link(&a.gateway, |t| self.target_name(t))),
                        ],
                    )
                })
                .collect(),
            "egress_only_internet_gateways" => m
                .other_targets
                .iter()
                .filter(|o| o.kind == TargetKind::EgressOnlyInternetGateway)
                .map(|g| {
                    self.object(
                        "egress_only_internet_gateway",
                        &g.meta,
                        vec![("vpc", self.link(&g.vpc, self.vpc_name()))],
                    )
                })
                .collect(),
            "peering_connections" => m
                .other_targets
                .iter()
                .filter(|o| o.kind == TargetKind::Peering)
                .map(|p| {
                    self.object(
                        "peering_connection",
                        &p.meta,
                        vec![
                            ("vpc", self.link(&p.vpc, self.vpc_name())),
                            ("peer_vpc", self.link(&p.peer_vpc, self.vpc_name())),
                        ],
                    )
                })
                .collect(),
            "nat_gateways" => m.nat_gateways.iter().map(|n| self.nat(n)).collect(),
            "elastic_ips" => m
                .elastic_ips
                .iter()
                .map(|e| self.object("elastic_ip", &e.meta, vec![("domain", attr(&e.domain, |d| d.clone().into()))]))
                .collect(),
            "endpoints" => {
                let mut https = reach::ClientsHttps::new(m);
                m.endpoints.iter().map(|e| self.endpoint(e, &mut https)).collect()
            }
            "security_groups" => {
                let reach = reach::Reach::new(m);
                enumerate::<_, SgId>(&m.security_groups).map(|(id, g)| self.security_group(id, g, &reach)).collect()
            }
            "security_group_rules" => m.sg_rules.iter().map(|r| self.sg_rule(r)).collect(),
            "network_acls" => {
                let mut entries: Vec<Vec<&NaclEntry>> = vec![Vec::new(); m.nacls.len()];
                for e in &m.nacl_entries {
                    if let Some(list) = e.nacl.to().and_then(|n| entries.get_mut(n.index())) {
                        list.push(e);
                    }
                }
                enumerate::<_, NaclId>(&m.nacls)
                    .map(|(id, n)| self.nacl(n, entries.get(id.index()).map_or(&[][..], Vec::as_slice)))
                    .collect()
            }
            "instance_connect_endpoints" => m
                .instance_connect_endpoints
                .iter()
                .map(|e| {
                    self.object(
                        "instance_connect_endpoint",
                        &e.meta,
                        vec![
                            ("subnet", self.link(&e.subnet, self.subnet_name())),
                            ("security_groups", self.link_list(&e.security_groups, self.sg_name())),
                            ("preserve_client_ip", attr(&e.preserve_client_ip, |b| (*b).into())),
                        ],
                    )
                })
                .collect(),
            "workloads" => {
                let reach = reach::Reach::new(m);
                m.workloads.iter().map(|w| self.workload(w, &reach)).collect()
            }
            "target_groups" => {
                let mut forwards = TargetGroupLinks::default();
                for r in &m.registrations {
                    if let Some(t) = r.target_group.to() {
                        forwards.registrations.entry(t).or_default().push(r);
                    }
                }
                for l in &m.listeners {
                    for t in l.target_groups.items.iter().filter_map(|i| i.link.to()) {
                        let list = forwards.listeners.entry(t).or_default();
                        if !list.iter().any(|x| std::ptr::eq(*x, l)) {
                            list.push(l);
                        }
                    }
                }
                enumerate::<_, TargetGroupId>(&m.target_groups)
                    .map(|(id, t)| self.target_group(id, t, &forwards))
                    .collect()
            }
            "listeners" => m
                .listeners
                .iter()
                .map(|l| {
                    self.object(
                        "listener",
                        &l.meta,
                        vec![
                            ("load_balancer", self.link(&l.load_balancer, self.workload_name())),
                            ("listener", self.link(&l.listener, self.listener_name())),
                            ("target_groups", self.link_list(&l.target_groups, self.target_group_name())),
                        ],
                    )
                })
                .collect(),
            "dynamodb_tables" => m
                .dynamodb_tables
                .iter()
                .map(|t| self.object("dynamodb_table", &t.meta, vec![("state_lock", t.state_lock.into())]))
                .collect(),
            "flow_logs" => m
                .flow_logs
                .iter()
                .map(|f| {
                    let resource = self.link(&f.resource, |r| match r {
                        FlowLogRef::Vpc(v) => self.vpc_name()(v),
                        FlowLogRef::Subnet(s) => self.subnet_name()(s),
                        FlowLogRef::Other(o) => m.other_targets.get(o.index()).map(|x| x.meta.name.as_str()),
                    });
                    self.object(
                        "flow_log",
                        &f.meta,
                        vec![("resource_type", attr(&f.resource_type, serialized)), ("resource", resource)],
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use std::sync::Arc;

    use super::*;
    use crate::load::{Loaded, load_text};
    use crate::source::{FileId, Location};

    const TEMPLATE: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}\n";

    fn model(text: &str) -> Model {
        match load_text(text, FileId(0)) {
            Loaded::Model { model, .. } => *model,
            _ => panic!("not a template"),
        }
    }

    /// An object's `location` is a `source::Location` with its byte range, as serde writes it.
    #[test]
    fn location_is_written_as_a_location() {
        let m = model(TEMPLATE);
        let file = SourceFile::new("t.yaml".into(), Arc::from(TEMPLATE));
        let view = ViewBuilder::new(&m, &file, "t.yaml").build();
        let span = m.subnets[0].meta.span;
        let (start, end) = (file.line_col(span.start), file.line_col(span.end));
        let expected = Location {
            path: "t.yaml".into(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_offset: Some(span.start),
            byte_length: Some(span.end - span.start),
        };
        assert_eq!(view["subnets"][0]["location"], serde_json::to_value(expected).unwrap());
    }

    /// Only the lists asked for are built; none, when they are all empty.
    #[test]
    fn only_the_lists_asked_for_are_built() {
        let m = model(TEMPLATE);
        let file = SourceFile::new("t.yaml".into(), Arc::from(TEMPLATE));
        let b = ViewBuilder::new(&m, &file, "t.yaml");
        let whole = b.build();
        for key in LISTS {
            assert!(whole.get(*key).is_some_and(Value::is_array), "{key} missing from the whole form");
        }
        let only = |keys: &[&str]| Lists::Only(keys.iter().map(|k| k.to_string()).collect());
        let subnets = b.build_lists(&only(&["subnets", "nope"])).unwrap();
        let keys: Vec<&String> = subnets.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["path", "region", "subnets", "tool"]);
        assert_eq!(subnets["subnets"], whole["subnets"]);
        assert_eq!(b.build_lists(&only(&["endpoints", "path"])), None);
        assert_eq!(b.build_lists(&only(&[])), None);
        let empty = model("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");
        assert_eq!(ViewBuilder::new(&empty, &file, "t.yaml").build_lists(&Lists::All), None);
    }
}
