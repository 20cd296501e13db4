//! The Lab guide panel through the reducer (issue 14): skips, Start over, which steps are
//! expanded, the guide that follows the Ten services preset, and random learner sequences.

use super::guide::{guide, instant, search, send};
use super::*;
use crate::guide::{GuideId, StepId, StepStatus, Why200};
use crate::state::guide::TEN_SERVICES_PRESET;
use crate::state::{GuideAction, Page, SearchForm};

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
