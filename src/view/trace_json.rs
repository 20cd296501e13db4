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
use serde::ser::{Serialize, Serializer};
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

/// `{"key", "type", "value"}` with Jaeger's value types.
struct Tag<'a> {
    key: &'a str,
    value: TagValue<'a>,
}

enum TagValue<'a> {
    Str(&'a str),
    Owned(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Binary(String),
}

impl Serialize for Tag<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Tag", 3)?;
        st.serialize_field("key", self.key)?;
        match &self.value {
            TagValue::Str(v) => {
                st.serialize_field("type", "string")?;
                st.serialize_field("value", v)?;
            }
            TagValue::Owned(v) => {
                st.serialize_field("type", "string")?;
                st.serialize_field("value", v)?;
            }
            TagValue::Bool(v) => {
                st.serialize_field("type", "bool")?;
                st.serialize_field("value", v)?;
            }
            TagValue::Int(v) => {
                st.serialize_field("type", "int64")?;
                st.serialize_field("value", v)?;
            }
            // JSON has no NaN or infinities: those are written as text, which the importer
            // (and Go's strconv) reads back.
            TagValue::Float(v) if v.is_finite() => {
                st.serialize_field("type", "float64")?;
                st.serialize_field("value", v)?;
            }
            TagValue::Float(v) => {
                st.serialize_field("type", "float64")?;
                st.serialize_field("value", &non_finite(*v))?;
            }
            TagValue::Binary(v) => {
                st.serialize_field("type", "binary")?;
                st.serialize_field("value", v)?;
            }
        }
        st.end()
    }
}

fn non_finite(v: f64) -> &'static str {
    match v {
        v if v.is_nan() => "NaN",
        v if v > 0.0 => "Infinity",
        _ => "-Infinity",
    }
}

fn tag<'a>(key: &'a str, value: &'a AttrValue) -> Tag<'a> {
    let value = match value {
        AttrValue::Str(s) => TagValue::Str(s),
        AttrValue::Bool(b) => TagValue::Bool(*b),
        AttrValue::Int(i) => TagValue::Int(*i),
        AttrValue::Double(d) => TagValue::Float(*d),
        AttrValue::Bytes(b) => TagValue::Binary(base64::encode(b)),
        // The translator writes arrays and maps as their JSON text in a string tag.
        other => TagValue::Owned(other.to_string()),
    };
    Tag { key, value }
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
    let processes = resources
        .iter()
        .enumerate()
        .map(|(i, r)| {
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
        })
        .collect();
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
    tags.push(Tag {
        key: "span.kind",
        value: TagValue::Str(span.kind.as_str()),
    });
    if !span.scope.name.is_empty() {
        tags.push(Tag {
            key: "otel.scope.name",
            value: TagValue::Str(&span.scope.name),
        });
    }
    if !span.scope.version.is_empty() {
        tags.push(Tag {
            key: "otel.scope.version",
            value: TagValue::Str(&span.scope.version),
        });
    }
    if span.status.code != StatusCode::Unset {
        tags.push(Tag {
            key: "otel.status_code",
            value: TagValue::Str(span.status.code.name()),
        });
    }
    if span.status.code == StatusCode::Error {
        tags.push(Tag {
            key: "error",
            value: TagValue::Bool(true),
        });
        if !span.status.message.is_empty() {
            tags.push(Tag {
                key: "otel.status_description",
                value: TagValue::Str(&span.status.message),
            });
        }
    }
    if !span.trace_state.is_empty() {
        tags.push(Tag {
            key: "w3c.tracestate",
            value: TagValue::Str(&span.trace_state),
        });
    }
    let logs = span
        .events
        .iter()
        .map(|e| {
            let mut fields = vec![Tag {
                key: "event",
                value: TagValue::Str(&e.name),
            }];
            fields.extend(tags_of(&e.attributes));
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

fn tags_of(attrs: &[KeyValue]) -> impl Iterator<Item = Tag<'_>> {
    attrs.iter().map(|kv| tag(&kv.key, &kv.value))
}

/// `json` (compact JSON, as serde_json writes it) indented by two spaces per level, cut after
/// about `max_bytes` (on a character boundary). Returns the text and whether it is complete.
/// One pass, no parsing: a string's contents are copied as they are, escapes included.
pub fn pretty_json(json: &str, max_bytes: usize) -> (String, bool) {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(max_bytes.min(json.len() * 2) + 16);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        if out.len() >= max_bytes {
            let mut cut = max_bytes.min(out.len());
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
            return (out, false);
        }
        match bytes[i] {
            b'"' => {
                // Copy the string through its closing quote, skipping escaped characters.
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                out.push_str(&json[start..i]);
                continue;
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(open as char);
                    out.push(close as char);
                    i += 2;
                    continue;
                }
                out.push(open as char);
                depth += 1;
                newline(&mut out, depth);
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            b' ' | b'\n' | b'\r' | b'\t' => {}
            _ => {
                // A number, true, false or null: up to the next structural character.
                let start = i;
                while i < bytes.len() && !b"{}[],:\" \n\r\t".contains(&bytes[i]) {
                    i += 1;
                }
                out.push_str(&json[start..i]);
                continue;
            }
        }
        i += 1;
    }
    (out, true)
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
        Trace {
            trace_id: TraceId(1),
            spans: vec![root, child],
        }
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

    #[rustfmt::skip]
    const PRETTY: &[(&str, &str, &str)] = &[
        (r#"{"a":1,"b":[true,null]}"#, "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ]\n}", "objects and arrays nest"),
        (r#"{"a":{},"b":[]}"#, "{\n  \"a\": {},\n  \"b\": []\n}", "empty ones stay on one line"),
        (r#"["a,b:{","q\"}[",-1.5e3]"#, "[\n  \"a,b:{\",\n  \"q\\\"}[\",\n  -1.5e3\n]", "structure inside strings is text"),
        ("[\"é\",\"→\"]", "[\n  \"é\",\n  \"→\"\n]", "multi-byte text is copied whole"),
        ("", "", "nothing in, nothing out"),
    ];

    #[test]
    fn pretty_json_indents_compact_json() {
        for (input, expected, why) in PRETTY {
            assert_eq!(
                pretty_json(input, usize::MAX),
                (expected.to_string(), true),
                "{why}"
            );
        }
        let text = jaeger_json(&trace());
        let (pretty, complete) = pretty_json(&text, usize::MAX);
        assert!(complete);
        let a: serde_json::Value = serde_json::from_str(&pretty).expect("still JSON");
        let b: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(a, b, "only whitespace changed");
    }

    #[test]
    fn pretty_json_stops_near_the_limit_on_a_character_boundary() {
        let (cut, complete) = pretty_json("[\"ééééééééé\",1,2,3]", 10);
        assert!(!complete);
        assert!(cut.len() <= 10 && cut.starts_with("[\n  \"é"), "{cut:?}");
        let (all, complete) = pretty_json("[1]", 100);
        assert_eq!((all.as_str(), complete), ("[\n  1\n]", true));
    }
}
