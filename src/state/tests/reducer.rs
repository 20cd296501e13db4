use super::*;
use crate::model::{SpanId, TraceId};
use crate::state::driver::LoadJob;
use crate::state::{Page, SearchForm};
use crate::view::load::ArrivalKind;
use crate::view::load_history::RunStatus;

#[test]
fn an_instant_request_lands_at_once_and_ends_now() {
    let state = start(settings(Playback::Instant));
    let state = state.reduce(Action::SendRequest { now_unix_nano: NOW });
    assert_eq!(state.store.len(), 1);
    assert_eq!(state.page, Page::Trace);
    let trace = state.selected().expect("the new trace is open");
    assert_eq!(trace.spans.len(), 3);
    assert_eq!(state.status, "Request #0: 3 spans in one trace.");
    assert_eq!(
        latest_end(&state),
        NOW,
        "simulated ahead, placed back to end now"
    );
    assert_eq!((state.next_request, state.sampled_requests), (1, 1));
}

#[test]
fn a_real_time_request_is_in_flight_until_it_lands() {
    let state = start(settings(Playback::RealTime));
    let state = state.reduce(Action::SendRequest { now_unix_nano: NOW });
    let flight = state.in_flight.clone().expect("in flight");
    assert!(flight.duration_nanos > 0);
    assert!(state.store.is_empty());
    assert_eq!(state.status, "Request #0 in flight…");
    let busy = Rc::clone(&state).reduce(Action::SendRequest { now_unix_nano: NOW });
    assert!(Rc::ptr_eq(&busy, &state), "one request at a time");
    let stale = Rc::clone(&state).reduce(Action::Land {
        ticket: flight.ticket + 1,
        now_unix_nano: NOW,
    });
    assert!(Rc::ptr_eq(&stale, &state), "another ticket changes nothing");
    // The timer fires after the simulated duration: the spans keep their own times.
    let landed_at = NOW + flight.duration_nanos;
    let landed = state.reduce(Action::Land {
        ticket: flight.ticket,
        now_unix_nano: landed_at,
    });
    assert!(landed.in_flight.is_none());
    let first_start = landed.selected().map(|t| t.start_unix_nano());
    assert_eq!(first_start, Some(NOW), "real time is not shifted");
    assert_eq!(latest_end(&landed), landed_at);
}

#[test]
fn a_timer_that_fires_early_still_lands_nothing_in_the_future() {
    let state =
        start(settings(Playback::RealTime)).reduce(Action::SendRequest { now_unix_nano: NOW });
    let flight = state.in_flight.clone().expect("in flight");
    let early = NOW + flight.duration_nanos - 400_000;
    let state = state.reduce(Action::Land {
        ticket: flight.ticket,
        now_unix_nano: early,
    });
    assert_eq!(latest_end(&state), early);
}

#[test]
fn the_same_link_and_clicks_give_the_same_traces() {
    let ids = |state: &State| -> Vec<TraceId> { state.store.iter().map(|t| t.trace_id).collect() };
    let clicks = || {
        (0..3).map(|k| Action::SendRequest {
            now_unix_nano: NOW + k * SECOND,
        })
    };
    let a = run(start(settings(Playback::Instant)), clicks());
    let b = run(start(settings(Playback::Instant)), clicks());
    assert_eq!(ids(&a).len(), 3);
    assert_eq!(ids(&a), ids(&b));
    // Request 0 of seed 7 is the same trace whatever came before it under another seed.
    let other = Settings {
        seed: 8,
        ..settings(Playback::Instant)
    };
    let c = run(start(other), clicks());
    assert_eq!(c.next_request, 3);
    let c = c.reduce(Action::SetSettings(settings(Playback::Instant)));
    assert_eq!(c.next_request, 0, "a new seed numbers requests from 0");
    let c = c.reduce(Action::SendRequest { now_unix_nano: NOW });
    assert_eq!(c.selected_trace, ids(&a).first().copied());
}

