//! Span tree, self time and critical path against hand-computed traces.

mod analysis_support;

use analysis_support::*;
use trace_playground::analysis::{
    critical_path, self_time_by_service, self_times, RootKind, ServiceTime, SpanTree,
};
use trace_playground::model::{Span, SpanId};

/// Segments as (span id, start ms, end ms) relative to `EPOCH`, for readable assertions.
fn path_ms(t: &trace_playground::model::Trace) -> Vec<(u64, u64, u64)> {
    let tree = SpanTree::build(&t.spans);
    critical_path(&t.spans, &tree)
        .segments
        .iter()
        .map(|s| {
            (
                s.span_id.0,
                (s.start_unix_nano - EPOCH) / MS,
                (s.end_unix_nano - EPOCH) / MS,
            )
        })
        .collect()
}

fn self_ms(t: &trace_playground::model::Trace) -> Vec<(u64, u64)> {
    let tree = SpanTree::build(&t.spans);
    let times = self_times(&t.spans, &tree);
    t.spans
        .iter()
        .zip(times)
        .map(|(s, n)| (s.span_id.0, n / MS))
        .collect()
}

#[test]
fn lab_trace_nests_client_under_a_and_b_under_the_client() {
    let t = lab_trace(true);
    let tree = SpanTree::build(&t.spans);
    let (a, ac, b, heavy) = (idx(&t, 1), idx(&t, 2), idx(&t, 3), idx(&t, 4));
    assert_eq!(tree.roots(), &[a]);
    assert_eq!(tree.root_kind(a), Some(RootKind::Root));
    assert_eq!(tree.children(a), &[ac]);
    assert_eq!(tree.children(ac), &[b]);
    assert_eq!(tree.children(b), &[heavy]);
    assert_eq!(tree.parent(heavy), Some(b));
    assert_eq!([a, ac, b, heavy].map(|i| tree.depth(i)), [0, 1, 2, 3]);
    assert_eq!(tree.levels(), 4);
    assert_eq!(tree.preorder(), &[a, ac, b, heavy]);
    assert_eq!(tree.orphan_count(), 0);
    assert_eq!(tree.index_of(SpanId(3)), Some(b));
}

#[test]
fn a_span_whose_parent_is_missing_is_an_orphan_root() {
    let t = trace(vec![
        span(1, None, "a", "root", 0, 100),
        span(2, Some(99), "b", "lost", 10, 20),
        span(3, Some(2), "b", "under lost", 12, 18),
        span(4, Some(0), "c", "zero parent id means root", 30, 40),
    ]);
    let tree = SpanTree::build(&t.spans);
    assert_eq!(tree.roots(), &[idx(&t, 1), idx(&t, 2), idx(&t, 4)]);
    assert_eq!(tree.root_kind(idx(&t, 2)), Some(RootKind::Orphan));
    assert!(tree.is_orphan(idx(&t, 2)));
    assert_eq!(
        tree.root_kind(idx(&t, 4)),
        Some(RootKind::Root),
        "SpanId 0 is invalid"
    );
    assert!(!tree.is_orphan(idx(&t, 1)));
    assert_eq!(tree.children(idx(&t, 2)), &[idx(&t, 3)]);
    assert_eq!(tree.depth(idx(&t, 3)), 1);
    assert_eq!(tree.orphan_count(), 1);
    assert_eq!(
        tree.main_root(&t.spans),
        Some(idx(&t, 1)),
        "longest true root"
    );
}

#[test]
fn parent_cycles_are_cut_and_every_span_is_placed_once() {
    let t = trace(vec![
        span(1, Some(2), "a", "x", 0, 10),
        span(2, Some(1), "a", "y", 1, 9),
        span(3, Some(1), "a", "child of the loop", 2, 3),
        span(4, Some(4), "a", "its own parent", 20, 30),
    ]);
    let tree = SpanTree::build(&t.spans);
    let mut placed = tree.preorder().to_vec();
    placed.sort_unstable();
    assert_eq!(placed, vec![0, 1, 2, 3], "each span exactly once");
    let cut: Vec<usize> = (0..4)
        .filter(|&i| tree.root_kind(i) == Some(RootKind::BrokenCycle))
        .collect();
    assert_eq!(cut.len(), 2, "one cut per cycle: {cut:?}");
    assert!(cut.contains(&idx(&t, 4)));
    assert!(tree.is_orphan(idx(&t, 4)));
    assert_eq!(
        tree.levels(),
        2,
        "cut at span 1: spans 2 and 3 are its children"
    );
    assert_eq!(tree.root_kind(idx(&t, 1)), Some(RootKind::BrokenCycle));
    // Analyses on a cut cycle still terminate.
    assert!(!critical_path(&t.spans, &tree).segments.is_empty());
}

