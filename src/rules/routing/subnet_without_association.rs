//! VPC101 subnet-without-route-table-association.

use crate::model::derived::AssociationState;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A subnet with no explicit route table association silently uses the main table.
pub struct SubnetWithoutAssociation;

impl Rule for SubnetWithoutAssociation {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            if m.derived.association.of(id) != Some(&AssociationState::None) {
                continue;
            }
            // A VPC the file does not create (a literal id, an `AWS::EC2::VPC::Id` parameter,
            // an import, an unknown reference): its main route table is not in the file and
            // may route on purpose (a default VPC's main table routes to its internet
            // gateway), so relying on it is not known to be a mistake.
            if !matches!(subnet.vpc, Link::To(_) | Link::OneOf(_)) {
                continue;
            }
            let vpc = subnet.vpc.to().and_then(|v| m.vpc(v));
            let main = match (m.tool, vpc) {
                (Tool::CloudFormation, Some(v)) => {
                    format!(
                        "the main route table of {}, which CloudFormation cannot give any route beyond the local one",
                        quote(&v.meta.name)
                    )
                }
                (_, Some(v)) => format!("the main route table of {}", quote(&v.meta.name)),
                (_, None) => "its VPC's main route table".to_string(),
            };
            let mut f = cx
                .finding(
                    subnet.meta.span,
                    &subnet.meta,
                    format!(
                        "subnet {} has no route table association, so it silently uses {main}",
                        quote(&subnet.meta.name)
                    ),
                )
                .label("no route table association");
            if let Some(v) = vpc {
                f = f.related(v.meta.span, "the VPC whose main route table applies");
            }
            cx.report(f);
        }
    }
}
