//! Network ACL entries.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn nacl_entry(&mut self, i: usize) {
        let meta = self.meta(i);
        let rule_number = self.prop_attr(i, "RuleNumber", None, |v, _| self.int_of(v).map_or(Val::Unknown, Val::Known));
        let egress = self.bool_attr(i, "Egress", Some(false)).known().copied().unwrap_or(false);
        let allow = self.prop_attr(i, "RuleAction", None, |v, _| self.parsed(v, |s| keyword_bool(s, "allow", "deny")));
        let protocol = self.prop_attr(i, "Protocol", None, |v, _| self.parsed(v, Protocol::parse));
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
        let nacl = self.link_prop(i, "NetworkAclId", Obj::nacl);
        self.b.model.nacl_entries.push(NaclEntry { meta, nacl, rule_number, egress, allow, protocol, ports, cidr });
    }
}
