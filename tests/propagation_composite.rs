//! The composite propagator built from `OTEL_PROPAGATORS` names, against the OpenTelemetry
//! Propagators API "Composite Propagator" and "Extract"
//! (<https://opentelemetry.io/docs/specs/otel/context/api-propagators/#composite-propagator>)
//! and the variable's rules
//! (<https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/>).
//! The property tests are in `propagation_roundtrip.rs`.

use trace_playground::model::{Headers, SpanId, TraceFlags, TraceId};
use trace_playground::propagation::{
    Baggage, ConfigNote as N, PropagatorKind as K, Propagators, PropagatorsError, SpanContext,
};

/// (names, formats, notes, rule).
type ConfigCase = (Vec<&'static str>, Vec<K>, Vec<N>, &'static str);

#[rustfmt::skip]
fn config_cases() -> Vec<ConfigCase> {
    vec![
        (vec!["tracecontext", "baggage"], vec![K::TraceContext, K::Baggage], vec![], "the default, spelled out"),
        (vec!["b3multi", "tracecontext"], vec![K::B3Multi, K::TraceContext], vec![], "Composite: the order given is kept"),
        (vec![], vec![K::TraceContext, K::Baggage], vec![N::EmptyMeansDefault], "Parsing empty value: empty is unset, so the default"),
        (vec!["", " "], vec![K::TraceContext, K::Baggage], vec![N::EmptyMeansDefault], "empty names are no names"),
        (vec![" b3 ", "\tjaeger"], vec![K::B3, K::Jaeger], vec![N::Deprecated { kind: K::Jaeger }], "spaces around names are ignored; jaeger is deprecated"),
        (vec!["b3", "tracecontext", "b3"], vec![K::B3, K::TraceContext], vec![N::Repeated { name: "b3" }], "values MUST be deduplicated: registered once, first place"),
        (vec!["none"], vec![], vec![], "none: no automatically configured propagator"),
        (vec!["tracecontext", "none", "b3"], vec![], vec![N::NoneTurnsOff { others: vec!["tracecontext", "b3"] }], "none among others: no propagation, as the SDKs read it"),
        (vec!["tracecontext", "baggage", "b3", "b3multi", "jaeger"], K::ALL.to_vec(), vec![N::Deprecated { kind: K::Jaeger }], "every known name"),
    ]
}

#[test]
fn names_build_the_composite_the_spec_describes() {
    for (names, kinds, notes, why) in config_cases() {
        let built = Propagators::from_env_names(&names).unwrap_or_else(|e| panic!("{why}: {e}"));
        assert_eq!(built.kinds(), kinds.as_slice(), "{why}");
        assert_eq!(built.notes(), notes.as_slice(), "{why}");
        assert_eq!(
            Propagators::from_env_value(&names.join(",")).map(|p| p.kinds().to_vec()),
            Ok(kinds),
            "{why}: as one variable"
        );
    }
    assert_eq!(
        Propagators::default().kinds(),
        [K::TraceContext, K::Baggage]
    );
    assert_eq!(
        Propagators::default().fields(),
        ["traceparent", "tracestate", "baggage"],
        "Fields: every header, once"
    );
    assert_eq!(
        Propagators::new([K::B3, K::B3, K::B3Multi]).fields(),
        [
            "b3",
            "x-b3-traceid",
            "x-b3-spanid",
            "x-b3-sampled",
            "x-b3-flags"
        ]
    );
    assert!(Propagators::none().is_none());
}

#[rustfmt::skip]
const UNKNOWN: &[(&str, Option<&str>, &str)] = &[
    ("zipkin", None, "invalid: not a propagator name"),
    ("B3", Some("b3"), "invalid: names are case-sensitive; the lowercase one is suggested"),
    ("tracecontex", Some("tracecontext"), "invalid: a typo gets the nearest name"),
    ("w3c", None, "invalid: the W3C format is called tracecontext (and b3 is too far to suggest)"),
    ("b3mutli", Some("b3multi"), "invalid: a swapped pair of letters"),
    ("bagage", Some("baggage"), "invalid: a missing letter"),
    ("None", Some("none"), "invalid: none is lowercase too"),
];

#[test]
fn unknown_names_are_errors_that_list_the_known_ones() {
    for (name, suggestion, why) in UNKNOWN {
        let error = Propagators::from_env_names(&["tracecontext", name]).unwrap_err();
        assert_eq!(
            error,
            PropagatorsError::Unknown {
                name: name.to_string(),
                suggestion: *suggestion
            },
            "{why}"
        );
        let message = error.to_string();
        assert!(
            message.contains("tracecontext, baggage, b3, b3multi, jaeger and none"),
            "{why}: {message}"
        );
        assert!(
            message.ends_with("(OpenTelemetry General SDK Configuration)"),
            "{why}: {message}"
        );
    }
    assert_eq!(
        Propagators::from_env_names(&["B3"]).unwrap_err().to_string(),
        "unknown propagator \"B3\" (did you mean \"b3\"?): the known names are tracecontext, baggage, b3, b3multi, jaeger and none (OpenTelemetry General SDK Configuration)"
    );
    for name in ["xray", "ottrace"] {
        let error = Propagators::from_env_names(&[name]).unwrap_err();
        assert_eq!(
            error,
            PropagatorsError::NotImplemented { name },
            "the spec's third-party names get their own message"
        );
        assert!(error.to_string().contains("third-party"));
    }
}

const TRACE: u128 = 0x4bf92f3577b34da6a3ce929d0e0e4736;

