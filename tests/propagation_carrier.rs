//! Inject/extract over a header map and the participant's outgoing context, against the W3C
//! Trace Context Editor's Draft §3.2.1, §3.3.1–§3.3.3, §3.4–§3.5 and §4.1
//! (<https://w3c.github.io/trace-context/#processing-model>).

use rand::rngs::StdRng;
use rand::SeedableRng;
use trace_playground::model::{Headers, SpanId, TraceFlags, TraceId};
use trace_playground::propagation::{
    extract, extract_detailed, inject, outgoing_context, ExtractError, SpanContext,
    TraceparentError, TracestateOutcome, NEW_TRACE_FLAGS,
};

const TP: &str = "00-12345678901234567890123456789012-1234567890123456-01";
const TRACE: u128 = 0x12345678901234567890123456789012;
const SPAN: u64 = 0x1234567890123456;

fn headers(list: &[(&str, &str)]) -> Headers {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Header name/value pairs as a table cell.
type HeaderList = &'static [(&'static str, &'static str)];

/// `Some((flags, tracestate))` when the trace continues from `TRACE`/`SPAN`.
type Expected = Option<(u8, &'static str)>;

#[rustfmt::skip]
const EXTRACT_CASES: &[(HeaderList, Expected, &str)] = &[
    (&[], None, "§4.1.1 no traceparent: a new trace starts"),
    (&[("traceparent", TP)], Some((0x01, "")), "§4.1.2 a valid traceparent continues the trace"),
    (&[("TraceParent", TP)], Some((0x01, "")), "§3.2.1 the header name is case-insensitive"),
    (&[("TRACEPARENT", TP)], Some((0x01, "")), "§3.2.1 upper case name"),
    (&[("trace-parent", TP)], None, "§3.2.1 the name has no delimiter"),
    (&[("traceparent", " \t00-12345678901234567890123456789012-1234567890123456-01\t ")], Some((0x01, "")), "RFC 9110 §5.5 whitespace around the field value is not part of it"),
    (&[("traceparent", TP), ("traceparent", TP)], None, "§3.2.2 two traceparent fields are not one valid value"),
    (&[("traceparent", "00-12345678901234567890123456789012-1234567890123456-ff")], Some((0x03, "")), "§4.1.2 unknown flags are dropped"),
    (&[("traceparent", "cc-12345678901234567890123456789012-1234567890123456-01-x")], Some((0x01, "")), "§3.2.4 a higher version continues the trace"),
    (&[("traceparent", "ff-12345678901234567890123456789012-1234567890123456-01"), ("tracestate", "foo=1")], None, "§3.3 no valid traceparent: the tracestate is not used"),
    (&[("tracestate", "foo=1")], None, "§4.1.1 a tracestate without traceparent is discarded"),
    (&[("traceparent", TP), ("tracestate", "foo=1,bar=2")], Some((0x01, "foo=1,bar=2")), "§3.3 a valid tracestate is carried"),
    (&[("traceparent", TP), ("TrAcEsTaTe", "foo=1")], Some((0x01, "foo=1")), "§3.3.1 the name is case-insensitive"),
    (&[("traceparent", TP), ("trace-state", "foo=1")], Some((0x01, "")), "§3.3.1 'trace-state' is another header"),
    (&[("traceparent", TP), ("tracestate", "foo=1 \t, bar=2")], Some((0x01, "foo=1,bar=2")), "§3.3.2 optional whitespace is not propagated"),
    (&[("traceparent", TP), ("tracestate", "foo=1,bar=2"), ("tracestate", "rojo=1,congo=2"), ("tracestate", "baz=3")], Some((0x01, "foo=1,bar=2,rojo=1,congo=2,baz=3")), "§3.3.2 several fields combine in order"),
    (&[("traceparent", TP), ("tracestate", "")], Some((0x01, "")), "§3.3.2 an empty tracestate is accepted"),
    (&[("traceparent", TP), ("tracestate", ""), ("tracestate", "foo=1")], Some((0x01, "foo=1")), "§3.3.2 an empty field combines as an empty member"),
    (&[("traceparent", TP), ("tracestate", "foo=1"), ("tracestate", "foo=2")], Some((0x01, "foo=1")), "§3.5 a key repeated across fields: the later entry is discarded, the list kept"),
    (&[("traceparent", TP), ("tracestate", "foo=1,bar=2,foo=3,baz=4")], Some((0x01, "foo=1,bar=2,baz=4")), "§3.5 a repeat in one field is discarded, the others keep their order"),
    (&[("traceparent", TP), ("tracestate", "foo@=1,t@vvvvvvvvvvvvvvv=2")], Some((0x01, "foo@=1,t@vvvvvvvvvvvvvvv=2")), "§3.3.2.2.1 '@' anywhere after the first character: carried"),
    (&[("traceparent", TP), ("tracestate", "foo=,bar=3")], Some((0x01, "")), "§4.1.2 an invalid tracestate is discarded, the traceparent survives"),
    (&[("traceparent", "00-12345678901234567890123456789012-1234567890123456-00"), ("tracestate", "a=b")], Some((0x00, "a=b")), "§3.2.2.5.1 an unsampled parent is still a parent"),
];

#[test]
fn extraction_follows_the_processing_model() {
    for (list, expected, why) in EXTRACT_CASES {
        let got = extract(&headers(list));
        let expected = expected.map(|(flags, state)| SpanContext {
            trace_id: TraceId(TRACE),
            span_id: SpanId(SPAN),
            flags: TraceFlags(flags),
            trace_state: state.to_string(),
        });
        assert_eq!(got, expected, "{why}: {list:?}");
    }
}

#[test]
fn detailed_extraction_says_why() {
    let detail = extract_detailed(&headers(&[]));
    assert_eq!(
        (detail.traceparent, detail.tracestate),
        (Err(ExtractError::Missing), TracestateOutcome::Absent)
    );

    let detail = extract_detailed(&headers(&[
        ("traceparent", TP),
        ("Traceparent", TP),
        ("tracestate", "a=1"),
    ]));
    assert_eq!(
        detail.traceparent,
        Err(ExtractError::Duplicate { count: 2 })
    );
    assert_eq!(
        detail.tracestate,
        TracestateOutcome::IgnoredWithoutTraceparent
    );

    let bad = "00-00000000000000000000000000000000-1234567890123456-01";
    let detail = extract_detailed(&headers(&[("traceparent", bad)]));
    let expected = TraceparentError::AllZero {
        field: trace_playground::propagation::TraceparentField::TraceId,
    };
    assert_eq!(detail.traceparent, Err(ExtractError::Invalid(expected)));

    let detail = extract_detailed(&headers(&[("traceparent", TP), ("tracestate", "FOO=1")]));
    assert!(detail.traceparent.is_ok());
    let TracestateOutcome::Invalid(error) = detail.tracestate else {
        panic!("tracestate should be invalid")
    };
    assert!(error.to_string().ends_with("(§3.3.2.2.1 Key)"), "{error}");

    let detail = extract_detailed(&headers(&[
        ("traceparent", TP),
        ("tracestate", "foo=1,bar=2"),
        ("tracestate", "foo=3"),
    ]));
    let TracestateOutcome::Valid(parsed) = detail.tracestate else {
        panic!("a repeated key no longer invalidates the tracestate")
    };
    assert_eq!(
        parsed.state.to_string(),
        "foo=1,bar=2",
        "§3.5 left-most entry kept"
    );
    assert_eq!(
        parsed.discarded_duplicates,
        vec![("foo".to_string(), "3".to_string())],
        "and the repeat reported"
    );
    assert_eq!(detail_message(&[("traceparent", TP), ("traceparent", TP)]), "2 traceparent headers: combined they are not one valid value (§3.2.2 traceparent Header Field Values)");
}

fn detail_message(list: &[(&str, &str)]) -> String {
    extract_detailed(&headers(list))
        .traceparent
        .expect_err("invalid")
        .to_string()
}

fn context(flags: u8, trace_state: &str) -> SpanContext {
    SpanContext {
        trace_id: TraceId(TRACE),
        span_id: SpanId(SPAN),
        flags: TraceFlags(flags),
        trace_state: trace_state.into(),
    }
}

#[rustfmt::skip]
const INJECT_CASES: &[(u8, &str, HeaderList, &str)] = &[
    (0x01, "", &[("traceparent", TP)], "§3.2 traceparent only; no empty tracestate is sent (§3.3.2)"),
    (0x01, "rojo=1,congo=2", &[("traceparent", TP), ("tracestate", "rojo=1,congo=2")], "§3.3 the tracestate goes along"),
    (0x01, " rojo=1 ,, ", &[("traceparent", TP), ("tracestate", "rojo=1")], "§3.3.2 sent without optional whitespace or empty members"),
    (0x01, "Bad=1", &[("traceparent", TP)], "§3.3.2.2.1 an invalid tracestate is not sent"),
    (0x01, "a=1,b=2,a=3", &[("traceparent", TP), ("tracestate", "a=1,b=2")], "§3.5 a repeated key is not sent twice"),
    (0x07, "", &[("traceparent", "00-12345678901234567890123456789012-1234567890123456-03")], "§3.2.2.5.3 undefined flags are sent as zero"),
];

#[test]
fn injection_writes_lowercase_headers() {
    for (flags, state, expected, why) in INJECT_CASES {
        let mut out = Headers::new();
        inject(&context(*flags, state), &mut out);
        assert_eq!(out, headers(expected), "{why}");
    }
}

#[test]
fn injection_replaces_old_trace_headers_and_keeps_others() {
    let mut out = headers(&[
        ("Accept", "application/json"),
        ("TraceParent", "stale"),
        ("TRACESTATE", "old=1"),
    ]);
    inject(&context(0x00, "new=1"), &mut out);
    let expected = headers(&[
        ("Accept", "application/json"),
        (
            "traceparent",
            "00-12345678901234567890123456789012-1234567890123456-00",
        ),
        ("tracestate", "new=1"),
    ]);
    assert_eq!(out, expected);
}

#[test]
fn an_invalid_context_is_not_injected() {
    for ctx in [
        SpanContext {
            trace_id: TraceId::INVALID,
            ..context(1, "a=1")
        },
        SpanContext {
            span_id: SpanId::INVALID,
            ..context(1, "a=1")
        },
    ] {
        let mut out = headers(&[("traceparent", TP)]);
        inject(&ctx, &mut out);
        assert!(
            out.is_empty(),
            "§3.2.2.3/§3.2.2.4 all-zero ids are never sent: {out:?}"
        );
    }
}

#[test]
fn a_participant_continues_the_trace_with_a_new_parent_id() {
    let mut rng = StdRng::seed_from_u64(7);
    for flags in [0x00, 0x01, 0x02, 0x03] {
        let parent = context(flags, "congo=t61rcWkgMzE");
        let child = outgoing_context(Some(&parent), &mut rng);
        assert_eq!(child.trace_id, parent.trace_id, "§3.4 the trace id is kept");
        assert_ne!(child.span_id, parent.span_id, "§3.4 update parent-id");
        assert!(child.span_id.is_valid());
        assert_eq!(
            child.flags,
            TraceFlags(flags),
            "§3.2.2.5.1 the sampled decision is passed on"
        );
        assert_eq!(
            child.trace_state, parent.trace_state,
            "§3.5 the tracestate is passed on"
        );
    }
}

#[test]
fn a_participant_without_parent_starts_a_random_trace() {
    let mut rng = StdRng::seed_from_u64(7);
    let first = outgoing_context(None, &mut rng);
    let second = outgoing_context(None, &mut rng);
    assert!(first.trace_id.is_valid() && first.span_id.is_valid());
    assert_ne!(
        first.trace_id, second.trace_id,
        "§4.1.1 each restart is a new trace"
    );
    assert_eq!(first.flags, NEW_TRACE_FLAGS);
    assert!(
        first.flags.is_random(),
        "§3.2.2.5.2 the whole id is random, so the flag is set"
    );
    assert!(
        first.trace_state.is_empty(),
        "§3.4 a restart drops the tracestate"
    );
    let mut again = StdRng::seed_from_u64(7);
    assert_eq!(
        outgoing_context(None, &mut again),
        first,
        "the seed reproduces the ids"
    );
}

#[test]
fn inject_then_extract_is_the_identity_for_valid_contexts() {
    let ctx = context(0x03, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    let mut wire = Headers::new();
    inject(&ctx, &mut wire);
    assert_eq!(extract(&wire), Some(ctx));
}

/// A generator that replays fixed words, to see how ids are made from them.
struct Replay(Vec<u64>);

impl rand::RngCore for Replay {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        if self.0.is_empty() {
            1
        } else {
            self.0.remove(0)
        }
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand::rand_core::impls::fill_bytes_via_next(self, dest)
    }
}

#[test]
fn new_ids_are_raw_generator_words_with_zero_redrawn() {
    // Trace id: high word first, then low; the all-zero draw (0, 0) is redrawn (§3.2.2.3), and
    // so is a zero span id (§3.2.2.4). No rand helper stands between the words and the ids.
    let mut rng = Replay(vec![0, 0, 5, 9, 0, 7]);
    let ctx = outgoing_context(None, &mut rng);
    assert_eq!(ctx.trace_id, TraceId((5 << 64) | 9));
    assert_eq!(ctx.span_id, SpanId(7));
}
