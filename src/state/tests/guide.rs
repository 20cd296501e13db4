//! The Lab guide through the reducer (issue 14): each step ticked by the actions a learner takes
//! on the page, and not by the ones that stop short of it; answers, skips, Start over.

use super::*;
use crate::guide::{GuideId, StepId, StepStatus, Why200};
use crate::model::{SpanId, SpanKind};
use crate::sim::SamplerKind;
use crate::state::guide::TEN_SERVICES_PRESET;
use crate::state::{GuideAction, InspectorInput, Page, SearchForm};

fn instant() -> Rc<State> {
    start(settings(Playback::Instant))
}

fn send(state: Rc<State>) -> Rc<State> {
    state.reduce(Action::SendRequest { now_unix_nano: NOW })
}

fn with_lab(state: Rc<State>, change: impl FnOnce(&mut crate::sim::LabOptions)) -> Rc<State> {
    let mut s = state.settings.clone();
    change(&mut s.lab);
    state.reduce(Action::SetSettings(s))
}

fn search(state: Rc<State>, change: impl FnOnce(&mut SearchForm)) -> Rc<State> {
    let mut form = state.search.clone();
    change(&mut form);
    state
        .reduce(Action::ShowPage(Page::Search))
        .reduce(Action::SetSearch(form))
}

