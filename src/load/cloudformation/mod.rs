//! CloudFormation template (YAML or JSON, already a [`Tree`]) -> [`Model`].
//!
//! `mod.rs` holds the pass (ids, conditions, dispatch by resource type); `eval.rs` the
//! intrinsic functions; `values.rs` reads properties into attributes and links; one file per
//! resource family builds its objects (`network`, `routing`, `endpoints`,
//! `security_groups`, `nacls`, `infrastructure`, `flow_logs`); `dependencies` reads the
//! creation order.
//!
//! Only this module knows CloudFormation property names. Defaults follow the resource
//! schemas (see `vpc-semantics.md`): `EnableDnsSupport` true, `EnableDnsHostnames` false,
//! `VpcEndpointType` Gateway, `PrivateDnsEnabled` false, endpoint security groups the VPC's
//! default group, security group egress allow-all when none is written.

mod dependencies;
mod endpoints;
pub mod eval;
mod flow_logs;
mod infrastructure;
mod nacls;
mod network;
mod routing;
mod security_groups;
mod values;
mod workloads;

use super::Problem;
use crate::model::build::{IdAllocator, ImplicitNames, ModelBuilder, Obj, ObjKind};
use crate::model::derived::Tri;
use crate::model::service::split_service_name;
use crate::model::*;
use crate::source::{FileId, Span};
use crate::syntax::tree::{NodeId, Range, Tree};
use eval::{Item, Piece, Res, Template, V};

/// Properties the model reads as lists.
const LIST_PROPERTIES: [&str; 11] = [
    "RouteTableIds",
    "SubnetIds",
    "SecurityGroupIds",
    "SecurityGroupIngress",
    "SecurityGroupEgress",
    "SecurityGroups",
    "Subnets",
    "VPCZoneIdentifier",
    "TargetGroupARNs",
    "VPCSecurityGroups",
    "VpcSecurityGroupIds",
];
/// Properties the model reads as mappings.
const MAP_PROPERTIES: [&str; 3] = ["PolicyDocument", "PortRange", "DnsOptions"];

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
    "AllocationId",
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
        "AWS::EC2::EIP" => ObjKind::Eip,
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
        "AWS::EC2::LaunchTemplate"
        | "AWS::AutoScaling::LaunchConfiguration"
        | "AWS::AutoScaling::AutoScalingGroup"
        | "AWS::Lambda::Function"
        | "AWS::ECS::Service"
        | "AWS::ElasticLoadBalancingV2::LoadBalancer"
        | "AWS::RDS::DBInstance"
        | "AWS::RDS::DBCluster" => ObjKind::Workload,
        t if LAUNCHERS.contains(&t) => ObjKind::Workload,
        "AWS::ElasticLoadBalancingV2::TargetGroup" => ObjKind::TargetGroup,
        "AWS::ElasticLoadBalancingV2::Listener" | "AWS::ElasticLoadBalancingV2::ListenerRule" => ObjKind::Listener,
        _ => return None,
    })
}

/// Resources that launch EC2 instances the model does not read (EKS node groups, Batch,
/// fleets, EMR, Cloud9, Elastic Beanstalk, OpsWorks): their instances are workloads whose
/// subnets and groups are unknown, so no rule concludes that a VPC has no other instance.
const LAUNCHERS: &[&str] = &[
    "AWS::EKS::Nodegroup",
    "AWS::Batch::ComputeEnvironment",
    "AWS::EC2::SpotFleet",
    "AWS::EC2::EC2Fleet",
    "AWS::EMR::Cluster",
    "AWS::EMR::InstanceGroupConfig",
    "AWS::EMR::InstanceFleetConfig",
    "AWS::Cloud9::EnvironmentEC2",
    "AWS::ElasticBeanstalk::Environment",
    "AWS::OpsWorks::Instance",
];

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
    /// The workload id of each EC2 instance (whose `obj` is its route target).
    instance_workload: Vec<Option<WorkloadId>>,
    b: ModelBuilder,
    problems: Vec<Problem>,
    /// The property being read (its key and value's range), for problems noticed while
    /// linking its value.
    reading: std::cell::RefCell<Option<(String, Range)>>,
}

