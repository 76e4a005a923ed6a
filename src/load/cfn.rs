//! CloudFormation template (YAML or JSON, already a [`Tree`]) -> [`Model`].
//!
//! Only this module knows CloudFormation property names. Defaults follow the resource
//! schemas (see `vpc-semantics.md`): `EnableDnsSupport` true, `EnableDnsHostnames` false,
//! `VpcEndpointType` Gateway, `PrivateDnsEnabled` false, endpoint security groups the VPC's
//! default group, security group egress allow-all when none is written.

use super::Problem;
use super::cfn_eval::{Item, Piece, Res, Template, V};
use crate::model::build::{IdAllocator, ImplicitNames, ModelBuilder, Obj, ObjKind};
use crate::model::derived::Tri;
use crate::model::*;
use crate::source::{FileId, Span};
use crate::syntax::tree::{NodeId, Range, Tree};

/// Properties the model reads as lists.
const LIST_PROPERTIES: [&str; 5] =
    ["RouteTableIds", "SubnetIds", "SecurityGroupIds", "SecurityGroupIngress", "SecurityGroupEgress"];
/// Properties the model reads as mappings.
const MAP_PROPERTIES: [&str; 2] = ["PolicyDocument", "PortRange"];

/// Properties whose value is the id of one of the model's own kinds, so that a `Ref` to a
/// resource of another type is certainly a mistake.
const ID_PROPERTIES: &[&str] = &[
    "VpcId",
    "SubnetId",
    "SubnetIds",
    "RouteTableId",
    "RouteTableIds",
    "NetworkAclId",
    "NatGatewayId",
    "InternetGatewayId",
    "SecurityGroupIds",
    "GroupId",
    "SourceSecurityGroupId",
    "DestinationSecurityGroupId",
];

/// Model kinds by CloudFormation type, for the id-assignment pass.
fn kind_of(ty: &str) -> Option<ObjKind> {
    Some(match ty {
        "AWS::EC2::VPC" => ObjKind::Vpc,
        "AWS::EC2::Subnet" => ObjKind::Subnet,
        "AWS::EC2::RouteTable" => ObjKind::RouteTable,
        "AWS::EC2::InternetGateway" => ObjKind::Igw,
        "AWS::EC2::NatGateway" => ObjKind::Nat,
        "AWS::EC2::VPCEndpoint" => ObjKind::Endpoint,
        "AWS::EC2::SecurityGroup" => ObjKind::Sg,
        "AWS::EC2::NetworkAcl" => ObjKind::Nacl,
        "AWS::EC2::TransitGateway"
        | "AWS::EC2::VPCPeeringConnection"
        | "AWS::EC2::NetworkInterface"
        | "AWS::EC2::Instance"
        | "AWS::EC2::EgressOnlyInternetGateway"
        | "AWS::EC2::VPNGateway"
        | "AWS::EC2::CarrierGateway" => ObjKind::Other,
        _ => return None,
    })
}

/// The objects AWS creates with a VPC, named after its logical id: `Vpc.MainRouteTable`.
const IMPLICIT_NAMES: ImplicitNames = ImplicitNames {
    main_table: ("MainRouteTable", "AWS::EC2::RouteTable"),
    default_sg: ("DefaultSecurityGroup", "AWS::EC2::SecurityGroup"),
    default_nacl: ("DefaultNetworkAcl", "AWS::EC2::NetworkAcl"),
    name: |vpc, what| format!("{vpc}.{what}"),
};

fn other_kind(ty: &str) -> TargetKind {
    match ty {
        "AWS::EC2::TransitGateway" => TargetKind::TransitGateway,
        "AWS::EC2::VPCPeeringConnection" => TargetKind::Peering,
        "AWS::EC2::NetworkInterface" => TargetKind::NetworkInterface,
        "AWS::EC2::Instance" => TargetKind::NatInstance,
        "AWS::EC2::EgressOnlyInternetGateway" => TargetKind::EgressOnlyInternetGateway,
        "AWS::EC2::VPNGateway" => TargetKind::VirtualPrivateGateway,
        "AWS::EC2::CarrierGateway" => TargetKind::CarrierGateway,
        _ => TargetKind::Unknown,
    }
}

struct Loader<'t, 'a> {
    t: Template<'t, 'a>,
    file: FileId,
    obj: Vec<Option<Obj>>,
    b: ModelBuilder,
    problems: Vec<Problem>,
    /// The property being read (its key and value's range), for problems noticed while
    /// linking its value.
    reading: std::cell::RefCell<Option<(String, Range)>>,
}

