//! Gateways: `aws_internet_gateway` (and `aws_internet_gateway_attachment`),
//! `aws_nat_gateway` and the `aws_eip` it takes, and the route targets the model keeps only so links resolve
//! (transit gateways, peering connections, instances, network interfaces ...); and
//! `aws_dynamodb_table`, which VPC305 asks about.

use super::{Cx, Out};
use crate::load::terraform::link::{named_by, subnet_want, vpc_want};
use crate::model::build::Obj;
use crate::model::{
    Attr, DynamoDbTable, EipId, ElasticIp, IgwAttachment, InternetGateway, Link, NatGateway, OtherTarget, TargetKind,
    Val,
};
use crate::syntax::tree::Kind;

pub(super) fn internet_gateway(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let meta = cx.plan.meta(i);
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    // `vpc_id` attaches the gateway itself.
    if let Some(Obj::Igw(g)) = cx.ids.obj(i) {
        if !matches!(vpc, Link::Absent) {
            let span = cx.plan.attr_span(i, "vpc_id");
            out.b.model.igw_attachments.push(IgwAttachment {
                meta: meta.clone(),
                igw: Link::To(g),
                vpc: vpc.clone(),
                span,
            });
        }
    }
    out.b.model.internet_gateways.push(InternetGateway { meta, vpc });
}

/// Attaches an internet gateway to a VPC.
pub(super) fn attachment(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let vpc = cx.link.link(i, "vpc_id", &vpc_want);
    let igw = cx.link.link(i, "internet_gateway_id", &|o, _| o.igw());
    if let Some(gateway) = igw.to().and_then(|g| out.b.model.internet_gateways.get_mut(g.index())) {
        gateway.vpc = vpc.clone();
    }
    let meta = cx.plan.meta(i);
    let span = cx.plan.attr_span(i, "internet_gateway_id");
    out.b.model.igw_attachments.push(IgwAttachment { meta, igw, vpc, span });
}

pub(super) fn nat(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let public =
        plan.string_or_default(i, "connectivity_type", |s| Val::Known(!s.eq_ignore_ascii_case("private")), true);
    let regional =
        matches!(plan.string_attr(i, "availability_mode").val, Val::Known(ref s) if s.eq_ignore_ascii_case("regional"));
    // `allocation_id` is Optional+Computed: unset, it plans as unknown on create, so the
    // configuration tells whether it is written.
    let has_config = plan.inst(i).is_some_and(|x| x.config.is_some());
    let allocation = match plan.raw(i, "allocation_id") {
        Ok(n) => Attr::explicit(Val::Known(true), plan.node_span(n)),
        Err(_) if has_config && plan.expr(i, "allocation_id").is_some() => {
            Attr::explicit(Val::Known(true), plan.attr_span(i, "allocation_id"))
        }
        Err(_) if has_config => Attr::default(false, meta.span),
        Err(true) => Attr::explicit(Val::Unknown, plan.attr_span(i, "allocation_id")),
        Err(false) => Attr::default(false, meta.span),
    };
    // Unset (the configuration says so), there is nothing to link: the planned value is
    // AWS's, known after apply.
    let eip = match allocation.val {
        Val::Known(false) => Link::Absent,
        _ => cx.link.link(i, "allocation_id", &eip_want),
    };
    let nat = NatGateway {
        subnet: cx.link.link(i, "subnet_id", &subnet_want),
        subnet_span: plan.attr_span(i, "subnet_id"),
        allocation,
        eip,
        vpc: cx.link.link(i, "vpc_id", &vpc_want),
        public,
        regional,
        meta,
    };
    out.b.model.nat_gateways.push(nat);
}

/// An allocation id names an Elastic IP by its `id` (`allocation_id` is the same value).
fn eip_want(o: Obj, attr: Option<&str>) -> Option<EipId> {
    o.eip().filter(|_| named_by(attr, &["id", "allocation_id"]))
}

/// `aws_eip`: its domain; `vpc = false` (provider v4 and older) is EC2-Classic's `standard`.
pub(super) fn elastic_ip(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let plan = cx.plan;
    let meta = plan.meta(i);
    let classic = plan.raw(i, "vpc").is_ok_and(|n| matches!(plan.tree.node(n).kind, Kind::Bool(false)));
    let domain = match plan.string_attr(i, "domain") {
        a if matches!(a.val, Val::Known(_)) => a,
        _ if classic => Attr::explicit(Val::Known("standard".to_string()), plan.attr_span(i, "vpc")),
        _ => plan.string_or_default(i, "domain", |s| Val::Known(s.to_string()), "vpc".to_string()),
    };
    out.b.model.elastic_ips.push(ElasticIp { meta, domain });
}

/// `aws_dynamodb_table`: kept for VPC305; a table whose hash key is `LockID` is Terraform's
/// state lock table.
pub(super) fn dynamodb_table(cx: &Cx<'_>, out: &mut Out, i: usize) {
    let meta = cx.plan.meta(i);
    let state_lock = matches!(cx.plan.string_attr(i, "hash_key").val, Val::Known(ref k) if k == "LockID");
    out.b.model.dynamodb_tables.push(DynamoDbTable { meta, state_lock });
}

pub(super) fn other_target(cx: &Cx<'_>, out: &mut Out, i: usize, rtype: &str) {
    let meta = cx.plan.meta(i);
    let (vpc, peer_vpc) = match rtype {
        "aws_egress_only_internet_gateway" => (cx.link.link(i, "vpc_id", &vpc_want), Link::Absent),
        "aws_vpc_peering_connection" => {
            (cx.link.link(i, "vpc_id", &vpc_want), cx.link.link(i, "peer_vpc_id", &vpc_want))
        }
        _ => (Link::Absent, Link::Absent),
    };
    out.b.model.other_targets.push(OtherTarget { meta, kind: other_target_kind(rtype), vpc, peer_vpc });
}

/// The kind of a route target that is neither a gateway nor an endpoint of the model.
pub(super) fn other_target_kind(rtype: &str) -> TargetKind {
    match rtype {
        "aws_ec2_transit_gateway" => TargetKind::TransitGateway,
        "aws_vpc_peering_connection" => TargetKind::Peering,
        "aws_network_interface" => TargetKind::NetworkInterface,
        "aws_instance" => TargetKind::NatInstance,
        "aws_egress_only_internet_gateway" => TargetKind::EgressOnlyInternetGateway,
        "aws_vpn_gateway" => TargetKind::VirtualPrivateGateway,
        "aws_ec2_carrier_gateway" => TargetKind::CarrierGateway,
        _ => TargetKind::Unknown,
    }
}
