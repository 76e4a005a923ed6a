//! VPC305 dynamodb-via-nat.

use std::collections::{HashMap, HashSet};

use super::s3_via_nat::SubnetRoles;
use crate::model::derived::{S3Path, Tri};
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
        let mut gateways_by_vpc: HashMap<VpcId, Vec<&Endpoint>> = HashMap::new();
        // VPCs with an interface endpoint that is or may be DynamoDB's: clients may reach the
        // service through it (its endpoint-specific names, or private DNS), not the NAT.
        let mut interface_vpcs: HashSet<VpcId> = HashSet::new();
        let mut interface_anywhere = false;
        for e in &m.endpoints {
            if let (Tri::Yes, Some(v)) = (m.is_gateway_for(e, "dynamodb"), e.vpc.to()) {
                gateways_by_vpc.entry(v).or_default().push(e);
            }
            let dynamodb = match e.service.known() {
                Some(s) if s.service.is_some() => s.is("dynamodb") && m.same_region(s) != Tri::No,
                _ => true,
            };
            let interface = !matches!(e.endpoint_type.known(), Some(t) if *t != EndpointType::Interface);
            if dynamodb && interface {
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
            // As in VPC301: a gateway endpoint cannot serve traffic that arrives from other
            // VPCs, so transit attachment subnets and a hub's firewall subnets are left out.
            if roles.carries_other_vpcs(id, subnet.vpc.to()) {
                continue;
            }
            if subnet.vpc.to().is_none_or(|v| interface_vpcs.contains(&v)) {
                continue;
            }
            let Some(table_id) = m.derived.effective_table.of(id).and_then(Link::to) else { continue };
            let Some(S3Path::Route(route_id)) = paths.of(table_id) else { continue };
            let (Some(route), Some(table)) = (m.route(*route_id), m.route_table(table_id)) else { continue };
            let Some(target) = route.target.known() else { continue };
            let cost = match target.kind {
                TargetKind::NatGateway => "so every byte pays NAT gateway processing charges",
                TargetKind::NatInstance => {
                    "so DynamoDB traffic takes the NAT instance's bandwidth and depends on that one instance"
                }
                _ => continue,
            };
            let device = super::nat_device(m, target);
            let how = super::subnet_table_words(table);
            let what = if roles.is_firewall(id) {
                format!("firewall subnet {} sends its VPC's inspected DynamoDB traffic", quote(&subnet.meta.name))
            } else {
                format!("subnet {} sends same-region DynamoDB traffic", quote(&subnet.meta.name))
            };
            let mut f = cx
                .finding(
                    subnet.meta.span,
                    &subnet.meta,
                    format!(
                        "{what} through {device}: {how} has no DynamoDB gateway endpoint, {cost} (this file declares DynamoDB table {})",
                        quote(&ddb.meta.name)
                    ),
                )
                .label("this subnet's DynamoDB traffic takes the NAT route")
                .related(route.target.span, format!("the default route of {} goes to {device}", quote(&table.meta.name)))
                .related(ddb.meta.span, format!("the file declares DynamoDB table {} here", quote(&ddb.meta.name)));
            for e in subnet.vpc.to().and_then(|v| gateways_by_vpc.get(&v)).map_or(&[][..], |v| v) {
                let at = if e.route_tables.state == ListState::Absent { e.meta.span } else { e.route_tables.span };
                f = f.related(
                    at,
                    format!(
                        "the DynamoDB gateway endpoint {} is not on {}",
                        quote(&e.meta.name),
                        quote(&table.meta.name)
                    ),
                );
            }
            cx.report(f);
        }
    }
}
