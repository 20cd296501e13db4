//! Jaeger's JSON (UI "Download JSON", `/api/traces`) → spans.
//!
//! Model: `internal/uimodel/model.go` in <https://github.com/jaegertracing/jaeger>. Jaeger turns
//! OTLP fields into tags when it stores spans (the OpenTelemetry Collector's Jaeger translator,
//! `pkg/translator/jaeger`); this reader turns those tags back into fields so an exported and
//! re-imported trace looks like the original: `span.kind`, `otel.status_code`,
//! `otel.status_description`, `error`, `w3c.tracestate`, `otel.scope.*` / `otel.library.*`.
//! Times are microseconds in Jaeger and nanoseconds in the model.

use super::otlp::resource_with_service;
use super::path::Path;
use super::values::{opt_array, opt_str, parent_span_id, required_u64, span_id, trace_id};
use super::ImportError;
use crate::lean::quoted;
use crate::model::{
    find_attr, AttrValue, Event, KeyValue, Resource, Scope, Span, SpanId, SpanKind, Status,
    StatusCode, TraceFlags,
};
use crate::otlp::json::{parse_f64, Value};
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

pub(super) fn read_response(response: &Value, spans: &mut Vec<Span>) -> Result<(), ImportError> {
    let root = Path::Root;
    let at = root.key("data");
    read_traces(opt_array(response.get("data"), &at)?, &at, spans)
}

pub(super) fn read_traces(
    traces: &[Value],
    at: &Path,
    spans: &mut Vec<Span>,
) -> Result<(), ImportError> {
    for (i, trace) in traces.iter().enumerate() {
        read_trace(trace, &at.index(i), spans)?;
    }
    Ok(())
}

pub(super) fn read_trace(
    trace: &Value,
    at: &Path,
    spans: &mut Vec<Span>,
) -> Result<(), ImportError> {
    let processes = read_processes(trace.get("processes"), &at.key("processes"))?;
    let at_spans = at.key("spans");
    let list = opt_array(trace.get("spans"), &at_spans)?;
    let mut scopes: Vec<Arc<Scope>> = Vec::new();
    for (i, span) in list.iter().enumerate() {
        spans.push(read_span(
            span,
            &processes,
            &mut scopes,
            &at_spans.index(i),
        )?);
    }
    Ok(())
}

fn read_processes(
    value: Option<&Value>,
    at: &Path,
) -> Result<Vec<(String, Arc<Resource>)>, ImportError> {
    let Some(Value::Object(members)) = value else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(members.len());
    for (id, process) in members {
        out.push((id.clone(), Arc::new(read_process(process, &at.key(id))?)));
    }
    Ok(out)
}

fn read_process(process: &Value, at: &Path) -> Result<Resource, ImportError> {
    let service = opt_str(process.get("serviceName"), &at.key("serviceName"))?;
    let service = if service.is_empty() {
        "unknown_service"
    } else {
        service
    };
    let tags = read_tags(process.get("tags"), &at.key("tags"))?;
    Ok(resource_with_service(service, tags))
}

fn read_span(
    span: &Value,
    processes: &[(String, Arc<Resource>)],
    scopes: &mut Vec<Arc<Scope>>,
    at: &Path,
) -> Result<Span, ImportError> {
    if !span.is_object() {
        return Err(ImportError::at(at, "must be an object"));
    }
    let resource = match (span.get("process"), span.get("processID")) {
        (Some(process), _) if process.is_object() => {
            Arc::new(read_process(process, &at.key("process"))?)
        }
        (_, Some(Value::String(id))) => match processes.iter().find(|(pid, _)| pid == id) {
            Some((_, resource)) => resource.clone(),
            None => {
                let problem = format!(
                    "names process {}, which the trace does not list",
                    quoted(id)
                );
                return Err(ImportError::at(&at.key("processID"), problem));
            }
        },
        _ => {
            return Err(ImportError::at(
                at,
                "has neither \"processID\" nor \"process\"",
            ))
        }
    };
    let at_start = at.key("startTime");
    let start_micros = required_u64(span.get("startTime"), &at_start)?;
    let duration_micros = required_u64(span.get("duration"), &at.key("duration"))?;
    let too_big = || ImportError::at(&at_start, "is too large to be a time in microseconds");
    let start = start_micros.checked_mul(1_000).ok_or_else(too_big)?;
    let end = start_micros
        .checked_add(duration_micros)
        .and_then(|e| e.checked_mul(1_000))
        .ok_or_else(too_big)?;

    let mut tags = read_tags(span.get("tags"), &at.key("tags"))?;
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
    let scope_name = tag("otel.scope.name")
        .or_else(|| tag("otel.library.name"))
        .unwrap_or_default();
    let scope_version = tag("otel.scope.version")
        .or_else(|| tag("otel.library.version"))
        .unwrap_or_default();
    tags.retain(|kv| !DERIVED_TAGS.contains(&kv.key.as_ref()));
    let scope = match scopes
        .iter()
        .find(|s| s.name == scope_name.as_str() && s.version == scope_version.as_str())
    {
        Some(scope) => scope.clone(),
        None => {
            let scope = Arc::new(Scope {
                name: scope_name.into(),
                version: scope_version.into(),
            });
            scopes.push(scope.clone());
            scope
        }
    };

    Ok(Span {
        trace_id: trace_id(span.get("traceID"), &at.key("traceID"))?,
        span_id: span_id(span.get("spanID"), &at.key("spanID"))?,
        parent_span_id: read_parent(span, at)?,
        flags: TraceFlags::SAMPLED,
        trace_state,
        name: opt_str(span.get("operationName"), &at.key("operationName"))?
            .to_string()
            .into(),
        kind,
        start_unix_nano: start,
        end_unix_nano: end,
        attributes: tags,
        events: read_logs(span.get("logs"), &at.key("logs"))?,
        status: Status {
            code,
            message: message.into(),
        },
        resource,
        scope,
        wire_headers: None,
    })
}

