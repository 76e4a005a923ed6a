//! Route tables, their associations, routes and their targets, NAT gateways.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn route_table(&mut self, i: usize) {
        let meta = self.meta(i);
        let vpc = self.vpc_link(i, "VpcId");
        self.b.model.route_tables.push(RouteTable { meta, vpc, implicit_main_of: None, routes_known: true });
    }

    pub(super) fn association(&mut self, i: usize) {
        let meta = self.meta(i);
        let subnet = self.link_prop(i, "SubnetId", subnet_of);
        let subnet_span = self.t.prop(i, "SubnetId").map_or(meta.span, |n| self.node_span(n));
        let table = self.link_prop(i, "RouteTableId", table_of);
        self.b.model.associations.push(Association { meta, subnet, table, subnet_span });
    }

    pub(super) fn route(&mut self, i: usize) {
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
    pub(super) fn target(&self, v: &V<'t>, by_name: TargetKind) -> Target {
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

    pub(super) fn nat(&mut self, i: usize) {
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
        let allocation = match self.prop(i, "AllocationId") {
            Some((V::OneOf(options), node)) if options.contains(&V::NoValue) => {
                Attr::explicit(Val::Unknown, self.node_span(node))
            }
            // null (a VPC001 of its own) or a value vpclint cannot read
            Some((V::Unknown, node)) => Attr::explicit(Val::Unknown, self.node_span(node)),
            Some((_, node)) => Attr::explicit(Val::Known(true), self.node_span(node)),
            None => Attr::default(false, meta.span),
        };
        let subnet_span = self.t.prop(i, "SubnetId").map_or(meta.span, |n| self.node_span(n));
        let nat = NatGateway {
            subnet: self.link_prop(i, "SubnetId", subnet_of),
            subnet_span,
            allocation,
            vpc: self.vpc_link(i, "VpcId"),
            public,
            regional,
            meta,
        };
        self.b.model.nat_gateways.push(nat);
    }
}
