//! The Terraform plan loader on the plans in `testdata/load/terraform/`.
//!
//! Every plan's model is snapshotted, one line per object with links shown by name
//! (`every_plan_model`); the tests after it assert what each plan is there to show.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::fmt::Write;
use std::path::Path;

use vpclint::load::{Format, Loaded, Problem};
use vpclint::model::derived::{AssociationState, S3Path};
use vpclint::model::*;
use vpclint::source::FileId;

/// The model and problems of the plan at `path`.
fn load_path(path: &Path) -> (Model, Vec<Problem>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match vpclint::load::load_text(&text, FileId(0)) {
        Loaded::Model { model, problems, format, .. } => {
            assert_eq!(format, Format::TerraformPlan, "{}", path.display());
            (*model, problems)
        }
        _ => panic!("{}: not loaded as a plan", path.display()),
    }
}

/// The model of `testdata/load/terraform/<name>.tfplan.json`, which loads without problems.
fn plan(name: &str) -> Model {
    let path = common::root().join(format!("testdata/load/terraform/{name}.tfplan.json"));
    let (m, problems) = load_path(&path);
    assert!(problems.is_empty(), "{name}: {problems:?}");
    m
}

fn position<T>(items: &[T], name: impl Fn(&T) -> &str, want: &str) -> u32 {
    items.iter().position(|x| name(x) == want).unwrap_or_else(|| panic!("no `{want}`")) as u32
}

fn subnet_id(m: &Model, name: &str) -> SubnetId {
    SubnetId(position(&m.subnets, |s| s.meta.name.as_str(), name))
}

fn table_id(m: &Model, name: &str) -> RouteTableId {
    RouteTableId(position(&m.route_tables, |t| t.meta.name.as_str(), name))
}

// ----- the snapshot ----------------------------------------------------------------------

#[test]
fn every_plan_model() {
    insta::glob!("../testdata/load/terraform", "*.json", |path| {
        let (m, problems) = load_path(path);
        insta::assert_snapshot!(summary(&m, &problems));
    });
}

