//! Reference resolution across modules: what an attribute's configuration expression
//! names, followed up through module call arguments (`var.x`) and down through module
//! outputs (`module.m.o`), pairing `count.index` / `each.key` instances, within a budget.

use std::cell::Cell;

use super::Plan;
use super::address::{Key, ModStep, Reference, parse_module_path, parse_reference};
use crate::syntax::tree::{Kind, NodeId, Tree};

/// Hops through variables and module outputs before giving up (hostile or cyclic input).
const MAX_HOPS: u32 = 24;

/// Reference resolution in one plan stops after this much work (one unit per expression
/// resolved and per reference in it). Results are not memoised, so module outputs and
/// variables that each fan out to many others take time exponential in the depth of the
/// chain; this bounds it. Real plans stay far below.
pub(super) const MAX_RESOLVE_WORK: u64 = 2_000_000;

/// What `count.index`, `each.key` and `each.value` stand for where an expression is
/// evaluated: the key of the resource instance, or of the module instance for a module
/// call's arguments, and the `for_each` expression that produced it.
#[derive(Debug, Clone, Default)]
pub(super) struct Pairing {
    key: Option<Key>,
    for_each: Option<NodeId>,
}

/// What an expression's references resolve to.
#[derive(Debug, Default)]
pub(super) struct Resolution {
    /// Candidate (instance, attribute) pairs.
    pub targets: Vec<(usize, Option<String>)>,
    /// Literal ids reached through variables with known values.
    pub literals: Vec<String>,
    /// Some reference could not be followed (a local, a data source, a function result).
    pub incomplete: bool,
    /// The candidates are alternatives for one value (no instance could be pinned).
    pub ambiguous: bool,
    /// A reference meant one instance (`[count.index]`, `[each.key]`, an indexed module
    /// output) but could not be pinned: for a list, only some of the candidates belong.
    pub unpinned: bool,
}

impl Resolution {
    fn incomplete() -> Resolution {
        Resolution { incomplete: true, ..Resolution::default() }
    }

    fn merge(&mut self, from: Resolution) {
        self.targets.extend(from.targets);
        self.literals.extend(from.literals);
        self.incomplete |= from.incomplete;
        self.ambiguous |= from.ambiguous;
        self.unpinned |= from.unpinned;
    }
}

/// Resolves references in one plan. The plan is read-only; the resolver only counts its
/// work against [`MAX_RESOLVE_WORK`].
pub(super) struct Resolver<'p> {
    plan: &'p Plan<'p>,
    /// Resolution work so far.
    work: Cell<u64>,
    /// Where the budget ran out, once it has.
    exhausted: Cell<Option<NodeId>>,
}

/// A resource reference as collected from one expression: type, name, key, attribute.
type ResourceRef = (String, String, Option<Key>, Option<String>);

