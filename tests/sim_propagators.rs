//! Per-service propagators in the engine (issue 12, "Propagation formats"): a client injects with
//! its own service's `OTEL_PROPAGATORS`, a server extracts with its own, and a server that finds
//! no valid context starts a new trace. Every header that crossed the wire is on the spans, and
//! the baggage in them is readable with `propagation::baggage_of`.
//!
//! Rules cited: OpenTelemetry Propagators API "Composite Propagator" and "Extract"
//! (<https://opentelemetry.io/docs/specs/otel/context/api-propagators/>), its "B3 Requirements",
//! the `OTEL_PROPAGATORS` variable (`none`), W3C Trace Context §4.1, W3C Baggage §3, and
//! Jaeger's propagation format; docs/propagation.md tells them in full.

mod sim_support;

use sim_support::{only, START};
use trace_playground::model::{Headers, Span, SpanKind, Trace, TraceFlags};
use trace_playground::propagation::{baggage_of, Baggage, PropagatorKind, Propagators};
use trace_playground::sim::file::{parse_scenario, Format};
use trace_playground::sim::{
    flask_service, simulate, Arrival, Call, Endpoint, ExternalClient, FanOutMode, Latency,
    Propagator as P, RunSettings, Scenario, SimRun, Step, Target,
};

const NAMES: [&str; 4] = ["svc-a", "svc-b", "svc-c", "svc-d"];
const W3C: &[P] = &[P::TraceContext, P::Baggage];

/// Services in a row, `svc-a` → `svc-b` → ..., service `i` with `lists[i]` as its
/// `OTEL_PROPAGATORS`; the last one only works.
fn chain(lists: &[&[P]]) -> Scenario {
    let services = lists
        .iter()
        .enumerate()
        .map(|(i, list)| {
            let steps = match NAMES.get(i + 1).filter(|_| i + 1 < lists.len()) {
                Some(next) => vec![Step::Call(Call {
                    target: Target::new(*next, "/hop"),
                    count: 1,
                    mode: FanOutMode::Sequential,
                })],
                None => vec![Step::Work(Latency::fixed(5.0))],
            };
            let mut service = flask_service(
                NAMES[i],
                5000 + i as u16,
                vec![Endpoint {
                    method: "GET".into(),
                    route: "/hop".into(),
                    steps,
                    body: "ok".into(),
                    error: None,
                }],
            );
            service.propagators = list.to_vec();
            service
        })
        .collect();
    Scenario {
        services,
        entry: Target::new(NAMES[0], "/hop"),
        client: ExternalClient {
            user_agent: "curl/8.5.0".into(),
            address: "127.0.0.1".into(),
            headers: Vec::new(),
        },
        network_delay_ms: 2.0,
        overhead: Latency::uniform(0.1, 0.5),
        incidents: Vec::new(),
    }
}

fn run_with(scenario: &Scenario, settings: &RunSettings, requests: u32) -> SimRun {
    simulate(scenario, settings, 11, START, Arrival::default(), requests).expect("valid run")
}

fn run(scenario: &Scenario) -> SimRun {
    run_with(scenario, &RunSettings::default(), 1)
}

fn header_names(span: &Span) -> Vec<&str> {
    let headers = span.wire_headers.as_ref().expect("a span with a request");
    headers.iter().map(|(name, _)| name.as_str()).collect()
}

fn header<'a>(span: &'a Span, name: &str) -> Option<&'a str> {
    let headers = span.wire_headers.as_ref()?;
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn with_client_headers(headers: &[(&str, &str)]) -> RunSettings {
    let client_headers: Headers = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    RunSettings {
        client_headers,
        ..RunSettings::default()
    }
}

/// (caller's propagators, callee's, the context crosses, headers on the wire, rule).
type Hop = (
    &'static [P],
    &'static [P],
    bool,
    &'static [&'static str],
    &'static str,
);

