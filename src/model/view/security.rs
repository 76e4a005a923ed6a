//! The JSON form of security groups, their rules and internet ingress, and network ACLs.

use super::*;

impl<'a> ViewBuilder<'a> {
    /// The ingress rules that admit the whole internet ([`reach::Reach::world_ingress`]):
    /// per rule its group, protocol, ports and block; unknown when they cannot be known.
    pub(super) fn internet_ingress(&self, rules: Option<Vec<SgRuleId>>) -> Value {
        let Some(rules) = rules else { return unknown() };
        let m = self.m;
        let entry = |r: &SgRule| {
            let mut o = Map::new();
            o.insert("security_group".into(), self.link(&r.group, self.sg_name()));
            for (k, v) in self.rule_fields(r) {
                if matches!(k, "protocol" | "from_port" | "to_port") {
                    o.insert(k.into(), v);
                }
            }
            let cidr = match r.peer.known() {
                Some(Peer::Cidr(c)) => c.to_string().into(),
                _ => unknown(),
            };
            o.insert("cidr".into(), cidr);
            Value::Object(o)
        };
        Value::Array(rules.iter().filter_map(|&r| m.sg_rule(r)).map(entry).collect())
    }

    fn peer(&self, p: &Attr<Peer>) -> Value {
        attr(p, |p| match p {
            Peer::Cidr(c) => json!({"cidr": c.to_string()}),
            Peer::PrefixList(v) => json!({"prefix_list": val(v, |s| s.clone().into())}),
            Peer::Group(l) => json!({"security_group": self.link(l, self.sg_name())}),
            Peer::None => Value::Null,
        })
    }

    fn rule_fields(&self, r: &SgRule) -> Vec<(&'static str, Value)> {
        let ports = |f: fn(&PortRange) -> i32| {
            attr(&r.ports, move |p| if p.from == -1 && p.to == -1 { Value::Null } else { f(p).into() })
        };
        vec![
            ("direction", serialized(&r.direction)),
            ("protocol", attr(&r.protocol, protocol)),
            ("from_port", ports(|p| p.from)),
            ("to_port", ports(|p| p.to)),
            ("peer", self.peer(&r.peer)),
        ]
    }

    pub(super) fn security_group(&self, id: SgId, g: &SecurityGroup, reach: &reach::Reach<'_>) -> Value {
        let m = self.m;
        let rules: Vec<Value> = m
            .derived
            .rules_by_group
            .list(id)
            .iter()
            .filter_map(|&r| m.sg_rule(r))
            .map(|r| Value::Object(self.rule_fields(r).into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
            .collect();
        let known = g.rules_known
            && m.derived.maybe_rules_by_group.list(id).is_empty()
            && m.derived.anywhere_rules.is_empty()
            && !m.generated_unknown;
        self.object(
            "security_group",
            &g.meta,
            vec![
                ("vpc", self.link(&g.vpc, self.vpc_name())),
                ("default", g.is_default.into()),
                ("implicit", g.implicit.into()),
                ("rules_known", known.into()),
                ("rules", Value::Array(rules)),
                ("internet_ingress", self.internet_ingress(reach.world_ingress(id))),
            ],
        )
    }

    pub(super) fn sg_rule(&self, r: &SgRule) -> Value {
        let mut fields = vec![("security_group", self.link(&r.group, self.sg_name()))];
        fields.extend(self.rule_fields(r));
        self.object("security_group_rule", &r.meta, fields)
    }

    pub(super) fn nacl(&self, n: &Nacl, entries: &[&NaclEntry]) -> Value {
        let entries: Vec<Value> = entries
            .iter()
            .map(|e| {
                json!({
                    "rule_number": attr(&e.rule_number, |n| (*n).into()),
                    "egress": e.egress,
                    "allow": attr(&e.allow, |b| (*b).into()),
                    "protocol": attr(&e.protocol, protocol),
                    "cidr": attr(&e.cidr, string),
                })
            })
            .collect();
        self.object(
            "network_acl",
            &n.meta,
            vec![
                ("vpc", self.link(&n.vpc, self.vpc_name())),
                ("default", n.is_default.into()),
                ("implicit", n.implicit.into()),
                ("entries", Value::Array(entries)),
            ],
        )
    }
}

/// A rule's or entry's protocol: `all`, a number as a string, or its name.
fn protocol(p: &Protocol) -> Value {
    match p {
        Protocol::All => "all".into(),
        Protocol::Other(n) => n.to_string().into(),
        other => serialized(other),
    }
}
