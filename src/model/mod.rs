//! The normalized VPC model that CloudFormation and Terraform both load into.
//!
//! Plain data: `Vec`s indexed by typed ids, no reference counting, no raw documents.
//! Every object carries the [`Span`]s rules need to point at the thing at fault.
//!
//! Unknown is kept apart from absent everywhere: [`Val::Unknown`] is a value that exists but
//! cannot be known statically (a parameter without default, `Fn::ImportValue`, Terraform's
//! "known after apply"); [`Val::Absent`] means the attribute is not set. Where a tool has a
//! default for an unset attribute, the loader applies it and marks it [`Origin::Default`].

mod assumptions;
pub mod build;
mod concern;
pub mod dependencies;
pub mod derived;
mod endpoint;
mod external;
pub mod id;
pub mod net;
pub mod reach;
mod routing;
mod security;
pub mod service;
pub mod view;
pub mod workload;

use crate::source::{FileId, Span};
pub use concern::VpcName;
pub use endpoint::*;
pub use external::External;
pub use id::{
    AssociationId, EiceId, EipId, EndpointId, Id, IdVec, IgwId, ListenerId, NaclEntryId, NaclId, NatId, OtherId,
    ResourceId, RouteId, RouteTableId, SgId, SgRuleId, SubnetId, TargetGroupId, VpcId, WorkloadId, enumerate,
};
pub use net::{Cidr, PortRange, Protocol};
pub use routing::*;
pub use security::*;
pub use workload::*;

/// Which tool the model was loaded from; defaults differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    CloudFormation,
    Terraform,
}

/// A value read from the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<T> {
    Known(T),
    /// Set, but not knowable before deployment.
    Unknown,
    /// Not set.
    Absent,
}

impl<T> Val<T> {
    /// The known value, if any.
    pub fn known(&self) -> Option<&T> {
        match self {
            Val::Known(v) => Some(v),
            _ => None,
        }
    }

    /// The value made by `f` from the known value; unknown and absent stay so.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Val<U> {
        match self {
            Val::Known(v) => Val::Known(f(v)),
            Val::Unknown => Val::Unknown,
            Val::Absent => Val::Absent,
        }
    }
}

/// Whether a value was written or comes from the tool's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Explicit,
    Default,
}

/// A value with where it came from. For defaults the span is the resource's.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr<T> {
    pub val: Val<T>,
    pub span: Span,
    pub origin: Origin,
}

impl<T> Attr<T> {
    /// A value written in the source at `span`.
    pub fn explicit(val: Val<T>, span: Span) -> Attr<T> {
        Attr { val, span, origin: Origin::Explicit }
    }

    /// The tool's default for an unset attribute; `span` is the resource's.
    pub fn default(val: T, span: Span) -> Attr<T> {
        Attr { val: Val::Known(val), span, origin: Origin::Default }
    }

    /// An unset attribute without a default.
    pub fn absent(span: Span) -> Attr<T> {
        Attr { val: Val::Absent, span, origin: Origin::Default }
    }

    /// The known value, if any.
    pub fn known(&self) -> Option<&T> {
        self.val.known()
    }

    /// The attribute with its known value made by `f`; span and origin kept.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Attr<U> {
        Attr { val: self.val.map(f), span: self.span, origin: self.origin }
    }
}

/// A reference from one object to another.
#[derive(Debug, Clone, PartialEq)]
pub enum Link<T> {
    /// An object of this model.
    To(T),
    /// One of these objects; which one is not known statically (a condition or a
    /// Terraform reference that cannot be pinned to one instance).
    OneOf(Vec<T>),
    /// Something outside this file, named by a literal id, parameter or import (the
    /// [`External`] says which).
    External(External),
    /// Cannot be determined.
    Unknown,
    /// Not set.
    Absent,
}

