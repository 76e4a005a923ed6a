//! One network across several CloudFormation templates: templates joined through their
//! exports (`Outputs.*.Export.Name`) and imports (`Fn::ImportValue`) are loaded as one
//! template, so that a subnet in one stack sees the gateway endpoint another stack puts on
//! its route table, and an endpoint sees the VPC it is imported into.
//!
//! How, in three steps:
//! 1. [`scan`] reads each template's literal export and import names (CDK writes both as
//!    literals: `Network:ExportsOutputRefVpc...`).
//! 2. [`groups`] joins a consumer with the one producer of each name it imports (a union-find
//!    over names, linear in templates and names). A name two templates export is ambiguous
//!    (two apps, two environments): it joins nothing and its imports stay unknown.
//! 3. [`join`] copies the members' trees into one tree, their byte ranges shifted into one
//!    virtual text (the members' texts one after the other), so the loader runs unchanged
//!    and every span still says where it is; [`crate::report::resolve::Spans`] maps it back. A
//!    name two members declare (CDK's `CDKMetadata` and `BootstrapVersion` are in every
//!    stack) is renamed in the later member, `Name@Stack`, with every reference to it
//!    (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Condition`, `Fn::If`, `Fn::FindInMap`,
//!    `DependsOn`). An `Fn::ImportValue` of an export in the group becomes a copy of the
//!    producer's output `Value`, read in the producer's names, with the producer's spans.
//!
//! Export names built at deploy time (`!Sub ${AWS::StackName}-VpcId`) and imports of them
//! stay unknown, as they are without joining.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::syntax::tree::{DuplicateKey, Entry, Kind, Node, NodeId, Range, Tree};

/// What a template exports and imports, by literal name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub exports: Vec<String>,
    pub imports: Vec<String>,
    /// Nested stacks whose template is a file beside this one: (the `AWS::CloudFormation::Stack`
    /// resource's logical id, the file's path relative to this template's directory).
    pub nested: Vec<(String, String)>,
}

impl Scan {
    /// Whether the template takes part in any join.
    pub fn is_empty(&self) -> bool {
        self.exports.is_empty() && self.imports.is_empty() && self.nested.is_empty()
    }
}

/// The file of a nested stack resource: CDK's `aws:asset:path` metadata
/// (`Parent.nested.template.json`), or a `TemplateURL` that is a relative path.
fn nested_file(tree: &Tree<'_>, resource: NodeId) -> Option<String> {
    if let Some(path) =
        tree.get(resource, "Metadata").and_then(|m| tree.get(m, "aws:asset:path")).and_then(|p| tree.str(p))
    {
        return Some(path.to_string());
    }
    let url = tree.get(resource, "Properties").and_then(|p| tree.get(p, "TemplateURL")).and_then(|u| tree.str(u))?;
    let remote = url.contains("://") || url.starts_with('/') || url.is_empty();
    (!remote).then(|| url.to_string())
}

/// Stands for `${AWS::StackName}` in a name until the stack's deployed name is known
/// ([`with_stack`]).
pub const STACK_NAME: &str = "\u{0}AWS::StackName\u{0}";

