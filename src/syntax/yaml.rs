//! YAML -> [`Tree`], through saphyr-parser's event stream.
//!
//! saphyr-parser is a maintained YAML 1.2 parser that reports spans and tags (serde_yaml
//! gives neither and is deprecated upstream). Its positions count characters; they are
//! converted to byte offsets here. CloudFormation short-form tags become their long form
//! (`!Ref x` -> `{Ref: x}`, `!GetAtt a.b` -> `{Fn::GetAtt: a.b}`) with the tag as the key's
//! span, so the CloudFormation layer sees one shape for YAML and JSON.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use super::builder::{BuildError, TreeBuilder};
use crate::syntax::tree::{Kind, NodeId, Range, Tree};

/// At most this many nodes may be added by alias expansion in one file. Real templates use
/// a handful of anchors; a "billion laughs" document needs far more.
pub const ALIAS_NODE_BUDGET: u64 = 1_000_000;

/// A YAML error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub offset: u32,
    pub message: String,
}

/// The result of parsing: the tree and non-fatal notes (such as ignored extra documents).
pub struct Parsed<'a> {
    pub tree: Tree<'a>,
    pub notes: Vec<(Range, String)>,
}

/// Maps the parser's character indices to byte offsets, walking from the last position.
struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    char_idx: usize,
    byte_idx: usize,
}

impl CharToByte<'_> {
    fn byte(&mut self, char_idx: usize) -> u32 {
        if self.ascii {
            return char_idx.min(self.text.len()) as u32;
        }
        let bytes = self.text.as_bytes();
        while self.char_idx < char_idx && self.byte_idx < bytes.len() {
            self.byte_idx += 1;
            while self.byte_idx < bytes.len() && !self.text.is_char_boundary(self.byte_idx) {
                self.byte_idx += 1;
            }
            self.char_idx += 1;
        }
        while self.char_idx > char_idx && self.byte_idx > 0 {
            self.byte_idx -= 1;
            while self.byte_idx > 0 && !self.text.is_char_boundary(self.byte_idx) {
                self.byte_idx -= 1;
            }
            self.char_idx -= 1;
        }
        self.byte_idx as u32
    }
}

/// Long-form name of a CloudFormation short-form tag.
fn cfn_tag(suffix: &str) -> Option<&'static str> {
    Some(match suffix {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "GetAtt" => "Fn::GetAtt",
        "Sub" => "Fn::Sub",
        "Join" => "Fn::Join",
        "Select" => "Fn::Select",
        "GetAZs" => "Fn::GetAZs",
        "If" => "Fn::If",
        "Equals" => "Fn::Equals",
        "Not" => "Fn::Not",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "FindInMap" => "Fn::FindInMap",
        "ImportValue" => "Fn::ImportValue",
        "Base64" => "Fn::Base64",
        "Cidr" => "Fn::Cidr",
        "Split" => "Fn::Split",
        "Transform" => "Fn::Transform",
        "Length" => "Fn::Length",
        "ToJsonString" => "Fn::ToJsonString",
        "ForEach" => "Fn::ForEach",
        // Rain's module tag, so a Rain source reads the same in YAML as in JSON.
        "Rain::Module" => "Rain::Module",
        _ => return None,
    })
}

/// How a tag changes a node.
enum TagAction {
    None,
    /// Wrap the node in `{name: node}`; the tag occupies `tag` in the text.
    Wrap {
        name: &'static str,
        tag: Range,
    },
    /// A core-schema tag forcing a scalar type (`!!str`, `!!int`, ...).
    Core(&'static str),
}

/// Open container frame: whether it is wrapped by a tag, its anchor, its start.
struct Frame {
    wrapped: bool,
    anchor: usize,
    last_end: u32,
    flow: bool,
}

/// Parses the first YAML document of `text`.
///
/// saphyr-parser follows YAML 1.2 strictly and rejects continuation lines of flow
/// collections and multi-line quoted strings that are indented less than their parent
/// key. PyYAML, and so CloudFormation and cfn-lint, accept them, and real templates rely
/// on it. On such an error the offending line is indented further in a copy of the text
/// (whitespace there is insignificant: flow syntax ignores it and quoted strings fold it)
/// and parsing is retried; the tree's ranges are mapped back to the original text.
pub fn parse(text: &str) -> Result<Parsed<'_>, YamlError> {
    match parse_strict(text) {
        Err(e) if is_indentation_error(&e) => repair_indentation(text, e),
        other => other,
    }
}

