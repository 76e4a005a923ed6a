//! VPC endpoints: `aws_vpc_endpoint`, the route tables, subnets and security groups the
//! `aws_vpc_endpoint_*_association` resources add to one, and EC2 Instance Connect
//! endpoints (`aws_ec2_instance_connect_endpoint`).

use super::{Cx, Out};
use crate::load::terraform::Plan;
use crate::load::terraform::link::{endpoint_want, subnet_want, vpc_want};
use crate::model::service::split_service_name;
use crate::model::{
    Attr, Endpoint, EndpointId, EndpointType, InstanceConnectEndpoint, Link, LinkList, Linked, ListState, Origin, Val,
};
use crate::source::Span;
use crate::syntax::tree::{Kind, NodeId};

/// The lists separate association resources add to an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum List {
    RouteTables,
    Subnets,
    SecurityGroups,
}

pub(super) fn endpoint(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let service = {
        let s = plan.string_attr(i, "service_name");
        match s.val {
            Val::Known(text) => {
                let region_mark = '\u{1}';
                let parsed = split_service_name(&text, text.clone(), region_mark, '\u{2}');
                Attr::explicit(Val::Known(parsed), s.span)
            }
            Val::Unknown => Attr::explicit(Val::Unknown, s.span),
            Val::Absent => Attr::absent(s.span),
        }
    };
    let mut endpoint_type = plan.string_or_default(
        i,
        "vpc_endpoint_type",
        |t| EndpointType::parse(t).map_or(Val::Unknown, Val::Known),
        EndpointType::Gateway,
    );
    // The plan shows the schema's default (`Gateway`) as if written; the configuration tells
    // whether it was.
    if endpoint_type.origin == Origin::Explicit
        && plan.inst(i).is_some_and(|x| x.config.is_some())
        && plan.expr(i, "vpc_endpoint_type").is_none()
    {
        endpoint_type = Attr { origin: Origin::Default, span: plan.addr_span(i), ..endpoint_type };
    }
    let ep = Endpoint {
        vpc: cx.link.link(i, "vpc_id", &vpc_want),
        service,
        endpoint_type,
        route_tables: cx.link.link_list(i, "route_table_ids", &|o, a| cx.vpc.table_want(o, a)),
        subnets: cx.link.link_list(i, "subnet_ids", &subnet_want),
        security_groups: cx.link.link_list(i, "security_group_ids", &|o, a| cx.vpc.sg_want(o, a)),
        private_dns: plan.bool_attr(i, "private_dns_enabled"),
        inbound_resolver_only: inbound_resolver_only(plan, i),
        policy: policy(plan, i),
        meta,
    };
    out.b.model.endpoints.push(ep);
}

/// `policy` is Optional+Computed: unset, it plans as unknown on create, like a policy
/// computed from other resources. The configuration tells the two apart.
fn policy(plan: &Plan<'_>, i: usize) -> Val<Span> {
    let configured = plan.inst(i).is_some_and(|x| x.config.is_some());
    match plan.raw(i, "policy") {
        Ok(n) => Val::Known(plan.node_span(n)),
        _ if plan.expr(i, "policy").is_some() => Val::Known(plan.attr_span(i, "policy")),
        Err(true) if !configured => Val::Unknown,
        Err(_) => Val::Absent,
    }
}

/// `dns_options.private_dns_only_for_inbound_resolver_endpoint`: from the plan's value, else
/// the configuration's constant; unset, the provider sends false for S3 interface endpoints
/// (vpc-semantics section 3), so it is taken as false.
fn inbound_resolver_only(plan: &Plan<'_>, i: usize) -> Attr<bool> {
    const KEY: &str = "private_dns_only_for_inbound_resolver_endpoint";
    let tree = plan.tree;
    let first = |n: NodeId| tree.items(n).and_then(|b| b.first().copied()).and_then(|b| tree.get(b, KEY));
    if let Some(v) = plan.raw(i, "dns_options").ok().and_then(first) {
        if let Kind::Bool(b) = tree.node(v).kind {
            return Attr::explicit(Val::Known(b), plan.node_span(v));
        }
    }
    if let Some(e) = plan.expr(i, "dns_options").and_then(first) {
        return match tree.get(e, "constant_value").map(|c| &tree.node(c).kind) {
            Some(Kind::Bool(b)) => Attr::explicit(Val::Known(*b), plan.node_span(e)),
            _ => Attr::explicit(Val::Unknown, plan.node_span(e)),
        };
    }
    Attr::default(false, plan.addr_span(i))
}

