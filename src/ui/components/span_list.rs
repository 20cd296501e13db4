//! A trace as a plain list of spans: service, name, duration.

use crate::model::Trace;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trace: Trace,
}

#[function_component(SpanList)]
pub fn span_list(props: &Props) -> Html {
    let trace = &props.trace;
    html! {
        <article class="trace" aria-label={format!("Trace {}", trace.trace_id)}>
            <h2>{ format!("Trace {}", trace.trace_id) }</h2>
            <table>
                <thead><tr><th>{"Service"}</th><th>{"Span"}</th><th>{"Duration"}</th></tr></thead>
                <tbody>
                { for trace.spans.iter().map(|s| html! {
                    <tr>
                        <td>{ s.service_name() }</td>
                        <td>{ s.name.as_ref() }</td>
                        <td>{ format!("{:.1} ms", s.duration_nanos() as f64 / 1e6) }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </article>
    }
}