/// Loads a CloudFormation template. The tree's root must be a mapping (the caller sniffs).
pub fn load(tree: &Tree<'_>, file: FileId) -> (Model, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(root) = tree.root().filter(|&r| tree.entries(r).is_some()) else {
        return (
            ModelBuilder::new(file, Tool::CloudFormation, IMPLICIT_NAMES, IdAllocator::default()).finish(),
            problems,
        );
    };
    let mut generated_unknown = false;
    let mut suppressions = Vec::new();
    let span = |r: Range| Span::new(file, r.start, r.end);
    let mut t = Template::new(tree, root);

    let resources = match tree.entry(root, "Resources") {
        Some(e) if tree.entries(e.value).is_some() => tree.entries(e.value).unwrap_or(&[]),
        Some(e) => {
            problems.push(Problem::new(
                span(tree.node(e.value).range),
                format!("`Resources` must be a mapping of logical ids to resources, found {}", tree.kind_name(e.value)),
            ));
            &[]
        }
        None => &[],
    };

    for e in resources {
        let node = e.value;
        if e.key.starts_with("Fn::ForEach::") {
            // AWS::LanguageExtensions loops generate resources vpclint cannot expand: what
            // they create is unknown, so absence-based conclusions are withheld.
            generated_unknown = true;
            continue;
        }
        if tree.entries(node).is_none() {
            problems.push(
                Problem::new(
                    span(tree.node(node).range),
                    format!(
                        "resource `{}` must be a mapping with `Type` and `Properties`, found {}",
                        e.key,
                        tree.kind_name(node)
                    ),
                )
                .resource(&e.key),
            );
            t.add_resource(Res {
                name: &e.key,
                key_range: e.key_range,
                type_name: None,
                properties: None,
                exists: Tri::Yes,
            });
            continue;
        }
        let type_name = match tree.get(node, "Type") {
            Some(ty) => match tree.str(ty) {
                Some(s) => Some(s),
                None => {
                    let found = match tree.entries(ty) {
                        Some([one]) if one.key == "Ref" || one.key.starts_with("Fn::") => {
                            format!("an intrinsic function (`{}`)", one.key)
                        }
                        _ => tree.kind_name(ty).to_string(),
                    };
                    problems.push(
                        Problem::new(
                            span(tree.node(ty).range),
                            format!("resource `{}`: `Type` must be a literal string, found {found}; the resource is skipped", e.key),
                        )
                        .resource(&e.key),
                    );
                    None
                }
            },
            None => {
                problems.push(
                    Problem::new(span(e.key_range), format!("resource `{}` has no `Type`; it is skipped", e.key))
                        .resource(&e.key),
                );
                None
            }
        };
        let properties = match tree.get(node, "Properties") {
            Some(p) if tree.entries(p).is_some() => Some(p),
            Some(p) if matches!(tree.node(p).kind, crate::syntax::tree::Kind::Null) => None,
            Some(p) => {
                if type_name.is_some_and(|ty| kind_of(ty).is_some() || ty.starts_with("AWS::EC2::")) {
                    problems.push(
                        Problem::new(
                            span(tree.node(p).range),
                            format!(
                                "resource `{}`: `Properties` must be a mapping, found {}",
                                e.key,
                                tree.kind_name(p)
                            ),
                        )
                        .resource(&e.key),
                    );
                }
                None
            }
            None => None,
        };
        t.add_resource(Res { name: &e.key, key_range: e.key_range, type_name, properties, exists: Tri::Yes });
    }
    // Conditions need every resource registered (for problems on Ref), so evaluate after.
    for (i, e) in resources.iter().enumerate() {
        if let Some(c) = tree.get(e.value, "Condition") {
            let exists = match tree.str(c) {
                Some(name) => {
                    let exists = t.condition(name, c);
                    t.depends_on_condition(i, name);
                    exists
                }
                None => Tri::Maybe,
            };
            if let Some(r) = t.resources.get_mut(i) {
                r.exists = exists;
            }
        }
    }

    // In-source suppressions, as cfn-lint reads `Metadata: cfn-lint: config: ignore_checks`:
    // `Metadata: {vpclint: {ignore: [VPC301]}}` on the template or on a resource.
    if let Some(s) = suppression(tree, root, None, file, &mut problems) {
        suppressions.push(s);
    }
    for e in resources {
        if let Some(s) = suppression(tree, e.value, Some(&e.key), file, &mut problems) {
            suppressions.push(s);
        }
    }

    let (obj, ids) = assign_ids(&t);
    let mut b = ModelBuilder::new(file, Tool::CloudFormation, IMPLICIT_NAMES, ids);
    b.model.generated_unknown = generated_unknown;
    b.model.suppressions = suppressions;
    let mut loader = Loader { t, file, obj, b, problems, reading: std::cell::RefCell::new(None) };
    loader.build();
    let Loader { t, mut b, mut problems, .. } = loader;
    // Resources that exist, or read as they do, only because parameter defaults decided
    // their conditions: findings on them say so.
    for (i, e) in resources.iter().enumerate() {
        let params = t.assumed(i);
        if !params.is_empty() {
            let end = tree.node(e.value).range.end;
            b.model.assumptions.push(Assumption {
                resource: e.key.to_string(),
                span: Span::new(file, e.key_range.start, end),
                params,
            });
        }
    }
    for p in t.problems.into_inner() {
        let mut problem = Problem::new(span(p.range), p.message);
        problem.resource = p.resource;
        problems.push(problem);
    }
    for d in &tree.duplicate_keys {
        problems.push(Problem::duplicate(span(d.duplicate), span(d.first), &d.key));
    }
    (b.finish(), problems)
}

/// Whether resource `i` is built: it has a type and may exist.
fn active(t: &Template<'_, '_>, i: usize) -> bool {
    t.resources.get(i).is_some_and(|r| r.exists != Tri::No && r.type_name.is_some())
}

/// Gives every resource that becomes a model object its id, before any object is built.
fn assign_ids(t: &Template<'_, '_>) -> (Vec<Option<Obj>>, IdAllocator) {
    let mut ids = IdAllocator::default();
    let obj = (0..t.resources.len())
        .map(|i| {
            let kind = t.resources.get(i).and_then(|r| r.type_name).and_then(kind_of);
            kind.filter(|_| active(t, i)).map(|k| ids.reserve(k))
        })
        .collect();
    (obj, ids)
}

impl<'t, 'a> Loader<'t, 'a> {
    fn span(&self, r: Range) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    fn node_span(&self, n: NodeId) -> Span {
        self.span(self.t.tree.node(n).range)
    }

    fn active(&self, i: usize) -> bool {
        active(&self.t, i)
    }

    fn meta(&self, i: usize) -> Meta {
        let r = self.t.resources.get(i);
        Meta {
            name: r.map_or_else(String::new, |r| r.name.to_string()),
            resource_type: r.and_then(|r| r.type_name).unwrap_or("").to_string(),
            span: r.map_or_else(Span::default, |r| self.span(r.key_range)),
            conditional: r.is_some_and(|r| r.exists == Tri::Maybe),
            known_id: None,
        }
    }

    /// Evaluates property `key` of resource `i`: (value, node) or None when unset.
    /// Also reports a value of the wrong shape (a list where one value belongs, a single
    /// value where a list belongs); the caller then reads it as unknown.
    fn prop(&self, i: usize, key: &str) -> Option<(V<'t>, NodeId)> {
        let node = self.t.prop(i, key)?;
        let v = self.t.eval(node);
        *self.reading.borrow_mut() = Some((key.to_string(), self.t.tree.node(node).range));
        if v == V::Null {
            // `VpcId:` with nothing after it, `"SubnetId": null`.
            self.t.problem(
                self.t.tree.node(node).range,
                format!(
                    "`{key}` is null, and CloudFormation rejects a template with null values (\"'null' values are \
                     not allowed in templates\"); it is read as unknown"
                ),
            );
            return Some((V::Unknown, node));
        }
        let want_list = LIST_PROPERTIES.contains(&key);
        let want_map = MAP_PROPERTIES.contains(&key);
        let found = match &v {
            V::NoValue => return None,
            V::List(_) if !want_list => Some("a list"),
            V::Obj(_) if !want_map => Some("a mapping"),
            V::Str(_) | V::Num(_) | V::Bool(_) | V::Null if want_list => Some("a single value"),
            _ => None,
        };
        if let Some(found) = found {
            let what = if want_list {
                "a list"
            } else if want_map {
                "a mapping"
            } else {
                "a single value"
            };
            self.t.problem(
                self.t.tree.node(node).range,
                format!("`{key}` must be {what}, found {found}; it is read as unknown"),
            );
        }
        Some((v, node))
    }

