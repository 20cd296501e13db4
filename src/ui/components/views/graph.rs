//! The trace graph panel: operations as boxes (service colour, span count, total and self
//! time, errors) and calls as arrows with their count, laid out by `crate::view::trace_graph`.
//! A box is a button: click it or press Enter to highlight its spans in the timeline.

use super::{clip, PanelProps};
use crate::analysis::format_duration;
use crate::view::colour::service_colour;
use crate::view::trace_graph::{GraphNode, TraceGraph};
use yew::prelude::*;

/// Room around the drawing, in its own units.
const MARGIN: f64 = 12.0;

#[function_component(GraphPanel)]
pub fn graph_panel(p: &PanelProps) -> Html {
    let graph = p.views.graph();
    let highlight = {
        let (views, dispatch) = (p.views.clone(), p.dispatch.clone());
        Callback::from(move |node: usize| {
            let graph = views.graph();
            if let Some(n) = graph.nodes.get(node) {
                let label = format!("{} {} ({} spans)", n.service, n.operation, n.count);
                dispatch.emit(views.highlight(label, &n.span_indices));
            }
        })
    };
    let (w, h) = (graph.width + 2.0 * MARGIN, graph.height + 2.0 * MARGIN);
    html! {
        <div class="graph-panel">
            <p class="hint">{ "Boxes are operations (service and span name) with their span count, total and self time; arrows are calls, with how many. Click a box, or focus it and press Enter, to highlight its spans in the timeline." }</p>
            <div class="diagram-frame">
                <svg class="diagram trace-graph" viewBox={format!("0 0 {w:.0} {h:.0}")}
                    width={format!("{w:.0}")} height={format!("{h:.0}")} role="group" aria-label="Trace graph">
                    <defs>
                        <marker id="graph-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                        </marker>
                    </defs>
                    { edges(&graph) }
                    { for graph.nodes.iter().enumerate().map(|(i, n)| node(&graph, i, n, &highlight)) }
                </svg>
            </div>
        </div>
    }
}

fn edges(graph: &TraceGraph) -> Html {
    let o = &graph.options;
    html! {
        <g class="edges" aria-hidden="true">
            { for graph.edges.iter().filter(|e| e.from != e.to).filter_map(|e| {
                let (a, b) = (graph.nodes.get(e.from)?, graph.nodes.get(e.to)?);
                let (x1, y1) = (a.x + o.node_width + MARGIN, a.y + o.node_height / 2.0 + MARGIN);
                let (x2, y2) = (b.x + MARGIN, b.y + o.node_height / 2.0 + MARGIN);
                let path = curve(x1, y1, x2, y2);
                let label = if e.errors > 0 { format!("{}× · {} failed", e.count, e.errors) } else { format!("{}×", e.count) };
                Some(html! {
                    <g class={classes!("edge", (e.errors > 0).then_some("has-error"))}>
                        <path d={path} marker-end="url(#graph-arrow)" />
                        <text x={format!("{:.1}", (x1 + x2) / 2.0)} y={format!("{:.1}", (y1 + y2) / 2.0 - 4.0)} text-anchor="middle">{ label }</text>
                    </g>
                })
            }) }
        </g>
    }
}

/// A cubic curve from the right edge of one box to the left edge of another (or looping
/// round when the target is to the left).
pub fn curve(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let bend = ((x2 - x1).abs() / 2.0).max(40.0);
    format!(
        "M {x1:.1} {y1:.1} C {:.1} {y1:.1}, {:.1} {y2:.1}, {x2:.1} {y2:.1}",
        x1 + bend,
        x2 - bend
    )
}

fn node(graph: &TraceGraph, i: usize, n: &GraphNode, on: &Callback<usize>) -> Html {
    let o = &graph.options;
    let (x, y) = (n.x + MARGIN, n.y + MARGIN);
    let loops: u32 = graph
        .edges
        .iter()
        .filter(|e| e.from == i && e.to == i)
        .map(|e| e.count)
        .sum();
    let errors = match n.errors {
        0 => String::new(),
        1 => ", 1 error".to_string(),
        k => format!(", {k} errors"),
    };
    let name = format!(
        "{} {}: {} spans, total {}, self {}{errors}. Highlight its spans in the timeline.",
        n.service,
        n.operation,
        n.count,
        format_duration(n.total_nanos),
        format_duration(n.self_nanos)
    );
    let onclick = on.reform(move |_: MouseEvent| i);
    let onkeydown = {
        let on = on.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on.emit(i);
            }
        })
    };
    let stats = format!(
        "{}× · {} · self {}",
        n.count,
        format_duration(n.total_nanos),
        format_duration(n.self_nanos)
    );
    html! {
        <g class={classes!("node", (n.errors > 0).then_some("has-error"))} transform={format!("translate({x:.1} {y:.1})")}
            role="button" tabindex="0" aria-label={name} {onclick} {onkeydown}>
            <title>{ format!("{} {}", n.service, n.operation) }</title>
            <rect class="node-box" width={format!("{}", o.node_width)} height={format!("{}", o.node_height)} rx="6" />
            <rect class="node-stripe" width="6" height={format!("{}", o.node_height)} rx="3" style={format!("fill: {}", service_colour(&n.service))} />
            <text class="node-service" x="14" y="16">{ clip(&n.service, 24) }</text>
            <text class="node-op" x="14" y="32">{ clip(&n.operation, 22) }</text>
            <text class="node-stats" x="14" y="48">{ clip(&stats, 28) }</text>
            if n.errors > 0 {
                <text class="node-errors" x={format!("{}", o.node_width - 8.0)} y="16" text-anchor="end">{ format!("⚠ {}", n.errors) }</text>
            }
            if loops > 0 {
                <text class="node-loop" x={format!("{}", o.node_width - 8.0)} y="48" text-anchor="end">{ format!("↻ {loops}") }</text>
            }
        </g>
    }
}
