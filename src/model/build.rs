//! The one way both loaders build a [`Model`]: ids first, then objects, then derived facts.
//!
//! A loader reads its resources in two steps, because a resource may name one declared
//! after it:
//!
//! 1. [`IdAllocator::reserve`] gives every declared VPC, subnet, route table ... its id, in the
//!    order the loader meets them ([`Obj`] says what a resource became);
//! 2. [`ModelBuilder`] takes the finished reservation, so it knows where the objects AWS
//!    creates with each VPC (its main route table, default security group and default
//!    network ACL) will sit: after the declared objects of their kind, one per VPC in VPC
//!    order. [`ModelBuilder::main_table_of`], [`ModelBuilder::default_sg_of`] and
//!    [`ModelBuilder::default_nacl_of`] name them before they exist, and
//!    [`ModelBuilder::add_vpc`] creates them.
//!
//! The loader pushes its declared objects in reservation order (each at the index its id
//! says), calls [`ModelBuilder::add_implicit_objects`] once every declared route table,
//! security group and network ACL is in, may still add objects that only point at others
//! (routes, associations, rules), and ends with [`ModelBuilder::finish`].

use super::*;

/// What a declared resource became in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Obj {
    Vpc(VpcId),
    Subnet(SubnetId),
    RouteTable(RouteTableId),
    Igw(IgwId),
    Nat(NatId),
    Endpoint(EndpointId),
    Sg(SgId),
    Nacl(NaclId),
    Other(OtherId),
    Workload(WorkloadId),
    TargetGroup(TargetGroupId),
    Listener(ListenerId),
    Eip(EipId),
}

/// `Obj`'s typed accessors: `o.vpc()` is the VPC's id when `o` is a VPC, else `None`; the
/// loaders link a reference through the accessor of the kind a property wants.
macro_rules! obj_accessors {
    ($($method:ident: $variant:ident($id:ty),)*) => {
        impl Obj {
            $(
                #[doc = concat!("The id, when this is a `", stringify!($variant), "` object.")]
                pub fn $method(self) -> Option<$id> {
                    if let Obj::$variant(id) = self { Some(id) } else { None }
                }
            )*
        }
    };
}

obj_accessors! {
    vpc: Vpc(VpcId),
    subnet: Subnet(SubnetId),
    route_table: RouteTable(RouteTableId),
    igw: Igw(IgwId),
    nat: Nat(NatId),
    endpoint: Endpoint(EndpointId),
    sg: Sg(SgId),
    nacl: Nacl(NaclId),
    other: Other(OtherId),
    workload: Workload(WorkloadId),
    target_group: TargetGroup(TargetGroupId),
    listener: Listener(ListenerId),
    eip: Eip(EipId),
}

/// The kinds of objects that get an id before any object is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjKind {
    Vpc,
    Subnet,
    RouteTable,
    Igw,
    Nat,
    Endpoint,
    Sg,
    Nacl,
    /// A route target that is neither a gateway nor an endpoint ([`OtherTarget`]).
    Other,
    Workload,
    TargetGroup,
    Listener,
    /// An Elastic IP address ([`ElasticIp`]).
    Eip,
}

/// Ids reserved for declared objects, per kind: the first step of building a model.
#[derive(Debug, Clone, Default)]
pub struct IdAllocator {
    vpcs: u32,
    subnets: u32,
    route_tables: u32,
    igws: u32,
    nats: u32,
    endpoints: u32,
    sgs: u32,
    nacls: u32,
    others: u32,
    workloads: u32,
    target_groups: u32,
    listeners: u32,
    eips: u32,
}

impl IdAllocator {
    /// The id of the next declared object of `kind`.
    pub fn reserve(&mut self, kind: ObjKind) -> Obj {
        let next = |n: &mut u32| {
            let id = *n;
            *n += 1;
            id
        };
        match kind {
            ObjKind::Vpc => Obj::Vpc(VpcId(next(&mut self.vpcs))),
            ObjKind::Subnet => Obj::Subnet(SubnetId(next(&mut self.subnets))),
            ObjKind::RouteTable => Obj::RouteTable(RouteTableId(next(&mut self.route_tables))),
            ObjKind::Igw => Obj::Igw(IgwId(next(&mut self.igws))),
            ObjKind::Nat => Obj::Nat(NatId(next(&mut self.nats))),
            ObjKind::Endpoint => Obj::Endpoint(EndpointId(next(&mut self.endpoints))),
            ObjKind::Sg => Obj::Sg(SgId(next(&mut self.sgs))),
            ObjKind::Nacl => Obj::Nacl(NaclId(next(&mut self.nacls))),
            ObjKind::Other => Obj::Other(OtherId(next(&mut self.others))),
            ObjKind::Workload => Obj::Workload(WorkloadId(next(&mut self.workloads))),
            ObjKind::TargetGroup => Obj::TargetGroup(TargetGroupId(next(&mut self.target_groups))),
            ObjKind::Listener => Obj::Listener(ListenerId(next(&mut self.listeners))),
            ObjKind::Eip => Obj::Eip(EipId(next(&mut self.eips))),
        }
    }
}

