//! The search page's scatter plot drawn as a few SVG elements instead of one `<circle>` (with a
//! `<title>` and a click listener) per trace (issue 15, "A fair race": with 2,000 traces the
//! circles were most of the time from the click on Run load to the painted results).
//!
//! - [`dot_paths`]: every dot of a class (plain, error) as one SVG path of zero-length
//!   segments (`M x y h0`), drawn with round caps: a round cap on a zero-length subpath is a
//!   dot (SVG 2, "Zero-length path segments":
//!   <https://www.w3.org/TR/SVG2/painting.html#LineCaps>). Coordinates are in a
//!   [`VIEW_BOX`]-sized box stretched over the plot (`preserveAspectRatio="none"`); the stroke is
//!   `vector-effect: non-scaling-stroke`, so dots stay round at any aspect ratio.
//! - [`hit`]: which dot the pointer is on, for the plot's single pointer listener (hover shows
//!   the trace, click opens it).
//! - [`aria_label`] and [`tip_text`]: the plot's accessible summary and the hovered trace's
//!   tooltip.

use super::format::{clock_time, count};
use super::scatter::Point;
use crate::analysis::format_duration;
use crate::model::Trace;
use std::fmt::Write;

/// The width and height of the coordinate box the dot paths are written in.
pub const VIEW_BOX: f64 = 1000.0;

/// Screen pixels from a dot's centre within which the pointer is "on" it: the drawn radius
/// (5.5 px with its outline) plus a little slack so small dots are easy to hit.
pub const HIT_RADIUS_PX: f64 = 8.0;

/// The dots of one plot as path data: plain traces, then traces with errors (drawn on top).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DotPaths {
    pub plain: String,
    pub error: String,
}

/// Path data for `points` (percentages, as [`super::scatter::layout`] makes them); `errors[i]`
/// says whether point `i` is an error trace (missing entries count as plain).
pub fn dot_paths(points: &[Point], errors: &[bool]) -> DotPaths {
    let mut paths = DotPaths::default();
    let scale = VIEW_BOX / 100.0;
    for (i, p) in points.iter().enumerate() {
        let out = if errors.get(i).copied().unwrap_or(false) {
            &mut paths.error
        } else {
            &mut paths.plain
        };
        // One decimal of a 1,000-unit box is finer than a pixel on any plot this page draws.
        let _ = write!(out, "M{:.1} {:.1}h0", p.x * scale, p.y * scale);
    }
    paths
}

/// The index of the dot under the pointer, if any: `at` is the pointer in pixels from the plot
/// area's top-left corner, `size` the area's width and height in pixels. Of the dots within
/// `radius` pixels the nearest wins; at equal distance the one drawn on top (error dots over
/// plain ones, later over earlier), the one a person sees.
pub fn hit(
    points: &[Point],
    errors: &[bool],
    at: (f64, f64),
    size: (f64, f64),
    radius: f64,
) -> Option<usize> {
    let (width, height) = size;
    if !(width > 0.0 && height > 0.0 && radius >= 0.0) {
        return None;
    }
    let limit = radius * radius;
    let mut best: Option<(f64, bool, usize)> = None;
    for (i, p) in points.iter().enumerate() {
        let dx = p.x / 100.0 * width - at.0;
        let dy = p.y / 100.0 * height - at.1;
        let d2 = dx * dx + dy * dy;
        if d2 > limit {
            continue;
        }
        let error = errors.get(i).copied().unwrap_or(false);
        let better = match best {
            None => true,
            Some((bd2, berror, _)) => d2 < bd2 || (d2 == bd2 && (error || !berror)),
        };
        if better {
            best = Some((d2, error, i));
        }
    }
    best.map(|(_, _, i)| i)
}

/// The plot's accessible name: what it shows in one sentence. The list below it gives the
/// keyboard every trace.
pub fn aria_label(traces: usize, slowest_nanos: u64, error_traces: usize) -> String {
    let noun = if traces == 1 { "trace" } else { "traces" };
    let mut label = format!(
        "Scatter plot of duration over time: {} {noun}, the slowest {}",
        count(traces as u64),
        format_duration(slowest_nanos)
    );
    if error_traces > 0 {
        let _ = write!(label, ", {} with errors", count(error_traces as u64));
    }
    label.push('.');
    label
}

/// The hovered trace as the tooltip shows it: its root's service and name, its duration and
/// start time, and its error spans if any.
pub fn tip_text(trace: &Trace, utc_offset_minutes: i32) -> String {
    let name = trace
        .root()
        .map(|root| format!("{}: {}", root.service_name(), root.name))
        .unwrap_or_else(|| trace.trace_id.to_string());
    let mut text = format!(
        "{name} — {} at {}",
        format_duration(trace.duration_nanos()),
        clock_time(trace.start_unix_nano(), utc_offset_minutes)
    );
    match trace.error_count() {
        0 => {}
        1 => text.push_str(", 1 error span"),
        n => {
            let _ = write!(text, ", {n} error spans");
        }
    }
    text
}

#[cfg(test)]
#[path = "scatter_marks_tests.rs"]
mod tests;