/// The model one line per object, links by name, spans left out.
fn summary(m: &Model, problems: &[Problem]) -> String {
    let mut s = String::new();
    let w = &mut s;
    writeln!(w, "region: {}", m.region.as_deref().unwrap_or("unknown")).unwrap();
    for p in problems {
        writeln!(w, "problem: {}", p.message).unwrap();
    }
    let n = Names(m);
    for v in &m.vpcs {
        let cidrs: Vec<String> = v.cidrs.iter().map(|c| attr(c, |c| c.to_string())).collect();
        writeln!(
            w,
            "vpc {}: cidrs [{}], ipv6 {}, dns support {}, dns hostnames {}, main table {}, default group {}, default nacl {}",
            meta(&v.meta),
            cidrs.join(", "),
            val(&v.ipv6, |b| b.to_string()),
            attr(&v.dns_support, bool::to_string),
            attr(&v.dns_hostnames, bool::to_string),
            link(&v.main_route_table, |t| n.table(t)),
            n.sg(v.default_security_group),
            v.default_nacl.map_or_else(|| "none".to_string(), |x| n.nacl(x)),
        )
        .unwrap();
    }
    for x in &m.subnets {
        writeln!(
            w,
            "subnet {}: vpc {}, cidr {}, ipv6 cidr {}, zone {}, public ip on launch {}",
            meta(&x.meta),
            link(&x.vpc, |v| n.vpc(v)),
            attr(&x.cidr, |c| c.to_string()),
            attr(&x.ipv6_cidr, |c| c.to_string()),
            attr(&x.availability_zone, |z| z.to_string()),
            attr(&x.map_public_ip_on_launch, bool::to_string),
        )
        .unwrap();
    }
    for t in &m.route_tables {
        let main = t.implicit_main_of.map_or_else(String::new, |v| format!(", implicit main table of {}", n.vpc(v)));
        let known = if t.routes_known { "known" } else { "not all known" };
        writeln!(w, "route table {}: vpc {}{main}, routes {known}", meta(&t.meta), link(&t.vpc, |v| n.vpc(v))).unwrap();
    }
    for r in &m.routes {
        writeln!(
            w,
            "route {}: table {}, destination {}, target {}",
            meta(&r.meta),
            link(&r.table, |t| n.table(t)),
            attr(&r.destination, |d| match d {
                Destination::Cidr(c) => c.to_string(),
                Destination::PrefixList(p) => format!("prefix list {}", val(p, String::clone)),
            }),
            attr(&r.target, |t| format!("{:?} {}", t.kind, link(&t.link, |x| n.target(x)))),
        )
        .unwrap();
    }
    for a in &m.associations {
        let (subnet, table) = (link(&a.subnet, |s| n.subnet(s)), link(&a.table, |t| n.table(t)));
        writeln!(w, "association {}: subnet {subnet}, table {table}", meta(&a.meta)).unwrap();
    }
    for g in &m.internet_gateways {
        writeln!(w, "internet gateway {}: vpc {}", meta(&g.meta), link(&g.vpc, |v| n.vpc(v))).unwrap();
    }
    for g in &m.nat_gateways {
        writeln!(
            w,
            "nat gateway {}: subnet {}, vpc {}, public {}, regional {}, allocation {} {}",
            meta(&g.meta),
            link(&g.subnet, |s| n.subnet(s)),
            link(&g.vpc, |v| n.vpc(v)),
            attr(&g.public, bool::to_string),
            g.regional,
            attr(&g.allocation, bool::to_string),
            link(&g.eip, |e| quoted(&m.elastic_ips[e.index()].meta.name)),
        )
        .unwrap();
    }
    for e in &m.elastic_ips {
        writeln!(w, "elastic ip {}: domain {}", meta(&e.meta), attr(&e.domain, String::clone)).unwrap();
    }
    for e in &m.endpoints {
        writeln!(
            w,
            "endpoint {}: vpc {}, service {}, type {}, route tables {}, subnets {}, groups {}, private dns {}, policy {}",
            meta(&e.meta),
            link(&e.vpc, |v| n.vpc(v)),
            attr(&e.service, |s| s.display.clone()),
            attr(&e.endpoint_type, |t| format!("{t:?}")),
            list(&e.route_tables, |t| n.table(t)),
            list(&e.subnets, |s| n.subnet(s)),
            list(&e.security_groups, |g| n.sg(g)),
            attr(&e.private_dns, bool::to_string),
            match e.policy {
                vpclint::model::Val::Known(_) => "true",
                vpclint::model::Val::Absent => "false",
                vpclint::model::Val::Unknown => "unknown",
            },
        )
        .unwrap();
    }
    for g in &m.security_groups {
        let defaulted: Vec<String> = g.defaulted_inline.iter().map(|d| format!("{d:?}")).collect();
        writeln!(
            w,
            "security group {}: vpc {}, default {}, implicit {}, rules known {}, inline rules taken as unset [{}]",
            meta(&g.meta),
            link(&g.vpc, |v| n.vpc(v)),
            g.is_default,
            g.implicit,
            g.rules_known,
            defaulted.join(", "),
        )
        .unwrap();
    }
    for r in &m.sg_rules {
        writeln!(
            w,
            "sg rule {}: {:?} of {}, protocol {}, ports {}, peer {}",
            meta(&r.meta),
            r.direction,
            link(&r.group, |g| n.sg(g)),
            attr(&r.protocol, |p| p.to_string()),
            attr(&r.ports, |p| format!("{}-{}", p.from, p.to)),
            attr(&r.peer, |p| match p {
                Peer::Cidr(c) => c.to_string(),
                Peer::PrefixList(p) => format!("prefix list {}", val(p, String::clone)),
                Peer::Group(g) => format!("group {}", link(g, |g| n.sg(g))),
                Peer::None => "none".to_string(),
            }),
        )
        .unwrap();
    }
    for e in &m.instance_connect_endpoints {
        writeln!(
            w,
            "instance connect endpoint {}: subnet {}, groups {}, preserve client ip {}",
            meta(&e.meta),
            link(&e.subnet, |s| n.subnet(s)),
            list(&e.security_groups, |g| n.sg(g)),
            attr(&e.preserve_client_ip, bool::to_string),
        )
        .unwrap();
    }
    for a in &m.nacls {
        let vpc = link(&a.vpc, |v| n.vpc(v));
        writeln!(w, "network acl {}: vpc {vpc}, default {}, implicit {}", meta(&a.meta), a.is_default, a.implicit)
            .unwrap();
    }
    for e in &m.nacl_entries {
        writeln!(
            w,
            "network acl entry {}: acl {}, rule {}, egress {}, allow {}, protocol {}, ports {}, cidr {}",
            meta(&e.meta),
            link(&e.nacl, |x| n.nacl(x)),
            attr(&e.rule_number, i64::to_string),
            e.egress,
            attr(&e.allow, bool::to_string),
            attr(&e.protocol, |p| p.to_string()),
            attr(&e.ports, |p| format!("{}-{}", p.from, p.to)),
            attr(&e.cidr, |c| c.to_string()),
        )
        .unwrap();
    }
    for a in &m.nacl_associations {
        let (subnet, nacl) = (link(&a.subnet, |s| n.subnet(s)), link(&a.nacl, |x| n.nacl(x)));
        writeln!(w, "network acl association {}: subnet {subnet}, acl {nacl}", meta(&a.meta)).unwrap();
    }
    for o in &m.other_targets {
        writeln!(w, "other target {}: {:?}", meta(&o.meta), o.kind).unwrap();
    }
    for x in &m.infrastructure {
        writeln!(
            w,
            "infrastructure {}: {:?}, vpc {}, subnets {}",
            meta(&x.meta),
            x.kind,
            link(&x.vpc, |v| n.vpc(v)),
            list(&x.subnets, |s| n.subnet(s)),
        )
        .unwrap();
    }
    for f in &m.flow_logs {
        writeln!(
            w,
            "flow log {}: {} {}",
            meta(&f.meta),
            attr(&f.resource_type, |t| format!("{t:?}")),
            link(&f.resource, |r| n.flow_logged(r)),
        )
        .unwrap();
    }
    for (id, s) in vpclint::model::enumerate::<_, SubnetId>(&m.subnets) {
        let association = match m.derived.association.of(id) {
            Some(AssociationState::Explicit(a)) => {
                format!("explicit {}", quoted(&m.associations[a.index()].meta.name))
            }
            Some(AssociationState::Maybe) => "maybe".to_string(),
            Some(AssociationState::None) => "none".to_string(),
            None => "missing".to_string(),
        };
        let table = m.derived.effective_table.of(id).map_or("missing".to_string(), |l| link(l, |t| n.table(t)));
        writeln!(w, "derived: subnet {}: association {association}, route table {table}", quoted(&s.meta.name))
            .unwrap();
    }
    for (i, t) in m.route_tables.iter().enumerate() {
        let path = match m.s3_path(RouteTableId(i as u32)) {
            S3Path::Endpoint(e) => format!("endpoint {}", quoted(&m.endpoints[e.index()].meta.name)),
            S3Path::Route(r) => format!("route {}", quoted(&m.routes[r.index()].meta.name)),
            S3Path::NoRoute => "no route".to_string(),
            S3Path::Unknown => "unknown".to_string(),
        };
        writeln!(w, "derived: route table {}: s3 traffic takes {path}", quoted(&t.meta.name)).unwrap();
    }
    s
}

