//! A small JSON parser that keeps byte spans for every key and value.
//!
//! serde_json reports positions only in errors, and the findings need the exact span of the
//! value at fault, so JSON (CloudFormation templates and Terraform plans alike) goes through
//! this parser into the same [`Tree`] the YAML loader builds. It is iterative (an explicit
//! stack in [`TreeBuilder`]) and refuses nesting deeper than [`crate::syntax::tree::MAX_DEPTH`].

use std::borrow::Cow;

use super::builder::{BuildError, TreeBuilder};
use crate::syntax::tree::{Kind, Range, Tree};

/// A JSON syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: u32,
    pub message: String,
}

impl From<BuildError> for JsonError {
    fn from(e: BuildError) -> Self {
        match e {
            BuildError::TooDeep { offset } => JsonError {
                offset,
                message: format!("nesting is deeper than {} levels", crate::syntax::tree::MAX_DEPTH),
            },
            BuildError::TooManyNodes { offset, limit } => {
                JsonError { offset, message: format!("more than {limit} values in one file") }
            }
            BuildError::AliasBudget { offset, .. } => {
                JsonError { offset, message: "alias budget exceeded".to_string() }
            }
        }
    }
}

/// Parses `text` (which may start with a UTF-8 byte order mark) into a tree.
pub fn parse(text: &str) -> Result<Tree<'_>, JsonError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, builder: TreeBuilder::new(usize::MAX) };
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.document()?;
    Ok(p.builder.finish())
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    builder: TreeBuilder<'a>,
}

impl<'a> Parser<'a> {
    fn err<T>(&self, message: impl Into<String>) -> Result<T, JsonError> {
        Err(JsonError { offset: self.pos as u32, message: message.into() })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn describe_here(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => "end of file".to_string(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    /// The whole document: one value, then only whitespace.
    fn document(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        if self.peek().is_none() {
            return self.err("empty document: expected a JSON value");
        }
        // Iterative value parsing: `self.builder` holds the open containers.
        loop {
            self.skip_ws();
            if self.builder.expects_key() {
                match self.peek() {
                    Some(b'"') => {
                        let start = self.pos;
                        let key = self.string()?;
                        let range = Range::new(start as u32, self.pos as u32);
                        self.skip_ws();
                        if self.peek() != Some(b':') {
                            return self
                                .err(format!("expected `:` after an object key, found {}", self.describe_here()));
                        }
                        self.pos += 1;
                        self.builder.key(key, range);
                        continue;
                    }
                    Some(b'}') => {
                        // only valid right after `{`; `,}` is caught in after_value
                        self.pos += 1;
                        self.builder.end(self.pos as u32)?;
                        if self.after_value()? {
                            return Ok(());
                        }
                        continue;
                    }
                    _ => return self.err(format!("expected a string key or `}}`, found {}", self.describe_here())),
                }
            }
            let start = self.pos;
            match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.builder.begin_map(start as u32)?;
                    continue;
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.builder.begin_seq(start as u32)?;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.builder.end(self.pos as u32)?;
                        if self.after_value()? {
                            return Ok(());
                        }
                    }
                    continue;
                }
                Some(b'"') => {
                    let s = self.string()?;
                    self.builder.scalar(Kind::Str(s), Range::new(start as u32, self.pos as u32))?;
                }
                Some(b't') => self.literal("true", Kind::Bool(true))?,
                Some(b'f') => self.literal("false", Kind::Bool(false))?,
                Some(b'n') => self.literal("null", Kind::Null)?,
                Some(b'-' | b'0'..=b'9') => {
                    let n = self.number()?;
                    self.builder.scalar(Kind::Number(Cow::Borrowed(n)), Range::new(start as u32, self.pos as u32))?;
                }
                _ => return self.err(format!("expected a JSON value, found {}", self.describe_here())),
            }
            if self.after_value()? {
                return Ok(());
            }
        }
    }

