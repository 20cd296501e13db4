//! The trace view: header, bottleneck verdict, Gantt chart and the selected span's detail.
//! The trace is analysed once per version of it ([`crate::analysis::analyze`]) and the result
//! shared with every part by pointer.

use super::gantt::Gantt;
use super::queue_note::queue_note;
use super::span_detail::span_detail;
use super::trace_header::trace_header;
use super::verdict::verdict_view;
use crate::analysis::{analyze, TraceAnalysis};
use crate::model::{SpanId, Trace};
use crate::state::{Action, Page};
use crate::ui::shared::Shared;
use crate::ui::AppContext;
use yew::prelude::*;

/// The open trace, or a way back to the search page.
pub fn trace_page(state: &AppContext) -> Html {
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

/// A component so the analysis is memoised per version of the trace.
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
            { trace_header(&props.trace, &analysis) }
            { verdict_view(&analysis, &on_select) }
            { queue_note(&props.trace, &on_select) }
            <Gantt trace={props.trace.clone()} analysis={analysis.clone()} selected={selected_index}
                on_select={on_select.clone()} />
            if let Some(index) = selected_index {
                { span_detail(&props.trace, &analysis, index, &on_select) }
            }
        </article>
    }
}
