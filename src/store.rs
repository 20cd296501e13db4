//! The bounded trace store: the traces the page holds, grouped from spans as they arrive.
//!
//! Issue 7 ("Big traces"): storage is bounded by a cap on traces and on total spans; when a new
//! batch goes over either cap the oldest traces are evicted first, and every eviction is
//! counted so the page can say "N traces evicted" instead of losing data silently.
//! Traces are kept as `Rc<Trace>`: a render or a component prop clones a pointer, not spans.

use crate::model::{Span, Trace, TraceId};
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

/// Caps on what the store keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreLimits {
    pub max_traces: u32,
    pub max_spans: u64,
}

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            max_traces: 2_000,
            max_spans: 200_000,
        }
    }
}

/// What one `add` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddOutcome {
    /// Traces seen for the first time, in arrival order.
    pub new_traces: Vec<TraceId>,
    /// Traces evicted to stay within the caps.
    pub evicted_traces: u64,
}

#[derive(Clone, Debug, Default)]
pub struct TraceStore {
    limits: StoreLimits,
    /// Oldest first.
    traces: VecDeque<Rc<Trace>>,
    /// Trace id → arrival sequence number; position = seq - `first_seq`.
    positions: HashMap<TraceId, u64>,
    first_seq: u64,
    span_count: u64,
    evicted_traces: u64,
    evicted_spans: u64,
    /// Changes whenever the contents change, never repeats: a cheap key for memoised views.
    revision: u64,
}

impl TraceStore {
    pub fn new(limits: StoreLimits) -> TraceStore {
        TraceStore {
            limits,
            ..TraceStore::default()
        }
    }

    pub fn limits(&self) -> StoreLimits {
        self.limits
    }

    /// Changes the caps, evicting at once if the store is now over them.
    pub fn set_limits(&mut self, limits: StoreLimits) -> u64 {
        self.limits = limits;
        let evicted = self.evict();
        self.touch();
        evicted
    }

    /// Adds spans, grouping them by trace id. Spans of a trace already in the store join it
    /// (a trace can arrive in pieces); new traces go to the back. Then evicts oldest-first.
    pub fn add_spans(&mut self, spans: Vec<Span>) -> AddOutcome {
        let mut outcome = AddOutcome::default();
        if spans.is_empty() {
            return outcome;
        }
        // A set, not a Vec: one chunk of a load run touches thousands of traces.
        let mut changed: HashSet<TraceId> = HashSet::new();
        for span in spans {
            let id = span.trace_id;
            self.span_count += 1;
            match self.position(id) {
                Some(i) => {
                    if let Some(trace) = self.traces.get_mut(i) {
                        Rc::make_mut(trace).spans.push(span);
                    }
                    changed.insert(id);
                }
                None => {
                    let seq = self.first_seq + self.traces.len() as u64;
                    self.positions.insert(id, seq);
                    self.traces.push_back(Rc::new(Trace {
                        trace_id: id,
                        spans: vec![span],
                    }));
                    outcome.new_traces.push(id);
                    changed.insert(id);
                }
            }
        }
        for id in changed {
            if let Some(trace) = self.position(id).and_then(|i| self.traces.get_mut(i)) {
                Rc::make_mut(trace).sort();
            }
        }
        outcome.evicted_traces = self.evict();
        outcome
            .new_traces
            .retain(|id| self.positions.contains_key(id));
        self.touch();
        outcome
    }

    /// Adds whole traces (an import); same rules as [`TraceStore::add_spans`].
    pub fn add_traces(&mut self, traces: Vec<Trace>) -> AddOutcome {
        self.add_spans(traces.into_iter().flat_map(|t| t.spans).collect())
    }

    /// Drops every trace and resets the eviction counts (a fresh start, not an eviction).
    pub fn clear(&mut self) {
        *self = TraceStore {
            limits: self.limits,
            revision: self.revision,
            ..TraceStore::default()
        };
        self.touch();
    }

