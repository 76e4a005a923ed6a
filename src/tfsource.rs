//! Locates Terraform `resource` and `module` blocks in `.tf` files, so findings from a plan
//! can point at the `resource "TYPE" "NAME" {` line a person edits.
//!
//! A hand-written lexer, not an HCL parser: it knows just enough of the native syntax
//! (comments, quoted templates with nested interpolations, heredocs, brackets) to tell where
//! top-level blocks begin and end. It scans bytes and only stops on ASCII delimiters, so every
//! offset it reports is a char boundary; it runs in linear time and never panics.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped by [`scan_dir`].
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A `resource "TYPE" "NAME"` block found in a .tf file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TfBlock {
    pub resource_type: String,
    pub name: String,
    pub path: PathBuf,
    /// Byte range of the block header `resource "TYPE" "NAME"` (from the `r` of `resource` to the closing quote of NAME).
    pub header_start: u32,
    pub header_end: u32,
    /// Byte range of the whole block including the closing `}` (or to end of file when unterminated).
    pub block_start: u32,
    pub block_end: u32,
    /// Labels of the `dynamic "LABEL" { ... }` blocks directly inside the block
    /// (`ingress`, `egress`, ...), in order. Terraform leaves dynamic blocks out of a plan's
    /// `configuration`, so this is the only place vpclint can learn of them.
    pub dynamic_blocks: Vec<String>,
}

/// A `module "NAME" { source = "..." }` call found in a .tf file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TfModuleCall {
    pub name: String,
    /// The `source` argument when it is a plain string literal.
    pub source: Option<String>,
    pub path: PathBuf,
    /// Byte range of `module "NAME"`.
    pub header_start: u32,
    pub header_end: u32,
}

/// What [`scan_dir`] found in one module directory.
#[derive(Debug, Clone, Default)]
pub struct ScanResult {
    pub blocks: Vec<TfBlock>,
    pub modules: Vec<TfModuleCall>,
    /// Files that could not be read or were too large, with the reason.
    pub errors: Vec<(PathBuf, String)>,
    /// The text of each scanned file, so callers need not re-read it.
    pub texts: Vec<(PathBuf, String)>,
}

/// Scans one file's text. Never panics, whatever the text.
///
/// Texts longer than `u32::MAX` bytes cannot be addressed by `u32` offsets and yield nothing.
pub fn scan_text(path: &Path, text: &str) -> (Vec<TfBlock>, Vec<TfModuleCall>) {
    if u32::try_from(text.len()).is_err() {
        return (Vec::new(), Vec::new());
    }
    let mut outline = Outline::new(path, text);
    lex(text, &mut outline);
    outline.finish()
}

/// Reads every `*.tf` file directly inside `dir` (not recursive; Terraform modules are one directory), sorted by file name, and scans it.
///
/// Files that cannot be read are returned in the error list with their io error message; the
/// others are still scanned. Files larger than 16 MiB are skipped with an error entry. Like
/// Terraform, names starting with `.` and `#...#` editor backups are ignored.
pub fn scan_dir(dir: &Path) -> ScanResult {
    let mut result = ScanResult::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            result.errors.push((dir.to_path_buf(), err.to_string()));
            return result;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if is_tf_file_name(&path) {
                    paths.push(path);
                }
            }
            Err(err) => result.errors.push((dir.to_path_buf(), err.to_string())),
        }
    }
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    for path in paths {
        match std::fs::metadata(&path) {
            // Directories named `x.tf` are not configuration files.
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => {}
            Err(err) => {
                result.errors.push((path, err.to_string()));
                continue;
            }
        }
        match read_limited(&path) {
            Ok(text) => {
                let (blocks, modules) = scan_text(&path, &text);
                result.blocks.extend(blocks);
                result.modules.extend(modules);
                result.texts.push((path, text));
            }
            Err(message) => result.errors.push((path, message)),
        }
    }
    result
}

/// Index for lookups: the block for (type, name) in a module directory.
#[derive(Debug, Clone, Default)]
pub struct TfIndex {
    blocks: Vec<TfBlock>,
    by_address: HashMap<(String, String), usize>,
    modules: Vec<TfModuleCall>,
    by_module: HashMap<String, usize>,
}

impl TfIndex {
    /// Builds the index. On duplicates the first block wins, but a block in a primary file
    /// wins over one in an `override.tf` / `*_override.tf` file, which only amends it.
    pub fn from_scan(scan: &ScanResult) -> TfIndex {
        let mut index = TfIndex::default();
        for pass_overrides in [false, true] {
            for block in &scan.blocks {
                if is_override_file(&block.path) != pass_overrides {
                    continue;
                }
                let key = (block.resource_type.clone(), block.name.clone());
                if !index.by_address.contains_key(&key) {
                    index.by_address.insert(key, index.blocks.len());
                    index.blocks.push(block.clone());
                }
            }
            for module in &scan.modules {
                if is_override_file(&module.path) != pass_overrides {
                    continue;
                }
                if !index.by_module.contains_key(&module.name) {
                    index.by_module.insert(module.name.clone(), index.modules.len());
                    index.modules.push(module.clone());
                }
            }
        }
        index
    }

