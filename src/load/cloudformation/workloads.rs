//! Workloads: EC2 instances, launch templates and configurations, Auto Scaling groups, Lambda
//! functions, ECS services, ELBv2 load balancers and RDS databases; and the target groups,
//! registrations and listeners that tie load balancers to their targets.

use super::*;

/// Where a nested property is.
#[derive(Debug, Clone, Copy)]
enum At {
    Absent,
    Unknown,
    Node(NodeId),
}

impl<'t, 'a> Loader<'t, 'a> {
    /// Property `key` of resource `i`.
    fn at_prop(&self, i: usize, key: &str) -> At {
        self.t.prop(i, key).map_or(At::Absent, At::Node)
    }

    /// Field `key` of the mapping `at` evaluates to; unknown when it is not a mapping.
    fn field(&self, at: At, key: &str) -> At {
        let At::Node(node) = at else { return at };
        match self.t.eval(node) {
            V::Obj(n) => self.t.tree.get(n, key).map_or(At::Absent, At::Node),
            V::NoValue => At::Absent,
            _ => At::Unknown,
        }
    }

    /// The items of the list `at` evaluates to (`None`: not a list or not known).
    fn items_at(&self, at: At) -> Option<Vec<NodeId>> {
        let At::Node(node) = at else { return if matches!(at, At::Absent) { Some(Vec::new()) } else { None } };
        match self.t.eval(node) {
            V::List(items) => Some(items.into_iter().filter(|it| it.v != V::NoValue).map(|it| it.node).collect()),
            V::NoValue => Some(Vec::new()),
            _ => None,
        }
    }

    fn list_at<T: Copy + PartialEq>(
        &self,
        at: At,
        key: &str,
        span: Span,
        want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>,
    ) -> LinkList<T> {
        match at {
            At::Absent => LinkList::absent(span),
            At::Unknown => LinkList { state: ListState::Partial, items: Vec::new(), span },
            At::Node(n) => self.link_list_at(key, n, want),
        }
    }

    fn link_at<T: Copy + PartialEq>(&self, at: At, want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>) -> Link<T> {
        match at {
            At::Absent => Link::Absent,
            At::Unknown => Link::Unknown,
            At::Node(n) => self.link(&self.t.eval(n), want),
        }
    }

