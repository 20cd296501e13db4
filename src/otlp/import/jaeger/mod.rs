//! Jaeger's JSON (UI "Download JSON", `/api/traces`) → the model.
//!
//! Jaeger turns OTLP fields into tags when it stores spans (the OpenTelemetry Collector's Jaeger
//! translator, `pkg/translator/jaeger` in opentelemetry-collector-contrib); this reader turns
//! those tags back into fields so an exported and re-imported trace looks like the original:
//! `span.kind`, `otel.status_code`, `otel.status_description`, `error`, `w3c.tracestate`,
//! `otel.scope.*` / `otel.library.*`. A span's parent is its first `CHILD_OF` reference (else
//! its first `FOLLOWS_FROM`, else the deprecated `parentSpanID`); every other reference is a
//! link, as the translator writes links. Times are microseconds in Jaeger, nanoseconds here.

pub(crate) mod wire;

use super::otlp::UNKNOWN_SERVICE;
use super::path::{offset_in, read, ImportError};
use crate::model::{
    find_attr, AttrValue, Event, KeyValue, Link, Resource, Scope, Span, SpanId, SpanKind, Status,
    StatusCode, TraceFlags,
};
use crate::otlp::wire::{base64, codec};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Tags Jaeger derives from span fields; they become fields again and are not kept as tags.
const DERIVED_TAGS: &[&str] = &[
    "span.kind",
    "otel.status_code",
    "otel.status_description",
    "error",
    "w3c.tracestate",
    "otel.scope.name",
    "otel.scope.version",
    "otel.library.name",
    "otel.library.version",
    "internal.span.format",
];

/// The processes of one trace, by id, as shared resources.
pub(crate) type Processes = BTreeMap<String, Arc<Resource>>;

pub(crate) fn processes(
    text: &str,
    list: BTreeMap<String, wire::Process<'_>>,
    at: &str,
) -> Result<Processes, ImportError> {
    let mut out = Processes::new();
    for (id, process) in list {
        let mut path = format!("{at}.processes");
        super::path::push_key(&mut path, &id);
        out.insert(id, Arc::new(resource(text, process, &path)?));
    }
    Ok(out)
}

fn resource(text: &str, process: wire::Process<'_>, at: &str) -> Result<Resource, ImportError> {
    let mut attributes = tags(text, process.tags, &format!("{at}.tags"))?;
    let service: crate::model::Str = match process.service_name.as_str() {
        "" => UNKNOWN_SERVICE.into(),
        _ => process.service_name.into(),
    };
    if find_attr(&attributes, "service.name").is_none() {
        attributes.insert(0, KeyValue::str("service.name", service.clone()));
    }
    Ok(Resource {
        service_name: service,
        attributes,
        schema_url: "".into(),
    })
}

/// One span; `scopes` shares equal scopes between the spans of a trace.
pub(crate) fn span(
    text: &str,
    span: wire::Span<'_>,
    processes: &Processes,
    scopes: &mut Vec<Arc<Scope>>,
    at: &str,
) -> Result<Span, ImportError> {
    let resource = match (span.process, span.process_id) {
        (Some(process), _) => Arc::new(resource(text, process, &format!("{at}.process"))?),
        (None, Some(id)) => match processes.get(&id) {
            Some(resource) => resource.clone(),
            None => {
                let problem =
                    format!("names process {id:?}, which the trace's \"processes\" does not list");
                return Err(ImportError::new(format!("{at}.processID"), problem));
            }
        },
        (None, None) => {
            let problem = "has neither \"processID\" nor \"process\": its service is unknown";
            return Err(ImportError::new(at, problem));
        }
    };
    let micros = |us: u64| us.checked_mul(1_000);
    let too_big = || {
        let problem = "is too large to be a time in microseconds";
        ImportError::new(format!("{at}.startTime"), problem)
    };
    let start = micros(span.start_time).ok_or_else(too_big)?;
    let end = span
        .start_time
        .checked_add(span.duration)
        .and_then(micros)
        .ok_or_else(too_big)?;

    let mut tags = tags(text, span.tags, &format!("{at}.tags"))?;
    let tag = |key: &str| find_attr(&tags, key).map(|v| v.to_string());
    let kind = match tag("span.kind").as_deref() {
        Some("server") => SpanKind::Server,
        Some("client") => SpanKind::Client,
        Some("producer") => SpanKind::Producer,
        Some("consumer") => SpanKind::Consumer,
        _ => SpanKind::Internal,
    };
    let code = match (tag("otel.status_code").as_deref(), tag("error").as_deref()) {
        (Some("ERROR"), _) => StatusCode::Error,
        (Some("OK"), _) => StatusCode::Ok,
        // Bool `true`, or the string "true" that some clients write.
        (_, Some("true")) => StatusCode::Error,
        _ => StatusCode::Unset,
    };
    let message = tag("otel.status_description").unwrap_or_default();
    let trace_state = tag("w3c.tracestate").unwrap_or_default();
    let scope_name = tag("otel.scope.name").or_else(|| tag("otel.library.name"));
    let scope_version = tag("otel.scope.version").or_else(|| tag("otel.library.version"));
    tags.retain(|kv| !DERIVED_TAGS.contains(&kv.key.as_ref()));
    let scope = Scope {
        name: scope_name.unwrap_or_default().into(),
        version: scope_version.unwrap_or_default().into(),
        schema_url: "".into(),
    };
    let scope = match scopes.iter().find(|s| ***s == scope) {
        Some(shared) => shared.clone(),
        None => {
            let scope = Arc::new(scope);
            scopes.push(scope.clone());
            scope
        }
    };
    let (parent_span_id, links) = parent_and_links(span.references, span.parent_span_id);
    let mut events = Vec::with_capacity(span.logs.len());
    for (i, log) in span.logs.into_iter().enumerate() {
        let mut fields = tags_at(text, log.fields, || format!("{at}.logs[{i}].fields"))?;
        let name = fields
            .iter()
            .position(|kv| kv.key == "event")
            .map(|p| fields.remove(p).value.to_string());
        events.push(Event {
            name: name.unwrap_or_default().into(),
            time_unix_nano: log.timestamp.saturating_mul(1_000),
            attributes: fields,
        });
    }
    Ok(Span {
        trace_id: span.trace_id,
        span_id: span.span_id,
        parent_span_id,
        flags: TraceFlags::SAMPLED,
        trace_state,
        name: span.operation_name.into(),
        kind,
        start_unix_nano: start,
        end_unix_nano: end,
        attributes: tags,
        events,
        links,
        status: Status {
            code,
            message: message.into(),
        },
        resource,
        scope,
        wire_headers: None,
    })
}

