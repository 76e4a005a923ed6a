//! Routes: `aws_route` resources and the inline `route` blocks of route tables, with their
//! targets classified by the referenced resource's type or the id's prefix.

use super::{Cx, Out, gateways};
use crate::load::terraform::resolve::Resolution;
use crate::model::build::Obj;
use crate::model::{
    Attr, Cidr, Destination, External, Link, Meta, Route, RouteTableId, Target, TargetKind, TargetRef, Val,
};
use crate::syntax::tree::{Kind, NodeId};

/// Route target attributes, and the kind their name implies when the value says nothing.
const TARGET_KEYS: [(&str, TargetKind); 12] = [
    ("gateway_id", TargetKind::Unknown),
    ("nat_gateway_id", TargetKind::NatGateway),
    ("instance_id", TargetKind::NatInstance),
    ("network_interface_id", TargetKind::NetworkInterface),
    ("transit_gateway_id", TargetKind::TransitGateway),
    ("vpc_peering_connection_id", TargetKind::Peering),
    ("vpc_endpoint_id", TargetKind::GatewayLoadBalancerEndpoint),
    ("egress_only_gateway_id", TargetKind::EgressOnlyInternetGateway),
    ("carrier_gateway_id", TargetKind::CarrierGateway),
    ("local_gateway_id", TargetKind::LocalGateway),
    ("core_network_arn", TargetKind::CoreNetwork),
    ("odb_network_arn", TargetKind::Unknown),
];

pub(super) fn route(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let table = cx.link.link(i, "route_table_id", &|o, a| cx.vpc.table_want(o, a));
    let destination = {
        let mut d = Attr::absent(meta.span);
        for key in ["destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"] {
            match plan.raw(i, key) {
                Ok(n) => {
                    let val = if key == "destination_prefix_list_id" {
                        let text = plan.tree.scalar_text(n).map(|s| s.to_string());
                        Val::Known(Destination::PrefixList(text.map_or(Val::Unknown, Val::Known)))
                    } else {
                        cidr_destination(plan.cidr_of(i, n, &mut out.problems))
                    };
                    d = Attr::explicit(val, plan.node_span(n));
                    break;
                }
                Err(true) if plan.expr(i, key).is_some() || !plan.config.present => {
                    d = Attr::explicit(Val::Unknown, plan.attr_span(i, key));
                    break;
                }
                Err(_) => {}
            }
        }
        d
    };
    // Optional+Computed targets (instance_id, network_interface_id) show as unknown on
    // create even when unset, so a target counts only with a value or an expression.
    let mut target = Attr::absent(meta.span);
    for (key, by_name) in TARGET_KEYS {
        match plan.raw(i, key) {
            Ok(n) => {
                let t = match plan.tree.scalar_text(n) {
                    Some(s) => target_by_id(cx, &s, by_name),
                    None => Target { kind: by_name, link: Link::Unknown },
                };
                target = Attr::explicit(Val::Known(t), plan.node_span(n));
                break;
            }
            Err(true) if plan.expr(i, key).is_some() => {
                let res = cx.resolver.attr(i, key);
                target = Attr::explicit(Val::Known(target_from(cx, res, by_name)), plan.attr_span(i, key));
                break;
            }
            Err(true) if !plan.config.present => {
                target = Attr::explicit(Val::Unknown, plan.attr_span(i, key));
            }
            Err(_) => {}
        }
    }
    let span = meta.span;
    out.b.model.routes.push(Route { meta, table, destination, target, span });
}

