//! "Open in Jaeger": a link to the trace's page in the Jaeger UI (`<jaeger ui>/trace/<id>`),
//! using the address from the export panel's "Jaeger UI" field (see `export_panel::JaegerUi`).

use super::export_panel::JaegerUi;
use crate::export::jaeger_trace_url;
use crate::model::TraceId;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trace_id: TraceId,
}

#[function_component(OpenInJaeger)]
pub fn open_in_jaeger(props: &Props) -> Html {
    let jaeger = JaegerUi::from_context(use_context::<JaegerUi>());
    match jaeger_trace_url(&jaeger.base, props.trace_id) {
        Some(href) => html! {
            <a class="open-in-jaeger" {href} target="_blank" rel="noopener noreferrer"
               title="Opens Jaeger's page for this trace (export it first)">{ "Open in Jaeger" }</a>
        },
        // A half-typed address: say why there is no link instead of linking somewhere odd.
        None => html! {
            <span class="open-in-jaeger muted" title="Set the Jaeger UI field to an http(s) address">
                { "Open in Jaeger (set the Jaeger UI address)" }
            </span>
        },
    }
}
