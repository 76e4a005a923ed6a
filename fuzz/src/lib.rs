//! Shared code of the vpclint fuzz targets: the check every target runs on its input,
//! and the builders that turn fuzz bytes into Terraform plans.

pub mod plan;
pub mod tf;

use vpclint::load::{self, Loaded};
use vpclint::rules::engine;
use vpclint::source::{FileId, Span};

/// A file id other than the default, so a span built with `FileId::default()` by mistake
/// is caught.
const FILE: FileId = FileId(7);

/// Decodes `bytes`, loads them, runs every rule on the model, and asserts that every
/// span the loader and the rules produce lies inside the text on char boundaries.
pub fn check_bytes(bytes: Vec<u8>) {
    let decoded = load::decode(bytes);
    let text = decoded.text.as_str();
    if let Some(e) = &decoded.error {
        // The CLI stops here and reports the error at `offset`.
        check_offset(text, e.offset, "decode error");
        return;
    }
    check_text(text);
}

/// Loads `text`, runs every rule, and checks the spans.
pub fn check_text(text: &str) {
    match load::load_text(text, FILE) {
        Loaded::Failed(e) => check_offset(text, e.offset, &e.message),
        Loaded::NotRecognised(_) => {}
        Loaded::Model { model, problems, .. } => {
            for p in &problems {
                check_span(text, p.span, &p.message);
                for (span, message) in &p.related {
                    check_span(text, *span, message);
                }
            }
            let rules = vpclint::rules::Registry::builtin().enabled(&Default::default());
            for f in engine::check(&model, &rules) {
                check_span(text, f.span, &f.message);
                for r in &f.related {
                    check_span(text, r.span, &r.message);
                }
            }
        }
    }
}

fn check_offset(text: &str, offset: Option<u32>, what: &str) {
    if let Some(o) = offset {
        assert!(o as usize <= text.len(), "{what}: offset {o} is past the end of the text ({} bytes)", text.len());
    }
}

fn check_span(text: &str, span: Span, what: &str) {
    assert_eq!(span.file, FILE, "{what}: span {span:?} is in another file");
    assert!(span.start <= span.end, "{what}: span {span:?} ends before it starts");
    assert!(
        span.end as usize <= text.len(),
        "{what}: span {span:?} is past the end of the text ({} bytes)",
        text.len()
    );
    assert!(text.is_char_boundary(span.start as usize), "{what}: span {span:?} starts inside a character");
    assert!(text.is_char_boundary(span.end as usize), "{what}: span {span:?} ends inside a character");
}