/// The ids of the objects AWS creates with each VPC, known once every declared object has
/// its id. `Copy`, so a link filter can hold it while the builder is borrowed mutably.
#[derive(Debug, Clone, Copy)]
pub struct ImplicitIds {
    declared_tables: u32,
    declared_sgs: u32,
    declared_nacls: u32,
}

impl ImplicitIds {
    /// The main route table AWS creates with `vpc`.
    pub fn main_table_of(self, vpc: VpcId) -> RouteTableId {
        RouteTableId(self.declared_tables + vpc.0)
    }

    /// The default security group AWS creates with `vpc`.
    pub fn default_sg_of(self, vpc: VpcId) -> SgId {
        SgId(self.declared_sgs + vpc.0)
    }

    /// The default network ACL AWS creates with `vpc`.
    pub fn default_nacl_of(self, vpc: VpcId) -> NaclId {
        NaclId(self.declared_nacls + vpc.0)
    }
}

/// How a loader names the objects AWS creates with a VPC: each is named after its VPC
/// and has the tool's resource type for its kind.
#[derive(Debug, Clone, Copy)]
pub struct ImplicitNames {
    /// `(what, resource type)` of the main route table, the default security group (and
    /// its two rules), and the default network ACL.
    pub main_table: (&'static str, &'static str),
    pub default_sg: (&'static str, &'static str),
    pub default_nacl: (&'static str, &'static str),
    /// The name of the object `what` of the VPC named `vpc`.
    pub name: fn(vpc: &str, what: &str) -> String,
}

/// The objects AWS creates with one VPC, waiting to join the model after the declared ones.
struct Implicit {
    table: RouteTable,
    sg: SecurityGroup,
    rules: [SgRule; 2],
    nacl: Nacl,
}

/// Builds one model: see the [module documentation](self) for the order of calls.
pub struct ModelBuilder {
    /// The model so far. Loaders push declared objects here in reservation order, except
    /// VPCs, which go through [`ModelBuilder::add_vpc`].
    pub model: Model,
    names: ImplicitNames,
    implicit: ImplicitIds,
    pending: Vec<Implicit>,
}

impl ModelBuilder {
    /// A builder for `file`, once every declared object has its id in `ids`.
    pub fn new(file: FileId, tool: Tool, names: ImplicitNames, ids: IdAllocator) -> ModelBuilder {
        ModelBuilder {
            model: Model::new(file, tool),
            names,
            implicit: ImplicitIds {
                declared_tables: ids.route_tables,
                declared_sgs: ids.sgs,
                declared_nacls: ids.nacls,
            },
            pending: Vec::new(),
        }
    }

    /// The ids of the implicit objects, to hold while the builder is borrowed.
    pub fn implicit(&self) -> ImplicitIds {
        self.implicit
    }

    /// The main route table AWS creates with `vpc`.
    pub fn main_table_of(&self, vpc: VpcId) -> RouteTableId {
        self.implicit.main_table_of(vpc)
    }

    /// The default security group AWS creates with `vpc`.
    pub fn default_sg_of(&self, vpc: VpcId) -> SgId {
        self.implicit.default_sg_of(vpc)
    }

    /// The default network ACL AWS creates with `vpc`.
    pub fn default_nacl_of(&self, vpc: VpcId) -> NaclId {
        self.implicit.default_nacl_of(vpc)
    }

    /// Adds a declared VPC and creates what AWS creates with it: a main route table, a
    /// default security group that admits all traffic from itself and sends anywhere, and
    /// a default network ACL. They join the model at [`ModelBuilder::add_implicit_objects`].
    ///
    /// The VPC's `default_nacl` is set here; its `main_route_table` and
    /// `default_security_group` are the loader's (usually [`ModelBuilder::main_table_of`]
    /// and [`ModelBuilder::default_sg_of`], unless the file adopts them). A VPC that exists
    /// already (it has a known id) may have routes and rules the file does not show.
    pub fn add_vpc(&mut self, mut vpc: Vpc) -> VpcId {
        let id = VpcId(self.model.vpcs.len() as u32);
        vpc.default_nacl = Some(self.default_nacl_of(id));
        let known = vpc.meta.known_id.is_none();
        let meta = |(what, resource_type): (&str, &str)| Meta {
            name: (self.names.name)(&vpc.meta.name, what),
            resource_type: resource_type.to_string(),
            span: vpc.meta.span,
            conditional: vpc.meta.conditional,
            known_id: None,
        };
        let sg = self.default_sg_of(id);
        let span = vpc.meta.span;
        let rule = |direction: Direction, peer: Peer| SgRule {
            meta: meta(self.names.default_sg),
            group: Link::To(sg),
            direction,
            protocol: Attr::default(Protocol::All, span),
            ports: Attr::default(PortRange::ALL, span),
            peer: Attr::default(peer, span),
            span,
        };
        let implicit = Implicit {
            table: RouteTable {
                meta: meta(self.names.main_table),
                vpc: Link::To(id),
                implicit_main_of: Some(id),
                routes_known: known,
            },
            sg: SecurityGroup {
                meta: meta(self.names.default_sg),
                vpc: Link::To(id),
                is_default: true,
                implicit: true,
                rules_known: known,
                defaulted_inline: Vec::new(),
            },
            rules: [
                rule(Direction::Ingress, Peer::Group(Link::To(sg))),
                rule(Direction::Egress, Peer::Cidr(Cidr::V4 { addr: 0, prefix: 0 })),
            ],
            nacl: Nacl {
                meta: meta(self.names.default_nacl),
                vpc: Link::To(id),
                is_default: true,
                implicit: true,
                entries_known: false,
            },
        };
        self.pending.push(implicit);
        self.model.vpcs.push(vpc);
        id
    }

