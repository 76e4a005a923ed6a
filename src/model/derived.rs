//! Facts that several rules need, computed once per model in linear time: each subnet's
//! effective route table, routes and gateway endpoints per table, rules per security group,
//! the route that same-region S3 traffic takes from a table, and the zone of a subnet.

use super::*;

/// How a subnet is associated with a route table.
#[derive(Debug, Clone, PartialEq)]
pub enum AssociationState {
    /// Exactly one association certainly names the subnet.
    Explicit(AssociationId),
    /// Some association may name it (its subnet reference is not certain).
    Maybe,
    /// No association names it: the subnet uses its VPC's main route table.
    None,
}

/// The per-model index of derived facts.
///
/// Everything here is computed in time linear in the model's size: facts about one table
/// or group are indexed by it, and "may be anywhere" facts (an unknown table or group) are
/// folded into one flag instead of being rescanned per table.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Per subnet: its explicit association, if any.
    pub association: IdVec<SubnetId, AssociationState>,
    /// Per subnet: the associations that certainly name it and certainly exist, in model
    /// order (more than one is a deploy error, VPC106).
    pub associations_by_subnet: IdVec<SubnetId, Vec<AssociationId>>,
    /// Per subnet: the table that routes it (explicit association, else the VPC's main table).
    pub effective_table: IdVec<SubnetId, Link<RouteTableId>>,
    /// Per table: routes that certainly belong to it.
    pub routes_by_table: IdVec<RouteTableId, Vec<RouteId>>,
    /// Per table: routes that may belong to it (their table is one of several).
    pub maybe_routes_by_table: IdVec<RouteTableId, Vec<RouteId>>,
    /// Routes whose table is unknown: they may belong to any table.
    pub anywhere_routes: Vec<RouteId>,
    /// Per table: endpoints whose route table list certainly contains it.
    pub endpoints_by_table: IdVec<RouteTableId, Vec<EndpointId>>,
    /// Per table: endpoints whose route table list may contain it.
    pub maybe_endpoints_by_table: IdVec<RouteTableId, Vec<EndpointId>>,
    /// Endpoints whose route table list is not fully known: they may be on any table.
    pub anywhere_endpoints: Vec<EndpointId>,
    /// Per security group: rules that certainly belong to it.
    pub rules_by_group: IdVec<SgId, Vec<SgRuleId>>,
    /// Per security group: rules that may belong to it.
    pub maybe_rules_by_group: IdVec<SgId, Vec<SgRuleId>>,
    /// Rules whose group is unknown: they may belong to any group.
    pub anywhere_rules: Vec<SgRuleId>,
    /// Per VPC: its subnets.
    pub subnets_by_vpc: IdVec<VpcId, Vec<SubnetId>>,
    /// Per table: its default IPv4 route (`0.0.0.0/0`).
    pub default_routes: IdVec<RouteTableId, DefaultRoute>,
    /// Per table: where same-region S3 traffic from it goes.
    pub s3_paths: IdVec<RouteTableId, S3Path>,
}

/// A route table's default IPv4 route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultRoute {
    /// This route, certainly.
    Route(RouteId),
    /// The table certainly has none.
    None,
    /// Cannot be determined statically (routes that may be anywhere, a conditional default
    /// route, a destination that is unknown, routes the file cannot see).
    Unknown,
}

/// Where same-region S3 traffic (or traffic to another service with gateway endpoints, see
/// [`Model::gateway_paths`]) from a route table goes.
#[derive(Debug, Clone, PartialEq)]
pub enum S3Path {
    /// Through this gateway endpoint's prefix-list route.
    Endpoint(EndpointId),
    /// Through this route (the longest prefix that covers S3's public addresses).
    Route(RouteId),
    /// No route covers it: the traffic is dropped.
    NoRoute,
    /// Cannot be determined statically.
    Unknown,
}

/// Whether something is certainly, possibly, or certainly not the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    Yes,
    Maybe,
    No,
}

fn push_at<K: Id, I: Copy>(lists: &mut IdVec<K, Vec<I>>, at: K, id: I) {
    crate::work::tick(1);
    if let Some(list) = lists.of_mut(at) {
        list.push(id);
    }
}

/// Per owner (a table, a group), the objects filed under it.
type PerOwner<K, I> = IdVec<K, Vec<I>>;

