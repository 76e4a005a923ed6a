//! The managed resource instances of a plan: from `resource_changes` (`after`,
//! `after_unknown`), then `planned_values` and state-shaped `values` (root and child
//! modules) for what the changes do not list, each paired with its configuration resource
//! and indexed by configuration address and module instance.

use std::collections::{HashMap, HashSet};

use super::address::{Key, ModStep, parse_address};
use super::configuration::Configuration;
use crate::load::Problem;
use crate::source::{FileId, Span};
use crate::syntax::tree::{Kind, NodeId, Range, Tree};

/// What a planned change does to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Create,
    /// Exists before and after (no-op, update, read, state).
    Existing,
    /// Replaced: a new object with new ids.
    Replace,
}

/// A managed resource instance.
#[derive(Debug, Clone)]
pub(super) struct Inst {
    pub address: String,
    pub module: Vec<ModStep>,
    pub rtype: String,
    pub name: String,
    pub key: Option<Key>,
    pub values: Option<NodeId>,
    pub unknown: Option<NodeId>,
    pub action: Action,
    /// The `address` value of the entry (resource_changes, else planned_values).
    pub span: Range,
    /// The configuration resource it is an instance of.
    pub config: Option<NodeId>,
}

/// The instances of one configuration resource in one module instance.
#[derive(Debug, Default)]
struct Found {
    all: Vec<usize>,
    by_key: HashMap<Key, usize>,
}

/// Every instance of the plan, in the order read, and the indexes reference resolution
/// looks them up by. Read-only once built.
#[derive(Debug, Default)]
pub(super) struct Instances {
    list: Vec<Inst>,
    /// (module names path, "type.name") -> instances of every module instance.
    by_config: HashMap<(Vec<String>, String), Vec<usize>>,
    /// Module instance path -> "type.name" -> instances: resolving a reference is a lookup,
    /// not a scan, so `count = N` resources that each reference `[count.index]` stay linear.
    by_scope: HashMap<Vec<ModStep>, HashMap<String, Found>>,
    /// Module name paths whose last call has keyed instances (`count`, `for_each`).
    keyed_calls: HashSet<Vec<String>>,
    /// Module names path -> the module instances some resource instance is in, in the order
    /// first seen.
    scopes: HashMap<Vec<String>, Vec<Vec<ModStep>>>,
}

impl Instances {
    /// Reads the instances of the plan whose root node is `root`, and pairs each with its
    /// configuration resource in `config`.
    pub fn read(
        tree: &Tree<'_>,
        file: FileId,
        root: NodeId,
        config: &Configuration,
        problems: &mut Vec<Problem>,
    ) -> Instances {
        let mut reader = Reader { tree, file, list: Vec::new(), by_address: HashMap::new(), problems };
        reader.resource_changes(root);
        for section in ["planned_values", "values"] {
            if let Some(pv) = tree.get(root, section) {
                reader.values_section(pv, section);
            }
        }
        let mut insts = Instances { list: reader.list, ..Instances::default() };
        insts.index(config);
        insts
    }

    /// Instance `i` (counted as one unit of work).
    pub fn get(&self, i: usize) -> Option<&Inst> {
        crate::work::tick(1);
        self.list.get(i)
    }

