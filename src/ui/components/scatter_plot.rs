//! Duration over time, one dot per matching trace (Jaeger's search scatter plot): slow traces
//! stand out at the top, error traces are red. Pointing at a dot shows the trace in a tooltip;
//! clicking it opens the trace; the result list below offers the same traces to the keyboard.
//!
//! Drawn as two SVG paths (plain and error dots) plus a circle for the selected and the
//! hovered trace, with one pointer listener that asks the core which dot is under the pointer
//! ([`crate::view::scatter_marks`]): thousands of `<circle>` elements with a `<title>` and a
//! listener each cost more than the simulation behind them (issue 15).

use crate::model::TraceId;
use crate::state::search::Found;
use crate::state::{Action, State};
use crate::ui::browser;
use crate::view::scatter_marks::{self, DotPaths, HIT_RADIUS_PX, VIEW_BOX};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

#[derive(Properties)]
pub struct ScatterProps {
    pub found: Rc<Found>,
    pub selected: Option<TraceId>,
    pub dispatch: UseReducerDispatcher<State>,
}

/// Same search result (by pointer) and selection: nothing to redraw.
impl PartialEq for ScatterProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.found, &other.found)
            && self.selected == other.selected
            && self.dispatch == other.dispatch
    }
}

/// A search result compared by pointer, as the key of the memoised marks.
struct Same(Rc<Found>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the plot draws of a search result, computed once per result.
struct Marks {
    errors: Vec<bool>,
    /// The plain and the error dots' path data, shared with the DOM diff (no copy per render).
    plain: AttrValue,
    error: AttrValue,
    label: AttrValue,
}

impl Marks {
    fn of(found: &Found) -> Marks {
        let errors: Vec<bool> = found.matches.iter().map(|t| t.error_count() > 0).collect();
        let slowest = found
            .matches
            .iter()
            .map(|t| t.duration_nanos())
            .max()
            .unwrap_or(0);
        let error_traces = errors.iter().filter(|&&e| e).count();
        let DotPaths { plain, error } = scatter_marks::dot_paths(&found.plot.points, &errors);
        Marks {
            plain: plain.into(),
            error: error.into(),
            label: scatter_marks::aria_label(found.matches.len(), slowest, error_traces).into(),
            errors,
        }
    }
}

/// The dot under a mouse event on the plot's SVG, if any.
fn dot_at(e: &MouseEvent, found: &Found, errors: &[bool]) -> Option<usize> {
    // Yew delegates events to the app's root, so `current_target` is not the plot: find it from
    // the element under the pointer (the SVG itself or a ring drawn in it).
    let target = e.target()?.dyn_into::<Element>().ok()?;
    let svg = target.closest("svg.plot-svg").ok()??;
    let rect = svg.get_bounding_client_rect();
    let at = (
        f64::from(e.client_x()) - rect.left(),
        f64::from(e.client_y()) - rect.top(),
    );
    scatter_marks::hit(
        &found.plot.points,
        errors,
        at,
        (rect.width(), rect.height()),
        HIT_RADIUS_PX,
    )
}

/// A circle at point `i` of the plot (percent coordinates, so it stays round).
fn ring(found: &Found, i: usize, class: Classes) -> Html {
    match found.plot.points.get(i) {
        Some(p) => html! {
            <circle {class} cx={format!("{:.2}%", p.x)} cy={format!("{:.2}%", p.y)} r="5" />
        },
        None => html! {},
    }
}

#[function_component(ScatterPlot)]
pub fn scatter_plot(props: &ScatterProps) -> Html {
    // The hovered dot by index and trace id: a new result may put another trace at the index.
    let hovered = use_state_eq(|| None::<(usize, TraceId)>);
    let marks = use_memo(Same(props.found.clone()), |Same(found)| Marks::of(found));
    let found = &props.found;
    if found.matches.is_empty() {
        return html! {};
    }
    let hover = (*hovered).filter(|&(i, id)| found.matches.get(i).map(|t| t.trace_id) == Some(id));
    let onmousemove = {
        let (found, marks, hovered) = (found.clone(), marks.clone(), hovered.clone());
        Callback::from(move |e: MouseEvent| {
            let i = dot_at(&e, &found, &marks.errors);
            hovered.set(i.and_then(|i| found.matches.get(i).map(|t| (i, t.trace_id))));
        })
    };
    let onmouseleave = {
        let hovered = hovered.clone();
        Callback::from(move |_: MouseEvent| hovered.set(None))
    };
    let onclick = {
        let (found, marks, dispatch) = (found.clone(), marks.clone(), props.dispatch.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(t) = dot_at(&e, &found, &marks.errors).and_then(|i| found.matches.get(i)) {
                dispatch.dispatch(Action::OpenTrace(t.trace_id));
            }
        })
    };
    let selected = props
        .selected
        .and_then(|id| found.matches.iter().position(|t| t.trace_id == id));
    let tip = hover.and_then(|(i, _)| {
        let (trace, p) = (found.matches.get(i)?, found.plot.points.get(i)?);
        let text = scatter_marks::tip_text(trace, browser::utc_offset_minutes());
        let style = format!(
            "left: {:.2}%; top: calc((100% - 22px) * {:.4})",
            p.x,
            p.y / 100.0
        );
        // Near an edge the tip grows inwards, so it stays within the plot.
        let side = if p.x > 60.0 {
            Some("end")
        } else if p.x < 40.0 {
            Some("start")
        } else {
            None
        };
        Some(html! { <div class={classes!("plot-tip", side)} aria-hidden="true" {style}>{ text }</div> })
    });
    let view_box = format!("0 0 {VIEW_BOX} {VIEW_BOX}");
    let dots = |d: &AttrValue, error: bool| {
        let kind = error.then_some("error");
        html! {
            <>
                <path class={classes!("dot-ring", kind)} d={d.clone()} fill="none"
                    stroke-linecap="round" vector-effect="non-scaling-stroke" />
                <path class={classes!("dot-fill", kind)} d={d.clone()} fill="none"
                    stroke-linecap="round" vector-effect="non-scaling-stroke" />
            </>
        }
    };
    let plot = &found.plot;
    html! {
        <figure class="plot">
            <div class="plot-frame">
                <div class="plot-y" aria-hidden="true">
                    { for plot.y_labels.iter().map(|l| html! {
                        <span style={format!("top: {:.2}%", l.at)}>{ l.label.clone() }</span>
                    }) }
                </div>
                <div class="plot-area">
                    <svg class={classes!("plot-svg", hover.is_some().then_some("pointing"))}
                        width="100%" height="100%" role="img" aria-label={marks.label.clone()}
                        {onmousemove} {onmouseleave} {onclick}>
                        { for plot.y_labels.iter().map(|l| html! {
                            <line class="grid" x1="0" x2="100%" y1={format!("{:.2}%", l.at)} y2={format!("{:.2}%", l.at)} />
                        }) }
                        <svg class="plot-dots" width="100%" height="100%" viewBox={view_box}
                            preserveAspectRatio="none" overflow="visible">
                            { dots(&marks.plain, false) }
                            { dots(&marks.error, true) }
                        </svg>
                        { for selected.map(|i| ring(found, i, classes!("dot", "selected",
                            marks.errors.get(i).copied().unwrap_or(false).then_some("error")))) }
                        { for hover.map(|(i, _)| ring(found, i, classes!("dot", "hovered",
                            marks.errors.get(i).copied().unwrap_or(false).then_some("error")))) }
                    </svg>
                    { for tip }
                    <div class="plot-x" aria-hidden="true">
                        { for plot.x_labels.iter().map(|l| html! {
                            <span style={format!("left: {:.2}%", l.at)}>{ l.label.clone() }</span>
                        }) }
                    </div>
                </div>
            </div>
            <figcaption class="hint">
                { "Each dot is a trace: later to the right, slower higher; red ones had errors. Point at a dot to see the trace; click it to open it." }
            </figcaption>
        </figure>
    }
}
