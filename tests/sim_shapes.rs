//! Trace shapes, statuses, headers, resources and timing of the lab's spans (issue 4).

mod sim_support;

use sim_support::*;
use trace_playground::model::{SpanKind, StatusCode, Trace, TraceFlags};
use trace_playground::propagation;
use trace_playground::sim::*;

/// (service, kind, name, scope, index of the parent in this list)
type Shape = &'static [(
    &'static str,
    SpanKind,
    &'static str,
    &'static str,
    Option<usize>,
)];

const FLASK: &str = "opentelemetry.instrumentation.flask";
const REQUESTS: &str = "opentelemetry.instrumentation.requests";

#[rustfmt::skip]
const SHAPES: &[(&str, bool, bool, Shape, [StatusCode; 3])] = &[
    ("OK without heavy_calc: server → client → server", false, false, &[
        ("service-a", SpanKind::Server, "GET /", FLASK, None),
        ("service-a", SpanKind::Client, "GET", REQUESTS, Some(0)),
        ("service-b", SpanKind::Server, "GET /data", FLASK, Some(1)),
    ], [StatusCode::Unset, StatusCode::Unset, StatusCode::Unset]),
    ("OK with heavy_calc: manual INTERNAL child of B's server span", true, false, &[
        ("service-a", SpanKind::Server, "GET /", FLASK, None),
        ("service-a", SpanKind::Client, "GET", REQUESTS, Some(0)),
        ("service-b", SpanKind::Server, "GET /data", FLASK, Some(1)),
        ("service-b", SpanKind::Internal, "heavy_calc", "__main__", Some(2)),
    ], [StatusCode::Unset, StatusCode::Unset, StatusCode::Unset]),
    ("500 without heavy_calc: B server and A client ERROR, A server UNSET", false, true, &[
        ("service-a", SpanKind::Server, "GET /", FLASK, None),
        ("service-a", SpanKind::Client, "GET", REQUESTS, Some(0)),
        ("service-b", SpanKind::Server, "GET /data", FLASK, Some(1)),
    ], [StatusCode::Unset, StatusCode::Error, StatusCode::Error]),
    ("500 with heavy_calc: B fails after its work, heavy_calc still recorded", true, true, &[
        ("service-a", SpanKind::Server, "GET /", FLASK, None),
        ("service-a", SpanKind::Client, "GET", REQUESTS, Some(0)),
        ("service-b", SpanKind::Server, "GET /data", FLASK, Some(1)),
        ("service-b", SpanKind::Internal, "heavy_calc", "__main__", Some(2)),
    ], [StatusCode::Unset, StatusCode::Error, StatusCode::Error]),
];

#[test]
fn lab_traces_have_the_shape_auto_instrumentation_emits() {
    for (why, heavy_calc, fail, shape, statuses) in SHAPES {
        let options = LabOptions {
            heavy_calc: *heavy_calc,
            random_500s: *fail,
            error_rate_percent: 100.0,
            ..LabOptions::default()
        };
        let run = run_one(&options, 42);
        assert_eq!(run.spans.len(), shape.len(), "{why}");
        for (i, (span, (service, kind, name, scope, parent))) in
            run.spans.iter().zip(*shape).enumerate()
        {
            assert_eq!(span.service_name(), *service, "{why}: span {i}");
            assert_eq!(span.kind, *kind, "{why}: span {i}");
            assert_eq!(span.name, *name, "{why}: span {i}");
            assert_eq!(span.scope.name, *scope, "{why}: span {i}");
            assert_eq!(span.trace_id, run.spans[0].trace_id, "{why}: one trace");
            assert_eq!(
                span.parent_span_id,
                parent.map(|p| run.spans[p].span_id),
                "{why}: span {i}"
            );
            assert_eq!(
                span.status.message, "",
                "{why}: HTTP status errors carry no description"
            );
            if let Some(expected) = statuses.get(i) {
                assert_eq!(
                    span.status.code, *expected,
                    "{why}: status of span {i} ({name})"
                );
            }
        }
        let record = &run.requests[0];
        assert_eq!(
            record.status_code, 200,
            "{why}: A answers 200 even when B fails"
        );
        assert_eq!(record.error, *fail, "{why}");
        let body = if *fail {
            "Service A got: Error"
        } else {
            "Service A got: Data from B"
        };
        assert_eq!(record.body, body, "{why}");
        assert_eq!(
            int_attr(&run.spans[0], "http.status_code"),
            Some(200),
            "{why}"
        );
        let b_status = if *fail { 500 } else { 200 };
        assert_eq!(
            int_attr(&run.spans[1], "http.status_code"),
            Some(b_status),
            "{why}"
        );
        assert_eq!(
            int_attr(&run.spans[2], "http.status_code"),
            Some(b_status),
            "{why}"
        );
    }
}

/// A two-service scenario whose downstream always answers `status`.
fn failing_downstream(status: u16) -> Scenario {
    let mut scenario = Scenario::lab();
    scenario.services[1].endpoints[0].error = Some(ErrorRule {
        rate_percent: 100.0,
        status,
        body: "nope".into(),
    });
    scenario
}