fn is_indentation_error(e: &YamlError) -> bool {
    e.message.starts_with("invalid indentation")
}

/// Retries with under-indented lines pushed right; gives up after a bounded amount of work.
fn repair_indentation(text: &str, first: YamlError) -> Result<Parsed<'static>, YamlError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut extra = vec![0u32; lines.len()];
    let mut err = first;
    let budget = 64usize;
    for _ in 0..budget {
        let patched: String = build_patched(&lines, &extra);
        let line = line_of(&patched, err.offset);
        let indent_of = |l: usize| lines.get(l).map_or(0, |l| l.len() - l.trim_start_matches(' ').len()) as u32;
        if err.message.ends_with("in quoted scalar") {
            // The error points at the opening quote: indent every continuation line of the
            // string to the quote's column.
            let line_start = patched.get(..err.offset as usize).and_then(|p| p.rfind('\n')).map_or(0, |i| i + 1);
            let column = err.offset.saturating_sub(line_start as u32);
            let last = quoted_end_line(&patched, err.offset as usize).unwrap_or(line);
            for l in line + 1..=last {
                let own = indent_of(l) + extra.get(l).copied().unwrap_or(0);
                if let Some(slot) = extra.get_mut(l) {
                    *slot += column.saturating_sub(own) + 1;
                }
            }
        } else {
            // Align with the previous non-blank line, one more space each round.
            let prev_indent = lines
                .get(..line)
                .and_then(|ls| ls.iter().rev().find(|l| !l.trim().is_empty()))
                .map_or(0, |l| l.len() - l.trim_start_matches(' ').len()) as u32;
            let own = indent_of(line);
            let Some(slot) = extra.get_mut(line) else { break };
            *slot = (*slot + 1).max(prev_indent.saturating_sub(own));
        }
        let patched = build_patched(&lines, &extra);
        match parse_strict(&patched) {
            Ok(p) => {
                let map = OffsetMap::new(&lines, &extra);
                return Ok(Parsed {
                    tree: p.tree.into_owned_mapped(|o| map.original(o)),
                    notes: p
                        .notes
                        .into_iter()
                        .map(|(r, m)| (Range::new(map.original(r.start), map.original(r.end)), m))
                        .collect(),
                });
            }
            Err(e) if is_indentation_error(&e) => err = e,
            Err(e) => {
                let map = OffsetMap::new(&lines, &extra);
                return Err(YamlError { offset: map.original(e.offset), message: e.message });
            }
        }
    }
    let map = OffsetMap::new(&lines, &extra);
    Err(YamlError { offset: map.original(err.offset), message: err.message })
}

fn build_patched(lines: &[&str], extra: &[u32]) -> String {
    let total: usize = lines.iter().map(|l| l.len()).sum::<usize>() + extra.iter().map(|&e| e as usize).sum::<usize>();
    let mut out = String::with_capacity(total);
    for (l, &e) in lines.iter().zip(extra) {
        out.extend(std::iter::repeat_n(' ', e as usize));
        out.push_str(l);
    }
    out
}

/// The line on which the quoted string opening at `start` closes.
fn quoted_end_line(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(start)?;
    let mut i = start + 1;
    let mut line = line_of(text, start as u32);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => line += 1,
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Some(line),
            _ => {}
        }
        i += 1;
    }
    None
}

fn line_of(text: &str, offset: u32) -> usize {
    text.as_bytes().iter().take(offset as usize).filter(|&&b| b == b'\n').count()
}

