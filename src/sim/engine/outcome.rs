//! What leaves the engine: a finished request's record and spans, and the span event that
//! records a wait for a worker.

use super::State;
use crate::model::{Event, KeyValue, Str};
use crate::sim::arrival::BACK_TO_BACK_GAP_NS;
use crate::sim::record::RequestRecord;
use std::borrow::Cow;

/// Name of the span event that records a wait for a worker, and its attributes.
pub const QUEUED_EVENT: &str = "queued";
pub const QUEUE_WAIT_ATTR: &str = "playground.queue.wait_ns";
pub const QUEUE_LENGTH_ATTR: &str = "playground.queue.length";

/// Emptied span buffers kept for reuse (more concurrent requests allocate their own).
const MAX_SPARE_SPAN_BUFFERS: usize = 64;

impl State {
    /// The entry service answered at `t`. The record and spans go to the batch once no part of
    /// the request is still running (a callee its client gave up on may still be working: its
    /// SERVER span belongs to the trace too); a back-to-back client sends its next request
    /// right away either way.
    pub(super) fn complete(&mut self, id: u32, t: u64, status_code: u16, body: Str) {
        let req = &mut self.reqs[id];
        let client = req.client;
        req.answer = Some((t, status_code, body));
        if req.live == 0 {
            self.emit(id);
        }
        if self.open_loop.is_none() && self.scheduled < self.total {
            self.schedule_arrival(t.saturating_add(BACK_TO_BACK_GAP_NS), client);
        }
    }

    /// Emits request `id` if it has answered and nothing of it is still running.
    pub(super) fn emit_if_done(&mut self, id: u32) {
        let req = &self.reqs[id];
        if req.live == 0 && req.answer.is_some() {
            self.emit(id);
        }
    }

    /// The request's record and spans go to the batch; its slot is freed.
    fn emit(&mut self, id: u32) {
        let req = &mut self.reqs[id];
        let (t, status_code, body) =
            req.answer
                .take()
                .unwrap_or((req.arrival, 0, Str::Borrowed("")));
        self.out.requests.push(RequestRecord {
            index: req.index,
            trace_id: req.trace_id,
            start_unix_nano: req.arrival,
            duration_nanos: t.saturating_sub(req.arrival),
            status_code,
            error: req.error,
            sampled: req.sampled,
            body,
            services: std::mem::take(&mut req.loads),
        });
        if req.sampled {
            self.sampled += 1;
            self.out.sampled += 1;
        } else {
            self.dropped += 1;
            self.out.dropped += 1;
        }
        // Skipped spans count as made, so progress (and the caller's chunk sizes) stay as
        // they were.
        self.spans += req.spans.len() as u64 + req.skipped_spans;
        if req.skipped_spans > 0 {
            let (traces, spans, end) = (req.skipped_traces, req.skipped_spans, self.now);
            self.skipped.add(traces, spans, end);
        }
        self.out.spans.append(&mut req.spans);
        if req.spans.capacity() > 0 && self.spare_spans.len() < MAX_SPARE_SPAN_BUFFERS {
            self.spare_spans.push(std::mem::take(&mut req.spans));
        }
        self.finished += 1;
        self.reqs.remove(id);
    }
}

/// An exception the SDK recorded on a span (`Span.record_exception`): semantic conventions
/// `exception` event (<https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-spans/>)
/// with the attributes OpenTelemetry Python 1.27 writes, less `exception.stacktrace` (a Python
/// traceback we would have to invent).
pub(super) fn exception_event(t: u64, kind: &'static str, message: Str) -> Event {
    Event {
        name: Cow::Borrowed("exception"),
        time_unix_nano: t,
        attributes: vec![
            KeyValue::str("exception.type", kind),
            KeyValue::str("exception.message", message),
            KeyValue::str("exception.escaped", "False"),
        ],
    }
}

/// The wait for a worker, on the SERVER span at the moment the worker picked the request up.
/// OpenTelemetry has no convention for server-side queueing, so the names are the project's.
pub(super) fn queued_event(t: u64, wait: u64, queue_len: u32) -> Event {
    Event {
        name: Cow::Borrowed(QUEUED_EVENT),
        time_unix_nano: t,
        attributes: vec![
            KeyValue::int(QUEUE_WAIT_ATTR, i64::try_from(wait).unwrap_or(i64::MAX)),
            KeyValue::int(QUEUE_LENGTH_ATTR, queue_len.into()),
        ],
    }
}