#[rustfmt::skip]
const STATUS_MAPPING: &[(u16, StatusCode, StatusCode, &str)] = &[
    (200, StatusCode::Unset, StatusCode::Unset, "success: both UNSET"),
    (302, StatusCode::Unset, StatusCode::Unset, "a redirect is not an error on either side"),
    (404, StatusCode::Unset, StatusCode::Error, "4xx: the client's fault, so SERVER stays UNSET, CLIENT is ERROR"),
    (429, StatusCode::Unset, StatusCode::Error, "4xx again"),
    (500, StatusCode::Error, StatusCode::Error, "5xx: ERROR on both sides"),
    (503, StatusCode::Error, StatusCode::Error, "5xx again"),
];

#[test]
fn http_status_maps_to_span_status_per_side() {
    for (status, server, client, why) in STATUS_MAPPING {
        let scenario = if *status == 200 {
            Scenario::lab()
        } else {
            failing_downstream(*status)
        };
        let settings = RunSettings {
            semconv: SemConv::Http,
            ..RunSettings::default()
        };
        let run = simulate(&scenario, &settings, 3, START, Arrival::default(), 1).unwrap();
        let b_server = only(&run.spans, "service-b", SpanKind::Server);
        let a_client = only(&run.spans, "service-a", SpanKind::Client);
        let a_server = only(&run.spans, "service-a", SpanKind::Server);
        assert_eq!(b_server.status.code, *server, "{why}");
        assert_eq!(a_client.status.code, *client, "{why}");
        assert_eq!(
            a_server.status.code,
            StatusCode::Unset,
            "{why}: A itself answered 200"
        );
        let error_type = (status.to_string() != "200").then(|| status.to_string());
        let expect = |code: &StatusCode| {
            if *code == StatusCode::Error {
                error_type.as_deref()
            } else {
                None
            }
        };
        assert_eq!(
            str_attr(b_server, "error.type"),
            expect(server),
            "{why}: error.type on SERVER"
        );
        assert_eq!(
            str_attr(a_client, "error.type"),
            expect(client),
            "{why}: error.type on CLIENT"
        );
        assert_eq!(
            int_attr(a_client, "http.response.status_code"),
            Some(i64::from(*status)),
            "{why}"
        );
    }
}

#[test]
fn context_crosses_only_through_injected_and_extracted_headers() {
    let run = run_one(&LabOptions::default(), 9);
    let a_server = only(&run.spans, "service-a", SpanKind::Server);
    let a_client = only(&run.spans, "service-a", SpanKind::Client);
    let b_server = only(&run.spans, "service-b", SpanKind::Server);
    let sent = a_client
        .wire_headers
        .as_ref()
        .expect("client keeps what it injected");
    let received = b_server
        .wire_headers
        .as_ref()
        .expect("server keeps what it extracted");
    assert_eq!(sent, received, "the same header map crossed the wire");
    assert_eq!(
        a_server.wire_headers.as_deref(),
        Some(&[][..]),
        "curl sends no trace context"
    );
    let traceparent = format!("00-{}-{}-03", a_client.trace_id, a_client.span_id);
    assert_eq!(sent, &vec![("traceparent".to_string(), traceparent)]);
    let context = propagation::extract(received).expect("valid traceparent");
    assert_eq!(context.trace_id, b_server.trace_id);
    assert_eq!(
        Some(context.span_id),
        b_server.parent_span_id,
        "B's parent is A's CLIENT span"
    );
    for span in &run.spans {
        assert_eq!(
            span.flags,
            TraceFlags(0x03),
            "{}: sampled, and random ids (Level 2)",
            span.name
        );
        assert!(span.flags.is_random());
    }
}

#[test]
fn propagation_off_gives_two_unrelated_traces() {
    let options = LabOptions {
        propagate: false,
        heavy_calc: true,
        ..LabOptions::default()
    };
    let run = run_one(&options, 5);
    let a_client = only(&run.spans, "service-a", SpanKind::Client);
    let b_server = only(&run.spans, "service-b", SpanKind::Server);
    assert_eq!(
        a_client.wire_headers.as_deref(),
        Some(&[][..]),
        "nothing injected"
    );
    assert_eq!(
        b_server.wire_headers.as_deref(),
        Some(&[][..]),
        "nothing to extract"
    );
    assert_eq!(b_server.parent_span_id, None, "B starts a trace of its own");
    assert_ne!(b_server.trace_id, a_client.trace_id);
    let traces = Trace::group(run.spans.clone());
    assert_eq!(traces.len(), 2, "one orphan trace per service");
    assert_eq!(traces[0].spans.len(), 2, "A: server + client");
    assert_eq!(traces[1].spans.len(), 2, "B: server + heavy_calc");
    assert_eq!(
        run.requests[0].trace_id, a_client.trace_id,
        "the record names A's trace"
    );
}

