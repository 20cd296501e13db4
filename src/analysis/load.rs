//! Latency against offered load: one point per load run, so a chart shows the knee where
//! queues form and the tail grows (issue 7, "latency against offered load").

use super::latency::{latency_stats, LatencySample};
use crate::order;

/// The requests of one load run and the rate it offered (requests per second).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoadRun<'a> {
    pub offered_rps: f64,
    pub samples: &'a [LatencySample],
}

/// One point of the latency-vs-load chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoadPoint {
    pub offered_rps: f64,
    /// What the system actually completed per second (see [`super::LatencyStats`]).
    pub achieved_rps: Option<f64>,
    pub count: u64,
    pub p50_nanos: u64,
    pub p95_nanos: u64,
    pub p99_nanos: u64,
    pub error_rate: f64,
}

/// The point of one run's samples; `None` for no samples or when `offered_rps` (given the
/// achieved throughput, for runs whose offered rate is only known afterwards) says so.
pub fn load_point(
    samples: &[LatencySample],
    offered_rps: impl FnOnce(Option<f64>) -> Option<f64>,
) -> Option<LoadPoint> {
    let stats = latency_stats(samples, None)?;
    Some(LoadPoint {
        offered_rps: offered_rps(stats.throughput_rps)?,
        achieved_rps: stats.throughput_rps,
        count: stats.latency.count,
        p50_nanos: stats.latency.p50,
        p95_nanos: stats.latency.p95,
        p99_nanos: stats.latency.p99,
        error_rate: stats.error_rate,
    })
}

/// One point per non-empty run, sorted by offered rate (runs with equal rates keep their order).
pub fn load_curve(runs: &[LoadRun<'_>]) -> Vec<LoadPoint> {
    let mut points: Vec<LoadPoint> = runs
        .iter()
        .filter_map(|run| load_point(run.samples, |_| Some(run.offered_rps)))
        .collect();
    order::sort_by(&mut points, |a, b| a.offered_rps.total_cmp(&b.offered_rps));
    points
}