/// Loads a CloudFormation template. The tree's root must be a mapping (the caller sniffs).
/// `yaml_text` is the YAML source, whose `# vpclint:ignore` comments suppress findings
/// (`None` for JSON, which has no comments).
pub fn load(tree: &Tree<'_>, file: FileId, yaml_text: Option<&str>) -> (Model, Vec<Problem>) {
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
    // Sized once, not grown (and rehashed) resource by resource.
    t.reserve(resources.len());

    for e in resources {
        let node = e.value;
        if e.key.starts_with("Fn::ForEach::") {
            // AWS::LanguageExtensions loops generate resources vpclint cannot expand: what
            // they create is unknown, so absence-based conclusions are withheld.
            generated_unknown = true;
            continue;
        }
        // A problem with this resource, at `range`.
        let mut problem =
            |range: Range, message: String| problems.push(Problem::new(span(range), message).resource(&e.key));
        if tree.entries(node).is_none() {
            problem(
                tree.node(node).range,
                format!(
                    "resource `{}` must be a mapping with `Type` and `Properties`, found {}",
                    e.key,
                    tree.kind_name(node)
                ),
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
                    problem(
                        tree.node(ty).range,
                        format!(
                            "resource `{}`: `Type` must be a literal string, found {found}; the resource is skipped",
                            e.key
                        ),
                    );
                    None
                }
            },
            None => {
                problem(e.key_range, format!("resource `{}` has no `Type`; it is skipped", e.key));
                None
            }
        };
        let properties = match tree.get(node, "Properties") {
            Some(p) if tree.entries(p).is_some() => Some(p),
            Some(p) if matches!(tree.node(p).kind, crate::syntax::tree::Kind::Null) => None,
            Some(p) => {
                if type_name.is_some_and(|ty| kind_of(ty).is_some() || ty.starts_with("AWS::EC2::")) {
                    problem(
                        tree.node(p).range,
                        format!("resource `{}`: `Properties` must be a mapping, found {}", e.key, tree.kind_name(p)),
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
        if let Some(comment) = yaml_text.and_then(|text| ignore_comment(text, e.key_range.start as usize)) {
            let span = Span::new(file, e.key_range.start, e.key_range.end);
            suppressions.push(Suppression {
                resource: Some(e.key.to_string()),
                rules: Vec::new(),
                comment: Some(comment),
                span,
            });
        }
    }

    let (obj, instance_workload, ids) = assign_ids(&t);
    let mut b = ModelBuilder::new(file, Tool::CloudFormation, IMPLICIT_NAMES, ids);
    b.model.generated_unknown = generated_unknown;
    b.model.suppressions = suppressions;
    let mut loader = Loader { t, file, obj, instance_workload, b, problems, reading: std::cell::RefCell::new(None) };
    loader.build();
    let Loader { t, mut b, mut problems, .. } = loader;
    if dependencies::asked(&b.model) {
        b.model.dependencies = dependencies::dependencies(tree, resources, file);
    }
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

/// Gives every resource that becomes a model object its id, before any object is built; an
/// EC2 instance gets a workload id too.
fn assign_ids(t: &Template<'_, '_>) -> (Vec<Option<Obj>>, Vec<Option<WorkloadId>>, IdAllocator) {
    let mut ids = IdAllocator::default();
    let mut instance_workload = Vec::with_capacity(t.resources.len());
    let obj = (0..t.resources.len())
        .map(|i| {
            let ty = t.resources.get(i).and_then(|r| r.type_name);
            let obj = ty.and_then(kind_of).filter(|_| active(t, i)).map(|k| ids.reserve(k));
            instance_workload.push(match ids_workload(ty, obj.is_some()) {
                true => match ids.reserve(ObjKind::Workload) {
                    Obj::Workload(w) => Some(w),
                    _ => None,
                },
                false => None,
            });
            obj
        })
        .collect();
    (obj, instance_workload, ids)
}

/// Whether a resource of type `ty` (built when `built`) is an instance, which is a route
/// target and a workload.
fn ids_workload(ty: Option<&str>, built: bool) -> bool {
    built && ty == Some("AWS::EC2::Instance")
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
                if self.flow_log_off_by_default(i) {
                    self.t.current.set(Some(i));
                    let flow_log = self.flow_log(i);
                    let why = NotCreated::ConditionFalseAtDefaults;
                    self.b.model.flow_logs_not_created.push(FlowLogNotCreated { flow_log, why });
                }
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
                "AWS::EC2::GatewayRouteTableAssociation" => {
                    let meta = self.meta(i);
                    let table = self.link_prop(i, "RouteTableId", Obj::route_table);
                    let gateway = match self.prop(i, "GatewayId") {
                        Some((v, _)) => self.link(&v, &|_, _, o| match o {
                            Obj::Igw(g) => Some(TargetRef::Igw(g)),
                            Obj::Other(x) => Some(TargetRef::Other(x)),
                            _ => None,
                        }),
                        None => Link::Absent,
                    };
                    self.b.model.gateway_associations.push(GatewayAssociation { meta, table, gateway });
                }
                "AWS::EC2::InternetGateway" => {
                    let meta = self.meta(i);
                    self.b.model.internet_gateways.push(InternetGateway { meta, vpc: Link::Absent });
                }
                "AWS::EC2::VPCGatewayAttachment" => attachments.push(i),
                "AWS::EC2::VPCCidrBlock" => cidr_blocks.push(i),
                "AWS::EC2::NatGateway" => self.nat(i),
                "AWS::EC2::EIP" => self.elastic_ip(i),
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
                    // Entries are separate resources only: all of them are in the file.
                    self.b.model.nacls.push(Nacl {
                        meta,
                        vpc,
                        is_default: false,
                        implicit: false,
                        entries_known: true,
                    });
                }
                "AWS::EC2::NetworkAclEntry" => self.nacl_entry(i),
                "AWS::EC2::FlowLog" => {
                    let f = self.flow_log(i);
                    self.b.model.flow_logs.push(f);
                }
                "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" => {
                    let meta = self.meta(i);
                    self.b.model.dynamodb_tables.push(DynamoDbTable { meta, state_lock: false });
                }
                "AWS::EC2::SubnetNetworkAclAssociation" => {
                    let meta = self.meta(i);
                    let subnet = self.link_prop(i, "SubnetId", Obj::subnet);
                    let nacl = self.link_prop(i, "NetworkAclId", Obj::nacl);
                    self.b.model.nacl_associations.push(NaclAssociation { meta, subnet, nacl });
                }
                t if kind_of(t) == Some(ObjKind::Other) => {
                    let meta = self.meta(i);
                    let (vpc, peer_vpc) = match t {
                        "AWS::EC2::EgressOnlyInternetGateway" => (self.vpc_link(i, "VpcId"), Link::Absent),
                        "AWS::EC2::VPCPeeringConnection" => (self.vpc_link(i, "VpcId"), self.vpc_link(i, "PeerVpcId")),
                        _ => (Link::Absent, Link::Absent),
                    };
                    self.b.model.other_targets.push(OtherTarget { meta, kind: other_kind(t), vpc, peer_vpc });
                    if t == "AWS::EC2::Instance" {
                        self.instance(i);
                    }
                }
                "AWS::EC2::LaunchTemplate" => self.launch_template(i),
                "AWS::AutoScaling::LaunchConfiguration" => self.launch_configuration(i),
                "AWS::AutoScaling::AutoScalingGroup" => self.auto_scaling_group(i),
                "AWS::Lambda::Function" => self.function(i),
                "AWS::ECS::Service" => self.ecs_service(i),
                "AWS::ElasticLoadBalancingV2::LoadBalancer" => self.load_balancer(i),
                "AWS::RDS::DBInstance" => self.database(i, "VPCSecurityGroups"),
                "AWS::RDS::DBCluster" => self.database(i, "VpcSecurityGroupIds"),
                "AWS::ElasticLoadBalancingV2::TargetGroup" => self.target_group(i),
                "AWS::ElasticLoadBalancingV2::Listener" => self.listener(i, false),
                "AWS::ElasticLoadBalancingV2::ListenerRule" => self.listener(i, true),
                t if LAUNCHERS.contains(&t) => self.launcher(i),
                _ => {}
            }
        }
        for i in attachments {
            self.t.current.set(Some(i));
            let vpc = self.vpc_link(i, "VpcId");
            let Some((v, node)) = self.prop(i, "InternetGatewayId") else { continue };
            let igw = self.link(&v, &|_, _, o| o.igw());
            if let Some(g) = igw.to() {
                if let Some(gateway) = self.b.model.internet_gateways.get_mut(g.index()) {
                    gateway.vpc = vpc.clone();
                }
            }
            let meta = self.meta(i);
            let span = self.node_span(node);
            self.b.model.igw_attachments.push(IgwAttachment { meta, igw, vpc, span });
        }
        for i in cidr_blocks {
            self.t.current.set(Some(i));
            self.cidr_block(i);
        }
        self.b.add_implicit_objects();
    }

    // ----- value conversion -------------------------------------------------------------

    fn meta_span(&self, i: usize) -> Span {
        self.t.resources.get(i).map_or_else(Span::default, |r| self.span(r.key_range))
    }
}