/// The parent (first `CHILD_OF`, else first `FOLLOWS_FROM`, else the deprecated field) and
/// the other references as links.
fn parent_and_links(
    mut refs: Vec<wire::Reference>,
    deprecated_parent: Option<SpanId>,
) -> (Option<SpanId>, Vec<Link>) {
    let pick = |t: &str, refs: &[wire::Reference]| refs.iter().position(|r| r.ref_type == t);
    let parent = match pick("CHILD_OF", &refs).or_else(|| pick("FOLLOWS_FROM", &refs)) {
        Some(i) => Some(refs.remove(i).span_id),
        None => deprecated_parent,
    };
    let links = refs
        .into_iter()
        .map(|r| Link {
            trace_id: r.trace_id,
            span_id: r.span_id,
            trace_state: String::new(),
            attributes: Vec::new(),
        })
        .collect();
    (parent, links)
}

fn tags(text: &str, list: Vec<wire::Tag<'_>>, at: &str) -> Result<Vec<KeyValue>, ImportError> {
    tags_at(text, list, || at.to_string())
}

/// Tags as attributes; each value read according to the tag's `type`.
fn tags_at(
    text: &str,
    list: Vec<wire::Tag<'_>>,
    at: impl Fn() -> String,
) -> Result<Vec<KeyValue>, ImportError> {
    let mut out = Vec::with_capacity(list.len());
    for (i, tag) in list.into_iter().enumerate() {
        let at_value = || format!("{}[{i}].value", at());
        let value = match tag.value {
            None => AttrValue::Str("".into()),
            Some(raw) => value(text, &tag.kind, raw.get(), &at_value)?,
        };
        out.push(KeyValue::new(tag.key, value));
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(transparent)]
struct Int(#[serde(deserialize_with = "codec::int64::deserialize")] i64);

#[derive(Deserialize)]
#[serde(transparent)]
struct Float(#[serde(deserialize_with = "codec::double::deserialize")] f64);

/// Jaeger writes big int64s as strings, and some clients write every value as a string, so
/// each type also reads from a string.
fn value(
    text: &str,
    kind: &str,
    raw: &str,
    at: &dyn Fn() -> String,
) -> Result<AttrValue, ImportError> {
    let here =
        |problem: String| ImportError::new(at(), problem).located(text, offset_in(text, raw));
    Ok(match kind {
        "bool" => match raw {
            "true" | "\"true\"" => AttrValue::Bool(true),
            "false" | "\"false\"" => AttrValue::Bool(false),
            _ => return Err(here(format!("must be true or false, found {raw}"))),
        },
        "int64" => AttrValue::Int(read::<Int>(text, raw, at)?.0),
        "float64" => AttrValue::Double(read::<Float>(text, raw, at)?.0),
        "binary" => {
            let encoded: String = read(text, raw, at)?;
            let bytes = base64::decode(&encoded)
                .ok_or_else(|| here(format!("must be base64 (RFC 4648), found {encoded:?}")))?;
            AttrValue::Bytes(bytes)
        }
        // "string", or a type this reader does not know: a string stays a string, any other
        // JSON value is kept as its text.
        _ if raw.starts_with('"') => AttrValue::Str(read::<String>(text, raw, at)?.into()),
        _ => AttrValue::Str(raw.to_string().into()),
    })
}
