//! Route tables, their associations, routes and their targets, NAT gateways and the
//! Elastic IPs they take.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn route_table(&mut self, i: usize) {
        let meta = self.meta(i);
        let vpc = self.vpc_link(i, "VpcId");
        self.b.model.route_tables.push(RouteTable { meta, vpc, implicit_main_of: None, routes_known: true });
    }

    pub(super) fn association(&mut self, i: usize) {
        let meta = self.meta(i);
        let subnet = self.link_prop(i, "SubnetId", Obj::subnet);
        let subnet_span = self.t.prop(i, "SubnetId").map_or(meta.span, |n| self.node_span(n));
        let table = self.link_prop(i, "RouteTableId", Obj::route_table);
        self.b.model.associations.push(Association { meta, subnet, table, subnet_span });
    }

    pub(super) fn route(&mut self, i: usize) {
        let meta = self.meta(i);
        let table = self.link_prop(i, "RouteTableId", Obj::route_table);
        let destination = if let Some((v, node)) = self.prop(i, "DestinationCidrBlock") {
            Attr::explicit(map_val(self.cidr_val(&v, node), Destination::Cidr), self.node_span(node))
        } else if let Some((v, node)) = self.prop(i, "DestinationIpv6CidrBlock") {
            Attr::explicit(map_val(self.cidr_val(&v, node), Destination::Cidr), self.node_span(node))
        } else if let Some((v, node)) = self.prop(i, "DestinationPrefixListId") {
            let id = self.string_val(&v);
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
                Target { kind, link: Link::External(External::Id(s.to_string())) }
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
        let public = self.prop_attr(i, "ConnectivityType", Some(true), |v, _| {
            self.parsed(v, |s| keyword_bool(s, "public", "private"))
        });
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
        // `!GetAtt Eip.AllocationId`; an EIP's `Ref` is its public address, not an allocation
        // id (`wrong_reference` says so).
        let eip = match self.prop(i, "AllocationId") {
            Some((v, _)) => self.link(&v, &|_, v, o| match (o, v) {
                (Obj::Eip(e), V::Att(_, attr)) if attr == "AllocationId" => Some(e),
                _ => None,
            }),
            None => Link::Absent,
        };
        let subnet_span = self.t.prop(i, "SubnetId").map_or(meta.span, |n| self.node_span(n));
        let nat = NatGateway {
            subnet: self.link_prop(i, "SubnetId", Obj::subnet),
            subnet_span,
            allocation,
            eip,
            vpc: self.vpc_link(i, "VpcId"),
            public,
            regional,
            meta,
        };
        self.b.model.nat_gateways.push(nat);
    }

    pub(super) fn elastic_ip(&mut self, i: usize) {
        let meta = self.meta(i);
        let domain = self.prop_attr(i, "Domain", Some("vpc".to_string()), |v, _| self.string_val(v));
        self.b.model.elastic_ips.push(ElasticIp { meta, domain });
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{Loaded, load_text};
    use crate::model::*;
    use crate::source::FileId;

    #[test]
    fn nat_gateways_link_the_elastic_ip_whose_allocation_id_they_take() {
        let text = r#"
Parameters:
  Allocation: {Type: String}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Public: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Eip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Unset: {Type: AWS::EC2::EIP}
  ByAttribute: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: !Ref Public, AllocationId: !GetAtt Eip.AllocationId}}
  ByParameter: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: !Ref Public, AllocationId: !Ref Allocation}}
  ById: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: !Ref Public, AllocationId: eipalloc-0123456789abcdef0}}
  ByRef: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: !Ref Public, AllocationId: !Ref Unset}}
  Private: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: !Ref Public, ConnectivityType: private}}
"#;
        let Loaded::Model { model: m, problems, .. } = load_text(text, FileId(0)) else { panic!("not a template") };
        let links: Vec<(&str, Link<EipId>, Val<bool>)> =
            m.nat_gateways.iter().map(|n| (n.meta.name.as_str(), n.eip.clone(), n.allocation.val.clone())).collect();
        assert_eq!(
            links,
            [
                ("ByAttribute", Link::To(EipId(0)), Val::Known(true)),
                (
                    "ByParameter",
                    Link::External(External::Parameter { name: "Allocation".to_string(), ssm: false }),
                    Val::Known(true)
                ),
                ("ById", Link::External(External::Id("eipalloc-0123456789abcdef0".to_string())), Val::Known(true)),
                // An EIP's `Ref` is its public address: CreateNatGateway refuses it. The
                // allocation is still written, so VPC404 reads it as given.
                ("ByRef", Link::Unknown, Val::Known(true)),
                ("Private", Link::Absent, Val::Known(false)),
            ]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("`AllocationId` refers to `Unset`, an `AWS::EC2::EIP`"), "{problems:?}");
        let domains: Vec<(&str, Val<String>, Origin)> =
            m.elastic_ips.iter().map(|e| (e.meta.name.as_str(), e.domain.val.clone(), e.domain.origin)).collect();
        assert_eq!(
            domains,
            [
                ("Eip", Val::Known("vpc".to_string()), Origin::Explicit),
                ("Unset", Val::Known("vpc".to_string()), Origin::Default)
            ]
        );
    }
}
