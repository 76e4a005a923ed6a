//! VPC103 duplicate-route-destination.

use std::collections::HashMap;

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// Two routes of one table with the same destination, or a route to one of the VPC's own
/// CIDR blocks (the local route's): AWS refuses the later one with `RouteAlreadyExists`.
pub struct DuplicateRouteDestination;

/// A destination as AWS compares them: the block after its host bits are cleared (the
/// model's CIDRs are), or the prefix list id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Cidr(Cidr),
    PrefixList(String),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Cidr(c) => write!(f, "{c}"),
            Key::PrefixList(p) => f.write_str(p),
        }
    }
}

fn key_of(route: &Route) -> Option<Key> {
    match route.destination.known()? {
        Destination::Cidr(c) => Some(Key::Cidr(*c)),
        Destination::PrefixList(Val::Known(id)) => Some(Key::PrefixList(id.clone())),
        Destination::PrefixList(_) => None,
    }
}

/// How a message names a route: a route resource by its name, an inline route block by
/// its table's.
pub(crate) fn describe_route(route: &Route) -> String {
    if route.meta.resource_type.ends_with("route_table") {
        format!("an inline route of {}", quote(&route.meta.name))
    } else {
        format!("route {}", quote(&route.meta.name))
    }
}

impl Rule for DuplicateRouteDestination {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (table_id, table) in enumerate::<_, RouteTableId>(&m.route_tables) {
            // Routes that may not exist (a condition vpclint cannot decide) are left out:
            // two routes under opposite conditions are the usual way to switch a target.
            let mut routes: Vec<(RouteId, &Route, Key)> = m
                .derived
                .routes_by_table
                .list(table_id)
                .iter()
                .filter_map(|&r| m.route(r).map(|route| (r, route)))
                .filter(|(_, route)| !route.meta.conditional)
                .filter_map(|(r, route)| key_of(route).map(|k| (r, route, k)))
                .collect();
            // The later route in the file is the one at fault.
            routes.sort_by_key(|(r, route, _)| (route.destination.span.start, *r));
            let vpc = table.vpc.to().and_then(|v| m.vpc(v));
            let mut first: HashMap<&Key, &Route> = HashMap::new();
            for (_, route, key) in &routes {
                let local = vpc.and_then(|v| {
                    v.cidrs.iter().find(|c| matches!((c.known(), key), (Some(c), Key::Cidr(k)) if c == k))
                });
                let is_local_target = route.target.known().is_some_and(|t| t.kind == TargetKind::Local);
                if let (Some(block), Some(vpc), false) = (local, vpc, is_local_target) {
                    let f = cx
                        .finding(
                            route.destination.span,
                            &route.meta,
                            format!(
                                "{} of table {} has destination {key}, a CIDR block of VPC {} that the table's local \
                                 route already holds: AWS refuses it with `RouteAlreadyExists`",
                                describe_route(route),
                                quote(&table.meta.name),
                                quote(&vpc.meta.name),
                            ),
                        )
                        .label("the local route's destination")
                        .related(block.span, format!("the CIDR block of {}", quote(&vpc.meta.name)));
                    cx.report(f);
                    continue;
                }
                match first.get(key) {
                    None => {
                        first.insert(key, route);
                    }
                    Some(earlier) => {
                        let f = cx
                            .finding(
                                route.destination.span,
                                &route.meta,
                                format!(
                                    "{} repeats destination {key} of {} in table {}: AWS refuses the second with \
                                     `RouteAlreadyExists`",
                                    describe_route(route),
                                    describe_route(earlier),
                                    quote(&table.meta.name),
                                ),
                            )
                            .label("a destination the table already routes")
                            .related(
                                earlier.destination.span,
                                format!("{} with the same destination", describe_route(earlier)),
                            );
                        cx.report(f);
                    }
                }
            }
        }
    }
}
