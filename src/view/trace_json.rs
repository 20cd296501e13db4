//! One trace as text for the JSON view (issue 13): as Jaeger JSON, the shape Jaeger UI's
//! "Trace JSON" view and `/api/traces` show, and re-indented for reading.
//!
//! OTLP JSON is [`crate::otlp::encode_traces`]'s. Jaeger JSON is written as the OpenTelemetry
//! Collector's Jaeger translator stores an OTLP span (`pkg/translator/jaeger` in
//! <https://github.com/open-telemetry/opentelemetry-collector-contrib>), in the model of
//! `model/json/model.go` in <https://github.com/jaegertracing/jaeger>: times in microseconds;
//! the parent as a `CHILD_OF` reference and links as `FOLLOWS_FROM`; kind, status, trace state
//! and scope as the tags `span.kind`, `otel.status_code`, `error`, `otel.status_description`,
//! `w3c.tracestate`, `otel.scope.name` and `otel.scope.version`; events as logs whose `event`
//! field is the name; one process per resource, its tags the resource attributes but
//! `service.name`. The importer (`crate::otlp::import_traces`) reads these tags back, which the
//! tests use.

use crate::model::{AttrValue, KeyValue, Resource, Span, StatusCode, Trace};
use crate::otlp::wire::base64;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(serde::Serialize)]
struct Document<'a> {
    data: [JaegerTrace<'a>; 1],
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JaegerTrace<'a> {
    #[serde(rename = "traceID")]
    trace_id: String,
    spans: Vec<JaegerSpan<'a>>,
    processes: BTreeMap<String, Process<'a>>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Process<'a> {
    service_name: &'a str,
    tags: Vec<Tag<'a>>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JaegerSpan<'a> {
    #[serde(rename = "traceID")]
    trace_id: String,
    #[serde(rename = "spanID")]
    span_id: String,
    operation_name: &'a str,
    references: Vec<Reference>,
    flags: u8,
    start_time: u64,
    duration: u64,
    tags: Vec<Tag<'a>>,
    logs: Vec<Log<'a>>,
    #[serde(rename = "processID")]
    process_id: String,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Reference {
    ref_type: &'static str,
    #[serde(rename = "traceID")]
    trace_id: String,
    #[serde(rename = "spanID")]
    span_id: String,
}

#[derive(serde::Serialize)]
struct Log<'a> {
    timestamp: u64,
    fields: Vec<Tag<'a>>,
}

/// `{"key", "type", "value"}` with Jaeger's value types (`string`, `bool`, `int64`,
/// `float64`, `binary`).
#[derive(serde::Serialize)]
struct Tag<'a> {
    key: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: Value<'a>,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum Value<'a> {
    Str(&'a str),
    Owned(String),
    Bool(bool),
    Int(i64),
    Float(f64),
}

fn string<'a>(key: &'a str, value: &'a str) -> Tag<'a> {
    Tag {
        key,
        kind: "string",
        value: Value::Str(value),
    }
}

fn tag<'a>(key: &'a str, value: &'a AttrValue) -> Tag<'a> {
    let (kind, value) = match value {
        AttrValue::Str(s) => ("string", Value::Str(s)),
        AttrValue::Bool(b) => ("bool", Value::Bool(*b)),
        AttrValue::Int(i) => ("int64", Value::Int(*i)),
        AttrValue::Double(d) if d.is_finite() => ("float64", Value::Float(*d)),
        // JSON has no NaN or infinities: they are written as text, which the importer (and
        // Go's strconv) reads back.
        AttrValue::Double(d) => ("float64", Value::Str(non_finite(*d))),
        AttrValue::Bytes(b) => ("binary", Value::Owned(base64::encode(b))),
        // The translator writes arrays and maps as their text in a string tag.
        other => ("string", Value::Owned(other.to_string())),
    };
    Tag { key, kind, value }
}

fn non_finite(v: f64) -> &'static str {
    match v {
        v if v.is_nan() => "NaN",
        v if v > 0.0 => "Infinity",
        _ => "-Infinity",
    }
}

fn tags(attrs: &[KeyValue]) -> Vec<Tag<'_>> {
    attrs.iter().map(|kv| tag(&kv.key, &kv.value)).collect()
}

fn micros(nanos: u64) -> u64 {
    nanos / 1_000
}

/// The trace as Jaeger JSON (`{"data":[trace]}`), compact.
pub fn jaeger_json(trace: &Trace) -> String {
    // One process per distinct resource, by pointer first (a simulation shares them).
    let mut resources: Vec<&Arc<Resource>> = Vec::new();
    let mut process_of = Vec::with_capacity(trace.spans.len());
    for span in &trace.spans {
        let found = resources
            .iter()
            .position(|r| Arc::ptr_eq(r, &span.resource) || **r == span.resource);
        let at = found.unwrap_or_else(|| {
            resources.push(&span.resource);
            resources.len() - 1
        });
        process_of.push(format!("p{}", at + 1));
    }
    // Inserts (`extend`), not `collect`: `BTreeMap`'s `FromIterator` sorts its input, one more
    // copy of std's sort in the wasm (see `crate::order`).
    let mut processes = BTreeMap::new();
    processes.extend(resources.iter().enumerate().map(|(i, r)| {
        let tags = r
            .attributes
            .iter()
            .filter(|kv| kv.key != "service.name")
            .map(|kv| tag(&kv.key, &kv.value))
            .collect();
        let process = Process {
            service_name: &r.service_name,
            tags,
        };
        (format!("p{}", i + 1), process)
    }));
    let spans = trace
        .spans
        .iter()
        .zip(process_of)
        .map(|(span, process_id)| jaeger_span(span, process_id))
        .collect();
    let document = Document {
        data: [JaegerTrace {
            trace_id: trace.trace_id.to_string(),
            spans,
            processes,
        }],
    };
    // Writing to a String cannot fail and every map key is a string; the fallback is never
    // taken.
    serde_json::to_string(&document).unwrap_or_default()
}

fn jaeger_span(span: &Span, process_id: String) -> JaegerSpan<'_> {
    let mut references: Vec<Reference> = span
        .parent_span_id
        .map(|parent| Reference {
            ref_type: "CHILD_OF",
            trace_id: span.trace_id.to_string(),
            span_id: parent.to_string(),
        })
        .into_iter()
        .collect();
    references.extend(span.links.iter().map(|l| Reference {
        ref_type: "FOLLOWS_FROM",
        trace_id: l.trace_id.to_string(),
        span_id: l.span_id.to_string(),
    }));
    let mut tags = tags(&span.attributes);
    tags.push(string("span.kind", span.kind.as_str()));
    let status = span.status.code;
    let derived = [
        ("otel.scope.name", span.scope.name.as_ref()),
        ("otel.scope.version", span.scope.version.as_ref()),
        (
            "otel.status_code",
            if status == StatusCode::Unset {
                ""
            } else {
                status.name()
            },
        ),
        (
            "otel.status_description",
            if status == StatusCode::Error {
                &span.status.message
            } else {
                ""
            },
        ),
        ("w3c.tracestate", span.trace_state.as_str()),
    ];
    tags.extend(
        derived
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| string(k, v)),
    );
    if status == StatusCode::Error {
        tags.push(Tag {
            key: "error",
            kind: "bool",
            value: Value::Bool(true),
        });
    }
    let logs = span
        .events
        .iter()
        .map(|e| {
            let mut fields = vec![string("event", &e.name)];
            fields.extend(e.attributes.iter().map(|kv| tag(&kv.key, &kv.value)));
            Log {
                timestamp: micros(e.time_unix_nano),
                fields,
            }
        })
        .collect();
    JaegerSpan {
        trace_id: span.trace_id.to_string(),
        span_id: span.span_id.to_string(),
        operation_name: &span.name,
        references,
        flags: span.flags.0 & 1,
        start_time: micros(span.start_unix_nano),
        duration: micros(span.duration_nanos()),
        tags,
        logs,
        process_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::operations::testing::{attr, failed, kind, span};
    use crate::model::{Event, Link, SpanId, SpanKind, TraceId};

    /// The span kinds Jaeger names.
    const KINDS: [SpanKind; 5] = [
        SpanKind::Internal,
        SpanKind::Server,
        SpanKind::Client,
        SpanKind::Producer,
        SpanKind::Consumer,
    ];
    use crate::otlp::import_traces;

    fn trace() -> Trace {
        let mut root = kind(
            span(1, None, "service-a", "GET /", (0, 100)),
            SpanKind::Server,
        );
        root.trace_state = "vendor=1".into();
        let mut child = failed(kind(
            span(2, Some(1), "service-b", "GET /data", (5, 95)),
            SpanKind::Client,
        ));
        child.status.message = "HTTP 500".into();
        child.links.push(Link {
            trace_id: TraceId(9),
            span_id: SpanId(99),
            trace_state: String::new(),
            attributes: Vec::new(),
        });
        child.events.push(Event {
            name: "exception".into(),
            time_unix_nano: 90_000_000,
            attributes: vec![KeyValue::str("exception.type", "ValueError")],
        });
        let child = attr(child, "http.status_code", AttrValue::Int(500));
        let child = attr(child, "ratio", AttrValue::Double(0.25));
        let child = attr(child, "cached", AttrValue::Bool(false));
        let child = attr(child, "blob", AttrValue::Bytes(vec![1, 2, 255]));
        Trace::new(TraceId(1), vec![root, child])
    }

    #[test]
    fn jaeger_json_reads_back_through_the_importer() {
        let original = trace();
        let text = jaeger_json(&original);
        let back = import_traces(&text).expect("the importer reads it");
        assert_eq!(back.len(), 1);
        let spans = &back[0].spans;
        let (root, child) = (&spans[0], &spans[1]);
        assert_eq!(
            (root.span_id, child.parent_span_id),
            (SpanId(1), Some(SpanId(1)))
        );
        let link = child.links.first().map(|l| (l.trace_id, l.span_id));
        assert_eq!(
            link,
            Some((TraceId(9), SpanId(99))),
            "after the parent, links"
        );
        assert_eq!(root.trace_state, "vendor=1");
        assert_eq!(
            (root.kind, child.kind),
            (SpanKind::Server, SpanKind::Client)
        );
        assert_eq!(child.status.code, StatusCode::Error);
        assert_eq!(child.status.message, "HTTP 500");
        assert_eq!(child.attributes, original.spans[1].attributes, "typed tags");
        assert_eq!(child.events[0].name, "exception");
        assert_eq!(child.events[0].time_unix_nano, 90_000_000);
        assert_eq!(
            child.events[0].attributes,
            original.spans[1].events[0].attributes
        );
        assert_eq!(
            (child.start_unix_nano, child.end_unix_nano),
            (5_000_000, 95_000_000)
        );
        assert_eq!(child.service_name(), "service-b");
        assert_eq!(
            (child.scope.name.as_ref(), child.scope.version.as_ref()),
            ("t", "1")
        );
    }

    #[test]
    fn jaeger_json_has_the_fields_jaeger_ui_shows() {
        let text = jaeger_json(&trace());
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let t = &value["data"][0];
        assert_eq!(t["traceID"], "00000000000000000000000000000001");
        assert_eq!(t["processes"]["p1"]["serviceName"], "service-a");
        assert_eq!(t["processes"]["p2"]["serviceName"], "service-b");
        let root = &t["spans"][0];
        assert_eq!(root["startTime"], 0);
        assert_eq!(root["duration"], 100_000, "microseconds");
        assert_eq!(root["references"], serde_json::json!([]), "a root has none");
        let child = &t["spans"][1];
        assert_eq!(child["references"][0]["refType"], "CHILD_OF");
        assert_eq!(
            child["references"][1]["refType"], "FOLLOWS_FROM",
            "the link"
        );
        assert_eq!(child["processID"], "p2");
        let tag = |key: &str| {
            child["tags"]
                .as_array()
                .and_then(|tags| tags.iter().find(|t| t["key"] == key))
                .map(|t| (t["type"].clone(), t["value"].clone()))
        };
        assert_eq!(tag("error"), Some(("bool".into(), true.into())));
        assert_eq!(tag("http.status_code"), Some(("int64".into(), 500.into())));
        assert_eq!(tag("blob"), Some(("binary".into(), "AQL/".into())));
        assert_eq!(child["logs"][0]["fields"][0]["value"], "exception");
    }

    #[test]
    fn every_kind_and_a_non_finite_number_survive() {
        for k in KINDS {
            let mut t = trace();
            t.spans[1].kind = k;
            t.spans[1].attributes = vec![KeyValue::new("x", AttrValue::Double(f64::INFINITY))];
            let back = import_traces(&jaeger_json(&t)).expect("reads");
            assert_eq!(back[0].spans[1].kind, k);
            assert_eq!(
                back[0].spans[1].attributes[0].value,
                AttrValue::Double(f64::INFINITY)
            );
        }
    }
}
