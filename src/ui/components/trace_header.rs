//! The trace header: trace id, start, duration, services, depth, span and error counts.

use crate::analysis::{format_duration, TraceAnalysis};
use crate::model::Trace;
use crate::ui::browser;
use crate::ui::components::fields::fact;
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
                { fact("Start", format::clock_time(s.start_unix_nano, browser::utc_offset_minutes())) }
                { fact("Duration", format_duration(s.duration_nanos)) }
                { fact("Services", s.services.len().to_string()) }
                { fact("Depth", s.depth.to_string()) }
                { fact("Spans", s.span_count.to_string()) }
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
