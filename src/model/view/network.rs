//! The JSON form of VPCs, subnets (with their effective route table, default route, S3 and
//! DynamoDB paths and tier), route tables, routes and NAT gateways.

use super::derived::{AssociationState, DefaultRoute};
use super::*;

impl<'a> ViewBuilder<'a> {
    pub(super) fn vpc(&self, id: VpcId, v: &Vpc) -> Value {
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

    pub(super) fn subnet(&self, id: SubnetId, s: &Subnet) -> Value {
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

    pub(super) fn route_table(&self, id: RouteTableId, t: &RouteTable) -> Value {
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

    pub(super) fn route(&self, r: &Route) -> Value {
        let kind = r.target.known().map_or_else(unknown, |t| serialized(&t.kind));
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

    pub(super) fn nat(&self, n: &NatGateway) -> Value {
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
}