/// Maps offsets in the patched text back to the original.
struct OffsetMap {
    patched_starts: Vec<u32>,
    original_starts: Vec<u32>,
    extra: Vec<u32>,
}

impl OffsetMap {
    fn new(lines: &[&str], extra: &[u32]) -> OffsetMap {
        let (mut p, mut o) = (0u32, 0u32);
        let mut patched_starts = Vec::with_capacity(lines.len());
        let mut original_starts = Vec::with_capacity(lines.len());
        for (l, &e) in lines.iter().zip(extra) {
            patched_starts.push(p);
            original_starts.push(o);
            p += e + l.len() as u32;
            o += l.len() as u32;
        }
        OffsetMap { patched_starts, original_starts, extra: extra.to_vec() }
    }

    fn original(&self, patched: u32) -> u32 {
        let line = match self.patched_starts.binary_search(&patched) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let ps = self.patched_starts.get(line).copied().unwrap_or(0);
        let os = self.original_starts.get(line).copied().unwrap_or(0);
        let e = self.extra.get(line).copied().unwrap_or(0);
        os + (patched - ps).saturating_sub(e)
    }
}

fn parse_strict(text: &str) -> Result<Parsed<'_>, YamlError> {
    let mut conv = CharToByte { text, ascii: text.is_ascii(), char_idx: 0, byte_idx: 0 };
    let mut parser = Parser::new_from_str(text);
    let mut b = TreeBuilder::new(usize::MAX);
    let mut anchors: Vec<(usize, NodeId)> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut notes = Vec::new();
    let mut documents = 0usize;
    let err = |offset: u32, message: String| YamlError { offset, message };
    let build_err = |e: BuildError| match e {
        BuildError::TooDeep { offset } => {
            err(offset, format!("nesting is deeper than {} levels", crate::syntax::tree::MAX_DEPTH))
        }
        BuildError::TooManyNodes { offset, limit } => err(offset, format!("more than {limit} values in one file")),
        BuildError::AliasBudget { offset, limit } => err(
            offset,
            format!("YAML aliases expand to more than {limit} values; refusing to expand further (an alias bomb?)"),
        ),
    };

    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let offset = conv.byte(e.marker().index());
                let message = if e.info() == "recursion limit exceeded" {
                    "nesting is too deep for the YAML parser (recursion limit exceeded)".to_string()
                } else {
                    e.info().to_string()
                };
                return Err(err(offset, message));
            }
        };
        let start = conv.byte(span.start.index());
        let end = conv.byte(span.end.index());
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    notes.push((
                        Range::new(start, start),
                        "the file holds more than one YAML document; only the first is read".to_string(),
                    ));
                    break;
                }
            }
            Event::DocumentEnd => {}
            Event::Alias(id) => {
                let Some(&(_, node)) = anchors.iter().rev().find(|(a, _)| *a == id) else {
                    return Err(err(start, "alias to an unknown anchor".to_string()));
                };
                if b.expects_key() {
                    let key = match &b.tree().node(node).kind {
                        Kind::Str(s) | Kind::Number(s) => s.clone(),
                        _ => return Err(err(start, "an alias used as a mapping key must name a scalar".to_string())),
                    };
                    b.key(key, Range::new(start, end));
                } else {
                    b.attach_alias(node, start, ALIAS_NODE_BUDGET).map_err(build_err)?;
                    note_child_end(&mut frames, end);
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let (tag_range, value_start) = node_props(text, start, end);
                let action = tag_action(tag_range, tag.as_deref());
                let value = borrow_from_text(text, value, style, value_start, trim_end(text, value_start, end));
                if b.expects_key() {
                    b.key(value, Range::new(value_start, trim_end(text, value_start, end)));
                    continue;
                }
                let wrap = match action {
                    TagAction::Wrap { name, tag } => Some((name, tag)),
                    _ => None,
                };
                let value_end = trim_end(text, value_start, end);
                let kind = scalar_kind(value, style, &action);
                if let Some((name, tag)) = wrap {
                    b.begin_map(tag.start).map_err(build_err)?;
                    b.key(Cow::Borrowed(name), tag);
                    let id = b.scalar(kind, Range::new(value_start, value_end)).map_err(build_err)?;
                    record_anchor(&mut anchors, anchor, id);
                    b.end(value_end).map_err(build_err)?;
                } else {
                    let id = b.scalar(kind, Range::new(value_start, value_end)).map_err(build_err)?;
                    record_anchor(&mut anchors, anchor, id);
                }
                note_child_end(&mut frames, value_end);
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let is_seq = matches!(event, Event::SequenceStart(..));
                if b.expects_key() {
                    return Err(err(
                        start,
                        "complex mapping keys (a list or mapping used as a key) are not supported".to_string(),
                    ));
                }
                let (tag_range, inner_start) = node_props(text, start, u32::MAX);
                let action = tag_action(tag_range, tag.as_deref());
                let wrapped = if let TagAction::Wrap { name, tag } = action {
                    b.begin_map(tag.start).map_err(build_err)?;
                    b.key(Cow::Borrowed(name), tag);
                    true
                } else {
                    false
                };
                let flow = matches!(text.as_bytes().get(inner_start as usize), Some(b'[' | b'{'));
                if is_seq {
                    b.begin_seq(inner_start).map_err(build_err)?;
                } else {
                    b.begin_map(inner_start).map_err(build_err)?;
                }
                frames.push(Frame { wrapped, anchor, last_end: inner_start, flow });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = frames.pop() else { continue };
                let close = if frame.flow { end.max(frame.last_end) } else { frame.last_end };
                let id = b.end(close).map_err(build_err)?;
                if let Some(id) = id {
                    record_anchor(&mut anchors, frame.anchor, id);
                }
                if frame.wrapped {
                    b.end(close).map_err(build_err)?;
                }
                note_child_end(&mut frames, close);
            }
        }
    }
    Ok(Parsed { tree: b.finish(), notes })
}

