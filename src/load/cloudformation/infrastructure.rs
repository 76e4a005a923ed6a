//! Transit gateway and Cloud WAN attachments and network firewalls: what occupies subnets to carry other traffic.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    /// A transit attachment (`SubnetIds`) or a firewall (`SubnetMappings: [{SubnetId}]`).
    pub(super) fn infrastructure(&mut self, i: usize, kind: InfrastructureKind, key: &str) {
        let meta = self.meta(i);
        let subnets = if key == "SubnetMappings" {
            self.subnet_mappings(i)
        } else {
            self.link_list(i, key, &|_, _, o| o.subnet())
        };
        let vpc = self.vpc_link(i, "VpcId");
        self.b.model.infrastructure.push(Infrastructure { meta, kind, vpc, subnets });
    }

    /// A firewall's `SubnetMappings`: a list of `{SubnetId: ...}`.
    pub(super) fn subnet_mappings(&self, i: usize) -> LinkList<SubnetId> {
        let span = self.meta_span(i);
        let Some(node) = self.t.prop(i, "SubnetMappings") else { return LinkList::absent(span) };
        let Some(items) = self.t.tree.items(node) else {
            return LinkList { state: ListState::Partial, items: Vec::new(), span: self.node_span(node) };
        };
        let mut state = ListState::Known;
        let mut out = Vec::new();
        for &item in items {
            let link = match self.t.tree.get(item, "SubnetId") {
                Some(id) => self.link(&self.t.eval(id), &|_, _, o| o.subnet()),
                None => Link::Unknown,
            };
            if matches!(link, Link::Unknown) {
                state = ListState::Partial;
            }
            out.push(Linked { link, span: self.node_span(item) });
        }
        LinkList { state, items: out, span: self.node_span(node) }
    }

    /// A Cloud WAN VPC attachment names its VPC and subnets by ARN, written with `Fn::Sub`
    /// around the resources' ids (`arn:...:subnet/${Subnet}`): the `${Name}`s are read.
    pub(super) fn cloud_wan_attachment(&mut self, i: usize) {
        let meta = self.meta(i);
        let named = |node: NodeId| -> Vec<&str> {
            let tree = self.t.tree;
            let text = tree.get(node, "Fn::Sub").and_then(|s| tree.str(s)).unwrap_or("");
            // `${AWS::Region}` and the other pseudo parameters are not resources.
            text.split("${")
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .filter(|name| !name.contains("::"))
                .collect()
        };
        let link_named = |node: NodeId| -> Link<usize> {
            match named(node).as_slice() {
                [name] => self.t.by_name.get(name).map_or(Link::Unknown, |&r| Link::To(r)),
                _ => Link::Unknown,
            }
        };
        let vpc = match self.t.prop(i, "VpcArn").map(link_named) {
            Some(Link::To(r)) => self.obj.get(r).copied().flatten().and_then(Obj::vpc).map_or(Link::Unknown, Link::To),
            Some(_) => Link::Unknown,
            None => Link::Absent,
        };
        let span = self.meta_span(i);
        let subnets = match self.t.prop(i, "SubnetArns") {
            None => LinkList::absent(span),
            Some(node) => {
                let items = self.t.tree.items(node).unwrap_or(&[]);
                let mut state = if self.t.tree.items(node).is_some() { ListState::Known } else { ListState::Partial };
                let mut out = Vec::new();
                for &item in items {
                    let link = match link_named(item) {
                        Link::To(r) => {
                            self.obj.get(r).copied().flatten().and_then(Obj::subnet).map_or(Link::Unknown, Link::To)
                        }
                        _ => Link::Unknown,
                    };
                    if matches!(link, Link::Unknown) {
                        state = ListState::Partial;
                    }
                    out.push(Linked { link, span: self.node_span(item) });
                }
                LinkList { state, items: out, span: self.node_span(node) }
            }
        };
        self.b.model.infrastructure.push(Infrastructure {
            meta,
            kind: InfrastructureKind::TransitAttachment,
            vpc,
            subnets,
        });
    }
}
