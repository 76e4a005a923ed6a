//! Terraform plan JSON (`terraform show -json plan.out`) and state JSON -> [`Model`].
//!
//! Resource instances come from `resource_changes` (`after` and `after_unknown`) and
//! `planned_values` (root and child modules), or from `values` in state-shaped JSON.
//! Links use known ids first; where an id is "known after apply" the link is followed
//! through `configuration`: the attribute's `references`, module-local references up
//! through `module_calls.<m>.expressions` (`var.x`) and down through module `outputs`
//! (`module.m.o`), pairing `count.index` / `each.key` instances. An unset Optional+Computed
//! attribute takes the provider's create-time default; anything else unknown stays unknown.

use std::collections::{HashMap, HashSet};

use super::Problem;
use super::cfn::split_service_name;
use crate::model::build::{Ids, ImplicitIds, ImplicitNames, ModelBuilder, Obj, ObjKind};
use crate::model::*;
use crate::source::{FileId, Span};
use crate::tree::{Kind, NodeId, Range, Tree};

/// Hops through variables and module outputs before giving up (hostile or cyclic input).
const MAX_HOPS: u32 = 24;

/// Reference resolution in one plan stops after this much work (one unit per expression
/// resolved and per reference in it). Results are not memoised, so module outputs and
/// variables that each fan out to many others take time exponential in the depth of the
/// chain; this bounds it. Real plans stay far below.
const MAX_RESOLVE_WORK: u64 = 2_000_000;

/// Deduplication of the targets a link list collects. While the list is short it is
/// scanned (no allocation for the usual one or two targets); from [`Dedup::SCAN_LIMIT`]
/// items on a set takes over, so a splat reference naming every instance (an endpoint on
/// every route table) stays linear.
struct Dedup<T> {
    set: Option<HashSet<T>>,
}

impl<T: Copy + Eq + std::hash::Hash> Dedup<T> {
    const SCAN_LIMIT: usize = 16;

    fn new() -> Dedup<T> {
        Dedup { set: None }
    }

    /// Whether `t` is not among the `len` targets `kept()` yields; the caller keeps it if so.
    fn is_new<I: Iterator<Item = T>>(&mut self, t: T, len: usize, kept: impl Fn() -> I) -> bool {
        crate::work::tick(1);
        if self.set.is_none() && len >= Self::SCAN_LIMIT {
            self.set = Some(kept().collect());
        }
        match &mut self.set {
            Some(set) => set.insert(t),
            // Each comparison counts, so `tests/complexity.rs` would see a scan of a long list.
            None => !kept().any(|x| {
                crate::work::tick(1);
                x == t
            }),
        }
    }
}

/// An instance key: `[0]` or `["a"]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Int(i64),
    Str(String),
}

/// One step of a module instance path: `module.name[key]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ModStep {
    name: String,
    key: Option<Key>,
}

/// What a planned change does to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Create,
    /// Exists before and after (no-op, update, read, state).
    Existing,
    /// Replaced: a new object with new ids.
    Replace,
}

/// A managed resource instance.
#[derive(Debug, Clone)]
struct Inst {
    address: String,
    module: Vec<ModStep>,
    rtype: String,
    name: String,
    key: Option<Key>,
    values: Option<NodeId>,
    unknown: Option<NodeId>,
    action: Action,
    /// The `address` value of the entry (resource_changes, else planned_values).
    span: Range,
    config: Option<NodeId>,
}

/// A parsed reference string (`aws_vpc.main.id`, `module.m.out`, `var.x`, ...).
#[derive(Debug, Clone, PartialEq)]
enum Reference {
    Resource {
        rtype: String,
        name: String,
        key: Option<Key>,
        attr: Option<String>,
    },
    /// `module.m.out`; `indexed` when a traversal follows (`module.m.ids[0]`), which picks
    /// part of the output. Terraform also lists the bare `module.m`: its `output` is empty.
    ModuleOutput {
        name: String,
        key: Option<Key>,
        output: String,
        indexed: bool,
    },
    /// `var.x`; `indexed` when a traversal follows (`var.ids[0]`).
    Var {
        name: String,
        indexed: bool,
    },
    CountIndex,
    EachKey,
    EachValue,
    Other,
}

/// What `count.index`, `each.key` and `each.value` stand for where an expression is
/// evaluated: the key of the resource instance, or of the module instance for a module
/// call's arguments, and the `for_each` expression that produced it.
#[derive(Debug, Clone, Default)]
struct Pairing {
    key: Option<Key>,
    for_each: Option<NodeId>,
}

/// The instances of one configuration resource in one module instance.
#[derive(Debug, Default)]
struct Instances {
    all: Vec<usize>,
    by_key: HashMap<Key, usize>,
}

/// What an expression's references resolve to.
#[derive(Debug, Default)]
struct Resolution {
    /// Candidate (instance, attribute) pairs.
    targets: Vec<(usize, Option<String>)>,
    /// Literal ids reached through variables with known values.
    literals: Vec<String>,
    /// Some reference could not be followed (a local, a data source, a function result).
    incomplete: bool,
    /// The candidates are alternatives for one value (no instance could be pinned).
    ambiguous: bool,
    /// A reference meant one instance (`[count.index]`, `[each.key]`, an indexed module
    /// output) but could not be pinned: for a list, only some of the candidates belong.
    unpinned: bool,
}

/// The objects AWS creates with a VPC, named after its address:
/// `aws_vpc.main (main route table)`.
const IMPLICIT_NAMES: ImplicitNames = ImplicitNames {
    main_table: ("main route table", "aws_route_table"),
    default_sg: ("default security group", "aws_security_group"),
    default_nacl: ("default network ACL", "aws_network_acl"),
    name: |vpc, what| format!("{vpc} ({what})"),
};

struct Plan<'t, 'a> {
    tree: &'t Tree<'a>,
    file: FileId,
    insts: Vec<Inst>,
    by_address: HashMap<String, usize>,
    /// (module names path, "type.name") -> instances of every module instance.
    by_config: HashMap<(Vec<String>, String), Vec<usize>>,
    /// Module instance path -> "type.name" -> instances: resolving a reference is a lookup,
    /// not a scan, so `count = N` resources that each reference `[count.index]` stay linear.
    by_scope: HashMap<Vec<ModStep>, HashMap<String, Instances>>,
    /// Module name paths whose last call has keyed instances (`count`, `for_each`).
    keyed_calls: HashSet<Vec<String>>,
    /// module names path -> module configuration node.
    modules: HashMap<Vec<String>, NodeId>,
    /// (module names path, "type.name") -> configuration resource node.
    config_resources: HashMap<(Vec<String>, String), NodeId>,
    variables: Option<NodeId>,
    obj: Vec<Option<Obj>>,
    by_id: HashMap<String, (usize, Option<&'static str>)>,
    /// Ids a VPC exports for what AWS creates with it (`main_route_table_id`, ...), kept
    /// apart from `by_id`: `aws_default_route_table` and `aws_default_security_group`
    /// adopt those objects and carry the same ids.
    by_vpc_attr: HashMap<String, (usize, &'static str)>,
    /// Per VPC: the table its `default_route_table_id` names: the implicit main table, or
    /// the `aws_default_route_table` that adopts it.
    original_main: Vec<RouteTableId>,
    /// Per VPC: its default security group, implicit or adopted.
    default_sgs: Vec<SgId>,
    problems: Vec<Problem>,
    /// Replaced by the builder of the reserved ids once every instance has its id.
    b: ModelBuilder,
    has_configuration: bool,
    /// Resolution work so far, against [`MAX_RESOLVE_WORK`].
    resolve_work: std::cell::Cell<u64>,
    /// Where the budget ran out, once it has.
    budget_exhausted: std::cell::Cell<Option<NodeId>>,
    /// Endpoint lists already marked partial on every endpoint (an association whose
    /// endpoint is unknown).
    all_endpoints_partial: HashSet<EndpointList>,
}

/// The lists separate association resources add to an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum EndpointList {
    RouteTables,
    Subnets,
    SecurityGroups,
}

/// Loads a Terraform plan or state; the caller has checked `format_version`.
pub fn load(tree: &Tree<'_>, file: FileId) -> (Model, Vec<Problem>) {
    let mut p = Plan {
        tree,
        file,
        insts: Vec::new(),
        by_address: HashMap::new(),
        by_config: HashMap::new(),
        by_scope: HashMap::new(),
        keyed_calls: HashSet::new(),
        modules: HashMap::new(),
        config_resources: HashMap::new(),
        variables: None,
        obj: Vec::new(),
        by_id: HashMap::new(),
        by_vpc_attr: HashMap::new(),
        original_main: Vec::new(),
        default_sgs: Vec::new(),
        problems: Vec::new(),
        b: ModelBuilder::new(file, Tool::Terraform, IMPLICIT_NAMES, Ids::default()),
        has_configuration: false,
        resolve_work: std::cell::Cell::new(0),
        budget_exhausted: std::cell::Cell::new(None),
        all_endpoints_partial: HashSet::new(),
    };
    if let Some(root) = tree.root() {
        p.check_version(root);
        p.variables = tree.get(root, "variables").filter(|&v| tree.entries(v).is_some());
        p.read_configuration(root);
        p.read_resource_changes(root);
        for section in ["planned_values", "values"] {
            if let Some(pv) = tree.get(root, section) {
                p.read_values_section(pv, section);
            }
        }
        p.link_config();
        p.assign_ids();
        p.b.model.region = p.provider_region(root);
        p.adopted_defaults();
        p.build();
    }
    for d in &tree.duplicate_keys {
        p.problems.push(Problem::duplicate(
            Span::new(file, d.duplicate.start, d.duplicate.end),
            Span::new(file, d.first.start, d.first.end),
            &d.key,
        ));
    }
    if let Some(at) = p.budget_exhausted.get() {
        p.problem(
            at,
            format!(
                "resolving references took more than {MAX_RESOLVE_WORK} steps (module outputs and variables that fan out to each other); the remaining links are unknown"
            ),
        );
    }
    let Plan { b, problems, .. } = p;
    (b.finish(), problems)
}

impl<'t, 'a> Plan<'t, 'a> {
    fn span(&self, r: Range) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    fn node_span(&self, n: NodeId) -> Span {
        self.span(self.tree.node(n).range)
    }

    fn problem(&mut self, at: NodeId, message: String) {
        let span = self.node_span(at);
        self.problems.push(Problem::new(span, message));
    }

    fn check_version(&mut self, root: NodeId) {
        let Some(v) = self.tree.get(root, "format_version") else { return };
        match self.tree.str(v) {
            Some(s) => {
                let major = s.split('.').next().and_then(|m| m.parse::<u32>().ok());
                if major != Some(0) && major != Some(1) {
                    self.problem(
                        v,
                        format!("plan format_version `{s}` is not one vpclint knows (0.x, 1.x); it is read as 1.x"),
                    );
                }
            }
            None => self.problem(v, format!("`format_version` must be a string, found {}", self.tree.kind_name(v))),
        }
    }

    // ----- instances ---------------------------------------------------------------------

    fn read_resource_changes(&mut self, root: NodeId) {
        let tree = self.tree;
        let Some(rc) = tree.get(root, "resource_changes") else { return };
        let Some(items) = tree.items(rc) else {
            if !matches!(tree.node(rc).kind, Kind::Null) {
                self.problem(
                    rc,
                    format!("`resource_changes` must be a list, found {}; it is ignored", tree.kind_name(rc)),
                );
            }
            return;
        };
        for &item in items {
            if tree.entries(item).is_none() {
                self.problem(
                    item,
                    format!("a resource change must be an object, found {}; it is skipped", tree.kind_name(item)),
                );
                continue;
            }
            if tree.get(item, "mode").and_then(|m| tree.str(m)) == Some("data") {
                continue;
            }
            if tree.get(item, "deposed").is_some() {
                continue;
            }
            let Some((address, addr_node)) = tree.get(item, "address").and_then(|a| tree.str(a).map(|s| (s, a))) else {
                self.problem(item, "a resource change has no string `address`; it is skipped".to_string());
                continue;
            };
            let change = tree.get(item, "change").filter(|&c| tree.entries(c).is_some());
            let actions: Vec<&str> = change
                .and_then(|c| tree.get(c, "actions"))
                .and_then(|a| tree.items(a))
                .map(|a| a.iter().filter_map(|&x| tree.str(x)).collect())
                .unwrap_or_default();
            let action = match actions.as_slice() {
                ["delete"] => continue,
                ["create"] => Action::Create,
                [_, _] => Action::Replace,
                _ => Action::Existing,
            };
            let values = change.and_then(|c| tree.get(c, "after")).filter(|&a| tree.entries(a).is_some());
            let unknown = change.and_then(|c| tree.get(c, "after_unknown")).filter(|&a| tree.entries(a).is_some());
            self.add_instance(item, address, addr_node, values, unknown, action, true);
        }
    }

