use super::*;
use crate::analysis::operations::testing::{failed, span};
use crate::model::{Trace, TraceId};

fn pt(x: f64, y: f64) -> Point {
    Point { x, y }
}

#[test]
fn dots_go_into_the_path_of_their_class_in_a_1000_unit_box() {
    let paths = dot_paths(
        &[pt(0.0, 100.0), pt(50.0, 25.0), pt(12.345, 0.0)],
        &[false, true],
    );
    assert_eq!(
        paths.plain, "M0.0 1000.0h0M123.5 0.0h0",
        "a missing flag counts as plain"
    );
    assert_eq!(paths.error, "M500.0 250.0h0");
    assert_eq!(dot_paths(&[], &[]), DotPaths::default());
}

#[test]
fn the_pointer_hits_the_nearest_dot_within_the_radius_in_pixels() {
    // A 200 x 100 px plot: (50 %, 50 %) is at (100, 50) px, (55 %, 50 %) at (110, 50) px.
    let points = [pt(50.0, 50.0), pt(55.0, 50.0)];
    let size = (200.0, 100.0);
    let none = [false, false];
    // Rows: pointer, expected dot.
    let rows: [((f64, f64), Option<usize>); 5] = [
        ((100.0, 50.0), Some(0)),
        ((104.0, 52.0), Some(0)),
        ((107.0, 50.0), Some(1)),
        ((100.0, 58.5), None), // 8.5 px below: outside the 8 px radius
        ((150.0, 10.0), None),
    ];
    for (at, expected) in rows {
        assert_eq!(
            hit(&points, &none, at, size, HIT_RADIUS_PX),
            expected,
            "pointer at {at:?}"
        );
    }
}

#[test]
fn at_equal_distance_the_dot_drawn_on_top_wins() {
    let same = [pt(10.0, 10.0), pt(10.0, 10.0), pt(10.0, 10.0)];
    let at = (10.0, 10.0);
    let size = (100.0, 100.0);
    // Later dots are drawn over earlier ones ...
    assert_eq!(hit(&same, &[false, false, false], at, size, 8.0), Some(2));
    // ... and error dots over plain ones (their path comes second).
    assert_eq!(hit(&same, &[false, true, false], at, size, 8.0), Some(1));
    assert_eq!(hit(&same, &[true, true, false], at, size, 8.0), Some(1));
}

#[test]
fn a_plot_without_a_size_hits_nothing() {
    let points = [pt(0.0, 0.0)];
    assert_eq!(hit(&points, &[false], (0.0, 0.0), (0.0, 100.0), 8.0), None);
    assert_eq!(
        hit(&points, &[false], (0.0, 0.0), (100.0, f64::NAN), 8.0),
        None
    );
    assert_eq!(
        hit(&points, &[false], (0.0, 0.0), (100.0, 100.0), 8.0),
        Some(0)
    );
}

#[test]
fn the_label_summarises_count_slowest_and_errors() {
    assert_eq!(
        aria_label(2_000, 41_230_000, 0),
        "Scatter plot of duration over time: 2,000 traces, the slowest 41 ms."
    );
    assert_eq!(
        aria_label(1, 5_000_000, 1),
        "Scatter plot of duration over time: 1 trace, the slowest 5 ms, 1 with errors."
    );
}

#[test]
fn the_tooltip_names_the_root_its_duration_start_and_errors() {
    let trace = Trace::new(
        TraceId(1),
        vec![
            span(1, None, "service-a", "GET /", (1_000, 1_120)),
            failed(span(2, Some(1), "service-b", "GET /data", (1_010, 1_100))),
        ],
    );
    assert_eq!(
        tip_text(&trace, 0),
        "service-a: GET / — 120 ms at 00:00:01.000, 1 error span"
    );
    assert_eq!(
        tip_text(&trace, 60),
        "service-a: GET / — 120 ms at 01:00:01.000, 1 error span",
        "the clock is local"
    );
}
