//! Virtual-time simulation of requests through a scenario.
//!
//! Nothing sleeps: time is a number that the engine advances. A run is a pure function of
//! (scenario, seed, start time), so a seed reproduces a run exactly.

use super::scenario::{Call, Latency, Scenario};
use crate::model::{
    KeyValue, Resource, Scope, Span, SpanId, SpanKind, Status, TraceFlags, TraceId,
};
use crate::propagation::{self, SpanContext};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;

const MS: f64 = 1_000_000.0;

/// The spans a run produced.
#[derive(Clone, Debug, Default)]
pub struct SimRun {
    pub spans: Vec<crate::model::Span>,
}

struct Engine<'a> {
    scenario: &'a Scenario,
    rng: StdRng,
    resources: Vec<Arc<Resource>>,
    server_scope: Arc<Scope>,
    client_scope: Arc<Scope>,
    spans: Vec<Span>,
}

/// Simulates `requests` requests, back to back, starting at `start_unix_nano`.
pub fn simulate(scenario: &Scenario, seed: u64, start_unix_nano: u64, requests: u32) -> SimRun {
    let mut engine = Engine {
        scenario,
        rng: StdRng::seed_from_u64(seed),
        resources: scenario
            .services
            .iter()
            .map(|s| {
                Arc::new(Resource {
                    service_name: s.name.clone().into(),
                    attributes: vec![KeyValue::str("service.name", s.name.clone())],
                })
            })
            .collect(),
        server_scope: Arc::new(Scope {
            name: "opentelemetry.instrumentation.flask".into(),
            version: "".into(),
        }),
        client_scope: Arc::new(Scope {
            name: "opentelemetry.instrumentation.requests".into(),
            version: "".into(),
        }),
        spans: Vec::new(),
    };
    let mut now = start_unix_nano;
    for _ in 0..requests {
        now = engine.serve(&scenario.entry, Vec::new(), now) + MS as u64;
    }
    SimRun {
        spans: engine.spans,
    }
}

impl Engine<'_> {
    fn new_span_id(&mut self) -> SpanId {
        // Zero is invalid on the wire; 1 in 2^64 odds, but never emit it.
        SpanId(self.rng.random_range(1..=u64::MAX))
    }

    /// Serves one request at `target` arriving at `start`; returns when the response leaves.
    fn serve(&mut self, target: &Call, headers: crate::model::Headers, start: u64) -> u64 {
        let service = &self.scenario.services[target.service];
        let endpoint = &service.endpoints[target.endpoint];
        let parent = propagation::extract(&headers);
        let trace_id = match &parent {
            Some(p) => p.trace_id,
            None => TraceId(self.rng.random_range(1..=u128::MAX)),
        };
        let span_id = self.new_span_id();
        let mut now = start;
        for call in &endpoint.calls {
            let ctx_span = self.new_span_id();
            let ctx = SpanContext {
                trace_id,
                span_id: ctx_span,
                flags: TraceFlags::SAMPLED,
                trace_state: String::new(),
            };
            let mut out = Vec::new();
            propagation::inject(&ctx, &mut out);
            let delay = (self.scenario.network_delay_ms * MS) as u64;
            let client_start = now;
            let back = self.serve(call, out.clone(), client_start + delay) + delay;
            self.spans.push(Span {
                trace_id,
                span_id: ctx_span,
                parent_span_id: Some(span_id),
                flags: TraceFlags::SAMPLED,
                trace_state: String::new(),
                name: endpoint.method.clone().into(),
                kind: SpanKind::Client,
                start_unix_nano: client_start,
                end_unix_nano: back,
                attributes: vec![],
                events: vec![],
                status: Status::default(),
                resource: self.resources[target.service].clone(),
                scope: self.client_scope.clone(),
                wire_headers: Some(out),
            });
            now = back;
        }
        let Latency::Uniform { min_ms, max_ms } = endpoint.latency;
        let work_ms = if max_ms > min_ms {
            self.rng.random_range(min_ms..max_ms)
        } else {
            min_ms
        };
        now += (work_ms * MS) as u64;
        self.spans.push(Span {
            trace_id,
            span_id,
            parent_span_id: parent.as_ref().map(|p| p.span_id),
            flags: TraceFlags::SAMPLED,
            trace_state: String::new(),
            name: format!("{} {}", endpoint.method, endpoint.route).into(),
            kind: SpanKind::Server,
            start_unix_nano: start,
            end_unix_nano: now,
            attributes: vec![],
            events: vec![],
            status: Status::default(),
            resource: self.resources[target.service].clone(),
            scope: self.server_scope.clone(),
            wire_headers: parent.map(|_| headers),
        });
        now
    }
}
