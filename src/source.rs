//! Source files, byte spans and line/column lookup.
//!
//! Every model object and finding carries a [`Span`] (file + byte range). Lines and
//! columns are derived from it only when a reporter needs them, through [`LineIndex`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in the [`SourceDb`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one file; `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span in `file` covering `start..end`.
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span { file, start, end: end.max(start) }
    }

    /// The range for slicing the file's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The byte length of the span.
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A 1-based position: line, and column counted in Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Line starts of one text, for offset -> (line, column) lookups.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    ascii: bool,
}

impl LineIndex {
    /// Builds the index of `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        LineIndex { line_starts, ascii: text.is_ascii() }
    }

    /// The 1-based line and code-point column of byte `offset` in `text`.
    ///
    /// Offsets past the end or inside a multi-byte character are clamped to the nearest
    /// preceding character boundary, so the lookup never panics.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = floor_char_boundary(text, (offset as usize).min(text.len()));
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let column = if self.ascii { offset - start } else { text.get(start..offset).map_or(0, |s| s.chars().count()) };
        LineCol { line: line as u32 + 1, column: column as u32 + 1 }
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte offset where 0-based `line` starts (the text's length past the last line).
    pub fn line_start(&self, line: usize, text_len: usize) -> usize {
        self.line_starts.get(line).map_or(text_len, |&s| s as usize)
    }
}

/// A path as shown: `path.display().to_string()` (U+FFFD for bytes that are not UTF-8),
/// without the formatting machinery and checked for UTF-8 a word at a time.
pub fn shown(path: &Path) -> String {
    path.to_str().map_or_else(|| path.to_string_lossy().into_owned(), str::to_string)
}

/// The largest char boundary of `text` that is `<= offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A line index built on first use by whichever holder asks first, then shared by all its
/// clones: a file's findings are located, and the pretty report cuts their snippets, with
/// one index.
#[derive(Debug, Clone, Default)]
pub struct SharedLines(Arc<std::sync::OnceLock<LineIndex>>);

impl SharedLines {
    /// The index of `text`, the text it was made for; built now if no holder has yet.
    pub fn of(&self, text: &str) -> &LineIndex {
        self.0.get_or_init(|| LineIndex::new(text))
    }
}

/// One loaded file: its path as given, its text, and its line index, built on first use
/// (most files of a run have no finding and never need one).
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    text: Text,
    lines: SharedLines,
}

/// A file's text: shared already, or owned and copied into a shared one when first asked
/// for (most files of a run are read, checked and dropped without anything keeping their
/// text, and copying every file's text would be a tenth of reading it).
#[derive(Debug)]
enum Text {
    Shared(Arc<str>),
    Owned { text: String, shared: std::sync::OnceLock<Arc<str>> },
}

impl SourceFile {
    /// A file; its line index is computed when first asked for.
    pub fn new(path: PathBuf, text: Arc<str>) -> SourceFile {
        SourceFile { path, text: Text::Shared(text), lines: SharedLines::default() }
    }

    /// A file whose text it owns until [`SourceFile::shared_text`] is asked for.
    pub fn owned(path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            path,
            text: Text::Owned { text, shared: std::sync::OnceLock::new() },
            lines: SharedLines::default(),
        }
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        match &self.text {
            Text::Shared(text) => text,
            Text::Owned { text, .. } => text,
        }
    }

    /// The file's text, to keep beyond the file's check (for snippets, for joins).
    pub fn shared_text(&self) -> Arc<str> {
        match &self.text {
            Text::Shared(text) => text.clone(),
            Text::Owned { text, shared } => shared.get_or_init(|| Arc::from(text.as_str())).clone(),
        }
    }

    /// The file's line index.
    pub fn lines(&self) -> &LineIndex {
        self.lines.of(self.text())
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        self.lines().line_col(self.text(), offset)
    }

    /// The file's line index (built or not yet), to share with the reporters.
    pub fn shared_lines(&self) -> SharedLines {
        self.lines.clone()
    }
}

/// All files of one run, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    /// An empty database.
    pub fn new() -> SourceDb {
        SourceDb::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The path of a file, or an empty path for an unknown id.
    pub fn path(&self, id: FileId) -> &Path {
        self.get(id).map_or(Path::new(""), |f| f.path.as_path())
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the database holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Iterates over (id, file).
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}

/// A resolved position range in one file. Lines and columns are 1-based; columns count
/// Unicode code points; the end is exclusive (the column after the last character).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Byte offset and length in the file; absent when the whole file is meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_length: Option<u32>,
}

impl Location {
    /// The whole file, when there is no position (unreadable file).
    pub fn whole_file(path: &str) -> Location {
        Location {
            path: path.to_string(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            byte_offset: None,
            byte_length: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_ascii_and_multibyte() {
        let text = "ab\ncdé\nfg";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        // 'é' is two bytes at offsets 5..7; 'g' ... line 3.
        assert_eq!(idx.line_col(text, 7), LineCol { line: 2, column: 4 });
        // inside the multi-byte character: clamped to its start
        assert_eq!(idx.line_col(text, 6), LineCol { line: 2, column: 3 });
        assert_eq!(idx.line_col(text, 9), LineCol { line: 3, column: 2 });
        // past the end: clamped
        assert_eq!(idx.line_col(text, 999), LineCol { line: 3, column: 3 });
    }
}
