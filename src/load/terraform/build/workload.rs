//! Workloads (`aws_instance`, `aws_launch_template`, `aws_launch_configuration`,
//! `aws_autoscaling_group`, `aws_lambda_function`, `aws_ecs_service`, `aws_lb`,
//! `aws_db_instance`, `aws_rds_cluster`), target groups (`aws_lb_target_group`), the
//! registrations that put targets in them (`aws_lb_target_group_attachment`,
//! `aws_autoscaling_attachment`, an ECS service's `load_balancer`, an Auto Scaling group's
//! `target_group_arns`) and listeners (`aws_lb_listener`, `aws_lb_listener_rule`).
//! The `aws_alb*` aliases are the same resources.

use super::{Cx, Out};
use crate::load::terraform::link::{named_by, subnet_want, vpc_want};
use crate::model::build::Obj;
use crate::model::{
    Attr, External, Link, LinkList, Linked, ListState, Listener, ListenerId, LoadBalancerType, Registration, SgId,
    TargetGroup, TargetGroupId, TargetType, Val, Workload, WorkloadId, WorkloadKind,
};

fn tg_want(o: Obj, attr: Option<&str>) -> Option<TargetGroupId> {
    o.target_group().filter(|_| named_by(attr, &["arn", "id"]))
}

fn listener_want(o: Obj, attr: Option<&str>) -> Option<ListenerId> {
    o.listener().filter(|_| named_by(attr, &["arn", "id"]))
}

/// Whether a list attribute is set with at least one element (in the plan or the
/// configuration).
fn non_empty(cx: &Cx<'_>, i: usize, key: &str) -> bool {
    let plan = cx.plan;
    match plan.raw(i, key) {
        Ok(n) => plan.tree.items(n).is_some_and(|items| !items.is_empty()),
        Err(_) => plan.expr(i, key).is_some(),
    }
}

/// A list of security groups that AWS fills with the VPC's default group when unset.
fn groups(cx: &Cx<'_>, i: usize, key: &str) -> LinkList<SgId> {
    if cx.plan.unset_on_create(i, key) {
        LinkList::absent(cx.plan.attr_span(i, key))
    } else {
        cx.link.link_list(i, key, &|o, a| cx.vpc.sg_want(o, a))
    }
}

fn partial<T>(span: crate::source::Span) -> LinkList<T> {
    LinkList { state: ListState::Partial, items: Vec::new(), span }
}

fn own(cx: &Cx<'_>, i: usize) -> Link<WorkloadId> {
    match cx.ids.obj(i) {
        Some(Obj::Workload(w)) => Link::To(w),
        Some(o) => cx.ids.workload_want(o, None).map_or(Link::Unknown, Link::To),
        None => Link::Unknown,
    }
}

fn push(
    out: &mut Out,
    cx: &Cx<'_>,
    i: usize,
    kind: WorkloadKind,
    subnets: LinkList<crate::model::SubnetId>,
    security_groups: LinkList<SgId>,
) {
    let meta = cx.plan.meta(i);
    let lb_type = Attr::absent(meta.span);
    out.b.model.workloads.push(Workload { meta, kind, subnets, security_groups, template: Link::Absent, lb_type });
}

