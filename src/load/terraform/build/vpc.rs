//! `aws_vpc` and the CIDR blocks `aws_vpc_ipv4_cidr_block_association` and
//! `aws_vpc_ipv6_cidr_block_association` add to it.

use super::{Cx, Out};
use crate::load::terraform::link::vpc_want;
use crate::model::build::Obj;
use crate::model::{Link, Val, Vpc, VpcId};
use crate::syntax::tree::Kind;

pub(super) fn vpc(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let Some(Obj::Vpc(id)) = cx.ids.obj(i) else { return };
    let plan = cx.plan;
    let meta = plan.meta(i);
    let mut cidrs = Vec::new();
    let cidr = plan.cidr_attr(i, "cidr_block", &mut out.problems);
    if !matches!(cidr.val, Val::Absent) {
        cidrs.push(cidr);
    }
    let ipv6 = match (plan.raw(i, "ipv6_cidr_block"), plan.raw(i, "assign_generated_ipv6_cidr_block")) {
        (Ok(_), _) => Val::Known(true),
        (_, Ok(n)) if matches!(plan.tree.node(n).kind, Kind::Bool(true)) => Val::Known(true),
        (Err(true), _) if plan.expr(i, "ipv6_cidr_block").is_some() || plan.expr(i, "ipv6_ipam_pool_id").is_some() => {
            Val::Known(true)
        }
        _ => Val::Known(false),
    };
    let vpc = Vpc {
        cidrs,
        ipv6,
        dns_support: plan.bool_attr(i, "enable_dns_support"),
        dns_hostnames: plan.bool_attr(i, "enable_dns_hostnames"),
        main_route_table: Link::To(cx.vpc.main_table(id)),
        default_security_group: cx.vpc.default_sg(id),
        default_nacl: None,
        meta,
    };
    out.b.add_vpc(vpc);
}

/// A secondary IPv4 block (`ipv4`), or an IPv6 block. An IPAM pool's block is unknown at
/// plan time and joins the VPC as unknown; a block whose VPC is one of several, or
/// unknown, joins each VPC it may be of as unknown.
pub(super) fn cidr_block_association(cx: &Cx<'_>, out: &mut Out, i: usize, ipv4: bool) {
    let vpcs: Vec<VpcId> = match cx.link.link(i, "vpc_id", &vpc_want) {
        Link::To(v) => vec![v],
        Link::OneOf(vs) => vs,
        Link::Unknown => (0..out.b.model.vpcs.len() as u32).map(VpcId).collect(),
        Link::External(_) | Link::Absent => Vec::new(),
    };
    let certain = vpcs.len() == 1;
    let mut cidr = if ipv4 { Some(cx.plan.cidr_attr(i, "cidr_block", &mut out.problems)) } else { None };
    if let Some(c) = cidr.as_mut().filter(|_| !certain) {
        if !matches!(c.val, Val::Absent) {
            c.val = Val::Unknown;
        }
    }
    for v in vpcs {
        let Some(vpc) = out.b.model.vpcs.get_mut(v.index()) else { continue };
        match &cidr {
            Some(c) => {
                if !matches!(c.val, Val::Absent) {
                    vpc.cidrs.push(c.clone());
                }
            }
            None if certain => vpc.ipv6 = Val::Known(true),
            None => {
                if vpc.ipv6 == Val::Known(false) {
                    vpc.ipv6 = Val::Unknown;
                }
            }
        }
    }
}
