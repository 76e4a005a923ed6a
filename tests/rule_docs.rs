//! Rule docs: metadata is complete and consistent with the registry, and every example
//! in `rules/*.md` behaves as tagged (`bad` gives the rule's finding, `good` does not).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeSet;

use vpclint::rules::{BUILTIN, LOAD_DOCS, Registry, catalog};

#[test]
fn every_doc_parses_and_ids_are_unique() {
    let mut ids = BTreeSet::new();
    for text in LOAD_DOCS.iter().chain(BUILTIN.iter().map(|(_, d)| d)) {
        let doc = catalog::parse_doc(text).unwrap();
        assert!(ids.insert(doc.id.clone()), "duplicate id {}", doc.id);
        assert!(doc.id.len() == 6 && doc.id.starts_with("VPC"), "bad id {}", doc.id);
        assert!(
            doc.name.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
            "{}: name not kebab-case",
            doc.id
        );
        for (section, text) in
            [("What it does", &doc.what), ("Why is this bad?", &doc.why), ("How to fix", &doc.how_to_fix)]
        {
            assert!(!text.is_empty(), "{}: empty section {section}", doc.id);
        }
        assert!(!doc.tags.is_empty(), "{}: no tags", doc.id);
        assert!(doc.examples.iter().any(|e| e.bad), "{}: no bad example", doc.id);
        assert!(doc.examples.iter().any(|e| !e.bad), "{}: no good example", doc.id);
    }
}

#[test]
fn registry_matches_docs_and_files() {
    let root = common::root();
    let mut doc_files: BTreeSet<String> = std::fs::read_dir(root.join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".md").to_string())
        .collect();
    for text in LOAD_DOCS {
        let doc = catalog::parse_doc(text).unwrap();
        assert!(doc_files.remove(&doc.id), "{} has no rules/{}.md", doc.id, doc.id);
    }
    for (_, text) in BUILTIN {
        let doc = catalog::parse_doc(text).unwrap();
        assert!(doc_files.remove(&doc.id), "{} has no rules/{}.md", doc.id, doc.id);
        let fixtures = root.join("testdata/rules").join(&doc.id);
        let names: Vec<String> = std::fs::read_dir(&fixtures)
            .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect())
            .unwrap_or_default();
        assert!(names.iter().any(|n| n.starts_with("bad")), "{}: no bad fixture in {}", doc.id, fixtures.display());
        assert!(names.iter().any(|n| n.starts_with("good")), "{}: no good fixture in {}", doc.id, fixtures.display());
    }
    assert!(doc_files.is_empty(), "docs without a registry entry: {doc_files:?}");
}

