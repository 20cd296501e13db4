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

/// The default span cap: two 100,004-span fan-out traces (issue 15's big traces) fit.
pub const DEFAULT_MAX_SPANS: u64 = 200_000;

impl Default for StoreLimits {
    fn default() -> Self {
        StoreLimits {
            max_traces: 2_000,
            max_spans: DEFAULT_MAX_SPANS,
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
        // Traces this batch added to after creating or finding them: sorted once at the end.
        // A set, not a Vec: one chunk of an import can touch thousands of traces.
        let mut joined: HashSet<TraceId> = HashSet::new();
        let mut rest = spans.into_iter();
        while let Some(first) = rest.next() {
            let id = first.trace_id;
            // The simulator emits a request's spans together (and an import mostly lists a
            // trace's spans together): take the whole run of one trace at once, so a trace
            // costs one lookup and one exact allocation rather than one of each per span.
            let more = rest
                .as_slice()
                .iter()
                .take_while(|s| s.trace_id == id)
                .count();
            self.span_count += 1 + more as u64;
            match self.position(id).and_then(|i| self.traces.get_mut(i)) {
                Some(trace) => {
                    let spans = &mut Rc::make_mut(trace).spans;
                    spans.reserve(1 + more);
                    spans.push(first);
                    spans.extend(rest.by_ref().take(more));
                    joined.insert(id);
                }
                None => {
                    let mut run = Vec::with_capacity(1 + more);
                    run.push(first);
                    run.extend(rest.by_ref().take(more));
                    let seq = self.first_seq + self.traces.len() as u64;
                    self.positions.insert(id, seq);
                    self.traces.push_back(Rc::new(Trace::new(id, run)));
                    outcome.new_traces.push(id);
                }
            }
        }
        for id in joined {
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

    /// Adds whole traces (an import); same rules as [`TraceStore::add_spans`]. A trace whose
    /// spans all carry its id moves in as it is: flattening a 100,000-span import into spans
    /// and grouping them again copied every span twice (time, and the wasm memory's peak).
    pub fn add_traces(&mut self, traces: Vec<Trace>) -> AddOutcome {
        let whole = traces
            .iter()
            .all(|t| t.spans.iter().all(|s| s.trace_id == t.trace_id));
        if !whole {
            return self.add_spans(traces.into_iter().flat_map(|t| t.spans).collect());
        }
        let mut outcome = AddOutcome::default();
        let mut added = false;
        for mut trace in traces {
            if trace.spans.is_empty() {
                continue;
            }
            added = true;
            let id = trace.trace_id;
            self.span_count += trace.spans.len() as u64;
            match self.position(id).and_then(|i| self.traces.get_mut(i)) {
                Some(here) => {
                    let here = Rc::make_mut(here);
                    here.spans.append(&mut trace.spans);
                    here.sort();
                }
                None => {
                    trace.sort();
                    let seq = self.first_seq + self.traces.len() as u64;
                    self.positions.insert(id, seq);
                    self.traces.push_back(Rc::new(trace));
                    outcome.new_traces.push(id);
                }
            }
        }
        if !added {
            return outcome;
        }
        outcome.evicted_traces = self.evict();
        outcome
            .new_traces
            .retain(|id| self.positions.contains_key(id));
        self.touch();
        outcome
    }

    /// Moves every trace of `other` (a staging store) into this one, oldest first: a trace
    /// already here is joined, a new one goes to the back; then evicts as
    /// [`TraceStore::add_spans`] does. Traces `other` evicted count as evicted here too: the page
    /// reports every trace it did not keep. O(traces of `other`) when their ids are new.
    pub fn absorb(&mut self, other: TraceStore) -> AddOutcome {
        let mut outcome = AddOutcome::default();
        self.evicted_traces += other.evicted_traces;
        self.evicted_spans += other.evicted_spans;
        let absorbed = other.traces.len();
        for trace in other.traces {
            let id = trace.trace_id;
            self.span_count += trace.spans.len() as u64;
            match self.position(id).and_then(|i| self.traces.get_mut(i)) {
                Some(here) => {
                    let here = Rc::make_mut(here);
                    here.spans.extend(Rc::unwrap_or_clone(trace).spans);
                    here.sort();
                }
                None => {
                    let seq = self.first_seq + self.traces.len() as u64;
                    self.positions.insert(id, seq);
                    self.traces.push_back(trace);
                    outcome.new_traces.push(id);
                }
            }
        }
        outcome.evicted_traces = other.evicted_traces + self.evict();
        outcome
            .new_traces
            .retain(|id| self.positions.contains_key(id));
        if absorbed > 0 || other.evicted_traces > 0 {
            self.touch();
        }
        outcome
    }

    /// Applies `change` to every span, copying a trace only if a view still shares it. For
    /// uniform changes that keep each span's trace id and the order of starts, such as moving a
    /// whole run in time (`crate::state::driver::placement`).
    pub fn map_spans(&mut self, mut change: impl FnMut(&mut Span)) {
        for trace in &mut self.traces {
            let trace = Rc::make_mut(trace);
            trace.spans.iter_mut().for_each(&mut change);
            trace.update_bounds();
        }
        self.touch();
    }

    /// Counts traces (and their spans) that never reached the store because it would have
    /// evicted them at once (a load run's spans the simulator skipped, `crate::sim::Skipped`).
    pub fn count_evicted(&mut self, traces: u64, spans: u64) {
        if traces > 0 || spans > 0 {
            self.evicted_traces += traces;
            self.evicted_spans += spans;
            self.touch();
        }
    }

    /// Whether a trace with this id is in the store.
    pub fn contains(&self, id: TraceId) -> bool {
        self.positions.contains_key(&id)
    }

    /// Drops every trace and resets the eviction counts (a fresh start, not an eviction).
    pub fn clear(&mut self) {
        *self = self.emptied();
    }

    /// What [`TraceStore::clear`] leaves: no traces, the same caps, a new revision. Built
    /// without copying this store, for a store shared with older state versions.
    pub fn emptied(&self) -> TraceStore {
        let mut empty = TraceStore {
            limits: self.limits,
            revision: self.revision,
            ..TraceStore::default()
        };
        empty.touch();
        empty
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
mod tests;
