//! The selected span in full: ids, kind, scope, status, timing, attributes, resource,
//! events, links (with a way to the linked span when it is in the store), a link to this span
//! (`?span=<id>`), and for CLIENT/SERVER spans every header that crossed the wire, each decoded
//! in one line by the propagation core ([`WireReport`]), with the baggage entries they carried.
//! Every value is rendered as text (Yew escapes it), never as HTML.

use super::traceparent_fields::{traceparent_fields, tracestate_fields};
use crate::analysis::{format_duration, TraceAnalysis};
use crate::model::{KeyValue, Link, SpanId, Trace, TraceId};
use crate::propagation::{Baggage, HeaderKind, WireReport};
use crate::ui::components::fields::{code_fact, fact};
use yew::prelude::*;

/// Where the detail can send the learner: another span of this trace, or a span of another
/// stored trace.
pub struct DetailLinks<'a> {
    pub on_select: &'a Callback<Option<usize>>,
    pub on_open: &'a Callback<(TraceId, SpanId)>,
    /// Whether a trace is in the store (its linked spans can be opened).
    pub in_store: &'a dyn Fn(TraceId) -> bool,
    /// This page's address pointing at the span.
    pub deep_link: String,
}

pub fn span_detail(
    trace: &Trace,
    analysis: &TraceAnalysis,
    index: usize,
    links: DetailLinks,
) -> Html {
    let on_select = links.on_select;
    let Some(span) = trace.spans.get(index) else {
        return html! {};
    };
    let start = trace.start_unix_nano();
    let close = {
        let on_select = on_select.clone();
        Callback::from(move |_| on_select.emit(None))
    };
    let status = span.status.code.name();
    let self_time = analysis.self_times.get(index).copied().unwrap_or(0);
    let parent = span
        .parent_span_id
        .map_or_else(|| "none (root span)".to_string(), |id| id.to_string());
    let scope_version = if span.scope.version.is_empty() {
        "(no version)".to_string()
    } else {
        span.scope.version.to_string()
    };
    html! {
        <section class="span-detail" aria-labelledby="span-detail-heading">
            <div class="detail-head">
                <h3 id="span-detail-heading">{ format!("Span: {} {}", span.service_name(), span.name) }</h3>
                <div class="detail-actions">
                    <a class="deep-link" href={links.deep_link.clone()}>{ "Link to this span" }</a>
                    <button onclick={close}>{ "Close details" }</button>
                </div>
            </div>
            <dl class="facts detail-facts">
                { code_fact("Span ID", span.span_id.to_string()) }
                { code_fact("Parent span ID", parent) }
                { code_fact("Trace ID", span.trace_id.to_string()) }
                { fact("Kind", span.kind.as_str().to_ascii_uppercase()) }
                <div><dt>{ "Scope" }</dt><dd><code>{ span.scope.name.to_string() }</code>{ format!(" {scope_version}") }</dd></div>
                <div class={classes!(span.is_error().then_some("error-text"))}><dt>{ "Status" }</dt>
                    <dd>{ status }{ (!span.status.message.is_empty()).then(|| format!(": {}", span.status.message)) }</dd></div>
                { fact("Start", format!("+{} after the trace start", format_duration(span.start_unix_nano.saturating_sub(start)))) }
                { fact("Duration", format_duration(span.duration_nanos())) }
                { fact("Self time", format_duration(self_time)) }
            </dl>
            <h4>{ "Attributes" }</h4>
            { attribute_table(&span.attributes, "Span attributes") }
            <h4>{ "Resource attributes" }</h4>
            { attribute_table(&span.resource.attributes, "Resource attributes") }
            <h4>{ "Events" }</h4>
            if span.events.is_empty() {
                <p class="hint">{ "No events." }</p>
            } else {
                <ul class="events">
                    { for span.events.iter().map(|ev| html! {
                        <li class={classes!((ev.name == "exception").then_some("error-text"))}>
                            <strong>{ ev.name.to_string() }</strong>
                            { format!(" at +{}", format_duration(ev.time_unix_nano.saturating_sub(span.start_unix_nano))) }
                            { attribute_table(&ev.attributes, "Event attributes") }
                        </li>
                    }) }
                </ul>
            }
            <h4>{ "Links" }</h4>
            if span.links.is_empty() {
                <p class="hint">{ "No links." }</p>
            } else {
                <ul class="links">
                    { for span.links.iter().map(|l| link_item(trace, analysis, l, &links)) }
                </ul>
            }
            if let Some(report) = WireReport::of(span) {
                { headers(&report, span.trace_id) }
            }
        </section>
    }
}

