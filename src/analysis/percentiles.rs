//! Latency percentiles by the nearest-rank method.
//!
//! Definition (<https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method>): for `n`
//! sorted values and percentile `p` in (0, 100], the p-th percentile is the value at 1-based rank
//! `ceil(p / 100 × n)`; p = 0 gives the minimum. The result is always one of the measured
//! values (never interpolated), so "p99 = 412 ms" means some request really took 412 ms, and
//! at least p % of requests took at most that long.
//!
//! `p` is resolved to hundredths of a percent (p99.9 works) and the rank is computed in integer
//! arithmetic, so `p95` of 100 values is exactly the 95th, with no floating-point surprises.

use crate::order;

/// The headline numbers of one set of durations (or any u64 values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Percentiles {
    pub count: u64,
    pub min: u64,
    pub p50: u64,
    pub p95: u64,
    pub p99: u64,
    pub max: u64,
    /// Arithmetic mean, rounded down.
    pub mean: u64,
}

/// The nearest-rank `percent` of values **already sorted ascending**; `None` when empty.
/// `percent` is clamped to [0, 100]; NaN reads as 0.
pub fn nearest_rank(sorted: &[u64], percent: f64) -> Option<u64> {
    let n = sorted.len() as u128;
    if n == 0 {
        return None;
    }
    // Hundredths of a percent; `as` saturates and maps NaN to 0.
    let basis_points = ((percent.clamp(0.0, 100.0) * 100.0).round() as u128).min(10_000);
    let rank = (basis_points * n).div_ceil(10_000).max(1);
    let index = usize::try_from(rank - 1).ok()?;
    sorted.get(index).copied()
}

/// p50/p95/p99/max (and min, mean) of `values`, sorting a copy; `None` when empty.
pub fn percentiles(values: &[u64]) -> Option<Percentiles> {
    let mut sorted = values.to_vec();
    order::sort(&mut sorted);
    percentiles_of_sorted(&sorted)
}

/// As [`percentiles`], for values already sorted ascending.
pub fn percentiles_of_sorted(sorted: &[u64]) -> Option<Percentiles> {
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    let sum: u128 = sorted.iter().map(|&v| u128::from(v)).sum();
    let count = sorted.len() as u64;
    Some(Percentiles {
        count,
        min,
        p50: nearest_rank(sorted, 50.0)?,
        p95: nearest_rank(sorted, 95.0)?,
        p99: nearest_rank(sorted, 99.0)?,
        max,
        mean: (sum / u128::from(count)) as u64,
    })
}
