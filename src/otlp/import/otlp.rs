//! OTLP JSON (`ExportTraceServiceRequest`) → spans.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>. Readers must accept
//! enum names as well as integers (proto3 JSON mapping), so both are read here.

use super::path::Path;
use super::values::{
    enum_code, opt_array, opt_str, otlp_attributes, parent_span_id, required_u64, span_id, trace_id,
};
use super::ImportError;
use crate::model::{
    find_attr, AttrValue, Event, KeyValue, Resource, Scope, Span, SpanKind, Status, StatusCode,
    TraceFlags,
};
use crate::otlp::json::Value;
use std::sync::Arc;

/// The default `service.name` the SDK spec gives a resource without one.
const UNKNOWN_SERVICE: &str = "unknown_service";

const KIND_NAMES: &[&str] = &[
    "SPAN_KIND_UNSPECIFIED",
    "SPAN_KIND_INTERNAL",
    "SPAN_KIND_SERVER",
    "SPAN_KIND_CLIENT",
    "SPAN_KIND_PRODUCER",
    "SPAN_KIND_CONSUMER",
];
const STATUS_NAMES: &[&str] = &["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

pub(super) fn read_request(request: &Value, spans: &mut Vec<Span>) -> Result<(), ImportError> {
    let root = Path::Root;
    let at_list = root.key("resourceSpans");
    for (ri, rs) in opt_array(request.get("resourceSpans"), &at_list)?
        .iter()
        .enumerate()
    {
        let at_rs = at_list.index(ri);
        let resource = Arc::new(read_resource(rs.get("resource"), &at_rs.key("resource"))?);
        // `instrumentationLibrarySpans` / `instrumentationLibrary` are the pre-2022 names.
        let (scopes_key, scope_key) = if rs.get("scopeSpans").is_some() {
            ("scopeSpans", "scope")
        } else {
            ("instrumentationLibrarySpans", "instrumentationLibrary")
        };
        let at_scopes = at_rs.key(scopes_key);
        for (si, ss) in opt_array(rs.get(scopes_key), &at_scopes)?
            .iter()
            .enumerate()
        {
            let at_ss = at_scopes.index(si);
            let scope = Arc::new(read_scope(ss.get(scope_key), &at_ss.key(scope_key))?);
            let at_spans = at_ss.key("spans");
            let list = opt_array(ss.get("spans"), &at_spans)?;
            spans.reserve(list.len());
            for (pi, span) in list.iter().enumerate() {
                spans.push(read_span(span, &resource, &scope, &at_spans.index(pi))?);
            }
        }
    }
    Ok(())
}

fn read_resource(value: Option<&Value>, at: &Path) -> Result<Resource, ImportError> {
    let attributes = otlp_attributes(
        value.and_then(|r| r.get("attributes")),
        &at.key("attributes"),
    )?;
    let service_name = match find_attr(&attributes, "service.name") {
        Some(AttrValue::Str(s)) => s.clone(),
        _ => UNKNOWN_SERVICE.into(),
    };
    Ok(Resource {
        service_name,
        attributes,
    })
}

fn read_scope(value: Option<&Value>, at: &Path) -> Result<Scope, ImportError> {
    let name = opt_str(value.and_then(|s| s.get("name")), &at.key("name"))?;
    let version = opt_str(value.and_then(|s| s.get("version")), &at.key("version"))?;
    Ok(Scope {
        name: name.to_string().into(),
        version: version.to_string().into(),
    })
}

fn read_span(
    span: &Value,
    resource: &Arc<Resource>,
    scope: &Arc<Scope>,
    at: &Path,
) -> Result<Span, ImportError> {
    if !span.is_object() {
        return Err(ImportError::at(at, "must be an object"));
    }
    let field = |key| (span.get(key), at.key(key));
    let (value, path) = field("startTimeUnixNano");
    let start = required_u64(value, &path)?;
    let (value, path) = field("endTimeUnixNano");
    let end = required_u64(value, &path)?;
    if end < start {
        return Err(ImportError::at(&path, "is before startTimeUnixNano"));
    }
    let (value, path) = field("traceId");
    let trace_id = trace_id(value, &path)?;
    let (value, path) = field("spanId");
    let span_id = span_id(value, &path)?;
    let (value, path) = field("parentSpanId");
    let parent_span_id = parent_span_id(value, &path)?;
    let (value, path) = field("traceState");
    let trace_state = opt_str(value, &path)?.to_string();
    let (value, path) = field("name");
    let name = opt_str(value, &path)?.to_string().into();
    let (value, path) = field("kind");
    let kind = read_kind(value, &path)?;
    let (value, path) = field("attributes");
    let attributes = otlp_attributes(value, &path)?;
    let (value, path) = field("events");
    let events = read_events(value, &path)?;
    let (value, path) = field("status");
    let status = read_status(value, &path)?;
    Ok(Span {
        trace_id,
        span_id,
        parent_span_id,
        // Imported spans were recorded, so they were sampled.
        flags: TraceFlags::SAMPLED,
        trace_state,
        name,
        kind,
        start_unix_nano: start,
        end_unix_nano: end,
        attributes,
        events,
        status,
        resource: resource.clone(),
        scope: scope.clone(),
        wire_headers: None,
    })
}

/// `Span.SpanKind`; UNSPECIFIED (0) reads as INTERNAL, which the spec names as the default.
fn read_kind(value: Option<&Value>, at: &Path) -> Result<SpanKind, ImportError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(SpanKind::Internal);
    };
    match enum_code(value, KIND_NAMES) {
        Some(0 | 1) => Ok(SpanKind::Internal),
        Some(2) => Ok(SpanKind::Server),
        Some(3) => Ok(SpanKind::Client),
        Some(4) => Ok(SpanKind::Producer),
        Some(5) => Ok(SpanKind::Consumer),
        _ => Err(ImportError::at(
            at,
            format!("is not a span kind (0-5), found {value}"),
        )),
    }
}

