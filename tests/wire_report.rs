//! Span detail's list of the headers that crossed the wire (issue 12, "Propagation formats"),
//! from real runs of the engine: every header a span sent or received, each decoded in one line
//! with the propagators' own parsers, the baggage entries among them, and a note when a server
//! span is a root.
//!
//! Rules cited: B3 "Multiple Headers" (<https://github.com/openzipkin/b3-propagation>), W3C
//! Baggage §3.3.1 (<https://www.w3.org/TR/baggage/>), W3C Trace Context §4.1
//! (<https://w3c.github.io/trace-context/#no-traceparent-received>), and OpenTelemetry's
//! composite propagator (a format a service does not configure is not read).

use trace_playground::model::{Span, SpanKind};
use trace_playground::propagation::wire::{Direction, NOTHING_READ, NOTHING_RECEIVED};
use trace_playground::propagation::{HeaderKind, WireReport};
use trace_playground::sim::file::{parse_scenario, Format};
use trace_playground::sim::presets::preset;
use trace_playground::sim::{simulate, Arrival, RunSettings};

const START: u64 = 1_700_000_000_000_000_000;

const B3MULTI: &str = "
client:
  headers:
    baggage: userId=alice;ttl=60,cart=3%20items
services:
  - name: shop
    propagators: [b3multi, baggage]
    endpoints:
      - route: /buy
        steps:
          - call: stock/check
  - name: stock
    propagators: b3multi,baggage
    endpoints:
      - route: /check
        steps:
          - work: 5ms
";

fn span<'a>(spans: &'a [Span], service: &str, kind: SpanKind) -> &'a Span {
    spans
        .iter()
        .find(|s| s.service_name() == service && s.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} span of {service}"))
}

#[test]
fn b3multi_headers_and_the_learners_baggage_are_listed_and_decoded() {
    let loaded = parse_scenario(B3MULTI, Format::Yaml).expect("valid scenario");
    // The scenario's client sends the baggage, as `curl -H 'baggage: ...'` would.
    assert_eq!(loaded.scenario.client.headers.len(), 1);
    let run = simulate(
        &loaded.scenario,
        &RunSettings::default(),
        7,
        START,
        Arrival::default(),
        1,
    )
    .expect("runs");
    let client = span(&run.spans, "shop", SpanKind::Client);
    let server = span(&run.spans, "stock", SpanKind::Server);
    for (s, direction) in [(client, Direction::Sent), (server, Direction::Received)] {
        let report = WireReport::of(s).expect("a span with a request");
        assert_eq!(report.direction, direction);
        assert_eq!(report.note, None, "the hop continues the trace");
        let kinds: Vec<HeaderKind> = report.headers.iter().map(|h| h.kind).collect();
        // B3 Multiple Headers: TraceId, SpanId, Sampled (OpenTelemetry sends no ParentSpanId);
        // then W3C Baggage.
        assert_eq!(
            kinds,
            [
                HeaderKind::B3TraceId,
                HeaderKind::B3SpanId,
                HeaderKind::B3Sampled,
                HeaderKind::Baggage
            ],
            "{direction:?}"
        );
        assert!(report.headers.iter().all(|h| h.valid));
        assert_eq!(
            report.headers[0].summary,
            format!("B3 multiple headers: trace {}", client.trace_id)
        );
        assert_eq!(
            report.headers[1].summary,
            format!("B3 multiple headers: span {}", client.span_id),
            "the CLIENT span's id is the callee's parent"
        );
        assert_eq!(report.headers[2].summary, "B3 multiple headers: sampled");
        let entries: Vec<(&str, &str, usize)> = report
            .baggage
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.properties.len()))
            .collect();
        assert_eq!(entries, [("userId", "alice", 1), ("cart", "3 items", 0)]);
    }
    assert_eq!(server.parent_span_id, Some(client.span_id));
    // The entry span received the client's baggage and no trace context: a root.
    let entry = WireReport::of(span(&run.spans, "shop", SpanKind::Server)).unwrap();
    assert_eq!(entry.headers.len(), 1);
    assert_eq!(entry.note, Some(NOTHING_RECEIVED));
    assert_eq!(entry.baggage.len(), 2);
}

#[test]
fn the_client_sends_the_scenarios_headers_then_the_run_settings() {
    let loaded = parse_scenario(B3MULTI, Format::Yaml).expect("valid scenario");
    let settings = RunSettings {
        client_headers: vec![(
            "b3".to_string(),
            "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1".to_string(),
        )],
        ..RunSettings::default()
    };
    let run = simulate(&loaded.scenario, &settings, 7, START, Arrival::default(), 1).expect("runs");
    let entry = span(&run.spans, "shop", SpanKind::Server);
    let names: Vec<&str> = entry
        .wire_headers
        .iter()
        .flatten()
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(names, ["baggage", "b3"]);
    // shop reads b3multi, which reads a single b3 header too (OpenTelemetry B3 requirements).
    assert_eq!(
        entry.trace_id.to_string(),
        "80f198ee56343ba864fe8b2a57d3eff7"
    );
    assert_eq!(WireReport::of(entry).unwrap().note, None);
}

#[test]
fn the_broken_propagation_preset_shows_a_root_that_received_headers() {
    let loaded = preset("broken-propagation")
        .expect("the preset")
        .load()
        .expect("loads");
    let run = simulate(
        &loaded.scenario,
        &RunSettings::default(),
        3,
        START,
        Arrival::default(),
        1,
    )
    .expect("runs");
    // The entry span received nothing: a root (Trace Context §4.1.1).
    let entry = WireReport::of(span(&run.spans, "frontend", SpanKind::Server)).unwrap();
    assert_eq!(entry.note, Some(NOTHING_RECEIVED));
    // orders is b3-only: it received a traceparent it does not read, so it is a root too.
    let orders = span(&run.spans, "orders", SpanKind::Server);
    assert_eq!(orders.parent_span_id, None);
    let report = WireReport::of(orders).unwrap();
    assert_eq!(report.note, Some(NOTHING_READ));
    assert_eq!(report.headers[0].kind, HeaderKind::Traceparent);
    assert!(report.headers[0]
        .summary
        .starts_with("W3C Trace Context: trace "));
    // ...and sends b3, which inventory (tracecontext, baggage, b3) reads.
    let sent = WireReport::of(span(&run.spans, "orders", SpanKind::Client)).unwrap();
    let kinds: Vec<HeaderKind> = sent.headers.iter().map(|h| h.kind).collect();
    assert_eq!(kinds, [HeaderKind::B3]);
    assert!(sent.headers[0]
        .summary
        .starts_with("B3 single header: trace "));
    let inventory = WireReport::of(span(&run.spans, "inventory", SpanKind::Server)).unwrap();
    assert_eq!(inventory.note, None, "continued from b3");
}