    /// The block declaring `resource "resource_type" "name"`.
    pub fn block(&self, resource_type: &str, name: &str) -> Option<&TfBlock> {
        let key = (resource_type.to_owned(), name.to_owned());
        self.by_address.get(&key).and_then(|&i| self.blocks.get(i))
    }

    /// The `source` of `module "module_name"`, when it is a plain string literal.
    pub fn module_source(&self, module_name: &str) -> Option<&str> {
        self.module(module_name).and_then(|module| module.source.as_deref())
    }

    /// The `module "module_name"` call.
    pub fn module(&self, module_name: &str) -> Option<&TfModuleCall> {
        self.by_module.get(module_name).and_then(|&i| self.modules.get(i))
    }

    /// Every indexed resource block, primary files first.
    pub fn blocks(&self) -> &[TfBlock] {
        &self.blocks
    }
}

fn is_tf_file_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        // Terraform module file names are UTF-8; others cannot be `.tf` files it loads.
        return false;
    };
    name.ends_with(".tf")
        && name.len() > ".tf".len()
        && !name.starts_with('.')
        && !(name.starts_with('#') && name.ends_with('#'))
}

fn is_override_file(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|stem| stem == "override" || stem.ends_with("_override"))
}

fn read_limited(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let too_large = || format!("file is larger than {} MiB; skipped", MAX_FILE_BYTES >> 20);
    if let Ok(meta) = file.metadata() {
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large());
        }
    }
    let mut bytes = Vec::new();
    // The limit also holds when the file grows after the metadata check.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if u64::try_from(bytes.len()).ok().is_none_or(|n| n > MAX_FILE_BYTES) {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| format!("file is not valid UTF-8: {}", e.utf8_error()))
}

/// Offsets fit: `scan_text` rejects texts longer than `u32::MAX`.
fn offset(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// Lexer

/// An open bracket or string on the lexer's stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Brace,
    Bracket,
    Paren,
    /// `${` or `%{` inside a quoted string; its `}` returns to the string.
    Interp,
    /// A quoted string opened at `start`; `plain` until an interpolation is seen.
    Str {
        start: usize,
        plain: bool,
    },
}

/// What the lexer reports, with the stack depth it occurs at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Ident {
        start: usize,
        end: usize,
    },
    /// A whole quoted string, quotes included (`end` exclusive).
    Str {
        start: usize,
        end: usize,
        plain: bool,
    },
    /// Reported at the depth before the brace is pushed.
    OpenBrace,
    /// Reported at the depth after the brace is popped; `end` is just past the `}`.
    CloseBrace {
        end: usize,
    },
    Equals,
    Newline,
    /// Any other token: operators, numbers, heredocs, unterminated strings, stray closers.
    Other,
}

trait TokenSink {
    fn token(&mut self, token: Token, depth: usize);
}

fn is_ident_start(b: u8) -> bool {
    // Bytes >= 0x80 belong to identifiers (HCL allows Unicode letters), so an identifier
    // never starts or ends inside a multi-byte character.
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit() || b == b'-'
}

/// Position of the next `\n` at or after `from`, or the text length.
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes.get(from..).and_then(|rest| rest.iter().position(|&b| b == b'\n')).map_or(bytes.len(), |p| from + p)
}