/// An export or import name as far as the template says it: a literal, or an `Fn::Sub` whose
/// variables are `${AWS::StackName}` (kept as [`STACK_NAME`]) and parameters with a literal
/// `Default` (CloudFormation's `!Sub ${NetworkStackName}-VpcId`). Anything else (the region,
/// the account, a resource) cannot be named before deployment: `None`.
pub fn name_of(tree: &Tree<'_>, node: NodeId) -> Option<String> {
    if let Some(s) = tree.str(node) {
        return Some(s.to_string());
    }
    let sub = tree.get(node, "Fn::Sub").filter(|_| tree.entries(node).is_some_and(|e| e.len() == 1))?;
    let (template, vars) = match tree.items(sub) {
        Some(items) => (tree.str(*items.first()?)?, items.get(1).copied()),
        None => (tree.str(sub)?, None),
    };
    let params = tree.root().and_then(|r| tree.get(r, "Parameters"));
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find("${") {
        out.push_str(rest.get(..open)?);
        let after = rest.get(open + 2..)?;
        let close = after.find('}')?;
        let var = after.get(..close)?;
        if let Some(literal) = var.strip_prefix('!') {
            out.push_str("${");
            out.push_str(literal);
            out.push('}');
        } else if let Some(v) = vars.and_then(|v| tree.get(v, var)) {
            out.push_str(tree.str(v)?);
        } else if var == "AWS::StackName" {
            out.push_str(STACK_NAME);
        } else {
            let default = params.and_then(|p| tree.get(p, var)).and_then(|p| tree.get(p, "Default"))?;
            out.push_str(&tree.scalar_text(default)?);
        }
        rest = after.get(close + 1..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// `name` with the deployed stack name for `${AWS::StackName}`; `None` when it needs one
/// and none is known (see `[stacks]` in vpclint.toml).
pub fn with_stack(name: &str, deployed: Option<&str>) -> Option<String> {
    match (name.contains(STACK_NAME), deployed) {
        (false, _) => Some(name.to_string()),
        (true, Some(stack)) => Some(name.replace(STACK_NAME, stack)),
        (true, None) => None,
    }
}

/// The export and import names of a parsed template, as [`name_of`] reads them.
pub fn scan(tree: &Tree<'_>) -> Scan {
    let mut out = Scan::default();
    let Some(root) = tree.root() else { return out };
    for e in tree.get(root, "Outputs").and_then(|o| tree.entries(o)).unwrap_or(&[]) {
        if let Some(name) = tree.get(e.value, "Export").and_then(|x| tree.get(x, "Name")).and_then(|n| name_of(tree, n))
        {
            out.exports.push(name);
        }
    }
    for e in tree.get(root, "Resources").and_then(|r| tree.entries(r)).unwrap_or(&[]) {
        if tree.get(e.value, "Type").and_then(|t| tree.str(t)) == Some("AWS::CloudFormation::Stack") {
            if let Some(file) = nested_file(tree, e.value) {
                out.nested.push((e.key.to_string(), file));
            }
        }
    }
    for node in &tree.nodes {
        if let Kind::Map(entries) = &node.kind {
            if let [e] = entries.as_slice() {
                if e.key == "Fn::ImportValue" {
                    if let Some(name) = name_of(tree, e.value) {
                        out.imports.push(name);
                    }
                }
            }
        }
    }
    out.exports.sort();
    out.exports.dedup();
    out.imports.sort();
    out.imports.dedup();
    out
}

/// The groups of more than one template that imports join, each a sorted list of indices
/// into `scans`, in order of their first member. Templates not listed are checked alone.
pub fn groups(scans: &[Option<Scan>], nested: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut producer: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, s) in scans.iter().enumerate() {
        for name in s.iter().flat_map(|s| &s.exports) {
            producer
                .entry(name.as_str())
                .and_modify(|p| {
                    if *p != Some(i) {
                        *p = None;
                    }
                })
                .or_insert(Some(i));
        }
    }
    let mut parent: Vec<usize> = (0..scans.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            let grand = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(i) {
                *slot = grand;
            }
            i = p;
        }
        i
    }
    let producer = &producer;
    let imports = scans.iter().enumerate().flat_map(|(i, s)| {
        s.iter().flat_map(|s| &s.imports).filter_map(move |name| Some((i, (*producer.get(name.as_str())?)?)))
    });
    let pairs: Vec<(usize, usize)> =
        imports.chain(nested.iter().copied().filter(|&(a, b)| a < scans.len() && b < scans.len())).collect();
    for (i, p) in pairs {
        {
            {
                let (a, b) = (find(&mut parent, i), find(&mut parent, p));
                if a != b {
                    let (lo, hi) = (a.min(b), a.max(b));
                    if let Some(slot) = parent.get_mut(hi) {
                        *slot = lo;
                    }
                }
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..scans.len() {
        let r = find(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    by_root.into_values().filter(|g| g.len() > 1).collect()
}

/// One template of a group: its tree (ranges relative to its own text), where its text
/// starts in the group's virtual text, and its stack name (for renamed names).
pub struct Member<'a> {
    pub tree: Tree<'a>,
    pub base: u32,
    pub stack: String,
    /// For a nested stack's template: the member holding it and its stack resource's
    /// logical id there.
    pub parent: Option<(usize, String)>,
    /// The name the stack is deployed as, when `[stacks]` in vpclint.toml says, for
    /// `${AWS::StackName}` in export and import names.
    pub deployed: Option<String>,
}

/// The stack name a file suggests: its name up to the first dot, letters and digits only
/// (`Network.template.json` is `Network`).
pub fn stack_name(file_name: &str) -> String {
    let stem = file_name.split('.').next().unwrap_or(file_name);
    let name: String = stem.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if name.is_empty() { "Stack".to_string() } else { name }
}

/// What [`join`] made: the tree, and per member the node of its template-level `Metadata`
/// (for its suppressions) with the names its resources have in the joined tree.
pub struct Joined<'a> {
    pub tree: Tree<'a>,
    pub members: Vec<JoinedMember>,
}

/// See [`Joined::members`].
pub struct JoinedMember {
    pub metadata: Option<NodeId>,
    pub resources: Vec<String>,
}

/// The sections whose names a template declares, and which reference them.
const SECTIONS: [&str; 4] = ["Resources", "Parameters", "Conditions", "Mappings"];

/// Names renamed in one member, per namespace: resources and parameters share `Ref`'s.
#[derive(Default)]
struct Renames {
    refs: HashMap<String, String>,
    conditions: HashMap<String, String>,
    mappings: HashMap<String, String>,
}

struct Joiner<'m, 'a> {
    members: &'m [Member<'a>],
    out: Tree<'a>,
    renames: Vec<Renames>,
    /// Export name -> (member, output value node in that member's tree), for names exactly
    /// one member exports.
    exports: HashMap<String, (usize, NodeId)>,
    /// Exports, nested parameters and outputs being copied, so a cycle stays as written
    /// instead of recursing.
    resolving: HashSet<String>,
    /// (member, stack resource logical id) -> the member that is its nested template.
    children: HashMap<(usize, String), usize>,
}

/// Copies `members` into one template tree; see the module documentation.
pub fn join<'a>(members: &[Member<'a>]) -> Joined<'a> {
    // Names, and who declared them first.
    let mut taken: [HashSet<String>; 3] = Default::default();
    let mut renames = Vec::with_capacity(members.len());
    for m in members {
        let mut r = Renames::default();
        let Some(root) = m.tree.root() else {
            renames.push(r);
            continue;
        };
        for section in SECTIONS {
            let (slot, map) = match section {
                "Resources" | "Parameters" => (0, &mut r.refs),
                "Conditions" => (1, &mut r.conditions),
                _ => (2, &mut r.mappings),
            };
            for e in m.tree.get(root, section).and_then(|s| m.tree.entries(s)).unwrap_or(&[]) {
                let Some(set) = taken.get_mut(slot) else { continue };
                if set.contains(e.key.as_ref()) {
                    let mut n = 1;
                    let mut renamed = format!("{}@{}", e.key, m.stack);
                    while set.contains(&renamed) {
                        n += 1;
                        renamed = format!("{}@{}{n}", e.key, m.stack);
                    }
                    set.insert(renamed.clone());
                    map.insert(e.key.to_string(), renamed);
                } else {
                    set.insert(e.key.to_string());
                }
            }
        }
        renames.push(r);
    }
    let mut exported: HashMap<String, Option<(usize, NodeId)>> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        let Some(root) = m.tree.root() else { continue };
        for e in m.tree.get(root, "Outputs").and_then(|o| m.tree.entries(o)).unwrap_or(&[]) {
            let name =
                m.tree.get(e.value, "Export").and_then(|x| m.tree.get(x, "Name")).and_then(|n| name_of(&m.tree, n));
            let name = name.and_then(|n| with_stack(&n, m.deployed.as_deref()));
            if let (Some(name), Some(value)) = (name, m.tree.get(e.value, "Value")) {
                exported.entry(name).and_modify(|v| *v = None).or_insert(Some((i, value)));
            }
        }
    }
    let exports = exported.into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
    let children = members
        .iter()
        .enumerate()
        .filter_map(|(c, m)| m.parent.as_ref().map(|(p, res)| ((*p, res.clone()), c)))
        .collect();
    let mut j = Joiner { members, out: Tree::default(), renames, exports, resolving: HashSet::new(), children };

    let mut sections: Vec<Vec<Entry<'a>>> = vec![Vec::new(); SECTIONS.len()];
    let mut joined_members = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let mut jm = JoinedMember { metadata: None, resources: Vec::new() };
        if let Some(root) = m.tree.root() {
            for (s, section) in SECTIONS.iter().enumerate() {
                let Some(node) = m.tree.get(root, section) else { continue };
                let Some(entries) = m.tree.entries(node) else {
                    // Not a mapping: kept as it is, for the loader to say so.
                    if s == 0 {
                        let copied = j.copy(i, node);
                        let key_range = j.shift(i, m.tree.node(node).range);
                        if let Some(list) = sections.get_mut(s) {
                            list.push(Entry { key: Cow::Borrowed("Resources"), key_range, value: copied });
                        }
                    }
                    continue;
                };
                for e in entries {
                    let key = j.renamed(i, section, &e.key);
                    let value = if *section == "Resources" { j.copy_resource(i, e.value) } else { j.copy(i, e.value) };
                    if *section == "Resources" {
                        jm.resources.push(key.to_string());
                    }
                    let key_range = j.shift(i, e.key_range);
                    if let Some(list) = sections.get_mut(s) {
                        list.push(Entry { key, key_range, value });
                    }
                }
            }
            jm.metadata = m.tree.get(root, "Metadata").map(|n| j.copy(i, n));
        }
        for d in &m.tree.duplicate_keys {
            let (first, duplicate) = (j.shift(i, d.first), j.shift(i, d.duplicate));
            j.out.duplicate_keys.push(DuplicateKey { key: d.key.clone(), first, duplicate });
        }
        joined_members.push(jm);
    }
    let whole = Range::new(0, members.last().map_or(0, |m| m.base + m.tree.nodes.first().map_or(0, |n| n.range.end)));
    let mut root_entries = Vec::new();
    for (section, entries) in SECTIONS.iter().zip(sections) {
        if entries.is_empty() && *section != "Resources" {
            continue;
        }
        let value = j.out.push(Kind::Map(entries), whole);
        root_entries.push(Entry { key: Cow::Borrowed(*section), key_range: Range::new(0, 0), value });
    }
    let root = j.out.push(Kind::Map(root_entries), whole);
    j.out.root = Some(root);
    Joined { tree: j.out, members: joined_members }
}

