//! VPC401 nat-gateway-without-internet-route.

use crate::model::derived::{DefaultRoute, Tri};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote, with_subnet_table};

/// A public zonal NAT gateway whose subnet's route table sends no `0.0.0.0/0` to an
/// internet gateway: the NAT gateway has no way out, and what is routed to it is dropped.
pub struct NatWithoutInternetRoute;

impl Rule for NatWithoutInternetRoute {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (_, nat) in enumerate::<_, NatId>(&m.nat_gateways) {
            // A regional NAT gateway has no subnet: AWS routes it through its own table.
            if nat.regional || nat.public.known() != Some(&true) {
                continue;
            }
            let Some(subnet_id) = nat.subnet.to() else { continue };
            let Some(subnet) = m.subnet(subnet_id) else { continue };
            let Some(table) = m.derived.effective_table.of(subnet_id).and_then(Link::to) else { continue };
            if m.internet_default_route(table) != Tri::No {
                continue;
            }
            let table_name = m.describe_table(table);
            let (why, route) = match m.default_route(table) {
                DefaultRoute::Route(r) => match m.route(r).and_then(|r| r.target.known().map(|t| (r, t))) {
                    Some((route, target)) => (
                        format!("sends `0.0.0.0/0` to {} instead of an internet gateway", target.kind.describe()),
                        Some(route.target.span),
                    ),
                    None => continue,
                },
                _ => ("has no `0.0.0.0/0` route to an internet gateway".to_string(), None),
            };
            let mut f = cx
                .finding(
                    nat.subnet_span,
                    &nat.meta,
                    format!(
                        "public NAT gateway {} is in subnet {}, and {table_name}, which routes that subnet, {why}: \
                         the NAT gateway cannot reach the internet, and everything routed to it is dropped",
                        quote(&nat.meta.name),
                        quote(&subnet.meta.name),
                    ),
                )
                .label("a public NAT gateway belongs in a public subnet");
            if let Some(span) = route {
                f = f.related(span, "the default route of the NAT gateway's subnet");
            }
            cx.report(with_subnet_table(m, f, table, "the route table of the NAT gateway's subnet"));
        }
    }
}
