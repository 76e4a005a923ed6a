//! Security groups, network ACLs and reachability (VPC2xx).

pub mod instance_connect_unreachable;
pub mod lb_cannot_reach_targets;
pub mod nacl_blocks_return_traffic;
pub mod sg_admin_port_open_to_world;
pub mod sg_all_traffic_from_world;
pub mod sg_rule_without_peer;
pub mod workload_egress_blocks_endpoint;

use crate::model::*;
use crate::rules::{Finding, RuleContext, quote};

/// Whether a rule is written inside its group (inline) rather than as a rule resource.
pub(crate) fn is_inline(m: &Model, rule: &SgRule) -> bool {
    rule.group.to().and_then(|g| m.security_group(g)).is_some_and(|g| g.meta.name == rule.meta.name)
}

/// Where a finding about a whole rule points: an inline rule's entry, or a rule resource's
/// name (its properties span the whole resource).
pub(crate) fn rule_span(m: &Model, rule: &SgRule) -> crate::source::Span {
    if is_inline(m, rule) { rule.span } else { rule.meta.span }
}

/// How a message names a rule: a separate rule resource by its own name, an inline rule by
/// its group's (findings on an inline rule are reported on the group).
pub(crate) fn rule_subject(m: &Model, rule: &SgRule) -> String {
    let dir = match rule.direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    };
    let group = rule.group.to().and_then(|g| m.security_group(g));
    match group {
        Some(g) if g.meta.name == rule.meta.name => {
            format!("an inline {dir} rule of security group {}", quote(&g.meta.name))
        }
        Some(g) => format!("{dir} rule {} of security group {}", quote(&rule.meta.name), quote(&g.meta.name)),
        None => format!("{dir} rule {}", quote(&rule.meta.name)),
    }
}

/// The peer of an ingress rule from the whole internet (`0.0.0.0/0` or `::/0`), if it is one.
pub(crate) fn world_source(rule: &SgRule) -> Option<Cidr> {
    match rule.peer.known() {
        Some(Peer::Cidr(c)) if rule.direction == Direction::Ingress && c.is_default() => Some(*c),
        _ => None,
    }
}

/// The finding of an ingress `rule` from the whole internet (`world`) that admits `what`
/// (VPC201, VPC202): at the rule's CIDR block, with the group it opens related when the
/// rule is a resource of its own.
pub(crate) fn open_to_world(cx: &RuleContext<'_>, rule: &SgRule, world: &Cidr, what: &str) -> Finding {
    let m = cx.model;
    let message = format!("{} admits {what} from {}", rule_subject(m, rule), world_words(world));
    let mut f = cx.finding(rule.peer.span, &rule.meta, message).label("a /0 block: any address");
    if !is_inline(m, rule) {
        if let Some(g) = rule.group.to().and_then(|g| m.security_group(g)) {
            f = f.related(g.meta.span, format!("security group {} that the rule opens", quote(&g.meta.name)));
        }
    }
    f
}

/// Words for a world block in messages. The block may be written with host bits
/// (`192.168.1.0/0`), which AWS clears: say what it is, not how it is normalised.
pub(crate) fn world_words(c: &Cidr) -> String {
    let family = if c.is_v4() { "IPv4" } else { "IPv6" };
    format!("any {family} address (a `/0` block)")
}

/// What a rule admits when that is all traffic: every protocol, or every port of TCP or
/// UDP (`0-65535`, or `1-65535` since port 0 is reserved). `None` when it admits less or
/// cannot be known.
pub(crate) fn all_traffic(rule: &SgRule) -> Option<&'static str> {
    match rule.protocol.known()? {
        Protocol::All => Some("all traffic (every protocol and port)"),
        p @ (Protocol::Tcp | Protocol::Udp) => {
            let ports = rule.ports.known()?;
            let every = (ports.from == -1 && ports.to == -1) || (ports.from <= 1 && ports.to >= 65535);
            match (every, p) {
                (true, Protocol::Tcp) => Some("every TCP port"),
                (true, _) => Some("every UDP port"),
                _ => None,
            }
        }
        _ => None,
    }
}

/// How a message names the groups a party wears: "security group `A`", "security groups
/// `A` and `B`", "the default security group of `Vpc`".
pub(crate) fn groups_words(m: &Model, groups: &crate::model::reach::Groups) -> String {
    let crate::model::reach::Groups::These { groups, .. } = groups else { return "its security groups".to_string() };
    let names: Vec<String> = groups
        .iter()
        .filter_map(|&g| m.security_group(g))
        .map(|g| match (g.implicit, g.vpc.to().and_then(|v| m.vpc(v))) {
            (true, Some(v)) => format!("the default security group of {}", quote(&v.meta.name)),
            _ => quote(&g.meta.name),
        })
        .collect();
    match names.as_slice() {
        [one] if one.starts_with("the default") => one.clone(),
        [one] => format!("security group {one}"),
        [] => "its security groups".to_string(),
        [init @ .., last] => format!("security groups {} and {last}", init.join(", ")),
    }
}

/// Adds the rules a reachability verdict read to a finding, as related locations (`why`
/// says what each did), at most four; rules AWS adds by default are not in the file.
pub(crate) fn related_rules(
    m: &Model,
    mut f: crate::diagnostic::Finding,
    rules: &[SgRuleId],
    why: &str,
) -> crate::diagnostic::Finding {
    for rule in rules.iter().filter_map(|&r| m.sg_rule(r)).filter(|r| r.peer.origin == Origin::Explicit).take(4) {
        let dir = match rule.direction {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        };
        f = f.related(rule_span(m, rule), format!("this {dir} rule {why}"));
    }
    f
}