/// Runs over `text` once, reporting tokens to `sink`. Each step advances or pops a frame, so the
/// work is linear in the text length.
fn lex(text: &str, sink: &mut impl TokenSink) {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        if let Some(&Frame::Str { start, plain }) = stack.last() {
            match b {
                b'"' => {
                    stack.pop();
                    let end = i + 1;
                    sink.token(Token::Str { start, end, plain }, stack.len());
                    i = end;
                }
                b'\n' => {
                    // Quoted templates cannot span lines: end the broken string here so one
                    // stray quote does not swallow the rest of the file.
                    stack.pop();
                    sink.token(Token::Other, stack.len());
                }
                b'\\' => i += if next.is_none_or(|n| n == b'\n') { 1 } else { 2 },
                b'$' | b'%' => match (next, bytes.get(i + 2).copied()) {
                    (Some(n), Some(b'{')) if n == b => i += 3, // `$${` and `%%{` are literal
                    (Some(b'{'), _) => {
                        if let Some(Frame::Str { plain, .. }) = stack.last_mut() {
                            *plain = false;
                        }
                        stack.push(Frame::Interp);
                        i += 2;
                    }
                    _ => i += 1,
                },
                _ => i += 1,
            }
            continue;
        }
        let depth = stack.len();
        match b {
            b'\n' => {
                sink.token(Token::Newline, depth);
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => i = line_end(bytes, i),
            b'/' if next == Some(b'/') => i = line_end(bytes, i),
            b'/' if next == Some(b'*') => {
                i = bytes
                    .get(i + 2..)
                    .and_then(|rest| rest.windows(2).position(|w| w == b"*/"))
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
            }
            b'"' => {
                stack.push(Frame::Str { start: i, plain: true });
                i += 1;
            }
            b'{' => {
                sink.token(Token::OpenBrace, depth);
                stack.push(Frame::Brace);
                i += 1;
            }
            b'[' | b'(' => {
                sink.token(Token::Other, depth);
                stack.push(if b == b'[' { Frame::Bracket } else { Frame::Paren });
                i += 1;
            }
            b']' | b')' => {
                let opener = if b == b']' { Frame::Bracket } else { Frame::Paren };
                // A mismatched closer is ignored; a `}` below recovers the nesting.
                if stack.last() == Some(&opener) {
                    stack.pop();
                }
                sink.token(Token::Other, stack.len());
                i += 1;
            }
            b'}' => {
                // `}` closes the nearest brace or interpolation, and with it any bracket left
                // open inside (`x = [1, 2 }`). Each frame is popped at most once.
                while matches!(stack.last(), Some(Frame::Bracket | Frame::Paren)) {
                    stack.pop();
                }
                match stack.last() {
                    Some(Frame::Brace) => {
                        stack.pop();
                        sink.token(Token::CloseBrace { end: i + 1 }, stack.len());
                    }
                    Some(Frame::Interp) => {
                        stack.pop();
                    }
                    _ => sink.token(Token::Other, stack.len()),
                }
                i += 1;
            }
            b'=' if matches!(next, Some(b'=' | b'>')) => {
                sink.token(Token::Other, depth);
                i += 2;
            }
            b'=' => {
                sink.token(Token::Equals, depth);
                i += 1;
            }
            b'!' | b'>' if next == Some(b'=') => {
                sink.token(Token::Other, depth);
                i += 2;
            }
            b'<' => {
                sink.token(Token::Other, depth);
                i = heredoc_end(bytes, i).unwrap_or(if next == Some(b'=') { i + 2 } else { i + 1 });
            }
            _ if is_ident_start(b) => {
                let start = i;
                while bytes.get(i).is_some_and(|&c| is_ident_continue(c)) {
                    i += 1;
                }
                sink.token(Token::Ident { start, end: i }, depth);
            }
            _ if b.is_ascii_digit() => {
                while bytes.get(i).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.') {
                    i += 1;
                }
                sink.token(Token::Other, depth);
            }
            _ => {
                sink.token(Token::Other, depth);
                i += 1;
            }
        }
    }
}

/// If a heredoc (`<<ID` or `<<-ID` then a newline) starts at `i`, the position of the newline
/// ending its closing line (the line holding only `ID`, indentation allowed), or the text
/// length when it is unterminated. Interpolations in the body are not followed.
fn heredoc_end(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes.get(i..i + 2) != Some(b"<<".as_slice()) {
        return None;
    }
    let mut j = i + 2;
    if bytes.get(j) == Some(&b'-') {
        j += 1;
    }
    let id_start = j;
    if !bytes.get(j).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_') {
        return None;
    }
    while bytes.get(j).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        j += 1;
    }
    let delimiter = bytes.get(id_start..j)?;
    if bytes.get(j) == Some(&b'\r') {
        j += 1;
    }
    if bytes.get(j) != Some(&b'\n') {
        return None;
    }
    let mut line = j + 1;
    while line < bytes.len() {
        let end = line_end(bytes, line);
        if bytes.get(line..end).map(<[u8]>::trim_ascii) == Some(delimiter) {
            return Some(end);
        }
        line = end + 1;
    }
    Some(bytes.len())
}

// ---------------------------------------------------------------------------------------------
// Block recognition

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Resource,
    Module,
}

impl BlockKind {
    fn from_keyword(word: &str) -> Option<BlockKind> {
        match word {
            "resource" => Some(BlockKind::Resource),
            "module" => Some(BlockKind::Module),
            _ => None,
        }
    }

    fn label_count(self) -> usize {
        match self {
            BlockKind::Resource => 2,
            BlockKind::Module => 1,
        }
    }
}

/// A block keyword and the labels read after it so far, at depth 0.
#[derive(Debug)]
struct Header {
    kind: BlockKind,
    start: usize,
    labels: Vec<String>,
    end: usize,
}

impl Header {
    fn wants_label(&self) -> bool {
        self.labels.len() < self.kind.label_count()
    }
}

/// Progress through `dynamic "LABEL"` at depth 1 of a resource block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DynamicState {
    Idle,
    /// `dynamic` seen at the start of a line.
    Keyword,
}

