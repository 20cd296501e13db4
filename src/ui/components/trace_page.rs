//! The trace view: header, bottleneck verdict, Gantt chart and the selected span's detail.
//! The trace is analysed once per version of it ([`crate::analysis::analyze`]) and the result
//! shared with every part by pointer.

use super::gantt::Gantt;
use super::span_detail::SpanDetail;
use super::trace_header::TraceHeader;
use super::verdict::VerdictView;
use crate::analysis::{analyze, TraceAnalysis};
use crate::model::{SpanId, Trace};
use crate::ui::shared::Shared;
use crate::ui::state::{Action, Page};
use crate::ui::AppContext;
use yew::prelude::*;

#[function_component(TracePage)]
pub fn trace_page() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let Some(trace) = state.selected().cloned() else {
        let back = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::ShowPage(Page::Search)))
        };
        return html! {
            <div class="empty">
                <p>{ "No trace is open. Press Send request, or pick a trace under Find traces." }</p>
                <button onclick={back}>{ "Find traces" }</button>
            </div>
        };
    };
    let key = trace.trace_id.to_string();
    html! {
        <TraceView {key} trace={Shared::from(trace)} selected={state.selected_span} />
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    trace: Shared<Trace>,
    selected: Option<SpanId>,
}

#[function_component(TraceView)]
fn trace_view(props: &ViewProps) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let analysis: Shared<TraceAnalysis> =
        (*use_memo(props.trace.clone(), |trace| Shared::new(analyze(trace)))).clone();
    let selected_index = props.selected.and_then(|id| analysis.tree.index_of(id));
    let on_select = {
        let (state, trace) = (state.clone(), props.trace.clone());
        Callback::from(move |index: Option<usize>| {
            let id = index.and_then(|i| trace.spans.get(i)).map(|s| s.span_id);
            state.dispatch(Action::SelectSpan(id));
        })
    };
    html! {
        <article class="trace-view" aria-label={format!("Trace {}", props.trace.trace_id)}>
            <TraceHeader trace={props.trace.clone()} analysis={analysis.clone()} />
            <VerdictView trace={props.trace.clone()} analysis={analysis.clone()} on_select={on_select.clone()} />
            <Gantt trace={props.trace.clone()} analysis={analysis.clone()} selected={selected_index}
                on_select={on_select.clone()} />
            if let Some(index) = selected_index {
                <SpanDetail trace={props.trace.clone()} analysis={analysis.clone()} {index} {on_select} />
            }
        </article>
    }
}
