//! `--format junit`: JUnit XML, for CI systems that show test reports (GitLab's
//! `artifacts: reports: junit:`, Jenkins, Azure Pipelines), in the shape ruff writes:
//!
//! - one `<testsuite>` per file with findings (`name` the path), one `<testcase>` per finding
//!   (`name` the rule id and name, `classname` the path without its extension, so tools
//!   that read `classname` as a dotted Java class do not split it at the `.yaml`; `file`
//!   and `line` attributes for tools that link to the source);
//! - each finding is a `<failure>` (`type` its level, `message` its message; the text
//!   `path:line:col: message`, then one line per related location). A file that could not
//!   be read or parsed (VPC000) is an `<error>` instead: the check did not run, which is
//!   what JUnit's `error` says;
//! - a run without findings is one passing test case, `no findings`, so CI systems that
//!   refuse an empty report still show the run.
//!
//! Text is escaped for XML; control and invisible characters, which XML 1.0 cannot hold
//! even as references, are written as `\u{1b}` as in the pretty format.

use std::fmt::Write as _;

use super::excerpt::escape;
use super::{Report, ReportFinding};
use crate::rules::UNREADABLE;

/// `s` for an XML attribute or text: `escape`d, then the five XML specials as entities.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not characters in XML 1.0, and not something `escape` rewrites.
            '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The path without its last extension (`a/net.yaml` -> `a/net`).
fn classname(path: &str) -> &str {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path.get(name_start..).and_then(|name| name.rfind('.')) {
        Some(dot) if dot > 0 => path.get(..name_start + dot).unwrap_or(path),
        _ => path,
    }
}

fn testcase(out: &mut String, f: &ReportFinding) {
    let l = &f.location;
    let _ = writeln!(
        out,
        "    <testcase name=\"{} {}\" classname=\"{}\" file=\"{}\" line=\"{}\" column=\"{}\">",
        xml(&f.rule_id),
        xml(&f.rule_name),
        xml(classname(&l.path)),
        xml(&l.path),
        l.line,
        l.column
    );
    let element = if f.rule_id == UNREADABLE { "error" } else { "failure" };
    let mut text = format!("{}:{}:{}: {}", xml(&l.path), l.line, l.column, xml(&f.message));
    for r in &f.related {
        let rl = &r.location;
        let _ = write!(text, "\n{}:{}:{}: {}", xml(&rl.path), rl.line, rl.column, xml(&r.message));
    }
    let _ = writeln!(
        out,
        "      <{element} type=\"{}\" message=\"{}\">{text}</{element}>",
        f.level.as_str(),
        xml(&f.message)
    );
    out.push_str("    </testcase>\n");
}

/// Renders the report as a JUnit XML document with a trailing newline.
pub fn render(report: &Report) -> String {
    let is_error = |f: &&ReportFinding| f.rule_id == UNREADABLE;
    let errors = report.findings.iter().filter(is_error).count();
    let failures = report.findings.len() - errors;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"vpclint\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">",
        report.findings.len().max(1)
    );
    if report.findings.is_empty() {
        out.push_str("  <testsuite name=\"vpclint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n");
        out.push_str("    <testcase name=\"no findings\" classname=\"vpclint\"/>\n");
        out.push_str("  </testsuite>\n");
    }
    // Findings are sorted by path: each run of one path is a suite.
    for group in report.findings.chunk_by(|a, b| a.location.path == b.location.path) {
        let Some(first) = group.first() else { continue };
        let errors = group.iter().filter(is_error).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{errors}\" skipped=\"0\">",
            xml(&first.location.path),
            group.len(),
            group.len() - errors
        );
        for f in group {
            testcase(&mut out, f);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_classnames() {
        assert_eq!(xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml("x\u{1b}[2J\ny"), "x\\u{1b}[2J\\u{a}y");
        assert_eq!(xml("\u{ffff}"), "\\u{ffff}");
        assert_eq!(classname("a/net.yaml"), "a/net");
        assert_eq!(classname("a.d/net"), "a.d/net");
        assert_eq!(classname(".hidden"), ".hidden");
        assert_eq!(classname("plan.tf.json"), "plan.tf");
    }
}