    fn build(&mut self) {
        let n = self.t.resources.len();
        let mut attachments = Vec::new();
        let mut cidr_blocks = Vec::new();
        for i in 0..n {
            if !self.active(i) {
                continue;
            }
            self.t.current.set(Some(i));
            let ty = self.t.resources.get(i).and_then(|r| r.type_name).unwrap_or("");
            match ty {
                "AWS::EC2::VPC" => self.vpc(i),
                "AWS::EC2::Subnet" => self.subnet(i),
                "AWS::EC2::RouteTable" => self.route_table(i),
                "AWS::EC2::Route" => self.route(i),
                "AWS::EC2::SubnetRouteTableAssociation" => self.association(i),
                "AWS::EC2::InternetGateway" => {
                    let meta = self.meta(i);
                    self.b.model.internet_gateways.push(InternetGateway { meta, vpc: Link::Absent });
                }
                "AWS::EC2::VPCGatewayAttachment" => attachments.push(i),
                "AWS::EC2::VPCCidrBlock" => cidr_blocks.push(i),
                "AWS::EC2::NatGateway" => self.nat(i),
                "AWS::EC2::VPCEndpoint" => self.endpoint(i),
                "AWS::EC2::SecurityGroup" => self.security_group(i),
                "AWS::EC2::SecurityGroupIngress" => self.sg_rule_resource(i, Direction::Ingress),
                "AWS::EC2::SecurityGroupEgress" => self.sg_rule_resource(i, Direction::Egress),
                "AWS::EC2::InstanceConnectEndpoint" => self.instance_connect(i),
                "AWS::EC2::TransitGatewayAttachment" | "AWS::EC2::TransitGatewayVpcAttachment" => {
                    self.infrastructure(i, InfrastructureKind::TransitAttachment, "SubnetIds")
                }
                "AWS::NetworkManager::VpcAttachment" => self.cloud_wan_attachment(i),
                "AWS::NetworkFirewall::Firewall" => {
                    self.infrastructure(i, InfrastructureKind::Firewall, "SubnetMappings")
                }
                "AWS::EC2::NetworkAcl" => {
                    let meta = self.meta(i);
                    let vpc = self.vpc_link(i, "VpcId");
                    self.b.model.nacls.push(Nacl { meta, vpc, is_default: false, implicit: false });
                }
                "AWS::EC2::NetworkAclEntry" => self.nacl_entry(i),
                "AWS::EC2::SubnetNetworkAclAssociation" => {
                    let meta = self.meta(i);
                    let subnet = self.link_prop(i, "SubnetId", subnet_of);
                    let nacl = self.link_prop(i, "NetworkAclId", nacl_of);
                    self.b.model.nacl_associations.push(NaclAssociation { meta, subnet, nacl });
                }
                t if kind_of(t) == Some(ObjKind::Other) => {
                    let meta = self.meta(i);
                    self.b.model.other_targets.push(OtherTarget { meta, kind: other_kind(t) });
                }
                _ => {}
            }
        }
        for i in attachments {
            self.t.current.set(Some(i));
            let vpc = self.vpc_link(i, "VpcId");
            if let Some(Obj::Igw(g)) = self.prop(i, "InternetGatewayId").and_then(|(v, _)| self.single_obj(&v)) {
                if let Some(igw) = self.b.model.internet_gateways.get_mut(g.index()) {
                    igw.vpc = vpc;
                }
            }
        }
        for i in cidr_blocks {
            self.t.current.set(Some(i));
            let Some(Obj::Vpc(v)) = self.prop(i, "VpcId").and_then(|(v, _)| self.single_obj(&v)) else { continue };
            let cidr = self.cidr_attr(i, "CidrBlock");
            let ipv6 = self.prop(i, "AmazonProvidedIpv6CidrBlock").is_some()
                || self.prop(i, "Ipv6CidrBlock").is_some()
                || self.prop(i, "Ipv6Pool").is_some()
                || self.prop(i, "Ipv6IpamPoolId").is_some();
            if let Some(vpc) = self.b.model.vpcs.get_mut(v.index()) {
                if !matches!(cidr.val, Val::Absent) {
                    vpc.cidrs.push(cidr);
                }
                if ipv6 {
                    vpc.ipv6 = Val::Known(true);
                }
            }
        }
        self.b.add_implicit_objects();
    }

    // ----- value conversion -------------------------------------------------------------

    fn single_obj(&self, v: &V<'t>) -> Option<Obj> {
        match v {
            V::Res(i) | V::Att(i, _) => self.obj.get(*i).copied().flatten(),
            _ => None,
        }
    }

    fn res_name(&self, i: usize) -> String {
        self.t.resources.get(i).map_or_else(String::new, |r| r.name.to_string())
    }

    /// Converts a value to a link, keeping only objects `want` accepts.
    fn link<T: Copy + PartialEq>(&self, v: &V<'t>, want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>) -> Link<T> {
        match v {
            V::Res(i) | V::Att(i, _) => match self.obj.get(*i).copied().flatten() {
                Some(o) => want(self, v, o).map_or_else(
                    || {
                        if let V::Res(i) = v {
                            self.wrong_reference(*i);
                        }
                        Link::Unknown
                    },
                    Link::To,
                ),
                None => {
                    if let V::Res(i) = v {
                        let ty = self.t.resources.get(*i).and_then(|r| r.type_name).unwrap_or("");
                        // A resource of a type vpclint does not model, in the template: its
                        // `Ref` is not an id a network property takes (a custom resource's
                        // may be: it returns whatever its code says).
                        if ty.starts_with("AWS::")
                            && ty != "AWS::CloudFormation::CustomResource"
                            && kind_of(ty).is_none()
                            && self.wrong_reference(*i)
                        {
                            return Link::Unknown;
                        }
                    }
                    Link::External(self.res_name(*i))
                }
            },
            V::Str(s) => Link::External(s.to_string()),
            V::Num(s) => Link::External(s.to_string()),
            V::External(s) => Link::External(s.clone()),
            V::NoValue | V::Null => Link::Absent,
            V::OneOf(options) => {
                let mut ids = Vec::new();
                for o in options {
                    match self.link(o, want) {
                        Link::To(t) => {
                            if !ids.contains(&t) {
                                ids.push(t);
                            }
                        }
                        Link::OneOf(v) => ids.extend(v),
                        Link::External(_) | Link::Absent => {}
                        Link::Unknown => return Link::Unknown,
                    }
                }
                match ids.len() {
                    0 => Link::Unknown,
                    _ => Link::OneOf(ids),
                }
            }
            _ => Link::Unknown,
        }
    }

