//! VPC311 endpoint-type-mismatch.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An endpoint whose type does not fit its service or its properties: a gateway endpoint
/// (often by default) for a service that has only interface endpoints, a gateway endpoint
/// with subnets or security groups, an interface endpoint with route tables. Each fails to
/// create; one finding per endpoint, on the first cause, the others related.
pub struct EndpointTypeMismatch;

impl Rule for EndpointTypeMismatch {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let type_key = match m.tool {
            Tool::CloudFormation => "VpcEndpointType",
            Tool::Terraform => "vpc_endpoint_type",
        };
        for e in &m.endpoints {
            let Some(ty) = e.endpoint_type.known() else { continue };
            let name = quote(&e.meta.name);
            let (subnets, groups) = (e.subnets.names_any(), e.security_groups.names_any());
            match ty {
                EndpointType::Gateway => {
                    let how = match e.endpoint_type.origin {
                        Origin::Explicit => "a gateway endpoint".to_string(),
                        Origin::Default => format!("a gateway endpoint, because `{}` is not set", type_key),
                    };
                    let label = match e.endpoint_type.origin {
                        Origin::Explicit => "the type is Gateway",
                        Origin::Default => "the type defaults to Gateway",
                    };
                    let service = e.service.known().filter(|s| s.has_gateway_endpoints() == Some(false));
                    let f = if let Some(s) = service {
                        let svc = s.service.as_deref().unwrap_or_default();
                        let at = match e.endpoint_type.origin {
                            Origin::Explicit => e.endpoint_type.span,
                            Origin::Default => e.service.span,
                        };
                        let mut f = cx.finding(
                            at,
                            &e.meta,
                            format!(
                                "endpoint {name} is {how}, but `{svc}` has only interface endpoints (gateway endpoints exist only for S3 and DynamoDB), so the deployment fails with `InvalidParameter: Endpoint type (Gateway) does not match available service types ([Interface])`"
                            ),
                        )
                        .label(label);
                        if e.endpoint_type.origin == Origin::Explicit {
                            f = f.related(e.service.span, format!("`{svc}` is an interface endpoint service"));
                        }
                        f
                    } else if subnets {
                        cx.finding(
                            e.subnets.span,
                            &e.meta,
                            format!(
                                "endpoint {name} is {how}, but lists subnets, which only interface and Gateway Load Balancer endpoints take, so the deployment fails with `InvalidParameter: Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.`"
                            ),
                        )
                        .label("subnets on a gateway endpoint")
                        .related(e.endpoint_type.span, label)
                    } else if groups {
                        cx.finding(
                            e.security_groups.span,
                            &e.meta,
                            format!(
                                "endpoint {name} is {how}, but lists security groups, which apply only to the network interfaces of interface endpoints, so AWS rejects the endpoint"
                            ),
                        )
                        .label("security groups on a gateway endpoint")
                        .related(e.endpoint_type.span, label)
                    } else {
                        continue;
                    };
                    let mut f = f;
                    if service.is_some() && subnets {
                        f = f.related(e.subnets.span, "subnets: the endpoint was meant to be an interface endpoint");
                    }
                    if service.is_some() && groups {
                        f = f.related(e.security_groups.span, "security groups, which only interface endpoints take");
                    }
                    cx.report(f);
                }
                EndpointType::Interface if e.route_tables.names_any() => {
                    cx.report(
                        cx.finding(
                            e.route_tables.span,
                            &e.meta,
                            format!(
                                "interface endpoint {name} lists route tables, but routing is supported only for gateway endpoints, so AWS rejects the endpoint"
                            ),
                        )
                        .label("route tables on an interface endpoint")
                        .related(e.endpoint_type.span, "the type is Interface"),
                    );
                }
                _ => {}
            }
        }
    }
}
