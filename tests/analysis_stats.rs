//! Percentiles, histograms, latency stats, latency against load, and queue statistics.

mod analysis_support;

use analysis_support::*;
use trace_playground::analysis::{
    count_over, endpoint_stats, latency_stats, load_curve, log_histogram, nearest_rank,
    percentiles, queue_stats, HistogramBucket, LatencySample, LoadRun, Percentiles,
};

#[test]
fn percentiles_of_one_to_a_hundred_are_the_ranks_themselves() {
    let values: Vec<u64> = (1..=100).rev().collect();
    assert_eq!(
        percentiles(&values),
        Some(Percentiles {
            count: 100,
            min: 1,
            p50: 50,
            p95: 95,
            p99: 99,
            max: 100,
            mean: 50
        })
    );
}

#[test]
fn nearest_rank_takes_the_value_at_rank_ceil_p_n() {
    let sorted = [10, 20, 30, 40, 50];
    #[rustfmt::skip]
    let cases: &[(f64, Option<u64>, &str)] = &[
        (0.0,   Some(10), "p0 is the minimum"),
        (20.0,  Some(10), "ceil(0.2 × 5) = 1"),
        (20.01, Some(20), "ceil(1.0005) = 2"),
        (50.0,  Some(30), "ceil(2.5) = 3"),
        (80.0,  Some(40), "ceil(4) = 4, exactly"),
        (99.9,  Some(50), "fractional percentiles"),
        (100.0, Some(50), "p100 is the maximum"),
        (250.0, Some(50), "above 100 clamps"),
        (-5.0,  Some(10), "below 0 clamps"),
        (f64::NAN, Some(10), "NaN reads as 0"),
    ];
    for &(p, expected, reason) in cases {
        assert_eq!(nearest_rank(&sorted, p), expected, "{reason}");
    }
    assert_eq!(nearest_rank(&[], 50.0), None);
    assert_eq!(nearest_rank(&[7], 99.0), Some(7));
    assert_eq!(percentiles(&[]), None);
}

#[test]
fn p95_of_twenty_values_is_the_nineteenth() {
    let values: Vec<u64> = (1..=20).map(|v| v * 10).collect();
    let p = percentiles(&values).expect("non-empty");
    assert_eq!((p.p50, p.p95, p.p99, p.max), (100, 190, 200, 200));
    assert_eq!(p.mean, 105);
}

#[test]
fn histogram_buckets_on_one_two_five_edges() {
    let values = [MS, 1_500_000, 2 * MS, 4_999_999, 5 * MS, 12 * MS];
    let h = log_histogram(&values);
    assert_eq!(h.total, 6);
    assert_eq!(
        h.buckets,
        vec![
            HistogramBucket {
                lower_nanos: MS,
                upper_nanos: 2 * MS,
                count: 2
            },
            HistogramBucket {
                lower_nanos: 2 * MS,
                upper_nanos: 5 * MS,
                count: 2
            },
            HistogramBucket {
                lower_nanos: 5 * MS,
                upper_nanos: 10 * MS,
                count: 1
            },
            HistogramBucket {
                lower_nanos: 10 * MS,
                upper_nanos: 20 * MS,
                count: 1
            },
        ]
    );
    assert_eq!(h.max_count(), 2);
}

#[test]
fn histogram_keeps_empty_buckets_between_values() {
    let h = log_histogram(&[150 * MS, 3_000 * MS]);
    let lowers: Vec<u64> = h.buckets.iter().map(|b| b.lower_nanos / MS).collect();
    assert_eq!(lowers, vec![100, 200, 500, 1_000, 2_000]);
    let counts: Vec<u64> = h.buckets.iter().map(|b| b.count).collect();
    assert_eq!(counts, vec![1, 0, 0, 0, 1]);
    assert!(
        h.buckets
            .windows(2)
            .all(|w| w[0].upper_nanos == w[1].lower_nanos),
        "contiguous"
    );
}