/// The parser hands out owned strings for most scalars; where the scalar is written
/// verbatim in the text (no escapes, no folding), borrow it instead, so a large document
/// keeps one copy of its text rather than two.
fn borrow_from_text<'a>(text: &'a str, value: Cow<'a, str>, style: ScalarStyle, start: u32, end: u32) -> Cow<'a, str> {
    if let Cow::Borrowed(_) = value {
        return value;
    }
    let inner = match style {
        ScalarStyle::Plain => (start, end),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if end >= start + 2 => (start + 1, end - 1),
        _ => return value,
    };
    match text.get(inner.0 as usize..inner.1 as usize) {
        Some(slice) if slice == value.as_ref() => Cow::Borrowed(slice),
        _ => value,
    }
}

fn record_anchor(anchors: &mut Vec<(usize, NodeId)>, anchor: usize, id: NodeId) {
    if anchor > 0 {
        anchors.push((anchor, id));
    }
}

fn note_child_end(frames: &mut [Frame], end: u32) {
    if let Some(f) = frames.last_mut() {
        f.last_end = f.last_end.max(end);
    }
}

fn skip_ws(text: &str, mut pos: u32, limit: u32) -> u32 {
    let bytes = text.as_bytes();
    while pos < limit {
        match bytes.get(pos as usize) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => pos += 1,
            _ => break,
        }
    }
    pos
}

/// Trims trailing whitespace (block scalars include the blank lines after them).
fn trim_end(text: &str, start: u32, mut end: u32) -> u32 {
    let bytes = text.as_bytes();
    while end > start {
        match bytes.get(end as usize - 1) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => end -= 1,
            _ => break,
        }
    }
    end
}

