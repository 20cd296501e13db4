//! One step of the guide: its tick, title, instruction, the lab's code (as text, in `<pre>`),
//! what the page checks, the step's questions, why it matters, and **Skip**.

use super::questions::extras;
use crate::guide::{Step, StepId, StepStatus};
use crate::state::{Action, Group, GuideAction};
use crate::ui::AppContext;
use yew::prelude::*;

/// How one step is shown.
pub struct StepView {
    /// Its number in the guide, from 1.
    pub number: usize,
    pub step: &'static Step,
    pub status: StepStatus,
    /// The step to work on: the first neither done nor skipped.
    pub current: bool,
    pub expanded: bool,
    pub code_shown: bool,
}

pub fn step_item(state: &AppContext, view: StepView) -> Html {
    let StepView {
        number,
        step,
        status,
        current,
        expanded,
        code_shown,
    } = view;
    let key = step.id.key();
    let title_id = format!("step-{key}");
    let body_id = format!("step-{key}-body");
    let (tick, tick_name, status_class) = match status {
        StepStatus::Done => ("✓", "Done", "done"),
        StepStatus::Skipped => ("↷", "Skipped", "skipped"),
        StepStatus::Open => ("", "To do", "open"),
    };
    let toggle = {
        let (state, id) = (state.clone(), step.id);
        Callback::from(move |_| {
            state.dispatch(Action::Guide(GuideAction::SetStepExpanded(id, !expanded)))
        })
    };
    let skip = {
        let (state, id) = (state.clone(), step.id);
        let action = if status == StepStatus::Skipped {
            GuideAction::Unskip(id)
        } else {
            GuideAction::Skip(id)
        };
        Callback::from(move |_| state.dispatch(Action::Guide(action.clone())))
    };
    html! {
        <li class={classes!("step", status_class, current.then_some("current"))} key={key}
            aria-labelledby={title_id.clone()}>
            <div class="step-head">
                <span class="tick" role="img" aria-label={tick_name}>{ tick }</span>
                <h3 id={title_id}>
                    <span class="step-number" aria-hidden="true">{ format!("{number}. ") }</span>
                    { step.title }
                </h3>
                <button class="step-toggle link" aria-expanded={expanded.to_string()} aria-controls={body_id.clone()}
                    onclick={toggle}>
                    { if expanded { "Hide" } else { "Show" } }
                    <span class="visually-hidden">{ format!(" step {number}") }</span>
                </button>
            </div>
            <div class="step-body" id={body_id} hidden={!expanded}>
                <p class="instruction">{ step.instruction }</p>
                if expanded {
                    { code(state, step, code_shown) }
                    { group_buttons(state, step.id) }
                    { extras(state, step.id) }
                    <ul class="parts" aria-label="What the page checks">
                        { for step.parts.iter().map(|(part, label)| {
                            let seen = state.guide.progress.is_part_done(*part);
                            html! {
                                <li class={if seen { "part seen" } else { "part" }}>
                                    <span aria-hidden="true">{ if seen { "✓ " } else { "○ " } }</span>
                                    { *label }
                                    <span class="visually-hidden">{ if seen { " (seen)" } else { " (not yet)" } }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    <p class="why"><strong>{ "Why it matters: " }</strong>{ step.why }</p>
                    if status != StepStatus::Done {
                        <button class="skip" onclick={skip}>
                            { if status == StepStatus::Skipped { "Undo skip" } else { "Skip" } }
                        </button>
                    }
                }
            </div>
        </li>
    }
}

/// The lab's code for the step, behind one button so a long step stays short.
fn code(state: &AppContext, step: &Step, shown: bool) -> Html {
    if step.snippets.is_empty() {
        return Html::default();
    }
    let id = format!("step-{}-code", step.id.key());
    let onclick = {
        let (state, step) = (state.clone(), step.id);
        Callback::from(move |_| {
            state.dispatch(Action::Guide(GuideAction::SetCodeShown(step, !shown)))
        })
    };
    let names = step
        .snippets
        .iter()
        .map(|s| s.label)
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <div class="step-code">
            <button class="link" aria-expanded={shown.to_string()} aria-controls={id.clone()} {onclick}>
                { if shown { "Hide the lab's code" } else { "Show the lab's code" } }
            </button>
            <span class="hint">{ format!(" ({names})") }</span>
            <div {id} hidden={!shown}>
                if shown {
                    { for step.snippets.iter().map(|s| html! {
                        <figure class="snippet">
                            <figcaption>{ s.label }</figcaption>
                            <pre class={format!("language-{}", s.language)} tabindex="0"><code>{ s.code }</code></pre>
                        </figure>
                    }) }
                }
            </div>
        </div>
    }
}

/// The groups of controls a step needs, each with a button to open it while it is closed.
fn group_buttons(state: &AppContext, step: StepId) -> Html {
    let groups: &[Group] = match step {
        StepId::HeavyCalc | StepId::RandomErrors | StepId::Propagation => &[Group::LabSettings],
        StepId::Sampling => &[Group::LabSettings, Group::Load],
        StepId::ExportToJaeger => &[Group::Export],
        _ => &[],
    };
    let closed: Vec<Group> = groups
        .iter()
        .copied()
        .filter(|g| !state.groups.is_open(*g))
        .collect();
    if closed.is_empty() {
        return Html::default();
    }
    html! {
        <p class="step-groups">
            { for closed.into_iter().map(|group| {
                let state = state.clone();
                let onclick = Callback::from(move |_| {
                    crate::ui::app::open_group(&state, group);
                });
                html! { <button class="link" {onclick}>{ format!("Open {}", group.title()) }</button> }
            }) }
        </p>
    }
}
