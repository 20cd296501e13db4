//! The critical path share per service: how much of the request's end-to-end time each service
//! was the one holding it up, from [`crate::analysis::critical_path`] (Jaeger UI's algorithm).
//! The share is of the whole trace's duration, as in the bottleneck verdict.

use super::{Context, Finding, FindingKind};
use crate::analysis::{format_duration_pair, format_share};
use std::collections::BTreeMap;

/// One finding per service on the critical path, the largest share first.
pub fn critical_path_share(cx: &Context) -> Vec<Finding> {
    let start = cx
        .spans
        .iter()
        .map(|s| s.start_unix_nano)
        .min()
        .unwrap_or(0);
    let end = cx.spans.iter().map(|s| s.end_unix_nano).max().unwrap_or(0);
    let trace_nanos = end.saturating_sub(start);
    let mut by_service: BTreeMap<&str, u64> = BTreeMap::new();
    for seg in &cx.path.segments {
        if let Some(span) = cx.spans.get(seg.span_index) {
            let t = by_service.entry(span.service_name()).or_default();
            *t = t.saturating_add(seg.duration_nanos());
        }
    }
    let mut path_spans: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in &cx.path.span_indices {
        if let Some(span) = cx.spans.get(i) {
            path_spans.entry(span.service_name()).or_default().push(i);
        }
    }
    let mut shares: Vec<(&str, u64)> = by_service.into_iter().filter(|&(_, t)| t > 0).collect();
    // Stable: equal shares stay in name order.
    shares.sort_by_key(|&(_, t)| std::cmp::Reverse(t));
    shares
        .into_iter()
        .map(|(service, nanos)| {
            let spans = path_spans.remove(service).unwrap_or_default();
            let explanation = format!(
                "{service} held up the request for {} of its time on the critical path ({}).",
                format_share(nanos, trace_nanos),
                format_duration_pair(nanos, trace_nanos)
            );
            cx.finding(FindingKind::CriticalPathShare, explanation, spans, nanos)
        })
        .collect()
}