#[test]
fn doc_examples_behave_as_tagged() {
    let mut failures = Vec::new();
    let mut count = 0;
    for doc in Registry::builtin().docs() {
        for (i, ex) in doc.examples.iter().enumerate() {
            count += 1;
            let (report, _dir) = common::check_text(&format!("example.{}", ex.lang), &ex.code);
            let hits = common::of_rule(&report, &doc.id);
            let ok = if ex.bad { !hits.is_empty() } else { hits.is_empty() };
            if !ok {
                failures.push(format!(
                    "{} example #{} ({} {}): {} finding(s) of {}\n{}",
                    doc.id,
                    i + 1,
                    ex.lang,
                    if ex.bad { "bad" } else { "good" },
                    hits.len(),
                    doc.id,
                    common::describe(&report.findings)
                ));
            }
        }
    }
    assert!(count >= 14, "only {count} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A rule with options documents each in an `## Options` section, with its default, and
/// the section's TOML example is a configuration file vpclint accepts; a rule without
/// options has no such section.
#[test]
fn options_are_documented_with_their_defaults_and_a_working_example() {
    let dir = tempfile::tempdir().unwrap();
    for doc in Registry::builtin().docs() {
        let section = doc.markdown.split("\n## Options\n").nth(1).map(|s| s.split("\n## ").next().unwrap_or(""));
        let Some(section) = section else {
            assert!(doc.options.is_empty(), "{} declares options but has no ## Options section", doc.id);
            continue;
        };
        assert!(!doc.options.is_empty(), "{} has an ## Options section but declares no option", doc.id);
        for o in &doc.options {
            assert!(section.contains(&format!("`{}`", o.name)), "{}: option `{}` is not in ## Options", doc.id, o.name);
            let default = format!("default `{}`", o.default.to_toml());
            assert!(section.contains(&default), "{}: ## Options does not say {default}", doc.id);
        }
        let toml: String = section.split("```toml\n").nth(1).and_then(|t| t.split("```").next()).unwrap_or("").into();
        assert!(toml.contains(&format!("[rule-options.{}]", doc.id)), "{}: no TOML example", doc.id);
        let path = dir.path().join("vpclint.toml");
        std::fs::write(&path, &toml).unwrap();
        let config = vpclint::config::load(&path).unwrap_or_else(|e| panic!("{}: {e:?}", doc.id));
        assert!(config.rule_options.unwrap().contains_key(&doc.id));
    }
}

/// The backtick spans of a Markdown text (code spans may wrap over a line break).
fn code_spans(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(|s| s.replace('\n', " ")).collect()
}

/// The paragraphs of a "How to fix" text that name a CloudFormation property as it is
/// written (`` `SubnetId: !Ref PublicA` ``) but nothing a Terraform user writes: no code
/// span with a `snake_case` attribute or an `aws_` resource type. Each paragraph counts
/// on its own, since the terminal's `help:` line is the first paragraph only.
fn cloudformation_only_paragraphs(how_to_fix: &str) -> Vec<String> {
    let property = regex::Regex::new(r"^[A-Z][A-Za-z0-9]*: ").unwrap();
    let terraform = regex::Regex::new(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b").unwrap();
    how_to_fix
        .split("\n\n")
        .filter(|p| {
            let spans = code_spans(p);
            spans.iter().any(|s| property.is_match(s)) && !spans.iter().any(|s| terraform.is_match(s))
        })
        .map(|p| p.replace('\n', " "))
        .collect()
}

/// A rule that reports on Terraform input (it has a `bad` Terraform fixture) gives a fix
/// that a Terraform user can apply: a "How to fix" paragraph that spells a CloudFormation
/// property also spells the Terraform side. Rules that never fire on Terraform (VPC402)
/// may speak CloudFormation only.
#[test]
fn how_to_fix_speaks_terraform_where_the_rule_fires_on_terraform() {
    // The check itself: VPC401's former text spoke CloudFormation only.
    let cfn_only =
        "Put the NAT gateway in a public subnet (`SubnetId: !Ref PublicSubnetA`), or use\n`ConnectivityType: private`.";
    assert_eq!(cloudformation_only_paragraphs(cfn_only).len(), 1);
    let both = "Use `ConnectivityType: private` (`connectivity_type = \"private\"`).\n\nNo property here.";
    assert!(cloudformation_only_paragraphs(both).is_empty());

    let root = common::root();
    let (mut checked, mut failures) = (0, Vec::new());
    for doc in Registry::builtin().docs() {
        let fixtures = std::fs::read_dir(root.join("testdata/rules").join(&doc.id))
            .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect::<Vec<_>>())
            .unwrap_or_default();
        let fires_on_terraform = fixtures
            .iter()
            .any(|n| n.starts_with("bad") && (n.ends_with(".tfplan.json") || n.ends_with(".tfstate.json")));
        if !fires_on_terraform {
            continue;
        }
        checked += 1;
        for p in cloudformation_only_paragraphs(&doc.how_to_fix) {
            failures.push(format!("{}: {p}", doc.id));
        }
    }
    assert!(checked >= 30, "only {checked} rules have a bad Terraform fixture");
    assert!(failures.is_empty(), "How to fix names CloudFormation properties only:\n{}", failures.join("\n"));
}
