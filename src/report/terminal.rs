//! `--format pretty`: miette diagnostics with the source snippet, a primary label at the
//! thing at fault, labels for related locations in the same file, a help line from the
//! rule's "How to fix", and a closing summary line.

use std::collections::HashMap;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, Severity,
    SourceCode, SourceSpan, SpanContents,
};

use rayon::prelude::*;

use super::{Level, Location, Report, ReportFinding};
use crate::rules::catalog;
use crate::source::LineIndex;

/// A file's text for miette, with its line index, so a snippet is cut in time logarithmic
/// in the file's size. (miette's own `str` source scans from the start of the text for
/// every snippet, which is quadratic for a large template with many findings.) Cloning
/// shares the text.
#[derive(Debug, Clone)]
struct Snippets {
    name: String,
    text: Arc<str>,
    lines: Arc<LineIndex>,
}

impl SourceCode for Snippets {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.text;
        let (start, end) = (span.offset(), span.offset() + span.len());
        if start > text.len() || end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.lines.line_of(start as u32);
        let last = self.lines.line_of(end.saturating_sub(1).max(start) as u32);
        let from_line = first.saturating_sub(before);
        let to_line = (last + after).min(self.lines.line_count().saturating_sub(1));
        let slice_start = if before == 0 { start } else { self.lines.line_start(from_line, text.len()) };
        let slice_end = if after == 0 { end } else { self.lines.line_start(to_line + 1, text.len()) };
        let column = if before == 0 {
            let line_start = self.lines.line_start(first, text.len());
            text.get(line_start..start).map_or(0, |s| s.chars().count())
        } else {
            0
        };
        let data = text.as_bytes().get(slice_start..slice_end).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            (slice_start, slice_end - slice_start).into(),
            from_line,
            column,
            to_line - from_line + 1,
        )))
    }
}

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours and Unicode box drawing; off when not a terminal or with `NO_COLOR`.
    pub color: bool,
    /// Terminal width.
    pub width: usize,
}

/// Renders every finding and the summary line. Findings are rendered in parallel (on the
/// current rayon pool) and joined in their sorted order, so the output does not depend on
/// the number of threads.
pub fn render(report: &Report, style: Style) -> String {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false).with_context_lines(1);
    // One line index per file, shared by all its findings.
    let sources: HashMap<&str, Snippets> = report
        .sources
        .par_iter()
        .map(|(path, text)| {
            let lines = Arc::new(LineIndex::new(text));
            (path.as_str(), Snippets { name: path.clone(), text: text.clone(), lines })
        })
        .collect();
    let rendered: Vec<String> = report
        .findings
        .par_iter()
        .map(|f| {
            let mut one = String::new();
            render_one(&handler, &sources, f, &mut one);
            one
        })
        .collect();
    let mut out = String::with_capacity(rendered.iter().map(String::len).sum::<usize>() + 100);
    for one in &rendered {
        out.push_str(one);
    }
    out.push_str(&summary_line(report));
    out
}

/// A diagnostic with its own source text, labels, and related diagnostics for locations
/// in other files (each rendered with its own snippet).
#[derive(Debug)]
struct Diag {
    message: String,
    code: Option<String>,
    severity: Severity,
    help: Option<String>,
    source: Option<Snippets>,
    labels: Vec<LabeledSpan>,
    related: Vec<Diag>,
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn std::fmt::Display>)
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() { None } else { Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic))) }
    }
}

fn span_of(loc: &Location, text: &str) -> Option<(usize, usize)> {
    let offset = loc.byte_offset? as usize;
    (offset <= text.len()).then(|| (offset, (loc.byte_length.unwrap_or(0) as usize).min(text.len() - offset)))
}

fn render_one(
    handler: &GraphicalReportHandler,
    sources: &HashMap<&str, Snippets>,
    f: &ReportFinding,
    out: &mut String,
) {
    let severity = match f.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Advice,
    };
    let source = sources.get(f.location.path.as_str());
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let mut unplaced = Vec::new();
    let primary = source.and_then(|s| span_of(&f.location, &s.text));
    if let Some(span) = primary {
        labels.push(LabeledSpan::new_primary_with_span(Some(short_label(f)), span));
    }
    for r in &f.related {
        let same_file = primary.is_some() && r.location.path == f.location.path;
        match (
            same_file,
            sources.get(r.location.path.as_str()).and_then(|s| span_of(&r.location, &s.text).map(|sp| (s, sp))),
        ) {
            (true, Some((_, span))) => labels.push(LabeledSpan::new_with_span(Some(r.message.clone()), span)),
            (false, Some((snippets, span))) => related.push(Diag {
                message: r.message.clone(),
                code: None,
                severity: Severity::Advice,
                help: None,
                source: Some(snippets.clone()),
                labels: vec![LabeledSpan::new_primary_with_span(None, span)],
                related: Vec::new(),
            }),
            _ => unplaced.push(format!("{}:{}:{}: {}", r.location.path, r.location.line, r.location.column, r.message)),
        }
    }
    let mut help = catalog::doc(&f.rule_id).map(|d| first_paragraph(&d.how_to_fix)).unwrap_or_default();
    for e in unplaced {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&e);
    }
    let diag = Diag {
        message: f.message.clone(),
        code: Some(format!("{}({})", f.rule_id, f.rule_name)),
        severity,
        help: (!help.is_empty()).then_some(help),
        source: primary.and(source).cloned(),
        labels,
        related,
    };
    let header = format!("{}:{}:{}", f.location.path, f.location.line, f.location.column);
    let mut s = String::new();
    match handler.render_report(&mut s, &diag) {
        Ok(()) => {
            out.push_str(&header);
            out.push('\n');
            out.push_str(&s);
        }
        Err(_) => out.push_str(&format!("{header}: {} {}: {}\n", f.level.as_str(), f.rule_id, f.message)),
    }
    out.push('\n');
}

fn short_label(f: &ReportFinding) -> String {
    if let Some(l) = &f.label {
        return l.clone();
    }
    match &f.resource {
        Some(r) => format!("{r} here"),
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
