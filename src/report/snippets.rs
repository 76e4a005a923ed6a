//! The lines of a file that its findings' snippets show, kept instead of the whole text.
//!
//! The pretty report cuts each finding's snippet ([`super::excerpt::Excerpt`]) from a few
//! lines around its spans. A run keeps the files with findings until it renders them;
//! keeping whole texts made a run's memory grow with the size of those files (on the
//! corpus, 6 MB of text for 0.5 MB of snippet lines, and the page faults of touching it).
//! [`Snippets`] keeps, in the text's own byte offsets and line numbers, the runs of lines
//! [`super::excerpt::lines_shown`] names for the findings' spans, and answers for them as
//! the whole text would.

use super::excerpt::{Source, Whole, lines_shown};
use crate::source::{LineIndex, floor_char_boundary};

/// Lines of a text, by their offsets and numbers in the whole text; see the module
/// documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippets {
    len: usize,
    line_count: usize,
    ends_with_newline: bool,
    /// By first line; no two overlap or touch.
    runs: Vec<Run>,
}

/// Lines `first..=last` of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    first: usize,
    last: usize,
    /// Where each of the lines `first..=last + 1` starts, for those the text has.
    starts: Vec<usize>,
    /// Where the line after `last` starts (the text's length after the last line).
    end: usize,
    /// The text of `starts[0]..end`.
    text: String,
}

impl Run {
    fn start(&self) -> usize {
        self.starts.first().copied().unwrap_or(self.end)
    }
}

impl Snippets {
    /// The lines of `text` (indexed by `lines`) that the snippets of `spans` (byte ranges
    /// of `text`) show.
    pub fn cut(text: &str, lines: &LineIndex, spans: &[(usize, usize)]) -> Snippets {
        let whole = Whole { text, lines };
        let mut ranges: Vec<(usize, usize)> = spans.iter().map(|&(s, e)| lines_shown(&whole, s, e)).collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1 + 1 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        let line_count = lines.line_count();
        let runs = merged
            .into_iter()
            .map(|(first, last)| {
                let starts: Vec<usize> =
                    (first..=(last + 1).min(line_count.saturating_sub(1))).map(|l| whole.line_start(l)).collect();
                let end = whole.line_start(last + 1);
                let start = starts.first().copied().unwrap_or(end);
                Run { first, last, starts, end, text: text.get(start..end).unwrap_or("").to_string() }
            })
            .collect();
        Snippets { len: text.len(), line_count, ends_with_newline: text.ends_with('\n'), runs }
    }

    /// Adds the lines `other` (cut from the same text) holds.
    pub fn merge(&mut self, other: &Snippets) {
        if self == other {
            return;
        }
        let mut all: Vec<Run> = self.runs.drain(..).chain(other.runs.iter().cloned()).collect();
        all.sort_by_key(|r| r.first);
        for run in all {
            match self.runs.last_mut() {
                Some(cur) if run.first <= cur.last + 1 => {
                    if run.last > cur.last {
                        // `run` goes on from the line after `cur`'s last: its text from there.
                        cur.starts.truncate(cur.last + 1 - cur.first);
                        cur.starts.extend(run.starts.iter().skip(cur.last + 1 - run.first));
                        cur.text.push_str(run.text.get(cur.end - run.start()..).unwrap_or(""));
                        cur.end = run.end;
                        cur.last = run.last;
                    }
                }
                _ => self.runs.push(run),
            }
        }
    }

    /// The run holding the byte range `start..end`.
    fn run_of(&self, start: usize, end: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.start() <= start).checked_sub(1)?;
        self.runs.get(i).filter(|r| end <= r.end)
    }
}

impl Source for Snippets {
    fn text_len(&self) -> usize {
        self.len
    }

    fn line_count(&self) -> usize {
        self.line_count
    }

