//! Groups imported spans into traces while staying within the store's caps, so a 50 MB file
//! never holds more in memory than the page would keep.
//!
//! The rule is the store's (`crate::store`, issue 7): traces count in order of first
//! appearance, and while over a cap the oldest trace is left out, but never the last one left.
//! A left-out trace stays out: its later spans are skipped (and counted) rather than starting
//! a partial copy of it.

use crate::model::{Span, Trace, TraceId};
use crate::store::StoreLimits;
use std::collections::{HashMap, HashSet, VecDeque};

#[derive(Debug)]
pub(crate) struct Collector {
    limits: StoreLimits,
    /// Oldest first.
    traces: VecDeque<Trace>,
    /// Trace id → sequence number of first appearance; position = seq - `first_seq`.
    positions: HashMap<TraceId, u64>,
    first_seq: u64,
    span_count: u64,
    left_out: HashSet<TraceId>,
    left_out_spans: u64,
}

impl Collector {
    pub(crate) fn new(limits: StoreLimits) -> Self {
        Collector {
            limits,
            traces: VecDeque::new(),
            positions: HashMap::new(),
            first_seq: 0,
            span_count: 0,
            left_out: HashSet::new(),
            left_out_spans: 0,
        }
    }

    pub(crate) fn push(&mut self, span: Span) {
        let id = span.trace_id;
        if self.left_out.contains(&id) {
            self.left_out_spans += 1;
            return;
        }
        self.span_count += 1;
        let at = self
            .positions
            .get(&id)
            .and_then(|seq| usize::try_from(seq - self.first_seq).ok());
        match at.and_then(|i| self.traces.get_mut(i)) {
            Some(trace) => trace.spans.push(span),
            None => {
                let seq = self.first_seq + self.traces.len() as u64;
                self.positions.insert(id, seq);
                self.traces.push_back(Trace::new(id, vec![span]));
            }
        }
        self.evict();
    }

    fn evict(&mut self) {
        while self.traces.len() > 1
            && (self.traces.len() as u64 > u64::from(self.limits.max_traces)
                || self.span_count > self.limits.max_spans)
        {
            let Some(oldest) = self.traces.pop_front() else {
                break;
            };
            self.first_seq += 1;
            self.positions.remove(&oldest.trace_id);
            self.span_count -= oldest.spans.len() as u64;
            self.left_out_spans += oldest.spans.len() as u64;
            self.left_out.insert(oldest.trace_id);
        }
    }

    pub(crate) fn trace_count(&self) -> usize {
        self.traces.len()
    }

    pub(crate) fn span_count(&self) -> u64 {
        self.span_count
    }

    /// The traces, each in span order, sorted by start time (ties by id): the order they
    /// happened in, whatever order the file listed them in.
    pub(crate) fn finish(self) -> (Vec<Trace>, u64, u64) {
        let mut traces: Vec<Trace> = self.traces.into();
        for trace in &mut traces {
            trace.sort();
        }
        traces.sort_by_key(|t| (t.start_unix_nano(), t.trace_id));
        (traces, self.left_out.len() as u64, self.left_out_spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otlp::fixtures::lab_trace;

    fn spans(traces: &[u128]) -> Vec<Span> {
        traces
            .iter()
            .flat_map(|t| lab_trace(*t, 1_000 * *t as u64).spans)
            .collect()
    }

    #[test]
    fn the_oldest_traces_are_left_out_past_the_trace_cap() {
        let mut c = Collector::new(StoreLimits {
            max_traces: 2,
            max_spans: 1_000,
        });
        spans(&[1, 2, 3]).into_iter().for_each(|s| c.push(s));
        let (traces, left_traces, left_spans) = c.finish();
        let ids: Vec<u128> = traces.iter().map(|t| t.trace_id.0).collect();
        assert_eq!(ids, [2, 3]);
        assert_eq!((left_traces, left_spans), (1, 4));
    }

    #[test]
    fn a_left_out_trace_stays_out_when_more_of_its_spans_come() {
        let mut c = Collector::new(StoreLimits {
            max_traces: 10,
            max_spans: 5,
        });
        let mut all = spans(&[1, 2]);
        let late = all.remove(0); // trace 1's root arrives last
        all.into_iter().for_each(|s| c.push(s));
        c.push(late);
        let (traces, left_traces, left_spans) = c.finish();
        assert_eq!(traces.len(), 1);
        assert_eq!(traces[0].trace_id.0, 2);
        assert_eq!(traces[0].spans.len(), 4);
        assert_eq!((left_traces, left_spans), (1, 4), "3 evicted + 1 skipped");
    }

    #[test]
    fn one_trace_bigger_than_the_span_cap_is_still_kept() {
        let mut c = Collector::new(StoreLimits {
            max_traces: 10,
            max_spans: 2,
        });
        spans(&[7]).into_iter().for_each(|s| c.push(s));
        assert_eq!(c.span_count(), 4);
        assert_eq!(c.finish().0.len(), 1);
    }
}
