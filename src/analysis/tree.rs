//! The parent/child tree of one trace's spans.
//!
//! Spans name their parent by id (OpenTelemetry data model,
//! <https://opentelemetry.io/docs/specs/otel/trace/api/#span>: "a parent span or is a root span").
//! Real traces are messy: a parent may never have arrived (a partial trace), two spans may share an
//! id, and broken instrumentation can even produce a parent cycle. The tree never fails on any of
//! that: every span gets exactly one place, spans without a reachable parent become roots and are
//! marked, and all walks are iterative so a 10,000-deep chain cannot overflow the stack.

use crate::model::{Span, SpanId};

/// Why a span is a root of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RootKind {
    /// The span has no parent id (or the invalid all-zero id): a true root.
    Root,
    /// The span names a parent that is not in the trace: a partial trace.
    Orphan,
    /// The span's ancestors loop back to it; the loop was cut here.
    BrokenCycle,
}

/// Parent/child structure over `spans[i]`, addressed by the span's index in the slice it was built
/// from (for a `Trace`, the index into `trace.spans`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpanTree {
    parent: Vec<Option<usize>>,
    root_kind: Vec<Option<RootKind>>,
    duplicate: Vec<bool>,
    depth: Vec<u32>,
    /// Children of node `i` are `child_list[child_start[i]..child_start[i + 1]]`, in start order.
    child_start: Vec<usize>,
    child_list: Vec<usize>,
    roots: Vec<usize>,
    preorder: Vec<usize>,
    /// (span id, index of its owner), sorted by id: a binary-searched `Vec` costs less wasm code
    /// than a `HashMap`.
    by_id: Vec<(SpanId, usize)>,
}

impl SpanTree {
    /// Builds the tree in O(n log n). Children and roots are ordered by (start time, span id, index).
    pub fn build(spans: &[Span]) -> SpanTree {
        let n = spans.len();
        // The first span with an id owns it; later duplicates are still nodes, but nobody's parent.
        // The sort is stable, so among equal ids the first span comes first. Here and for `order`
        // below, std's sort directly rather than `crate::order`: on 100,000 spans each indirect
        // sort took about twice as long (native: 3.4 -> 7.6 ms and 4.2 -> 9.5 ms on a nearly
        // sorted trace), ~10 ms more per `SpanTree::build` (`critical_path_100k_ms` is ~40 ms).
        let mut by_id: Vec<(SpanId, usize)> = Vec::with_capacity(n);
        let mut duplicate = vec![false; n];
        let mut by_span_id: Vec<usize> = (0..n).collect();
        by_span_id.sort_by_key(|&i| spans[i].span_id);
        for i in by_span_id {
            let id = spans[i].span_id;
            if by_id.last().is_some_and(|&(owned, _)| owned == id) {
                duplicate[i] = true;
            } else {
                by_id.push((id, i));
            }
        }

        let mut parent: Vec<Option<usize>> = vec![None; n];
        let mut root_kind: Vec<Option<RootKind>> = vec![None; n];
        for (i, span) in spans.iter().enumerate() {
            match span.parent_span_id.filter(|p| p.is_valid()) {
                None => root_kind[i] = Some(RootKind::Root),
                Some(p) => match lookup(&by_id, p) {
                    Some(j) => parent[i] = Some(j),
                    None => root_kind[i] = Some(RootKind::Orphan),
                },
            }
        }
        break_cycles(&mut parent, &mut root_kind);

        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (spans[i].start_unix_nano, spans[i].span_id));

        // Counting sort into a flat child list keeps the tree to a few allocations.
        let mut child_start = vec![0usize; n + 1];
        for p in parent.iter().flatten() {
            child_start[p + 1] += 1;
        }
        for i in 0..n {
            child_start[i + 1] += child_start[i];
        }
        let mut fill = child_start.clone();
        let mut child_list = vec![0usize; child_start[n]];
        let mut roots = Vec::new();
        for &i in &order {
            match parent[i] {
                Some(p) => {
                    child_list[fill[p]] = i;
                    fill[p] += 1;
                }
                None => roots.push(i),
            }
        }

