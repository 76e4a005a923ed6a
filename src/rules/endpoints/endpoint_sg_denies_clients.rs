//! VPC304 endpoint-sg-denies-clients.

use crate::model::derived::Tri;
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// An interface endpoint whose security groups admit no HTTPS from the VPC's clients.
///
/// A rule admits clients when it allows TCP 443 (or all traffic) from a CIDR that overlaps
/// the VPC's address space, from any prefix list, or from any security group. The one
/// exception is the rule AWS puts in the VPC's default group, which admits only members of
/// that same group: an endpoint left on the default group refuses clients that carry their
/// own groups, which is almost every workload.
pub struct EndpointSgDeniesClients;

const HTTPS: i32 = 443;

impl Rule for EndpointSgDeniesClients {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // Ingress rules of an unknown group may belong to any group.
        let ingress_anywhere =
            m.derived.anywhere_rules.iter().filter_map(|&r| m.sg_rule(r)).any(|r| r.direction == Direction::Ingress);
        // Many endpoints share a few groups: judge each (VPC, group) once.
        let mut verdicts: std::collections::HashMap<(VpcId, SgId), Tri> = std::collections::HashMap::new();
        for e in &m.endpoints {
            if e.endpoint_type.known() != Some(&EndpointType::Interface) {
                continue;
            }
            let Some(vpc_id) = e.vpc.to() else { continue };
            let Some(vpc) = m.vpc(vpc_id) else { continue };
            let defaulted = e.security_groups.state == ListState::Absent;
            let groups: Vec<SgId> = match e.security_groups.state {
                ListState::Absent => vec![vpc.default_security_group],
                ListState::Partial => continue,
                ListState::Known => {
                    let ids: Vec<SgId> = e.security_groups.items.iter().filter_map(|i| i.link.to()).collect();
                    if ids.len() != e.security_groups.items.len() {
                        continue; // a group outside this file: its rules are not visible
                    }
                    ids
                }
            };
            if groups.is_empty() {
                continue;
            }
            let mut verdict = Tri::No;
            for &g in &groups {
                let v =
                    *verdicts.entry((vpc_id, g)).or_insert_with(|| admits_https(m, vpc_id, vpc, g, ingress_anywhere));
                match v {
                    Tri::Yes => verdict = Tri::Yes,
                    Tri::Maybe if verdict == Tri::No => verdict = Tri::Maybe,
                    _ => {}
                }
            }
            if verdict != Tri::No {
                continue;
            }
            let default_is_implicit = m.security_group(vpc.default_security_group).is_none_or(|g| g.implicit);
            let (span, how) = match (defaulted, default_is_implicit) {
                (true, true) => (
                    e.meta.span,
                    format!(
                        "lists no security groups, so it gets the default group of {}, which admits only its own members",
                        quote(&vpc.meta.name)
                    ),
                ),
                (true, false) => (
                    e.meta.span,
                    format!(
                        "lists no security groups, so it gets the default group of {}, which admits no TCP 443 from the VPC",
                        quote(&vpc.meta.name)
                    ),
                ),
                (false, _) => {
                    (e.security_groups.span, "has security groups that admit no TCP 443 from the VPC".to_string())
                }
            };
            let mut f = cx
                .finding(
                    span,
                    &e.meta,
                    format!("interface endpoint {} {how}: clients cannot reach it over HTTPS", quote(&e.meta.name)),
                )
                .label(if defaulted {
                    "no security groups: the VPC's default group applies"
                } else {
                    "no group admits TCP 443 from the VPC"
                });
            for g in groups {
                if let Some(sg) = m.security_group(g) {
                    let what = if sg.implicit {
                        format!("the default security group of {} admits only itself", quote(&vpc.meta.name))
                    } else {
                        format!("security group {} has no ingress rule for TCP 443 from the VPC", quote(&sg.meta.name))
                    };
                    f = f.related(sg.meta.span, what);
                }
            }
            cx.report(f);
        }
    }
}

