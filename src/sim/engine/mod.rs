//! The virtual-time, discrete-event engine that runs a scenario.
//!
//! Nothing sleeps: time is a number the engine advances from event to event (arrivals, requests
//! reaching a service, handlers resuming, handlers finishing). A run is a pure function of
//! (scenario, settings, seed, start time, arrival pattern, request count), so a seed reproduces
//! it exactly, and running it in chunks ([`Simulation::advance`]) gives the same result as
//! running it at once ([`simulate`]). The model is described in `docs/simulation.md`.

mod agenda;
mod bodies;
mod calls;
mod handler;
mod outcome;
mod skip;
mod slab;

use super::arrival::{Arrival, OpenLoop};
use super::compile::{compile, Compiled};
use super::error::{ConfigError, MAX_REQUESTS, MAX_SPANS_PER_RUN};
use super::record::{Batch, ServiceLoad, SimRun};
use super::resolve::resolve;
use super::sampler::Sampler;
use super::scenario::Scenario;
use super::RunSettings;
use crate::model::{Headers, Span, SpanId, Str, TraceFlags, TraceId};
use crate::propagation::Baggage;
use crate::sim::SimRng;
use agenda::{Agenda, Kind};
use bodies::BodyCache;
pub use outcome::{QUEUED_EVENT, QUEUE_LENGTH_ATTR, QUEUE_WAIT_ATTR};
use rand::SeedableRng;
pub use skip::Skipped;
use slab::Slab;
use std::collections::VecDeque;
use std::sync::Arc;

/// Most spans reserved up front for one batch (about 8 MB); a bigger batch grows as it goes.
const MAX_BATCH_RESERVE: u64 = 32_768;

/// Counters a progress bar needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub total: u32,
    /// Requests that have arrived so far.
    pub started: u32,
    pub finished: u32,
    pub sampled: u32,
    pub dropped: u32,
    pub spans: u64,
}

/// A run in progress. Create it with [`Simulation::new`], then call [`Simulation::advance`]
/// until [`Simulation::is_done`].
#[derive(Clone, Debug)]
pub struct Simulation {
    compiled: Arc<Compiled>,
    state: State,
}

/// Everything that changes as the run advances.
#[derive(Clone, Debug)]
struct State {
    reports: (bool, bool),
    sampler: Sampler,
    propagate: bool,
    /// What the learner's client sends with each request (`RunSettings::client_headers`).
    client_headers: Headers,
    rng: SimRng,
    /// The run's start: incident windows count from here.
    run_start: u64,
    /// `None` for back-to-back clients (a closed loop).
    open_loop: Option<OpenLoop>,
    total: u32,
    scheduled: u32,
    started: u32,
    finished: u32,
    sampled: u32,
    dropped: u32,
    spans: u64,
    now: u64,
    agenda: Agenda,
    invs: Slab<Inv>,
    reqs: Slab<Req>,
    pools: Vec<WorkerPool>,
    out: Batch,
    bodies: BodyCache,
    /// Span buffers of emitted requests, emptied and kept for the next requests: one
    /// allocation per concurrent request instead of one per request.
    spare_spans: Vec<Vec<Span>>,
    /// Requests answer one after another, each with a recorded trace (`skip::sequential`).
    sequential: bool,
    /// Requests numbered below this count their spans instead of building them (set for one
    /// batch by [`Simulation::advance_for_store`]).
    skip_below: u32,
    /// What the current batch counted instead of building.
    skipped: Skipped,
}

/// A service's workers and the FIFO queue of requests waiting for one.
#[derive(Clone, Debug, Default)]
struct WorkerPool {
    limit: Option<u32>,
    busy: u32,
    waiting: VecDeque<u32>,
}

/// A request in flight.
#[derive(Clone, Debug)]
struct Req {
    index: u32,
    arrival: u64,
    client: u32,
    trace_id: TraceId,
    sampled: bool,
    error: bool,
    /// Recorded spans so far, parents before children (slots are taken when spans start).
    spans: Vec<Span>,
    loads: Vec<ServiceLoad>,
    /// Invocations of this request whose SERVER span has not ended yet.
    live: u32,
    /// The entry service's answer (time, status, body), once given.
    answer: Option<(u64, u16, Str)>,
    /// Sampled spans of this request are counted, not built (see `skip`).
    skip: bool,
    /// What a skipped request would have recorded: root spans (traces) and spans.
    skipped_traces: u64,
    skipped_spans: u64,
}

