//! `--format pretty`: miette diagnostics with the source snippet, a primary label at the
//! thing at fault, labels for related locations in the same file, a help line from the
//! rule's "How to fix", and a closing summary line.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Severity};

use super::{Level, Report, ReportFinding};
use crate::rules::catalog;

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours and Unicode box drawing; off when not a terminal or with `NO_COLOR`.
    pub color: bool,
    /// Terminal width.
    pub width: usize,
}

/// Renders every finding and the summary line.
pub fn render(report: &Report, style: Style) -> String {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false).with_context_lines(1);
    let mut out = String::new();
    for f in &report.findings {
        render_one(&handler, report, f, &mut out);
    }
    out.push_str(&summary_line(report));
    out
}

fn render_one(handler: &GraphicalReportHandler, report: &Report, f: &ReportFinding, out: &mut String) {
    let severity = match f.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Advice,
    };
    let mut diag = MietteDiagnostic::new(f.message.clone())
        .with_code(format!("{}({})", f.rule_id, f.rule_name))
        .with_severity(severity);
    let source = report.sources.get(&f.location.path);
    let mut labels = Vec::new();
    let mut elsewhere = Vec::new();
    if let (Some(text), Some(offset)) = (source, f.location.byte_offset) {
        let len = f.location.byte_length.unwrap_or(0) as usize;
        labels.push(LabeledSpan::new_primary_with_span(Some(short_label(f)), (offset as usize, len)));
        for r in &f.related {
            match r.location.byte_offset {
                Some(o) if r.location.path == f.location.path && (o as usize) <= text.len() => {
                    let rl = r.location.byte_length.unwrap_or(0) as usize;
                    labels.push(LabeledSpan::new_with_span(Some(r.message.clone()), (o as usize, rl)));
                }
                _ => elsewhere
                    .push(format!("{}:{}:{}: {}", r.location.path, r.location.line, r.location.column, r.message)),
            }
        }
    } else {
        for r in &f.related {
            elsewhere.push(format!("{}:{}:{}: {}", r.location.path, r.location.line, r.location.column, r.message));
        }
    }
    let mut help = catalog::doc(&f.rule_id).map(|d| first_paragraph(&d.how_to_fix)).unwrap_or_default();
    for e in elsewhere {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&e);
    }
    if !help.is_empty() {
        diag = diag.with_help(help);
    }
    diag = diag.with_labels(labels);
    let header = format!("{}:{}:{}", f.location.path, f.location.line, f.location.column);
    let rendered = match source.filter(|_| f.location.byte_offset.is_some()) {
        Some(text) => {
            let report =
                miette::Report::new(diag).with_source_code(NamedSource::new(&f.location.path, text.to_string()));
            let mut s = String::new();
            handler.render_report(&mut s, report.as_ref()).map(|_| s)
        }
        None => {
            let mut s = String::new();
            handler.render_report(&mut s, &diag).map(|_| s)
        }
    };
    match rendered {
        Ok(s) => {
            out.push_str(&header);
            out.push('\n');
            out.push_str(&s);
        }
        Err(_) => {
            out.push_str(&format!("{header}: {} {}: {}\n", f.level.as_str(), f.rule_id, f.message));
        }
    }
    out.push('\n');
}

fn short_label(f: &ReportFinding) -> String {
    match &f.resource {
        Some(r) => format!("{} here", r),
        None => "here".to_string(),
    }
}

fn first_paragraph(text: &str) -> String {
    text.split("\n\n").next().unwrap_or("").replace('\n', " ").trim().to_string()
}

/// `Checked 12 files: 2 errors, 1 warning, 0 notes in 15 ms`.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "Checked {}: {}, {}, {}",
        plural(s.files_scanned, "file"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.notes, "note")
    );
    if s.files_failed > 0 {
        line.push_str(&format!("; {} could not be read or parsed", plural(s.files_failed, "file")));
    }
    if s.files_skipped > 0 {
        line.push_str(&format!("; skipped {} that are not templates or plans", plural(s.files_skipped, "file")));
    }
    line.push_str(&format!(" ({} ms)\n", report.elapsed_ms));
    line
}