/// Whether group `g` admits TCP 443 from clients of `vpc`.
fn admits_https(m: &Model, vpc_id: VpcId, vpc: &Vpc, g: SgId, ingress_anywhere: bool) -> Tri {
    let Some(sg) = m.security_group(g) else { return Tri::Maybe };
    if !sg.rules_known || m.generated_unknown {
        return Tri::Maybe;
    }
    let mut verdict = Tri::No;
    let maybe_rules = m.derived.maybe_rules_by_group.list(g);
    if ingress_anywhere || maybe_rules.iter().filter_map(|&r| m.sg_rule(r)).any(|r| r.direction == Direction::Ingress) {
        verdict = Tri::Maybe;
    }
    for &r in m.derived.rules_by_group.list(g) {
        let Some(rule) = m.sg_rule(r) else { continue };
        if rule.direction != Direction::Ingress {
            continue;
        }
        let t = and(and(protocol_ok(rule), ports_ok(rule)), peer_ok(m, vpc_id, vpc, sg, rule));
        match t {
            Tri::Yes => return Tri::Yes,
            Tri::Maybe => verdict = Tri::Maybe,
            Tri::No => {}
        }
    }
    verdict
}

fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::No, _) | (_, Tri::No) => Tri::No,
        (Tri::Yes, Tri::Yes) => Tri::Yes,
        _ => Tri::Maybe,
    }
}

fn protocol_ok(rule: &SgRule) -> Tri {
    match &rule.protocol.val {
        Val::Known(p) if p.covers_tcp() => Tri::Yes,
        Val::Known(_) | Val::Absent => Tri::No,
        Val::Unknown => Tri::Maybe,
    }
}

fn ports_ok(rule: &SgRule) -> Tri {
    match &rule.ports.val {
        Val::Known(p) if p.contains(HTTPS) => Tri::Yes,
        Val::Known(_) | Val::Absent => Tri::No,
        Val::Unknown => Tri::Maybe,
    }
}

fn peer_ok(m: &Model, vpc_id: VpcId, vpc: &Vpc, sg: &SecurityGroup, rule: &SgRule) -> Tri {
    match &rule.peer.val {
        Val::Known(Peer::Cidr(c)) => cidr_reaches_vpc(m, vpc_id, vpc, c),
        Val::Known(Peer::PrefixList(_)) => Tri::Yes,
        // AWS's own self-reference in the default group admits only its members.
        Val::Known(Peer::Group(_)) if sg.implicit && rule.peer.origin == Origin::Default => Tri::No,
        Val::Known(Peer::Group(_)) => Tri::Yes,
        Val::Known(Peer::None) | Val::Absent => Tri::No,
        Val::Unknown => Tri::Maybe,
    }
}

/// Whether a source CIDR overlaps the VPC's address space (any of its blocks or subnets).
fn cidr_reaches_vpc(m: &Model, vpc_id: VpcId, vpc: &Vpc, c: &Cidr) -> Tri {
    if !c.is_v4() {
        return match vpc.ipv6 {
            Val::Known(false) => Tri::No,
            _ => Tri::Maybe,
        };
    }
    let mut unknown = vpc.cidrs.is_empty();
    for block in &vpc.cidrs {
        match block.known() {
            Some(b) if b.overlaps(c) => return Tri::Yes,
            Some(_) => {}
            None => unknown = true,
        }
    }
    if !unknown {
        // Subnets lie inside the VPC's blocks, so none of them can overlap either.
        return Tri::No;
    }
    // Some block is unknown: a known subnet may still show the CIDR reaches clients.
    for s in m.derived.subnets_by_vpc.list(vpc_id).iter().filter_map(|&s| m.subnet(s)) {
        if s.cidr.known().is_some_and(|sc| sc.overlaps(c)) {
            return Tri::Yes;
        }
    }
    Tri::Maybe
}
