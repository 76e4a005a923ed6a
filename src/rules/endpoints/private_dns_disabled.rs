//! VPC302 interface-endpoint-private-dns-disabled.

use crate::model::service::public_host;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An interface endpoint to an AWS service with private DNS off.
///
/// S3 and DynamoDB are exempt: both also have gateway endpoints, which is how clients in
/// the VPC normally reach them (VPC301 checks that path), and their interface endpoints
/// usually serve on-premises or peered clients through endpoint-specific DNS names, where
/// private DNS is deliberately off. Custom PrivateLink services (`com.amazonaws.vpce...`)
/// are exempt too: they have private DNS only when their provider configured a name.
pub struct PrivateDnsDisabled;

impl Rule for PrivateDnsDisabled {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for e in &m.endpoints {
            if !e.is_interface() {
                continue;
            }
            let Some(service) = e.service.known() else { continue };
            let Some(name) = service.service.as_deref() else { continue };
            if name == "s3" || name == "dynamodb" {
                continue;
            }
            if e.private_dns.known() != Some(&false) {
                continue;
            }
            let why = match (e.private_dns.origin, m.tool) {
                (Origin::Explicit, _) => "private DNS is disabled".to_string(),
                (Origin::Default, Tool::CloudFormation) => {
                    "`PrivateDnsEnabled` is not set and CloudFormation's default is false".to_string()
                }
                (Origin::Default, Tool::Terraform) => {
                    "`private_dns_enabled` is not set and the Terraform AWS provider creates the endpoint with it off"
                        .to_string()
                }
            };
            let label = match e.private_dns.origin {
                Origin::Explicit => "private DNS disabled",
                Origin::Default => "private DNS not set: off by default",
            };
            let f = cx
                .finding(
                    e.private_dns.span,
                    &e.meta,
                    format!(
                        "interface endpoint {} for `{name}`: {why}, so clients resolve `{}` to the service's public addresses and bypass the endpoint",
                        quote(&e.meta.name),
                        public_host(name, m.service_region(service)),
                    ),
                )
                .label(label);
            cx.report(super::with_region_origin(m, service, f));
        }
    }
}
