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

use super::derived::{AssociationState, DefaultRoute, S3Path};
use super::*;
use crate::source::SourceFile;

/// The fields of each kind of object, in the order they are written. `tests/model_view.rs`
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

    fn vpc_name(&self) -> impl Fn(VpcId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.vpc(id).map(|v| v.meta.name.as_str())
    }
    fn subnet_name(&self) -> impl Fn(SubnetId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.subnet(id).map(|v| v.meta.name.as_str())
    }
    fn table_name(&self) -> impl Fn(RouteTableId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.route_table(id).map(|v| v.meta.name.as_str())
    }
    fn igw_name(&self) -> impl Fn(IgwId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.internet_gateway(id).map(|v| v.meta.name.as_str())
    }
    fn eip_name(&self) -> impl Fn(EipId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.elastic_ip(id).map(|v| v.meta.name.as_str())
    }
    fn sg_name(&self) -> impl Fn(SgId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.security_group(id).map(|v| v.meta.name.as_str())
    }

    fn workload_name(&self) -> impl Fn(WorkloadId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.workload(id).map(|v| v.meta.name.as_str())
    }
    fn target_group_name(&self) -> impl Fn(TargetGroupId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.target_group(id).map(|v| v.meta.name.as_str())
    }
    fn listener_name(&self) -> impl Fn(ListenerId) -> Option<&'a str> + Copy + 'a {
        let m = self.m;
        move |id| m.listener(id).map(|v| v.meta.name.as_str())
    }

    fn workload(&self, w: &Workload, reach: &reach::Reach<'_>) -> Value {
        let m = self.m;
        let groups = m.workload_groups(w);
        let internet_ingress = self.internet_ingress(reach.world_ingress_of(&groups));
        let effective = match groups {
            reach::Groups::These { groups, external } => {
                let mut names: Vec<Value> = groups.iter().filter_map(|&g| self.sg_name()(g)).map(Value::from).collect();
                if external {
                    names.push(json!({"external": true}));
                }
                Value::Array(names)
            }
            _ => unknown(),
        };
        let vpc = m.workload_vpc(w).and_then(self.vpc_name()).map_or_else(unknown, Value::from);
        self.object(
            "workload",
            &w.meta,
            vec![
                ("workload_kind", serde_json::to_value(w.kind).unwrap_or(Value::Null)),
                ("vpc", vpc),
                ("subnets", self.link_list(&w.subnets, self.subnet_name())),
                ("security_groups", self.link_list(&w.security_groups, self.sg_name())),
                ("effective_security_groups", effective),
                ("template", self.link(&w.template, self.workload_name())),
                ("load_balancer_type", attr(&w.lb_type, |t| serde_json::to_value(t).unwrap_or(Value::Null))),
                ("internet_ingress", internet_ingress),
            ],
        )
    }

    /// The ingress rules that admit the whole internet ([`reach::Reach::world_ingress`]):
    /// per rule its group, protocol, ports and block; unknown when they cannot be known.
    fn internet_ingress(&self, rules: Option<Vec<SgRuleId>>) -> Value {
        let Some(rules) = rules else { return unknown() };
        let m = self.m;
        let entry = |r: &SgRule| {
            let mut o = Map::new();
            o.insert("security_group".into(), self.link(&r.group, self.sg_name()));
            for (k, v) in self.rule_fields(r) {
                if matches!(k, "protocol" | "from_port" | "to_port") {
                    o.insert(k.into(), v);
                }
            }
            let cidr = match r.peer.known() {
                Some(Peer::Cidr(c)) => c.to_string().into(),
                _ => unknown(),
            };
            o.insert("cidr".into(), cidr);
            Value::Object(o)
        };
        Value::Array(rules.iter().filter_map(|&r| m.sg_rule(r)).map(entry).collect())
    }

    fn target_group(&self, id: TargetGroupId, t: &TargetGroup, forwards: &TargetGroupLinks<'_>) -> Value {
        let targets: Vec<Value> = forwards
            .registrations
            .get(&id)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|r| {
                json!({
                    "target": self.link(&r.target, self.workload_name()),
                    "port": attr(&r.port, |p| (*p).into()),
                    "registered_by": r.meta.name,
                })
            })
            .collect();
        let mut lbs: Vec<Value> = Vec::new();
        for l in forwards.listeners.get(&id).map_or(&[][..], Vec::as_slice) {
            let v = self.link(&l.load_balancer, self.workload_name());
            if !lbs.contains(&v) {
                lbs.push(v);
            }
        }
        self.object(
            "target_group",
            &t.meta,
            vec![
                ("vpc", self.link(&t.vpc, self.vpc_name())),
                ("port", attr(&t.port, |p| (*p).into())),
                ("protocol", attr(&t.protocol, |p| p.clone().into())),
                ("target_type", attr(&t.target_type, |t| serde_json::to_value(t).unwrap_or(Value::Null))),
                ("targets", Value::Array(targets)),
                ("load_balancers", Value::Array(lbs)),
            ],
        )
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
        root.insert("tool".into(), serde_json::to_value(m.tool).unwrap_or(Value::Null));
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
                        vec![
                            (
                                "resource_type",
                                attr(&f.resource_type, |t| serde_json::to_value(t).unwrap_or(Value::Null)),
                            ),
                            ("resource", resource),
                        ],
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn vpc(&self, id: VpcId, v: &Vpc) -> Value {
        let m = self.m;
        let subnets: Vec<Value> =
            m.derived.subnets_by_vpc.list(id).iter().filter_map(|&s| self.subnet_name()(s)).map(Value::from).collect();
        self.object(
            "vpc",
            &v.meta,
            vec![
                ("cidrs", Value::Array(v.cidrs.iter().map(|c| attr(c, string)).collect())),
                ("ipv6", val(&v.ipv6, |b| (*b).into())),
                ("dns_support", attr(&v.dns_support, |b| (*b).into())),
                ("dns_hostnames", attr(&v.dns_hostnames, |b| (*b).into())),
                ("main_route_table", self.link(&v.main_route_table, self.table_name())),
                ("default_security_group", self.sg_name()(v.default_security_group).map_or(Value::Null, Value::from)),
                ("subnets", Value::Array(subnets)),
            ],
        )
    }

    fn route_target(&self, route: &Route) -> Value {
        match route.target.known() {
            Some(t) => json!({
                "kind": t.kind,
                "name": self.link(&t.link, |x| self.target_name(x)),
            }),
            None => attr(&route.target, |_| Value::Null),
        }
    }

    fn subnet(&self, id: SubnetId, s: &Subnet) -> Value {
        let m = self.m;
        let effective = m.derived.effective_table.of(id).cloned().unwrap_or(Link::Unknown);
        let association = match m.derived.association.of(id) {
            Some(AssociationState::Explicit(_)) => "explicit".into(),
            Some(AssociationState::None) => "main".into(),
            _ => unknown(),
        };
        let table = effective.to();
        let default = table.and_then(|t| m.derived.default_routes.of(t).copied()).unwrap_or(DefaultRoute::Unknown);
        let default = match default {
            DefaultRoute::Route(r) => m.route(r).map_or(Err(()), |r| Ok(Some(r))),
            DefaultRoute::None => Ok(None),
            DefaultRoute::Unknown => Err(()),
        };
        let default_route = match default {
            Ok(Some(r)) => self.route_target(r),
            Ok(None) => Value::Null,
            Err(()) => unknown(),
        };
        let path = |p: Option<S3Path>| match p {
            Some(S3Path::Endpoint(_)) => "gateway-endpoint".into(),
            Some(S3Path::NoRoute) => "none".into(),
            Some(S3Path::Route(r)) => match m.route(r).and_then(|r| r.target.known()).map(|t| t.kind) {
                Some(TargetKind::NatGateway | TargetKind::NatInstance) => "nat".into(),
                Some(TargetKind::InternetGateway) => "internet-gateway".into(),
                Some(TargetKind::TransitGateway | TargetKind::CoreNetwork) => "transit".into(),
                Some(TargetKind::Unknown) | None => unknown(),
                Some(_) => "other".into(),
            },
            Some(S3Path::Unknown) | None => unknown(),
        };
        let s3_path = path(table.map(|t| m.s3_path(t)));
        let dynamodb = self.dynamodb.get_or_init(|| m.gateway_paths("dynamodb"));
        let dynamodb_path = path(table.map(|t| dynamodb.of(t).cloned().unwrap_or(S3Path::Unknown)));
        let tier = match default {
            Ok(Some(r)) => match r.target.known().map(|t| t.kind) {
                Some(TargetKind::InternetGateway) => "public".into(),
                Some(TargetKind::Unknown) | None => unknown(),
                Some(_) => "private".into(),
            },
            Ok(None) => "isolated".into(),
            Err(()) => unknown(),
        };
        self.object(
            "subnet",
            &s.meta,
            vec![
                ("vpc", self.link(&s.vpc, self.vpc_name())),
                ("cidr", attr(&s.cidr, string)),
                ("ipv6_cidr", attr(&s.ipv6_cidr, string)),
                ("availability_zone", attr(&s.availability_zone, zone)),
                ("map_public_ip_on_launch", attr(&s.map_public_ip_on_launch, |b| (*b).into())),
                ("route_table", self.link(&effective, self.table_name())),
                ("route_table_association", association),
                ("default_route", default_route),
                ("s3_path", s3_path),
                ("dynamodb_path", dynamodb_path),
                ("tier", tier),
            ],
        )
    }

    fn route_table(&self, id: RouteTableId, t: &RouteTable) -> Value {
        let m = self.m;
        let routes: Vec<Value> = m
            .derived
            .routes_by_table
            .list(id)
            .iter()
            .filter_map(|&r| m.route(r))
            .map(|r| self.route_summary(r))
            .collect();
        self.object(
            "route_table",
            &t.meta,
            vec![
                ("vpc", self.link(&t.vpc, self.vpc_name())),
                ("main_of", t.implicit_main_of.and_then(self.vpc_name()).map_or(Value::Null, Value::from)),
                ("routes_known", t.routes_known.into()),
                ("routes", Value::Array(routes)),
            ],
        )
    }

    fn destination(&self, r: &Route) -> Value {
        attr(&r.destination, |d| match d {
            Destination::Cidr(c) => c.to_string().into(),
            Destination::PrefixList(p) => json!({"prefix_list": val(p, |s| s.clone().into())}),
        })
    }

    fn route_summary(&self, r: &Route) -> Value {
        json!({"destination": self.destination(r), "target": self.route_target(r)})
    }

    fn route(&self, r: &Route) -> Value {
        let kind = r.target.known().map_or_else(unknown, |t| serde_json::to_value(t.kind).unwrap_or(Value::Null));
        self.object(
            "route",
            &r.meta,
            vec![
                ("route_table", self.link(&r.table, self.table_name())),
                ("destination", self.destination(r)),
                ("target", self.route_target(r)),
                ("target_kind", kind),
            ],
        )
    }

    fn nat(&self, n: &NatGateway) -> Value {
        self.object(
            "nat_gateway",
            &n.meta,
            vec![
                ("vpc", self.link(&n.vpc, self.vpc_name())),
                ("subnet", self.link(&n.subnet, self.subnet_name())),
                ("public", attr(&n.public, |b| (*b).into())),
                ("regional", n.regional.into()),
                ("allocation", attr(&n.allocation, |b| (*b).into())),
                ("elastic_ip", self.link(&n.eip, self.eip_name())),
            ],
        )
    }

    fn endpoint(&self, e: &Endpoint, https: &mut reach::ClientsHttps<'_>) -> Value {
        let region = |s: &ServiceName| match &s.region {
            RegionRef::Deployment => self.m.region.clone().map_or_else(|| "deployment".into(), Value::from),
            RegionRef::Named(r) => r.clone().into(),
            RegionRef::Unknown => unknown(),
        };
        self.object(
            "endpoint",
            &e.meta,
            vec![
                ("vpc", self.link(&e.vpc, self.vpc_name())),
                ("service", attr(&e.service, |s| s.service.clone().map_or_else(unknown, Value::from))),
                ("service_name", attr(&e.service, |s| s.display.clone().into())),
                ("service_region", attr(&e.service, region)),
                ("endpoint_type", attr(&e.endpoint_type, |t| serde_json::to_value(t).unwrap_or(Value::Null))),
                ("private_dns", attr(&e.private_dns, |b| (*b).into())),
                ("private_dns_only_for_inbound_resolver_endpoint", self.inbound_resolver_only(e)),
                ("route_tables", self.link_list(&e.route_tables, self.table_name())),
                ("subnets", self.link_list(&e.subnets, self.subnet_name())),
                ("security_groups", self.link_list(&e.security_groups, self.sg_name())),
                ("zones", self.zones(&e.subnets)),
                (
                    "policy",
                    match e.policy {
                        Val::Known(_) => true.into(),
                        Val::Absent => false.into(),
                        Val::Unknown => unknown(),
                    },
                ),
                ("https_from_vpc", self.https_from_vpc(e, https)),
            ],
        )
    }

    /// Whether its VPC's clients may reach an interface endpoint on TCP 443 (VPC304's
    /// question, [`reach::ClientsHttps`]); `null` for other endpoints, which have no
    /// security groups.
    fn https_from_vpc(&self, e: &Endpoint, https: &mut reach::ClientsHttps<'_>) -> Value {
        match e.endpoint_type.val {
            Val::Known(EndpointType::Interface) => match https.of(e) {
                Some((_, derived::Tri::Yes)) => true.into(),
                Some((_, derived::Tri::No)) => false.into(),
                Some((_, derived::Tri::Maybe)) | None => unknown(),
            },
            Val::Known(_) | Val::Absent => Value::Null,
            Val::Unknown => unknown(),
        }
    }

    /// `PrivateDnsOnlyForInboundResolverEndpoint` as the endpoint gets it: written, else the
    /// tool's create-time default where the option applies (an interface endpoint of a
    /// service with gateway endpoints: S3, DynamoDB), `null` where it does not, unknown when
    /// the service or type is.
    fn inbound_resolver_only(&self, e: &Endpoint) -> Value {
        if e.inbound_resolver_only.origin != Origin::Default {
            return attr(&e.inbound_resolver_only, |b| (*b).into());
        }
        let interface = e.endpoint_type.known().map(|t| *t == EndpointType::Interface);
        let dual = e.service.known().and_then(ServiceName::has_gateway_endpoints);
        match (interface, dual) {
            (Some(false), _) | (_, Some(false)) => Value::Null,
            (Some(true), Some(true)) => attr(&e.inbound_resolver_only, |b| (*b).into()),
            _ => unknown(),
        }
    }

    /// The distinct zones of an endpoint's subnets, as each subnet writes its zone; unknown
    /// when any subnet or its zone is (a gateway endpoint, without subnets, has none).
    fn zones(&self, subnets: &LinkList<SubnetId>) -> Value {
        if subnets.state == ListState::Partial {
            return unknown();
        }
        let mut zones: Vec<Value> = Vec::new();
        for item in &subnets.items {
            let Some(z) = item.link.to().and_then(|s| self.m.zone_of(s)) else { return unknown() };
            let z = zone(z);
            if !zones.contains(&z) {
                zones.push(z);
            }
        }
        Value::Array(zones)
    }

    fn peer(&self, p: &Attr<Peer>) -> Value {
        attr(p, |p| match p {
            Peer::Cidr(c) => json!({"cidr": c.to_string()}),
            Peer::PrefixList(v) => json!({"prefix_list": val(v, |s| s.clone().into())}),
            Peer::Group(l) => json!({"security_group": self.link(l, self.sg_name())}),
            Peer::None => Value::Null,
        })
    }

    fn rule_fields(&self, r: &SgRule) -> Vec<(&'static str, Value)> {
        let ports = |f: fn(&PortRange) -> i32| {
            attr(&r.ports, move |p| if p.from == -1 && p.to == -1 { Value::Null } else { f(p).into() })
        };
        vec![
            ("direction", serde_json::to_value(r.direction).unwrap_or(Value::Null)),
            (
                "protocol",
                attr(&r.protocol, |p| match p {
                    Protocol::All => "all".into(),
                    Protocol::Other(n) => n.to_string().into(),
                    other => serde_json::to_value(other).unwrap_or(Value::Null),
                }),
            ),
            ("from_port", ports(|p| p.from)),
            ("to_port", ports(|p| p.to)),
            ("peer", self.peer(&r.peer)),
        ]
    }

    fn security_group(&self, id: SgId, g: &SecurityGroup, reach: &reach::Reach<'_>) -> Value {
        let m = self.m;
        let rules: Vec<Value> = m
            .derived
            .rules_by_group
            .list(id)
            .iter()
            .filter_map(|&r| m.sg_rule(r))
            .map(|r| Value::Object(self.rule_fields(r).into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
            .collect();
        let known = g.rules_known
            && m.derived.maybe_rules_by_group.list(id).is_empty()
            && m.derived.anywhere_rules.is_empty()
            && !m.generated_unknown;
        self.object(
            "security_group",
            &g.meta,
            vec![
                ("vpc", self.link(&g.vpc, self.vpc_name())),
                ("default", g.is_default.into()),
                ("implicit", g.implicit.into()),
                ("rules_known", known.into()),
                ("rules", Value::Array(rules)),
                ("internet_ingress", self.internet_ingress(reach.world_ingress(id))),
            ],
        )
    }

    fn sg_rule(&self, r: &SgRule) -> Value {
        let mut fields = vec![("security_group", self.link(&r.group, self.sg_name()))];
        fields.extend(self.rule_fields(r));
        self.object("security_group_rule", &r.meta, fields)
    }

    fn nacl(&self, n: &Nacl, entries: &[&NaclEntry]) -> Value {
        let entries: Vec<Value> = entries
            .iter()
            .map(|e| {
                json!({
                    "rule_number": attr(&e.rule_number, |n| (*n).into()),
                    "egress": e.egress,
                    "allow": attr(&e.allow, |b| (*b).into()),
                    "protocol": attr(&e.protocol, |p| match p {
                        Protocol::All => "all".into(),
                        Protocol::Other(n) => n.to_string().into(),
                        other => serde_json::to_value(other).unwrap_or(Value::Null),
                    }),
                    "cidr": attr(&e.cidr, string),
                })
            })
            .collect();
        self.object(
            "network_acl",
            &n.meta,
            vec![
                ("vpc", self.link(&n.vpc, self.vpc_name())),
                ("default", n.is_default.into()),
                ("implicit", n.implicit.into()),
                ("entries", Value::Array(entries)),
            ],
        )
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
