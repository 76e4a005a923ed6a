//! From spans to locations: a finding of the rules (a [`Finding`] with byte spans) becomes a
//! [`ReportFinding`] with paths, lines and columns, and its rule's name and level from the
//! registry. Lines and columns are derived here, once, and only for findings.

use super::{Location, RelatedLocation, ReportFinding};
use crate::diagnostic::{Finding, Level, UNREADABLE};
use crate::rules::Registry;
use crate::source::{self, SourceFile, Span};

/// The location of a span in `file`: 1-based lines, columns in code points, the byte range
/// clamped to character boundaries.
pub fn locate(file: &SourceFile, span: Span) -> Location {
    located(file, span, source::shown(&file.path))
}

/// [`locate`], with the path as shown.
fn located(file: &SourceFile, span: Span, path: String) -> Location {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    let start_byte = source::floor_char_boundary(file.text(), span.start as usize) as u32;
    let end_byte = (source::floor_char_boundary(file.text(), span.end as usize) as u32).max(start_byte);
    Location {
        path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_offset: Some(start_byte),
        byte_length: Some(end_byte - start_byte),
    }
}

/// The files a model's spans point into: one file, or the templates of a joined group, each
/// at its offset in the group's text (the members' texts one after the other).
pub struct Spans<'a> {
    /// (file, path as shown, offset of its text), by offset.
    pub files: &'a [(&'a SourceFile, &'a str, u32)],
}

impl Spans<'_> {
    /// The file a span is in, its path, and the span made relative to that file.
    pub fn split(&self, span: Span) -> Option<(&SourceFile, &str, Span)> {
        let i = self.files.partition_point(|(_, _, base)| *base <= span.start).checked_sub(1)?;
        let (file, path, base) = self.files.get(i)?;
        let end = span.end.saturating_sub(*base).min(file.text().len() as u32);
        let start = (span.start - base).min(end);
        Some((*file, *path, Span::new(span.file, start, end)))
    }

    /// The location of a span, in the file it is in.
    pub fn locate(&self, span: Span) -> Location {
        match self.split(span) {
            Some((file, path, local)) => located(file, local, path.to_string()),
            None => Location::whole_file(""),
        }
    }
}

/// `f`, found in `file` (shown as `path`), ready for output.
pub fn finding(registry: &Registry, file: &SourceFile, path: &str, f: &Finding) -> ReportFinding {
    let files = [(file, path, 0)];
    finding_in(registry, &Spans { files: &files }, f)
}

/// `f`, whose spans are in `spans`' files, ready for output.
pub fn finding_in(registry: &Registry, spans: &Spans<'_>, f: &Finding) -> ReportFinding {
    let doc = registry.doc(&f.rule_id);
    ReportFinding {
        rule_id: f.rule_id.to_string(),
        rule_name: doc.map_or_else(String::new, |d| d.name.clone()),
        level: doc.map_or(Level::Error, |d| d.severity),
        message: f.message.clone(),
        location: spans.locate(f.span),
        resource: f.resource.clone(),
        vpc: None,
        related: f
            .related
            .iter()
            .map(|r| RelatedLocation { location: spans.locate(r.span), message: r.message.clone() })
            .collect(),
        label: f.label.clone(),
        help: None,
        suppressed: None,
        fingerprint: String::new(),
    }
}

/// A VPC000 finding for `path`, at `location` or the whole file, with the message and help
/// of its cause.
pub fn unreadable(
    registry: &Registry,
    path: &str,
    location: Option<Location>,
    message: String,
    help: String,
) -> ReportFinding {
    ReportFinding {
        rule_id: UNREADABLE.to_string(),
        rule_name: registry.doc(UNREADABLE).map_or_else(String::new, |d| d.name.clone()),
        level: registry.severity(UNREADABLE),
        message,
        location: location.map_or_else(|| Location::whole_file(path), |l| Location { path: path.to_string(), ..l }),
        resource: None,
        vpc: None,
        related: Vec::new(),
        label: None,
        help: Some(help),
        suppressed: None,
        fingerprint: String::new(),
    }
}