fn quoted(name: &str) -> String {
    format!("`{name}`")
}

/// The name, and what else identifies the object.
fn meta(m: &Meta) -> String {
    let mut s = format!("{} ({})", quoted(&m.name), m.resource_type);
    if m.conditional {
        s.push_str(" conditional");
    }
    if let Some(id) = &m.known_id {
        write!(s, " id {id}").unwrap();
    }
    s
}

fn val<T>(v: &Val<T>, show: impl Fn(&T) -> String) -> String {
    match v {
        Val::Known(t) => show(t),
        Val::Unknown => "unknown".to_string(),
        Val::Absent => "absent".to_string(),
    }
}

fn attr<T>(a: &Attr<T>, show: impl Fn(&T) -> String) -> String {
    let v = val(&a.val, show);
    if a.origin == Origin::Default && matches!(a.val, Val::Known(_)) { format!("{v} (default)") } else { v }
}

fn link<T: Copy>(l: &Link<T>, name: impl Fn(T) -> String) -> String {
    match l {
        Link::To(t) => name(*t),
        Link::OneOf(ts) => format!("one of [{}]", ts.iter().map(|t| name(*t)).collect::<Vec<_>>().join(", ")),
        Link::External(x) => format!("external {}", quoted(&x.to_string())),
        Link::Unknown => "unknown".to_string(),
        Link::Absent => "absent".to_string(),
    }
}

