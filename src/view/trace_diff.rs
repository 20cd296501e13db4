//! Comparing two traces, like Jaeger UI's "Compare" view
//! (<https://www.jaegertracing.io/docs/latest/frontend-ui/>, "Trace Comparison"), plus what its
//! users ask for: time differences per operation and attribute differences of matching spans.
//!
//! Both traces are merged into one tree keyed by the path of (service, operation) pairs from the
//! root: span X is matched with every span of the other trace reached by the same chain of
//! operations. Each node says whether trace A, trace B or both have it, with span counts, total
//! and self time on each side. Matching spans of a node are paired in order (the k-th span of A
//! with the k-th of B) and their attributes compared; at most [`MAX_ATTRIBUTE_DIFFS`] differences
//! are kept per node so two 100,000-span traces stay cheap to show.

use crate::analysis::{self_times, SpanTree, TraceAnalysis};
use crate::model::{Span, Trace};
use crate::order;
use std::collections::HashMap;

/// Attribute differences kept per node; the rest are only counted.
pub const MAX_ATTRIBUTE_DIFFS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    OnlyA,
    OnlyB,
    Both,
}

/// One attribute that differs between a pair of matching spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeDiff {
    /// Indices into `a.spans` and `b.spans`.
    pub span_a: usize,
    pub span_b: usize,
    pub key: String,
    /// The value as text; `None` when that span lacks the attribute.
    pub a: Option<String>,
    pub b: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffNode {
    pub service: String,
    pub operation: String,
    /// Index of the parent node; `None` for a root.
    pub parent: Option<usize>,
    pub depth: u32,
    pub presence: Presence,
    /// Matching spans in each trace (indices into its spans, in start order).
    pub spans_a: Vec<usize>,
    pub spans_b: Vec<usize>,
    pub total_a_nanos: u64,
    pub total_b_nanos: u64,
    pub self_a_nanos: u64,
    pub self_b_nanos: u64,
    pub attribute_diffs: Vec<AttributeDiff>,
    /// Differences beyond [`MAX_ATTRIBUTE_DIFFS`], counted only.
    pub attribute_diffs_omitted: usize,
}

impl DiffNode {
    /// Spans in B minus spans in A.
    pub fn count_delta(&self) -> i64 {
        self.spans_b.len() as i64 - self.spans_a.len() as i64
    }

    /// Total time in B minus total time in A.
    pub fn time_delta_nanos(&self) -> i128 {
        i128::from(self.total_b_nanos) - i128::from(self.total_a_nanos)
    }

    /// Self time in B minus self time in A.
    pub fn self_delta_nanos(&self) -> i128 {
        i128::from(self.self_b_nanos) - i128::from(self.self_a_nanos)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TraceDiff {
    /// Depth first: each node before its children; A's children before B-only ones.
    pub nodes: Vec<DiffNode>,
}

impl TraceDiff {
    pub fn count(&self, presence: Presence) -> usize {
        self.nodes.iter().filter(|n| n.presence == presence).count()
    }
}

/// One trace to compare, with its tree and self times (e.g. from `analysis::analyze`), so a
/// view that has analysed both traces does not build their trees again.
#[derive(Clone, Copy, Debug)]
pub struct DiffSide<'a> {
    pub spans: &'a [Span],
    /// Built from `spans`.
    pub tree: &'a SpanTree,
    /// Indexed like `spans`; a missing entry counts as 0.
    pub self_times: &'a [u64],
}

impl<'a> DiffSide<'a> {
    /// A trace already analysed with `analysis::analyze`.
    pub fn from_analysis(spans: &'a [Span], analysis: &'a TraceAnalysis) -> DiffSide<'a> {
        DiffSide {
            spans,
            tree: &analysis.tree,
            self_times: &analysis.self_times,
        }
    }
}

/// Merges `a` and `b` into one tree, building their trees and self times first.
pub fn diff_traces(a: &Trace, b: &Trace) -> TraceDiff {
    let (tree_a, tree_b) = (SpanTree::build(&a.spans), SpanTree::build(&b.spans));
    let self_a = self_times(&a.spans, &tree_a);
    let self_b = self_times(&b.spans, &tree_b);
    diff_sides(
        DiffSide {
            spans: &a.spans,
            tree: &tree_a,
            self_times: &self_a,
        },
        DiffSide {
            spans: &b.spans,
            tree: &tree_b,
            self_times: &self_b,
        },
    )
}

