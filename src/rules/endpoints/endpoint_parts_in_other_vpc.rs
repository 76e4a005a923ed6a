//! VPC315 endpoint-parts-in-other-vpc.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};
use crate::source::Span;

/// An endpoint whose subnets, route tables or security groups belong to another VPC than
/// the endpoint's: each must be in the endpoint's VPC, or the endpoint fails to create.
/// One finding per foreign part, on its list element.
pub struct EndpointPartsInOtherVpc;

impl Rule for EndpointPartsInOtherVpc {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for e in &m.endpoints {
            let Some((own, own_vpc)) = super::vpc_of(m, e) else { continue };
            let mut foreign: Vec<(Span, String, String)> = Vec::new();
            for item in &e.subnets.items {
                let Some(s) = item.link.to().and_then(|s| m.subnet(s)) else { continue };
                if let Some(w) = other_vpc(m, &s.vpc, own) {
                    foreign.push((item.span, format!("subnet {}", quote(&s.meta.name)), w));
                }
            }
            for item in &e.route_tables.items {
                let Some(t) = item.link.to().and_then(|t| m.route_table(t)) else { continue };
                if let Some(w) = other_vpc(m, &t.vpc, own) {
                    let what = match t.implicit_main_of {
                        Some(_) => "the main route table it lists".to_string(),
                        None => format!("route table {}", quote(&t.meta.name)),
                    };
                    foreign.push((item.span, what, w));
                }
            }
            for item in &e.security_groups.items {
                let Some(g) = item.link.to().and_then(|g| m.security_group(g)) else { continue };
                let w = match &g.vpc {
                    // A CloudFormation group without `VpcId` is created in the account's
                    // default VPC, which a VPC the template creates never is.
                    Link::External(External::DefaultVpc) if own_vpc.meta.known_id.is_none() => {
                        Some("the account's default VPC (its `VpcId` is not set)".to_string())
                    }
                    l => other_vpc(m, l, own),
                };
                if let Some(w) = w {
                    let what = match g.is_default {
                        true => "the default security group it lists".to_string(),
                        false => format!("security group {}", quote(&g.meta.name)),
                    };
                    foreign.push((item.span, what, w));
                }
            }
            for (span, what, other) in foreign {
                let mut f = cx
                    .finding(
                        span,
                        &e.meta,
                        format!(
                            "endpoint {} is in VPC {}, but {what} belongs to {other}: an endpoint's subnets, route tables and security groups must be in its own VPC, so the endpoint fails to create",
                            quote(&e.meta.name),
                            quote(&own_vpc.meta.name),
                        ),
                    )
                    .label(format!("in {other}"));
                // A Terraform list known only through the configuration is located at the
                // endpoint itself.
                if span != e.meta.span {
                    f = f.related(e.meta.span, format!("the endpoint is in VPC {}", quote(&own_vpc.meta.name)));
                }
                cx.report(f);
            }
        }
    }
}

/// The name of the VPC `link` certainly points at, when it is not `own`.
fn other_vpc(m: &Model, link: &Link<VpcId>, own: VpcId) -> Option<String> {
    let w = link.to().filter(|&w| w != own)?;
    m.vpc(w).map(|v| format!("VPC {}", quote(&v.meta.name)))
}