fn list<T: Copy + PartialEq>(l: &LinkList<T>, name: impl Fn(T) -> String) -> String {
    let items: Vec<String> = l.items.iter().map(|i| link(&i.link, &name)).collect();
    format!("{:?} [{}]", l.state, items.join(", "))
}

/// Object names by id.
struct Names<'m>(&'m Model);

impl Names<'_> {
    fn vpc(&self, id: VpcId) -> String {
        quoted(&self.0.vpcs[id.index()].meta.name)
    }
    fn subnet(&self, id: SubnetId) -> String {
        quoted(&self.0.subnets[id.index()].meta.name)
    }
    fn table(&self, id: RouteTableId) -> String {
        quoted(&self.0.route_tables[id.index()].meta.name)
    }
    fn sg(&self, id: SgId) -> String {
        quoted(&self.0.security_groups[id.index()].meta.name)
    }
    fn nacl(&self, id: NaclId) -> String {
        quoted(&self.0.nacls[id.index()].meta.name)
    }
    fn flow_logged(&self, r: FlowLogRef) -> String {
        let m = self.0;
        match r {
            FlowLogRef::Vpc(v) => self.vpc(v),
            FlowLogRef::Subnet(s) => self.subnet(s),
            FlowLogRef::Other(o) => quoted(&m.other_targets[o.index()].meta.name),
        }
    }
    fn target(&self, t: TargetRef) -> String {
        let m = self.0;
        quoted(match t {
            TargetRef::Igw(g) => &m.internet_gateways[g.index()].meta.name,
            TargetRef::Nat(x) => &m.nat_gateways[x.index()].meta.name,
            TargetRef::Endpoint(e) => &m.endpoints[e.index()].meta.name,
            TargetRef::Other(o) => &m.other_targets[o.index()].meta.name,
        })
    }
}

// ----- what each plan shows --------------------------------------------------------------

#[test]
fn module_outputs_resolve_beside_the_bare_module_reference() {
    // Terraform lists `module.net` next to every `module.net.<output>`.
    let m = plan("module-output-beside-bare-module");
    let app = subnet_id(&m, "module.net.aws_subnet.app");
    assert_eq!(m.subnets[app.index()].vpc, Link::To(VpcId(0)));
    assert_eq!(m.associations[0].subnet, Link::To(app));
    // The whole module object names no one output: unknown.
    assert_eq!(m.associations[1].subnet, Link::Unknown);
}

#[test]
fn inline_rule_sources_known_after_apply_are_unknown_not_absent() {
    let m = plan("inline-rule-sources-known-after-apply");
    let peers: Vec<&Val<Peer>> = m
        .sg_rules
        .iter()
        .filter(|r| r.meta.name == "aws_security_group.ep" && r.direction == Direction::Ingress)
        .map(|r| &r.peer.val)
        .collect();
    assert_eq!(peers, [&Val::Known(Peer::Group(Link::Unknown)), &Val::Unknown]);
}

#[test]
fn inline_route_target_follows_the_route_attribute_expression() {
    // `route` is an attribute in block syntax: one expression for all blocks, whose
    // references are narrowed to what each target attribute can name. The targets are
    // declared after the tables in address order.
    let m = plan("inline-route-target-from-route-expression");
    let routes_of = |table: &str| -> Vec<Target> {
        let t = table_id(&m, table);
        m.routes.iter().filter(|r| r.table.is(t)).filter_map(|r| r.target.known().cloned()).collect()
    };
    let vpn = TargetRef::Other(OtherId(0));
    let tgw = TargetRef::Other(OtherId(1));
    for k in 0..2u32 {
        let targets = routes_of(&format!("aws_route_table.private[{k}]"));
        assert_eq!(targets.len(), 3);
        assert_eq!(targets[0].kind, TargetKind::NatGateway);
        assert_eq!(targets[0].link, Link::To(TargetRef::Nat(NatId(k))));
        assert_eq!(targets[1].kind, TargetKind::TransitGateway);
        assert_eq!(targets[1].link, Link::To(tgw));
        // gateway_id also takes NAT gateways, so the NAT is a candidate too.
        assert_eq!(targets[2].kind, TargetKind::Unknown);
        assert_eq!(targets[2].link, Link::OneOf(vec![TargetRef::Nat(NatId(k)), vpn]));
    }
}

