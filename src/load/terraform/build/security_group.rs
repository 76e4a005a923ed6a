//! Security groups: `aws_security_group` and `aws_default_security_group` with their
//! inline `ingress`/`egress` blocks, and the rule resources `aws_security_group_rule`,
//! `aws_vpc_security_group_ingress_rule` and `aws_vpc_security_group_egress_rule`.

use super::{Cx, Out};
use crate::load::terraform::link::{Want, vpc_want};
use crate::model::build::Obj;
use crate::model::{
    Attr, Direction, External, Link, Meta, Peer, PortRange, Protocol, SecurityGroup, SgId, SgRule, Val,
};
use crate::source::Span;
use crate::syntax::tree::{Kind, NodeId, Tree};

pub(super) fn group(cx: &Cx<'_>, out: &mut Out, i: usize, adopted_default: bool) {
    let Some(Obj::Sg(id)) = cx.ids.obj(i) else { return };
    let plan = cx.plan;
    let meta = plan.meta(i);
    let vpc = match plan.raw(i, "vpc_id") {
        Err(false) if !adopted_default => Link::External(External::DefaultVpc),
        Err(true) if !adopted_default && plan.unset_on_create(i, "vpc_id") => Link::External(External::DefaultVpc),
        _ => cx.link.link(i, "vpc_id", &vpc_want),
    };
    let mut rules_known = true;
    let mut defaulted_inline = Vec::new();
    for (key, direction) in [("ingress", Direction::Ingress), ("egress", Direction::Egress)] {
        match plan.raw(i, key) {
            Ok(n) => match plan.tree.items(n) {
                Some(items) => {
                    let unknown = plan.unknown_node(i, key).and_then(|u| plan.tree.items(u)).unwrap_or(&[]);
                    for (idx, &item) in items.iter().enumerate() {
                        inline_rule(cx, out, i, id, direction, item, unknown.get(idx).copied());
                    }
                }
                None => rules_known = false,
            },
            // Omitted blocks on create: Terraform creates the group with no inline rules
            // (it even removes AWS's default egress).
            Err(true) if plan.unset_on_create(i, key) => defaulted_inline.push(direction),
            Err(true) => rules_known = false,
            Err(false) => {}
        }
    }
    out.b.model.security_groups.push(SecurityGroup {
        meta,
        vpc,
        is_default: adopted_default,
        implicit: false,
        rules_known,
        defaulted_inline,
    });
}

/// An inline `ingress`/`egress` block of group `group` (instance `i`): one rule per source
/// it lists. `unknown` is the block's `after_unknown` element: a source known only after apply is omitted from
/// `after` and must count as an unknown source, not as none.
fn inline_rule(
    cx: &Cx<'_>,
    out: &mut Out,
    i: usize,
    group: SgId,
    direction: Direction,
    item: NodeId,
    unknown: Option<NodeId>,
) {
    let plan = cx.plan;
    let tree = plan.tree;
    let span = plan.node_span(item);
    let unknown_source = |k: &str| {
        tree.get(item, k).is_none() && unknown.and_then(|u| tree.get(u, k)).is_some_and(|u| marks_unknown(tree, u))
    };
    let protocol = match tree.get(item, "protocol").and_then(|n| tree.scalar_text(n).map(|s| (s.to_string(), n))) {
        Some((s, n)) => Attr::explicit(Protocol::parse(&s).map_or(Val::Unknown, Val::Known), plan.node_span(n)),
        None => Attr::explicit(Val::Unknown, span),
    };
    let ports = if protocol.known().is_some_and(Protocol::all_ports) {
        Attr::default(PortRange::ALL, span)
    } else {
        let from = tree.get(item, "from_port").and_then(|n| plan.int_of(n));
        let to = tree.get(item, "to_port").and_then(|n| plan.int_of(n));
        let at = tree.get(item, "from_port").map_or(span, |n| plan.node_span(n));
        match (from, to) {
            (Some(f), Some(t)) => Attr::explicit(Val::Known(PortRange { from: f as i32, to: t as i32 }), at),
            _ => Attr::explicit(Val::Unknown, at),
        }
    };
    let mut peers: Vec<Attr<Peer>> = Vec::new();
    for key in ["cidr_blocks", "ipv6_cidr_blocks"] {
        for &c in tree.get(item, key).and_then(|n| tree.items(n)).unwrap_or(&[]) {
            peers.push(Attr::explicit(cidr_peer(cx, out, i, c), plan.node_span(c)));
        }
    }
    for &c in tree.get(item, "prefix_list_ids").and_then(|n| tree.items(n)).unwrap_or(&[]) {
        peers.push(Attr::explicit(prefix_list_peer(tree, c), plan.node_span(c)));
    }
    for &c in tree.get(item, "security_groups").and_then(|n| tree.items(n)).unwrap_or(&[]) {
        let link = match tree.scalar_text(c) {
            Some(id) => cx.link.link_id(&id, &|o, a| cx.vpc.sg_want(o, a)),
            None => Link::Unknown,
        };
        peers.push(Attr::explicit(Val::Known(Peer::Group(link)), plan.node_span(c)));
    }
    if tree.get(item, "self").is_some_and(|n| matches!(tree.node(n).kind, Kind::Bool(true))) {
        peers.push(Attr::explicit(Val::Known(Peer::Group(Link::To(group))), span));
    }
    if unknown_source("cidr_blocks") || unknown_source("ipv6_cidr_blocks") || unknown_source("self") {
        peers.push(Attr::explicit(Val::Unknown, span));
    }
    if unknown_source("prefix_list_ids") {
        peers.push(Attr::explicit(Val::Known(Peer::PrefixList(Val::Unknown)), span));
    }
    if unknown_source("security_groups") {
        peers.push(Attr::explicit(Val::Known(Peer::Group(Link::Unknown)), span));
    }
    push_rules(out, rule(plan.meta(i), Link::To(group), direction, protocol, ports, span), peers);
}

