//! What occupies subnets to carry other subnets' or other VPCs' traffic: transit gateway
//! VPC attachments (`aws_ec2_transit_gateway_vpc_attachment`), Cloud WAN VPC attachments
//! (`aws_networkmanager_vpc_attachment`) and AWS Network Firewalls
//! (`aws_networkfirewall_firewall`). Gateway Load Balancer endpoints are `aws_vpc_endpoint`s.

use super::{Cx, Out};
use crate::load::terraform::link::{subnet_arn_want, subnet_want, vpc_arn_want, vpc_want};
use crate::model::{Infrastructure, InfrastructureKind, Link, LinkList, SubnetId, VpcId};

/// `aws_ec2_transit_gateway_vpc_attachment`: `vpc_id` and `subnet_ids`.
pub(super) fn transit_attachment(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    let subnets = cx.link.link_list(i, "subnet_ids", &subnet_want);
    push(cx, out, i, InfrastructureKind::TransitAttachment, vpc, subnets);
}

/// `aws_networkmanager_vpc_attachment`: the VPC and subnets by ARN (`vpc_arn`, `subnet_arns`).
pub(super) fn cloud_wan_attachment(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let vpc = cx.link.link(i, "vpc_arn", &vpc_arn_want);
    let subnets = cx.link.link_list(i, "subnet_arns", &subnet_arn_want);
    push(cx, out, i, InfrastructureKind::TransitAttachment, vpc, subnets);
}

/// `aws_networkfirewall_firewall`: `vpc_id` and the `subnet_id` of each `subnet_mapping` block.
pub(super) fn firewall(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    let subnets = cx.link.block_link_list(i, "subnet_mapping", "subnet_id", &subnet_want);
    push(cx, out, i, InfrastructureKind::Firewall, vpc, subnets);
}

/// Adds the resource as infrastructure of `kind` occupying `subnets` of `vpc`.
fn push(cx: &Cx<'_>, out: &mut Out, i: usize, kind: InfrastructureKind, vpc: Link<VpcId>, subnets: LinkList<SubnetId>) {
    out.b.model.infrastructure.push(Infrastructure { meta: cx.plan.meta(i), kind, vpc, subnets });
}
