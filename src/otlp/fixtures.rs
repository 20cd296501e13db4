//! Hand-made spans for tests: every field the encoder writes has a non-default value somewhere.
//! The scope version is the lab's constant, so the fixtures follow it.

use crate::model::{
    AttrValue, Event, KeyValue, Link, Resource, Scope, Span, SpanId, SpanKind, Status, StatusCode,
    Trace, TraceFlags, TraceId,
};
use std::sync::Arc;

pub(crate) fn resource(service: &str) -> Arc<Resource> {
    Arc::new(Resource {
        service_name: service.to_string().into(),
        attributes: vec![
            KeyValue::str("service.name", service.to_string()),
            KeyValue::str("telemetry.sdk.language", "python"),
        ],
        schema_url: "".into(),
    })
}

/// An instrumentation scope of the current contrib release, with the legacy schema URL.
pub(crate) fn scope(name: &str) -> Arc<Scope> {
    Arc::new(Scope {
        name: name.to_string().into(),
        version: crate::sim::INSTRUMENTATION_VERSION.into(),
        schema_url: "https://opentelemetry.io/schemas/1.11.0".into(),
    })
}

/// A lab trace: A's server span → A's client span → B's server span → B's `heavy_calc`,
/// with B failing (status ERROR, an exception event) and a `tracestate`.
pub(crate) fn lab_trace(trace: u128, base: u64) -> Trace {
    let (a, b) = (resource("service-a"), resource("service-b"));
    let (flask, requests, manual) = (
        scope("opentelemetry.instrumentation.flask"),
        scope("opentelemetry.instrumentation.requests"),
        Arc::new(Scope {
            name: "__main__".into(),
            ..Scope::default()
        }),
    );
    let span = |id: u64,
                parent: Option<u64>,
                name: &str,
                kind,
                start: u64,
                end: u64,
                res: &Arc<Resource>,
                sc: &Arc<Scope>| Span {
        trace_id: TraceId(trace),
        span_id: SpanId(id),
        parent_span_id: parent.map(SpanId),
        flags: TraceFlags::SAMPLED,
        trace_state: "vendor=x".into(),
        name: name.to_string().into(),
        kind,
        start_unix_nano: base + start,
        end_unix_nano: base + end,
        attributes: vec![
            KeyValue::str("http.method", "GET"),
            KeyValue::int("http.status_code", 200),
        ],
        events: vec![],
        links: vec![],
        status: Status::default(),
        resource: res.clone(),
        scope: sc.clone(),
        wire_headers: None,
    };
    let mut b_server = span(
        3,
        Some(2),
        "GET /data",
        SpanKind::Server,
        2_000_000,
        300_000_000,
        &b,
        &flask,
    );
    b_server.status = Status {
        code: StatusCode::Error,
        message: "Simulated failure \"500\"".into(),
    };
    b_server.attributes = vec![
        KeyValue::int("http.status_code", 500),
        KeyValue::new("sampling.ratio", AttrValue::Double(0.25)),
        KeyValue::new("retry", AttrValue::Bool(false)),
        KeyValue::int("big", i64::MAX),
        KeyValue::new(
            "http.request.header.accept",
            AttrValue::Array(vec![AttrValue::Str("text/html".into())]),
        ),
    ];
    b_server.events = vec![Event {
        name: "exception".into(),
        time_unix_nano: base + 299_000_000,
        attributes: vec![KeyValue::str("exception.type", "RuntimeError")],
    }];
    let mut heavy = span(
        4,
        Some(3),
        "heavy_calc",
        SpanKind::Internal,
        150_000_000,
        250_000_000,
        &b,
        &manual,
    );
    heavy.links = vec![Link {
        trace_id: TraceId(trace ^ 0xff),
        span_id: SpanId(9),
        trace_state: "vendor=y".into(),
        attributes: vec![KeyValue::str("link.reason", "batch")],
    }];
    Trace::new(
        TraceId(trace),
        vec![
            span(
                1,
                None,
                "GET /",
                SpanKind::Server,
                0,
                310_000_000,
                &a,
                &flask,
            ),
            span(
                2,
                Some(1),
                "GET",
                SpanKind::Client,
                1_000_000,
                305_000_000,
                &a,
                &requests,
            ),
            b_server,
            heavy,
        ],
    )
}
