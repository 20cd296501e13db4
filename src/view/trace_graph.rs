//! The trace graph: one trace's operations as boxes and its calls as arrows, like Jaeger UI's
//! "Trace Graph" view (<https://www.jaegertracing.io/docs/latest/frontend-ui/>), laid out here so
//! the page only draws it.
//!
//! A node is an operation (service, span name, see [`crate::analysis::operations`]) with how many
//! spans it has, their summed duration and self time, and how many failed. An edge joins the
//! operation of a parent span to the operation of its child, counted once per child span. A
//! recursive operation gives a self-loop edge, kept in `edges` for the count but not for layout.
//! Each node lists its spans, so clicking it can highlight them in the timeline.

use super::layered::{layered_layout, LayoutOptions};
use crate::analysis::operations::Operations;
use crate::analysis::SpanTree;
use crate::model::{Span, SpanId};
use crate::order;

#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    pub service: String,
    pub operation: String,
    /// Spans of this operation.
    pub count: u32,
    /// Sum of the spans' durations (a recursive operation counts nested time twice, as Jaeger).
    pub total_nanos: u64,
    /// Sum of the spans' self times.
    pub self_nanos: u64,
    pub errors: u32,
    /// Indices into the trace's spans, in span order; `span_ids` are the same spans by id.
    pub span_indices: Vec<usize>,
    pub span_ids: Vec<SpanId>,
    /// Top-left corner of the box (see [`LayoutOptions`] for its size).
    pub x: f64,
    pub y: f64,
    pub layer: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GraphEdge {
    /// Node indices.
    pub from: usize,
    pub to: usize,
    /// Parent/child span pairs behind this edge.
    pub count: u32,
    /// How many of those child spans failed.
    pub errors: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TraceGraph {
    /// In order of each operation's first span.
    pub nodes: Vec<GraphNode>,
    /// Sorted by (from, to).
    pub edges: Vec<GraphEdge>,
    /// Node of each span, indexed like the trace's spans.
    pub node_of_span: Vec<usize>,
    pub width: f64,
    pub height: f64,
    pub options: LayoutOptions,
}

impl TraceGraph {
    /// The node holding span `i`, if `i` is in range.
    pub fn node_of(&self, span: usize) -> Option<usize> {
        self.node_of_span.get(span).copied()
    }

    /// Edges into or out of `node`, e.g. to highlight a node's neighbourhood.
    pub fn edges_of(&self, node: usize) -> impl Iterator<Item = &GraphEdge> {
        self.edges
            .iter()
            .filter(move |e| e.from == node || e.to == node)
    }
}

/// Builds and lays out the graph of `spans` (with its `tree` and `self_times`, indexed like the
/// spans) in O(n log n).
pub fn trace_graph(
    spans: &[Span],
    tree: &SpanTree,
    self_times: &[u64],
    options: &LayoutOptions,
) -> TraceGraph {
    let ops = Operations::build(spans);
    let mut nodes: Vec<GraphNode> = (0..ops.len())
        .map(|op| GraphNode {
            service: ops.service(op).to_string(),
            operation: ops.name(op).to_string(),
            count: 0,
            total_nanos: 0,
            self_nanos: 0,
            errors: 0,
            span_indices: Vec::new(),
            span_ids: Vec::new(),
            x: 0.0,
            y: 0.0,
            layer: 0,
        })
        .collect();
    let node_of_span: Vec<usize> = (0..spans.len()).map(|i| ops.of(i)).collect();
    let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        let node = &mut nodes[node_of_span[i]];
        node.count = node.count.saturating_add(1);
        node.total_nanos = node.total_nanos.saturating_add(span.duration_nanos());
        let own = self_times.get(i).copied().unwrap_or(0);
        node.self_nanos = node.self_nanos.saturating_add(own);
        node.errors += u32::from(span.is_error());
        node.span_indices.push(i);
        node.span_ids.push(span.span_id);
        if let Some(p) = tree.parent(i) {
            pairs.push((node_of_span[p], node_of_span[i], span.is_error()));
        }
    }
    order::sort(&mut pairs);
    let mut edges: Vec<GraphEdge> = Vec::new();
    for (from, to, error) in pairs {
        match edges.last_mut() {
            Some(e) if (e.from, e.to) == (from, to) => {
                e.count = e.count.saturating_add(1);
                e.errors += u32::from(error);
            }
            _ => edges.push(GraphEdge {
                from,
                to,
                count: 1,
                errors: u32::from(error),
            }),
        }
    }

    let links: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    let layout = layered_layout(nodes.len(), &links, options);
    for (node, place) in nodes.iter_mut().zip(&layout.nodes) {
        node.x = place.x;
        node.y = place.y;
        node.layer = place.layer;
    }
    TraceGraph {
        nodes,
        edges,
        node_of_span,
        width: layout.width,
        height: layout.height,
        options: *options,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::operations::testing::{failed, span};
    use crate::analysis::self_times;

    fn graph(spans: &[Span]) -> TraceGraph {
        let tree = SpanTree::build(spans);
        trace_graph(
            spans,
            &tree,
            &self_times(spans, &tree),
            &LayoutOptions::default(),
        )
    }

    /// A `GET /` calls B three times in a row; the second call fails.
    fn fan_out() -> Vec<Span> {
        let mut spans = vec![span(1, None, "a", "GET /", (0, 100))];
        for k in 0..3u64 {
            spans.push(span(
                10 + k,
                Some(1),
                "b",
                "GET /data",
                (10 + 30 * k, 30 + 30 * k),
            ));
        }
        spans[2] = failed(spans[2].clone());
        spans
    }

    #[test]
    fn repeated_calls_merge_into_one_node_with_counts_and_times() {
        let g = graph(&fan_out());
        assert_eq!(g.nodes.len(), 2);
        let b = &g.nodes[1];
        assert_eq!(
            (b.service.as_str(), b.operation.as_str()),
            ("b", "GET /data")
        );
        assert_eq!((b.count, b.errors), (3, 1));
        assert_eq!(b.total_nanos, 60_000_000);
        assert_eq!(g.nodes[0].self_nanos, 40_000_000, "100 ms minus 3 × 20 ms");
        assert_eq!(b.span_ids, vec![SpanId(10), SpanId(11), SpanId(12)]);
        assert_eq!(g.node_of(2), Some(1));
        let edge = GraphEdge {
            from: 0,
            to: 1,
            count: 3,
            errors: 1,
        };
        assert_eq!(g.edges, vec![edge]);
        assert!(
            g.nodes[1].x > g.nodes[0].x,
            "callee laid out right of caller"
        );
    }

    #[test]
    fn recursion_is_a_self_loop_and_not_a_new_node() {
        let spans = vec![
            span(1, None, "a", "walk", (0, 30)),
            span(2, Some(1), "a", "walk", (1, 20)),
            span(3, Some(2), "a", "walk", (2, 10)),
        ];
        let g = graph(&spans);
        assert_eq!(g.nodes.len(), 1);
        assert_eq!(g.nodes[0].count, 3);
        assert_eq!(g.edges.len(), 1);
        assert_eq!(
            (g.edges[0].from, g.edges[0].to, g.edges[0].count),
            (0, 0, 2)
        );
        assert_eq!(g.edges_of(0).count(), 1);
    }

    #[test]
    fn distinct_operations_get_distinct_boxes() {
        let spans = vec![
            span(1, None, "a", "GET /", (0, 50)),
            span(2, Some(1), "b", "GET /x", (1, 10)),
            span(3, Some(1), "c", "GET /y", (11, 20)),
            span(4, Some(2), "d", "SELECT", (2, 5)),
            span(5, Some(3), "d", "SELECT", (12, 15)),
        ];
        let g = graph(&spans);
        assert_eq!(g.nodes.len(), 4);
        let d = &g.nodes[g.node_of(3).unwrap_or(0)];
        assert_eq!((d.count, d.layer), (2, 2));
        let opt = LayoutOptions::default();
        for (i, a) in g.nodes.iter().enumerate() {
            for b in &g.nodes[i + 1..] {
                let apart =
                    (a.x - b.x).abs() >= opt.node_width || (a.y - b.y).abs() >= opt.node_height;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn an_empty_trace_has_an_empty_graph() {
        let g = graph(&[]);
        assert!(g.nodes.is_empty() && g.edges.is_empty());
        assert_eq!(g.node_of(0), None);
    }
}
