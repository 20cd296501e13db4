//! The Traceparent inspector: paste a `traceparent` (and optionally a `tracestate`) and see its
//! fields decoded, or the exact rule it breaks, explained in plain words with a link to its
//! section of the W3C Trace Context Editor's Draft. The rules and their texts are the
//! propagation core's (`propagation::spec`); this file only displays them. The fields live in
//! the page state ([`crate::state::InspectorInput`]), so the Lab guide sees a pasted header.

use super::traceparent_fields::{traceparent_fields, tracestate_fields};
use crate::propagation::parse_tracestate_detailed;
use crate::propagation::spec::{Rule, TRACESTATE_DUPLICATE_RULE, TRACESTATE_RULES};
use crate::state::{Action, InspectorInput};
use crate::ui::AppContext;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[function_component(Inspector)]
pub fn inspector() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let InspectorInput {
        traceparent,
        tracestate,
    } = state.inspector.clone();
    let on_parent = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetInspector(InspectorInput {
                traceparent: e.target_unchecked_into::<HtmlInputElement>().value(),
                ..state.inspector.clone()
            }))
        })
    };
    let on_state = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetInspector(InspectorInput {
                tracestate: e.target_unchecked_into::<HtmlTextAreaElement>().value(),
                ..state.inspector.clone()
            }))
        })
    };
    html! {
        <section class="inspector panel" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{ "Traceparent inspector" }</h2>
            <p class="hint">{ "W3C Trace Context: version-traceid-parentid-flags, lowercase hex. Paste one from a span's headers or from your own services." }</p>
            <div class="field text">
                <label for="inspect-traceparent">{ "traceparent" }</label>
                <input id="inspect-traceparent" type="text" class="mono" value={traceparent.clone()}
                    oninput={on_parent} spellcheck="false" autocomplete="off" />
            </div>
            <div class="field text">
                <label for="inspect-tracestate">{ "tracestate (optional)" }</label>
                <textarea id="inspect-tracestate" class="mono" rows="2" value={tracestate.clone()}
                    oninput={on_state} spellcheck="false" placeholder="vendor1=value1,vendor2=value2" />
            </div>
            <div class="inspector-result" aria-live="polite">
                { traceparent_fields(&traceparent, None) }
                if !tracestate.trim().is_empty() {
                    { tracestate_fields(&tracestate) }
                    { tracestate_explanation(&tracestate) }
                }
            </div>
            <details class="hint">
                <summary>{ "How a tracestate is read" }</summary>
                <ul>{ for TRACESTATE_RULES.iter().map(|rule| html! { <li>{ rule_text(rule) }</li> }) }</ul>
            </details>
        </section>
    }
}

/// A rule in plain words, then the link to its section.
fn rule_text(rule: &Rule) -> Html {
    html! {
        <>
            { format!("{} ", rule.summary) }
            <a href={rule.section.url()} target="_blank" rel="noopener">{ format!("Read §{} in the spec", rule.section.number) }</a>
        </>
    }
}

/// Why the pasted `tracestate` reads as it does: the rule it breaks, or the repeated members a
/// receiver discards while keeping the rest of the list.
fn tracestate_explanation(value: &str) -> Html {
    match parse_tracestate_detailed(value) {
        Err(error) => html! { <p class="hint">{ rule_text(&error.rule()) }</p> },
        Ok(parsed) if parsed.discarded_duplicates.is_empty() => Html::default(),
        Ok(parsed) => html! {
            <p class="hint">
                { "Discarded, as their key already appears further left: " }
                { for parsed.discarded_duplicates.iter().map(|(key, value)| html! {
                    <><code>{ format!("{key}={value}") }</code>{ " " }</>
                }) }
                <br />
                { rule_text(&TRACESTATE_DUPLICATE_RULE) }
            </p>
        },
    }
}
