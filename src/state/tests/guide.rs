//! The Lab guide through the reducer (issue 14): each step ticked by the actions a learner takes
//! on the page, and not by the ones that stop short of it. Skips, Start over and the panel are in
//! `guide_panel.rs`.

use super::*;
use crate::guide::{GuideId, StepId, StepStatus, Why200};
use crate::model::{SpanId, SpanKind};
use crate::sim::SamplerKind;
use crate::state::{GuideAction, HeaderInspectorInput, Page, SearchForm};

pub(super) fn instant() -> Rc<State> {
    start(settings(Playback::Instant))
}

pub(super) fn send(state: Rc<State>) -> Rc<State> {
    state.reduce(Action::SendRequest { now_unix_nano: NOW })
}

pub(super) fn with_lab(
    state: Rc<State>,
    change: impl FnOnce(&mut crate::sim::LabOptions),
) -> Rc<State> {
    let mut s = state.settings.clone();
    change(&mut s.lab);
    state.reduce(Action::SetSettings(s))
}

pub(super) fn search(state: Rc<State>, change: impl FnOnce(&mut SearchForm)) -> Rc<State> {
    let mut form = state.search.clone();
    change(&mut form);
    state
        .reduce(Action::ShowPage(Page::Search))
        .reduce(Action::SetSearch(form))
}

pub(super) fn guide(state: Rc<State>, action: GuideAction) -> Rc<State> {
    state.reduce(Action::Guide(action))
}

fn done(state: &State, step: StepId) -> bool {
    state.guide.progress.status(step) == StepStatus::Done
}

/// The open trace's span of `service` and `kind`.
fn span_of(state: &State, service: &str, kind: SpanKind) -> SpanId {
    let trace = state.selected().expect("a trace is open");
    trace
        .spans
        .iter()
        .find(|s| s.service_name() == service && s.kind == kind)
        .map(|s| s.span_id)
        .expect("the span is in the trace")
}

#[test]
fn step_1_is_ticked_by_the_request_that_makes_a_trace() {
    let state = instant();
    assert!(!done(&state, StepId::SendRequest));
    let unsampled = with_lab(Rc::clone(&state), |l| l.sampler = SamplerKind::AlwaysOff);
    let unsampled = send(unsampled);
    assert!(!done(&unsampled, StepId::SendRequest), "no spans, no trace");
    let sent = send(state);
    assert!(done(&sent, StepId::SendRequest));
    // Send request also opens its trace: step 3 is seen done in the same click.
    assert!(done(&sent, StepId::OpenTrace));
    assert_eq!(
        sent.guide.progress.summary(GuideId::Lab),
        "2 of 9 steps done"
    );
    let request = sent.guide.last_request.expect("recorded");
    assert_eq!((request.traces, request.propagated), (1, true));
}

#[test]
fn a_real_time_request_counts_with_the_settings_it_was_sent_with() {
    let state = start(settings(Playback::RealTime));
    let state = send(state);
    let ticket = state
        .in_flight
        .as_ref()
        .map(|f| f.ticket)
        .expect("in flight");
    // Switched off while the request plays: it was still sent with context.
    let state = with_lab(state, |l| l.propagate = false);
    let state = state.reduce(Action::Land {
        ticket,
        now_unix_nano: NOW + 10 * SECOND,
    });
    assert_eq!(state.guide.last_request.map(|r| r.propagated), Some(true));
    assert!(done(&state, StepId::SendRequest));
}

#[test]
fn step_2_needs_a_search_for_service_a_that_finds_traces() {
    let state = send(instant());
    let other = search(Rc::clone(&state), |f| f.service = "service-b".into());
    assert!(!done(&other, StepId::FindTraces), "another service");
    let nothing = search(Rc::clone(&state), |f| {
        f.service = "service-a".into();
        f.min_duration = "1h".into();
    });
    assert_eq!(
        nothing.guide.last_search.as_ref().map(|s| s.results),
        Some(0)
    );
    assert!(!done(&nothing, StepId::FindTraces), "found nothing");
    let found = search(state, |f| f.service = "service-a".into());
    assert_eq!(found.guide.last_search.as_ref().map(|s| s.results), Some(1));
    assert!(done(&found, StepId::FindTraces));
}

#[test]
fn step_3_is_ticked_when_a_trace_is_open() {
    // Imported traces are listed, not opened.
    let traces = send(instant())
        .store
        .iter()
        .map(|t| (**t).clone())
        .collect();
    let state = instant().reduce(Action::ImportTraces(traces));
    assert!(done(&state, StepId::SendRequest) && !done(&state, StepId::OpenTrace));
    let id = state
        .store
        .iter()
        .next()
        .map(|t| t.trace_id)
        .expect("imported");
    let state = state.reduce(Action::OpenTrace(id));
    assert!(done(&state, StepId::OpenTrace));
}

