//! One line per trace: what the trace view's header and the search result list show.
//!
//! Mirrors the fields of Jaeger's search results and trace page header
//! (<https://www.jaegertracing.io/docs/latest/frontend-ui/>): root service and operation, start,
//! duration, services with span counts, depth, span count, error count.

use super::tree::SpanTree;
use crate::model::{SpanId, Trace, TraceId};
use std::collections::BTreeMap;

/// How many spans (and error spans) one service contributed to a trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpans {
    pub service: String,
    pub span_count: u32,
    pub error_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceSummary {
    pub trace_id: TraceId,
    /// The main root's service and span name; empty for an empty trace.
    pub root_service: String,
    pub root_operation: String,
    pub root_span_id: Option<SpanId>,
    /// False when the main root is itself an orphan (its parent is not in the trace).
    pub has_true_root: bool,
    pub start_unix_nano: u64,
    pub duration_nanos: u64,
    /// Sorted by service name.
    pub services: Vec<ServiceSpans>,
    /// Levels of nesting: 1 for a lone root.
    pub depth: u32,
    pub span_count: u32,
    pub error_count: u32,
    /// Spans whose parent is missing (or whose ancestry loops).
    pub orphan_count: u32,
}

/// Summarises a trace, building its tree.
pub fn summarize(trace: &Trace) -> TraceSummary {
    summarize_with_tree(trace, &SpanTree::build(&trace.spans))
}

/// Summarises a trace whose tree is already built (from `trace.spans`).
pub fn summarize_with_tree(trace: &Trace, tree: &SpanTree) -> TraceSummary {
    let root = tree
        .main_root(&trace.spans)
        .and_then(|i| trace.spans.get(i).map(|s| (i, s)));
    let mut per_service: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for span in &trace.spans {
        let total = per_service.entry(span.service_name()).or_default();
        total.0 += 1;
        total.1 += u32::from(span.is_error());
    }
    // A BTreeMap iterates sorted by service name.
    let services: Vec<ServiceSpans> = per_service
        .into_iter()
        .map(|(service, (span_count, error_count))| ServiceSpans {
            service: service.to_string(),
            span_count,
            error_count,
        })
        .collect();

    TraceSummary {
        trace_id: trace.trace_id,
        root_service: root.map_or_else(String::new, |(_, s)| s.service_name().to_string()),
        root_operation: root.map_or_else(String::new, |(_, s)| s.name.to_string()),
        root_span_id: root.map(|(_, s)| s.span_id),
        has_true_root: root.is_some_and(|(i, _)| !tree.is_orphan(i)),
        start_unix_nano: trace.start_unix_nano(),
        duration_nanos: trace.duration_nanos(),
        services,
        depth: tree.levels(),
        span_count: trace.spans.len() as u32,
        error_count: trace.error_count() as u32,
        orphan_count: tree.orphan_count(),
    }
}
