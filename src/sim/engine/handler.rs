//! What happens at each event: a request arrives, waits for a worker, runs its handler's steps
//! (calls, manual spans, work), answers, and frees its worker for the next in the queue.
//!
//! Timeline of one call from a handler (all overheads drawn from the scenario's `overhead`):
//! CLIENT span starts → build request (overhead) → network delay → wait for a worker → SERVER
//! span starts → middleware (overhead) → steps → middleware (overhead) → SERVER span ends →
//! network delay → read response (overhead) → CLIENT span ends. So every child starts after and
//! ends before its parent.
//!
//! RNG draws never depend on sampling decisions: an unsampled request draws the same ids and
//! durations as a sampled one, so changing the sampler changes which spans are kept, not timing.

use super::outcome::queued_event;
use super::{EdgeRef, Inv, Kind, Req, State};
use crate::model::{Span, SpanKind, Status, Str, TraceFlags};
use crate::propagation::Extracted;
use crate::sim::compile::{CEdge, CEndpoint, CStep, Compiled};
use crate::sim::ids;
use crate::sim::latency::NsDist;
use crate::sim::record::ServiceLoad;
use crate::sim::SimRng;

/// Linux's default ephemeral port range: where a caller's `net.peer.port` comes from.
const EPHEMERAL_PORTS: std::ops::RangeInclusive<u16> = 32768..=60999;

/// Most span slots reserved up front for one request.
const MAX_RESERVED_SPANS: u64 = 4096;

/// The body Flask answers an unhandled exception with (its `InternalServerError` title).
const INTERNAL_SERVER_ERROR: &str = "Internal Server Error";

/// A step's duration, from an incident's latency while one is under way at `elapsed` ns into
/// the run.
fn draw_at(endpoint: &CEndpoint, own: NsDist, elapsed: u64, rng: &mut SimRng) -> u64 {
    endpoint
        .incident_at(elapsed)
        .and_then(|i| i.latency)
        .unwrap_or(own)
        .draw(rng)
}

impl State {
    pub(super) fn schedule_arrival(&mut self, time: u64, client: u32) {
        self.scheduled += 1;
        self.agenda.push(time, Kind::Arrival { client });
    }

    /// The load generator sends a request to the entry endpoint.
    pub(super) fn on_arrival(&mut self, c: &Compiled, client: u32, t: u64) {
        let index = self.started;
        self.started += 1;
        let req = self.reqs.insert(Req {
            index,
            arrival: t,
            client,
            trace_id: Default::default(),
            sampled: false,
            error: false,
            spans: self.spare_spans.pop().unwrap_or_default(),
            loads: vec![ServiceLoad::default(); c.services.len()],
            live: 1,
            answer: None,
            skip: index < self.skip_below,
            skipped_traces: 0,
            skipped_spans: 0,
        });
        let mut entry = Inv::new(req, c.entry.target, EdgeRef::Entry, None);
        if !self.client_headers.is_empty() {
            entry.headers = self.client_headers.clone();
        }
        let inv = self.invs.insert(entry);
        if self.scheduled < self.total {
            if let Some(open) = self.open_loop.as_mut() {
                let next = open.time_of(self.scheduled);
                self.schedule_arrival(next, 0);
            }
        }
        self.arrive(c, inv, t);
    }

    /// A request reaches its service: a free worker takes it, or it joins the FIFO queue.
    pub(super) fn arrive(&mut self, c: &Compiled, id: u32, t: u64) {
        let service = c.endpoints[self.invs[id].endpoint as usize].service as usize;
        self.invs[id].arrive_at = t;
        let pool = &mut self.pools[service];
        if pool.limit.is_none_or(|limit| pool.busy < limit) {
            pool.busy += 1;
            self.start(c, id, t);
        } else {
            self.invs[id].queue_len = pool.waiting.len() as u32;
            pool.waiting.push_back(id);
        }
    }

    fn edge(c: &Compiled, edge: EdgeRef) -> &CEdge {
        match edge {
            EdgeRef::Step { endpoint, step } => {
                match c.endpoints[endpoint as usize].steps.get(step as usize) {
                    Some(CStep::Call(call)) => &call.edge,
                    _ => &c.entry,
                }
            }
            EdgeRef::Entry => &c.entry,
        }
    }

