//! Network ACLs: `aws_network_acl` and `aws_default_network_acl` with their inline
//! `ingress`/`egress` blocks and `subnet_ids`, `aws_network_acl_rule` and
//! `aws_network_acl_association`.

use super::security_group::{ports_attr, protocol_attr};
use super::{Cx, Out};
use crate::load::terraform::link::{subnet_want, vpc_want};
use crate::model::build::Obj;
use crate::model::{Attr, Link, Meta, Nacl, NaclAssociation, NaclEntry, NaclId, PortRange, Protocol, Val};
use crate::syntax::tree::NodeId;

pub(super) fn nacl(cx: &Cx<'_>, out: &mut Out, i: usize, adopted_default: bool) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    let id = match cx.ids.obj(i) {
        Some(Obj::Nacl(id)) => Some(id),
        _ => None,
    };
    // An existing ACL (or an adopted default one) may hold entries the plan does not show.
    let mut entries_known = !adopted_default && meta.known_id.is_none();
    for (key, egress) in [("ingress", false), ("egress", true)] {
        match plan.raw(i, key) {
            Ok(n) => match (plan.tree.items(n), id) {
                (Some(items), Some(id)) => {
                    for &item in items {
                        inline_entry(cx, out, &meta, id, egress, item);
                    }
                }
                _ => entries_known = false,
            },
            // Omitted on create: the ACL starts with no entries but the final deny.
            Err(true) if plan.unset_on_create(i, key) => {}
            Err(true) => entries_known = false,
            Err(false) => {}
        }
    }
    if let Some(id) = id {
        let subnets = cx.link.link_list(i, "subnet_ids", &subnet_want);
        for item in subnets.items {
            out.b.model.nacl_associations.push(NaclAssociation {
                meta: Meta { span: item.span, ..meta.clone() },
                subnet: item.link,
                nacl: Link::To(id),
            });
        }
    }
    out.b.model.nacls.push(Nacl { meta, vpc, is_default: adopted_default, implicit: false, entries_known });
}

/// An inline `ingress`/`egress` block of `aws_network_acl`.
fn inline_entry(cx: &Cx<'_>, out: &mut Out, meta: &Meta, nacl: NaclId, egress: bool, item: NodeId) {
    let plan = cx.plan;
    let tree = plan.tree;
    let span = plan.node_span(item);
    let int = |k: &str| tree.get(item, k).and_then(|n| plan.int_of(n));
    let text = |k: &str| tree.get(item, k).and_then(|n| tree.scalar_text(n)).map(|s| s.to_string());
    let rule_number = Attr::explicit(int("rule_no").map_or(Val::Unknown, Val::Known), span);
    let allow = match text("action") {
        Some(a) => Val::Known(a.eq_ignore_ascii_case("allow")),
        None => Val::Unknown,
    };
    let protocol = text("protocol").and_then(|p| Protocol::parse(&p)).map_or(Val::Unknown, Val::Known);
    let ports = match &protocol {
        Val::Known(p) if p.all_ports() => Val::Known(PortRange::ALL),
        _ => match (int("from_port"), int("to_port")) {
            (Some(f), Some(t)) => Val::Known(PortRange { from: f as i32, to: t as i32 }),
            _ => Val::Unknown,
        },
    };
    let (cidr, cidr_span) = ["cidr_block", "ipv6_cidr_block"]
        .iter()
        .find_map(|k| {
            let n = tree.get(item, k)?;
            let s = tree.scalar_text(n)?;
            (!s.is_empty()).then(|| (crate::model::Cidr::parse(&s).map_or(Val::Unknown, Val::Known), plan.node_span(n)))
        })
        .unwrap_or((Val::Unknown, span));
    out.b.model.nacl_entries.push(NaclEntry {
        meta: Meta { span, ..meta.clone() },
        nacl: Link::To(nacl),
        rule_number,
        egress,
        allow: Attr::explicit(allow, span),
        protocol: Attr::explicit(protocol, span),
        ports: Attr::explicit(ports, span),
        cidr: Attr::explicit(cidr, cidr_span),
    });
}

pub(super) fn rule(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let nacl = cx.link.link(i, "network_acl_id", &|o, a| cx.vpc.nacl_want(o, a));
    let rule_number = match plan.raw(i, "rule_number") {
        Ok(n) => Attr::explicit(plan.int_of(n).map_or(Val::Unknown, Val::Known), plan.node_span(n)),
        Err(_) => Attr::absent(meta.span),
    };
    let egress = plan.bool_attr(i, "egress").known().copied().unwrap_or(false);
    let allow = match plan.string_attr(i, "rule_action") {
        Attr { val: Val::Known(a), span, .. } => Attr::explicit(Val::Known(a.eq_ignore_ascii_case("allow")), span),
        a => Attr::explicit(Val::Unknown, a.span),
    };
    let protocol = protocol_attr(cx, i, "protocol");
    let ports = ports_attr(cx, i, &protocol);
    let cidr = if matches!(plan.raw(i, "cidr_block"), Err(false)) {
        plan.cidr_attr(i, "ipv6_cidr_block", &mut out.problems)
    } else {
        plan.cidr_attr(i, "cidr_block", &mut out.problems)
    };
    out.b.model.nacl_entries.push(NaclEntry { meta, nacl, rule_number, egress, allow, protocol, ports, cidr });
}

pub(super) fn association(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let meta = cx.plan.meta(i);
    let subnet = cx.link.link(i, "subnet_id", &subnet_want);
    let nacl = cx.link.link(i, "network_acl_id", &|o, a| cx.vpc.nacl_want(o, a));
    out.b.model.nacl_associations.push(NaclAssociation { meta, subnet, nacl });
}