    /// Appends the implicit objects of the VPCs added so far, after the declared route
    /// tables, security groups and network ACLs, which must all be in by now.
    pub fn add_implicit_objects(&mut self) {
        let m = &mut self.model;
        for Implicit { table, sg, rules, nacl } in self.pending.drain(..) {
            m.route_tables.push(table);
            m.security_groups.push(sg);
            m.sg_rules.extend(rules);
            m.nacls.push(nacl);
        }
    }

    /// Adds an Auto Scaling group `me` (its subnets and launch template or configuration)
    /// and the registration of its instances with each target group it names, as both
    /// tools describe them.
    pub fn add_auto_scaling_group(
        &mut self,
        me: Link<WorkloadId>,
        meta: Meta,
        subnets: LinkList<SubnetId>,
        template: Link<WorkloadId>,
        target_groups: Vec<(Link<TargetGroupId>, Span)>,
    ) {
        let m = &mut self.model;
        for (target_group, span) in target_groups {
            let port = Attr::absent(span);
            m.registrations.push(Registration { meta: meta.clone(), target_group, target: me.clone(), port, span });
        }
        let span = meta.span;
        let (security_groups, lb_type) = (LinkList::absent(span), Attr::absent(span));
        let kind = WorkloadKind::AutoScalingGroup;
        m.workloads.push(Workload { meta, kind, subnets, security_groups, template, lb_type });
    }

    /// The finished model, its derived facts computed.
    pub fn finish(mut self) -> Model {
        self.add_implicit_objects();
        let mut m = self.model;
        m.finish();
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: ImplicitNames = ImplicitNames {
        main_table: ("main", "table"),
        default_sg: ("sg", "group"),
        default_nacl: ("nacl", "acl"),
        name: |vpc, what| format!("{vpc}/{what}"),
    };

    fn vpc(name: &str, b: &ModelBuilder, id: VpcId) -> Vpc {
        Vpc {
            meta: Meta {
                name: name.to_string(),
                resource_type: "vpc".to_string(),
                span: Span::default(),
                conditional: false,
                known_id: None,
            },
            cidrs: Vec::new(),
            ipv6: Val::Known(false),
            dns_support: Attr::default(true, Span::default()),
            dns_hostnames: Attr::default(false, Span::default()),
            main_route_table: Link::To(b.main_table_of(id)),
            default_security_group: b.default_sg_of(id),
            default_nacl: None,
        }
    }

    #[test]
    fn implicit_objects_follow_the_declared_ones_where_their_ids_say() {
        let mut ids = IdAllocator::default();
        let reserved: Vec<Obj> =
            [ObjKind::RouteTable, ObjKind::Vpc, ObjKind::Sg, ObjKind::RouteTable, ObjKind::Vpc, ObjKind::Nacl]
                .into_iter()
                .map(|k| ids.reserve(k))
                .collect();
        assert_eq!(reserved[3], Obj::RouteTable(RouteTableId(1)));
        assert_eq!(reserved[4], Obj::Vpc(VpcId(1)));
        let mut b = ModelBuilder::new(FileId(0), Tool::Terraform, NAMES, ids);
        assert_eq!(b.main_table_of(VpcId(1)), RouteTableId(3));
        assert_eq!(b.default_sg_of(VpcId(1)), SgId(2));
        assert_eq!(b.default_nacl_of(VpcId(0)), NaclId(1));
        for name in ["a", "b"] {
            let id = VpcId(b.model.vpcs.len() as u32);
            let v = vpc(name, &b, id);
            assert_eq!(b.add_vpc(v), id);
        }
        let m = b.finish();
        assert_eq!(m.route_tables.len(), 2, "the declared tables are the loader's to add");
        assert_eq!(m.route_tables[1].meta.name, "b/main");
        assert_eq!(m.route_tables[1].implicit_main_of, Some(VpcId(1)));
        assert_eq!(m.security_groups[1].meta.name, "b/sg");
        assert_eq!(m.sg_rules.len(), 4);
        assert_eq!(m.sg_rules[2].group, Link::To(SgId(2)), "ids count the declared group");
        assert_eq!(m.nacls[0].meta.resource_type, "acl");
        assert_eq!(m.vpcs[1].default_nacl, Some(NaclId(2)));
    }
}
