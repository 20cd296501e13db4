//! The Traceparent inspector: paste a `traceparent` (and optionally a `tracestate`) and see its
//! fields decoded, or the exact rule it breaks.

use super::traceparent_fields::{traceparent_fields, tracestate_fields};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

const EXAMPLE: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

#[function_component(Inspector)]
pub fn inspector() -> Html {
    let traceparent = use_state(|| EXAMPLE.to_string());
    let tracestate = use_state(String::new);
    let on_parent = {
        let traceparent = traceparent.clone();
        Callback::from(move |e: InputEvent| {
            traceparent.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_state = {
        let tracestate = tracestate.clone();
        Callback::from(move |e: InputEvent| {
            tracestate.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    html! {
        <section class="inspector panel" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{ "Traceparent inspector" }</h2>
            <p class="hint">{ "W3C Trace Context: version-traceid-parentid-flags, lowercase hex. Paste one from a span's headers or from your own services." }</p>
            <div class="field text">
                <label for="inspect-traceparent">{ "traceparent" }</label>
                <input id="inspect-traceparent" type="text" class="mono" value={(*traceparent).clone()}
                    oninput={on_parent} spellcheck="false" autocomplete="off" />
            </div>
            <div class="field text">
                <label for="inspect-tracestate">{ "tracestate (optional)" }</label>
                <textarea id="inspect-tracestate" class="mono" rows="2" value={(*tracestate).clone()}
                    oninput={on_state} spellcheck="false" placeholder="vendor1=value1,vendor2=value2" />
            </div>
            <div class="inspector-result" aria-live="polite">
                { traceparent_fields(&traceparent, None) }
                if !tracestate.trim().is_empty() {
                    { tracestate_fields(&tracestate) }
                }
            </div>
        </section>
    }
}