#[test]
fn duplicate_ids_keep_the_first_as_parent() {
    let t = trace(vec![
        span(1, None, "a", "first", 0, 100),
        span(1, None, "a", "again", 5, 50),
        span(2, Some(1), "a", "child", 10, 20),
    ]);
    let tree = SpanTree::build(&t.spans);
    assert!(!tree.is_duplicate(0));
    assert!(tree.is_duplicate(1));
    assert_eq!(tree.parent(idx(&t, 2)), Some(0));
    assert_eq!(tree.roots(), &[0, 1]);
    assert_eq!(tree.preorder().len(), 3);
}

#[test]
fn children_are_in_start_order_even_from_unsorted_input() {
    let spans = vec![
        span(1, None, "a", "root", 0, 100),
        span(3, Some(1), "a", "late", 50, 60),
        span(2, Some(1), "a", "early", 10, 20),
    ];
    let tree = SpanTree::build(&spans);
    assert_eq!(tree.children(0), &[2, 1]);
    assert_eq!(
        tree.children(99),
        &[] as &[usize],
        "out of range is empty, no panic"
    );
    assert_eq!(tree.depth(99), 0);
}

#[test]
fn self_time_subtracts_the_single_child_in_the_lab_trace() {
    // A: 384 − 375 (client); client: 375 − 370 (B); B: 370 − 100 (heavy_calc).
    assert_eq!(
        self_ms(&lab_trace(true)),
        vec![(1, 9), (2, 5), (3, 270), (4, 100)]
    );
}

#[test]
fn self_time_subtracts_the_union_of_overlapping_children_clipped_to_the_span() {
    let t = trace(vec![
        span(1, None, "a", "parent", 0, 100),
        span(2, Some(1), "b", "first", 10, 50),
        span(3, Some(1), "b", "overlaps first", 30, 70),
        span(4, Some(1), "c", "runs past the end", 80, 120),
        span(5, Some(1), "c", "inside first", 20, 40),
    ]);
    // Covered: [10, 70] ∪ [80, 100] = 80 ms, so the parent's own time is 20 ms.
    assert_eq!(
        self_ms(&t),
        vec![(1, 20), (2, 40), (5, 20), (3, 40), (4, 40)]
    );
}

#[test]
fn self_time_by_service_sums_and_sorts_largest_first() {
    let t = lab_trace(true);
    let tree = SpanTree::build(&t.spans);
    let times = self_times(&t.spans, &tree);
    assert_eq!(
        self_time_by_service(&t.spans, &times),
        vec![
            ServiceTime {
                service: "service-b".into(),
                self_nanos: 370 * MS,
                span_count: 2
            },
            ServiceTime {
                service: "service-a".into(),
                self_nanos: 14 * MS,
                span_count: 2
            },
        ]
    );
}

#[test]
fn critical_path_of_the_lab_trace_walks_down_to_heavy_calc_and_back() {
    assert_eq!(
        path_ms(&lab_trace(true)),
        vec![
            (1, 0, 5),
            (2, 5, 7),
            (3, 7, 200),
            (4, 200, 300),
            (3, 300, 377),
            (2, 377, 380),
            (1, 380, 384)
        ]
    );
}

