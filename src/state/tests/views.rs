//! The trace views' actions (issue 13): tabs, highlights, comparison ticks, a search narrowed
//! to a service map edge's traces, and deep links to a span; plus a random sequence test of
//! the invariants `settle_views` keeps.

use super::{run, settings, start, Action, State, NOW, SECOND};
use crate::model::{SpanId, TraceId};
use crate::state::search::find;
use crate::state::views::{Highlight, TraceSet, TraceTab};
use crate::state::Page;
use crate::view::url::{Playback, Settings};
use std::rc::Rc;

fn send(state: Rc<State>, n: u64) -> Rc<State> {
    run(
        state,
        (0..n).map(|k| Action::SendRequest {
            now_unix_nano: NOW + k * SECOND,
        }),
    )
}

fn open_span(state: &State, name: &str) -> SpanId {
    let trace = state.selected().expect("a trace is open");
    let span = trace.spans.iter().find(|s| s.name == name);
    span.expect("the span is in the trace").span_id
}

fn highlight(spans: Vec<SpanId>) -> Highlight {
    Highlight {
        label: "test spans".into(),
        spans,
    }
}

#[test]
fn a_tab_is_shown_and_kept_for_the_next_trace() {
    let state = send(start(settings(Playback::Instant)), 1);
    assert_eq!(state.views.tab, TraceTab::Timeline);
    let state = state.reduce(Action::ShowTraceTab(TraceTab::Flame));
    assert_eq!(state.views.tab, TraceTab::Flame);
    let same = Rc::clone(&state).reduce(Action::ShowTraceTab(TraceTab::Flame));
    assert!(
        Rc::ptr_eq(&same, &state),
        "the shown tab again changes nothing"
    );
    let state = send(state, 1);
    assert_eq!(state.views.tab, TraceTab::Flame, "the view stays chosen");
}

#[test]
fn a_highlight_shows_the_timeline_and_goes_with_its_trace() {
    let empty = start(settings(Playback::Instant));
    let nothing = Rc::clone(&empty).reduce(Action::Highlight(Some(highlight(vec![]))));
    assert!(
        Rc::ptr_eq(&nothing, &empty),
        "no open trace, nothing to highlight"
    );

    let state = send(empty, 1).reduce(Action::ShowTraceTab(TraceTab::Graph));
    let data = open_span(&state, "GET /data");
    let state = state.reduce(Action::Highlight(Some(highlight(vec![data]))));
    assert_eq!(state.views.tab, TraceTab::Timeline);
    assert_eq!(state.views.highlight, Some(highlight(vec![data])));
    assert!(state.status.contains("test spans"), "{}", state.status);
    let cleared = Rc::clone(&state).reduce(Action::Highlight(None));
    assert_eq!(cleared.views.highlight, None);

    let first = state.selected_trace.expect("open");
    let state = send(state, 1);
    assert_ne!(state.selected_trace, Some(first));
    assert_eq!(state.views.highlight, None, "another trace, no highlight");
    let state = state
        .reduce(Action::Highlight(Some(highlight(vec![data]))))
        .reduce(Action::ClearTraces);
    assert_eq!(state.views.highlight, None);
}

#[test]
fn two_stored_traces_are_ticked_and_evicted_ones_untick() {
    let mut s = settings(Playback::Instant);
    s.load.store_traces = 3;
    let state = send(start(s), 3);
    let ids: Vec<TraceId> = state.store.iter().map(|t| t.trace_id).collect();
    let unknown = Rc::clone(&state).reduce(Action::TickCompare(TraceId(7), true));
    assert!(Rc::ptr_eq(&unknown, &state), "a trace not in the store");
    let state = run(state, ids.iter().map(|&id| Action::TickCompare(id, true)));
    assert_eq!(
        state.views.compare,
        ids[1..].to_vec(),
        "the last two ticked"
    );
    let state = state.reduce(Action::TickCompare(ids[1], false));
    assert_eq!(state.views.compare, vec![ids[2]]);
    let state = state.reduce(Action::ShowPage(Page::Compare));
    assert_eq!(state.page, Page::Compare);
    // Three more requests evict every ticked trace (the store keeps 3).
    let state = send(state, 3);
    assert!(state.views.compare.is_empty(), "{:?}", state.views.compare);
}

#[test]
fn a_trace_set_narrows_the_search_until_cleared() {
    let state = send(start(settings(Playback::Instant)), 4);
    let ids: Vec<TraceId> = state.store.iter().map(|t| t.trace_id).collect();
    let set = TraceSet::new("calls service-a → service-b", [ids[0], ids[2]]);
    let state = state.reduce(Action::SearchTraces(set.clone()));
    assert_eq!(state.page, Page::Search);
    assert!(state.status.contains("2 traces"), "{}", state.status);
    let found = find(&state.store, &state.search, 0);
    let mut shown: Vec<TraceId> = found.shown.iter().map(|s| s.trace_id).collect();
    shown.sort();
    let mut expected = vec![ids[0], ids[2]];
    expected.sort();
    assert_eq!(shown, expected);
    let again = Rc::clone(&state).reduce(Action::SearchTraces(set));
    assert!(Rc::ptr_eq(&again, &state));
    let mut form = state.search.clone();
    form.only = None;
    let state = state.reduce(Action::SetSearch(form));
    assert_eq!(find(&state.store, &state.search, 0).shown.len(), 4);
}