#[test]
fn step_4_checks_the_pick_against_the_open_trace() {
    let state = send(instant());
    let trace = state.selected_trace.expect("open");
    let wrong = guide(
        Rc::clone(&state),
        GuideAction::AnswerBottleneck {
            trace,
            service: "service-a".into(),
        },
    );
    assert!(!done(&wrong, StepId::NameBottleneck));
    let answer = &wrong
        .guide
        .answers
        .bottleneck
        .as_ref()
        .expect("kept")
        .answer;
    assert!(
        answer.explanation.starts_with("Not this time"),
        "{answer:?}"
    );
    let right = guide(
        wrong,
        GuideAction::AnswerBottleneck {
            trace,
            service: "service-b".into(),
        },
    );
    assert!(done(&right, StepId::NameBottleneck));
    assert_eq!(
        right.guide.last_done,
        Some(StepId::NameBottleneck),
        "kept in view"
    );
    let answer = &right
        .guide
        .answers
        .bottleneck
        .as_ref()
        .expect("kept")
        .answer;
    assert!(
        answer.explanation.starts_with("Right: service-b took"),
        "{answer:?}"
    );
    assert_eq!(
        right.guide_facts().bottleneck_pick,
        None,
        "ticked: the answer is not analysed again"
    );
}

#[test]
fn an_answer_about_another_trace_does_not_tick_step_4() {
    let state = send(instant());
    let first = state.selected_trace.expect("open");
    let state = send(state);
    let state = guide(
        state,
        GuideAction::AnswerBottleneck {
            trace: first,
            service: "service-b".into(),
        },
    );
    assert!(state
        .guide
        .answers
        .bottleneck
        .as_ref()
        .is_some_and(|c| c.answer.correct));
    assert!(
        !done(&state, StepId::NameBottleneck),
        "the open trace is another"
    );
    let unknown = guide(
        Rc::clone(&state),
        GuideAction::AnswerBottleneck {
            trace: crate::model::TraceId(7),
            service: "service-b".into(),
        },
    );
    assert!(
        Rc::ptr_eq(&unknown, &state),
        "a trace not in the store changes nothing"
    );
}

#[test]
fn step_5_needs_heavy_calc_on_and_a_trace_with_it_open() {
    let plain = send(instant());
    let switched_on_after = with_lab(Rc::clone(&plain), |l| l.heavy_calc = true);
    assert!(
        !done(&switched_on_after, StepId::HeavyCalc),
        "the open trace has none"
    );
    let state = send(switched_on_after);
    assert!(done(&state, StepId::HeavyCalc));
    let state = with_lab(state, |l| l.heavy_calc = false);
    assert!(
        done(&state, StepId::HeavyCalc),
        "a tick stays when the switch goes off"
    );
}

#[test]
fn step_6_error_trace_red_spans_and_why_200() {
    let state = with_lab(instant(), |l| {
        l.random_500s = true;
        l.error_rate_percent = 100.0;
    });
    let state = send(state);
    let trace = state.selected_trace.expect("open");
    // The error trace is open, but not found with Errors only yet.
    let state = search(state, |f| f.service = "service-a".into());
    let state = state.reduce(Action::OpenTrace(trace));
    assert!(!state
        .guide
        .progress
        .is_part_done(crate::guide::Part::ErrorTraceFound));
    let state = search(state, |f| f.errors_only = true).reduce(Action::OpenTrace(trace));
    assert!(state
        .guide
        .progress
        .is_part_done(crate::guide::Part::ErrorTraceFound));

    let b_server = span_of(&state, "service-b", SpanKind::Server);
    let a_client = span_of(&state, "service-a", SpanKind::Client);
    let a_server = span_of(&state, "service-a", SpanKind::Server);
    let too_many = guide(
        Rc::clone(&state),
        GuideAction::AnswerRedSpans {
            trace,
            spans: vec![b_server, a_client, a_server],
        },
    );
    assert!(!too_many
        .guide
        .progress
        .is_part_done(crate::guide::Part::RedSpansNamed));
    let red = guide(
        too_many,
        GuideAction::AnswerRedSpans {
            trace,
            spans: vec![a_client, b_server, a_client],
        },
    );
    assert!(red
        .guide
        .progress
        .is_part_done(crate::guide::Part::RedSpansNamed));
    assert_eq!(
        red.guide.answers.red_spans.as_ref().map(|c| c.pick.len()),
        Some(2),
        "kept sorted, without the repeat"
    );
    assert!(!done(&red, StepId::RandomErrors), "one question left");
    let wrong = guide(
        red,
        GuideAction::AnswerWhy200(Why200::StatusTravelsInTraceparent),
    );
    assert!(!done(&wrong, StepId::RandomErrors));
    let right = guide(wrong, GuideAction::AnswerWhy200(Why200::AAnswered200));
    assert!(done(&right, StepId::RandomErrors));
}