/// Builds the workload, target group, registration or listener of instance `i`.
pub(super) fn build(cx: &Cx<'_>, out: &mut Out, i: usize, rtype: &str) {
    match rtype {
        "aws_instance" => instance(cx, out, i),
        "aws_launch_template" => launch_template(cx, out, i),
        "aws_launch_configuration" => {
            let span = cx.plan.addr_span(i);
            let g = cx.link.link_list(i, "security_groups", &|o, a| cx.vpc.sg_want(o, a));
            push(out, cx, i, WorkloadKind::LaunchTemplate, LinkList::absent(span), g);
        }
        "aws_autoscaling_group" => auto_scaling_group(cx, out, i),
        "aws_autoscaling_attachment" => {
            let meta = cx.plan.meta(i);
            let span = meta.span;
            out.b.model.registrations.push(Registration {
                target_group: cx.link.link(i, "lb_target_group_arn", &tg_want),
                target: cx.link.link(i, "autoscaling_group_name", &|o, a| cx.ids.workload_want(o, a)),
                port: Attr::absent(span),
                span,
                meta,
            });
        }
        "aws_lambda_function" => function(cx, out, i),
        "aws_ecs_service" => ecs_service(cx, out, i),
        "aws_lb" | "aws_alb" => load_balancer(cx, out, i),
        "aws_db_instance" | "aws_rds_cluster" => {
            let span = cx.plan.addr_span(i);
            let mut g = groups(cx, i, "vpc_security_group_ids");
            if rtype == "aws_db_instance" && non_empty_scalar(cx, i, "cluster_identifier") {
                g.state = ListState::Partial;
            }
            push(out, cx, i, WorkloadKind::Database, partial(span), g);
        }
        "aws_lb_target_group" | "aws_alb_target_group" => target_group(cx, out, i),
        "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment" => {
            let plan = cx.plan;
            let meta = plan.meta(i);
            let port = int_attr(cx, i, "port");
            out.b.model.registrations.push(Registration {
                target_group: cx.link.link(i, "target_group_arn", &tg_want),
                target: cx.link.link(i, "target_id", &|o, a| cx.ids.workload_want(o, a)),
                port,
                span: meta.span,
                meta,
            });
        }
        "aws_lb_listener" | "aws_alb_listener" => listener(cx, out, i, false),
        "aws_lb_listener_rule" | "aws_alb_listener_rule" => listener(cx, out, i, true),
        // Instances launched by resources the model does not read: unknown.
        t if crate::load::terraform::ids::LAUNCHERS.contains(&t) => {
            let span = cx.plan.addr_span(i);
            push(out, cx, i, WorkloadKind::Instance, partial(span), partial(span));
        }
        _ => {}
    }
}

fn non_empty_scalar(cx: &Cx<'_>, i: usize, key: &str) -> bool {
    match cx.plan.raw(i, key) {
        Ok(_) => true,
        Err(_) => cx.plan.expr(i, key).is_some(),
    }
}

fn int_attr(cx: &Cx<'_>, i: usize, key: &str) -> Attr<i32> {
    let plan = cx.plan;
    match plan.raw(i, key) {
        Ok(n) => Attr::explicit(
            plan.int_of(n).and_then(|p| i32::try_from(p).ok()).map_or(Val::Unknown, Val::Known),
            plan.node_span(n),
        ),
        Err(true) => Attr::explicit(Val::Unknown, plan.attr_span(i, key)),
        Err(false) => Attr::absent(plan.attr_span(i, key)),
    }
}

/// `aws_instance`: `subnet_id` (none: the default VPC) and `vpc_security_group_ids` (unset:
/// the VPC's default group). Attached `network_interface`s and named `security_groups` are
/// not read: unknown, partial.
fn instance(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let span = plan.addr_span(i);
    let (subnets, mut security_groups) = if non_empty(cx, i, "network_interface") {
        (partial(span), partial(span))
    } else {
        let subnet_span = plan.attr_span(i, "subnet_id");
        let link = match plan.raw(i, "subnet_id") {
            Err(false) => Link::External(External::DefaultVpc),
            Err(true) if plan.unset_on_create(i, "subnet_id") => Link::External(External::DefaultVpc),
            _ => cx.link.link(i, "subnet_id", &subnet_want),
        };
        let mut subnets = LinkList { state: ListState::Known, items: Vec::new(), span: subnet_span };
        add_subnet(&mut subnets, link, subnet_span);
        (subnets, groups(cx, i, "vpc_security_group_ids"))
    };
    if plan.expr(i, "security_groups").is_some() {
        security_groups.state = ListState::Partial;
    }
    push(out, cx, i, WorkloadKind::Instance, subnets, security_groups);
}

/// Adds `link` to `subnets`; a subnet that is not known (neither one of the plan's nor an
/// external id) makes the list partial.
fn add_subnet(
    subnets: &mut LinkList<crate::model::SubnetId>,
    link: Link<crate::model::SubnetId>,
    span: crate::source::Span,
) {
    if !matches!(link, Link::To(_) | Link::External(_)) {
        subnets.state = ListState::Partial;
    }
    subnets.items.push(Linked { link, span });
}

