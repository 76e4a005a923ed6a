//! Tests of `join.rs`: scanning export and import names (literal and `Fn::Sub`-built),
//! grouping through unique exports, and the joined tree (later duplicates renamed, imports
//! replaced by the producer's value, cycles left alone), on hand-written templates.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;
use crate::syntax::yaml;

fn scan_of(text: &str) -> Scan {
    scan(&yaml::parse(text).unwrap().tree)
}

const NETWORK: &str = "Resources:\n  Vpc: {Type: AWS::EC2::VPC}\n  CDKMetadata: {Type: AWS::CDK::Metadata, Condition: Ok}\nConditions:\n  Ok: !Equals [a, a]\nOutputs:\n  V:\n    Value: !Ref Vpc\n    Export: {Name: 'Network:Vpc'}\n";
const APP: &str = "Resources:\n  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !ImportValue 'Network:Vpc', Tags: [{Key: k, Value: !Sub '${CDKMetadata}-${Sub.Arn}'}]}}\n  CDKMetadata: {Type: AWS::CDK::Metadata, Condition: Ok, DependsOn: [Sub]}\nConditions:\n  Ok: !Equals [a, a]\n";

#[test]
fn scans_literal_exports_and_imports() {
    assert_eq!(scan_of(NETWORK), Scan { exports: vec!["Network:Vpc".into()], ..Scan::default() });
    assert_eq!(scan_of(APP), Scan { imports: vec!["Network:Vpc".into()], ..Scan::default() });
    let parent = "Resources:\n  A: {Type: AWS::CloudFormation::Stack, Metadata: {aws:asset:path: a.nested.template.json}}\n  B: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: ./b.yaml}}\n  C: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: https://s3.amazonaws.com/x/c.yaml}}\n";
    let nested = vec![("A".into(), "a.nested.template.json".into()), ("B".into(), "./b.yaml".into())];
    assert_eq!(scan_of(parent), Scan { nested, ..Scan::default() });
    assert!(scan_of("Resources: {}\n").is_empty());
}

#[test]
fn names_built_with_sub_from_the_stack_name_and_parameter_defaults() {
    let t = yaml::parse("Parameters:\n  Net: {Type: String, Default: prod-net}\n  NoDefault: {Type: String}\nResources: {}\nOutputs:\n  A: {Value: x, Export: {Name: !Sub '${AWS::StackName}-VpcId'}}\n  B: {Value: x, Export: {Name: !Sub ['${S}-${Net}', {S: lit}]}}\n  C: {Value: x, Export: {Name: !Sub '${AWS::Region}-x'}}\n  D: {Value: x, Export: {Name: !Sub '${NoDefault}-x'}}\nX: !ImportValue {Fn::Sub: '${Net}-VpcId'}\n").unwrap().tree;
    let s = scan(&t);
    assert_eq!(s.exports, [format!("{STACK_NAME}-VpcId"), "lit-prod-net".to_string()]);
    assert_eq!(s.imports, ["prod-net-VpcId"]);
    assert_eq!(with_stack(&s.exports[0], Some("prod-net")).as_deref(), Some("prod-net-VpcId"));
    assert_eq!(with_stack(&s.exports[0], None), None);
    assert_eq!(with_stack("plain", None).as_deref(), Some("plain"));
}

#[test]
fn groups_join_through_unique_exports_only() {
    let s = |e: &[&str], i: &[&str]| {
        Some(Scan {
            exports: e.iter().map(|s| s.to_string()).collect(),
            imports: i.iter().map(|s| s.to_string()).collect(),
            nested: Vec::new(),
        })
    };
    let scans = vec![s(&["a"], &[]), s(&[], &["a"]), None, s(&["b"], &[]), s(&["b"], &[]), s(&[], &["b", "a"])];
    // `b` has two producers: it joins nothing; `a` joins 0, 1 and 5.
    assert_eq!(groups(&scans, &[]), vec![vec![0, 1, 5]]);
    assert!(groups(&[s(&["a"], &[]), s(&[], &["z"])], &[]).is_empty());
    // A nested stack joins its parent.
    assert_eq!(groups(&[s(&[], &[]), None, s(&[], &[])], &[(0, 1)]), vec![vec![0, 1]]);
}

/// The members of a group of two stacks whose templates stand in `text` one after the
/// other, a newline between them: the first from 0, the second from `base`.
fn two_members<'t>(text: &'t str, base: u32, stacks: [&str; 2]) -> Vec<Member<'t>> {
    let member = |template: &'t str, base: u32, stack: &str| Member {
        tree: yaml::parse(template).unwrap().tree,
        base,
        stack: stack.into(),
        parent: None,
        deployed: None,
    };
    let second = base as usize;
    vec![member(&text[..second - 1], 0, stacks[0]), member(&text[second..], base, stacks[1])]
}

#[test]
fn join_renames_later_duplicates_and_resolves_imports() {
    let text = format!("{NETWORK}\n{APP}");
    let base = NETWORK.len() as u32 + 1;
    let members = two_members(&text, base, ["Network", "App"]);
    let joined = join(&members);
    let t = &joined.tree;
    let root = t.root().unwrap();
    let resources = t.get(root, "Resources").unwrap();
    let names: Vec<&str> = t.entries(resources).unwrap().iter().map(|e| e.key.as_ref()).collect();
    assert_eq!(names, ["Vpc", "CDKMetadata", "Sub", "CDKMetadata@App"]);
    assert_eq!(joined.members[1].resources, ["Sub", "CDKMetadata@App"]);
    let conditions: Vec<&str> =
        t.entries(t.get(root, "Conditions").unwrap()).unwrap().iter().map(|e| e.key.as_ref()).collect();
    assert_eq!(conditions, ["Ok", "Ok@App"]);
    // The app's renamed resource refers to its own renamed condition.
    let meta = t.get(resources, "CDKMetadata@App").unwrap();
    assert_eq!(t.str(t.get(meta, "Condition").unwrap()), Some("Ok@App"));
    // The import is the producer's `!Ref Vpc`, with the producer's span.
    let sub = t.get(resources, "Sub").unwrap();
    let props = t.get(sub, "Properties").unwrap();
    let vpc_id = t.get(props, "VpcId").unwrap();
    let r = t.get(vpc_id, "Ref").unwrap();
    assert_eq!(t.str(r), Some("Vpc"));
    let at = t.node(r).range;
    assert_eq!(&text[at.start as usize..at.end as usize], "Vpc");
    assert!(at.start < base, "in the network template");
    // Sub strings name the renamed resource; the app's own spans are shifted.
    let tag = t.items(t.get(props, "Tags").unwrap()).unwrap()[0];
    let sub_arg = t.get(t.get(tag, "Value").unwrap(), "Fn::Sub").unwrap();
    assert_eq!(t.str(sub_arg), Some("${CDKMetadata@App}-${Sub.Arn}"));
    let key = t.entries(resources).unwrap()[2].key_range;
    assert_eq!(&text[key.start as usize..key.end as usize], "Sub");
}

#[test]
fn an_import_cycle_stays_an_import() {
    let a = "Resources: {}\nOutputs:\n  X: {Value: !ImportValue y, Export: {Name: x}}\n";
    let b = "Resources: {}\nOutputs:\n  Y: {Value: !ImportValue x, Export: {Name: y}}\n";
    let text = format!("{a}\n{b}");
    let members = two_members(&text, a.len() as u32 + 1, ["A", "B"]);
    // Outputs are not copied; what matters is that joining terminates.
    let joined = join(&members);
    assert!(joined.tree.root().is_some());
}
