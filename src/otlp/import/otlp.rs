//! OTLP JSON (`ExportTraceServiceRequest`) → spans.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>. Readers must accept
//! enum names as well as integers (proto3 JSON mapping), so both are read here.

use super::values::{
    opt_array, opt_str, otlp_attributes, parent_span_id, required_u64, span_id, trace_id,
};
use super::ImportError;
use crate::model::{
    find_attr, AttrValue, Event, KeyValue, Resource, Scope, Span, SpanKind, Status, StatusCode,
    TraceFlags,
};
use serde_json::Value;
use std::sync::Arc;

/// The default `service.name` the SDK spec gives a resource without one.
const UNKNOWN_SERVICE: &str = "unknown_service";

pub(super) fn read_request(request: &Value, spans: &mut Vec<Span>) -> Result<(), ImportError> {
    let resource_spans = opt_array(request.get("resourceSpans"), &|| "resourceSpans".into())?;
    for (ri, rs) in resource_spans.iter().enumerate() {
        let at_rs = || format!("resourceSpans[{ri}]");
        let resource = Arc::new(read_resource(rs.get("resource"), &|| {
            format!("{}.resource", at_rs())
        })?);
        // `instrumentationLibrarySpans` is the pre-2022 name of `scopeSpans`.
        let (scopes_key, scope_key) = if rs.get("scopeSpans").is_some() {
            ("scopeSpans", "scope")
        } else {
            ("instrumentationLibrarySpans", "instrumentationLibrary")
        };
        let scope_spans = opt_array(rs.get(scopes_key), &|| format!("{}.{scopes_key}", at_rs()))?;
        for (si, ss) in scope_spans.iter().enumerate() {
            let at_ss = || format!("{}.{scopes_key}[{si}]", at_rs());
            let scope = Arc::new(read_scope(ss.get(scope_key), &|| {
                format!("{}.{scope_key}", at_ss())
            })?);
            let list = opt_array(ss.get("spans"), &|| format!("{}.spans", at_ss()))?;
            spans.reserve(list.len());
            for (pi, span) in list.iter().enumerate() {
                let at_span = || format!("{}.spans[{pi}]", at_ss());
                spans.push(read_span(span, &resource, &scope, &at_span)?);
            }
        }
    }
    Ok(())
}

fn read_resource(value: Option<&Value>, at: &dyn Fn() -> String) -> Result<Resource, ImportError> {
    let attributes = otlp_attributes(value.and_then(|r| r.get("attributes")), &|| {
        format!("{}.attributes", at())
    })?;
    let service_name = match find_attr(&attributes, "service.name") {
        Some(AttrValue::Str(s)) => s.clone(),
        _ => UNKNOWN_SERVICE.into(),
    };
    Ok(Resource {
        service_name,
        attributes,
    })
}

fn read_scope(value: Option<&Value>, at: &dyn Fn() -> String) -> Result<Scope, ImportError> {
    let name = opt_str(value.and_then(|s| s.get("name")), &|| {
        format!("{}.name", at())
    })?;
    let version = opt_str(value.and_then(|s| s.get("version")), &|| {
        format!("{}.version", at())
    })?;
    Ok(Scope {
        name: name.to_string().into(),
        version: version.to_string().into(),
    })
}

fn read_span(
    span: &Value,
    resource: &Arc<Resource>,
    scope: &Arc<Scope>,
    at: &dyn Fn() -> String,
) -> Result<Span, ImportError> {
    let field = |key: &'static str| move || format!("{}.{key}", at());
    if !span.is_object() {
        return Err(ImportError::new(at(), "must be an object"));
    }
    let start = required_u64(span.get("startTimeUnixNano"), &field("startTimeUnixNano"))?;
    let end = required_u64(span.get("endTimeUnixNano"), &field("endTimeUnixNano"))?;
    if end < start {
        return Err(ImportError::new(
            field("endTimeUnixNano")(),
            "is before startTimeUnixNano",
        ));
    }
    Ok(Span {
        trace_id: trace_id(span.get("traceId"), &field("traceId"))?,
        span_id: span_id(span.get("spanId"), &field("spanId"))?,
        parent_span_id: parent_span_id(span.get("parentSpanId"), &field("parentSpanId"))?,
        // Imported spans were recorded, so they were sampled.
        flags: TraceFlags::SAMPLED,
        trace_state: opt_str(span.get("traceState"), &field("traceState"))?.to_string(),
        name: opt_str(span.get("name"), &field("name"))?
            .to_string()
            .into(),
        kind: read_kind(span.get("kind"), &field("kind"))?,
        start_unix_nano: start,
        end_unix_nano: end,
        attributes: otlp_attributes(span.get("attributes"), &field("attributes"))?,
        events: read_events(span.get("events"), &field("events"))?,
        status: read_status(span.get("status"), &field("status"))?,
        resource: resource.clone(),
        scope: scope.clone(),
        wire_headers: None,
    })
}