/// `aws_launch_template`: `vpc_security_group_ids`, or its `network_interfaces`'
/// `security_groups`; `security_group_names` are names: partial.
fn launch_template(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let span = plan.addr_span(i);
    let mut subnets = LinkList::absent(span);
    let mut g = match cx.link.blocks(i, "network_interfaces") {
        Some(blocks) if blocks.is_empty() => groups(cx, i, "vpc_security_group_ids"),
        Some(blocks) => {
            let mut g = LinkList { state: ListState::Known, items: Vec::new(), span };
            subnets = LinkList { state: ListState::Known, items: Vec::new(), span };
            for b in &blocks {
                let one = cx.link.list_in(i, b, "security_groups", span, &|o, a| cx.vpc.sg_want(o, a));
                if one.state != ListState::Known {
                    g.state = ListState::Partial;
                }
                g.items.extend(one.items);
                match cx.link.link_in(i, b, "subnet_id", &subnet_want) {
                    Link::Absent => {}
                    link => add_subnet(&mut subnets, link, span),
                }
            }
            g
        }
        None => partial(span),
    };
    if plan.expr(i, "security_group_names").is_some() {
        g.state = ListState::Partial;
    }
    push(out, cx, i, WorkloadKind::LaunchTemplate, subnets, g);
}

/// `aws_autoscaling_group`: `vpc_zone_identifier`, `launch_template` (`id` or `name`) or
/// `launch_configuration`, and `target_group_arns`, which register its instances.
fn auto_scaling_group(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let subnets = cx.link.link_list(i, "vpc_zone_identifier", &subnet_want);
    let want = |o: Obj, a: Option<&str>| cx.ids.workload_want(o, a);
    let template = match cx.link.blocks(i, "launch_template").as_deref() {
        Some([b]) => match cx.link.link_in(i, b, "id", &want) {
            Link::Absent => cx.link.link_in(i, b, "name", &want),
            link => link,
        },
        Some([]) if non_empty_scalar(cx, i, "launch_configuration") => cx.link.link(i, "launch_configuration", &want),
        _ => Link::Unknown,
    };
    let me = own(cx, i);
    let tgs = cx.link.link_list(i, "target_group_arns", &tg_want);
    let target_groups = tgs.items.into_iter().map(|item| (item.link, item.span)).collect();
    out.b.add_auto_scaling_group(me, meta, subnets, template, target_groups);
}

/// `aws_lambda_function`: `vpc_config`'s `subnet_ids` and `security_group_ids`; without
/// it, not in a VPC (both absent).
fn function(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let span = cx.plan.addr_span(i);
    let (subnets, g) = match cx.link.blocks(i, "vpc_config").as_deref() {
        Some([]) => (LinkList::absent(span), LinkList::absent(span)),
        Some([b]) => (
            cx.link.list_in(i, b, "subnet_ids", span, &subnet_want),
            cx.link.list_in(i, b, "security_group_ids", span, &|o, a| cx.vpc.sg_want(o, a)),
        ),
        _ => (partial(span), partial(span)),
    };
    push(out, cx, i, WorkloadKind::Function, subnets, g);
}

/// `aws_ecs_service`: `network_configuration`'s `subnets` and `security_groups` (without
/// it, not `awsvpc`: groups unknown); each `load_balancer` registers its tasks with a target
/// group on `container_port`.
fn ecs_service(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let meta = cx.plan.meta(i);
    let span = meta.span;
    let (subnets, g) = match cx.link.blocks(i, "network_configuration").as_deref() {
        Some([b]) => {
            let g = cx.link.list_in(i, b, "security_groups", span, &|o, a| cx.vpc.sg_want(o, a));
            (cx.link.list_in(i, b, "subnets", span, &subnet_want), g)
        }
        _ => (partial(span), partial(span)),
    };
    let me = own(cx, i);
    for b in cx.link.blocks(i, "load_balancer").unwrap_or_default() {
        let tg = cx.link.link_in(i, &b, "target_group_arn", &tg_want);
        if tg == Link::Absent {
            continue; // a Classic Load Balancer, by name
        }
        let port = cx.link.int_in(&b, "container_port").map(|p| i32::try_from(p).unwrap_or(-1));
        out.b.model.registrations.push(Registration {
            meta: meta.clone(),
            target_group: tg,
            target: me.clone(),
            port: Attr::explicit(port, span),
            span,
        });
    }
    push(out, cx, i, WorkloadKind::EcsService, subnets, g);
}

