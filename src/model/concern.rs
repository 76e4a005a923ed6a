//! The VPC each resource concerns, for findings (issue 17: JSON findings carry the VPC they
//! concern, so scripts can group and track them by network).
//!
//! A finding names its resource (logical id or Terraform address); [`Model::vpc_index`]
//! maps every modelled resource name to the VPC it belongs to: a VPC to itself, a subnet,
//! route table, security group, endpoint, NAT gateway, NACL or target group to its `vpc`
//! link, a route, association, rule or entry to its parent's VPC, a workload to the VPC of
//! its subnets or groups. A VPC of the file is named by its logical id or address; one
//! outside the file by the id, parameter or import that names it, the [`External`]'s text
//! (`vpc-0abc...`, `parameter VpcId`). Where the link is unknown, ambiguous (`OneOf`) or
//! absent, the resource is left out and the finding's `vpc` is null: never a guess.

use std::collections::HashMap;
use std::fmt;

use super::*;

/// The VPC a resource concerns: one of the file's, by its name, or one outside it. Its text
/// is what a finding's `vpc` says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VpcName<'a> {
    Own(&'a str),
    External(&'a External),
}

impl fmt::Display for VpcName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VpcName::Own(name) => f.write_str(name),
            VpcName::External(x) => x.fmt(f),
        }
    }
}

impl Model {
    /// Resource name -> the VPC it concerns (see the module doc). Built once per model,
    /// when it has findings; the first object of a name wins (VPCs first), as an inline
    /// rule shares its group's name.
    pub fn vpc_index<'a>(&'a self) -> HashMap<&'a str, VpcName<'a>> {
        let m = self;
        let vpc_name = |l: &'a Link<VpcId>| vpc_name(m, l);
        let of_subnet = |l: &Link<SubnetId>| l.to().and_then(|id| m.subnet(id)).and_then(|s| vpc_name(&s.vpc));
        let of_table = |l: &Link<RouteTableId>| l.to().and_then(|id| m.route_table(id)).and_then(|t| vpc_name(&t.vpc));
        let of_group = |l: &Link<SgId>| l.to().and_then(|id| m.security_group(id)).and_then(|g| vpc_name(&g.vpc));
        let of_nacl = |l: &Link<NaclId>| l.to().and_then(|id| m.nacl(id)).and_then(|n| vpc_name(&n.vpc));
        let of_workload = |w: &Workload| m.workload_vpc(w).and_then(|id| m.vpc(id)).map(|v| VpcName::Own(&v.meta.name));

        let names: Vec<(&'a Meta, Option<VpcName<'a>>)> = self
            .vpcs
            .iter()
            .map(|v| (&v.meta, Some(VpcName::Own(&v.meta.name))))
            .chain(self.subnets.iter().map(|s| (&s.meta, vpc_name(&s.vpc))))
            .chain(self.route_tables.iter().map(|t| (&t.meta, vpc_name(&t.vpc))))
            .chain(self.routes.iter().map(|r| (&r.meta, of_table(&r.table))))
            .chain(self.associations.iter().map(|a| (&a.meta, of_subnet(&a.subnet).or_else(|| of_table(&a.table)))))
            .chain(self.gateway_associations.iter().map(|a| (&a.meta, of_table(&a.table))))
            .chain(self.internet_gateways.iter().map(|g| (&g.meta, vpc_name(&g.vpc))))
            .chain(self.igw_attachments.iter().map(|a| (&a.meta, vpc_name(&a.vpc))))
            .chain(self.nat_gateways.iter().map(|n| (&n.meta, vpc_name(&n.vpc).or_else(|| of_subnet(&n.subnet)))))
            .chain(self.endpoints.iter().map(|e| (&e.meta, vpc_name(&e.vpc))))
            .chain(self.security_groups.iter().map(|g| (&g.meta, vpc_name(&g.vpc))))
            .chain(self.sg_rules.iter().map(|r| (&r.meta, of_group(&r.group))))
            .chain(self.instance_connect_endpoints.iter().map(|e| (&e.meta, of_subnet(&e.subnet))))
            .chain(self.workloads.iter().map(|w| (&w.meta, of_workload(w))))
            .chain(self.target_groups.iter().map(|t| (&t.meta, vpc_name(&t.vpc))))
            .chain(self.registrations.iter().map(|r| {
                let tg = r.target_group.to().and_then(|id| self.target_group(id));
                (&r.meta, tg.and_then(|t| vpc_name(&t.vpc)))
            }))
            .chain(self.listeners.iter().map(|l| {
                let lb = l.load_balancer.to().and_then(|id| self.workload(id));
                (&l.meta, lb.and_then(of_workload))
            }))
            .chain(self.infrastructure.iter().map(|i| (&i.meta, vpc_name(&i.vpc))))
            .chain(self.nacls.iter().map(|n| (&n.meta, vpc_name(&n.vpc))))
            .chain(self.nacl_entries.iter().map(|e| (&e.meta, of_nacl(&e.nacl))))
            .chain(self.nacl_associations.iter().map(|a| (&a.meta, of_subnet(&a.subnet).or_else(|| of_nacl(&a.nacl)))))
            .chain(self.other_targets.iter().map(|t| (&t.meta, vpc_name(&t.vpc))))
            .collect();
        let mut index: HashMap<&str, VpcName<'a>> = HashMap::with_capacity(names.len());
        for (meta, vpc) in names {
            if let Some(vpc) = vpc {
                index.entry(meta.name.as_str()).or_insert(vpc);
            }
        }
        index
    }
}

/// The name of the VPC `l` links to (see the module doc).
fn vpc_name<'a>(m: &'a Model, l: &'a Link<VpcId>) -> Option<VpcName<'a>> {
    match l {
        Link::To(id) => m.vpc(*id).map(|v| VpcName::Own(&v.meta.name)),
        Link::External(x) => Some(VpcName::External(x)),
        _ => None,
    }
}