/// Progress through `source = "..."` at depth 1 of a module block.
#[derive(Debug)]
enum SourceState {
    Idle,
    Name,
    Equals,
    Value(String),
}

#[derive(Debug)]
struct OpenBlock {
    header: Header,
    at_line_start: bool,
    source_state: SourceState,
    source: Option<String>,
    dynamic_state: DynamicState,
    dynamic_blocks: Vec<String>,
}

impl OpenBlock {
    /// Ends the current depth-1 line of the block: a complete `source = "..."` is kept.
    fn end_line(&mut self) {
        let state = std::mem::replace(&mut self.source_state, SourceState::Idle);
        if let SourceState::Value(value) = state {
            if self.source.is_none() {
                self.source = Some(value);
            }
        }
        self.at_line_start = true;
    }

    fn token(&mut self, text: &str, token: Token) {
        if token == Token::Newline {
            self.end_line();
            self.dynamic_state = DynamicState::Idle;
            return;
        }
        if self.header.kind == BlockKind::Resource {
            self.dynamic_token(text, token);
            self.at_line_start = false;
            return;
        }
        let state = std::mem::replace(&mut self.source_state, SourceState::Idle);
        self.source_state = match (state, token) {
            (SourceState::Idle, Token::Ident { start, end })
                if self.at_line_start && text.get(start..end) == Some("source") =>
            {
                SourceState::Name
            }
            (SourceState::Name, Token::Equals) => SourceState::Equals,
            (SourceState::Equals, Token::Str { start, end, plain: true }) => {
                decode_plain(text, start, end).map_or(SourceState::Idle, SourceState::Value)
            }
            _ => SourceState::Idle,
        };
        self.at_line_start = false;
    }
}

impl OpenBlock {
    /// A depth-1 token of a resource block: records `dynamic "LABEL"` at a line start.
    fn dynamic_token(&mut self, text: &str, token: Token) {
        self.dynamic_state = match (self.dynamic_state, token) {
            (DynamicState::Idle, Token::Ident { start, end })
                if self.at_line_start && text.get(start..end) == Some("dynamic") =>
            {
                DynamicState::Keyword
            }
            (DynamicState::Keyword, Token::Str { start, end, plain: true }) => {
                if let Some(label) = decode_plain(text, start, end) {
                    self.dynamic_blocks.push(label);
                }
                DynamicState::Idle
            }
            (DynamicState::Keyword, Token::Ident { start, end }) => {
                // HCL also accepts a bare identifier as a block label.
                if let Some(label) = text.get(start..end) {
                    self.dynamic_blocks.push(label.to_owned());
                }
                DynamicState::Idle
            }
            _ => DynamicState::Idle,
        };
    }
}

/// Turns top-level tokens into blocks.
struct Outline<'a> {
    path: &'a Path,
    text: &'a str,
    header: Option<Header>,
    open: Option<OpenBlock>,
    blocks: Vec<TfBlock>,
    modules: Vec<TfModuleCall>,
}

impl<'a> Outline<'a> {
    fn new(path: &'a Path, text: &'a str) -> Outline<'a> {
        Outline { path, text, header: None, open: None, blocks: Vec::new(), modules: Vec::new() }
    }

    fn top_level(&mut self, token: Token) {
        let header = self.header.take();
        match token {
            // Newlines between the header tokens are tolerated.
            Token::Newline => self.header = header,
            Token::Ident { start, end } => {
                let word = self.text.get(start..end).unwrap_or_default();
                self.header = match header {
                    Some(mut header) if header.wants_label() => {
                        header.labels.push(word.to_owned());
                        header.end = end;
                        Some(header)
                    }
                    _ => BlockKind::from_keyword(word).map(|kind| Header { kind, start, labels: Vec::new(), end }),
                };
            }
            Token::Str { start, end, plain: true } => {
                // Block labels are literal strings; an interpolated one is no header.
                if let Some(mut header) = header.filter(Header::wants_label) {
                    if let Some(label) = decode_plain(self.text, start, end) {
                        header.labels.push(label);
                        header.end = end;
                        self.header = Some(header);
                    }
                }
            }
            Token::OpenBrace => {
                if let Some(header) = header.filter(|h| !h.wants_label()) {
                    self.open = Some(OpenBlock {
                        header,
                        at_line_start: true,
                        source_state: SourceState::Idle,
                        source: None,
                        dynamic_state: DynamicState::Idle,
                        dynamic_blocks: Vec::new(),
                    });
                }
            }
            Token::CloseBrace { end } => self.close(end),
            Token::Str { .. } | Token::Equals | Token::Other => {}
        }
    }

    /// Records the open block, ending at `end`.
    fn close(&mut self, end: usize) {
        let Some(mut block) = self.open.take() else {
            return;
        };
        block.end_line();
        let mut labels = block.header.labels.into_iter();
        match block.header.kind {
            BlockKind::Resource => self.blocks.push(TfBlock {
                resource_type: labels.next().unwrap_or_default(),
                name: labels.next().unwrap_or_default(),
                path: self.path.to_path_buf(),
                header_start: offset(block.header.start),
                header_end: offset(block.header.end),
                block_start: offset(block.header.start),
                block_end: offset(end),
                dynamic_blocks: block.dynamic_blocks,
            }),
            BlockKind::Module => self.modules.push(TfModuleCall {
                name: labels.next().unwrap_or_default(),
                source: block.source,
                path: self.path.to_path_buf(),
                header_start: offset(block.header.start),
                header_end: offset(block.header.end),
            }),
        }
    }

    fn finish(mut self) -> (Vec<TfBlock>, Vec<TfModuleCall>) {
        // An unterminated block runs to the end of the file.
        self.close(self.text.len());
        (self.blocks, self.modules)
    }
}

