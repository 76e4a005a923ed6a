//! VPC405 second-internet-gateway.

use std::collections::HashMap;

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A second internet gateway attached to one VPC: a VPC has at most one at a time.
pub struct SecondInternetGateway;

impl Rule for SecondInternetGateway {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // Per VPC, the attachments that certainly exist and certainly name it and a gateway
        // of the file, in file order.
        let mut by_vpc: HashMap<VpcId, Vec<&IgwAttachment>> = HashMap::new();
        for (_, a) in enumerate::<_, u32>(&m.igw_attachments) {
            if a.meta.conditional {
                continue;
            }
            if let (Some(v), Some(_)) = (a.vpc.to(), a.igw.to()) {
                by_vpc.entry(v).or_default().push(a);
            }
        }
        let mut vpcs: Vec<(VpcId, Vec<&IgwAttachment>)> = by_vpc.into_iter().collect();
        vpcs.sort_by_key(|(v, _)| *v);
        for (vpc_id, mut attachments) in vpcs {
            attachments.sort_by_key(|a| (a.span.start, a.meta.span.start));
            let Some(first) = attachments.first().copied() else { continue };
            let Some(vpc) = m.vpc(vpc_id) else { continue };
            let first_igw = first.igw.to();
            let name = |a: &IgwAttachment| {
                a.igw.to().and_then(|g| m.internet_gateway(g)).map_or_else(String::new, |g| g.meta.name.clone())
            };
            for later in attachments.iter().skip(1) {
                // The same gateway attached twice is another error, not this one.
                if later.igw.to() == first_igw {
                    continue;
                }
                let f = cx
                    .finding(
                        later.span,
                        &later.meta,
                        format!(
                            "internet gateway {} is attached to VPC {}, which already has internet gateway {}: a \
                             VPC takes one internet gateway at a time, so the second attachment fails",
                            quote(&name(later)),
                            quote(&vpc.meta.name),
                            quote(&name(first)),
                        ),
                    )
                    .label("a second internet gateway for this VPC")
                    .related(first.span, format!("the first internet gateway of {}", quote(&vpc.meta.name)));
                cx.report(f);
            }
        }
    }
}
