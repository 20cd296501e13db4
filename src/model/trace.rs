//! A trace: every span that shares one trace id, kept in start order.
//!
//! A trace also keeps its start and end (the earliest span start and the latest span end), so
//! that views asking for them on every render — each timeline row, the minimap, the ruler — pay
//! O(1), not a scan of up to 200,000 spans (issue 15, `scroll_100k_p95_frame_ms`).

use super::{Span, TraceId};

#[derive(Clone)]
pub struct Trace {
    pub trace_id: TraceId,
    /// Sorted by start time, ties by span id, so views and tests see one stable order. After
    /// changing spans in place, call [`Trace::sort`] (or [`Trace::update_bounds`] if the order
    /// cannot have changed) so the cached start and end follow.
    pub spans: Vec<Span>,
    /// Earliest start and latest end of `spans` ((0, 0) when empty): derived data, kept by
    /// [`Trace::new`], [`Trace::sort`] and [`Trace::update_bounds`].
    bounds: (u64, u64),
}

/// Equal when the id and spans are equal: the cached bounds are derived from them.
impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        self.trace_id == other.trace_id && self.spans == other.spans
    }
}

/// Prints the id and the spans, as the derived form did before the bounds were cached.
impl std::fmt::Debug for Trace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trace")
            .field("trace_id", &self.trace_id)
            .field("spans", &self.spans)
            .finish()
    }
}

impl Trace {
    /// A trace of `spans`, sorted into start order.
    pub fn new(trace_id: TraceId, spans: Vec<Span>) -> Trace {
        let mut trace = Trace {
            trace_id,
            spans,
            bounds: (0, 0),
        };
        trace.sort();
        trace
    }

    /// Groups spans by trace id, keeping traces in order of first appearance.
    pub fn group(spans: Vec<Span>) -> Vec<Trace> {
        // u64 values and get/insert, as `TraceStore`'s positions use, so no second copy of the
        // hash-table code lands in the wasm.
        let mut index: std::collections::HashMap<TraceId, u64> = Default::default();
        let mut traces: Vec<Trace> = Vec::new();
        for span in spans {
            let i = match index.get(&span.trace_id) {
                Some(&i) => i,
                None => {
                    let i = traces.len() as u64;
                    index.insert(span.trace_id, i);
                    traces.push(Trace {
                        trace_id: span.trace_id,
                        spans: Vec::new(),
                        bounds: (0, 0),
                    });
                    i
                }
            };
            if let Some(trace) = traces.get_mut(i as usize) {
                trace.spans.push(span);
            }
        }
        for trace in &mut traces {
            trace.sort();
        }
        traces
    }

    /// Puts the spans in start order (ties by span id) and updates the cached start and end.
    pub fn sort(&mut self) {
        // Already in order is the common case (a simulated request emits its spans as they
        // start; an import usually lists them so): one pass instead of a sort.
        let key = |s: &Span| (s.start_unix_nano, s.span_id);
        if !self.spans.is_sorted_by_key(key) {
            // Stable, so equal keys keep arrival order. std's sort directly, not `crate::order`:
            // on 100,000 spans the indirect sort was slower (native: 2.4 -> 5.5 ms nearly sorted,
            // 14 -> 20 ms for four interleaved runs, though 36 -> 28 ms shuffled).
            self.spans.sort_by_key(key);
        }
        self.update_bounds();
    }

    /// Recomputes the cached start and end from `spans` (after a change that kept their order,
    /// such as moving every span by the same amount).
    pub fn update_bounds(&mut self) {
        self.bounds = scan_bounds(&self.spans);
    }

    /// The span with no parent in this trace (or, if the trace is partial, the earliest span).
    pub fn root(&self) -> Option<&Span> {
        self.spans
            .iter()
            .find(|s| s.parent_span_id.is_none())
            .or_else(|| self.spans.first())
    }

    /// The earliest span start (0 for a trace without spans). O(1).
    pub fn start_unix_nano(&self) -> u64 {
        self.debug_check_bounds();
        self.bounds.0
    }

    /// The latest span end (0 for a trace without spans). O(1).
    pub fn end_unix_nano(&self) -> u64 {
        self.debug_check_bounds();
        self.bounds.1
    }

    pub fn duration_nanos(&self) -> u64 {
        self.end_unix_nano().saturating_sub(self.start_unix_nano())
    }

