//! VPC402 igw-route-without-attachment-dependency.

use std::collections::BTreeMap;

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A CloudFormation route through an internet gateway that is not ordered after the
/// gateway's attachment: CloudFormation may create it first, and it fails.
pub struct IgwRouteWithoutAttachmentDependency;

impl Rule for IgwRouteWithoutAttachmentDependency {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // Terraform orders by references, and its attachment is part of the gateway or a
        // resource the route's gateway id comes through: nothing to check.
        if m.tool != Tool::CloudFormation {
            return;
        }
        // Per internet gateway, its attachments in the file.
        let mut attachments_of: Vec<Vec<usize>> = vec![Vec::new(); m.internet_gateways.len()];
        for (i, a) in enumerate::<_, u32>(&m.igw_attachments) {
            let i = i as usize;
            if let Some(slot) = a.igw.to().and_then(|g| attachments_of.get_mut(g.index())) {
                slot.push(i);
            }
        }
        // Per attachment, the routes through its gateway in its VPC.
        let mut routes_of: BTreeMap<usize, Vec<&Route>> = BTreeMap::new();
        for (_, route) in enumerate::<_, RouteId>(&m.routes) {
            let Some(Target { link: Link::To(TargetRef::Igw(g)), .. }) = route.target.known() else { continue };
            let Some(candidates) = attachments_of.get(g.index()) else { continue };
            let table_vpc = route.table.to().and_then(|t| m.route_table(t)).and_then(|t| t.vpc.to());
            let mut in_vpc = candidates
                .iter()
                .filter(|&&a| table_vpc.is_none_or(|v| m.igw_attachments.get(a).is_some_and(|a| a.vpc.is(v))));
            // No attachment (another rule's business), or several (which one the route
            // needs is not clear): silent.
            let (Some(&a), None) = (in_vpc.next(), in_vpc.next()) else { continue };
            routes_of.entry(a).or_default().push(route);
        }
        if routes_of.is_empty() {
            return;
        }
        let deps = &m.dependencies;
        let mut dependents = deps.dependents();
        for (a, routes) in routes_of {
            let Some(attachment) = m.igw_attachments.get(a) else { continue };
            let Some(root) = deps.id(&attachment.meta.name) else { continue };
            let Some(stack) = deps.node(root).map(|n| n.stack) else { continue };
            let reached = dependents.reach(root);
            for route in routes {
                let Some(r) = deps.id(&route.meta.name) else { continue };
                // A route of another stack of a joined group is created after the whole
                // stack that attaches the gateway, or orders itself through its parent.
                if reached.depends(r) || deps.node(r).is_none_or(|n| n.stack != stack) {
                    continue;
                }
                let igw = match attachment.igw.to().and_then(|g| m.internet_gateway(g)) {
                    Some(g) => quote(&g.meta.name),
                    None => "its internet gateway".to_string(),
                };
                let f = cx
                    .finding(
                        route.target.span,
                        &route.meta,
                        format!(
                            "route {} to internet gateway {igw} does not depend on the gateway's attachment {}: \
                             CloudFormation may create the route before the gateway is attached, and then it fails \
                             (\"route table … and network gateway … belong to different networks\")",
                            quote(&route.meta.name),
                            quote(&attachment.meta.name),
                        ),
                    )
                    .label("may be created before the gateway is attached")
                    .related(
                        attachment.meta.span,
                        format!("the attachment: give the route `DependsOn: {}` to wait for it", attachment.meta.name),
                    );
                cx.report(f);
            }
        }
    }
}
