//! Properties of every reporter over arbitrary findings on arbitrary text: long lines,
//! multi-byte characters, control characters, spans at the ends of the text and beyond it.
//! No reporter panics; the pretty format shows every finding, lets no control character
//! through, and keeps snippet lines within the width; JSON and SARIF stay valid JSON.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::sync::Arc;

use proptest::prelude::*;
use vpclint::report::{self, Level, Location, RelatedLocation, Report, ReportFinding, SuppressedBy};

/// Text made of pieces that stress snippets: long runs without a line break, line breaks of
/// both kinds, multi-byte and wide characters, controls and bidirectional overrides.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z :{}\",\\[\\]-]{0,40}",
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("é漢🦀".to_string()),
        Just("\u{1b}[2J\u{7}\u{9b}\u{202e}\t\r".to_string()),
        (1usize..3000).prop_map(|n| "x".repeat(n)),
        (60_000usize..70_000).prop_map(|n| "y".repeat(n)),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// A location somewhere in (or past) a text of `len` bytes; the offset need not be on a
/// character boundary.
fn location(path: &'static str) -> impl Strategy<Value = Location> {
    (any::<bool>(), 0u32..200_000, 0u32..100_000, 1u32..5, 1u32..100_000).prop_map(
        move |(placed, offset, length, line, column)| Location {
            path: path.to_string(),
            line,
            column,
            end_line: line,
            end_column: column + 1,
            byte_offset: placed.then_some(offset),
            byte_length: placed.then_some(length),
        },
    )
}

fn finding() -> impl Strategy<Value = ReportFinding> {
    let path = prop_oneof![Just("a.json"), Just("b\u{1b}[31m.yaml"), Just("missing.json")];
    let suppressed = proptest::option::of(proptest::option::of(text()));
    (
        path,
        location("a.json"),
        "[ -~]{0,30}",
        proptest::collection::vec((location("b\u{1b}[31m.yaml"), text()), 0..3),
        suppressed,
    )
        .prop_map(|(path, mut location, message, related, suppressed)| {
            location.path = path.to_string();
            ReportFinding {
                rule_id: "VPC301".to_string(),
                rule_name: "s3-via-nat".to_string(),
                level: Level::Warning,
                message: format!("{message}\u{1b}]0;title\u{7}"),
                location,
                resource: Some("Res\u{1b}[1m".to_string()),
                vpc: Some("Vpc\u{1b}[1m".to_string()),
                related: related
                    .into_iter()
                    .map(|(location, message)| RelatedLocation {
                        location,
                        message: message.chars().take(50).collect(),
                    })
                    .collect(),
                label: Some("label\u{9b}".to_string()),
                help: None,
                suppressed: suppressed.map(|reason| SuppressedBy { reason }),
                fingerprint: String::new(),
            }
        })
}

fn report() -> impl Strategy<Value = Report> {
    (text(), text(), proptest::collection::vec(finding(), 1..6)).prop_map(|(a, b, findings)| {
        let mut sources = BTreeMap::new();
        sources.insert("a.json".to_string(), Arc::<str>::from(a));
        sources.insert("b\u{1b}[31m.yaml".to_string(), Arc::<str>::from(b));
        // Suppressed findings are kept apart, as `--show-suppressed` keeps them.
        let (suppressed, findings) = findings.into_iter().partition(|f| f.suppressed.is_some());
        let mut r = Report { findings, sources, suppressed, ..Default::default() };
        r.finalize();
        r
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_reporter_survives_and_pretty_shows_every_finding(report in report(), width in 40usize..200) {
        let text = report::terminal::render(&report, report::terminal::Style { color: false, width });
        let headers = text.lines().filter(|l| l.starts_with("a.json:") || l.starts_with("b\\u{1b}[31m.yaml:") || l.starts_with("missing.json:")).count();
        prop_assert_eq!(headers, report.findings.len(), "{}", text);
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            prop_assert!(!text.contains(c), "{:?} in pretty output", c);
        }
        for line in text.lines().filter(|l| l.contains(" │ ") && !l.contains('·')) {
            // A source line: line number, bar, the windowed text.
            prop_assert!(line.chars().count() <= width + 4, "{} columns: {}", width, line);
        }
        let json: serde_json::Value = serde_json::from_str(&report::json::render(&report)).unwrap();
        prop_assert_eq!(json["findings"].as_array().unwrap().len(), report.findings.len());
        prop_assert_eq!(json["suppressed"].as_array().map_or(0, Vec::len), report.suppressed.len());
        let ctx = report::sarif::SarifContext { root: "/r".into(), cwd: "/r".into() };
        let sarif: serde_json::Value = serde_json::from_str(&report::sarif::render(&report, &ctx)).unwrap();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        prop_assert_eq!(results.len(), report.findings.len() + report.suppressed.len());
        let dismissed = results.iter().filter(|r| r["suppressions"][0]["kind"] == "inSource").count();
        prop_assert_eq!(dismissed, report.suppressed.len());
        let github = report::github::render(&report);
        prop_assert_eq!(github.lines().count(), report.findings.len());
        prop_assert!(!github.contains('\u{1b}'), "ESC in github output");
        let gitlab: serde_json::Value = serde_json::from_str(&report::gitlab::render(&report, &ctx)).unwrap();
        prop_assert_eq!(gitlab.as_array().unwrap().len(), report.findings.len());
        let junit = report::junit::render(&report);
        // With no findings, one passing case says so.
        prop_assert_eq!(junit.matches("<testcase ").count(), report.findings.len().max(1));
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            prop_assert!(!junit.contains(c), "{:?} in junit output", c);
        }
        let concise = report::concise::render(&report);
        prop_assert_eq!(concise.lines().count(), report.findings.len());
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            prop_assert!(!concise.contains(c), "{:?} in concise output", c);
        }
    }
}
