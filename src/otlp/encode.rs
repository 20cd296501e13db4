//! Spans → an OTLP/HTTP JSON `ExportTraceServiceRequest` body, through the wire types of
//! [`super::wire`] (which own the JSON rules: hex ids, string nanos, integer enums, no span
//! `flags`). This module only groups: one `resourceSpans` entry per distinct resource, one
//! `scopeSpans` entry per distinct scope within it, in order of first appearance.
//!
//! The wire types borrow every string from the model, so encoding copies no text before
//! serde_json writes it.

use super::wire;
use crate::model::{AttrValue, Event, KeyValue, Link, Resource, Scope, Span, Trace};
use std::borrow::Cow;
use std::sync::Arc;

/// One resource's spans, split by scope, in order of first appearance.
type ResourceGroup<'a> = (&'a Arc<Resource>, Vec<(&'a Arc<Scope>, Vec<&'a Span>)>);

/// Encodes `spans` as one request body, grouped by resource and then scope.
pub fn encode_spans<'a>(spans: impl IntoIterator<Item = &'a Span>) -> String {
    let groups = group(spans);
    let span_count: usize = groups
        .iter()
        .flat_map(|(_, s)| s.iter())
        .map(|(_, v)| v.len())
        .sum();
    let request = wire::ExportTraceServiceRequest {
        resource_spans: groups
            .into_iter()
            .map(|(resource, scopes)| wire::ResourceSpans {
                resource: wire_resource(resource),
                scope_spans: scopes
                    .into_iter()
                    .map(|(scope, spans)| wire::ScopeSpans {
                        scope: wire::InstrumentationScope {
                            name: Cow::Borrowed(&scope.name),
                            version: Cow::Borrowed(&scope.version),
                            ..Default::default()
                        },
                        spans: spans.into_iter().map(wire_span).collect(),
                        schema_url: Cow::Borrowed(&scope.schema_url),
                    })
                    .collect(),
                schema_url: Cow::Borrowed(&resource.schema_url),
            })
            .collect(),
    };
    // ~400 bytes per span in practice; reserving avoids repeated regrowth for big batches.
    let mut out = Vec::with_capacity(64 + span_count * 400);
    // Writing to a Vec cannot fail, and the wire types hold no maps with non-string keys
    // (serde_json's only other error), so the empty fallback is never taken.
    if serde_json::to_writer(&mut out, &request).is_err() {
        return r#"{"resourceSpans":[]}"#.to_string();
    }
    // serde_json writes UTF-8 only; the fallback is likewise never taken.
    String::from_utf8(out).unwrap_or_default()
}

/// Encodes whole traces (e.g. for "Download OTLP JSON").
pub fn encode_traces<'a>(traces: impl IntoIterator<Item = &'a Trace>) -> String {
    encode_spans(traces.into_iter().flat_map(|t| t.spans.iter()))
}

/// Groups by resource then scope. Spans of one simulation share `Arc`s, so pointer equality
/// answers almost every lookup; value equality merges equal resources from different runs.
fn group<'a>(spans: impl IntoIterator<Item = &'a Span>) -> Vec<ResourceGroup<'a>> {
    let mut groups: Vec<ResourceGroup<'a>> = Vec::new();
    for span in spans {
        let ri = find_or_push(&mut groups, &span.resource);
        let scopes = &mut groups[ri].1;
        let si = find_or_push(scopes, &span.scope);
        scopes[si].1.push(span);
    }
    groups
}

/// The index of the entry keyed by `key` (by pointer, then by value), pushed if missing.
fn find_or_push<'a, K: PartialEq, V: Default>(
    list: &mut Vec<(&'a Arc<K>, V)>,
    key: &'a Arc<K>,
) -> usize {
    let found = list
        .iter()
        .position(|(k, _)| Arc::ptr_eq(k, key))
        .or_else(|| list.iter().position(|(k, _)| k.as_ref() == key.as_ref()));
    found.unwrap_or_else(|| {
        list.push((key, V::default()));
        list.len() - 1
    })
}