    /// Reports a `Ref` to resource `i` in a property that takes the id of one of the
    /// model's own kinds (a VPC, subnet, route table ...) when `i` is not of that kind
    /// (`VpcId: !Ref SomeRole`); returns whether it did. CloudFormation accepts the template
    /// and the resource then fails to create.
    fn wrong_reference(&self, i: usize) -> bool {
        let Some((key, range)) = self.reading.borrow().clone() else { return false };
        if !ID_PROPERTIES.contains(&key.as_str()) {
            return false;
        }
        let Some(r) = self.t.resources.get(i) else { return false };
        self.t.problem(
            range,
            format!(
                "`{key}` refers to `{}`, {}, whose `Ref` is not an id `{key}` takes; it is read as unknown",
                r.name,
                r.type_name.map_or_else(|| "a resource".to_string(), |t| format!("an `{t}`")),
            ),
        );
        true
    }

    fn link_prop<T: Copy + PartialEq>(&self, i: usize, key: &str, want: fn(Obj) -> Option<T>) -> Link<T> {
        match self.prop(i, key) {
            Some((v, _)) => self.link(&v, &|_, _, o| want(o)),
            None => Link::Absent,
        }
    }

    fn vpc_link(&self, i: usize, key: &str) -> Link<VpcId> {
        self.link_prop(i, key, vpc_of)
    }

    fn link_list<T: Copy + PartialEq>(
        &self,
        i: usize,
        key: &str,
        want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>,
    ) -> LinkList<T> {
        let res_span = self.meta_span(i);
        let Some((v, node)) = self.prop(i, key) else { return LinkList::absent(res_span) };
        // The span runs from the key to the end of the list, so block lists point at the key.
        let span = match self.t.resources.get(i).and_then(|r| r.properties).and_then(|p| self.t.tree.entry(p, key)) {
            Some(e) => Span::new(self.file, e.key_range.start, self.t.tree.node(node).range.end),
            None => self.node_span(node),
        };
        match v {
            V::List(items) => {
                let mut state = ListState::Known;
                let mut out = Vec::new();
                for Item { v, node } in items {
                    if v == V::NoValue {
                        continue;
                    }
                    *self.reading.borrow_mut() = Some((key.to_string(), self.t.tree.node(node).range));
                    if let V::List(inner) = &v {
                        // a parameter list spliced in
                        for it in inner {
                            out.push(Linked { link: self.link(&it.v, want), span: self.node_span(it.node) });
                        }
                        continue;
                    }
                    let link = self.link(&v, want);
                    if matches!(link, Link::Unknown) {
                        state = ListState::Partial;
                    }
                    out.push(Linked { link, span: self.node_span(node) });
                }
                LinkList { state, items: out, span }
            }
            // A parameter without default or an import: ids of other stacks' resources. They
            // cannot name this template's resources, whose ids do not exist before creation.
            V::External(name) => {
                LinkList { state: ListState::Known, items: vec![Linked { link: Link::External(name), span }], span }
            }
            _ => LinkList { state: ListState::Partial, items: Vec::new(), span },
        }
    }

    fn meta_span(&self, i: usize) -> Span {
        self.t.resources.get(i).map_or_else(Span::default, |r| self.span(r.key_range))
    }

    fn bool_attr(&self, i: usize, key: &str, default: Option<bool>) -> Attr<bool> {
        match self.prop(i, key) {
            Some((v, node)) => {
                let val = to_bool(&self.t, &v);
                if val == Val::Unknown {
                    if let Some(text) = self.t.string_of(&v) {
                        self.t.problem(
                            self.t.tree.node(node).range,
                            format!("`{key}` must be true or false, found `{text}`"),
                        );
                    }
                }
                Attr::explicit(val, self.node_span(node))
            }
            None => match default {
                Some(d) => Attr::default(d, self.meta_span(i)),
                None => Attr::absent(self.meta_span(i)),
            },
        }
    }

    fn string_attr(&self, i: usize, key: &str) -> Attr<String> {
        match self.prop(i, key) {
            Some((v, node)) => {
                let val = self.t.string_of(&v).map_or(Val::Unknown, Val::Known);
                Attr::explicit(val, self.node_span(node))
            }
            None => Attr::absent(self.meta_span(i)),
        }
    }

    fn cidr_attr(&self, i: usize, key: &str) -> Attr<Cidr> {
        match self.prop(i, key) {
            Some((v, node)) => Attr::explicit(self.cidr_val(&v, node), self.node_span(node)),
            None => Attr::absent(self.meta_span(i)),
        }
    }

    fn cidr_val(&self, v: &V<'t>, node: NodeId) -> Val<Cidr> {
        match self.t.string_of(v) {
            Some(s) => match Cidr::parse(&s) {
                Some(c) => Val::Known(c),
                None => {
                    self.t.problem(self.t.tree.node(node).range, format!("`{s}` is not a valid CIDR block"));
                    Val::Unknown
                }
            },
            None => Val::Unknown,
        }
    }

    fn int_of(&self, v: &V<'t>) -> Option<i64> {
        self.t.string_of(v).and_then(|s| s.trim().parse::<i64>().ok())
    }

    // ----- resources ---------------------------------------------------------------------

    fn vpc(&mut self, i: usize) {
        let Some(Obj::Vpc(id)) = self.obj.get(i).copied().flatten() else { return };
        let meta = self.meta(i);
        let mut cidrs = Vec::new();
        let cidr = self.cidr_attr(i, "CidrBlock");
        if !matches!(cidr.val, Val::Absent) {
            cidrs.push(cidr);
        } else if self.prop(i, "Ipv4IpamPoolId").is_some() {
            cidrs.push(Attr::explicit(Val::Unknown, meta.span));
        }
        let vpc = Vpc {
            dns_support: self.bool_attr(i, "EnableDnsSupport", Some(true)),
            dns_hostnames: self.bool_attr(i, "EnableDnsHostnames", Some(false)),
            cidrs,
            ipv6: Val::Known(false),
            main_route_table: Link::To(self.b.main_table_of(id)),
            default_security_group: self.b.default_sg_of(id),
            default_nacl: None,
            meta,
        };
        self.b.add_vpc(vpc);
    }