    /// A worker picks the request up: the SERVER span starts, context comes from the headers
    /// through the service's propagators.
    pub(super) fn start(&mut self, c: &Compiled, id: u32, t: u64) {
        let inv = &mut self.invs[id];
        let endpoint = &c.endpoints[inv.endpoint as usize];
        let service = &c.services[endpoint.service as usize];
        let req = &mut self.reqs[inv.req];
        let wait = t.saturating_sub(inv.arrive_at);
        let load = &mut req.loads[endpoint.service as usize];
        load.invocations += 1;
        load.queue_wait_nanos = load.queue_wait_nanos.saturating_add(wait);
        load.max_queue_wait_nanos = load.max_queue_wait_nanos.max(wait);

        // The callee's own propagators read the request: a format it does not extract is no
        // context at all, and it starts a new trace (a new root).
        // (No headers, as from the lab's curl: nothing any format could read.)
        let extracted = if inv.headers.is_empty() {
            Extracted::default()
        } else {
            service.propagators.extract(&inv.headers)
        };
        let parent = extracted.context;
        inv.baggage = extracted.baggage;
        inv.debug = extracted.debug;
        let trace_id = match &parent {
            Some(p) => p.trace_id,
            None => ids::trace_id(&mut self.rng),
        };
        let span_id = ids::span_id(&mut self.rng);
        let peer_port = self.rng.random_range(EPHEMERAL_PORTS);
        let sampled = self.sampler.should_sample(parent.as_ref(), trace_id);
        // Our trace ids are random (Level 2 flag); a continued trace keeps the caller's claim.
        let random = parent
            .as_ref()
            .map_or(TraceFlags::RANDOM.0, |p| p.flags.0 & TraceFlags::RANDOM.0);
        inv.trace_id = trace_id;
        inv.span_id = span_id;
        inv.flags = TraceFlags(random).with_sampled(sampled);
        let recording = sampled && !req.skip;
        inv.recording = recording;
        inv.start_at = t;
        if inv.caller.is_none() {
            req.trace_id = trace_id;
            req.sampled = sampled;
            if recording {
                // One allocation per trace instead of a doubling series (capped: a huge
                // fan-out still grows as it goes).
                req.spans
                    .reserve(c.spans_per_request.min(MAX_RESERVED_SPANS) as usize);
            }
        }
        if sampled && req.skip {
            req.skipped_spans += 1;
            req.skipped_traces += u64::from(parent.is_none());
        }
        let parent_span_id = parent.as_ref().map(|p| p.span_id);
        inv.trace_state = parent.map(|p| p.trace_state).unwrap_or_default();
        if recording {
            let template = &Self::edge(c, inv.edge).server;
            let mut attributes = Vec::with_capacity(template.attributes.len() + 3);
            attributes.extend_from_slice(&template.attributes);
            for i in &template.peer_port_at {
                if let Some(kv) = attributes.get_mut(*i) {
                    kv.value = crate::model::AttrValue::Int(peer_port.into());
                }
            }
            let events = if wait > 0 {
                vec![queued_event(t, wait, inv.queue_len)]
            } else {
                Vec::new()
            };
            inv.server_slot = req.spans.len() as u32;
            req.spans.push(Span {
                trace_id,
                span_id,
                parent_span_id,
                flags: inv.flags,
                trace_state: inv.trace_state.clone(),
                name: endpoint.span_name.clone(),
                kind: SpanKind::Server,
                start_unix_nano: t,
                end_unix_nano: t,
                attributes,
                events,
                links: Vec::new(),
                status: Status::default(),
                resource: service.resource.clone(),
                scope: service.server_scope.clone(),
                wire_headers: Some(std::mem::take(&mut inv.headers)),
            });
        }
        inv.clock = t.saturating_add(c.overhead.draw(&mut self.rng));
        inv.step = 0;
        inv.repeat = 0;
        self.run(c, id);
    }