/// Skips the node properties written before a node (`!tag`, `&anchor`, in either order)
/// and returns the tag's range, if written, and where the node itself starts.
fn node_props(text: &str, start: u32, limit: u32) -> (Option<Range>, u32) {
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut tag = None;
    for _ in 0..2 {
        match bytes.get(pos as usize) {
            Some(&c @ (b'!' | b'&')) => {
                let mut end = pos + 1;
                while end < limit {
                    match bytes.get(end as usize) {
                        None | Some(b' ' | b'\t' | b'\n' | b'\r') => break,
                        // a flow collection may follow a tag without a space: `!GetAtt[a, b]`
                        Some(b'[' | b'{') if c == b'!' => break,
                        Some(_) => end += 1,
                    }
                }
                if c == b'!' {
                    tag = Some(Range::new(pos, end));
                }
                pos = skip_ws(text, end, limit);
            }
            _ => break,
        }
    }
    (tag, pos)
}

fn tag_action(tag_range: Option<Range>, tag: Option<&Tag>) -> TagAction {
    let Some(tag) = tag else { return TagAction::None };
    if tag.handle == "!" {
        if let Some(name) = cfn_tag(&tag.suffix) {
            let range = tag_range.unwrap_or_default();
            return TagAction::Wrap { name, tag: range };
        }
        return TagAction::None;
    }
    if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
        return match tag.suffix.as_str() {
            "str" => TagAction::Core("str"),
            "int" | "float" => TagAction::Core("number"),
            "bool" => TagAction::Core("bool"),
            "null" => TagAction::Core("null"),
            _ => TagAction::None,
        };
    }
    TagAction::None
}

/// Resolves a scalar's type: quoted scalars are strings; plain ones follow the YAML 1.2
/// core schema (null, booleans, numbers), everything else is a string.
fn scalar_kind<'a>(value: Cow<'a, str>, style: ScalarStyle, action: &TagAction) -> Kind<'a> {
    if let TagAction::Core(core) = action {
        return match *core {
            "str" => Kind::Str(value),
            "number" => Kind::Number(value),
            "bool" => Kind::Bool(matches!(value.as_ref(), "true" | "True" | "TRUE")),
            _ => Kind::Null,
        };
    }
    if style != ScalarStyle::Plain {
        return Kind::Str(value);
    }
    match value.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => Kind::Null,
        "true" | "True" | "TRUE" => Kind::Bool(true),
        "false" | "False" | "FALSE" => Kind::Bool(false),
        s if is_core_number(s) => Kind::Number(value),
        _ => Kind::Str(value),
    }
}