/// Objects filed by the owner each one's link names (routes by table, rules by group), one
/// link per object in model order: per owner, the objects that certainly belong to it and
/// those that may (their link is one of several); then the objects whose owner is unknown,
/// which may belong to any. A link outside the file, or none, files nothing.
fn by_owner<'m, K: Id + 'm, I: Id>(
    owners: usize,
    links: impl Iterator<Item = &'m Link<K>>,
) -> (PerOwner<K, I>, PerOwner<K, I>, Vec<I>) {
    let (mut certain, mut maybe, mut anywhere) =
        (IdVec::filled(owners, Vec::new()), IdVec::filled(owners, Vec::new()), Vec::new());
    for (i, link) in links.enumerate() {
        let id = I::from_index(i);
        match link {
            Link::To(k) => push_at(&mut certain, *k, id),
            Link::OneOf(ks) => ks.iter().for_each(|&k| push_at(&mut maybe, k, id)),
            Link::Unknown => anywhere.push(id),
            Link::External(_) | Link::Absent => {}
        }
    }
    (certain, maybe, anywhere)
}

impl Derived {
    /// Computes the index for `m`.
    pub fn compute(m: &Model) -> Derived {
        let tables = m.route_tables.len();
        let mut d = Derived {
            association: IdVec::filled(m.subnets.len(), AssociationState::None),
            associations_by_subnet: IdVec::filled(m.subnets.len(), Vec::new()),
            endpoints_by_table: IdVec::filled(tables, Vec::new()),
            maybe_endpoints_by_table: IdVec::filled(tables, Vec::new()),
            subnets_by_vpc: IdVec::filled(m.vpcs.len(), Vec::new()),
            ..Derived::default()
        };

        let mut maybe_all_subnets = false;
        for (i, a) in m.associations.iter().enumerate() {
            crate::work::tick(1);
            let id = AssociationId(i as u32);
            match &a.subnet {
                Link::To(s) if !a.meta.conditional => {
                    push_at(&mut d.associations_by_subnet, *s, id);
                    if let Some(slot) = d.association.of_mut(*s) {
                        *slot = match slot {
                            // two associations for one subnet: a deploy error; keep the first
                            AssociationState::Explicit(first) => AssociationState::Explicit(*first),
                            _ => AssociationState::Explicit(id),
                        };
                    }
                }
                Link::To(s) => mark_maybe(&mut d.association, *s),
                Link::OneOf(v) => v.iter().for_each(|s| mark_maybe(&mut d.association, *s)),
                Link::Unknown => maybe_all_subnets = true,
                Link::External(_) | Link::Absent => {}
            }
        }
        if maybe_all_subnets || m.generated_unknown {
            for slot in d.association.values_mut() {
                if *slot == AssociationState::None {
                    *slot = AssociationState::Maybe;
                }
            }
        }

        for (id, s) in enumerate::<_, SubnetId>(&m.subnets) {
            crate::work::tick(1);
            if let Some(v) = s.vpc.to() {
                push_at(&mut d.subnets_by_vpc, v, id);
            }
            let table = match d.association.of(id) {
                Some(AssociationState::Explicit(a)) => {
                    m.associations.get(a.index()).map_or(Link::Unknown, |a| a.table.clone())
                }
                Some(AssociationState::None) => match s.vpc.to().and_then(|v| m.vpc(v)) {
                    Some(vpc) => vpc.main_route_table.clone(),
                    None => Link::Unknown,
                },
                _ => Link::Unknown,
            };
            d.effective_table.push(table);
        }

        (d.routes_by_table, d.maybe_routes_by_table, d.anywhere_routes) =
            by_owner(tables, m.routes.iter().map(|r| &r.table));

        // The endpoint that last listed each table, so a table listed twice by one endpoint
        // counts once, in time linear in the lists (an endpoint may list every table).
        let mut listed_by: Vec<u32> = vec![u32::MAX; tables];
        for (i, e) in m.endpoints.iter().enumerate() {
            let id = EndpointId(i as u32);
            let mut anywhere = e.route_tables.state == ListState::Partial;
            for item in &e.route_tables.items {
                crate::work::tick(1);
                match &item.link {
                    Link::To(t) if listed_by.get(t.index()).is_some_and(|&by| by != i as u32) => {
                        if let Some(by) = listed_by.get_mut(t.index()) {
                            *by = i as u32;
                        }
                        if e.meta.conditional {
                            push_at(&mut d.maybe_endpoints_by_table, *t, id);
                        } else {
                            push_at(&mut d.endpoints_by_table, *t, id);
                        }
                    }
                    Link::OneOf(ts) => ts.iter().for_each(|&t| push_at(&mut d.maybe_endpoints_by_table, t, id)),
                    Link::Unknown => anywhere = true,
                    Link::To(_) | Link::External(_) | Link::Absent => {}
                }
            }
            if anywhere {
                d.anywhere_endpoints.push(id);
            }
        }

        (d.rules_by_group, d.maybe_rules_by_group, d.anywhere_rules) =
            by_owner(m.security_groups.len(), m.sg_rules.iter().map(|r| &r.group));

        d.default_routes = default_routes(m, &d);
        d.s3_paths = s3_paths(m, &d);
        d
    }
}