    fn subnet(&mut self, i: usize) {
        let meta = self.meta(i);
        let subnet = Subnet {
            vpc: self.vpc_link(i, "VpcId"),
            cidr: self.cidr_attr(i, "CidrBlock"),
            ipv6_cidr: self.cidr_attr(i, "Ipv6CidrBlock"),
            availability_zone: self.string_attr(i, "AvailabilityZone"),
            map_public_ip_on_launch: self.bool_attr(i, "MapPublicIpOnLaunch", Some(false)),
            meta,
        };
        self.b.model.subnets.push(subnet);
    }

    fn route_table(&mut self, i: usize) {
        let meta = self.meta(i);
        let vpc = self.vpc_link(i, "VpcId");
        self.b.model.route_tables.push(RouteTable { meta, vpc, implicit_main_of: None, routes_known: true });
    }

    fn association(&mut self, i: usize) {
        let meta = self.meta(i);
        let subnet = self.link_prop(i, "SubnetId", subnet_of);
        let table = self.link_prop(i, "RouteTableId", table_of);
        self.b.model.associations.push(Association { meta, subnet, table });
    }

    fn route(&mut self, i: usize) {
        let meta = self.meta(i);
        let table = self.link_prop(i, "RouteTableId", table_of);
        let destination = if let Some((v, node)) = self.prop(i, "DestinationCidrBlock") {
            Attr::explicit(map_val(self.cidr_val(&v, node), Destination::Cidr), self.node_span(node))
        } else if let Some((v, node)) = self.prop(i, "DestinationIpv6CidrBlock") {
            Attr::explicit(map_val(self.cidr_val(&v, node), Destination::Cidr), self.node_span(node))
        } else if let Some((v, node)) = self.prop(i, "DestinationPrefixListId") {
            let id = self.t.string_of(&v).map_or(Val::Unknown, Val::Known);
            Attr::explicit(Val::Known(Destination::PrefixList(id)), self.node_span(node))
        } else {
            Attr::absent(meta.span)
        };
        const TARGETS: [(&str, TargetKind); 11] = [
            ("GatewayId", TargetKind::Unknown),
            ("NatGatewayId", TargetKind::NatGateway),
            ("InstanceId", TargetKind::NatInstance),
            ("NetworkInterfaceId", TargetKind::NetworkInterface),
            ("TransitGatewayId", TargetKind::TransitGateway),
            ("VpcPeeringConnectionId", TargetKind::Peering),
            ("VpcEndpointId", TargetKind::GatewayLoadBalancerEndpoint),
            ("EgressOnlyInternetGatewayId", TargetKind::EgressOnlyInternetGateway),
            ("CarrierGatewayId", TargetKind::CarrierGateway),
            ("LocalGatewayId", TargetKind::LocalGateway),
            ("CoreNetworkArn", TargetKind::CoreNetwork),
        ];
        let mut target = Attr::absent(meta.span);
        for (key, by_name) in TARGETS {
            if let Some((v, node)) = self.prop(i, key) {
                target = Attr::explicit(Val::Known(self.target(&v, by_name)), self.node_span(node));
                break;
            }
        }
        let span = meta.span;
        self.b.model.routes.push(Route { meta, table, destination, target, span });
    }

    /// Classifies a route target by the referenced resource's type or the id's prefix; the
    /// property name decides only when the value itself says nothing.
    fn target(&self, v: &V<'t>, by_name: TargetKind) -> Target {
        match v {
            V::Res(_) | V::Att(..) => match self.single_obj(v) {
                Some(Obj::Igw(g)) => Target { kind: TargetKind::InternetGateway, link: Link::To(TargetRef::Igw(g)) },
                Some(Obj::Nat(n)) => Target { kind: TargetKind::NatGateway, link: Link::To(TargetRef::Nat(n)) },
                Some(Obj::Endpoint(e)) => {
                    let kind =
                        match self.b.model.endpoints.get(e.index()).and_then(|ep| ep.endpoint_type.known().copied()) {
                            Some(EndpointType::Gateway) => TargetKind::GatewayEndpoint,
                            _ => TargetKind::GatewayLoadBalancerEndpoint,
                        };
                    Target { kind, link: Link::To(TargetRef::Endpoint(e)) }
                }
                Some(Obj::Other(o)) => {
                    let kind = self.b.model.other_targets.get(o.index()).map_or(by_name, |t| t.kind);
                    Target { kind, link: Link::To(TargetRef::Other(o)) }
                }
                _ => Target { kind: by_name, link: Link::Unknown },
            },
            V::Str(s) => {
                let kind = match TargetKind::from_id(s) {
                    TargetKind::Unknown => by_name,
                    k => k,
                };
                Target { kind, link: Link::External(s.to_string()) }
            }
            V::OneOf(options) => {
                let targets: Vec<Target> = options.iter().map(|o| self.target(o, by_name)).collect();
                let kind = match targets.first() {
                    Some(f) if targets.iter().all(|t| t.kind == f.kind) => f.kind,
                    _ => TargetKind::Unknown,
                };
                let links: Vec<TargetRef> = targets.iter().filter_map(|t| t.link.to()).collect();
                Target { kind, link: if links.is_empty() { Link::Unknown } else { Link::OneOf(links) } }
            }
            V::External(s) => Target { kind: by_name, link: Link::External(s.clone()) },
            _ => Target { kind: by_name, link: Link::Unknown },
        }
    }

    fn nat(&mut self, i: usize) {
        let meta = self.meta(i);
        let public = match self.prop(i, "ConnectivityType") {
            Some((v, node)) => {
                let val = match self.t.string_of(&v).map(|s| s.to_ascii_lowercase()) {
                    Some(s) if s == "public" => Val::Known(true),
                    Some(s) if s == "private" => Val::Known(false),
                    _ => Val::Unknown,
                };
                Attr::explicit(val, self.node_span(node))
            }
            None => Attr::default(true, meta.span),
        };
        let regional = self
            .prop(i, "AvailabilityMode")
            .and_then(|(v, _)| self.t.string_of(&v))
            .is_some_and(|s| s.eq_ignore_ascii_case("regional"));
        let nat = NatGateway {
            subnet: self.link_prop(i, "SubnetId", subnet_of),
            vpc: self.vpc_link(i, "VpcId"),
            public,
            regional,
            meta,
        };
        self.b.model.nat_gateways.push(nat);
    }

