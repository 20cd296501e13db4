//! What a step shows besides its text: the questions (name the bottleneck, which spans are red,
//! why A's server span says 200), each checked by the reducer against the open trace, and the
//! page's own view of the step (where `heavy_calc` sits, the `traceparent` B received, the
//! sampling tally, the spans the collector accepted).
//!
//! The answers' inputs are left to the browser and read when **Check** is pressed, so a question
//! needs no state of its own; each form is keyed by the open trace, so another trace starts
//! with a blank answer.

use crate::guide::checks::{is_ratio_sampler, HEAVY_CALC, SAMPLING_RATIO, SAMPLING_REQUESTS};
use crate::guide::{placement, received_traceparents, span_choices, Answer, StepId, Why200};
use crate::model::{SpanId, Trace, TraceId};
use crate::state::{Action, GuideAction, HeaderInspectorInput, Page};
use crate::ui::AppContext;
use crate::view::url::sampler_name;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Spans listed as choices for "Which spans are red?": the lab's traces have three to five.
const MAX_SPAN_CHOICES: usize = 40;

/// The step's questions and the page's own view of it.
pub fn extras(state: &AppContext, step: StepId) -> Html {
    let trace = state.selected().cloned();
    let trace = trace.as_deref();
    match step {
        StepId::NameBottleneck | StepId::TenBlame => with_trace(trace, |t| bottleneck(state, t)),
        StepId::HeavyCalc => with_trace(trace, heavy_calc_placement),
        StepId::RandomErrors => with_trace(trace, |t| {
            html! { <>{ red_spans(state, t) }{ why_200(state) }</> }
        }),
        StepId::Propagation => with_trace(trace, |t| received(state, t)),
        StepId::Sampling => sampling(state),
        StepId::ExportToJaeger => accepted(state.guide.exported_spans()),
        _ => Html::default(),
    }
}

fn with_trace(trace: Option<&Trace>, show: impl FnOnce(&Trace) -> Html) -> Html {
    match trace {
        Some(t) if !t.spans.is_empty() => show(t),
        _ => {
            html! { <p class="hint">{ "Open a trace first: press Send request, or pick one under Find traces." }</p> }
        }
    }
}

/// The form that raised `e`, for reading its inputs.
fn form_of(e: &SubmitEvent) -> Option<Element> {
    e.prevent_default();
    e.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// Values of the form's checked boxes or radios.
fn checked_values(form: &Element) -> Vec<String> {
    let Ok(nodes) = form.query_selector_all("input:checked") else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .collect()
}

/// The page's verdict on an answer, announced politely.
fn verdict(answer: &Answer) -> Html {
    let class = if answer.correct {
        "answer right"
    } else {
        "answer wrong"
    };
    html! { <p class={class} aria-live="polite">{ answer.explanation.clone() }</p> }
}

fn bottleneck(state: &AppContext, trace: &Trace) -> Html {
    // By insert, not `collect` (which sorts first: another copy of std's sort, `crate::order`).
    let mut services = BTreeSet::new();
    services.extend(trace.spans.iter().map(|s| s.service_name()));
    let trace_id = trace.trace_id;
    let onsubmit = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            let pick = form_of(&e)
                .and_then(|form| form.query_selector("select").ok().flatten())
                .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(service) = pick.filter(|s| !s.is_empty()) {
                state.dispatch(Action::Guide(GuideAction::AnswerBottleneck {
                    trace: trace_id,
                    service,
                }));
            }
        })
    };
    let answer = state
        .guide
        .answers
        .bottleneck
        .as_ref()
        .filter(|c| c.trace == trace_id);
    html! {
        <>
            <form class="question" key={trace_id.to_string()} aria-label="Name the bottleneck" {onsubmit}>
                <label for="bottleneck-pick">{ "Which service is the bottleneck?" }</label>
                <div class="inline">
                    <select id="bottleneck-pick">
                        <option value="">{ "Choose a service" }</option>
                        { for services.iter().map(|s| html! { <option value={s.to_string()}>{ *s }</option> }) }
                    </select>
                    <button type="submit">{ "Check" }</button>
                </div>
            </form>
            if let Some(checked) = answer {
                { verdict(&checked.answer) }
            }
        </>
    }
}

fn heavy_calc_placement(trace: &Trace) -> Html {
    match placement(trace, HEAVY_CALC) {
        Some(p) => html! { <p class="observed">{ p.sentence(HEAVY_CALC) }</p> },
        None => html! { <p class="hint">{ "The open trace has no heavy_calc span." }</p> },
    }
}