/// One inline route of table `i`, element `idx` of its `route` list; targets that are
/// unknown are resolved through the configuration block with the same destination.
pub(super) fn inline_route(cx: &Cx<'_>, out: &mut Out, i: usize, table: RouteTableId, item: NodeId, idx: usize) {
    let plan = cx.plan;
    let tree = plan.tree;
    let span = plan.node_span(item);
    let meta = Meta { span, ..plan.meta(i) };
    let get =
        |k: &str| tree.get(item, k).filter(|&n| !matches!(tree.node(n).kind, Kind::Null) && tree.str(n) != Some(""));
    let destination = if let Some(n) = get("cidr_block").or_else(|| get("ipv6_cidr_block")) {
        Attr::explicit(cidr_destination(plan.cidr_of(i, n, &mut out.problems)), plan.node_span(n))
    } else if let Some(n) = get("destination_prefix_list_id") {
        let id = tree.scalar_text(n).map_or(Val::Unknown, |s| Val::Known(s.to_string()));
        Attr::explicit(Val::Known(Destination::PrefixList(id)), plan.node_span(n))
    } else {
        Attr::explicit(Val::Unknown, span)
    };
    let unknown_item = plan.unknown_node(i, "route").and_then(|u| tree.items(u)).and_then(|u| u.get(idx).copied());
    let mut target = Attr::absent(span);
    for (key, by_name) in TARGET_KEYS {
        if let Some(n) = get(key) {
            let t = tree.scalar_text(n).map(|s| target_by_id(cx, &s, by_name));
            target = Attr::explicit(
                Val::Known(t.unwrap_or(Target { kind: by_name, link: Link::Unknown })),
                plan.node_span(n),
            );
            break;
        }
        let unknown =
            unknown_item.and_then(|u| tree.get(u, key)).is_some_and(|u| matches!(tree.node(u).kind, Kind::Bool(true)));
        if unknown {
            let dest_text = get("cidr_block").and_then(|n| tree.scalar_text(n)).map(|s| s.to_string());
            let t = inline_route_target(cx, i, key, by_name, dest_text.as_deref());
            target = Attr::explicit(Val::Known(t), span);
            break;
        }
    }
    out.b.model.routes.push(Route { meta, table: Link::To(table), destination, target, span });
}

/// The target of an inline route that is known only after apply, followed through the
/// table's `route` configuration. Written as blocks, each block has its own expressions
/// and is found by destination. The AWS provider's `route` is an attribute set in block
/// syntax, which the plan shows as one expression for all blocks: its references are
/// narrowed to what attribute `key` can name.
fn inline_route_target(cx: &Cx<'_>, i: usize, key: &str, by_name: TargetKind, dest: Option<&str>) -> Target {
    let plan = cx.plan;
    let tree = plan.tree;
    let unknown = Target { kind: by_name, link: Link::Unknown };
    let (Some(config), Some(inst)) = (plan.expr(i, "route"), plan.inst(i)) else { return unknown };
    let pairing = cx.resolver.pairing_of(i);
    if let Some(blocks) = tree.items(config) {
        let block = blocks.iter().copied().find(|&b| {
            let c = tree.get(b, "cidr_block").and_then(|c| tree.get(c, "constant_value")).and_then(|c| tree.str(c));
            dest.is_some() && c == dest
        });
        return match block.and_then(|b| tree.get(b, key)) {
            Some(expr) => target_from(cx, cx.resolver.expr(expr, &inst.module, &pairing, 0), by_name),
            None => unknown,
        };
    }
    let res = cx.resolver.expr(config, &inst.module, &pairing, 0);
    if res.incomplete {
        return unknown;
    }
    let mut fitting = Resolution::default();
    for (t, attr) in res.targets {
        let Some(o) = cx.ids.obj(t) else { continue };
        let gateway = matches!(o, Obj::Igw(_) | Obj::Nat(_) | Obj::Endpoint(_) | Obj::Other(_));
        if gateway
            && matches!(attr.as_deref(), None | Some("id"))
            && fits_target(key, target_of_obj(cx, t, o, by_name).kind)
        {
            fitting.targets.push((t, attr));
        }
    }
    fitting.literals = res.literals.into_iter().filter(|l| fits_target(key, TargetKind::from_id(l))).collect();
    fitting.ambiguous = res.unpinned || fitting.targets.len() + fitting.literals.len() > 1;
    target_from(cx, fitting, by_name)
}

fn cidr_destination(cidr: Val<Cidr>) -> Val<Destination> {
    match cidr {
        Val::Known(c) => Val::Known(Destination::Cidr(c)),
        _ => Val::Unknown,
    }
}

