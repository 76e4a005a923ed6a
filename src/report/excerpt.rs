//! Snippet text for the pretty reporter: the lines around a finding's spans, with long lines
//! cut to a window around the spans and control characters escaped.
//!
//! `terraform show -json` writes a whole plan on one line, and a finding in it may sit a
//! million characters in. Handing such a line to miette prints the whole line (unreadable)
//! and, past column 65,535, makes its padding arguments overflow (a panic). An [`Excerpt`]
//! holds only the few lines a snippet shows, each cut to at most `max_line` characters around
//! the spans on it (`…` marks a cut), and maps the spans into that text; miette renders it,
//! while the header keeps the real line and column. Text from the input is escaped on the
//! way in, so a template cannot send terminal control sequences to the reviewer's terminal.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{LineIndex, floor_char_boundary};

/// What an [`Excerpt`] is cut from, in the original text's byte offsets and 0-based lines:
/// a whole text with its line index ([`Whole`]), or only the lines of it that its findings'
/// snippets show ([`super::snippets::Snippets`]).
pub trait Source {
    /// The whole text's length in bytes.
    fn text_len(&self) -> usize;
    /// The whole text's number of lines ([`LineIndex::line_count`]).
    fn line_count(&self) -> usize;
    /// Whether the whole text ends with a line break.
    fn ends_with_newline(&self) -> bool;
    /// The largest char boundary that is `<= offset` (`offset <= text_len`).
    fn floor_char_boundary(&self, offset: usize) -> usize;
    /// The 0-based line holding byte `offset` ([`LineIndex::line_of`]).
    fn line_of(&self, offset: usize) -> usize;
    /// The byte offset where 0-based `line` starts; the text's length past the last line.
    fn line_start(&self, line: usize) -> usize;
    /// The text of the byte range `start..end`.
    fn get(&self, start: usize, end: usize) -> Option<&str>;
}

/// A whole text with its line index.
pub struct Whole<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl Source for Whole<'_> {
    fn text_len(&self) -> usize {
        self.text.len()
    }
    fn line_count(&self) -> usize {
        self.lines.line_count()
    }
    fn ends_with_newline(&self) -> bool {
        self.text.ends_with('\n')
    }
    fn floor_char_boundary(&self, offset: usize) -> usize {
        floor_char_boundary(self.text, offset)
    }
    fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset as u32)
    }
    fn line_start(&self, line: usize) -> usize {
        self.lines.line_start(line, self.text.len())
    }
    fn get(&self, start: usize, end: usize) -> Option<&str> {
        self.text.get(start..end)
    }
}

/// The lines a snippet of the span `start..end` shows (clamped as [`Excerpt::cut`] clamps
/// it): its first lines (at most [`MAX_SPAN_LINES`]) with [`CONTEXT`] lines around them,
/// never the empty line after a final line break. `(first, last)`, 0-based and inclusive.
pub fn lines_shown(src: &(impl Source + ?Sized), start: usize, end: usize) -> (usize, usize) {
    let (s, e) = clamp_span(src, start, end);
    let first = src.line_of(s);
    let last = src.line_of(e.saturating_sub(1).max(s)).min(first + MAX_SPAN_LINES - 1);
    (first.saturating_sub(CONTEXT), (last + CONTEXT).min(last_line(src)))
}

/// The last line that has text: a final line break does not start a line to show.
fn last_line(src: &(impl Source + ?Sized)) -> usize {
    let last = src.line_count().saturating_sub(1);
    if last > 0 && src.ends_with_newline() { last - 1 } else { last }
}

/// A span clamped to the text and to character boundaries.
fn clamp_span(src: &(impl Source + ?Sized), start: usize, end: usize) -> (usize, usize) {
    let clamp = |o: usize| src.floor_char_boundary(o.min(src.text_len()));
    let s = clamp(start);
    (s, clamp(end).max(s))
}

/// Lines of context shown above and below each span.
pub const CONTEXT: usize = 1;
/// A span over more lines than this is shown by its first lines only.
pub const MAX_SPAN_LINES: usize = 16;
/// The marker of a cut in a long line.
const CUT: char = '…';

