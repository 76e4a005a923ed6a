//! Reachability: may traffic of one protocol to one port flow from one party to another,
//! given the sender's security group egress and the receiver's ingress?
//!
//! This is the one evaluation every rule that asks "can A talk to B?" reads (VPC304 today,
//! the workload rules of VPC2xx as they come), so none of them matches protocols, ports,
//! CIDR blocks or group peers on its own. It lives in `model/`, beside `derived.rs`,
//! because it is a fact of the model that rules of several areas read, and it needs nothing
//! but the model and its per-group rule index; `rules/` holds the checks that report.
//!
//! Security group semantics are the loaders': a CloudFormation group without egress rules
//! has AWS's allow-all egress as a rule of the model, a Terraform `aws_security_group`
//! without `egress` has none, and a VPC's default group has its two rules (all from itself,
//! all out). Groups only allow, and the groups of one party are unioned.
//!
//! Network ACLs are evaluated one direction at a time ([`NaclSide`]): entries by rule
//! number, the first that matches decides, and a final rule denies the rest. They are
//! stateless, so a flow's replies need their own entries; [`may_flow`](Reach::may_flow)
//! does not read them yet.
//!
//! Linear: a query reads only the rules of the groups it names, through
//! [`Derived::rules_by_group`](super::derived::Derived); rules whose group is unknown are
//! folded into one flag per direction, computed once in [`Reach::new`].

use super::derived::Tri;
use super::*;

/// Traffic of one protocol to one destination port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traffic {
    pub protocol: Protocol,
    pub port: i32,
}

impl Traffic {
    /// TCP to `port`.
    pub const fn tcp(port: i32) -> Traffic {
        Traffic { protocol: Protocol::Tcp, port }
    }
}

/// The security groups one party wears.
#[derive(Debug, Clone, PartialEq)]
pub enum Groups {
    /// These groups of the model, and others the file does not define when `external`.
    These { groups: Vec<SgId>, external: bool },
    /// Any groups but a VPC's default one: the clients of a VPC, which almost always wear
    /// their own (the default group's rule that admits its own members does not admit them).
    AnyClient,
    /// Not known.
    Unknown,
}

/// Where one party's addresses are.
#[derive(Debug, Clone, PartialEq)]
pub enum Addresses {
    /// One address somewhere inside one of these blocks (a workload in a subnet, its exact
    /// address unknown): a peer block admits it when it covers them all.
    Within(Vec<Cidr>),
    /// Addresses all over these blocks (every client of a VPC): a peer block admits some of
    /// them when it overlaps one. `complete` when no other block may hold them.
    Across { blocks: Vec<Cidr>, complete: bool },
}

/// One side of a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub groups: Groups,
    pub addresses: Addresses,
    /// Whether the party may have IPv6 addresses (its VPC has, or may have, an IPv6 block).
    pub ipv6: Val<bool>,
}

impl Party {
    /// Every client in VPC `vpc`: any group but the default, any address of the VPC's IPv4
    /// blocks (and of its known subnets, when a block is unknown).
    pub fn clients_of(m: &Model, vpc: VpcId) -> Party {
        let Some(v) = m.vpc(vpc) else {
            return Party {
                groups: Groups::AnyClient,
                addresses: Addresses::Across { blocks: Vec::new(), complete: false },
                ipv6: Val::Unknown,
            };
        };
        let mut blocks: Vec<Cidr> = v.cidrs.iter().filter_map(|c| c.known().copied()).collect();
        let complete = !v.cidrs.is_empty() && blocks.len() == v.cidrs.len();
        if !complete {
            // Subnets lie inside the VPC's blocks: a known one shows where clients are.
            blocks
                .extend(m.derived.subnets_by_vpc.list(vpc).iter().filter_map(|&s| m.subnet(s)?.cidr.known().copied()));
        }
        Party { groups: Groups::AnyClient, addresses: Addresses::Across { blocks, complete }, ipv6: v.ipv6.clone() }
    }
}

impl Model {
    /// The VPC a workload is in: its subnets' (an Auto Scaling group's), else its security
    /// groups' (a launch template's, a database's). `None` when not known, or in the
    /// default VPC.
    pub fn workload_vpc(&self, w: &Workload) -> Option<VpcId> {
        let by_subnet = w.subnets.items.iter().find_map(|i| self.subnet(i.link.to()?)?.vpc.to());
        by_subnet.or_else(|| {
            let groups = match w.kind {
                WorkloadKind::AutoScalingGroup => &self.workload(w.template.to()?)?.security_groups,
                _ => &w.security_groups,
            };
            groups.items.iter().find_map(|i| self.security_group(i.link.to()?)?.vpc.to())
        })
    }

