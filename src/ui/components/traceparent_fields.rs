//! A decoded header — a `traceparent` as its four fields, any other as the propagation core's
//! [`Decoded`] table — or the rules it breaks with links to their sections, shared by the span
//! detail (headers on the wire) and the Header inspector. Parsing and every text are the
//! propagation core's (W3C Trace Context, W3C Baggage, B3, Jaeger); this file only displays,
//! and every value is text (Yew escapes it).

use crate::model::TraceId;
use crate::propagation::spec::Rule;
use crate::propagation::{parse_traceparent, parse_tracestate, Decoded, Violation};
use crate::ui::components::fields::code_fact;
use yew::prelude::*;

/// A rule in plain words, then the link to its section.
pub fn rule_text(rule: &Rule) -> Html {
    html! {
        <>
            { format!("{} ", rule.summary) }
            <a href={rule.section.url()} target="_blank" rel="noopener">{ format!("Read {}", rule.section.citation()) }</a>
        </>
    }
}

/// Each rule the header breaks: the message (ending with its citation), the link to the
/// section, and the rule in plain words where the core explains it.
fn violations(list: &[Violation]) -> Html {
    html! {
        <ul class="violations">
            { for list.iter().map(|v| html! {
                <li class="error-text parse-error">
                    { format!("Breaks a rule: {} ", v.message) }
                    <a href={v.section.url()} target="_blank" rel="noopener">{ format!("Read {}", v.section.citation()) }</a>
                    if let Some(summary) = v.summary {
                        <span class="hint rule-summary">{ format!(" The rule: {summary}") }</span>
                    }
                </li>
            }) }
        </ul>
    }
}

/// Any decoded header: its fields with what each means, the rules it breaks, and the notes.
pub fn decoded_fields(decoded: &Decoded, label: String) -> Html {
    html! {
        <>
            if !decoded.violations.is_empty() {
                { violations(&decoded.violations) }
            }
            if !decoded.fields.is_empty() {
                <table class="attrs decoded-fields" aria-label={label}>
                    <thead><tr><th>{ "Field" }</th><th>{ "Value" }</th><th>{ "Meaning" }</th></tr></thead>
                    <tbody>
                        { for decoded.fields.iter().map(|f| html! {
                            <tr><th scope="row">{ f.name.clone() }</th><td><code>{ f.value.clone() }</code></td><td>{ f.meaning.clone() }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
            if !decoded.notes.is_empty() {
                <ul class="hint decoded-notes">
                    { for decoded.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
        </>
    }
}

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