    pub fn get(&self, id: TraceId) -> Option<&Rc<Trace>> {
        self.position(id).and_then(|i| self.traces.get(i))
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Rc<Trace>> + ExactSizeIterator {
        self.traces.iter()
    }

    /// The most recently added trace.
    pub fn latest(&self) -> Option<&Rc<Trace>> {
        self.traces.back()
    }

    /// Pointers to every trace, oldest first (e.g. for the export panel's props).
    pub fn to_vec(&self) -> Vec<Rc<Trace>> {
        self.traces.iter().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.traces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.traces.is_empty()
    }

    pub fn span_count(&self) -> u64 {
        self.span_count
    }

    pub fn evicted_traces(&self) -> u64 {
        self.evicted_traces
    }

    pub fn evicted_spans(&self) -> u64 {
        self.evicted_spans
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn position(&self, id: TraceId) -> Option<usize> {
        let seq = *self.positions.get(&id)?;
        usize::try_from(seq.checked_sub(self.first_seq)?).ok()
    }

    /// Evicts oldest traces while over a cap, but never the last one left: a single trace
    /// bigger than the span cap is still shown (and counted against the cap).
    fn evict(&mut self) -> u64 {
        let mut evicted = 0;
        while self.traces.len() > 1
            && (self.traces.len() as u64 > u64::from(self.limits.max_traces)
                || self.span_count > self.limits.max_spans)
        {
            let Some(oldest) = self.traces.pop_front() else {
                break;
            };
            self.first_seq += 1;
            self.positions.remove(&oldest.trace_id);
            let spans = oldest.spans.len() as u64;
            self.span_count = self.span_count.saturating_sub(spans);
            self.evicted_spans += spans;
            self.evicted_traces += 1;
            evicted += 1;
        }
        evicted
    }

    fn touch(&mut self) {
        self.revision = self.revision.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Resource, Scope, SpanId, SpanKind, Status, TraceFlags};
    use std::sync::Arc;

    fn span(trace: u128, id: u64, start: u64) -> Span {
        Span {
            trace_id: TraceId(trace),
            span_id: SpanId(id),
            parent_span_id: None,
            flags: TraceFlags::SAMPLED,
            trace_state: String::new(),
            name: "op".into(),
            kind: SpanKind::Internal,
            start_unix_nano: start,
            end_unix_nano: start + 10,
            attributes: vec![],
            events: vec![],
            links: vec![],
            status: Status::default(),
            resource: Arc::new(Resource {
                service_name: "svc".into(),
                attributes: vec![],
                ..Default::default()
            }),
            scope: Arc::new(Scope {
                name: "s".into(),
                version: "".into(),
                ..Default::default()
            }),
            wire_headers: None,
        }
    }

    fn ids(store: &TraceStore) -> Vec<u128> {
        store.iter().map(|t| t.trace_id.0).collect()
    }

    #[test]
    fn spans_group_into_traces_in_arrival_order() {
        let mut store = TraceStore::default();
        let out = store.add_spans(vec![span(2, 1, 50), span(1, 2, 10), span(2, 3, 20)]);
        assert_eq!(out.new_traces, vec![TraceId(2), TraceId(1)]);
        assert_eq!(ids(&store), vec![2, 1]);
        let t2 = store.get(TraceId(2)).expect("stored");
        assert_eq!(
            t2.spans.iter().map(|s| s.span_id.0).collect::<Vec<_>>(),
            vec![3, 1],
            "sorted by start"
        );
        assert_eq!(store.span_count(), 3);
    }

    #[test]
    fn a_trace_arriving_in_pieces_is_joined_not_duplicated() {
        let mut store = TraceStore::default();
        store.add_spans(vec![span(7, 1, 100)]);
        let before = store.get(TraceId(7)).cloned().expect("stored");
        let out = store.add_spans(vec![span(7, 2, 50)]);
        assert!(out.new_traces.is_empty());
        assert_eq!(store.len(), 1);
        assert_eq!(store.get(TraceId(7)).map(|t| t.spans.len()), Some(2));
        assert_eq!(
            before.spans.len(),
            1,
            "a view holding the old Rc keeps its snapshot"
        );
    }

    #[test]
    fn trace_cap_evicts_oldest_first_and_counts() {
        let mut store = TraceStore::new(StoreLimits {
            max_traces: 3,
            max_spans: 1_000,
        });
        store.add_spans((1..=5).map(|t| span(t, t as u64, 0)).collect());
        assert_eq!(ids(&store), vec![3, 4, 5]);
        assert_eq!((store.evicted_traces(), store.evicted_spans()), (2, 2));
        assert_eq!(store.get(TraceId(1)), None);
        assert!(
            store.get(TraceId(3)).is_some(),
            "positions stay right after eviction"
        );
        let out = store.add_spans(vec![span(6, 6, 0)]);
        assert_eq!((out.evicted_traces, store.evicted_traces()), (1, 3));
        assert_eq!(ids(&store), vec![4, 5, 6]);
    }

    #[test]
    fn span_cap_evicts_until_under_but_keeps_the_newest_trace() {
        let mut store = TraceStore::new(StoreLimits {
            max_traces: 100,
            max_spans: 4,
        });
        store.add_spans(vec![
            span(1, 1, 0),
            span(1, 2, 0),
            span(2, 3, 0),
            span(2, 4, 0),
        ]);
        assert_eq!(store.evicted_traces(), 0, "exactly at the cap is fine");
        store.add_spans(vec![span(3, 5, 0)]);
        assert_eq!(ids(&store), vec![2, 3]);
        assert_eq!(store.span_count(), 3);
        let big: Vec<Span> = (10..20).map(|i| span(9, i, 0)).collect();
        store.add_spans(big);
        assert_eq!(ids(&store), vec![9], "one trace over the cap is still kept");
        assert_eq!(store.evicted_traces(), 3);
    }

    #[test]
    fn evicted_new_traces_are_not_reported_as_new() {
        let mut store = TraceStore::new(StoreLimits {
            max_traces: 2,
            max_spans: 100,
        });
        let out = store.add_spans((1..=4).map(|t| span(t, t as u64, 0)).collect());
        assert_eq!(out.new_traces, vec![TraceId(3), TraceId(4)]);
        assert_eq!(out.evicted_traces, 2);
    }

    #[test]
    fn lowering_limits_evicts_and_clear_resets_counts_but_not_revision() {
        let mut store = TraceStore::default();
        store.add_spans((1..=4).map(|t| span(t, t as u64, 0)).collect());
        let evicted = store.set_limits(StoreLimits {
            max_traces: 1,
            max_spans: 10,
        });
        assert_eq!((evicted, ids(&store)), (3, vec![4]));
        let rev = store.revision();
        store.clear();
        assert!(store.is_empty() && store.span_count() == 0 && store.evicted_traces() == 0);
        assert_ne!(store.revision(), rev, "views see the change");
        assert_eq!(store.limits().max_traces, 1, "limits survive a clear");
        store.add_spans(vec![span(1, 1, 0)]);
        assert_eq!(store.latest().map(|t| t.trace_id), Some(TraceId(1)));
    }

    #[test]
    fn imports_and_empty_adds() {
        let mut store = TraceStore::default();
        let rev = store.revision();
        assert_eq!(store.add_spans(vec![]), AddOutcome::default());
        assert_eq!(store.revision(), rev, "nothing added, nothing changed");
        let out = store.add_traces(vec![Trace {
            trace_id: TraceId(5),
            spans: vec![span(5, 1, 0)],
        }]);
        assert_eq!(out.new_traces, vec![TraceId(5)]);
        assert_eq!(store.to_vec().len(), 1);
    }
}