    /// The security groups an endpoint in `vpc` wears: its list, or, when unset, the VPC's
    /// default group. Unknown when the list is partial; `external` when an item is not
    /// certainly a group of the file.
    pub fn endpoint_groups(&self, e: &Endpoint, vpc: &Vpc) -> Groups {
        match e.security_groups.state {
            ListState::Absent => Groups::These { groups: vec![vpc.default_security_group], external: false },
            ListState::Partial => Groups::Unknown,
            ListState::Known => {
                let groups: Vec<SgId> = e.security_groups.items.iter().filter_map(|i| i.link.to()).collect();
                let external = groups.len() != e.security_groups.items.len();
                Groups::These { groups, external }
            }
        }
    }

    /// The security groups a workload wears: its list (an Auto Scaling group's template's),
    /// or, when unset, its VPC's default group. Unknown when the list is partial, when a
    /// link is not certain, for a function without groups, and for a network or gateway
    /// load balancer without groups (it has none: its targets see the clients).
    pub fn workload_groups(&self, w: &Workload) -> Groups {
        let (list, kind) = match w.kind {
            WorkloadKind::AutoScalingGroup => match w.template.to().and_then(|t| self.workload(t)) {
                Some(t) => (&t.security_groups, t.kind),
                None => return Groups::Unknown,
            },
            k => (&w.security_groups, k),
        };
        match list.state {
            ListState::Partial => Groups::Unknown,
            ListState::Absent => {
                let defaulted = match kind {
                    WorkloadKind::Function | WorkloadKind::AutoScalingGroup => false,
                    WorkloadKind::LoadBalancer => w.lb_type.known() == Some(&LoadBalancerType::Application),
                    _ => true,
                };
                match self.workload_vpc(w).and_then(|v| self.vpc(v)) {
                    Some(v) if defaulted => Groups::These { groups: vec![v.default_security_group], external: false },
                    _ => Groups::Unknown,
                }
            }
            ListState::Known => {
                let mut groups = Vec::new();
                let mut external = false;
                for item in &list.items {
                    match &item.link {
                        Link::To(g) if !groups.contains(g) => groups.push(*g),
                        Link::To(_) | Link::Absent => {}
                        Link::External(_) => external = true,
                        Link::OneOf(_) | Link::Unknown => return Groups::Unknown,
                    }
                }
                if groups.is_empty() && !external {
                    return Groups::Unknown;
                }
                Groups::These { groups, external }
            }
        }
    }
}

impl Party {
    /// A workload: the groups it wears ([`Model::workload_groups`]), one address inside one
    /// of its subnets ([`Party::in_subnets`]).
    pub fn workload(m: &Model, w: &Workload) -> Party {
        Party::in_subnets(m, m.workload_groups(w), &w.subnets, m.workload_vpc(w))
    }

    /// A party wearing `groups` with one address inside one of `subnets` (anywhere, when the
    /// list or a subnet or its block is not known), in VPC `vpc`.
    pub fn in_subnets(m: &Model, groups: Groups, subnets: &LinkList<SubnetId>, vpc: Option<VpcId>) -> Party {
        let blocks: Option<Vec<Cidr>> = match subnets.state {
            ListState::Known => subnets.items.iter().map(|i| m.subnet(i.link.to()?)?.cidr.known().copied()).collect(),
            ListState::Absent | ListState::Partial => None,
        };
        let ipv6 = vpc.and_then(|v| m.vpc(v)).map_or(Val::Unknown, |v| v.ipv6.clone());
        Party { groups, addresses: Addresses::Within(blocks.unwrap_or_default()), ipv6 }
    }
}

/// An answer and the rules that decided it, so a finding can show why.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub answer: Tri,
    /// For `Yes`, the rules that allow the traffic; for `Maybe`, those that may; for `No`,
    /// the rules of the direction that were read (none allows it).
    pub rules: Vec<SgRuleId>,
}

impl Verdict {
    fn no() -> Verdict {
        Verdict { answer: Tri::No, rules: Vec::new() }
    }