impl<T: Copy + PartialEq> Link<T> {
    /// The linked object when it is certain.
    pub fn to(&self) -> Option<T> {
        match self {
            Link::To(t) => Some(*t),
            _ => None,
        }
    }

    /// Whether this link certainly points at `t`.
    pub fn is(&self, t: T) -> bool {
        matches!(self, Link::To(x) if *x == t)
    }

    /// Whether this link could point at `t` without certainly doing so.
    pub fn maybe(&self, t: T) -> bool {
        match self {
            Link::OneOf(v) => v.contains(&t),
            Link::Unknown => true,
            _ => false,
        }
    }
}

/// A linked item of a list attribute, with the span of the list element.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked<T> {
    pub link: Link<T>,
    pub span: Span,
}

/// A list of references (`SubnetIds`, `RouteTableIds`, `SecurityGroupIds`).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkList<T> {
    /// Absent: not set; Known: every element read; Partial: some elements (or the
    /// whole list) could not be determined.
    pub state: ListState,
    pub items: Vec<Linked<T>>,
    /// The list's span, or the resource's when absent.
    pub span: Span,
}

/// See [`LinkList::state`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListState {
    Absent,
    Known,
    Partial,
}

impl<T: Copy + PartialEq> LinkList<T> {
    /// An unset list.
    pub fn absent(span: Span) -> LinkList<T> {
        LinkList { state: ListState::Absent, items: Vec::new(), span }
    }

    /// Whether the list certainly contains `t`.
    pub fn has(&self, t: T) -> bool {
        self.items.iter().any(|i| i.link.is(t))
    }

    /// Whether the list names at least one item (known or not).
    pub fn names_any(&self) -> bool {
        self.items.iter().any(|i| !matches!(i.link, Link::Absent))
    }

    /// Whether the list may contain `t` but it is not certain.
    pub fn maybe_has(&self, t: T) -> bool {
        !self.has(t) && (self.state == ListState::Partial || self.items.iter().any(|i| i.link.maybe(t)))
    }
}

/// Identity and location shared by every model object.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// CloudFormation logical id or Terraform address.
    pub name: String,
    /// CloudFormation or Terraform resource type.
    pub resource_type: String,
    /// Where the resource is declared (the logical id key, or the plan entry's address).
    pub span: Span,
    /// The resource exists only under a condition that cannot be evaluated statically.
    pub conditional: bool,
    /// The physical id when known (Terraform state or no-op changes).
    pub known_id: Option<String>,
}

/// A VPC.
#[derive(Debug, Clone)]
pub struct Vpc {
    pub meta: Meta,
    /// Primary and secondary IPv4 blocks.
    pub cidrs: Vec<Attr<Cidr>>,
    /// Whether the VPC has (or may have) an IPv6 block.
    pub ipv6: Val<bool>,
    pub dns_support: Attr<bool>,
    pub dns_hostnames: Attr<bool>,
    /// The main route table: the implicit one, or one a Terraform association sets.
    pub main_route_table: Link<RouteTableId>,
    /// The VPC's default security group (synthesized unless Terraform manages it).
    pub default_security_group: SgId,
    /// The default NACL (synthesized).
    pub default_nacl: Option<NaclId>,
}

/// A subnet.
#[derive(Debug, Clone)]
pub struct Subnet {
    pub meta: Meta,
    pub vpc: Link<VpcId>,
    pub cidr: Attr<Cidr>,
    pub ipv6_cidr: Attr<Cidr>,
    /// The zone as written (`AvailabilityZone`/`AvailabilityZoneId`, `availability_zone`/
    /// `availability_zone_id`); compare zones with [`Zone::same`] or [`Model::same_zone`].
    pub availability_zone: Attr<Zone>,
    pub map_public_ip_on_launch: Attr<bool>,
}