#[test]
fn provider_region_skips_module_entries_that_configure_nothing() {
    // The module's provider entry has no region of its own: the root's applies.
    assert_eq!(plan("provider-region-module-without-region").region.as_deref(), Some("eu-west-1"));
    // A module's own provider block with its own region: the regions disagree.
    assert_eq!(plan("provider-region-module-with-another-region").region, None);
    assert_eq!(plan("provider-region-module-with-the-same-region").region.as_deref(), Some("eu-west-1"));
    // No region at all comes from the environment.
    assert_eq!(plan("provider-region-from-the-environment").region, None);
}

#[test]
fn default_route_table_adopts_the_main_table_by_id_and_by_reference() {
    // Known ids: the adopted table carries the id the VPC exports as its main table.
    let m = plan("default-route-table-adopted-by-id");
    let t = table_id(&m, "aws_default_route_table.main");
    assert_eq!(m.vpcs[0].main_route_table, Link::To(t));
    assert_eq!(m.route_tables[t.index()].vpc, Link::To(VpcId(0)));
    assert!(m.route_tables[t.index()].routes_known);
    assert_eq!(m.routes[0].table, Link::To(t));

    // New VPC: references to `default_route_table_id` name the adopted table too.
    let m = plan("default-route-table-adopted-by-reference");
    let t = table_id(&m, "aws_default_route_table.main");
    assert_eq!(m.vpcs[0].main_route_table, Link::To(t));
    assert_eq!(m.route_tables[t.index()].vpc, Link::To(VpcId(0)));
    assert_eq!(m.routes[0].table, Link::To(t));
}

#[test]
fn references_that_cannot_be_pinned_leave_lists_partial() {
    let m = plan("unpinned-references-leave-lists-partial");
    let by_name = |n: &str| m.endpoints.iter().find(|e| e.meta.name == n).unwrap();
    let one = &by_name("aws_vpc_endpoint.one").route_tables;
    assert_eq!((one.state, one.items.len()), (ListState::Partial, 0));
    let all = &by_name("aws_vpc_endpoint.all").route_tables;
    assert_eq!((all.state, all.items.len()), (ListState::Known, 2));
    let each = &by_name("aws_vpc_endpoint.each[\"a\"]").route_tables;
    assert_eq!((each.state, each.items.len()), (ListState::Partial, 0));
}

#[test]
fn variables_that_hold_several_or_unreadable_values_leave_lists_partial() {
    let path = common::root().join("testdata/load/terraform/variables-with-several-or-unreadable-values.tfplan.json");
    let (m, _) = load_path(&path);
    let tables = |n: usize| (m.endpoints[n].route_tables.state, m.endpoints[n].route_tables.items.len());
    assert_eq!(tables(0), (ListState::Partial, 0));
    assert_eq!(tables(1), (ListState::Partial, 0));
    assert_eq!(tables(2), (ListState::Known, 2));
}

#[test]
fn module_call_arguments_pair_with_the_module_instance_key() {
    let m = plan("module-call-arguments-pair-with-each-key");
    for k in ["a", "b"] {
        let a = m.associations.iter().find(|a| a.meta.name.contains(&format!("[\"{k}\"]"))).unwrap();
        assert_eq!(a.subnet, Link::To(subnet_id(&m, &format!("aws_subnet.s[\"{k}\"]"))));
        assert_eq!(a.table, Link::To(table_id(&m, "aws_route_table.rt")));
    }
}

#[test]
fn count_pairing_links_every_instance() {
    // Each association finds its subnet by key (`tests/complexity.rs` checks that this
    // stays linear with thousands of instances).
    let m = plan("count-index-pairing");
    assert_eq!(m.associations.len(), 20);
    for a in &m.associations {
        let key = a.meta.name.trim_start_matches("aws_route_table_association.a");
        let s = a.subnet.to().unwrap();
        assert_eq!(m.subnets[s.index()].meta.name, format!("aws_subnet.s{key}"));
    }
}

#[test]
fn module_references_without_a_key_match_every_module_instance() {
    // `module.net.ids` for a module with `count`: every instance's tables are candidates.
    let m = plan("module-reference-without-key-matches-every-instance");
    let tables = &m.endpoints[0].route_tables;
    assert_eq!(tables.state, ListState::Known);
    assert!(tables.has(table_id(&m, "module.net[0].aws_route_table.rt")));
    assert!(tables.has(table_id(&m, "module.net[1].aws_route_table.rt")));
}

