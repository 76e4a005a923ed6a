//! CloudFormation's creation order: which resources of a template each resource waits for.
//!
//! CloudFormation creates a resource only after every resource it depends on, explicitly
//! (`DependsOn`, a name or a list of names) or implicitly (a `Ref`, `Fn::GetAtt` or
//! `Fn::Sub` `${Name}` / `${Name.Attribute}` anywhere in its `Properties`). Resources with
//! no path between them are created in any order, in parallel: a rule that needs one
//! resource to exist before another (a route through an internet gateway before that
//! gateway is attached, VPC402) asks [`Dependents::reach`] whether such a path exists.
//!
//! The graph is the template as written: an `Fn::If` counts both branches (whichever is
//! taken; a rule that flags a missing dependency then stays silent when either could
//! supply it), a `Condition` is not a dependency (conditions name no resources), and a
//! reference to something that is not a resource (a parameter, `AWS::Region`) is no edge.
//! Terraform plans leave it empty: Terraform orders resources by their references itself,
//! and an internet gateway with `vpc_id` is attached as it is created. So do templates
//! without a route through an internet gateway or without an attachment: no rule asks
//! about them, and building it walks every resource's properties.

use std::collections::HashMap;

use super::ResourceId;
use crate::source::Span;

/// How a resource comes to depend on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependencyKind {
    /// Named in `DependsOn`.
    DependsOn,
    /// A `Ref` in its properties.
    Ref,
    /// An `Fn::GetAtt` in its properties.
    GetAtt,
    /// A `${Name}` or `${Name.Attribute}` of an `Fn::Sub` in its properties.
    Sub,
}

/// One edge: the resource waits for `on`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependency {
    pub on: ResourceId,
    pub kind: DependencyKind,
    /// Where the template says so: the name in `DependsOn`, the `Ref`'s or `Fn::GetAtt`'s
    /// argument, the `Fn::Sub` string.
    pub span: Span,
}

/// A resource of the template, modelled or not (roles, buckets and custom resources order
/// the network's resources too).
#[derive(Debug, Clone, PartialEq)]
pub struct DependencyNode {
    /// The logical id (as renamed in a joined group, `Name@Stack`).
    pub name: String,
    /// The logical id's key.
    pub span: Span,
    /// Which template of a joined group declares the resource (0 for a template checked
    /// alone). Stacks are ordered as wholes: an imported export, or a nested stack's
    /// outputs, exist before any resource of the importing stack is created.
    pub stack: u32,
    /// What it waits for directly, in the order written (`DependsOn` first).
    pub depends_on: Vec<Dependency>,
}

/// The dependency graph of a CloudFormation template, one node per resource in file
/// order; see the module documentation.
#[derive(Clone, Default)]
pub struct Dependencies {
    pub resources: Vec<DependencyNode>,
    by_name: HashMap<String, ResourceId>,
}

/// The nodes only: the name index repeats them, in an order that changes from run to run.
impl std::fmt::Debug for Dependencies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dependencies").field("resources", &self.resources).finish()
    }
}

impl Dependencies {
    /// Adds a resource without edges; returns its id.
    pub fn add(&mut self, name: &str, span: Span) -> ResourceId {
        let id = ResourceId(self.resources.len() as u32);
        self.by_name.insert(name.to_string(), id);
        self.resources.push(DependencyNode { name: name.to_string(), span, stack: 0, depends_on: Vec::new() });
        id
    }

    /// The resource with this logical id.
    pub fn id(&self, name: &str) -> Option<ResourceId> {
        crate::work::tick(1);
        self.by_name.get(name).copied()
    }

    /// The resource with this id.
    pub fn node(&self, id: ResourceId) -> Option<&DependencyNode> {
        crate::work::tick(1);
        self.resources.get(id.index())
    }