/// Merges two analysed traces into one tree: O(n) hash lookups, one per span's operation path,
/// plus sorting each node's spans.
pub fn diff_sides(a: DiffSide, b: DiffSide) -> TraceDiff {
    let mut nodes: Vec<DiffNode> = Vec::new();
    let mut index: HashMap<(Option<usize>, &str, &str), usize> = HashMap::new();
    for (side_b, side) in [(false, a), (true, b)] {
        let spans = side.spans;
        let mut merged_of = vec![0usize; spans.len()];
        for &i in side.tree.preorder() {
            let Some(span) = spans.get(i) else { continue };
            let parent = side.tree.parent(i).and_then(|p| merged_of.get(p).copied());
            let key = (parent, span.service_name(), span.name.as_ref());
            let m = *index.entry(key).or_insert_with(|| {
                nodes.push(new_node(span, parent));
                nodes.len() - 1
            });
            merged_of[i] = m;
            let node = &mut nodes[m];
            let (list, total, self_total) = if side_b {
                (
                    &mut node.spans_b,
                    &mut node.total_b_nanos,
                    &mut node.self_b_nanos,
                )
            } else {
                (
                    &mut node.spans_a,
                    &mut node.total_a_nanos,
                    &mut node.self_a_nanos,
                )
            };
            list.push(i);
            *total = total.saturating_add(span.duration_nanos());
            let own = side.self_times.get(i).copied().unwrap_or(0);
            *self_total = self_total.saturating_add(own);
        }
    }
    for node in &mut nodes {
        node.presence = match (node.spans_a.is_empty(), node.spans_b.is_empty()) {
            (false, true) => Presence::OnlyA,
            (true, false) => Presence::OnlyB,
            _ => Presence::Both,
        };
        order::sort_by_key(&mut node.spans_a, |&i| (a.spans[i].start_unix_nano, i));
        order::sort_by_key(&mut node.spans_b, |&i| (b.spans[i].start_unix_nano, i));
        compare_attributes(node, a.spans, b.spans);
    }
    TraceDiff {
        nodes: depth_first(nodes),
    }
}

fn new_node(span: &Span, parent: Option<usize>) -> DiffNode {
    DiffNode {
        service: span.service_name().to_string(),
        operation: span.name.to_string(),
        parent,
        depth: 0,
        presence: Presence::Both,
        spans_a: Vec::new(),
        spans_b: Vec::new(),
        total_a_nanos: 0,
        total_b_nanos: 0,
        self_a_nanos: 0,
        self_b_nanos: 0,
        attribute_diffs: Vec::new(),
        attribute_diffs_omitted: 0,
    }
}

/// Pairs the node's spans in order and records every attribute that is missing on one side or
/// has another value.
fn compare_attributes(node: &mut DiffNode, a: &[Span], b: &[Span]) {
    for (&i, &j) in node.spans_a.iter().zip(&node.spans_b) {
        let (x, y) = (&a[i], &b[j]);
        let in_a = x.attributes.iter().map(|kv| (kv, y.attr(&kv.key)));
        let only_b = y.attributes.iter().filter(|kv| x.attr(&kv.key).is_none());
        let diffs = in_a
            .filter(|(kv, other)| *other != Some(&kv.value))
            .map(|(kv, other)| {
                (
                    kv.key.to_string(),
                    Some(kv.value.to_string()),
                    other.map(|v| v.to_string()),
                )
            })
            .chain(only_b.map(|kv| (kv.key.to_string(), None, Some(kv.value.to_string()))));
        for (key, va, vb) in diffs {
            if node.attribute_diffs.len() < MAX_ATTRIBUTE_DIFFS {
                node.attribute_diffs.push(AttributeDiff {
                    span_a: i,
                    span_b: j,
                    key,
                    a: va,
                    b: vb,
                });
            } else {
                node.attribute_diffs_omitted += 1;
            }
        }
    }
}