    /// Every instance, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = &Inst> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    fn index(&mut self, config: &Configuration) {
        for (i, inst) in self.list.iter_mut().enumerate() {
            let names: Vec<String> = inst.module.iter().map(|s| s.name.clone()).collect();
            for (depth, step) in inst.module.iter().enumerate() {
                if step.key.is_some() {
                    if let Some(prefix) = names.get(..=depth) {
                        self.keyed_calls.insert(prefix.to_vec());
                    }
                }
            }
            let type_name = format!("{}.{}", inst.rtype, inst.name);
            let in_scope = match self.by_scope.entry(inst.module.clone()) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    self.scopes.entry(names.clone()).or_default().push(inst.module.clone());
                    e.insert(HashMap::new())
                }
            };
            let found = in_scope.entry(type_name.clone()).or_default();
            found.all.push(i);
            if let Some(k) = &inst.key {
                found.by_key.entry(k.clone()).or_insert(i);
            }
            let key = (names, type_name);
            inst.config = config.resources.get(&key).copied();
            self.by_config.entry(key).or_default().push(i);
        }
    }

    /// The module instances of the module at names path `names` that hold some resource
    /// instance.
    pub fn scopes_of(&self, names: &[String]) -> &[Vec<ModStep>] {
        self.scopes.get(names).map_or(&[], Vec::as_slice)
    }

    /// Instances of `type_name` in module instance `scope` (all, or the one with `key`).
    ///
    /// A scope step without a key matches every instance of a keyed module call (a
    /// `module.m.out` reference to a module with `count`); only then are the module's
    /// instances scanned, otherwise this is a hash lookup.
    pub fn in_scope(&self, scope: &[ModStep], type_name: &str, key: Option<&Key>) -> Vec<usize> {
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
                    self.get(c).is_some_and(|ci| {
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
}

/// Whether an instance's module path matches `scope` (keys are compared where the scope
/// has them).
fn module_matches(inst: &[ModStep], scope: &[ModStep]) -> bool {
    inst.len() == scope.len()
        && inst.iter().zip(scope).all(|(a, b)| a.name == b.name && (b.key.is_none() || a.key == b.key))
}

/// Reads the instance sections; the first entry for an address wins.
struct Reader<'r, 't> {
    tree: &'r Tree<'t>,
    file: FileId,
    list: Vec<Inst>,
    by_address: HashMap<String, usize>,
    problems: &'r mut Vec<Problem>,
}

impl Reader<'_, '_> {
    fn problem(&mut self, at: NodeId, message: String) {
        let r = self.tree.node(at).range;
        self.problems.push(Problem::new(Span::new(self.file, r.start, r.end), message));
    }

    fn resource_changes(&mut self, root: NodeId) {
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
            if !self.is_managed(item, "a resource change") {
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
            let entry = Entry { item, address, addr_node, values, unknown, action };
            self.add(entry, true);
        }
    }

    fn values_section(&mut self, section: NodeId, what: &str) {
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
                            self.values_resource(item, what);
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

    /// Whether resource entry `item` is an object of a managed resource, to be read. An entry
    /// that is no object is a problem ("{entry} must be an object ..."), and skipped; a data
    /// source is skipped silently.
    fn is_managed(&mut self, item: NodeId, entry: &str) -> bool {
        let tree = self.tree;
        if tree.entries(item).is_none() {
            self.problem(item, format!("{entry} must be an object, found {}; it is skipped", tree.kind_name(item)));
            return false;
        }
        tree.get(item, "mode").and_then(|m| tree.str(m)) != Some("data")
    }

    fn values_resource(&mut self, item: NodeId, what: &str) {
        let tree = self.tree;
        if !self.is_managed(item, &format!("a resource in `{what}`")) {
            return;
        }
        let Some((address, addr_node)) = tree.get(item, "address").and_then(|a| tree.str(a).map(|s| (s, a))) else {
            self.problem(item, "a resource has no string `address`; it is skipped".to_string());
            return;
        };
        let values = tree.get(item, "values").filter(|&v| tree.entries(v).is_some());
        // Instances known only from values exist already: a plan lists every change in
        // resource_changes, and state is what exists.
        let entry = Entry { item, address, addr_node, values, unknown: None, action: Action::Existing };
        self.add(entry, false);
    }

    fn add(&mut self, e: Entry<'_>, from_changes: bool) {
        let tree = self.tree;
        if let Some(&existing) = self.by_address.get(e.address) {
            // planned_values repeat resource_changes; keep the change (it has after_unknown)
            if !from_changes {
                if let Some(inst) = self.list.get_mut(existing) {
                    if inst.values.is_none() {
                        inst.values = e.values;
                    }
                }
            }
            return;
        }
        let Some(parsed) = parse_address(e.address) else {
            self.problem(
                e.addr_node,
                format!("`{}` is not a resource address vpclint understands; it is skipped", e.address),
            );
            return;
        };
        let rtype = tree.get(e.item, "type").and_then(|t| tree.str(t)).map_or(parsed.rtype, str::to_string);
        let key = match tree.get(e.item, "index") {
            Some(i) => match &tree.node(i).kind {
                Kind::Number(n) => n.parse::<i64>().ok().map(Key::Int),
                Kind::Str(s) => Some(Key::Str(s.to_string())),
                _ => parsed.key,
            },
            None => parsed.key,
        };
        let inst = Inst {
            address: e.address.to_string(),
            module: parsed.module,
            rtype,
            name: parsed.name,
            key,
            values: e.values,
            unknown: e.unknown,
            action: e.action,
            span: tree.node(e.addr_node).range,
            config: None,
        };
        self.by_address.insert(inst.address.clone(), self.list.len());
        self.list.push(inst);
    }
}

/// One entry of `resource_changes` or of a values section.
struct Entry<'s> {
    item: NodeId,
    address: &'s str,
    addr_node: NodeId,
    values: Option<NodeId>,
    unknown: Option<NodeId>,
    action: Action,
}
