//! `aws_subnet`.

use super::{Cx, Out};
use crate::load::terraform::Plan;
use crate::load::terraform::link::vpc_want;
use crate::model::{Attr, Subnet, Val, Zone};

pub(super) fn subnet(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let subnet = Subnet {
        vpc: cx.link.link(i, "vpc_id", &vpc_want),
        cidr: plan.cidr_attr(i, "cidr_block", &mut out.problems),
        ipv6_cidr: plan.cidr_attr(i, "ipv6_cidr_block", &mut out.problems),
        availability_zone: zone(plan, i),
        map_public_ip_on_launch: plan.bool_attr(i, "map_public_ip_on_launch"),
        meta,
    };
    out.b.model.subnets.push(subnet);
}

/// The subnet's zone: `availability_zone` when the plan knows it (a data source's names are
/// read at plan time, so they usually are), else `availability_zone_id`, else, when the zone
/// is known only after apply, an index into `data.aws_availability_zones` read from the
/// configuration (`names[1]`).
fn zone(plan: &Plan<'_>, i: usize) -> Attr<Zone> {
    let name = plan.string_attr(i, "availability_zone");
    if !matches!(name.val, Val::Unknown | Val::Absent) {
        return name.map(Zone::Name);
    }
    let id = plan.string_attr(i, "availability_zone_id");
    if matches!(id.val, Val::Known(_)) {
        return id.map(Zone::ZoneId);
    }
    match zone_index(plan, i) {
        Some((list, index)) => Attr::explicit(Val::Known(Zone::Index { list, index }), name.span),
        None => name.map(Zone::Name),
    }
}

/// `data.aws_availability_zones.<name>.names[<n>]` in the configuration of `availability_zone`: the data source's address (in its module) and the index.
fn zone_index(plan: &Plan<'_>, i: usize) -> Option<(String, u32)> {
    let inst = plan.inst(i)?;
    let expr = plan.expr(i, "availability_zone")?;
    let refs = plan.tree.get(expr, "references").and_then(|r| plan.tree.items(r))?;
    let refs: Vec<&str> = refs.iter().filter_map(|&r| plan.tree.str(r)).collect();
    let names = refs.iter().find_map(|r| {
        let rest = r.strip_prefix("data.aws_availability_zones.")?;
        let (source, attr) = rest.split_once('.')?;
        attr.starts_with("names").then_some((source, attr))
    })?;
    // `names[count.index]` is not read: its references are those of `names[count.index % 2]`.
    let index = names.1.strip_prefix("names[")?.strip_suffix(']')?.parse::<u32>().ok()?;
    let module: String = inst.module.iter().map(|m| format!("module.{}.", m.name)).collect();
    Some((format!("{module}data.aws_availability_zones.{}.names", names.0), index))
}
