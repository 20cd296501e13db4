//! Downstream calls: the CLIENT span, the request on the wire, the answer coming back, and what
//! a client policy adds (a timeout that ends the CLIENT span in error, retries after a backoff).
//!
//! A call with a timeout keeps its callee's invocation in the slab until the timeout event has
//! fired, whichever of "the answer arrives" and "the deadline passes" comes first, so the event
//! never meets a reused slot. The callee does not know the client gave up: its SERVER span runs
//! to the end and holds its worker, which is how retries amplify load.
//!
//! A timeout is what `requests` reports as `requests.exceptions.ReadTimeout`: the CLIENT span
//! ends at the deadline with status ERROR (`"ReadTimeout: <message>"`), an `exception` event,
//! and in stable semantic conventions `error.type` = `ReadTimeout`; no status code (there was
//! no response). When the last attempt times out the exception reaches the handler, which
//! stops there, and Flask answers 500 with an `exception` event on its SERVER span.

use super::outcome::exception_event;
use super::{EdgeRef, Inv, Kind, State};
use crate::model::{Headers, KeyValue, Span, SpanKind, Status, StatusCode, Str};
use crate::propagation::{Outgoing, SpanContext};
use crate::sim::compile::{CCall, CStep, Compiled};
use crate::sim::ids;
use crate::sim::semconv;
use std::borrow::Cow;

/// `requests.exceptions.ReadTimeout`: the qualified name the SDK's `record_exception` writes,
/// and the class name `error.type` and the status description use.
const READ_TIMEOUT_TYPE: &str = "requests.exceptions.ReadTimeout";
const READ_TIMEOUT: &str = "ReadTimeout";

/// How one attempt of a call ended.
enum Outcome {
    Answered { status: u16, body: Str },
    TimedOut,
}

/// The call step an edge points at.
fn call_of(c: &Compiled, edge: EdgeRef) -> Option<&CCall> {
    let EdgeRef::Step { endpoint, step } = edge else {
        return None;
    };
    match c.endpoints[endpoint as usize].steps.get(step as usize) {
        Some(CStep::Call(call)) => Some(call),
        _ => None,
    }
}

impl State {
    /// One attempt of a downstream call, starting at `start`: the CLIENT span starts, context
    /// is injected into real headers by the caller's propagators, and the request leaves for
    /// the callee.
    pub(super) fn call(
        &mut self,
        c: &Compiled,
        caller_id: u32,
        edge: EdgeRef,
        start: u64,
        attempt: u32,
    ) {
        let EdgeRef::Step { endpoint, .. } = edge else {
            return;
        };
        let Some(call) = call_of(c, edge) else {
            return;
        };
        let caller = &self.invs[caller_id];
        let span_id = ids::span_id(&mut self.rng);
        let mut headers = Headers::new();
        let service = &c.services[c.endpoints[endpoint as usize].service as usize];
        if self.propagate {
            let context = SpanContext {
                trace_id: caller.trace_id,
                span_id,
                flags: caller.flags,
                trace_state: caller.trace_state.clone(),
            };
            // The caller's propagators write the request; the baggage and debug flag it
            // received go on with it.
            let outgoing = Outgoing {
                context: &context,
                baggage: &caller.baggage,
                debug: caller.debug,
            };
            service.propagators.inject_outgoing(&outgoing, &mut headers);
        }
        let prepare = c.overhead.draw(&mut self.rng);
        let arrive = start.saturating_add(prepare).saturating_add(c.delay_ns);
        let req = &mut self.reqs[caller.req];
        if !caller.recording && caller.flags.is_sampled() {
            req.skipped_spans += 1;
        }
        let client_slot = caller.recording.then(|| {
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
        req.live += 1;
        let mut callee = Inv::new(caller.req, call.edge.target, edge, Some(caller_id));
        callee.client_slot = client_slot;
        callee.headers = headers;
        callee.attempt = attempt;
        let timeout = call.policy.as_ref().and_then(|p| p.timeout);
        callee.deadline = timeout.map(|ns| start.saturating_add(ns));
        let deadline = callee.deadline;
        let callee = self.invs.insert(callee);
        self.agenda.push(arrive, Kind::Arrive { inv: callee });
        if let Some(at) = deadline {
            self.agenda.push(at, Kind::Timeout { inv: callee });
        }
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
                if let Some(message) = &inv.raised {
                    record_read_timeout(span, t, message);
                }
            }
        }
        req.live = req.live.saturating_sub(1);
        let load = &mut req.loads[service];
        load.busy_nanos = load
            .busy_nanos
            .saturating_add(t.saturating_sub(inv.start_at));
        if status >= 500 {
            load.errors += 1;
            req.error = true;
        }
        let (caller, client_slot, request) = (inv.caller, inv.client_slot, inv.req);
        let (edge, attempt, deadline, abandoned) =
            (inv.edge, inv.attempt, inv.deadline, inv.abandoned);
        let body = std::mem::take(&mut inv.body);
        // With a deadline the slot is freed by the timeout event, unless it has fired.
        if deadline.is_none() || abandoned {
            self.invs.remove(id);
        } else {
            inv.done = true;
        }

        let pool = &mut self.pools[service];
        pool.busy = pool.busy.saturating_sub(1);
        if let Some(next) = pool.waiting.pop_front() {
            pool.busy += 1;
            self.start(c, next, t);
        }

        let Some(caller) = caller else {
            return self.complete(request, t, status, body);
        };
        if abandoned {
            // The client gave up on this attempt; the answer reaches nobody. It may have been
            // the last part of a request that has already answered.
            return self.emit_if_done(request);
        }
        let back = t.saturating_add(c.delay_ns);
        let client_end = back.saturating_add(c.overhead.draw(&mut self.rng));
        if let Some(deadline) = deadline {
            if client_end > deadline {
                // Too late: the timeout event at the deadline ends this attempt.
                return;
            }
            self.invs[id].answered = true;
        }
        let req = &mut self.reqs[request];
        if let Some(span) = client_slot.and_then(|slot| req.spans.get_mut(slot as usize)) {
            span.end_unix_nano = client_end;
            span.status = semconv::client_end(self.reports, status, &mut span.attributes);
        }
        if status >= 400 {
            req.error = true;
        }
        let outcome = Outcome::Answered { status, body };
        self.attempt_done(c, caller, edge, attempt, outcome, client_end);
    }

