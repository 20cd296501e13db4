//! The critical path: the chain of work that determined the trace's end-to-end latency.
//!
//! Algorithm as in Jaeger UI's critical path
//! (<https://github.com/jaegertracing/jaeger-ui/blob/main/packages/jaeger-ui/src/components/TracePage/CriticalPath/index.tsx>):
//! children are first clipped to their parent's interval; then, starting at the end of the root,
//! walk backwards in time: at each span take the child that finished last before the current
//! point, give the gap after it to the span as self time, descend into the child, and when a span
//! has no more such children give it the time back to its own start and return to its parent.
//!
//! Differences, each for robustness: a child finishing exactly at the current point counts
//! (sequential calls share an instant); each child is taken at most once (zero-length spans
//! cannot loop); the walk is iterative; and a trace with several roots (orphans) is treated as
//! if one virtual span spanned the whole trace with the roots as its children — time when no root
//! was running belongs to no span.

use super::self_time::interval;
use super::tree::SpanTree;
use crate::model::{Span, SpanId};
use crate::order;
use std::cmp::Reverse;

/// A stretch of time on the critical path during which `span` itself was the bottleneck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathSegment {
    pub span_index: usize,
    pub span_id: SpanId,
    pub start_unix_nano: u64,
    pub end_unix_nano: u64,
}

impl PathSegment {
    pub fn duration_nanos(&self) -> u64 {
        self.end_unix_nano.saturating_sub(self.start_unix_nano)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CriticalPath {
    /// In time order; they never overlap. Their sum is the trace duration minus gaps no span covered.
    pub segments: Vec<PathSegment>,
    /// Spans on the path, in the order the walk reached them (each root before its descendants).
    pub span_indices: Vec<usize>,
    /// `span_indices` as ids, for the UI to highlight.
    pub span_ids: Vec<SpanId>,
    on_path: Vec<bool>,
}

impl CriticalPath {
    pub fn contains(&self, span_index: usize) -> bool {
        self.on_path.get(span_index).copied().unwrap_or(false)
    }

    /// Sum of segment lengths.
    pub fn total_nanos(&self) -> u64 {
        self.segments.iter().map(PathSegment::duration_nanos).sum()
    }

    /// Critical-path time of each span, indexed like the trace's spans.
    pub fn nanos_by_span(&self) -> Vec<u64> {
        let mut out = vec![0; self.on_path.len()];
        for seg in &self.segments {
            if let Some(slot) = out.get_mut(seg.span_index) {
                *slot += seg.duration_nanos();
            }
        }
        out
    }
}

/// Computes the critical path of `spans` (with `tree` built from the same spans) in O(n log n).
pub fn critical_path(spans: &[Span], tree: &SpanTree) -> CriticalPath {
    let n = spans.len().min(tree.len());
    // Node `n` is the virtual span that parents every root.
    let virtual_node = n;
    let (trace_start, trace_end) = spans
        .iter()
        .map(interval)
        .fold((u64::MAX, 0), |(lo, hi), (s, e)| (lo.min(s), hi.max(e)));
    if n == 0 {
        return CriticalPath::default();
    }

    // Clip windows top-down (preorder visits parents first).
    let mut window: Vec<(u64, u64)> = vec![(0, 0); n + 1];
    window[virtual_node] = (trace_start, trace_end);
    for &i in tree.preorder() {
        let Some(span) = spans.get(i) else { continue };
        let (ps, pe) = match tree.parent(i) {
            Some(p) if p < n => window[p],
            _ => window[virtual_node],
        };
        let (s, e) = interval(span);
        let ws = s.clamp(ps, pe);
        window[i] = (ws, e.clamp(ws, pe));
    }

    // Per node, candidate children by clipped end, latest first; longer first on equal ends.
    let children_of = |node: usize| -> Vec<usize> {
        let kids = if node == virtual_node {
            tree.roots()
        } else {
            tree.children(node)
        };
        let mut kids: Vec<usize> = kids.iter().copied().filter(|&c| c < n).collect();
        kids.retain(|&c| window[c].0 < window[c].1);
        order::sort_by_key(&mut kids, |&c| (Reverse(window[c].1), window[c].0, c));
        kids
    };
    let mut by_end: Vec<Option<Vec<usize>>> = vec![None; n + 1];
    let mut cursor = vec![0usize; n + 1];
    let mut on_path = vec![false; n];
    let mut span_indices = Vec::new();
    let mut segments = Vec::new();
    let mut push = |node: usize, start: u64, end: u64| {
        if node < n && start < end {
            segments.push(PathSegment {
                span_index: node,
                span_id: spans[node].span_id,
                start_unix_nano: start,
                end_unix_nano: end,
            });
        }
    };

    let mut node = virtual_node;
    let mut point = trace_end;
    loop {
        let kids = by_end[node].get_or_insert_with(|| children_of(node));
        // Children ending after `point` overlap work already on the path; `point` only moves
        // back, so they can be skipped for good.
        while cursor[node] < kids.len() && window[kids[cursor[node]]].1 > point {
            cursor[node] += 1;
        }
        if let Some(&child) = kids.get(cursor[node]) {
            cursor[node] += 1;
            let child_end = window[child].1;
            push(node, child_end, point);
            on_path[child] = true;
            span_indices.push(child);
            node = child;
            point = child_end;
        } else {
            push(node, window[node].0, point);
            if node == virtual_node {
                break;
            }
            point = window[node].0;
            node = match tree.parent(node) {
                Some(p) if p < n => p,
                _ => virtual_node,
            };
        }
    }

    segments.reverse();
    let span_ids = span_indices.iter().map(|&i| spans[i].span_id).collect();
    CriticalPath {
        segments,
        span_indices,
        span_ids,
        on_path,
    }
}
