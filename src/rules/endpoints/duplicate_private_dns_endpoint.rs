//! VPC309 duplicate-private-dns-endpoint.

use std::collections::HashMap;

use crate::model::service::public_host;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// Two interface endpoints for the same service with private DNS in one VPC: the private
/// hosted zone of the service's name exists once per VPC, so the later endpoint fails to
/// create. The finding is on the later endpoint's private DNS setting; the earlier one is
/// related. Endpoints that exist only under a condition vpclint cannot decide are left out
/// (one may be the other's alternative).
pub struct DuplicatePrivateDnsEndpoint;

impl Rule for DuplicatePrivateDnsEndpoint {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let mut candidates: Vec<&Endpoint> =
            m.endpoints.iter().filter(|e| !e.meta.conditional && e.has_private_dns()).collect();
        candidates.sort_by_key(|e| e.meta.span.start);
        let mut first: HashMap<(VpcId, (String, String)), &Endpoint> = HashMap::new();
        for e in candidates {
            let Some(vpc) = e.vpc.to() else { continue };
            let Some(service) = e.service.known() else { continue };
            let Some(key) = m.service_key(service) else { continue };
            let svc = key.0.clone();
            let Some(earlier) = first.get(&(vpc, key.clone())).copied() else {
                first.insert((vpc, key), e);
                continue;
            };
            let vpc_name = m.vpc(vpc).map_or_else(String::new, |v| quote(&v.meta.name));
            let host = public_host(&svc, m.service_region(service));
            let f = cx
                .finding(
                    e.private_dns.span,
                    &e.meta,
                    format!(
                        "interface endpoint {} enables private DNS for `{svc}`, which interface endpoint {} already does in VPC {vpc_name}, so it fails to create with `InvalidParameter: private-dns-enabled cannot be set because there is already a conflicting DNS domain for {host} in the VPC`",
                        quote(&e.meta.name),
                        quote(&earlier.meta.name),
                    ),
                )
                .label(format!("a second private DNS zone for `{host}`"))
                .related(earlier.private_dns.span, format!("{} has private DNS for `{host}` already", quote(&earlier.meta.name)));
            cx.report(super::with_region_origin(m, service, f));
        }
    }
}
