//! The trace header: trace id, start, duration, services, depth, span and error counts.

use crate::analysis::{format_duration, TraceAnalysis};
use crate::model::Trace;
use crate::ui::browser;
use crate::ui::components::open_in_jaeger::open_in_jaeger;
use crate::view::colour::service_colour;
use crate::view::format;
use yew::prelude::*;

pub fn trace_header(trace: &Trace, analysis: &TraceAnalysis) -> Html {
    let s = &analysis.summary;
    html! {
        <header class="trace-header">
            <div class="trace-title">
                <h2>
                    <span class="svc">{ s.root_service.clone() }</span>{ ": " }
                    <span class="op">{ s.root_operation.clone() }</span>
                </h2>
                <p class="trace-id">{ "Trace " }<code>{ trace.trace_id.to_string() }</code></p>
                <div class="jaeger-slot">{ open_in_jaeger(trace.trace_id) }</div>
            </div>
            <dl class="facts">
                <div><dt>{ "Start" }</dt><dd>{ format::clock_time(s.start_unix_nano, browser::utc_offset_minutes()) }</dd></div>
                <div><dt>{ "Duration" }</dt><dd>{ format_duration(s.duration_nanos) }</dd></div>
                <div><dt>{ "Services" }</dt><dd>{ s.services.len() }</dd></div>
                <div><dt>{ "Depth" }</dt><dd>{ s.depth }</dd></div>
                <div><dt>{ "Spans" }</dt><dd>{ s.span_count }</dd></div>
                <div class={classes!((s.error_count > 0).then_some("error-text"))}>
                    <dt>{ "Errors" }</dt><dd>{ s.error_count }</dd>
                </div>
            </dl>
            <ul class="chips" aria-label="Services">
                { for s.services.iter().map(|svc| html! {
                    <li class="chip" style={format!("--chip: {}", service_colour(&svc.service))}>
                        { format!("{} {}", svc.service, svc.span_count) }
                    </li>
                }) }
            </ul>
            if s.orphan_count > 0 {
                <p class="hint">{ format!("{} spans have no parent in this trace (a partial trace).", s.orphan_count) }</p>
            }
        </header>
    }
}