    /// The attribute at `at`, its value read by `read`; at `span` when it is absent or unknown.
    fn attr_at<T>(&self, at: At, span: Span, read: impl FnOnce(&V<'t>) -> Val<T>) -> Attr<T> {
        match at {
            At::Absent => Attr::absent(span),
            At::Unknown => Attr::explicit(Val::Unknown, span),
            At::Node(n) => Attr::explicit(read(&self.t.eval(n)), self.node_span(n)),
        }
    }

    fn int_at(&self, at: At, span: Span) -> Attr<i32> {
        self.attr_at(at, span, |v| self.int_of(v).and_then(|p| i32::try_from(p).ok()).map_or(Val::Unknown, Val::Known))
    }

    fn string_at(&self, at: At, span: Span) -> Attr<String> {
        self.attr_at(at, span, |v| self.string_val(v))
    }

    fn own_workload(&self, i: usize) -> Link<WorkloadId> {
        match self.obj.get(i).copied().flatten() {
            Some(Obj::Workload(w)) => Link::To(w),
            _ => self.instance_workload.get(i).copied().flatten().map_or(Link::Unknown, Link::To),
        }
    }

    /// The interfaces of an instance or launch template: each one's subnet (`subnet_key`)
    /// and groups (`groups_key`), the groups unioned. An interface without groups, or one
    /// named by id, makes the groups partial.
    fn interfaces(
        &self,
        at: At,
        subnet_key: &str,
        groups_key: &str,
        span: Span,
    ) -> (LinkList<SubnetId>, LinkList<SgId>) {
        let mut subnets = LinkList { state: ListState::Known, items: Vec::new(), span };
        let mut groups = LinkList { state: ListState::Known, items: Vec::new(), span };
        let Some(items) = self.items_at(at) else {
            subnets.state = ListState::Partial;
            groups.state = ListState::Partial;
            return (subnets, groups);
        };
        for item in items {
            let item = At::Node(item);
            match self.field(item, subnet_key) {
                At::Absent => {}
                s => {
                    let link = self.link_at(s, &|_, _, o| o.subnet());
                    if !matches!(link, Link::To(_) | Link::External(_)) {
                        subnets.state = ListState::Partial;
                    }
                    subnets.items.push(Linked { link, span });
                }
            }
            let g = self.list_at(self.field(item, groups_key), groups_key, span, &sg_want);
            if g.state != ListState::Known {
                groups.state = ListState::Partial;
            }
            groups.items.extend(g.items);
        }
        (subnets, groups)
    }

    fn push_workload(
        &mut self,
        i: usize,
        kind: WorkloadKind,
        subnets: LinkList<SubnetId>,
        security_groups: LinkList<SgId>,
    ) {
        let meta = self.meta(i);
        let lb_type = Attr::absent(meta.span);
        self.b.model.workloads.push(Workload { meta, kind, subnets, security_groups, template: Link::Absent, lb_type });
    }

    /// A resource that launches instances the model does not read ([`LAUNCHERS`]): an
    /// instance with unknown subnets and groups.
    pub(super) fn launcher(&mut self, i: usize) {
        let span = self.meta_span(i);
        let subnets = LinkList { state: ListState::Partial, items: Vec::new(), span };
        let groups = LinkList { state: ListState::Partial, items: Vec::new(), span };
        self.push_workload(i, WorkloadKind::Instance, subnets, groups);
    }

    /// An EC2 instance: `SubnetId` and `SecurityGroupIds`, or its `NetworkInterfaces`'
    /// `SubnetId` and `GroupSet`. Groups named in `SecurityGroups` are names, which the
    /// model does not link: the list is partial.
    pub(super) fn instance(&mut self, i: usize) {
        let span = self.meta_span(i);
        let (subnets, mut groups) = match self.at_prop(i, "NetworkInterfaces") {
            At::Absent => {
                let subnets = match self.at_prop(i, "SubnetId") {
                    At::Absent => LinkList {
                        state: ListState::Known,
                        items: vec![Linked { link: Link::External(External::DefaultVpc), span }],
                        span,
                    },
                    at => {
                        let link = self.link_prop(i, "SubnetId", Obj::subnet);
                        let state = if matches!(link, Link::To(_) | Link::External(_)) {
                            ListState::Known
                        } else {
                            ListState::Partial
                        };
                        let span = if let At::Node(n) = at { self.node_span(n) } else { span };
                        LinkList { state, items: vec![Linked { link, span }], span }
                    }
                };
                (subnets, self.link_list(i, "SecurityGroupIds", &sg_want))
            }
            at => self.interfaces(at, "SubnetId", "GroupSet", span),
        };
        if self.t.prop(i, "SecurityGroups").is_some() {
            groups.state = ListState::Partial;
        }
        self.push_workload(i, WorkloadKind::Instance, subnets, groups);
    }

    /// A launch template: `LaunchTemplateData`'s `SecurityGroupIds`, or its
    /// `NetworkInterfaces`' `Groups`.
    pub(super) fn launch_template(&mut self, i: usize) {
        let span = self.meta_span(i);
        let data = self.at_prop(i, "LaunchTemplateData");
        let (subnets, mut groups) = match self.field(data, "NetworkInterfaces") {
            At::Absent => (
                LinkList::absent(span),
                self.list_at(self.field(data, "SecurityGroupIds"), "SecurityGroupIds", span, &sg_want),
            ),
            at => self.interfaces(at, "SubnetId", "Groups", span),
        };
        if matches!(data, At::Absent) || !matches!(self.field(data, "SecurityGroups"), At::Absent) {
            groups.state = ListState::Partial;
        }
        self.push_workload(i, WorkloadKind::LaunchTemplate, subnets, groups);
    }

    /// A launch configuration: `SecurityGroups` (ids in a VPC).
    pub(super) fn launch_configuration(&mut self, i: usize) {
        let span = self.meta_span(i);
        let groups = self.link_list(i, "SecurityGroups", &sg_want);
        self.push_workload(i, WorkloadKind::LaunchTemplate, LinkList::absent(span), groups);
    }

    /// An Auto Scaling group: `VPCZoneIdentifier`, its launch template or configuration,
    /// and the target groups of `TargetGroupARNs`, which register its instances.
    pub(super) fn auto_scaling_group(&mut self, i: usize) {
        let subnets = self.link_list(i, "VPCZoneIdentifier", &|_, _, o| o.subnet());
        let spec = match self.at_prop(i, "LaunchTemplate") {
            At::Absent => {
                let mixed = self.field(self.at_prop(i, "MixedInstancesPolicy"), "LaunchTemplate");
                self.field(mixed, "LaunchTemplateSpecification")
            }
            at => at,
        };
        let template = match spec {
            At::Absent => match self.at_prop(i, "LaunchConfigurationName") {
                At::Absent => Link::Unknown,
                at => self.link_at(at, &workload_want),
            },
            spec => match self.field(spec, "LaunchTemplateId") {
                At::Absent => self.link_at(self.field(spec, "LaunchTemplateName"), &workload_want),
                at => self.link_at(at, &workload_want),
            },
        };
        let me = self.own_workload(i);
        let target_groups = self.registered_groups(i, "TargetGroupARNs");
        self.b.add_auto_scaling_group(me, self.meta(i), subnets, template, target_groups);
    }

    /// The target groups a list property names, each with its span.
    fn registered_groups(&self, i: usize, key: &str) -> Vec<(Link<TargetGroupId>, Span)> {
        let list = self.link_list(i, key, &|_, _, o| o.target_group());
        list.items.into_iter().map(|l| (l.link, l.span)).collect()
    }

    /// A Lambda function: `VpcConfig`'s `SubnetIds` and `SecurityGroupIds`; without
    /// `VpcConfig` it is not in a VPC (both absent).
    pub(super) fn function(&mut self, i: usize) {
        let span = self.meta_span(i);
        let config = self.at_prop(i, "VpcConfig");
        let subnets = self.list_at(self.field(config, "SubnetIds"), "SubnetIds", span, &|_, _, o| o.subnet());
        let groups = self.list_at(self.field(config, "SecurityGroupIds"), "SecurityGroupIds", span, &sg_want);
        self.push_workload(i, WorkloadKind::Function, subnets, groups);
    }

    /// An ECS service: `NetworkConfiguration.AwsvpcConfiguration`'s `Subnets` and
    /// `SecurityGroups` (without it, its tasks use their container instances' interfaces:
    /// groups unknown); each of `LoadBalancers` registers the service's tasks with a target
    /// group on its `ContainerPort`.
    pub(super) fn ecs_service(&mut self, i: usize) {
        let span = self.meta_span(i);
        let awsvpc = self.field(self.at_prop(i, "NetworkConfiguration"), "AwsvpcConfiguration");
        let subnets = self.list_at(self.field(awsvpc, "Subnets"), "Subnets", span, &|_, _, o| o.subnet());
        let mut groups = self.list_at(self.field(awsvpc, "SecurityGroups"), "SecurityGroups", span, &sg_want);
        if matches!(awsvpc, At::Absent) {
            groups.state = ListState::Partial;
        }
        let me = self.own_workload(i);
        let meta = self.meta(i);
        for item in self.items_at(self.at_prop(i, "LoadBalancers")).unwrap_or_default() {
            let item = At::Node(item);
            let tg = match self.field(item, "TargetGroupArn") {
                At::Absent => continue, // a Classic Load Balancer, by name
                at => self.link_at(at, &|_, _, o| o.target_group()),
            };
            let item_span = if let At::Node(n) = item { self.node_span(n) } else { span };
            self.b.model.registrations.push(Registration {
                meta: meta.clone(),
                target_group: tg,
                target: me.clone(),
                port: self.int_at(self.field(item, "ContainerPort"), item_span),
                span: item_span,
            });
        }
        self.push_workload(i, WorkloadKind::EcsService, subnets, groups);
    }

    /// An ELBv2 load balancer: `Type` (`application` by default), `Subnets` or
    /// `SubnetMappings`, `SecurityGroups`.
    pub(super) fn load_balancer(&mut self, i: usize) {
        let meta = self.meta(i);
        let subnets = match self.t.prop(i, "Subnets") {
            Some(_) => self.link_list(i, "Subnets", &|_, _, o| o.subnet()),
            None => self.subnet_mappings(i),
        };
        let groups = self.link_list(i, "SecurityGroups", &sg_want);
        let lb_type = self
            .prop_attr(i, "Type", Some(LoadBalancerType::Application), |v, _| self.parsed(v, LoadBalancerType::parse));
        self.b.model.workloads.push(Workload {
            meta,
            kind: WorkloadKind::LoadBalancer,
            subnets,
            security_groups: groups,
            template: Link::Absent,
            lb_type,
        });
    }

    /// An RDS DB instance (`VPCSecurityGroups`) or cluster (`VpcSecurityGroupIds`). Its
    /// subnets are its DB subnet group's, not read: partial. A DB instance of a cluster
    /// wears the cluster's groups.
    pub(super) fn database(&mut self, i: usize, key: &str) {
        let span = self.meta_span(i);
        let mut groups = self.link_list(i, key, &sg_want);
        if self.t.prop(i, "DBClusterIdentifier").is_some() {
            groups.state = ListState::Partial;
        }
        let subnets = LinkList { state: ListState::Partial, items: Vec::new(), span };
        self.push_workload(i, WorkloadKind::Database, subnets, groups);
    }

    /// A target group: `Port`, `Protocol`, `TargetType` (`instance` by default), `VpcId`,
    /// and the instances its `Targets` register.
    pub(super) fn target_group(&mut self, i: usize) {
        let meta = self.meta(i);
        let target_type =
            self.prop_attr(i, "TargetType", Some(TargetType::Instance), |v, _| self.parsed(v, TargetType::parse));
        let me = match self.obj.get(i).copied().flatten() {
            Some(Obj::TargetGroup(t)) => Link::To(t),
            _ => Link::Unknown,
        };
        for item in self.items_at(self.at_prop(i, "Targets")).unwrap_or_default() {
            let span = self.node_span(item);
            let item = At::Node(item);
            self.b.model.registrations.push(Registration {
                meta: meta.clone(),
                target_group: me.clone(),
                target: self.link_at(self.field(item, "Id"), &workload_want),
                port: self.int_at(self.field(item, "Port"), span),
                span,
            });
        }
        let protocol = self.string_at(self.at_prop(i, "Protocol"), meta.span);
        let protocol = Attr { val: protocol.val.map(|p| p.to_ascii_uppercase()), ..protocol };
        self.b.model.target_groups.push(TargetGroup {
            vpc: self.vpc_link(i, "VpcId"),
            port: self.int_at(self.at_prop(i, "Port"), meta.span),
            protocol,
            target_type,
            meta,
        });
    }

    /// A listener (`LoadBalancerArn`, `DefaultActions`) or listener rule (`ListenerArn`,
    /// `Actions`): the target groups its `forward` actions name (`TargetGroupArn`, or
    /// `ForwardConfig.TargetGroups[].TargetGroupArn`).
    pub(super) fn listener(&mut self, i: usize, rule: bool) {
        let meta = self.meta(i);
        let (load_balancer, listener) = if rule {
            (Link::Unknown, self.link_at(self.at_prop(i, "ListenerArn"), &|_, _, o| o.listener()))
        } else {
            (self.link_at(self.at_prop(i, "LoadBalancerArn"), &workload_want), Link::Absent)
        };
        let key = if rule { "Actions" } else { "DefaultActions" };
        let mut groups = LinkList { state: ListState::Known, items: Vec::new(), span: meta.span };
        match self.items_at(self.at_prop(i, key)) {
            Some(actions) => {
                for action in actions {
                    let span = self.node_span(action);
                    let action = At::Node(action);
                    let forward = match self.string_at(self.field(action, "Type"), span).val {
                        Val::Known(t) => t.eq_ignore_ascii_case("forward"),
                        _ => {
                            groups.state = ListState::Partial;
                            continue;
                        }
                    };
                    if !forward {
                        continue;
                    }
                    let mut arns = Vec::new();
                    match self.field(action, "TargetGroupArn") {
                        At::Absent => {
                            let config = self.field(self.field(action, "ForwardConfig"), "TargetGroups");
                            match self.items_at(config) {
                                Some(items) => {
                                    arns.extend(items.into_iter().map(|n| self.field(At::Node(n), "TargetGroupArn")))
                                }
                                None => groups.state = ListState::Partial,
                            }
                        }
                        at => arns.push(at),
                    }
                    for at in arns {
                        let link = self.link_at(at, &|_, _, o| o.target_group());
                        if !matches!(link, Link::To(_) | Link::External(_)) {
                            groups.state = ListState::Partial;
                        }
                        groups.items.push(Linked { link, span });
                    }
                }
            }
            None => groups.state = ListState::Partial,
        }
        self.b.model.listeners.push(Listener { meta, load_balancer, listener, target_groups: groups });
    }
}

/// Wants a security group; a VPC's `DefaultSecurityGroup` attribute is its default group.
fn sg_want(l: &Loader<'_, '_>, v: &V<'_>, o: Obj) -> Option<SgId> {
    match (v, o) {
        (V::Att(_, attr), Obj::Vpc(vpc)) if attr == "DefaultSecurityGroup" => Some(l.b.default_sg_of(vpc)),
        (_, o) => o.sg(),
    }
}

/// Wants a workload; an EC2 instance is one besides a route target.
fn workload_want(l: &Loader<'_, '_>, v: &V<'_>, o: Obj) -> Option<WorkloadId> {
    match (o, v) {
        (Obj::Workload(w), _) => Some(w),
        (Obj::Other(_), V::Res(i) | V::Att(i, _)) => l.instance_workload.get(*i).copied().flatten(),
        _ => None,
    }
}