#[test]
fn infrastructure_subnets_link_by_id_arn_and_configuration_block() {
    let m = plan("infrastructure-subnets");
    let by_name = |n: &str| m.infrastructure.iter().find(|x| x.meta.name == n).unwrap();
    let subnets = |n: &str| {
        let l = &by_name(n).subnets;
        let mut names: Vec<&str> =
            l.items.iter().map(|i| m.subnets[i.link.to().unwrap().index()].meta.name.as_str()).collect();
        names.sort_unstable();
        (l.state, names)
    };
    let tgw = by_name("aws_ec2_transit_gateway_vpc_attachment.main");
    assert_eq!((tgw.kind, tgw.vpc.clone()), (InfrastructureKind::TransitAttachment, Link::To(VpcId(0))));
    assert_eq!(
        subnets("aws_ec2_transit_gateway_vpc_attachment.main"),
        (ListState::Known, vec!["aws_subnet.a", "aws_subnet.b"])
    );
    // One `subnet_mapping` id known in the plan, one followed through its configuration block.
    let mixed = by_name("aws_networkfirewall_firewall.mixed");
    assert_eq!(mixed.kind, InfrastructureKind::Firewall);
    assert_eq!(
        subnets("aws_networkfirewall_firewall.mixed"),
        (ListState::Known, vec!["aws_subnet.b", "aws_subnet.existing"])
    );
    // `dynamic` blocks are not in the configuration: which subnets is not known.
    assert_eq!(subnets("aws_networkfirewall_firewall.dynamic"), (ListState::Partial, vec![]));
    // A known subnet ARN, and ARN references.
    let cwan = by_name("aws_networkmanager_vpc_attachment.main");
    assert_eq!((cwan.kind, cwan.vpc.clone()), (InfrastructureKind::TransitAttachment, Link::To(VpcId(0))));
    assert_eq!(
        subnets("aws_networkmanager_vpc_attachment.main"),
        (ListState::Known, vec!["aws_subnet.a", "aws_subnet.existing"])
    );
}

#[test]
fn subnet_zones_by_name_zone_id_and_data_source_index() {
    let m = plan("subnet-zones");
    let zone = |name: &str| m.zone_of(subnet_id(&m, name)).cloned();
    assert_eq!(zone("aws_subnet.by_name"), Some(Zone::Name("eu-west-1a".to_string())));
    assert_eq!(zone("aws_subnet.by_zone_id"), Some(Zone::ZoneId("euw1-az2".to_string())));
    assert_eq!(
        zone("aws_subnet.by_index"),
        Some(Zone::Index { list: "data.aws_availability_zones.available.names".to_string(), index: 1 })
    );
    // `names[count.index]` reads like `names[count.index % 2]`: not taken as an index.
    assert_eq!(zone("aws_subnet.by_count[0]"), None);
    assert_eq!(zone("aws_subnet.unset"), None);
    assert_eq!(
        m.same_zone(subnet_id(&m, "aws_subnet.by_name"), subnet_id(&m, "aws_subnet.by_index")),
        derived::Tri::Maybe
    );
}

