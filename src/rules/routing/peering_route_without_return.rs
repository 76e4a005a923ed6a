//! VPC108 peering-route-without-return.

use std::collections::{HashMap, HashSet};

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A route table of one side of a VPC peering connection that serves subnets and has no
/// route through the connection, while the other side routes to it through the connection.
///
/// Linear in the model and the findings: each connection's sides look only at the tables
/// of their VPC that could lack a return route (indexed once), and each of those either
/// has a route through the connection (counted by the routes) or is a finding.
pub struct PeeringRouteWithoutReturn;

impl Rule for PeeringRouteWithoutReturn {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if m.generated_unknown {
            return;
        }
        // A peering route whose connection or table vpclint cannot pin may be the return
        // route of any table.
        let mut uncertain = false;
        // (peering connection, table) of every certain route through a connection.
        let mut via: HashSet<(OtherId, RouteTableId)> = HashSet::new();
        // Per (connection, side): the first route of that side's tables through it.
        let mut first_route: HashMap<(OtherId, VpcId), &Route> = HashMap::new();
        for (_, r) in enumerate::<_, RouteId>(&m.routes) {
            let Some(t) = r.target.known() else {
                uncertain |= !matches!(r.target.val, Val::Absent);
                continue;
            };
            if t.kind != TargetKind::Peering {
                continue;
            }
            match (&t.link, r.table.to(), r.meta.conditional) {
                (Link::To(TargetRef::Other(o)), Some(table), false) => {
                    via.insert((*o, table));
                    if let Some(v) = m.route_table(table).and_then(|t| t.vpc.to()) {
                        first_route.entry((*o, v)).or_insert(r);
                    }
                }
                (Link::External(_), _, _) => {}
                _ => uncertain = true,
            }
        }
        if uncertain || !m.derived.anywhere_routes.is_empty() {
            return;
        }
        let serving: HashSet<RouteTableId> = (0..m.subnets.len())
            .filter_map(|i| m.derived.effective_table.of(SubnetId(i as u32)).and_then(Link::to))
            .collect();
        // Per VPC, its tables that could lack a return route: they serve subnets, and all
        // their routes are known and certainly theirs.
        let mut candidates: Vec<Vec<RouteTableId>> = vec![Vec::new(); m.vpcs.len()];
        for (table_id, table) in enumerate::<_, RouteTableId>(&m.route_tables) {
            if !table.routes_known
                || !serving.contains(&table_id)
                || !m.derived.maybe_routes_by_table.list(table_id).is_empty()
            {
                continue;
            }
            if let Some(slot) = table.vpc.to().and_then(|v| candidates.get_mut(v.index())) {
                slot.push(table_id);
            }
        }
        for (id, p) in enumerate::<_, OtherId>(&m.other_targets) {
            if p.kind != TargetKind::Peering || p.meta.conditional {
                continue;
            }
            let (Some(a), Some(b)) = (p.vpc.to(), p.peer_vpc.to()) else { continue };
            if a == b {
                continue;
            }
            for (from, to) in [(a, b), (b, a)] {
                let Some(route) = first_route.get(&(id, from)) else { continue };
                let (Some(from_vpc), Some(to_vpc)) = (m.vpc(from), m.vpc(to)) else { continue };
                for (_, &table_id) in enumerate::<_, u32>(candidates.get(to.index()).map_or(&[][..], Vec::as_slice)) {
                    if via.contains(&(id, table_id)) {
                        continue;
                    }
                    let Some(table) = m.route_table(table_id) else { continue };
                    let which = if table.implicit_main_of.is_some() {
                        format!("the main route table of VPC {}", quote(&to_vpc.meta.name))
                    } else {
                        format!("route table {} of VPC {}", quote(&table.meta.name), quote(&to_vpc.meta.name))
                    };
                    let f = cx
                        .finding(
                            table.meta.span,
                            &table.meta,
                            format!(
                                "{which} serves subnets but has no route through peering connection {}, while \
                                 VPC {} routes to {} through it: replies from these subnets to {} do not come back \
                                 through the peering connection",
                                quote(&p.meta.name),
                                quote(&from_vpc.meta.name),
                                quote(&to_vpc.meta.name),
                                quote(&from_vpc.meta.name),
                            ),
                        )
                        .label("no route back through the peering connection")
                        .related(
                            route.target.span,
                            format!("a route of VPC {} through {}", quote(&from_vpc.meta.name), quote(&p.meta.name)),
                        );
                    cx.report(f);
                }
            }
        }
    }
}
