//! VPC305 dynamodb-via-nat.

use std::collections::HashSet;

use super::s3_via_nat::SubnetRoles;
use crate::model::derived::Tri;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A subnet whose same-region DynamoDB traffic leaves through a NAT device, in a file that
/// declares a DynamoDB table: the DynamoDB counterpart of VPC301.
pub struct DynamoDbViaNat;

impl Rule for DynamoDbViaNat {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // The evidence that the VPC's workloads talk to DynamoDB: a table the file certainly
        // creates, other than Terraform's state lock table.
        let Some(ddb) = m.dynamodb_tables.iter().find(|t| !t.meta.conditional && !t.state_lock) else { return };
        let gateways_by_vpc = super::gateways_by_vpc(m, "dynamodb");
        // VPCs with an interface endpoint that is or may be DynamoDB's: clients may reach the
        // service through it (its endpoint-specific names, or private DNS), not the NAT.
        let mut interface_vpcs: HashSet<VpcId> = HashSet::new();
        let mut interface_anywhere = false;
        for e in &m.endpoints {
            let dynamodb = match e.service.known() {
                Some(s) if s.service.is_some() => s.is("dynamodb") && m.same_region(s) != Tri::No,
                _ => true,
            };
            if dynamodb && e.may_be_interface() {
                match e.vpc.to() {
                    Some(v) => {
                        interface_vpcs.insert(v);
                    }
                    None => interface_anywhere = true,
                }
            }
        }
        if interface_anywhere {
            return;
        }
        let paths = m.gateway_paths("dynamodb");
        let roles = SubnetRoles::of(m);
        for (id, subnet) in enumerate::<_, SubnetId>(&m.subnets) {
            // As in VPC301, subnets that carry other VPCs' traffic are left out (`nat_exit`).
            if subnet.vpc.to().is_none_or(|v| interface_vpcs.contains(&v)) {
                continue;
            }
            let Some(exit) = super::nat_exit(m, &roles, (id, subnet), &paths, "DynamoDB") else { continue };
            let table = quote(&exit.table.meta.name);
            let mut f = cx
                .finding(
                    subnet.meta.span,
                    &subnet.meta,
                    format!("{} (this file declares DynamoDB table {})", exit.message, quote(&ddb.meta.name)),
                )
                .label("this subnet's DynamoDB traffic takes the NAT route")
                .related(exit.route.target.span, format!("the default route of {table} goes to {}", exit.device))
                .related(ddb.meta.span, format!("the file declares DynamoDB table {} here", quote(&ddb.meta.name)));
            for e in subnet.vpc.to().and_then(|v| gateways_by_vpc.get(&v)).map_or(&[][..], |v| v) {
                f = f.related(
                    super::route_tables_at(e),
                    format!("the DynamoDB gateway endpoint {} is not on {table}", quote(&e.meta.name)),
                );
            }
            cx.report(f);
        }
    }
}