#[test]
fn workloads_link_through_nested_blocks() {
    // The VPC206 plan: an ECS service, a load balancer and listener, an instance and its
    // target group attachment, each block's references known only in the configuration.
    let path = common::root().join("testdata/rules/VPC206/bad.tfplan.json");
    let (m, problems) = load_path(&path);
    assert!(problems.is_empty(), "{problems:?}");
    let w = |name: &str| {
        let i = position(&m.workloads, |w| w.meta.name.as_str(), name);
        (WorkloadId(i), &m.workloads[i as usize])
    };
    let names = |l: &LinkList<SubnetId>| -> Vec<String> {
        l.items.iter().filter_map(|i| Some(m.subnets[i.link.to()?.index()].meta.name.clone())).collect()
    };
    let groups = |l: &LinkList<SgId>| -> Vec<String> {
        l.items.iter().filter_map(|i| Some(m.security_groups[i.link.to()?.index()].meta.name.clone())).collect()
    };
    let (svc_id, svc) = w("aws_ecs_service.svc");
    assert_eq!(svc.kind, WorkloadKind::EcsService);
    assert_eq!(
        (svc.subnets.state, names(&svc.subnets)),
        (ListState::Known, vec!["aws_subnet.private[0]".to_string(), "aws_subnet.private[1]".to_string()])
    );
    assert_eq!(groups(&svc.security_groups), ["aws_security_group.svc"]);
    let tg = TargetGroupId(position(&m.target_groups, |t| t.meta.name.as_str(), "aws_lb_target_group.svc"));
    let reg = m.registrations.iter().find(|r| r.target.is(svc_id)).unwrap();
    assert_eq!((reg.target_group.clone(), reg.port.known().copied()), (Link::To(tg), Some(8080)));
    let (lb_id, lb) = w("aws_lb.app");
    assert_eq!(
        (lb.kind, lb.lb_type.known().copied()),
        (WorkloadKind::LoadBalancer, Some(LoadBalancerType::Application))
    );
    assert_eq!(names(&lb.subnets), ["aws_subnet.public"]);
    let listener = m.listeners.iter().find(|l| l.meta.name == "aws_lb_listener.app").unwrap();
    assert_eq!(listener.load_balancer, Link::To(lb_id));
    assert!(listener.target_groups.has(tg));
    // An instance attached by id, on the attachment's port.
    let (web_id, web) = w("aws_instance.web");
    assert_eq!(
        (names(&web.subnets), groups(&web.security_groups)),
        (vec!["aws_subnet.private[0]".to_string()], vec!["aws_security_group.web".to_string()])
    );
    let attached = m.registrations.iter().find(|r| r.target.is(web_id)).unwrap();
    assert_eq!(
        (attached.meta.resource_type.as_str(), attached.port.known().copied()),
        ("aws_lb_target_group_attachment", Some(80))
    );
}

#[test]
fn flow_logs_link_each_resource_attribute_and_keep_unknown_apart_from_outside() {
    let m = plan("flow-logs");
    let of = |name: &str| {
        let f = m.flow_logs.iter().find(|f| f.meta.name == name).unwrap_or_else(|| panic!("no `{name}`"));
        (f.resource_type.val.clone(), f.resource.clone())
    };
    let known = Val::Known;
    assert_eq!(of("aws_flow_log.vpc"), (known(FlowLogResourceType::Vpc), Link::To(FlowLogRef::Vpc(VpcId(0)))));
    // `for_each = aws_subnet.app` with `aws_subnet.app[each.key]`: each flow log on its own subnet.
    for key in ["a", "b"] {
        let subnet = subnet_id(&m, &format!("aws_subnet.app[\"{key}\"]"));
        assert_eq!(
            of(&format!("aws_flow_log.subnet[\"{key}\"]")),
            (known(FlowLogResourceType::Subnet), Link::To(FlowLogRef::Subnet(subnet)))
        );
    }
    let other = |name: &str| OtherId(position(&m.other_targets, |o| o.meta.name.as_str(), name));
    assert_eq!(
        of("aws_flow_log.eni"),
        (
            known(FlowLogResourceType::NetworkInterface),
            Link::To(FlowLogRef::Other(other("aws_network_interface.probe")))
        )
    );
    assert_eq!(
        of("aws_flow_log.hub"),
        (known(FlowLogResourceType::TransitGateway), Link::To(FlowLogRef::Other(other("aws_ec2_transit_gateway.hub"))))
    );
    // A transit gateway attachment is no object a flow log links to; its type says enough.
    assert_eq!(of("aws_flow_log.attachment").0, known(FlowLogResourceType::TransitGatewayAttachment));
    // A literal id of no resource in the plan is outside; an output of a resource the model
    // does not know is unknown.
    assert_eq!(
        of("aws_flow_log.existing"),
        (known(FlowLogResourceType::Vpc), Link::External(External::Id("vpc-0a1b2c3d4e5f60718".to_string())))
    );
    assert_eq!(of("aws_flow_log.lookup"), (known(FlowLogResourceType::Vpc), Link::Unknown));
    // Spans: the attribute's value where the plan shows it, else the flow log's address.
    let text = std::fs::read_to_string(common::root().join("testdata/load/terraform/flow-logs.tfplan.json")).unwrap();
    let at = |s: vpclint::source::Span| &text[s.start as usize..s.end as usize];
    let f = m.flow_logs.iter().find(|f| f.meta.name == "aws_flow_log.existing").unwrap();
    assert_eq!(at(f.resource_span), "\"vpc-0a1b2c3d4e5f60718\"");
    assert_eq!(f.resource_type.span, f.resource_span);
    let f = m.flow_logs.iter().find(|f| f.meta.name == "aws_flow_log.vpc").unwrap();
    assert_eq!(at(f.resource_span), at(f.meta.span));
}

