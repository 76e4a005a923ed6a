//! Links between model objects: by known id first; where an id is "known after apply",
//! through the attribute's configuration references ([`Resolver`]).
//!
//! A link is filtered by a *want*: the kind of object the attribute can name, given the
//! object an id or reference reached and the attribute of it that was used (`Some("id")`,
//! `Some("default_route_table_id")`, or `None` for the whole resource).

use std::collections::HashSet;

use super::Plan;
use super::address::{ModStep, Reference, parse_reference};
use super::ids::Ids;
use super::resolve::{Pairing, Resolution, Resolver};
use crate::model::Val;
use crate::model::build::Obj;
use crate::model::{EndpointId, External, Link, LinkList, Linked, ListState, SubnetId, VpcId};
use crate::source::Span;
use crate::syntax::tree::{Kind, NodeId};

/// Which object of the model an id or reference may name (see the module documentation).
pub(super) type Want<'w, T> = &'w dyn Fn(Obj, Option<&str>) -> Option<T>;

/// Links attributes of a plan's instances to model objects. Read-only.
pub(super) struct Linker<'p> {
    pub plan: &'p Plan<'p>,
    pub resolver: &'p Resolver<'p>,
    pub ids: &'p Ids,
}

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

impl Linker<'_> {
    /// The object `want` takes from instance `inst` reached through attribute `attr`.
    fn wanted<T>(&self, inst: usize, attr: Option<&str>, want: Want<'_, T>) -> Option<T> {
        self.ids.obj(inst).and_then(|o| want(o, attr))
    }

    /// A scalar link for attribute `key`: by known id, else through references.
    pub fn link<T: Copy + Eq + std::hash::Hash>(&self, i: usize, key: &str, want: Want<'_, T>) -> Link<T> {
        match self.plan.raw(i, key) {
            Ok(n) => match self.plan.tree.scalar_text(n) {
                Some(id) => self.link_id(&id, want),
                None => Link::Unknown,
            },
            Err(false) => Link::Absent,
            Err(true) => {
                let res = self.resolver.attr(i, key);
                self.link_from(res, want)
            }
        }
    }

    /// The object a literal id names, else an external link.
    pub fn link_id<T: Copy + Eq + std::hash::Hash>(&self, id: &str, want: Want<'_, T>) -> Link<T> {
        let own = self.ids.named(id).and_then(|(inst, attr)| self.wanted(inst, attr, want));
        // An id the resource itself carries wins; else one a VPC exports for its main table,
        // default group or default NACL.
        let exported = || self.ids.exported(id).and_then(|(inst, attr)| self.wanted(inst, Some(attr), want));
        match own.or_else(exported) {
            Some(t) => Link::To(t),
            None => Link::External(External::Id(id.to_string())),
        }
    }

    /// A scalar link for configuration expression `expr` of a resource that has no instance,
    /// evaluated in module instance `scope`. With no instance, `count.index` and `each` stand
    /// for nothing: an expression that uses them links to nothing known.
    pub fn link_without_instance<T: Copy + Eq + std::hash::Hash>(
        &self,
        expr: NodeId,
        scope: &[ModStep],
        want: Want<'_, T>,
    ) -> Link<T> {
        let tree = self.plan.tree;
        let refs = tree.get(expr, "references").and_then(|r| tree.items(r)).unwrap_or(&[]);
        let paired = refs
            .iter()
            .filter_map(|&r| tree.str(r))
            .map(parse_reference)
            .any(|r| matches!(r, Reference::CountIndex | Reference::EachKey | Reference::EachValue));
        if paired {
            return Link::Unknown;
        }
        self.link_from(self.resolver.expr(expr, scope, &Pairing::default(), 0), want)
    }

    fn link_from<T: Copy + Eq + std::hash::Hash>(&self, res: Resolution, want: Want<'_, T>) -> Link<T> {
        let mut ids: Vec<T> = Vec::new();
        let mut dedup = Dedup::new();
        for (inst, attr) in &res.targets {
            if let Some(t) = self.wanted(*inst, attr.as_deref(), want) {
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
    pub fn link_list<T: Copy + Eq + std::hash::Hash>(&self, i: usize, key: &str, want: Want<'_, T>) -> LinkList<T> {
        let plan = self.plan;
        let tree = plan.tree;
        let span = plan.attr_span(i, key);
        let mut out = LinkList { state: ListState::Known, items: Vec::new(), span };
        let mut needs_refs = false;
        match plan.raw(i, key) {
            Ok(n) => {
                needs_refs = self.push_known_ids(n, want, &mut out, Some);
                let unknown_items = plan.unknown_node(i, key).and_then(|u| tree.items(u));
                if out.state == ListState::Known
                    && unknown_items.is_some_and(|u| u.iter().any(|&x| matches!(tree.node(x).kind, Kind::Bool(true))))
                {
                    needs_refs = true;
                }
            }
            Err(false) => out.state = ListState::Absent,
            Err(true) => {
                if plan.unset_on_create(i, key) {
                    out.state = ListState::Absent;
                } else {
                    needs_refs = true;
                }
            }
        }
        if needs_refs {
            let res = self.resolver.attr(i, key);
            self.push_resolved(&res, want, span, &mut out);
        }
        out
    }

    /// Adds the ids that plan list `n` holds at plan time, each found in its item by `id_node`
    /// (the item itself, or an attribute of a block), linked and with its span. Returns
    /// whether some item's id is known only after apply; a value that is no list makes `out`
    /// partial.
    fn push_known_ids<T: Copy + Eq + std::hash::Hash>(
        &self,
        n: NodeId,
        want: Want<'_, T>,
        out: &mut LinkList<T>,
        id_node: impl Fn(NodeId) -> Option<NodeId>,
    ) -> bool {
        let (plan, tree) = (self.plan, self.plan.tree);
        let Some(items) = tree.items(n) else {
            out.state = ListState::Partial;
            return false;
        };
        let mut after_apply = false;
        for &item in items {
            match id_node(item).and_then(|v| tree.scalar_text(v).map(|id| (v, id))) {
                Some((v, id)) if !id.is_empty() => {
                    out.items.push(Linked { link: self.link_id(&id, want), span: plan.node_span(v) })
                }
                _ => after_apply = true,
            }
        }
        after_apply
    }

    /// Adds what the configuration references of a list resolved to: every pinned instance
    /// of the wanted kind and every literal id, once each. An incomplete or unpinned
    /// resolution makes the list partial; an unpinned one adds nothing (some of the
    /// candidates belong to the list, but which is not known).
    fn push_resolved<T: Copy + Eq + std::hash::Hash>(
        &self,
        res: &Resolution,
        want: Want<'_, T>,
        span: Span,
        out: &mut LinkList<T>,
    ) {
        if res.incomplete || res.unpinned {
            out.state = ListState::Partial;
        }
        if res.unpinned {
            return;
        }
        let mut dedup = Dedup::new();
        for (inst, attr) in &res.targets {
            if let Some(t) = self.wanted(*inst, attr.as_deref(), want) {
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

    /// A list of ids nested in blocks: attribute `key` of each block of `blocks`
    /// (`subnet_mapping[*].subnet_id`). Ids known at plan time are read from the plan;
    /// where one is known only after apply, each configuration block's `key` expression
    /// is followed. A set's elements and the configuration's blocks need not be in the
    /// same order, so the blocks are read as a whole: the list gets every block's object.
    pub fn block_link_list<T: Copy + Eq + std::hash::Hash>(
        &self,
        i: usize,
        blocks: &str,
        key: &str,
        want: Want<'_, T>,
    ) -> LinkList<T> {
        let plan = self.plan;
        let tree = plan.tree;
        let span = plan.attr_span(i, blocks);
        let mut out = LinkList { state: ListState::Known, items: Vec::new(), span };
        let mut needs_config = false;
        match plan.raw(i, blocks) {
            Ok(n) => needs_config = self.push_known_ids(n, want, &mut out, |block| tree.get(block, key)),
            Err(false) => out.state = ListState::Absent,
            Err(true) => needs_config = true,
        }
        if !needs_config {
            return out;
        }
        // `dynamic` blocks are left out of the configuration: then nothing is there to follow.
        let config_blocks = plan.expr(i, blocks).and_then(|c| tree.items(c)).unwrap_or(&[]);
        let Some(inst) = plan.inst(i).filter(|_| !config_blocks.is_empty()) else {
            out.state = ListState::Partial;
            return out;
        };
        let pairing = self.resolver.pairing_of(i);
        let mut dedup = Dedup::new();
        for &block in config_blocks {
            let link = match tree.get(block, key) {
                Some(expr) => self.link_from(self.resolver.expr(expr, &inst.module, &pairing, 0), want),
                None => Link::Unknown,
            };
            let new = match &link {
                Link::To(t) => dedup.is_new(*t, out.items.len(), || out.items.iter().filter_map(|x| x.link.to())),
                // Rare (an id that names no object of the plan): compared one by one.
                Link::External(_) => !out.items.iter().any(|x| x.link == link),
                Link::OneOf(_) | Link::Unknown | Link::Absent => {
                    out.state = ListState::Partial;
                    false
                }
            };
            if new {
                out.items.push(Linked { link, span });
            }
        }
        out
    }
}

/// One nested block of an instance (`vpc_config`, `load_balancer`, `default_action`): its
/// value in `after`, its `after_unknown`, and its configuration block, as far as each is
/// known. A block whose values are all known after apply has only its configuration.
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    value: Option<NodeId>,
    unknown: Option<NodeId>,
    expr: Option<NodeId>,
}

impl Linker<'_> {
    /// The blocks `key` of instance `i`: empty when unset, `None` when they cannot be known.
    /// Values and configuration blocks are paired by position when they are as many.
    pub fn blocks(&self, i: usize, key: &str) -> Option<Vec<Block>> {
        let plan = self.plan;
        let tree = plan.tree;
        let config: &[NodeId] = plan.expr(i, key).and_then(|c| tree.items(c)).unwrap_or(&[]);
        match plan.raw(i, key) {
            Ok(n) => {
                let values = tree.items(n)?;
                let unknown: &[NodeId] = plan.unknown_node(i, key).and_then(|u| tree.items(u)).unwrap_or(&[]);
                let paired = config.len() == values.len();
                Some(
                    values
                        .iter()
                        .enumerate()
                        .map(|(k, &v)| Block {
                            value: Some(v),
                            unknown: unknown.get(k).copied(),
                            expr: if paired { config.get(k).copied() } else { None },
                        })
                        .collect(),
                )
            }
            Err(false) => Some(Vec::new()),
            Err(true) if !config.is_empty() => {
                Some(config.iter().map(|&c| Block { value: None, unknown: None, expr: Some(c) }).collect())
            }
            Err(true) => None,
        }
    }

    /// Whether field `key` of block `b` is known only after apply.
    fn unknown_in(&self, b: &Block, key: &str) -> bool {
        let tree = self.plan.tree;
        b.unknown.and_then(|u| tree.get(u, key)).is_some_and(|u| match tree.items(u) {
            Some(items) => items.iter().any(|&x| matches!(tree.node(x).kind, Kind::Bool(true))),
            None => matches!(tree.node(u).kind, Kind::Bool(true)),
        })
    }

    /// The value of field `key` of block `b` in `after`, unless unset.
    fn value_in(&self, b: &Block, key: &str) -> Option<NodeId> {
        let tree = self.plan.tree;
        b.value.and_then(|v| tree.get(v, key)).filter(|&n| !matches!(tree.node(n).kind, Kind::Null))
    }

    /// Resolves the configuration expression of field `key` of block `b`.
    fn resolve_in(&self, i: usize, b: &Block, key: &str) -> Option<Resolution> {
        let expr = b.expr.and_then(|e| self.plan.tree.get(e, key))?;
        let inst = self.plan.inst(i)?;
        Some(self.resolver.expr(expr, &inst.module, &self.resolver.pairing_of(i), 0))
    }

    /// A scalar link in field `key` of block `b` of instance `i`.
    pub fn link_in<T: Copy + Eq + std::hash::Hash>(
        &self,
        i: usize,
        b: &Block,
        key: &str,
        want: Want<'_, T>,
    ) -> Link<T> {
        let tree = self.plan.tree;
        if !self.unknown_in(b, key) {
            if let Some(n) = self.value_in(b, key) {
                return match tree.scalar_text(n) {
                    Some(id) if id.is_empty() => Link::Absent,
                    Some(id) => self.link_id(&id, want),
                    None => Link::Unknown,
                };
            }
            if b.value.is_some() {
                return Link::Absent;
            }
        }
        match self.resolve_in(i, b, key) {
            Some(res) => self.link_from(res, want),
            None if b.value.is_none() => Link::Absent,
            None => Link::Unknown,
        }
    }

    /// An integer in field `key` of block `b`: its value, else its configuration constant.
    pub fn int_in(&self, b: &Block, key: &str) -> Val<i64> {
        let plan = self.plan;
        let tree = plan.tree;
        if let Some(n) = self.value_in(b, key).filter(|_| !self.unknown_in(b, key)) {
            return plan.int_of(n).map_or(Val::Unknown, Val::Known);
        }
        match b.expr.and_then(|e| tree.get(e, key)) {
            Some(expr) => {
                tree.get(expr, "constant_value").and_then(|c| plan.int_of(c)).map_or(Val::Unknown, Val::Known)
            }
            None if self.unknown_in(b, key) => Val::Unknown,
            None => Val::Absent,
        }
    }

    /// A text in field `key` of block `b`: its value, else its configuration constant.
    pub fn text_in(&self, b: &Block, key: &str) -> Val<String> {
        let tree = self.plan.tree;
        if let Some(n) = self.value_in(b, key).filter(|_| !self.unknown_in(b, key)) {
            return tree.scalar_text(n).map_or(Val::Unknown, |t| Val::Known(t.into_owned()));
        }
        match b.expr.and_then(|e| tree.get(e, key)) {
            Some(expr) => tree
                .get(expr, "constant_value")
                .and_then(|c| tree.scalar_text(c))
                .map_or(Val::Unknown, |t| Val::Known(t.into_owned())),
            None if self.unknown_in(b, key) => Val::Unknown,
            None => Val::Absent,
        }
    }

    /// A list of ids in field `key` of block `b` of instance `i` (`vpc_config[0].subnet_ids`).
    pub fn list_in<T: Copy + Eq + std::hash::Hash>(
        &self,
        i: usize,
        b: &Block,
        key: &str,
        span: Span,
        want: Want<'_, T>,
    ) -> LinkList<T> {
        let tree = self.plan.tree;
        let mut out = LinkList { state: ListState::Known, items: Vec::new(), span };
        let mut needs_refs = self.unknown_in(b, key);
        match self.value_in(b, key) {
            Some(n) => match tree.items(n) {
                Some(items) => {
                    for &item in items {
                        match tree.scalar_text(item) {
                            Some(id) if !id.is_empty() => out
                                .items
                                .push(Linked { link: self.link_id(&id, want), span: self.plan.node_span(item) }),
                            _ => needs_refs = true,
                        }
                    }
                }
                None => out.state = ListState::Partial,
            },
            None if b.value.is_some() && !needs_refs => out.state = ListState::Absent,
            None => needs_refs = true,
        }
        if !needs_refs {
            return out;
        }
        let Some(res) = self.resolve_in(i, b, key) else {
            if b.value.is_none() {
                out.state = ListState::Absent;
            } else {
                out.state = ListState::Partial;
            }
            return out;
        };
        out.items.clear();
        self.push_resolved(&res, want, span, &mut out);
        out
    }
}

/// Whether a reference names its object by one of `attrs`. A reference without its
/// attribute (a splat, a `for` expression over the resource) counts too: where a property
/// takes an object by these attributes, that is what it holds.
pub(super) fn named_by(attr: Option<&str>, attrs: &[&str]) -> bool {
    attr.is_none_or(|a| attrs.contains(&a))
}

pub(super) fn vpc_want(o: Obj, attr: Option<&str>) -> Option<VpcId> {
    o.vpc().filter(|_| named_by(attr, &["id"]))
}

pub(super) fn subnet_want(o: Obj, attr: Option<&str>) -> Option<SubnetId> {
    o.subnet().filter(|_| named_by(attr, &["id"]))
}

pub(super) fn endpoint_want(o: Obj, attr: Option<&str>) -> Option<EndpointId> {
    o.endpoint().filter(|_| named_by(attr, &["id"]))
}

/// Wants a VPC named by its ARN (`vpc_arn`); a reference without its attribute can only
/// be the ARN here.
pub(super) fn vpc_arn_want(o: Obj, attr: Option<&str>) -> Option<VpcId> {
    o.vpc().filter(|_| named_by(attr, &["arn"]))
}

/// Wants a subnet named by its ARN (`subnet_arns`); see [`vpc_arn_want`].
pub(super) fn subnet_arn_want(o: Obj, attr: Option<&str>) -> Option<SubnetId> {
    o.subnet().filter(|_| named_by(attr, &["arn"]))
}
