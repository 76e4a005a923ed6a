//! The template's dependency graph ([`crate::model::dependencies`]): `DependsOn`, and the
//! `Ref`, `Fn::GetAtt` and `Fn::Sub` references in each resource's `Properties`.
//!
//! Read from the tree as written, not through the evaluator: a reference is a dependency
//! whatever it evaluates to, and a `GetAtt` that the evaluator resolves to the other
//! resource's property value (`!GetAtt Subnet.VpcId`) still orders the two resources.

use std::collections::HashMap;

use crate::model::ResourceId;
use crate::model::dependencies::{Dependencies, Dependency, DependencyKind};
use crate::source::{FileId, Span};
use crate::syntax::tree::{Entry, Kind, NodeId, Tree};

/// Whether the graph of a template whose objects are `model`'s can be asked about: only a
/// route through an internet gateway asks (VPC402: is it created after the gateway's
/// attachment?), so a template without one, or without any attachment, keeps the graph
/// empty, and most templates (no VPC, or no internet route) skip walking every resource's
/// properties for it.
pub(super) fn asked(model: &crate::model::Model) -> bool {
    use crate::model::{Link, Target, TargetRef};
    !model.igw_attachments.is_empty()
        && model
            .routes
            .iter()
            .any(|r| matches!(r.target.known(), Some(Target { link: Link::To(TargetRef::Igw(_)), .. })))
}

/// The graph of `resources` (the template's `Resources` entries, in order).
pub(super) fn dependencies(tree: &Tree<'_>, resources: &[Entry<'_>], file: FileId) -> Dependencies {
    let span = |n: NodeId| {
        let r = tree.node(n).range;
        Span::new(file, r.start, r.end)
    };
    let mut deps = Dependencies::default();
    let mut ids: HashMap<&str, ResourceId> = HashMap::with_capacity(resources.len());
    for e in resources {
        let id = deps.add(&e.key, Span::new(file, e.key_range.start, e.key_range.end));
        ids.insert(e.key.as_ref(), id);
    }
    for (i, e) in resources.iter().enumerate() {
        crate::work::tick(1);
        let mut edges = Vec::new();
        let me = ResourceId(i as u32);
        let mut edge = |name: &str, kind: DependencyKind, at: NodeId| {
            if let Some(&on) = ids.get(name).filter(|&&on| on != me) {
                edges.push(Dependency { on, kind, span: span(at) });
            }
        };
        if tree.entries(e.value).is_none() {
            continue;
        }
        if let Some(d) = tree.get(e.value, "DependsOn") {
            match tree.items(d) {
                Some(items) => {
                    for &item in items {
                        if let Some(name) = tree.str(item) {
                            edge(name, DependencyKind::DependsOn, item);
                        }
                    }
                }
                None => {
                    if let Some(name) = tree.str(d) {
                        edge(name, DependencyKind::DependsOn, d);
                    }
                }
            }
        }
        if let Some(props) = tree.get(e.value, "Properties") {
            references(tree, props, &mut edge);
        }
        if let Some(node) = deps.resources.get_mut(i) {
            node.depends_on = edges;
        }
    }
    deps
}

/// Calls `edge` for every resource name a `Ref`, `Fn::GetAtt` or `Fn::Sub` under `root`
/// names (names that are no resource are dropped by `edge`).
fn references(tree: &Tree<'_>, root: NodeId, edge: &mut impl FnMut(&str, DependencyKind, NodeId)) {
    // An explicit stack: the tree's depth is the input's.
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        crate::work::tick(1);
        match &tree.node(n).kind {
            // Pushed last first, so edges come in the order written.
            Kind::Seq(items) => stack.extend(items.iter().rev().copied()),
            Kind::Map(entries) => {
                if let [e] = entries.as_slice() {
                    let arg = e.value;
                    match e.key.as_ref() {
                        "Ref" => {
                            if let Some(name) = tree.str(arg) {
                                edge(name, DependencyKind::Ref, arg);
                            }
                            continue;
                        }
                        "Fn::GetAtt" => {
                            // `Name.Attribute`, or `[Name, Attribute]` whose attribute may
                            // itself be a `Ref` (to a parameter).
                            if let Some(s) = tree.str(arg) {
                                edge(s.split_once('.').map_or(s, |(name, _)| name), DependencyKind::GetAtt, arg);
                            } else if let Some(items) = tree.items(arg) {
                                if let Some(name) = items.first().and_then(|&i| tree.str(i)) {
                                    edge(name, DependencyKind::GetAtt, arg);
                                }
                                stack.extend(items.iter().skip(1).rev().copied());
                            }
                            continue;
                        }
                        "Fn::Sub" => {
                            sub(tree, arg, &mut stack, edge);
                            continue;
                        }
                        // The condition's name is no resource; both branches may be taken.
                        "Fn::If" => {
                            stack.extend(tree.items(arg).unwrap_or(&[]).iter().skip(1).rev().copied());
                            continue;
                        }
                        "Condition" => continue,
                        _ => {}
                    }
                }
                stack.extend(entries.iter().rev().map(|e| e.value));
            }
            _ => {}
        }
    }
}