#[test]
fn resources_name_each_service_instance_and_the_real_producer() {
    let options = LabOptions {
        fan_out: 2,
        ..LabOptions::default()
    };
    let run = run_one(&options, 11);
    let mut instance_ids = std::collections::HashMap::new();
    for span in &run.spans {
        let resource = &span.resource;
        let attr = |k: &str| {
            resource
                .attributes
                .iter()
                .find(|kv| kv.key == k)
                .map(|kv| kv.value.to_string())
        };
        assert_eq!(attr("service.name").as_deref(), Some(span.service_name()));
        assert_eq!(
            attr("telemetry.sdk.name").as_deref(),
            Some("trace-playground")
        );
        assert_eq!(attr("telemetry.sdk.language").as_deref(), Some("rust"));
        assert_eq!(
            attr("telemetry.sdk.version").as_deref(),
            Some(env!("CARGO_PKG_VERSION"))
        );
        let id = attr("service.instance.id").expect("instance id");
        assert_eq!((id.len(), &id[14..15]), (36, "4"), "UUID v4: {id}");
        let first = instance_ids
            .entry(span.service_name().to_string())
            .or_insert(id.clone());
        assert_eq!(*first, id, "one instance id per service");
        if span.kind != SpanKind::Internal
            && span.scope.name != "opentelemetry.instrumentation.sqlite3"
        {
            assert_eq!(span.scope.version, INSTRUMENTATION_VERSION, "{}", span.name);
        }
    }
    let mut ids: Vec<_> = instance_ids.values().collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        3,
        "service-a, service-b and db each have their own instance id"
    );
}

#[test]
fn every_child_nests_strictly_inside_its_parent() {
    #[rustfmt::skip]
    let cases: &[(&str, LabOptions)] = &[
        ("lab", LabOptions::default()),
        ("heavy_calc and errors", LabOptions { heavy_calc: true, random_500s: true, ..LabOptions::default() }),
        ("no network delay", LabOptions { network_delay_ms: 0.0, heavy_calc: true, ..LabOptions::default() }),
        ("sequential fan-out", LabOptions { fan_out: 20, ..LabOptions::default() }),
        ("parallel fan-out, 2 db workers", LabOptions { fan_out: 20, fan_out_mode: FanOutMode::Parallel, workers_db: Some(2), ..LabOptions::default() }),
    ];
    for (why, options) in cases {
        let run = run_lab(options, 8, Arrival::BackToBack { concurrency: 3 }, 30);
        let pairs = assert_strictly_nested(&run.spans);
        assert_eq!(
            pairs,
            run.spans.len() - 30,
            "{why}: every span but the roots has its parent"
        );
        for trace in Trace::group(run.spans.clone()) {
            let a_server = only(&trace.spans, "service-a", SpanKind::Server);
            let a_client = only(&trace.spans, "service-a", SpanKind::Client);
            let b_server = only(&trace.spans, "service-b", SpanKind::Server);
            assert!(
                a_server.duration_nanos() > a_client.duration_nanos(),
                "{why}"
            );
            assert!(
                a_client.duration_nanos() > b_server.duration_nanos(),
                "{why}"
            );
        }
    }
}

#[test]
fn durations_follow_the_lab_code() {
    let options = LabOptions {
        heavy_calc: true,
        ..LabOptions::default()
    };
    let run = run_lab(&options, 4, Arrival::default(), 200);
    for span in find(&run.spans, "service-b", SpanKind::Internal) {
        assert_eq!(
            span.duration_nanos(),
            100 * MS,
            "heavy_calc sleeps exactly 0.1 s"
        );
    }
    for span in find(&run.spans, "service-b", SpanKind::Server) {
        let d = span.duration_nanos();
        // 100 ms heavy_calc + uniform(100, 500) ms + two overheads of 0.1–0.5 ms.
        assert!((200 * MS..=601 * MS).contains(&d), "B server took {d} ns");
    }
    for (a, b) in find(&run.spans, "service-a", SpanKind::Client)
        .iter()
        .zip(find(&run.spans, "service-b", SpanKind::Server))
    {
        let gap = b.start_unix_nano - a.start_unix_nano;
        // Build the request (0.1–0.5 ms) + 2 ms one-way delay, no queueing.
        assert!(
            (2_100_000..=2_500_000).contains(&gap),
            "client→server gap {gap} ns"
        );
    }
}

#[test]
fn timestamps_are_anchored_at_the_start_time() {
    let run = run_one(&LabOptions::default(), 1);
    assert_eq!(
        run.spans[0].start_unix_nano, START,
        "the first request arrives at the anchor"
    );
    assert_eq!(run.requests[0].start_unix_nano, START);
    assert_eq!(run.requests[0].end_unix_nano(), run.spans[0].end_unix_nano);
    let later = simulate(
        &Scenario::lab(),
        &RunSettings::default(),
        1,
        START + 5 * MS,
        Arrival::default(),
        1,
    )
    .unwrap();
    for (a, b) in run.spans.iter().zip(&later.spans) {
        assert_eq!(
            b.start_unix_nano - a.start_unix_nano,
            5 * MS,
            "{}: shifted by the anchor only",
            a.name
        );
        assert_eq!(b.duration_nanos(), a.duration_nanos());
    }
}
