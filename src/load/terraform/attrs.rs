//! Reading an instance's attributes: the value in `after`, whether it is known after apply
//! (`after_unknown`), its configuration expression, and the span to point at.

use super::Plan;
use super::instances::{Action, Inst};
use crate::load::Problem;
use crate::model::{Attr, Cidr, Meta, Val};
use crate::source::Span;
use crate::syntax::tree::{Kind, NodeId, Range};

impl Plan<'_> {
    pub(super) fn span(&self, r: Range) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    pub(super) fn node_span(&self, n: NodeId) -> Span {
        self.span(self.tree.node(n).range)
    }

    /// Instance `i`.
    pub(super) fn inst(&self, i: usize) -> Option<&Inst> {
        self.insts.get(i)
    }

    /// The `after` value node of an attribute, `Err(true)` when unknown, `Err(false)` when unset.
    pub(super) fn raw(&self, i: usize, key: &str) -> Result<NodeId, bool> {
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

    /// The `after_unknown` node of an attribute.
    pub(super) fn unknown_node(&self, i: usize, key: &str) -> Option<NodeId> {
        self.inst(i).and_then(|x| x.unknown).and_then(|u| self.tree.get(u, key))
    }

    /// The configuration expression of an attribute.
    pub(super) fn expr(&self, i: usize, key: &str) -> Option<NodeId> {
        let config = self.inst(i)?.config?;
        let exprs = self.tree.get(config, "expressions")?;
        self.tree.get(exprs, key)
    }

    pub(super) fn addr_span(&self, i: usize) -> Span {
        self.inst(i).map_or_else(Span::default, |inst| self.span(inst.span))
    }

    /// The span of an attribute's value in `after`, else of the instance's address.
    pub(super) fn attr_span(&self, i: usize, key: &str) -> Span {
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

    pub(super) fn string_attr(&self, i: usize, key: &str) -> Attr<String> {
        match self.raw(i, key) {
            Ok(n) => match self.tree.scalar_text(n) {
                Some(s) => Attr::explicit(Val::Known(s.to_string()), self.node_span(n)),
                None => Attr::explicit(Val::Unknown, self.node_span(n)),
            },
            Err(true) => Attr::explicit(Val::Unknown, self.attr_span(i, key)),
            Err(false) => Attr::absent(self.attr_span(i, key)),
        }
    }

    /// A CIDR block; one that does not parse is a problem and unknown.
    pub(super) fn cidr_attr(&self, i: usize, key: &str, problems: &mut Vec<Problem>) -> Attr<Cidr> {
        match self.raw(i, key) {
            Ok(n) => Attr::explicit(self.cidr_of(i, n, problems), self.node_span(n)),
            Err(true) => Attr::explicit(Val::Unknown, self.attr_span(i, key)),
            Err(false) => Attr::absent(self.attr_span(i, key)),
        }
    }

    /// The CIDR block at node `n` of instance `i` (an attribute, an element of a list, a
    /// field of a block): one that does not parse (`10.0.0.0`, no prefix length) is a
    /// problem of the instance and unknown, wherever it is written.
    pub(super) fn cidr_of(&self, i: usize, n: NodeId, problems: &mut Vec<Problem>) -> Val<Cidr> {
        let Some(text) = self.tree.scalar_text(n) else { return Val::Unknown };
        match Cidr::parse(&text) {
            Some(c) => Val::Known(c),
            None => {
                let problem = Problem::new(self.node_span(n), format!("`{text}` is not a valid CIDR block"));
                problems.push(match self.inst(i) {
                    Some(inst) => problem.resource(&inst.address),
                    None => problem,
                });
                Val::Unknown
            }
        }
    }

    pub(super) fn int_of(&self, n: NodeId) -> Option<i64> {
        self.tree.scalar_text(n).and_then(|s| s.trim().parse::<f64>().ok()).map(|f| f as i64)
    }

    /// The name, type and span of instance `i`, and its id when it exists already.
    pub(super) fn meta(&self, i: usize) -> Meta {
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
}