        let mut tree = SpanTree {
            parent,
            root_kind,
            duplicate,
            depth: vec![0; n],
            child_start,
            child_list,
            roots,
            preorder: Vec::with_capacity(n),
            by_id,
        };
        tree.walk_preorder();
        tree
    }

    /// Depth-first, children in start order, with an explicit stack.
    fn walk_preorder(&mut self) {
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            self.preorder.push(i);
            let depth = self.parent[i].map_or(0, |p| self.depth[p] + 1);
            self.depth[i] = depth;
            let kids = &self.child_list[self.child_start[i]..self.child_start[i + 1]];
            stack.extend(kids.iter().rev());
        }
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// Roots (true roots, orphans and cut cycles) in start order.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Children of span `i` in start order; empty for a leaf or an index out of range.
    pub fn children(&self, i: usize) -> &[usize] {
        match (self.child_start.get(i), self.child_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.child_list.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The index of span `i`'s parent in the tree (`None` for roots and out-of-range indices).
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().flatten()
    }

    /// 0 for a root, 1 for its children, ...
    pub fn depth(&self, i: usize) -> u32 {
        self.depth.get(i).copied().unwrap_or(0)
    }

    /// Number of levels: 0 for an empty trace, 1 for a lone root, 3 for A → B → C.
    pub fn levels(&self) -> u32 {
        self.depth.iter().max().map_or(0, |d| d + 1)
    }

    /// `Some` when span `i` is a root, saying why.
    pub fn root_kind(&self, i: usize) -> Option<RootKind> {
        self.root_kind.get(i).copied().flatten()
    }

    /// A root that should have had a parent (missing parent or cut cycle).
    pub fn is_orphan(&self, i: usize) -> bool {
        matches!(
            self.root_kind(i),
            Some(RootKind::Orphan | RootKind::BrokenCycle)
        )
    }

    pub fn orphan_count(&self) -> u32 {
        (0..self.len()).filter(|&i| self.is_orphan(i)).count() as u32
    }

    /// True when an earlier span (by index) has the same span id.
    pub fn is_duplicate(&self, i: usize) -> bool {
        self.duplicate.get(i).copied().unwrap_or(false)
    }

    /// Every span, parents before children, depth first, children in start order: Gantt row order.
    pub fn preorder(&self) -> &[usize] {
        &self.preorder
    }

    /// The index of the (first) span with this id.
    pub fn index_of(&self, id: SpanId) -> Option<usize> {
        lookup(&self.by_id, id)
    }

    /// The trace's main root: the longest true root, else the earliest root of any kind.
    pub fn main_root(&self, spans: &[Span]) -> Option<usize> {
        let true_root = self
            .roots
            .iter()
            .copied()
            .filter(|&i| self.root_kind(i) == Some(RootKind::Root))
            .max_by_key(|&i| {
                let d = spans.get(i).map_or(0, Span::duration_nanos);
                (d, std::cmp::Reverse(i))
            });
        true_root.or_else(|| self.roots.first().copied())
    }
}

/// Cuts every parent cycle so the parent links form a forest. O(n): each node is walked once.
fn break_cycles(parent: &mut [Option<usize>], root_kind: &mut [Option<RootKind>]) {
    const UNSEEN: usize = usize::MAX;
    const DONE: usize = usize::MAX - 1;
    // `mark[i]` is the walk that visited i, or DONE once i is known to reach a root.
    let mut mark = vec![UNSEEN; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        path.clear();
        let mut at = start;
        let cut = loop {
            if mark[at] == DONE {
                break None;
            }
            if mark[at] == start {
                break Some(at);
            }
            mark[at] = start;
            path.push(at);
            match parent[at] {
                Some(p) => at = p,
                None => break None,
            }
        };
        if let Some(c) = cut {
            // `c` is on the loop; dropping its parent link turns the loop into a chain.
            parent[c] = None;
            root_kind[c] = Some(RootKind::BrokenCycle);
        }
        for &i in &path {
            mark[i] = DONE;
        }
    }
}

/// The owner of `id` in an id-sorted `(id, index)` list.
fn lookup(by_id: &[(SpanId, usize)], id: SpanId) -> Option<usize> {
    let at = by_id.binary_search_by_key(&id, |&(owned, _)| owned).ok()?;
    by_id.get(at).map(|&(_, index)| index)
}
