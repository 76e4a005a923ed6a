//! Every finding's wording follows the convention of `STYLE.md` (as clippy tests its own in
//! `tests/lint_message_convention.rs`): a message starts lower-case, ends without a period,
//! and names the resource it is about in backticks; a label starts lower-case and is short;
//! related messages start lower-case and end without a period. Checked on the findings of
//! every rule fixture and every rule doc example.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use vpclint::report::ReportFinding;

fn starts_lower(s: &str) -> bool {
    // A message may open with a code span (`PrivateDnsEnabled` ...), a number, or an
    // acronym that is always written in capitals (S3, NAT, DNS, VPC).
    let first = s.split(' ').next().unwrap_or("");
    let acronym = first.len() <= 5
        && first.chars().any(|c| c.is_ascii_uppercase())
        && first.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    acronym || s.chars().next().is_some_and(|c| c.is_lowercase() || c == '`' || c.is_ascii_digit())
}

fn problems(f: &ReportFinding) -> Vec<String> {
    let mut out = Vec::new();
    let at = format!("{} {}:{}", f.rule_id, f.location.path, f.location.line);
    if !starts_lower(&f.message) {
        out.push(format!("{at}: message starts upper-case: {}", f.message));
    }
    if f.message.ends_with('.') {
        out.push(format!("{at}: message ends with a period: {}", f.message));
    }
    if f.resource.is_some() && !f.message.contains('`') {
        out.push(format!("{at}: message does not name its resource in backticks: {}", f.message));
    }
    if let Some(label) = &f.label {
        if !starts_lower(label) || label.ends_with('.') || label.chars().count() > 80 {
            out.push(format!("{at}: label is not a short lower-case phrase: {label}"));
        }
    }
    for r in &f.related {
        if !starts_lower(&r.message) || r.message.ends_with('.') {
            out.push(format!("{at}: related message breaks the convention: {}", r.message));
        }
    }
    out
}

#[test]
fn findings_of_fixtures_and_examples_follow_the_message_convention() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let report = common::check_one(&common::root().join("testdata/rules"));
    for f in report.findings.iter().filter(|f| f.rule_id != "VPC000") {
        checked += 1;
        failures.extend(problems(f));
    }
    for doc in vpclint::rules::Registry::builtin().docs() {
        for ex in &doc.examples {
            let (report, _dir) = common::check_text(&format!("example.{}", ex.lang), &ex.code);
            for f in report.findings.iter().filter(|f| f.rule_id != "VPC000") {
                checked += 1;
                failures.extend(problems(f));
            }
        }
    }
    assert!(checked > 50, "only {checked} findings checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_convention_check_catches_what_it_should() {
    let report = common::check_one(&common::root().join("testdata/examples/network.yaml"));
    let mut f = report.findings.iter().find(|f| f.rule_id == "VPC301").unwrap().clone();
    assert!(problems(&f).is_empty());
    f.message = "Subnet `A` is wrong.".to_string();
    assert_eq!(problems(&f).len(), 2);
    f.message = "subnet A is wrong".to_string();
    assert_eq!(problems(&f).len(), 1);
}