/// Which request edge created an invocation (to find its SERVER span template).
#[derive(Clone, Copy, Debug)]
enum EdgeRef {
    Entry,
    Step { endpoint: u32, step: u32 },
}

/// One handler execution: a request being served by one endpoint.
#[derive(Clone, Debug)]
struct Inv {
    req: u32,
    endpoint: u32,
    edge: EdgeRef,
    caller: Option<u32>,
    /// Slot of the caller's CLIENT span for this call, when recorded.
    client_slot: Option<u32>,
    /// Headers as received; moved into the SERVER span when it starts.
    headers: Headers,
    arrive_at: u64,
    start_at: u64,
    queue_len: u32,
    /// The handler's own clock: where it has got to in its steps.
    clock: u64,
    step: u32,
    repeat: u32,
    pending: u32,
    resume_at: u64,
    trace_id: TraceId,
    span_id: SpanId,
    flags: TraceFlags,
    trace_state: String,
    /// The baggage and B3/Jaeger debug flag its service extracted, carried onto its calls.
    baggage: Baggage,
    debug: bool,
    recording: bool,
    server_slot: u32,
    status: u16,
    body: Str,
    downstream_body: Str,
    /// Which attempt of its call this is (0 = the first; retries count up).
    attempt: u32,
    /// The caller's timeout for this attempt, as a virtual time.
    deadline: Option<u64>,
    /// The answer reached the caller before the deadline.
    answered: bool,
    /// The deadline passed first: the caller gave up on this attempt.
    abandoned: bool,
    /// The SERVER span has ended (kept in the slab only for its pending timeout event).
    done: bool,
    /// A call of this handler timed out for good: the exception's message. The handler stops
    /// and answers 500.
    raised: Option<Str>,
}

impl Inv {
    fn new(req: u32, endpoint: u32, edge: EdgeRef, caller: Option<u32>) -> Inv {
        Inv {
            req,
            endpoint,
            edge,
            caller,
            client_slot: None,
            headers: Headers::new(),
            arrive_at: 0,
            start_at: 0,
            queue_len: 0,
            clock: 0,
            step: 0,
            repeat: 0,
            pending: 0,
            resume_at: 0,
            trace_id: TraceId::INVALID,
            span_id: SpanId::INVALID,
            flags: TraceFlags::default(),
            trace_state: String::new(),
            baggage: Baggage::new(),
            debug: false,
            recording: false,
            server_slot: 0,
            status: 0,
            body: Str::Borrowed(""),
            downstream_body: Str::Borrowed(""),
            attempt: 0,
            deadline: None,
            answered: false,
            abandoned: false,
            done: false,
            raised: None,
        }
    }
}

impl Simulation {
    /// Prepares a run of `requests` requests arriving as `arrival`, the first at
    /// `start_unix_nano`. All randomness comes from `seed`.
    pub fn new(
        scenario: &Scenario,
        settings: &RunSettings,
        seed: u64,
        start_unix_nano: u64,
        arrival: Arrival,
        requests: u32,
    ) -> Result<Simulation, ConfigError> {
        if requests == 0 || requests > MAX_REQUESTS {
            return Err(ConfigError::Requests(requests));
        }
        arrival.validate()?;
        let sampler = Sampler::new(settings.sampler, settings.sampling_ratio)?;
        let resolved = resolve(scenario)?;
        let estimated = resolved
            .spans_per_request
            .saturating_mul(u64::from(requests));
        if estimated > MAX_SPANS_PER_RUN {
            return Err(ConfigError::TooManySpans {
                estimated,
                limit: MAX_SPANS_PER_RUN,
            });
        }
        let mut rng = SimRng::seed_from_u64(seed);
        // Arrival times get their own stream so they stay put when service behaviour changes.
        let arrival_rng = SimRng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
        let compiled = compile(scenario, &resolved, settings.semconv.reports(), &mut rng);
        let pools = compiled.services.iter().map(|s| WorkerPool {
            limit: s.workers,
            ..Default::default()
        });
        let mut state = State {
            reports: settings.semconv.reports(),
            sampler,
            propagate: settings.propagate,
            client_headers: (scenario.client.headers.iter())
                .chain(&settings.client_headers)
                .cloned()
                .collect(),
            rng,
            run_start: start_unix_nano,
            open_loop: None,
            total: requests,
            scheduled: 0,
            started: 0,
            finished: 0,
            sampled: 0,
            dropped: 0,
            spans: 0,
            now: start_unix_nano,
            agenda: Agenda::default(),
            invs: Slab::default(),
            reqs: Slab::default(),
            pools: pools.collect(),
            out: Batch::default(),
            bodies: BodyCache::default(),
            spare_spans: Vec::new(),
            sequential: skip::sequential(&arrival, &compiled, &sampler),
            skip_below: 0,
            skipped: Skipped::default(),
        };
        match arrival {
            Arrival::BackToBack { concurrency } => {
                for client in 0..concurrency.min(requests) {
                    state.schedule_arrival(start_unix_nano, client);
                }
            }
            open => {
                let mut generator = OpenLoop::new(open, start_unix_nano, arrival_rng);
                let first = generator.time_of(0);
                state.open_loop = Some(generator);
                state.schedule_arrival(first, 0);
            }
        }
        Ok(Simulation {
            compiled: Arc::new(compiled),
            state,
        })
    }

