//! `aws_flow_log`: which of its resource attributes is set, and what it links to.

use super::{Cx, Out};
use crate::model::build::Obj;
use crate::model::{Attr, FlowLog, FlowLogRef, FlowLogResourceType, Link, Val};

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
        let link = cx.link.link(i, key, &|o, attr| match (o, attr) {
            (Obj::Vpc(v), None | Some("id")) if ty == FlowLogResourceType::Vpc => Some(FlowLogRef::Vpc(v)),
            (Obj::Subnet(s), None | Some("id")) if ty == FlowLogResourceType::Subnet => Some(FlowLogRef::Subnet(s)),
            (Obj::Other(x), None | Some("id"))
                if matches!(ty, FlowLogResourceType::NetworkInterface | FlowLogResourceType::TransitGateway) =>
            {
                Some(FlowLogRef::Other(x))
            }
            _ => None,
        });
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
