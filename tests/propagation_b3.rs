//! B3 (<https://github.com/openzipkin/b3-propagation>) as OpenTelemetry's "B3 Requirements" use
//! it (<https://opentelemetry.io/docs/specs/otel/context/api-propagators/#b3-requirements>):
//! one table per encoding, each row citing the README section or OpenTelemetry rule it checks,
//! and every invalid row saying why it is invalid.

use trace_playground::model::{Headers, SpanId, TraceFlags, TraceId};
use trace_playground::propagation::b3::{
    parse_b3_multi, parse_b3_single, B3Encoding as E, B3Error, B3Field as F, B3Header, B3Ids,
    SamplingState as S,
};
use trace_playground::propagation::{
    decode_header, Baggage, IdProblem as P, Outgoing, PropagatorKind, Propagators, SpanContext,
};

const T128: &str = "80f198ee56343ba864fe8b2a57d3eff7";
const T: u128 = 0x80f198ee56343ba864fe8b2a57d3eff7;
const SP: &str = "05e3ac9a4f6e3b90";
const SPAN: u64 = 0x05e3ac9a4f6e3b90;
const PARENT: u64 = 0xe457b5a2e4d86bd1;

fn ok(sampling: S, parent: Option<u64>) -> Result<B3Header, B3Error> {
    Ok(B3Header {
        ids: Some(B3Ids {
            trace_id: TraceId(T),
            trace_id_128: true,
            span_id: SpanId(SPAN),
            parent_span_id: parent.map(SpanId),
        }),
        sampling,
    })
}

fn only(sampling: S) -> Result<B3Header, B3Error> {
    Ok(B3Header {
        ids: None,
        sampling,
    })
}

fn id(encoding: E, field: F, problem: P) -> Result<B3Header, B3Error> {
    Err(B3Error::Id {
        encoding,
        field,
        problem,
    })
}

fn bad_sampling(encoding: E, found: &str) -> Result<B3Header, B3Error> {
    Err(B3Error::SamplingState {
        encoding,
        found: found.to_string(),
    })
}

