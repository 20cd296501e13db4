//! The search page's duration-over-time plot (as in Jaeger's search): one dot per trace, x =
//! start time, y = duration. Positions are percentages of the plot area (y = 0 at the top, as
//! SVG draws), so the component only scales them.

use super::format::clock_time;
use super::ruler::{self, Tick};

/// What the plot needs of a trace.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotInput {
    pub start_unix_nano: u64,
    pub duration_nanos: u64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// 0–100 from the left.
    pub x: f64,
    /// 0–100 from the top (longest traces near the top).
    pub y: f64,
}

/// An axis label at a position in percent (x from the left, y from the top).
#[derive(Clone, Debug, PartialEq)]
pub struct AxisLabel {
    pub at: f64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ScatterLayout {
    /// One per input, in input order.
    pub points: Vec<Point>,
    pub y_labels: Vec<AxisLabel>,
    pub x_labels: Vec<AxisLabel>,
}

/// Lays out the plot. `utc_offset_minutes` localises the time-axis labels.
pub fn layout(inputs: &[PlotInput], utc_offset_minutes: i32) -> ScatterLayout {
    if inputs.is_empty() {
        return ScatterLayout::default();
    }
    let first = inputs.iter().map(|p| p.start_unix_nano).min().unwrap_or(0);
    let last = inputs.iter().map(|p| p.start_unix_nano).max().unwrap_or(0);
    let longest = inputs
        .iter()
        .map(|p| p.duration_nanos)
        .max()
        .unwrap_or(0)
        .max(1);
    // Headroom so the longest dot is not clipped at the very top.
    let y_max = ruler::nice_step(longest + longest / 10, 4)
        .saturating_mul(4)
        .max(1);
    let x_span = last.saturating_sub(first);
    // One trace (or a burst at one instant) sits in the middle rather than on the edge.
    let x_of = |t: u64| {
        if x_span == 0 {
            50.0
        } else {
            (t - first) as f64 / x_span as f64 * 100.0
        }
    };
    let points = inputs
        .iter()
        .map(|p| Point {
            x: x_of(p.start_unix_nano),
            y: 100.0 - (p.duration_nanos.min(y_max) as f64 / y_max as f64 * 100.0),
        })
        .collect();
    let y_labels = ruler::ticks(0, y_max, 4)
        .into_iter()
        .map(|Tick { percent, label, .. }| AxisLabel {
            at: 100.0 - percent,
            label,
        })
        .collect();
    let x_labels = if x_span == 0 {
        vec![AxisLabel {
            at: 50.0,
            label: clock_time(first, utc_offset_minutes),
        }]
    } else {
        ruler::ticks(0, x_span, 4)
            .into_iter()
            .map(|t| AxisLabel {
                at: t.percent,
                label: clock_time(first + t.offset_nanos, utc_offset_minutes),
            })
            .collect()
    };
    ScatterLayout {
        points,
        y_labels,
        x_labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;
    const T0: u64 = 1_700_000_000_000_000_000;

    #[test]
    fn longer_traces_sit_higher_and_later_ones_further_right() {
        let plot = layout(
            &[
                PlotInput {
                    start_unix_nano: T0,
                    duration_nanos: 100 * MS,
                },
                PlotInput {
                    start_unix_nano: T0 + 1_000 * MS,
                    duration_nanos: 400 * MS,
                },
            ],
            0,
        );
        let (a, b) = (plot.points[0], plot.points[1]);
        assert_eq!((a.x, b.x), (0.0, 100.0));
        assert!(b.y < a.y, "the 400 ms trace is above the 100 ms one");
        assert!(b.y > 0.0, "headroom above the longest dot");
        assert!(plot.points.iter().all(|p| (0.0..=100.0).contains(&p.y)));
        assert_eq!(
            plot.y_labels.first().map(|l| l.label.as_str()),
            Some("0 ms")
        );
        assert_eq!(
            plot.y_labels.first().map(|l| l.at),
            Some(100.0),
            "zero is at the bottom"
        );
        assert_eq!(
            plot.x_labels.first().map(|l| l.label.as_str()),
            Some("22:13:20.000")
        );
    }

    #[test]
    fn one_trace_is_centred_and_empty_input_is_empty() {
        let plot = layout(
            &[PlotInput {
                start_unix_nano: T0,
                duration_nanos: 0,
            }],
            0,
        );
        assert_eq!(plot.points[0].x, 50.0);
        assert_eq!(plot.points[0].y, 100.0);
        assert_eq!(plot.x_labels.len(), 1);
        assert_eq!(layout(&[], 0), ScatterLayout::default());
    }
}