/// The parent is the first `CHILD_OF` reference (else the first `FOLLOWS_FROM`), or the
/// deprecated `parentSpanID` field.
fn read_parent(span: &Value, at: &Path) -> Result<Option<SpanId>, ImportError> {
    let at_refs = at.key("references");
    let refs = opt_array(span.get("references"), &at_refs)?;
    let pick = |ref_type: &str| {
        refs.iter()
            .position(|r| r.get("refType").and_then(Value::as_str) == Some(ref_type))
    };
    if let Some(i) = pick("CHILD_OF").or_else(|| pick("FOLLOWS_FROM")) {
        let at_ref = at_refs.index(i);
        let reference = refs.get(i).and_then(|r| r.get("spanID"));
        return span_id(reference, &at_ref.key("spanID")).map(Some);
    }
    parent_span_id(span.get("parentSpanID"), &at.key("parentSpanID"))
}

/// Logs become events; the `event` field carries the event name.
fn read_logs(value: Option<&Value>, at: &Path) -> Result<Vec<Event>, ImportError> {
    let logs = opt_array(value, at)?;
    let mut events = Vec::with_capacity(logs.len());
    for (i, log) in logs.iter().enumerate() {
        let at_log = at.index(i);
        let micros = required_u64(log.get("timestamp"), &at_log.key("timestamp"))?;
        let mut fields = read_tags(log.get("fields"), &at_log.key("fields"))?;
        let name = fields
            .iter()
            .position(|kv| kv.key == "event")
            .map(|p| fields.remove(p).value.to_string());
        events.push(Event {
            name: name.unwrap_or_default().into(),
            time_unix_nano: micros.saturating_mul(1_000),
            attributes: fields,
        });
    }
    Ok(events)
}

/// Jaeger tags: `{"key", "type", "value"}` with types string, bool, int64, float64, binary.
/// Values may be JSON numbers or strings (Jaeger writes big int64s as strings).
fn read_tags(value: Option<&Value>, at: &Path) -> Result<Vec<KeyValue>, ImportError> {
    let items = opt_array(value, at)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, tag) in items.iter().enumerate() {
        let at_tag = at.index(i);
        let at_key = at_tag.key("key");
        let key = opt_str(tag.get("key"), &at_key)?;
        if key.is_empty() {
            return Err(ImportError::at(&at_key, "is missing"));
        }
        let raw = tag.get("value").unwrap_or(&Value::Null);
        let at_value = at_tag.key("value");
        let bad = |what: &str| ImportError::at(&at_value, format!("must be {what}, found {raw}"));
        let text = match raw {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        };
        let value = match (
            tag.get("type").and_then(Value::as_str).unwrap_or("string"),
            raw,
        ) {
            ("bool", Value::Bool(b)) => AttrValue::Bool(*b),
            ("bool", _) => match text {
                Some("true") => AttrValue::Bool(true),
                Some("false") => AttrValue::Bool(false),
                _ => return Err(bad("true or false")),
            },
            ("int64", Value::Number(n)) => {
                AttrValue::Int(n.as_i64().ok_or_else(|| bad("a 64-bit integer"))?)
            }
            ("int64", _) => AttrValue::Int(
                text.and_then(|t| t.parse().ok())
                    .ok_or_else(|| bad("a 64-bit integer"))?,
            ),
            ("float64", Value::Number(n)) => {
                AttrValue::Double(n.as_f64().ok_or_else(|| bad("a number"))?)
            }
            ("float64", _) => {
                AttrValue::Double(text.and_then(parse_f64).ok_or_else(|| bad("a number"))?)
            }
            (_, Value::String(s)) => AttrValue::Str(s.clone().into()),
            (_, other) => AttrValue::Str(other.to_string().into()),
        };
        out.push(KeyValue::new(key.to_string(), value));
    }
    Ok(out)
}