#[test]
fn flow_logs_with_no_instance_are_kept_with_why_and_what_their_configuration_names() {
    let path = common::root().join("testdata/rules/VPC501/bad-no-instance.tfplan.json");
    let (m, problems) = load_path(&path);
    assert!(problems.is_empty(), "{problems:?}");
    let vpc = |name: &str| Link::To(FlowLogRef::Vpc(VpcId(position(&m.vpcs, |v| v.meta.name.as_str(), name))));
    let got: Vec<(&str, NotCreated, Link<FlowLogRef>)> = m
        .flow_logs_not_created
        .iter()
        .map(|n| (n.flow_log.meta.name.as_str(), n.why, n.flow_log.resource.clone()))
        .collect();
    let (count, for_each) = (NotCreated::NoCountInstance, NotCreated::NoForEachInstance);
    assert_eq!(
        got,
        [
            ("aws_flow_log.each", for_each, vpc("aws_vpc.each")),
            // `count.index` of a resource with no instance, and a local: nothing known.
            ("aws_flow_log.indexed", count, Link::Unknown),
            ("aws_flow_log.local", count, Link::Unknown),
            ("aws_flow_log.main", count, vpc("aws_vpc.main")),
            ("aws_flow_log.subnet", count, Link::To(FlowLogRef::Subnet(subnet_id(&m, "aws_subnet.only")))),
            // Through the module's own references, in each module instance with no flow log:
            // `module.zone["a"]` has one.
            ("module.net.aws_flow_log.this", count, vpc("module.net.aws_vpc.this[0]")),
            (r#"module.zone["b"].aws_flow_log.this"#, count, vpc(r#"module.zone["b"].aws_vpc.this"#)),
        ]
    );
    assert!(m.flow_logs.iter().any(|f| f.meta.name == r#"module.zone["a"].aws_flow_log.this[0]"#));
    // The span is the configuration resource's address; the resource, its expression.
    let text = std::fs::read_to_string(&path).unwrap();
    let at = |s: vpclint::source::Span| &text[s.start as usize..s.end as usize];
    let main = &m.flow_logs_not_created[3].flow_log;
    assert_eq!(at(main.meta.span), "\"aws_flow_log.main\"");
    assert!(at(main.resource_span).contains("\"aws_vpc.main.id\""), "{}", at(main.resource_span));
}

#[test]
fn nat_gateways_link_the_elastic_ip_their_allocation_names() {
    let m = plan("elastic-ips");
    let eip = |name: &str| EipId(position(&m.elastic_ips, |e| e.meta.name.as_str(), name));
    let nat = |name: &str| m.nat_gateways.iter().find(|n| n.meta.name == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(nat("aws_nat_gateway.public").eip, Link::To(eip("aws_eip.nat")));
    // `aws_eip.pool[count.index].id`: each NAT gateway its own address.
    assert_eq!(nat("aws_nat_gateway.pooled[0]").eip, Link::To(eip("aws_eip.pool[0]")));
    assert_eq!(nat("aws_nat_gateway.pooled[1]").eip, Link::To(eip("aws_eip.pool[1]")));
    assert_eq!(
        nat("aws_nat_gateway.by_id").eip,
        Link::External(External::Id("eipalloc-0a1b2c3d4e5f60718".to_string()))
    );
    // No allocation in the configuration: nothing to link, and VPC404's `allocation` is false.
    let private = nat("aws_nat_gateway.private");
    assert_eq!((private.eip.clone(), private.allocation.val.clone()), (Link::Absent, Val::Known(false)));
    let domain = |name: &str| {
        let e = &m.elastic_ips[eip(name).index()];
        (e.domain.val.clone(), e.domain.origin)
    };
    assert_eq!(domain("aws_eip.nat"), (Val::Known("vpc".to_string()), Origin::Explicit));
    assert_eq!(domain("aws_eip.classic"), (Val::Known("standard".to_string()), Origin::Explicit));
}
