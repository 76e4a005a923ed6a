//! Model building: one file per resource family, each with the functions this module
//! dispatches to by resource type.
//!
//! Two passes in plan order. The first builds the objects others point at (VPCs, subnets,
//! route tables with their inline routes, gateways, endpoints, security groups with their
//! inline rules, network ACLs, other route targets), each at the index its reserved id
//! says; then the implicit objects of each VPC join the model. The second builds what
//! points at or changes those objects: routes, associations, rule resources, attachments,
//! and the infrastructure that occupies subnets (transit attachments, firewalls).

mod endpoint;
mod flow_log;
mod gateways;
mod infrastructure;
mod nacl;
mod route;
mod route_table;
mod security_group;
mod subnet;
mod vpc;
mod workload;

use std::collections::HashSet;

use super::Plan;
use super::ids::{Ids, VpcDefaults, kind_of};
use super::link::Linker;
use super::resolve::Resolver;
use crate::load::Problem;
use crate::model::Direction;
use crate::model::build::{ModelBuilder, ObjKind};

/// What building reads: the earlier stages, read-only.
pub(super) struct Cx<'p> {
    pub plan: &'p Plan<'p>,
    pub resolver: &'p Resolver<'p>,
    pub ids: &'p Ids,
    pub link: &'p Linker<'p>,
    pub vpc: &'p VpcDefaults,
}

/// What building writes.
pub(super) struct Out {
    pub b: ModelBuilder,
    pub problems: Vec<Problem>,
    /// Endpoint lists already marked partial on every endpoint (an association whose
    /// endpoint is unknown).
    all_endpoints_partial: HashSet<endpoint::List>,
}

impl Out {
    pub fn new(b: ModelBuilder, problems: Vec<Problem>) -> Out {
        Out { b, problems, all_endpoints_partial: HashSet::new() }
    }
}

/// Builds every instance's model objects.
pub(super) fn build(cx: &Cx<'_>, out: &mut Out) {
    let n = cx.plan.insts.len();
    let mut deferred = Vec::new();
    for i in 0..n {
        let rtype = cx.plan.inst(i).map(|x| x.rtype.clone()).unwrap_or_default();
        match rtype.as_str() {
            "aws_vpc" => vpc::vpc(cx, out, i),
            "aws_subnet" => subnet::subnet(cx, out, i),
            "aws_route_table" | "aws_default_route_table" => route_table::table(cx, out, i),
            "aws_internet_gateway" => gateways::internet_gateway(cx, out, i),
            "aws_nat_gateway" => gateways::nat(cx, out, i),
            "aws_eip" => gateways::elastic_ip(cx, out, i),
            "aws_vpc_endpoint" => endpoint::endpoint(cx, out, i),
            "aws_security_group" => security_group::group(cx, out, i, false),
            "aws_default_security_group" => security_group::group(cx, out, i, true),
            "aws_network_acl" => nacl::nacl(cx, out, i, false),
            "aws_default_network_acl" => nacl::nacl(cx, out, i, true),
            "aws_dynamodb_table" => gateways::dynamodb_table(cx, out, i),
            "aws_flow_log" => flow_log::flow_log(cx, out, i),
            // Route targets the model knows only by kind: one list, in `ids::kind_of`.
            other if kind_of(other) == Some(ObjKind::Other) => {
                gateways::other_target(cx, out, i, &rtype);
                if other == "aws_instance" {
                    deferred.push(i);
                }
            }
            // Workloads, target groups and listeners, in plan order (their ids say so).
            other
                if matches!(kind_of(other), Some(ObjKind::Workload | ObjKind::TargetGroup | ObjKind::Listener))
                    || matches!(
                        other,
                        "aws_lb_target_group_attachment"
                            | "aws_alb_target_group_attachment"
                            | "aws_autoscaling_attachment"
                    ) =>
            {
                deferred.push(i)
            }
            "aws_route"
            | "aws_route_table_association"
            | "aws_main_route_table_association"
            | "aws_vpc_endpoint_route_table_association"
            | "aws_vpc_endpoint_subnet_association"
            | "aws_vpc_endpoint_security_group_association"
            | "aws_vpc_endpoint_policy"
            | "aws_security_group_rule"
            | "aws_vpc_security_group_ingress_rule"
            | "aws_vpc_security_group_egress_rule"
            | "aws_ec2_instance_connect_endpoint"
            | "aws_network_acl_rule"
            | "aws_network_acl_association"
            | "aws_internet_gateway_attachment"
            | "aws_vpc_ipv4_cidr_block_association"
            | "aws_vpc_ipv6_cidr_block_association"
            | "aws_ec2_transit_gateway_vpc_attachment"
            | "aws_networkmanager_vpc_attachment"
            | "aws_networkfirewall_firewall" => deferred.push(i),
            _ => {}
        }
    }
    out.b.add_implicit_objects();
    route_table::adopted_main_tables(cx, out);
    for i in deferred {
        let rtype = cx.plan.inst(i).map(|x| x.rtype.clone()).unwrap_or_default();
        match rtype.as_str() {
            "aws_route" => route::route(cx, out, i),
            "aws_route_table_association" => route_table::association(cx, out, i),
            "aws_main_route_table_association" => route_table::main_association(cx, out, i),
            "aws_vpc_endpoint_route_table_association" => endpoint::route_table_association(cx, out, i),
            "aws_vpc_endpoint_subnet_association" => endpoint::subnet_association(cx, out, i),
            "aws_vpc_endpoint_security_group_association" => endpoint::security_group_association(cx, out, i),
            "aws_vpc_endpoint_policy" => endpoint::policy_resource(cx, out, i),
            "aws_security_group_rule" => security_group::rule_resource(cx, out, i),
            "aws_vpc_security_group_ingress_rule" => security_group::vpc_rule(cx, out, i, Direction::Ingress),
            "aws_vpc_security_group_egress_rule" => security_group::vpc_rule(cx, out, i, Direction::Egress),
            "aws_ec2_instance_connect_endpoint" => endpoint::instance_connect(cx, out, i),
            "aws_network_acl_rule" => nacl::rule(cx, out, i),
            "aws_network_acl_association" => nacl::association(cx, out, i),
            "aws_internet_gateway_attachment" => gateways::attachment(cx, out, i),
            "aws_vpc_ipv4_cidr_block_association" => vpc::cidr_block_association(cx, out, i, true),
            "aws_vpc_ipv6_cidr_block_association" => vpc::cidr_block_association(cx, out, i, false),
            "aws_ec2_transit_gateway_vpc_attachment" => infrastructure::transit_attachment(cx, out, i),
            "aws_networkmanager_vpc_attachment" => infrastructure::cloud_wan_attachment(cx, out, i),
            "aws_networkfirewall_firewall" => infrastructure::firewall(cx, out, i),
            other => workload::build(cx, out, i, other),
        }
    }
    flow_log::not_created(cx, out);
}
