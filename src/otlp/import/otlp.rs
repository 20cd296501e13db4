//! OTLP wire types → the model. The wire types have already checked every value's form
//! (ids, integers, enums); what is left are the rules between fields.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>, and the SDK spec's
//! default `service.name` (<https://opentelemetry.io/docs/specs/semconv/resource/#service>).

use crate::model::{
    find_attr, AttrValue, Event, KeyValue, Link, Resource, Scope, Span, SpanKind, Status,
    StatusCode, TraceFlags,
};
use crate::otlp::wire;
use std::borrow::Cow;
use std::sync::Arc;

/// The default `service.name` the SDK spec gives a resource without one.
pub(crate) const UNKNOWN_SERVICE: &str = "unknown_service";

fn owned(s: Cow<'_, str>) -> crate::model::Str {
    Cow::Owned(s.into_owned())
}

pub(crate) fn resource(resource: wire::Resource<'_>, schema_url: Cow<'_, str>) -> Resource {
    let attributes = attributes(resource.attributes);
    let service_name = match find_attr(&attributes, "service.name") {
        Some(AttrValue::Str(s)) => s.clone(),
        _ => UNKNOWN_SERVICE.into(),
    };
    Resource {
        service_name,
        attributes,
        schema_url: owned(schema_url),
    }
}

pub(crate) fn scope(scope: wire::InstrumentationScope<'_>, schema_url: Cow<'_, str>) -> Scope {
    Scope {
        name: owned(scope.name),
        version: owned(scope.version),
        schema_url: owned(schema_url),
    }
}

/// Why a span cannot be imported although each of its fields is well-formed: which field
/// (relative to the span) and what is wrong.
pub(crate) type SpanProblem = (&'static str, &'static str);

pub(crate) fn span(
    span: wire::Span<'_>,
    resource: &Arc<Resource>,
    scope: &Arc<Scope>,
) -> Result<Span, SpanProblem> {
    if span.end_time_unix_nano < span.start_time_unix_nano {
        return Err(("endTimeUnixNano", "is before startTimeUnixNano"));
    }
    // Bits 0-7 are the W3C flags; a file without them (the 2022 protos) held recorded, so
    // sampled, spans.
    let flags = match span.flags & 0xff {
        0 => TraceFlags::SAMPLED,
        bits => TraceFlags(bits as u8),
    };
    Ok(Span {
        trace_id: span.trace_id,
        span_id: span.span_id,
        parent_span_id: span.parent_span_id,
        flags,
        trace_state: span.trace_state.into_owned(),
        name: owned(span.name),
        kind: kind(span.kind),
        start_unix_nano: span.start_time_unix_nano,
        end_unix_nano: span.end_time_unix_nano,
        attributes: attributes(span.attributes),
        events: span.events.into_iter().map(event).collect(),
        links: span.links.into_iter().map(link).collect(),
        status: Status {
            code: match span.status.code {
                wire::StatusCode::Unset => StatusCode::Unset,
                wire::StatusCode::Ok => StatusCode::Ok,
                wire::StatusCode::Error => StatusCode::Error,
            },
            message: owned(span.status.message),
        },
        resource: resource.clone(),
        scope: scope.clone(),
        wire_headers: None,
    })
}

/// UNSPECIFIED reads as INTERNAL, the kind the API spec names as the default.
fn kind(kind: wire::SpanKind) -> SpanKind {
    match kind {
        wire::SpanKind::Unspecified | wire::SpanKind::Internal => SpanKind::Internal,
        wire::SpanKind::Server => SpanKind::Server,
        wire::SpanKind::Client => SpanKind::Client,
        wire::SpanKind::Producer => SpanKind::Producer,
        wire::SpanKind::Consumer => SpanKind::Consumer,
    }
}

fn event(event: wire::Event<'_>) -> Event {
    Event {
        name: owned(event.name),
        time_unix_nano: event.time_unix_nano,
        attributes: attributes(event.attributes),
    }
}

fn link(link: wire::Link<'_>) -> Link {
    Link {
        trace_id: link.trace_id,
        span_id: link.span_id,
        trace_state: link.trace_state.into_owned(),
        attributes: attributes(link.attributes),
    }
}

pub(crate) fn attributes(list: Vec<wire::KeyValue<'_>>) -> Vec<KeyValue> {
    list.into_iter()
        .map(|kv| KeyValue::new(owned(kv.key), value(kv.value)))
        .collect()
}

fn value(value: wire::AnyValue<'_>) -> AttrValue {
    match value {
        wire::AnyValue::StringValue(s) => AttrValue::Str(owned(s)),
        wire::AnyValue::BoolValue(b) => AttrValue::Bool(b),
        wire::AnyValue::IntValue(i) => AttrValue::Int(i),
        wire::AnyValue::DoubleValue(d) => AttrValue::Double(d),
        wire::AnyValue::ArrayValue(a) => {
            AttrValue::Array(a.values.into_iter().map(self::value).collect())
        }
        wire::AnyValue::KvlistValue(l) => AttrValue::KvList(attributes(l.values)),
        wire::AnyValue::BytesValue(b) => AttrValue::Bytes(b),
    }
}
