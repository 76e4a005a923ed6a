//! `--format github`: GitHub Actions workflow commands, one annotation per finding, for
//! pull-request annotations without code scanning.
//!
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=ID name::message`;
//! notes become `::notice`. Values are escaped as the Actions toolkit does.

use super::{Level, Report};

/// Escapes a command's message as the Actions toolkit does, then writes any other control
/// character (ESC would colour or rewrite the job log) as `\u{..}`.
fn escape_data(s: &str) -> String {
    super::excerpt::escape(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A"))
}

/// Escapes a command property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one line per finding.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let l = &f.location;
        let mut message = f.message.clone();
        for r in &f.related {
            message
                .push_str(&format!("\n{}:{}:{}: {}", r.location.path, r.location.line, r.location.column, r.message));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            // GitHub resolves annotation paths from the workspace root; `./x` is `x`.
            escape_property(l.path.strip_prefix("./").unwrap_or(&l.path)),
            l.line,
            l.column,
            l.end_line.max(l.line),
            l.end_column,
            escape_property(&format!("{} {}", f.rule_id, f.rule_name)),
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(escape_data("x\u{1b}[2Jy"), "x\\u{1b}[2Jy");
    }
}