    fn endpoint(&mut self, i: usize) {
        let meta = self.meta(i);
        let service = match self.prop(i, "ServiceName") {
            Some((v, node)) => Attr::explicit(service_name(&v), self.node_span(node)),
            None => Attr::absent(meta.span),
        };
        let endpoint_type = match self.prop(i, "VpcEndpointType") {
            Some((v, node)) => {
                let val = match self.t.string_of(&v) {
                    Some(s) => match EndpointType::parse(&s) {
                        Some(t) => Val::Known(t),
                        None => {
                            self.t.problem(self.t.tree.node(node).range, format!("`{s}` is not a VPC endpoint type"));
                            Val::Unknown
                        }
                    },
                    None => Val::Unknown,
                };
                Attr::explicit(val, self.node_span(node))
            }
            None => Attr::default(EndpointType::Gateway, meta.span),
        };
        let sg_want = |l: &Self, v: &V<'t>, o: Obj| -> Option<SgId> {
            match (v, o) {
                (V::Att(_, attr), Obj::Vpc(vpc)) if attr == "DefaultSecurityGroup" => Some(l.b.default_sg_of(vpc)),
                (_, o) => sg_of(o),
            }
        };
        let ep = Endpoint {
            vpc: self.vpc_link(i, "VpcId"),
            service,
            endpoint_type,
            route_tables: self.link_list(i, "RouteTableIds", &|_, _, o| table_of(o)),
            subnets: self.link_list(i, "SubnetIds", &|_, _, o| subnet_of(o)),
            security_groups: self.link_list(i, "SecurityGroupIds", &sg_want),
            private_dns: self.bool_attr(i, "PrivateDnsEnabled", Some(false)),
            policy: self.t.prop(i, "PolicyDocument").map(|n| self.node_span(n)),
            meta,
        };
        self.b.model.endpoints.push(ep);
    }

    fn security_group(&mut self, i: usize) {
        let Some(Obj::Sg(id)) = self.obj.get(i).copied().flatten() else { return };
        let meta = self.meta(i);
        // Without VpcId the group is created in the default VPC.
        let vpc = match self.prop(i, "VpcId") {
            Some((v, _)) => self.link(&v, &|_, _, o| vpc_of(o)),
            None => Link::External("the default VPC".to_string()),
        };
        let mut rules_known = true;
        for (key, direction) in
            [("SecurityGroupIngress", Direction::Ingress), ("SecurityGroupEgress", Direction::Egress)]
        {
            match self.prop(i, key) {
                Some((V::List(items), _)) => {
                    for item in items {
                        match item.v {
                            V::Obj(node) => self.push_rule(&meta, Link::To(id), direction, node),
                            V::NoValue => {}
                            V::Str(_) | V::Num(_) | V::Bool(_) | V::Null | V::List(_) => {
                                self.t.problem(
                                    self.t.tree.node(item.node).range,
                                    format!("a `{key}` rule must be a mapping; it is skipped"),
                                );
                                rules_known = false;
                            }
                            _ => rules_known = false,
                        }
                    }
                }
                Some(_) => rules_known = false,
                None if direction == Direction::Egress => {
                    // CloudFormation keeps AWS's default allow-all egress when none is written.
                    let span = meta.span;
                    self.b.model.sg_rules.push(SgRule {
                        meta: meta.clone(),
                        group: Link::To(id),
                        direction,
                        protocol: Attr::default(Protocol::All, span),
                        ports: Attr::default(PortRange::ALL, span),
                        peer: Attr::default(Peer::Cidr(Cidr::V4 { addr: 0, prefix: 0 }), span),
                        span,
                    });
                }
                None => {}
            }
        }
        self.b.model.security_groups.push(SecurityGroup {
            meta,
            vpc,
            is_default: false,
            implicit: false,
            rules_known,
            defaulted_inline: Vec::new(),
        });
    }

    fn sg_rule_resource(&mut self, i: usize, direction: Direction) {
        let meta = self.meta(i);
        let group = match self.prop(i, "GroupId") {
            Some((v, _)) => self.link(&v, &|l, v, o| match (v, o) {
                (V::Att(_, attr), Obj::Vpc(vpc)) if attr == "DefaultSecurityGroup" => Some(l.b.default_sg_of(vpc)),
                (_, o) => sg_of(o),
            }),
            None => match self.prop(i, "GroupName") {
                Some((v, _)) => Link::External(self.t.string_of(&v).unwrap_or_else(|| "a group by name".to_string())),
                None => Link::Absent,
            },
        };
        let Some(props) = self.t.resources.get(i).and_then(|r| r.properties) else { return };
        self.push_rule_from(meta, group, direction, props);
    }

    fn push_rule(&mut self, meta: &Meta, group: Link<SgId>, direction: Direction, node: NodeId) {
        self.push_rule_from(meta.clone(), group, direction, node);
    }

    /// Reads one rule (an inline entry or a rule resource's properties) at `node`.
    fn push_rule_from(&mut self, meta: Meta, group: Link<SgId>, direction: Direction, node: NodeId) {
        let tree = self.t.tree;
        let get = |key: &str| -> Option<(V<'t>, NodeId)> {
            let n = tree.get(node, key)?;
            match self.t.eval(n) {
                V::NoValue => None,
                v => Some((v, n)),
            }
        };
        let span = self.node_span(node);
        let protocol = match get("IpProtocol") {
            Some((v, n)) => {
                let val = match self.t.string_of(&v) {
                    Some(s) => match Protocol::parse(&s) {
                        Some(p) => Val::Known(p),
                        None => {
                            self.t.problem(tree.node(n).range, format!("`{s}` is not an IP protocol"));
                            Val::Unknown
                        }
                    },
                    None => Val::Unknown,
                };
                Attr::explicit(val, self.node_span(n))
            }
            None => Attr::absent(span),
        };
        let ports = if protocol.known().is_some_and(Protocol::all_ports) {
            Attr::default(PortRange::ALL, span)
        } else {
            match (get("FromPort"), get("ToPort")) {
                (Some((f, fnode)), Some((t, _))) => {
                    let val = match (self.int_of(&f), self.int_of(&t)) {
                        (Some(from), Some(to)) => Val::Known(PortRange { from: from as i32, to: to as i32 }),
                        _ => Val::Unknown,
                    };
                    Attr::explicit(val, self.node_span(fnode))
                }
                (Some((_, n)), None) | (None, Some((_, n))) => Attr::explicit(Val::Unknown, self.node_span(n)),
                (None, None) => Attr::absent(span),
            }
        };
        let (cidr_key, pl_key, sg_key) = match direction {
            Direction::Ingress => ("CidrIp", "SourcePrefixListId", "SourceSecurityGroupId"),
            Direction::Egress => ("CidrIp", "DestinationPrefixListId", "DestinationSecurityGroupId"),
        };
        let peer = if let Some((v, n)) = get(cidr_key).or_else(|| get("CidrIpv6")) {
            Attr::explicit(map_val(self.cidr_val(&v, n), Peer::Cidr), self.node_span(n))
        } else if let Some((v, n)) = get(pl_key) {
            Attr::explicit(
                Val::Known(Peer::PrefixList(self.t.string_of(&v).map_or(Val::Unknown, Val::Known))),
                self.node_span(n),
            )
        } else if let Some((v, n)) = get(sg_key) {
            let link = self.link(&v, &|l, v, o| match (v, o) {
                (V::Att(_, attr), Obj::Vpc(vpc)) if attr == "DefaultSecurityGroup" => Some(l.b.default_sg_of(vpc)),
                (_, o) => sg_of(o),
            });
            Attr::explicit(Val::Known(Peer::Group(link)), self.node_span(n))
        } else if let Some((v, n)) = get("SourceSecurityGroupName").filter(|_| direction == Direction::Ingress) {
            let name = self.t.string_of(&v).unwrap_or_else(|| "a group by name".to_string());
            Attr::explicit(Val::Known(Peer::Group(Link::External(name))), self.node_span(n))
        } else {
            Attr::explicit(Val::Known(Peer::None), span)
        };
        self.b.model.sg_rules.push(SgRule { meta, group, direction, protocol, ports, peer, span });
    }

    /// A transit attachment (`SubnetIds`) or a firewall (`SubnetMappings: [{SubnetId}]`).
    fn infrastructure(&mut self, i: usize, kind: InfrastructureKind, key: &str) {
        let meta = self.meta(i);
        let subnets = if key == "SubnetMappings" {
            self.subnet_mappings(i)
        } else {
            self.link_list(i, key, &|_, _, o| subnet_of(o))
        };
        let vpc = self.vpc_link(i, "VpcId");
        self.b.model.infrastructure.push(Infrastructure { meta, kind, vpc, subnets });
    }

    /// A firewall's `SubnetMappings`: a list of `{SubnetId: ...}`.
    fn subnet_mappings(&self, i: usize) -> LinkList<SubnetId> {
        let span = self.meta_span(i);
        let Some(node) = self.t.prop(i, "SubnetMappings") else { return LinkList::absent(span) };
        let Some(items) = self.t.tree.items(node) else {
            return LinkList { state: ListState::Partial, items: Vec::new(), span: self.node_span(node) };
        };
        let mut state = ListState::Known;
        let mut out = Vec::new();
        for &item in items {
            let link = match self.t.tree.get(item, "SubnetId") {
                Some(id) => self.link(&self.t.eval(id), &|_, _, o| subnet_of(o)),
                None => Link::Unknown,
            };
            if matches!(link, Link::Unknown) {
                state = ListState::Partial;
            }
            out.push(Linked { link, span: self.node_span(item) });
        }
        LinkList { state, items: out, span: self.node_span(node) }
    }

    /// A Cloud WAN VPC attachment names its VPC and subnets by ARN, written with `Fn::Sub`
    /// around the resources' ids (`arn:...:subnet/${Subnet}`): the `${Name}`s are read.
    fn cloud_wan_attachment(&mut self, i: usize) {
        let meta = self.meta(i);
        let named = |node: NodeId| -> Vec<&str> {
            let tree = self.t.tree;
            let text = tree.get(node, "Fn::Sub").and_then(|s| tree.str(s)).unwrap_or("");
            // `${AWS::Region}` and the other pseudo parameters are not resources.
            text.split("${")
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .filter(|name| !name.contains("::"))
                .collect()
        };
        let link_named = |node: NodeId| -> Link<usize> {
            match named(node).as_slice() {
                [name] => self.t.by_name.get(name).map_or(Link::Unknown, |&r| Link::To(r)),
                _ => Link::Unknown,
            }
        };
        let vpc = match self.t.prop(i, "VpcArn").map(link_named) {
            Some(Link::To(r)) => self.obj.get(r).copied().flatten().and_then(vpc_of).map_or(Link::Unknown, Link::To),
            Some(_) => Link::Unknown,
            None => Link::Absent,
        };
        let span = self.meta_span(i);
        let subnets = match self.t.prop(i, "SubnetArns") {
            None => LinkList::absent(span),
            Some(node) => {
                let items = self.t.tree.items(node).unwrap_or(&[]);
                let mut state = if self.t.tree.items(node).is_some() { ListState::Known } else { ListState::Partial };
                let mut out = Vec::new();
                for &item in items {
                    let link = match link_named(item) {
                        Link::To(r) => {
                            self.obj.get(r).copied().flatten().and_then(subnet_of).map_or(Link::Unknown, Link::To)
                        }
                        _ => Link::Unknown,
                    };
                    if matches!(link, Link::Unknown) {
                        state = ListState::Partial;
                    }
                    out.push(Linked { link, span: self.node_span(item) });
                }
                LinkList { state, items: out, span: self.node_span(node) }
            }
        };
        self.b.model.infrastructure.push(Infrastructure {
            meta,
            kind: InfrastructureKind::TransitAttachment,
            vpc,
            subnets,
        });
    }

    fn instance_connect(&mut self, i: usize) {
        let meta = self.meta(i);
        let ice = InstanceConnectEndpoint {
            subnet: self.link_prop(i, "SubnetId", subnet_of),
            security_groups: self.link_list(i, "SecurityGroupIds", &|_, _, o| sg_of(o)),
            preserve_client_ip: self.bool_attr(i, "PreserveClientIp", Some(false)),
            meta,
        };
        self.b.model.instance_connect_endpoints.push(ice);
    }

    fn nacl_entry(&mut self, i: usize) {
        let meta = self.meta(i);
        let rule_number = match self.prop(i, "RuleNumber") {
            Some((v, n)) => Attr::explicit(self.int_of(&v).map_or(Val::Unknown, Val::Known), self.node_span(n)),
            None => Attr::absent(meta.span),
        };
        let egress = self.bool_attr(i, "Egress", Some(false)).known().copied().unwrap_or(false);
        let allow = match self.prop(i, "RuleAction") {
            Some((v, n)) => {
                let val = match self.t.string_of(&v).map(|s| s.to_ascii_lowercase()) {
                    Some(s) if s == "allow" => Val::Known(true),
                    Some(s) if s == "deny" => Val::Known(false),
                    _ => Val::Unknown,
                };
                Attr::explicit(val, self.node_span(n))
            }
            None => Attr::absent(meta.span),
        };
        let protocol = match self.prop(i, "Protocol") {
            Some((v, n)) => Attr::explicit(
                self.t.string_of(&v).and_then(|s| Protocol::parse(&s)).map_or(Val::Unknown, Val::Known),
                self.node_span(n),
            ),
            None => Attr::absent(meta.span),
        };
        let ports = if protocol.known().is_some_and(Protocol::all_ports) {
            Attr::default(PortRange::ALL, meta.span)
        } else {
            match self.t.prop(i, "PortRange") {
                Some(pr) => {
                    let from = self.t.tree.get(pr, "From").map(|n| self.t.eval(n)).and_then(|v| self.int_of(&v));
                    let to = self.t.tree.get(pr, "To").map(|n| self.t.eval(n)).and_then(|v| self.int_of(&v));
                    let val = match (from, to) {
                        (Some(f), Some(t)) => Val::Known(PortRange { from: f as i32, to: t as i32 }),
                        _ => Val::Unknown,
                    };
                    Attr::explicit(val, self.node_span(pr))
                }
                None => Attr::absent(meta.span),
            }
        };
        let cidr = match self.prop(i, "CidrBlock").or_else(|| self.prop(i, "Ipv6CidrBlock")) {
            Some((v, n)) => Attr::explicit(self.cidr_val(&v, n), self.node_span(n)),
            None => Attr::absent(meta.span),
        };
        let nacl = self.link_prop(i, "NetworkAclId", nacl_of);
        self.b.model.nacl_entries.push(NaclEntry { meta, nacl, rule_number, egress, allow, protocol, ports, cidr });
    }
}

