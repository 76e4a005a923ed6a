//! `--format concise`: one line per finding, `path:line:col: level [ID] message`, the form
//! of compilers (gcc) and of ruff's `concise` output, which editors, CI log parsers and
//! `grep` read. Related locations and help are left out; the summary line goes to standard
//! error, so standard output holds only finding lines.

use super::Report;
use super::excerpt::escape;

/// Renders one line per finding. Paths and messages are escaped as the pretty format
/// escapes them: a line break or terminal control sequence in a message or a file name
/// cannot start a line of its own or reach the terminal.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let l = &f.location;
        out.push_str(&format!(
            "{}:{}:{}: {} [{}] {}\n",
            escape(&l.path),
            l.line,
            l.column,
            f.level.as_str(),
            f.rule_id,
            escape(&f.message)
        ));
    }
    out
}
