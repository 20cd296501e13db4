//! A trace: every span that shares one trace id, kept in start order.

use super::{Span, TraceId};

#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub trace_id: TraceId,
    /// Sorted by start time, ties by span id, so views and tests see one stable order.
    pub spans: Vec<Span>,
}

impl Trace {
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

    pub fn sort(&mut self) {
        // Stable, so equal keys keep arrival order.
        self.spans.sort_by_key(|s| (s.start_unix_nano, s.span_id));
    }

    /// The span with no parent in this trace (or, if the trace is partial, the earliest span).
    pub fn root(&self) -> Option<&Span> {
        self.spans
            .iter()
            .find(|s| s.parent_span_id.is_none())
            .or_else(|| self.spans.first())
    }

    pub fn start_unix_nano(&self) -> u64 {
        self.spans
            .iter()
            .map(|s| s.start_unix_nano)
            .min()
            .unwrap_or(0)
    }

    pub fn end_unix_nano(&self) -> u64 {
        self.spans
            .iter()
            .map(|s| s.end_unix_nano)
            .max()
            .unwrap_or(0)
    }

    pub fn duration_nanos(&self) -> u64 {
        self.end_unix_nano().saturating_sub(self.start_unix_nano())
    }

    pub fn error_count(&self) -> usize {
        self.spans.iter().filter(|s| s.is_error()).count()
    }
}
