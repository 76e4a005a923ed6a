//! The JSON form of VPC endpoints: service, zones, DNS options and HTTPS reach from the VPC.

use super::*;

impl<'a> ViewBuilder<'a> {
    pub(super) fn endpoint(&self, e: &Endpoint, https: &mut reach::ClientsHttps<'_>) -> Value {
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
                ("endpoint_type", attr(&e.endpoint_type, serialized)),
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
}
