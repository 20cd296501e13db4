//! The store's caps, eviction order, sharing and staging (`absorb`).

use super::*;
use crate::model::{Resource, Scope, SpanId, SpanKind, Status, TraceFlags};
use std::sync::Arc;

fn span(trace: u128, id: u64, start: u64) -> Span {
    Span {
        trace_id: TraceId(trace),
        span_id: SpanId(id),
        parent_span_id: None,
        flags: TraceFlags::SAMPLED,
        trace_state: String::new(),
        name: "op".into(),
        kind: SpanKind::Internal,
        start_unix_nano: start,
        end_unix_nano: start + 10,
        attributes: vec![],
        events: vec![],
        links: vec![],
        status: Status::default(),
        resource: Arc::new(Resource {
            service_name: "svc".into(),
            attributes: vec![],
            ..Default::default()
        }),
        scope: Arc::new(Scope {
            name: "s".into(),
            version: "".into(),
            ..Default::default()
        }),
        wire_headers: None,
    }
}

fn ids(store: &TraceStore) -> Vec<u128> {
    store.iter().map(|t| t.trace_id.0).collect()
}

#[test]
fn spans_group_into_traces_in_arrival_order() {
    let mut store = TraceStore::default();
    let out = store.add_spans(vec![span(2, 1, 50), span(1, 2, 10), span(2, 3, 20)]);
    assert_eq!(out.new_traces, vec![TraceId(2), TraceId(1)]);
    assert_eq!(ids(&store), vec![2, 1]);
    let t2 = store.get(TraceId(2)).expect("stored");
    assert_eq!(
        t2.spans.iter().map(|s| s.span_id.0).collect::<Vec<_>>(),
        vec![3, 1],
        "sorted by start"
    );
    assert_eq!(store.span_count(), 3);
}

#[test]
fn a_trace_arriving_in_pieces_is_joined_not_duplicated() {
    let mut store = TraceStore::default();
    store.add_spans(vec![span(7, 1, 100)]);
    let before = store.get(TraceId(7)).cloned().expect("stored");
    let out = store.add_spans(vec![span(7, 2, 50)]);
    assert!(out.new_traces.is_empty());
    assert_eq!(store.len(), 1);
    assert_eq!(store.get(TraceId(7)).map(|t| t.spans.len()), Some(2));
    assert_eq!(
        before.spans.len(),
        1,
        "a view holding the old Rc keeps its snapshot"
    );
}

#[test]
fn trace_cap_evicts_oldest_first_and_counts() {
    let mut store = TraceStore::new(StoreLimits {
        max_traces: 3,
        max_spans: 1_000,
    });
    store.add_spans((1..=5).map(|t| span(t, t as u64, 0)).collect());
    assert_eq!(ids(&store), vec![3, 4, 5]);
    assert_eq!((store.evicted_traces(), store.evicted_spans()), (2, 2));
    assert_eq!(store.get(TraceId(1)), None);
    assert!(
        store.get(TraceId(3)).is_some(),
        "positions stay right after eviction"
    );
    let out = store.add_spans(vec![span(6, 6, 0)]);
    assert_eq!((out.evicted_traces, store.evicted_traces()), (1, 3));
    assert_eq!(ids(&store), vec![4, 5, 6]);
}

#[test]
fn span_cap_evicts_until_under_but_keeps_the_newest_trace() {
    let mut store = TraceStore::new(StoreLimits {
        max_traces: 100,
        max_spans: 4,
    });
    store.add_spans(vec![
        span(1, 1, 0),
        span(1, 2, 0),
        span(2, 3, 0),
        span(2, 4, 0),
    ]);
    assert_eq!(store.evicted_traces(), 0, "exactly at the cap is fine");
    store.add_spans(vec![span(3, 5, 0)]);
    assert_eq!(ids(&store), vec![2, 3]);
    assert_eq!(store.span_count(), 3);
    let big: Vec<Span> = (10..20).map(|i| span(9, i, 0)).collect();
    store.add_spans(big);
    assert_eq!(ids(&store), vec![9], "one trace over the cap is still kept");
    assert_eq!(store.evicted_traces(), 3);
}

#[test]
fn evicted_new_traces_are_not_reported_as_new() {
    let mut store = TraceStore::new(StoreLimits {
        max_traces: 2,
        max_spans: 100,
    });
    let out = store.add_spans((1..=4).map(|t| span(t, t as u64, 0)).collect());
    assert_eq!(out.new_traces, vec![TraceId(3), TraceId(4)]);
    assert_eq!(out.evicted_traces, 2);
}

#[test]
fn lowering_limits_evicts_and_clear_resets_counts_but_not_revision() {
    let mut store = TraceStore::default();
    store.add_spans((1..=4).map(|t| span(t, t as u64, 0)).collect());
    let evicted = store.set_limits(StoreLimits {
        max_traces: 1,
        max_spans: 10,
    });
    assert_eq!((evicted, ids(&store)), (3, vec![4]));
    let rev = store.revision();
    store.clear();
    assert!(store.is_empty() && store.span_count() == 0 && store.evicted_traces() == 0);
    assert_ne!(store.revision(), rev, "views see the change");
    assert_eq!(store.limits().max_traces, 1, "limits survive a clear");
    store.add_spans(vec![span(1, 1, 0)]);
    assert_eq!(store.latest().map(|t| t.trace_id), Some(TraceId(1)));
}

#[test]
fn imports_and_empty_adds() {
    let mut store = TraceStore::default();
    let rev = store.revision();
    assert_eq!(store.add_spans(vec![]), AddOutcome::default());
    assert_eq!(store.revision(), rev, "nothing added, nothing changed");
    let out = store.add_traces(vec![Trace::new(TraceId(5), vec![span(5, 1, 0)])]);
    assert_eq!(out.new_traces, vec![TraceId(5)]);
    assert_eq!(store.to_vec().len(), 1);
}