/// An Availability Zone as a file names it. Two zones are comparable only in the same form:
/// names and zone ids map to each other differently in each account, and an index means
/// nothing until the list it indexes is known.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Zone {
    /// A zone name (`eu-west-1a`).
    Name(String),
    /// A zone id (`euw1-az1`).
    ZoneId(String),
    /// Zone `index` of the region's zone list `list`: CloudFormation's
    /// `Fn::Select [i, Fn::GetAZs ""]` (`list` is `Fn::GetAZs` and the region, empty for the
    /// stack's), Terraform's `data.aws_availability_zones.<name>.names[i]` (`list` is the data
    /// source's address). One list has each zone once, so the same index of one list is the
    /// same zone and different indices are different zones.
    Index { list: String, index: u32 },
}

impl Zone {
    /// Whether two zones are the same: certain for the same form (and list), else maybe.
    pub fn same(&self, other: &Zone) -> derived::Tri {
        use derived::Tri;
        let yes_no = |eq: bool| if eq { Tri::Yes } else { Tri::No };
        match (self, other) {
            (Zone::Name(a), Zone::Name(b)) | (Zone::ZoneId(a), Zone::ZoneId(b)) => yes_no(a == b),
            (Zone::Index { list: la, index: a }, Zone::Index { list: lb, index: b }) if la == lb => yes_no(a == b),
            _ => Tri::Maybe,
        }
    }
}

/// As a person reads it in a message: `eu-west-1a`, `euw1-az1`, `Fn::Select [0, Fn::GetAZs ""]`,
/// `data.aws_availability_zones.available.names[0]`.
impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Zone::Name(s) | Zone::ZoneId(s) => f.write_str(s),
            Zone::Index { list, index } if list.starts_with("Fn::GetAZs") => {
                write!(f, "Fn::Select [{index}, {list}]")
            }
            Zone::Index { list, index } => write!(f, "{list}[{index}]"),
        }
    }
}

/// An in-source suppression: rule ids (or prefixes, or `all`) not to report for one
/// resource, or for the whole file when `resource` is `None`.
///
/// The words are kept as written: which rules exist is known only to the run's rule
/// registry (built-ins and user rules), so `rules::suppress` reads them against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub resource: Option<String>,
    /// `Metadata.vpclint.ignore` entries: each word (`all`, an id or an id prefix, exact
    /// case) with its span and its reason (`{id: VPC302, reason: ...}`).
    pub rules: Vec<IgnoreWord>,
    /// A `# vpclint:ignore ...` comment on the resource's line or the line above: its text
    /// after the marker, rule words then a reason.
    pub comment: Option<String>,
    pub span: Span,
}

/// One rule word of a suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreWord {
    pub word: String,
    pub span: Span,
    pub reason: Option<String>,
}

/// What an [`Infrastructure`] object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfrastructureKind {
    /// A transit gateway VPC attachment or a Cloud WAN VPC attachment: its subnets carry
    /// traffic between this VPC and others.
    TransitAttachment,
    /// An AWS Network Firewall: its subnets hold the firewall endpoints that inspect other
    /// subnets' traffic.
    Firewall,
}

/// Network infrastructure that puts interfaces in subnets, carrying other subnets' or other
/// VPCs' traffic rather than running workloads. (Gateway Load Balancer endpoints are
/// [`Endpoint`]s of that type.)
#[derive(Debug, Clone)]
pub struct Infrastructure {
    pub meta: Meta,
    pub kind: InfrastructureKind,
    pub vpc: Link<VpcId>,
    pub subnets: LinkList<SubnetId>,
}

/// A DynamoDB table the file declares (`AWS::DynamoDB::Table`, `AWS::DynamoDB::GlobalTable`,
/// `aws_dynamodb_table`): a sign that workloads of the file's VPCs talk to DynamoDB.
#[derive(Debug, Clone)]
pub struct DynamoDbTable {
    pub meta: Meta,
    /// A Terraform state lock table (hash key `LockID`): Terraform itself uses it, from
    /// wherever it runs, not the workloads of the VPC.
    pub state_lock: bool,
}