/// `Fn::Sub`: `'string'` or `[string, {Var: value}]`. The string's `${Name}` and
/// `${Name.Attribute}` refer to resources unless a variable of the map has that name;
/// `${!Literal}` is text. The map's values are walked like any property.
fn sub(tree: &Tree<'_>, arg: NodeId, stack: &mut Vec<NodeId>, edge: &mut impl FnMut(&str, DependencyKind, NodeId)) {
    let (template, vars) = match tree.items(arg) {
        Some(items) => (items.first().copied(), items.get(1).copied()),
        None => (Some(arg), None),
    };
    if let Some(vars) = vars {
        stack.extend(tree.entries(vars).unwrap_or(&[]).iter().rev().map(|e| e.value));
    }
    let Some(template) = template else { return };
    let Some(text) = tree.str(template) else {
        // Not a string (a VPC001 for the evaluator): walk it for what it names.
        stack.push(template);
        return;
    };
    let mut rest = text;
    while let Some(open) = rest.find("${") {
        let after = rest.get(open + 2..).unwrap_or("");
        let Some(close) = after.find('}') else { break };
        let inner = after.get(..close).unwrap_or("").trim();
        rest = after.get(close + 1..).unwrap_or("");
        if inner.starts_with('!') || vars.is_some_and(|v| tree.get(v, inner).is_some()) {
            continue;
        }
        let name = inner.split_once('.').map_or(inner, |(name, _)| name);
        edge(name, DependencyKind::Sub, template);
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{Loaded, load_text};
    use crate::model::dependencies::DependencyKind;
    use crate::source::FileId;

    /// (resource, [(what it depends on, how)]) for every resource with dependencies.
    fn edges(text: &str) -> Vec<(String, Vec<(String, DependencyKind)>)> {
        let tree = crate::syntax::yaml::parse(text).expect("YAML").tree;
        let root = tree.root().expect("a document");
        let resources = tree.entry(root, "Resources").and_then(|e| tree.entries(e.value)).expect("resources");
        let d = &super::dependencies(&tree, resources, FileId(0));
        d.resources
            .iter()
            .filter(|n| !n.depends_on.is_empty())
            .map(|n| {
                let on = n.depends_on.iter().map(|e| (d.resources[e.on.index()].name.clone(), e.kind)).collect();
                (n.name.clone(), on)
            })
            .collect()
    }

    #[test]
    fn depends_on_ref_getatt_and_sub_in_every_form() {
        use DependencyKind::*;
        let text = r#"
Parameters:
  Attr: {Type: String, Default: Arn}
Conditions:
  Yes: !Equals [a, a]
Resources:
  A: {Type: AWS::IAM::Role}
  B: {Type: AWS::EC2::VPC, DependsOn: A}
  C:
    Type: AWS::EC2::Subnet
    DependsOn: [A, B, Nowhere]
    Properties:
      VpcId: !Ref B
      Tags:
        - {Key: a, Value: !GetAtt A.Arn}
        - {Key: b, Value: {"Fn::GetAtt": [B, !Ref Attr]}}
        - {Key: c, Value: !Sub "${A}-${B.CidrBlock}-${!C}-${AWS::Region}-${Attr}-${V}"}
        - {Key: d, Value: !Sub ["${V}", {V: !Ref D}]}
        - {Key: e, Value: !If [Yes, !Ref E, !Ref AWS::NoValue]}
        - {Key: f, Value: !Ref C}
  D: {Type: AWS::S3::Bucket, Condition: Yes, Properties: {BucketName: !Ref Attr}}
  E: {Type: AWS::S3::Bucket, Metadata: {x: !Ref A}}
"#;
        let got = edges(text);
        let want = vec![
            ("B".to_string(), vec![("A".to_string(), DependsOn)]),
            (
                "C".to_string(),
                vec![
                    ("A".to_string(), DependsOn),
                    ("B".to_string(), DependsOn),
                    ("B".to_string(), Ref),
                    ("A".to_string(), GetAtt),
                    ("B".to_string(), GetAtt),
                    ("A".to_string(), Sub),
                    ("B".to_string(), Sub),
                    ("D".to_string(), Ref),
                    ("E".to_string(), Ref),
                ],
            ),
        ];
        assert_eq!(got, want);
    }

    /// The loader builds the graph for a template with a route through an internet gateway
    /// and an attachment (what VPC402 asks about), and leaves it empty otherwise.
    #[test]
    fn built_only_for_a_route_through_an_internet_gateway_and_an_attachment() {
        let names = |text: &str| {
            let Loaded::Model { model, .. } = load_text(text, FileId(0)) else { panic!("not a template") };
            model.dependencies.resources.iter().map(|n| n.name.clone()).collect::<Vec<_>>()
        };
        let network = "Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n  \
                       Igw: {Type: AWS::EC2::InternetGateway}\n  \
                       Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}\n";
        let attachment = "  Att: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}\n";
        let route = "  Default: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Table, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}\n";
        let other_route = "  Other: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Table, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: nat-1}}\n";
        assert_eq!(names(&format!("{network}{attachment}{route}")), ["Vpc", "Igw", "Table", "Att", "Default"]);
        assert!(names(&format!("{network}{route}")).is_empty(), "no attachment");
        assert!(names(&format!("{network}{attachment}{other_route}")).is_empty(), "no route through the gateway");
        assert!(names("Resources:\n  Bucket: {Type: AWS::S3::Bucket}\n").is_empty());
    }
}