    /// Both must hold (egress and ingress).
    fn and(self, other: Verdict) -> Verdict {
        let answer = match (self.answer, other.answer) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        };
        // For No, the side that failed explains it.
        let rules = match (answer, self.answer, other.answer) {
            (Tri::No, Tri::No, Tri::No) => [self.rules, other.rules].concat(),
            (Tri::No, Tri::No, _) => self.rules,
            (Tri::No, _, _) => other.rules,
            _ => [self.rules, other.rules].concat(),
        };
        Verdict { answer, rules }
    }

    /// Either suffices (groups are unioned).
    fn or(self, other: Verdict) -> Verdict {
        match (self.answer, other.answer) {
            (Tri::Yes, Tri::Yes) | (Tri::Maybe, Tri::Maybe) | (Tri::No, Tri::No) => {
                Verdict { answer: self.answer, rules: [self.rules, other.rules].concat() }
            }
            (Tri::Yes, _) => self,
            (_, Tri::Yes) => other,
            (Tri::Maybe, _) => self,
            (_, Tri::Maybe) => other,
        }
    }
}

/// Reachability questions over one model.
pub struct Reach<'m> {
    m: &'m Model,
    /// Per direction (ingress, egress): a rule whose group is unknown may belong to any group.
    anywhere: [bool; 2],
}

fn slot(d: Direction) -> usize {
    match d {
        Direction::Ingress => 0,
        Direction::Egress => 1,
    }
}

impl<'m> Reach<'m> {
    /// Prepares queries over `m` (one pass over the rules whose group is unknown).
    pub fn new(m: &'m Model) -> Reach<'m> {
        let mut anywhere = [false; 2];
        for r in m.derived.anywhere_rules.iter().filter_map(|&r| m.sg_rule(r)) {
            if let Some(a) = anywhere.get_mut(slot(r.direction)) {
                *a = true;
            }
        }
        Reach { m, anywhere }
    }

    /// Whether traffic may flow from `from` to `to`: `from`'s groups must allow it out to
    /// `to`, and `to`'s groups must allow it in from `from`.
    pub fn may_flow(&self, from: &Party, to: &Party, traffic: Traffic) -> Verdict {
        let out = self.groups_allow(&from.groups, Direction::Egress, traffic, to);
        let inbound = self.groups_allow(&to.groups, Direction::Ingress, traffic, from);
        out.and(inbound)
    }

    /// Whether any of `groups` allows `traffic` in `direction` with `peer` on the other side.
    pub fn groups_allow(&self, groups: &Groups, direction: Direction, traffic: Traffic, peer: &Party) -> Verdict {
        match groups {
            Groups::These { groups, external } => {
                let start = if *external { Verdict { answer: Tri::Maybe, rules: Vec::new() } } else { Verdict::no() };
                groups.iter().fold(start, |acc, &g| acc.or(self.group_allows(g, direction, traffic, peer)))
            }
            Groups::AnyClient | Groups::Unknown => Verdict { answer: Tri::Maybe, rules: Vec::new() },
        }
    }

    /// Whether group `g` allows `traffic` in `direction` with `peer` on the other side.
    pub fn group_allows(&self, g: SgId, direction: Direction, traffic: Traffic, peer: &Party) -> Verdict {
        let m = self.m;
        let Some(sg) = m.security_group(g) else { return Verdict { answer: Tri::Maybe, rules: Vec::new() } };
        let mut yes = Vec::new();
        let mut maybe = Vec::new();
        let mut read = Vec::new();
        for &r in m.derived.rules_by_group.list(g) {
            let Some(rule) = m.sg_rule(r) else { continue };
            if rule.direction != direction {
                continue;
            }
            read.push(r);
            match rule_allows(sg, rule, traffic, peer) {
                Tri::Yes => yes.push(r),
                Tri::Maybe => maybe.push(r),
                Tri::No => {}
            }
        }
        if !yes.is_empty() {
            // Rules only allow: one that certainly does settles it.
            return Verdict { answer: Tri::Yes, rules: yes };
        }
        if !maybe.is_empty() || self.unseen(g, sg, direction) {
            return Verdict { answer: Tri::Maybe, rules: maybe };
        }
        Verdict { answer: Tri::No, rules: read }
    }

    /// Whether group `g` (`sg`) may have rules of `direction` the file does not show: its
    /// rules are not known, a generated resource may add some, or a rule may belong to it.
    fn unseen(&self, g: SgId, sg: &SecurityGroup, direction: Direction) -> bool {
        let m = self.m;
        !sg.rules_known
            || m.generated_unknown
            || self.anywhere.get(slot(direction)).copied().unwrap_or(true)
            || m.derived
                .maybe_rules_by_group
                .list(g)
                .iter()
                .filter_map(|&r| m.sg_rule(r))
                .any(|r| r.direction == direction)
    }

    /// The ingress rules of group `g` that admit every address of a family (`0.0.0.0/0`,
    /// `::/0`: the whole internet), in the group's rule order; `None` when that cannot be
    /// known: the group's ingress may have rules the file does not show, or a rule's peer is
    /// unknown. Prefix lists and security groups are not the whole internet.
    pub fn world_ingress(&self, g: SgId) -> Option<Vec<SgRuleId>> {
        let m = self.m;
        let sg = m.security_group(g)?;
        if self.unseen(g, sg, Direction::Ingress) {
            return None;
        }
        let mut open = Vec::new();
        for &r in m.derived.rules_by_group.list(g) {
            let Some(rule) = m.sg_rule(r).filter(|r| r.direction == Direction::Ingress) else { continue };
            match &rule.peer.val {
                Val::Known(Peer::Cidr(c)) if c.is_default() => open.push(r),
                Val::Known(_) | Val::Absent => {}
                Val::Unknown => return None,
            }
        }
        Some(open)
    }

    /// [`Reach::world_ingress`] of each of `groups`, together; `None` when a group's is not
    /// known or the groups are not (a group outside the file, a party whose groups are
    /// unknown).
    pub fn world_ingress_of(&self, groups: &Groups) -> Option<Vec<SgRuleId>> {
        match groups {
            Groups::These { groups, external: false } => {
                let mut open = Vec::new();
                for &g in groups {
                    open.extend(self.world_ingress(g)?);
                }
                Some(open)
            }
            Groups::These { external: true, .. } | Groups::AnyClient | Groups::Unknown => None,
        }
    }
}

/// The security groups that decide who may reach an interface endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointGroups {
    pub vpc: VpcId,
    /// Its own groups, or its VPC's default group when it lists none (`defaulted`).
    pub groups: Vec<SgId>,
    pub defaulted: bool,
}