fn wire_resource(resource: &Resource) -> wire::Resource<'_> {
    let mut attributes = Vec::with_capacity(resource.attributes.len() + 1);
    // `service.name` is how every backend names the service; make sure it is on the wire
    // even when the model only carries it in `service_name`.
    if !resource
        .attributes
        .iter()
        .any(|kv| kv.key == "service.name")
    {
        attributes.push(wire::KeyValue {
            key: Cow::Borrowed("service.name"),
            value: wire::AnyValue::StringValue(Cow::Borrowed(&resource.service_name)),
        });
    }
    attributes.extend(resource.attributes.iter().map(wire_key_value));
    wire::Resource {
        attributes,
        dropped_attributes_count: 0,
    }
}

fn wire_span(span: &Span) -> wire::Span<'_> {
    wire::Span {
        trace_id: span.trace_id,
        span_id: span.span_id,
        trace_state: Cow::Borrowed(&span.trace_state),
        parent_span_id: span.parent_span_id,
        flags: 0, // never written: Jaeger 1.38 refuses the field
        name: Cow::Borrowed(&span.name),
        kind: wire_kind(span.kind),
        start_time_unix_nano: span.start_unix_nano,
        end_time_unix_nano: span.end_unix_nano,
        attributes: wire_attributes(&span.attributes),
        dropped_attributes_count: 0,
        events: span.events.iter().map(wire_event).collect(),
        dropped_events_count: 0,
        links: span.links.iter().map(wire_link).collect(),
        dropped_links_count: 0,
        status: wire::Status {
            code: match span.status.code {
                crate::model::StatusCode::Unset => wire::StatusCode::Unset,
                crate::model::StatusCode::Ok => wire::StatusCode::Ok,
                crate::model::StatusCode::Error => wire::StatusCode::Error,
            },
            message: Cow::Borrowed(&span.status.message),
        },
    }
}

fn wire_kind(kind: crate::model::SpanKind) -> wire::SpanKind {
    use crate::model::SpanKind as K;
    match kind {
        K::Internal => wire::SpanKind::Internal,
        K::Server => wire::SpanKind::Server,
        K::Client => wire::SpanKind::Client,
        K::Producer => wire::SpanKind::Producer,
        K::Consumer => wire::SpanKind::Consumer,
    }
}

fn wire_event(event: &Event) -> wire::Event<'_> {
    wire::Event {
        time_unix_nano: event.time_unix_nano,
        name: Cow::Borrowed(&event.name),
        attributes: wire_attributes(&event.attributes),
        dropped_attributes_count: 0,
    }
}

fn wire_link(link: &Link) -> wire::Link<'_> {
    wire::Link {
        trace_id: link.trace_id,
        span_id: link.span_id,
        trace_state: Cow::Borrowed(&link.trace_state),
        attributes: wire_attributes(&link.attributes),
        dropped_attributes_count: 0,
    }
}

fn wire_attributes(attributes: &[KeyValue]) -> Vec<wire::KeyValue<'_>> {
    attributes.iter().map(wire_key_value).collect()
}

fn wire_key_value(kv: &KeyValue) -> wire::KeyValue<'_> {
    wire::KeyValue {
        key: Cow::Borrowed(&kv.key),
        value: wire_value(&kv.value),
    }
}

fn wire_value(value: &AttrValue) -> wire::AnyValue<'_> {
    match value {
        AttrValue::Str(s) => wire::AnyValue::StringValue(Cow::Borrowed(s)),
        AttrValue::Int(i) => wire::AnyValue::IntValue(*i),
        AttrValue::Double(d) => wire::AnyValue::DoubleValue(*d),
        AttrValue::Bool(b) => wire::AnyValue::BoolValue(*b),
        AttrValue::Array(items) => wire::AnyValue::ArrayValue(wire::ArrayValue {
            values: items.iter().map(wire_value).collect(),
        }),
        AttrValue::KvList(pairs) => wire::AnyValue::KvlistValue(wire::KeyValueList {
            values: wire_attributes(pairs),
        }),
        AttrValue::Bytes(bytes) => wire::AnyValue::BytesValue(bytes.clone()),
    }
}
