//! `aws_subnet`.

use super::{Cx, Out};
use crate::load::terraform::link::vpc_want;
use crate::model::Subnet;

pub(super) fn subnet(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let subnet = Subnet {
        vpc: cx.link.link(i, "vpc_id", &vpc_want),
        cidr: plan.cidr_attr(i, "cidr_block", &mut out.problems),
        ipv6_cidr: plan.cidr_attr(i, "ipv6_cidr_block", &mut out.problems),
        availability_zone: plan.string_attr(i, "availability_zone"),
        map_public_ip_on_launch: plan.bool_attr(i, "map_public_ip_on_launch"),
        meta,
    };
    out.b.model.subnets.push(subnet);
}
