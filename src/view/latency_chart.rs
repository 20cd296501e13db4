//! Geometry of the latency panel's two charts, in percent of the plot area (x from the left,
//! y from the top, as SVG draws), so the components only scale and draw:
//!
//! - the latency histogram: one bar per 1-2-5 log-scale bucket of
//!   [`crate::analysis::log_histogram`], all buckets equally wide (so the x axis is logarithmic),
//!   and where the SLO threshold falls on that axis;
//! - latency against offered load: p50, p95 and p99 of each load run over its offered rate on
//!   linear axes, so the knee where queues form shows as the curves turning up.

use super::load::number;
use super::load_history::CurvePoint;
use super::ruler::{nice_step, ticks};
use super::scatter::AxisLabel;
use crate::analysis::{format_duration, Histogram};

/// Share of a bucket's slot left empty between bars.
const BAR_GAP: f64 = 0.12;
/// Histograms with more buckets than this label only the decades (1, 10, 100 …).
const MAX_EDGE_LABELS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistogramBar {
    pub x: f64,
    pub width: f64,
    /// Height in percent; y is `100 - height`.
    pub height: f64,
    pub count: u64,
    pub lower_nanos: u64,
    pub upper_nanos: u64,
    /// Every request in this bucket is over the SLO.
    pub over_slo: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct HistogramLayout {
    pub bars: Vec<HistogramBar>,
    pub x_labels: Vec<AxisLabel>,
    pub y_labels: Vec<AxisLabel>,
    /// Where the SLO threshold falls on the log axis, clamped to the plot.
    pub slo_x: Option<f64>,
}

pub fn histogram_layout(h: &Histogram, slo_nanos: Option<u64>) -> HistogramLayout {
    let n = h.buckets.len();
    if n == 0 {
        return HistogramLayout::default();
    }
    let slot = 100.0 / n as f64;
    let y_step = nice_step(h.max_count(), 4).max(1);
    let y_max = h.max_count().div_ceil(y_step).max(1) * y_step;
    let bars = h
        .buckets
        .iter()
        .enumerate()
        .map(|(i, b)| HistogramBar {
            x: i as f64 * slot + slot * BAR_GAP / 2.0,
            width: slot * (1.0 - BAR_GAP),
            height: b.count as f64 / y_max as f64 * 100.0,
            count: b.count,
            lower_nanos: b.lower_nanos,
            upper_nanos: b.upper_nanos,
            over_slo: slo_nanos.is_some_and(|slo| b.lower_nanos >= slo),
        })
        .collect();
    let mut x_labels = Vec::new();
    for (i, b) in h.buckets.iter().enumerate() {
        let edge = b.lower_nanos;
        if n <= MAX_EDGE_LABELS || is_decade(edge) {
            x_labels.push(AxisLabel {
                at: i as f64 * slot,
                label: format_duration(edge),
            });
        }
    }
    if let Some(last) = h.buckets.last().filter(|b| b.upper_nanos != u64::MAX) {
        if n <= MAX_EDGE_LABELS || is_decade(last.upper_nanos) {
            x_labels.push(AxisLabel {
                at: 100.0,
                label: format_duration(last.upper_nanos),
            });
        }
    }
    let y_labels = (0..=y_max / y_step)
        .map(|k| AxisLabel {
            at: 100.0 - (k * y_step) as f64 / y_max as f64 * 100.0,
            label: (k * y_step).to_string(),
        })
        .collect();
    HistogramLayout {
        bars,
        x_labels,
        y_labels,
        slo_x: slo_nanos.map(|slo| slo_position(h, slo)),
    }
}

fn is_decade(edge: u64) -> bool {
    let mut e = edge;
    while e >= 10 && e.is_multiple_of(10) {
        e /= 10;
    }
    e == 1
}

/// `slo` on the histogram's log axis: linear within the zero bucket, logarithmic elsewhere.
fn slo_position(h: &Histogram, slo: u64) -> f64 {
    let n = h.buckets.len() as f64;
    for (i, b) in h.buckets.iter().enumerate() {
        if slo < b.lower_nanos {
            return i as f64 / n * 100.0;
        }
        if slo < b.upper_nanos {
            let within = if b.lower_nanos == 0 {
                slo as f64 / b.upper_nanos as f64
            } else {
                (slo as f64 / b.lower_nanos as f64).ln()
                    / (b.upper_nanos as f64 / b.lower_nanos as f64).ln()
            };
            return (i as f64 + within) / n * 100.0;
        }
    }
    100.0
}

/// One percentile of one run on the load chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    pub x: f64,
    pub y: f64,
    pub run: u32,
    pub rps: f64,
    pub nanos: u64,
    pub closed_loop: bool,
}

