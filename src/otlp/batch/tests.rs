//! The batch round trip: traces → the reader's reply → the page's traces, bit for bit, with
//! the sharing of resources and scopes kept; and replies that do not read name the problem.

use super::*;
use crate::model::{AttrValue, KeyValue, Span, Trace, TraceFlags};
use crate::otlp::fixtures::lab_trace;
use crate::otlp::roundtrip_tests::{double_bits, random_traces};
use crate::otlp::{ImportOutcome, ImportProgress};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;

fn round_trip(outcome: &ImportOutcome) -> ImportOutcome {
    read_outcome(&outcome_reply(outcome)).expect("the page reads the reader's batch")
}

fn outcome(traces: Vec<Trace>) -> ImportOutcome {
    ImportOutcome {
        traces,
        left_out_traces: 0,
        left_out_spans: 0,
    }
}

/// Whether spans `i` and `j` (in file order across traces) share a resource, and a scope.
fn sharing(traces: &[Trace]) -> Vec<(bool, bool)> {
    let spans: Vec<&Span> = traces.iter().flat_map(|t| &t.spans).collect();
    let mut out = Vec::new();
    for a in &spans {
        for b in &spans {
            out.push((
                Arc::ptr_eq(&a.resource, &b.resource),
                Arc::ptr_eq(&a.scope, &b.scope),
            ));
        }
    }
    out
}

/// What the model holds beyond what OTLP carries, so the batch is checked on it too: trace
/// flags other than "sampled" and the headers a span sent or received.
fn add_extras(traces: &mut [Trace], rng: &mut StdRng) {
    for span in traces.iter_mut().flat_map(|t| t.spans.iter_mut()) {
        span.flags = TraceFlags(rng.random());
        if rng.random() {
            let headers = (0..rng.random_range(0..3))
                .map(|i| {
                    (
                        format!("h{i}"),
                        format!("00-{:032x}-\"é\"", rng.random::<u128>()),
                    )
                })
                .collect();
            span.wire_headers = Some(headers);
        }
    }
}

#[test]
fn random_traces_cross_bit_for_bit_with_sharing_kept() {
    for seed in 0..300 {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut traces = random_traces(&mut rng);
        add_extras(&mut traces, &mut rng);
        let original = ImportOutcome {
            traces,
            left_out_traces: rng.random(),
            left_out_spans: rng.random(),
        };
        let back = round_trip(&original);
        assert_eq!(back, original, "seed {seed}");
        assert_eq!(
            double_bits(&back.traces),
            double_bits(&original.traces),
            "seed {seed}"
        );
        assert_eq!(
            sharing(&back.traces),
            sharing(&original.traces),
            "seed {seed}: spans share a resource (scope) exactly when they did"
        );
    }
}

#[test]
fn every_double_comes_back_with_its_bits() {
    let specials = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::from_bits(0x7ff8_0000_dead_beef), // a NaN with a payload
        f64::from_bits(0xfff0_0000_0000_0001), // a negative signalling NaN
        -0.0,
        0.0,
        f64::MIN_POSITIVE,
        f64::from_bits(1), // the smallest subnormal
        f64::MAX,
        901.427_457_611_483_5,
        0.1 + 0.2,
        1e16,
        -1e-300,
    ];
    let mut rng = StdRng::seed_from_u64(64);
    let randoms = (0..2_000).map(|_| f64::from_bits(rng.random()));
    let values: Vec<f64> = specials.into_iter().chain(randoms).collect();
    let mut trace = lab_trace(0x64, 1_700_000_000_000_000_000);
    trace.spans[0].attributes = values
        .iter()
        .enumerate()
        .map(|(i, d)| KeyValue::new(format!("d{i}"), AttrValue::Double(*d)))
        .collect();
    let root = trace.spans[0].span_id;
    let back = round_trip(&outcome(vec![trace]));
    let span = back.traces[0].spans.iter().find(|s| s.span_id == root);
    let bits: Vec<u64> = span
        .map(|s| &s.attributes[..])
        .unwrap_or_default()
        .iter()
        .map(|kv| match kv.value {
            AttrValue::Double(d) => d.to_bits(),
            _ => 0,
        })
        .collect();
    let expected: Vec<u64> = values.iter().map(|d| d.to_bits()).collect();
    let first_difference = bits.iter().zip(&expected).position(|(a, b)| a != b);
    assert_eq!(first_difference, None, "NaN payloads and -0.0 included");
    assert_eq!(bits.len(), expected.len());
}

