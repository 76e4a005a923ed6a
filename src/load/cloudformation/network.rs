//! VPCs and subnets.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn vpc(&mut self, i: usize) {
        let Some(Obj::Vpc(id)) = self.obj.get(i).copied().flatten() else { return };
        let meta = self.meta(i);
        let mut cidrs = Vec::new();
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
        let subnet = Subnet {
            vpc: self.vpc_link(i, "VpcId"),
            cidr: self.cidr_attr(i, "CidrBlock"),
            ipv6_cidr: self.cidr_attr(i, "Ipv6CidrBlock"),
            availability_zone: self.string_attr(i, "AvailabilityZone"),
            map_public_ip_on_launch: self.bool_attr(i, "MapPublicIpOnLaunch", Some(false)),
            meta,
        };
        self.b.model.subnets.push(subnet);
    }
}
