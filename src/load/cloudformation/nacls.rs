//! Network ACL entries.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn nacl_entry(&mut self, i: usize) {
        let meta = self.meta(i);
        let rule_number = match self.prop(i, "RuleNumber") {
            Some((v, n)) => Attr::explicit(self.int_of(&v).map_or(Val::Unknown, Val::Known), self.node_span(n)),
            None => Attr::absent(meta.span),
        };
        let egress = self.bool_attr(i, "Egress", Some(false)).known().copied().unwrap_or(false);
        let allow = match self.prop(i, "RuleAction") {
            Some((v, n)) => {
                let val = match self.t.string_of(&v).map(|s| s.to_ascii_lowercase()) {
                    Some(s) if s == "allow" => Val::Known(true),
                    Some(s) if s == "deny" => Val::Known(false),
                    _ => Val::Unknown,
                };
                Attr::explicit(val, self.node_span(n))
            }
            None => Attr::absent(meta.span),
        };
        let protocol = match self.prop(i, "Protocol") {
            Some((v, n)) => Attr::explicit(
                self.t.string_of(&v).and_then(|s| Protocol::parse(&s)).map_or(Val::Unknown, Val::Known),
                self.node_span(n),
            ),
            None => Attr::absent(meta.span),
        };
        let ports = if protocol.known().is_some_and(Protocol::all_ports) {
            Attr::default(PortRange::ALL, meta.span)
        } else {
            match self.t.prop(i, "PortRange") {
                Some(pr) => {
                    let from = self.t.tree.get(pr, "From").map(|n| self.t.eval(n)).and_then(|v| self.int_of(&v));
                    let to = self.t.tree.get(pr, "To").map(|n| self.t.eval(n)).and_then(|v| self.int_of(&v));
                    let val = match (from, to) {
                        (Some(f), Some(t)) => Val::Known(PortRange { from: f as i32, to: t as i32 }),
                        _ => Val::Unknown,
                    };
                    Attr::explicit(val, self.node_span(pr))
                }
                None => Attr::absent(meta.span),
            }
        };
        let cidr = match self.prop(i, "CidrBlock").or_else(|| self.prop(i, "Ipv6CidrBlock")) {
            Some((v, n)) => Attr::explicit(self.cidr_val(&v, n), self.node_span(n)),
            None => Attr::absent(meta.span),
        };
        let nacl = self.link_prop(i, "NetworkAclId", nacl_of);
        self.b.model.nacl_entries.push(NaclEntry { meta, nacl, rule_number, egress, allow, protocol, ports, cidr });
    }
}