/// One link: the span it points at, and a way there when that span is in the store.
fn link_item(trace: &Trace, analysis: &TraceAnalysis, link: &Link, to: &DetailLinks) -> Html {
    let here = (link.trace_id == trace.trace_id)
        .then(|| analysis.tree.index_of(link.span_id))
        .flatten();
    let go = match here {
        Some(i) => {
            let onclick = to.on_select.reform(move |_| Some(i));
            html! { <button class="link" {onclick}>{ "Show linked span" }</button> }
        }
        None if (to.in_store)(link.trace_id) => {
            let target = (link.trace_id, link.span_id);
            let onclick = to.on_open.reform(move |_| target);
            html! { <button class="link" {onclick}>{ "Open linked span" }</button> }
        }
        None => html! { <span class="hint">{ "(not in the store)" }</span> },
    };
    html! {
        <li>
            { "Span " }<code>{ link.span_id.to_string() }</code>{ " of trace " }<code>{ link.trace_id.to_string() }</code>
            { " " }{ go }
            if !link.trace_state.is_empty() {
                <p class="hint">{ format!("tracestate: {}", link.trace_state) }</p>
            }
            if !link.attributes.is_empty() {
                { attribute_table(&link.attributes, "Link attributes") }
            }
        </li>
    }
}

fn attribute_table(attrs: &[KeyValue], label: &'static str) -> Html {
    if attrs.is_empty() {
        return html! { <p class="hint">{ "None." }</p> };
    }
    html! {
        <table class="attrs" aria-label={label}>
            <tbody>
                { for attrs.iter().map(|kv| html! {
                    <tr><th scope="row"><code>{ kv.key.to_string() }</code></th><td>{ kv.value.to_string() }</td></tr>
                }) }
            </tbody>
        </table>
    }
}

/// The headers a CLIENT span injected or a SERVER span extracted: each with its one-line
/// decode (a `traceparent` and `tracestate` also field by field), then the baggage.
fn headers(report: &WireReport, trace_id: TraceId) -> Html {
    html! {
        <div class="wire-headers">
            <h4>{ format!("{} ({})", report.title(), report.headers.len()) }</h4>
            if let Some(note) = report.note {
                <p class="hint wire-note">{ note }</p>
            }
            { for report.headers.iter().map(|h| html! {
                <div class="header-line">
                    <p><code class="header-name">{ format!("{}: ", h.name) }</code><code class="header-value">{ h.value.clone() }</code></p>
                    <p class={classes!("header-decode", (!h.valid).then_some("error-text"))}>{ h.summary.clone() }</p>
                    if h.kind == HeaderKind::Traceparent {
                        { traceparent_fields(&h.value, Some(trace_id)) }
                    } else if h.kind == HeaderKind::Tracestate {
                        { tracestate_fields(&h.value) }
                    }
                </div>
            }) }
            if !report.baggage.is_empty() {
                <h4>{ format!("Baggage ({})", report.baggage.len()) }</h4>
                { baggage_table(&report.baggage) }
            }
        </div>
    }
}

/// Baggage entries: key, value (decoded) and properties as received.
fn baggage_table(baggage: &Baggage) -> Html {
    html! {
        <table class="attrs baggage" aria-label="Baggage entries">
            <thead><tr><th>{ "Key" }</th><th>{ "Value" }</th><th>{ "Properties" }</th></tr></thead>
            <tbody>
                { for baggage.iter().map(|e| {
                    let properties: Vec<String> = e.properties.iter().map(|p| match &p.value {
                        Some(v) => format!("{}={v}", p.key),
                        None => p.key.clone(),
                    }).collect();
                    html! {
                        <tr><th scope="row"><code>{ e.key.clone() }</code></th><td>{ e.value.clone() }</td><td>{ properties.join("; ") }</td></tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
