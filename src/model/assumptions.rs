//! Which [`Assumption`]s hold a span: a finding's message names the parameter defaults of
//! every assumption holding one of its spans, and the region read from zones prefers a zone
//! that rests on none.
//!
//! Assumption spans are those of template nodes (a resource, a property's value), so two
//! of them are nested or apart. Sorted by start, each with its nearest enclosing span, the
//! spans holding a given span are a chain: the last one starting at or before it, or an
//! enclosing one of that, and everything enclosing that one. A lookup is then a binary
//! search and a climb as deep as the nesting, not a scan of every assumption, which made
//! checking a template with a parameter per subnet quadratic.

use super::Assumption;
use crate::source::Span;

/// The assumptions of a model, indexed by span ([`AssumptionIndex::holding`]).
#[derive(Debug, Clone, Default)]
pub struct AssumptionIndex {
    /// Sorted by start, the outer first of two with the same start.
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    start: u32,
    end: u32,
    /// Into the model's assumptions.
    assumption: usize,
    /// The nearest entry whose span encloses this one's.
    parent: Option<usize>,
}

impl AssumptionIndex {
    /// Indexes `assumptions` (the model's, in their order).
    pub fn new(assumptions: &[Assumption]) -> AssumptionIndex {
        let mut entries: Vec<Entry> = assumptions
            .iter()
            .enumerate()
            .map(|(i, a)| Entry { start: a.span.start, end: a.span.end, assumption: i, parent: None })
            .collect();
        entries.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        // The spans that enclose the current one, outermost first.
        let mut open: Vec<usize> = Vec::new();
        for i in 0..entries.len() {
            let Some(&Entry { end, .. }) = entries.get(i) else { break };
            // Every open span starts at or before this one; one that ends before it ends
            // does not enclose it, nor anything after it (spans are nested or apart).
            while open.last().is_some_and(|&o| entries.get(o).is_none_or(|e| e.end < end)) {
                open.pop();
            }
            let parent = open.last().copied();
            if let Some(e) = entries.get_mut(i) {
                e.parent = parent;
            }
            open.push(i);
        }
        AssumptionIndex { entries }
    }

    /// The indexes (into the model's assumptions) of those whose span holds `span`,
    /// innermost first. Counts one unit of work per entry it looks at ([`crate::work`]).
    pub fn holding(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        let last = self.entries.partition_point(|e| e.start <= span.start).checked_sub(1);
        // Climb to the innermost entry that ends at or after the span does.
        let mut at = last;
        while let Some(e) = at.and_then(|i| self.entries.get(i)) {
            crate::work::tick(1);
            if e.end >= span.end {
                break;
            }
            at = e.parent;
        }
        std::iter::successors(at, |&i| self.entries.get(i).and_then(|e| e.parent)).filter_map(|i| {
            crate::work::tick(1);
            self.entries.get(i).map(|e| e.assumption)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn assumption(start: u32, end: u32) -> Assumption {
        Assumption { resource: format!("{start}-{end}"), span: Span::new(FileId(0), start, end), params: Vec::new() }
    }

    /// Every span's holders, by the index and by a scan of every assumption, agree over
    /// nested, repeated and separate spans, and spans inside, across and outside them.
    #[test]
    fn the_index_finds_what_a_scan_finds() {
        let all = [(0, 100), (10, 40), (10, 40), (12, 20), (25, 30), (50, 90), (60, 61), (95, 100), (120, 130)]
            .map(|(s, e)| assumption(s, e));
        let index = AssumptionIndex::new(&all);
        for start in 0..135 {
            for end in start..136 {
                let span = Span::new(FileId(0), start, end);
                let mut found: Vec<usize> = index.holding(span).collect();
                found.sort_unstable();
                let scan: Vec<usize> = (0..all.len())
                    .filter(|&i| all[i].span.start <= span.start && span.end <= all[i].span.end)
                    .collect();
                assert_eq!(found, scan, "span {start}..{end}");
            }
        }
        assert_eq!(AssumptionIndex::new(&[]).holding(Span::new(FileId(0), 3, 4)).count(), 0);
    }
}
