//! `--format pretty`: miette diagnostics with the source snippet, a primary label at the
//! thing at fault, labels for related locations in the same file, a help line from the
//! rule's "How to fix", and a closing summary line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity};

use rayon::prelude::*;

use super::excerpt::{self, Excerpt, Source};
use super::snippets::Snippets;
use super::{Level, Location, Report, ReportFinding};
use crate::source::LineIndex;

/// A file's text with its line index, shared by all the findings in it, so each snippet is
/// cut in time logarithmic in the file's size. (miette's own `str` source scans from the
/// start of the text for every snippet, which is quadratic for a large template with many
/// findings.) The index is the run's (`Report::lines`) when it has one. For a file the run
/// kept only the snippets' lines of ([`Report::snippets`]), those.
struct FileText<'a> {
    name: &'a str,
    text: Text<'a>,
}

enum Text<'a> {
    Whole(&'a str, Cow<'a, LineIndex>),
    Snippets(&'a Snippets),
}

impl FileText<'_> {
    /// The whole text's length.
    fn len(&self) -> usize {
        match &self.text {
            Text::Whole(text, _) => text.len(),
            Text::Snippets(s) => s.text_len(),
        }
    }

    /// The excerpt of `spans`.
    fn excerpt(&self, spans: &[(usize, usize)], max_line: usize) -> Excerpt {
        match &self.text {
            Text::Whole(text, lines) => Excerpt::build(self.name, text, lines, spans, max_line),
            Text::Snippets(s) => Excerpt::cut(self.name, *s, spans, max_line),
        }
    }
}

/// Columns taken by miette's gutter (line number, bars, spaces) on a snippet line.
const GUTTER: usize = 12;

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
    let max_line = style.width.saturating_sub(GUTTER);
    // One line index per file, shared by all its findings.
    let mut sources: HashMap<&str, FileText> = report
        .snippets
        .iter()
        .map(|(path, s)| (path.as_str(), FileText { name: path, text: Text::Snippets(s) }))
        .collect();
    sources.extend(
        report
            .sources
            .par_iter()
            .map(|(path, text)| {
                let lines = match report.lines.get(path) {
                    Some(shared) => Cow::Borrowed(shared.of(text)),
                    None => Cow::Owned(LineIndex::new(text)),
                };
                (path.as_str(), FileText { name: path, text: Text::Whole(text, lines) })
            })
            .collect::<Vec<_>>(),
    );
    let footers = Footers::default();
    let rendered: Vec<String> = report
        .findings
        .par_iter()
        .map(|f| {
            // A reporter bug on one finding must not cost the others: the finding is then
            // printed as one plain line, and the failure is said on standard error.
            let one = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut one = String::new();
                render_one(&handler, &footers, &sources, &report.registry, f, max_line, &mut one);
                one
            }));
            one.unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                eprintln!(
                    "vpclint: internal error while rendering a finding (a vpclint bug, please report it): {}",
                    excerpt::escape(&what)
                );
                format!("{}\n\n", plain_line(f))
            })
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
    source: Option<Excerpt>,
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

/// The byte range of `loc` in a text of `len` bytes.
pub fn span_of(loc: &Location, len: usize) -> Option<(usize, usize)> {
    let offset = loc.byte_offset? as usize;
    (offset <= len).then(|| (offset, offset + (loc.byte_length.unwrap_or(0) as usize).min(len - offset)))
}

/// A finding as one plain line, when its snippet cannot be rendered.
fn plain_line(f: &ReportFinding) -> String {
    format!(
        "{}:{}:{}: {} {}: {}",
        excerpt::escape(&f.location.path),
        f.location.line,
        f.location.column,
        f.level.as_str(),
        f.rule_id,
        excerpt::escape(&f.message)
    )
}

