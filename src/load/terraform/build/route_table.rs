//! `aws_route_table` and `aws_default_route_table` (with their inline `route` blocks),
//! `aws_route_table_association` and `aws_main_route_table_association`.

use super::{Cx, Out, route};
use crate::load::terraform::link::{subnet_want, vpc_want};
use crate::model::build::Obj;
use crate::model::{Association, GatewayAssociation, Link, RouteTable, TargetRef};

pub(super) fn table(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let Some(Obj::RouteTable(id)) = cx.ids.obj(i) else { return };
    let plan = cx.plan;
    let meta = plan.meta(i);
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    // Inline `route` blocks (attributes-as-blocks). Unset on create: no inline routes.
    let mut routes_known = true;
    match plan.raw(i, "route") {
        Ok(n) => match plan.tree.items(n) {
            Some(items) => {
                for (idx, &item) in items.iter().enumerate() {
                    route::inline_route(cx, out, i, id, item, idx);
                }
            }
            None => routes_known = false,
        },
        Err(true) => {
            if !plan.unset_on_create(i, "route") {
                routes_known = false;
            }
        }
        Err(false) => {}
    }
    out.b.model.route_tables.push(RouteTable { meta, vpc, implicit_main_of: None, routes_known });
}

/// An adopted main table belongs to the VPC that created it (its `vpc_id` is computed, so
/// unknown on create).
pub(super) fn adopted_main_tables(cx: &Cx<'_>, out: &mut Out) {
    for (vpc, t) in cx.vpc.adopted_main_tables() {
        if let Some(rt) = out.b.model.route_tables.get_mut(t.index()) {
            rt.vpc = Link::To(vpc);
        }
    }
}

pub(super) fn association(cx: &Cx<'_>, out: &mut Out, i: usize) {
    // Gateway (edge) associations have no subnet; `gateway_id` may be known only after
    // apply, so its configuration expression counts too.
    let gateway = cx.plan.raw(i, "gateway_id").is_ok() || cx.plan.expr(i, "gateway_id").is_some();
    if gateway && matches!(cx.plan.raw(i, "subnet_id"), Err(false)) && cx.plan.expr(i, "subnet_id").is_none() {
        let meta = cx.plan.meta(i);
        let table = cx.link.link(i, "route_table_id", &|o, a| cx.vpc.table_want(o, a));
        let gateway = cx.link.link(i, "gateway_id", &|o, a| match (o, a) {
            (Obj::Igw(g), None | Some("id")) => Some(TargetRef::Igw(g)),
            (Obj::Other(x), None | Some("id")) => Some(TargetRef::Other(x)),
            _ => None,
        });
        out.b.model.gateway_associations.push(GatewayAssociation { meta, table, gateway });
        return;
    }
    let meta = cx.plan.meta(i);
    let subnet = cx.link.link(i, "subnet_id", &subnet_want);
    let subnet_span = cx.plan.attr_span(i, "subnet_id");
    let table = cx.link.link(i, "route_table_id", &|o, a| cx.vpc.table_want(o, a));
    out.b.model.associations.push(Association { meta, subnet, table, subnet_span });
}

/// Makes a table the VPC's main table.
pub(super) fn main_association(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    let table = cx.link.link(i, "route_table_id", &|o, a| cx.vpc.table_want(o, a));
    if let Some(vpc) = vpc.to().and_then(|v| out.b.model.vpcs.get_mut(v.index())) {
        vpc.main_route_table = table;
    }
}
