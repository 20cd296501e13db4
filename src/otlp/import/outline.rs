//! The first pass over one JSON document: which format it is, and its spans (or Jaeger
//! traces) as unread pieces, so the importer can read them in steps. One pass: serde_json
//! checks the syntax of the pieces as it skips over them.

use super::path::{offset_in, ImportError};
use super::{jaeger, otlp};
use crate::model::{Resource, Scope};
use crate::otlp::wire;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Where an unread piece (a span, or a Jaeger trace) sits in the file, in bytes. Offsets rather
/// than slices, so the importer can own its text and live between calls (in the reader module).
pub(super) type Piece = Range<usize>;

/// The bytes `raw` (a slice of `text`) covers in `text`.
fn piece(text: &str, raw: &RawValue) -> Piece {
    let start = offset_in(text, raw.get());
    start..start + raw.get().len()
}

/// One JSON document, outlined in a single pass: its top-level fields with spans (or Jaeger
/// traces) left as unread pieces. Unknown fields are ignored; which fields are present tells
/// the format.
pub(super) enum Document<'a> {
    Object(Envelope<'a>),
    /// A top-level array: Jaeger traces.
    Array(Vec<&'a RawValue>),
    /// A string, number, `true`, `false` or `null`.
    Scalar,
}

#[derive(Deserialize)]
pub(super) struct Envelope<'a> {
    #[serde(rename = "resourceSpans", default, borrow)]
    resource_spans: Option<Vec<wire::ResourceSpans<'a, &'a RawValue>>>,
    #[serde(default, borrow)]
    data: Option<Vec<&'a RawValue>>,
    /// With `spans` and `processes`: a bare Jaeger trace object.
    #[serde(rename = "traceID", default)]
    trace_id: Option<IgnoredAny>,
    #[serde(default, borrow)]
    spans: Option<Vec<&'a RawValue>>,
    #[serde(default, borrow)]
    processes: Option<BTreeMap<String, jaeger::wire::Process<'a>>>,
}

impl<'de> Deserialize<'de> for Document<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object or array")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Document<'de>, A::Error> {
        Envelope::deserialize(MapAccessDeserializer::new(map)).map(Document::Object)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Document<'de>, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Document::Array)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Document<'de>, E> {
        Ok(Document::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Document<'de>, E> {
        Ok(Document::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Document<'de>, E> {
        Ok(Document::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Document<'de>, E> {
        Ok(Document::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Document<'de>, E> {
        Ok(Document::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Document<'de>, E> {
        Ok(Document::Scalar)
    }
}

/// One document's spans still to read.
pub(super) enum Work {
    Otlp {
        groups: Vec<Group>,
        group: usize,
        span: usize,
    },
    Jaeger {
        /// Where the trace list is after `$` (`.data`, or `""` for a top-level array);
        /// `None` for a bare trace object.
        list: Option<&'static str>,
        traces: Vec<Piece>,
        trace: usize,
        open: Option<OpenTrace>,
    },
}

/// One `scopeSpans` entry: its resource and scope, already read, and its spans as pieces.
pub(super) struct Group {
    pub(super) at: (usize, usize),
    pub(super) resource: Arc<Resource>,
    pub(super) scope: Arc<Scope>,
    pub(super) spans: Vec<Piece>,
}

/// A Jaeger trace being read: its processes, already read, and its spans as pieces.
pub(super) struct OpenTrace {
    pub(super) at: String,
    pub(super) spans: Vec<Piece>,
    pub(super) next: usize,
    pub(super) processes: jaeger::Processes,
    pub(super) scopes: Vec<Arc<Scope>>,
}

/// Tells the document's format from its top-level fields and lists its pieces. `start` is
/// where the document begins in `text`, for error positions.
pub(super) fn outline<'a>(
    text: &'a str,
    document: Document<'a>,
    start: usize,
    path: impl Fn(&str) -> String,
) -> Result<Work, ImportError> {
    let not_a_trace_file = || {
        ImportError::new(
            path("$"),
            "is not a trace file: expected OTLP JSON (an object with \"resourceSpans\") \
             or a Jaeger JSON download (an object with \"data\")",
        )
        .located(text, start)
    };
    let envelope = match document {
        Document::Object(envelope) => envelope,
        Document::Array(traces) => {
            return Ok(Work::Jaeger {
                list: Some(""),
                traces: pieces(text, traces),
                trace: 0,
                open: None,
            })
        }
        Document::Scalar => return Err(not_a_trace_file()),
    };
    if let Some(resource_spans) = envelope.resource_spans {
        return Ok(Work::Otlp {
            groups: groups(text, resource_spans),
            group: 0,
            span: 0,
        });
    }
    if let Some(traces) = envelope.data {
        return Ok(Work::Jaeger {
            list: Some(".data"),
            traces: pieces(text, traces),
            trace: 0,
            open: None,
        });
    }
    if let (Some(_), Some(spans)) = (envelope.trace_id, envelope.spans) {
        // A bare trace object: the document is the one trace, already outlined.
        let at = path("$");
        let processes = envelope.processes.unwrap_or_default();
        let processes =
            jaeger::processes(text, processes, &at).map_err(|e| e.located(text, start))?;
        return Ok(Work::Jaeger {
            list: None,
            traces: Vec::new(),
            trace: 0,
            open: Some(OpenTrace {
                at,
                spans: pieces(text, spans),
                next: 0,
                processes,
                scopes: Vec::new(),
            }),
        });
    }
    Err(not_a_trace_file())
}

/// Every `scopeSpans` entry with its resource and scope read (shared by its spans).
pub(super) fn groups(
    text: &str,
    resource_spans: Vec<wire::ResourceSpans<'_, &RawValue>>,
) -> Vec<Group> {
    let mut out = Vec::new();
    for (rs, entry) in resource_spans.into_iter().enumerate() {
        let resource = Arc::new(otlp::resource(entry.resource, entry.schema_url));
        for (ss, scope_spans) in entry.scope_spans.into_iter().enumerate() {
            out.push(Group {
                at: (rs, ss),
                resource: resource.clone(),
                scope: Arc::new(otlp::scope(scope_spans.scope, scope_spans.schema_url)),
                spans: pieces(text, scope_spans.spans),
            });
        }
    }
    out
}

/// Where each of `raws` (slices of `text`) sits in `text`.
pub(super) fn pieces(text: &str, raws: Vec<&RawValue>) -> Vec<Piece> {
    raws.into_iter().map(|raw| piece(text, raw)).collect()
}
