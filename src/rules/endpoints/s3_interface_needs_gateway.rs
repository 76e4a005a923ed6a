//! VPC312 s3-interface-private-dns-needs-gateway.

use std::collections::HashSet;

use crate::model::derived::Tri;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An S3 interface endpoint with private DNS for the inbound Resolver endpoint only (the
/// API's default) in a VPC without an S3 gateway endpoint: AWS refuses to create it.
pub struct S3InterfaceNeedsGateway;

impl Rule for S3InterfaceNeedsGateway {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if m.generated_unknown {
            return;
        }
        // VPCs that have, or may have, an S3 gateway endpoint; one whose VPC is not known may
        // be in any of them.
        let mut with_gateway: HashSet<VpcId> = HashSet::new();
        for e in m.endpoints.iter().filter(|e| m.is_s3_gateway(e) != Tri::No) {
            match e.vpc.to() {
                Some(v) => {
                    with_gateway.insert(v);
                }
                None => return,
            }
        }
        for e in &m.endpoints {
            if !super::serves_here(m, e, "s3") || !e.has_private_dns() || e.inbound_resolver_only.known() != Some(&true)
            {
                continue;
            }
            let Some((vpc_id, vpc)) = super::created_vpc_of(m, e) else { continue };
            if with_gateway.contains(&vpc_id) {
                continue;
            }
            let option = if e.inbound_resolver_only.origin == Origin::Default {
                "`PrivateDnsOnlyForInboundResolverEndpoint` left at the API's default (true)"
            } else {
                "`PrivateDnsOnlyForInboundResolverEndpoint` set"
            };
            let mut f = cx
                .finding(
                    e.private_dns.span,
                    &e.meta,
                    format!(
                        "S3 interface endpoint {} has private DNS on with {option}, but VPC {} has no S3 gateway endpoint: AWS refuses to create it (\"To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ... must have a gateway endpoint for the service\")",
                        quote(&e.meta.name),
                        quote(&vpc.meta.name),
                    ),
                )
                .label("private DNS for the inbound Resolver endpoint only needs an S3 gateway endpoint")
                .related(vpc.meta.span, format!("VPC {} has no S3 gateway endpoint", quote(&vpc.meta.name)));
            if e.inbound_resolver_only.origin == Origin::Explicit {
                f = f.related(e.inbound_resolver_only.span, "the option is set here".to_string());
            }
            cx.report(f);
        }
    }
}
