//! VPC404 nat-gateway-allocation-mismatch.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A public zonal NAT gateway without an Elastic IP allocation, or a private one with one.
pub struct NatAllocationMismatch;

impl Rule for NatAllocationMismatch {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (_, nat) in enumerate::<_, NatId>(&m.nat_gateways) {
            // A regional NAT gateway may take its addresses automatically.
            if nat.regional {
                continue;
            }
            let (Some(&public), Some(&allocation)) = (nat.public.known(), nat.allocation.known()) else { continue };
            let f = match (public, allocation) {
                (true, false) => cx
                    .finding(
                        nat.public.span,
                        &nat.meta,
                        format!(
                            "public NAT gateway {} has no Elastic IP allocation (`AllocationId`, `allocation_id`): \
                             a public zonal NAT gateway needs one at creation, so the deployment fails",
                            quote(&nat.meta.name)
                        ),
                    )
                    .label(if nat.public.origin == Origin::Default {
                        "public by default, without `AllocationId`"
                    } else {
                        "public, without `AllocationId`"
                    }),
                (false, true) => cx
                    .finding(
                        nat.allocation.span,
                        &nat.meta,
                        format!(
                            "private NAT gateway {} has an Elastic IP allocation: a private NAT gateway takes no \
                             Elastic IP, so the deployment fails",
                            quote(&nat.meta.name)
                        ),
                    )
                    .label("an Elastic IP on a private NAT gateway")
                    .related(nat.public.span, "`ConnectivityType: private`"),
                _ => continue,
            };
            cx.report(f);
        }
    }
}
