//! Routing objects of the model: route tables, routes and their associations, internet
//! gateways and their attachments, NAT gateways and Elastic IPs, the other route targets
//! (peering connections, transit gateways ...), and flow logs.

use super::*;

/// A route table: declared, or the implicit main table of a VPC.
#[derive(Debug, Clone)]
pub struct RouteTable {
    pub meta: Meta,
    pub vpc: Link<VpcId>,
    /// Set when this table is synthesized: the main table AWS creates with the VPC.
    pub implicit_main_of: Option<VpcId>,
    /// False when routes may exist that the model cannot see (an existing VPC's main
    /// table, an inline route list that is unknown).
    pub routes_known: bool,
}

/// Where a route sends traffic.
#[derive(Debug, Clone)]
pub enum Destination {
    Cidr(Cidr),
    /// A managed prefix list (`pl-...`), named by id or unknown.
    PrefixList(Val<String>),
}

/// The kind of a route target, classified by the referenced resource's type or id prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetKind {
    Local,
    InternetGateway,
    VirtualPrivateGateway,
    NatGateway,
    NatInstance,
    EgressOnlyInternetGateway,
    TransitGateway,
    Peering,
    NetworkInterface,
    GatewayEndpoint,
    GatewayLoadBalancerEndpoint,
    CarrierGateway,
    LocalGateway,
    CoreNetwork,
    Unknown,
}

impl TargetKind {
    /// Words for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            TargetKind::Local => "the local route",
            TargetKind::InternetGateway => "an internet gateway",
            TargetKind::VirtualPrivateGateway => "a virtual private gateway",
            TargetKind::NatGateway => "a NAT gateway",
            TargetKind::NatInstance => "a NAT instance",
            TargetKind::EgressOnlyInternetGateway => "an egress-only internet gateway",
            TargetKind::TransitGateway => "a transit gateway",
            TargetKind::Peering => "a VPC peering connection",
            TargetKind::NetworkInterface => "a network interface",
            TargetKind::GatewayEndpoint => "a gateway endpoint",
            TargetKind::GatewayLoadBalancerEndpoint => "a Gateway Load Balancer endpoint",
            TargetKind::CarrierGateway => "a carrier gateway",
            TargetKind::LocalGateway => "a local gateway",
            TargetKind::CoreNetwork => "a Cloud WAN core network",
            TargetKind::Unknown => "an unknown target",
        }
    }

    /// Classifies a literal id by its prefix (`igw-`, `nat-`, ...).
    pub fn from_id(id: &str) -> TargetKind {
        let prefix = id.split('-').next().unwrap_or("");
        match prefix {
            "local" => TargetKind::Local,
            "igw" => TargetKind::InternetGateway,
            "vgw" => TargetKind::VirtualPrivateGateway,
            "nat" => TargetKind::NatGateway,
            "i" => TargetKind::NatInstance,
            "eigw" => TargetKind::EgressOnlyInternetGateway,
            "tgw" => TargetKind::TransitGateway,
            "pcx" => TargetKind::Peering,
            "eni" => TargetKind::NetworkInterface,
            "vpce" => TargetKind::GatewayLoadBalancerEndpoint,
            "cagw" => TargetKind::CarrierGateway,
            "lgw" => TargetKind::LocalGateway,
            _ => TargetKind::Unknown,
        }
    }
}

/// The object a route target links to, when it is in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetRef {
    Igw(IgwId),
    Nat(NatId),
    Endpoint(EndpointId),
    Other(OtherId),
}

/// A route target.
#[derive(Debug, Clone)]
pub struct Target {
    pub kind: TargetKind,
    pub link: Link<TargetRef>,
}

/// A route: a declared route resource, or an inline route block.
#[derive(Debug, Clone)]
pub struct Route {
    pub meta: Meta,
    pub table: Link<RouteTableId>,
    pub destination: Attr<Destination>,
    pub target: Attr<Target>,
    /// The span of the whole route (the resource, or the inline block).
    pub span: Span,
}

/// An explicit subnet-to-route-table association.
#[derive(Debug, Clone)]
pub struct Association {
    pub meta: Meta,
    pub subnet: Link<SubnetId>,
    pub table: Link<RouteTableId>,
    /// Where the subnet is named (`SubnetId`, `subnet_id`), or the resource when it is not.
    pub subnet_span: Span,
}

/// A gateway (edge) route table association: the table routes traffic entering the VPC
/// through an internet or virtual private gateway (`AWS::EC2::GatewayRouteTableAssociation`,
/// `aws_route_table_association.gateway_id`).
#[derive(Debug, Clone)]
pub struct GatewayAssociation {
    pub meta: Meta,
    pub table: Link<RouteTableId>,
    /// The gateway whose incoming traffic the table routes (`GatewayId`, `gateway_id`): an
    /// internet gateway, or a virtual private gateway (an [`OtherTarget`]).
    pub gateway: Link<TargetRef>,
}

/// An internet gateway's attachment to a VPC: `AWS::EC2::VPCGatewayAttachment` with
/// `InternetGatewayId`, `aws_internet_gateway_attachment`, or `aws_internet_gateway.vpc_id`.
#[derive(Debug, Clone)]
pub struct IgwAttachment {
    /// The attachment resource (for Terraform's `vpc_id`, the gateway itself).
    pub meta: Meta,
    pub igw: Link<IgwId>,
    pub vpc: Link<VpcId>,
    /// Where the attachment names the gateway (`InternetGatewayId`), or the VPC
    /// (`vpc_id` of `aws_internet_gateway`); the resource when neither is written.
    pub span: Span,
}

