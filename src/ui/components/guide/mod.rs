//! The **Lab guide** panel (issue 14): the lab's parts and challenges as steps, each ticked by
//! the page itself when it sees it done. The guide is data ([`crate::guide`]) and the ticking is
//! the reducer's ([`crate::state::guide`]); this panel draws them and sends the learner's skips,
//! answers and **Start over** back as actions.
//!
//! The panel is open on a first visit and remembers how it was left (with the progress, under
//! [`crate::guide::STORAGE_KEY`], written by `ui::app`). The step to work on and the one just done
//! are expanded; any other opens with its **Show** button ([`crate::state::guide::StepsShown`]).
//! The lab's code sits behind a **Show the lab's code** button per step, so the list stays short
//! on a phone.
//!
//! While the Ten services preset runs (Scenario tab), the panel shows that preset's own guide
//! ("which of ten services is to blame?"); the reducer picks it ([`crate::state::guide`]).

mod questions;
mod step;
pub mod storage;

use crate::guide::{GuideId, StepStatus};
use crate::state::{Action, GuideAction};
use crate::ui::AppContext;
use yew::prelude::*;

/// The panel: a plain function, not a component (its few bits of view state live in the
/// page state, and every component costs its own machinery in the bundle).
pub fn guide_panel(state: &AppContext) -> Html {
    let progress = &state.guide.progress;
    let guide = progress.guide;
    let open = progress.panel_open;
    let current = progress.current(guide);
    let dispatch = |action: GuideAction| {
        let state = state.clone();
        move |_: MouseEvent| state.dispatch(Action::Guide(action.clone()))
    };
    let on_panel = Callback::from(dispatch(GuideAction::SetPanelOpen(!open)));
    let on_start_over = Callback::from(dispatch(GuideAction::StartOver));
    let skipped = progress.skipped_count(guide);
    let summary = match skipped {
        0 => progress.summary(guide),
        n => format!("{}, {n} skipped", progress.summary(guide)),
    };
    let steps = guide.steps().iter().enumerate().map(|(i, s)| {
        step::step_item(
            state,
            step::StepView {
                number: i + 1,
                step: s,
                status: progress.status(s.id),
                current: current == Some(s.id),
                expanded: state.guide.is_expanded(s.id),
                code_shown: state.guide.shown.code_shown(s.id),
            },
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

fn intro(guide: GuideId) -> &'static str {
    match guide {
        GuideId::Lab => "The lab \"Distributed Tracing with Jaeger\", step by step. The page ticks each step when it sees it done; skip any step and come back to it later. The Ten services preset (Scenario tab) has a guide of its own.",
        GuideId::TenServices => "The Ten services preset runs: a checkout through ten services is slow, find the one to blame. The lab's guide comes back with the lab (Reset to the lab on the Scenario tab).",
    }
}