    fn read_values_section(&mut self, section: NodeId, what: &str) {
        let tree = self.tree;
        let Some(root_module) = tree.get(section, "root_module") else {
            if tree.entries(section).is_none() && !matches!(tree.node(section).kind, Kind::Null) {
                self.problem(
                    section,
                    format!("`{what}` must be an object, found {}; it is ignored", tree.kind_name(section)),
                );
            }
            return;
        };
        let existing = what == "values";
        let mut stack = vec![root_module];
        while let Some(module) = stack.pop() {
            if tree.entries(module).is_none() {
                self.problem(
                    module,
                    format!("a module in `{what}` must be an object, found {}; it is skipped", tree.kind_name(module)),
                );
                continue;
            }
            if let Some(resources) = tree.get(module, "resources") {
                match tree.items(resources) {
                    Some(items) => {
                        for &item in items {
                            if tree.entries(item).is_none() {
                                self.problem(
                                    item,
                                    format!(
                                        "a resource in `{what}` must be an object, found {}; it is skipped",
                                        tree.kind_name(item)
                                    ),
                                );
                                continue;
                            }
                            if tree.get(item, "mode").and_then(|m| tree.str(m)) == Some("data") {
                                continue;
                            }
                            let Some((address, addr_node)) =
                                tree.get(item, "address").and_then(|a| tree.str(a).map(|s| (s, a)))
                            else {
                                self.problem(item, "a resource has no string `address`; it is skipped".to_string());
                                continue;
                            };
                            let values = tree.get(item, "values").filter(|&v| tree.entries(v).is_some());
                            // Instances known only from values exist already: a plan lists every
                            // change in resource_changes, and state is what exists.
                            let _ = existing;
                            let action = Action::Existing;
                            self.add_instance(item, address, addr_node, values, None, action, false);
                        }
                    }
                    None if matches!(tree.node(resources).kind, Kind::Null) => {}
                    None => self
                        .problem(resources, format!("`resources` must be a list, found {}", tree.kind_name(resources))),
                }
            }
            if let Some(children) = tree.get(module, "child_modules") {
                match tree.items(children) {
                    Some(items) => stack.extend(items.iter().rev().copied()),
                    None if matches!(tree.node(children).kind, Kind::Null) => {}
                    None => self.problem(
                        children,
                        format!("`child_modules` must be a list, found {}", tree.kind_name(children)),
                    ),
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_instance(
        &mut self,
        item: NodeId,
        address: &str,
        addr_node: NodeId,
        values: Option<NodeId>,
        unknown: Option<NodeId>,
        action: Action,
        from_changes: bool,
    ) {
        let tree = self.tree;
        if let Some(&existing) = self.by_address.get(address) {
            // planned_values repeat resource_changes; keep the change (it has after_unknown)
            if !from_changes {
                if let Some(inst) = self.insts.get_mut(existing) {
                    if inst.values.is_none() {
                        inst.values = values;
                    }
                }
            }
            return;
        }
        let Some((module, rtype, name, key)) = parse_address(address) else {
            self.problem(
                addr_node,
                format!("`{address}` is not a resource address vpclint understands; it is skipped"),
            );
            return;
        };
        let rtype = tree.get(item, "type").and_then(|t| tree.str(t)).map_or(rtype, str::to_string);
        let key = match tree.get(item, "index") {
            Some(i) => match &tree.node(i).kind {
                Kind::Number(n) => n.parse::<i64>().ok().map(Key::Int),
                Kind::Str(s) => Some(Key::Str(s.to_string())),
                _ => key,
            },
            None => key,
        };
        let inst = Inst {
            address: address.to_string(),
            module,
            rtype,
            name,
            key,
            values,
            unknown,
            action,
            span: tree.node(addr_node).range,
            config: None,
        };
        self.by_address.insert(inst.address.clone(), self.insts.len());
        self.insts.push(inst);
    }

    // ----- configuration -----------------------------------------------------------------

    fn read_configuration(&mut self, root: NodeId) {
        let tree = self.tree;
        let Some(config) = tree.get(root, "configuration") else { return };
        let Some(root_module) = tree.get(config, "root_module").filter(|&r| tree.entries(r).is_some()) else { return };
        self.has_configuration = true;
        let mut stack: Vec<(Vec<String>, NodeId)> = vec![(Vec::new(), root_module)];
        while let Some((path, module)) = stack.pop() {
            if tree.entries(module).is_none() || path.len() > 64 {
                continue;
            }
            if let Some(items) = tree.get(module, "resources").and_then(|r| tree.items(r)) {
                for &r in items {
                    if let Some(addr) = tree.get(r, "address").and_then(|a| tree.str(a)) {
                        self.config_resources.insert((path.clone(), addr.to_string()), r);
                    }
                }
            }
            if let Some(calls) = tree.get(module, "module_calls").and_then(|c| tree.entries(c)) {
                for call in calls {
                    if let Some(child) = tree.get(call.value, "module") {
                        let mut child_path = path.clone();
                        child_path.push(call.key.to_string());
                        stack.push((child_path, child));
                    }
                }
            }
            self.modules.insert(path, module);
        }
    }

    fn link_config(&mut self) {
        for (i, inst) in self.insts.iter_mut().enumerate() {
            let names: Vec<String> = inst.module.iter().map(|s| s.name.clone()).collect();
            for (depth, step) in inst.module.iter().enumerate() {
                if step.key.is_some() {
                    if let Some(prefix) = names.get(..=depth) {
                        self.keyed_calls.insert(prefix.to_vec());
                    }
                }
            }
            let type_name = format!("{}.{}", inst.rtype, inst.name);
            let found = self.by_scope.entry(inst.module.clone()).or_default().entry(type_name.clone()).or_default();
            found.all.push(i);
            if let Some(k) = &inst.key {
                found.by_key.entry(k.clone()).or_insert(i);
            }
            let key = (names, type_name);
            inst.config = self.config_resources.get(&key).copied();
            self.by_config.entry(key).or_default().push(i);
        }
    }

    /// Instances of `type_name` in module instance `scope` (all, or the one with `key`).
    ///
    /// A scope step without a key matches every instance of a keyed module call (a
    /// `module.m.out` reference to a module with `count`); only then are the module's
    /// instances scanned, otherwise this is a hash lookup.
    fn scope_instances(&self, scope: &[ModStep], type_name: &str, key: Option<&Key>) -> Vec<usize> {
        let wildcard = !self.keyed_calls.is_empty() && {
            let mut names: Vec<String> = Vec::with_capacity(scope.len());
            scope.iter().any(|step| {
                names.push(step.name.clone());
                step.key.is_none() && self.keyed_calls.contains(&names)
            })
        };
        if wildcard {
            let names: Vec<String> = scope.iter().map(|s| s.name.clone()).collect();
            let Some(cands) = self.by_config.get(&(names, type_name.to_string())) else { return Vec::new() };
            return cands
                .iter()
                .copied()
                .filter(|&c| {
                    self.inst(c).is_some_and(|ci| {
                        module_matches(&ci.module, scope) && key.is_none_or(|k| ci.key.as_ref() == Some(k))
                    })
                })
                .collect();
        }
        let Some(found) = self.by_scope.get(scope).and_then(|m| m.get(type_name)) else { return Vec::new() };
        match key {
            Some(k) => found.by_key.get(k).map_or_else(Vec::new, |&i| vec![i]),
            None => found.all.clone(),
        }
    }

    /// The `aws` provider's region, when every `aws` provider configuration agrees on one: a
    /// constant, or a variable's value. A module's entry without a `region` configures
    /// nothing of its own (the module uses its caller's provider), so it is skipped.
    fn provider_region(&self, root: NodeId) -> Option<String> {
        let tree = self.tree;
        let providers = tree.get(root, "configuration").and_then(|c| tree.get(c, "provider_config"))?;
        let mut regions: Vec<String> = Vec::new();
        for e in tree.entries(providers)? {
            if tree.get(e.value, "name").and_then(|n| tree.str(n)) != Some("aws") {
                continue;
            }
            let module = tree.get(e.value, "module_address").and_then(|m| tree.str(m)).filter(|m| !m.is_empty());
            let expr = tree.get(e.value, "expressions").and_then(|x| tree.get(x, "region"));
            let Some(expr) = expr else {
                if module.is_some() {
                    continue;
                }
                return None; // from the environment or the shared config file
            };
            // Module-local references (`var.region`) are resolved in the module's scope.
            let scope = match module {
                Some(m) => parse_module_path(m)?,
                None => Vec::new(),
            };
            let res = self.resolve_expr(expr, &scope, &Pairing::default(), 0);
            match res.literals.as_slice() {
                [one] if !res.incomplete && res.targets.is_empty() => {
                    if !regions.contains(one) {
                        regions.push(one.clone());
                    }
                }
                _ => return None,
            }
        }
        match regions.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    // ----- attribute access --------------------------------------------------------------

    fn inst(&self, i: usize) -> Option<&Inst> {
        crate::work::tick(1);
        self.insts.get(i)
    }

    /// The `after` value node of an attribute, `Err(true)` when unknown, `Err(false)` when unset.
    fn raw(&self, i: usize, key: &str) -> Result<NodeId, bool> {
        let tree = self.tree;
        let Some(inst) = self.inst(i) else { return Err(false) };
        if let Some(u) = inst.unknown.and_then(|u| tree.get(u, key)) {
            if matches!(tree.node(u).kind, Kind::Bool(true)) {
                return Err(true);
            }
        }
        match inst.values.and_then(|v| tree.get(v, key)) {
            Some(n) if matches!(tree.node(n).kind, Kind::Null) => Err(false),
            Some(n) if tree.str(n) == Some("") => Err(false),
            Some(n) => Ok(n),
            None => Err(false),
        }
    }

    /// The configuration expression of an attribute.
    fn expr(&self, i: usize, key: &str) -> Option<NodeId> {
        let config = self.inst(i)?.config?;
        let exprs = self.tree.get(config, "expressions")?;
        self.tree.get(exprs, key)
    }

    /// True when the attribute is unknown only because it is unset on create, so the
    /// provider's create-time default applies.
    fn unset_on_create(&self, i: usize, key: &str) -> bool {
        let Some(inst) = self.inst(i) else { return false };
        self.has_configuration
            && inst.config.is_some()
            && inst.action != Action::Existing
            && self.expr(i, key).is_none()
    }

    fn addr_span(&self, i: usize) -> Span {
        self.inst(i).map_or_else(Span::default, |inst| self.span(inst.span))
    }

    /// The span of an attribute's value in `after`, else of the instance's address.
    fn attr_span(&self, i: usize, key: &str) -> Span {
        match self.raw(i, key) {
            Ok(n) => self.node_span(n),
            Err(_) => {
                let inst = self.inst(i);
                match inst.and_then(|x| x.values).and_then(|v| self.tree.entry(v, key)) {
                    Some(e) => self.span(e.key_range),
                    None => self.addr_span(i),
                }
            }
        }
    }

    fn bool_attr(&self, i: usize, key: &str, create_default: Option<bool>) -> Attr<bool> {
        match self.raw(i, key) {
            Ok(n) => {
                let val = match &self.tree.node(n).kind {
                    Kind::Bool(b) => Val::Known(*b),
                    Kind::Str(s) if s.eq_ignore_ascii_case("true") => Val::Known(true),
                    Kind::Str(s) if s.eq_ignore_ascii_case("false") => Val::Known(false),
                    _ => Val::Unknown,
                };
                Attr::explicit(val, self.node_span(n))
            }
            Err(unknown) => match create_default {
                Some(d) if !unknown || self.unset_on_create(i, key) => Attr::default(d, self.attr_span(i, key)),
                _ if unknown => Attr::explicit(Val::Unknown, self.attr_span(i, key)),
                _ => Attr::absent(self.attr_span(i, key)),
            },
        }
    }

    fn string_attr(&self, i: usize, key: &str) -> Attr<String> {
        match self.raw(i, key) {
            Ok(n) => match self.tree.scalar_text(n) {
                Some(s) => Attr::explicit(Val::Known(s.to_string()), self.node_span(n)),
                None => Attr::explicit(Val::Unknown, self.node_span(n)),
            },
            Err(true) => Attr::explicit(Val::Unknown, self.attr_span(i, key)),
            Err(false) => Attr::absent(self.attr_span(i, key)),
        }
    }

    fn cidr_attr(&mut self, i: usize, key: &str) -> Attr<Cidr> {
        let s = self.string_attr(i, key);
        match s.val {
            Val::Known(text) => match Cidr::parse(&text) {
                Some(c) => Attr::explicit(Val::Known(c), s.span),
                None => {
                    self.problems.push(Problem::new(s.span, format!("`{text}` is not a valid CIDR block")));
                    Attr::explicit(Val::Unknown, s.span)
                }
            },
            Val::Unknown => Attr::explicit(Val::Unknown, s.span),
            Val::Absent => Attr::absent(s.span),
        }
    }

    fn int_of(&self, n: NodeId) -> Option<i64> {
        self.tree.scalar_text(n).and_then(|s| s.trim().parse::<f64>().ok()).map(|f| f as i64)
    }

    // ----- references --------------------------------------------------------------------

    /// Resolves the configuration expression of attribute `key` of instance `i`.
    fn resolve_attr(&self, i: usize, key: &str) -> Resolution {
        match self.expr(i, key) {
            Some(expr) => {
                let Some(inst) = self.inst(i) else { return Resolution::default() };
                self.resolve_expr(expr, &inst.module, &self.pairing_of(i), 0)
            }
            None => Resolution { incomplete: true, ..Resolution::default() },
        }
    }

    /// The pairing context of instance `i`'s own expressions.
    fn pairing_of(&self, i: usize) -> Pairing {
        let tree = self.tree;
        let inst = self.inst(i);
        Pairing {
            key: inst.and_then(|x| x.key.clone()),
            for_each: inst.and_then(|x| x.config).and_then(|c| tree.get(c, "for_each_expression")),
        }
    }

    /// Resolves an expression node (`{constant_value}` or `{references}`) in `scope`.
    fn resolve_expr(&self, expr: NodeId, scope: &[ModStep], pairing: &Pairing, hops: u32) -> Resolution {
        let tree = self.tree;
        let mut res = Resolution::default();
        if hops > MAX_HOPS {
            res.incomplete = true;
            return res;
        }
        let refs_len = tree.get(expr, "references").and_then(|r| tree.items(r)).map_or(0, <[NodeId]>::len) as u64;
        let work = self.resolve_work.get().saturating_add(1 + refs_len);
        self.resolve_work.set(work);
        crate::work::tick(1 + refs_len);
        if work > MAX_RESOLVE_WORK {
            if self.budget_exhausted.get().is_none() {
                self.budget_exhausted.set(Some(expr));
            }
            res.incomplete = true;
            return res;
        }
        if let Some(c) = tree.get(expr, "constant_value") {
            collect_literals(tree, c, &mut res);
            return res;
        }
        let Some(refs) = tree.get(expr, "references").and_then(|r| tree.items(r)) else {
            res.incomplete = true;
            return res;
        };
        let parsed: Vec<Reference> = refs.iter().filter_map(|&r| tree.str(r)).map(parse_reference).collect();
        let pair_count = parsed.contains(&Reference::CountIndex);
        let each_value = parsed.contains(&Reference::EachValue);
        let pair_each = each_value || parsed.contains(&Reference::EachKey);
        let pairs = pair_count || pair_each;
        // One reference is listed at several depths (`a.b[0].id`, `a.b[0]`, `a.b`):
        // keep the most specific form of each resource or module.
        let mut resources: Vec<(String, String, Option<Key>, Option<String>)> = Vec::new();
        let mut outputs: Vec<(String, Option<Key>, String, bool)> = Vec::new();
        let mut bare_modules: Vec<(String, Option<Key>)> = Vec::new();
        let mut vars: Vec<(&str, bool)> = Vec::new();
        for r in &parsed {
            match r {
                Reference::Resource { rtype, name, key, attr } => {
                    if let Some(slot) = resources.iter_mut().find(|(t, n, _, _)| t == rtype && n == name) {
                        if slot.2.is_none() && key.is_some() {
                            slot.2 = key.clone();
                        }
                        if slot.3.is_none() && attr.is_some() {
                            slot.3 = attr.clone();
                        }
                    } else {
                        resources.push((rtype.clone(), name.clone(), key.clone(), attr.clone()));
                    }
                }
                // Terraform lists the bare `module.m` next to every `module.m.out`.
                Reference::ModuleOutput { name, key, output, .. } if output.is_empty() => {
                    bare_modules.push((name.clone(), key.clone()));
                }
                Reference::ModuleOutput { name, key, output, indexed } => {
                    match outputs.iter_mut().find(|(n, k, o, _)| n == name && k == key && o == output) {
                        Some(slot) => slot.3 |= *indexed,
                        None => outputs.push((name.clone(), key.clone(), output.clone(), *indexed)),
                    }
                }
                Reference::Var { name, indexed } => match vars.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 |= *indexed,
                    None => vars.push((name, *indexed)),
                },
                Reference::CountIndex | Reference::EachKey | Reference::EachValue => {}
                Reference::Other => res.incomplete = true,
            }
        }
        for &(name, indexed) in &vars {
            let sub = self.resolve_var(name, scope, hops);
            // `var.ids[0]`, `var.ids[count.index]`: one of the values, not all of them.
            if (indexed || pairs) && sub.targets.len() + sub.literals.len() > 1 {
                res.ambiguous = true;
                res.unpinned = true;
            }
            merge(&mut res, sub);
        }
        // The whole module object (`module.m` without an output) cannot be followed.
        if bare_modules.iter().any(|(n, k)| !outputs.iter().any(|(on, ok, _, _)| on == n && ok == k)) {
            res.incomplete = true;
        }
        if resources.is_empty() && outputs.is_empty() && each_value {
            // `each.value.id` with `for_each = aws_x.y`: pair with the for_each resource.
            if let Some(fe) = pairing.for_each.and_then(|e| tree.get(e, "references")).and_then(|r| tree.items(r)) {
                for r in fe.iter().filter_map(|&r| tree.str(r)).map(parse_reference) {
                    if let Reference::Resource { rtype, name, .. } = r {
                        if !resources.iter().any(|(t, n, _, _)| *t == rtype && *n == name) {
                            resources.push((rtype, name, None, Some("id".to_string())));
                        }
                    }
                }
            }
            if resources.is_empty() && vars.is_empty() {
                // `each.value` of a collection vpclint cannot see.
                res.incomplete = true;
            }
        }
        let pair_key = if pairs { pairing.key.as_ref() } else { None };
        for (rtype, name, key, attr) in resources {
            let type_name = format!("{rtype}.{name}");
            let chosen = match (&key, pair_key) {
                (Some(k), _) => self.scope_instances(scope, &type_name, Some(k)),
                (None, Some(k)) => {
                    let paired = self.scope_instances(scope, &type_name, Some(k));
                    if paired.is_empty() {
                        let all = self.scope_instances(scope, &type_name, None);
                        res.unpinned |= all.len() > 1;
                        all
                    } else {
                        paired
                    }
                }
                (None, None) => {
                    let all = self.scope_instances(scope, &type_name, None);
                    res.unpinned |= pairs && all.len() > 1;
                    all
                }
            };
            if chosen.is_empty() {
                res.incomplete = true;
            }
            if chosen.len() > 1 {
                res.ambiguous = true;
            }
            for c in chosen {
                res.targets.push((c, attr.clone()));
            }
        }
        for (name, key, output, indexed) in outputs {
            let sub = self.resolve_output(&name, key.as_ref(), &output, scope, hops);
            // `module.m.ids[0]` picks one of what the output holds.
            if indexed && sub.targets.len() + sub.literals.len() > 1 {
                res.ambiguous = true;
                res.unpinned = true;
            }
            merge(&mut res, sub);
        }
        res
    }

    /// `var.name` in `scope`: the module call's argument in the parent, or a root variable.
    fn resolve_var(&self, var: &str, scope: &[ModStep], hops: u32) -> Resolution {
        let tree = self.tree;
        let Some((last, parent)) = scope.split_last() else {
            let mut res = Resolution::default();
            match self.variables.and_then(|vs| tree.get(vs, var)).and_then(|v| tree.get(v, "value")) {
                Some(v) => collect_literals(tree, v, &mut res),
                None => res.incomplete = true,
            }
            return res;
        };
        let parent_names: Vec<String> = parent.iter().map(|s| s.name.clone()).collect();
        let call = self
            .modules
            .get(&parent_names)
            .and_then(|m| tree.get(*m, "module_calls"))
            .and_then(|c| tree.get(c, &last.name));
        match call.and_then(|c| tree.get(c, "expressions")).and_then(|e| tree.get(e, var)) {
            Some(expr) => {
                // `count.index` / `each.key` in a module call's arguments are the module's key.
                let pairing =
                    Pairing { key: last.key.clone(), for_each: call.and_then(|c| tree.get(c, "for_each_expression")) };
                self.resolve_expr(expr, parent, &pairing, hops + 1)
            }
            None => {
                // The module's own default for the variable.
                let own: Vec<String> = scope.iter().map(|s| s.name.clone()).collect();
                let default = self
                    .modules
                    .get(&own)
                    .and_then(|m| tree.get(*m, "variables"))
                    .and_then(|v| tree.get(v, var))
                    .and_then(|v| tree.get(v, "default"));
                let mut res = Resolution::default();
                match default {
                    Some(d) => collect_literals(tree, d, &mut res),
                    None => res.incomplete = true,
                }
                res
            }
        }
    }

    /// `module.name[key].output` from `scope`: the output's expression in the child module.
    fn resolve_output(&self, name: &str, key: Option<&Key>, output: &str, scope: &[ModStep], hops: u32) -> Resolution {
        let tree = self.tree;
        let mut child: Vec<ModStep> = scope.to_vec();
        child.push(ModStep { name: name.to_string(), key: key.cloned() });
        let names: Vec<String> = child.iter().map(|s| s.name.clone()).collect();
        let expr = self
            .modules
            .get(&names)
            .and_then(|m| tree.get(*m, "outputs"))
            .and_then(|o| tree.get(o, output))
            .and_then(|o| tree.get(o, "expression"));
        match expr {
            Some(e) => self.resolve_expr(e, &child, &Pairing::default(), hops + 1),
            None => Resolution { incomplete: true, ..Resolution::default() },
        }
    }

    /// A scalar link for attribute `key`: by known id, else through references.
    fn link<T: Copy + Eq + std::hash::Hash>(
        &self,
        i: usize,
        key: &str,
        want: &dyn Fn(Obj, Option<&str>) -> Option<T>,
    ) -> Link<T> {
        match self.raw(i, key) {
            Ok(n) => match self.tree.scalar_text(n) {
                Some(id) => self.link_id(&id, want),
                None => Link::Unknown,
            },
            Err(false) => Link::Absent,
            Err(true) => {
                let res = self.resolve_attr(i, key);
                self.link_from(res, want)
            }
        }
    }

    fn link_id<T: Copy + Eq + std::hash::Hash>(
        &self,
        id: &str,
        want: &dyn Fn(Obj, Option<&str>) -> Option<T>,
    ) -> Link<T> {
        let own = self
            .by_id
            .get(id)
            .and_then(|&(inst, attr)| self.obj.get(inst).copied().flatten().and_then(|o| want(o, attr)));
        // An id the resource itself carries wins; else one a VPC exports for its main table,
        // default group or default NACL.
        let exported = || {
            self.by_vpc_attr
                .get(id)
                .and_then(|&(inst, attr)| self.obj.get(inst).copied().flatten().and_then(|o| want(o, Some(attr))))
        };
        match own.or_else(exported) {
            Some(t) => Link::To(t),
            None => Link::External(id.to_string()),
        }
    }

    fn link_from<T: Copy + Eq + std::hash::Hash>(
        &self,
        res: Resolution,
        want: &dyn Fn(Obj, Option<&str>) -> Option<T>,
    ) -> Link<T> {
        let mut ids: Vec<T> = Vec::new();
        let mut dedup = Dedup::new();
        for (inst, attr) in &res.targets {
            if let Some(t) = self.obj.get(*inst).copied().flatten().and_then(|o| want(o, attr.as_deref())) {
                if dedup.is_new(t, ids.len(), || ids.iter().copied()) {
                    ids.push(t);
                }
            }
        }
        let mut external = None;
        for lit in &res.literals {
            match self.link_id(lit, want) {
                Link::To(t) => {
                    if dedup.is_new(t, ids.len(), || ids.iter().copied()) {
                        ids.push(t);
                    }
                }
                other => external = Some(other),
            }
        }
        if res.incomplete {
            return Link::Unknown;
        }
        match (ids.len(), external) {
            (0, Some(e)) => e,
            (0, None) => Link::Unknown,
            (1, None) if !res.ambiguous => ids.first().map_or(Link::Unknown, |t| Link::To(*t)),
            _ => Link::OneOf(ids),
        }
    }

    /// A list link for attribute `key` (ids, or splat references: every instance counts).
    fn link_list<T: Copy + Eq + std::hash::Hash>(
        &self,
        i: usize,
        key: &str,
        want: &dyn Fn(Obj, Option<&str>) -> Option<T>,
    ) -> LinkList<T> {
        let tree = self.tree;
        let span = self.attr_span(i, key);
        let mut out = LinkList { state: ListState::Known, items: Vec::new(), span };
        let mut needs_refs = false;
        match self.raw(i, key) {
            Ok(n) => match tree.items(n) {
                Some(items) => {
                    let unknown_items =
                        self.inst(i).and_then(|x| x.unknown).and_then(|u| tree.get(u, key)).and_then(|u| tree.items(u));
                    for (idx, &item) in items.iter().enumerate() {
                        match tree.scalar_text(item) {
                            Some(id) if !id.is_empty() => {
                                out.items.push(Linked { link: self.link_id(&id, want), span: self.node_span(item) })
                            }
                            _ => needs_refs = true,
                        }
                        let _ = idx;
                    }
                    if unknown_items.is_some_and(|u| u.iter().any(|&x| matches!(tree.node(x).kind, Kind::Bool(true)))) {
                        needs_refs = true;
                    }
                }
                None => out.state = ListState::Partial,
            },
            Err(false) => out.state = ListState::Absent,
            Err(true) => {
                if self.unset_on_create(i, key) {
                    out.state = ListState::Absent;
                } else {
                    needs_refs = true;
                }
            }
        }
        if needs_refs {
            let res = self.resolve_attr(i, key);
            if res.incomplete || res.unpinned {
                out.state = ListState::Partial;
            }
            if res.unpinned {
                // Some of the candidates belong to the list, but which is not known.
                return out;
            }
            let mut dedup = Dedup::new();
            for (inst, attr) in &res.targets {
                if let Some(t) = self.obj.get(*inst).copied().flatten().and_then(|o| want(o, attr.as_deref())) {
                    if dedup.is_new(t, out.items.len(), || out.items.iter().filter_map(|x| x.link.to())) {
                        out.items.push(Linked { link: Link::To(t), span });
                    }
                }
            }
            for lit in &res.literals {
                let link = self.link_id(lit, want);
                let new = match &link {
                    Link::To(t) => dedup.is_new(*t, out.items.len(), || out.items.iter().filter_map(|x| x.link.to())),
                    // Rare (a literal that names no object of the plan): compared one by one.
                    other => !out.items.iter().any(|x| &x.link == other),
                };
                if new {
                    out.items.push(Linked { link, span });
                }
            }
        }
        out
    }

    // ----- model building ----------------------------------------------------------------

    fn assign_ids(&mut self) {
        let mut ids = Ids::default();
        for inst in &self.insts {
            let kind = match inst.rtype.as_str() {
                "aws_vpc" => Some(ObjKind::Vpc),
                "aws_subnet" => Some(ObjKind::Subnet),
                "aws_route_table" | "aws_default_route_table" => Some(ObjKind::RouteTable),
                "aws_internet_gateway" => Some(ObjKind::Igw),
                "aws_nat_gateway" => Some(ObjKind::Nat),
                "aws_vpc_endpoint" => Some(ObjKind::Endpoint),
                "aws_security_group" | "aws_default_security_group" => Some(ObjKind::Sg),
                "aws_network_acl" | "aws_default_network_acl" => Some(ObjKind::Nacl),
                "aws_ec2_transit_gateway"
                | "aws_vpc_peering_connection"
                | "aws_network_interface"
                | "aws_instance"
                | "aws_egress_only_internet_gateway"
                | "aws_vpn_gateway"
                | "aws_ec2_carrier_gateway" => Some(ObjKind::Other),
                _ => None,
            };
            self.obj.push(kind.map(|k| ids.reserve(k)));
        }
        self.b = ModelBuilder::new(self.file, Tool::Terraform, IMPLICIT_NAMES, ids);
        // Known ids, and the ids a VPC exports for its implicit objects.
        for (i, inst) in self.insts.iter().enumerate() {
            let Some(values) = inst.values else { continue };
            if let Some(id) = self.tree.get(values, "id").and_then(|n| self.tree.str(n)) {
                self.by_id.entry(id.to_string()).or_insert((i, None));
            }
            if inst.rtype == "aws_vpc" {
                for attr in [
                    "default_route_table_id",
                    "main_route_table_id",
                    "default_security_group_id",
                    "default_network_acl_id",
                ] {
                    if let Some(id) = self.tree.get(values, attr).and_then(|n| self.tree.str(n)) {
                        let attr: &'static str = attr;
                        self.by_vpc_attr.entry(id.to_string()).or_insert((i, attr));
                    }
                }
            }
        }
    }

    /// Which VPC's main table each `aws_default_route_table` adopts, and which VPC's default
    /// group each `aws_default_security_group` adopts. They are the objects AWS created with
    /// the VPC, so the VPC's `default_route_table_id` / `default_security_group_id` name them.
    fn adopted_defaults(&mut self) {
        let vpcs = self.obj.iter().filter(|o| matches!(o, Some(Obj::Vpc(_)))).count() as u32;
        self.original_main = (0..vpcs).map(|v| self.b.main_table_of(VpcId(v))).collect();
        self.default_sgs = (0..vpcs).map(|v| self.b.default_sg_of(VpcId(v))).collect();
        for i in 0..self.insts.len() {
            let rtype = self.inst(i).map(|x| x.rtype.as_str()).unwrap_or("");
            match (rtype, self.obj.get(i).copied().flatten()) {
                ("aws_default_route_table", Some(Obj::RouteTable(t))) => {
                    let vpc = self.link(i, "default_route_table_id", &|o, a| match (o, a) {
                        (Obj::Vpc(v), Some("default_route_table_id" | "main_route_table_id")) => Some(v),
                        _ => None,
                    });
                    if let Some(slot) = vpc.to().and_then(|v| self.original_main.get_mut(v.index())) {
                        *slot = t;
                    }
                }
                ("aws_default_security_group", Some(Obj::Sg(g))) => {
                    let vpc = self.link(i, "vpc_id", &vpc_want);
                    if let Some(slot) = vpc.to().and_then(|v| self.default_sgs.get_mut(v.index())) {
                        *slot = g;
                    }
                }
                _ => {}
            }
        }
    }

    /// Wants a route table; a VPC's `default_route_table_id` or `main_route_table_id` is its
    /// original main table.
    fn table_want(&self) -> impl Fn(Obj, Option<&str>) -> Option<RouteTableId> + use<> {
        let main = self.original_main.clone();
        move |o, attr| match (o, attr) {
            (Obj::RouteTable(t), None | Some("id")) => Some(t),
            (Obj::Vpc(v), Some("default_route_table_id" | "main_route_table_id")) => main.get(v.index()).copied(),
            _ => None,
        }
    }

    /// Wants a security group; a VPC's `default_security_group_id` is its default group.
    fn sg_want(&self) -> impl Fn(Obj, Option<&str>) -> Option<SgId> + use<> {
        let defaults = self.default_sgs.clone();
        move |o, attr| match (o, attr) {
            (Obj::Sg(s), None | Some("id")) => Some(s),
            (Obj::Vpc(v), Some("default_security_group_id")) => defaults.get(v.index()).copied(),
            _ => None,
        }
    }

    fn meta(&self, i: usize) -> Meta {
        let tree = self.tree;
        let inst = self.inst(i);
        Meta {
            name: inst.map_or_else(String::new, |x| x.address.clone()),
            resource_type: inst.map_or_else(String::new, |x| x.rtype.clone()),
            span: self.addr_span(i),
            conditional: false,
            known_id: inst
                .filter(|x| x.action == Action::Existing)
                .and_then(|x| x.values)
                .and_then(|v| tree.get(v, "id"))
                .and_then(|n| tree.str(n))
                .map(str::to_string),
        }
    }

    fn build(&mut self) {
        let n = self.insts.len();
        let mut deferred = Vec::new();
        for i in 0..n {
            let rtype = self.inst(i).map(|x| x.rtype.clone()).unwrap_or_default();
            match rtype.as_str() {
                "aws_vpc" => self.vpc(i),
                "aws_subnet" => self.subnet(i),
                "aws_route_table" => self.route_table(i, false),
                "aws_default_route_table" => self.route_table(i, true),
                "aws_internet_gateway" => {
                    let meta = self.meta(i);
                    let vpc = self.link(i, "vpc_id", &vpc_want);
                    self.b.model.internet_gateways.push(InternetGateway { meta, vpc });
                }
                "aws_nat_gateway" => self.nat(i),
                "aws_vpc_endpoint" => self.endpoint(i),
                "aws_security_group" => self.security_group(i, false),
                "aws_default_security_group" => self.security_group(i, true),
                "aws_network_acl" | "aws_default_network_acl" => self.nacl(i, rtype == "aws_default_network_acl"),
                "aws_ec2_transit_gateway"
                | "aws_vpc_peering_connection"
                | "aws_network_interface"
                | "aws_instance"
                | "aws_egress_only_internet_gateway"
                | "aws_vpn_gateway"
                | "aws_ec2_carrier_gateway" => {
                    let meta = self.meta(i);
                    let kind = other_target_kind(&rtype);
                    self.b.model.other_targets.push(OtherTarget { meta, kind });
                }
                "aws_route"
                | "aws_route_table_association"
                | "aws_main_route_table_association"
                | "aws_vpc_endpoint_route_table_association"
                | "aws_vpc_endpoint_subnet_association"
                | "aws_vpc_endpoint_security_group_association"
                | "aws_security_group_rule"
                | "aws_vpc_security_group_ingress_rule"
                | "aws_vpc_security_group_egress_rule"
                | "aws_ec2_instance_connect_endpoint"
                | "aws_network_acl_rule"
                | "aws_network_acl_association"
                | "aws_internet_gateway_attachment"
                | "aws_vpc_ipv4_cidr_block_association"
                | "aws_vpc_ipv6_cidr_block_association" => deferred.push(i),
                _ => {}
            }
        }
        self.implicit_objects();
        for i in deferred {
            let rtype = self.inst(i).map(|x| x.rtype.clone()).unwrap_or_default();
            match rtype.as_str() {
                "aws_route" => self.route(i),
                "aws_route_table_association" => {
                    // gateway (edge) associations have no subnet
                    if self.raw(i, "gateway_id").is_ok() && matches!(self.raw(i, "subnet_id"), Err(false)) {
                        continue;
                    }
                    let meta = self.meta(i);
                    let subnet = self.link(i, "subnet_id", &subnet_want);
                    let table = self.link(i, "route_table_id", &self.table_want());
                    self.b.model.associations.push(Association { meta, subnet, table });
                }
                "aws_main_route_table_association" => {
                    let vpc = self.link(i, "vpc_id", &vpc_want);
                    let table = self.link(i, "route_table_id", &self.table_want());
                    if let Some(v) = vpc.to() {
                        if let Some(vpc) = self.b.model.vpcs.get_mut(v.index()) {
                            vpc.main_route_table = table;
                        }
                    }
                }
                "aws_vpc_endpoint_route_table_association" => {
                    let ep = self.link(i, "vpc_endpoint_id", &endpoint_want);
                    let table = self.link(i, "route_table_id", &self.table_want());
                    let span = self.addr_span(i);
                    self.add_to_endpoint(ep, span, EndpointList::RouteTables, |e| &mut e.route_tables, table);
                }
                "aws_vpc_endpoint_subnet_association" => {
                    let ep = self.link(i, "vpc_endpoint_id", &endpoint_want);
                    let subnet = self.link(i, "subnet_id", &subnet_want);
                    let span = self.addr_span(i);
                    self.add_to_endpoint(ep, span, EndpointList::Subnets, |e| &mut e.subnets, subnet);
                }
                "aws_vpc_endpoint_security_group_association" => {
                    let ep = self.link(i, "vpc_endpoint_id", &endpoint_want);
                    let sg = self.link(i, "security_group_id", &self.sg_want());
                    let replace =
                        self.bool_attr(i, "replace_default_association", Some(false)).known().copied() == Some(true);
                    let span = self.addr_span(i);
                    if replace {
                        if let Some(e) = ep.to().and_then(|e| self.b.model.endpoints.get_mut(e.index())) {
                            e.security_groups.items.clear();
                        }
                    }
                    self.add_to_endpoint(ep, span, EndpointList::SecurityGroups, |e| &mut e.security_groups, sg);
                }
                "aws_security_group_rule" => self.sg_rule_resource(i),
                "aws_vpc_security_group_ingress_rule" => self.vpc_sg_rule(i, Direction::Ingress),
                "aws_vpc_security_group_egress_rule" => self.vpc_sg_rule(i, Direction::Egress),
                "aws_ec2_instance_connect_endpoint" => {
                    let meta = self.meta(i);
                    let ice = InstanceConnectEndpoint {
                        subnet: self.link(i, "subnet_id", &subnet_want),
                        security_groups: self.link_list(i, "security_group_ids", &self.sg_want()),
                        preserve_client_ip: self.bool_attr(i, "preserve_client_ip", Some(true)),
                        meta,
                    };
                    self.b.model.instance_connect_endpoints.push(ice);
                }
                "aws_network_acl_rule" => self.nacl_rule(i),
                "aws_network_acl_association" => {
                    let meta = self.meta(i);
                    let subnet = self.link(i, "subnet_id", &subnet_want);
                    let implicit = self.b.implicit();
                    let nacl = self.link(i, "network_acl_id", &move |o, a| nacl_want(o, a, implicit));
                    self.b.model.nacl_associations.push(NaclAssociation { meta, subnet, nacl });
                }
                "aws_internet_gateway_attachment" => {
                    let vpc = self.link(i, "vpc_id", &vpc_want);
                    if let Link::To(g) =
                        self.link(i, "internet_gateway_id", &|o, _| if let Obj::Igw(g) = o { Some(g) } else { None })
                    {
                        if let Some(igw) = self.b.model.internet_gateways.get_mut(g.index()) {
                            igw.vpc = vpc;
                        }
                    }
                }
                "aws_vpc_ipv4_cidr_block_association" | "aws_vpc_ipv6_cidr_block_association" => {
                    let vpc = self.link(i, "vpc_id", &vpc_want);
                    let cidr = if rtype.ends_with("ipv4_cidr_block_association") {
                        Some(self.cidr_attr(i, "cidr_block"))
                    } else {
                        None
                    };
                    if let Some(v) = vpc.to().and_then(|v| self.b.model.vpcs.get_mut(v.index())) {
                        match cidr {
                            Some(c) => {
                                if !matches!(c.val, Val::Absent) {
                                    v.cidrs.push(c);
                                }
                            }
                            None => v.ipv6 = Val::Known(true),
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn add_to_endpoint<T: Copy + PartialEq>(
        &mut self,
        ep: Link<EndpointId>,
        span: Span,
        which: EndpointList,
        field: impl Fn(&mut Endpoint) -> &mut LinkList<T>,
        link: Link<T>,
    ) {
        match ep {
            Link::To(e) => {
                if let Some(e) = self.b.model.endpoints.get_mut(e.index()) {
                    let list = field(e);
                    if list.state == ListState::Absent {
                        list.state = ListState::Known;
                    }
                    list.items.push(Linked { link, span });
                }
            }
            Link::OneOf(eps) => {
                for e in eps {
                    if let Some(e) = self.b.model.endpoints.get_mut(e.index()) {
                        let list = field(e);
                        list.state = ListState::Partial;
                    }
                }
            }
            Link::Unknown => {
                // Any endpoint may have gained this item; marking them all once is enough
                // (many associations with unknown endpoints must not cost endpoints x
                // associations).
                if self.all_endpoints_partial.insert(which) {
                    for e in &mut self.b.model.endpoints {
                        field(e).state = ListState::Partial;
                    }
                }
            }
            Link::External(_) | Link::Absent => {}
        }
    }

    /// The main route table, default security group and default NACL of each VPC.
    fn implicit_objects(&mut self) {
        self.b.add_implicit_objects();
        // An adopted main table belongs to the VPC that created it (its `vpc_id` is
        // computed, so unknown on create).
        for (v, &t) in self.original_main.iter().enumerate() {
            let vpc = VpcId(v as u32);
            if t != self.b.main_table_of(vpc) {
                if let Some(rt) = self.b.model.route_tables.get_mut(t.index()) {
                    rt.vpc = Link::To(vpc);
                }
            }
        }
    }

    fn vpc(&mut self, i: usize) {
        let Some(Some(Obj::Vpc(id))) = self.obj.get(i).copied() else { return };
        let meta = self.meta(i);
        let mut cidrs = Vec::new();
        let cidr = self.cidr_attr(i, "cidr_block");
        if !matches!(cidr.val, Val::Absent) {
            cidrs.push(cidr);
        }
        let ipv6 = match (self.raw(i, "ipv6_cidr_block"), self.raw(i, "assign_generated_ipv6_cidr_block")) {
            (Ok(_), _) => Val::Known(true),
            (_, Ok(n)) if matches!(self.tree.node(n).kind, Kind::Bool(true)) => Val::Known(true),
            (Err(true), _)
                if self.expr(i, "ipv6_cidr_block").is_some() || self.expr(i, "ipv6_ipam_pool_id").is_some() =>
            {
                Val::Known(true)
            }
            _ => Val::Known(false),
        };
        let vpc = Vpc {
            cidrs,
            ipv6,
            dns_support: self.bool_attr(i, "enable_dns_support", Some(true)),
            // Optional+Computed with no default: unset on create leaves AWS's false.
            dns_hostnames: self.bool_attr(i, "enable_dns_hostnames", Some(false)),
            main_route_table: Link::To(
                self.original_main.get(id.index()).copied().unwrap_or_else(|| self.b.main_table_of(id)),
            ),
            default_security_group: self
                .default_sgs
                .get(id.index())
                .copied()
                .unwrap_or_else(|| self.b.default_sg_of(id)),
            default_nacl: None,
            meta,
        };
        self.b.add_vpc(vpc);
    }

    fn subnet(&mut self, i: usize) {
        let meta = self.meta(i);
        let subnet = Subnet {
            vpc: self.link(i, "vpc_id", &vpc_want),
            cidr: self.cidr_attr(i, "cidr_block"),
            ipv6_cidr: self.cidr_attr(i, "ipv6_cidr_block"),
            availability_zone: self.string_attr(i, "availability_zone"),
            map_public_ip_on_launch: self.bool_attr(i, "map_public_ip_on_launch", Some(false)),
            meta,
        };
        self.b.model.subnets.push(subnet);
    }

    fn route_table(&mut self, i: usize, adopted_main: bool) {
        let Some(Some(Obj::RouteTable(id))) = self.obj.get(i).copied() else { return };
        let meta = self.meta(i);
        let vpc = self.link(i, "vpc_id", &vpc_want);
        // Inline `route` blocks (attributes-as-blocks). Unset on create: no inline routes.
        let mut routes_known = true;
        match self.raw(i, "route") {
            Ok(n) => match self.tree.items(n) {
                Some(items) => {
                    let items = items.to_vec();
                    for (idx, item) in items.into_iter().enumerate() {
                        self.inline_route(i, id, item, idx);
                    }
                }
                None => routes_known = false,
            },
            Err(true) => {
                if !self.unset_on_create(i, "route") {
                    routes_known = false;
                }
            }
            Err(false) => {}
        }
        let _ = adopted_main;
        self.b.model.route_tables.push(RouteTable { meta, vpc, implicit_main_of: None, routes_known });
    }

    const TARGET_KEYS: [(&'static str, TargetKind); 12] = [
        ("gateway_id", TargetKind::Unknown),
        ("nat_gateway_id", TargetKind::NatGateway),
        ("instance_id", TargetKind::NatInstance),
        ("network_interface_id", TargetKind::NetworkInterface),
        ("transit_gateway_id", TargetKind::TransitGateway),
        ("vpc_peering_connection_id", TargetKind::Peering),
        ("vpc_endpoint_id", TargetKind::GatewayLoadBalancerEndpoint),
        ("egress_only_gateway_id", TargetKind::EgressOnlyInternetGateway),
        ("carrier_gateway_id", TargetKind::CarrierGateway),
        ("local_gateway_id", TargetKind::LocalGateway),
        ("core_network_arn", TargetKind::CoreNetwork),
        ("odb_network_arn", TargetKind::Unknown),
    ];

    /// One inline route of an `aws_route_table`; targets that are unknown are resolved
    /// through the configuration block with the same destination.
    fn inline_route(&mut self, i: usize, table: RouteTableId, item: NodeId, idx: usize) {
        let tree = self.tree;
        let span = self.node_span(item);
        let meta = Meta { span, ..self.meta(i) };
        let get = |k: &str| {
            tree.get(item, k).filter(|&n| !matches!(tree.node(n).kind, Kind::Null) && tree.str(n) != Some(""))
        };
        let destination = if let Some(n) = get("cidr_block").or_else(|| get("ipv6_cidr_block")) {
            let val = tree
                .scalar_text(n)
                .and_then(|s| Cidr::parse(&s))
                .map_or(Val::Unknown, |c| Val::Known(Destination::Cidr(c)));
            Attr::explicit(val, self.node_span(n))
        } else if let Some(n) = get("destination_prefix_list_id") {
            let id = tree.scalar_text(n).map_or(Val::Unknown, |s| Val::Known(s.to_string()));
            Attr::explicit(Val::Known(Destination::PrefixList(id)), self.node_span(n))
        } else {
            Attr::explicit(Val::Unknown, span)
        };
        let unknown_item = self
            .inst(i)
            .and_then(|x| x.unknown)
            .and_then(|u| tree.get(u, "route"))
            .and_then(|u| tree.items(u))
            .and_then(|u| u.get(idx).copied());
        let mut target = Attr::absent(span);
        for (key, by_name) in Self::TARGET_KEYS {
            if let Some(n) = get(key) {
                let t = tree.scalar_text(n).map(|s| self.target_by_id(&s, by_name));
                target = Attr::explicit(
                    Val::Known(t.unwrap_or(Target { kind: by_name, link: Link::Unknown })),
                    self.node_span(n),
                );
                break;
            }
            let unknown = unknown_item
                .and_then(|u| tree.get(u, key))
                .is_some_and(|u| matches!(tree.node(u).kind, Kind::Bool(true)));
            if unknown {
                let dest_text = get("cidr_block").and_then(|n| tree.scalar_text(n)).map(|s| s.to_string());
                let t = self.inline_route_target(i, key, by_name, dest_text.as_deref());
                target = Attr::explicit(Val::Known(t), span);
                break;
            }
        }
        self.b.model.routes.push(Route { meta, table: Link::To(table), destination, target, span });
    }

    /// The target of an inline route that is known only after apply, followed through the
    /// table's `route` configuration. Written as blocks, each block has its own expressions
    /// and is found by destination. The AWS provider's `route` is an attribute set in block
    /// syntax, which the plan shows as one expression for all blocks: its references are
    /// narrowed to what attribute `key` can name.
    fn inline_route_target(&self, i: usize, key: &str, by_name: TargetKind, dest: Option<&str>) -> Target {
        let tree = self.tree;
        let unknown = Target { kind: by_name, link: Link::Unknown };
        let (Some(config), Some(inst)) = (self.expr(i, "route"), self.inst(i)) else { return unknown };
        let pairing = self.pairing_of(i);
        if let Some(blocks) = tree.items(config) {
            let block = blocks.iter().copied().find(|&b| {
                let c = tree.get(b, "cidr_block").and_then(|c| tree.get(c, "constant_value")).and_then(|c| tree.str(c));
                dest.is_some() && c == dest
            });
            return match block.and_then(|b| tree.get(b, key)) {
                Some(expr) => self.target_from(self.resolve_expr(expr, &inst.module, &pairing, 0), by_name),
                None => unknown,
            };
        }
        let res = self.resolve_expr(config, &inst.module, &pairing, 0);
        if res.incomplete {
            return unknown;
        }
        let mut fitting = Resolution::default();
        for (t, attr) in res.targets {
            let Some(o) = self.obj.get(t).copied().flatten() else { continue };
            let gateway = matches!(o, Obj::Igw(_) | Obj::Nat(_) | Obj::Endpoint(_) | Obj::Other(_));
            if gateway
                && matches!(attr.as_deref(), None | Some("id"))
                && fits_target(key, self.target_of_obj(t, o, by_name).kind)
            {
                fitting.targets.push((t, attr));
            }
        }
        fitting.literals = res.literals.into_iter().filter(|l| fits_target(key, TargetKind::from_id(l))).collect();
        fitting.ambiguous = res.unpinned || fitting.targets.len() + fitting.literals.len() > 1;
        self.target_from(fitting, by_name)
    }

    fn route(&mut self, i: usize) {
        let meta = self.meta(i);
        let table = self.link(i, "route_table_id", &self.table_want());
        let destination = {
            let mut d = Attr::absent(meta.span);
            for key in ["destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"] {
                match self.raw(i, key) {
                    Ok(n) => {
                        let text = self.tree.scalar_text(n).map(|s| s.to_string());
                        let val = if key == "destination_prefix_list_id" {
                            Val::Known(Destination::PrefixList(text.map_or(Val::Unknown, Val::Known)))
                        } else {
                            text.and_then(|s| Cidr::parse(&s))
                                .map_or(Val::Unknown, |c| Val::Known(Destination::Cidr(c)))
                        };
                        d = Attr::explicit(val, self.node_span(n));
                        break;
                    }
                    Err(true) if self.expr(i, key).is_some() || !self.has_configuration => {
                        d = Attr::explicit(Val::Unknown, self.attr_span(i, key));
                        break;
                    }
                    Err(_) => {}
                }
            }
            d
        };
        // Optional+Computed targets (instance_id, network_interface_id) show as unknown on
        // create even when unset, so a target counts only with a value or an expression.
        let mut target = Attr::absent(meta.span);
        for (key, by_name) in Self::TARGET_KEYS {
            match self.raw(i, key) {
                Ok(n) => {
                    let t = match self.tree.scalar_text(n) {
                        Some(s) => self.target_by_id(&s, by_name),
                        None => Target { kind: by_name, link: Link::Unknown },
                    };
                    target = Attr::explicit(Val::Known(t), self.node_span(n));
                    break;
                }
                Err(true) if self.expr(i, key).is_some() => {
                    let res = self.resolve_attr(i, key);
                    target = Attr::explicit(Val::Known(self.target_from(res, by_name)), self.attr_span(i, key));
                    break;
                }
                Err(true) if !self.has_configuration => {
                    target = Attr::explicit(Val::Unknown, self.attr_span(i, key));
                }
                Err(_) => {}
            }
        }
        let span = meta.span;
        self.b.model.routes.push(Route { meta, table, destination, target, span });
    }

    fn target_by_id(&self, id: &str, by_name: TargetKind) -> Target {
        match self.by_id.get(id).and_then(|&(inst, _)| self.obj.get(inst).copied().flatten().map(|o| (inst, o))) {
            Some((inst, o)) => self.target_of_obj(inst, o, by_name),
            None => {
                let kind = match TargetKind::from_id(id) {
                    TargetKind::Unknown => by_name,
                    k => k,
                };
                Target { kind, link: Link::External(id.to_string()) }
            }
        }
    }

    fn target_of_obj(&self, inst: usize, o: Obj, by_name: TargetKind) -> Target {
        match o {
            Obj::Igw(g) => Target { kind: TargetKind::InternetGateway, link: Link::To(TargetRef::Igw(g)) },
            Obj::Nat(n) => Target { kind: TargetKind::NatGateway, link: Link::To(TargetRef::Nat(n)) },
            Obj::Endpoint(e) => {
                let gateway = self
                    .inst(inst)
                    .and_then(|x| x.values)
                    .and_then(|v| self.tree.get(v, "vpc_endpoint_type"))
                    .and_then(|t| self.tree.str(t))
                    == Some("Gateway");
                let kind = if gateway { TargetKind::GatewayEndpoint } else { TargetKind::GatewayLoadBalancerEndpoint };
                Target { kind, link: Link::To(TargetRef::Endpoint(e)) }
            }
            // By type, not from `m.other_targets`: inline routes are built before every
            // other target is.
            Obj::Other(x) => {
                let kind = self.inst(inst).map_or(by_name, |i| other_target_kind(&i.rtype));
                Target { kind, link: Link::To(TargetRef::Other(x)) }
            }
            _ => Target { kind: by_name, link: Link::Unknown },
        }
    }

    fn target_from(&self, res: Resolution, by_name: TargetKind) -> Target {
        if res.incomplete || (res.targets.is_empty() && res.literals.is_empty()) {
            return Target { kind: by_name, link: Link::Unknown };
        }
        let mut targets: Vec<Target> = res
            .targets
            .iter()
            .filter_map(|&(inst, _)| {
                self.obj.get(inst).copied().flatten().map(|o| self.target_of_obj(inst, o, by_name))
            })
            .collect();
        targets.extend(res.literals.iter().map(|l| self.target_by_id(l, by_name)));
        let kind = match targets.first() {
            Some(f) if targets.iter().all(|t| t.kind == f.kind) => f.kind,
            _ => TargetKind::Unknown,
        };
        let links: Vec<TargetRef> = targets.iter().filter_map(|t| t.link.to()).collect();
        let link = match links.as_slice() {
            [one] if !res.ambiguous && targets.len() == 1 => Link::To(*one),
            [] => targets.first().map_or(Link::Unknown, |t| t.link.clone()),
            _ => Link::OneOf(links),
        };
        Target { kind, link }
    }

    fn nat(&mut self, i: usize) {
        let meta = self.meta(i);
        let public = match self.string_attr(i, "connectivity_type") {
            Attr { val: Val::Known(s), span, .. } => {
                Attr::explicit(Val::Known(!s.eq_ignore_ascii_case("private")), span)
            }
            Attr { val: Val::Unknown, span, .. } if !self.unset_on_create(i, "connectivity_type") => {
                Attr::explicit(Val::Unknown, span)
            }
            a => Attr::default(true, a.span),
        };
        let regional = matches!(self.string_attr(i, "availability_mode").val, Val::Known(ref s) if s.eq_ignore_ascii_case("regional"));
        let nat = NatGateway {
            subnet: self.link(i, "subnet_id", &subnet_want),
            vpc: self.link(i, "vpc_id", &vpc_want),
            public,
            regional,
            meta,
        };
        self.b.model.nat_gateways.push(nat);
    }

    fn endpoint(&mut self, i: usize) {
        let meta = self.meta(i);
        let service = {
            let s = self.string_attr(i, "service_name");
            match s.val {
                Val::Known(text) => {
                    let region_mark = '\u{1}';
                    let parsed = split_service_name(&text, text.clone(), region_mark, '\u{2}');
                    Attr::explicit(Val::Known(parsed), s.span)
                }
                Val::Unknown => Attr::explicit(Val::Unknown, s.span),
                Val::Absent => Attr::absent(s.span),
            }
        };
        let endpoint_type = {
            let s = self.string_attr(i, "vpc_endpoint_type");
            match s.val {
                Val::Known(t) => Attr::explicit(EndpointType::parse(&t).map_or(Val::Unknown, Val::Known), s.span),
                Val::Unknown if !self.unset_on_create(i, "vpc_endpoint_type") => Attr::explicit(Val::Unknown, s.span),
                _ => Attr::default(EndpointType::Gateway, s.span),
            }
        };
        let ep = Endpoint {
            vpc: self.link(i, "vpc_id", &vpc_want),
            service,
            endpoint_type,
            route_tables: self.link_list(i, "route_table_ids", &self.table_want()),
            subnets: self.link_list(i, "subnet_ids", &subnet_want),
            security_groups: self.link_list(i, "security_group_ids", &self.sg_want()),
            private_dns: self.bool_attr(i, "private_dns_enabled", Some(false)),
            policy: self.raw(i, "policy").ok().map(|n| self.node_span(n)),
            meta,
        };
        self.b.model.endpoints.push(ep);
    }

    fn security_group(&mut self, i: usize, adopted_default: bool) {
        let Some(Some(Obj::Sg(id))) = self.obj.get(i).copied() else { return };
        let meta = self.meta(i);
        let vpc = match self.raw(i, "vpc_id") {
            Err(false) if !adopted_default => Link::External("the default VPC".to_string()),
            Err(true) if !adopted_default && self.unset_on_create(i, "vpc_id") => {
                Link::External("the default VPC".to_string())
            }
            _ => self.link(i, "vpc_id", &vpc_want),
        };
        let mut rules_known = true;
        let mut defaulted_inline = Vec::new();
        for (key, direction) in [("ingress", Direction::Ingress), ("egress", Direction::Egress)] {
            match self.raw(i, key) {
                Ok(n) => match self.tree.items(n) {
                    Some(items) => {
                        let unknown: Vec<NodeId> = self
                            .inst(i)
                            .and_then(|x| x.unknown)
                            .and_then(|u| self.tree.get(u, key))
                            .and_then(|u| self.tree.items(u))
                            .map(<[NodeId]>::to_vec)
                            .unwrap_or_default();
                        for (idx, &item) in items.to_vec().iter().enumerate() {
                            self.inline_sg_rule(&meta, id, direction, item, unknown.get(idx).copied());
                        }
                    }
                    None => rules_known = false,
                },
                // Omitted blocks on create: Terraform creates the group with no inline rules
                // (it even removes AWS's default egress).
                Err(true) if self.unset_on_create(i, key) => defaulted_inline.push(direction),
                Err(true) => rules_known = false,
                Err(false) => {}
            }
        }
        self.b.model.security_groups.push(SecurityGroup {
            meta,
            vpc,
            is_default: adopted_default,
            implicit: false,
            rules_known,
            defaulted_inline,
        });
    }

    /// An inline `ingress`/`egress` block: one rule per source it lists. `unknown` is the
    /// block's `after_unknown` element: a source known only after apply is omitted from
    /// `after` and must count as an unknown source, not as none.
    fn inline_sg_rule(
        &mut self,
        meta: &Meta,
        group: SgId,
        direction: Direction,
        item: NodeId,
        unknown: Option<NodeId>,
    ) {
        let tree = self.tree;
        let span = self.node_span(item);
        let unknown_source = |k: &str| {
            tree.get(item, k).is_none() && unknown.and_then(|u| tree.get(u, k)).is_some_and(|u| marks_unknown(tree, u))
        };
        let protocol = match tree.get(item, "protocol").and_then(|n| tree.scalar_text(n).map(|s| (s.to_string(), n))) {
            Some((s, n)) => Attr::explicit(Protocol::parse(&s).map_or(Val::Unknown, Val::Known), self.node_span(n)),
            None => Attr::explicit(Val::Unknown, span),
        };
        let ports = if protocol.known().is_some_and(Protocol::all_ports) {
            Attr::default(PortRange::ALL, span)
        } else {
            let from = tree.get(item, "from_port").and_then(|n| self.int_of(n));
            let to = tree.get(item, "to_port").and_then(|n| self.int_of(n));
            let at = tree.get(item, "from_port").map_or(span, |n| self.node_span(n));
            match (from, to) {
                (Some(f), Some(t)) => Attr::explicit(Val::Known(PortRange { from: f as i32, to: t as i32 }), at),
                _ => Attr::explicit(Val::Unknown, at),
            }
        };
        let mut peers: Vec<Attr<Peer>> = Vec::new();
        for key in ["cidr_blocks", "ipv6_cidr_blocks"] {
            for &c in tree.get(item, key).and_then(|n| tree.items(n)).unwrap_or(&[]) {
                let val = tree
                    .scalar_text(c)
                    .and_then(|s| Cidr::parse(&s))
                    .map_or(Val::Unknown, |c| Val::Known(Peer::Cidr(c)));
                peers.push(Attr::explicit(val, self.node_span(c)));
            }
        }
        for &c in tree.get(item, "prefix_list_ids").and_then(|n| tree.items(n)).unwrap_or(&[]) {
            let id = tree.scalar_text(c).map_or(Val::Unknown, |s| Val::Known(s.to_string()));
            peers.push(Attr::explicit(Val::Known(Peer::PrefixList(id)), self.node_span(c)));
        }
        let want = self.sg_want();
        for &c in tree.get(item, "security_groups").and_then(|n| tree.items(n)).unwrap_or(&[]) {
            let link = match tree.scalar_text(c) {
                Some(id) => self.link_id(&id, &want),
                None => Link::Unknown,
            };
            peers.push(Attr::explicit(Val::Known(Peer::Group(link)), self.node_span(c)));
        }
        if tree.get(item, "self").is_some_and(|n| matches!(tree.node(n).kind, Kind::Bool(true))) {
            peers.push(Attr::explicit(Val::Known(Peer::Group(Link::To(group))), span));
        }
        if unknown_source("cidr_blocks") || unknown_source("ipv6_cidr_blocks") || unknown_source("self") {
            peers.push(Attr::explicit(Val::Unknown, span));
        }
        if unknown_source("prefix_list_ids") {
            peers.push(Attr::explicit(Val::Known(Peer::PrefixList(Val::Unknown)), span));
        }
        if unknown_source("security_groups") {
            peers.push(Attr::explicit(Val::Known(Peer::Group(Link::Unknown)), span));
        }
        if peers.is_empty() {
            peers.push(Attr::explicit(Val::Known(Peer::None), span));
        }
        for peer in peers {
            self.b.model.sg_rules.push(SgRule {
                meta: meta.clone(),
                group: Link::To(group),
                direction,
                protocol: protocol.clone(),
                ports: ports.clone(),
                peer,
                span,
            });
        }
    }

    fn sg_rule_resource(&mut self, i: usize) {
        let meta = self.meta(i);
        let direction = match self.string_attr(i, "type").val {
            Val::Known(t) if t == "egress" => Direction::Egress,
            Val::Known(t) if t == "ingress" => Direction::Ingress,
            _ => return,
        };
        let want = self.sg_want();
        let group = self.link(i, "security_group_id", &want);
        let protocol = self.protocol_attr(i, "protocol");
        let ports = self.ports_attr(i, &protocol);
        let span = meta.span;
        let mut peers: Vec<Attr<Peer>> = Vec::new();
        for key in ["cidr_blocks", "ipv6_cidr_blocks"] {
            match self.raw(i, key) {
                Ok(n) => {
                    for &c in self.tree.items(n).unwrap_or(&[]) {
                        let val = self
                            .tree
                            .scalar_text(c)
                            .and_then(|s| Cidr::parse(&s))
                            .map_or(Val::Unknown, |c| Val::Known(Peer::Cidr(c)));
                        peers.push(Attr::explicit(val, self.node_span(c)));
                    }
                }
                Err(true) if self.expr(i, key).is_some() => {
                    peers.push(Attr::explicit(Val::Unknown, self.attr_span(i, key)))
                }
                Err(_) => {}
            }
        }
        match self.raw(i, "prefix_list_ids") {
            Ok(n) => {
                for &c in self.tree.items(n).unwrap_or(&[]) {
                    let id = self.tree.scalar_text(c).map_or(Val::Unknown, |s| Val::Known(s.to_string()));
                    peers.push(Attr::explicit(Val::Known(Peer::PrefixList(id)), self.node_span(c)));
                }
            }
            Err(true) if self.expr(i, "prefix_list_ids").is_some() => peers
                .push(Attr::explicit(Val::Known(Peer::PrefixList(Val::Unknown)), self.attr_span(i, "prefix_list_ids"))),
            Err(_) => {}
        }
        if self.bool_attr(i, "self", Some(false)).known().copied() == Some(true) {
            peers.push(Attr::explicit(Val::Known(Peer::Group(group.clone())), self.attr_span(i, "self")));
        }
        let source = self.link(i, "source_security_group_id", &want);
        if !matches!(source, Link::Absent) {
            // The provider computes source_security_group_id for CIDR rules too: count it only
            // when written in configuration or when no other source is set.
            if self.expr(i, "source_security_group_id").is_some() || peers.is_empty() {
                peers.push(Attr::explicit(
                    Val::Known(Peer::Group(source)),
                    self.attr_span(i, "source_security_group_id"),
                ));
            }
        }
        if peers.is_empty() {
            peers.push(Attr::explicit(Val::Known(Peer::None), span));
        }
        for peer in peers {
            self.b.model.sg_rules.push(SgRule {
                meta: meta.clone(),
                group: group.clone(),
                direction,
                protocol: protocol.clone(),
                ports: ports.clone(),
                peer,
                span,
            });
        }
    }

    fn vpc_sg_rule(&mut self, i: usize, direction: Direction) {
        let meta = self.meta(i);
        let want = self.sg_want();
        let group = self.link(i, "security_group_id", &want);
        let protocol = self.protocol_attr(i, "ip_protocol");
        let ports = self.ports_attr(i, &protocol);
        let peer =
            if let Some(key) = ["cidr_ipv4", "cidr_ipv6"].into_iter().find(|k| !matches!(self.raw(i, k), Err(false))) {
                let c = self.cidr_attr(i, key);
                Attr::explicit(
                    match c.val {
                        Val::Known(c) => Val::Known(Peer::Cidr(c)),
                        _ => Val::Unknown,
                    },
                    c.span,
                )
            } else if !matches!(self.raw(i, "prefix_list_id"), Err(false)) {
                let s = self.string_attr(i, "prefix_list_id");
                Attr::explicit(Val::Known(Peer::PrefixList(s.val)), s.span)
            } else if !matches!(self.raw(i, "referenced_security_group_id"), Err(false)) {
                let link = self.link(i, "referenced_security_group_id", &want);
                Attr::explicit(Val::Known(Peer::Group(link)), self.attr_span(i, "referenced_security_group_id"))
            } else {
                Attr::explicit(Val::Known(Peer::None), meta.span)
            };
        let span = meta.span;
        self.b.model.sg_rules.push(SgRule { meta, group, direction, protocol, ports, peer, span });
    }

    fn protocol_attr(&mut self, i: usize, key: &str) -> Attr<Protocol> {
        let s = self.string_attr(i, key);
        match s.val {
            Val::Known(p) => Attr::explicit(Protocol::parse(&p).map_or(Val::Unknown, Val::Known), s.span),
            Val::Unknown => Attr::explicit(Val::Unknown, s.span),
            Val::Absent => Attr::absent(s.span),
        }
    }

    fn ports_attr(&self, i: usize, protocol: &Attr<Protocol>) -> Attr<PortRange> {
        if protocol.known().is_some_and(Protocol::all_ports) {
            return Attr::default(PortRange::ALL, protocol.span);
        }
        let from = self.raw(i, "from_port").ok().and_then(|n| self.int_of(n));
        let to = self.raw(i, "to_port").ok().and_then(|n| self.int_of(n));
        let span = self.attr_span(i, "from_port");
        match (from, to) {
            (Some(f), Some(t)) => Attr::explicit(Val::Known(PortRange { from: f as i32, to: t as i32 }), span),
            _ if matches!(self.raw(i, "from_port"), Err(false)) && matches!(self.raw(i, "to_port"), Err(false)) => {
                Attr::absent(span)
            }
            _ => Attr::explicit(Val::Unknown, span),
        }
    }

    fn nacl(&mut self, i: usize, adopted_default: bool) {
        let meta = self.meta(i);
        let vpc = self.link(i, "vpc_id", &vpc_want);
        self.b.model.nacls.push(Nacl { meta, vpc, is_default: adopted_default, implicit: false });
    }

    fn nacl_rule(&mut self, i: usize) {
        let meta = self.meta(i);
        let implicit = self.b.implicit();
        let nacl = self.link(i, "network_acl_id", &move |o, a| nacl_want(o, a, implicit));
        let rule_number = match self.raw(i, "rule_number") {
            Ok(n) => Attr::explicit(self.int_of(n).map_or(Val::Unknown, Val::Known), self.node_span(n)),
            Err(_) => Attr::absent(meta.span),
        };
        let egress = self.bool_attr(i, "egress", Some(false)).known().copied().unwrap_or(false);
        let allow = match self.string_attr(i, "rule_action") {
            Attr { val: Val::Known(a), span, .. } => Attr::explicit(Val::Known(a.eq_ignore_ascii_case("allow")), span),
            a => Attr::explicit(Val::Unknown, a.span),
        };
        let protocol = self.protocol_attr(i, "protocol");
        let ports = self.ports_attr(i, &protocol);
        let cidr = if matches!(self.raw(i, "cidr_block"), Err(false)) {
            self.cidr_attr(i, "ipv6_cidr_block")
        } else {
            self.cidr_attr(i, "cidr_block")
        };
        self.b.model.nacl_entries.push(NaclEntry { meta, nacl, rule_number, egress, allow, protocol, ports, cidr });
    }
}

/// The kind of a route target that is neither a gateway nor an endpoint of the model.
fn other_target_kind(rtype: &str) -> TargetKind {
    match rtype {
        "aws_ec2_transit_gateway" => TargetKind::TransitGateway,
        "aws_vpc_peering_connection" => TargetKind::Peering,
        "aws_network_interface" => TargetKind::NetworkInterface,
        "aws_instance" => TargetKind::NatInstance,
        "aws_egress_only_internet_gateway" => TargetKind::EgressOnlyInternetGateway,
        "aws_vpn_gateway" => TargetKind::VirtualPrivateGateway,
        "aws_ec2_carrier_gateway" => TargetKind::CarrierGateway,
        _ => TargetKind::Unknown,
    }
}

/// Whether a route target of `kind` can be named by route attribute `key`.
fn fits_target(key: &str, kind: TargetKind) -> bool {
    use TargetKind::*;
    match key {
        // The API takes NAT and egress-only gateways in gateway_id too.
        "gateway_id" => matches!(
            kind,
            InternetGateway
                | VirtualPrivateGateway
                | NatGateway
                | EgressOnlyInternetGateway
                | GatewayEndpoint
                | GatewayLoadBalancerEndpoint
        ),
        "nat_gateway_id" => kind == NatGateway,
        "instance_id" => kind == NatInstance,
        "network_interface_id" => kind == NetworkInterface,
        "transit_gateway_id" => kind == TransitGateway,
        "vpc_peering_connection_id" => kind == Peering,
        "vpc_endpoint_id" => matches!(kind, GatewayLoadBalancerEndpoint | GatewayEndpoint),
        "egress_only_gateway_id" => kind == EgressOnlyInternetGateway,
        "carrier_gateway_id" => kind == CarrierGateway,
        "local_gateway_id" => kind == LocalGateway,
        "core_network_arn" => kind == CoreNetwork,
        _ => false,
    }
}

/// Whether an `after_unknown` node marks something unknown: `true`, or a list holding `true`.
fn marks_unknown(tree: &Tree<'_>, node: NodeId) -> bool {
    match &tree.node(node).kind {
        Kind::Bool(b) => *b,
        Kind::Seq(items) => items.iter().any(|&x| matches!(tree.node(x).kind, Kind::Bool(true))),
        _ => false,
    }
}

fn merge(into: &mut Resolution, from: Resolution) {
    into.targets.extend(from.targets);
    into.literals.extend(from.literals);
    into.incomplete |= from.incomplete;
    into.ambiguous |= from.ambiguous;
    into.unpinned |= from.unpinned;
}

/// Collects string literals from a constant value (a string or a list of strings).
///
/// A map, or a list of maps or lists, may hold ids this does not read: the resolution is
/// then incomplete, not empty. Numbers, booleans and null hold no ids.
fn collect_literals(tree: &Tree<'_>, node: NodeId, res: &mut Resolution) {
    match &tree.node(node).kind {
        Kind::Str(s) if !s.is_empty() => res.literals.push(s.to_string()),
        Kind::Seq(items) => {
            for &i in items {
                match &tree.node(i).kind {
                    Kind::Str(s) if !s.is_empty() => res.literals.push(s.to_string()),
                    Kind::Map(_) | Kind::Seq(_) => res.incomplete = true,
                    _ => {}
                }
            }
        }
        Kind::Map(_) => res.incomplete = true,
        _ => {}
    }
}

/// Whether an instance's module path matches `scope` (keys are compared where the scope
/// has them).
fn module_matches(inst: &[ModStep], scope: &[ModStep]) -> bool {
    inst.len() == scope.len()
        && inst.iter().zip(scope).all(|(a, b)| a.name == b.name && (b.key.is_none() || a.key == b.key))
}

fn vpc_want(o: Obj, attr: Option<&str>) -> Option<VpcId> {
    match (o, attr) {
        (Obj::Vpc(v), None | Some("id")) => Some(v),
        _ => None,
    }
}

fn subnet_want(o: Obj, attr: Option<&str>) -> Option<SubnetId> {
    match (o, attr) {
        (Obj::Subnet(s), None | Some("id")) => Some(s),
        _ => None,
    }
}

fn endpoint_want(o: Obj, attr: Option<&str>) -> Option<EndpointId> {
    match (o, attr) {
        (Obj::Endpoint(e), None | Some("id")) => Some(e),
        _ => None,
    }
}

fn nacl_want(o: Obj, attr: Option<&str>, implicit: ImplicitIds) -> Option<NaclId> {
    match (o, attr) {
        (Obj::Nacl(n), None | Some("id")) => Some(n),
        (Obj::Vpc(v), Some("default_network_acl_id")) => Some(implicit.default_nacl_of(v)),
        _ => None,
    }
}

// ----- address and reference parsing ----------------------------------------------------

/// A tiny cursor over an address or reference string.
struct Cursor<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn ident(&mut self) -> Option<&'s str> {
        let rest = self.s.get(self.pos..)?;
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        self.pos += len;
        rest.get(..len)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.s.get(self.pos..).is_some_and(|r| r.starts_with(c)) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }

    /// `[0]`, `["a"]` or `[*]` (splat: no key).
    fn key(&mut self) -> Option<Option<Key>> {
        if !self.eat('[') {
            return Some(None);
        }
        let rest = self.s.get(self.pos..)?;
        if let Some(r) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = r.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            out.push(n);
                        }
                    }
                    '"' => {
                        self.pos += 1 + i + 1;
                        return if self.eat(']') { Some(Some(Key::Str(out))) } else { None };
                    }
                    c => out.push(c),
                }
            }
            None
        } else {
            let end = rest.find(']')?;
            let inner = rest.get(..end)?;
            self.pos += end + 1;
            if inner == "*" {
                return Some(None);
            }
            inner.trim().parse::<i64>().ok().map(|n| Some(Key::Int(n)))
        }
    }
}

/// Splits `module.a["x"].module.b.aws_subnet.app[0]` into module path, type, name, key.
fn parse_address(address: &str) -> Option<(Vec<ModStep>, String, String, Option<Key>)> {
    let mut c = Cursor { s: address, pos: 0 };
    let mut module = Vec::new();
    loop {
        let start = c.pos;
        let first = c.ident()?;
        if first == "module" && c.eat('.') {
            let name = c.ident()?.to_string();
            let key = c.key()?;
            module.push(ModStep { name, key });
            if !c.eat('.') {
                return None;
            }
            continue;
        }
        c.pos = start;
        break;
    }
    let rtype = c.ident()?.to_string();
    if !c.eat('.') {
        return None;
    }
    let name = c.ident()?.to_string();
    let key = c.key()?;
    if !c.done() {
        return None;
    }
    Some((module, rtype, name, key))
}

/// Parses a module instance path (`module.a["x"].module.b`), as in `module_address`.
fn parse_module_path(path: &str) -> Option<Vec<ModStep>> {
    let mut c = Cursor { s: path, pos: 0 };
    let mut module = Vec::new();
    while !c.done() {
        if c.ident()? != "module" || !c.eat('.') {
            return None;
        }
        let name = c.ident()?.to_string();
        let key = c.key()?;
        module.push(ModStep { name, key });
        if !c.done() && !c.eat('.') {
            return None;
        }
    }
    Some(module)
}

/// Parses one reference string from `configuration`'s `references`.
fn parse_reference(r: &str) -> Reference {
    let mut c = Cursor { s: r, pos: 0 };
    let Some(first) = c.ident() else { return Reference::Other };
    match first {
        "count" => {
            return if r == "count.index" { Reference::CountIndex } else { Reference::Other };
        }
        "each" => {
            return match c.eat('.').then(|| c.ident()).flatten() {
                Some("key") => Reference::EachKey,
                Some("value") => Reference::EachValue,
                _ => Reference::Other,
            };
        }
        "var" => {
            return match c.eat('.').then(|| c.ident()).flatten() {
                Some(v) => Reference::Var { name: v.to_string(), indexed: !c.done() },
                None => Reference::Other,
            };
        }
        "module" => {
            if !c.eat('.') {
                return Reference::Other;
            }
            let Some(name) = c.ident() else { return Reference::Other };
            let Some(key) = c.key() else { return Reference::Other };
            if !c.eat('.') {
                // `module.m` alone: no output named
                return Reference::ModuleOutput { name: name.to_string(), key, output: String::new(), indexed: false };
            }
            return match c.ident() {
                Some(o) => {
                    Reference::ModuleOutput { name: name.to_string(), key, output: o.to_string(), indexed: !c.done() }
                }
                None => Reference::Other,
            };
        }
        "local" | "data" | "path" | "terraform" | "self" => return Reference::Other,
        _ => {}
    }
    if !c.eat('.') {
        return Reference::Other;
    }
    let Some(name) = c.ident() else { return Reference::Other };
    let Some(key) = c.key() else { return Reference::Other };
    let attr = if c.eat('.') { c.ident().map(str::to_string) } else { None };
    Reference::Resource { rtype: first.to_string(), name: name.to_string(), key, attr }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let (m, t, n, k) = parse_address(r#"module.net["a.b"].module.sub[0].aws_subnet.app["x"]"#).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0], ModStep { name: "net".into(), key: Some(Key::Str("a.b".into())) });
        assert_eq!(m[1], ModStep { name: "sub".into(), key: Some(Key::Int(0)) });
        assert_eq!((t.as_str(), n.as_str(), k), ("aws_subnet", "app", Some(Key::Str("x".into()))));
        assert!(parse_address("aws_vpc.main").is_some());
        assert!(parse_address("garbage").is_none());
        assert!(parse_address("aws_vpc.main[").is_none());
        assert!(parse_address("module.x").is_none());
    }

    #[test]
    fn references() {
        assert_eq!(
            parse_reference("aws_vpc.main.default_route_table_id"),
            Reference::Resource {
                rtype: "aws_vpc".into(),
                name: "main".into(),
                key: None,
                attr: Some("default_route_table_id".into())
            }
        );
        assert_eq!(
            parse_reference("aws_subnet.a[2].id"),
            Reference::Resource {
                rtype: "aws_subnet".into(),
                name: "a".into(),
                key: Some(Key::Int(2)),
                attr: Some("id".into())
            }
        );
        assert_eq!(parse_reference("count.index"), Reference::CountIndex);
        assert_eq!(parse_reference("each.value.id"), Reference::EachValue);
        assert_eq!(parse_reference("each.value"), Reference::EachValue);
        assert_eq!(parse_reference("each.key"), Reference::EachKey);
        assert_eq!(parse_reference("each.keys"), Reference::Other);
        assert_eq!(parse_reference("var.vpc_id"), Reference::Var { name: "vpc_id".into(), indexed: false });
        assert_eq!(parse_reference("var.ids[0]"), Reference::Var { name: "ids".into(), indexed: true });
        assert_eq!(
            parse_reference(r#"module.vpc["x"].vpc_id"#),
            Reference::ModuleOutput {
                name: "vpc".into(),
                key: Some(Key::Str("x".into())),
                output: "vpc_id".into(),
                indexed: false
            }
        );
        assert_eq!(
            parse_reference("module.vpc.private_route_table_ids[0]"),
            Reference::ModuleOutput {
                name: "vpc".into(),
                key: None,
                output: "private_route_table_ids".into(),
                indexed: true
            }
        );
        assert_eq!(
            parse_reference("module.vpc"),
            Reference::ModuleOutput { name: "vpc".into(), key: None, output: String::new(), indexed: false }
        );
        assert_eq!(parse_reference("local.x"), Reference::Other);
        assert_eq!(parse_reference("data.aws_vpc.x.id"), Reference::Other);
    }

    // ----- loading plans ---------------------------------------------------------------

    use serde_json::{Value, json};

    /// A `resource_changes` entry creating `address`, with `after` and `after_unknown`.
    fn create(address: &str, after: Value, unknown: Value) -> Value {
        change(address, "create", after, unknown)
    }

    fn change(address: &str, action: &str, after: Value, unknown: Value) -> Value {
        let (module, rtype, name, key) = parse_address(address).unwrap();
        let mut rc = json!({"address": address, "mode": "managed", "type": rtype, "name": name,
            "change": {"actions": [action], "before": null, "after": after, "after_unknown": unknown}});
        if !module.is_empty() {
            let steps: Vec<String> = module
                .iter()
                .map(|m| match &m.key {
                    None => format!("module.{}", m.name),
                    Some(Key::Int(n)) => format!("module.{}[{n}]", m.name),
                    Some(Key::Str(k)) => format!("module.{}[{}]", m.name, json!(k)),
                })
                .collect();
            rc["module_address"] = json!(steps.join("."));
        }
        match key {
            Some(Key::Int(n)) => rc["index"] = json!(n),
            Some(Key::Str(s)) => rc["index"] = json!(s),
            None => {}
        }
        rc
    }

    /// A configuration resource with `expressions`.
    fn config(address: &str, expressions: Value) -> Value {
        let (_, rtype, name, _) = parse_address(address).unwrap();
        json!({"address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_config_key": "aws", "expressions": expressions})
    }

    fn refs(r: &[&str]) -> Value {
        json!({"references": r})
    }

    fn load_plan(changes: Vec<Value>, root_module: Value, providers: Value) -> Model {
        let doc = json!({"format_version": "1.2", "terraform_version": "1.5.7",
            "resource_changes": changes,
            "configuration": {"provider_config": providers, "root_module": root_module}});
        let text = doc.to_string();
        let tree = crate::load::json::parse(&text).unwrap();
        let (m, problems) = load(&tree, FileId(0));
        assert!(problems.is_empty(), "{problems:?}");
        m
    }

    fn aws(region: &str) -> Value {
        json!({"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
            "expressions": {"region": {"constant_value": region}}}})
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

    fn vpc_main() -> (Value, Value) {
        (
            create("aws_vpc.main", json!({"cidr_block": "10.0.0.0/16"}), json!({"id": true})),
            config("aws_vpc.main", json!({"cidr_block": {"constant_value": "10.0.0.0/16"}})),
        )
    }

    #[test]
    fn module_outputs_resolve_beside_the_bare_module_reference() {
        // Terraform lists `module.net` next to every `module.net.<output>`.
        let (vpc, vpc_config) = vpc_main();
        let m = load_plan(
            vec![
                vpc,
                create("module.net.aws_subnet.app", json!({}), json!({"id": true, "vpc_id": true})),
                create("aws_route_table.rt", json!({}), json!({"id": true, "vpc_id": true})),
                create(
                    "aws_route_table_association.app",
                    json!({}),
                    json!({"subnet_id": true, "route_table_id": true}),
                ),
                create(
                    "aws_route_table_association.whole",
                    json!({}),
                    json!({"subnet_id": true, "route_table_id": true}),
                ),
            ],
            json!({
                "resources": [vpc_config,
                    config("aws_route_table.rt", json!({"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])})),
                    config("aws_route_table_association.app", json!({
                        "subnet_id": refs(&["module.net.subnet_id", "module.net"]),
                        "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])})),
                    config("aws_route_table_association.whole", json!({
                        "subnet_id": refs(&["module.net"]),
                        "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])}))],
                "module_calls": {"net": {"source": "./net",
                    "expressions": {"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])},
                    "module": {
                        "outputs": {"subnet_id": {"expression": refs(&["aws_subnet.app.id", "aws_subnet.app"])}},
                        "resources": [config("aws_subnet.app", json!({"vpc_id": refs(&["var.vpc_id"])}))],
                        "variables": {"vpc_id": {}}}}}
            }),
            aws("eu-west-1"),
        );
        let app = subnet_id(&m, "module.net.aws_subnet.app");
        assert_eq!(m.subnets[app.index()].vpc, Link::To(VpcId(0)));
        assert_eq!(m.associations[0].subnet, Link::To(app));
        // The whole module object names no one output: unknown.
        assert_eq!(m.associations[1].subnet, Link::Unknown);
    }

    #[test]
    fn inline_rule_sources_known_after_apply_are_unknown_not_absent() {
        let (vpc, vpc_config) = vpc_main();
        let block = json!({"description": "", "from_port": 443, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
            "protocol": "tcp", "self": false, "to_port": 443});
        let mut from_group = block.clone();
        from_group["cidr_blocks"] = json!([]);
        let mut from_cidrs = block.clone();
        from_cidrs["security_groups"] = json!([]);
        let m = load_plan(
            vec![
                vpc,
                create(
                    "aws_security_group.ep",
                    json!({"ingress": [from_group, from_cidrs]}),
                    json!({"id": true, "vpc_id": true, "egress": true, "ingress": [
                        {"cidr_blocks": [], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": true},
                        {"cidr_blocks": true, "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}]}),
                ),
            ],
            json!({"resources": [vpc_config, config("aws_security_group.ep", json!({
                "vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"]),
                "ingress": refs(&["aws_security_group.clients.id", "aws_security_group.clients", "local.cidrs"])}))]}),
            aws("eu-west-1"),
        );
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
        // references are narrowed to what each target attribute can name.
        let (vpc, vpc_config) = vpc_main();
        let empty = json!({"carrier_gateway_id": "", "core_network_arn": "", "destination_prefix_list_id": "",
            "egress_only_gateway_id": "", "gateway_id": "", "ipv6_cidr_block": "", "local_gateway_id": "",
            "nat_gateway_id": "", "network_interface_id": "", "transit_gateway_id": "", "vpc_endpoint_id": "",
            "vpc_peering_connection_id": ""});
        let mut to_nat = empty.clone();
        to_nat["cidr_block"] = json!("0.0.0.0/0");
        to_nat.as_object_mut().unwrap().remove("nat_gateway_id");
        let mut to_tgw = empty.clone();
        to_tgw["cidr_block"] = json!("192.168.0.0/16");
        to_tgw.as_object_mut().unwrap().remove("transit_gateway_id");
        let mut to_vpn = empty.clone();
        to_vpn["cidr_block"] = json!("172.16.0.0/12");
        to_vpn.as_object_mut().unwrap().remove("gateway_id");
        let mut changes = vec![vpc];
        let mut resources = vec![vpc_config];
        for k in 0..2 {
            changes.push(create(&format!("aws_nat_gateway.nat[{k}]"), json!({}), json!({"id": true})));
            changes.push(create(
                &format!("aws_route_table.private[{k}]"),
                json!({"route": [to_nat, to_tgw, to_vpn]}),
                json!({"id": true, "vpc_id": true,
                    "route": [{"nat_gateway_id": true}, {"transit_gateway_id": true}, {"gateway_id": true}]}),
            ));
        }
        // Targets declared after the tables in address order.
        changes.push(create("aws_vpn_gateway.vpn", json!({}), json!({"id": true})));
        changes.push(create("aws_ec2_transit_gateway.tgw", json!({}), json!({"id": true})));
        resources.push(config("aws_nat_gateway.nat", json!({})));
        resources.push(config("aws_vpn_gateway.vpn", json!({})));
        resources.push(config("aws_ec2_transit_gateway.tgw", json!({})));
        resources.push(config(
            "aws_route_table.private",
            json!({
            "vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"]),
            "route": refs(&["aws_nat_gateway.nat", "count.index", "aws_ec2_transit_gateway.tgw.id",
                "aws_ec2_transit_gateway.tgw", "aws_vpn_gateway.vpn.id", "aws_vpn_gateway.vpn"])}),
        ));
        let m = load_plan(changes, json!({"resources": resources}), aws("eu-west-1"));
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
        let root = json!({"module_calls": {"vpc": {"source": "./vpc",
            "expressions": {"region": {"constant_value": "us-east-1"}},
            "module": {"variables": {"region": {}}}}}});
        let mut providers = aws("eu-west-1");
        providers["module.vpc:aws"] =
            json!({"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "module_address": "module.vpc"});
        let m = load_plan(Vec::new(), root.clone(), providers.clone());
        assert_eq!(m.region.as_deref(), Some("eu-west-1"));
        // A module's own provider block with its own region: the regions disagree.
        providers["module.vpc:aws"]["expressions"] = json!({"region": refs(&["var.region"])});
        let m = load_plan(Vec::new(), root.clone(), providers.clone());
        assert_eq!(m.region, None);
        let mut root = root;
        root["module_calls"]["vpc"]["expressions"]["region"] = json!({"constant_value": "eu-west-1"});
        let m = load_plan(Vec::new(), root, providers);
        assert_eq!(m.region.as_deref(), Some("eu-west-1"));
        // No region at all comes from the environment.
        let m = load_plan(Vec::new(), json!({}), json!({"aws": {"name": "aws"}}));
        assert_eq!(m.region, None);
    }

    #[test]
    fn default_route_table_adopts_the_main_table_by_id_and_by_reference() {
        // Known ids: the adopted table carries the id the VPC exports as its main table.
        let vpc = change(
            "aws_vpc.main",
            "no-op",
            json!({"id": "vpc-1", "cidr_block": "10.0.0.0/16", "default_route_table_id": "rtb-1",
                "main_route_table_id": "rtb-1", "default_security_group_id": "sg-1"}),
            json!({}),
        );
        let adopted = change(
            "aws_default_route_table.main",
            "no-op",
            json!({"id": "rtb-1", "default_route_table_id": "rtb-1", "vpc_id": "vpc-1", "route": []}),
            json!({}),
        );
        let route = change(
            "aws_route.default",
            "no-op",
            json!({"route_table_id": "rtb-1", "destination_cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}),
            json!({}),
        );
        let m = load_plan(vec![adopted, route, vpc], json!({}), aws("eu-west-1"));
        let t = table_id(&m, "aws_default_route_table.main");
        assert_eq!(m.vpcs[0].main_route_table, Link::To(t));
        assert_eq!(m.route_tables[t.index()].vpc, Link::To(VpcId(0)));
        assert!(m.route_tables[t.index()].routes_known);
        assert_eq!(m.routes[0].table, Link::To(t));

        // New VPC: references to `default_route_table_id` name the adopted table too.
        let (vpc, vpc_config) = vpc_main();
        let m = load_plan(
            vec![
                vpc,
                create(
                    "aws_default_route_table.main",
                    json!({}),
                    json!({"id": true, "vpc_id": true, "route": true,
                    "default_route_table_id": true}),
                ),
                create(
                    "aws_route.default",
                    json!({"destination_cidr_block": "0.0.0.0/0"}),
                    json!({"route_table_id": true, "gateway_id": true}),
                ),
            ],
            json!({"resources": [vpc_config,
                config("aws_default_route_table.main", json!({"default_route_table_id":
                    refs(&["aws_vpc.main.default_route_table_id", "aws_vpc.main"])})),
                config("aws_route.default", json!({
                    "route_table_id": refs(&["aws_vpc.main.main_route_table_id", "aws_vpc.main"]),
                    "destination_cidr_block": {"constant_value": "0.0.0.0/0"},
                    "gateway_id": refs(&["var.igw_id"])}))],
                "variables": {"igw_id": {"default": "igw-1"}}}),
            aws("eu-west-1"),
        );
        let t = table_id(&m, "aws_default_route_table.main");
        assert_eq!(m.vpcs[0].main_route_table, Link::To(t));
        assert_eq!(m.route_tables[t.index()].vpc, Link::To(VpcId(0)));
        assert_eq!(m.routes[0].table, Link::To(t));
    }

    #[test]
    fn references_that_cannot_be_pinned_leave_lists_partial() {
        let (vpc, vpc_config) = vpc_main();
        let m = load_plan(
            vec![
                vpc,
                create("module.vpc.aws_route_table.private[0]", json!({}), json!({"id": true})),
                create("module.vpc.aws_route_table.private[1]", json!({}), json!({"id": true})),
                create(
                    "aws_vpc_endpoint.one",
                    json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                    json!({"id": true, "route_table_ids": true}),
                ),
                create(
                    "aws_vpc_endpoint.all",
                    json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                    json!({"id": true, "route_table_ids": true}),
                ),
                create(
                    "aws_vpc_endpoint.each[\"a\"]",
                    json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                    json!({"id": true, "route_table_ids": true}),
                ),
            ],
            json!({"resources": [vpc_config,
                config("aws_vpc_endpoint.one", json!({"route_table_ids":
                    refs(&["module.vpc.private_route_table_ids[0]", "module.vpc.private_route_table_ids", "module.vpc"])})),
                config("aws_vpc_endpoint.all", json!({"route_table_ids":
                    refs(&["module.vpc.private_route_table_ids", "module.vpc"])})),
                {"address": "aws_vpc_endpoint.each", "mode": "managed", "type": "aws_vpc_endpoint", "name": "each",
                    "expressions": {"route_table_ids": refs(&["each.value"])},
                    "for_each_expression": refs(&["local.tables"])}],
                "module_calls": {"vpc": {"source": "./vpc", "module": {
                    "outputs": {"private_route_table_ids": {"expression": refs(&["aws_route_table.private"])}},
                    "resources": [config("aws_route_table.private", json!({}))]}}}}),
            aws("eu-west-1"),
        );
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
        let endpoint = |name: &str| {
            create(
                &format!("aws_vpc_endpoint.{name}"),
                json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                json!({"id": true, "route_table_ids": true, "vpc_id": true}),
            )
        };
        let doc = json!({"format_version": "1.2",
            "variables": {"tables": {"value": ["rtb-1", "rtb-2"]}, "by_az": {"value": {"a": "rtb-1"}}},
            "resource_changes": [endpoint("indexed"), endpoint("map"), endpoint("whole")],
            "configuration": {"provider_config": aws("eu-west-1"), "root_module": {"resources": [
                config("aws_vpc_endpoint.indexed", json!({"route_table_ids": refs(&["var.tables[0]", "var.tables"])})),
                config("aws_vpc_endpoint.map", json!({"route_table_ids": refs(&["var.by_az"])})),
                config("aws_vpc_endpoint.whole", json!({"route_table_ids": refs(&["var.tables"])}))]}}});
        let text = doc.to_string();
        let tree = crate::load::json::parse(&text).unwrap();
        let (m, _) = load(&tree, FileId(0));
        let tables = |n: usize| (m.endpoints[n].route_tables.state, m.endpoints[n].route_tables.items.len());
        assert_eq!(tables(0), (ListState::Partial, 0));
        assert_eq!(tables(1), (ListState::Partial, 0));
        assert_eq!(tables(2), (ListState::Known, 2));
    }

    #[test]
    fn module_call_arguments_pair_with_the_module_instance_key() {
        let (vpc, vpc_config) = vpc_main();
        let mut changes = vec![vpc, create("aws_route_table.rt", json!({}), json!({"id": true}))];
        for k in ["a", "b"] {
            changes.push(create(&format!("aws_subnet.s[\"{k}\"]"), json!({}), json!({"id": true, "vpc_id": true})));
            changes.push(create(
                &format!("module.assoc[\"{k}\"].aws_route_table_association.this"),
                json!({}),
                json!({"subnet_id": true, "route_table_id": true}),
            ));
        }
        let m = load_plan(
            changes,
            json!({"resources": [vpc_config, config("aws_route_table.rt", json!({})),
                    config("aws_subnet.s", json!({"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])}))],
                "module_calls": {"assoc": {"source": "./assoc",
                    "expressions": {"subnet_id": refs(&["aws_subnet.s", "each.key"]),
                        "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])},
                    "for_each_expression": refs(&["aws_subnet.s"]),
                    "module": {"resources": [config("aws_route_table_association.this", json!({
                        "subnet_id": refs(&["var.subnet_id"]), "route_table_id": refs(&["var.route_table_id"])}))],
                        "variables": {"subnet_id": {}, "route_table_id": {}}}}}}),
            aws("eu-west-1"),
        );
        for k in ["a", "b"] {
            let a = m.associations.iter().find(|a| a.meta.name.contains(&format!("[\"{k}\"]"))).unwrap();
            assert_eq!(a.subnet, Link::To(subnet_id(&m, &format!("aws_subnet.s[\"{k}\"]"))));
            assert_eq!(a.table, Link::To(table_id(&m, "aws_route_table.rt")));
        }
    }

    #[test]
    fn count_pairing_links_every_instance() {
        // Each association finds its subnet by key; many instances stay correct (and fast).
        const N: usize = 3000;
        let (vpc, vpc_config) = vpc_main();
        let mut changes = vec![vpc, create("aws_route_table.rt", json!({}), json!({"id": true}))];
        for k in 0..N {
            changes.push(create(&format!("aws_subnet.s[{k}]"), json!({}), json!({"id": true, "vpc_id": true})));
            changes.push(create(
                &format!("aws_route_table_association.a[{k}]"),
                json!({}),
                json!({"subnet_id": true, "route_table_id": true}),
            ));
        }
        let m = load_plan(
            changes,
            json!({"resources": [vpc_config, config("aws_route_table.rt", json!({})),
                config("aws_subnet.s", json!({"vpc_id": refs(&["aws_vpc.main.id", "aws_vpc.main"])})),
                config("aws_route_table_association.a", json!({
                    "subnet_id": refs(&["aws_subnet.s", "count.index"]),
                    "route_table_id": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])}))]}),
            aws("eu-west-1"),
        );
        assert_eq!(m.associations.len(), N);
        for a in &m.associations {
            let key = a.meta.name.trim_start_matches("aws_route_table_association.a");
            let s = a.subnet.to().unwrap();
            assert_eq!(m.subnets[s.index()].meta.name, format!("aws_subnet.s{key}"));
        }
    }

    #[test]
    fn module_references_without_a_key_match_every_module_instance() {
        // `module.net.ids` for a module with `count`: every instance's tables are candidates.
        let (vpc, vpc_config) = vpc_main();
        let m = load_plan(
            vec![
                vpc,
                create("module.net[0].aws_route_table.rt", json!({}), json!({"id": true})),
                create("module.net[1].aws_route_table.rt", json!({}), json!({"id": true})),
                create(
                    "aws_vpc_endpoint.s3",
                    json!({"service_name": "com.amazonaws.eu-west-1.s3"}),
                    json!({"id": true, "route_table_ids": true}),
                ),
            ],
            json!({"resources": [vpc_config, config("aws_vpc_endpoint.s3", json!({
                    "route_table_ids": refs(&["module.net.ids", "module.net"])}))],
                "module_calls": {"net": {"source": "./net", "count_expression": {"constant_value": 2},
                    "module": {"outputs": {"ids": {"expression": refs(&["aws_route_table.rt.id", "aws_route_table.rt"])}},
                        "resources": [config("aws_route_table.rt", json!({}))]}}}}),
            aws("eu-west-1"),
        );
        let tables = &m.endpoints[0].route_tables;
        assert_eq!(tables.state, ListState::Known);
        assert!(tables.has(table_id(&m, "module.net[0].aws_route_table.rt")));
        assert!(tables.has(table_id(&m, "module.net[1].aws_route_table.rt")));
    }

    #[test]
    fn module_paths() {
        let p = parse_module_path(r#"module.a["x"].module.b[2]"#).unwrap();
        assert_eq!(
            p,
            [
                ModStep { name: "a".into(), key: Some(Key::Str("x".into())) },
                ModStep { name: "b".into(), key: Some(Key::Int(2)) }
            ]
        );
        assert_eq!(parse_module_path(""), Some(Vec::new()));
        assert!(parse_module_path("module.").is_none());
        assert!(parse_module_path("aws_vpc.main").is_none());
    }
}