impl<'p> Resolver<'p> {
    pub fn new(plan: &'p Plan<'p>) -> Resolver<'p> {
        Resolver { plan, work: Cell::new(0), exhausted: Cell::new(None) }
    }

    /// The expression at which the budget ran out, if it did.
    pub fn exhausted(&self) -> Option<NodeId> {
        self.exhausted.get()
    }

    /// Resolves the configuration expression of attribute `key` of instance `i`.
    pub fn attr(&self, i: usize, key: &str) -> Resolution {
        match self.plan.expr(i, key) {
            Some(expr) => {
                let Some(inst) = self.plan.inst(i) else { return Resolution::default() };
                self.expr(expr, &inst.module, &self.pairing_of(i), 0)
            }
            None => Resolution::incomplete(),
        }
    }

    /// The pairing context of instance `i`'s own expressions.
    pub fn pairing_of(&self, i: usize) -> Pairing {
        let tree = self.plan.tree;
        let inst = self.plan.inst(i);
        Pairing {
            key: inst.and_then(|x| x.key.clone()),
            for_each: inst.and_then(|x| x.config).and_then(|c| tree.get(c, "for_each_expression")),
        }
    }

    /// Counts the work of resolving `expr`; false once the budget is spent.
    fn spend(&self, expr: NodeId) -> bool {
        let tree = self.plan.tree;
        let refs_len = tree.get(expr, "references").and_then(|r| tree.items(r)).map_or(0, <[NodeId]>::len) as u64;
        let work = self.work.get().saturating_add(1 + refs_len);
        self.work.set(work);
        crate::work::tick(1 + refs_len);
        if work > MAX_RESOLVE_WORK {
            if self.exhausted.get().is_none() {
                self.exhausted.set(Some(expr));
            }
            return false;
        }
        true
    }

    /// Resolves an expression node (`{constant_value}` or `{references}`) in `scope`.
    pub fn expr(&self, expr: NodeId, scope: &[ModStep], pairing: &Pairing, hops: u32) -> Resolution {
        let tree = self.plan.tree;
        if hops > MAX_HOPS || !self.spend(expr) {
            return Resolution::incomplete();
        }
        let mut res = Resolution::default();
        if let Some(c) = tree.get(expr, "constant_value") {
            collect_literals(tree, c, &mut res);
            return res;
        }
        let Some(refs) = tree.get(expr, "references").and_then(|r| tree.items(r)) else {
            return Resolution::incomplete();
        };
        let parsed: Vec<Reference> = refs.iter().filter_map(|&r| tree.str(r)).map(parse_reference).collect();
        let pair_count = parsed.contains(&Reference::CountIndex);
        let each_value = parsed.contains(&Reference::EachValue);
        let pair_each = each_value || parsed.contains(&Reference::EachKey);
        let pairs = pair_count || pair_each;
        // One reference is listed at several depths (`a.b[0].id`, `a.b[0]`, `a.b`):
        // keep the most specific form of each resource or module.
        let mut resources: Vec<ResourceRef> = Vec::new();
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
            let sub = self.var(name, scope, hops);
            // `var.ids[0]`, `var.ids[count.index]`: one of the values, not all of them.
            if (indexed || pairs) && sub.targets.len() + sub.literals.len() > 1 {
                res.ambiguous = true;
                res.unpinned = true;
            }
            res.merge(sub);
        }
        // The whole module object (`module.m` without an output) cannot be followed.
        if bare_modules.iter().any(|(n, k)| !outputs.iter().any(|(on, ok, _, _)| on == n && ok == k)) {
            res.incomplete = true;
        }
        if resources.is_empty() && outputs.is_empty() && each_value {
            self.pair_each_value(pairing, &mut resources);
            if resources.is_empty() && vars.is_empty() {
                // `each.value` of a collection vpclint cannot see.
                res.incomplete = true;
            }
        }
        let pair_key = if pairs { pairing.key.as_ref() } else { None };
        for (rtype, name, key, attr) in resources {
            let type_name = format!("{rtype}.{name}");
            let chosen = match (&key, pair_key) {
                (Some(k), _) => self.plan.insts.in_scope(scope, &type_name, Some(k)),
                (None, Some(k)) => {
                    let paired = self.plan.insts.in_scope(scope, &type_name, Some(k));
                    if paired.is_empty() {
                        let all = self.plan.insts.in_scope(scope, &type_name, None);
                        res.unpinned |= all.len() > 1;
                        all
                    } else {
                        paired
                    }
                }
                (None, None) => {
                    let all = self.plan.insts.in_scope(scope, &type_name, None);
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
            let sub = self.output(&name, key.as_ref(), &output, scope, hops);
            // `module.m.ids[0]` picks one of what the output holds.
            if indexed && sub.targets.len() + sub.literals.len() > 1 {
                res.ambiguous = true;
                res.unpinned = true;
            }
            res.merge(sub);
        }
        res
    }

    /// `each.value.id` with `for_each = aws_x.y`: pair with the `for_each` resource.
    fn pair_each_value(&self, pairing: &Pairing, resources: &mut Vec<ResourceRef>) {
        let tree = self.plan.tree;
        let Some(fe) = pairing.for_each.and_then(|e| tree.get(e, "references")).and_then(|r| tree.items(r)) else {
            return;
        };
        for r in fe.iter().filter_map(|&r| tree.str(r)).map(parse_reference) {
            if let Reference::Resource { rtype, name, .. } = r {
                if !resources.iter().any(|(t, n, _, _)| *t == rtype && *n == name) {
                    resources.push((rtype, name, None, Some("id".to_string())));
                }
            }
        }
    }

    /// `var.name` in `scope`: the module call's argument in the parent, or a root variable.
    fn var(&self, var: &str, scope: &[ModStep], hops: u32) -> Resolution {
        let tree = self.plan.tree;
        let modules = &self.plan.config.modules;
        let Some((last, parent)) = scope.split_last() else {
            let mut res = Resolution::default();
            match self.plan.config.variables.and_then(|vs| tree.get(vs, var)).and_then(|v| tree.get(v, "value")) {
                Some(v) => collect_literals(tree, v, &mut res),
                None => res.incomplete = true,
            }
            return res;
        };
        let parent_names: Vec<String> = parent.iter().map(|s| s.name.clone()).collect();
        let call =
            modules.get(&parent_names).and_then(|m| tree.get(*m, "module_calls")).and_then(|c| tree.get(c, &last.name));
        match call.and_then(|c| tree.get(c, "expressions")).and_then(|e| tree.get(e, var)) {
            Some(expr) => {
                // `count.index` / `each.key` in a module call's arguments are the module's key.
                let pairing =
                    Pairing { key: last.key.clone(), for_each: call.and_then(|c| tree.get(c, "for_each_expression")) };
                self.expr(expr, parent, &pairing, hops + 1)
            }
            None => {
                // The module's own default for the variable.
                let own: Vec<String> = scope.iter().map(|s| s.name.clone()).collect();
                let default = modules
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
    fn output(&self, name: &str, key: Option<&Key>, output: &str, scope: &[ModStep], hops: u32) -> Resolution {
        let tree = self.plan.tree;
        let mut child: Vec<ModStep> = scope.to_vec();
        child.push(ModStep { name: name.to_string(), key: key.cloned() });
        let names: Vec<String> = child.iter().map(|s| s.name.clone()).collect();
        let expr = self
            .plan
            .config
            .modules
            .get(&names)
            .and_then(|m| tree.get(*m, "outputs"))
            .and_then(|o| tree.get(o, output))
            .and_then(|o| tree.get(o, "expression"));
        match expr {
            Some(e) => self.expr(e, &child, &Pairing::default(), hops + 1),
            None => Resolution::incomplete(),
        }
    }

    /// The `aws` provider's region, when every `aws` provider configuration agrees on one: a
    /// constant, or a variable's value. A module's entry without a `region` configures
    /// nothing of its own (the module uses its caller's provider), so it is skipped.
    pub fn provider_region(&self, root: NodeId) -> Option<String> {
        let tree = self.plan.tree;
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
            let res = self.expr(expr, &scope, &Pairing::default(), 0);
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