#[test]
fn step_7_decoding_what_b_received_then_a_split_trace() {
    let state = send(instant());
    let b_server = span_of(&state, "service-b", SpanKind::Server);
    let a_server = span_of(&state, "service-a", SpanKind::Server);
    let root = state.reduce(Action::SelectSpan(Some(a_server)));
    assert!(
        !root
            .guide
            .progress
            .is_part_done(crate::guide::Part::TraceparentDecoded),
        "A's server span received no traceparent"
    );
    let state = root.reduce(Action::SelectSpan(Some(b_server)));
    assert!(state
        .guide
        .progress
        .is_part_done(crate::guide::Part::TraceparentDecoded));
    assert!(!done(&state, StepId::Propagation));
    let state = with_lab(state, |l| l.propagate = false);
    let state = send(state);
    assert_eq!(state.guide.last_request.map(|r| r.traces), Some(2));
    assert!(done(&state, StepId::Propagation));
}

#[test]
fn step_7_a_traceparent_pasted_into_the_inspector_counts_too() {
    let state = send(instant());
    let header = crate::guide::received_traceparents(state.selected().expect("open"))
        .first()
        .map(|(_, value)| value.to_string())
        .expect("B received one");
    let example = state.reduce(Action::ShowPage(Page::HeaderInspector));
    let example = example.reduce(Action::SetHeaderInspector(HeaderInspectorInput {
        picked: None,
        text: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03".into(),
    }));
    assert!(!example
        .guide
        .progress
        .is_part_done(crate::guide::Part::TraceparentDecoded));
    let pasted = example
        .clone()
        .reduce(Action::SetHeaderInspector(HeaderInspectorInput {
            picked: None,
            text: format!(" {header}\n"),
        }));
    assert!(pasted
        .guide
        .progress
        .is_part_done(crate::guide::Part::TraceparentDecoded));
    // Pasted as a header line, from span detail or a log, it counts too.
    let named = example.reduce(Action::SetHeaderInspector(
        HeaderInspectorInput::header_line("traceparent", &header),
    ));
    assert!(named
        .guide
        .progress
        .is_part_done(crate::guide::Part::TraceparentDecoded));
}

/// Seed 7's first 20 requests at ratio 0.5 keep 4 to 16 (the check's three standard
/// deviations); the assertion on the tally says so if the simulator's ids ever change.
#[test]
fn step_8_twenty_requests_at_half_then_a_whole_trace() {
    let state = with_lab(instant(), |l| {
        l.sampler = SamplerKind::ParentBasedTraceIdRatio;
        l.sampling_ratio = 0.5;
    });
    let mut s = state.settings.clone();
    s.requests = 19;
    let state = state.reduce(Action::SetSettings(s));
    let state = finish_load(state.reduce(Action::StartLoad { now_unix_nano: NOW }), NOW);
    assert_eq!(state.guide.sampling.requests, 19);
    assert!(!done(&state, StepId::Sampling), "19 is not 20");
    let state = send(state);
    let tally = state.guide.sampling;
    assert_eq!(tally.requests, 20);
    assert!((4..=16).contains(&tally.kept), "{tally:?}");
    assert!(state
        .guide
        .progress
        .is_part_done(crate::guide::Part::SampledAboutHalf));
    // The last request may have been dropped; open a kept trace from the store.
    let kept = state
        .store
        .iter()
        .next()
        .map(|t| t.trace_id)
        .expect("some kept");
    let state = state.reduce(Action::OpenTrace(kept));
    assert!(done(&state, StepId::Sampling));
}

#[test]
fn a_sampler_change_mid_run_does_not_change_what_the_run_counts_under() {
    let state = with_lab(instant(), |l| {
        l.sampler = SamplerKind::TraceIdRatio;
        l.sampling_ratio = 0.5;
    });
    let mut s = state.settings.clone();
    s.requests = 300;
    let state = state
        .reduce(Action::SetSettings(s))
        .reduce(Action::StartLoad { now_unix_nano: NOW });
    let ticket = state.load.as_ref().map(|l| l.ticket).expect("running");
    let state = state.reduce(Action::LoadChunk {
        ticket,
        now_unix_nano: NOW + 1,
    });
    let state = with_lab(state, |l| l.sampling_ratio = 1.0);
    let state = finish_load(state, NOW + 2);
    let tally = state.guide.sampling;
    assert_eq!((tally.ratio, tally.requests), (0.5, 300));
}

#[test]
fn step_9_is_ticked_by_spans_the_collector_accepted() {
    let state = instant();
    let none = guide(Rc::clone(&state), GuideAction::SpansAccepted(0));
    assert!(Rc::ptr_eq(&none, &state), "nothing accepted: no change");
    let state = guide(state, GuideAction::SpansAccepted(3));
    assert!(done(&state, StepId::ExportToJaeger));
}
