//! The JSON form of workloads and target groups.

use super::*;

impl<'a> ViewBuilder<'a> {
    pub(super) fn workload(&self, w: &Workload, reach: &reach::Reach<'_>) -> Value {
        let m = self.m;
        let groups = m.workload_groups(w);
        let internet_ingress = self.internet_ingress(reach.world_ingress_of(&groups));
        let effective = match groups {
            reach::Groups::These { groups, external } => {
                let mut names: Vec<Value> = groups.iter().filter_map(|&g| self.sg_name()(g)).map(Value::from).collect();
                if external {
                    names.push(json!({"external": true}));
                }
                Value::Array(names)
            }
            _ => unknown(),
        };
        let vpc = m.workload_vpc(w).and_then(self.vpc_name()).map_or_else(unknown, Value::from);
        self.object(
            "workload",
            &w.meta,
            vec![
                ("workload_kind", serialized(&w.kind)),
                ("vpc", vpc),
                ("subnets", self.link_list(&w.subnets, self.subnet_name())),
                ("security_groups", self.link_list(&w.security_groups, self.sg_name())),
                ("effective_security_groups", effective),
                ("template", self.link(&w.template, self.workload_name())),
                ("load_balancer_type", attr(&w.lb_type, serialized)),
                ("internet_ingress", internet_ingress),
            ],
        )
    }

    pub(super) fn target_group(&self, id: TargetGroupId, t: &TargetGroup, forwards: &TargetGroupLinks<'_>) -> Value {
        let targets: Vec<Value> = forwards
            .registrations
            .get(&id)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|r| {
                json!({
                    "target": self.link(&r.target, self.workload_name()),
                    "port": attr(&r.port, |p| (*p).into()),
                    "registered_by": r.meta.name,
                })
            })
            .collect();
        let mut lbs: Vec<Value> = Vec::new();
        for l in forwards.listeners.get(&id).map_or(&[][..], Vec::as_slice) {
            let v = self.link(&l.load_balancer, self.workload_name());
            if !lbs.contains(&v) {
                lbs.push(v);
            }
        }
        self.object(
            "target_group",
            &t.meta,
            vec![
                ("vpc", self.link(&t.vpc, self.vpc_name())),
                ("port", attr(&t.port, |p| (*p).into())),
                ("protocol", attr(&t.protocol, |p| p.clone().into())),
                ("target_type", attr(&t.target_type, serialized)),
                ("targets", Value::Array(targets)),
                ("load_balancers", Value::Array(lbs)),
            ],
        )
    }
}