#[test]
fn a_load_run_is_stored_when_it_ends_placed_before_that_moment() {
    let mut s = settings(Playback::Instant);
    s.requests = 30;
    s.load.arrival = ArrivalKind::Constant;
    s.load.rate_rps = 2.0; // 30 requests over about 15 s of virtual time
    let state = start(s).reduce(Action::StartLoad { now_unix_nano: NOW });
    let load = state.load.clone().expect("running");
    assert_eq!((load.done, load.total), (0, 30));
    assert_eq!(state.status, "Running 30 requests…");
    // 30 requests fit the first chunk: the run ends with it, at NOW + 1 ns of wall time.
    let finished_at = NOW + 1;
    let state = state.reduce(Action::LoadChunk {
        ticket: load.ticket,
        now_unix_nano: finished_at,
    });
    assert!(state.load.is_none());
    assert_eq!(state.store.len(), 30);
    assert_eq!(state.status, "Ran 30 requests; the store holds 30 traces.");
    assert_eq!(latest_end(&state), finished_at, "ends then, not 15 s later");
    let run = state.load_history.latest().expect("a run");
    assert_eq!((run.status, run.kept()), (RunStatus::Finished, 30));
    assert!(run.records().all(|r| r.end_unix_nano() <= finished_at));
}

#[test]
fn a_cancelled_load_keeps_what_it_simulated_placed_at_the_cancel() {
    let mut s = settings(Playback::Instant);
    s.requests = 2_000;
    let state = start(s).reduce(Action::StartLoad { now_unix_nano: NOW });
    let ticket = state.load.as_ref().map(|l| l.ticket).expect("running");
    let state = state.reduce(Action::LoadChunk {
        ticket,
        now_unix_nano: NOW + 1,
    });
    let done = state.load.as_ref().map(|l| l.done).expect("still running");
    assert!(done > 0 && done < 2_000);
    assert!(state.store.is_empty(), "held back until placed");
    let cancel_at = NOW + 2;
    let state = state.reduce(Action::CancelLoad {
        now_unix_nano: cancel_at,
    });
    assert!(state.load.is_none());
    assert_eq!(state.store.len() as u32, done);
    assert_eq!(
        state.status,
        format!("Load cancelled after {done} of 2,000 requests.")
    );
    assert!(latest_end(&state) <= cancel_at);
    let run = state.load_history.latest().map(|r| r.status);
    assert_eq!(run, Some(RunStatus::Cancelled));
}

#[test]
fn clear_traces_stops_a_run_and_empties_the_store() {
    let state = start(settings(Playback::Instant))
        .reduce(Action::SendRequest { now_unix_nano: NOW })
        .reduce(Action::StartLoad { now_unix_nano: NOW });
    let state = state.reduce(Action::ClearTraces);
    assert!(state.store.is_empty() && state.load.is_none());
    assert_eq!((state.selected_trace, state.page), (None, Page::Search));
    assert_eq!(state.status, "Traces cleared.");
    let run = state.load_history.latest().map(|r| r.status);
    assert_eq!(run, Some(RunStatus::Cancelled));
    let again = Rc::clone(&state).reduce(Action::ClearTraces);
    assert!(Rc::ptr_eq(&again, &state), "nothing left to clear");
}

#[test]
fn actions_that_change_nothing_return_the_same_state() {
    let state =
        start(settings(Playback::Instant)).reduce(Action::SendRequest { now_unix_nano: NOW });
    let trace = state.selected_trace.expect("open");
    let noops = vec![
        Action::ShowPage(state.page),
        Action::SetSearch(SearchForm::default()),
        Action::SetSettings(state.settings.clone()),
        Action::DismissNotice(999),
        Action::OpenTrace(trace),
        Action::OpenTrace(TraceId(12345)),
        Action::SelectSpan(None),
        Action::SelectSpan(Some(SpanId(12345))),
        Action::AddNotices(vec![]),
        Action::ImportTraces(vec![]),
        Action::CancelLoad { now_unix_nano: NOW },
        Action::LoadChunk {
            ticket: 1,
            now_unix_nano: NOW,
        },
        Action::ClearLoadHistory,
    ];
    for action in noops {
        let label = format!("{action:?}");
        let next = Rc::clone(&state).reduce(action);
        assert!(Rc::ptr_eq(&next, &state), "{label}");
    }
}

