//! The classes of finding a reviewer would dismiss, each with the fixture that showed it
//! (testdata/precision/ and testdata/rules/): every test here failed before its fix.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use vpclint::report::Report;

fn check(name: &str) -> Report {
    common::check_one(&common::root().join("testdata/precision").join(name))
}

/// (rule id, resource, line) of every finding.
fn summary(r: &Report) -> Vec<(String, Option<String>, u32)> {
    r.findings.iter().map(|f| (f.rule_id.clone(), f.resource.clone(), f.location.line)).collect()
}

#[test]
fn a_rain_source_template_gets_one_diagnostic_in_yaml_and_json() {
    for (name, line) in [("rain-module.yaml", 5), ("rain-module.json", 4)] {
        let r = check(name);
        assert_eq!(summary(&r), [("VPC000".to_string(), None, line)], "{name}: {}", common::describe(&r.findings));
        let f = &r.findings[0];
        assert!(f.message.contains("Rain source template") && f.message.contains("`Network`"), "{}", f.message);
        assert!(f.help.as_deref().unwrap().contains("rain pkg"), "{:?}", f.help);
    }
}
