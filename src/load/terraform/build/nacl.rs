//! Network ACLs: `aws_network_acl` and `aws_default_network_acl`, `aws_network_acl_rule`
//! and `aws_network_acl_association`.

use super::security_group::{ports_attr, protocol_attr};
use super::{Cx, Out};
use crate::load::terraform::link::{subnet_want, vpc_want};
use crate::model::{Attr, Nacl, NaclAssociation, NaclEntry, Val};

pub(super) fn nacl(cx: &Cx<'_>, out: &mut Out, i: usize, adopted_default: bool) {
    let meta = cx.plan.meta(i);
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    out.b.model.nacls.push(Nacl { meta, vpc, is_default: adopted_default, implicit: false });
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