fn guide(state: Rc<State>, action: GuideAction) -> Rc<State> {
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
    let example = state.reduce(Action::ShowPage(Page::Inspector));
    let example = example.reduce(Action::SetInspector(InspectorInput {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03".into(),
        tracestate: String::new(),
    }));
    assert!(!example
        .guide
        .progress
        .is_part_done(crate::guide::Part::TraceparentDecoded));
    let pasted = example.reduce(Action::SetInspector(InspectorInput {
        traceparent: format!(" {header}\n"),
        tracestate: String::new(),
    }));
    assert!(pasted
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

#[test]
fn skipping_keeps_a_step_open_and_moves_on() {
    let state = send(instant());
    assert_eq!(
        state.guide.progress.current(GuideId::Lab),
        Some(StepId::FindTraces)
    );
    let skipped = guide(Rc::clone(&state), GuideAction::Skip(StepId::FindTraces));
    assert_eq!(
        skipped.guide.progress.status(StepId::FindTraces),
        StepStatus::Skipped
    );
    assert_eq!(
        skipped.guide.progress.current(GuideId::Lab),
        Some(StepId::NameBottleneck)
    );
    let again = guide(Rc::clone(&skipped), GuideAction::Skip(StepId::FindTraces));
    assert!(
        Rc::ptr_eq(&again, &skipped),
        "skipping twice changes nothing"
    );
    let done_step = guide(Rc::clone(&skipped), GuideAction::Skip(StepId::SendRequest));
    assert!(
        Rc::ptr_eq(&done_step, &skipped),
        "a done step cannot be skipped"
    );
    // Done later, a skipped step is done.
    let found = search(Rc::clone(&skipped), |f| f.service = "service-a".into());
    assert_eq!(
        found.guide.progress.status(StepId::FindTraces),
        StepStatus::Done
    );
    let back = guide(skipped, GuideAction::Unskip(StepId::FindTraces));
    assert_eq!(
        back.guide.progress.status(StepId::FindTraces),
        StepStatus::Open
    );
}

#[test]
fn start_over_forgets_ticks_answers_and_traces() {
    let state = send(instant());
    let trace = state.selected_trace.expect("open");
    let state = guide(
        state,
        GuideAction::AnswerBottleneck {
            trace,
            service: "service-b".into(),
        },
    );
    let state = guide(state, GuideAction::SpansAccepted(3));
    let state = guide(state, GuideAction::Skip(StepId::FindTraces));
    // Steps 1, 3 (the sent trace opens), 4 and 9; step 2 is skipped, not done.
    assert_eq!(
        state.guide.progress.summary(GuideId::Lab),
        "4 of 9 steps done"
    );
    let state = guide(state, GuideAction::StartOver);
    assert_eq!(
        state.guide.progress.summary(GuideId::Lab),
        "0 of 9 steps done"
    );
    assert_eq!(state.guide.progress.skipped_count(GuideId::Lab), 0);
    assert!(state.store.is_empty());
    assert_eq!(state.guide.answers, Default::default());
    assert_eq!(state.guide.exported_spans(), 0, "counted from the restart");
    let state = guide(state, GuideAction::SpansAccepted(5));
    assert_eq!(state.guide.exported_spans(), 2);
}

#[test]
fn the_panel_opens_and_closes() {
    let state = instant();
    assert!(state.guide.progress.panel_open, "open on a first visit");
    let same = guide(Rc::clone(&state), GuideAction::SetPanelOpen(true));
    assert!(Rc::ptr_eq(&same, &state));
    let closed = guide(state, GuideAction::SetPanelOpen(false));
    assert!(!closed.guide.progress.panel_open);
}

#[test]
fn the_step_to_work_on_and_the_one_just_done_are_expanded_unless_the_learner_says_otherwise() {
    let state = instant();
    let expanded = |s: &State| -> Vec<StepId> {
        StepId::ALL
            .into_iter()
            .filter(|id| s.guide.is_expanded(*id))
            .collect()
    };
    assert_eq!(expanded(&state), vec![StepId::SendRequest]);
    let state = send(state);
    // Steps 1 and 3 were done in one click; 3 is the last seen, 2 the one to work on.
    assert_eq!(
        expanded(&state),
        vec![StepId::FindTraces, StepId::OpenTrace]
    );
    let state = guide(
        state,
        GuideAction::SetStepExpanded(StepId::OpenTrace, false),
    );
    let state = guide(state, GuideAction::SetStepExpanded(StepId::Sampling, true));
    assert_eq!(expanded(&state), vec![StepId::FindTraces, StepId::Sampling]);
    let same = guide(
        Rc::clone(&state),
        GuideAction::SetStepExpanded(StepId::FindTraces, true),
    );
    assert!(Rc::ptr_eq(&same, &state), "already open");
    let state = guide(state, GuideAction::SetCodeShown(StepId::Sampling, true));
    assert!(state.guide.shown.code_shown(StepId::Sampling));
    assert!(!state.guide.shown.code_shown(StepId::SendRequest));
    let state = guide(state, GuideAction::SetCodeShown(StepId::Sampling, false));
    assert!(!state.guide.shown.code_shown(StepId::Sampling));
}

#[test]
fn the_ten_services_preset_brings_its_own_guide() {
    let state = instant();
    assert_eq!(state.guide.progress.guide, GuideId::Lab);
    let ten = state.reduce(Action::LoadPreset(TEN_SERVICES_PRESET.into()));
    assert_eq!(ten.guide.progress.guide, GuideId::TenServices);
    let ten = send(ten);
    assert!(
        ten.selected()
            .is_some_and(|t| crate::guide::checks::service_count(t) >= 10),
        "a checkout trace through ten services"
    );
    assert_eq!(
        ten.guide.progress.summary(GuideId::TenServices),
        "1 of 3 steps done"
    );
    assert_eq!(
        ten.guide.progress.summary(GuideId::Lab),
        "0 of 9 steps done",
        "only the shown guide is observed"
    );
    // Another preset, or the lab, shows the lab's guide again; its ticks are its own.
    let other = Rc::clone(&ten).reduce(Action::LoadPreset("n-plus-one".into()));
    assert_eq!(other.guide.progress.guide, GuideId::Lab);
    let lab = ten.reduce(Action::ResetScenario);
    assert_eq!(lab.guide.progress.guide, GuideId::Lab);
    assert_eq!(
        lab.guide.progress.summary(GuideId::TenServices),
        "1 of 3 steps done"
    );
}

#[test]
fn progress_from_an_earlier_visit_shows_the_running_scenarios_guide() {
    let mut saved = crate::guide::Progress::fresh();
    saved.guide = GuideId::TenServices;
    let mut state = State::new(settings(Playback::Instant), vec![]);
    state.resume_guide(saved);
    assert_eq!(state.guide.progress.guide, GuideId::Lab, "the lab runs");
}

#[test]
fn the_search_is_not_rerun_for_the_guide_once_it_no_longer_needs_one() {
    let state = search(send(instant()), |f| f.service = "service-a".into());
    let first = state.guide.last_search.clone();
    // Step 2 is done, but step 6 still reads searches: a new form is noted.
    let state = search(state, |f| f.errors_only = true);
    assert_ne!(state.guide.last_search, first);
    assert_eq!(state.guide.last_search.as_ref().map(|s| s.results), Some(0));
}

/// Random sequences of a learner's actions (SplitMix64-seeded, so a failure reproduces): a
/// tick is never lost but by Start over, only the shown guide is ticked, an action that
/// changes nothing keeps the version, and no action panics.
#[test]
fn random_learner_sequences_keep_ticks_until_start_over() {
    let mut seed = 0u64;
    let mut next = move || {
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut start_overs = 0;
    for _ in 0..40 {
        let mut state = instant();
        for _ in 0..25 {
            let trace = state.selected_trace.unwrap_or(crate::model::TraceId(1));
            let span = state
                .selected()
                .and_then(|t| t.spans.get(next() as usize % 4))
                .map(|s| s.span_id);
            let step = StepId::ALL[next() as usize % StepId::ALL.len()];
            let action = match next() % 16 {
                0..=2 => Action::SendRequest { now_unix_nano: NOW },
                3 => Action::ShowPage(Page::Search),
                4 => Action::SetSearch(SearchForm {
                    service: ["", "service-a", "service-b"][next() as usize % 3].into(),
                    errors_only: next() % 2 == 0,
                    ..SearchForm::default()
                }),
                5 => Action::SelectSpan(span),
                6 => {
                    let mut s = state.settings.clone();
                    s.lab.propagate = next() % 3 != 0;
                    s.lab.random_500s = next() % 2 == 0;
                    s.lab.heavy_calc = next() % 2 == 0;
                    Action::SetSettings(s)
                }
                7 => Action::Guide(GuideAction::Skip(step)),
                8 => Action::Guide(GuideAction::Unskip(step)),
                9 => Action::Guide(GuideAction::AnswerBottleneck {
                    trace,
                    service: ["service-a", "service-b", "db"][next() as usize % 3].into(),
                }),
                10 => Action::Guide(GuideAction::AnswerRedSpans {
                    trace,
                    spans: span.into_iter().collect(),
                }),
                11 => Action::Guide(GuideAction::AnswerWhy200(
                    Why200::ALL[next() as usize % Why200::ALL.len()],
                )),
                12 => Action::Guide(GuideAction::SpansAccepted(next() % 3)),
                13 => Action::Guide(GuideAction::StartOver),
                14 => match next() % 2 {
                    0 => Action::LoadPreset(TEN_SERVICES_PRESET.into()),
                    _ => Action::ResetScenario,
                },
                _ => Action::ClearTraces,
            };
            let restart = matches!(action, Action::Guide(GuideAction::StartOver));
            start_overs += usize::from(restart);
            let before = Rc::clone(&state);
            state = Rc::clone(&state).reduce(action);
            if Rc::ptr_eq(&state, &before) {
                continue;
            }
            let (old, new) = (&before.guide.progress, &state.guide.progress);
            for guide_id in GuideId::ALL {
                for s in guide_id.steps() {
                    let kept = !old.is_step_done(s.id) || new.is_step_done(s.id);
                    assert!(
                        kept || (restart && guide_id == old.guide),
                        "{:?} lost",
                        s.id
                    );
                }
                if guide_id != new.guide && guide_id == old.guide {
                    continue;
                }
                if guide_id != new.guide {
                    assert_eq!(
                        new.done_count(guide_id),
                        old.done_count(guide_id),
                        "not shown"
                    );
                }
            }
        }
    }
    assert!(
        start_overs > 10,
        "the sequences reach Start over ({start_overs})"
    );
}
