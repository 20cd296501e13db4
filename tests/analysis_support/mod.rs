//! Hand-built spans for the analysis tests: times are whole milliseconds after a fixed epoch, so
//! expected numbers can be worked out on paper.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::sync::Arc;
use trace_playground::model::{
    AttrValue, KeyValue, Resource, Scope, Span, SpanId, SpanKind, Status, StatusCode, Trace,
    TraceFlags, TraceId,
};

/// An arbitrary fixed "now" (2023-11-14), so nothing depends on the wall clock.
pub const EPOCH: u64 = 1_700_000_000_000_000_000;
pub const MS: u64 = 1_000_000;
pub const TRACE: TraceId = TraceId(0x4bf92f3577b34da6a3ce929d0e0e4736);

/// Absolute time `ms` milliseconds after `EPOCH`.
pub fn at(ms: u64) -> u64 {
    EPOCH + ms * MS
}

/// An INTERNAL span of `service` from `start_ms` to `end_ms` after `EPOCH`.
pub fn span(
    id: u64,
    parent: Option<u64>,
    service: &str,
    name: &str,
    start_ms: u64,
    end_ms: u64,
) -> Span {
    Span {
        trace_id: TRACE,
        span_id: SpanId(id),
        parent_span_id: parent.map(SpanId),
        flags: TraceFlags::SAMPLED,
        trace_state: String::new(),
        name: name.to_string().into(),
        kind: SpanKind::Internal,
        start_unix_nano: at(start_ms),
        end_unix_nano: at(end_ms),
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
            version: "1.0".into(),
            ..Default::default()
        }),
        wire_headers: None,
    }
}

pub fn server(mut s: Span) -> Span {
    s.kind = SpanKind::Server;
    s
}

pub fn client(mut s: Span) -> Span {
    s.kind = SpanKind::Client;
    s
}

/// Marks the span as failed with an HTTP status code attribute (old semantic conventions).
pub fn http_error(mut s: Span, code: i64) -> Span {
    s.status = Status {
        code: StatusCode::Error,
        message: String::new().into(),
    };
    s.attributes.push(KeyValue::int("http.status_code", code));
    s
}

pub fn error_with_message(mut s: Span, message: &str) -> Span {
    s.status = Status {
        code: StatusCode::Error,
        message: message.to_string().into(),
    };
    s
}

pub fn with_attr(mut s: Span, key: &str, value: AttrValue) -> Span {
    s.attributes.push(KeyValue::new(key.to_string(), value));
    s
}

pub fn trace(spans: Vec<Span>) -> Trace {
    Trace::new(TRACE, spans)
}

pub fn trace_with_id(id: u128, spans: Vec<Span>) -> Trace {
    let mut t = trace(spans);
    t.trace_id = TraceId(id);
    for s in &mut t.spans {
        s.trace_id = TraceId(id);
    }
    t
}

/// The lab's request: A `GET /` 0–384 ms calls B (client span 5–380), B `GET /data` 7–377 ms,
/// optionally with a `heavy_calc` span 200–300 ms inside B.
pub fn lab_trace(heavy_calc: bool) -> Trace {
    let mut spans = vec![
        server(span(1, None, "service-a", "GET /", 0, 384)),
        client(span(2, Some(1), "service-a", "GET", 5, 380)),
        server(span(3, Some(2), "service-b", "GET /data", 7, 377)),
    ];
    if heavy_calc {
        spans.push(span(4, Some(3), "service-b", "heavy_calc", 200, 300));
    }
    trace(spans)
}

/// Index of the span with id `id` in `t.spans`.
pub fn idx(t: &Trace, id: u64) -> usize {
    t.spans
        .iter()
        .position(|s| s.span_id == SpanId(id))
        .expect("test trace has this span")
}
