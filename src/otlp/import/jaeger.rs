//! Jaeger's JSON (UI "Download JSON", `/api/traces`) → spans.
//!
//! Model: `internal/uimodel/model.go` in <https://github.com/jaegertracing/jaeger>. Jaeger turns
//! OTLP fields into tags when it stores spans (the OpenTelemetry Collector's Jaeger translator,
//! `pkg/translator/jaeger`); this reader turns those tags back into fields so an exported and
//! re-imported trace looks like the original: `span.kind`, `otel.status_code`,
//! `otel.status_description`, `error`, `w3c.tracestate`, `otel.scope.*` / `otel.library.*`.
//! Times are microseconds in Jaeger and nanoseconds in the model.

use super::otlp::resource_with_service;
use super::values::{opt_array, opt_str, parent_span_id, required_u64, span_id, trace_id};
use super::ImportError;
use crate::model::{
    AttrValue, Event, KeyValue, Resource, Scope, Span, SpanKind, Status, StatusCode, TraceFlags,
};
use serde_json::Value;
use std::collections::HashMap;
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
    let traces = opt_array(response.get("data"), &|| "data".into())?;
    read_traces(traces, "data", spans)
}

pub(super) fn read_traces(
    traces: &[Value],
    at: &str,
    spans: &mut Vec<Span>,
) -> Result<(), ImportError> {
    for (i, trace) in traces.iter().enumerate() {
        read_trace(trace, &format!("{at}[{i}]"), spans)?;
    }
    Ok(())
}

pub(super) fn read_trace(
    trace: &Value,
    at: &str,
    spans: &mut Vec<Span>,
) -> Result<(), ImportError> {
    let dot = if at.is_empty() { "" } else { "." };
    let processes = read_processes(trace.get("processes"), &format!("{at}{dot}processes"))?;
    let list = opt_array(trace.get("spans"), &|| format!("{at}{dot}spans"))?;
    let mut scopes: HashMap<(String, String), Arc<Scope>> = HashMap::new();
    for (i, span) in list.iter().enumerate() {
        let at_span = format!("{at}{dot}spans[{i}]");
        spans.push(read_span(span, &processes, &mut scopes, &at_span)?);
    }
    Ok(())
}

fn read_processes(
    value: Option<&Value>,
    at: &str,
) -> Result<HashMap<String, Arc<Resource>>, ImportError> {
    let mut out = HashMap::new();
    let Some(Value::Object(map)) = value else {
        return Ok(out);
    };
    for (id, process) in map {
        out.insert(
            id.clone(),
            Arc::new(read_process(process, &format!("{at}.{id}"))?),
        );
    }
    Ok(out)
}

fn read_process(process: &Value, at: &str) -> Result<Resource, ImportError> {
    let service = opt_str(process.get("serviceName"), &|| format!("{at}.serviceName"))?;
    let service = if service.is_empty() {
        "unknown_service"
    } else {
        service
    };
    let tags = read_tags(process.get("tags"), &format!("{at}.tags"))?;
    Ok(resource_with_service(service, tags))
}

