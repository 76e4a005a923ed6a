//! `aws_flow_log`: which of its resource attributes is set, and what it links to.

use super::{Cx, Out};
use crate::load::terraform::Plan;
use crate::load::terraform::address::{ModStep, resource_address};
use crate::model::build::Obj;
use crate::model::{Attr, FlowLog, FlowLogNotCreated, FlowLogRef, FlowLogResourceType, Link, Meta, NotCreated, Val};

/// The attributes that name the logged resource; the provider takes exactly one.
const RESOURCE_ATTRIBUTES: [(&str, FlowLogResourceType); 6] = [
    ("vpc_id", FlowLogResourceType::Vpc),
    ("subnet_id", FlowLogResourceType::Subnet),
    ("eni_id", FlowLogResourceType::NetworkInterface),
    ("transit_gateway_id", FlowLogResourceType::TransitGateway),
    ("transit_gateway_attachment_id", FlowLogResourceType::TransitGatewayAttachment),
    ("regional_nat_gateway_id", FlowLogResourceType::RegionalNatGateway),
];

pub(super) fn flow_log(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let meta = cx.plan.meta(i);
    let mut flow_log =
        FlowLog { resource_type: Attr::absent(meta.span), resource: Link::Absent, resource_span: meta.span, meta };
    for (key, ty) in RESOURCE_ATTRIBUTES {
        let link = cx.link.link(i, key, &want(ty));
        if matches!(link, Link::Absent) {
            continue;
        }
        let span = cx.plan.attr_span(i, key);
        flow_log.resource_type = Attr::explicit(Val::Known(ty), span);
        flow_log.resource = link;
        flow_log.resource_span = span;
        break;
    }
    out.b.model.flow_logs.push(flow_log);
}

/// See [`not_created`].
const PAIRS_PER_ENTRY: usize = 4;

/// What an attribute naming a resource of type `ty` may link to.
fn want(ty: FlowLogResourceType) -> impl Fn(Obj, Option<&str>) -> Option<FlowLogRef> {
    move |o, attr| match (o, attr) {
        (Obj::Vpc(v), None | Some("id")) if ty == FlowLogResourceType::Vpc => Some(FlowLogRef::Vpc(v)),
        (Obj::Subnet(s), None | Some("id")) if ty == FlowLogResourceType::Subnet => Some(FlowLogRef::Subnet(s)),
        (Obj::Other(x), None | Some("id"))
            if matches!(ty, FlowLogResourceType::NetworkInterface | FlowLogResourceType::TransitGateway) =>
        {
            Some(FlowLogRef::Other(x))
        }
        _ => None,
    }
}

/// The flow logs the plan's configuration declares with a `count` or `for_each` that gives
/// them no instance in a module instance: not created, each with the resource its
/// configuration names, linked through the references as a link known only after apply is.
///
/// Each flow log of a module is looked for in each instance of the module. That product is
/// not bounded by the plan's size (a module with many flow logs, each with `count = 0`, and
/// many instances), so it stops after [`PAIRS_PER_ENTRY`] pairs per instance and configuration
/// resource of the plan; a real plan stays far below, and a flow log left out of the list is
/// only not named.
pub(super) fn not_created(cx: &Cx<'_>, out: &mut Out) {
    let plan = cx.plan;
    let tree = plan.tree;
    let mut budget = PAIRS_PER_ENTRY.saturating_mul(plan.insts.len() + plan.config.resources.len());
    let mut declared: Vec<(&[String], &str, _)> = plan
        .config
        .resources
        .iter()
        .filter(|((_, address), _)| address.starts_with("aws_flow_log."))
        .map(|((path, address), &node)| (path.as_slice(), address.as_str(), node))
        .collect();
    declared.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (path, type_name, node) in declared {
        let why = if tree.get(node, "count_expression").is_some() {
            NotCreated::NoCountInstance
        } else if tree.get(node, "for_each_expression").is_some() {
            NotCreated::NoForEachInstance
        } else {
            continue;
        };
        // The one attribute that names the logged resource: of several (each may be null),
        // which is set cannot be told.
        let exprs = tree.get(node, "expressions");
        let mut set = RESOURCE_ATTRIBUTES.iter().filter_map(|&(key, ty)| Some((ty, tree.get(exprs?, key)?)));
        let (Some((ty, expr)), None) = (set.next(), set.next()) else { continue };
        let span = tree.get(node, "address").map_or_else(|| plan.node_span(node), |a| plan.node_span(a));
        let unkeyed: [Vec<ModStep>; 1] = [path.iter().map(|name| ModStep { name: name.clone(), key: None }).collect()];
        let scopes = if keyed_module(plan, path) { plan.insts.scopes_of(path) } else { &unkeyed[..] };
        for scope in scopes {
            let Some(left) = budget.checked_sub(1) else { return };
            budget = left;
            if !plan.insts.in_scope(scope, type_name, None).is_empty() {
                continue;
            }
            let meta = Meta {
                name: resource_address(scope, type_name),
                resource_type: "aws_flow_log".to_string(),
                span,
                conditional: false,
                known_id: None,
            };
            let resource_span = plan.node_span(expr);
            let flow_log = FlowLog {
                meta,
                resource_type: Attr::explicit(Val::Known(ty), resource_span),
                resource: cx.link.link_without_instance(expr, scope, &want(ty)),
                resource_span,
            };
            out.b.model.flow_logs_not_created.push(FlowLogNotCreated { flow_log, why });
        }
    }
}

/// Whether a module call on names path `path` has a `count` or `for_each`: its instances are
/// then the ones the plan's resource instances are in.
fn keyed_module(plan: &Plan<'_>, path: &[String]) -> bool {
    let tree = plan.tree;
    (1..=path.len()).any(|depth| {
        let (Some(parent), Some(name)) = (path.get(..depth - 1), path.get(depth - 1)) else { return false };
        let call =
            plan.config.modules.get(parent).and_then(|m| tree.get(*m, "module_calls")).and_then(|c| tree.get(c, name));
        call.is_some_and(|c| tree.get(c, "count_expression").is_some() || tree.get(c, "for_each_expression").is_some())
    })
}
