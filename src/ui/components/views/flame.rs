//! The flame graph panel: each span a box under its parent, as wide as its time
//! (`crate::view::flame`); self time and errors in each box's name and label. Click a box (or
//! press Enter on it) to zoom into it, and "Reset zoom" to see the whole trace again. Boxes
//! narrower than a few pixels are left out, and at most [`MAX_BOXES`] are drawn, so a
//! 100,000-span trace draws only what can be seen. Arrow keys move between boxes: up to the
//! parent, down to the first child, left and right along the row.

use super::{focus_by_id, PanelProps};
use crate::analysis::format_duration;
use crate::view::colour::{service_colour, ERROR};
use crate::view::flame::{flame_graph, FlameBox, FlameGraph, FlameScale};
use std::collections::HashMap;
use yew::prelude::*;

/// Row height in pixels; CSS (`.flame-box`) agrees.
const ROW_HEIGHT: f64 = 24.0;
/// Narrowest box drawn, as a fraction of the view: about 2 px of a 1,000 px panel.
const MIN_WIDTH: f64 = 0.002;
/// Most boxes drawn; the layout lists parents first, so the top of the graph always shows.
const MAX_BOXES: usize = 3_000;

fn box_id(span: usize) -> String {
    format!("flame-box-{span}")
}

#[function_component(FlamePanel)]
pub fn flame_panel(p: &PanelProps) -> Html {
    let focus = use_state(|| None::<usize>);
    let scale = use_state(FlameScale::default);
    let active = use_state(|| None::<usize>);
    let graph = {
        let views = p.views.clone();
        use_memo((*focus, *scale, views), |(focus, scale, views)| {
            let a = &views.analysis;
            let mut g = flame_graph(
                &views.trace.spans,
                &a.tree,
                &a.self_times,
                *focus,
                *scale,
                MIN_WIDTH,
            );
            let cut = g.boxes.len().saturating_sub(MAX_BOXES);
            g.boxes.truncate(MAX_BOXES);
            (g, cut)
        })
    };
    let (g, cut) = (&graph.0, graph.1);
    let zoom = {
        let (focus, active, on_select) = (focus.clone(), active.clone(), p.on_select.clone());
        Callback::from(move |span: usize| {
            focus.set(Some(span));
            active.set(Some(span));
            on_select.emit(Some(span));
        })
    };
    let reset = {
        let (focus, active) = (focus.clone(), active.clone());
        Callback::from(move |_| {
            focus.set(None);
            active.set(None);
        })
    };
    let onkeydown = {
        let (graph, active, reset_focus) = (graph.clone(), active.clone(), focus.clone());
        let tree = p.views.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Escape" {
                reset_focus.set(None);
                return;
            }
            let g = &graph.0;
            let Some(current) = (*active).or_else(|| g.boxes.first().map(|b| b.span_index)) else {
                return;
            };
            let parent = |s: usize| tree.analysis.tree.parent(s);
            let next = neighbour(g, current, &key, parent);
            if let Some(span) = next {
                e.prevent_default();
                active.set(Some(span));
                focus_by_id(&box_id(span));
            }
        })
    };
    let toggle_scale = {
        let scale = scale.clone();
        Callback::from(move |_| {
            scale.set(match *scale {
                FlameScale::Time => FlameScale::Share,
                FlameScale::Share => FlameScale::Time,
            })
        })
    };
    let tab_stop = (*active)
        .filter(|a| g.boxes.iter().any(|b| b.span_index == *a))
        .or_else(|| g.boxes.first().map(|b| b.span_index));
    let spans = &p.views.trace.spans;
    html! {
        <div class="flame-panel">
            <div class="panel-tools">
                <button onclick={reset} disabled={focus.is_none()}>{ "Reset zoom" }</button>
                <button onclick={toggle_scale} aria-pressed={(*scale == FlameScale::Share).to_string()}>{ "Widths by share of parent" }</button>
                <p class="hint">{ "Each box is a span under its parent, as wide as its time; the label shows its self time (the time no child covers). Click a box to zoom in; arrow keys move between boxes." }</p>
            </div>
            if g.hidden_spans > 0 || cut > 0 {
                <p class="hint">{ format!("{} spans are too narrow to draw at this zoom; click a box to zoom into it.", g.hidden_spans + cut) }</p>
            }
            <div class="flame" role="group" aria-label="Flame graph" {onkeydown}
                style={format!("height: {}px", f64::from(g.rows) * ROW_HEIGHT)}>
                // Only keyed boxes in this list (an unkeyed empty node would make Yew diff it by
                // position, rebuilding boxes on zoom): a box whose span is missing is skipped.
                { for g.boxes.iter().filter_map(|b| Some((b, spans.get(b.span_index)?))).map(|(b, span)| {
                    let name = format!(
                        "{} {}: {}, self {}{}",
                        span.service_name(), span.name, format_duration(b.duration_nanos),
                        format_duration(b.self_nanos), if b.error { ", error" } else { "" }
                    );
                    let colour = if b.error { ERROR } else { service_colour(span.service_name()) };
                    let s = b.span_index;
                    let onclick = zoom.reform(move |_| s);
                    let label = format!("{}{} · self {}", if b.error { "⚠ " } else { "" }, span.name, format_duration(b.self_nanos));
                    html! {
                        <button id={box_id(s)} key={s} {onclick} aria-label={name.clone()} title={name}
                            tabindex={if tab_stop == Some(s) { "0" } else { "-1" }}
                            class={classes!("flame-box", b.error.then_some("error"), b.ancestor.then_some("ancestor"), (p.selected == Some(s)).then_some("selected"))}
                            style={format!("left: {:.4}%; width: {:.4}%; top: {}px; --svc: {colour}", b.x * 100.0, b.width * 100.0, f64::from(b.row) * ROW_HEIGHT)}>
                            <span>{ label }</span>
                        </button>
                    }
                }) }
            </div>
        </div>
    }
}

/// The box a key moves to from `span`: up to the parent, down to the first child drawn, left
/// and right to the nearest box on the same row.
fn neighbour(
    g: &FlameGraph,
    span: usize,
    key: &str,
    parent: impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    let by_span: HashMap<usize, &FlameBox> = g.boxes.iter().map(|b| (b.span_index, b)).collect();
    let here = by_span.get(&span)?;
    match key {
        "ArrowUp" => parent(span).filter(|p| by_span.contains_key(p)),
        "ArrowDown" => g
            .boxes
            .iter()
            .filter(|b| b.row == here.row + 1 && parent(b.span_index) == Some(span))
            .min_by(|a, b| a.x.total_cmp(&b.x))
            .map(|b| b.span_index),
        "ArrowLeft" => g
            .boxes
            .iter()
            .filter(|b| b.row == here.row && b.x < here.x)
            .max_by(|a, b| a.x.total_cmp(&b.x))
            .map(|b| b.span_index),
        "ArrowRight" => g
            .boxes
            .iter()
            .filter(|b| b.row == here.row && b.x > here.x)
            .min_by(|a, b| a.x.total_cmp(&b.x))
            .map(|b| b.span_index),
        _ => None,
    }
}