#[test]
fn the_store_is_shared_until_an_action_changes_it() {
    let state =
        start(settings(Playback::Instant)).reduce(Action::SendRequest { now_unix_nano: NOW });
    let next = Rc::clone(&state).reduce(Action::ShowPage(Page::Search));
    assert_eq!(next.version, state.version + 1);
    assert!(
        Rc::ptr_eq(&next.store, &state.store),
        "a page change copies a pointer"
    );
    let more = Rc::clone(&next).reduce(Action::SendRequest {
        now_unix_nano: NOW + SECOND,
    });
    assert_eq!(
        (next.store.len(), more.store.len()),
        (1, 2),
        "copy on write"
    );
}

#[test]
fn evicting_the_open_trace_closes_it() {
    let send = |k: u64| Action::SendRequest {
        now_unix_nano: NOW + k * SECOND,
    };
    let state = run(start(settings(Playback::Instant)), [send(0), send(1)]);
    let first = state
        .store
        .iter()
        .next()
        .map(|t| t.trace_id)
        .expect("two traces");
    let state = state.reduce(Action::OpenTrace(first));
    let span = state.selected().map(|t| t.spans[1].span_id);
    let state = state.reduce(Action::SelectSpan(span));
    assert_eq!(
        (state.selected_trace, state.selected_span),
        (Some(first), span)
    );

    // Lower caps evict the oldest trace, the open one.
    let mut tight = state.settings.clone();
    tight.load.store_traces = 1;
    let state = state.reduce(Action::SetSettings(tight));
    assert_eq!(state.store.len(), 1);
    assert_eq!((state.selected_trace, state.selected_span), (None, None));
    let same = Rc::clone(&state).reduce(Action::OpenTrace(first));
    assert!(
        Rc::ptr_eq(&same, &state),
        "an evicted trace cannot be opened"
    );

    // So do new traces: an import pushes out the trace a request opened.
    let state = state.reduce(send(2));
    assert!(state.selected_trace.is_some());
    let imported = LoadJob::new(&Default::default(), 99, 0, 1, NOW)
        .expect("valid")
        .advance(1)
        .spans;
    let state = state.reduce(Action::ImportTraces(crate::model::Trace::group(imported)));
    assert_eq!(state.status, "Imported 1 traces.");
    assert_eq!((state.selected_trace, state.selected_span), (None, None));
}

#[test]
fn notices_are_added_and_dismissed_by_id() {
    let state = Rc::new(State::new(
        Settings::default(),
        vec!["from the link".into()],
    ));
    let state = state.reduce(Action::AddNotices(vec!["a".into(), "b".into()]));
    let ids: Vec<u64> = state.notices.iter().map(|n| n.id).collect();
    assert_eq!(ids.len(), 3);
    let state = state.reduce(Action::DismissNotice(ids[1]));
    let texts: Vec<&str> = state.notices.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, vec!["from the link", "b"]);
}

#[test]
fn a_bad_setting_becomes_a_notice_not_a_panic() {
    let mut s = settings(Playback::Instant);
    s.lab.error_rate_percent = f64::NAN;
    let state = start(s).reduce(Action::SendRequest { now_unix_nano: NOW });
    assert_eq!(state.notices.len(), 1);
    assert!(state.store.is_empty());
    assert_eq!(state.next_request, 0, "no request number was used");
}

#[test]
fn a_load_in_several_chunks_stores_nothing_until_it_ends() {
    let mut s = settings(Playback::Instant);
    s.requests = 120;
    s.lab.fan_out = 10; // 43 spans a request: 50 requests first, then the rest
    let state = start(s).reduce(Action::StartLoad { now_unix_nano: NOW });
    let ticket = state.load.as_ref().map(|l| l.ticket).expect("running");
    let state = state.reduce(Action::LoadChunk {
        ticket,
        now_unix_nano: NOW + 1,
    });
    assert_eq!(state.load.as_ref().map(|l| l.done), Some(50));
    assert_eq!(state.sampled_requests, 50, "counts move with the run");
    assert!(state.store.is_empty(), "traces wait for the run's end");
    let state = finish_load(state, NOW + 1);
    assert_eq!(state.store.len(), 120);
    assert_eq!(state.store.span_count(), 120 * 43);
    let end = latest_end(&state);
    assert!(end > NOW && end <= NOW + 10, "ends at the last chunk's now");
}