fn red_spans(state: &AppContext, trace: &Trace) -> Html {
    if trace.spans.len() > MAX_SPAN_CHOICES {
        return html! {
            <p class="hint">{ format!("This trace has {} spans, too many to list: open a lab trace with Fan-out at 0.", trace.spans.len()) }</p>
        };
    }
    let trace_id = trace.trace_id;
    let onsubmit = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some(form) = form_of(&e) else {
                return;
            };
            let spans: Vec<SpanId> = checked_values(&form)
                .iter()
                .filter_map(|v| SpanId::from_hex(v).ok())
                .collect();
            state.dispatch(Action::Guide(GuideAction::AnswerRedSpans {
                trace: trace_id,
                spans,
            }));
        })
    };
    let answer = state
        .guide
        .answers
        .red_spans
        .as_ref()
        .filter(|c| c.trace == trace_id);
    html! {
        <>
            <form class="question" key={trace_id.to_string()} aria-labelledby="red-spans-legend" {onsubmit}>
                <fieldset>
                    <legend id="red-spans-legend">{ "Which spans are red?" }</legend>
                    { for span_choices(trace).into_iter().map(|c| choice(&red_id(trace_id, c.span_id), "checkbox", "red-span", &c.span_id.to_string(), c.label)) }
                </fieldset>
                <button type="submit">{ "Check" }</button>
            </form>
            if let Some(checked) = answer {
                { verdict(&checked.answer) }
            }
        </>
    }
}

fn red_id(trace: TraceId, span: SpanId) -> String {
    format!("red-{trace}-{span}")
}

/// A checkbox or radio with its label.
fn choice(id: &str, kind: &'static str, name: &'static str, value: &str, label: String) -> Html {
    html! {
        <div class="choice">
            <input type={kind} id={id.to_string()} {name} value={value.to_string()} />
            <label for={id.to_string()}>{ label }</label>
        </div>
    }
}

fn why_200(state: &AppContext) -> Html {
    let onsubmit = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            let picked = form_of(&e)
                .map(|form| checked_values(&form))
                .and_then(|values| values.first().and_then(|v| v.parse::<usize>().ok()))
                .and_then(|i| Why200::ALL.get(i).copied());
            if let Some(why) = picked {
                state.dispatch(Action::Guide(GuideAction::AnswerWhy200(why)));
            }
        })
    };
    let answered = state.guide.answers.why_200;
    html! {
        <>
            <form class="question" aria-labelledby="why-200-legend" {onsubmit}>
                <fieldset>
                    <legend id="why-200-legend">{ "Why does A's server span still say 200?" }</legend>
                    { for Why200::ALL.iter().enumerate().map(|(i, why)| {
                        choice(&format!("why-200-{i}"), "radio", "why-200", &i.to_string(), why.text().to_string())
                    }) }
                </fieldset>
                <button type="submit">{ "Check" }</button>
            </form>
            if let Some(why) = answered {
                { verdict(&Answer { correct: why.is_correct(), explanation: why.explanation().to_string() }) }
            }
        </>
    }
}

/// The `traceparent` each server span of the open trace received, with a way to decode it.
fn received(state: &AppContext, trace: &Trace) -> Html {
    let headers = received_traceparents(trace);
    if headers.is_empty() {
        return html! { <p class="hint">{ "No span of the open trace received a traceparent: it started here." }</p> };
    }
    html! {
        <ul class="received">
            { for headers.into_iter().map(|(span_id, value)| {
                let who = trace.spans.iter().find(|s| s.span_id == span_id)
                    .map(|s| format!("{} {} received ", s.service_name(), s.name))
                    .unwrap_or_default();
                let onclick = {
                    let (state, value) = (state.clone(), value.to_string());
                    Callback::from(move |_| {
                        state.dispatch(Action::SetHeaderInspector(
                            HeaderInspectorInput::header_line("traceparent", &value),
                        ));
                        state.dispatch(Action::ShowPage(Page::HeaderInspector));
                    })
                };
                html! {
                    <li>
                        { who }<code class="header-value">{ value.to_string() }</code>
                        { " " }<button class="link" {onclick}>{ "Decode it in the Header inspector" }</button>
                    </li>
                }
            }) }
        </ul>
    }
}

fn sampling(state: &AppContext) -> Html {
    let tally = state.guide.sampling;
    let propagate = state.settings.lab.propagate;
    html! {
        <>
            if !propagate {
                <p class="hint warning">{ "Propagate context is off: switch it on again first, or every request splits into traces of one service." }</p>
            }
            if is_ratio_sampler(tally.sampler) && tally.requests > 0 {
                <p class="observed">
                    { format!("Under {} at {}: {} of {} requests kept ({} needed at {}).",
                        sampler_name(tally.sampler), tally.ratio, tally.kept, tally.requests,
                        SAMPLING_REQUESTS, SAMPLING_RATIO) }
                </p>
            }
        </>
    }
}

fn accepted(spans: u64) -> Html {
    if spans == 0 {
        return Html::default();
    }
    html! { <p class="observed">{ format!("The collector accepted {spans} spans from this page.") }</p> }
}
