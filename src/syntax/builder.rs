//! Builds a [`Tree`] from a stream of parse events, without recursion.
//!
//! Both the JSON parser and the YAML event adapter drive this builder, so the depth
//! limit, duplicate-key detection and node budget behave the same for every format.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::syntax::tree::{DuplicateKey, Entry, Kind, MAX_DEPTH, NodeId, Range, Tree};

/// Why building stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// Containers nested deeper than [`MAX_DEPTH`].
    TooDeep { offset: u32 },
    /// More nodes than the budget allows.
    TooManyNodes { offset: u32, limit: usize },
    /// YAML aliases expand to more nodes than the budget allows (an alias bomb).
    AliasBudget { offset: u32, limit: u64 },
}

enum Open<'a> {
    Seq { start: u32, items: Vec<NodeId> },
    Map { start: u32, entries: Vec<Entry<'a>>, pending: Option<(Cow<'a, str>, Range)> },
}

/// Incremental tree builder.
pub struct TreeBuilder<'a> {
    tree: Tree<'a>,
    stack: Vec<Open<'a>>,
    node_limit: usize,
    /// Expanded size (nodes, aliases expanded) of each node, parallel to `tree.nodes`.
    sizes: Vec<u64>,
    /// Expanded nodes added by aliases so far.
    alias_nodes: u64,
}

impl<'a> TreeBuilder<'a> {
    /// A builder that refuses to create more than `node_limit` nodes.
    pub fn new(node_limit: usize) -> TreeBuilder<'a> {
        TreeBuilder { tree: Tree::default(), stack: Vec::new(), node_limit, sizes: Vec::new(), alias_nodes: 0 }
    }

    /// Current nesting depth.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Whether the innermost open container is a mapping waiting for a key.
    pub fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Map { pending: None, .. }))
    }

    /// Number of nodes created so far.
    pub fn node_count(&self) -> usize {
        self.tree.nodes.len()
    }

    /// Read access to the nodes built so far (the YAML alias expander copies from them).
    pub fn tree(&self) -> &Tree<'a> {
        &self.tree
    }

    /// Records a mapping key; the next value completes the entry.
    pub fn key(&mut self, key: Cow<'a, str>, range: Range) {
        if let Some(Open::Map { pending, .. }) = self.stack.last_mut() {
            *pending = Some((key, range));
        }
    }

    /// Adds a scalar value.
    pub fn scalar(&mut self, kind: Kind<'a>, range: Range) -> Result<NodeId, BuildError> {
        let id = self.push(kind, range)?;
        self.attach(id);
        Ok(id)
    }

    /// Opens a sequence.
    pub fn begin_seq(&mut self, start: u32) -> Result<(), BuildError> {
        self.check_depth(start)?;
        self.stack.push(Open::Seq { start, items: Vec::new() });
        Ok(())
    }

    /// Opens a mapping.
    pub fn begin_map(&mut self, start: u32) -> Result<(), BuildError> {
        self.check_depth(start)?;
        self.stack.push(Open::Map { start, entries: Vec::new(), pending: None });
        Ok(())
    }

    /// Closes the innermost container; `end` is the exclusive end offset.
    pub fn end(&mut self, end: u32) -> Result<Option<NodeId>, BuildError> {
        let Some(open) = self.stack.pop() else { return Ok(None) };
        let id = match open {
            Open::Seq { start, items } => {
                let size = self.size_of(items.iter().copied());
                let id = self.push(Kind::Seq(items), Range::new(start, end))?;
                self.set_size(id, size);
                id
            }
            Open::Map { start, entries, .. } => {
                self.find_duplicates(&entries);
                let size = self.size_of(entries.iter().map(|e| e.value));
                let id = self.push(Kind::Map(entries), Range::new(start, end))?;
                self.set_size(id, size);
                id
            }
        };
        self.attach(id);
        Ok(Some(id))
    }

    /// Attaches an already-built node again at the current position (a YAML alias).
    ///
    /// The node is shared, not copied, but its expanded size counts against `budget`, so
    /// an alias bomb is refused here instead of exploding in a later walk of the tree.
    pub fn attach_alias(&mut self, id: NodeId, offset: u32, budget: u64) -> Result<(), BuildError> {
        let size = self.sizes.get(id.0 as usize).copied().unwrap_or(1);
        self.alias_nodes = self.alias_nodes.saturating_add(size);
        if self.alias_nodes > budget {
            return Err(BuildError::AliasBudget { offset, limit: budget });
        }
        self.attach(id);
        Ok(())
    }

    /// Pushes a detached node, counting it against the budget.
    pub fn push(&mut self, kind: Kind<'a>, range: Range) -> Result<NodeId, BuildError> {
        if self.tree.nodes.len() >= self.node_limit {
            return Err(BuildError::TooManyNodes { offset: range.start, limit: self.node_limit });
        }
        self.sizes.push(1);
        Ok(self.tree.push(kind, range))
    }

    fn size_of(&self, children: impl Iterator<Item = NodeId>) -> u64 {
        children.fold(1u64, |acc, c| acc.saturating_add(self.sizes.get(c.0 as usize).copied().unwrap_or(1)))
    }

    fn set_size(&mut self, id: NodeId, size: u64) {
        if let Some(s) = self.sizes.get_mut(id.0 as usize) {
            *s = size;
        }
    }

    /// Finishes: the tree with its root (the first completed top-level value).
    pub fn finish(self) -> Tree<'a> {
        self.tree
    }

    fn check_depth(&self, offset: u32) -> Result<(), BuildError> {
        if self.stack.len() >= MAX_DEPTH { Err(BuildError::TooDeep { offset }) } else { Ok(()) }
    }

    fn attach(&mut self, id: NodeId) {
        match self.stack.last_mut() {
            None => {
                if self.tree.root.is_none() {
                    self.tree.root = Some(id);
                }
            }
            Some(Open::Seq { items, .. }) => items.push(id),
            Some(Open::Map { entries, pending, .. }) => {
                if let Some((key, key_range)) = pending.take() {
                    entries.push(Entry { key, key_range, value: id });
                }
            }
        }
    }

    fn find_duplicates(&mut self, entries: &[Entry<'a>]) {
        if entries.len() < 2 {
            return;
        }
        let mut report = |first: &Entry<'a>, dup: &Entry<'a>| {
            self.tree.duplicate_keys.push(DuplicateKey {
                key: dup.key.to_string(),
                first: first.key_range,
                duplicate: dup.key_range,
            });
        };
        if entries.len() <= 12 {
            for (i, e) in entries.iter().enumerate() {
                if let Some(first) = entries.iter().take(i).find(|f| f.key == e.key) {
                    report(first, e);
                }
            }
        } else {
            let mut seen: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
            for (i, e) in entries.iter().enumerate() {
                if let Some(&j) = seen.get(e.key.as_ref()) {
                    if let Some(first) = entries.get(j) {
                        report(first, e);
                    }
                } else {
                    seen.insert(e.key.as_ref(), i);
                }
            }
        }
    }
}