fn ctx(span: u64, flags: u8) -> SpanContext {
    SpanContext {
        trace_id: TraceId(TRACE),
        span_id: SpanId(span),
        flags: TraceFlags(flags),
        trace_state: String::new(),
    }
}

fn headers(list: &[(&str, &str)]) -> Headers {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const TP: (&str, &str) = (
    "traceparent",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-000000000000000a-01",
);
const B3: (&str, &str) = ("b3", "4bf92f3577b34da6a3ce929d0e0e4736-000000000000000b-1");
const UBER: (&str, &str) = (
    "uber-trace-id",
    "4bf92f3577b34da6a3ce929d0e0e4736:000000000000000c:0:01",
);
const BAD_B3: (&str, &str) = ("b3", "4bf92f3577b34da6a3ce929d0e0e4736-000000000000000b-x");

/// (OTEL_PROPAGATORS, headers, span id of the context kept, its source, problems, rule).
type ExtractCase = (
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<u64>,
    Option<K>,
    usize,
    &'static str,
);

#[rustfmt::skip]
const EXTRACT: &[ExtractCase] = &[
    ("tracecontext,b3", &[TP, B3], Some(0xb), Some(K::B3), 0, "Composite: extract in order; a later valid context replaces an earlier one"),
    ("b3,tracecontext", &[TP, B3], Some(0xa), Some(K::TraceContext), 0, "Composite: the order given decides"),
    ("tracecontext,b3", &[TP, BAD_B3], Some(0xa), Some(K::TraceContext), 1, "Extract: a propagator that cannot parse MUST NOT store a new value"),
    ("tracecontext,b3,jaeger", &[TP, B3, UBER], Some(0xc), Some(K::Jaeger), 0, "three formats: the last valid one"),
    ("tracecontext,baggage", &[B3], None, None, 0, "a b3-only caller is a new trace for a tracecontext service (the broken-propagation lesson)"),
    ("b3", &[TP], None, None, 0, "and a traceparent-only caller for a b3 service"),
    ("none", &[TP, B3, UBER, ("baggage", "a=1")], None, None, 0, "none reads nothing"),
    ("b3multi", &[B3], Some(0xb), Some(K::B3Multi), 0, "b3multi extracts the single header too (Configuration: extract order Single, Multi)"),
];

#[test]
fn extraction_runs_each_propagator_in_order() {
    for (names, list, span, source, problems, why) in EXTRACT {
        let got = Propagators::from_env_value(names)
            .unwrap()
            .extract(&headers(list));
        assert_eq!(got.context.map(|c| c.span_id.0), *span, "{names}: {why}");
        assert_eq!(got.source, *source, "{names}: {why}");
        assert_eq!(
            got.problems.len(),
            *problems,
            "{names}: {why}: {:?}",
            got.problems
        );
    }
}

#[test]
fn baggage_and_debug_live_beside_the_span_context() {
    let list = headers(&[
        ("baggage", "a=w3c,b=w3c"),
        ("uberctx-a", "jaeger"),
        ("uberctx-c", "jaeger"),
    ]);
    let get = |names: &str, key: &str| {
        Propagators::from_env_value(names)
            .unwrap()
            .extract(&list)
            .baggage
            .get(key)
            .map(str::to_string)
    };
    assert_eq!(
        get("baggage,jaeger", "a").as_deref(),
        Some("jaeger"),
        "jaeger merges over earlier baggage, key by key"
    );
    assert_eq!(get("baggage,jaeger", "b").as_deref(), Some("w3c"));
    assert_eq!(
        get("jaeger,baggage", "a").as_deref(),
        Some("w3c"),
        "a valid baggage header replaces the set (opentelemetry-java, -js)"
    );
    assert_eq!(get("jaeger,baggage", "c"), None);
    let debug = Propagators::from_env_value("b3,tracecontext")
        .unwrap()
        .extract(&headers(&[
            ("b3", "4bf92f3577b34da6a3ce929d0e0e4736-000000000000000b-d"),
            TP,
        ]));
    assert_eq!(
        (debug.source, debug.debug),
        (Some(K::TraceContext), true),
        "B3 Extract: debug is kept in the context; a later span context does not clear it"
    );
    let mut out = Headers::new();
    let context = ctx(0xd, 0x01);
    Propagators::from_env_value("b3multi")
        .unwrap()
        .inject_outgoing(&debug.outgoing(&context), &mut out);
    assert!(
        out.contains(&("x-b3-flags".to_string(), "1".to_string())),
        "…and propagated with subsequent requests"
    );
}

#[test]
fn injection_runs_every_propagator_in_order() {
    let mut baggage = Baggage::new();
    baggage.insert("userId", "alice").unwrap();
    let context = SpanContext {
        trace_state: "rojo=1".into(),
        ..ctx(0xd, 0x03)
    };
    let mut out = Headers::new();
    Propagators::from_env_value("jaeger,b3,tracecontext,baggage,b3multi")
        .unwrap()
        .inject(&context, &baggage, &mut out);
    let names: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "uber-trace-id",
            "uberctx-userId",
            "b3",
            "traceparent",
            "tracestate",
            "baggage",
            "x-b3-traceid",
            "x-b3-spanid",
            "x-b3-sampled"
        ],
        "Composite: inject calls every propagator, in order"
    );
    let back = Propagators::from_env_value("tracecontext,baggage")
        .unwrap()
        .extract(&out);
    assert_eq!(
        back.context,
        Some(context.clone()),
        "what tracecontext wrote, tracecontext reads"
    );
    assert_eq!(back.baggage, baggage);
    let mut none = Headers::new();
    Propagators::none().inject(&context, &baggage, &mut none);
    assert!(none.is_empty(), "none writes nothing");
}
