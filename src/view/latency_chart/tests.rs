use super::*;
use crate::analysis::{log_histogram, LoadPoint};

const MS: u64 = 1_000_000;
const S: u64 = 1_000_000_000;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// 150, 150, 300, 700 ms and 1.5 s: buckets 100–200 ms (2), 200–500 ms, 500 ms–1 s, 1–2 s (1 each).
fn lab_histogram() -> Histogram {
    log_histogram(&[150 * MS, 150 * MS, 300 * MS, 700 * MS, 1_500 * MS])
}

#[test]
fn bars_by_hand() {
    let l = histogram_layout(&lab_histogram(), None);
    assert_eq!(l.bars.len(), 4);
    let heights: Vec<f64> = l.bars.iter().map(|b| b.height).collect();
    assert_eq!(heights, [100.0, 50.0, 50.0, 50.0], "y axis runs 0 to 2");
    assert!(close(l.bars[1].x, 25.0 + 25.0 * BAR_GAP / 2.0));
    assert!(close(l.bars[1].width, 25.0 * (1.0 - BAR_GAP)));
    let labels: Vec<(f64, &str)> = l
        .x_labels
        .iter()
        .map(|a| (a.at, a.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (0.0, "100 ms"),
            (25.0, "200 ms"),
            (50.0, "500 ms"),
            (75.0, "1 s"),
            (100.0, "2 s")
        ]
    );
    let y: Vec<(f64, &str)> = l
        .y_labels
        .iter()
        .map(|a| (a.at, a.label.as_str()))
        .collect();
    assert_eq!(y, [(100.0, "0"), (50.0, "1"), (0.0, "2")]);
    assert_eq!(l.slo_x, None);
    assert!(l.bars.iter().all(|b| !b.over_slo));
}

#[rustfmt::skip]
const SLO_X: &[(u64, f64, &str)] = &[
    (500 * MS,       50.0,  "on a bucket edge"),
    (141_421_356,    12.5,  "the geometric middle of 100–200 ms is half way: the axis is logarithmic"),
    (MS,             0.0,   "below every request: the left edge"),
    (10 * S,         100.0, "above every request: the right edge"),
    (2 * S,          100.0, "the last edge itself"),
];

#[test]
fn the_slo_falls_on_the_log_axis() {
    let h = lab_histogram();
    for (slo, expected, why) in SLO_X {
        let x = histogram_layout(&h, Some(*slo)).slo_x.expect("an slo");
        assert!((x - expected).abs() < 1e-6, "{why}: {x}");
    }
    let over: Vec<bool> = histogram_layout(&h, Some(500 * MS))
        .bars
        .iter()
        .map(|b| b.over_slo)
        .collect();
    assert_eq!(
        over,
        [false, false, true, true],
        "buckets from 500 ms up are all over"
    );
}

#[test]
fn wide_histograms_label_only_decades() {
    let h = log_histogram(&[MS, 3 * MS, 40 * MS, 700 * MS, 9 * S]);
    assert!(h.buckets.len() > MAX_EDGE_LABELS);
    let layout = histogram_layout(&h, None);
    let labels: Vec<&str> = layout.x_labels.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["1 ms", "10 ms", "100 ms", "1 s", "10 s"]);
}

#[test]
fn zeros_and_empty_histograms() {
    assert_eq!(
        histogram_layout(&Histogram::default(), Some(MS)),
        HistogramLayout::default()
    );
    let h = log_histogram(&[0, 0, 5]);
    let l = histogram_layout(&h, Some(5));
    assert_eq!(l.bars.len(), 1);
    assert_eq!(l.x_labels[0].label, "0 ns");
    assert!(
        close(l.slo_x.expect("slo"), 50.0),
        "linear inside the zero bucket"
    );
}

fn point(run: u32, rps: f64, p50: u64, p95: u64, p99: u64) -> CurvePoint {
    CurvePoint {
        run,
        closed_loop: false,
        point: LoadPoint {
            offered_rps: rps,
            achieved_rps: Some(rps),
            count: 100,
            p50_nanos: p50,
            p95_nanos: p95,
            p99_nanos: p99,
            error_rate: 0.0,
        },
    }
}

fn knee() -> Vec<CurvePoint> {
    vec![
        point(1, 10.0, 200 * MS, 400 * MS, 450 * MS),
        point(2, 20.0, 250 * MS, 800 * MS, S),
        point(3, 30.0, 2 * S, 5 * S, 6 * S),
    ]
}

#[test]
fn load_chart_by_hand() {
    let c = load_chart(&knee(), Some(500 * MS));
    // x: 30 req/s plus 5 % headroom in steps of 10 → 0–40; y: 6 s plus 10 % in 2 s steps → 0–8 s.
    let x: Vec<&str> = c.x_labels.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(x, ["0", "10", "20", "30", "40"]);
    let y: Vec<&str> = c.y_labels.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(y, ["0 s", "2 s", "4 s", "6 s", "8 s"]);
    let names: Vec<&str> = c.series.iter().map(|s| s.name).collect();
    assert_eq!(names, ["p50", "p95", "p99"]);
    let p99 = &c.series[2].points;
    assert!(close(p99[0].x, 25.0));
    assert!(
        close(p99[2].y, 25.0),
        "6 s of 8 s is a quarter from the top"
    );
    assert_eq!((p99[2].run, p99[2].nanos), (3, 6 * S));
    assert!(close(c.slo_y.expect("slo"), 100.0 - 6.25));
}

#[test]
fn higher_percentiles_are_never_drawn_below_lower_ones() {
    let c = load_chart(&knee(), None);
    for i in 0..3 {
        let (p50, p95, p99) = (
            c.series[0].points[i],
            c.series[1].points[i],
            c.series[2].points[i],
        );
        assert!(p50.y >= p95.y && p95.y >= p99.y, "run {}", p50.run);
        assert!(p50.x == p95.x && p95.x == p99.x);
    }
    assert_eq!(c.slo_y, None);
}

#[test]
fn degenerate_curves() {
    assert_eq!(load_chart(&[], Some(MS)), LoadChart::default());
    let c = load_chart(&[point(1, 0.0, 0, 0, 0)], None);
    assert!(c
        .series
        .iter()
        .all(|s| s.points.iter().all(|p| p.x == 0.0 && p.y == 100.0)));
    let c = load_chart(&[point(1, f64::NAN, 1, 2, 3)], None);
    assert!(c.series.iter().all(|s| s
        .points
        .iter()
        .all(|p| (0.0..=100.0).contains(&p.x) || p.x.is_nan())));
}

#[rustfmt::skip]
const STEPS: &[(f64, u32, f64, &str)] = &[
    (31.5,  5, 10.0,  "6.3 per tick rounds up to 10"),
    (1.0,   5, 0.2,   "fractions of a request per second"),
    (0.05,  5, 0.01,  "tiny rates"),
    (100.0, 4, 50.0,  "25 per tick rounds up to 50"),
    (10.0,  5, 2.0,   "an exact fit keeps its step"),
    (4_500.0, 5, 1_000.0, "900 per tick rounds up to 1000"),
    (0.0,   5, 1.0,   "nothing to span"),
    (f64::NAN, 5, 1.0, "not a number"),
];

#[test]
fn nice_float_steps() {
    for (span, ticks, expected, why) in STEPS {
        assert!(
            close(nice_step_f64(*span, *ticks), *expected),
            "{why}: {}",
            nice_step_f64(*span, *ticks)
        );
    }
}
