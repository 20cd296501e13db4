//! Queue statistics from when requests arrived at a service and when a worker picked them up.
//!
//! - wait = start − arrival (a start before the arrival counts as no wait);
//! - mean queue length is the time average of the number of requests waiting over the observed
//!   window, from the first arrival to the last start. Each waiting request adds 1 to the queue for
//!   exactly its wait, so that average is Σ wait / window — which is Little's law, L = λ·W with
//!   λ = count / window and W the mean wait (<https://en.wikipedia.org/wiki/Little%27s_law>);
//! - max queue length comes from sweeping arrivals (+1) and starts (−1) in time order; at the same
//!   instant a start is counted before an arrival, so a hand-off does not count as two waiting.

use super::percentiles::nearest_rank;
use crate::order;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueStats {
    pub count: u64,
    /// Requests that waited at all.
    pub waited_count: u64,
    /// Rounded down.
    pub mean_wait_nanos: u64,
    /// Nearest-rank p95 of the waits.
    pub p95_wait_nanos: u64,
    pub max_wait_nanos: u64,
    pub mean_queue_length: f64,
    pub max_queue_length: u64,
    /// First arrival to last start.
    pub window_nanos: u64,
}

/// Statistics of `(arrival_unix_nano, start_unix_nano)` pairs; `None` when empty. O(n log n).
pub fn queue_stats(arrivals_and_starts: &[(u64, u64)]) -> Option<QueueStats> {
    let mut waits: Vec<u64> = arrivals_and_starts
        .iter()
        .map(|&(arrival, start)| start.saturating_sub(arrival))
        .collect();
    order::sort(&mut waits);
    let count = waits.len() as u64;
    let max_wait_nanos = *waits.last()?;
    let total_wait: u128 = waits.iter().map(|&w| u128::from(w)).sum();

    let first_arrival = arrivals_and_starts.iter().map(|p| p.0).min()?;
    let last_start = arrivals_and_starts.iter().map(|p| p.1.max(p.0)).max()?;
    let window_nanos = last_start - first_arrival;

    Some(QueueStats {
        count,
        waited_count: waits.iter().filter(|&&w| w > 0).count() as u64,
        mean_wait_nanos: (total_wait / u128::from(count)) as u64,
        p95_wait_nanos: nearest_rank(&waits, 95.0)?,
        max_wait_nanos,
        mean_queue_length: if window_nanos == 0 {
            0.0
        } else {
            total_wait as f64 / window_nanos as f64
        },
        max_queue_length: max_queue_length(arrivals_and_starts),
        window_nanos,
    })
}

fn max_queue_length(arrivals_and_starts: &[(u64, u64)]) -> u64 {
    // (time, delta) with -1 < +1, so sorting puts starts first at equal times.
    let mut events: Vec<(u64, i8)> = Vec::with_capacity(arrivals_and_starts.len() * 2);
    for &(arrival, start) in arrivals_and_starts {
        if start > arrival {
            events.push((arrival, 1));
            events.push((start, -1));
        }
    }
    order::sort(&mut events);
    let (mut now, mut max) = (0i64, 0i64);
    for (_, delta) in events {
        now += i64::from(delta);
        max = max.max(now);
    }
    max as u64
}