/// The S3 path of every table, in one pass over routes and endpoints.
///
/// In-region S3 traffic takes the S3 gateway endpoint's prefix-list route when the table
/// has one, because the service's prefix is more specific than `0.0.0.0/0` (PrivateLink
/// guide, gateway endpoints). Otherwise it takes the default IPv4 route. Routes to other
/// public prefixes that might cover part of S3 are not considered.
fn s3_paths(m: &Model, d: &Derived) -> IdVec<RouteTableId, S3Path> {
    gateway_paths(m, d, "s3")
}

/// The path of same-region traffic to `service` (`s3`, `dynamodb`: the services with
/// gateway endpoints) from every table, in one pass over routes and endpoints.
fn gateway_paths(m: &Model, d: &Derived, service: &str) -> IdVec<RouteTableId, S3Path> {
    if m.generated_unknown {
        return IdVec::filled(m.route_tables.len(), S3Path::Unknown);
    }
    // An endpoint that may be on any table and may be for the service makes every table unknown.
    let anywhere =
        d.anywhere_endpoints.iter().filter_map(|&e| m.endpoint(e)).any(|e| m.is_gateway_for(e, service) != Tri::No);
    enumerate::<_, RouteTableId>(&m.route_tables)
        .map(|(table, _)| if anywhere { S3Path::Unknown } else { table_gateway_path(m, d, table, service) })
        .collect()
}

/// The default route of every table, in one pass over each table's routes.
fn default_routes(m: &Model, d: &Derived) -> IdVec<RouteTableId, DefaultRoute> {
    if m.generated_unknown {
        return IdVec::filled(m.route_tables.len(), DefaultRoute::Unknown);
    }
    // A route on an unknown table that may be a default route makes every table without a
    // known default route unknown.
    let default_anywhere = d.anywhere_routes.iter().filter_map(|&r| m.route(r)).any(may_be_default);
    enumerate::<_, RouteTableId>(&m.route_tables)
        .map(|(table, rt)| table_default_route(m, d, table, rt, default_anywhere))
        .collect()
}

fn table_default_route(
    m: &Model,
    d: &Derived,
    table: RouteTableId,
    rt: &RouteTable,
    default_anywhere: bool,
) -> DefaultRoute {
    if !rt.routes_known {
        return DefaultRoute::Unknown;
    }
    // A route whose destination is unknown is usually a specific one (on-premises, a
    // peer); it matters only when no known default route exists, since AWS refuses a
    // second route for the same destination.
    let mut default_route = None;
    let mut unknown_destination = false;
    for &r in d.routes_by_table.list(table) {
        let Some(route) = m.route(r) else { continue };
        match route.destination.known() {
            Some(Destination::Cidr(c)) if c.is_v4() && c.is_default() => {
                if route.meta.conditional {
                    return DefaultRoute::Unknown;
                }
                default_route = Some(r);
            }
            Some(_) => {}
            None => unknown_destination = true,
        }
    }
    if let Some(r) = default_route {
        return DefaultRoute::Route(r);
    }
    let maybe_routes = d.maybe_routes_by_table.list(table);
    if unknown_destination || default_anywhere || maybe_routes.iter().filter_map(|&r| m.route(r)).any(may_be_default) {
        return DefaultRoute::Unknown;
    }
    DefaultRoute::None
}

fn may_be_default(r: &Route) -> bool {
    !matches!(r.destination.known(), Some(Destination::Cidr(c)) if !(c.is_v4() && c.is_default()))
}

/// Without a certain gateway endpoint of `service` on the table, its traffic takes the
/// default route.
fn table_gateway_path(m: &Model, d: &Derived, table: RouteTableId, service: &str) -> S3Path {
    let mut maybe_endpoint = false;
    for &e in d.endpoints_by_table.list(table) {
        let Some(ep) = m.endpoint(e) else { continue };
        match m.is_gateway_for(ep, service) {
            Tri::Yes => return S3Path::Endpoint(e),
            Tri::Maybe => maybe_endpoint = true,
            Tri::No => {}
        }
    }
    for &e in d.maybe_endpoints_by_table.list(table) {
        if m.endpoint(e).is_some_and(|ep| m.is_gateway_for(ep, service) != Tri::No) {
            maybe_endpoint = true;
        }
    }
    if maybe_endpoint {
        return S3Path::Unknown;
    }
    match d.default_routes.of(table) {
        Some(DefaultRoute::Route(r)) => S3Path::Route(*r),
        Some(DefaultRoute::None) => S3Path::NoRoute,
        Some(DefaultRoute::Unknown) | None => S3Path::Unknown,
    }
}