fn read_span(
    span: &Value,
    processes: &HashMap<String, Arc<Resource>>,
    scopes: &mut HashMap<(String, String), Arc<Scope>>,
    at: &str,
) -> Result<Span, ImportError> {
    let field = |key: &'static str| move || format!("{at}.{key}");
    if !span.is_object() {
        return Err(ImportError::new(at, "must be an object"));
    }
    let resource = match (span.get("process"), span.get("processID")) {
        (Some(process), _) if process.is_object() => {
            Arc::new(read_process(process, &field("process")())?)
        }
        (_, Some(Value::String(id))) => processes.get(id).cloned().ok_or_else(|| {
            ImportError::new(
                field("processID")(),
                format!("names process {id:?}, which the trace does not list"),
            )
        })?,
        _ => {
            return Err(ImportError::new(
                at,
                "has neither \"processID\" nor \"process\"",
            ))
        }
    };
    let start_micros = required_u64(span.get("startTime"), &field("startTime"))?;
    let duration_micros = required_u64(span.get("duration"), &field("duration"))?;
    let too_big = || {
        ImportError::new(
            field("startTime")(),
            "is too large to be a time in microseconds",
        )
    };
    let start = start_micros.checked_mul(1_000).ok_or_else(too_big)?;
    let end = start_micros
        .checked_add(duration_micros)
        .and_then(|e| e.checked_mul(1_000))
        .ok_or_else(too_big)?;

    let mut tags = read_tags(span.get("tags"), &field("tags")())?;
    let tag_str = |tags: &[KeyValue], key: &str| {
        tags.iter()
            .find(|kv| kv.key == key)
            .map(|kv| kv.value.to_string())
    };
    let kind = match tag_str(&tags, "span.kind").as_deref() {
        Some("server") => SpanKind::Server,
        Some("client") => SpanKind::Client,
        Some("producer") => SpanKind::Producer,
        Some("consumer") => SpanKind::Consumer,
        _ => SpanKind::Internal,
    };
    // Bool `true`, or the string "true" that some clients write.
    let error_tag = tags
        .iter()
        .any(|kv| kv.key == "error" && kv.value.to_string() == "true");
    let code = match tag_str(&tags, "otel.status_code").as_deref() {
        Some("ERROR") => StatusCode::Error,
        Some("OK") => StatusCode::Ok,
        _ if error_tag => StatusCode::Error,
        _ => StatusCode::Unset,
    };
    let message = tag_str(&tags, "otel.status_description").unwrap_or_default();
    let trace_state = tag_str(&tags, "w3c.tracestate").unwrap_or_default();
    let scope_name = tag_str(&tags, "otel.scope.name")
        .or_else(|| tag_str(&tags, "otel.library.name"))
        .unwrap_or_default();
    let scope_version = tag_str(&tags, "otel.scope.version")
        .or_else(|| tag_str(&tags, "otel.library.version"))
        .unwrap_or_default();
    tags.retain(|kv| !DERIVED_TAGS.contains(&kv.key.as_ref()));
    let scope = scopes
        .entry((scope_name.clone(), scope_version.clone()))
        .or_insert_with(|| {
            Arc::new(Scope {
                name: scope_name.into(),
                version: scope_version.into(),
            })
        })
        .clone();

    Ok(Span {
        trace_id: trace_id(span.get("traceID"), &field("traceID"))?,
        span_id: span_id(span.get("spanID"), &field("spanID"))?,
        parent_span_id: read_parent(span, at)?,
        flags: TraceFlags::SAMPLED,
        trace_state,
        name: opt_str(span.get("operationName"), &field("operationName"))?
            .to_string()
            .into(),
        kind,
        start_unix_nano: start,
        end_unix_nano: end,
        attributes: tags,
        events: read_logs(span.get("logs"), &field("logs")())?,
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
fn read_parent(span: &Value, at: &str) -> Result<Option<crate::model::SpanId>, ImportError> {
    let refs = opt_array(span.get("references"), &|| format!("{at}.references"))?;
    let pick = |ref_type: &str| {
        refs.iter()
            .position(|r| r.get("refType").and_then(Value::as_str) == Some(ref_type))
    };
    if let Some(i) = pick("CHILD_OF").or_else(|| pick("FOLLOWS_FROM")) {
        let reference = refs.get(i).and_then(|r| r.get("spanID"));
        return span_id(reference, &|| format!("{at}.references[{i}].spanID")).map(Some);
    }
    parent_span_id(span.get("parentSpanID"), &|| format!("{at}.parentSpanID"))
}

/// Logs become events; the `event` field carries the event name.
fn read_logs(value: Option<&Value>, at: &str) -> Result<Vec<Event>, ImportError> {
    let logs = opt_array(value, &|| at.to_string())?;
    let mut events = Vec::with_capacity(logs.len());
    for (i, log) in logs.iter().enumerate() {
        let at_log = format!("{at}[{i}]");
        let micros = required_u64(log.get("timestamp"), &|| format!("{at_log}.timestamp"))?;
        let mut fields = read_tags(log.get("fields"), &format!("{at_log}.fields"))?;
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
fn read_tags(value: Option<&Value>, at: &str) -> Result<Vec<KeyValue>, ImportError> {
    let items = opt_array(value, &|| at.to_string())?;
    let mut out = Vec::with_capacity(items.len());
    for (i, tag) in items.iter().enumerate() {
        let at_tag = || format!("{at}[{i}]");
        let key = opt_str(tag.get("key"), &|| format!("{}.key", at_tag()))?;
        if key.is_empty() {
            return Err(ImportError::new(format!("{}.key", at_tag()), "is missing"));
        }
        let raw = tag.get("value").unwrap_or(&Value::Null);
        let kind = tag.get("type").and_then(Value::as_str).unwrap_or("string");
        let bad = |what: &str| {
            ImportError::new(
                format!("{}.value", at_tag()),
                format!("must be {what}, found {raw}"),
            )
        };
        let value = match kind {
            "bool" => match raw {
                Value::Bool(b) => AttrValue::Bool(*b),
                Value::String(s) if s == "true" || s == "false" => AttrValue::Bool(s == "true"),
                _ => return Err(bad("true or false")),
            },
            "int64" => match raw {
                Value::Number(n) => {
                    AttrValue::Int(n.as_i64().ok_or_else(|| bad("a 64-bit integer"))?)
                }
                Value::String(s) => AttrValue::Int(s.parse().map_err(|_| bad("a 64-bit integer"))?),
                _ => return Err(bad("a 64-bit integer")),
            },
            "float64" => match raw {
                Value::Number(n) => AttrValue::Double(n.as_f64().ok_or_else(|| bad("a number"))?),
                Value::String(s) => AttrValue::Double(s.parse().map_err(|_| bad("a number"))?),
                _ => return Err(bad("a number")),
            },
            _ => match raw {
                Value::String(s) => AttrValue::Str(s.clone().into()),
                other => AttrValue::Str(other.to_string().into()),
            },
        };
        out.push(KeyValue::new(key.to_string(), value));
    }
    Ok(out)
}