/// Reads `Metadata.vpclint.ignore` (a rule id, or a list of ids or prefixes, or `all`).
fn suppression(
    tree: &Tree<'_>,
    node: NodeId,
    resource: Option<&str>,
    file: FileId,
    problems: &mut Vec<Problem>,
) -> Option<Suppression> {
    let ignore = tree.get(node, "Metadata").and_then(|m| tree.get(m, "vpclint")).and_then(|v| tree.get(v, "ignore"))?;
    let span = Span::new(file, tree.node(ignore).range.start, tree.node(ignore).range.end);
    let items: Vec<NodeId> = match tree.items(ignore) {
        Some(items) => items.to_vec(),
        None => vec![ignore],
    };
    let mut rules = Vec::new();
    for item in items {
        match tree.scalar_text(item) {
            // Kept as written; `rules::suppress` checks each word against the run's rules.
            Some(id) => {
                rules.push((id.into_owned(), Span::new(file, tree.node(item).range.start, tree.node(item).range.end)))
            }
            None => problems.push(Problem::new(
                Span::new(file, tree.node(item).range.start, tree.node(item).range.end),
                "`Metadata.vpclint.ignore` takes rule ids".to_string(),
            )),
        }
    }
    Some(Suppression { resource: resource.map(str::to_string), rules, span })
}

