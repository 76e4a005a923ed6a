//! VPC105 subnet-cidrs-overlap.

use std::collections::{BTreeMap, HashMap};

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// Two subnets of one VPC whose IPv4 (or IPv6) blocks overlap: AWS refuses the second with
/// `InvalidSubnet.Conflict`.
pub struct SubnetCidrsOverlap;

/// The first and last address of a block, in one space for both families (each family is
/// swept on its own).
fn range(c: &Cidr) -> (u128, u128) {
    match *c {
        Cidr::V4 { addr, prefix } => {
            let size = 1u128 << (32 - u32::from(prefix));
            (u128::from(addr), u128::from(addr) + size - 1)
        }
        Cidr::V6 { addr, prefix } => {
            let host = if prefix == 0 { u128::MAX } else { (1u128 << (128 - u32::from(prefix))) - 1 };
            (addr, addr | host)
        }
    }
}

/// The blocks that hold `c`, from /0 down to its own prefix length (excluded).
fn ancestors(c: &Cidr) -> impl Iterator<Item = Cidr> + '_ {
    (0..c.prefix()).map(move |p| match *c {
        Cidr::V4 { addr, .. } => {
            let mask = if p == 0 { 0 } else { u32::MAX << (32 - u32::from(p)) };
            Cidr::V4 { addr: addr & mask, prefix: p }
        }
        Cidr::V6 { addr, .. } => {
            let mask = if p == 0 { 0 } else { u128::MAX << (128 - u32::from(p)) };
            Cidr::V6 { addr: addr & mask, prefix: p }
        }
    })
}

impl Rule for SubnetCidrsOverlap {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (vpc_id, vpc) in m.derived.subnets_by_vpc.iter_ids() {
            let Some(vpc_meta) = m.vpc(vpc_id).map(|v| &v.meta) else { continue };
            let subnets: Vec<&Subnet> = vpc.iter().filter_map(|&id| m.subnet(id)).collect();
            check_vpc(cx, &format!("VPC {}", quote(&vpc_meta.name)), subnets);
        }
        // Subnets of a VPC the file does not create are in one VPC when they name it the
        // same way: one parameter, one import, one literal id. Whatever VPC that is, AWS
        // refuses the second of two overlapping subnets in it. An import whose name is
        // computed is not a name: two of them may be two VPCs.
        let mut external: BTreeMap<&External, Vec<&Subnet>> = BTreeMap::new();
        for s in &m.subnets {
            match &s.vpc {
                Link::External(External::Import(None)) => {}
                Link::External(x) => external.entry(x).or_default().push(s),
                _ => {}
            }
        }
        for (x, subnets) in external {
            let vpc = match x {
                External::Parameter { name, ssm: false } => format!("the VPC of parameter {}", quote(name)),
                External::Parameter { name, ssm: true } => format!("the VPC of parameter {} (from SSM)", quote(name)),
                External::Import(Some(name)) => format!("the VPC of import {}", quote(name)),
                x => format!("VPC {}", quote(&x.to_string())),
            };
            check_vpc(cx, &vpc, subnets);
        }
    }
}

/// Reports each subnet of one VPC (`vpc` says which, for messages) whose block overlaps
/// the block of an earlier one.
fn check_vpc<'m>(cx: &mut RuleContext<'m>, vpc: &str, subnets: Vec<&'m Subnet>) {
    // Subnets that may not exist (a condition vpclint cannot decide) are left out:
    // two subnets for one block under opposite conditions are common.
    let mut subnets: Vec<&Subnet> = subnets.into_iter().filter(|s| !s.meta.conditional).collect();
    // In file order: each subnet is compared with the ones before it, and the later
    // of two is at fault.
    subnets.sort_by_key(|s| s.meta.span.start);
    for v4 in [true, false] {
        // Two CIDR blocks overlap exactly when one holds the other. Earlier blocks by
        // first address (those inside or equal to a new block start within it) and
        // by block (those that hold it are among its ancestors).
        let mut by_start: BTreeMap<(bool, u128), (&Subnet, &Attr<Cidr>)> = BTreeMap::new();
        let mut by_block: HashMap<Cidr, (&Subnet, &Attr<Cidr>)> = HashMap::new();
        for s in &subnets {
            let attr = if v4 { &s.cidr } else { &s.ipv6_cidr };
            // A subnet AWS refuses for its size (VPC104) is never created, so it
            // conflicts with nothing.
            let Some(c) = attr.known().filter(|c| c.is_v4() == v4 && (!v4 || (16..=28).contains(&c.prefix()))) else {
                continue;
            };
            let (start, end) = range(c);
            let earlier = by_start
                .range((v4, start)..=(v4, end))
                .next()
                .map(|(_, e)| *e)
                .or_else(|| ancestors(c).find_map(|a| by_block.get(&a).copied()));
            if let Some((early, early_attr)) = earlier {
                report(cx, vpc, s, attr, early, early_attr);
            }
            by_start.entry((v4, start)).or_insert((s, attr));
            by_block.entry(*c).or_insert((s, attr));
        }
    }
}

fn report(
    cx: &mut RuleContext<'_>,
    vpc: &str,
    late: &Subnet,
    late_attr: &Attr<Cidr>,
    early: &Subnet,
    early_attr: &Attr<Cidr>,
) {
    let (Some(a), Some(b)) = (late_attr.known(), early_attr.known()) else { return };
    let how = if a == b { "the same block as".to_string() } else { format!("a block that overlaps {b} of") };
    let family = if a.is_v4() { "IPv4" } else { "IPv6" };
    let f = cx
        .finding(
            late_attr.span,
            &late.meta,
            format!(
                "subnet {} has {family} block {a}, {how} subnet {} in {vpc}: AWS refuses the second with \
                 `InvalidSubnet.Conflict`",
                quote(&late.meta.name),
                quote(&early.meta.name),
            ),
        )
        .label("overlaps another subnet of the VPC")
        .related(early_attr.span, format!("the block {b} of subnet {}", quote(&early.meta.name)));
    cx.report(f);
}