#[rustfmt::skip]
const HOPS: &[Hop] = &[
    (W3C, W3C, true, &["traceparent"], "the default tracecontext,baggage; Baggage: no header for empty baggage"),
    (&[P::B3], &[P::B3], true, &["b3"], "B3 single header, both ends"),
    (&[P::B3Multi], &[P::B3Multi], true, &["x-b3-traceid", "x-b3-spanid", "x-b3-sampled"], "B3 multiple headers, both ends; B3 Inject: no ParentSpanId"),
    (&[P::B3], &[P::B3Multi], true, &["b3"], "B3 Extract: b3multi reads the single header too"),
    (&[P::B3Multi], &[P::B3], true, &["x-b3-traceid", "x-b3-spanid", "x-b3-sampled"], "B3 Extract: b3 reads the X-B3-* headers too"),
    (&[P::Jaeger], &[P::Jaeger], true, &["uber-trace-id"], "Jaeger propagation format, both ends"),
    (&[P::TraceContext, P::B3], &[P::B3], true, &["traceparent", "b3"], "Composite: inject writes every format, in order"),
    (&[P::B3Multi, P::Jaeger], &[P::Jaeger], true, &["x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "uber-trace-id"], "Composite: the callee reads the one it knows"),
    (&[P::TraceContext], &[P::B3], false, &["traceparent"], "a b3 server does not read traceparent: a new trace"),
    (&[P::B3], W3C, false, &["b3"], "a tracecontext server does not read b3: a new trace"),
    (&[P::Jaeger], &[P::B3Multi], false, &["uber-trace-id"], "B3 does not read uber-trace-id"),
    (&[P::B3Multi], &[P::Jaeger], false, &["x-b3-traceid", "x-b3-spanid", "x-b3-sampled"], "Jaeger does not read X-B3-*"),
    (&[P::Baggage], &[P::Baggage], false, &[], "baggage alone carries no span context"),
    (&[P::None], W3C, false, &[], "OTEL_PROPAGATORS none: the client injects nothing"),
    (W3C, &[P::None], false, &["traceparent"], "OTEL_PROPAGATORS none: the server extracts nothing"),
    (&[P::TraceContext, P::None], W3C, false, &[], "none anywhere in the list turns propagation off"),
];

#[test]
fn each_side_uses_its_own_propagators() {
    for &(caller, callee, joined, headers, rule) in HOPS {
        let run = run(&chain(&[caller, callee]));
        let client = only(&run.spans, "svc-a", SpanKind::Client);
        let server = only(&run.spans, "svc-b", SpanKind::Server);
        assert_eq!(
            header_names(client),
            headers,
            "{rule}: what the client sent"
        );
        assert_eq!(
            client.wire_headers, server.wire_headers,
            "{rule}: the server records what crossed the wire"
        );
        if joined {
            assert_eq!(server.trace_id, client.trace_id, "{rule}");
            assert_eq!(server.parent_span_id, Some(client.span_id), "{rule}");
            assert_eq!(Trace::group(run.spans.clone()).len(), 1, "{rule}");
        } else {
            assert_ne!(server.trace_id, client.trace_id, "{rule}");
            assert_eq!(server.parent_span_id, None, "{rule}: a new root");
            let traces = Trace::group(run.spans.clone());
            assert_eq!(traces.len(), 2, "{rule}");
            assert!(traces.iter().all(|t| t.root().is_some()), "{rule}");
        }
    }
}

#[test]
fn the_ids_in_each_format_are_the_client_spans() {
    let run = run(&chain(&[
        &[P::TraceContext, P::B3, P::B3Multi, P::Jaeger],
        &[P::Jaeger],
    ]));
    let client = only(&run.spans, "svc-a", SpanKind::Client);
    let (trace, span) = (
        format!("{:032x}", client.trace_id.0),
        format!("{:016x}", client.span_id.0),
    );
    assert_eq!(
        header(client, "traceparent"),
        Some(format!("00-{trace}-{span}-03").as_str())
    );
    // B3 and Jaeger have no random-trace-id flag: only sampled is sent.
    assert_eq!(
        header(client, "b3"),
        Some(format!("{trace}-{span}-1").as_str())
    );
    assert_eq!(header(client, "x-b3-traceid"), Some(trace.as_str()));
    assert_eq!(header(client, "x-b3-spanid"), Some(span.as_str()));
    assert_eq!(header(client, "x-b3-sampled"), Some("1"));
    assert_eq!(
        header(client, "uber-trace-id"),
        Some(format!("{trace}:{span}:0:01").as_str())
    );
}

#[test]
fn a_b3_or_jaeger_parent_carries_no_random_flag() {
    // docs/propagation.md "Flags": a B3 or Jaeger parent gives only the sampled bit, so the
    // callee's spans (and what it sends on in W3C) claim no random trace id.
    for format in [P::B3, P::B3Multi, P::Jaeger] {
        let run = run(&chain(&[&[format], &[format, P::TraceContext], W3C]));
        let a = only(&run.spans, "svc-a", SpanKind::Server);
        let b = only(&run.spans, "svc-b", SpanKind::Server);
        let c = only(&run.spans, "svc-c", SpanKind::Server);
        assert_eq!(a.flags, TraceFlags(0x03), "{format}: a root we started");
        assert_eq!(b.flags, TraceFlags(0x01), "{format}: sampled, not random");
        assert_eq!(
            c.trace_id, a.trace_id,
            "{format}: one trace over both formats"
        );
        assert_eq!(c.flags, TraceFlags(0x01), "{format}");
    }
}

#[test]
fn a_none_service_in_the_middle_starts_a_trace_and_passes_nothing_on() {
    let run = run(&chain(&[W3C, &[P::None], W3C]));
    let traces = Trace::group(run.spans.clone());
    assert_eq!(traces.len(), 3, "none neither reads nor writes context");
    let b_server = only(&run.spans, "svc-b", SpanKind::Server);
    let b_client = only(&run.spans, "svc-b", SpanKind::Client);
    let c_server = only(&run.spans, "svc-c", SpanKind::Server);
    assert_eq!(header_names(b_server), ["traceparent"], "it was sent to b");
    assert_eq!(b_server.parent_span_id, None);
    assert!(header_names(b_client).is_empty(), "b injects nothing");
    assert_eq!(c_server.parent_span_id, None);
    assert_eq!(b_client.trace_id, b_server.trace_id, "b's own trace");
}

#[test]
fn propagation_off_injects_no_format() {
    let settings = RunSettings {
        propagate: false,
        ..RunSettings::default()
    };
    let scenario = chain(&[&[P::B3Multi, P::Jaeger], &[P::B3Multi, P::Jaeger]]);
    let run = run_with(&scenario, &settings, 1);
    let client = only(&run.spans, "svc-a", SpanKind::Client);
    assert!(header_names(client).is_empty());
    assert_eq!(Trace::group(run.spans).len(), 2);
}

#[test]
fn baggage_crosses_when_both_sides_use_baggage() {
    let settings = with_client_headers(&[("baggage", "user.id=42,tenant=acme%20co")]);
    let mut sent = Baggage::new();
    sent.insert("user.id", "42").unwrap();
    sent.insert("tenant", "acme co").unwrap();

    // Every service reads and writes baggage: it reaches the last one.
    let run = run_with(&chain(&[W3C, W3C, W3C]), &settings, 1);
    for name in ["svc-a", "svc-b", "svc-c"] {
        let server = only(&run.spans, name, SpanKind::Server);
        assert_eq!(baggage_of(server), sent, "{name}: W3C Baggage §3");
    }
    let a_client = only(&run.spans, "svc-a", SpanKind::Client);
    assert_eq!(header_names(a_client), ["traceparent", "baggage"]);
    assert_eq!(baggage_of(a_client), sent);

    // A service without `baggage` receives the header but does not extract it, so it sends
    // none on: the trace continues, the baggage stops.
    let run = run_with(&chain(&[W3C, &[P::TraceContext], W3C]), &settings, 1);
    let b_server = only(&run.spans, "svc-b", SpanKind::Server);
    let b_client = only(&run.spans, "svc-b", SpanKind::Client);
    let c_server = only(&run.spans, "svc-c", SpanKind::Server);
    assert_eq!(baggage_of(b_server), sent, "it crossed the wire to b");
    assert_eq!(header_names(b_client), ["traceparent"]);
    assert!(baggage_of(c_server).is_empty());
    assert_eq!(
        c_server.trace_id, b_server.trace_id,
        "the context still crosses"
    );

    // A client that sends baggage to a service without it: dropped at the first hop.
    let run = run_with(&chain(&[&[P::TraceContext], W3C]), &settings, 1);
    let b_server = only(&run.spans, "svc-b", SpanKind::Server);
    assert!(baggage_of(b_server).is_empty());
}

#[test]
fn baggage_crosses_from_w3c_into_jaeger_uberctx() {
    // b reads `baggage` and writes both W3C and Jaeger; c reads Jaeger's `uberctx-*`.
    let settings = with_client_headers(&[("baggage", "user.id=42")]);
    let scenario = chain(&[W3C, &[P::TraceContext, P::Baggage, P::Jaeger], &[P::Jaeger]]);
    let run = run_with(&scenario, &settings, 1);
    let b_client = only(&run.spans, "svc-b", SpanKind::Client);
    assert_eq!(
        header_names(b_client),
        ["traceparent", "baggage", "uber-trace-id", "uberctx-user.id"]
    );
    let c_server = only(&run.spans, "svc-c", SpanKind::Server);
    let b_server = only(&run.spans, "svc-b", SpanKind::Server);
    assert_eq!(c_server.trace_id, b_server.trace_id);
    assert_eq!(baggage_of(c_server).get("user.id"), Some("42"));
    // c writes nothing on (it calls no one), but its extracted baggage is what crossed.
    assert_eq!(baggage_of(c_server).len(), 1);
}

#[test]
fn the_entry_service_continues_what_the_learners_client_sends() {
    let trace = "80f198ee56343ba864fe8b2a57d3eff7";
    let cases: [(&[P], (&str, String), &str); 3] = [
        (
            W3C,
            ("traceparent", format!("00-{trace}-05e3ac9a4f6e3b90-01")),
            "W3C §4.1: a valid traceparent is continued",
        ),
        (
            &[P::B3],
            ("b3", format!("{trace}-05e3ac9a4f6e3b90-d")),
            "B3: debug is kept and propagated",
        ),
        (
            &[P::Jaeger],
            ("uber-trace-id", format!("{trace}:05e3ac9a4f6e3b90:0:03")),
            "Jaeger: flags 0x03 are sampled and debug",
        ),
    ];
    for (list, (name, value), rule) in cases {
        let settings = with_client_headers(&[(name, &value)]);
        let run = run_with(&chain(&[list, list]), &settings, 1);
        let a = only(&run.spans, "svc-a", SpanKind::Server);
        assert_eq!(format!("{:032x}", a.trace_id.0), trace, "{rule}");
        assert_eq!(
            a.parent_span_id.map(|s| s.to_string()).as_deref(),
            Some("05e3ac9a4f6e3b90"),
            "{rule}"
        );
        assert_eq!(
            run.requests[0].trace_id, a.trace_id,
            "{rule}: the request's trace"
        );
        assert_eq!(Trace::group(run.spans.clone()).len(), 1, "{rule}");
        let client = only(&run.spans, "svc-a", SpanKind::Client);
        if list == [P::B3] {
            let sent = header(client, "b3").expect("b3 sent on");
            assert!(sent.ends_with("-d"), "{rule}: {sent}");
        }
    }
}

#[test]
fn the_lab_sends_exactly_the_headers_it_always_did() {
    // The lab's services use the default tracecontext,baggage; with no baggage, the Baggage
    // propagator adds no header (as OpenTelemetry's does), so only `traceparent` crosses.
    let lab = Scenario::lab();
    assert!(lab.services.iter().all(|s| s.propagators == W3C));
    let run = run_with(&lab, &RunSettings::default(), 3);
    for span in run.spans.iter().filter(|s| s.kind == SpanKind::Client) {
        assert_eq!(header_names(span), ["traceparent"]);
    }
    assert_eq!(Trace::group(run.spans).len(), 3);
}

#[test]
fn one_enum_reads_every_name_from_one_table() {
    // `sim::Propagator` is `propagation::PropagatorKind`: a scenario's list is the composite's.
    let from_scenario: PropagatorKind = P::B3Multi;
    assert_eq!(
        from_scenario.fields(),
        ["x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags"]
    );
    let names: Vec<&str> = PropagatorKind::KNOWN.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        ["tracecontext", "baggage", "b3", "b3multi", "jaeger", "none"]
    );
    for kind in PropagatorKind::KNOWN {
        assert_eq!(PropagatorKind::from_name(kind.name()), Some(kind));
        assert!(!kind.description().is_empty(), "{kind}");
    }
    // OTEL_PROPAGATORS names are case-sensitive; `none` is a name, not a format.
    assert_eq!(PropagatorKind::from_name("None"), None);
    assert!(!PropagatorKind::ALL.contains(&P::None));
    assert!(P::None.fields().is_empty());
    assert_eq!(P::DEFAULT, [P::TraceContext, P::Baggage]);
}

/// (a service's list, the formats it runs, the notes, rule).
type Built = (
    &'static [P],
    &'static [P],
    &'static [&'static str],
    &'static str,
);

