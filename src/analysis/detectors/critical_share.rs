//! The critical path share per service: how much of the request's end-to-end time each service
//! was the one holding it up, from [`crate::analysis::critical_path`] (Jaeger UI's algorithm).
//! The share is of the whole trace's duration, as in the bottleneck verdict.

use super::{Context, Finding, FindingKind};
use crate::analysis::{format_duration_pair, format_share};
use crate::order;
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
    // Services numbered once per operation, so each segment costs an array index, not a
    // string comparison.
    let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
    let service_of_op: Vec<usize> = (0..cx.ops.len())
        .map(|op| {
            let next = numbers.len();
            *numbers.entry(cx.ops.service(op)).or_insert(next)
        })
        .collect();
    let service_of = |i: usize| service_of_op.get(cx.ops.of(i)).copied();
    let mut nanos = vec![0u64; numbers.len()];
    let mut path_spans: Vec<Vec<usize>> = vec![Vec::new(); numbers.len()];
    for seg in &cx.path.segments {
        if let Some(s) = service_of(seg.span_index) {
            nanos[s] = nanos[s].saturating_add(seg.duration_nanos());
        }
    }
    for &i in &cx.path.span_indices {
        if let Some(s) = service_of(i) {
            path_spans[s].push(i);
        }
    }
    let mut shares: Vec<(&str, usize)> =
        numbers.into_iter().filter(|&(_, s)| nanos[s] > 0).collect();
    // Stable: equal shares stay in name order.
    order::sort_by_key(&mut shares, |&(_, s)| std::cmp::Reverse(nanos[s]));
    shares
        .into_iter()
        .map(|(service, s)| {
            let explanation = format!(
                "{service} held up the request for {} of its time on the critical path ({}).",
                format_share(nanos[s], trace_nanos),
                format_duration_pair(nanos[s], trace_nanos)
            );
            let spans = std::mem::take(&mut path_spans[s]);
            cx.finding(FindingKind::CriticalPathShare, explanation, spans, nanos[s])
        })
        .collect()
}