/// One rule per peer; with none, `rule` itself, which names no peer (AWS drops such a rule).
fn push_rules(out: &mut Out, rule: SgRule, peers: Vec<Attr<Peer>>) {
    if peers.is_empty() {
        out.b.model.sg_rules.push(rule);
        return;
    }
    for peer in peers {
        out.b.model.sg_rules.push(SgRule { peer, ..rule.clone() });
    }
}

/// A rule of `group` at `span`, without a peer yet.
fn rule(
    meta: Meta,
    group: Link<SgId>,
    direction: Direction,
    protocol: Attr<Protocol>,
    ports: Attr<PortRange>,
    span: Span,
) -> SgRule {
    SgRule { meta, group, direction, protocol, ports, peer: Attr::explicit(Val::Known(Peer::None), span), span }
}

/// A CIDR block of a list of peers (`cidr_blocks`, `ipv6_cidr_blocks`) of instance `i`,
/// checked as the single ones of `aws_vpc_security_group_*_rule` are.
fn cidr_peer(cx: &Cx<'_>, out: &mut Out, i: usize, c: NodeId) -> Val<Peer> {
    match cx.plan.cidr_of(i, c, &mut out.problems) {
        Val::Known(cidr) => Val::Known(Peer::Cidr(cidr)),
        _ => Val::Unknown,
    }
}

/// A prefix list id of a list of peers.
fn prefix_list_peer(tree: &Tree<'_>, c: NodeId) -> Val<Peer> {
    Val::Known(Peer::PrefixList(tree.scalar_text(c).map_or(Val::Unknown, |s| Val::Known(s.to_string()))))
}

/// Whether an `after_unknown` node marks something unknown: `true`, or a list holding `true`.
fn marks_unknown(tree: &Tree<'_>, node: NodeId) -> bool {
    match &tree.node(node).kind {
        Kind::Bool(b) => *b,
        Kind::Seq(items) => items.iter().any(|&x| matches!(tree.node(x).kind, Kind::Bool(true))),
        _ => false,
    }
}

