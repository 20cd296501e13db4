//! What a run reports besides spans: one record per finished request (kept even when the trace
//! was not sampled, so latency percentiles and queue statistics see every request), batches for
//! chunked runs, and the whole run.

use crate::model::{Span, Str, TraceId};

/// What one request did at one service (index = the service's position in the scenario).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServiceLoad {
    /// Requests this service served for this request (more than 1 with a fan-out).
    pub invocations: u32,
    /// Of those, answers with a 5xx status.
    pub errors: u32,
    /// Total time those requests waited for a worker.
    pub queue_wait_nanos: u64,
    /// The longest single wait.
    pub max_queue_wait_nanos: u64,
    /// Total time between SERVER span start and end (what the worker was busy).
    pub busy_nanos: u64,
}

/// One finished request, as the load generator saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRecord {
    /// 0-based order of arrival.
    pub index: u32,
    /// The trace the entry service started (with propagation off, downstream services start
    /// traces of their own; this is the first one).
    pub trace_id: TraceId,
    /// When the request reached the entry service.
    pub start_unix_nano: u64,
    /// Until the entry service answered: includes any wait for its workers.
    pub duration_nanos: u64,
    /// The entry service's answer (200 in the lab even when B failed).
    pub status_code: u16,
    /// Some span of the request ended in error (a 5xx SERVER or a 4xx/5xx CLIENT), as the trace
    /// would show: true in the lab when B answered 500, though A answered 200.
    pub error: bool,
    /// The entry service's sampler kept the trace.
    pub sampled: bool,
    /// The entry service's response body.
    pub body: Str,
    /// Per service, in scenario order.
    pub services: Vec<ServiceLoad>,
}

impl RequestRecord {
    pub fn end_unix_nano(&self) -> u64 {
        self.start_unix_nano.saturating_add(self.duration_nanos)
    }

    /// Time this request spent waiting for workers, over all services.
    pub fn queue_wait_nanos(&self) -> u64 {
        self.services
            .iter()
            .fold(0u64, |sum, s| sum.saturating_add(s.queue_wait_nanos))
    }

    /// Wait at one service (0 for an unknown index).
    pub fn queue_wait_at(&self, service: usize) -> u64 {
        self.services.get(service).map_or(0, |s| s.queue_wait_nanos)
    }
}

/// What one [`Simulation::advance`](super::Simulation::advance) produced: the requests that
/// finished, and all spans of exactly those requests (parents before children).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    pub spans: Vec<Span>,
    pub requests: Vec<RequestRecord>,
    /// Requests in this batch whose trace the entry service sampled / dropped.
    pub sampled: u32,
    pub dropped: u32,
}

/// A whole run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimRun {
    pub spans: Vec<Span>,
    /// In order of completion.
    pub requests: Vec<RequestRecord>,
    pub sampled: u32,
    pub dropped: u32,
    /// Service names, indexing [`RequestRecord::services`].
    pub service_names: Vec<Str>,
}