fn headers(list: &[(&str, &str)]) -> Headers {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

type Case = (String, Result<B3Header, B3Error>, &'static str);

#[rustfmt::skip]
fn single_cases() -> Vec<Case> {
    let s = |t: &str| t.to_string();
    let f = |rest: &str| format!("{T128}-{SP}{rest}");
    let wrong = |expected, found| P::WrongLength { expected, found };
    vec![
        (f("-1-e457b5a2e4d86bd1"), ok(S::Accept, Some(PARENT)), "Single Header: the README's four-field example"),
        (f("-1"), ok(S::Accept, None), "Single Header: the last two fields are optional"),
        (f(""), ok(S::Defer, None), "Single Header › Sampling State: absent is Defer"),
        (f("-0"), ok(S::Deny, None), "Single Header › Sampling State: 0 is Deny"),
        (f("-d"), ok(S::Debug, None), "Single Header › Sampling State: d is Debug"),
        (s("a3ce929d0e0e4736-00f067aa0ba902b7-1"), Ok(B3Header { ids: Some(B3Ids { trace_id: TraceId(0xa3ce929d0e0e4736), trace_id_128: false, span_id: SpanId(0x00f067aa0ba902b7), parent_span_id: None }), sampling: S::Accept }), "Identifiers: a 64-bit TraceId, left-padded to 128 bits"),
        (s("0"), only(S::Deny), "Single Header: a deny decision alone (b3: 0)"),
        (s("1"), only(S::Accept), "Single Header › Sampling State: a sampling state can be sent on its own"),
        (s("d"), only(S::Debug), "Single Header › Sampling State: debug on its own"),
        (s(""), Err(B3Error::Empty), "invalid: an empty b3 has neither ids nor a sampling state"),
        (f("-1-e457b5a2e4d86bd1-x"), Err(B3Error::TooManyFields { found: 5 }), "invalid: at most four fields"),
        (format!("{}-{SP}-1", T128.to_uppercase()), id(E::Single, F::TraceId, P::InvalidCharacter { column: 3, found: 'F' }), "invalid: Single Header › TraceId is lower-hex"),
        (format!("{}-{SP}-1", &T128[..15]), id(E::Single, F::TraceId, wrong("16 or 32", 15)), "invalid: Identifiers: a TraceId is 16 or 32 characters"),
        (format!("{}-{SP}-1", &T128[..24]), id(E::Single, F::TraceId, wrong("16 or 32", 24)), "invalid: no width between 64 and 128 bits"),
        (format!("{}-{SP}-1", "0".repeat(32)), id(E::Single, F::TraceId, P::AllZero), "invalid: an all-zero TraceId is no id (OpenTelemetry)"),
        (format!("{T128}-{}-1", &SP[..15]), id(E::Single, F::SpanId, wrong("16", 15)), "invalid: Single Header › SpanId is 16 characters"),
        (format!("{T128}-{}-1", "0".repeat(16)), id(E::Single, F::SpanId, P::AllZero), "invalid: an all-zero SpanId is no id"),
        (format!("{T128}--1"), id(E::Single, F::SpanId, P::Empty), "invalid: an empty SpanId"),
        (format!("{T128}-05e3ac9a4f6e3b9g-1"), id(E::Single, F::SpanId, P::InvalidCharacter { column: 16, found: 'g' }), "invalid: 'g' is not hex"),
        (f("-2"), bad_sampling(E::Single, "2"), "invalid: Single Header › Sampling State is 1, 0 or d"),
        (f("-true"), bad_sampling(E::Single, "true"), "invalid: true/false is X-B3-Sampled's leniency, not the single header's"),
        (f("-D"), bad_sampling(E::Single, "D"), "invalid: debug is a lowercase d"),
        (f("--e457b5a2e4d86bd1"), bad_sampling(E::Single, ""), "invalid: a ParentSpanId needs the sampling state before it"),
        (f("-1-e457b5a2e4d86bd"), id(E::Single, F::ParentSpanId, wrong("16", 15)), "invalid: Single Header › ParentSpanId is 16 lower-hex characters when present"),
        (s("x"), bad_sampling(E::Single, "x"), "invalid: one field that is no sampling state"),
        (s(T128), Err(B3Error::Missing { encoding: E::Single, field: F::SpanId }), "invalid: a TraceId without its SpanId"),
        (format!("{T128} -{SP}-1"), id(E::Single, F::TraceId, P::InvalidCharacter { column: 33, found: ' ' }), "invalid: no spaces inside the value"),
    ]
}

#[test]
fn single_header_follows_the_readme() {
    for (input, expected, why) in single_cases() {
        assert_eq!(parse_b3_single(&input), expected, "{why}: {input:?}");
    }
}

type MultiCase = (
    Vec<(&'static str, &'static str)>,
    Option<Result<B3Header, B3Error>>,
    &'static str,
);

#[rustfmt::skip]
fn multi_cases() -> Vec<MultiCase> {
    let ids = |sampled: &'static str| vec![("x-b3-traceid", T128), ("x-b3-spanid", SP), ("x-b3-sampled", sampled)];
    let with = |mut list: Vec<(&'static str, &'static str)>, extra: &[(&'static str, &'static str)]| { list.extend_from_slice(extra); list };
    vec![
        (with(ids("1"), &[("x-b3-parentspanid", "e457b5a2e4d86bd1")]), Some(ok(S::Accept, Some(PARENT))), "Multiple Headers: the README's example"),
        (vec![("X-B3-TraceId", T128), ("X-B3-SpanId", SP), ("X-B3-Sampled", "0")], Some(ok(S::Deny, None)), "Multiple Headers: names are case-insensitive"),
        (vec![("x-b3-traceid", T128), ("x-b3-spanid", SP)], Some(ok(S::Defer, None)), "Multiple Headers › Sampling State: absent defers"),
        (ids("true"), Some(ok(S::Accept, None)), "Multiple Headers › Sampling State: a lenient implementation may accept true"),
        (ids("false"), Some(ok(S::Deny, None)), "Multiple Headers › Sampling State: and false"),
        (with(vec![("x-b3-traceid", T128), ("x-b3-spanid", SP)], &[("x-b3-flags", "1")]), Some(ok(S::Debug, None)), "Debug Flag: X-B3-Flags: 1 is debug"),
        (with(ids("0"), &[("x-b3-flags", "1")]), Some(ok(S::Debug, None)), "Debug Flag: debug implies accept, even next to Sampled: 0"),
        (with(ids("1"), &[("x-b3-flags", "0")]), Some(ok(S::Accept, None)), "Debug Flag: any other value is ignored"),
        (with(ids("1"), &[("x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124")]), Some(ok(S::Accept, None)), "Multiple Headers: the first value of a repeated header wins"),
        (vec![("x-b3-traceid", " \t80f198ee56343ba864fe8b2a57d3eff7 "), ("x-b3-spanid", SP), ("x-b3-sampled", " 1")], Some(ok(S::Accept, None)), "RFC 9110 §5.5: whitespace around a value is not part of it"),
        (vec![("x-b3-sampled", "0")], Some(only(S::Deny)), "Sampling State: a reject decision may travel without ids"),
        (vec![("x-b3-flags", "1")], Some(only(S::Debug)), "Debug Flag: debug without ids"),
        (vec![("traceparent", "00-80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-01")], None, "no X-B3-* header: nothing to read"),
        (vec![("x-b3-spanid", SP), ("x-b3-sampled", "1")], Some(Err(B3Error::Missing { encoding: E::Multi, field: F::TraceId })), "invalid: Multiple Headers › TraceId is required"),
        (vec![("x-b3-traceid", T128)], Some(Err(B3Error::Missing { encoding: E::Multi, field: F::SpanId })), "invalid: Multiple Headers › SpanId is required"),
        (vec![("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff"), ("x-b3-spanid", SP)], Some(id(E::Multi, F::TraceId, P::WrongLength { expected: "16 or 32", found: 31 })), "invalid: 31 characters"),
        (vec![("x-b3-traceid", T128), ("x-b3-spanid", "05E3AC9A4F6E3B90")], Some(id(E::Multi, F::SpanId, P::InvalidCharacter { column: 3, found: 'E' })), "invalid: Multiple Headers › SpanId is lower-hex"),
        (with(ids("1"), &[("x-b3-parentspanid", "0")]), Some(id(E::Multi, F::ParentSpanId, P::WrongLength { expected: "16", found: 1 })), "invalid: Multiple Headers › ParentSpanId is 16 characters"),
        (ids("yes"), Some(bad_sampling(E::Multi, "yes")), "invalid: X-B3-Sampled is 1 or 0 (or true/false)"),
        (ids("d"), Some(bad_sampling(E::Multi, "d")), "invalid: d belongs to the single header; debug is X-B3-Flags here"),
    ]
}

#[test]
fn multiple_headers_follow_the_readme() {
    for (list, expected, why) in multi_cases() {
        assert_eq!(parse_b3_multi(&headers(&list)), expected, "{why}: {list:?}");
    }
}

#[test]
fn every_invalid_row_names_its_rule_and_section() {
    let single = single_cases().into_iter().map(|(_, r, why)| (r, why));
    let multi = multi_cases()
        .into_iter()
        .filter_map(|(_, r, why)| Some((r?, why)));
    for (result, why) in single.chain(multi) {
        let Err(error) = result else { continue };
        let message = error.to_string();
        assert!(why.starts_with("invalid: "), "{why}");
        assert!(
            message.ends_with(&format!("({})", error.section())),
            "{why}: {message}"
        );
        assert!(
            error
                .section()
                .url()
                .starts_with("https://github.com/openzipkin/b3-propagation#"),
            "{why}"
        );
        assert!(!error.rule().summary.is_empty(), "{why}");
    }
    let error = parse_b3_single("80f198ee56343ba864fe8b2a57d3eff7-05E3AC9A4F6E3B90-1").unwrap_err();
    assert_eq!(
        error.to_string(),
        "b3 SpanId contains 'E' at character 3: only lowercase hex is allowed (B3 Single Header › SpanId)"
    );
    assert_eq!(
        error.section().url(),
        "https://github.com/openzipkin/b3-propagation#spanid-2"
    );
}

fn ctx(flags: u8) -> SpanContext {
    SpanContext {
        trace_id: TraceId(T),
        span_id: SpanId(SPAN),
        flags: TraceFlags(flags),
        trace_state: "rojo=1".to_string(),
    }
}

fn inject(kind: PropagatorKind, context: &SpanContext, debug: bool) -> Headers {
    let mut out = headers(&[("x-b3-parentspanid", "e457b5a2e4d86bd1"), ("b3", "stale")]);
    let baggage = Baggage::new();
    Propagators::new([kind]).inject_outgoing(
        &Outgoing {
            context,
            baggage: &baggage,
            debug,
        },
        &mut out,
    );
    out.retain(|(k, _)| k.starts_with("b3") || k.starts_with("x-b3"));
    out
}

type Pairs = &'static [(&'static str, &'static str)];

/// (propagator, flags, debug, headers written, rule).
#[rustfmt::skip]
const INJECT: &[(PropagatorKind, u8, bool, Pairs, &str)] = &[
    (PropagatorKind::B3, 0x01, false, &[("x-b3-parentspanid", "e457b5a2e4d86bd1"), ("b3", "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1")], "B3 Inject: b3 writes the single header and no ParentSpanId; other headers stay"),
    (PropagatorKind::B3, 0x03, false, &[("x-b3-parentspanid", "e457b5a2e4d86bd1"), ("b3", "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1")], "the W3C random flag has no B3 form"),
    (PropagatorKind::B3, 0x00, false, &[("x-b3-parentspanid", "e457b5a2e4d86bd1"), ("b3", "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-0")], "Sampling State: a deny decision is propagated"),
    (PropagatorKind::B3, 0x01, true, &[("x-b3-parentspanid", "e457b5a2e4d86bd1"), ("b3", "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-d")], "B3 Extract: a debug flag received is propagated"),
    (PropagatorKind::B3Multi, 0x01, false, &[("b3", "stale"), ("x-b3-traceid", T128), ("x-b3-spanid", SP), ("x-b3-sampled", "1")], "B3 Inject: b3multi writes X-B3-*, clearing a stale ParentSpanId; b3 is not its field"),
    (PropagatorKind::B3Multi, 0x00, false, &[("b3", "stale"), ("x-b3-traceid", T128), ("x-b3-spanid", SP), ("x-b3-sampled", "0")], "Multiple Headers › Sampling State: deny is 0"),
    (PropagatorKind::B3Multi, 0x01, true, &[("b3", "stale"), ("x-b3-traceid", T128), ("x-b3-spanid", SP), ("x-b3-flags", "1")], "Debug Flag: debug implies accept, so X-B3-Sampled is not sent"),
];

#[test]
fn injection_follows_the_opentelemetry_b3_requirements() {
    for (kind, flags, debug, expected, why) in INJECT {
        let got = inject(*kind, &ctx(*flags), *debug);
        assert_eq!(got, headers(expected), "{why}");
    }
    let invalid = SpanContext {
        span_id: SpanId::INVALID,
        ..ctx(1)
    };
    assert_eq!(
        inject(PropagatorKind::B3, &invalid, false),
        headers(&[("x-b3-parentspanid", "e457b5a2e4d86bd1")]),
        "no ids: nothing to send"
    );
    assert_eq!(
        Propagators::new([PropagatorKind::B3]).fields(),
        ["b3"],
        "Fields: the headers inject uses"
    );
    assert_eq!(
        Propagators::new([PropagatorKind::B3Multi]).fields(),
        ["x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags"]
    );
}

type Expect = Option<(u64, u8, bool)>;

/// (headers, expected (span id, flags, debug), problems, rule). Both propagators extract alike.
#[rustfmt::skip]
fn extract_cases() -> Vec<(Headers, Expect, usize, &'static str)> {
    let single = |v: &str| ("b3".to_string(), v.to_string());
    let multi = |span: &str| vec![("x-b3-traceid".to_string(), T128.to_string()), ("x-b3-spanid".to_string(), span.to_string()), ("x-b3-sampled".to_string(), "1".to_string())];
    let both = |s: &str, span: &str| { let mut h = vec![single(s)]; h.extend(multi(span)); h };
    vec![
        (vec![single(&format!("{T128}-{SP}-1"))], Some((SPAN, 0x01, false)), 0, "B3 Extract: the single header"),
        (multi(SP), Some((SPAN, 0x01, false)), 0, "B3 Extract: the multi-header encoding"),
        (both(&format!("{T128}-{SP}-0"), "00000000000000aa"), Some((SPAN, 0x00, false)), 0, "B3 Extract: the single header takes precedence"),
        (both("not-b3", "00000000000000aa"), Some((0xaa, 0x01, false)), 1, "B3 Extract: an invalid single header falls back to X-B3-*, and is reported"),
        (both("0", "00000000000000aa"), Some((0xaa, 0x01, false)), 1, "B3 Extract: a sampling-only b3 has no context; X-B3-* is read"),
        (vec![single(&format!("{T128}-{SP}-d"))], Some((SPAN, 0x01, true)), 0, "B3 Extract: debug is kept and sets sampled"),
        (vec![single("0")], None, 1, "invalid for OpenTelemetry: a decision without ids starts a new trace"),
        (vec![single(&format!("{T128}-{SP}-1-{SP}{SP}"))], None, 1, "invalid: a bad ParentSpanId makes the header invalid"),
        (vec![("traceparent".to_string(), format!("00-{T128}-{SP}-01"))], None, 0, "no B3 header: a B3 propagator finds nothing"),
    ]
}

#[test]
fn extraction_reads_both_encodings_single_first() {
    for kind in [PropagatorKind::B3, PropagatorKind::B3Multi] {
        for (list, expected, problems, why) in extract_cases() {
            let got = Propagators::new([kind]).extract(&list);
            let summary = got.context.as_ref().map(|c| {
                assert_eq!(c.trace_id, TraceId(T), "{why}");
                assert_eq!(c.trace_state, "", "{why}: B3 carries no tracestate");
                (c.span_id.0, c.flags.0, got.debug)
            });
            assert_eq!(summary, expected, "{kind} {why}");
            assert_eq!(got.source, expected.map(|_| kind), "{why}");
            assert_eq!(
                got.problems.len(),
                problems,
                "{kind} {why}: {:?}",
                got.problems
            );
        }
    }
}

/// The inspector's decoder reads each header as the propagator does.
#[rustfmt::skip]
const DECODE: &[(&str, &str, &[&str], bool, &str)] = &[
    ("b3", "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-e457b5a2e4d86bd1", &["TraceId", "SpanId", "SamplingState", "ParentSpanId"], true, "Single Header: every field"),
    ("B3", "0", &["SamplingState"], true, "Single Header: a decision alone (names case-insensitive)"),
    ("X-B3-TraceId", "a3ce929d0e0e4736", &["TraceId"], true, "Identifiers: 64-bit, shown padded"),
    ("x-b3-spanid", "a2fb4a1d1a96d312", &["SpanId"], true, "Multiple Headers › SpanId"),
    ("x-b3-parentspanid", "0020000000000001", &["ParentSpanId"], true, "Multiple Headers › ParentSpanId"),
    ("x-b3-sampled", "true", &["Sampled"], true, "Multiple Headers › Sampling State: lenient true"),
    ("x-b3-flags", "2", &["Flags"], true, "Debug Flag: other values are ignored, not invalid"),
    ("b3", "80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-x", &[], false, "invalid: sampling state x"),
    ("x-b3-traceid", "80f198ee56343ba8", &["TraceId"], true, "16 characters are a TraceId"),
    ("x-b3-spanid", "80f198ee56343ba864fe8b2a57d3eff7", &[], false, "invalid: a SpanId is 16 characters"),
    ("x-b3-sampled", "2", &[], false, "invalid: X-B3-Sampled 2"),
];

#[test]
fn the_decoder_reads_b3_headers_field_by_field() {
    for (name, value, fields, valid, why) in DECODE {
        let decoded = decode_header(name, value);
        let names: Vec<&str> = decoded.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, *fields, "{why}");
        assert_eq!(
            decoded.is_valid(),
            *valid,
            "{why}: {:?}",
            decoded.violations
        );
        for violation in &decoded.violations {
            assert!(
                violation
                    .message
                    .ends_with(&format!("({})", violation.section)),
                "{why}"
            );
            assert!(violation.summary.is_some(), "{why}: the rule is explained");
        }
    }
    let padded = decode_header("x-b3-traceid", "a3ce929d0e0e4736");
    assert_eq!(padded.fields[0].value, "0000000000000000a3ce929d0e0e4736");
    assert!(padded.fields[0].meaning.contains("left-padded"));
}
