//! Fuzz-style import tests (issue 11, "Nothing trusted"): seeded mutations of valid OTLP and
//! Jaeger files (byte flips, truncations, deleted bytes, type swaps, deleted keys). Every case
//! either imports or fails with an error that names a JSON path; none panics. Some cases go
//! through the stepwise importer with tiny budgets and caps, the path the page takes.

use super::*;
use crate::otlp::fixtures::lab_trace;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

/// Cases per source file; two sources per test, two tests: 4 × 26,000 = 104,000 cases.
const CASES: usize = 26_000;

const JAEGER: &str = r#"{"data":[{"traceID":"00000000000000000000000000000abc","spans":[
 {"traceID":"00000000000000000000000000000abc","spanID":"0000000000000001","operationName":"GET /",
  "references":[],"startTime":1700000000000000,"duration":310000,"flags":1,
  "tags":[{"key":"otel.scope.name","type":"string","value":"opentelemetry.instrumentation.flask"},
          {"key":"span.kind","type":"string","value":"server"},
          {"key":"http.status_code","type":"int64","value":500},{"key":"b","type":"binary","value":"AQI="}],
  "logs":[],"processID":"p1","warnings":null},
 {"traceID":"00000000000000000000000000000abc","spanID":"0000000000000003","operationName":"GET /data",
  "references":[{"refType":"CHILD_OF","traceID":"00000000000000000000000000000abc","spanID":"0000000000000001"},
                {"refType":"FOLLOWS_FROM","traceID":"00000000000000000000000000000def","spanID":"0000000000000009"}],
  "startTime":1700000000002000,"duration":298000,
  "tags":[{"key":"error","type":"bool","value":true},{"key":"ratio","type":"float64","value":0.5}],
  "logs":[{"timestamp":1700000000299000,"fields":[{"key":"event","type":"string","value":"exception"}]}],
  "processID":"p2","warnings":null}],
 "processes":{"p1":{"serviceName":"service-a","tags":[{"key":"telemetry.sdk.language","type":"string","value":"python"}]},
              "p2":{"serviceName":"service-b","tags":[]}},"warnings":null}]}"#;

/// The OTLP source: two spans of the lab trace (every field kind appears), as JSON Lines of
/// two documents so document numbering is exercised too.
fn otlp_source() -> String {
    let mut trace = lab_trace(0xabc, 1_700_000_000_000_000_000);
    let second = crate::model::Trace::new(trace.trace_id, trace.spans.split_off(2));
    trace.update_bounds();
    format!(
        "{}\n{}\n",
        crate::otlp::encode_traces(&[trace]),
        crate::otlp::encode_traces(&[second])
    )
}

/// A valid file, as text and as parsed documents (parsed once: structural mutations clone).
struct Source {
    text: String,
    documents: Vec<Value>,
}

impl Source {
    fn new(text: &str) -> Source {
        let documents = serde_json::Deserializer::from_str(text)
            .into_iter::<Value>()
            .collect::<Result<_, _>>()
            .expect("valid source");
        Source {
            text: text.to_string(),
            documents,
        }
    }
}

/// One seeded mutation of `source`.
fn mutate(source: &Source, rng: &mut StdRng) -> String {
    let (documents, source) = (&source.documents, source.text.as_str());
    match rng.random_range(0..6) {
        0 => {
            // Byte flip: an ASCII byte becomes another ASCII byte (the input is a `&str`).
            let mut bytes = source.as_bytes().to_vec();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..bytes.len());
                if bytes[at].is_ascii() {
                    const PICKS: &[u8] = b"\"{}[]:,0-9.eE\\ntfx ";
                    bytes[at] = PICKS[rng.random_range(0..PICKS.len())];
                }
            }
            String::from_utf8(bytes).unwrap_or_default()
        }
        1 => {
            // Truncation at a character boundary.
            let mut at = rng.random_range(0..source.len());
            while !source.is_char_boundary(at) {
                at -= 1;
            }
            source[..at].to_string()
        }
        2 => {
            // A run of bytes deleted.
            let start = rng.random_range(0..source.len());
            let end = (start + rng.random_range(1..20)).min(source.len());
            let mut text = source.to_string();
            if text.is_char_boundary(start) && text.is_char_boundary(end) {
                text.replace_range(start..end, "");
            }
            text
        }
        kind => {
            // Structural: on the parsed document(s), swap a value's type or delete a key.
            let docs: Vec<String> = documents
                .iter()
                .map(|doc| {
                    let mut value = doc.clone();
                    for _ in 0..rng.random_range(1..3) {
                        structural(&mut value, kind, rng);
                    }
                    value.to_string()
                })
                .collect();
            docs.join("\n")
        }
    }
}