    /// Runs until `max_requests` more requests have finished (or the run ends) and returns
    /// them with their spans. `advance(0)` does nothing.
    pub fn advance(&mut self, max_requests: u32) -> Batch {
        let c = &*self.compiled;
        let s = &mut self.state;
        let target = s.finished.saturating_add(max_requests);
        // Room for the batch's spans up front, sized by the spans per request so far: growing
        // the batch by doubling copied every span again (issue 15, a profiled load run).
        let per_request = match s.spans.checked_div(u64::from(s.finished)) {
            Some(so_far) => so_far.saturating_add(1),
            None => c.spans_per_request,
        };
        let room = per_request
            .saturating_mul(u64::from(
                max_requests.min(s.total.saturating_sub(s.finished)),
            ))
            .min(MAX_BATCH_RESERVE);
        s.out.spans.reserve(room as usize);
        while s.finished < target {
            let Some(event) = s.agenda.pop() else { break };
            s.now = event.time;
            match event.kind {
                Kind::Arrival { client } => s.on_arrival(c, client, event.time),
                Kind::Arrive { inv } => s.arrive(c, inv, event.time),
                Kind::Resume { inv } => s.run(c, inv),
                Kind::Finish { inv } => s.finish(c, inv, event.time),
                Kind::Timeout { inv } => s.on_timeout(c, inv, event.time),
                Kind::Retry { inv, step, attempt } => s.on_retry(c, inv, step, attempt, event.time),
            }
        }
        std::mem::take(&mut s.out)
    }

    /// Every request has finished (or, defensively, nothing is left that could happen).
    pub fn is_done(&self) -> bool {
        self.state.finished >= self.state.total || self.state.agenda.is_empty()
    }

    pub fn progress(&self) -> Progress {
        let s = &self.state;
        Progress {
            total: s.total,
            started: s.started,
            finished: s.finished,
            sampled: s.sampled,
            dropped: s.dropped,
            spans: s.spans,
        }
    }

    /// The virtual clock: the time of the last event processed.
    pub fn now_unix_nano(&self) -> u64 {
        self.state.now
    }

    /// Service names, indexing [`RequestRecord::services`](super::RequestRecord::services).
    pub fn service_names(&self) -> Vec<Str> {
        self.compiled
            .services
            .iter()
            .map(|s| s.name.clone())
            .collect()
    }

    /// Runs what is left to the end, in one batch.
    pub fn run_to_end(mut self) -> SimRun {
        let service_names = self.service_names();
        let batch = self.advance(u32::MAX);
        SimRun {
            spans: batch.spans,
            requests: batch.requests,
            sampled: batch.sampled,
            dropped: batch.dropped,
            service_names,
        }
    }
}

/// Runs a whole simulation at once (see [`Simulation::new`] for the arguments).
pub fn simulate(
    scenario: &Scenario,
    settings: &RunSettings,
    seed: u64,
    start_unix_nano: u64,
    arrival: Arrival,
    requests: u32,
) -> Result<SimRun, ConfigError> {
    Simulation::new(scenario, settings, seed, start_unix_nano, arrival, requests)
        .map(Simulation::run_to_end)
}
