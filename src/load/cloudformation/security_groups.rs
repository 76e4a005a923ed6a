//! Security groups and their rules, inline or separate.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn security_group(&mut self, i: usize) {
        let Some(Obj::Sg(id)) = self.obj.get(i).copied().flatten() else { return };
        let meta = self.meta(i);
        // Without VpcId the group is created in the default VPC.
        let vpc = match self.prop(i, "VpcId") {
            Some((v, _)) => self.link(&v, &|_, _, o| o.vpc()),
            None => Link::External(External::DefaultVpc),
        };
        let mut rules_known = true;
        for (key, direction) in
            [("SecurityGroupIngress", Direction::Ingress), ("SecurityGroupEgress", Direction::Egress)]
        {
            match self.prop(i, key) {
                Some((V::List(items), _)) => {
                    for item in items {
                        match item.v {
                            V::Obj(node) => self.push_rule(&meta, Link::To(id), direction, node),
                            V::NoValue => {}
                            V::Str(_) | V::Num(_) | V::Bool(_) | V::Null | V::List(_) => {
                                self.t.problem(
                                    self.t.tree.node(item.node).range,
                                    format!("a `{key}` rule must be a mapping; it is skipped"),
                                );
                                rules_known = false;
                            }
                            _ => rules_known = false,
                        }
                    }
                }
                Some(_) => rules_known = false,
                None if direction == Direction::Egress => {
                    // CloudFormation keeps AWS's default allow-all egress when none is written.
                    let span = meta.span;
                    self.b.model.sg_rules.push(SgRule {
                        meta: meta.clone(),
                        group: Link::To(id),
                        direction,
                        protocol: Attr::default(Protocol::All, span),
                        ports: Attr::default(PortRange::ALL, span),
                        peer: Attr::default(Peer::Cidr(Cidr::V4 { addr: 0, prefix: 0 }), span),
                        span,
                    });
                }
                None => {}
            }
        }
        self.b.model.security_groups.push(SecurityGroup {
            meta,
            vpc,
            is_default: false,
            implicit: false,
            rules_known,
            defaulted_inline: Vec::new(),
        });
    }

    pub(super) fn sg_rule_resource(&mut self, i: usize, direction: Direction) {
        let meta = self.meta(i);
        let group = match self.prop(i, "GroupId") {
            Some((v, _)) => self.link(&v, &|l, v, o| match (v, o) {
                (V::Att(_, attr), Obj::Vpc(vpc)) if attr == "DefaultSecurityGroup" => Some(l.b.default_sg_of(vpc)),
                (_, o) => o.sg(),
            }),
            None => match self.prop(i, "GroupName") {
                Some((v, _)) => Link::External(External::GroupName(self.t.string_of(&v))),
                None => Link::Absent,
            },
        };
        let Some(props) = self.t.resources.get(i).and_then(|r| r.properties) else { return };
        self.push_rule_from(meta, group, direction, props);
    }

    pub(super) fn push_rule(&mut self, meta: &Meta, group: Link<SgId>, direction: Direction, node: NodeId) {
        self.push_rule_from(meta.clone(), group, direction, node);
    }

    /// Reads one rule (an inline entry or a rule resource's properties) at `node`.
    pub(super) fn push_rule_from(&mut self, meta: Meta, group: Link<SgId>, direction: Direction, node: NodeId) {
        let tree = self.t.tree;
        let get = |key: &str| -> Option<(V<'t>, NodeId)> {
            let n = tree.get(node, key)?;
            match self.t.eval(n) {
                V::NoValue => None,
                v => Some((v, n)),
            }
        };
        let span = self.node_span(node);
        let protocol = match get("IpProtocol") {
            Some((v, n)) => {
                Attr::explicit(self.parsed_or_problem(&v, n, Protocol::parse, "an IP protocol"), self.node_span(n))
            }
            None => Attr::absent(span),
        };
        let ports = if protocol.known().is_some_and(Protocol::all_ports) {
            Attr::default(PortRange::ALL, span)
        } else {
            match (get("FromPort"), get("ToPort")) {
                (Some((f, fnode)), Some((t, _))) => {
                    let val = match (self.int_of(&f), self.int_of(&t)) {
                        (Some(from), Some(to)) => Val::Known(PortRange { from: from as i32, to: to as i32 }),
                        _ => Val::Unknown,
                    };
                    Attr::explicit(val, self.node_span(fnode))
                }
                (Some((_, n)), None) | (None, Some((_, n))) => Attr::explicit(Val::Unknown, self.node_span(n)),
                (None, None) => Attr::absent(span),
            }
        };
        let (cidr_key, pl_key, sg_key) = match direction {
            Direction::Ingress => ("CidrIp", "SourcePrefixListId", "SourceSecurityGroupId"),
            Direction::Egress => ("CidrIp", "DestinationPrefixListId", "DestinationSecurityGroupId"),
        };
        let peer = if let Some((v, n)) = get(cidr_key).or_else(|| get("CidrIpv6")) {
            // A block taken from a parameter's default (`SSHLocation` defaults to 0.0.0.0/0
            // in many samples): a finding at the block says it rests on that default.
            let (_, params) = self.t.eval_noting_defaults(n);
            if !params.is_empty() {
                self.b.model.assumptions.push(Assumption {
                    resource: meta.name.clone(),
                    span: self.node_span(n),
                    params,
                });
            }
            Attr::explicit(map_val(self.cidr_val(&v, n), Peer::Cidr), self.node_span(n))
        } else if let Some((v, n)) = get(pl_key) {
            Attr::explicit(Val::Known(Peer::PrefixList(self.string_val(&v))), self.node_span(n))
        } else if let Some((v, n)) = get(sg_key) {
            let link = self.link(&v, &|l, v, o| match (v, o) {
                (V::Att(_, attr), Obj::Vpc(vpc)) if attr == "DefaultSecurityGroup" => Some(l.b.default_sg_of(vpc)),
                (_, o) => o.sg(),
            });
            Attr::explicit(Val::Known(Peer::Group(link)), self.node_span(n))
        } else if let Some((v, n)) = get("SourceSecurityGroupName").filter(|_| direction == Direction::Ingress) {
            let name = External::GroupName(self.t.string_of(&v));
            Attr::explicit(Val::Known(Peer::Group(Link::External(name))), self.node_span(n))
        } else {
            Attr::explicit(Val::Known(Peer::None), span)
        };
        self.b.model.sg_rules.push(SgRule { meta, group, direction, protocol, ports, peer, span });
    }
}