/// A line of the load chart: p50, p95 or p99 over the runs, by rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: &'static str,
    pub points: Vec<ChartPoint>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct LoadChart {
    /// p50, p95, p99 (empty when there are no runs).
    pub series: Vec<Series>,
    pub x_labels: Vec<AxisLabel>,
    pub y_labels: Vec<AxisLabel>,
    pub slo_y: Option<f64>,
}

/// Lays out runs' points (sorted by rate, as [`super::load_history::LoadHistory::curve`]
/// gives them) with the SLO as a horizontal line. Both axes start at 0.
pub fn load_chart(curve: &[CurvePoint], slo_nanos: Option<u64>) -> LoadChart {
    if curve.is_empty() {
        return LoadChart::default();
    }
    let max_rps = curve
        .iter()
        .map(|c| c.point.offered_rps)
        .filter(|r| r.is_finite())
        .fold(0.0_f64, f64::max);
    let x_step = nice_step_f64(max_rps * 1.05, 5);
    let x_max = ((max_rps * 1.05) / x_step).ceil().max(1.0) * x_step;
    let slowest = curve
        .iter()
        .map(|c| c.point.p99_nanos)
        .max()
        .unwrap_or(0)
        .max(slo_nanos.unwrap_or(0))
        .max(1);
    let y_max = nice_step(slowest + slowest / 10, 4)
        .saturating_mul(4)
        .max(1);
    let x_of = |rps: f64| (rps.max(0.0) / x_max * 100.0).min(100.0);
    let y_of = |nanos: u64| 100.0 - nanos.min(y_max) as f64 / y_max as f64 * 100.0;
    let series_of = |name: &'static str, pick: fn(&CurvePoint) -> u64| Series {
        name,
        points: curve
            .iter()
            .map(|c| ChartPoint {
                x: x_of(c.point.offered_rps),
                y: y_of(pick(c)),
                run: c.run,
                rps: c.point.offered_rps,
                nanos: pick(c),
                closed_loop: c.closed_loop,
            })
            .collect(),
    };
    let steps = (x_max / x_step).round() as u32;
    let x_labels = (0..=steps)
        .map(|k| {
            let v = f64::from(k) * x_step;
            AxisLabel {
                at: x_of(v),
                label: number(v),
            }
        })
        .collect();
    let y_labels = ticks(0, y_max, 4)
        .into_iter()
        .map(|t| AxisLabel {
            at: 100.0 - t.percent,
            label: t.label,
        })
        .collect();
    LoadChart {
        series: vec![
            series_of("p50", |c| c.point.p50_nanos),
            series_of("p95", |c| c.point.p95_nanos),
            series_of("p99", |c| c.point.p99_nanos),
        ],
        x_labels,
        y_labels,
        slo_y: slo_nanos.map(y_of),
    }
}

/// The smallest 1/2/5 × 10^k step giving at most `max_ticks` intervals over `span` (> 0).
pub fn nice_step_f64(span: f64, max_ticks: u32) -> f64 {
    let raw = span / f64::from(max_ticks.max(1));
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    // The power of ten at or below `raw`, by steps rather than `powf`/`log10` (which would add
    // libm code to the page for a handful of ticks).
    let mut magnitude = 1.0;
    while magnitude > raw {
        magnitude /= 10.0;
    }
    while magnitude * 10.0 <= raw {
        magnitude *= 10.0;
    }
    for factor in [1.0, 2.0, 5.0, 10.0] {
        if factor * magnitude >= raw * (1.0 - 1e-9) {
            return factor * magnitude;
        }
    }
    10.0 * magnitude
}

#[cfg(test)]
mod tests;
