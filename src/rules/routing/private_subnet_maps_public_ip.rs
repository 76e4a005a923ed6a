//! VPC107 private-subnet-maps-public-ip.

use crate::model::derived::{DefaultRoute, Tri};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote, with_subnet_table};

/// A subnet that gives instances public IPv4 addresses at launch while its route table
/// sends no IPv4 default route to an internet gateway.
pub struct PrivateSubnetMapsPublicIp;

impl Rule for PrivateSubnetMapsPublicIp {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            if subnet.map_public_ip_on_launch.known() != Some(&true) {
                continue;
            }
            let Some(table) = m.derived.effective_table.of(id).and_then(Link::to) else { continue };
            if m.internet_default_route(table) != Tri::No {
                continue;
            }
            let table_name = m.describe_table(table);
            let mut f = match m.default_route(table) {
                DefaultRoute::Route(r) => {
                    let Some(route) = m.route(r) else { continue };
                    let Some(target) = route.target.known() else { continue };
                    cx.finding(
                        subnet.map_public_ip_on_launch.span,
                        &subnet.meta,
                        format!(
                            "subnet {} gives every instance a public IPv4 address at launch, but {table_name} sends \
                             `0.0.0.0/0` to {}, not to an internet gateway: the addresses cannot be reached from \
                             the internet, and each is billed by the hour",
                            quote(&subnet.meta.name),
                            target.kind.describe(),
                        ),
                    )
                    .related(route.target.span, "the default route")
                }
                _ => cx.finding(
                    subnet.map_public_ip_on_launch.span,
                    &subnet.meta,
                    format!(
                        "subnet {} gives every instance a public IPv4 address at launch, but {table_name} has no \
                         `0.0.0.0/0` route to an internet gateway: the addresses cannot be reached from the \
                         internet, and each is billed by the hour",
                        quote(&subnet.meta.name),
                    ),
                ),
            };
            f = f.label("public IPv4 addresses on launch");
            cx.report(with_subnet_table(m, f, table, "the subnet's route table"));
        }
    }
}
