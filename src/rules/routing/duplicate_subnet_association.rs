//! VPC106 duplicate-subnet-association.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A subnet named by two route table associations: a subnet has one route table, and AWS
/// refuses the second association with `Resource.AlreadyAssociated`.
pub struct DuplicateSubnetAssociation;

impl Rule for DuplicateSubnetAssociation {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (subnet_id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            let list = m.derived.associations_by_subnet.list(subnet_id);
            if list.len() < 2 {
                continue;
            }
            let mut associations: Vec<&Association> =
                list.iter().filter_map(|a| m.associations.get(a.index())).collect();
            // The later association in the file is at fault.
            associations.sort_by_key(|a| (a.subnet_span.start, a.meta.span.start));
            let Some((first, rest)) = associations.split_first() else { continue };
            let table_name = |a: &Association| match a.table.to().and_then(|t| m.route_table(t)) {
                Some(t) => format!("route table {}", quote(&t.meta.name)),
                None => "a route table".to_string(),
            };
            for later in rest {
                let f = cx
                    .finding(
                        later.subnet_span,
                        &later.meta,
                        format!(
                            "association {} gives subnet {} to {}, but association {} already gives it to {}: a \
                             subnet has one route table, and AWS refuses the second with `Resource.AlreadyAssociated`",
                            quote(&later.meta.name),
                            quote(&subnet.meta.name),
                            table_name(later),
                            quote(&first.meta.name),
                            table_name(first),
                        ),
                    )
                    .label("a subnet that already has a route table")
                    .related(first.subnet_span, format!("the first association of {}", quote(&subnet.meta.name)));
                cx.report(f);
            }
        }
    }
}