#[rustfmt::skip]
const BUILT: &[Built] = &[
    (W3C, W3C, &[], "the default, as written"),
    (&[], W3C, &["no propagators given"], "Parsing empty value: empty means unset, the default"),
    (&[P::None], &[], &[], "none: no propagation"),
    (&[P::TraceContext, P::None, P::B3], &[], &["\"none\" means no propagation, so tracecontext, b3 are ignored"], "none anywhere (Go, Java, JS SDKs)"),
    (&[P::B3, P::B3, P::Jaeger], &[P::B3, P::Jaeger], &["\"b3\" is listed more than once", "jaeger is deprecated"], "Values MUST be deduplicated; Jaeger deprecated"),
];

#[test]
fn a_services_list_builds_the_composite_otel_propagators_would() {
    for &(list, kinds, notes, rule) in BUILT {
        let built = Propagators::configured(list);
        assert_eq!(built.kinds(), kinds, "{rule}");
        let got: Vec<String> = built.notes().iter().map(|n| n.to_string()).collect();
        assert_eq!(got.len(), notes.len(), "{rule}: {got:?}");
        for (note, want) in got.iter().zip(notes) {
            assert!(note.starts_with(want), "{rule}: {note}");
        }
        let names: Vec<&str> = list.iter().map(|k| k.name()).collect();
        assert_eq!(
            Propagators::from_env_names(&names).as_ref(),
            Ok(&built),
            "{rule}: the same as reading the names"
        );
    }
    assert!(
        Propagators::new([P::B3, P::None]).is_none(),
        "new: none turns the rest off"
    );
}