    pub fn error_count(&self) -> usize {
        self.spans.iter().filter(|s| s.is_error()).count()
    }

    /// Tests and debug builds catch a change to `spans` that was not followed by
    /// [`Trace::sort`] or [`Trace::update_bounds`]; release builds trust the cache.
    fn debug_check_bounds(&self) {
        debug_assert_eq!(
            self.bounds,
            scan_bounds(&self.spans),
            "Trace {}: spans changed without Trace::sort or Trace::update_bounds",
            self.trace_id
        );
    }
}

/// Earliest start and latest end of `spans`, (0, 0) for none.
fn scan_bounds(spans: &[Span]) -> (u64, u64) {
    let start = spans.iter().map(|s| s.start_unix_nano).min();
    let end = spans.iter().map(|s| s.end_unix_nano).max();
    (start.unwrap_or(0), end.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Resource, Scope, SpanId, SpanKind, Status, TraceFlags};
    use std::sync::Arc;

    fn span(id: u64, start: u64, end: u64) -> Span {
        Span {
            trace_id: TraceId(7),
            span_id: SpanId(id),
            parent_span_id: (id > 1).then_some(SpanId(1)),
            flags: TraceFlags::default(),
            trace_state: String::new(),
            name: "s".into(),
            kind: SpanKind::Internal,
            start_unix_nano: start,
            end_unix_nano: end,
            attributes: Vec::new(),
            events: Vec::new(),
            links: Vec::new(),
            status: Status::default(),
            resource: Arc::new(Resource::default()),
            scope: Arc::new(Scope::default()),
            wire_headers: None,
        }
    }

    #[test]
    fn new_sorts_by_start_then_span_id_and_caches_the_bounds() {
        // The latest end belongs to neither the first nor the last span in start order.
        let t = Trace::new(
            TraceId(7),
            vec![span(3, 20, 25), span(2, 10, 90), span(1, 10, 40)],
        );
        let order: Vec<u64> = t.spans.iter().map(|s| s.span_id.0).collect();
        assert_eq!(order, [1, 2, 3]);
        assert_eq!((t.start_unix_nano(), t.end_unix_nano()), (10, 90));
        assert_eq!(t.duration_nanos(), 80);
    }

    #[test]
    fn an_empty_trace_starts_and_ends_at_zero() {
        let t = Trace::new(TraceId(7), Vec::new());
        assert_eq!((t.start_unix_nano(), t.end_unix_nano()), (0, 0));
        assert_eq!(t.duration_nanos(), 0);
        assert!(t.root().is_none());
    }

    #[test]
    fn sort_and_update_bounds_follow_changed_spans() {
        let mut t = Trace::new(TraceId(7), vec![span(1, 10, 40)]);
        t.spans.push(span(2, 5, 100));
        t.sort();
        assert_eq!((t.start_unix_nano(), t.end_unix_nano()), (5, 100));
        for s in &mut t.spans {
            s.start_unix_nano -= 5;
            s.end_unix_nano -= 5;
        }
        t.update_bounds();
        assert_eq!((t.start_unix_nano(), t.end_unix_nano()), (0, 95));
    }

    #[test]
    fn group_keeps_first_appearance_order_and_bounds_per_trace() {
        let mut other = span(9, 1, 2);
        other.trace_id = TraceId(8);
        let traces = Trace::group(vec![span(2, 30, 35), other, span(1, 20, 50)]);
        let ids: Vec<u128> = traces.iter().map(|t| t.trace_id.0).collect();
        assert_eq!(ids, [7, 8]);
        assert_eq!(traces[0].spans[0].span_id, SpanId(1));
        assert_eq!(traces[0].duration_nanos(), 30);
        assert_eq!(traces[1].duration_nanos(), 1);
    }

    #[test]
    fn equality_and_debug_ignore_the_cache() {
        let a = Trace::new(TraceId(7), vec![span(1, 10, 40)]);
        let mut b = a.clone();
        b.spans[0].end_unix_nano = 41;
        assert_ne!(a, b, "different spans");
        b.spans[0].end_unix_nano = 40;
        assert_eq!(a, b);
        assert!(!format!("{a:?}").contains("bounds"));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "spans changed without Trace::sort")]
    fn debug_builds_catch_a_stale_cache() {
        let mut t = Trace::new(TraceId(7), vec![span(1, 10, 40)]);
        t.spans[0].end_unix_nano = 99;
        let _ = t.end_unix_nano();
    }
}