fn render_one(
    handler: &GraphicalReportHandler,
    footers: &Footers,
    sources: &HashMap<&str, FileText<'_>>,
    registry: &crate::rules::Registry,
    f: &ReportFinding,
    max_line: usize,
    out: &mut String,
) {
    let severity = match f.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Advice,
    };
    let source = sources.get(f.location.path.as_str());
    let primary = source.and_then(|s| span_of(&f.location, s.len()));
    // The primary span and the related ones in the same file share one excerpt; related
    // locations in other files get their own diagnostic, each with its own excerpt.
    let mut same_file: Vec<(usize, usize)> = primary.into_iter().collect();
    let mut same_file_messages = Vec::new();
    let mut related = Vec::new();
    let mut unplaced = Vec::new();
    for r in &f.related {
        let file = sources.get(r.location.path.as_str());
        let span = file.and_then(|s| span_of(&r.location, s.len()));
        match (file, span) {
            (Some(_), Some(span)) if primary.is_some() && r.location.path == f.location.path => {
                same_file.push(span);
                same_file_messages.push(excerpt::escape(&r.message));
            }
            (Some(file), Some(span)) => {
                let ex = file.excerpt(&[span], max_line);
                let labels =
                    ex.span(0).map(|sp| LabeledSpan::new_primary_with_span(None, sp)).into_iter().collect::<Vec<_>>();
                related.push(Diag {
                    message: excerpt::escape_keep_newlines(&r.message),
                    code: None,
                    severity: Severity::Advice,
                    help: None,
                    source: Some(ex),
                    labels,
                    related: Vec::new(),
                });
            }
            _ => unplaced.push(format!(
                "{}:{}:{}: {}",
                excerpt::escape(&r.location.path),
                r.location.line,
                r.location.column,
                excerpt::escape(&r.message)
            )),
        }
    }
    let mut labels = Vec::new();
    let excerpt = match (source, primary) {
        (Some(file), Some(_)) => {
            let ex = file.excerpt(&same_file, max_line);
            if let Some(sp) = ex.span(0) {
                labels.push(LabeledSpan::new_primary_with_span(Some(excerpt::escape(&short_label(f))), sp));
            }
            for (i, message) in same_file_messages.into_iter().enumerate() {
                if let Some(sp) = ex.span(i + 1) {
                    labels.push(LabeledSpan::new_with_span(Some(message), sp));
                }
            }
            Some(ex)
        }
        _ => None,
    };
    let mut help = match &f.help {
        Some(h) => excerpt::escape_keep_newlines(h),
        None => registry.doc(&f.rule_id).map(|d| first_paragraph(&d.how_to_fix)).unwrap_or_default(),
    };
    for e in unplaced {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&e);
    }
    // Without related diagnostics, the help is the last thing miette writes: it is then
    // appended from the cache, wrapped once per distinct text.
    let footer = match related.is_empty() && !help.is_empty() {
        true => footers.of(handler, &help),
        false => None,
    };
    let diag = Diag {
        message: excerpt::escape_keep_newlines(&f.message),
        code: Some(format!("{}({})", f.rule_id, f.rule_name)),
        severity,
        help: (footer.is_none() && !help.is_empty()).then_some(help),
        source: excerpt,
        labels,
        related,
    };
    let header = format!("{}:{}:{}", excerpt::escape(&f.location.path), f.location.line, f.location.column);
    let mut s = String::new();
    match handler.render_report(&mut s, &diag) {
        Ok(()) => {
            out.push_str(&header);
            out.push('\n');
            out.push_str(&s);
            out.push_str(footer.as_deref().unwrap_or(""));
        }
        Err(_) => out.push_str(&plain_line(f)),
    }
    out.push('\n');
}

/// The help lines miette writes for each help text (its "footer"), wrapped once per text:
/// most findings of a run share their rule's help, and wrapping it is a third of
/// rendering a finding. miette writes them from the help text and the handler's settings
/// alone, after the snippets and before the related diagnostics, so they are cut from the
/// rendering of a diagnostic with that help and nothing else.
#[derive(Default)]
struct Footers(std::sync::Mutex<HashMap<String, Option<Arc<str>>>>);

impl Footers {
    /// The lines `handler` writes for `help`; `None` if they cannot be cut out (then the
    /// finding is rendered with its help).
    fn of(&self, handler: &GraphicalReportHandler, help: &str) -> Option<Arc<str>> {
        let lock = || self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(footer) = lock().get(help) {
            return footer.clone();
        }
        let bare = Diag {
            message: String::new(),
            code: None,
            severity: Severity::Advice,
            help: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        let (mut without, mut with) = (String::new(), String::new());
        let rendered = handler.render_report(&mut without, &bare).is_ok()
            && handler.render_report(&mut with, &Diag { help: Some(help.to_string()), ..bare }).is_ok();
        let footer = with.strip_prefix(&without).filter(|_| rendered).map(Arc::from);
        lock().insert(help.to_string(), footer.clone());
        footer
    }
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

/// `Checked 12 files: 2 errors, 1 warning, 0 notes (15 ms)`, then what the run skipped or hid.
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
    if s.joined_templates > 0 {
        line.push_str(&format!(
            "; joined {} into {}",
            plural(s.joined_templates, "template"),
            plural(s.networks, "network")
        ));
    }
    if s.files_failed > 0 {
        line.push_str(&format!("; {} could not be read or parsed", plural(s.files_failed, "file")));
    }
    if s.files_skipped > 0 {
        let what = if s.files_skipped == 1 { "is not a template or plan" } else { "are not templates or plans" };
        line.push_str(&format!("; skipped {} that {what}", plural(s.files_skipped, "file")));
    }
    if let Some(b) = &s.baseline {
        line.push_str(&format!("; {} not shown", plural(b.hidden, "baseline finding")));
        if b.fixed > 0 {
            line.push_str(&format!("; {} fixed", plural(b.fixed, "baseline finding")));
        }
    }
    line.push_str(&format!(" ({} ms)\n", report.elapsed_ms));
    line
}