/// A resource whose existence or properties rest on conditions decided with parameter
/// defaults: a deployment with other parameter values may differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    pub resource: String,
    /// The whole resource: its logical id and its definition.
    pub span: Span,
    /// (parameter, default), sorted.
    pub params: Vec<(String, String)>,
}

/// The VPC model of one file.
#[derive(Debug, Clone)]
pub struct Model {
    pub file: FileId,
    pub tool: Tool,
    /// The deployment region when the file says (Terraform provider configuration), else
    /// the one its subnets' zones imply (see [`Model::finish`]).
    pub region: Option<String>,
    /// When the region is implied by zones: the zone it was read from, one written as a
    /// literal when there is one. Findings that name the region relate it, so a zone that is
    /// a parameter's default is said ([`Assumption`]).
    pub region_zone: Option<Span>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub routes: Vec<Route>,
    pub associations: Vec<Association>,
    /// Gateway (edge) associations: tables that serve a gateway rather than subnets.
    pub gateway_associations: Vec<GatewayAssociation>,
    pub internet_gateways: Vec<InternetGateway>,
    /// Internet gateway attachments, in file order.
    pub igw_attachments: Vec<IgwAttachment>,
    pub nat_gateways: Vec<NatGateway>,
    /// Elastic IP addresses, which NAT gateways' allocations name.
    pub elastic_ips: Vec<ElasticIp>,
    pub endpoints: Vec<Endpoint>,
    pub security_groups: Vec<SecurityGroup>,
    pub sg_rules: Vec<SgRule>,
    pub instance_connect_endpoints: Vec<InstanceConnectEndpoint>,
    /// Instances, launch templates, Auto Scaling groups, functions, ECS services, load
    /// balancers and databases: what wears security groups in subnets.
    pub workloads: Vec<Workload>,
    pub target_groups: Vec<TargetGroup>,
    pub registrations: Vec<Registration>,
    pub listeners: Vec<Listener>,
    /// Transit attachments and firewalls: what occupies subnets to carry other subnets' or
    /// other VPCs' traffic.
    pub infrastructure: Vec<Infrastructure>,
    pub nacls: Vec<Nacl>,
    pub nacl_entries: Vec<NaclEntry>,
    pub nacl_associations: Vec<NaclAssociation>,
    pub other_targets: Vec<OtherTarget>,
    /// DynamoDB tables: not VPC objects, but what VPC305 asks the workloads' traffic about.
    pub dynamodb_tables: Vec<DynamoDbTable>,
    /// Flow logs, in file order.
    pub flow_logs: Vec<FlowLog>,
    /// Flow logs the file declares that are not created, so they count for nothing, but
    /// VPC501 names them: CloudFormation flow logs whose `Condition` is false with the
    /// parameters at their defaults (the finding then says which parameters it rests on), and
    /// Terraform flow logs of the plan's configuration whose `count` or `for_each` gives no
    /// instance (in each module instance, linked through the configuration's references).
    pub flow_logs_not_created: Vec<FlowLogNotCreated>,
    /// The file creates resources vpclint cannot see (CloudFormation `Fn::ForEach` loops):
    /// any association, route, endpoint or rule may exist beyond the ones modelled.
    pub generated_unknown: bool,
    /// Rules the file itself says to skip (CloudFormation `Metadata: {vpclint: {ignore: [...]}}`).
    pub suppressions: Vec<Suppression>,
    /// Resources that hold only under parameter defaults (CloudFormation conditions decided
    /// with defaults): a finding touching one says so.
    pub assumptions: Vec<Assumption>,
    /// [`Model::assumptions`] by span; built by [`Model::finish`].
    assumption_index: assumptions::AssumptionIndex,
    /// CloudFormation's creation order (`DependsOn`, `Ref`, `Fn::GetAtt`, `Fn::Sub`), one
    /// node per resource of the template; empty for Terraform plans, and for templates with
    /// no route through an internet gateway or no gateway attachment (the only question
    /// asked of it is whether such a route waits for the attachment). See [`dependencies`].
    pub dependencies: dependencies::Dependencies,
    /// Facts derived from the objects above; filled by [`Model::finish`].
    pub derived: derived::Derived,
}