#[test]
fn histogram_edge_cases() {
    assert!(log_histogram(&[]).buckets.is_empty());
    assert_eq!(
        log_histogram(&[0, 0]).buckets,
        vec![HistogramBucket {
            lower_nanos: 0,
            upper_nanos: 1,
            count: 2
        }]
    );
    let with_zero = log_histogram(&[0, 3, 7]);
    assert_eq!(
        with_zero.buckets,
        vec![
            HistogramBucket {
                lower_nanos: 0,
                upper_nanos: 5,
                count: 2
            },
            HistogramBucket {
                lower_nanos: 5,
                upper_nanos: 10,
                count: 1
            },
        ],
        "zero joins the first bucket, whose lower edge becomes 0"
    );
    let huge = log_histogram(&[u64::MAX, 10_000_000_000_000_000_000]);
    assert_eq!(
        huge.buckets,
        vec![HistogramBucket {
            lower_nanos: 10_000_000_000_000_000_000,
            upper_nanos: u64::MAX,
            count: 2
        }]
    );
    assert_eq!(
        log_histogram(&[1]).buckets[0],
        HistogramBucket {
            lower_nanos: 1,
            upper_nanos: 2,
            count: 1
        }
    );
}

fn sample(start_ms: u64, duration_ms: u64, error: bool) -> LatencySample {
    LatencySample {
        start_unix_nano: at(start_ms),
        duration_nanos: duration_ms * MS,
        error,
    }
}

#[test]
fn latency_stats_of_four_requests() {
    let samples = [
        sample(0, 100, false),
        sample(1_000, 200, true),
        sample(2_000, 300, false),
        sample(3_000, 400, false),
    ];
    let s = latency_stats(&samples, Some(250 * MS)).expect("non-empty");
    assert_eq!(
        (s.latency.p50, s.latency.p95, s.latency.max),
        (200 * MS, 400 * MS, 400 * MS)
    );
    assert_eq!((s.latency.count, s.error_count), (4, 1));
    assert_eq!(s.error_rate, 0.25);
    // Observed from 0 to 3,400 ms: 4 requests / 3.4 s.
    let rps = s.throughput_rps.expect("non-zero window");
    assert!((rps - 4.0 / 3.4).abs() < 1e-9, "{rps}");
    assert_eq!(s.over_slo, 2, "300 and 400 ms are over 250 ms");
    assert_eq!(latency_stats(&samples, None).map(|s| s.over_slo), Some(0));
    assert_eq!(
        count_over(&[1, 2, 3], 2),
        1,
        "strictly greater than the threshold"
    );
}

#[test]
fn latency_stats_of_nothing_or_of_instants() {
    assert_eq!(latency_stats(&[], None), None);
    let instant = latency_stats(&[sample(5, 0, false)], None).expect("one sample");
    assert_eq!(instant.throughput_rps, None, "a zero window has no rate");
}

