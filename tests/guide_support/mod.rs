//! Traces for the guide tests: real lab runs from the simulator, and hand-built traces whose
//! numbers can be worked out on paper.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::sync::Arc;
use trace_playground::model::{
    KeyValue, Resource, Scope, Span, SpanId, SpanKind, Status, StatusCode, Trace, TraceFlags,
    TraceId,
};
use trace_playground::sim::{simulate, Arrival, LabOptions, RunSettings, Scenario, SimRun};

/// A fixed anchor (2023-11-14), so nothing depends on the wall clock.
pub const START: u64 = 1_700_000_000_000_000_000;
pub const MS: u64 = 1_000_000;

/// `requests` lab requests, one after another, with `options`.
pub fn lab_run(options: &LabOptions, seed: u64, requests: u32) -> SimRun {
    let scenario = Scenario::lab_with(options).expect("valid options");
    simulate(
        &scenario,
        &RunSettings::from(options),
        seed,
        START,
        Arrival::default(),
        requests,
    )
    .expect("valid run")
}

/// The traces of one lab request.
pub fn lab_traces(options: &LabOptions, seed: u64) -> Vec<Trace> {
    Trace::group(lab_run(options, seed, 1).spans)
}

/// The single trace of one lab request (propagation on).
pub fn lab_trace(options: &LabOptions, seed: u64) -> Trace {
    let mut traces = lab_traces(options, seed);
    assert_eq!(traces.len(), 1, "one request, one trace");
    traces.remove(0)
}

/// A lab trace in which B answered 500.
pub fn error_trace() -> Trace {
    lab_trace(
        &LabOptions {
            random_500s: true,
            error_rate_percent: 100.0,
            ..LabOptions::default()
        },
        7,
    )
}

pub fn find<'a>(trace: &'a Trace, service: &str, kind: SpanKind) -> &'a Span {
    trace
        .spans
        .iter()
        .find(|s| s.service_name() == service && s.kind == kind)
        .unwrap_or_else(|| panic!("a {kind:?} span of {service}"))
}

/// A span of `service` from `start_ms` to `end_ms` after `START`.
pub fn span(
    id: u64,
    parent: Option<u64>,
    service: &str,
    kind: SpanKind,
    name: &str,
    start_ms: u64,
    end_ms: u64,
) -> Span {
    Span {
        trace_id: TraceId(0x4bf92f3577b34da6a3ce929d0e0e4736),
        span_id: SpanId(id),
        parent_span_id: parent.map(SpanId),
        flags: TraceFlags(3),
        trace_state: String::new(),
        name: name.to_string().into(),
        kind,
        start_unix_nano: START + start_ms * MS,
        end_unix_nano: START + end_ms * MS,
        attributes: Vec::new(),
        events: Vec::new(),
        links: Vec::new(),
        status: Status::default(),
        resource: Arc::new(Resource {
            service_name: service.to_string().into(),
            attributes: vec![KeyValue::str("service.name", service.to_string())],
            ..Default::default()
        }),
        scope: Arc::new(Scope {
            name: "test".into(),
            version: String::new().into(),
            ..Default::default()
        }),
        wire_headers: None,
    }
}

pub fn failed(mut s: Span, code: i64) -> Span {
    s.status = Status {
        code: StatusCode::Error,
        message: String::new().into(),
    };
    s.attributes.push(KeyValue::int("http.status_code", code));
    s
}

pub fn trace_of(spans: Vec<Span>) -> Trace {
    let mut traces = Trace::group(spans);
    assert_eq!(traces.len(), 1);
    traces.remove(0)
}

/// The lab's shape with times chosen so the numbers are exact: A's server span 0–247 ms, A's
/// client 3–246 ms, B's server 5–246 ms. Critical path: B 241 ms, A 6 ms (3 + 2 + 1).
pub fn lab_247ms() -> Trace {
    trace_of(vec![
        span(1, None, "service-a", SpanKind::Server, "GET /", 0, 247),
        span(2, Some(1), "service-a", SpanKind::Client, "GET", 3, 246),
        span(
            3,
            Some(2),
            "service-b",
            SpanKind::Server,
            "GET /data",
            5,
            246,
        ),
    ])
}

/// The checkout path of issue 12's ten-service preset as a chain of calls, each service
/// holding 5 ms of its own around its call, except `pricing`, which works 400 ms itself.
pub const CHECKOUT: [&str; 10] = [
    "gateway",
    "frontend",
    "cart",
    "catalog",
    "pricing",
    "inventory",
    "payment",
    "fraud",
    "shipping",
    "notification",
];

pub fn ten_service_trace() -> Trace {
    // Service i starts at 5·i ms. The leaf works 10 ms; each caller ends 5 ms after its callee,
    // and pricing adds its own 400 ms after its call returns.
    let mut end_of = [0; CHECKOUT.len()];
    let mut end = 5 * (CHECKOUT.len() as u64 - 1) + 10;
    for i in (0..CHECKOUT.len()).rev() {
        if i + 1 < CHECKOUT.len() {
            end += 5;
        }
        if CHECKOUT[i] == "pricing" {
            end += 400;
        }
        end_of[i] = end;
    }
    let spans = CHECKOUT
        .iter()
        .enumerate()
        .map(|(i, service)| {
            let id = i as u64 + 1;
            let parent = (i > 0).then_some(id - 1);
            let start = 5 * i as u64;
            span(
                id,
                parent,
                service,
                SpanKind::Server,
                "POST /checkout",
                start,
                end_of[i],
            )
        })
        .collect();
    trace_of(spans)
}