/// An internet gateway and the VPC it is attached to.
#[derive(Debug, Clone)]
pub struct InternetGateway {
    pub meta: Meta,
    pub vpc: Link<VpcId>,
}

/// A NAT gateway.
#[derive(Debug, Clone)]
pub struct NatGateway {
    pub meta: Meta,
    pub subnet: Link<SubnetId>,
    /// Where the subnet is named (`SubnetId`, `subnet_id`), or the resource when it is not.
    pub subnet_span: Span,
    pub vpc: Link<VpcId>,
    /// Public (the default) or private connectivity.
    pub public: Attr<bool>,
    /// A regional NAT gateway has no subnet.
    pub regional: bool,
    /// Whether an Elastic IP allocation is given (`AllocationId`, `allocation_id`): known
    /// true or false, unknown when it depends on a condition or on configuration vpclint
    /// cannot see. The span is the property's, or the resource's when it is not written.
    pub allocation: Attr<bool>,
    /// The Elastic IP the allocation names: `!GetAtt Eip.AllocationId`, `aws_eip.nat.id`
    /// (or `.allocation_id`); an `eipalloc-` id or a parameter is [`Link::External`]. Absent
    /// when no allocation is given.
    pub eip: Link<EipId>,
}

/// An Elastic IP address (`AWS::EC2::EIP`, `aws_eip`).
#[derive(Debug, Clone)]
pub struct ElasticIp {
    pub meta: Meta,
    /// `Domain` / `domain` as written: `vpc`, or `standard` (EC2-Classic, retired); a
    /// Terraform `vpc = false` reads as `standard`. Unset, `vpc`: AWS allocates every new
    /// address for use in a VPC ([`Origin::Default`]).
    pub domain: Attr<String>,
}

/// A route target that is neither a gateway nor an endpoint of the model (a transit
/// gateway, peering connection, instance, network interface ...), kept so links resolve.
#[derive(Debug, Clone)]
pub struct OtherTarget {
    pub meta: Meta,
    pub kind: TargetKind,
    /// The VPC it belongs to, where the resource names one (an egress-only internet
    /// gateway's `VpcId`, a peering connection's requester VPC); absent otherwise.
    pub vpc: Link<VpcId>,
    /// A peering connection's accepter VPC (`PeerVpcId`, `peer_vpc_id`); absent otherwise.
    pub peer_vpc: Link<VpcId>,
}

/// What kind of resource a flow log captures the traffic of: CloudFormation's `ResourceType`;
/// in Terraform, which of `vpc_id`, `subnet_id`, `eni_id`, `transit_gateway_id`,
/// `transit_gateway_attachment_id` and `regional_nat_gateway_id` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlowLogResourceType {
    Vpc,
    Subnet,
    NetworkInterface,
    TransitGateway,
    TransitGatewayAttachment,
    RegionalNatGateway,
}

impl FlowLogResourceType {
    /// Parses CloudFormation's spelling (`VPC`, `Subnet`, `NetworkInterface`,
    /// `TransitGateway`, `TransitGatewayAttachment`, `RegionalNatGateway`), case-insensitively.
    pub fn parse(s: &str) -> Option<FlowLogResourceType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "vpc" => FlowLogResourceType::Vpc,
            "subnet" => FlowLogResourceType::Subnet,
            "networkinterface" => FlowLogResourceType::NetworkInterface,
            "transitgateway" => FlowLogResourceType::TransitGateway,
            "transitgatewayattachment" => FlowLogResourceType::TransitGatewayAttachment,
            "regionalnatgateway" => FlowLogResourceType::RegionalNatGateway,
            _ => return None,
        })
    }
}

/// The model object a flow log's resource links to: a VPC, a subnet, or a network interface
/// or transit gateway (kept as [`OtherTarget`]s). Transit gateway attachments and NAT gateways
/// are not linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlowLogRef {
    Vpc(VpcId),
    Subnet(SubnetId),
    Other(OtherId),
}

/// A flow log (`AWS::EC2::FlowLog`, `aws_flow_log`) and the resource whose traffic it captures.
#[derive(Debug, Clone)]
pub struct FlowLog {
    pub meta: Meta,
    /// Unknown when `ResourceType` is a parameter without default or not a type vpclint knows.
    pub resource_type: Attr<FlowLogResourceType>,
    /// The logged resource (`ResourceId`; `vpc_id`, `subnet_id` ...). A parameter, an import
    /// or a literal id that names nothing in the file is [`Link::External`].
    pub resource: Link<FlowLogRef>,
    /// Where the resource is named (`ResourceId`, `vpc_id` ...), or the flow log's own span
    /// when it is not.
    pub resource_span: Span,
}

impl FlowLog {
    /// Whether the flow log may be of a resource of type `ty`: its type is `ty`, or unknown
    /// (then the link says: a VPC's `Ref` is a VPC id whatever the type).
    pub fn may_be_of(&self, ty: FlowLogResourceType) -> bool {
        match &self.resource_type.val {
            Val::Known(t) => *t == ty,
            Val::Unknown | Val::Absent => true,
        }
    }
}

/// A flow log the file declares that is not created (see [`Model::flow_logs_not_created`]).
#[derive(Debug, Clone)]
pub struct FlowLogNotCreated {
    pub flow_log: FlowLog,
    pub why: NotCreated,
}

/// Why a declared flow log is not created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCreated {
    /// CloudFormation: its `Condition` is false with the parameters at their defaults (the
    /// model's assumptions name the parameters, at the flow log's span).
    ConditionFalseAtDefaults,
    /// Terraform: the plan's configuration declares it, but its `count` gives no instance.
    NoCountInstance,
    /// Terraform: the plan's configuration declares it, but its `for_each` gives no instance.
    NoForEachInstance,
}
