//! Jaeger's propagation format (<https://www.jaegertracing.io/sdk-migration/#propagation-format>),
//! deprecated in OpenTelemetry: `uber-trace-id` and `uberctx-*`, one row per rule, every
//! invalid row saying why.

use trace_playground::model::{Headers, SpanId, TraceFlags, TraceId};
use trace_playground::propagation::jaeger::{
    parse_uber_trace_id, parse_uberctx_value, uberctx_key, JaegerError, JaegerField as F,
    UberTraceId,
};
use trace_playground::propagation::percent::BadPercent;
use trace_playground::propagation::{
    decode_header, Baggage as BaggageSet, ConfigNote, IdProblem as P, Outgoing, PropagatorKind,
    Propagators, SpanContext,
};

const TRACE: u128 = 0x4bf92f3577b34da6a3ce929d0e0e4736;
const SPAN: u64 = 0x00f067aa0ba902b7;

fn ok(
    trace: u128,
    span: u64,
    parent: &str,
    flags: u8,
    url_encoded: bool,
) -> Result<UberTraceId, JaegerError> {
    Ok(UberTraceId {
        trace_id: TraceId(trace),
        span_id: SpanId(span),
        parent_span_id: parent.to_string(),
        flags,
        url_encoded,
    })
}

fn id(field: F, problem: P) -> Result<UberTraceId, JaegerError> {
    Err(JaegerError::Id { field, problem })
}

fn flags(found: &str) -> Result<UberTraceId, JaegerError> {
    Err(JaegerError::Flags {
        found: found.to_string(),
    })
}