/// The span id of `name` in the trace of request `request` under seed 7.
fn span_of_request(request: u64, name: &str) -> SpanId {
    let state = send(start(settings(Playback::Instant)), request + 1);
    open_span(&state, name)
}

#[test]
fn a_link_to_a_span_opens_it_when_its_trace_arrives() {
    let target = span_of_request(1, "GET /data");
    let linked = Settings {
        span: Some(target),
        ..settings(Playback::Instant)
    };
    let state = start(linked);
    assert_eq!(state.views.pending_link, Some(target));
    let state = send(state, 1);
    assert_eq!(state.selected_span, None, "request 0 does not hold it");
    assert_eq!(
        state.settings.span,
        Some(target),
        "still in the address bar"
    );
    let state = send(state, 1);
    assert_eq!(state.selected_span, Some(target));
    assert_eq!(state.page, Page::Trace);
    assert_eq!(state.views.pending_link, None);
    assert_eq!(state.settings.span, Some(target));
}

#[test]
fn the_selected_span_is_the_link_and_a_new_link_is_followed_in_the_store() {
    let state = send(start(settings(Playback::Instant)), 2);
    let root = open_span(&state, "GET /");
    let state = state.reduce(Action::SelectSpan(Some(root)));
    assert_eq!(state.settings.span, Some(root), "selecting writes the link");
    let state = state.reduce(Action::SelectSpan(None));
    assert_eq!(state.settings.span, None, "closing the detail removes it");

    let older = span_of_request(0, "GET /data");
    let linked = Settings {
        span: Some(older),
        ..state.settings.clone()
    };
    let state = state.reduce(Action::SetSettings(linked));
    assert_eq!(
        state.selected_span,
        Some(older),
        "the stored trace is opened"
    );
    assert_eq!(state.views.pending_link, None);
}

#[test]
fn an_import_holding_the_linked_span_opens_it() {
    let source = send(start(settings(Playback::Instant)), 1);
    let target = open_span(&source, "GET /data");
    let traces: Vec<crate::model::Trace> = source.store.iter().map(|t| (**t).clone()).collect();
    let linked = Settings {
        span: Some(target),
        ..settings(Playback::Instant)
    };
    let state = start(linked).reduce(Action::ImportTraces(traces));
    assert_eq!(
        (state.page, state.selected_span),
        (Page::Trace, Some(target))
    );
}

#[test]
fn a_link_to_a_span_of_the_last_visit_opens_when_its_traces_are_restored() {
    let source = send(start(settings(Playback::Instant)), 2);
    let target = span_of_request(0, "GET /data");
    let restored = crate::state::persist::Restored {
        seed: 7,
        next_request: 2,
        sampled_requests: 2,
        dropped_requests: 0,
        traces: source.store.iter().map(|t| (**t).clone()).collect(),
        history: Default::default(),
    };
    let linked = Settings {
        span: Some(target),
        ..settings(Playback::Instant)
    };
    let state = start(linked).reduce(Action::Restore(Box::new(restored)));
    assert_eq!(
        (state.page, state.selected_span),
        (Page::Trace, Some(target))
    );
    assert_eq!(state.settings.span, Some(target));
}

/// SplitMix64, as in the property test.
fn next(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[test]
fn random_view_actions_keep_the_views_consistent() {
    for sequence in 0..60u64 {
        let mut seed = sequence;
        let mut s = settings(Playback::Instant);
        s.load.store_traces = 1 + (next(&mut seed) % 4) as u32;
        let mut state = start(s);
        for step in 0..40u64 {
            let now = NOW + step * SECOND;
            let stored: Vec<TraceId> = state.store.iter().map(|t| t.trace_id).collect();
            let pick = |r: u64| stored.get(r as usize % stored.len().max(1)).copied();
            let spans: Vec<SpanId> = state
                .selected()
                .map(|t| t.spans.iter().map(|s| s.span_id).collect())
                .unwrap_or_default();
            let r = next(&mut seed);
            let action = match r % 9 {
                0 | 1 => Action::SendRequest { now_unix_nano: now },
                2 => Action::TickCompare(pick(r >> 8).unwrap_or(TraceId(9)), r & 256 == 0),
                3 => Action::ShowTraceTab(TraceTab::ALL[(r >> 8) as usize % 6]),
                4 => Action::Highlight(Some(highlight(spans.clone()))),
                5 => Action::SelectSpan(spans.get((r >> 8) as usize % spans.len().max(1)).copied()),
                6 => Action::OpenTrace(pick(r >> 8).unwrap_or(TraceId(9))),
                7 => Action::SearchTraces(TraceSet::new("some", stored.iter().copied())),
                _ => Action::ClearTraces,
            };
            let context = format!("sequence {sequence} step {step} {action:?}");
            state = state.reduce(action);
            let v = &state.views;
            assert!(v.compare.len() <= 2, "{context}");
            assert!(
                v.compare.iter().all(|id| state.store.contains(*id)),
                "{context}"
            );
            assert!(
                v.highlight.is_none() || state.selected_trace.is_some(),
                "{context}"
            );
            assert_eq!(
                state.settings.span,
                state.selected_span.or(v.pending_link),
                "{context}: the link is what is shown"
            );
        }
    }
}