#[test]
fn a_scenario_file_lists_none_among_the_known_names() {
    let text =
        "services:\n  - name: a\n    propagators: [zipkin]\n    endpoints:\n      - route: /\n";
    let errors = parse_scenario(text, Format::Yaml).expect_err("zipkin is not a name");
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("unknown propagator `zipkin`")
                && e.message.contains("`none`")),
        "{errors:?}"
    );
    let text = text.replace("zipkin", "none");
    let loaded = parse_scenario(&text, Format::Yaml).expect("none is a name");
    assert_eq!(loaded.scenario.services[0].propagators, [P::None]);
    // Even a valid traceparent from the client is not read: the service starts its own trace.
    let sent = "00-80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-01";
    let run = run_with(
        &loaded.scenario,
        &with_client_headers(&[("traceparent", sent)]),
        1,
    );
    let server = only(&run.spans, "a", SpanKind::Server);
    assert_eq!(server.parent_span_id, None);
    assert_ne!(
        format!("{:032x}", server.trace_id.0),
        "80f198ee56343ba864fe8b2a57d3eff7"
    );
}

#[test]
fn baggage_of_reads_w3c_and_jaeger_and_drops_what_is_malformed() {
    let span_with = |headers: &[(&str, &str)]| {
        let run = run(&chain(&[W3C]));
        let mut span = run.spans[0].clone();
        span.wire_headers = Some(
            headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        span
    };
    let entries = |span: &Span| -> Vec<(String, String)> {
        baggage_of(span)
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    };
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    // W3C Baggage §3.3.1: values are percent-decoded; a member that breaks the grammar is
    // dropped and the rest kept (§3.5).
    let span = span_with(&[("baggage", "a=1,bad key=2,c=x%20y")]);
    assert_eq!(entries(&span), [pair("a", "1"), pair("c", "x y")]);
    // Jaeger: `uberctx-{key}` entries merge over W3C's, key by key.
    let span = span_with(&[
        ("baggage", "a=1,b=2"),
        ("uberctx-b", "3"),
        ("uberctx-c", "4"),
    ]);
    assert_eq!(
        entries(&span),
        [pair("a", "1"), pair("b", "3"), pair("c", "4")]
    );
    // A span without a request (a manual or database span) has none.
    let mut span = span_with(&[]);
    span.wire_headers = None;
    assert!(baggage_of(&span).is_empty());
}