#[test]
fn critical_path_takes_the_last_finishing_child_and_skips_overlapped_ones() {
    let t = trace(vec![
        span(1, None, "p", "parent", 0, 100),
        span(2, Some(1), "c", "hidden by c2", 10, 60),
        span(3, Some(1), "c", "last to finish", 20, 90),
        span(4, Some(1), "c", "before c2", 0, 15),
    ]);
    assert_eq!(
        path_ms(&t),
        vec![(4, 0, 15), (1, 15, 20), (3, 20, 90), (1, 90, 100)]
    );
    let tree = SpanTree::build(&t.spans);
    let path = critical_path(&t.spans, &tree);
    assert!(!path.contains(idx(&t, 2)));
    assert!(path.contains(idx(&t, 3)));
    assert_eq!(path.span_ids, vec![SpanId(1), SpanId(3), SpanId(4)]);
    assert_eq!(path.total_nanos(), 100 * MS);
    let by_span = path.nanos_by_span();
    assert_eq!(by_span[idx(&t, 1)], 15 * MS);
    assert_eq!(by_span[idx(&t, 2)], 0);
}

#[test]
fn sequential_children_that_touch_are_all_on_the_path() {
    let t = trace(vec![
        span(1, None, "p", "parent", 0, 30),
        span(2, Some(1), "db", "q1", 0, 10),
        span(3, Some(1), "db", "q2", 10, 20),
        span(4, Some(1), "db", "q3", 20, 30),
    ]);
    assert_eq!(path_ms(&t), vec![(2, 0, 10), (3, 10, 20), (4, 20, 30)]);
}

#[test]
fn equal_end_times_prefer_the_longer_child() {
    let t = trace(vec![
        span(1, None, "p", "parent", 0, 100),
        span(2, Some(1), "c", "short", 60, 90),
        span(3, Some(1), "c", "long", 10, 90),
    ]);
    assert_eq!(path_ms(&t), vec![(1, 0, 10), (3, 10, 90), (1, 90, 100)]);
}

#[test]
fn children_outside_the_parent_are_clipped_and_zero_length_ones_ignored() {
    let t = trace(vec![
        span(1, None, "p", "parent", 10, 100),
        span(2, Some(1), "c", "overruns", 50, 150),
        span(3, Some(1), "c", "starts early", 0, 20),
        span(4, Some(1), "c", "instant", 30, 30),
        span(5, Some(1), "c", "after the parent", 120, 130),
    ]);
    // Trace runs 0–150, but no root covers 0–10 or 100–150, so that time has no segment.
    assert_eq!(path_ms(&t), vec![(3, 10, 20), (1, 20, 50), (2, 50, 100)]);
}

#[test]
fn orphans_are_walked_as_further_roots_and_gaps_left_unattributed() {
    let t = trace(vec![
        span(1, None, "a", "root", 0, 50),
        span(2, Some(1), "a", "child", 10, 40),
        span(3, Some(77), "b", "orphan", 60, 100),
    ]);
    assert_eq!(
        path_ms(&t),
        vec![(1, 0, 10), (2, 10, 40), (1, 40, 50), (3, 60, 100)]
    );
}

#[test]
fn empty_trace_has_an_empty_tree_and_path() {
    let tree = SpanTree::build(&[]);
    assert!(tree.is_empty());
    assert_eq!(tree.levels(), 0);
    assert_eq!(tree.main_root(&[]), None);
    let path = critical_path(&[], &tree);
    assert!(path.segments.is_empty());
    assert!(self_times(&[], &tree).is_empty());
}

#[test]
fn mismatched_tree_and_spans_do_not_panic() {
    let t = lab_trace(true);
    let tree = SpanTree::build(&t.spans);
    let fewer: Vec<Span> = t.spans[..2].to_vec();
    let path = critical_path(&fewer, &tree);
    assert!(path.segments.iter().all(|s| s.span_index < 2));
    assert_eq!(self_times(&fewer, &tree).len(), 2);
}

/// A 10,000-deep chain: span k (k = 1..=N) runs from k to 2N − k ms and is the parent of k + 1.
fn deep_chain(n: u64) -> Vec<Span> {
    (1..=n)
        .map(|k| {
            let parent = if k == 1 { None } else { Some(k - 1) };
            span(
                k,
                parent,
                if k % 2 == 0 { "even" } else { "odd" },
                "hop",
                k,
                2 * n - k + 1,
            )
        })
        .collect()
}

