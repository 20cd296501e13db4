//! Log-scale latency histograms with 1-2-5 bucket edges (1, 2, 5, 10, 20, 50 … ns), the steps
//! engineers read at a glance: "between 100 and 200 ms". Each bucket is `[lower, upper)`.
//!
//! The buckets run from the edge at or below the smallest non-zero value to the one holding the
//! largest value, with empty buckets in between kept so the axis is continuous. Zeros join the
//! first bucket, whose lower edge then reads 0. The topmost possible bucket starts at 10¹⁹ ns and
//! its upper edge is `u64::MAX`, inclusive.

/// One bar: values `v` with `lower_nanos <= v < upper_nanos`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistogramBucket {
    pub lower_nanos: u64,
    pub upper_nanos: u64,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Histogram {
    /// Ascending, contiguous; empty when there were no values.
    pub buckets: Vec<HistogramBucket>,
    pub total: u64,
}

impl Histogram {
    /// The largest bucket count (for scaling bars); 0 when empty.
    pub fn max_count(&self) -> u64 {
        self.buckets.iter().map(|b| b.count).max().unwrap_or(0)
    }
}

/// Every 1-2-5 edge that fits in u64: 1, 2, 5, 10, … 5×10¹⁸, 10¹⁹ (58 edges).
fn edges() -> Vec<u64> {
    let mut out = Vec::with_capacity(58);
    let mut decade: u64 = 1;
    loop {
        for step in [1, 2, 5] {
            match decade.checked_mul(step) {
                Some(edge) => out.push(edge),
                None => return out,
            }
        }
        match decade.checked_mul(10) {
            Some(next) => decade = next,
            None => return out,
        }
    }
}

/// Index of the largest edge `<= value` (value must be ≥ 1, the first edge).
fn edge_index(edges: &[u64], value: u64) -> usize {
    edges.partition_point(|&e| e <= value).saturating_sub(1)
}

/// Buckets `values` (nanoseconds) on 1-2-5 edges. O(n).
pub fn log_histogram(values: &[u64]) -> Histogram {
    let total = values.len() as u64;
    let Some(&max) = values.iter().max() else {
        return Histogram::default();
    };
    let edges = edges();
    let Some(min_positive) = values.iter().copied().filter(|&v| v > 0).min() else {
        // Only zeros: one bucket below the first edge.
        let zeros = HistogramBucket {
            lower_nanos: 0,
            upper_nanos: 1,
            count: total,
        };
        return Histogram {
            buckets: vec![zeros],
            total,
        };
    };
    let first = edge_index(&edges, min_positive);
    let last = edge_index(&edges, max);
    let mut buckets: Vec<HistogramBucket> = (first..=last)
        .map(|j| HistogramBucket {
            lower_nanos: edges.get(j).copied().unwrap_or(0),
            upper_nanos: edges.get(j + 1).copied().unwrap_or(u64::MAX),
            count: 0,
        })
        .collect();
    for &v in values {
        let j = if v == 0 { first } else { edge_index(&edges, v) };
        if let Some(bucket) = buckets.get_mut(j.saturating_sub(first)) {
            bucket.count += 1;
        }
    }
    if values.contains(&0) {
        if let Some(b) = buckets.first_mut() {
            b.lower_nanos = 0;
        }
    }
    Histogram { buckets, total }
}