    fn ends_with_newline(&self) -> bool {
        self.ends_with_newline
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        match self.run_of(offset, offset) {
            Some(r) => r.start() + floor_char_boundary(&r.text, offset - r.start()),
            // Outside the lines kept: the offsets asked about are the findings' own, which
            // are character boundaries already.
            None => offset,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        // The last run starting at or before `offset`: past its end, the line after its
        // last (an offset beyond the lines kept is asked about only to be capped below it).
        let i = self.runs.partition_point(|r| r.start() <= offset);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(r) => r.first + r.starts.partition_point(|&s| s <= offset).saturating_sub(1),
            None => 0,
        }
    }

    fn line_start(&self, line: usize) -> usize {
        if line >= self.line_count {
            return self.len;
        }
        let i = self.runs.partition_point(|r| r.first <= line);
        let run = i.checked_sub(1).and_then(|i| self.runs.get(i));
        run.and_then(|r| r.starts.get(line - r.first)).copied().unwrap_or(self.len)
    }

    fn get(&self, start: usize, end: usize) -> Option<&str> {
        let r = self.run_of(start, end)?;
        r.text.get(start - r.start()..end - r.start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::excerpt::Excerpt;

    /// The excerpt of `spans` cut from the whole text and from its snippets.
    fn both(text: &str, spans: &[(usize, usize)], max_line: usize) -> (String, String) {
        let lines = LineIndex::new(text);
        let whole = Excerpt::build("f", text, &lines, spans, max_line);
        let kept = Snippets::cut(text, &lines, spans);
        let cut = Excerpt::cut("f", &kept, spans, max_line);
        (format!("{whole:?}"), format!("{cut:?}"))
    }

    #[test]
    fn excerpts_from_snippets_are_those_from_the_whole_text() {
        let text: String = (0..200).map(|i| format!("line {i}: {}\n", "é".repeat(i % 7))).collect();
        let at = |n: usize| text.find(&format!("line {n}:")).unwrap();
        let cases: Vec<Vec<(usize, usize)>> = vec![
            vec![(at(0), at(0) + 4)],
            vec![(at(10), at(10) + 4), (at(11), at(11) + 2)],
            vec![(at(50), at(90))],
            vec![(at(120), at(120) + 3), (at(180), at(199) + 5)],
            vec![(text.len(), text.len())],
            vec![(at(199), text.len() + 10)],
        ];
        for spans in cases {
            let (whole, cut) = both(&text, &spans, 60);
            assert_eq!(whole, cut, "{spans:?}");
        }
        // No final line break, a long line cut to windows, a CRLF line.
        let text = format!("a: 1\r\nb: {}TARGET{}\nc: 3", "x".repeat(500), "y".repeat(500));
        let t = text.find("TARGET").unwrap();
        for spans in [vec![(t, t + 6)], vec![(0, 1), (t, t + 6)], vec![(text.len() - 1, text.len())]] {
            let (whole, cut) = both(&text, &spans, 40);
            assert_eq!(whole, cut, "{spans:?}");
        }
    }

    #[test]
    fn far_lines_are_not_kept_and_merged_snippets_hold_both() {
        let text: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        let lines = LineIndex::new(&text);
        let at = |n: usize| text.find(&format!("line {n}\n")).unwrap();
        let a = Snippets::cut(&text, &lines, &[(at(10), at(10) + 4)]);
        assert_eq!(a.runs.iter().map(|r| (r.first, r.last)).collect::<Vec<_>>(), [(9, 11)]);
        assert!(a.get(at(500), at(500) + 4).is_none(), "only the lines shown are kept");
        let b = Snippets::cut(&text, &lines, &[(at(12), at(12) + 4), (at(700), at(700) + 4)]);
        let mut both = a.clone();
        both.merge(&b);
        let spans = [(at(10), at(10) + 4), (at(12), at(12) + 4), (at(700), at(700) + 4)];
        assert_eq!(both, Snippets::cut(&text, &lines, &spans));
        assert_eq!(both.get(at(12), at(12) + 6), Some("line 1"));
    }
}
