//! Ids: which model object each instance becomes, which instance each known id names, and
//! which objects the ids a VPC exports for what AWS creates with it name (its main route
//! table and default security group, implicit or adopted by `aws_default_*` resources).

use std::collections::HashMap;

use super::Plan;
use super::link::{Linker, vpc_want};
use crate::model::build::{IdAllocator, ImplicitIds, Obj, ObjKind};
use crate::model::{NaclId, OtherId, RouteTableId, SgId, VpcId, WorkloadId};

/// The model object of each instance, and the instances known ids name. Read-only once built.
pub(super) struct Ids {
    obj: Vec<Option<Obj>>,
    /// Known `id`s (attribute `None`) and `arn`s (`Some("arn")`).
    by_id: HashMap<String, (usize, Option<&'static str>)>,
    /// Ids a VPC exports for what AWS creates with it (`main_route_table_id`, ...), kept
    /// apart from `by_id`: `aws_default_route_table` and `aws_default_security_group`
    /// adopt those objects and carry the same ids.
    by_vpc_attr: HashMap<String, (usize, &'static str)>,
    /// The workload id of each `aws_instance` (whose object is its route target).
    instance_workload: HashMap<OtherId, WorkloadId>,
}

/// Resources that launch EC2 instances the model does not read (EKS node groups, Batch,
/// fleets, EMR, Cloud9, Elastic Beanstalk, OpsWorks): their instances are workloads whose
/// subnets and groups are unknown, so no rule concludes that a VPC has no other instance.
pub(super) const LAUNCHERS: &[&str] = &[
    "aws_eks_node_group",
    "aws_batch_compute_environment",
    "aws_spot_fleet_request",
    "aws_ec2_fleet",
    "aws_emr_cluster",
    "aws_emr_instance_group",
    "aws_emr_instance_fleet",
    "aws_cloud9_environment_ec2",
    "aws_elastic_beanstalk_environment",
    "aws_opsworks_instance",
];

/// Attributes of `aws_vpc` that name an object AWS creates with the VPC.
const VPC_EXPORTS: [&str; 4] =
    ["default_route_table_id", "main_route_table_id", "default_security_group_id", "default_network_acl_id"];

/// The model kind of a resource type, if it becomes a model object others can point at.
pub(super) fn kind_of(rtype: &str) -> Option<ObjKind> {
    Some(match rtype {
        "aws_vpc" => ObjKind::Vpc,
        "aws_subnet" => ObjKind::Subnet,
        "aws_route_table" | "aws_default_route_table" => ObjKind::RouteTable,
        "aws_internet_gateway" => ObjKind::Igw,
        "aws_nat_gateway" => ObjKind::Nat,
        "aws_eip" => ObjKind::Eip,
        "aws_vpc_endpoint" => ObjKind::Endpoint,
        "aws_security_group" | "aws_default_security_group" => ObjKind::Sg,
        "aws_network_acl" | "aws_default_network_acl" => ObjKind::Nacl,
        "aws_ec2_transit_gateway"
        | "aws_vpc_peering_connection"
        | "aws_network_interface"
        | "aws_instance"
        | "aws_egress_only_internet_gateway"
        | "aws_vpn_gateway"
        | "aws_ec2_carrier_gateway" => ObjKind::Other,
        "aws_launch_template"
        | "aws_launch_configuration"
        | "aws_autoscaling_group"
        | "aws_lambda_function"
        | "aws_ecs_service"
        | "aws_lb"
        | "aws_alb"
        | "aws_db_instance"
        | "aws_rds_cluster" => ObjKind::Workload,
        t if LAUNCHERS.contains(&t) => ObjKind::Workload,
        "aws_lb_target_group" | "aws_alb_target_group" => ObjKind::TargetGroup,
        "aws_lb_listener" | "aws_alb_listener" | "aws_lb_listener_rule" | "aws_alb_listener_rule" => ObjKind::Listener,
        _ => return None,
    })
}

impl Ids {
    /// Reserves the id of every instance that becomes a model object, in plan order.
    pub fn assign(plan: &Plan<'_>) -> (Ids, IdAllocator) {
        let tree = plan.tree;
        let mut alloc = IdAllocator::default();
        let mut instance_workload = HashMap::new();
        let obj = plan
            .insts
            .iter()
            .map(|inst| {
                let obj = kind_of(&inst.rtype).map(|k| alloc.reserve(k));
                // An instance is a route target and a workload.
                if let (Some(Obj::Other(o)), "aws_instance") = (obj, inst.rtype.as_str()) {
                    if let Obj::Workload(w) = alloc.reserve(ObjKind::Workload) {
                        instance_workload.insert(o, w);
                    }
                }
                obj
            })
            .collect();
        let mut ids = Ids { obj, by_id: HashMap::new(), by_vpc_attr: HashMap::new(), instance_workload };
        // Known ids, and the ids a VPC exports for its implicit objects.
        for (i, inst) in plan.insts.iter().enumerate() {
            let Some(values) = inst.values else { continue };
            if let Some(id) = tree.get(values, "id").and_then(|n| tree.str(n)) {
                ids.by_id.entry(id.to_string()).or_insert((i, None));
            }
            // Cloud WAN attachments name their VPC and subnets by ARN.
            if let Some(arn) = tree.get(values, "arn").and_then(|n| tree.str(n)) {
                ids.by_id.entry(arn.to_string()).or_insert((i, Some("arn")));
            }
            if inst.rtype == "aws_vpc" {
                for attr in VPC_EXPORTS {
                    if let Some(id) = tree.get(values, attr).and_then(|n| tree.str(n)) {
                        ids.by_vpc_attr.entry(id.to_string()).or_insert((i, attr));
                    }
                }
            }
        }
        (ids, alloc)
    }

    /// The model object of instance `i`.
    pub fn obj(&self, i: usize) -> Option<Obj> {
        self.obj.get(i).copied().flatten()
    }

    /// The instance a known id or ARN names, and the attribute it is (`None`: the
    /// instance's `id`; `Some("arn")`: its `arn`).
    pub fn named(&self, id: &str) -> Option<(usize, Option<&'static str>)> {
        self.by_id.get(id).copied()
    }

    /// Wants a workload: an instance, launch template, Auto Scaling group ... by id, ARN or
    /// name; an `aws_instance` by id.
    pub fn workload_want(&self, o: Obj, attr: Option<&str>) -> Option<WorkloadId> {
        match (o, attr) {
            (Obj::Workload(w), None | Some("id" | "arn" | "name")) => Some(w),
            (Obj::Other(x), None | Some("id")) => self.instance_workload.get(&x).copied(),
            _ => None,
        }
    }

    /// The VPC instance that exports `id` for one of its implicit objects, and as which attribute.
    pub fn exported(&self, id: &str) -> Option<(usize, &'static str)> {
        self.by_vpc_attr.get(id).copied()
    }
}

/// Per VPC, the objects its exported ids name: the original main route table
/// (`default_route_table_id`, `main_route_table_id`) and the default security group, each
/// the implicit one or the `aws_default_*` resource that adopts it; and the default NACL.
pub(super) struct VpcDefaults {
    main_tables: Vec<RouteTableId>,
    default_sgs: Vec<SgId>,
    implicit: ImplicitIds,
}

impl VpcDefaults {
    /// Which VPC's main table each `aws_default_route_table` adopts, and which VPC's
    /// default group each `aws_default_security_group` adopts: they are the objects AWS
    /// created with the VPC, so the VPC's exported ids name them.
    pub fn adopted(link: &Linker<'_>, implicit: ImplicitIds) -> VpcDefaults {
        let plan = link.plan;
        let vpcs = (0..plan.insts.len()).filter(|&i| matches!(link.ids.obj(i), Some(Obj::Vpc(_)))).count() as u32;
        let mut d = VpcDefaults {
            main_tables: (0..vpcs).map(|v| implicit.main_table_of(VpcId(v))).collect(),
            default_sgs: (0..vpcs).map(|v| implicit.default_sg_of(VpcId(v))).collect(),
            implicit,
        };
        for i in 0..plan.insts.len() {
            let rtype = plan.inst(i).map(|x| x.rtype.as_str()).unwrap_or("");
            match (rtype, link.ids.obj(i)) {
                ("aws_default_route_table", Some(Obj::RouteTable(t))) => {
                    let vpc = link.link(i, "default_route_table_id", &|o, a| match (o, a) {
                        (Obj::Vpc(v), Some("default_route_table_id" | "main_route_table_id")) => Some(v),
                        _ => None,
                    });
                    if let Some(slot) = vpc.to().and_then(|v| d.main_tables.get_mut(v.index())) {
                        *slot = t;
                    }
                }
                ("aws_default_security_group", Some(Obj::Sg(g))) => {
                    let vpc = link.link(i, "vpc_id", &vpc_want);
                    if let Some(slot) = vpc.to().and_then(|v| d.default_sgs.get_mut(v.index())) {
                        *slot = g;
                    }
                }
                _ => {}
            }
        }
        d
    }

    /// The table `vpc`'s `default_route_table_id` names.
    pub fn main_table(&self, vpc: VpcId) -> RouteTableId {
        self.main_tables.get(vpc.index()).copied().unwrap_or_else(|| self.implicit.main_table_of(vpc))
    }

    /// The group `vpc`'s `default_security_group_id` names.
    pub fn default_sg(&self, vpc: VpcId) -> SgId {
        self.default_sgs.get(vpc.index()).copied().unwrap_or_else(|| self.implicit.default_sg_of(vpc))
    }

    /// The main tables that `aws_default_route_table` resources adopt, with their VPCs.
    pub fn adopted_main_tables(&self) -> impl Iterator<Item = (VpcId, RouteTableId)> + '_ {
        self.main_tables
            .iter()
            .enumerate()
            .map(|(v, &t)| (VpcId(v as u32), t))
            .filter(|&(v, t)| t != self.implicit.main_table_of(v))
    }

    /// Wants a route table; a VPC's `default_route_table_id` or `main_route_table_id` is its
    /// original main table.
    pub fn table_want(&self, o: Obj, attr: Option<&str>) -> Option<RouteTableId> {
        match (o, attr) {
            (Obj::RouteTable(t), None | Some("id")) => Some(t),
            (Obj::Vpc(v), Some("default_route_table_id" | "main_route_table_id")) => {
                self.main_tables.get(v.index()).copied()
            }
            _ => None,
        }
    }

    /// Wants a security group; a VPC's `default_security_group_id` is its default group.
    pub fn sg_want(&self, o: Obj, attr: Option<&str>) -> Option<SgId> {
        match (o, attr) {
            (Obj::Sg(s), None | Some("id")) => Some(s),
            (Obj::Vpc(v), Some("default_security_group_id")) => self.default_sgs.get(v.index()).copied(),
            _ => None,
        }
    }

    /// Wants a network ACL; a VPC's `default_network_acl_id` is its implicit default NACL.
    pub fn nacl_want(&self, o: Obj, attr: Option<&str>) -> Option<NaclId> {
        match (o, attr) {
            (Obj::Nacl(n), None | Some("id")) => Some(n),
            (Obj::Vpc(v), Some("default_network_acl_id")) => Some(self.implicit.default_nacl_of(v)),
            _ => None,
        }
    }
}
