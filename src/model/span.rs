//! A finished span, shaped like the OpenTelemetry trace data model.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otel/trace/api/#span> and the OTLP
//! `trace.proto` message `Span` (kind and status numbering follow the proto).

use super::{SpanId, TraceFlags, TraceId};
use std::borrow::Cow;
use std::sync::Arc;

/// Most keys and many values are compile-time constants; `Cow` avoids one
/// allocation per attribute when simulating tens of thousands of spans.
pub type Str = Cow<'static, str>;

/// `SpanKind`, numbered as in OTLP's `Span.SpanKind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SpanKind {
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

impl SpanKind {
    /// The name Jaeger and the OTel specs print (`server`, `client`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SpanKind::Internal => "internal",
            SpanKind::Server => "server",
            SpanKind::Client => "client",
            SpanKind::Producer => "producer",
            SpanKind::Consumer => "consumer",
        }
    }
}

/// `Status.StatusCode`, numbered as in OTLP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum StatusCode {
    #[default]
    Unset = 0,
    Ok = 1,
    Error = 2,
}

impl StatusCode {
    /// The name people read in the UI (and OTLP's `STATUS_CODE_*` suffix): "UNSET", "OK", "ERROR".
    pub fn name(self) -> &'static str {
        match self {
            StatusCode::Unset => "UNSET",
            StatusCode::Ok => "OK",
            StatusCode::Error => "ERROR",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Status {
    pub code: StatusCode,
    /// Only meaningful for `Error`; the spec says to ignore it otherwise.
    pub message: Str,
}

/// An attribute value: OTLP's `AnyValue`. The lab emits only the four scalar kinds; arrays,
/// key-value lists and bytes come from imported files and are kept so a re-download writes
/// them back as they were.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum AttrValue {
    Str(Str),
    Int(i64),
    Double(f64),
    Bool(bool),
    Array(Vec<AttrValue>),
    KvList(Vec<KeyValue>),
    Bytes(Vec<u8>),
}

/// Scalars print plainly (strings unquoted, doubles as the shortest text that reads back
/// exactly); inside arrays and lists strings are quoted so `["a, b"]` and `["a", "b"]` differ;
/// bytes print as lowercase hex.
impl std::fmt::Display for AttrValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttrValue::Str(s) => f.write_str(s),
            AttrValue::Int(i) => write!(f, "{i}"),
            AttrValue::Double(d) => write!(f, "{d}"),
            AttrValue::Bool(b) => write!(f, "{b}"),
            AttrValue::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    let sep = if i > 0 { ", " } else { "" };
                    write!(f, "{sep}{}", Nested(item))?;
                }
                f.write_str("]")
            }
            AttrValue::KvList(pairs) => {
                f.write_str("{")?;
                for (i, kv) in pairs.iter().enumerate() {
                    let sep = if i > 0 { ", " } else { "" };
                    write!(f, "{sep}{:?}: {}", kv.key, Nested(&kv.value))?;
                }
                f.write_str("}")
            }
            AttrValue::Bytes(bytes) => bytes.iter().try_for_each(|b| write!(f, "{b:02x}")),
        }
    }
}

/// A value inside an array or list: strings quoted, everything else as at the top.
struct Nested<'a>(&'a AttrValue);

impl std::fmt::Display for Nested<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            AttrValue::Str(s) => write!(f, "{s:?}"),
            other => write!(f, "{other}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeyValue {
    pub key: Str,
    pub value: AttrValue,
}

impl KeyValue {
    pub fn new(key: impl Into<Str>, value: AttrValue) -> Self {
        KeyValue {
            key: key.into(),
            value,
        }
    }
    pub fn str(key: impl Into<Str>, value: impl Into<Str>) -> Self {
        Self::new(key, AttrValue::Str(value.into()))
    }
    pub fn int(key: impl Into<Str>, value: i64) -> Self {
        Self::new(key, AttrValue::Int(value))
    }
}

/// Looks up an attribute by key in a list (lists are short; a scan beats a map).
pub fn find_attr<'a>(attrs: &'a [KeyValue], key: &str) -> Option<&'a AttrValue> {
    attrs.iter().find(|kv| kv.key == key).map(|kv| &kv.value)
}

/// A timestamped event on a span (e.g. an exception, or time spent queued).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub name: Str,
    pub time_unix_nano: u64,
    pub attributes: Vec<KeyValue>,
}

/// A link from a span to another span (of this or another trace), e.g. a batch job to the
/// requests it serves. Spec: <https://opentelemetry.io/docs/specs/otel/trace/api/#link>.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    /// The linked span's W3C `tracestate` (may be empty).
    pub trace_state: String,
    pub attributes: Vec<KeyValue>,
}

/// The instrumentation scope (tracer name and version) that made a span.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    pub name: Str,
    pub version: Str,
    /// The semantic-conventions schema the instrumentation follows (`ScopeSpans.schemaUrl`);
    /// empty when it names none.
    pub schema_url: Str,
}

/// The entity that produced spans: one service instance.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Resource {
    /// Copy of the `service.name` attribute, kept apart because every view needs it.
    pub service_name: Str,
    pub attributes: Vec<KeyValue>,
    /// The schema of the resource's attributes (`ResourceSpans.schemaUrl`); usually empty.
    pub schema_url: Str,
}

/// HTTP headers as they crossed the wire, in order (names lowercase).
pub type Headers = Vec<(String, String)>;

/// A finished span. Resource and scope are shared: thousands of spans point at a handful.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    /// `None` for a root span.
    pub parent_span_id: Option<SpanId>,
    pub flags: TraceFlags,
    /// The W3C `tracestate` in effect for this span (may be empty).
    pub trace_state: String,
    pub name: Str,
    pub kind: SpanKind,
    pub start_unix_nano: u64,
    pub end_unix_nano: u64,
    pub attributes: Vec<KeyValue>,
    pub events: Vec<Event>,
    pub links: Vec<Link>,
    pub status: Status,
    pub resource: Arc<Resource>,
    pub scope: Arc<Scope>,
    /// Trace-context headers this span injected (CLIENT) or extracted (SERVER).
    pub wire_headers: Option<Headers>,
}

impl Span {
    pub fn duration_nanos(&self) -> u64 {
        self.end_unix_nano.saturating_sub(self.start_unix_nano)
    }

    pub fn service_name(&self) -> &str {
        &self.resource.service_name
    }

    pub fn is_error(&self) -> bool {
        self.status.code == StatusCode::Error
    }

    pub fn attr(&self, key: &str) -> Option<&AttrValue> {
        find_attr(&self.attributes, key)
    }
}