fn vpc_of(o: Obj) -> Option<VpcId> {
    if let Obj::Vpc(v) = o { Some(v) } else { None }
}
fn subnet_of(o: Obj) -> Option<SubnetId> {
    if let Obj::Subnet(v) = o { Some(v) } else { None }
}
fn table_of(o: Obj) -> Option<RouteTableId> {
    if let Obj::RouteTable(v) = o { Some(v) } else { None }
}
fn sg_of(o: Obj) -> Option<SgId> {
    if let Obj::Sg(v) = o { Some(v) } else { None }
}
fn nacl_of(o: Obj) -> Option<NaclId> {
    if let Obj::Nacl(v) = o { Some(v) } else { None }
}

fn map_val<T, U>(v: Val<T>, f: impl FnOnce(T) -> U) -> Val<U> {
    match v {
        Val::Known(t) => Val::Known(f(t)),
        Val::Unknown => Val::Unknown,
        Val::Absent => Val::Absent,
    }
}

fn to_bool<'t>(t: &Template<'t, '_>, v: &V<'t>) -> Val<bool> {
    match v {
        V::Bool(b) => Val::Known(*b),
        V::NoValue => Val::Absent,
        _ => match t.string_of(v).map(|s| s.to_ascii_lowercase()) {
            Some(s) if s == "true" => Val::Known(true),
            Some(s) if s == "false" => Val::Known(false),
            _ => Val::Unknown,
        },
    }
}

/// Parses a service name value, keeping `${AWS::Region}` symbolic.
pub(crate) fn service_name(v: &V<'_>) -> Val<ServiceName> {
    let pieces: Vec<Piece> = match v {
        V::Str(s) => vec![Piece::Lit(s.to_string())],
        V::Sym(p) => p.clone(),
        _ => return Val::Unknown,
    };
    Val::Known(parse_service_pieces(&pieces))
}

/// Splits `com.amazonaws.<region>.<service>` built from pieces.
pub(crate) fn parse_service_pieces(pieces: &[Piece]) -> ServiceName {
    const REGION: char = '\u{1}';
    const UNKNOWN: char = '\u{2}';
    let mut flat = String::new();
    let mut display = String::new();
    for p in pieces {
        match p {
            Piece::Lit(s) => {
                flat.push_str(s);
                display.push_str(s);
            }
            Piece::Region => {
                flat.push(REGION);
                display.push_str("${AWS::Region}");
            }
            Piece::Unknown => {
                flat.push(UNKNOWN);
                display.push_str("${...}");
            }
        }
    }
    split_service_name(&flat, display, REGION, UNKNOWN)
}

/// Splits a flattened service name; `region_mark` stands for the deployment's region.
pub(crate) fn split_service_name(flat: &str, display: String, region_mark: char, unknown_mark: char) -> ServiceName {
    let rest = flat
        .strip_prefix("com.amazonaws.")
        .or_else(|| flat.strip_prefix("cn.com.amazonaws."))
        .or_else(|| flat.strip_prefix("aws.sagemaker."))
        .or_else(|| flat.strip_prefix("aws.api."));
    let Some(rest) = rest else {
        return ServiceName { display, region: RegionRef::Unknown, service: None };
    };
    // `com.amazonaws.vpce.<region>.vpce-svc-...`: a PrivateLink endpoint service of another
    // account, not an AWS service.
    if rest.starts_with("vpce.") {
        return ServiceName { display, region: RegionRef::Unknown, service: None };
    }
    let (region, service) = rest.split_once('.').unwrap_or((rest, ""));
    let region_ref = if region.len() == region_mark.len_utf8() && region.starts_with(region_mark) {
        RegionRef::Deployment
    } else if region.contains(unknown_mark) || region.contains(region_mark) || region.is_empty() {
        RegionRef::Unknown
    } else {
        RegionRef::Named(region.to_string())
    };
    let service = if service.is_empty() || service.contains(unknown_mark) || service.contains(region_mark) {
        None
    } else {
        Some(service.to_string())
    };
    ServiceName { display, region: region_ref, service }
}
