//! VPC205 nacl-blocks-return-traffic.

use std::collections::{HashMap, HashSet};

use crate::model::derived::Tri;
use crate::model::reach::{NaclSide, NaclVerdict};
use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A custom network ACL that allows TCP connections one way but drops every reply.
///
/// For each entry that allows TCP to or from a block on a service port (an entry whose
/// range does not reach across the ephemeral ports, which would make it a return rule
/// itself) and is not shadowed by an earlier deny, the other direction must allow TCP to
/// some port of 1024-65535 for that block (ephemeral ranges: Linux 32768-60999, Windows
/// 49152-65535, NAT gateways, load balancers and Lambda 1024-65535). When it allows none,
/// every reply is dropped. A narrower return range is not reported: which clients it
/// breaks depends on their operating systems.
///
/// Only ACLs whose entries are all known and that certainly filter a subnet are judged.
pub struct NaclBlocksReturnTraffic;

const EPHEMERAL: PortRange = PortRange { from: 1024, to: 65535 };

/// Whether an entry's ports look like a return rule: the range reaches the top of the
/// ephemeral ranges and starts at or below Windows' 49152.
fn return_like(p: &PortRange) -> bool {
    (p.from == -1 && p.to == -1) || (p.from <= 49152 && p.to >= 60999)
}

impl Rule for NaclBlocksReturnTraffic {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if m.generated_unknown {
            return;
        }
        // Entries per ACL; an entry whose ACL is not certain makes those it may be on unknown.
        let mut by_nacl: HashMap<NaclId, Vec<NaclEntryId>> = HashMap::new();
        let mut uncertain: HashSet<NaclId> = HashSet::new();
        for (id, e) in enumerate::<_, NaclEntryId>(&m.nacl_entries) {
            match &e.nacl {
                Link::To(n) => by_nacl.entry(*n).or_default().push(id),
                Link::OneOf(ns) => uncertain.extend(ns.iter().copied()),
                Link::Unknown => return,
                Link::External(_) | Link::Absent => {}
            }
        }
        let associated: HashSet<NaclId> = m
            .nacl_associations
            .iter()
            .filter(|a| !a.meta.conditional && matches!(a.subnet, Link::To(_)))
            .filter_map(|a| a.nacl.to())
            .collect();
        for (id, acl) in enumerate::<_, NaclId>(&m.nacls) {
            if acl.is_default || acl.implicit || !acl.entries_known || acl.meta.conditional {
                continue;
            }
            if uncertain.contains(&id) || !associated.contains(&id) {
                continue;
            }
            let ids = by_nacl.get(&id).map_or(&[][..], Vec::as_slice);
            let (Some(inbound), Some(outbound)) = (NaclSide::new(m, ids, false), NaclSide::new(m, ids, true)) else {
                continue;
            };
            for egress in [true, false] {
                let (this, other) = if egress { (&outbound, &inbound) } else { (&inbound, &outbound) };
                // (entry, its block, the entries that let replies back from part of the block)
                let mut broken: Vec<(NaclEntryId, Cidr, NaclVerdict)> = Vec::new();
                for &e in ids {
                    let Some(entry) = m.nacl_entries.get(e.index()) else { continue };
                    if entry.egress != egress
                        || entry.allow.known() != Some(&true)
                        || entry.protocol.known() != Some(&Protocol::Tcp)
                    {
                        continue;
                    }
                    let (Some(ports), Some(block)) = (entry.ports.known(), entry.cidr.known()) else { continue };
                    if return_like(ports) || broken.iter().any(|(_, b, _)| b == block) {
                        continue;
                    }
                    // Shadowed by an earlier deny: the entry allows nothing.
                    let live = this.allows_some_tcp(block, *ports);
                    if live.answer != Tri::Yes || live.entries != [e] {
                        continue;
                    }
                    let back = other.allows_tcp_from_all(block, EPHEMERAL);
                    if back.answer == Tri::No {
                        broken.push((e, *block, back));
                    }
                }
                let Some((_, block, back_verdict)) = broken.first() else { continue };
                let block = *block;
                let partly: Vec<String> = back_verdict
                    .partly
                    .iter()
                    .filter_map(|p| m.nacl_entries.get(p.index())?.cidr.known().map(|c| format!("`{c}`")))
                    .collect();
                let (way, back, prep) = if egress {
                    ("outbound TCP to", "inbound TCP 1024-65535", "from")
                } else {
                    ("inbound TCP from", "outbound TCP 1024-65535", "to")
                };
                let but = if partly.is_empty() {
                    format!("no {back} {prep} it")
                } else {
                    format!("{back} only {prep} part of it ({})", partly.join(", "))
                };
                let whose = if egress { "the subnet's own connections" } else { "connections to the subnet" };
                let more = match broken.len() {
                    1 => String::new(),
                    n => format!(" (and {} more block{})", n - 1, if n > 2 { "s" } else { "" }),
                };
                let mut f = cx
                    .finding(
                        acl.meta.span,
                        &acl.meta,
                        format!(
                            "network ACL {} allows {way} `{block}`{more} but {but}: network ACLs are stateless, so the replies to {whose} are dropped",
                            quote(&acl.meta.name)
                        ),
                    )
                    .label(if partly.is_empty() {
                        format!("no {back} {prep} `{block}`")
                    } else {
                        format!("{back} {prep} only part of `{block}`")
                    });
                for (e, b, back_verdict) in &broken {
                    let (e, b) = (*e, *b);
                    if let Some(entry) = m.nacl_entries.get(e.index()) {
                        let ports = entry.ports.known().map_or(String::new(), |p| {
                            if p.from == p.to {
                                format!(" port {}", p.from)
                            } else {
                                format!(" ports {}-{}", p.from, p.to)
                            }
                        });
                        let at = if entry.meta.span == acl.meta.span { entry.cidr.span } else { entry.meta.span };
                        f = f.related(at, format!("this entry allows {way} `{b}` on{ports}"));
                    }
                    for p in &back_verdict.partly {
                        if let Some(entry) = m.nacl_entries.get(p.index()) {
                            let part = entry.cidr.known().map_or(String::new(), |c| format!(" `{c}`"));
                            let at = if entry.meta.span == acl.meta.span { entry.cidr.span } else { entry.meta.span };
                            f = f.related(at, format!("replies pass only {prep}{part}, part of `{b}`"));
                        }
                    }
                    for d in &back_verdict.entries {
                        if let Some(entry) = m.nacl_entries.get(d.index()) {
                            let at = if entry.meta.span == acl.meta.span { entry.cidr.span } else { entry.meta.span };
                            f = f.related(at, format!("this entry denies the replies {prep} `{b}` first"));
                        }
                    }
                }
                cx.report(f);
            }
        }
    }
}
