//! The **Lab guide** panel (issue 14): the lab's parts and challenges as steps, each ticked by
//! the page itself when it sees it done. The guide is data ([`crate::guide`]) and the ticking is
//! the reducer's ([`crate::state::guide`]); this panel draws them and sends the learner's skips,
//! answers and **Start over** back as actions.
//!
//! The panel is open on a first visit and remembers how it was left (with the progress, under
//! [`crate::guide::STORAGE_KEY`], written by `ui::app`). The step to work on is expanded; any
//! other can be opened with its **Show** button. The lab's code sits behind a **Show the lab's
//! code** button per step, so the list stays short on a phone.
//!
//! While the Ten services preset runs (Scenario tab), the panel shows that preset's own guide
//! ("which of ten services is to blame?"); the reducer picks it ([`crate::state::guide`]).

mod questions;
mod step;
pub mod storage;

use crate::guide::{GuideId, StepId, StepStatus};
use crate::state::{Action, GuideAction};
use crate::ui::AppContext;
use yew::prelude::*;

#[function_component(GuidePanel)]
pub fn guide_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    // Steps the learner opened and closed by hand (bit sets, see `bit`); the rest follow
    // "the current step is open".
    let toggled = use_state(|| (0u16, 0u16));
    let code_shown = use_state(|| 0u16);
    let progress = &state.guide.progress;
    let guide = progress.guide;
    let open = progress.panel_open;
    let current = progress.current(guide);
    // The step to work on, and the one just done (its verdict stays in view).
    let in_view = |step: StepId| current == Some(step) || state.guide.last_done == Some(step);

    let dispatch = |action: GuideAction| {
        let state = state.clone();
        move |_: MouseEvent| state.dispatch(Action::Guide(action.clone()))
    };
    let on_panel = Callback::from(dispatch(GuideAction::SetPanelOpen(!open)));
    let on_start_over = Callback::from(dispatch(GuideAction::StartOver));
    let on_toggle = {
        let toggled = toggled.clone();
        Callback::from(move |(step, expanded): (StepId, bool)| {
            let (opened, closed) = *toggled;
            toggled.set(if expanded {
                (opened & !bit(step), closed | bit(step))
            } else {
                (opened | bit(step), closed & !bit(step))
            });
        })
    };
    let on_code = {
        let code_shown = code_shown.clone();
        Callback::from(move |step: StepId| code_shown.set(*code_shown ^ bit(step)))
    };
    let skipped = progress.skipped_count(guide);
    let summary = match skipped {
        0 => progress.summary(guide),
        n => format!("{}, {n} skipped", progress.summary(guide)),
    };
    let steps = guide.steps().iter().enumerate().map(|(i, s)| {
        let (opened, closed) = *toggled;
        let expanded = opened & bit(s.id) != 0 || (closed & bit(s.id) == 0 && in_view(s.id));
        step::step_item(
            &state,
            step::StepView {
                number: i + 1,
                step: s,
                status: progress.status(s.id),
                current: current == Some(s.id),
                expanded,
                code_shown: *code_shown & bit(s.id) != 0,
            },
            &on_toggle,
            &on_code,
        )
    });
    let all_done = guide
        .steps()
        .iter()
        .all(|s| progress.status(s.id) == StepStatus::Done);
    html! {
        <section class="panel guide" aria-labelledby="guide-heading">
            <h2 id="guide-heading" class="group-heading">
                <button class="disclosure" aria-expanded={open.to_string()} aria-controls="guide-body"
                    onclick={on_panel}><span class="chevron" aria-hidden="true" />{ "Lab guide" }</button>
            </h2>
            <p class="guide-progress" aria-live="polite">{ summary }</p>
            <div id="guide-body" hidden={!open}>
                if guide != GuideId::Lab {
                    <h3 class="guide-title">{ guide.title() }</h3>
                }
                <p class="hint">{ intro(guide) }</p>
                if all_done {
                    <p class="guide-finished">{ "Every step is done. The takeaways: context propagation makes one trace of many services, sampling keeps whole traces, and OpenTelemetry is how every service speaks." }</p>
                }
                <ol class="guide-steps" aria-label="Steps">{ for steps }</ol>
                <div class="guide-footer">
                    <div class="field">
                        <button onclick={on_start_over} aria-describedby="start-over-hint">{ "Start over" }</button>
                        <p class="hint" id="start-over-hint">{ "Forgets this guide's ticks, skips and answers, and clears the traces; settings stay." }</p>
                    </div>
                </div>
            </div>
        </section>
    }
}

/// The step's bit in a set of steps (12 steps fit a `u16`).
fn bit(step: StepId) -> u16 {
    let index = StepId::ALL.iter().position(|s| *s == step).unwrap_or(0);
    1 << index
}

fn intro(guide: GuideId) -> &'static str {
    match guide {
        GuideId::Lab => "The lab \"Distributed Tracing with Jaeger\", step by step. The page ticks each step when it sees it done; skip any step and come back to it later. The Ten services preset (Scenario tab) has a guide of its own.",
        GuideId::TenServices => "The Ten services preset runs: a checkout through ten services is slow, find the one to blame. The lab's guide comes back with the lab (Reset to the lab on the Scenario tab).",
    }
}