impl Model {
    /// Computes the derived facts; loaders call this once the objects are complete.
    pub fn finish(&mut self) {
        self.assumption_index = assumptions::AssumptionIndex::new(&self.assumptions);
        if self.region.is_none() {
            if let Some((region, zone)) = self.region_from_zones() {
                self.region = Some(region);
                self.region_zone = Some(zone);
            }
        }
        // A listener rule forwards for its listener's load balancer.
        for l in 0..self.listeners.len() {
            let Some(rule) = self.listeners.get(l) else { continue };
            let lb = match &rule.listener {
                Link::To(parent) => self.listeners.get(parent.index()).map(|p| p.load_balancer.clone()),
                Link::Absent => continue,
                _ => Some(Link::Unknown),
            };
            if let (Some(lb), Some(rule)) = (lb, self.listeners.get_mut(l)) {
                rule.load_balancer = lb;
            }
        }
        self.derived = derived::Derived::compute(self);
    }

    /// The region the subnets' literal availability zones imply (`eu-west-1a` is in
    /// `eu-west-1`), when they all agree: a template or plan deploys to one region, and its
    /// subnets must be in it. Zone ids (`use1-az1`) say nothing and are ignored. With the
    /// region, the span of a zone that implies it: the first that rests on no parameter
    /// default, else the first.
    fn region_from_zones(&self) -> Option<(String, Span)> {
        let mut region: Option<(String, Span)> = None;
        let assumed = |span: Span| self.assumptions_holding(span).next().is_some();
        for s in &self.subnets {
            let Some(Zone::Name(az)) = s.availability_zone.known() else { continue };
            let Some(r) = region_of_zone(az) else { continue };
            let span = s.availability_zone.span;
            match &mut region {
                None => region = Some((r, span)),
                Some((existing, _)) if *existing != r => return None,
                Some((_, first)) => {
                    if assumed(*first) && !assumed(span) {
                        *first = span;
                    }
                }
            }
        }
        region
    }

    /// The assumptions whose span holds `span`, innermost first: the parameter defaults a
    /// finding there rests on.
    pub fn assumptions_holding(&self, span: Span) -> impl Iterator<Item = &Assumption> {
        self.assumption_index.holding(span).filter_map(|i| self.assumptions.get(i))
    }

    /// An empty model for `file`.
    pub fn new(file: FileId, tool: Tool) -> Model {
        Model {
            file,
            tool,
            region: None,
            region_zone: None,
            vpcs: Vec::new(),
            subnets: Vec::new(),
            route_tables: Vec::new(),
            routes: Vec::new(),
            associations: Vec::new(),
            gateway_associations: Vec::new(),
            internet_gateways: Vec::new(),
            igw_attachments: Vec::new(),
            nat_gateways: Vec::new(),
            elastic_ips: Vec::new(),
            endpoints: Vec::new(),
            security_groups: Vec::new(),
            sg_rules: Vec::new(),
            instance_connect_endpoints: Vec::new(),
            workloads: Vec::new(),
            target_groups: Vec::new(),
            registrations: Vec::new(),
            listeners: Vec::new(),
            nacls: Vec::new(),
            nacl_entries: Vec::new(),
            nacl_associations: Vec::new(),
            other_targets: Vec::new(),
            dynamodb_tables: Vec::new(),
            flow_logs: Vec::new(),
            flow_logs_not_created: Vec::new(),
            generated_unknown: false,
            suppressions: Vec::new(),
            infrastructure: Vec::new(),
            assumptions: Vec::new(),
            assumption_index: assumptions::AssumptionIndex::default(),
            dependencies: dependencies::Dependencies::default(),
            derived: derived::Derived::default(),
        }
    }