fn headers(list: &[(&str, &str)]) -> Headers {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[rustfmt::skip]
fn cases() -> Vec<(&'static str, Result<UberTraceId, JaegerError>, &'static str)> {
    vec![
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01", ok(TRACE, SPAN, "0", 1, false), "Value: {trace-id}:{span-id}:{parent-span-id}:{flags}"),
        ("a3ce929d0e0e4736:00f067aa0ba902b7:0:1", ok(0xa3ce929d0e0e4736, SPAN, "0", 1, false), "Value › trace-id: 64 bits; flags as one hex digit"),
        ("deadbeef:1:0:1", ok(0xdeadbeef, 1, "0", 1, false), "Value: receivers MUST accept shorter ids and 0-pad them on the left"),
        ("4BF92F3577B34DA6A3CE929D0E0E4736:00F067AA0BA902B7:0:01", ok(TRACE, SPAN, "0", 1, false), "Value: base16 names no case; either is read"),
        ("4bf92f3577b34da6a3ce929d0e0e4736%3A00f067aa0ba902b7%3A0%3A01", ok(TRACE, SPAN, "0", 1, true), "Value: a URL-encoded value is decoded first"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:53ce929d0e0e4736:01", ok(TRACE, SPAN, "53ce929d0e0e4736", 1, false), "Value › parent-span-id: deprecated, ignored on receipt"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:zz:01", ok(TRACE, SPAN, "zz", 1, false), "Value › parent-span-id: not read at all"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:03", ok(TRACE, SPAN, "0", 3, false), "Value › flags: 0x02 debug with 0x01 sampled"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:00", ok(TRACE, SPAN, "0", 0, false), "Value › flags: not sampled"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:Ff", ok(TRACE, SPAN, "0", 0xff, false), "Value › flags: unused bits are read, not refused"),
        ("", Err(JaegerError::Empty), "invalid: an empty value"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:01", Err(JaegerError::FieldCount { found: 3 }), "invalid: exactly four fields, not three"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01:x", Err(JaegerError::FieldCount { found: 5 }), "invalid: nor five"),
        ("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0-01", Err(JaegerError::FieldCount { found: 1 }), "invalid: the separator is ':'"),
        ("14bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01", id(F::TraceId, P::TooLong { max: 32, found: 33 }), "invalid: trace-id is at most 128 bits"),
        ("00000000000000000000000000000000:00f067aa0ba902b7:0:01", id(F::TraceId, P::AllZero), "invalid: trace-id 0 is not valid"),
        ("0:00f067aa0ba902b7:0:01", id(F::TraceId, P::AllZero), "invalid: a short 0 too"),
        (":00f067aa0ba902b7:0:01", id(F::TraceId, P::Empty), "invalid: an empty trace-id"),
        ("4bf92f3577b34da6a3ce929d0e0e473g:00f067aa0ba902b7:0:01", id(F::TraceId, P::InvalidCharacter { column: 32, found: 'g' }), "invalid: trace-id is base16"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:100f067aa0ba902b7:0:01", id(F::SpanId, P::TooLong { max: 16, found: 17 }), "invalid: span-id is at most 64 bits"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:0:0:01", id(F::SpanId, P::AllZero), "invalid: span-id 0 is not valid"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:", flags(""), "invalid: flags are one or two hex digits, not none"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:001", flags("001"), "invalid: not three"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:0x01", flags("0x01"), "invalid: no 0x prefix"),
        ("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:0g", flags("0g"), "invalid: hex digits only"),
        ("4bf92f3577b34da6a3ce929d0e0e4736%3A00f067aa0ba902b7%3A0%3", Err(JaegerError::BadPercent(BadPercent { column: 56 })), "invalid: a '%' that starts no escape"),
    ]
}

#[test]
fn uber_trace_id_follows_the_propagation_format() {
    for (input, expected, why) in cases() {
        assert_eq!(parse_uber_trace_id(input), expected, "{why}: {input:?}");
        if let Err(error) = expected {
            assert!(why.starts_with("invalid: "), "{why}");
            let message = error.to_string();
            assert!(
                message.ends_with(&format!("({})", error.section())),
                "{why}: {message}"
            );
            assert!(
                error
                    .section()
                    .url()
                    .starts_with("https://www.jaegertracing.io/sdk-migration/#"),
                "{why}"
            );
        }
    }
    assert_eq!(
        parse_uber_trace_id("0:1:0:1").unwrap_err().to_string(),
        "uber-trace-id trace-id is all zeros, which is no id (Jaeger Trace/Span Identity › Value)"
    );
}

/// (flags, sampled, debug, rule).
#[rustfmt::skip]
const FLAGS: &[(u8, bool, bool, &str)] = &[
    (0x00, false, false, "Value › flags: 0 is not sampled"),
    (0x01, true, false, "Value › flags: bit 1 (0x01) is sampled"),
    (0x03, true, true, "Value › flags: bit 2 (0x02) is debug"),
    (0x02, false, false, "Value › flags: debug is set only with sampled; alone it is ignored"),
    (0x09, true, false, "Value › flags: firehose (0x08) has no OpenTelemetry meaning"),
];

#[test]
fn flags_map_to_sampled_and_debug() {
    for (bits, sampled, debug, why) in FLAGS {
        let parsed = parse_uber_trace_id(&format!("1:1:0:{bits:x}")).expect(why);
        assert_eq!(
            (parsed.is_sampled(), parsed.is_debug()),
            (*sampled, *debug),
            "{why}"
        );
        let extracted = Propagators::new([PropagatorKind::Jaeger])
            .extract(&headers(&[("uber-trace-id", &format!("1:1:0:{bits:02x}"))]));
        let context = extracted.context.expect(why);
        assert_eq!(
            (context.flags.is_sampled(), extracted.debug),
            (*sampled, *debug),
            "{why}"
        );
    }
}

/// `None`: not a baggage header; `Some(Err(()))`: a bad one; `Some(Ok((key, value)))`.
type Baggage = Option<Result<(&'static str, &'static str), ()>>;

#[rustfmt::skip]
const UBERCTX: &[(&str, &str, Baggage, &str)] = &[
    ("uberctx-key1", "value1", Some(Ok(("key1", "value1"))), "Baggage: uberctx-{baggage-key}"),
    ("uberctx-key1", "value%201%20%2F%20blah", Some(Ok(("key1", "value 1 / blah"))), "Baggage › Value Encoding: the page's own example"),
    ("UberCtx-My-Key", "v", Some(Ok(("My-Key", "v"))), "Key: header names are case-insensitive; the key is kept as written"),
    ("uberctx-k", "Am%C3%A9lie", Some(Ok(("k", "Amélie"))), "Value Encoding: UTF-8 percent-encoded"),
    ("uberctx-", "v", Some(Err(())), "invalid: uberctx- with no key"),
    ("uberctx-a b", "v", Some(Err(())), "invalid: a key is an HTTP token"),
    ("uberctx-k", "100%", Some(Err(())), "invalid: a bare '%' is no URL encoding"),
    ("uber-trace-id", "1:1:0:1", None, "not a baggage header"),
    ("ctx-uberctx-k", "v", None, "the prefix starts the name"),
];

#[test]
fn uberctx_headers_carry_url_encoded_baggage() {
    for (name, value, expected, why) in UBERCTX {
        let got = uberctx_key(name).map(|key| {
            let key = key.map_err(|_| ())?;
            parse_uberctx_value(key, value)
                .map(|v| (key.to_string(), v))
                .map_err(|_| ())
        });
        let expected = expected.map(|r| r.map(|(k, v)| (k.to_string(), v.to_string())));
        assert_eq!(got, expected, "{why}");
    }
    let error = parse_uberctx_value("k", "100%").unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("(Jaeger Baggage › Value Encoding)"),
        "{error}"
    );
}

fn ctx(flags: u8) -> SpanContext {
    SpanContext {
        trace_id: TraceId(TRACE),
        span_id: SpanId(SPAN),
        flags: TraceFlags(flags),
        trace_state: String::new(),
    }
}

#[test]
fn injection_writes_what_opentelemetry_jaeger_propagators_write() {
    let mut baggage = BaggageSet::new();
    baggage.insert("key1", "value 1 / blah").unwrap();
    baggage.insert("user-id", "Amélie").unwrap();
    #[rustfmt::skip]
    let cases: &[(u8, bool, &str, &str)] = &[
        (0x01, false, "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01", "sampled: flags 01; parent-span-id is sent as 0"),
        (0x00, false, "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:00", "not sampled"),
        (0x03, false, "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01", "the W3C random flag has no Jaeger bit"),
        (0x01, true, "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:03", "debug is propagated with sampled"),
    ];
    for (flags, debug, expected, why) in cases {
        let mut out = headers(&[("uberctx-stale", "x"), ("UBER-TRACE-ID", "stale")]);
        Propagators::new([PropagatorKind::Jaeger]).inject_outgoing(
            &Outgoing {
                context: &ctx(*flags),
                baggage: &baggage,
                debug: *debug,
            },
            &mut out,
        );
        assert_eq!(
            out,
            headers(&[
                ("uber-trace-id", expected),
                ("uberctx-key1", "value%201%20%2F%20blah"),
                ("uberctx-user-id", "Am%C3%A9lie")
            ]),
            "{why}"
        );
    }
    assert_eq!(
        Propagators::new([PropagatorKind::Jaeger]).fields(),
        ["uber-trace-id"],
        "Fields: uberctx-{{key}} names vary"
    );
}

#[test]
fn extraction_reads_the_first_trace_header_and_merges_baggage() {
    let list = headers(&[
        (
            "Uber-Trace-Id",
            "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:01",
        ),
        ("uber-trace-id", "1:1:0:0"),
        ("uberctx-a", "1"),
        ("uberctx-a", "2"),
        ("uberctx-b", "x%20y"),
        ("uberctx-c", "bad%"),
    ]);
    let got = Propagators::new([PropagatorKind::Jaeger]).extract(&list);
    assert_eq!(
        got.context,
        Some(ctx(0x01)),
        "API Get: the first value of uber-trace-id"
    );
    assert_eq!(got.source, Some(PropagatorKind::Jaeger));
    let entries: Vec<(&str, &str)> = got
        .baggage
        .iter()
        .map(|e| (e.key.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        entries,
        [("a", "1"), ("b", "x y")],
        "the first of a repeated uberctx header; a bad value is dropped"
    );
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].violation.header, "uberctx-c");
    let broken = Propagators::new([PropagatorKind::Jaeger])
        .extract(&headers(&[("uber-trace-id", "0:1:0:1")]));
    assert_eq!(broken.context, None, "an invalid header starts a new trace");
    assert!(broken.problems[0]
        .violation
        .message
        .contains("trace-id is all zeros"));
}

#[test]
fn jaeger_is_marked_deprecated_everywhere_it_shows() {
    assert!(PropagatorKind::Jaeger.is_deprecated());
    assert!(PropagatorKind::Jaeger.description().contains("deprecated"));
    assert!(PropagatorKind::ALL
        .iter()
        .filter(|k| k.is_deprecated())
        .eq([PropagatorKind::Jaeger].iter()));
    let built = Propagators::from_env_names(&["tracecontext", "jaeger"]).unwrap();
    assert_eq!(
        built.notes(),
        [ConfigNote::Deprecated {
            kind: PropagatorKind::Jaeger
        }]
    );
    assert!(built.notes()[0]
        .to_string()
        .contains("deprecated in OpenTelemetry"));
    let decoded = decode_header(
        "uber-trace-id",
        "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:03",
    );
    assert!(decoded.is_valid());
    assert!(decoded.notes.iter().any(|n| n.contains("deprecated")));
    let fields: Vec<(&str, &str)> = decoded
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.value.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736"),
            ("span-id", "00f067aa0ba902b7"),
            ("parent-span-id", "0"),
            ("flags", "03")
        ]
    );
    assert!(decoded.fields[3].meaning.contains("debug"));
    let padded = decode_header("uber-trace-id", "abc:1:0:1");
    assert_eq!(
        padded.fields[0].value, "00000000000000000000000000000abc",
        "short ids are shown left-padded"
    );
    let bad = decode_header("uber-trace-id", "abc:1:0");
    assert!(!bad.is_valid());
    assert_eq!(
        bad.violations[0].section.url(),
        "https://www.jaegertracing.io/sdk-migration/#value"
    );
    let baggage = decode_header("uberctx-key1", "value%201%20%2F%20blah");
    assert_eq!(
        (
            baggage.fields[0].name.as_str(),
            baggage.fields[0].value.as_str()
        ),
        ("key1", "value 1 / blah")
    );
}