fn target_by_id(cx: &Cx<'_>, id: &str, by_name: TargetKind) -> Target {
    // A route target is named by its id, never by an ARN.
    let named = cx.ids.named(id).filter(|&(_, attr)| attr.is_none());
    match named.and_then(|(inst, _)| cx.ids.obj(inst).map(|o| (inst, o))) {
        Some((inst, o)) => target_of_obj(cx, inst, o, by_name),
        None => {
            let kind = match TargetKind::from_id(id) {
                TargetKind::Unknown => by_name,
                k => k,
            };
            Target { kind, link: Link::External(External::Id(id.to_string())) }
        }
    }
}

fn target_of_obj(cx: &Cx<'_>, inst: usize, o: Obj, by_name: TargetKind) -> Target {
    let plan = cx.plan;
    match o {
        Obj::Igw(g) => Target { kind: TargetKind::InternetGateway, link: Link::To(TargetRef::Igw(g)) },
        Obj::Nat(n) => Target { kind: TargetKind::NatGateway, link: Link::To(TargetRef::Nat(n)) },
        Obj::Endpoint(e) => {
            let gateway = plan
                .inst(inst)
                .and_then(|x| x.values)
                .and_then(|v| plan.tree.get(v, "vpc_endpoint_type"))
                .and_then(|t| plan.tree.str(t))
                == Some("Gateway");
            let kind = if gateway { TargetKind::GatewayEndpoint } else { TargetKind::GatewayLoadBalancerEndpoint };
            Target { kind, link: Link::To(TargetRef::Endpoint(e)) }
        }
        // By type, not from `m.other_targets`: inline routes are built before every
        // other target is.
        Obj::Other(x) => {
            let kind = plan.inst(inst).map_or(by_name, |i| gateways::other_target_kind(&i.rtype));
            Target { kind, link: Link::To(TargetRef::Other(x)) }
        }
        _ => Target { kind: by_name, link: Link::Unknown },
    }
}

fn target_from(cx: &Cx<'_>, res: Resolution, by_name: TargetKind) -> Target {
    if res.incomplete || (res.targets.is_empty() && res.literals.is_empty()) {
        return Target { kind: by_name, link: Link::Unknown };
    }
    let mut targets: Vec<Target> = res
        .targets
        .iter()
        .filter_map(|&(inst, _)| cx.ids.obj(inst).map(|o| target_of_obj(cx, inst, o, by_name)))
        .collect();
    targets.extend(res.literals.iter().map(|l| target_by_id(cx, l, by_name)));
    let kind = match targets.first() {
        Some(f) if targets.iter().all(|t| t.kind == f.kind) => f.kind,
        _ => TargetKind::Unknown,
    };
    let links: Vec<TargetRef> = targets.iter().filter_map(|t| t.link.to()).collect();
    let link = match links.as_slice() {
        [one] if !res.ambiguous && targets.len() == 1 => Link::To(*one),
        [] => targets.first().map_or(Link::Unknown, |t| t.link.clone()),
        _ => Link::OneOf(links),
    };
    Target { kind, link }
}

/// Whether a route target of `kind` can be named by route attribute `key`.
fn fits_target(key: &str, kind: TargetKind) -> bool {
    use TargetKind::*;
    match key {
        // The API takes NAT and egress-only gateways in gateway_id too.
        "gateway_id" => matches!(
            kind,
            InternetGateway
                | VirtualPrivateGateway
                | NatGateway
                | EgressOnlyInternetGateway
                | GatewayEndpoint
                | GatewayLoadBalancerEndpoint
        ),
        "nat_gateway_id" => kind == NatGateway,
        "instance_id" => kind == NatInstance,
        "network_interface_id" => kind == NetworkInterface,
        "transit_gateway_id" => kind == TransitGateway,
        "vpc_peering_connection_id" => kind == Peering,
        "vpc_endpoint_id" => matches!(kind, GatewayLoadBalancerEndpoint | GatewayEndpoint),
        "egress_only_gateway_id" => kind == EgressOnlyInternetGateway,
        "carrier_gateway_id" => kind == CarrierGateway,
        "local_gateway_id" => kind == LocalGateway,
        "core_network_arn" => kind == CoreNetwork,
        _ => false,
    }
}