/// `aws_vpc_endpoint_policy`: the policy of an endpoint, set apart from it.
pub(super) fn policy_resource(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let span = cx.plan.addr_span(i);
    let endpoints = &mut out.b.model.endpoints;
    match cx.link.link(i, "vpc_endpoint_id", &endpoint_want) {
        Link::To(e) => {
            if let Some(e) = endpoints.get_mut(e.index()) {
                e.policy = Val::Known(span);
            }
        }
        Link::OneOf(eps) => {
            for e in eps {
                if let Some(e) = endpoints.get_mut(e.index()).filter(|e| e.policy == Val::Absent) {
                    e.policy = Val::Unknown;
                }
            }
        }
        Link::Unknown => {
            for e in endpoints.iter_mut().filter(|e| e.policy == Val::Absent) {
                e.policy = Val::Unknown;
            }
        }
        Link::External(_) | Link::Absent => {}
    }
}

pub(super) fn route_table_association(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let ep = cx.link.link(i, "vpc_endpoint_id", &endpoint_want);
    let table = cx.link.link(i, "route_table_id", &|o, a| cx.vpc.table_want(o, a));
    let span = cx.plan.addr_span(i);
    add_to_endpoint(out, ep, span, List::RouteTables, |e| &mut e.route_tables, table);
}

pub(super) fn subnet_association(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let ep = cx.link.link(i, "vpc_endpoint_id", &endpoint_want);
    let subnet = cx.link.link(i, "subnet_id", &subnet_want);
    let span = cx.plan.addr_span(i);
    add_to_endpoint(out, ep, span, List::Subnets, |e| &mut e.subnets, subnet);
}

/// Adds a group to an endpoint; with `replace_default_association`, in place of the ones
/// it had.
pub(super) fn security_group_association(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let ep = cx.link.link(i, "vpc_endpoint_id", &endpoint_want);
    let sg = cx.link.link(i, "security_group_id", &|o, a| cx.vpc.sg_want(o, a));
    let replace = cx.plan.bool_attr(i, "replace_default_association").known().copied() == Some(true);
    let span = cx.plan.addr_span(i);
    if replace {
        if let Some(e) = ep.to().and_then(|e| out.b.model.endpoints.get_mut(e.index())) {
            e.security_groups.items.clear();
        }
    }
    add_to_endpoint(out, ep, span, List::SecurityGroups, |e| &mut e.security_groups, sg);
}

fn add_to_endpoint<T: Copy + PartialEq>(
    out: &mut Out,
    ep: Link<EndpointId>,
    span: Span,
    which: List,
    field: impl Fn(&mut Endpoint) -> &mut LinkList<T>,
    link: Link<T>,
) {
    let endpoints = &mut out.b.model.endpoints;
    match ep {
        Link::To(e) => {
            if let Some(e) = endpoints.get_mut(e.index()) {
                let list = field(e);
                if list.state == ListState::Absent {
                    list.state = ListState::Known;
                }
                list.items.push(Linked { link, span });
            }
        }
        Link::OneOf(eps) => {
            for e in eps {
                if let Some(e) = endpoints.get_mut(e.index()) {
                    let list = field(e);
                    list.state = ListState::Partial;
                }
            }
        }
        Link::Unknown => {
            // Any endpoint may have gained this item; marking them all once is enough
            // (many associations with unknown endpoints must not cost endpoints x
            // associations).
            if out.all_endpoints_partial.insert(which) {
                for e in endpoints {
                    field(e).state = ListState::Partial;
                }
            }
        }
        Link::External(_) | Link::Absent => {}
    }
}

pub(super) fn instance_connect(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let meta = cx.plan.meta(i);
    let ice = InstanceConnectEndpoint {
        subnet: cx.link.link(i, "subnet_id", &subnet_want),
        security_groups: cx.link.link_list(i, "security_group_ids", &|o, a| cx.vpc.sg_want(o, a)),
        preserve_client_ip: cx.plan.bool_attr(i, "preserve_client_ip"),
        meta,
    };
    out.b.model.instance_connect_endpoints.push(ice);
}