impl<'a> Joiner<'_, 'a> {
    fn shift(&self, m: usize, r: Range) -> Range {
        let base = self.members.get(m).map_or(0, |m| m.base);
        Range::new(r.start.saturating_add(base), r.end.saturating_add(base))
    }

    fn tree(&self, m: usize) -> &Tree<'a> {
        static EMPTY: Tree<'static> = Tree { nodes: Vec::new(), root: None, duplicate_keys: Vec::new() };
        self.members.get(m).map_or(&EMPTY, |m| &m.tree)
    }

    /// `name` of `section` as member `m`'s names are in the joined tree.
    fn renamed(&self, m: usize, section: &str, name: &Cow<'a, str>) -> Cow<'a, str> {
        self.renamed_str(m, section, name).map_or_else(|| name.clone(), Cow::Owned)
    }

    fn renamed_str(&self, m: usize, section: &str, name: &str) -> Option<String> {
        let r = self.renames.get(m)?;
        let map = match section {
            "Resources" | "Parameters" => &r.refs,
            "Conditions" => &r.conditions,
            _ => &r.mappings,
        };
        map.get(name).cloned()
    }

    /// A string node of member `m` renamed in `section`'s names, or copied as it is.
    fn copy_name(&mut self, m: usize, node: NodeId, section: &str) -> NodeId {
        let n = self.tree(m).node(node);
        let range = self.shift(m, n.range);
        match &n.kind {
            Kind::Str(s) => {
                let s = s.clone();
                let kind = match self.renamed_str(m, section, &s) {
                    Some(new) => Kind::Str(Cow::Owned(new)),
                    None => Kind::Str(s),
                };
                self.out.push(kind, range)
            }
            _ => self.copy(m, node),
        }
    }

    /// A resource: `Condition` and `DependsOn` name conditions and resources.
    fn copy_resource(&mut self, m: usize, node: NodeId) -> NodeId {
        let n = self.tree(m).node(node);
        let Kind::Map(entries) = &n.kind else { return self.copy(m, node) };
        let (entries, range) = (entries.clone(), self.shift(m, n.range));
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let value = match e.key.as_ref() {
                "Condition" => self.copy_name(m, e.value, "Conditions"),
                "DependsOn" => match self.tree(m).items(e.value).map(<[NodeId]>::to_vec) {
                    Some(items) => {
                        let r = self.shift(m, self.tree(m).node(e.value).range);
                        let copied = items.into_iter().map(|i| self.copy_name(m, i, "Resources")).collect();
                        self.out.push(Kind::Seq(copied), r)
                    }
                    None => self.copy_name(m, e.value, "Resources"),
                },
                _ => self.copy(m, e.value),
            };
            out.push(Entry { key: e.key, key_range: self.shift(m, e.key_range), value });
        }
        self.out.push(Kind::Map(out), range)
    }

    /// Copies node `node` of member `m` and what it holds, renaming references and
    /// resolving imports of the group's exports.
    fn copy(&mut self, m: usize, node: NodeId) -> NodeId {
        let n: Node<'a> = self.tree(m).node(node).clone();
        let range = self.shift(m, n.range);
        match n.kind {
            Kind::Seq(items) => {
                let copied = items.into_iter().map(|i| self.copy(m, i)).collect();
                self.out.push(Kind::Seq(copied), range)
            }
            Kind::Map(entries) => {
                if let [e] = entries.as_slice() {
                    if let Some(id) = self.copy_intrinsic(m, e, range) {
                        return id;
                    }
                }
                let copied = entries
                    .into_iter()
                    .map(|e| {
                        let value = self.copy(m, e.value);
                        Entry { key: e.key, key_range: self.shift(m, e.key_range), value }
                    })
                    .collect();
                self.out.push(Kind::Map(copied), range)
            }
            kind => self.out.push(kind, range),
        }
    }

    /// An intrinsic function whose arguments name something, copied with the names as they
    /// are in the joined tree; `None` for everything else.
    fn copy_intrinsic(&mut self, m: usize, e: &Entry<'a>, range: Range) -> Option<NodeId> {
        let key_range = self.shift(m, e.key_range);
        let wrap = |j: &mut Self, value: NodeId| {
            j.out.push(Kind::Map(vec![Entry { key: e.key.clone(), key_range, value }]), range)
        };
        let items = self.tree(m).items(e.value).map(<[NodeId]>::to_vec);
        let arg_range = self.shift(m, self.tree(m).node(e.value).range);
        match e.key.as_ref() {
            "Ref" => {
                let name = self.tree(m).str(e.value).map(str::to_string);
                if let Some(bound) = name.and_then(|name| self.nested_parameter(m, &name)) {
                    return Some(bound);
                }
                let v = self.copy_name(m, e.value, "Resources");
                Some(wrap(self, v))
            }
            "Condition" => {
                let v = self.copy_name(m, e.value, "Conditions");
                Some(wrap(self, v))
            }
            "Fn::GetAtt" => {
                let target = match (&items, self.tree(m).str(e.value)) {
                    (Some(items), _) => {
                        let res = items.first().and_then(|&i| self.tree(m).str(i));
                        let attr = items.get(1).and_then(|&i| self.tree(m).str(i));
                        res.zip(attr).map(|(r, a)| (r.to_string(), a.to_string()))
                    }
                    (None, Some(s)) => s.split_once('.').map(|(r, a)| (r.to_string(), a.to_string())),
                    _ => None,
                };
                if let Some(out) = target.and_then(|(res, attr)| self.nested_output(m, &res, &attr)) {
                    return Some(out);
                }
                let v = match (&items, self.tree(m).str(e.value)) {
                    (Some(items), _) => {
                        let mut copied = Vec::with_capacity(items.len());
                        for (k, &i) in items.iter().enumerate() {
                            copied.push(if k == 0 { self.copy_name(m, i, "Resources") } else { self.copy(m, i) });
                        }
                        self.out.push(Kind::Seq(copied), arg_range)
                    }
                    (None, Some(s)) => {
                        let s = s.to_string();
                        let renamed = match s.split_once('.') {
                            Some((res, attr)) => self.renamed_str(m, "Resources", res).map(|r| format!("{r}.{attr}")),
                            None => None,
                        };
                        match renamed {
                            Some(r) => self.out.push(Kind::Str(Cow::Owned(r)), arg_range),
                            None => self.copy(m, e.value),
                        }
                    }
                    _ => self.copy(m, e.value),
                };
                Some(wrap(self, v))
            }
            "Fn::If" | "Fn::FindInMap" => {
                let section = if e.key == "Fn::If" { "Conditions" } else { "Mappings" };
                let items = items?;
                let mut copied = Vec::with_capacity(items.len());
                for (k, &i) in items.iter().enumerate() {
                    copied.push(if k == 0 { self.copy_name(m, i, section) } else { self.copy(m, i) });
                }
                let v = self.out.push(Kind::Seq(copied), arg_range);
                Some(wrap(self, v))
            }
            "Fn::Sub" => {
                let (template, vars) = match &items {
                    Some(items) => (*items.first()?, items.get(1).copied()),
                    None => (e.value, None),
                };
                let local: HashSet<String> = vars
                    .and_then(|v| self.tree(m).entries(v))
                    .map(|es| es.iter().map(|e| e.key.to_string()).collect())
                    .unwrap_or_default();
                let t = self.tree(m).node(template).clone();
                let t_range = self.shift(m, t.range);
                let t_copy = match &t.kind {
                    Kind::Str(s) => match self.sub_renamed(m, s, &local) {
                        Some(new) => self.out.push(Kind::Str(Cow::Owned(new)), t_range),
                        None => self.out.push(t.kind.clone(), t_range),
                    },
                    _ => self.copy(m, template),
                };
                let v = match &items {
                    Some(items) => {
                        let mut copied = vec![t_copy];
                        for &i in items.iter().skip(1) {
                            copied.push(self.copy(m, i));
                        }
                        self.out.push(Kind::Seq(copied), arg_range)
                    }
                    None => t_copy,
                };
                Some(wrap(self, v))
            }
            "Fn::ImportValue" => {
                let deployed = self.members.get(m).and_then(|m| m.deployed.as_deref());
                let name = with_stack(&name_of(self.tree(m), e.value)?, deployed)?;
                let &(p, value) = self.exports.get(&name)?;
                self.copy_unless_resolving(name, p, value)
            }
            _ => None,
        }
    }

    /// A `Ref` to parameter `name` of nested template `m`: the value its parent's stack
    /// resource passes (`Properties.Parameters.name`), copied in the parent's names.
    fn nested_parameter(&mut self, m: usize, name: &str) -> Option<NodeId> {
        let (p, res) = self.members.get(m)?.parent.clone()?;
        let child = self.tree(m);
        child.get(child.root()?, "Parameters").and_then(|ps| child.get(ps, name))?;
        let parent = self.tree(p);
        let resources = parent.get(parent.root()?, "Resources")?;
        let value = parent
            .get(resources, &res)
            .and_then(|r| parent.get(r, "Properties"))
            .and_then(|ps| parent.get(ps, "Parameters"))
            .and_then(|ps| parent.get(ps, name))?;
        self.copy_unless_resolving(format!("{m} parameter {name}"), p, value)
    }

    /// `Fn::GetAtt [res, Outputs.X]` in member `m`, where `res` is a nested stack whose
    /// template is a member: that template's output `X` value, copied in its names.
    fn nested_output(&mut self, m: usize, res: &str, attr: &str) -> Option<NodeId> {
        let output = attr.strip_prefix("Outputs.")?;
        let &c = self.children.get(&(m, res.to_string()))?;
        let child = self.tree(c);
        let value = child
            .get(child.root()?, "Outputs")
            .and_then(|o| child.get(o, output))
            .and_then(|o| child.get(o, "Value"))?;
        self.copy_unless_resolving(format!("{c} output {output}"), c, value)
    }

    /// Copies node `node` of member `m` for `key` (an export, a nested parameter or output),
    /// unless `key` is already being copied: then a cycle leads back to it, and `None` leaves
    /// the reference as written.
    fn copy_unless_resolving(&mut self, key: String, m: usize, node: NodeId) -> Option<NodeId> {
        if !self.resolving.insert(key.clone()) {
            return None;
        }
        let copied = self.copy(m, node);
        self.resolving.remove(&key);
        Some(copied)
    }

    /// A `Fn::Sub` template with member `m`'s renamed names in `${...}`; `None` when
    /// nothing in it is renamed.
    fn sub_renamed(&self, m: usize, s: &str, local: &HashSet<String>) -> Option<String> {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        let mut changed = false;
        while let Some(open) = rest.find("${") {
            let (before, after) = rest.split_at(open);
            out.push_str(before);
            let Some(close) = after.find('}') else {
                out.push_str(after);
                rest = "";
                break;
            };
            let inner = after.get(2..close).unwrap_or("");
            let (name, attr) = match inner.split_once('.') {
                Some((n, a)) => (n, Some(a)),
                None => (inner, None),
            };
            let renamed = (!inner.starts_with('!') && !local.contains(inner))
                .then(|| self.renamed_str(m, "Resources", name))
                .flatten();
            match renamed {
                Some(r) => {
                    changed = true;
                    out.push_str("${");
                    out.push_str(&r);
                    if let Some(a) = attr {
                        out.push('.');
                        out.push_str(a);
                    }
                    out.push('}');
                }
                None => out.push_str(after.get(..=close).unwrap_or("")),
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        changed.then_some(out)
    }
}

#[cfg(test)]
#[path = "join_tests.rs"]
mod tests;
