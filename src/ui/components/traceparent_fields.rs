//! A `traceparent` (and `tracestate`) decoded into its fields, or the rule it breaks, shared
//! by the span detail (headers on the wire) and the Traceparent inspector. Parsing is the
//! propagation core's (W3C Trace Context Level 2); this file only displays.

use crate::model::TraceId;
use crate::propagation::{parse_traceparent, parse_tracestate};
use crate::ui::components::fields::code_fact;
use yew::prelude::*;

/// The fields of `value`; with `expected_trace`, whether its trace id is that one.
pub fn traceparent_fields(value: &str, expected_trace: Option<TraceId>) -> Html {
    let parsed = match parse_traceparent(value) {
        Err(error) => {
            let section = error.section();
            return html! {
                <p class="error-text parse-error">
                    { format!("Invalid traceparent: {error}. ") }
                    <a href={section.url()} target="_blank" rel="noopener">{ format!("Read §{} in the spec", section.number) }</a>
                </p>
            };
        }
        Ok(parsed) => parsed,
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    html! {
        <dl class="decoded">
            { code_fact("Version", format!("{:02x}", parsed.version)) }
            <div><dt>{ "Trace ID" }</dt><dd><code>{ parsed.trace_id.to_string() }</code>
                if let Some(expected) = expected_trace {
                    <span class="hint">{ if expected == parsed.trace_id { " ✓ this trace" } else { " ✗ a different trace" } }</span>
                }
            </dd></div>
            { code_fact("Parent ID", parsed.parent_id.to_string()) }
            <div><dt>{ "Flags" }</dt><dd>
                <code>{ parsed.flags.to_string() }</code>
                { format!(" sampled: {}, random trace id: {}", yes_no(parsed.is_sampled()), yes_no(parsed.is_random())) }
            </dd></div>
        </dl>
    }
}

/// A `tracestate` as its list of vendor members, or why the whole header would be discarded.
pub fn tracestate_fields(value: &str) -> Html {
    match parse_tracestate(value) {
        Err(error) => html! {
            <p class="error-text parse-error">
                { format!("Invalid tracestate (a receiver discards it and keeps the trace): {error}") }
            </p>
        },
        Ok(state) if state.is_empty() => {
            html! { <p class="hint">{ "An empty tracestate: no vendor entries." }</p> }
        }
        Ok(state) => html! {
            <table class="attrs" aria-label="tracestate members">
                <thead><tr><th>{ "Vendor key" }</th><th>{ "Value" }</th></tr></thead>
                <tbody>
                    { for state.iter().map(|(key, value)| html! {
                        <tr><th scope="row"><code>{ key.to_string() }</code></th><td><code>{ value.to_string() }</code></td></tr>
                    }) }
                </tbody>
            </table>
        },
    }
}