/// YAML 1.2 core schema integers and floats.
fn is_core_number(s: &str) -> bool {
    let b = s.as_bytes();
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    if matches!(s, ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | "+.Inf" | "-.Inf" | ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let mut digits = 0;
    while matches!(b.get(i), Some(b'0'..=b'9')) {
        i += 1;
        digits += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_start = i;
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::text_of;

    #[test]
    fn short_form_tags_become_long_form_with_spans() {
        let src = "A:\n  B: !Ref Cidr\n  C: !GetAtt [X, Y]\n  D: !If\n    - c\n    - 1\n    - !Ref AWS::NoValue\n";
        let p = parse(src).unwrap();
        let t = &p.tree;
        let a = t.get(t.root().unwrap(), "A").unwrap();
        let b = t.get(a, "B").unwrap();
        let r = t.entry(b, "Ref").unwrap();
        assert_eq!(text_of(src, r.key_range), "!Ref");
        assert_eq!(t.str(r.value), Some("Cidr"));
        assert_eq!(text_of(src, t.node(r.value).range), "Cidr");
        let c = t.get(a, "C").unwrap();
        let g = t.get(c, "Fn::GetAtt").unwrap();
        assert_eq!(text_of(src, t.node(g).range), "[X, Y]");
        let d = t.get(a, "D").unwrap();
        let items = t.items(t.get(d, "Fn::If").unwrap()).unwrap();
        assert_eq!(items.len(), 3);
        assert!(matches!(t.node(items[1]).kind, Kind::Number(_)));
        assert!(t.get(items[2], "Ref").is_some());
    }

    #[test]
    fn multibyte_offsets_are_bytes() {
        let src = "é: 'ü'\nk: v\n";
        let p = parse(src).unwrap();
        let t = &p.tree;
        let e = t.entry(t.root().unwrap(), "k").unwrap();
        assert_eq!(text_of(src, e.key_range), "k");
        assert_eq!(text_of(src, t.node(e.value).range), "v");
        let e = t.entry(t.root().unwrap(), "é").unwrap();
        assert_eq!(text_of(src, t.node(e.value).range), "'ü'");
    }

    #[test]
    fn block_mapping_range_ends_at_last_value() {
        let src = "A:\n  x: 1\n  y: two\n\n# trailing\nB: 3\n";
        let p = parse(src).unwrap();
        let t = &p.tree;
        let a = t.get(t.root().unwrap(), "A").unwrap();
        assert_eq!(text_of(src, t.node(a).range), "x: 1\n  y: two");
    }

    #[test]
    fn scalars_resolve_like_the_core_schema() {
        let src = "[1, -2.5, 1e3, 'x', true, null, ~, 10.0.0.0/16, 0x1F, yes]";
        let p = parse(src).unwrap();
        let t = &p.tree;
        let kinds: Vec<&str> = t.items(t.root().unwrap()).unwrap().iter().map(|&i| t.kind_name(i)).collect();
        assert_eq!(
            kinds,
            [
                "a number",
                "a number",
                "a number",
                "a string",
                "a boolean",
                "null",
                "null",
                "a string",
                "a number",
                "a string"
            ]
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            src.push_str(&format!(
                "{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = n;
        }
        let e = parse(&src).err().expect("alias bomb must be refused");
        assert!(e.message.contains("alias bomb"), "{e:?}");
    }

    #[test]
    fn aliases_share_nodes() {
        let src = "a: &x {k: v}\nb: *x\n";
        let p = parse(src).unwrap();
        let t = &p.tree;
        let root = t.root().unwrap();
        assert_eq!(t.get(root, "a"), t.get(root, "b"));
    }

    #[test]
    fn syntax_errors_have_byte_offsets() {
        let src = "é: [1, 2\n";
        let e = parse(src).err().unwrap();
        assert!(e.offset as usize <= src.len());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = "[".repeat(5000);
        let e = parse(&src).err().unwrap();
        assert!(e.message.contains("deep"), "{e:?}");
        let block: String = (0..400).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        let e = parse(&block).err().unwrap();
        assert!(e.message.contains("deep"), "{e:?}");
    }
}

#[cfg(test)]
mod repair_tests {
    use super::*;
    use crate::syntax::text_of;

    #[test]
    fn lenient_flow_indentation_is_accepted_with_original_offsets() {
        let src = "Resources:\n  Key:\n    Properties:\n      KeyPolicy: {\n        \"Version\": \"2012-10-17\",\n        \"S\": [\n          {\n            \"Sid\": \"x\"\n          }\n        ]\n      }\n  Next:\n    Type: x\n";
        assert!(parse_strict(src).is_err());
        let p = parse(src).unwrap();
        let t = &p.tree;
        let res = t.get(t.root().unwrap(), "Resources").unwrap();
        let next = t.entry(res, "Next").unwrap();
        assert_eq!(text_of(src, next.key_range), "Next");
        let key = t.get(t.get(t.get(res, "Key").unwrap(), "Properties").unwrap(), "KeyPolicy").unwrap();
        let v = t.get(key, "Version").unwrap();
        assert_eq!(text_of(src, t.node(v).range), "\"2012-10-17\"");
        assert_eq!(t.str(v), Some("2012-10-17"));
    }

    #[test]
    fn lenient_quoted_scalar_indentation() {
        let src = "A:\n  B:\n    C: \"one\ntwo\"\n  D: x\n";
        let p = parse(src).unwrap();
        let t = &p.tree;
        let b = t.get(t.get(t.root().unwrap(), "A").unwrap(), "B").unwrap();
        assert_eq!(t.str(t.get(b, "C").unwrap()), Some("one two"));
    }
}
