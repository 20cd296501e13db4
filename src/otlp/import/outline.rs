//! The first pass over one JSON document: which format it is, and its spans (or Jaeger
//! traces) as unread pieces, so the importer can read them in steps.

use super::path::{offset_in, read, ImportError};
use super::{jaeger, otlp};
use crate::model::{Resource, Scope};
use crate::otlp::wire;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::sync::Arc;

/// The top of one JSON document, with spans (or Jaeger traces) left as unread pieces.
/// Unknown fields are ignored; which fields are present tells the format.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "resourceSpans", default, borrow)]
    resource_spans: Option<Vec<wire::ResourceSpans<'a, &'a RawValue>>>,
    #[serde(default, borrow)]
    data: Option<Vec<&'a RawValue>>,
    #[serde(rename = "traceID", default)]
    trace_id: Option<IgnoredAny>,
    #[serde(default)]
    spans: Option<IgnoredAny>,
}

/// One document's spans still to read.
pub(super) enum Work<'a> {
    Otlp {
        groups: Vec<Group<'a>>,
        group: usize,
        span: usize,
    },
    Jaeger {
        /// Where the trace list is after `$` (`.data`, or `""` for a top-level array);
        /// `None` for a bare trace object.
        list: Option<&'static str>,
        traces: Vec<&'a RawValue>,
        trace: usize,
        open: Option<OpenTrace<'a>>,
    },
}

/// One `scopeSpans` entry: its resource and scope, already read, and its spans as pieces.
pub(super) struct Group<'a> {
    pub(super) at: (usize, usize),
    pub(super) resource: Arc<Resource>,
    pub(super) scope: Arc<Scope>,
    pub(super) spans: Vec<&'a RawValue>,
}

/// A Jaeger trace being read: its processes, already read, and its spans as pieces.
pub(super) struct OpenTrace<'a> {
    pub(super) at: String,
    pub(super) spans: Vec<&'a RawValue>,
    pub(super) next: usize,
    pub(super) processes: jaeger::Processes,
    pub(super) scopes: Vec<Arc<Scope>>,
}

/// Tells the document's format from its top-level fields and splits it into pieces.
pub(super) fn outline<'a>(
    text: &'a str,
    document: &'a RawValue,
    path: impl Fn(&str) -> String,
) -> Result<Work<'a>, ImportError> {
    let raw = document.get();
    let not_a_trace_file = || {
        ImportError::new(
            path("$"),
            "is not a trace file: expected OTLP JSON (an object with \"resourceSpans\") \
             or a Jaeger JSON download (an object with \"data\")",
        )
        .located(text, offset_in(text, raw))
    };
    match raw.as_bytes().first() {
        Some(b'[') => {
            let traces = read(text, raw, || path("$"))?;
            return Ok(Work::Jaeger {
                list: Some(""),
                traces,
                trace: 0,
                open: None,
            });
        }
        Some(b'{') => {}
        _ => return Err(not_a_trace_file()),
    }
    let envelope: Envelope<'a> = read(text, raw, || path("$"))?;
    if let Some(resource_spans) = envelope.resource_spans {
        return Ok(Work::Otlp {
            groups: groups(resource_spans),
            group: 0,
            span: 0,
        });
    }
    if let Some(traces) = envelope.data {
        return Ok(Work::Jaeger {
            list: Some(".data"),
            traces,
            trace: 0,
            open: None,
        });
    }
    if envelope.trace_id.is_some() && envelope.spans.is_some() {
        // A bare trace object: the document is the one trace.
        return Ok(Work::Jaeger {
            list: None,
            traces: vec![document],
            trace: 0,
            open: None,
        });
    }
    Err(not_a_trace_file())
}

/// Every `scopeSpans` entry with its resource and scope read (shared by its spans).
pub(super) fn groups<'a>(
    resource_spans: Vec<wire::ResourceSpans<'a, &'a RawValue>>,
) -> Vec<Group<'a>> {
    let mut out = Vec::new();
    for (rs, entry) in resource_spans.into_iter().enumerate() {
        let resource = Arc::new(otlp::resource(entry.resource, entry.schema_url));
        for (ss, scope_spans) in entry.scope_spans.into_iter().enumerate() {
            out.push(Group {
                at: (rs, ss),
                resource: resource.clone(),
                scope: Arc::new(otlp::scope(scope_spans.scope, scope_spans.schema_url)),
                spans: scope_spans.spans,
            });
        }
    }
    out
}