#[test]
fn absorb_moves_a_staging_store_in_joining_known_traces() {
    let limits = StoreLimits {
        max_traces: 2,
        max_spans: 100,
    };
    let mut page = TraceStore::new(limits);
    page.add_spans(vec![span(1, 1, 0), span(2, 2, 0)]);
    let mut staged = TraceStore::new(StoreLimits {
        max_traces: 2,
        max_spans: 100,
    });
    staged.add_spans(vec![span(7, 7, 0), span(2, 3, 5), span(8, 8, 0)]);
    assert_eq!((ids(&staged), staged.evicted_traces()), (vec![2, 8], 1));
    let rev = page.revision();
    let out = page.absorb(staged);
    assert_eq!(
        ids(&page),
        vec![2, 8],
        "2 joined in place, 8 new, 1 evicted"
    );
    assert_eq!(page.get(TraceId(2)).map(|t| t.spans.len()), Some(2));
    assert_eq!(out.new_traces, vec![TraceId(8)]);
    assert_eq!(out.evicted_traces, 2, "7 in the stage, 1 here");
    assert_eq!(page.evicted_traces(), 2);
    assert_eq!(page.span_count(), 3);
    assert_ne!(page.revision(), rev);
    let mut over = TraceStore::new(StoreLimits {
        max_traces: 1,
        max_spans: 100,
    });
    over.add_spans(vec![span(1, 1, 0)]);
    let out = over.absorb(page.clone());
    assert_eq!(
        (ids(&over), out.evicted_traces),
        (vec![8], 4),
        "1 and 2 here, 2 there"
    );
    assert_eq!(over.evicted_spans(), 2 + 1 + 2);
}

#[test]
fn emptied_leaves_a_shared_store_untouched() {
    let mut store = TraceStore::new(StoreLimits {
        max_traces: 9,
        max_spans: 99,
    });
    store.add_spans(vec![span(1, 1, 0)]);
    let shared = Rc::new(store);
    let empty = shared.emptied();
    assert!(empty.is_empty() && empty.span_count() == 0);
    assert_eq!(empty.limits(), shared.limits());
    assert_ne!(empty.revision(), shared.revision());
    assert_eq!(shared.len(), 1, "the shared store still has its trace");
}

#[test]
fn map_spans_copies_traces_a_view_still_holds() {
    let mut store = TraceStore::default();
    store.add_spans(vec![span(1, 1, 100), span(1, 2, 200)]);
    let held = store.get(TraceId(1)).cloned().expect("stored");
    let rev = store.revision();
    store.map_spans(|s| s.start_unix_nano -= 50);
    let starts = |t: &Trace| {
        t.spans
            .iter()
            .map(|s| s.start_unix_nano)
            .collect::<Vec<_>>()
    };
    assert_eq!(starts(&held), vec![100, 200], "the view's snapshot");
    assert_eq!(
        store.get(TraceId(1)).map(|t| starts(t)),
        Some(vec![50, 150])
    );
    assert_ne!(store.revision(), rev);
    assert!(store.contains(TraceId(1)) && !store.contains(TraceId(2)));
}

/// Everything a view or the page reads of a store, to compare two of them.
fn contents(store: &TraceStore) -> (Vec<Trace>, u64, u64, u64) {
    let traces = store.iter().map(|t| (**t).clone()).collect();
    (
        traces,
        store.span_count(),
        store.evicted_traces(),
        store.evicted_spans(),
    )
}

#[test]
fn adding_whole_traces_equals_adding_their_spans() {
    let limits = StoreLimits {
        max_traces: 3,
        max_spans: 6,
    };
    let t = |id: u128, spans: Vec<Span>| Trace::new(TraceId(id), spans);
    let mut stray = span(9, 99, 5);
    stray.trace_id = TraceId(8);
    #[rustfmt::skip]
    let cases: Vec<(&str, Vec<Trace>)> = vec![
        ("new traces, in order", vec![t(1, vec![span(1, 1, 5), span(1, 2, 1)]), t(2, vec![span(2, 3, 0)])]),
        ("a trace already in the store is joined", vec![t(7, vec![span(7, 4, 1), span(7, 5, 100)])]),
        ("the same id twice in one import", vec![t(3, vec![span(3, 6, 9)]), t(4, vec![span(4, 7, 0)]), t(3, vec![span(3, 8, 2)])]),
        ("empty traces add nothing", vec![t(5, vec![]), t(6, vec![])]),
        ("over both caps: oldest evicted", vec![t(10, vec![span(10, 1, 0); 3]), t(11, vec![span(11, 2, 0); 4]), t(12, vec![span(12, 3, 0)])]),
        ("a span filed under another trace's id", vec![t(9, vec![span(9, 98, 1), stray])]),
    ];
    for (why, traces) in cases {
        let start = || {
            let mut s = TraceStore::new(limits);
            s.add_spans(vec![span(7, 1, 50)]);
            s
        };
        let (mut by_traces, mut by_spans) = (start(), start());
        let flat: Vec<Span> = traces.iter().flat_map(|t| t.spans.clone()).collect();
        let a = by_traces.add_traces(traces);
        let b = by_spans.add_spans(flat);
        assert_eq!(a, b, "{why}: outcome");
        assert_eq!(contents(&by_traces), contents(&by_spans), "{why}: contents");
        assert_eq!(
            by_traces.revision() == start().revision(),
            by_spans.revision() == start().revision(),
            "{why}: revision moves alike"
        );
    }
}
