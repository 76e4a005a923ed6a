//! VPC endpoints and EC2 Instance Connect endpoints.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn endpoint(&mut self, i: usize) {
        let meta = self.meta(i);
        let service = self.prop_attr(i, "ServiceName", None, |v, _| service_name(v));
        let endpoint_type = self.prop_attr(i, "VpcEndpointType", Some(EndpointType::Gateway), |v, node| {
            self.parsed_or_problem(v, node, EndpointType::parse, "a VPC endpoint type")
        });
        let sg_want = |l: &Self, v: &V<'t>, o: Obj| -> Option<SgId> {
            match (v, o) {
                (V::Att(_, attr), Obj::Vpc(vpc)) if attr == "DefaultSecurityGroup" => Some(l.b.default_sg_of(vpc)),
                (_, o) => o.sg(),
            }
        };
        // The API's default for PrivateDnsOnlyForInboundResolverEndpoint is true (S3 user
        // guide, "AWS PrivateLink for Amazon S3"); `NotSpecified` is left unknown.
        let inbound_resolver_only = match self.prop(i, "DnsOptions") {
            None => Attr::default(true, meta.span),
            Some((V::Obj(n), node)) => match self.t.tree.get(n, "PrivateDnsOnlyForInboundResolverEndpoint") {
                None => Attr::default(true, self.node_span(node)),
                Some(k) => {
                    let v = self.t.eval(k);
                    let val = match self.t.string_of(&v).as_deref() {
                        Some("OnlyInboundResolver") => Val::Known(true),
                        Some("AllResolvers") => Val::Known(false),
                        _ => Val::Unknown,
                    };
                    Attr::explicit(val, self.node_span(k))
                }
            },
            Some((_, node)) => Attr::explicit(Val::Unknown, self.node_span(node)),
        };
        let ep = Endpoint {
            vpc: self.vpc_link(i, "VpcId"),
            service,
            endpoint_type,
            route_tables: self.link_list(i, "RouteTableIds", &|_, _, o| o.route_table()),
            subnets: self.link_list(i, "SubnetIds", &|_, _, o| o.subnet()),
            security_groups: self.link_list(i, "SecurityGroupIds", &sg_want),
            private_dns: self.bool_attr(i, "PrivateDnsEnabled", Some(false)),
            inbound_resolver_only,
            policy: self.t.prop(i, "PolicyDocument").map_or(Val::Absent, |n| Val::Known(self.node_span(n))),
            meta,
        };
        self.b.model.endpoints.push(ep);
    }

    pub(super) fn instance_connect(&mut self, i: usize) {
        let meta = self.meta(i);
        let ice = InstanceConnectEndpoint {
            subnet: self.link_prop(i, "SubnetId", Obj::subnet),
            security_groups: self.link_list(i, "SecurityGroupIds", &|_, _, o| o.sg()),
            preserve_client_ip: self.bool_attr(i, "PreserveClientIp", Some(false)),
            meta,
        };
        self.b.model.instance_connect_endpoints.push(ice);
    }
}