/// Whether the clients of an interface endpoint's VPC ([`Party::clients_of`]) may reach it on
/// HTTPS (TCP 443), the port every AWS API is called on: VPC304's question, which the model's
/// JSON form also answers. Many endpoints share a few groups, so each (VPC, group) is judged
/// once.
pub struct ClientsHttps<'m> {
    reach: Reach<'m>,
    verdicts: std::collections::HashMap<(VpcId, SgId), Tri>,
    clients: std::collections::HashMap<VpcId, Party>,
}

impl<'m> ClientsHttps<'m> {
    pub const PORT: i32 = 443;

    /// Prepares the questions over `m`.
    pub fn new(m: &'m Model) -> ClientsHttps<'m> {
        ClientsHttps { reach: Reach::new(m), verdicts: Default::default(), clients: Default::default() }
    }

    /// For an interface endpoint, the groups that decide and whether one of them admits TCP
    /// 443 from its VPC's clients (`Yes` when one certainly does, `No` when none can).
    /// `None` when that cannot be asked: not an interface endpoint (or its type is unknown),
    /// its VPC is not in the file, its group list is not fully known or names a group
    /// outside the file, or it is empty.
    pub fn of(&mut self, e: &Endpoint) -> Option<(EndpointGroups, Tri)> {
        let m = self.reach.m;
        if !e.is_interface() {
            return None;
        }
        let vpc_id = e.vpc.to()?;
        let vpc = m.vpc(vpc_id)?;
        let defaulted = e.security_groups.state == ListState::Absent;
        // A group outside this file: its rules are not visible.
        let Groups::These { groups, external: false } = m.endpoint_groups(e, vpc) else { return None };
        if groups.is_empty() {
            return None;
        }
        let mut verdict = Tri::No;
        for &g in &groups {
            let v = match self.verdicts.get(&(vpc_id, g)) {
                Some(v) => *v,
                None => {
                    let from = self.clients.entry(vpc_id).or_insert_with(|| Party::clients_of(m, vpc_id));
                    let v = self.reach.group_allows(g, Direction::Ingress, Traffic::tcp(Self::PORT), from).answer;
                    self.verdicts.insert((vpc_id, g), v);
                    v
                }
            };
            match v {
                Tri::Yes => verdict = Tri::Yes,
                Tri::Maybe if verdict == Tri::No => verdict = Tri::Maybe,
                _ => {}
            }
        }
        Some((EndpointGroups { vpc: vpc_id, groups, defaulted }, verdict))
    }
}

fn all(ts: [Tri; 3]) -> Tri {
    if ts.contains(&Tri::No) {
        Tri::No
    } else if ts.contains(&Tri::Maybe) {
        Tri::Maybe
    } else {
        Tri::Yes
    }
}

/// Whether one rule of group `sg` allows `traffic` with `peer` on the other side.
fn rule_allows(sg: &SecurityGroup, rule: &SgRule, traffic: Traffic, peer: &Party) -> Tri {
    let protocol = match &rule.protocol.val {
        Val::Known(Protocol::All) => Tri::Yes,
        Val::Known(p) if *p == traffic.protocol => Tri::Yes,
        Val::Known(_) | Val::Absent => Tri::No,
        Val::Unknown => Tri::Maybe,
    };
    let ports = match &rule.ports.val {
        Val::Known(p) if p.contains(traffic.port) => Tri::Yes,
        Val::Known(_) | Val::Absent => Tri::No,
        Val::Unknown => Tri::Maybe,
    };
    all([protocol, ports, peer_matches(sg, rule, peer)])
}

/// Whether a rule's peer (its source or destination) is `party`.
fn peer_matches(sg: &SecurityGroup, rule: &SgRule, party: &Party) -> Tri {
    match &rule.peer.val {
        Val::Known(Peer::Cidr(c)) => cidr_matches(c, party),
        // Which addresses a managed prefix list holds is not in the file.
        Val::Known(Peer::PrefixList(_)) => Tri::Maybe,
        Val::Known(Peer::Group(link)) => group_matches(sg, rule, link, &party.groups),
        Val::Known(Peer::None) | Val::Absent => Tri::No,
        Val::Unknown => Tri::Maybe,
    }
}

fn cidr_matches(c: &Cidr, party: &Party) -> Tri {
    if !c.is_v4() {
        // IPv6 addresses of subnets are not modelled: only "none at all" is certain.
        return match party.ipv6 {
            Val::Known(false) => Tri::No,
            _ => Tri::Maybe,
        };
    }
    if c.is_default() {
        // Every IPv4 address, wherever the party's are.
        return Tri::Yes;
    }
    match &party.addresses {
        Addresses::Within(blocks) => {
            let v4: Vec<&Cidr> = blocks.iter().filter(|b| b.is_v4()).collect();
            if v4.is_empty() {
                Tri::Maybe
            } else if v4.iter().all(|b| c.contains(b)) {
                Tri::Yes
            } else if v4.iter().any(|b| c.overlaps(b)) {
                Tri::Maybe
            } else {
                Tri::No
            }
        }
        Addresses::Across { blocks, complete } => {
            if blocks.iter().any(|b| b.overlaps(c)) {
                Tri::Yes
            } else if *complete {
                Tri::No
            } else {
                Tri::Maybe
            }
        }
    }
}

fn group_matches(sg: &SecurityGroup, rule: &SgRule, link: &Link<SgId>, groups: &Groups) -> Tri {
    match groups {
        // AWS's own rule in a VPC's default group admits only that group's members, which
        // clients with their own groups are not.
        Groups::AnyClient if sg.implicit && rule.peer.origin == Origin::Default => Tri::No,
        Groups::AnyClient => Tri::Yes,
        Groups::Unknown => Tri::Maybe,
        Groups::These { groups, external } => match link {
            Link::To(g) if groups.contains(g) => Tri::Yes,
            Link::To(_) | Link::Absent => Tri::No,
            Link::OneOf(gs) if gs.iter().any(|g| groups.contains(g)) => Tri::Maybe,
            Link::OneOf(_) => Tri::No,
            Link::External(_) if *external => Tri::Maybe,
            Link::External(_) => Tri::No,
            Link::Unknown => Tri::Maybe,
        },
    }
}

/// One direction of a network ACL: its entries in evaluation order.
#[derive(Debug, Clone)]
pub struct NaclSide<'m> {
    entries: Vec<(NaclEntryId, &'m NaclEntry)>,
}

/// How a question to a [`NaclSide`] was decided.
#[derive(Debug, Clone, PartialEq)]
pub struct NaclVerdict {
    pub answer: Tri,
    /// For `Yes`, the entry that allows; for `No`, the entries that deny part of the ports
    /// (none: only the final rule denies).
    pub entries: Vec<NaclEntryId>,
    /// Entries that allow the traffic for part of the peer's block only (when the whole
    /// block was asked about).
    pub partly: Vec<NaclEntryId>,
}

impl<'m> NaclSide<'m> {
    /// The entries `ids` of one direction (`egress`), sorted by rule number; `None` when one
    /// of them is not fully known (number, action, protocol, ports, block) or two share a
    /// number, since the order then cannot be known.
    pub fn new(m: &'m Model, ids: &[NaclEntryId], egress: bool) -> Option<NaclSide<'m>> {
        let mut entries = Vec::new();
        for &id in ids {
            let e = m.nacl_entries.get(id.index())?;
            if e.egress != egress {
                continue;
            }
            let known = e.rule_number.known().is_some()
                && e.allow.known().is_some()
                && e.protocol.known().is_some()
                && (e.ports.known().is_some() || !e.protocol.known().is_some_and(|p| *p == Protocol::Tcp))
                && e.cidr.known().is_some();
            if !known || e.meta.conditional {
                return None;
            }
            entries.push((id, e));
        }
        entries.sort_by_key(|(_, e)| e.rule_number.known().copied().unwrap_or(0));
        let duplicate = entries.windows(2).any(|w| match w {
            [(_, a), (_, b)] => a.rule_number.known() == b.rule_number.known(),
            _ => false,
        });
        (!duplicate).then_some(NaclSide { entries })
    }

    /// Whether TCP to some port of `ports`, with an address of `peer` on the other side, is
    /// allowed: `Yes` when an entry allows it for some port and part of the block (the first
    /// match wins), `No` when earlier entries and the final rule deny every port for the
    /// whole block. An entry that denies only part of the block leaves the rest open.
    pub fn allows_some_tcp(&self, peer: &Cidr, ports: PortRange) -> NaclVerdict {
        self.allows_tcp(peer, ports, false)
    }

    /// Whether TCP to some port of `ports` is allowed for every address of `peer`: as
    /// [`NaclSide::allows_some_tcp`], but an allowing entry counts only when its block
    /// covers all of `peer`; those that cover part of it are listed in `partly`.
    pub fn allows_tcp_from_all(&self, peer: &Cidr, ports: PortRange) -> NaclVerdict {
        self.allows_tcp(peer, ports, true)
    }

    fn allows_tcp(&self, peer: &Cidr, ports: PortRange, whole: bool) -> NaclVerdict {
        let mut open: Vec<(i32, i32)> = vec![span_of(ports)];
        let mut denying = Vec::new();
        let mut partly = Vec::new();
        for &(id, e) in &self.entries {
            crate::work::tick(1);
            let (Some(protocol), Some(block), Some(allow)) = (e.protocol.known(), e.cidr.known(), e.allow.known())
            else {
                continue;
            };
            if !matches!(protocol, Protocol::Tcp | Protocol::All) || !block.overlaps(peer) {
                continue;
            }
            let range =
                if protocol.all_ports() { (0, 65535) } else { e.ports.known().map_or((0, 65535), |p| span_of(*p)) };
            if !open.iter().any(|&(f, t)| f <= range.1 && range.0 <= t) {
                continue;
            }
            if *allow && (!whole || block.contains(peer)) {
                return NaclVerdict { answer: Tri::Yes, entries: vec![id], partly };
            }
            if *allow {
                partly.push(id);
                continue;
            }
            if block.contains(peer) {
                denying.push(id);
                open = open.into_iter().flat_map(|r| subtract(r, range)).collect();
                if open.is_empty() {
                    break;
                }
            }
        }
        NaclVerdict { answer: Tri::No, entries: denying, partly }
    }
}

/// A port range as an inclusive pair, `-1` (every port) as `0-65535`.
fn span_of(p: PortRange) -> (i32, i32) {
    if p.from == -1 && p.to == -1 { (0, 65535) } else { (p.from, p.to) }
}

/// `r` without `cut`: up to two pieces.
fn subtract(r: (i32, i32), cut: (i32, i32)) -> Vec<(i32, i32)> {
    if cut.1 < r.0 || r.1 < cut.0 {
        return vec![r];
    }
    let mut out = Vec::new();
    if r.0 < cut.0 {
        out.push((r.0, cut.0 - 1));
    }
    if cut.1 < r.1 {
        out.push((cut.1 + 1, r.1));
    }
    out
}

#[cfg(test)]
#[path = "reach_tests.rs"]
mod tests;