#[test]
fn ids_and_nanoseconds_keep_their_extremes() {
    let mut trace = lab_trace(u128::MAX, u64::MAX - 1_000_000_000);
    trace.spans[0].span_id = crate::model::SpanId(u64::MAX);
    trace.spans[0].end_unix_nano = u64::MAX;
    trace.spans[1].parent_span_id = Some(crate::model::SpanId(1));
    trace.spans[1].attributes = vec![
        KeyValue::int("min", i64::MIN),
        KeyValue::int("max", i64::MAX),
    ];
    let original = outcome(vec![trace]);
    assert_eq!(round_trip(&original), original);
}

#[test]
fn resources_and_scopes_are_written_once_however_many_spans_use_them() {
    let traces: Vec<Trace> = (1..=50).map(|t| lab_trace(t, t as u64 * 1_000)).collect();
    // Each lab trace has its own resource `Arc`s; share one set, as the importer does.
    let shared = traces[0].spans.clone();
    let traces: Vec<Trace> = traces
        .into_iter()
        .map(|mut trace| {
            for (span, first) in trace.spans.iter_mut().zip(&shared) {
                span.resource = first.resource.clone();
                span.scope = first.scope.clone();
            }
            trace
        })
        .collect();
    let json = outcome_reply(&outcome(traces.clone()));
    assert_eq!(json.matches("\"service-a\"").count(), 2, "name + attribute");
    assert_eq!(
        json.matches("opentelemetry.instrumentation.flask").count(),
        1
    );
    assert!(
        !json.contains("startTimeUnixNano"),
        "spans are rows, not objects"
    );
    let back = round_trip(&outcome(traces));
    let first = &back.traces[0].spans[0];
    assert!(back
        .traces
        .iter()
        .all(|t| Arc::ptr_eq(&t.spans[0].resource, &first.resource)));
}

#[test]
fn progress_and_problems_cross_as_replies() {
    let progress = ImportProgress {
        bytes_done: 10,
        bytes_total: 20,
        spans_read: 3,
        traces_kept: 1,
        spans_kept: 2,
        done: true,
    };
    assert_eq!(read_progress(&progress_reply(progress)), Ok(progress));
    let problem = "$.resourceSpans[0].spans[3].traceId: must be 32 hex digits (line 1, column 9)";
    assert_eq!(
        read_progress(&error_reply(problem)),
        Err(problem.to_string())
    );
    assert_eq!(
        read_outcome(&error_reply(problem)).map(|_| ()),
        Err(problem.to_string())
    );
}

#[test]
fn replies_that_do_not_read_are_named_not_panicked_on() {
    let batch = |traces: &str| {
        format!(
            r#"{{"ok":{{"resources":[["a",[],""]],"scopes":[["s","",""]],"traces":{traces},"leftOut":[0,0]}}}}"#
        )
    };
    let span = |id: &str, kind: u8, code: u8, resource: u32| {
        format!(r#"["{id}",null,1,"","n",{kind},1,2,[],[],[],{code},"",{resource},0,null]"#)
    };
    let trace = |span: String| batch(&format!(r#"[["{:032x}",[{span}]]]"#, 7));
    let good = trace(span("0000000000000001", 2, 0, 0));
    assert_eq!(read_outcome(&good).map(|o| o.traces.len()), Ok(1));
    // Each row: a reply a reader of another build might send, and what the page says.
    let rows: [(String, &str); 7] = [
        ("not json".into(), "the reader's reply could not be read"),
        (
            r#"{"maybe":1}"#.into(),
            "the reader's reply could not be read",
        ),
        (trace(span("1", 2, 0, 0)), "16 lowercase hex digits"),
        (
            trace(span("000000000000000A", 2, 0, 0)),
            "16 lowercase hex digits",
        ),
        (trace(span("0000000000000001", 9, 0, 0)), "span kind 9"),
        (trace(span("0000000000000001", 2, 7, 0)), "status code 7"),
        (trace(span("0000000000000001", 2, 0, 4)), "resource 4 of 1"),
    ];
    for (reply, expected) in rows {
        let problem = read_outcome(&reply).expect_err(&reply);
        assert!(problem.contains(expected), "{reply}: {problem}");
    }
}
