//! VPC310 duplicate-gateway-endpoint-on-route-table.

use std::collections::HashMap;

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A route table listed by two gateway endpoints of the same service: a table can hold
/// one endpoint route per service, so the later endpoint fails to create. The finding is
/// on the later endpoint's list element for the table; the earlier one is related.
pub struct DuplicateGatewayEndpoint;

impl Rule for DuplicateGatewayEndpoint {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (table_id, endpoints) in m.derived.endpoints_by_table.iter_ids() {
            if endpoints.len() < 2 {
                continue;
            }
            let Some(table) = m.route_table(table_id) else { continue };
            // Endpoints on this table by service, in file order.
            let mut listed: Vec<&Endpoint> = endpoints
                .iter()
                .filter_map(|&e| m.endpoint(e))
                .filter(|e| e.endpoint_type.known() == Some(&EndpointType::Gateway))
                .collect();
            listed.sort_by_key(|e| e.meta.span.start);
            let mut first: HashMap<(String, String), &Endpoint> = HashMap::new();
            for e in listed {
                let Some(service) = e.service.known() else { continue };
                let Some(key) = m.service_key(service) else { continue };
                let Some(earlier) = first.get(&key).copied() else {
                    first.insert(key, e);
                    continue;
                };
                let svc = &key.0;
                let table_name = &table.meta.name;
                cx.report(
                    cx.finding(
                        item_span(e, table_id),
                        &e.meta,
                        format!(
                            "route table {} is already on gateway endpoint {} for `{svc}`, and a route table can hold only one endpoint route per service, so gateway endpoint {} fails to create",
                            quote(table_name),
                            quote(&earlier.meta.name),
                            quote(&e.meta.name),
                        ),
                    )
                    .label(format!("a second `{svc}` endpoint route on {}", quote(table_name)))
                    .related(item_span(earlier, table_id), format!("{} is on {} already", quote(&earlier.meta.name), quote(table_name))),
                );
            }
        }
    }
}

/// Where `e` lists `table`: its element of the list, else the list.
fn item_span(e: &Endpoint, table: RouteTableId) -> crate::source::Span {
    e.route_tables.items.iter().find(|i| i.link.is(table)).map_or(e.route_tables.span, |i| i.span)
}