    /// After a complete value: consume `,` or closing brackets. Returns true when the
    /// document is complete.
    fn after_value(&mut self) -> Result<bool, JsonError> {
        loop {
            self.skip_ws();
            if self.builder.depth() == 0 {
                if self.peek().is_some() {
                    return self.err(format!("unexpected {} after the end of the JSON document", self.describe_here()));
                }
                return Ok(true);
            }
            let in_map = self.builder.expects_key();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if matches!(self.peek(), Some(b'}' | b']')) {
                        return self.err("trailing comma");
                    }
                    return Ok(false);
                }
                Some(b'}') if in_map => {
                    self.pos += 1;
                    self.builder.end(self.pos as u32)?;
                }
                Some(b']') if !in_map => {
                    self.pos += 1;
                    self.builder.end(self.pos as u32)?;
                }
                None => return self.err("unexpected end of file: the document is truncated"),
                _ => {
                    let want = if in_map { "`,` or `}`" } else { "`,` or `]`" };
                    return self.err(format!("expected {want}, found {}", self.describe_here()));
                }
            }
        }
    }

    fn literal(&mut self, word: &str, kind: Kind<'a>) -> Result<(), JsonError> {
        let start = self.pos;
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            self.builder.scalar(kind, Range::new(start as u32, self.pos as u32))?;
            Ok(())
        } else {
            self.err(format!("expected a JSON value, found {}", self.describe_here()))
        }
    }

    fn number(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = self.peek() {
                    self.pos += 1;
                }
            }
            _ => return self.err("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.err("invalid number: expected a digit after `.`");
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.err("invalid number: expected a digit in the exponent");
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
        }
        Ok(self.text.get(start..self.pos).unwrap_or(""))
    }

    /// A string starting at `"`; borrowed when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        // Borrowed from the text until the first escape; from there, decoded into `out`.
        let mut out: Option<String> = None;
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return self.err("unterminated string");
                }
                Some(b'"') => {
                    let s = match out {
                        Some(out) => Cow::Owned(out),
                        None => Cow::Borrowed(self.text.get(start..self.pos).unwrap_or("")),
                    };
                    self.pos += 1;
                    return Ok(s);
                }
                Some(b'\\') => {
                    let text = self.text;
                    let out = out.get_or_insert_with(|| String::from(text.get(start..self.pos).unwrap_or("")));
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return self.err(format!("invalid escape `\\{}`", self.describe_here().trim_matches('`'))),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(b) if b < 0x20 => return self.err("control character in a string: escape it"),
                Some(_) => match &mut out {
                    None => self.pos += 1,
                    Some(out) => {
                        // copy one UTF-8 character
                        let rest = self.text.get(self.pos..).unwrap_or("");
                        match rest.chars().next() {
                            Some(c) => {
                                out.push(c);
                                self.pos += c.len_utf8();
                            }
                            None => self.pos += 1,
                        }
                    }
                },
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.pos..self.pos + 4).and_then(|d| std::str::from_utf8(d).ok());
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(v) if digits.is_some_and(|d| d.bytes().all(|b| b.is_ascii_hexdigit())) => {
                self.pos += 4;
                Ok(v)
            }
            _ => self.err("invalid `\\u` escape: expected four hex digits"),
        }
    }

    /// After `\u`: one escape, or a surrogate pair. Lone surrogates become U+FFFD.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                let save = self.pos;
                self.pos += 2;
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
                }
                self.pos = save;
            }
            return Ok('\u{fffd}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{fffd}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::text_of;
    use crate::syntax::tree::Kind;

    #[test]
    fn spans_of_keys_and_values() {
        let src = r#"{"a": [1, "x\"y", true], "b": {"c": null}}"#;
        let t = parse(src).unwrap();
        let root = t.root().unwrap();
        let a = t.entry(root, "a").unwrap();
        assert_eq!(text_of(src, a.key_range), r#""a""#);
        assert_eq!(text_of(src, t.node(a.value).range), r#"[1, "x\"y", true]"#);
        let items = t.items(a.value).unwrap();
        assert_eq!(t.str(items[1]), Some("x\"y"));
        let c = t.get(t.get(root, "b").unwrap(), "c").unwrap();
        assert!(matches!(t.node(c).kind, Kind::Null));
        assert_eq!(text_of(src, t.node(c).range), "null");
    }

    #[test]
    fn errors_have_positions() {
        let e = parse(r#"{"a": 1,}"#).unwrap_err();
        assert_eq!(e.message, "trailing comma");
        let e = parse(r#"{"a": 1"#).unwrap_err();
        assert!(e.message.contains("truncated"), "{e:?}");
        let e = parse("[1] x").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(parse("").is_err());
        assert!(parse("{\"a\" 1}").is_err());
        assert!(parse("[01]").is_err());
        assert!(parse("\"\\ud800\"").is_ok());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("deeper"), "{e:?}");
    }

    #[test]
    fn duplicate_keys_are_recorded() {
        let t = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        assert_eq!(t.duplicate_keys.len(), 1);
        assert_eq!(t.duplicate_keys[0].key, "a");
        let root = t.root().unwrap();
        assert!(matches!(&t.node(t.get(root, "a").unwrap()).kind, Kind::Number(n) if n == "3"));
    }

    #[test]
    fn escapes_and_unicode() {
        let t = parse(r#"["\u00e9\ud83d\ude00\n", "é"]"#).unwrap();
        let items = t.items(t.root().unwrap()).unwrap();
        assert_eq!(t.str(items[0]), Some("é😀\n"));
        assert_eq!(t.str(items[1]), Some("é"));
    }
}
