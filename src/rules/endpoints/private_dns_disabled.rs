//! VPC302 interface-endpoint-private-dns-disabled.

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
            if e.endpoint_type.known() != Some(&EndpointType::Interface) {
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
            cx.report(
                cx.finding(e.private_dns.span,
                    &e.meta,
                    format!(
                        "interface endpoint {} for `{name}`: {why}, so clients resolve `{}` to the service's public addresses and bypass the endpoint",
                        quote(&e.meta.name),
                        public_host(
                            name,
                            match &service.region {
                                RegionRef::Named(r) => Some(r.as_str()),
                                RegionRef::Deployment => m.region.as_deref(),
                                RegionRef::Unknown => None,
                            }
                        ),
                    ),
                )
                .label(label),
            );
        }
    }
}

/// The public host name SDKs resolve for an AWS service: `<service>.<region>.amazonaws.com`,
/// with a dotted service name's parts reversed (`ecr.api` is `api.ecr.<region>...`,
/// `sagemaker.runtime` is `runtime.sagemaker.<region>...`), as interface endpoints' private
/// DNS names are. `<region>` stands in when the region is not known.
fn public_host(service: &str, region: Option<&str>) -> String {
    let mut parts: Vec<&str> = service.split('.').collect();
    parts.reverse();
    format!("{}.{}.amazonaws.com", parts.join("."), region.unwrap_or("<region>"))
}

#[cfg(test)]
mod tests {
    use super::public_host;

    #[test]
    fn public_host_names() {
        assert_eq!(public_host("ssm", Some("eu-west-1")), "ssm.eu-west-1.amazonaws.com");
        assert_eq!(public_host("ecr.api", None), "api.ecr.<region>.amazonaws.com");
        assert_eq!(public_host("sagemaker.runtime", Some("us-east-1")), "runtime.sagemaker.us-east-1.amazonaws.com");
    }
}