/// Reads `Metadata.vpclint.ignore` (a rule id, or a list of ids or prefixes, or `all`).
/// The template-level `Metadata.vpclint.ignore` of `holder` (a mapping with a `Metadata`
/// key), made to cover each of `resources`: a joined template keeps each member's
/// template-wide suppressions to that member's resources.
pub fn member_suppressions(
    tree: &Tree<'_>,
    holder: NodeId,
    resources: &[String],
    file: FileId,
    problems: &mut Vec<Problem>,
) -> Vec<Suppression> {
    let Some(s) = suppression(tree, holder, None, file, problems) else { return Vec::new() };
    resources.iter().map(|r| Suppression { resource: Some(r.clone()), ..s.clone() }).collect()
}

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
        let at = |n: NodeId| Span::new(file, tree.node(n).range.start, tree.node(n).range.end);
        // `{id: VPC302, reason: "..."}`: the id with the reason a reviewer reads.
        let (word, reason) = match tree.get(item, "id") {
            Some(id) => (id, tree.get(item, "reason").and_then(|r| tree.scalar_text(r)).map(|r| r.into_owned())),
            None => (item, None),
        };
        match tree.scalar_text(word).filter(|_| tree.entries(word).is_none()) {
            // Kept as written; `rules::suppress` checks each word against the run's rules.
            Some(id) => rules.push(IgnoreWord { word: id.into_owned(), span: at(word), reason }),
            None => problems.push(Problem::new(
                at(item),
                "`Metadata.vpclint.ignore` takes rule ids, or `{id: ..., reason: ...}` entries".to_string(),
            )),
        }
    }
    Some(Suppression { resource: resource.map(str::to_string), rules, comment: None, span })
}

