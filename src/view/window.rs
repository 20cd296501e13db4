//! Geometry of the Gantt chart: the zoom window over the trace's time range, where a span's
//! bar sits in it (in percent, so CSS does the pixels), and which rows to render for a scroll
//! position (virtualisation: a 10,000-span trace renders a screenful of rows, not 10,000).

use std::ops::Range;

/// The visible part of a trace's time range, in nanoseconds from the trace start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWindow {
    pub from: u64,
    pub to: u64,
}

/// Zooming stops at a thousandth of the trace (or one nanosecond).
const MIN_FRACTION: f64 = 0.001;

impl TimeWindow {
    /// The whole trace. Never empty: a zero-length trace gets one nanosecond.
    pub fn full(duration: u64) -> TimeWindow {
        TimeWindow {
            from: 0,
            to: duration.max(1),
        }
    }

    pub fn is_full(&self, duration: u64) -> bool {
        *self == TimeWindow::full(duration)
    }

    pub fn span(&self) -> u64 {
        self.to.saturating_sub(self.from).max(1)
    }

    /// A window between two fractions of the trace (either order, clamped to 0–1, at least
    /// the minimum width): what a drag across the minimap selects.
    pub fn from_fractions(a: f64, b: f64, duration: u64) -> TimeWindow {
        if !(a.is_finite() && b.is_finite()) {
            return TimeWindow::full(duration);
        }
        let (mut lo, mut hi) = (
            f64::clamp(a.min(b), 0.0, 1.0),
            f64::clamp(a.max(b), 0.0, 1.0),
        );
        if hi - lo < MIN_FRACTION {
            let mid = (lo + hi) / 2.0;
            lo = f64::clamp(mid - MIN_FRACTION / 2.0, 0.0, 1.0 - MIN_FRACTION);
            hi = lo + MIN_FRACTION;
        }
        let total = duration.max(1) as f64;
        let from = (lo * total).round() as u64;
        let to = ((hi * total).round() as u64).max(from + 1);
        TimeWindow {
            from,
            to: to.min(duration.max(1)),
        }
    }

    /// The window as fractions of the trace, for drawing the selection on the minimap.
    pub fn fractions(&self, duration: u64) -> (f64, f64) {
        let total = duration.max(1) as f64;
        (
            f64::clamp(self.from as f64 / total, 0.0, 1.0),
            f64::clamp(self.to as f64 / total, 0.0, 1.0),
        )
    }

    /// Zooms around the window's centre: `factor` < 1 zooms in, > 1 zooms out.
    pub fn zoom(&self, factor: f64, duration: u64) -> TimeWindow {
        let (lo, hi) = self.fractions(duration);
        let factor = if factor.is_finite() && factor > 0.0 {
            factor
        } else {
            1.0
        };
        let half = f64::clamp((hi - lo) * factor / 2.0, MIN_FRACTION / 2.0, 0.5);
        let mid = f64::clamp((lo + hi) / 2.0, half, 1.0 - half);
        TimeWindow::from_fractions(mid - half, mid + half, duration)
    }

    /// Moves the window by a fraction of its own width (negative = earlier), keeping its width.
    pub fn pan(&self, by: f64, duration: u64) -> TimeWindow {
        let (lo, hi) = self.fractions(duration);
        let width = hi - lo;
        let shift = if by.is_finite() { by * width } else { 0.0 };
        let lo = f64::clamp(lo + shift, 0.0, 1.0 - width);
        TimeWindow::from_fractions(lo, lo + width, duration)
    }
}

/// A bar's position across the timeline, in percent of the window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub left: f64,
    pub width: f64,
}

/// Bars never shrink below this, so a zero-length span still shows as a sliver.
const MIN_BAR_PERCENT: f64 = 0.2;

/// Where a bar's duration label fits: after the bar, inside it (a long bar that reaches the
/// right edge), or before it (a short bar at the right edge).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelPlace {
    After,
    Inside,
    Before,
}

/// Room a label needs, in percent of the timeline.
const LABEL_ROOM: f64 = 14.0;

impl Bar {
    pub fn label_place(&self) -> LabelPlace {
        if 100.0 - (self.left + self.width) >= LABEL_ROOM {
            LabelPlace::After
        } else if self.width >= LABEL_ROOM {
            LabelPlace::Inside
        } else {
            LabelPlace::Before
        }
    }
}

/// The bar of a span from `start` to `end` (ns from trace start) inside `window`; `None` when
/// the span lies wholly outside the window.
pub fn bar(start: u64, end: u64, window: TimeWindow) -> Option<Bar> {
    let end = end.max(start);
    if end < window.from || start > window.to {
        return None;
    }
    let span = window.span() as f64;
    let left = (start.max(window.from) - window.from) as f64 / span * 100.0;
    let right = (end.min(window.to).saturating_sub(window.from)) as f64 / span * 100.0;
    let width = (right - left).max(MIN_BAR_PERCENT);
    let left = left.min(100.0 - MIN_BAR_PERCENT);
    Some(Bar {
        left,
        width: width.min(100.0 - left),
    })
}