fn mark_maybe(slots: &mut IdVec<SubnetId, AssociationState>, s: SubnetId) {
    if let Some(slot) = slots.of_mut(s) {
        if *slot == AssociationState::None {
            *slot = AssociationState::Maybe;
        }
    }
}

impl ServiceName {
    /// Whether the service part is exactly `name`.
    pub fn is(&self, name: &str) -> bool {
        self.service.as_deref() == Some(name)
    }
}

impl Model {
    /// Whether an endpoint's service is in the deployment's own region.
    pub fn same_region(&self, service: &ServiceName) -> Tri {
        match (&service.region, &self.region) {
            (RegionRef::Deployment, _) => Tri::Yes,
            (RegionRef::Named(r), Some(own)) if r == own => Tri::Yes,
            (RegionRef::Named(_), Some(_)) => Tri::No,
            _ => Tri::Maybe,
        }
    }

    /// Whether the endpoint is an S3 gateway endpoint for the deployment's region.
    pub fn is_s3_gateway(&self, e: &Endpoint) -> Tri {
        self.is_gateway_for(e, "s3")
    }

    /// Whether the endpoint is a gateway endpoint of `service` (`s3`, `dynamodb`) for the
    /// deployment's region.
    pub fn is_gateway_for(&self, e: &Endpoint, service: &str) -> Tri {
        let same = match e.service.known() {
            Some(s) if s.is(service) => self.same_region(s),
            Some(s) if s.service.is_some() => Tri::No,
            _ => Tri::Maybe,
        };
        let gateway = match e.endpoint_type.known() {
            Some(EndpointType::Gateway) => Tri::Yes,
            Some(_) => Tri::No,
            None => Tri::Maybe,
        };
        match (same, gateway) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        }
    }

    /// The route that same-region S3 traffic takes from `table` (computed once per model).
    pub fn s3_path(&self, table: RouteTableId) -> S3Path {
        self.derived.s3_paths.of(table).cloned().unwrap_or(S3Path::Unknown)
    }

    /// The route that same-region traffic to `service` (`s3`, `dynamodb`) takes from every
    /// table, computed in one pass: for S3, prefer [`Model::s3_path`], which is kept.
    pub fn gateway_paths(&self, service: &str) -> IdVec<RouteTableId, S3Path> {
        gateway_paths(self, &self.derived, service)
    }
}

impl Model {
    /// The Availability Zone of a subnet, when the file says which (a name, a zone id, or an
    /// index into the region's zone list); `None` when it is unknown or left to AWS.
    pub fn zone_of(&self, subnet: SubnetId) -> Option<&Zone> {
        self.subnet(subnet).and_then(|s| s.availability_zone.known())
    }

    /// Whether two subnets are in the same Availability Zone: [`Tri::Maybe`] when either zone
    /// is unknown or the two are written in forms that cannot be compared (a name and an
    /// index).
    pub fn same_zone(&self, a: SubnetId, b: SubnetId) -> Tri {
        match (self.zone_of(a), self.zone_of(b)) {
            (Some(x), Some(y)) => x.same(y),
            _ => Tri::Maybe,
        }
    }
}

impl Model {
    /// Whether two service names name the same service in the same region:
    /// `com.amazonaws.eu-west-1.ssm`, `com.amazonaws.${AWS::Region}.ssm` and its `Fn::Join`
    /// form are one service when the deployment's region is `eu-west-1`.
    pub fn same_service(&self, a: &ServiceName, b: &ServiceName) -> Tri {
        let (Some(sa), Some(sb)) = (a.service.as_deref(), b.service.as_deref()) else { return Tri::Maybe };
        if sa != sb {
            return Tri::No;
        }
        match (&a.region, &b.region) {
            (RegionRef::Deployment, RegionRef::Deployment) => Tri::Yes,
            (RegionRef::Named(x), RegionRef::Named(y)) => {
                if x == y {
                    Tri::Yes
                } else {
                    Tri::No
                }
            }
            (RegionRef::Deployment, RegionRef::Named(r)) | (RegionRef::Named(r), RegionRef::Deployment) => {
                match &self.region {
                    Some(own) if own == r => Tri::Yes,
                    Some(_) => Tri::No,
                    None => Tri::Maybe,
                }
            }
            _ => Tri::Maybe,
        }
    }
}