impl TokenSink for Outline<'_> {
    fn token(&mut self, token: Token, depth: usize) {
        match depth {
            0 => self.top_level(token),
            1 => {
                if let Some(block) = self.open.as_mut() {
                    block.token(self.text, token);
                }
            }
            _ => {}
        }
    }
}

/// The value of the quoted literal `text[start..end]` (quotes included), or `None` when it
/// holds an escape HCL rejects. Interpolated strings are filtered out before this.
fn decode_plain(text: &str, start: usize, end: usize) -> Option<String> {
    let inner = text.get(start.checked_add(1)?..end.checked_sub(1)?)?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => out.push(hex_char(&mut chars, 4)?),
                'U' => out.push(hex_char(&mut chars, 8)?),
                _ => return None,
            },
            // `$${` and `%%{` stand for a literal `${` and `%{`.
            '$' | '%' if chars.peek() == Some(&c) => {
                out.push(c);
                let _ = chars.next();
                if chars.peek() != Some(&'{') {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

fn hex_char(chars: &mut impl Iterator<Item = char>, digits: usize) -> Option<char> {
    let mut value = 0u32;
    for _ in 0..digits {
        value = value.checked_mul(16)?.checked_add(chars.next()?.to_digit(16)?)?;
    }
    char::from_u32(value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn scan(text: &str) -> (Vec<TfBlock>, Vec<TfModuleCall>) {
        scan_text(Path::new("main.tf"), text)
    }

    fn addresses(text: &str) -> Vec<(String, String)> {
        scan(text).0.into_iter().map(|b| (b.resource_type, b.name)).collect()
    }

    fn pair(t: &str, n: &str) -> (String, String) {
        (t.to_owned(), n.to_owned())
    }

    fn header<'t>(text: &'t str, b: &TfBlock) -> &'t str {
        &text[b.header_start as usize..b.header_end as usize]
    }

    fn body<'t>(text: &'t str, b: &TfBlock) -> &'t str {
        &text[b.block_start as usize..b.block_end as usize]
    }

    #[test]
    fn dynamic_blocks_directly_inside_a_resource() {
        let text = r#"resource "aws_security_group" "g" {
  name = "dynamic \"egress\""
  # dynamic "commented" {}
  dynamic "ingress" {
    for_each = var.cidrs
    content {
      dynamic "nested" { for_each = [] }
    }
  }
  dynamic egress {
    for_each = []
  }
  tags = { dynamic = "x" }
}
resource "aws_vpc" "v" {}
"#;
        let (blocks, _) = scan(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].dynamic_blocks, vec!["ingress".to_string(), "egress".to_string()]);
        assert!(blocks[1].dynamic_blocks.is_empty());
    }

    #[test]
    fn simple_block() {
        let text = "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n";
        let (blocks, modules) = scan(text);
        assert!(modules.is_empty());
        assert_eq!(blocks.len(), 1);
        let b = &blocks[0];
        assert_eq!((b.resource_type.as_str(), b.name.as_str()), ("aws_vpc", "main"));
        assert_eq!(b.path, Path::new("main.tf"));
        assert_eq!(header(text, b), "resource \"aws_vpc\" \"main\"");
        assert_eq!(body(text, b), text.trim_end());
        assert_eq!(b.block_start, b.header_start);
    }

    #[test]
    fn several_blocks_and_whitespace_between_tokens() {
        let text = "variable \"x\" {}\n\
            resource \"aws_vpc\" \"a\" {}\n\
            locals { y = 1 }\n\
            resource   \"aws_subnet\"\n  \"b\"\n{\n}\n\
            data \"aws_ami\" \"c\" {}\n\
            resource\t\"aws_eip\" /* inline */ \"d\" { }";
        assert_eq!(addresses(text), vec![pair("aws_vpc", "a"), pair("aws_subnet", "b"), pair("aws_eip", "d")]);
        let (blocks, _) = scan(text);
        assert_eq!(header(text, &blocks[1]), "resource   \"aws_subnet\"\n  \"b\"");
        assert_eq!(body(text, &blocks[1]), "resource   \"aws_subnet\"\n  \"b\"\n{\n}");
    }

    #[test]
    fn comments_hide_blocks() {
        let text = "# resource \"x\" \"y\" {\n\
            // resource \"x\" \"y\" {\n\
            /* resource \"x\" \"y\" {\n resource \"p\" \"q\" { */\n\
            resource \"aws_vpc\" \"real\" { # }\n\
              // }\n\
              /* } */\n\
            }\n\
            resource \"aws_vpc\" \"after\" {}\n";
        assert_eq!(addresses(text), vec![pair("aws_vpc", "real"), pair("aws_vpc", "after")]);
    }

    #[test]
    fn strings_with_braces_and_interpolations() {
        let text = r#"resource "aws_iam_policy" "p" {
  a = "}}}{"
  b = "${jsonencode({a = "}"})}"
  c = "%{ if true }{%{ endif }"
  d = "$${literal} \" } \\"
  e = "${ { x = "${"}"}" } }"
}
resource "aws_vpc" "next" {}
"#;
        let (blocks, _) = scan(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].name, "p");
        assert!(body(text, &blocks[0]).ends_with("\" } }\"\n}"));
        assert_eq!(blocks[1].name, "next");
    }

    #[test]
    fn heredoc_hides_braces_and_headers() {
        let text = "resource \"aws_instance\" \"web\" {\n\
            user_data = <<EOF\n\
            }\n\
            resource \"a\" \"b\" {\n\
            EOF is not alone here\n\
            EOF\n\
            tags = {}\n\
            }\n\
            resource \"aws_vpc\" \"v\" {}\n";
        let (blocks, _) = scan(text);
        assert_eq!(addresses(text), vec![pair("aws_instance", "web"), pair("aws_vpc", "v")]);
        assert!(body(text, &blocks[0]).ends_with("tags = {}\n}"));
    }

    #[test]
    fn indented_heredoc() {
        let text = "resource \"aws_instance\" \"web\" {\n  user_data = <<-EOT\n    }\n    resource \"a\" \"b\" {\n    EOT\n  x = 1\n}\nresource \"aws_vpc\" \"v\" {}\n";
        assert_eq!(addresses(text), vec![pair("aws_instance", "web"), pair("aws_vpc", "v")]);
        // A plain heredoc with an indented, CRLF-terminated closing line.
        let text = "resource \"a\" \"x\" {\r\n  v = <<EOT\r\n}\r\n  EOT\r\n}\r\nresource \"b\" \"y\" {}";
        assert_eq!(addresses(text), vec![pair("a", "x"), pair("b", "y")]);
    }

    #[test]
    fn nested_blocks() {
        let text = "resource \"aws_security_group\" \"sg\" {\n  ingress {\n    from_port = 443\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n  dynamic \"egress\" {\n    for_each = var.x\n    content { to_port = egress.value }\n  }\n}\nresource \"aws_vpc\" \"v\" {}\n";
        let (blocks, _) = scan(text);
        assert_eq!(blocks.len(), 2);
        assert!(body(text, &blocks[0]).ends_with("  }\n}"));
        assert_eq!(blocks[1].name, "v");
    }

    #[test]
    fn module_calls() {
        let text = r#"module "network" {
  source  = "./modules/network"
  version = "1.0"
  nested {
    source = "nope"
  }
}
module "registry" {
  count = 1
  source = "terraform-aws-modules/vpc/aws" # pinned
}
module "dynamic" {
  source = "${path.module}/x"
}
module "empty" {}
module "late" { source = "git::https://example.com/x.git?ref=v1" }
module "escaped" {
  source = "a\"b\u00e9$${c}"
}
"#;
        let (blocks, modules) = scan(text);
        assert!(blocks.is_empty());
        let got: Vec<_> = modules.iter().map(|m| (m.name.as_str(), m.source.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("network", Some("./modules/network")),
                ("registry", Some("terraform-aws-modules/vpc/aws")),
                ("dynamic", None),
                ("empty", None),
                ("late", Some("git::https://example.com/x.git?ref=v1")),
                ("escaped", Some("a\"b\u{e9}${c}")),
            ]
        );
        let m = &modules[0];
        assert_eq!(&text[m.header_start as usize..m.header_end as usize], "module \"network\"");
    }

    #[test]
    fn unquoted_labels() {
        let text = "resource aws_subnet app {\n}\nmodule net { source = \"./n\" }\nresource \"aws_eip\" nat {}\n";
        let (blocks, modules) = scan(text);
        assert_eq!(addresses(text), vec![pair("aws_subnet", "app"), pair("aws_eip", "nat")]);
        assert_eq!(header(text, &blocks[0]), "resource aws_subnet app");
        assert_eq!(modules[0].name, "net");
        assert_eq!(modules[0].source.as_deref(), Some("./n"));
    }

    #[test]
    fn wrong_label_counts_and_interpolated_labels_are_not_blocks() {
        let text = "resource \"a\" {}\nresource \"a\" \"b\" \"c\" {}\nresource \"a\" \"${b}\" {}\nmodule \"m\" \"n\" {}\nx = resource \"a\" \"b\"\nresource \"ok\" \"ok\" {}";
        let (blocks, modules) = scan(text);
        assert!(modules.is_empty());
        assert_eq!(addresses(text), vec![pair("ok", "ok")]);
        assert_eq!(header(text, &blocks[0]), "resource \"ok\" \"ok\"");
    }

    #[test]
    fn multi_byte_characters_before_block() {
        let text = "# Ünïcödé 🚀 comment\nlocals { s = \"日本語 } {\" }\nresource \"aws_vpc\" \"main\" {\n  tags = { Name = \"café ☕\" }\n}\n";
        let (blocks, _) = scan(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(header(text, &blocks[0]), "resource \"aws_vpc\" \"main\"");
        assert!(body(text, &blocks[0]).ends_with("☕\" }\n}"));
        let text = "resource \"aws_vpc\" \"é\" {}";
        let (blocks, _) = scan(text);
        assert_eq!(blocks[0].name, "é");
        assert_eq!(header(text, &blocks[0]), "resource \"aws_vpc\" \"é\"");
        let text = "resource aws_vpc naïve {}";
        assert_eq!(addresses(text), vec![pair("aws_vpc", "naïve")]);
    }

    #[test]
    fn unterminated_constructs() {
        // A block left open runs to the end of the file.
        let text = "resource \"a\" \"b\" {\n  x = {\n";
        let (blocks, _) = scan(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].block_end as usize, text.len());
        // A broken string ends at the end of its line.
        let text = "resource \"a\" \"b\" {\n  x = \"oops }\n}\nresource \"c\" \"d\" {}";
        assert_eq!(addresses(text), vec![pair("a", "b"), pair("c", "d")]);
        // Mismatched brackets are closed by the block's `}`.
        let text = "resource \"a\" \"b\" {\n  x = [1, (2\n}\nresource \"c\" \"d\" {}";
        assert_eq!(addresses(text), vec![pair("a", "b"), pair("c", "d")]);
        // Stray closers at top level do nothing.
        let text = "} ] ) }\nresource \"c\" \"d\" {}";
        assert_eq!(addresses(text), vec![pair("c", "d")]);
        for text in [
            "resource \"a\" \"b\" { x = <<EOF\n}\n",
            "resource \"a\" \"b\" { /* }",
            "resource \"a\" \"b\" { x = \"${ {",
            "resource \"a\" \"b\" { x = \"\\",
            "resource \"a\" \"b\" { x = <<",
            "resource \"a\" \"b\" { x = <<-",
            "resource \"a\" \"b\" { x = <<EOF",
            "resource \"a\" \"b\" { x = <<EOF\n",
        ] {
            let (blocks, _) = scan(text);
            assert_eq!(blocks.len(), 1, "{text:?}");
            assert_eq!(blocks[0].block_end as usize, text.len(), "{text:?}");
        }
        for text in ["", "resource", "resource \"a\"", "resource \"a\" \"b\"", "\"", "module"] {
            assert!(scan(text).0.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn large_pathological_inputs() {
        let mb = 1 << 20;
        for text in [
            "{".repeat(mb),
            "}".repeat(mb),
            "[".repeat(mb) + &"}".repeat(mb),
            "\"${".repeat(mb / 3),
            "(".repeat(mb) + &"]".repeat(mb),
            "<<EOF\n".repeat(mb / 6),
            "/*".repeat(mb / 2),
            "\0".repeat(mb),
            "resource \"a\" \"b\" {".repeat(mb / 18),
        ] {
            let (blocks, _) = scan(&text);
            for b in &blocks {
                assert!(b.block_end as usize <= text.len());
            }
        }
        let text = "resource \"a\" \"b\" {}\n".repeat(10_000);
        assert_eq!(scan(&text).0.len(), 10_000);
    }

    /// Checks every range lies within the text and on char boundaries.
    fn check_ranges(text: &str, blocks: &[TfBlock], modules: &[TfModuleCall]) {
        let ok = |i: u32| (i as usize) <= text.len() && text.is_char_boundary(i as usize);
        for b in blocks {
            for i in [b.header_start, b.header_end, b.block_start, b.block_end] {
                assert!(ok(i), "{text:?} {b:?}");
            }
            assert!(b.block_start <= b.header_start, "{text:?} {b:?}");
            assert!(b.header_start < b.header_end, "{text:?} {b:?}");
            assert!(b.header_end < b.block_end, "{text:?} {b:?}");
            assert!(header(text, b).starts_with("resource"), "{text:?} {b:?}");
        }
        for m in modules {
            assert!(ok(m.header_start) && ok(m.header_end), "{text:?} {m:?}");
            assert!(m.header_start < m.header_end, "{text:?} {m:?}");
            assert!(text[m.header_start as usize..].starts_with("module"), "{text:?} {m:?}");
        }
    }

    #[test]
    fn garbage_input_never_panics() {
        let alphabets: [Vec<char>; 2] = [
            "{}[]()\"'#/*<-\n$%aEOF resource".chars().collect(),
            "{}[]()\"\\#/*<-\n$%aEOF resource module source=\0é日🚀\r\t".chars().collect(),
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            // xorshift64
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut found = 0;
        for alphabet in &alphabets {
            for _ in 0..2000 {
                let len = (next() % 200) as usize;
                let mut text = String::new();
                for _ in 0..len {
                    // Bias towards whole keywords so headers actually occur.
                    match next() % 8 {
                        0 => text.push_str("resource \"t\" \"n\" {"),
                        1 => text.push_str("module \"m\" { source = \"s\"\n"),
                        _ => text.push(alphabet[(next() % alphabet.len() as u64) as usize]),
                    }
                }
                let (blocks, modules) = scan(&text);
                found += blocks.len() + modules.len();
                check_ranges(&text, &blocks, &modules);
            }
        }
        assert!(found > 0);
    }

    #[test]
    fn index_lookups_prefer_primary_files() {
        let mut scan = ScanResult::default();
        let (b1, m1) =
            scan_text(Path::new("override.tf"), "resource \"aws_vpc\" \"main\" {}\nmodule \"n\" { source = \"./o\" }");
        let (b2, m2) = scan_text(
            Path::new("main.tf"),
            "resource \"aws_vpc\" \"main\" {}\nresource \"aws_vpc\" \"main\" {}\nmodule \"n\" { source = \"./n\" }",
        );
        let (b3, _) = scan_text(Path::new("x_override.tf"), "resource \"aws_eip\" \"only\" {}");
        scan.blocks.extend(b1.into_iter().chain(b2).chain(b3));
        scan.modules.extend(m1.into_iter().chain(m2));
        let index = TfIndex::from_scan(&scan);
        let vpc = index.block("aws_vpc", "main").unwrap();
        assert_eq!(vpc.path, Path::new("main.tf"));
        assert_eq!(vpc.header_start, 0);
        assert_eq!(index.block("aws_eip", "only").unwrap().path, Path::new("x_override.tf"));
        assert!(index.block("aws_vpc", "other").is_none());
        assert_eq!(index.module_source("n"), Some("./n"));
        assert_eq!(index.module_source("missing"), None);
        assert_eq!(index.blocks().len(), 2);
    }

    #[test]
    fn scan_dir_reads_tf_files_in_order() {
        let dir = std::env::temp_dir().join(format!(
            "vpclint-tfsource-{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
        ));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("b.tf"), "resource \"aws_subnet\" \"b\" {}\n").unwrap();
        std::fs::write(dir.join("a.tf"), "resource \"aws_vpc\" \"a\" {}\nmodule \"m\" { source = \"./m\" }\n").unwrap();
        std::fs::write(dir.join("bad.tf"), [0xff, 0xfe, b'{']).unwrap();
        std::fs::write(dir.join("notes.txt"), "resource \"x\" \"y\" {}").unwrap();
        std::fs::write(dir.join(".hidden.tf"), "resource \"x\" \"h\" {}").unwrap();
        std::fs::write(dir.join("sub").join("c.tf"), "resource \"x\" \"c\" {}").unwrap();
        std::fs::create_dir_all(dir.join("dir.tf")).unwrap();
        let big = std::fs::File::create(dir.join("big.tf")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        drop(big);

        let scan = scan_dir(&dir);
        let missing = scan_dir(&dir.join("does-not-exist"));
        std::fs::remove_dir_all(&dir).unwrap();

        let names: Vec<_> = scan.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b"]);
        assert_eq!(scan.blocks[0].path, dir.join("a.tf"));
        assert_eq!(scan.modules.len(), 1);
        let texts: Vec<_> = scan.texts.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(texts, vec![dir.join("a.tf"), dir.join("b.tf")]);
        assert!(scan.texts[1].1.starts_with("resource \"aws_subnet\""));
        let errors: Vec<_> = scan.errors.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(errors, vec![dir.join("bad.tf"), dir.join("big.tf")]);
        assert!(scan.errors[0].1.contains("UTF-8"), "{:?}", scan.errors);
        assert!(scan.errors[1].1.contains("16 MiB"), "{:?}", scan.errors);
        let index = TfIndex::from_scan(&scan);
        assert_eq!(index.block("aws_subnet", "b").unwrap().name, "b");
        assert_eq!(index.module_source("m"), Some("./m"));

        assert!(missing.blocks.is_empty());
        assert_eq!(missing.errors.len(), 1);
    }
}
