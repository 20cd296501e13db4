//! The views of one trace beside the timeline (issue 13): a tab list (WAI-ARIA tabs pattern,
//! <https://www.w3.org/WAI/ARIA/apg/patterns/tabs/>, keys from [`TraceTab::after_key`]) and one
//! panel per view. Each panel only draws what the core computed (`crate::view`); the results
//! that do not depend on a panel's own controls are computed once per trace in [`TraceViews`].

pub mod flame;
pub mod graph;
pub mod json;
pub mod spans_table;
pub mod statistics;

use crate::analysis::detectors::{detect_all, Context, Finding};
use crate::analysis::TraceAnalysis;
use crate::model::Trace;
use crate::order;
use crate::state::views::{Highlight, TraceTab};
use crate::state::Action;
use crate::ui::shared::Shared;
use crate::view::layered::LayoutOptions;
use crate::view::statistics::attribute_keys;
use crate::view::trace_graph::{trace_graph, TraceGraph};
use std::cell::OnceCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// One trace with its analysis, and what the views compute from them, each on first use: a
/// trace is analysed once and each view pays only when it is first shown.
pub struct TraceViews {
    pub trace: Shared<Trace>,
    pub analysis: Shared<TraceAnalysis>,
    graph: OnceCell<Rc<TraceGraph>>,
    findings: OnceCell<Rc<Vec<Finding>>>,
    attribute_keys: OnceCell<Rc<Vec<String>>>,
    services: OnceCell<Rc<(Vec<String>, Vec<String>)>>,
}

impl TraceViews {
    pub fn new(trace: Shared<Trace>, analysis: Shared<TraceAnalysis>) -> TraceViews {
        TraceViews {
            trace,
            analysis,
            graph: OnceCell::new(),
            findings: OnceCell::new(),
            attribute_keys: OnceCell::new(),
            services: OnceCell::new(),
        }
    }

    pub fn graph(&self) -> Rc<TraceGraph> {
        self.graph
            .get_or_init(|| {
                let a = &self.analysis;
                let options = LayoutOptions::default();
                Rc::new(trace_graph(
                    &self.trace.spans,
                    &a.tree,
                    &a.self_times,
                    &options,
                ))
            })
            .clone()
    }

    /// The pattern detectors' findings (`crate::analysis::detectors`).
    pub fn findings(&self) -> Rc<Vec<Finding>> {
        self.findings
            .get_or_init(|| {
                let cx = Context::from_analysis(&self.trace.spans, &self.analysis);
                Rc::new(detect_all(&cx))
            })
            .clone()
    }

    /// Every attribute key of the spans and their resources, sorted: the "group by" menu.
    pub fn attribute_keys(&self) -> Rc<Vec<String>> {
        self.attribute_keys
            .get_or_init(|| Rc::new(attribute_keys(&self.trace.spans)))
            .clone()
    }

    /// The services and the span names of the trace, each sorted and once: filter menus.
    pub fn names(&self) -> Rc<(Vec<String>, Vec<String>)> {
        self.services
            .get_or_init(|| {
                let graph = self.graph();
                let mut services: Vec<String> =
                    graph.nodes.iter().map(|n| n.service.clone()).collect();
                let mut operations: Vec<String> =
                    graph.nodes.iter().map(|n| n.operation.clone()).collect();
                order::sort(&mut services);
                services.dedup();
                order::sort(&mut operations);
                operations.dedup();
                Rc::new((services, operations))
            })
            .clone()
    }

    /// The action that highlights spans `indices` in the timeline, named `label`.
    pub fn highlight(&self, label: String, indices: &[usize]) -> Action {
        let spans = indices
            .iter()
            .filter_map(|&i| self.trace.spans.get(i).map(|s| s.span_id))
            .collect();
        Action::Highlight(Some(Highlight { label, spans }))
    }
}

/// The tab list; arrows, Home and End move to a tab and show it (automatic activation).
pub fn tab_list(current: TraceTab, on_show: &Callback<TraceTab>) -> Html {
    let onkeydown = {
        let on_show = on_show.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(next) = current.after_key(&e.key()) else {
                return;
            };
            e.prevent_default();
            on_show.emit(next);
            focus_by_id(&tab_id(next));
        })
    };
    html! {
        <div class="trace-tabs" role="tablist" aria-label="Trace views" {onkeydown}>
            { for TraceTab::ALL.iter().map(|&tab| {
                let selected = tab == current;
                let onclick = on_show.reform(move |_| tab);
                html! {
                    <button role="tab" id={tab_id(tab)} aria-selected={selected.to_string()}
                        aria-controls={panel_id(tab)} tabindex={if selected { "0" } else { "-1" }}
                        class="trace-tab" {onclick}>{ tab.label() }</button>
                }
            }) }
        </div>
    }
}

pub fn tab_id(tab: TraceTab) -> String {
    format!("tab-{}", tab.slug())
}

pub fn panel_id(tab: TraceTab) -> String {
    format!("panel-{}", tab.slug())
}

/// Moves keyboard focus to the element with this id, if it is on the page.
pub fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = element {
        let _ = el.focus();
    }
}

/// `text` cut to `max` characters with an ellipsis, for labels inside fixed-size boxes.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// What every panel gets: the trace's views, the selected span and ways to change the page.
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub views: Shared<TraceViews>,
    /// Index of the selected span (shown in the detail below the panel).
    pub selected: Option<usize>,
    pub on_select: Callback<Option<usize>>,
    pub dispatch: Callback<Action>,
}
