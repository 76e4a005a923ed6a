//! VPCs and subnets.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn vpc(&mut self, i: usize) {
        let Some(Obj::Vpc(id)) = self.obj.get(i).copied().flatten() else { return };
        let meta = self.meta(i);
        let mut cidrs = Vec::new();
        self.note_defaults(i, "CidrBlock");
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

    pub(super) fn subnet(&mut self, i: usize) {
        let meta = self.meta(i);
        self.note_defaults(i, "CidrBlock");
        self.note_defaults(i, "AvailabilityZone");
        self.note_defaults(i, "AvailabilityZoneId");
        let subnet = Subnet {
            vpc: self.vpc_link(i, "VpcId"),
            cidr: self.cidr_attr(i, "CidrBlock"),
            ipv6_cidr: self.cidr_attr(i, "Ipv6CidrBlock"),
            availability_zone: self.zone_attr(i),
            map_public_ip_on_launch: self.bool_attr(i, "MapPublicIpOnLaunch", Some(false)),
            meta,
        };
        self.b.model.subnets.push(subnet);
    }

    /// An `AWS::EC2::VPCCidrBlock`: a secondary IPv4 block, or an IPv6 block, of its VPC.
    ///
    /// A block vpclint cannot know (an IPAM pool's, one that exists only under a condition
    /// it cannot decide) joins the VPC as unknown, so rules that ask "inside the VPC?" stay
    /// silent; a block whose VPC is one of several, or unknown, joins each VPC it may be of.
    pub(super) fn cidr_block(&mut self, i: usize) {
        let vpcs: Vec<VpcId> = match self.vpc_link(i, "VpcId") {
            Link::To(v) => vec![v],
            Link::OneOf(vs) => vs,
            Link::Unknown => (0..self.b.model.vpcs.len() as u32).map(VpcId).collect(),
            Link::External(_) | Link::Absent => Vec::new(),
        };
        let certain = vpcs.len() == 1 && !self.meta(i).conditional;
        self.note_defaults(i, "CidrBlock");
        let mut cidr = self.cidr_attr(i, "CidrBlock");
        if matches!(cidr.val, Val::Absent) && self.prop(i, "Ipv4IpamPoolId").is_some() {
            cidr = Attr::explicit(Val::Unknown, self.meta_span(i));
        }
        if !certain {
            cidr.val = match cidr.val {
                Val::Absent => Val::Absent,
                _ => Val::Unknown,
            };
        }
        let ipv6 = self.prop(i, "AmazonProvidedIpv6CidrBlock").is_some()
            || self.prop(i, "Ipv6CidrBlock").is_some()
            || self.prop(i, "Ipv6Pool").is_some()
            || self.prop(i, "Ipv6IpamPoolId").is_some();
        for v in vpcs {
            if let Some(vpc) = self.b.model.vpcs.get_mut(v.index()) {
                if !matches!(cidr.val, Val::Absent) {
                    vpc.cidrs.push(cidr.clone());
                }
                if ipv6 && certain {
                    vpc.ipv6 = Val::Known(true);
                } else if ipv6 && vpc.ipv6 == Val::Known(false) {
                    vpc.ipv6 = Val::Unknown;
                }
            }
        }
    }

    /// The subnet's zone: `AvailabilityZone` (a name, or `Fn::Select` over `Fn::GetAZs`),
    /// else `AvailabilityZoneId`; absent when neither is set (AWS picks one).
    fn zone_attr(&self, i: usize) -> Attr<Zone> {
        match self.t.prop(i, "AvailabilityZone") {
            Some(node) => match self.t.zone_index(node) {
                Some((list, index)) => Attr::explicit(Val::Known(Zone::Index { list, index }), self.node_span(node)),
                None => self.string_attr(i, "AvailabilityZone").map(Zone::Name),
            },
            None => self.string_attr(i, "AvailabilityZoneId").map(Zone::ZoneId),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::clean_model as model;
    use crate::model::derived::Tri;
    use crate::model::{SubnetId, Zone};

    #[test]
    fn subnet_zones_by_name_zone_id_and_get_azs_index() {
        let m = model(
            r#"
Parameters:
  Second: {Type: Number, Default: 1}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  B: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: {"Fn::Select": ["0", {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}}}
  C: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: !Select [!Ref Second, !GetAZs ""]}}
  D: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.3.0/24, AvailabilityZone: eu-west-1a}}
  E: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.4.0/24, AvailabilityZoneId: euw1-az1}}
  F: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.5.0/24, AvailabilityZone: !Select [0, !GetAZs us-east-1]}}
  G: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.6.0/24, AvailabilityZone: !ImportValue az}}
  H: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.7.0/24}}
"#,
        );
        let s = |i: u32| SubnetId(i);
        let stack = |index| Some(Zone::Index { list: "Fn::GetAZs \"\"".to_string(), index });
        assert_eq!(m.zone_of(s(0)).cloned(), stack(0));
        assert_eq!(m.zone_of(s(1)).cloned(), stack(0));
        assert_eq!(m.zone_of(s(2)).cloned(), stack(1));
        assert_eq!(m.zone_of(s(3)).cloned(), Some(Zone::Name("eu-west-1a".to_string())));
        assert_eq!(m.zone_of(s(4)).cloned(), Some(Zone::ZoneId("euw1-az1".to_string())));
        assert_eq!(m.zone_of(s(5)).map(ToString::to_string).as_deref(), Some("Fn::Select [0, Fn::GetAZs us-east-1]"));
        assert_eq!(m.zone_of(s(6)), None);
        assert_eq!(m.zone_of(s(7)), None);
        assert_eq!(m.same_zone(s(0), s(1)), Tri::Yes);
        assert_eq!(m.same_zone(s(0), s(2)), Tri::No);
        assert_eq!(m.same_zone(s(0), s(3)), Tri::Maybe, "an index and a name cannot be compared");
        assert_eq!(m.same_zone(s(0), s(5)), Tri::Maybe, "indices of different lists");
        assert_eq!(m.same_zone(s(0), s(7)), Tri::Maybe);
        assert_eq!(m.zone_of(s(0)).map(ToString::to_string).as_deref(), Some("Fn::Select [0, Fn::GetAZs \"\"]"));
    }
}
