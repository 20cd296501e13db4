//! The reader's half: an import's outcome (or progress, or problem) → a reply's JSON text.
//!
//! Rows borrow every string from the model, and spans are turned into rows one at a time as
//! serde_json writes them, so a big import is not held twice in memory while it is encoded.

use super::{
    Batch, EventRow, Hex, Kv, LinkRow, Reply, ResourceRow, ScopeRow, SpanRow, TraceRow, Value,
};
use crate::model::{AttrValue, KeyValue, Resource, Scope, Span, Trace};
use crate::otlp::{ImportOutcome, ImportProgress};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// `{"ok": progress}`.
pub(crate) fn progress_reply(progress: ImportProgress) -> String {
    to_json(&Reply::Ok(progress))
}

/// `{"error": problem}`.
pub(crate) fn error_reply(problem: &str) -> String {
    to_json(&Reply::<()>::Error(problem.to_string()))
}

/// `{"ok": batch}`: the outcome's traces with their resources and scopes in tables.
pub(crate) fn outcome_reply(outcome: &ImportOutcome) -> String {
    let tables = Tables::of(&outcome.traces);
    let batch = Batch {
        resources: tables.resources.iter().map(|r| resource_row(r)).collect(),
        scopes: tables.scopes.iter().map(|s| scope_row(s)).collect(),
        traces: TracesOut {
            traces: &outcome.traces,
            tables: &tables,
        },
        left_out: (outcome.left_out_traces, outcome.left_out_spans),
    };
    to_json(&Reply::Ok(batch))
}

fn to_json(value: &impl Serialize) -> String {
    // The rows hold strings, numbers and sequences only (no maps), and doubles that are not
    // finite go by their bits, so serde_json has nothing to refuse; were it to, the page reads
    // why instead of a panic.
    serde_json::to_string(value).unwrap_or_else(|e| {
        let problem = format!("the reader could not write its reply ({e})");
        serde_json::to_string(&Reply::<()>::Error(problem)).unwrap_or_default()
    })
}

/// Each distinct resource and scope (by `Arc`, so spans that share one keep sharing it), in
/// order of first appearance, and the index of each.
struct Tables<'a> {
    resources: Vec<&'a Arc<Resource>>,
    scopes: Vec<&'a Arc<Scope>>,
    resource_index: HashMap<*const Resource, u32>,
    scope_index: HashMap<*const Scope, u32>,
}

impl<'a> Tables<'a> {
    fn of(traces: &'a [Trace]) -> Self {
        let mut tables = Tables {
            resources: Vec::new(),
            scopes: Vec::new(),
            resource_index: HashMap::new(),
            scope_index: HashMap::new(),
        };
        for span in traces.iter().flat_map(|t| &t.spans) {
            let next = tables.resources.len() as u32;
            let key = Arc::as_ptr(&span.resource);
            if *tables.resource_index.entry(key).or_insert(next) == next {
                tables.resources.push(&span.resource);
            }
            let next = tables.scopes.len() as u32;
            let key = Arc::as_ptr(&span.scope);
            if *tables.scope_index.entry(key).or_insert(next) == next {
                tables.scopes.push(&span.scope);
            }
        }
        tables
    }
}

/// The traces' list, written one span at a time.
struct TracesOut<'a> {
    traces: &'a [Trace],
    tables: &'a Tables<'a>,
}

impl Serialize for TracesOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.traces.iter().map(|trace| {
            TraceRow(
                Hex(trace.trace_id.0),
                SpansOut {
                    spans: &trace.spans,
                    tables: self.tables,
                },
            )
        }))
    }
}

struct SpansOut<'a> {
    spans: &'a [Span],
    tables: &'a Tables<'a>,
}

impl Serialize for SpansOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.spans.iter().map(|span| span_row(span, self.tables)))
    }
}

fn span_row<'a>(span: &'a Span, tables: &Tables) -> SpanRow<'a> {
    // Every span's resource and scope are in the tables: they were built from these spans.
    let resource = tables.resource_index.get(&Arc::as_ptr(&span.resource));
    let scope = tables.scope_index.get(&Arc::as_ptr(&span.scope));
    SpanRow(
        Hex(u128::from(span.span_id.0)),
        span.parent_span_id.map(|id| Hex(u128::from(id.0))),
        span.flags.0,
        Cow::Borrowed(&span.trace_state),
        Cow::Borrowed(&span.name),
        span.kind as u8,
        span.start_unix_nano,
        span.end_unix_nano,
        attributes(&span.attributes),
        span.events
            .iter()
            .map(|e| {
                EventRow(
                    Cow::Borrowed(&e.name),
                    e.time_unix_nano,
                    attributes(&e.attributes),
                )
            })
            .collect(),
        span.links
            .iter()
            .map(|l| {
                LinkRow(
                    Hex(l.trace_id.0),
                    Hex(u128::from(l.span_id.0)),
                    Cow::Borrowed(&l.trace_state),
                    attributes(&l.attributes),
                )
            })
            .collect(),
        span.status.code as u8,
        Cow::Borrowed(&span.status.message),
        resource.copied().unwrap_or_default(),
        scope.copied().unwrap_or_default(),
        span.wire_headers.as_deref().map(Cow::Borrowed),
    )
}

fn resource_row(resource: &Resource) -> ResourceRow<'_> {
    ResourceRow(
        Cow::Borrowed(&resource.service_name),
        attributes(&resource.attributes),
        Cow::Borrowed(&resource.schema_url),
    )
}

fn scope_row(scope: &Scope) -> ScopeRow<'_> {
    ScopeRow(
        Cow::Borrowed(&scope.name),
        Cow::Borrowed(&scope.version),
        Cow::Borrowed(&scope.schema_url),
    )
}

fn attributes(list: &[KeyValue]) -> Vec<Kv<'_>> {
    list.iter()
        .map(|kv| Kv(Cow::Borrowed(&kv.key), value(&kv.value)))
        .collect()
}

fn value(value: &AttrValue) -> Value<'_> {
    match value {
        AttrValue::Str(s) => Value::Str(Cow::Borrowed(s)),
        AttrValue::Int(i) => Value::Int(*i),
        AttrValue::Double(d) if d.is_finite() => Value::Double(*d),
        AttrValue::Double(d) => Value::DoubleBits(Hex(u128::from(d.to_bits()))),
        AttrValue::Bool(b) => Value::Bool(*b),
        AttrValue::Array(items) => Value::Array(items.iter().map(self::value).collect()),
        AttrValue::KvList(pairs) => Value::KvList(attributes(pairs)),
        AttrValue::Bytes(bytes) => Value::Bytes(Cow::Borrowed(bytes)),
    }
}