/// The text after `vpclint:ignore` in a YAML comment on the line of the resource key at
/// `key_start`, or alone on the line just above it.
fn ignore_comment(text: &str, key_start: usize) -> Option<String> {
    const MARKER: &str = "vpclint:ignore";
    let line_start = text.get(..key_start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(key_start..)?.find('\n').map_or(text.len(), |i| key_start + i);
    // On the key's line: a comment starts at a `#` after a space, outside quotes.
    let own = text.get(key_start..line_end)?;
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in own.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => {
                let comment = own.get(i + 1..)?.trim_start();
                if let Some(rest) = comment.strip_prefix(MARKER) {
                    return Some(rest.to_string());
                }
                break;
            }
            _ => {}
        }
        prev = c;
    }
    // The line above, when it is a comment alone.
    let above_end = line_start.checked_sub(1)?;
    let above_start = text.get(..above_end)?.rfind('\n').map_or(0, |i| i + 1);
    let above = text.get(above_start..above_end)?.trim().trim_end_matches('\r');
    above.strip_prefix('#')?.trim_start().strip_prefix(MARKER).map(str::to_string)
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

/// Which of two keywords `s` is, ignoring ASCII case: `yes` is true, `no` false
/// (`RuleAction: allow`, `ConnectivityType: private`).
fn keyword_bool(s: &str, yes: &str, no: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case(yes) {
        Some(true)
    } else if s.eq_ignore_ascii_case(no) {
        Some(false)
    } else {
        None
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

/// The model of a template that loads without problems (for the loader's tests).
#[cfg(test)]
fn clean_model(text: &str) -> Model {
    match super::load_text(text, FileId(0)) {
        super::Loaded::Model { model, problems, .. } => {
            assert!(problems.is_empty(), "{problems:?}");
            *model
        }
        _ => panic!("not loaded as a template"),
    }
}