/// Reorders nodes depth first (children in creation order), fixing parent indices and depths.
fn depth_first(nodes: Vec<DiffNode>) -> Vec<DiffNode> {
    let n = nodes.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut stack: Vec<usize> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        match node.parent {
            Some(p) => children[p].push(i),
            None => stack.push(i),
        }
    }
    stack.reverse();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(children[i].iter().rev());
    }
    let mut new_index = vec![0usize; n];
    for (k, &i) in order.iter().enumerate() {
        new_index[i] = k;
    }
    let mut slots: Vec<Option<DiffNode>> = nodes.into_iter().map(Some).collect();
    let mut out: Vec<DiffNode> = Vec::with_capacity(n);
    for &i in &order {
        let Some(mut node) = slots[i].take() else {
            continue;
        };
        node.parent = node.parent.map(|p| new_index[p]);
        node.depth = node.parent.map_or(0, |p| out[p].depth + 1);
        out.push(node);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::operations::testing::{attr, span, MS};
    use crate::model::{AttrValue, TraceId};

    fn trace(spans: Vec<Span>) -> Trace {
        Trace::new(TraceId(1), spans)
    }

    /// The lab: A `GET /` → B `GET /data` (answering `code`), optionally with `heavy_calc`, and
    /// `calls` sequential `SELECT`s of 10 ms each.
    fn lab(heavy_calc: bool, code: i64, calls: u64) -> Trace {
        let b = span(2, Some(1), "service-b", "GET /data", (5, 380));
        let mut spans = vec![
            span(1, None, "service-a", "GET /", (0, 384)),
            attr(b, "http.status_code", AttrValue::Int(code)),
        ];
        if heavy_calc {
            spans.push(span(3, Some(2), "service-b", "heavy_calc", (200, 300)));
        }
        for k in 0..calls {
            spans.push(span(
                10 + k,
                Some(2),
                "db",
                "SELECT",
                (10 + 10 * k, 20 + 10 * k),
            ));
        }
        trace(spans)
    }

    fn node<'a>(d: &'a TraceDiff, operation: &str) -> &'a DiffNode {
        let found = d.nodes.iter().find(|n| n.operation == operation);
        found.expect("node in the diff")
    }

    #[test]
    fn an_operation_in_one_trace_only_is_marked_so() {
        let d = diff_traces(&lab(true, 200, 0), &lab(false, 200, 0));
        let ops: Vec<(&str, u32, Presence)> = d
            .nodes
            .iter()
            .map(|n| (n.operation.as_str(), n.depth, n.presence))
            .collect();
        let expected = vec![
            ("GET /", 0, Presence::Both),
            ("GET /data", 1, Presence::Both),
            ("heavy_calc", 2, Presence::OnlyA),
        ];
        assert_eq!(ops, expected);
        let heavy = node(&d, "heavy_calc");
        assert_eq!(
            (heavy.time_delta_nanos(), heavy.count_delta()),
            (-100 * MS as i128, -1)
        );
        assert_eq!(node(&d, "GET /data").self_delta_nanos(), 100 * MS as i128);
        let reversed = diff_traces(&lab(false, 200, 0), &lab(true, 200, 0));
        assert_eq!(node(&reversed, "heavy_calc").presence, Presence::OnlyB);
        assert_eq!(
            (
                reversed.count(Presence::Both),
                reversed.count(Presence::OnlyB)
            ),
            (2, 1)
        );
    }

    #[test]
    fn counts_and_times_differ_per_operation() {
        let d = diff_traces(&lab(false, 200, 3), &lab(false, 200, 5));
        let select = node(&d, "SELECT");
        assert_eq!((select.spans_a.len(), select.spans_b.len()), (3, 5));
        assert_eq!(
            (select.count_delta(), select.time_delta_nanos()),
            (2, 20 * MS as i128)
        );
        assert_eq!(select.parent, Some(1));
    }

    #[test]
    fn the_same_operation_under_another_parent_is_another_node() {
        let a = trace(vec![
            span(1, None, "a", "GET /", (0, 10)),
            span(2, Some(1), "b", "x", (1, 2)),
        ]);
        let b = trace(vec![
            span(1, None, "a", "POST /", (0, 10)),
            span(2, Some(1), "b", "x", (1, 2)),
        ]);
        let d = diff_traces(&a, &b);
        assert_eq!(d.nodes.len(), 4, "paths differ at the root");
        assert_eq!((d.count(Presence::OnlyA), d.count(Presence::OnlyB)), (2, 2));
    }

    #[test]
    fn attribute_differences_of_matching_spans() {
        let mut b = lab(false, 500, 0);
        let extra = attr(
            b.spans[1].clone(),
            "error.type",
            AttrValue::Str("500".into()),
        );
        b.spans[1] = extra;
        let d = diff_traces(&lab(false, 200, 0), &b);
        let data = node(&d, "GET /data");
        let diffs: Vec<(&str, Option<&str>, Option<&str>)> = data
            .attribute_diffs
            .iter()
            .map(|x| (x.key.as_str(), x.a.as_deref(), x.b.as_deref()))
            .collect();
        let expected = vec![
            ("http.status_code", Some("200"), Some("500")),
            ("error.type", None, Some("500")),
        ];
        assert_eq!(diffs, expected);
        assert!(
            node(&d, "GET /").attribute_diffs.is_empty(),
            "identical spans"
        );
    }

    #[test]
    fn attribute_differences_are_capped_per_node() {
        let with = |v: i64| {
            let mut t = lab(false, 200, 60);
            for s in t.spans.iter_mut().filter(|s| s.name == "SELECT") {
                *s = attr(s.clone(), "rows", AttrValue::Int(v));
            }
            t
        };
        let d = diff_traces(&with(1), &with(2));
        let select = node(&d, "SELECT");
        assert_eq!(select.attribute_diffs.len(), MAX_ATTRIBUTE_DIFFS);
        assert_eq!(select.attribute_diffs_omitted, 60 - MAX_ATTRIBUTE_DIFFS);
        let empty = Trace::new(TraceId(1), Vec::new());
        assert!(diff_traces(&empty, &empty).nodes.is_empty());
    }
}
