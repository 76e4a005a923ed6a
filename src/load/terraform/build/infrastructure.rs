//! What occupies subnets to carry other subnets' or other VPCs' traffic: transit gateway
//! VPC attachments (`aws_ec2_transit_gateway_vpc_attachment`), Cloud WAN VPC attachments
//! (`aws_networkmanager_vpc_attachment`) and AWS Network Firewalls
//! (`aws_networkfirewall_firewall`). Gateway Load Balancer endpoints are `aws_vpc_endpoint`s.

use super::{Cx, Out};
use crate::load::terraform::link::{subnet_arn_want, subnet_want, vpc_arn_want, vpc_want};
use crate::model::{Infrastructure, InfrastructureKind};

/// `aws_ec2_transit_gateway_vpc_attachment`: `vpc_id` and `subnet_ids`.
pub(super) fn transit_attachment(cx: &Cx<'_>, out: &mut Out, i: usize) {
    out.b.model.infrastructure.push(Infrastructure {
        meta: cx.plan.meta(i),
        kind: InfrastructureKind::TransitAttachment,
        vpc: cx.link.link(i, "vpc_id", &vpc_want),
        subnets: cx.link.link_list(i, "subnet_ids", &subnet_want),
    });
}

/// `aws_networkmanager_vpc_attachment`: the VPC and subnets by ARN (`vpc_arn`, `subnet_arns`).
pub(super) fn cloud_wan_attachment(cx: &Cx<'_>, out: &mut Out, i: usize) {
    out.b.model.infrastructure.push(Infrastructure {
        meta: cx.plan.meta(i),
        kind: InfrastructureKind::TransitAttachment,
        vpc: cx.link.link(i, "vpc_arn", &vpc_arn_want),
        subnets: cx.link.link_list(i, "subnet_arns", &subnet_arn_want),
    });
}

/// `aws_networkfirewall_firewall`: `vpc_id` and the `subnet_id` of each `subnet_mapping` block.
pub(super) fn firewall(cx: &Cx<'_>, out: &mut Out, i: usize) {
    out.b.model.infrastructure.push(Infrastructure {
        meta: cx.plan.meta(i),
        kind: InfrastructureKind::Firewall,
        vpc: cx.link.link(i, "vpc_id", &vpc_want),
        subnets: cx.link.block_link_list(i, "subnet_mapping", "subnet_id", &subnet_want),
    });
}