impl Model {
    /// A key that two service names share exactly when they certainly name the same service
    /// in the same region (see [`Model::same_service`]), for grouping endpoints by service in
    /// one pass: the service part and the region, the deployment's own standing for itself
    /// when it is not known. `None` when the service part is unknown.
    pub fn service_key(&self, s: &ServiceName) -> Option<(String, String)> {
        let service = s.service.clone()?;
        let region = match &s.region {
            RegionRef::Deployment => self.region.clone().unwrap_or_default(),
            RegionRef::Named(r) => r.clone(),
            RegionRef::Unknown => return None,
        };
        Some((service, region))
    }

    /// The region an endpoint's service name is in, when known.
    pub fn service_region<'m>(&'m self, s: &'m ServiceName) -> Option<&'m str> {
        match &s.region {
            RegionRef::Named(r) => Some(r.as_str()),
            RegionRef::Deployment => self.region.as_deref(),
            RegionRef::Unknown => None,
        }
    }

    /// Whether `cidr` lies inside one of the IPv4 (or IPv6) blocks of `vpc` that the file
    /// gives: [`Tri::Maybe`] when no block covers it but some block is unknown (an IPAM
    /// pool's, a secondary block under a condition), or the VPC has no block the file says.
    pub fn vpc_covers(&self, vpc: VpcId, cidr: &Cidr) -> Tri {
        let Some(v) = self.vpc(vpc) else { return Tri::Maybe };
        let mut unknown = v.cidrs.is_empty();
        for block in &v.cidrs {
            match block.known() {
                Some(b) if b.contains(cidr) => return Tri::Yes,
                Some(_) => {}
                None => unknown = true,
            }
        }
        if unknown { Tri::Maybe } else { Tri::No }
    }
}

impl TargetKind {
    /// Whether IPv4 traffic sent to a target of this kind can reach the internet through
    /// its VPC's internet gateway: certainly for an internet gateway; certainly not for a NAT
    /// device, a transit gateway, a virtual private gateway, a peering connection or a core
    /// network (the traffic leaves the VPC another way, or has its source rewritten); maybe
    /// for appliances (a network interface, a Gateway Load Balancer or firewall endpoint)
    /// that may forward it to the internet gateway.
    pub fn reaches_igw(self) -> Tri {
        match self {
            TargetKind::InternetGateway => Tri::Yes,
            TargetKind::NatGateway
            | TargetKind::NatInstance
            | TargetKind::TransitGateway
            | TargetKind::VirtualPrivateGateway
            | TargetKind::Peering
            | TargetKind::CoreNetwork
            | TargetKind::EgressOnlyInternetGateway
            | TargetKind::GatewayEndpoint
            | TargetKind::Local => Tri::No,
            TargetKind::NetworkInterface
            | TargetKind::GatewayLoadBalancerEndpoint
            | TargetKind::CarrierGateway
            | TargetKind::LocalGateway
            | TargetKind::Unknown => Tri::Maybe,
        }
    }
}

impl Model {
    /// The default IPv4 route of `table` as computed once per model.
    pub fn default_route(&self, table: RouteTableId) -> DefaultRoute {
        self.derived.default_routes.of(table).copied().unwrap_or(DefaultRoute::Unknown)
    }

    /// Whether `table` sends `0.0.0.0/0` to an internet gateway (see
    /// [`TargetKind::reaches_igw`]): [`Tri::No`] when it certainly has no default route or
    /// one to a target that does not lead there.
    pub fn internet_default_route(&self, table: RouteTableId) -> Tri {
        match self.default_route(table) {
            DefaultRoute::None => Tri::No,
            DefaultRoute::Unknown => Tri::Maybe,
            DefaultRoute::Route(r) => match self.route(r).and_then(|r| r.target.known()) {
                Some(t) => t.kind.reaches_igw(),
                None => Tri::Maybe,
            },
        }
    }

    /// How a message names a route table: `route table `X``, or `the main route table of
    /// `Vpc`` for the one AWS creates.
    pub fn describe_table(&self, table: RouteTableId) -> String {
        match self.route_table(table) {
            Some(t) => match t.implicit_main_of.and_then(|v| self.vpc(v)) {
                Some(v) => format!("the main route table of `{}`", v.meta.name),
                None => format!("route table `{}`", t.meta.name),
            },
            None => "its route table".to_string(),
        }
    }
}