/// Whether a character from the input must not reach a terminal as it is: C0 and C1
/// controls (ESC starts every escape sequence; tab is safe and kept) and the invisible
/// formatting characters that reorder or hide text (bidirectional overrides and isolates,
/// zero-width characters, the byte order mark).
pub fn needs_escape(c: char) -> bool {
    // Printable ASCII first: nearly every character of a template.
    if (' '..'\u{7f}').contains(&c) {
        return false;
    }
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn push_escaped(c: char, out: &mut String) {
    if needs_escape(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// `s` with every character of [`needs_escape`] written as `\u{..}`, line breaks included.
pub fn escape(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(c, &mut out);
    }
    out
}

/// [`escape`], keeping line breaks (for multi-line messages and help).
pub fn escape_keep_newlines(s: &str) -> String {
    s.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// One contiguous run of original lines, as shown.
#[derive(Debug)]
struct Block {
    /// Byte range in the excerpt's text (including the last line's `\n`).
    start: usize,
    end: usize,
    /// 0-based line number of the first line in the original file.
    first_line: usize,
    line_count: usize,
}

/// The snippet text of one finding in one file.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    blocks: Vec<Block>,
    /// For each span given to [`Excerpt::build`]: its range in `text`, and the 0-based line
    /// and column (in characters) of its start in the original file.
    spans: Vec<(usize, usize, usize, usize)>,
}

impl Excerpt {
    /// Cuts the excerpt of `spans` (byte ranges in `text`) out of `text`. Every line shown
    /// holds at most about `max_line` characters of the original. Spans out of bounds are
    /// clamped to the text.
    pub fn build(name: &str, text: &str, lines: &LineIndex, spans: &[(usize, usize)], max_line: usize) -> Excerpt {
        Excerpt::cut(name, &Whole { text, lines }, spans, max_line)
    }

    /// [`Excerpt::build`] from a [`Source`], which must hold the lines [`lines_shown`]
    /// names for each span.
    pub fn cut(name: &str, src: &(impl Source + ?Sized), spans: &[(usize, usize)], max_line: usize) -> Excerpt {
        let max_line = max_line.max(16);
        // The lines each span needs, merged into blocks of contiguous lines.
        let mut ranges: Vec<(usize, usize)> = spans.iter().map(|&(s, e)| lines_shown(src, s, e)).collect();
        let spans: Vec<(usize, usize)> = spans.iter().map(|&(s, e)| clamp_span(src, s, e)).collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1 + 1 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }

        let mut out = String::new();
        let mut blocks = Vec::with_capacity(merged.len());
        // (original offset, excerpt offset), increasing in both.
        let mut map: Vec<(usize, usize)> = Vec::new();
        for (lo, hi) in merged {
            let start = out.len();
            for line in lo..=hi {
                let ls = src.line_start(line);
                let mut le = src.line_start(line + 1);
                if le > ls && src.get(le - 1, le) == Some("\n") {
                    le -= 1;
                }
                if le > ls && src.get(le - 1, le) == Some("\r") {
                    le -= 1;
                }
                let text = src.get(ls, le).unwrap_or("");
                let segs = segments(text, ls, &spans, max_line);
                for (k, &(a, b)) in segs.iter().enumerate() {
                    // One mark at each cut: before the first window, between windows, after
                    // the last.
                    if k > 0 || a > ls {
                        out.push(CUT);
                    }
                    let slice = text.get(a - ls..b - ls).unwrap_or("");
                    for (i, c) in slice.char_indices() {
                        map.push((a + i, out.len()));
                        push_escaped(c, &mut out);
                    }
                    map.push((b, out.len()));
                    if k + 1 == segs.len() && b < le {
                        out.push(CUT);
                    }
                }
                // The line break itself: a span that covers it ends after it.
                if line < hi {
                    out.push('\n');
                    map.push((src.line_start(line + 1), out.len()));
                } else {
                    out.push('\n');
                }
            }
            blocks.push(Block { start, end: out.len(), first_line: lo, line_count: hi - lo + 1 });
        }

        let map_start = |x: usize| {
            let i = map.partition_point(|&(o, _)| o < x);
            map.get(i).map_or(out.len(), |&(_, v)| v)
        };
        let map_end = |x: usize| {
            let i = map.partition_point(|&(o, _)| o <= x);
            i.checked_sub(1).and_then(|i| map.get(i)).map_or(0, |&(_, v)| v)
        };
        let spans = spans
            .iter()
            .map(|&(s, e)| {
                let vs = map_start(s);
                let ve = map_end(e).max(vs);
                let line = src.line_of(s);
                let ls = src.line_start(line);
                let column = src.get(ls, s).map_or(0, |t| t.chars().count());
                (vs, ve, line, column)
            })
            .collect();
        Excerpt { name: escape(name), text: out, blocks, spans }
    }

    /// The range in the excerpt's text of the `i`th span given to [`Excerpt::build`].
    pub fn span(&self, i: usize) -> Option<(usize, usize)> {
        self.spans.get(i).map(|&(s, e, _, _)| (s, e - s))
    }

    /// The excerpt's text (for tests).
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The columns a character of the input takes once shown: its escape when it has one, four
/// for a tab (miette's tab width), else its display width (two for wide characters).
fn columns(c: char) -> usize {
    if needs_escape(c) {
        // `\u{` + hex digits + `}`
        4 + format!("{:x}", c as u32).len()
    } else if c == '\t' {
        4
    } else {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)
    }
}

/// The end of the longest run of `text` from `from` (at most to `limit`) that fits `width`
/// columns.
fn forward(text: &str, from: usize, limit: usize, width: usize) -> usize {
    let mut used = 0;
    for (i, c) in text.get(from..limit).unwrap_or("").char_indices() {
        used += columns(c);
        if used > width {
            return from + i;
        }
    }
    limit
}

/// The start of the longest run of `text` ending at `to` (at least from `limit`) that fits
/// `width` columns.
fn backward(text: &str, to: usize, limit: usize, width: usize) -> usize {
    let mut used = 0;
    let mut start = to;
    for (i, c) in text.get(limit..to).unwrap_or("").char_indices().rev() {
        used += columns(c);
        if used > width {
            return start;
        }
        start = limit + i;
    }
    limit
}

/// The byte ranges of the line `text`, which starts at byte `ls` of the original, to show
/// (in the original's offsets): the whole line when it fits, else windows around the spans
/// on it (merged where they meet), else its beginning. The line's columns are shared by its
/// windows; each `…` mark takes one.
fn segments(text: &str, ls: usize, spans: &[(usize, usize)], max_line: usize) -> Vec<(usize, usize)> {
    let le = text.len();
    if le <= max_line && forward(text, 0, le, max_line) == le {
        return vec![(ls, ls + le)];
    }
    // (span start, span end, whether it is the primary: the first span given), in the
    // line's offsets.
    let on_line: Vec<(usize, usize, bool)> = spans
        .iter()
        .enumerate()
        .filter(|&(_, &(s, e))| s <= ls + le && e >= ls)
        .map(|(i, &(s, e))| {
            let a = floor_char_boundary(text, s.max(ls) - ls);
            (a, floor_char_boundary(text, e.min(ls + le) - ls).max(a), i == 0)
        })
        .collect();
    if on_line.is_empty() {
        return vec![(ls, ls + forward(text, 0, le, max_line.saturating_sub(1)))];
    }
    // The primary span is shown whole as far as the line allows; the others by their first
    // columns (their labels point at their starts); what is left is context, shared evenly.
    const MIN_SIDE: usize = 6;
    let n = on_line.len();
    let total = max_line.saturating_sub(2 * n);
    let other_cap = (total / (2 * n)).min(16);
    let others = other_cap * (n - 1);
    let primary_cap = total.saturating_sub(others + 2 * MIN_SIDE * n).max(total / n).min(total.saturating_sub(others));
    let shown: Vec<usize> = on_line
        .iter()
        .map(|&(a, e, primary)| forward(text, a, e, if primary { primary_cap } else { other_cap }))
        .collect();
    let used: usize = on_line
        .iter()
        .zip(&shown)
        .map(|(&(a, _, _), &b)| text.get(a..b).unwrap_or("").chars().map(columns).sum::<usize>())
        .sum();
    let side = total.saturating_sub(used) / (2 * n);
    let mut windows: Vec<(usize, usize)> = on_line
        .iter()
        .zip(&shown)
        .map(|(&(a, _, _), &b)| {
            let left = backward(text, a, 0, side);
            let left_used: usize = text.get(left..a).unwrap_or("").chars().map(columns).sum();
            // Context the left side could not use (the line's start) goes to the right.
            (left, forward(text, b, le, 2 * side - left_used))
        })
        .collect();
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
    for (a, b) in windows {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged.iter().map(|&(a, b)| (ls + a, ls + b)).collect()
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        let block = self.blocks.iter().find(|b| b.start <= start && end <= b.end).ok_or(MietteError::OutOfBounds)?;
        if before == 0 && after == 0 {
            // The span itself, with its position in the original file (the header's line
            // and column).
            let (line, column) = self
                .spans
                .iter()
                .find(|&&(s, _, _, _)| s == start)
                .map_or((block.first_line, 0), |&(_, _, l, c)| (l, c));
            let data = self.text.as_bytes().get(start..end).ok_or(MietteError::OutOfBounds)?;
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                data,
                (start, end - start).into(),
                line,
                column,
                1,
            )));
        }
        let data = self.text.as_bytes().get(block.start..block.end).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            (block.start, block.end - block.start).into(),
            block.first_line,
            0,
            block.line_count,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, spans: &[(usize, usize)], max_line: usize) -> Excerpt {
        Excerpt::build("f", text, &LineIndex::new(text), spans, max_line)
    }

    #[test]
    fn short_lines_are_kept_whole_with_context() {
        let text = "a: 1\nb: 2\nc: 3\nd: 4\n";
        let e = excerpt(text, &[(10, 11)], 80);
        assert_eq!(e.text(), "b: 2\nc: 3\nd: 4\n");
        let (s, len) = e.span(0).unwrap();
        assert_eq!(&e.text()[s..s + len], "c");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_span() {
        let mut text = "x".repeat(100_000);
        text.push_str("TARGET");
        text.push_str(&"y".repeat(100_000));
        let e = excerpt(&text, &[(100_000, 100_006)], 60);
        assert!(e.text().chars().count() < 80, "{}", e.text());
        assert!(e.text().starts_with('…') && e.text().ends_with("…\n"), "{}", e.text());
        let (s, len) = e.span(0).unwrap();
        assert_eq!(&e.text()[s..s + len], "TARGET");
        assert_eq!(e.spans[0].3, 100_000, "the header keeps the real column");
    }

    #[test]
    fn two_spans_far_apart_on_one_line_get_two_windows() {
        let text = format!("{}AAA{}BBB{}", "-".repeat(5000), "-".repeat(5000), "-".repeat(5000));
        let e = excerpt(&text, &[(5000, 5003), (10_003, 10_006)], 40);
        assert_eq!(e.text().matches("AAA").count(), 1);
        assert_eq!(e.text().matches("BBB").count(), 1);
        assert!(e.text().chars().count() < 120);
        for (i, want) in ["AAA", "BBB"].iter().enumerate() {
            let (s, len) = e.span(i).unwrap();
            assert_eq!(&e.text()[s..s + len], *want);
        }
    }

    #[test]
    fn control_characters_are_escaped_and_spans_follow() {
        let text = "name: \u{1b}[2Jevil\u{202e}x\nnext\n";
        let e = excerpt(text, &[(6, 16)], 80);
        assert!(!e.text().contains('\u{1b}') && !e.text().contains('\u{202e}'));
        assert!(e.text().contains("\\u{1b}[2Jevil\\u{202e}"), "{}", e.text());
        let (s, len) = e.span(0).unwrap();
        assert_eq!(&e.text()[s..s + len], "\\u{1b}[2Jevil");
    }

    #[test]
    fn multibyte_text_and_spans_at_the_ends() {
        let text = "é".repeat(3000);
        for span in [(0, 0), (0, 2), (2998, 3002), (5998, 6000), (6000, 6000), (7000, 9000)] {
            let e = excerpt(&text, &[span], 40);
            let (s, len) = e.span(0).unwrap();
            assert!(e.text().get(s..s + len).is_some(), "{span:?}");
        }
    }

    #[test]
    fn far_apart_lines_make_separate_blocks() {
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let at = |n: usize| text.find(&format!("line {n}\n")).unwrap();
        let e = excerpt(&text, &[(at(10), at(10) + 4), (at(80), at(80) + 4)], 80);
        assert_eq!(e.blocks.len(), 2);
        assert_eq!(e.blocks[0].first_line, 9);
        assert_eq!(e.blocks[1].first_line, 79);
    }

    #[test]
    fn escape_leaves_plain_text_alone() {
        assert_eq!(escape("subnet `A` (é)"), "subnet `A` (é)");
        assert_eq!(escape("a\u{7}b\nc"), "a\\u{7}b\\u{a}c");
        assert_eq!(escape_keep_newlines("a\u{9b}b\nc"), "a\\u{9b}b\nc");
    }
}
