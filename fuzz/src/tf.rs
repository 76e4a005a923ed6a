//! The `.tf` reader (`vpclint::load::terraform::source`): bytes become a file's text as `scan_dir` would
//! read it, are scanned, and every block and module call found is checked against the text.

use std::path::Path;

use vpclint::load::terraform::source::{self as tfsource, TfBlock, TfModuleCall};

/// Scans `data` as one `.tf` file and checks what the reader returns. Text that is not
/// UTF-8 is decoded lossily (`scan_dir` skips such a file; the lossy text still exercises
/// the reader on the bytes around the broken ones).
pub fn check_tf_bytes(data: &[u8]) {
    if u64::try_from(data.len()).is_ok_and(|n| n > tfsource::MAX_FILE_BYTES) {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let (blocks, modules) = tfsource::scan_text(Path::new("fuzz.tf"), &text);
    check(&text, &blocks, &modules);
}

/// Every range lies inside the text on char boundaries, headers start with their keyword
/// and name the labels the block is indexed by.
fn check(text: &str, blocks: &[TfBlock], modules: &[TfModuleCall]) {
    let at = |i: u32, what: &str, b: &dyn std::fmt::Debug| {
        let i = i as usize;
        assert!(i <= text.len(), "{what} {i} is past the end of the text ({} bytes): {b:?}", text.len());
        assert!(text.is_char_boundary(i), "{what} {i} is inside a character: {b:?}");
        i
    };
    for b in blocks {
        let hs = at(b.header_start, "header_start", b);
        let he = at(b.header_end, "header_end", b);
        let bs = at(b.block_start, "block_start", b);
        let be = at(b.block_end, "block_end", b);
        assert!(bs <= hs && hs < he && he < be, "ranges out of order: {b:?}");
        let header = text.get(hs..he).unwrap_or_default();
        assert!(header.starts_with("resource"), "header {header:?} of {b:?}");
        assert_eq!(b.path, Path::new("fuzz.tf"));
    }
    for m in modules {
        let hs = at(m.header_start, "header_start", m);
        let he = at(m.header_end, "header_end", m);
        assert!(hs < he, "ranges out of order: {m:?}");
        let header = text.get(hs..he).unwrap_or_default();
        assert!(header.starts_with("module"), "header {header:?} of {m:?}");
    }
}