    /// Runs the handler's steps from where it stopped, until it waits for calls or answers.
    pub(super) fn run(&mut self, c: &Compiled, id: u32) {
        let endpoint_index = self.invs[id].endpoint;
        let endpoint = &c.endpoints[endpoint_index as usize];
        if self.invs[id].raised.is_some() {
            // A call raised (a timeout): the exception ends the handler here.
            return self.respond(c, id);
        }
        let run_start = self.run_start;
        loop {
            let inv = &mut self.invs[id];
            let step_index = inv.step;
            let Some(step) = endpoint.steps.get(step_index as usize) else {
                return self.respond(c, id);
            };
            match step {
                CStep::Work(dist) => {
                    let ns = draw_at(
                        endpoint,
                        *dist,
                        inv.clock.saturating_sub(run_start),
                        &mut self.rng,
                    );
                    inv.clock = inv.clock.saturating_add(ns);
                    inv.step += 1;
                }
                CStep::Span(spec) => {
                    let span_id = ids::span_id(&mut self.rng);
                    let start = inv.clock;
                    let ns = draw_at(
                        endpoint,
                        spec.duration,
                        start.saturating_sub(run_start),
                        &mut self.rng,
                    );
                    let end = start.saturating_add(ns);
                    if inv.recording {
                        let service = &c.services[endpoint.service as usize];
                        self.reqs[inv.req].spans.push(Span {
                            trace_id: inv.trace_id,
                            span_id,
                            parent_span_id: Some(inv.span_id),
                            flags: inv.flags,
                            trace_state: inv.trace_state.clone(),
                            name: spec.name.clone(),
                            kind: spec.kind,
                            start_unix_nano: start,
                            end_unix_nano: end,
                            attributes: spec.attributes.clone(),
                            events: Vec::new(),
                            links: Vec::new(),
                            status: Status::default(),
                            resource: service.resource.clone(),
                            scope: spec.scope.clone(),
                            wire_headers: None,
                        });
                    } else if inv.flags.is_sampled() {
                        self.reqs[inv.req].skipped_spans += 1;
                    }
                    inv.clock = end;
                    inv.step += 1;
                }
                CStep::Call(call) => {
                    let edge = EdgeRef::Step {
                        endpoint: endpoint_index,
                        step: step_index,
                    };
                    if call.parallel && call.count > 0 {
                        inv.pending = call.count;
                        inv.resume_at = inv.clock;
                        inv.step += 1;
                        let start = inv.clock;
                        for _ in 0..call.count {
                            self.call(c, id, edge, start, 0);
                        }
                        return;
                    }
                    if !call.parallel && inv.repeat < call.count {
                        inv.repeat += 1;
                        inv.pending = 1;
                        inv.resume_at = inv.clock;
                        let start = inv.clock;
                        return self.call(c, id, edge, start, 0);
                    }
                    inv.repeat = 0;
                    inv.step += 1;
                }
            }
        }
    }

    /// The handler is done: decide the answer and schedule the end of the SERVER span.
    fn respond(&mut self, c: &Compiled, id: u32) {
        let inv = &mut self.invs[id];
        let endpoint = &c.endpoints[inv.endpoint as usize];
        if inv.raised.is_some() {
            // Flask answers an unhandled exception with its 500 page.
            (inv.status, inv.body) = (500, Str::Borrowed(INTERNAL_SERVER_ERROR));
        } else {
            let incident = endpoint.incident_at(inv.clock.saturating_sub(self.run_start));
            let rule = incident
                .and_then(|i| i.error.as_ref())
                .or(endpoint.error.as_ref());
            let failed = rule.filter(|e| self.rng.random::<f64>() < e.probability);
            (inv.status, inv.body) = match failed {
                Some(e) => (e.status, e.body.clone()),
                None => {
                    let body = &endpoint.body;
                    (
                        200,
                        self.bodies.render(inv.endpoint, body, &inv.downstream_body),
                    )
                }
            };
        }
        let end = inv.clock.saturating_add(c.overhead.draw(&mut self.rng));
        self.agenda.push(end, Kind::Finish { inv: id });
    }
}
