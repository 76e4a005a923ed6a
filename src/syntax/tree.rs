//! The spanned document tree that both CloudFormation loaders (YAML and JSON) and the
//! Terraform plan loader produce: an arena of nodes with byte spans for keys and values.
//!
//! Children are referenced by index, never by pointer, so a deep or wide tree is dropped
//! without recursion. YAML short-form tags (`!Ref x`) are rewritten to their long form
//! (`{Ref: x}`) by the YAML builder, so consumers handle intrinsics once.

use std::borrow::Cow;

/// Index of a node in its [`Tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeId(pub u32);

/// A byte range inside the file the tree was parsed from (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Range {
    pub start: u32,
    pub end: u32,
}

impl Range {
    /// A range `start..end`, with `end` raised to `start` if it lies before it.
    pub fn new(start: u32, end: u32) -> Range {
        Range { start, end: end.max(start) }
    }
}

/// One mapping entry: key text, key range and value node.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub key: Cow<'a, str>,
    pub key_range: Range,
    pub value: NodeId,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// A number, kept as written.
    Number(Cow<'a, str>),
    Str(Cow<'a, str>),
    Seq(Vec<NodeId>),
    Map(Vec<Entry<'a>>),
}

/// A node and the range of its text.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub kind: Kind<'a>,
    pub range: Range,
}

/// A duplicate mapping key seen while building the tree; the later value is kept.
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Range,
    pub duplicate: Range,
}

/// A parsed document.
#[derive(Debug, Default)]
pub struct Tree<'a> {
    pub nodes: Vec<Node<'a>>,
    pub root: Option<NodeId>,
    pub duplicate_keys: Vec<DuplicateKey>,
}

impl<'a> Tree<'a> {
    /// The node with this id. Ids come from this tree, so the lookup cannot fail for them;
    /// a foreign id yields a shared `null` node instead of panicking.
    pub fn node(&self, id: NodeId) -> &Node<'a> {
        static NULL: Node<'static> = Node { kind: Kind::Null, range: Range { start: 0, end: 0 } };
        crate::work::tick(1);
        self.nodes.get(id.0 as usize).unwrap_or(&NULL)
    }

    /// Adds a node and returns its id.
    pub fn push(&mut self, kind: Kind<'a>, range: Range) -> NodeId {
        self.nodes.push(Node { kind, range });
        NodeId((self.nodes.len() - 1) as u32)
    }

    /// The root node, if the document is not empty.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// The entries of a mapping node, or `None` for other kinds.
    pub fn entries(&self, id: NodeId) -> Option<&[Entry<'a>]> {
        match &self.node(id).kind {
            Kind::Map(e) => Some(e),
            _ => None,
        }
    }

    /// The items of a sequence node, or `None` for other kinds.
    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(id).kind {
            Kind::Seq(v) => Some(v),
            _ => None,
        }
    }

    /// The value of `key` in a mapping node (the last one if the key is duplicated).
    pub fn get(&self, id: NodeId, key: &str) -> Option<NodeId> {
        self.entry(id, key).map(|e| e.value)
    }

    /// The entry of `key` in a mapping node (the last one if the key is duplicated).
    pub fn entry(&self, id: NodeId, key: &str) -> Option<&Entry<'a>> {
        let entries = self.entries(id)?;
        let found = entries.iter().rev().position(|e| e.key == key);
        crate::work::tick(found.map_or(entries.len(), |p| p + 1) as u64);
        found.and_then(|p| entries.get(entries.len() - 1 - p))
    }

    /// The string of a string node.
    pub fn str(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar node (string, number or boolean), as CloudFormation reads
    /// scalars: `true`, `42` and `"42"` are all usable where a string is expected.
    pub fn scalar_text(&self, id: NodeId) -> Option<Cow<'_, str>> {
        match &self.node(id).kind {
            Kind::Str(s) | Kind::Number(s) => Some(Cow::Borrowed(s)),
            Kind::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }

    /// A copy that owns its strings, with every range passed through `map` (used when a
    /// document was parsed from a repaired copy of the text).
    pub fn into_owned_mapped(self, map: impl Fn(u32) -> u32) -> Tree<'static> {
        let own = |c: Cow<'a, str>| -> Cow<'static, str> { Cow::Owned(c.into_owned()) };
        let range = |r: Range| Range::new(map(r.start), map(r.end));
        let nodes = self
            .nodes
            .into_iter()
            .map(|n| Node {
                range: range(n.range),
                kind: match n.kind {
                    Kind::Null => Kind::Null,
                    Kind::Bool(b) => Kind::Bool(b),
                    Kind::Number(s) => Kind::Number(own(s)),
                    Kind::Str(s) => Kind::Str(own(s)),
                    Kind::Seq(v) => Kind::Seq(v),
                    Kind::Map(entries) => Kind::Map(
                        entries
                            .into_iter()
                            .map(|e| Entry { key: own(e.key), key_range: range(e.key_range), value: e.value })
                            .collect(),
                    ),
                },
            })
            .collect();
        let duplicate_keys = self
            .duplicate_keys
            .into_iter()
            .map(|d| DuplicateKey { key: d.key, first: range(d.first), duplicate: range(d.duplicate) })
            .collect();
        Tree { nodes, root: self.root, duplicate_keys }
    }

    /// A human name for the kind of a node, for diagnostics.
    pub fn kind_name(&self, id: NodeId) -> &'static str {
        match &self.node(id).kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// Nesting deeper than this is refused by every parser, so no later stage can overflow
/// its stack on hostile input. Real templates and plans stay far below it.
pub const MAX_DEPTH: usize = 256;