    /// Number of objects, for statistics and complexity tests.
    pub fn object_count(&self) -> usize {
        self.vpcs.len()
            + self.subnets.len()
            + self.route_tables.len()
            + self.routes.len()
            + self.associations.len()
            + self.gateway_associations.len()
            + self.internet_gateways.len()
            + self.igw_attachments.len()
            + self.nat_gateways.len()
            + self.elastic_ips.len()
            + self.endpoints.len()
            + self.security_groups.len()
            + self.sg_rules.len()
            + self.instance_connect_endpoints.len()
            + self.workloads.len()
            + self.target_groups.len()
            + self.registrations.len()
            + self.listeners.len()
            + self.nacls.len()
            + self.nacl_entries.len()
            + self.nacl_associations.len()
            + self.other_targets.len()
            + self.flow_logs.len()
    }
}

macro_rules! getters {
    ($($fn:ident: $id:ty => $field:ident: $ty:ty),* $(,)?) => {
        impl Model {$(
            #[doc = concat!("The `", stringify!($ty), "` with this id.")]
            pub fn $fn(&self, id: $id) -> Option<&$ty> {
                crate::work::tick(1);
                self.$field.get(id.index())
            }
        )*}
    };
}

getters!(
    vpc: VpcId => vpcs: Vpc,
    subnet: SubnetId => subnets: Subnet,
    route_table: RouteTableId => route_tables: RouteTable,
    route: RouteId => routes: Route,
    nat_gateway: NatId => nat_gateways: NatGateway,
    elastic_ip: EipId => elastic_ips: ElasticIp,
    endpoint: EndpointId => endpoints: Endpoint,
    security_group: SgId => security_groups: SecurityGroup,
    sg_rule: SgRuleId => sg_rules: SgRule,
    internet_gateway: IgwId => internet_gateways: InternetGateway,
    nacl: NaclId => nacls: Nacl,
    workload: WorkloadId => workloads: Workload,
    target_group: TargetGroupId => target_groups: TargetGroup,
    listener: ListenerId => listeners: Listener,
);

/// The region of an availability zone name: `eu-west-1a` -> `eu-west-1`,
/// `us-gov-west-1b` -> `us-gov-west-1`, local zone `us-west-2-lax-1a` -> `us-west-2`.
/// Zone ids (`use1-az1`) and anything else give `None`.
pub fn region_of_zone(az: &str) -> Option<String> {
    let mut parts = Vec::new();
    for part in az.split('-') {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            if !part.chars().all(|c| c.is_ascii_lowercase()) || part.is_empty() {
                return None;
            }
            parts.push(part.to_string());
            continue;
        }
        // The first part starting with a digit ends the region: `1a` (a zone letter
        // follows) or `2` (a local or Wavelength zone follows).
        let rest = &part[digits.len()..];
        if !rest.chars().all(|c| c.is_ascii_lowercase()) || parts.len() < 2 {
            return None;
        }
        parts.push(digits);
        return Some(parts.join("-"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::region_of_zone;

    #[test]
    fn zones_to_regions() {
        assert_eq!(region_of_zone("eu-west-1a").as_deref(), Some("eu-west-1"));
        assert_eq!(region_of_zone("us-gov-west-1b").as_deref(), Some("us-gov-west-1"));
        assert_eq!(region_of_zone("us-west-2-lax-1a").as_deref(), Some("us-west-2"));
        assert_eq!(region_of_zone("ap-southeast-2c").as_deref(), Some("ap-southeast-2"));
        assert_eq!(region_of_zone("use1-az1"), None);
        assert_eq!(region_of_zone("us-east-1"), Some("us-east-1".to_string()));
        assert_eq!(region_of_zone("nonsense"), None);
        assert_eq!(region_of_zone("${AWS::Region}a"), None);
    }
}
