//! Spans → an OTLP/HTTP JSON `ExportTraceServiceRequest` body.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding> and
//! `opentelemetry/proto/trace/v1/trace.proto`. The rules that matter on the wire:
//! - shape `resourceSpans` → `scopeSpans` → `spans`, one entry per distinct resource and scope;
//! - `traceId` / `spanId` / `parentSpanId` as lowercase hex (not base64, unlike plain proto3 JSON);
//! - enums (`kind`, `status.code`) as integers; `*UnixNano` and `intValue` as decimal strings;
//! - `parentSpanId` omitted on roots.
//!
//! Only fields the 2022 protos (v0.19) already had are written: Jaeger 1.38's collector rejects
//! unknown JSON fields, so e.g. the newer span `flags` field is never emitted.

use super::json::JsonOut;
use crate::model::{AttrValue, Event, KeyValue, Resource, Scope, Span, Trace};
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
    // ~400 bytes per span in practice; reserving avoids repeated regrowth for big batches.
    let mut out = JsonOut::with_capacity(64 + span_count * 400);
    out.raw("{\"resourceSpans\":[");
    for (ri, (resource, scopes)) in groups.iter().enumerate() {
        if ri > 0 {
            out.raw(",");
        }
        out.raw("{\"resource\":");
        write_resource(&mut out, resource);
        out.raw(",\"scopeSpans\":[");
        for (si, (scope, spans)) in scopes.iter().enumerate() {
            if si > 0 {
                out.raw(",");
            }
            out.raw("{\"scope\":");
            write_scope(&mut out, scope);
            out.raw(",\"spans\":[");
            for (i, span) in spans.iter().enumerate() {
                if i > 0 {
                    out.raw(",");
                }
                write_span(&mut out, span);
            }
            out.raw("]}");
        }
        out.raw("]}");
    }
    out.raw("]}");
    out.buf
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
        let found = groups
            .iter()
            .position(|(r, _)| Arc::ptr_eq(r, &span.resource))
            .or_else(|| {
                groups
                    .iter()
                    .position(|(r, _)| r.as_ref() == span.resource.as_ref())
            });
        let ri = found.unwrap_or_else(|| {
            groups.push((&span.resource, Vec::new()));
            groups.len() - 1
        });
        let Some((_, scopes)) = groups.get_mut(ri) else {
            continue;
        };
        let found = scopes
            .iter()
            .position(|(s, _)| Arc::ptr_eq(s, &span.scope))
            .or_else(|| {
                scopes
                    .iter()
                    .position(|(s, _)| s.as_ref() == span.scope.as_ref())
            });
        let si = found.unwrap_or_else(|| {
            scopes.push((&span.scope, Vec::new()));
            scopes.len() - 1
        });
        if let Some((_, list)) = scopes.get_mut(si) {
            list.push(span);
        }
    }
    groups
}

fn write_resource(out: &mut JsonOut, resource: &Resource) {
    out.raw("{\"attributes\":[");
    let mut first = true;
    // `service.name` is how every backend names the service; make sure it is on the wire
    // even when the model only carries it in `service_name`.
    if !resource
        .attributes
        .iter()
        .any(|kv| kv.key == "service.name")
    {
        write_key_value(
            out,
            &KeyValue::str("service.name", resource.service_name.clone()),
        );
        first = false;
    }
    for kv in &resource.attributes {
        if !first {
            out.raw(",");
        }
        first = false;
        write_key_value(out, kv);
    }
    out.raw("]}");
}

fn write_scope(out: &mut JsonOut, scope: &Scope) {
    out.raw("{");
    out.field_str("name", &scope.name);
    if !scope.version.is_empty() {
        out.raw(",");
        out.field_str("version", &scope.version);
    }
    out.raw("}");
}

fn write_span(out: &mut JsonOut, span: &Span) {
    out.raw("{");
    out.field_str("traceId", &span.trace_id.to_string());
    out.raw(",");
    out.field_str("spanId", &span.span_id.to_string());
    if !span.trace_state.is_empty() {
        out.raw(",");
        out.field_str("traceState", &span.trace_state);
    }
    if let Some(parent) = span.parent_span_id {
        out.raw(",");
        out.field_str("parentSpanId", &parent.to_string());
    }
    out.raw(",");
    out.field_str("name", &span.name);
    out.raw(",");
    out.field_int("kind", span.kind as i64);
    out.raw(",");
    out.field_u64_string("startTimeUnixNano", span.start_unix_nano);
    out.raw(",");
    out.field_u64_string("endTimeUnixNano", span.end_unix_nano);
    if !span.attributes.is_empty() {
        out.raw(",\"attributes\":");
        write_attributes(out, &span.attributes);
    }
    if !span.events.is_empty() {
        out.raw(",\"events\":[");
        for (i, event) in span.events.iter().enumerate() {
            if i > 0 {
                out.raw(",");
            }
            write_event(out, event);
        }
        out.raw("]");
    }
    out.raw(",\"status\":{");
    let code = span.status.code as i64;
    if code != 0 {
        out.field_int("code", code);
    }
    if !span.status.message.is_empty() {
        if code != 0 {
            out.raw(",");
        }
        out.field_str("message", &span.status.message);
    }
    out.raw("}}");
}

fn write_event(out: &mut JsonOut, event: &Event) {
    out.raw("{");
    out.field_u64_string("timeUnixNano", event.time_unix_nano);
    out.raw(",");
    out.field_str("name", &event.name);
    if !event.attributes.is_empty() {
        out.raw(",\"attributes\":");
        write_attributes(out, &event.attributes);
    }
    out.raw("}");
}

fn write_attributes(out: &mut JsonOut, attributes: &[KeyValue]) {
    out.raw("[");
    for (i, kv) in attributes.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        write_key_value(out, kv);
    }
    out.raw("]");
}

fn write_key_value(out: &mut JsonOut, kv: &KeyValue) {
    out.raw("{");
    out.field_str("key", &kv.key);
    out.raw(",\"value\":{");
    match &kv.value {
        AttrValue::Str(s) => out.field_str("stringValue", s),
        // int64 is a string in proto3 JSON: JavaScript numbers lose precision past 2^53.
        AttrValue::Int(i) => {
            out.key("intValue");
            out.string(&i.to_string());
        }
        AttrValue::Double(d) => {
            out.key("doubleValue");
            out.double(*d);
        }
        AttrValue::Bool(b) => {
            out.key("boolValue");
            out.raw(if *b { "true" } else { "false" });
        }
    }
    out.raw("}}");
}
