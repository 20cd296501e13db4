//! The Header inspector: pick a header or let it be detected, paste one or more headers
//! (`name: value` per line, or a value alone), and see each decoded field by field, or the rule
//! it breaks, explained in plain words with a link to its section of the spec: the W3C Trace
//! Context Editor's Draft, W3C Baggage, openzipkin/b3-propagation, or Jaeger's propagation
//! format (deprecated in OpenTelemetry).
//!
//! Detection, decoding and every message are the propagation core's
//! ([`crate::propagation::decode`]); this file only displays them. The input lives in the page
//! state ([`crate::state::HeaderInspectorInput`]), so the Lab guide sees a pasted `traceparent`.

use super::traceparent_fields::{decoded_fields, rule_text, traceparent_fields, tracestate_fields};
use crate::propagation::spec::TRACESTATE_DUPLICATE_RULE;
use crate::propagation::{parse_tracestate_detailed, Detection, HeaderKind, Inspection};
use crate::state::{Action, HeaderInspectorInput};
use crate::ui::AppContext;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[function_component(HeaderInspector)]
pub fn header_inspector() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let input = state.header_inspector.clone();
    let on_pick = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            state.dispatch(Action::SetHeaderInspector(HeaderInspectorInput {
                picked: HeaderInspectorInput::pick(&value),
                ..state.header_inspector.clone()
            }))
        })
    };
    let on_text = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetHeaderInspector(HeaderInspectorInput {
                text: e.target_unchecked_into::<HtmlTextAreaElement>().value(),
                ..state.header_inspector.clone()
            }))
        })
    };
    let on_example = {
        let state = state.clone();
        Callback::from(move |_| {
            let picked = state.header_inspector.picked;
            state.dispatch(Action::SetHeaderInspector(HeaderInspectorInput {
                picked,
                text: HeaderInspectorInput::example_text(picked),
            }))
        })
    };
    let picked = input.picked_value();
    let inspections = input.inspections();
    html! {
        <section class="inspector panel" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{ "Header inspector" }</h2>
            <p class="hint">{ "Paste a propagation header: traceparent, tracestate, baggage, b3, X-B3-*, uber-trace-id or uberctx-*. One per line, as name: value (copied from a span's headers or a log) or the value alone, which is recognised by its shape unless you pick the header." }</p>
            <div class="field">
                <label for="inspect-header">{ "Header" }</label>
                <select id="inspect-header" onchange={on_pick}>
                    { for HeaderInspectorInput::choices().into_iter().map(|(value, label)| html! {
                        <option {value} selected={value == picked}>{ label }</option>
                    }) }
                </select>
            </div>
            <div class="field text">
                <label for="inspect-value">{ "Header value" }</label>
                <textarea id="inspect-value" class="mono" rows="3" value={input.text.clone()}
                    oninput={on_text} spellcheck="false" autocomplete="off"
                    placeholder={placeholder(input.picked)} />
            </div>
            <p><button onclick={on_example}>{ if input.picked.is_some() { "Paste an example" } else { "Paste an example of each header" } }</button></p>
            <div class="inspector-result" aria-live="polite">
                if inspections.is_empty() {
                    <p class="hint">{ "Nothing to decode yet." }</p>
                }
                { for inspections.iter().map(inspection) }
            </div>
        </section>
    }
}

/// What to paste, for the header picked.
fn placeholder(picked: Option<HeaderKind>) -> String {
    match picked {
        Some(HeaderKind::UberCtx) => format!("uberctx-user-id: {}", HeaderKind::UberCtx.example()),
        Some(kind) => kind.example().to_string(),
        None => format!("b3: {}", HeaderKind::B3.example()),
    }
}

/// One pasted line: how it was recognised, its one-line reading, then field by field.
fn inspection(found: &Inspection) -> Html {
    let kind = found.decoded.header;
    let title = if found.name.is_empty() {
        "Unrecognised".to_string()
    } else {
        found.name.clone()
    };
    let how = match &found.detection {
        Detection::Named => "named on the line".to_string(),
        Detection::Picked => "read as picked".to_string(),
        Detection::Shape { alternatives } if alternatives.is_empty() => {
            "recognised by its shape".to_string()
        }
        Detection::Shape { alternatives } => {
            let names: Vec<&str> = alternatives.iter().map(|k| k.name()).collect();
            format!(
                "recognised by its shape; it could also be {}: pick one to read it so",
                names.join(" or ")
            )
        }
        Detection::Unrecognised => "not recognised".to_string(),
    };
    html! {
        <article class="inspection" aria-label={format!("Decoded {title}")}>
            <h3>{ title.clone() }<span class="hint">{ format!(" {}, {how}", kind.format()) }</span></h3>
            if let Some(problem) = &found.problem {
                <p class="error-text">{ problem.clone() }</p>
            }
            if let Some(summary) = found.summary() {
                <p class="header-decode">{ summary }</p>
            }
            { body(found) }
            if let (false, Some(spec)) = (kind.rules().is_empty(), kind.spec()) {
                <details class="hint">
                    <summary>{ format!("The rules of {}, in plain words", spec.document.name) }</summary>
                    <ul>{ for kind.rules().iter().map(|rule| html! { <li>{ rule_text(rule) }</li> }) }</ul>
                </details>
            }
        </article>
    }
}

fn body(found: &Inspection) -> Html {
    match found.decoded.header {
        // The four fields as span detail shows them, with the flags spelled out.
        HeaderKind::Traceparent => traceparent_fields(&found.value, None),
        HeaderKind::Tracestate => html! {
            <>
                { tracestate_fields(&found.value) }
                { tracestate_explanation(&found.value) }
                if !found.decoded.notes.is_empty() {
                    <p class="hint">{ found.decoded.notes[0].clone() }</p>
                }
            </>
        },
        _ => decoded_fields(&found.decoded, format!("{} fields", found.name)),
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
