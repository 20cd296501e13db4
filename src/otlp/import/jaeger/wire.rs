//! Jaeger's JSON, as its UI downloads it and its `/api/traces` answers, as serde types.
//!
//! Model: `model/json/model.go` (Jaeger v1) / `internal/uimodel/model.go` (Jaeger v2) in
//! <https://github.com/jaegertracing/jaeger>:
//! `{"data":[{"traceID", "spans":[{"traceID","spanID","operationName","references",
//! "startTime"(µs),"duration"(µs),"tags","logs","processID","warnings"}], "processes":
//! {"p1":{"serviceName","tags"}}}]}`. Tag values are typed by `type` (`string`, `bool`,
//! `int64`, `float64`, `binary`), so they are kept raw here and read by that type.
//!
//! The span type is a parameter, as in the OTLP wire types, so a trace can be split into
//! per-span pieces first.

use crate::model::{SpanId, TraceId};
use crate::otlp::wire::codec::{nanos, nullable};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;

/// One trace: its spans and the processes (services) they name.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'a, S: Deserialize<'de>"))]
pub(crate) struct Trace<'a, S> {
    #[serde(default, deserialize_with = "nullable")]
    pub spans: Vec<S>,
    #[serde(default, borrow, deserialize_with = "nullable")]
    pub processes: BTreeMap<String, Process<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Process<'a> {
    #[serde(default, deserialize_with = "nullable")]
    pub service_name: String,
    #[serde(default, borrow, deserialize_with = "nullable")]
    pub tags: Vec<Tag<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Span<'a> {
    #[serde(rename = "traceID", deserialize_with = "trace_id")]
    pub trace_id: TraceId,
    #[serde(rename = "spanID", deserialize_with = "span_id")]
    pub span_id: SpanId,
    /// Deprecated in favour of `references`, still read.
    #[serde(rename = "parentSpanID", default, deserialize_with = "parent_span_id")]
    pub parent_span_id: Option<SpanId>,
    #[serde(default, deserialize_with = "nullable")]
    pub operation_name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub references: Vec<Reference>,
    #[serde(deserialize_with = "nanos::deserialize")]
    pub start_time: u64,
    #[serde(deserialize_with = "nanos::deserialize")]
    pub duration: u64,
    #[serde(default, borrow, deserialize_with = "nullable")]
    pub tags: Vec<Tag<'a>>,
    #[serde(default, borrow, deserialize_with = "nullable")]
    pub logs: Vec<Log<'a>>,
    #[serde(rename = "processID", default, deserialize_with = "nullable")]
    pub process_id: Option<String>,
    /// Some writers inline the process instead of naming it.
    #[serde(default, borrow)]
    pub process: Option<Process<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Reference {
    #[serde(default, deserialize_with = "nullable")]
    pub ref_type: String,
    #[serde(rename = "traceID", deserialize_with = "trace_id")]
    pub trace_id: TraceId,
    #[serde(rename = "spanID", deserialize_with = "span_id")]
    pub span_id: SpanId,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Log<'a> {
    #[serde(deserialize_with = "nanos::deserialize")]
    pub timestamp: u64,
    #[serde(default, borrow, deserialize_with = "nullable")]
    pub fields: Vec<Tag<'a>>,
}

/// `{"key", "type", "value"}`; the value's JSON is kept and read according to `type`.
#[derive(Debug, Deserialize)]
pub(crate) struct Tag<'a> {
    pub key: String,
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    pub kind: String,
    #[serde(default, borrow)]
    pub value: Option<&'a RawValue>,
}

/// A Jaeger id: hex, either case, with leading zeros optional (Jaeger drops a zero high half
/// of a trace id, writing 16 digits); at most `width` digits, not all zeros.
fn hex_id<E: de::Error>(text: &str, width: usize) -> Result<u128, E> {
    let hex =
        !text.is_empty() && text.len() <= width && text.bytes().all(|b| b.is_ascii_hexdigit());
    match hex.then(|| u128::from_str_radix(text, 16).ok()).flatten() {
        Some(0) => Err(E::custom(format!("must not be all zeros, found {text:?}"))),
        Some(v) => Ok(v),
        None => Err(E::custom(format!(
            "must be up to {width} hex digits, found {text:?}"
        ))),
    }
}

struct HexVisitor(usize);

impl Visitor<'_> for HexVisitor {
    type Value = u128;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an id of up to {} hex digits", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u128, E> {
        hex_id(v, self.0)
    }
}

fn trace_id<'de, D: Deserializer<'de>>(d: D) -> Result<TraceId, D::Error> {
    d.deserialize_str(HexVisitor(32)).map(TraceId)
}

fn span_id<'de, D: Deserializer<'de>>(d: D) -> Result<SpanId, D::Error> {
    // At most 16 hex digits, so the value fits.
    d.deserialize_str(HexVisitor(16)).map(|v| SpanId(v as u64))
}

fn parent_span_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SpanId>, D::Error> {
    let text: Option<std::borrow::Cow<'de, str>> = Option::deserialize(d)?;
    match text.as_deref() {
        None | Some("") => Ok(None),
        Some(t) if t.bytes().all(|b| b == b'0') => Ok(None),
        Some(t) => hex_id(t, 16).map(|v| Some(SpanId(v as u64))),
    }
}
