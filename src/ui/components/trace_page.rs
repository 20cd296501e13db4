//! The trace page: header, bottleneck verdict with the patterns found, and the trace's views as
//! tabs (timeline, trace graph, statistics, spans table, flame graph, JSON) over the same
//! trace and the same selected span, whose detail shows under every view.
//! The trace is analysed once per version of it ([`crate::analysis::analyze`]); what the views
//! compute is cached per trace ([`TraceViews`]) and shared with every part by pointer.

use super::gantt::{Gantt, Highlighted};
use super::queue_note::queue_note;
use super::span_detail::{span_detail, DetailLinks};
use super::trace_header::trace_header;
use super::verdict::verdict_view;
use super::views::flame::FlamePanel;
use super::views::graph::GraphPanel;
use super::views::json::JsonPanel;
use super::views::spans_table::SpansTablePanel;
use super::views::statistics::StatisticsPanel;
use super::views::{panel_id, tab_id, tab_list, TraceViews};
use crate::analysis::{analyze, TraceAnalysis};
use crate::model::{SpanId, Trace, TraceId};
use crate::state::views::{Highlight, TraceTab};
use crate::state::{Action, Page};
use crate::ui::shared::Shared;
use crate::ui::{browser, AppContext};
use crate::view::url;
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
        <TraceView {key} trace={Shared::from(trace)} selected={state.selected_span}
            tab={state.views.tab} highlight={state.views.highlight.clone()} />
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    trace: Shared<Trace>,
    selected: Option<SpanId>,
    tab: TraceTab,
    highlight: Option<Highlight>,
}

/// A component so the analysis and the views are memoised per version of the trace.
#[function_component(TraceView)]
fn trace_view(props: &ViewProps) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let analysis: Shared<TraceAnalysis> =
        (*use_memo(props.trace.clone(), |trace| Shared::new(analyze(trace)))).clone();
    let views: Shared<TraceViews> = (*use_memo(analysis.clone(), {
        let trace = props.trace.clone();
        move |analysis| Shared::new(TraceViews::new(trace, analysis.clone()))
    }))
    .clone();
    let highlight: Option<Shared<Highlighted>> = (*use_memo(
        (analysis.clone(), props.highlight.clone()),
        |(analysis, h)| {
            h.as_ref()
                .map(|h| Shared::new(Highlighted::new(analysis, h.label.clone(), &h.spans)))
        },
    ))
    .clone();
    let findings = views.findings();
    let selected_index = props.selected.and_then(|id| analysis.tree.index_of(id));
    let on_select = {
        let (state, trace) = (state.clone(), props.trace.clone());
        Callback::from(move |index: Option<usize>| {
            let id = index.and_then(|i| trace.spans.get(i)).map(|s| s.span_id);
            state.dispatch(Action::SelectSpan(id));
        })
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let on_show = dispatch.reform(Action::ShowTraceTab);
    let on_highlight_finding = {
        let (views, dispatch, findings) = (views.clone(), dispatch.clone(), findings.clone());
        Callback::from(move |k: usize| {
            if let Some(f) = findings.get(k) {
                let label = format!("{} ({} spans)", f.kind.title(), f.span_indices.len());
                dispatch.emit(views.highlight(label, &f.span_indices));
            }
        })
    };
    let panel = match props.tab {
        TraceTab::Timeline => html! {
            <Gantt trace={props.trace.clone()} analysis={analysis.clone()} selected={selected_index}
                on_select={on_select.clone()} highlight={highlight}
                on_clear_highlight={dispatch.reform(|_| Action::Highlight(None))} />
        },
        tab => {
            let (views, selected, on_select, dispatch) = (
                views.clone(),
                selected_index,
                on_select.clone(),
                dispatch.clone(),
            );
            match tab {
                TraceTab::Graph => {
                    html! { <GraphPanel {views} {selected} {on_select} {dispatch} /> }
                }
                TraceTab::Statistics => {
                    html! { <StatisticsPanel {views} {selected} {on_select} {dispatch} /> }
                }
                TraceTab::Spans => {
                    html! { <SpansTablePanel {views} {selected} {on_select} {dispatch} /> }
                }
                TraceTab::Flame => {
                    html! { <FlamePanel {views} {selected} {on_select} {dispatch} /> }
                }
                _ => html! { <JsonPanel {views} {selected} {on_select} {dispatch} /> },
            }
        }
    };
    let on_open = {
        let state = state.clone();
        Callback::from(move |(trace, span): (TraceId, SpanId)| {
            state.dispatch(Action::OpenTrace(trace));
            state.dispatch(Action::SelectSpan(Some(span)));
        })
    };
    let in_store = {
        let state = state.clone();
        move |id: TraceId| state.store.contains(id)
    };
    let deep_link = props.selected.map(|span| {
        let settings = url::Settings {
            span: Some(span),
            ..state.settings.clone()
        };
        format!("?{}", url::merge_query(&browser::query_string(), &settings))
    });
    html! {
        <article class="trace-view" aria-label={format!("Trace {}", props.trace.trace_id)}>
            { trace_header(&props.trace, &analysis) }
            { verdict_view(&analysis, &findings, &on_select, &on_highlight_finding) }
            { queue_note(&props.trace, &on_select) }
            <div class="trace-views">
                { tab_list(props.tab, &on_show) }
                <div class="tab-panel" role="tabpanel" id={panel_id(props.tab)} aria-labelledby={tab_id(props.tab)}>
                    { panel }
                </div>
            </div>
            if let (Some(index), Some(deep_link)) = (selected_index, deep_link) {
                { span_detail(&props.trace, &analysis, index, DetailLinks {
                    on_select: &on_select, on_open: &on_open, in_store: &in_store, deep_link,
                }) }
            }
        </article>
    }
}
