//! The flame graph of one trace: each span a box on the row below its parent, so the widest
//! stacks show where the time went (Brendan Gregg's flame graphs,
//! <https://www.brendangregg.com/flamegraphs.html>, drawn top-down as in Jaeger's and Grafana's
//! trace flame graphs).
//!
//! Two scales:
//! - [`FlameScale::Time`]: x and width by start and end time within the view, so gaps and
//!   parallel calls show. A child is clipped to its parent's interval (as the critical path
//!   does), so a box never sticks out of the box above it.
//! - [`FlameScale::Share`]: classic flame graph packing: children side by side in start order,
//!   each as wide as its share of the parent's duration; children that overlap in time and add
//!   up to more than the parent are scaled down to fit.
//!
//! Zooming on a span lays its subtree out across the full width, with its ancestors as full-width
//! rows above it for context. Boxes narrower than `min_width` (a fraction of the view) are left
//! out with their subtree and counted in `hidden_spans`, so a 100,000-span trace yields only the
//! boxes worth drawing. The walk uses an explicit stack.

use crate::analysis::SpanTree;
use crate::model::{Span, SpanId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum FlameScale {
    #[default]
    Time,
    Share,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlameBox {
    pub span_index: usize,
    pub span_id: SpanId,
    /// 0 is the top row.
    pub row: u32,
    /// Left edge and width as fractions (0 to 1) of the view's width.
    pub x: f64,
    pub width: f64,
    pub duration_nanos: u64,
    pub self_nanos: u64,
    pub error: bool,
    /// An ancestor of the zoomed span, drawn full width for context.
    pub ancestor: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlameGraph {
    /// Parents before children (depth first, children in start order).
    pub boxes: Vec<FlameBox>,
    /// Rows used: the deepest box's row + 1.
    pub rows: u32,
    /// The zoomed span, if any.
    pub focus: Option<usize>,
    /// Spans left out because their box would be narrower than `min_width`.
    pub hidden_spans: usize,
}

/// One box waiting to be laid out, with the interval its children are clipped to.
struct Pending {
    span: usize,
    x: f64,
    width: f64,
    row: u32,
    clip: (u64, u64),
}

/// Lays out `spans` (with their `tree` and `self_times`), zoomed on `focus` if it names a span.
/// O(n).
pub fn flame_graph(
    spans: &[Span],
    tree: &SpanTree,
    self_times: &[u64],
    focus: Option<usize>,
    scale: FlameScale,
    min_width: f64,
) -> FlameGraph {
    let n = spans.len().min(tree.len());
    let focus = focus.filter(|&f| f < n);
    let interval = |i: usize| {
        (
            spans[i].start_unix_nano,
            spans[i].end_unix_nano.max(spans[i].start_unix_nano),
        )
    };
    let mut out = FlameGraph {
        focus,
        ..FlameGraph::default()
    };
    let boxed = |i: usize, row: u32, x: f64, width: f64, ancestor: bool| FlameBox {
        span_index: i,
        span_id: spans[i].span_id,
        row,
        x,
        width,
        duration_nanos: spans[i].duration_nanos(),
        self_nanos: self_times.get(i).copied().unwrap_or(0),
        error: spans[i].is_error(),
        ancestor,
    };

    // The top of the view: the zoomed span under its ancestors, or every root side by side.
    let (top, window, first_row): (Vec<usize>, (u64, u64), u32) = match focus {
        Some(f) => {
            let mut chain = Vec::new();
            let mut at = tree.parent(f);
            while let Some(p) = at.filter(|&p| p < n) {
                chain.push(p);
                at = tree.parent(p);
            }
            for (row, &a) in chain.iter().rev().enumerate() {
                out.boxes.push(boxed(a, row as u32, 0.0, 1.0, true));
            }
            (vec![f], interval(f), chain.len() as u32)
        }
        None => {
            let roots: Vec<usize> = tree.roots().iter().copied().filter(|&r| r < n).collect();
            let start = roots.iter().map(|&r| interval(r).0).min().unwrap_or(0);
            let end = roots.iter().map(|&r| interval(r).1).max().unwrap_or(0);
            (roots, (start, end), 0)
        }
    };
    // A zero-length view has no time axis to place boxes on; share it out instead.
    let scale = if window.1 == window.0 {
        FlameScale::Share
    } else {
        scale
    };
    let view_len = window.1.saturating_sub(window.0).max(1) as f64;
    let subtree = subtree_sizes(tree, n);

    // Top boxes: by time, or side by side by duration (equal shares when all are empty).
    let mut stack: Vec<Pending> = Vec::new();
    let top_total = top.iter().fold(0u64, |t, &i| {
        t.saturating_add(interval(i).1 - interval(i).0)
    });
    let mut next_x = 0.0;
    for &i in &top {
        let (s, e) = interval(i);
        let (x, width) = match scale {
            FlameScale::Time => (
                (s.saturating_sub(window.0)) as f64 / view_len,
                (e - s) as f64 / view_len,
            ),
            FlameScale::Share if top_total == 0 => (next_x, 1.0 / top.len() as f64),
            FlameScale::Share => (next_x, (e - s) as f64 / top_total as f64),
        };
        next_x += width;
        stack.push(Pending {
            span: i,
            x,
            width,
            row: first_row,
            clip: (s, e),
        });
    }
    stack.reverse();

    while let Some(p) = stack.pop() {
        if p.width < min_width {
            out.hidden_spans += subtree[p.span];
            continue;
        }
        out.boxes.push(boxed(p.span, p.row, p.x, p.width, false));
        let kids = tree.children(p.span);
        let (ps, pe) = p.clip;
        let parent_len = pe - ps;
        let kids_total = kids.iter().filter(|&&c| c < n).fold(0u64, |t, &c| {
            t.saturating_add(interval(c).1 - interval(c).0)
        });
        let denom = parent_len.max(kids_total);
        let mut next_x = p.x;
        let first_kid = stack.len();
        for &c in kids.iter().filter(|&&c| c < n) {
            let (s, e) = interval(c);
            let cs = s.clamp(ps, pe);
            let ce = e.clamp(cs, pe);
            let (x, width) = match scale {
                FlameScale::Time => (
                    cs.saturating_sub(window.0) as f64 / view_len,
                    (ce - cs) as f64 / view_len,
                ),
                FlameScale::Share if denom == 0 => (next_x, 0.0),
                FlameScale::Share => (next_x, p.width * (e - s) as f64 / denom as f64),
            };
            next_x += width;
            stack.push(Pending {
                span: c,
                x,
                width,
                row: p.row + 1,
                clip: (cs, ce),
            });
        }
        // Pushed in start order; reversed so the earliest child is laid out (and listed) first.
        stack[first_kid..].reverse();
    }
    out.rows = out.boxes.iter().map(|b| b.row + 1).max().unwrap_or(0);
    out
}

/// Spans in each span's subtree (itself included), from the preorder walked backwards.
fn subtree_sizes(tree: &SpanTree, n: usize) -> Vec<usize> {
    let mut size = vec![1usize; n];
    for &i in tree.preorder().iter().rev() {
        if let Some(p) = tree.parent(i).filter(|&p| p < n && i < n) {
            size[p] += size[i];
        }
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::operations::testing::{failed, span};
    use crate::analysis::self_times;

    /// root 0–100 ms; a 10–40 with a1 12–20; b 50–60 (failed); c 90–130 sticks out of the root.
    fn spans() -> Vec<Span> {
        vec![
            span(1, None, "s", "root", (0, 100)),
            span(2, Some(1), "s", "a", (10, 40)),
            span(3, Some(2), "s", "a1", (12, 20)),
            failed(span(4, Some(1), "s", "b", (50, 60))),
            span(5, Some(1), "s", "c", (90, 130)),
        ]
    }

    fn flame(focus: Option<usize>, scale: FlameScale, min_width: f64) -> FlameGraph {
        let spans = spans();
        let tree = SpanTree::build(&spans);
        flame_graph(
            &spans,
            &tree,
            &self_times(&spans, &tree),
            focus,
            scale,
            min_width,
        )
    }

    /// (span index, row, x, width) rounded to 1/1000.
    fn shape(g: &FlameGraph) -> Vec<(usize, u32, i64, i64)> {
        let r = |v: f64| (v * 1000.0).round() as i64;
        g.boxes
            .iter()
            .map(|b| (b.span_index, b.row, r(b.x), r(b.width)))
            .collect()
    }

    #[test]
    fn by_time_children_sit_under_their_parent_and_are_clipped_to_it() {
        let g = flame(None, FlameScale::Time, 0.0);
        let expected = vec![
            (0, 0, 0, 1000),
            (1, 1, 100, 300),
            (2, 2, 120, 80),
            (3, 1, 500, 100),
            (4, 1, 900, 100),
        ];
        assert_eq!(shape(&g), expected, "c is cut at the root's end");
        assert_eq!(g.rows, 3);
        assert!(g.boxes[3].error && !g.boxes[1].error);
        assert_eq!(
            g.boxes[0].self_nanos, 50_000_000,
            "100 − (30 + 10 + 10 clipped)"
        );
    }

    #[test]
    fn by_share_children_are_packed_and_scaled_to_fit() {
        let g = flame(None, FlameScale::Share, 0.0);
        // Children add up to 30 + 10 + 40 = 80 ms of the root's 100 ms.
        let expected = vec![
            (0, 0, 0, 1000),
            (1, 1, 0, 300),
            (2, 2, 0, 80),
            (3, 1, 300, 100),
            (4, 1, 400, 400),
        ];
        assert_eq!(shape(&g), expected);
        let mut over = spans();
        over[4].end_unix_nano = over[4].start_unix_nano + 160_000_000;
        let tree = SpanTree::build(&over);
        let g = flame_graph(&over, &tree, &[], None, FlameScale::Share, 0.0);
        let total: f64 = g.boxes.iter().filter(|b| b.row == 1).map(|b| b.width).sum();
        assert!(
            (total - 1.0).abs() < 1e-9,
            "200 ms of children scaled into the root: {total}"
        );
    }

    #[test]
    fn zooming_lays_the_subtree_across_the_view_under_its_ancestors() {
        let g = flame(Some(1), FlameScale::Time, 0.0);
        assert_eq!(
            shape(&g),
            vec![(0, 0, 0, 1000), (1, 1, 0, 1000), (2, 2, 67, 267)]
        );
        assert!(g.boxes[0].ancestor && !g.boxes[1].ancestor);
        assert_eq!(g.focus, Some(1));
        let leaf = flame(Some(2), FlameScale::Share, 0.0);
        assert_eq!(leaf.rows, 3, "root and a above the zoomed leaf");
        assert_eq!(
            flame(Some(99), FlameScale::Time, 0.0).focus,
            None,
            "out of range"
        );
    }

    #[test]
    fn narrow_boxes_are_left_out_with_their_subtree() {
        let g = flame(None, FlameScale::Time, 0.2);
        let shown: Vec<usize> = g.boxes.iter().map(|b| b.span_index).collect();
        assert_eq!(shown, vec![0, 1]);
        assert_eq!(g.hidden_spans, 3, "a1, b and c are under 20 %");
        assert_eq!(
            flame(None, FlameScale::Time, 2.0).hidden_spans,
            5,
            "nothing fits"
        );
    }

    #[test]
    fn several_roots_share_the_top_row() {
        let spans = vec![
            span(1, None, "s", "r1", (0, 10)),
            span(2, Some(9), "s", "orphan", (30, 40)),
        ];
        let tree = SpanTree::build(&spans);
        let g = flame_graph(&spans, &tree, &[], None, FlameScale::Share, 0.0);
        assert_eq!(shape(&g), vec![(0, 0, 0, 500), (1, 0, 500, 500)]);
        let empty = flame_graph(&[], &SpanTree::build(&[]), &[], None, FlameScale::Time, 0.0);
        let instant = vec![
            span(1, None, "s", "r", (5, 5)),
            span(2, Some(1), "s", "c", (5, 5)),
        ];
        let tree = SpanTree::build(&instant);
        let zoomed = flame_graph(&instant, &tree, &[], Some(0), FlameScale::Time, 0.5);
        assert_eq!(
            shape(&zoomed),
            vec![(0, 0, 0, 1000)],
            "a zero-length span still fills the view"
        );
        assert_eq!(zoomed.hidden_spans, 1);
        assert_eq!((empty.boxes.len(), empty.rows), (0, 0));
    }
}