/// Picks a random node and swaps its type (kind 3, 4) or deletes one of its keys (kind 5).
fn structural(value: &mut Value, kind: usize, rng: &mut StdRng) {
    let depth = rng.random_range(0..12);
    at_depth(value, depth, kind, rng);
}

fn at_depth(node: &mut Value, depth: u32, kind: usize, rng: &mut StdRng) {
    let len = match node {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if depth > 0 && len > 0 {
        let i = rng.random_range(0..len);
        let child = match node {
            Value::Object(map) => map.values_mut().nth(i),
            Value::Array(items) => items.get_mut(i),
            _ => None,
        };
        if let Some(child) = child {
            return at_depth(child, depth - 1, kind, rng);
        }
    }
    if kind == 5 {
        if let Value::Object(map) = node {
            if !map.is_empty() {
                let key = map.keys().nth(rng.random_range(0..map.len())).cloned();
                key.map(|k| map.remove(&k));
                return;
            }
        }
    }
    let swaps = [
        Value::Null,
        Value::Bool(true),
        Value::from(-1),
        Value::from(1.5),
        Value::from(u64::MAX),
        Value::from("0000000000000001"),
        Value::from("SPAN_KIND_SERVER"),
        Value::Array(vec![]),
        serde_json::json!({}),
        serde_json::json!([{"key": 1}]),
    ];
    *node = swaps[rng.random_range(0..swaps.len())].clone();
}

/// Imports `text` one way or the other; an error must name a JSON path.
fn check(text: &str, stepwise: bool, rng: &mut StdRng) -> bool {
    let result = if stepwise {
        let limits = crate::store::StoreLimits {
            max_traces: rng.random_range(1..3),
            max_spans: rng.random_range(1..4),
        };
        let mut importer = Importer::new(text, limits);
        let budget = rng.random_range(1..400);
        loop {
            match importer.step(budget) {
                Ok(p) if p.done => break importer.finish().map(|o| o.traces),
                Ok(p) => assert!(p.traces_kept <= 2, "caps hold while importing"),
                Err(e) => break Err(e),
            }
        }
    } else {
        import_traces(text)
    };
    match result {
        Ok(traces) => {
            assert!(!traces.is_empty());
            true
        }
        Err(e) => {
            let names_a_path = e.at.starts_with('$') || e.at.starts_with("document ");
            assert!(names_a_path && e.at.contains('$'), "no JSON path in {e:?}");
            assert!(!e.problem.is_empty(), "no problem stated in {e:?}");
            false
        }
    }
}

fn fuzz(source: &str, seed: u64) -> (usize, usize) {
    assert!(import_traces(source).is_ok(), "the source itself imports");
    let source = Source::new(source);
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut imported, mut refused) = (0, 0);
    for case in 0..CASES {
        let text = mutate(&source, &mut rng);
        if check(&text, case % 10 == 0, &mut rng) {
            imported += 1;
        } else {
            refused += 1;
        }
    }
    (imported, refused)
}

#[test]
fn mutated_otlp_files_import_or_name_the_problem() {
    let source = otlp_source();
    let (imported, refused) = fuzz(&source, 11);
    let (imported2, refused2) = fuzz(source.lines().next().unwrap(), 12);
    assert_eq!(imported + refused + imported2 + refused2, 2 * CASES);
    assert!(
        refused + refused2 > CASES / 2,
        "most mutations break the file"
    );
    assert!(
        imported + imported2 > CASES / 20,
        "some survive (e.g. a changed digit)"
    );
}

#[test]
fn mutated_jaeger_files_import_or_name_the_problem() {
    let compact: Value = serde_json::from_str(JAEGER).unwrap();
    let (imported, refused) = fuzz(JAEGER, 21);
    let (imported2, refused2) = fuzz(&compact.to_string(), 22);
    assert_eq!(imported + refused + imported2 + refused2, 2 * CASES);
    assert!(
        refused + refused2 > CASES / 2,
        "most mutations break the file"
    );
    assert!(imported + imported2 > CASES / 20, "some survive");
}