/// `aws_security_group_rule`: one rule per source it lists.
pub(super) fn rule_resource(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let direction = match plan.string_attr(i, "type").val {
        Val::Known(t) if t == "egress" => Direction::Egress,
        Val::Known(t) if t == "ingress" => Direction::Ingress,
        _ => return,
    };
    let want: Want<'_, SgId> = &|o, a| cx.vpc.sg_want(o, a);
    let group = cx.link.link(i, "security_group_id", want);
    let protocol = protocol_attr(cx, i, "protocol");
    let ports = ports_attr(cx, i, &protocol);
    let span = meta.span;
    let mut peers: Vec<Attr<Peer>> = Vec::new();
    for key in ["cidr_blocks", "ipv6_cidr_blocks"] {
        match plan.raw(i, key) {
            Ok(n) => {
                for &c in plan.tree.items(n).unwrap_or(&[]) {
                    peers.push(Attr::explicit(cidr_peer(cx, out, i, c), plan.node_span(c)));
                }
            }
            Err(true) if plan.expr(i, key).is_some() => {
                peers.push(Attr::explicit(Val::Unknown, plan.attr_span(i, key)))
            }
            Err(_) => {}
        }
    }
    match plan.raw(i, "prefix_list_ids") {
        Ok(n) => {
            for &c in plan.tree.items(n).unwrap_or(&[]) {
                peers.push(Attr::explicit(prefix_list_peer(plan.tree, c), plan.node_span(c)));
            }
        }
        Err(true) if plan.expr(i, "prefix_list_ids").is_some() => {
            peers.push(Attr::explicit(Val::Known(Peer::PrefixList(Val::Unknown)), plan.attr_span(i, "prefix_list_ids")))
        }
        Err(_) => {}
    }
    if plan.bool_attr(i, "self").known().copied() == Some(true) {
        peers.push(Attr::explicit(Val::Known(Peer::Group(group.clone())), plan.attr_span(i, "self")));
    }
    // Unset in configuration on create, the computed attribute names no source.
    let source = if plan.unset_on_create(i, "source_security_group_id") {
        Link::Absent
    } else {
        cx.link.link(i, "source_security_group_id", want)
    };
    if !matches!(source, Link::Absent) {
        // The provider computes source_security_group_id for CIDR rules too: count it only
        // when written in configuration or when no other source is set.
        if plan.expr(i, "source_security_group_id").is_some() || peers.is_empty() {
            peers.push(Attr::explicit(Val::Known(Peer::Group(source)), plan.attr_span(i, "source_security_group_id")));
        }
    }
    push_rules(out, rule(meta, group, direction, protocol, ports, span), peers);
}

/// `aws_vpc_security_group_ingress_rule` / `_egress_rule`: one source each.
pub(super) fn vpc_rule(cx: &Cx<'_>, out: &mut Out, i: usize, direction: Direction) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let want: Want<'_, SgId> = &|o, a| cx.vpc.sg_want(o, a);
    let group = cx.link.link(i, "security_group_id", want);
    let protocol = protocol_attr(cx, i, "ip_protocol");
    let ports = ports_attr(cx, i, &protocol);
    let peer = if let Some(key) = ["cidr_ipv4", "cidr_ipv6"].into_iter().find(|k| !matches!(plan.raw(i, k), Err(false)))
    {
        let c = plan.cidr_attr(i, key, &mut out.problems);
        let val = match c.val {
            Val::Known(c) => Val::Known(Peer::Cidr(c)),
            _ => Val::Unknown,
        };
        Attr::explicit(val, c.span)
    } else if !matches!(plan.raw(i, "prefix_list_id"), Err(false)) {
        let s = plan.string_attr(i, "prefix_list_id");
        Attr::explicit(Val::Known(Peer::PrefixList(s.val)), s.span)
    } else if !matches!(plan.raw(i, "referenced_security_group_id"), Err(false)) {
        let link = cx.link.link(i, "referenced_security_group_id", want);
        Attr::explicit(Val::Known(Peer::Group(link)), plan.attr_span(i, "referenced_security_group_id"))
    } else {
        Attr::explicit(Val::Known(Peer::None), meta.span)
    };
    let span = meta.span;
    out.b.model.sg_rules.push(SgRule { meta, group, direction, protocol, ports, peer, span });
}

/// A rule's protocol (`-1`, `tcp`, a number ...).
pub(super) fn protocol_attr(cx: &Cx<'_>, i: usize, key: &str) -> Attr<Protocol> {
    let s = cx.plan.string_attr(i, key);
    match s.val {
        Val::Known(p) => Attr::explicit(Protocol::parse(&p).map_or(Val::Unknown, Val::Known), s.span),
        Val::Unknown => Attr::explicit(Val::Unknown, s.span),
        Val::Absent => Attr::absent(s.span),
    }
}

/// A rule's `from_port`/`to_port`; every port for a protocol without ports.
pub(super) fn ports_attr(cx: &Cx<'_>, i: usize, protocol: &Attr<Protocol>) -> Attr<PortRange> {
    let plan = cx.plan;
    if protocol.known().is_some_and(Protocol::all_ports) {
        return Attr::default(PortRange::ALL, protocol.span);
    }
    let from = plan.raw(i, "from_port").ok().and_then(|n| plan.int_of(n));
    let to = plan.raw(i, "to_port").ok().and_then(|n| plan.int_of(n));
    let span = plan.attr_span(i, "from_port");
    match (from, to) {
        (Some(f), Some(t)) => Attr::explicit(Val::Known(PortRange { from: f as i32, to: t as i32 }), span),
        _ if matches!(plan.raw(i, "from_port"), Err(false)) && matches!(plan.raw(i, "to_port"), Err(false)) => {
            Attr::absent(span)
        }
        _ => Attr::explicit(Val::Unknown, span),
    }
}