/// Rows `first..end` to render for a scroll offset, with `overscan` extra rows either side so
/// fast scrolling does not show blank space.
pub fn virtual_range(
    row_count: usize,
    row_height: f64,
    scroll_top: f64,
    viewport_height: f64,
    overscan: usize,
) -> Range<usize> {
    if row_count == 0 || row_height.is_nan() || row_height <= 0.0 {
        return 0..0;
    }
    let top = if scroll_top.is_finite() {
        scroll_top.max(0.0)
    } else {
        0.0
    };
    let height = if viewport_height.is_finite() {
        viewport_height.max(0.0)
    } else {
        0.0
    };
    let first_visible = ((top / row_height).floor() as usize).min(row_count - 1);
    let visible = ((height / row_height).ceil() as usize).max(1);
    let first = first_visible.saturating_sub(overscan);
    let end = first_visible
        .saturating_add(visible)
        .saturating_add(overscan)
        .min(row_count);
    first..end
}

/// The scroll offset that brings `row` fully into view, or `None` if it already is.
pub fn scroll_to_reveal(
    row: usize,
    row_height: f64,
    scroll_top: f64,
    viewport: f64,
) -> Option<f64> {
    let top = row as f64 * row_height;
    let bottom = top + row_height;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport {
        Some((bottom - viewport).max(0.0))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;

    #[test]
    fn bars_are_to_scale_in_percent() {
        let w = TimeWindow::full(400 * MS);
        let b = bar(100 * MS, 300 * MS, w).expect("inside");
        assert!((b.left - 25.0).abs() < 1e-9 && (b.width - 50.0).abs() < 1e-9);
        let sliver = bar(400 * MS, 400 * MS, w).expect("at the edge");
        assert!(sliver.width >= MIN_BAR_PERCENT && sliver.left + sliver.width <= 100.0);
        assert_eq!(
            sliver.label_place(),
            LabelPlace::Before,
            "no room after, too thin inside"
        );
        assert_eq!(b.label_place(), LabelPlace::After);
        let whole = bar(0, 400 * MS, w).expect("whole trace");
        assert_eq!(whole.label_place(), LabelPlace::Inside);
    }

    #[test]
    fn bars_clip_to_the_zoom_window() {
        let w = TimeWindow {
            from: 100 * MS,
            to: 200 * MS,
        };
        assert_eq!(bar(0, 50 * MS, w), None, "before the window");
        assert_eq!(bar(250 * MS, 300 * MS, w), None, "after the window");
        let b = bar(50 * MS, 150 * MS, w).expect("overlaps");
        assert!((b.left - 0.0).abs() < 1e-9 && (b.width - 50.0).abs() < 1e-9);
        let reversed = bar(150 * MS, 120 * MS, w).expect("end before start is a sliver");
        assert!((b.left + 50.0 - reversed.left).abs() < 1e-9);
    }

    #[test]
    fn zoom_window_from_a_drag_and_back() {
        let d = 1_000 * MS;
        let w = TimeWindow::from_fractions(0.75, 0.25, d);
        assert_eq!(
            w,
            TimeWindow {
                from: 250 * MS,
                to: 750 * MS
            }
        );
        assert_eq!(w.fractions(d), (0.25, 0.75));
        let tiny = TimeWindow::from_fractions(0.5, 0.5, d);
        assert!(
            tiny.span() >= MS,
            "a click zooms to the minimum width, not to nothing"
        );
        let wild = TimeWindow::from_fractions(f64::NAN, 7.0, d);
        assert_eq!(wild, TimeWindow::full(d));
        assert!(TimeWindow::full(0).span() >= 1);
    }

    #[test]
    fn zoom_and_pan_stay_inside_the_trace() {
        let d = 1_000 * MS;
        let full = TimeWindow::full(d);
        let zoomed = full.zoom(0.5, d);
        assert_eq!(
            zoomed,
            TimeWindow {
                from: 250 * MS,
                to: 750 * MS
            }
        );
        assert_eq!(
            zoomed.zoom(4.0, d),
            full,
            "zooming out stops at the whole trace"
        );
        assert_eq!(
            zoomed.pan(1.0, d),
            TimeWindow {
                from: 500 * MS,
                to: d
            }
        );
        assert_eq!(
            zoomed.pan(-5.0, d),
            TimeWindow {
                from: 0,
                to: 500 * MS
            }
        );
        assert!(full.zoom(0.0, d) == full && full.is_full(d));
    }

    /// (rows, scroll top, viewport height, overscan, expected range, why)
    type WindowCase = (usize, f64, f64, usize, Range<usize>, &'static str);

    #[rustfmt::skip]
    const WINDOWS: &[WindowCase] = &[
        (10_000, 0.0,      560.0, 5, 0..25,          "top of a big trace: 20 visible + 5 below"),
        (10_000, 28_000.0, 560.0, 5, 995..1025,      "scrolled: overscan both sides"),
        (10_000, 1e9,      560.0, 5, 9994..10_000,   "scrolled past the end clamps"),
        (3,      0.0,      560.0, 5, 0..3,           "fewer rows than the viewport"),
        (0,      0.0,      560.0, 5, 0..0,           "no rows"),
        (10,     f64::NAN, 0.0,   0, 0..1,           "nonsense input still renders a row"),
    ];

    #[test]
    fn virtual_range_renders_only_what_is_visible() {
        for (rows, top, height, overscan, expected, why) in WINDOWS {
            assert_eq!(
                virtual_range(*rows, 28.0, *top, *height, *overscan),
                *expected,
                "{why}"
            );
        }
    }

    #[test]
    fn reveal_scrolls_the_least_needed() {
        assert_eq!(scroll_to_reveal(5, 28.0, 0.0, 280.0), None);
        assert_eq!(scroll_to_reveal(10, 28.0, 0.0, 280.0), Some(28.0));
        assert_eq!(scroll_to_reveal(2, 28.0, 280.0, 280.0), Some(56.0));
    }
}