/// `Span.SpanKind` as an integer or its enum name; UNSPECIFIED (0) reads as INTERNAL, which
/// the spec names as the default kind.
fn read_kind(value: Option<&Value>, at: &dyn Fn() -> String) -> Result<SpanKind, ImportError> {
    let code = match value {
        None | Some(Value::Null) => return Ok(SpanKind::Internal),
        Some(Value::Number(n)) => n.as_i64().unwrap_or(-1),
        Some(Value::String(s)) => match s.as_str() {
            "SPAN_KIND_UNSPECIFIED" => 0,
            "SPAN_KIND_INTERNAL" => 1,
            "SPAN_KIND_SERVER" => 2,
            "SPAN_KIND_CLIENT" => 3,
            "SPAN_KIND_PRODUCER" => 4,
            "SPAN_KIND_CONSUMER" => 5,
            _ => -1,
        },
        Some(_) => -1,
    };
    match code {
        0 | 1 => Ok(SpanKind::Internal),
        2 => Ok(SpanKind::Server),
        3 => Ok(SpanKind::Client),
        4 => Ok(SpanKind::Producer),
        5 => Ok(SpanKind::Consumer),
        _ => Err(ImportError::new(
            at(),
            format!(
                "is not a span kind (0-5), found {}",
                value.map_or_else(String::new, Value::to_string)
            ),
        )),
    }
}

fn read_status(value: Option<&Value>, at: &dyn Fn() -> String) -> Result<Status, ImportError> {
    let Some(status) = value.filter(|v| !v.is_null()) else {
        return Ok(Status::default());
    };
    let code_value = status.get("code");
    let code = match code_value {
        None | Some(Value::Null) => StatusCode::Unset,
        Some(v) if v == 0 || v == "STATUS_CODE_UNSET" => StatusCode::Unset,
        Some(v) if v == 1 || v == "STATUS_CODE_OK" => StatusCode::Ok,
        Some(v) if v == 2 || v == "STATUS_CODE_ERROR" => StatusCode::Error,
        Some(other) => {
            return Err(ImportError::new(
                format!("{}.code", at()),
                format!("is not a status code (0-2), found {other}"),
            ))
        }
    };
    let message = opt_str(status.get("message"), &|| format!("{}.message", at()))?;
    Ok(Status {
        code,
        message: message.to_string().into(),
    })
}

fn read_events(value: Option<&Value>, at: &dyn Fn() -> String) -> Result<Vec<Event>, ImportError> {
    let items = opt_array(value, at)?;
    let mut events = Vec::with_capacity(items.len());
    for (i, event) in items.iter().enumerate() {
        let at_event = || format!("{}[{i}]", at());
        events.push(Event {
            name: opt_str(event.get("name"), &|| format!("{}.name", at_event()))?
                .to_string()
                .into(),
            time_unix_nano: required_u64(event.get("timeUnixNano"), &|| {
                format!("{}.timeUnixNano", at_event())
            })?,
            attributes: otlp_attributes(event.get("attributes"), &|| {
                format!("{}.attributes", at_event())
            })?,
        });
    }
    Ok(events)
}

/// Builds the resource attributes an importer should keep; used by the Jaeger reader too.
pub(super) fn resource_with_service(service: &str, mut attributes: Vec<KeyValue>) -> Resource {
    if find_attr(&attributes, "service.name").is_none() {
        attributes.insert(0, KeyValue::str("service.name", service.to_string()));
    }
    Resource {
        service_name: service.to_string().into(),
        attributes,
    }
}