/// `aws_lb`: `load_balancer_type`, `subnets` or `subnet_mapping`, `security_groups`.
fn load_balancer(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let subnets = if non_empty(cx, i, "subnet_mapping")
        && !plan.raw(i, "subnets").is_ok_and(|n| {
            plan.tree.items(n).is_some_and(|items| !items.is_empty()) && plan.expr(i, "subnets").is_some()
        }) {
        cx.link.block_link_list(i, "subnet_mapping", "subnet_id", &subnet_want)
    } else {
        cx.link.link_list(i, "subnets", &subnet_want)
    };
    let g = groups(cx, i, "security_groups");
    let t = plan.string_attr(i, "load_balancer_type");
    let lb_type = match t.val {
        Val::Known(s) => Attr::explicit(LoadBalancerType::parse(&s).map_or(Val::Unknown, Val::Known), t.span),
        Val::Unknown if !plan.unset_on_create(i, "load_balancer_type") => Attr::explicit(Val::Unknown, t.span),
        _ => Attr::default(LoadBalancerType::Application, meta.span),
    };
    out.b.model.workloads.push(Workload {
        meta,
        kind: WorkloadKind::LoadBalancer,
        subnets,
        security_groups: g,
        template: Link::Absent,
        lb_type,
    });
}

/// `aws_lb_target_group`: `port`, `protocol`, `target_type` (`instance` by default), `vpc_id`.
fn target_group(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let t = plan.string_attr(i, "target_type");
    let target_type = match t.val {
        Val::Known(s) => Attr::explicit(TargetType::parse(&s).map_or(Val::Unknown, Val::Known), t.span),
        Val::Absent => Attr::default(TargetType::Instance, meta.span),
        Val::Unknown if plan.unset_on_create(i, "target_type") => Attr::default(TargetType::Instance, meta.span),
        Val::Unknown => Attr::explicit(Val::Unknown, t.span),
    };
    let p = plan.string_attr(i, "protocol");
    let protocol = Attr { val: p.val.map(|s| s.to_ascii_uppercase()), ..p };
    out.b.model.target_groups.push(TargetGroup {
        vpc: cx.link.link(i, "vpc_id", &vpc_want),
        port: int_attr(cx, i, "port"),
        protocol,
        target_type,
        meta,
    });
}

/// `aws_lb_listener` (`load_balancer_arn`, `default_action`) or `aws_lb_listener_rule`
/// (`listener_arn`, `action`): the target groups its `forward` actions name
/// (`target_group_arn`; a `forward` block's groups are not read: partial).
fn listener(cx: &Cx<'_>, out: &mut Out, i: usize, rule: bool) {
    let meta = cx.plan.meta(i);
    let span = meta.span;
    let (load_balancer, parent) = if rule {
        (Link::Unknown, cx.link.link(i, "listener_arn", &listener_want))
    } else {
        (cx.link.link(i, "load_balancer_arn", &|o, a| cx.ids.workload_want(o, a)), Link::Absent)
    };
    let key = if rule { "action" } else { "default_action" };
    let mut target_groups = LinkList { state: ListState::Known, items: Vec::new(), span };
    match cx.link.blocks(i, key) {
        Some(actions) => {
            for b in &actions {
                match cx.link.text_in(b, "type") {
                    Val::Known(t) if t.eq_ignore_ascii_case("forward") => {}
                    Val::Known(_) => continue,
                    _ => {
                        target_groups.state = ListState::Partial;
                        continue;
                    }
                }
                match cx.link.link_in(i, b, "target_group_arn", &tg_want) {
                    Link::Absent => target_groups.state = ListState::Partial,
                    link => {
                        if !matches!(link, Link::To(_) | Link::External(_)) {
                            target_groups.state = ListState::Partial;
                        }
                        target_groups.items.push(Linked { link, span });
                    }
                }
            }
        }
        None => target_groups.state = ListState::Partial,
    }
    out.b.model.listeners.push(Listener { meta, load_balancer, listener: parent, target_groups });
}
