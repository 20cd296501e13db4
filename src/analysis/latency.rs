//! The latency panel's numbers (issue 7): percentiles, error rate, throughput and SLO misses,
//! for a set of requests or per (service, endpoint) from SERVER spans.
//!
//! Definitions:
//! - percentiles: nearest rank, see [`super::percentiles`];
//! - error rate: errors / requests;
//! - throughput: requests / observed time, where the observed time runs from the earliest start
//!   to the latest end among the samples (`None` when that is zero);
//! - over SLO: requests whose duration is strictly greater than the threshold.
//!
//! An endpoint is a SERVER span's service and span name: with HTTP semantic conventions the name
//! is `{method} {route}` (<https://opentelemetry.io/docs/specs/semconv/http/http-spans/#name>).

use super::percentiles::{percentiles, Percentiles};
use crate::model::{SpanKind, Trace};
use std::collections::BTreeMap;

/// One request as the latency panel sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LatencySample {
    pub start_unix_nano: u64,
    pub duration_nanos: u64,
    pub error: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatencyStats {
    /// `count`, min, p50, p95, p99, max and mean of the durations.
    pub latency: Percentiles,
    pub error_count: u64,
    /// 0 to 1.
    pub error_rate: f64,
    /// Requests per second over the observed time; `None` if it is zero.
    pub throughput_rps: Option<f64>,
    /// Requests slower than the SLO threshold; 0 when no threshold was given.
    pub over_slo: u64,
}

/// Stats of `samples`; `None` when there are none. O(n log n).
pub fn latency_stats(samples: &[LatencySample], slo_nanos: Option<u64>) -> Option<LatencyStats> {
    let durations: Vec<u64> = samples.iter().map(|s| s.duration_nanos).collect();
    let latency = percentiles(&durations)?;
    let error_count = samples.iter().filter(|s| s.error).count() as u64;
    let first_start = samples.iter().map(|s| s.start_unix_nano).min()?;
    let last_end = samples
        .iter()
        .map(|s| s.start_unix_nano.saturating_add(s.duration_nanos))
        .max()?;
    let window = last_end.saturating_sub(first_start);
    Some(LatencyStats {
        latency,
        error_count,
        error_rate: error_count as f64 / latency.count as f64,
        throughput_rps: (window > 0).then(|| latency.count as f64 * 1e9 / window as f64),
        over_slo: slo_nanos.map_or(0, |slo| count_over(&durations, slo)),
    })
}

/// How many durations are strictly greater than `threshold_nanos`.
pub fn count_over(durations: &[u64], threshold_nanos: u64) -> u64 {
    durations.iter().filter(|&&d| d > threshold_nanos).count() as u64
}

/// Latency of one service endpoint, from its SERVER spans.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointStats {
    pub service: String,
    /// The SERVER span name, e.g. `GET /data`.
    pub endpoint: String,
    pub stats: LatencyStats,
}

/// SERVER span samples grouped by (service, span name), sorted by service then endpoint.
pub fn endpoint_samples(traces: &[Trace]) -> Vec<((String, String), Vec<LatencySample>)> {
    let mut groups: BTreeMap<(&str, &str), Vec<LatencySample>> = BTreeMap::new();
    for span in traces.iter().flat_map(|t| &t.spans) {
        if span.kind != SpanKind::Server {
            continue;
        }
        // Pushed in trace order, so each group's samples stay in trace order.
        groups
            .entry((span.service_name(), span.name.as_ref()))
            .or_default()
            .push(LatencySample {
                start_unix_nano: span.start_unix_nano,
                duration_nanos: span.duration_nanos(),
                error: span.is_error(),
            });
    }
    groups
        .into_iter()
        .map(|((service, name), samples)| ((service.to_string(), name.to_string()), samples))
        .collect()
}

/// Latency stats per (service, endpoint) from SERVER spans, sorted by service then endpoint.
pub fn endpoint_stats(traces: &[Trace], slo_nanos: Option<u64>) -> Vec<EndpointStats> {
    endpoint_samples(traces)
        .into_iter()
        .filter_map(|((service, endpoint), samples)| {
            latency_stats(&samples, slo_nanos).map(|stats| EndpointStats {
                service,
                endpoint,
                stats,
            })
        })
        .collect()
}