#[test]
fn endpoint_stats_group_server_spans_by_service_and_name() {
    let traces = vec![lab_trace(true), {
        let mut t = lab_trace(false);
        for s in &mut t.spans {
            s.start_unix_nano += 1_000 * MS;
            s.end_unix_nano += 1_000 * MS + 16 * MS;
        }
        t
    }];
    let stats = endpoint_stats(&traces, Some(390 * MS));
    let names: Vec<(&str, &str)> = stats
        .iter()
        .map(|e| (e.service.as_str(), e.endpoint.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![("service-a", "GET /"), ("service-b", "GET /data")],
        "client and internal spans are not endpoints"
    );
    let a = &stats[0].stats;
    assert_eq!(
        (a.latency.count, a.latency.min, a.latency.max),
        (2, 384 * MS, 400 * MS)
    );
    assert_eq!(a.over_slo, 1);
    assert_eq!(stats[1].stats.latency.max, 386 * MS);
}

#[test]
fn load_curve_has_one_point_per_run_in_rate_order() {
    let slow: Vec<LatencySample> = (0..10)
        .map(|i| sample(i * 100, 100 + i * 50, i == 9))
        .collect();
    let fast: Vec<LatencySample> = (0..10).map(|i| sample(i * 1_000, 100, false)).collect();
    let runs = [
        LoadRun {
            offered_rps: 10.0,
            samples: &slow,
        },
        LoadRun {
            offered_rps: 1.0,
            samples: &fast,
        },
        LoadRun {
            offered_rps: 5.0,
            samples: &[],
        },
    ];
    let curve = load_curve(&runs);
    assert_eq!(curve.len(), 2, "empty runs give no point");
    assert_eq!(curve[0].offered_rps, 1.0);
    assert_eq!(
        (curve[0].p50_nanos, curve[0].p99_nanos),
        (100 * MS, 100 * MS)
    );
    assert_eq!(curve[1].offered_rps, 10.0);
    // Durations 100, 150, … 550 ms: p50 = 5th = 300, p95 = p99 = 10th = 550.
    assert_eq!(
        (curve[1].p50_nanos, curve[1].p95_nanos, curve[1].p99_nanos),
        (300 * MS, 550 * MS, 550 * MS)
    );
    assert_eq!((curve[1].count, curve[1].error_rate), (10, 0.1));
    // Last request starts at 900 ms and takes 550 ms: 10 requests over 1.45 s.
    let achieved = curve[1].achieved_rps.expect("non-zero window");
    assert!((achieved - 10.0 / 1.45).abs() < 1e-9);
}

#[test]
fn queue_stats_follow_littles_law() {
    // Waits: 0, 10, 15 and 0 ns; the 10 and 15 overlap from 5 to 10.
    let pairs = [(0, 0), (0, 10), (5, 20), (30, 30)];
    let q = queue_stats(&pairs).expect("non-empty");
    assert_eq!((q.count, q.waited_count), (4, 2));
    assert_eq!(
        (q.mean_wait_nanos, q.max_wait_nanos, q.p95_wait_nanos),
        (6, 15, 15)
    );
    assert_eq!(q.window_nanos, 30);
    // Σ wait / window = 25 / 30; and λ·W = (4 / 30) × 6.25 is the same.
    assert!((q.mean_queue_length - 25.0 / 30.0).abs() < 1e-12);
    assert!((q.mean_queue_length - (4.0 / 30.0) * 6.25).abs() < 1e-12);
    assert_eq!(q.max_queue_length, 2);
}

#[test]
fn queue_hand_offs_and_clock_skew() {
    // One worker: the second request arrives exactly when the first starts.
    let q = queue_stats(&[(0, 10), (10, 20)]).expect("non-empty");
    assert_eq!(
        q.max_queue_length, 1,
        "a start at the same instant frees the slot first"
    );
    let skew = queue_stats(&[(50, 40)]).expect("non-empty");
    assert_eq!(
        (
            skew.max_wait_nanos,
            skew.window_nanos,
            skew.mean_queue_length
        ),
        (0, 0, 0.0)
    );
    assert_eq!(queue_stats(&[]), None);
    // A burst of five arriving together, served one after another every 10 ns.
    let burst: Vec<(u64, u64)> = (0..5).map(|i| (0, i * 10)).collect();
    let b = queue_stats(&burst).expect("non-empty");
    assert_eq!(
        (b.max_queue_length, b.mean_wait_nanos, b.max_wait_nanos),
        (4, 20, 40)
    );
    assert!((b.mean_queue_length - 100.0 / 40.0).abs() < 1e-12);
}

#[test]
fn ten_thousand_samples_and_waits_are_handled() {
    let samples: Vec<LatencySample> = (0..10_000u64)
        .map(|i| sample(i, (i * 7919) % 1_000 + 1, i % 50 == 0))
        .collect();
    let s = latency_stats(&samples, Some(900 * MS)).expect("non-empty");
    assert_eq!(s.latency.count, 10_000);
    assert_eq!(s.error_count, 200);
    // 7919 is coprime to 1000, so durations cycle through 1..=1000 ms ten times each.
    assert_eq!(
        (s.latency.p50, s.latency.p99, s.latency.max),
        (500 * MS, 990 * MS, 1_000 * MS)
    );
    assert_eq!(s.over_slo, 1_000);
    let h = log_histogram(&samples.iter().map(|s| s.duration_nanos).collect::<Vec<_>>());
    assert_eq!(h.buckets.iter().map(|b| b.count).sum::<u64>(), 10_000);
    let waits: Vec<(u64, u64)> = (0..10_000u64).map(|i| (i * 10, i * 10 + i % 100)).collect();
    assert!(queue_stats(&waits).is_some_and(|q| q.max_wait_nanos == 99));
}
