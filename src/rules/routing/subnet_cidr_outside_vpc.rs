//! VPC104 subnet-cidr-outside-vpc.

use crate::model::derived::Tri;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A subnet IPv4 block outside every IPv4 block of its VPC, or a VPC or subnet IPv4 block
/// whose prefix is outside /16 to /28: AWS refuses to create it.
pub struct SubnetCidrOutsideVpc;

/// The IPv4 prefix lengths AWS accepts for VPC and subnet blocks (VPC user guide, "VPC
/// CIDR blocks" and "Subnet sizing").
const PREFIXES: std::ops::RangeInclusive<u8> = 16..=28;

impl Rule for SubnetCidrOutsideVpc {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (_, vpc) in enumerate::<_, VpcId>(&m.vpcs) {
            for block in &vpc.cidrs {
                let Some(c) = block.known().filter(|c| c.is_v4() && !PREFIXES.contains(&c.prefix())) else { continue };
                let f = cx
                    .finding(
                        block.span,
                        &vpc.meta,
                        format!(
                            "VPC {} has IPv4 block {c}, but a VPC's IPv4 blocks must be /16 to /28: AWS refuses it \
                             with `InvalidVpc.Range`",
                            quote(&vpc.meta.name)
                        ),
                    )
                    .label(format!("a /{} block", c.prefix()));
                cx.report(f);
            }
        }
        for (_, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            let Some(cidr) = subnet.cidr.known().filter(|c| c.is_v4()) else { continue };
            if !PREFIXES.contains(&cidr.prefix()) {
                let f = cx
                    .finding(
                        subnet.cidr.span,
                        &subnet.meta,
                        format!(
                            "subnet {} has IPv4 block {cidr}, but a subnet's IPv4 block must be /16 to /28: AWS \
                             refuses it with `InvalidSubnet.Range`",
                            quote(&subnet.meta.name)
                        ),
                    )
                    .label(format!("a /{} block", cidr.prefix()));
                cx.report(f);
                continue;
            }
            // A VPC the file does not create, or one of several: its blocks are not known.
            let Some(vpc_id) = subnet.vpc.to() else { continue };
            let Some(vpc) = m.vpc(vpc_id) else { continue };
            if m.vpc_covers(vpc_id, cidr) != Tri::No {
                continue;
            }
            let blocks: Vec<String> = vpc.cidrs.iter().filter_map(|b| b.known()).map(ToString::to_string).collect();
            let mut f = cx
                .finding(
                    subnet.cidr.span,
                    &subnet.meta,
                    format!(
                        "subnet {} has IPv4 block {cidr}, outside every IPv4 block of VPC {} ({}): AWS refuses it \
                         with `InvalidSubnet.Range`",
                        quote(&subnet.meta.name),
                        quote(&vpc.meta.name),
                        blocks.join(", ")
                    ),
                )
                .label("outside the VPC");
            for b in &vpc.cidrs {
                if let Some(c) = b.known() {
                    f = f.related(b.span, format!("the IPv4 block {c} of {}", quote(&vpc.meta.name)));
                }
            }
            cx.report(f);
        }
    }
}
