//! README.md against the code: its rule table against `vpclint rules`, its flags table
//! against `vpclint check --help`, and its links against the repository, so none of them
//! drifts silently when a rule, a flag or a file is added, renamed or removed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

fn readme() -> String {
    std::fs::read_to_string(common::root().join("README.md")).unwrap()
}

fn vpclint(args: &[&str]) -> String {
    let out = Command::cargo_bin("vpclint").unwrap().current_dir(common::root()).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The rows of the Markdown table whose header line is `header`, each split into its cells.
fn table(text: &str, header: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines().skip_while(|l| *l != header);
    assert!(lines.next().is_some(), "README has no table `{header}`");
    lines
        .skip(1) // the |---| line
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            // `\|` inside a cell is a literal bar, not a column separator.
            let l = l.replace("\\|", "\u{0}");
            l.trim_matches('|').split('|').map(|c| c.trim().replace('\u{0}', "|")).collect()
        })
        .collect()
}

/// Every `--long-flag` in `text`.
fn long_flags(text: &str) -> BTreeSet<String> {
    let mut flags = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("--") {
        let name: String =
            rest[i + 2..].chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-').collect();
        if !name.is_empty() && rest[..i].chars().last().is_none_or(|c| !c.is_ascii_alphanumeric()) {
            flags.insert(format!("--{name}"));
        }
        rest = &rest[i + 2 + name.len()..];
    }
    flags
}

#[test]
fn rule_table_lists_every_rule_with_its_name_and_level_in_order() {
    let rules: Value = serde_json::from_str(&vpclint(&["rules", "--isolated", "--format", "json"])).unwrap();
    let listed: Vec<[String; 3]> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| ["id", "name", "level"].map(|k| r[k].as_str().unwrap().to_string()))
        .collect();
    let rows: Vec<[String; 3]> =
        table(&readme(), "| id | name | level | finds |").iter().map(|r| [0, 1, 2].map(|i| r[i].clone())).collect();
    assert_eq!(rows, listed, "README's rule table and `vpclint rules` differ");
}

#[test]
fn flags_table_and_check_help_name_the_same_flags() {
    let help = vpclint(&["check", "--help"]);
    // Flags are the first word of their help line; the descriptions name other flags too.
    let in_help: BTreeSet<String> = help
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .flat_map(|l| long_flags(l.split("  ").next().unwrap()))
        .filter(|f| f != "--help")
        .collect();
    assert!(in_help.contains("--format") && in_help.contains("--isolated"), "{in_help:?}");
    let in_readme: BTreeSet<String> =
        table(&readme(), "| flag | meaning |").iter().flat_map(|row| long_flags(&row[0])).collect();
    assert_eq!(in_readme, in_help, "README's flags table and `vpclint check --help` differ");
}

#[test]
fn flags_table_shows_the_defaults_help_shows() {
    let help = vpclint(&["check", "--help"]);
    let readme = readme();
    let rows = table(&readme, "| flag | meaning |");
    for (flag, default) in
        [("--format", "pretty"), ("--fail-on", "warning"), ("--max-file-size", "64MiB"), ("--color", "auto")]
    {
        let block = help.split(&format!("--{}", &flag[2..])).nth(1).unwrap();
        let block = &block[..block.find("\n      --").unwrap_or(block.len())];
        assert!(block.contains(&format!("[default: {default}]")), "`check --help` gives {flag} another default");
        let row = rows.iter().find(|r| long_flags(&r[0]).contains(flag)).unwrap();
        assert!(row[1].contains(&format!("default `{default}`")), "README's row for {flag} lacks its default: {row:?}");
    }
}

#[test]
fn links_and_anchors_point_at_what_exists() {
    let text = readme();
    let slug = |h: &str| -> String {
        h.trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect()
    };
    let mut in_fence = false;
    let mut anchors = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with("```") || line.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with('#') {
            anchors.insert(slug(line.trim_start_matches('#')));
        }
    }
    let mut checked = 0;
    for target in text.split("](").skip(1).map(|s| &s[..s.find(')').unwrap()]) {
        if target.starts_with("http") {
            continue;
        }
        checked += 1;
        let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
        if path.is_empty() {
            assert!(anchors.contains(anchor), "README links to #{anchor}, which no heading makes: {anchors:?}");
        } else {
            assert!(common::root().join(path).exists(), "README links to {path}, which does not exist");
        }
    }
    assert!(checked > 20, "only {checked} links found");
}