fn read_status(value: Option<&Value>, at: &Path) -> Result<Status, ImportError> {
    let Some(status) = value.filter(|v| !v.is_null()) else {
        return Ok(Status::default());
    };
    let at_code = at.key("code");
    let code = match status.get("code").filter(|v| !v.is_null()) {
        None => StatusCode::Unset,
        Some(v) => match enum_code(v, STATUS_NAMES) {
            Some(0) => StatusCode::Unset,
            Some(1) => StatusCode::Ok,
            Some(2) => StatusCode::Error,
            _ => {
                return Err(ImportError::at(
                    &at_code,
                    format!("is not a status code (0-2), found {v}"),
                ))
            }
        },
    };
    let message = opt_str(status.get("message"), &at.key("message"))?;
    Ok(Status {
        code,
        message: message.to_string().into(),
    })
}

fn read_events(value: Option<&Value>, at: &Path) -> Result<Vec<Event>, ImportError> {
    let items = opt_array(value, at)?;
    let mut events = Vec::with_capacity(items.len());
    for (i, event) in items.iter().enumerate() {
        let at_event = at.index(i);
        events.push(Event {
            name: opt_str(event.get("name"), &at_event.key("name"))?
                .to_string()
                .into(),
            time_unix_nano: required_u64(event.get("timeUnixNano"), &at_event.key("timeUnixNano"))?,
            attributes: otlp_attributes(event.get("attributes"), &at_event.key("attributes"))?,
        });
    }
    Ok(events)
}

/// A resource with `service.name` among its attributes; used by the Jaeger reader too.
pub(super) fn resource_with_service(service: &str, mut attributes: Vec<KeyValue>) -> Resource {
    if find_attr(&attributes, "service.name").is_none() {
        attributes.insert(0, KeyValue::str("service.name", service.to_string()));
    }
    Resource {
        service_name: service.to_string().into(),
        attributes,
    }
}