#[test]
fn a_ten_thousand_deep_chain_builds_without_recursion() {
    const N: u64 = 10_000;
    let spans = deep_chain(N);
    let tree = SpanTree::build(&spans);
    assert_eq!(tree.levels(), N as u32);
    assert_eq!(tree.depth(N as usize - 1), N as u32 - 1);
    assert_eq!(tree.preorder().len(), N as usize);
    let times = self_times(&spans, &tree);
    // Each span but the innermost has 1 ms of its own at each end; the innermost lasts 1 ms.
    assert!(times[..N as usize - 1].iter().all(|&t| t == 2 * MS));
    assert_eq!(times[N as usize - 1], MS);
    let path = critical_path(&spans, &tree);
    assert_eq!(path.span_indices.len(), N as usize);
    assert_eq!(path.segments.len(), 2 * N as usize - 1);
    assert_eq!(
        path.total_nanos(),
        (2 * N - 1) * MS,
        "the whole trace, 1 to 2N ms"
    );
}

#[test]
fn a_ten_thousand_wide_parallel_fan_out_has_a_one_child_path() {
    const N: u64 = 10_000;
    let mut spans = vec![span(1, None, "b", "GET /data", 0, N + 10)];
    // Child k runs k..k+5 ms in parallel with its neighbours; the last one ends at N + 5.
    spans.extend((1..=N).map(|k| span(k + 1, Some(1), "db", "SELECT", k, k + 5)));
    let t = trace(spans);
    let tree = SpanTree::build(&t.spans);
    let times = self_times(&t.spans, &tree);
    assert_eq!(
        times[idx(&t, 1)],
        (1 + 5) * MS,
        "0–1 and N+5–N+10 are the parent's own"
    );
    let path = critical_path(&t.spans, &tree);
    // Walking back hops over children that overlap, so every 5th child is on the path.
    assert_eq!(path.total_nanos(), (N + 10) * MS);
    assert_eq!(path.segments.last().map(|s| s.span_id), Some(SpanId(1)));
    assert!(path.span_indices.len() > 1 && path.span_indices.len() < N as usize);
}

/// Random, hostile traces: parents pointing anywhere (missing, self, cycles), duplicate ids,
/// ends before starts, timestamps near u64::MAX. Analysis must finish and keep its invariants.
#[test]
fn hostile_random_traces_never_panic_and_keep_invariants() {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use trace_playground::analysis::analyze;
    let mut rng = StdRng::seed_from_u64(7);
    for round in 0..300 {
        let n = rng.random_range(0..40u64);
        let base = if round % 3 == 0 { u64::MAX - 1_000 } else { 0 };
        let spans: Vec<Span> = (0..n)
            .map(|_| {
                let id = rng.random_range(0..n.max(1) + 2);
                let parent = match rng.random_range(0..4) {
                    0 => None,
                    _ => Some(rng.random_range(0..n.max(1) + 5)),
                };
                let mut s = span(
                    id,
                    parent,
                    ["a", "b", "c"][rng.random_range(0..3)],
                    "x",
                    0,
                    0,
                );
                s.start_unix_nano = base.saturating_add(rng.random_range(0..1_000));
                s.end_unix_nano = base.saturating_add(rng.random_range(0..1_000));
                if rng.random_bool(0.2) {
                    s = error_with_message(s, "e");
                }
                s
            })
            .collect();
        let t = trace(spans);
        let a = analyze(&t);
        let mut placed = a.tree.preorder().to_vec();
        placed.sort_unstable();
        assert_eq!(
            placed,
            (0..t.spans.len()).collect::<Vec<_>>(),
            "round {round}"
        );
        for (i, s) in t.spans.iter().enumerate() {
            assert!(a.self_times[i] <= s.duration_nanos(), "round {round}");
        }
        let segs = &a.critical_path.segments;
        assert!(segs
            .windows(2)
            .all(|w| w[0].end_unix_nano <= w[1].start_unix_nano));
        assert!(a.critical_path.total_nanos() <= t.duration_nanos());
        assert!(!a.verdict.sentence.is_empty());
        assert_eq!(
            a.verdict.error_origin.is_some(),
            t.error_count() > 0,
            "round {round}"
        );
    }
}