    /// The reverse edges, for walking from a resource to what waits for it.
    pub fn dependents(&self) -> Dependents {
        // Compressed rows: `start[r]..start[r + 1]` of `list` are the resources that
        // depend on `r` directly.
        let n = self.resources.len();
        let mut start = vec![0u32; n + 1];
        for node in &self.resources {
            for d in &node.depends_on {
                crate::work::tick(1);
                if let Some(s) = start.get_mut(d.on.index() + 1) {
                    *s += 1;
                }
            }
        }
        for i in 0..n {
            let before = start.get(i).copied().unwrap_or(0);
            if let Some(s) = start.get_mut(i + 1) {
                *s += before;
            }
        }
        let mut fill = start.clone();
        let mut list = vec![ResourceId(0); start.get(n).copied().unwrap_or(0) as usize];
        for (r, node) in self.resources.iter().enumerate() {
            for d in &node.depends_on {
                let Some(at) = fill.get_mut(d.on.index()) else { continue };
                if let Some(slot) = list.get_mut(*at as usize) {
                    *slot = ResourceId(r as u32);
                }
                *at += 1;
            }
        }
        Dependents { start, list, seen: vec![u32::MAX; n], walk: 0 }
    }
}

/// Who depends on each resource directly ([`Dependencies::dependents`]), with the scratch
/// space to walk it: each [`Dependents::reach`] costs the resources it reaches and their
/// edges, not the template, so walks from a few roots are linear together.
#[derive(Debug, Clone)]
pub struct Dependents {
    start: Vec<u32>,
    list: Vec<ResourceId>,
    /// The walk that last reached each resource.
    seen: Vec<u32>,
    walk: u32,
}

impl Dependents {
    /// Walks from `root` to everything that depends on it, directly or through others,
    /// and returns a [`Reached`] that answers for this walk until the next one.
    pub fn reach(&mut self, root: ResourceId) -> Reached<'_> {
        self.walk = self.walk.wrapping_add(1);
        if self.walk == u32::MAX {
            // Stamps wrapped around: forget them all once.
            self.seen.iter_mut().for_each(|s| *s = u32::MAX);
            self.walk = 0;
        }
        let walk = self.walk;
        let mut stack = vec![root];
        while let Some(r) = stack.pop() {
            let (from, to) = (self.start.get(r.index()).copied(), self.start.get(r.index() + 1).copied());
            let (Some(from), Some(to)) = (from, to) else { continue };
            for &d in self.list.get(from as usize..to as usize).unwrap_or(&[]) {
                crate::work::tick(1);
                if let Some(s) = self.seen.get_mut(d.index()) {
                    if *s != walk {
                        *s = walk;
                        stack.push(d);
                    }
                }
            }
        }
        Reached { seen: &self.seen, walk }
    }
}

/// The resources one [`Dependents::reach`] walk reached.
pub struct Reached<'a> {
    seen: &'a [u32],
    walk: u32,
}

impl Reached<'_> {
    /// Whether `r` depends, directly or not, on the walk's root.
    pub fn depends(&self, r: ResourceId) -> bool {
        self.seen.get(r.index()) == Some(&self.walk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(u32, u32)], n: u32) -> Dependencies {
        let mut d = Dependencies::default();
        for i in 0..n {
            d.add(&format!("R{i}"), Span::default());
        }
        for &(from, on) in edges {
            d.resources[from as usize].depends_on.push(Dependency {
                on: ResourceId(on),
                kind: DependencyKind::Ref,
                span: Span::default(),
            });
        }
        d
    }

    #[test]
    fn reach_follows_paths_and_only_paths() {
        // 1 -> 0, 2 -> 1, 3 -> 2 and 3 -> 4, 5 alone, 6 <-> 7 a cycle through 0.
        let d = graph(&[(1, 0), (2, 1), (3, 2), (3, 4), (6, 7), (7, 6), (7, 0)], 8);
        let mut rev = d.dependents();
        let reached = rev.reach(ResourceId(0));
        let on_0: Vec<u32> = (0..8).filter(|&r| reached.depends(ResourceId(r))).collect();
        assert_eq!(on_0, [1, 2, 3, 6, 7]);
        let reached = rev.reach(ResourceId(4));
        let on_4: Vec<u32> = (0..8).filter(|&r| reached.depends(ResourceId(r))).collect();
        assert_eq!(on_4, [3], "the earlier walk is forgotten");
        assert_eq!(d.id("R5"), Some(ResourceId(5)));
        assert_eq!(d.id("R9"), None);
    }
}