    /// A call's deadline passed: if its answer is not back, the attempt times out.
    pub(super) fn on_timeout(&mut self, c: &Compiled, id: u32, t: u64) {
        let inv = &mut self.invs[id];
        if inv.answered {
            self.invs.remove(id);
            return;
        }
        inv.abandoned = true;
        let (caller, client_slot, request) = (inv.caller, inv.client_slot, inv.req);
        let (edge, attempt) = (inv.edge, inv.attempt);
        if inv.done {
            self.invs.remove(id);
        }
        let message = call_of(c, edge)
            .and_then(|call| call.policy.as_ref())
            .map_or(Str::Borrowed(""), |p| p.timeout_message.clone());
        let req = &mut self.reqs[request];
        if let Some(span) = client_slot.and_then(|slot| req.spans.get_mut(slot as usize)) {
            span.end_unix_nano = t;
            if self.reports.1 {
                span.attributes
                    .push(KeyValue::str("error.type", READ_TIMEOUT));
            }
            record_read_timeout(span, t, &message);
        }
        req.error = true;
        if let Some(caller) = caller {
            self.attempt_done(c, caller, edge, attempt, Outcome::TimedOut, t);
        }
    }

    /// The backoff before a retry is over: the caller sends attempt `attempt` of its call.
    pub(super) fn on_retry(&mut self, c: &Compiled, caller: u32, step: u32, attempt: u32, t: u64) {
        let endpoint = self.invs[caller].endpoint;
        self.call(c, caller, EdgeRef::Step { endpoint, step }, t, attempt);
    }

    /// One attempt of a call from `caller` ended at `t`: retry it, or hand the result to the
    /// caller and resume it once all of its pending calls are done.
    fn attempt_done(
        &mut self,
        c: &Compiled,
        caller: u32,
        edge: EdgeRef,
        attempt: u32,
        outcome: Outcome,
        t: u64,
    ) {
        let policy = call_of(c, edge).and_then(|call| call.policy.as_ref());
        let failed = match &outcome {
            Outcome::Answered { status, .. } => *status >= 500,
            Outcome::TimedOut => true,
        };
        if let (Some(p), EdgeRef::Step { step, .. }) = (policy, edge) {
            if failed && attempt < p.retries {
                let at = t.saturating_add(p.backoff_before(attempt));
                let next = attempt + 1;
                let retry = Kind::Retry {
                    inv: caller,
                    step,
                    attempt: next,
                };
                self.agenda.push(at, retry);
                return;
            }
        }
        let caller_inv = &mut self.invs[caller];
        match outcome {
            Outcome::Answered { body, .. } => caller_inv.downstream_body = body,
            Outcome::TimedOut => {
                let message = policy.map_or(Str::Borrowed(""), |p| p.timeout_message.clone());
                caller_inv.raised = Some(message);
            }
        }
        caller_inv.pending = caller_inv.pending.saturating_sub(1);
        caller_inv.resume_at = caller_inv.resume_at.max(t);
        if caller_inv.pending == 0 {
            caller_inv.clock = caller_inv.resume_at;
            self.agenda
                .push(caller_inv.resume_at, Kind::Resume { inv: caller });
        }
    }
}

/// What the SDK does when `ReadTimeout` leaves a span's `with` block: an `exception` event and
/// status ERROR described as `"ReadTimeout: <message>"`.
fn record_read_timeout(span: &mut Span, t: u64, message: &Str) {
    span.events
        .push(exception_event(t, READ_TIMEOUT_TYPE, message.clone()));
    span.status = Status {
        code: StatusCode::Error,
        message: Cow::Owned(format!("{READ_TIMEOUT}: {message}")),
    };
}
