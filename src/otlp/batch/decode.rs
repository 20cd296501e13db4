//! The page's half: a reply's JSON text → progress, or the imported traces in the model.
//!
//! The reader wrote the reply, so a reply that does not read is a fault of the page's own
//! modules (say, a reader from another build); it is reported as a problem, never a panic.

use super::{
    Batch, EventRow, Hex, Kv, LinkRow, Reply, ResourceRow, ScopeRow, SpanRow, TraceRow, Value,
};
use crate::model::{
    AttrValue, Event, KeyValue, Link, Resource, Scope, Span, SpanId, SpanKind, Status, StatusCode,
    Str, Trace, TraceFlags, TraceId,
};
use crate::otlp::{ImportOutcome, ImportProgress};
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::sync::Arc;

/// Reads a step's reply: how far the import has come, or the importer's problem.
pub fn read_progress(json: &str) -> Result<ImportProgress, String> {
    read_reply(json)
}

/// Reads a finish's reply: the imported traces (each trace's spans in start order, the traces
/// by start time, as the importer gave them), or the importer's problem.
pub fn read_outcome(json: &str) -> Result<ImportOutcome, String> {
    let batch: Batch<Vec<TraceRow<Vec<SpanRow>>>> = read_reply(json)?;
    outcome(batch).map_err(|problem| format!("the reader's reply is not a batch ({problem})"))
}

fn read_reply<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    match serde_json::from_str(json) {
        Ok(Reply::Ok(value)) => Ok(value),
        Ok(Reply::Error(problem)) => Err(problem),
        Err(e) => Err(format!("the reader's reply could not be read ({e})")),
    }
}

fn outcome(batch: Batch<Vec<TraceRow<Vec<SpanRow>>>>) -> Result<ImportOutcome, String> {
    let resources: Vec<Arc<Resource>> = batch
        .resources
        .into_iter()
        .map(|row| Arc::new(resource(row)))
        .collect();
    let scopes: Vec<Arc<Scope>> = batch
        .scopes
        .into_iter()
        .map(|row| Arc::new(scope(row)))
        .collect();
    let traces = batch
        .traces
        .into_iter()
        .map(|TraceRow(id, rows)| {
            let trace_id = TraceId(id.0);
            let spans = rows
                .into_iter()
                .map(|row| span(trace_id, row, &resources, &scopes))
                .collect::<Result<Vec<Span>, String>>()?;
            Ok(Trace::new(trace_id, spans))
        })
        .collect::<Result<Vec<Trace>, String>>()?;
    let (left_out_traces, left_out_spans) = batch.left_out;
    Ok(ImportOutcome {
        traces,
        left_out_traces,
        left_out_spans,
    })
}

fn span(
    trace_id: TraceId,
    row: SpanRow,
    resources: &[Arc<Resource>],
    scopes: &[Arc<Scope>],
) -> Result<Span, String> {
    let SpanRow(
        span_id,
        parent,
        flags,
        trace_state,
        name,
        kind,
        start_unix_nano,
        end_unix_nano,
        attributes,
        events,
        links,
        code,
        message,
        resource,
        scope,
        wire_headers,
    ) = row;
    let kind = match kind {
        1 => SpanKind::Internal,
        2 => SpanKind::Server,
        3 => SpanKind::Client,
        4 => SpanKind::Producer,
        5 => SpanKind::Consumer,
        other => return Err(format!("span kind {other}")),
    };
    let code = match code {
        0 => StatusCode::Unset,
        1 => StatusCode::Ok,
        2 => StatusCode::Error,
        other => return Err(format!("status code {other}")),
    };
    let table = |what: &str, index: u32, len: usize| format!("{what} {index} of {len}");
    let resource = resources
        .get(resource as usize)
        .ok_or_else(|| table("resource", resource, resources.len()))?;
    let scope = scopes
        .get(scope as usize)
        .ok_or_else(|| table("scope", scope, scopes.len()))?;
    Ok(Span {
        trace_id,
        span_id: span_id_of(span_id),
        parent_span_id: parent.map(span_id_of),
        flags: TraceFlags(flags),
        trace_state: trace_state.into_owned(),
        name: owned(name),
        kind,
        start_unix_nano,
        end_unix_nano,
        attributes: key_values(attributes),
        events: events.into_iter().map(event).collect(),
        links: links.into_iter().map(link).collect(),
        status: Status {
            code,
            message: owned(message),
        },
        resource: resource.clone(),
        scope: scope.clone(),
        wire_headers: wire_headers.map(Cow::into_owned),
    })
}

/// 16 hex digits always fit in a `u64` (the row type reads exactly 16).
fn span_id_of(hex: Hex<16>) -> SpanId {
    SpanId(hex.0 as u64)
}

fn owned(text: Cow<'_, str>) -> Str {
    Cow::Owned(text.into_owned())
}

fn resource(ResourceRow(service_name, attributes, schema_url): ResourceRow) -> Resource {
    Resource {
        service_name: owned(service_name),
        attributes: key_values(attributes),
        schema_url: owned(schema_url),
    }
}

fn scope(ScopeRow(name, version, schema_url): ScopeRow) -> Scope {
    Scope {
        name: owned(name),
        version: owned(version),
        schema_url: owned(schema_url),
    }
}

fn event(EventRow(name, time_unix_nano, attributes): EventRow) -> Event {
    Event {
        name: owned(name),
        time_unix_nano,
        attributes: key_values(attributes),
    }
}

fn link(LinkRow(trace_id, span_id, trace_state, attributes): LinkRow) -> Link {
    Link {
        trace_id: TraceId(trace_id.0),
        span_id: span_id_of(span_id),
        trace_state: trace_state.into_owned(),
        attributes: key_values(attributes),
    }
}

fn key_values(list: Vec<Kv>) -> Vec<KeyValue> {
    list.into_iter()
        .map(|Kv(key, value)| KeyValue::new(owned(key), attr_value(value)))
        .collect()
}

fn attr_value(value: Value) -> AttrValue {
    match value {
        Value::Str(s) => AttrValue::Str(owned(s)),
        Value::Int(i) => AttrValue::Int(i),
        Value::Double(d) => AttrValue::Double(d),
        // 16 hex digits: the 64 bits of the double.
        Value::DoubleBits(bits) => AttrValue::Double(f64::from_bits(bits.0 as u64)),
        Value::Bool(b) => AttrValue::Bool(b),
        Value::Array(items) => AttrValue::Array(items.into_iter().map(attr_value).collect()),
        Value::KvList(pairs) => AttrValue::KvList(key_values(pairs)),
        Value::Bytes(bytes) => AttrValue::Bytes(bytes.into_owned()),
    }
}
