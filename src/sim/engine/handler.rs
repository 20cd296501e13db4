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
use crate::model::{Headers, Span, SpanKind, Status, TraceFlags};
use crate::propagation::{self, SpanContext};
use crate::sim::compile::{CEdge, CStep, Compiled};
use crate::sim::ids;
use crate::sim::record::ServiceLoad;
use crate::sim::semconv;

/// Linux's default ephemeral port range: where a caller's `net.peer.port` comes from.
const EPHEMERAL_PORTS: std::ops::RangeInclusive<u16> = 32768..=60999;

/// Most span slots reserved up front for one request.
const MAX_RESERVED_SPANS: u64 = 4096;

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
            spans: Vec::new(),
            loads: vec![ServiceLoad::default(); c.services.len()],
        });
        let inv = self
            .invs
            .insert(Inv::new(req, c.entry.target, EdgeRef::Entry, None));
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

    /// A worker picks the request up: the SERVER span starts, context comes from the headers.
    fn start(&mut self, c: &Compiled, id: u32, t: u64) {
        let inv = &mut self.invs[id];
        let endpoint = &c.endpoints[inv.endpoint as usize];
        let service = &c.services[endpoint.service as usize];
        let req = &mut self.reqs[inv.req];
        let wait = t.saturating_sub(inv.arrive_at);
        let load = &mut req.loads[endpoint.service as usize];
        load.invocations += 1;
        load.queue_wait_nanos = load.queue_wait_nanos.saturating_add(wait);
        load.max_queue_wait_nanos = load.max_queue_wait_nanos.max(wait);

        let parent = propagation::extract(&inv.headers);
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
        inv.recording = sampled;
        inv.start_at = t;
        if inv.caller.is_none() {
            req.trace_id = trace_id;
            req.sampled = sampled;
            if sampled {
                // One allocation per trace instead of a doubling series (capped: a huge
                // fan-out still grows as it goes).
                req.spans
                    .reserve(c.spans_per_request.min(MAX_RESERVED_SPANS) as usize);
            }
        }
        let parent_span_id = parent.as_ref().map(|p| p.span_id);
        inv.trace_state = parent.map(|p| p.trace_state).unwrap_or_default();
        if sampled {
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
        loop {
            let inv = &mut self.invs[id];
            let step_index = inv.step;
            let Some(step) = endpoint.steps.get(step_index as usize) else {
                return self.respond(c, id);
            };
            match step {
                CStep::Work(range) => {
                    inv.clock = inv.clock.saturating_add(range.draw(&mut self.rng));
                    inv.step += 1;
                }
                CStep::Span(spec) => {
                    let span_id = ids::span_id(&mut self.rng);
                    let start = inv.clock;
                    let end = start.saturating_add(spec.duration.draw(&mut self.rng));
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
                        for _ in 0..call.count {
                            self.call(c, id, edge);
                        }
                        return;
                    }
                    if !call.parallel && inv.repeat < call.count {
                        inv.repeat += 1;
                        inv.pending = 1;
                        inv.resume_at = inv.clock;
                        return self.call(c, id, edge);
                    }
                    inv.repeat = 0;
                    inv.step += 1;
                }
            }
        }
    }

    /// One downstream call: the CLIENT span starts, context is injected into real headers, and
    /// the request leaves for the callee.
    fn call(&mut self, c: &Compiled, caller_id: u32, edge: EdgeRef) {
        let EdgeRef::Step { endpoint, step } = edge else {
            return;
        };
        let Some(CStep::Call(call)) = c.endpoints[endpoint as usize].steps.get(step as usize)
        else {
            return;
        };
        let caller = &self.invs[caller_id];
        let span_id = ids::span_id(&mut self.rng);
        let start = caller.clock;
        let mut headers = Headers::new();
        if self.propagate {
            let context = SpanContext {
                trace_id: caller.trace_id,
                span_id,
                flags: caller.flags,
                trace_state: caller.trace_state.clone(),
            };
            propagation::inject(&context, &mut headers);
        }
        let prepare = c.overhead.draw(&mut self.rng);
        let arrive = start.saturating_add(prepare).saturating_add(c.delay_ns);
        let req = &mut self.reqs[caller.req];
        let client_slot = caller.recording.then(|| {
            let service = &c.services[c.endpoints[endpoint as usize].service as usize];
            let mut attributes = Vec::with_capacity(call.client_attributes.len() + 4);
            attributes.extend_from_slice(&call.client_attributes);
            req.spans.push(Span {
                trace_id: caller.trace_id,
                span_id,
                parent_span_id: Some(caller.span_id),
                flags: caller.flags,
                trace_state: caller.trace_state.clone(),
                name: call.client_name.clone(),
                kind: SpanKind::Client,
                start_unix_nano: start,
                end_unix_nano: start,
                attributes,
                events: Vec::new(),
                links: Vec::new(),
                status: Status::default(),
                resource: service.resource.clone(),
                scope: service.client_scope.clone(),
                wire_headers: Some(headers.clone()),
            });
            (req.spans.len() - 1) as u32
        });
        let mut callee = Inv::new(caller.req, call.edge.target, edge, Some(caller_id));
        callee.client_slot = client_slot;
        callee.headers = headers;
        let callee = self.invs.insert(callee);
        self.agenda.push(arrive, Kind::Arrive { inv: callee });
    }

    /// The handler is done: decide the answer and schedule the end of the SERVER span.
    fn respond(&mut self, c: &Compiled, id: u32) {
        let inv = &mut self.invs[id];
        let endpoint = &c.endpoints[inv.endpoint as usize];
        let failed = endpoint
            .error
            .as_ref()
            .filter(|e| self.rng.random::<f64>() < e.probability);
        (inv.status, inv.body) = match failed {
            Some(e) => (e.status, e.body.clone()),
            None => (200, endpoint.body.render(&inv.downstream_body)),
        };
        let end = inv.clock.saturating_add(c.overhead.draw(&mut self.rng));
        self.agenda.push(end, Kind::Finish { inv: id });
    }

    /// The SERVER span ends, the worker takes the next queued request, and the answer travels
    /// back to the caller (or, for the entry service, to the load generator).
    pub(super) fn finish(&mut self, c: &Compiled, id: u32, t: u64) {
        let inv = &mut self.invs[id];
        let service = c.endpoints[inv.endpoint as usize].service as usize;
        let req = &mut self.reqs[inv.req];
        let status = inv.status;
        if inv.recording {
            if let Some(span) = req.spans.get_mut(inv.server_slot as usize) {
                span.end_unix_nano = t;
                span.status = semconv::server_end(self.reports, status, &mut span.attributes);
            }
        }
        let load = &mut req.loads[service];
        load.busy_nanos = load
            .busy_nanos
            .saturating_add(t.saturating_sub(inv.start_at));
        if status >= 500 {
            load.errors += 1;
            req.error = true;
        }
        let (caller, client_slot, request) = (inv.caller, inv.client_slot, inv.req);
        let body = std::mem::take(&mut inv.body);
        self.invs.remove(id);

        let pool = &mut self.pools[service];
        pool.busy = pool.busy.saturating_sub(1);
        if let Some(next) = pool.waiting.pop_front() {
            pool.busy += 1;
            self.start(c, next, t);
        }

        let Some(caller) = caller else {
            return self.complete(request, t, status, body);
        };
        let back = t.saturating_add(c.delay_ns);
        let client_end = back.saturating_add(c.overhead.draw(&mut self.rng));
        let req = &mut self.reqs[request];
        if let Some(span) = client_slot.and_then(|slot| req.spans.get_mut(slot as usize)) {
            span.end_unix_nano = client_end;
            span.status = semconv::client_end(self.reports, status, &mut span.attributes);
        }
        if status >= 400 {
            req.error = true;
        }
        let caller_inv = &mut self.invs[caller];
        caller_inv.downstream_body = body;
        caller_inv.pending = caller_inv.pending.saturating_sub(1);
        caller_inv.resume_at = caller_inv.resume_at.max(client_end);
        if caller_inv.pending == 0 {
            caller_inv.clock = caller_inv.resume_at;
            self.agenda
                .push(caller_inv.resume_at, Kind::Resume { inv: caller });
        }
    }
}
