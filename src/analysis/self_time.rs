//! Self time: how long a span was busy on its own, not waiting for any child.
//!
//! Jaeger's trace statistics define it as the span's duration minus the time covered by its
//! children (<https://www.jaegertracing.io/docs/latest/frontend-ui/> "Trace Statistics"). Children
//! run in parallel or overlap, so we subtract the *union* of their intervals, clipped to the span:
//! two 100 ms children running side by side cover 100 ms, not 200 ms.

use super::tree::SpanTree;
use crate::model::Span;
use crate::order;
use std::collections::BTreeMap;

/// Self time of one service: the sum of its spans' self times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceTime {
    pub service: String,
    pub self_nanos: u64,
    pub span_count: u32,
}

/// A span's interval as `(start, end)`, with an end before the start read as zero length.
pub(crate) fn interval(span: &Span) -> (u64, u64) {
    let start = span.start_unix_nano;
    (start, span.end_unix_nano.max(start))
}

/// Self time of every span, indexed like `spans`. O(n) given the tree (children are start-sorted).
pub fn self_times(spans: &[Span], tree: &SpanTree) -> Vec<u64> {
    spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            let (start, end) = interval(span);
            let kids = tree
                .children(i)
                .iter()
                .filter_map(|&c| spans.get(c).map(interval));
            (end - start).saturating_sub(covered_nanos(start, end, kids))
        })
        .collect()
}

/// Length of the union of `intervals` within `[start, end]`. The intervals must be sorted by
/// start; clipping keeps that order, so one merge pass suffices.
fn covered_nanos(start: u64, end: u64, intervals: impl Iterator<Item = (u64, u64)>) -> u64 {
    let mut covered = 0;
    let mut run: Option<(u64, u64)> = None;
    for (s, e) in intervals {
        let (s, e) = (s.clamp(start, end), e.clamp(start, end));
        if s >= e {
            continue;
        }
        run = match run {
            Some((rs, re)) if s <= re => Some((rs, re.max(e))),
            Some((rs, re)) => {
                covered += re - rs;
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    covered + run.map_or(0, |(rs, re)| re - rs)
}

/// Self time summed per service, largest first (ties by name).
pub fn self_time_by_service(spans: &[Span], self_times: &[u64]) -> Vec<ServiceTime> {
    let mut by_service: BTreeMap<&str, (u64, u32)> = BTreeMap::new();
    for (span, &nanos) in spans.iter().zip(self_times) {
        let total = by_service.entry(span.service_name()).or_default();
        // Imported traces can carry absurd timestamps; saturate rather than overflow.
        total.0 = total.0.saturating_add(nanos);
        total.1 = total.1.saturating_add(1);
    }
    let mut out: Vec<ServiceTime> = by_service
        .into_iter()
        .map(|(service, (self_nanos, span_count))| ServiceTime {
            service: service.to_string(),
            self_nanos,
            span_count,
        })
        .collect();
    order::sort_by(&mut out, |a, b| {
        b.self_nanos
            .cmp(&a.self_nanos)
            .then_with(|| a.service.cmp(&b.service))
    });
    out
}
