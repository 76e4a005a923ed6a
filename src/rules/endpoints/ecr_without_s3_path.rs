//! VPC313 ecr-without-s3-path.

use super::s3_via_nat::SubnetRoles;
use crate::model::derived::S3Path;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An `ecr.dkr` interface endpoint in a VPC none of whose subnets can reach S3: ECR serves
/// image layers from S3, so every pull through the endpoint fails.
pub struct EcrWithoutS3Path;

impl Rule for EcrWithoutS3Path {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if m.generated_unknown || m.subnets.iter().any(|s| s.vpc.to().is_none()) {
            return;
        }
        let roles = SubnetRoles::of(m);
        for e in &m.endpoints {
            if !super::serves_here(m, e, "ecr.dkr") || !e.is_interface() {
                continue;
            }
            let Some((vpc_id, vpc)) = super::created_vpc_of(m, e) else { continue };
            // An interface endpoint that is or may be S3's gives the VPC a path to S3.
            let s3_interface = m.endpoints.iter().any(|o| {
                let s3 = o.service.known().is_none_or(|s| s.service.is_none() || s.is("s3"));
                s3 && o.may_be_interface() && (o.vpc.is(vpc_id) || o.vpc.to().is_none())
            });
            if s3_interface {
                continue;
            }
            // Every workload subnet of the VPC must certainly have no route to S3.
            let subnets: Vec<SubnetId> = m
                .derived
                .subnets_by_vpc
                .list(vpc_id)
                .iter()
                .copied()
                .filter(|&s| !roles.carries_traffic(s, Some(vpc_id)))
                .collect();
            let no_path = |s: SubnetId| {
                m.derived.effective_table.of(s).and_then(Link::to).is_some_and(|t| m.s3_path(t) == S3Path::NoRoute)
            };
            if subnets.is_empty() || !subnets.iter().all(|&s| no_path(s)) {
                continue;
            }
            let mut f = cx
                .finding(
                    e.service.span,
                    &e.meta,
                    format!(
                        "`ecr.dkr` interface endpoint {} is in VPC {}, none of whose subnets has a path to S3 (no S3 gateway endpoint on their route tables, no NAT or internet route, no S3 interface endpoint): ECR serves image layers from S3, so image pulls fail",
                        quote(&e.meta.name),
                        quote(&vpc.meta.name),
                    ),
                )
                .label("image layers of this registry come from S3");
            for &s in subnets.iter().take(3) {
                if let Some(subnet) = m.subnet(s) {
                    f = f.related(subnet.meta.span, format!("subnet {} has no route to S3", quote(&subnet.meta.name)));
                }
            }
            cx.report(f);
        }
    }
}
