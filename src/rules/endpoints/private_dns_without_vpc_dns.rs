//! VPC303 private-dns-without-vpc-dns.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// Private DNS on an interface endpoint needs the VPC's `enableDnsSupport` and
/// `enableDnsHostnames`; without them the endpoint fails to create.
pub struct PrivateDnsWithoutVpcDns;

impl Rule for PrivateDnsWithoutVpcDns {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let (support_key, hostnames_key) = match m.tool {
            Tool::CloudFormation => ("EnableDnsSupport", "EnableDnsHostnames"),
            Tool::Terraform => ("enable_dns_support", "enable_dns_hostnames"),
        };
        for e in &m.endpoints {
            if !e.has_private_dns() {
                continue;
            }
            let Some((_, vpc)) = super::vpc_of(m, e) else { continue };
            let mut off = Vec::new();
            if vpc.dns_support.known() == Some(&false) {
                off.push((&vpc.dns_support, "DNS support", support_key));
            }
            if vpc.dns_hostnames.known() == Some(&false) {
                off.push((&vpc.dns_hostnames, "DNS hostnames", hostnames_key));
            }
            if off.is_empty() {
                continue;
            }
            let what: Vec<&str> = off.iter().map(|(_, w, _)| *w).collect();
            let mut f = cx
                .finding(
                    e.private_dns.span,
                    &e.meta,
                    format!(
                        "interface endpoint {} enables private DNS, but VPC {} has {} off, so the deployment fails",
                        quote(&e.meta.name),
                        quote(&vpc.meta.name),
                        what.join(" and ")
                    ),
                )
                .label("private DNS needs the VPC's DNS support and DNS hostnames");
            for (attr, _, key) in off {
                let note = match attr.origin {
                    Origin::Explicit => format!("`{key}` is false here"),
                    Origin::Default => format!("`{key}` is not set on {} and defaults to false", quote(&vpc.meta.name)),
                };
                f = f.related(attr.span, note);
            }
            cx.report(f);
        }
    }
}
