//! The service map: services as boxes and the calls between them as arrows labelled with call
//! count, error rate, p50 and p99 (`crate::view::service_map`), from the traces in the store,
//! drawn from the lab's topology (`crate::view::topology`) before any request. An arrow, and
//! each row of the table under the map, finds the traces with those calls. The drawing scrolls
//! and zooms inside its frame, so 50 services stay readable on a phone.

use super::views::clip;
use super::views::graph::curve;
use crate::analysis::format_duration;
use crate::state::views::TraceSet;
use crate::state::Action;
use crate::ui::AppContext;
use crate::view::colour::service_colour;
use crate::view::layered::LayoutOptions;
use crate::view::service_map::{service_map_of, ServiceEdge, ServiceMap};
use crate::view::topology::topology;
use std::rc::Rc;
use yew::prelude::*;

const MARGIN: f64 = 16.0;
/// Zoom steps of the frame, from "fit a phone" to "read labels closely".
const ZOOMS: [f64; 6] = [0.4, 0.55, 0.75, 1.0, 1.3, 1.6];
/// Where zoom starts when the map fits at full size (1.0); a wider map starts smaller, down
/// to the second step, and scrolls from there.
const DEFAULT_ZOOM: usize = 3;

fn map_options() -> LayoutOptions {
    LayoutOptions {
        node_width: 170.0,
        node_height: 44.0,
        column_gap: 190.0,
        row_gap: 28.0,
        max_per_column: 10,
    }
}

/// "12 calls · 8.3% errors" and "p50 310 ms · p99 480 ms" (or "no calls yet").
fn edge_text(e: &ServiceEdge) -> (String, String) {
    if e.calls == 0 {
        return ("no calls yet".into(), String::new());
    }
    let calls = if e.calls == 1 {
        "1 call".to_string()
    } else {
        format!("{} calls", e.calls)
    };
    let rate = format!("{:.1}% errors", e.error_rate() * 100.0);
    let p = |n: Option<u64>| n.map_or_else(|| "–".to_string(), format_duration);
    (
        format!("{calls} · {rate}"),
        format!("p50 {} · p99 {}", p(e.p50_nanos), p(e.p99_nanos)),
    )
}

#[function_component(ServiceMapPage)]
pub fn service_map_page() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    // `None` until the learner zooms: the largest step that fits the frame's width.
    let zoom = use_state(|| None::<usize>);
    let frame_width = use_state(|| 900.0_f64);
    let frame = use_node_ref();
    {
        let (frame, frame_width) = (frame.clone(), frame_width.clone());
        use_effect_with((), move |_| {
            if let Some(el) = frame.cast::<web_sys::Element>() {
                frame_width.set(f64::from(el.client_width()));
            }
        });
    }
    let map = {
        let state = state.clone();
        // The map is drawn from the scenario that runs (the lab, a preset or a written one).
        let key = (
            state.store.revision(),
            state.settings.lab.clone(),
            state.settings.scenario.clone(),
            Rc::as_ptr(&state.scenario.loaded),
        );
        use_memo(key, move |_| {
            let pairs = topology(&state.running_scenario());
            let traces = state.store.to_vec();
            let map = service_map_of(&pairs, &traces, &map_options());
            let ids: Vec<crate::model::TraceId> = traces.iter().map(|t| t.trace_id).collect();
            (map, ids)
        })
    };
    let (m, ids) = (&map.0, &map.1);
    let find = {
        let (state, map) = (state.clone(), map.clone());
        Callback::from(move |edge: usize| {
            let (m, ids) = (&map.0, &map.1);
            let Some(e) = m.edges.get(edge) else { return };
            let name = |i: usize| m.nodes.get(i).map_or("?", |n| n.name.as_str());
            let label = format!("calls {} → {}", name(e.from), name(e.to));
            let traces = e.traces.iter().filter_map(|&t| ids.get(t).copied());
            state.dispatch(Action::SearchTraces(TraceSet::new(label, traces)));
        })
    };
    let fit = ZOOMS
        .iter()
        .rposition(|z| z * (m.width + 2.0 * MARGIN) <= *frame_width)
        .unwrap_or(0)
        .clamp(1, DEFAULT_ZOOM);
    let at = (*zoom).unwrap_or(fit).min(ZOOMS.len() - 1);
    let scale = ZOOMS[at];
    let step = |by: isize| {
        let zoom = zoom.clone();
        Callback::from(move |_| {
            let next = (at as isize + by).clamp(0, ZOOMS.len() as isize - 1);
            zoom.set(Some(next as usize));
        })
    };
    let traced = ids.len();
    html! {
        <section class="service-map-page" aria-labelledby="map-heading">
            <h2 id="map-heading">{ "Service map" }</h2>
            <p class="hint">{
                if traced == 0 {
                    "Drawn from the lab's settings: no request has run yet. Send a request or run load to fill in the numbers.".to_string()
                } else {
                    format!("From the {traced} traces in the store. Each arrow is the calls from one service to another: how many, the share that failed, and the caller's p50 and p99 wait. Click an arrow, or use the table, to find those traces.")
                }
            }</p>
            <div class="panel-tools">
                <button onclick={step(-1)} disabled={at == 0}>{ "Zoom out" }</button>
                <button onclick={step(1)} disabled={at + 1 >= ZOOMS.len()}>{ "Zoom in" }</button>
                <span class="hint">{ format!("{:.0}%", scale * 100.0) }</span>
            </div>
            <div class="diagram-frame map-frame" ref={frame}>
                { drawing(m, scale, &find) }
            </div>
            { edge_table(m, &find) }
        </section>
    }
}

fn drawing(m: &ServiceMap, scale: f64, find: &Callback<usize>) -> Html {
    let o = &m.options;
    let (w, h) = (m.width + 2.0 * MARGIN, m.height + 2.0 * MARGIN);
    let anchor = |i: usize, right: bool| {
        m.nodes.get(i).map(|n| {
            let x = n.x + MARGIN + if right { o.node_width } else { 0.0 };
            (x, n.y + MARGIN + o.node_height / 2.0)
        })
    };
    html! {
            <svg class="diagram service-map" viewBox={format!("0 0 {w:.0} {h:.0}")}
                width={format!("{:.0}", w * scale)} height={format!("{:.0}", h * scale)}
                role="group" aria-label="Service map">
                <defs>
                    <marker id="map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                    </marker>
                </defs>
                { for m.edges.iter().enumerate().filter(|(_, e)| e.from != e.to).filter_map(|(k, e)| {
                    let ((x1, y1), (x2, y2)) = (anchor(e.from, true)?, anchor(e.to, false)?);
                    let (line1, line2) = edge_text(e);
                    let names = (m.nodes.get(e.from)?.name.clone(), m.nodes.get(e.to)?.name.clone());
                    let label = format!("{} → {}: {line1}{}{line2}. Find these traces.", names.0, names.1, if line2.is_empty() { "" } else { ", " });
                    let onclick = find.reform(move |_: MouseEvent| k);
                    let onkeydown = {
                        let find = find.clone();
                        Callback::from(move |ev: KeyboardEvent| {
                            if ev.key() == "Enter" || ev.key() == " " {
                                ev.prevent_default();
                                find.emit(k);
                            }
                        })
                    };
                    let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
                    let failing = e.errors > 0;
                    Some(html! {
                        <g class={classes!("edge", "map-edge", failing.then_some("has-error"), (e.calls == 0).then_some("idle"))}
                            role="button" tabindex="0" aria-label={label} {onclick} {onkeydown}>
                            <path class="edge-hit" d={curve(x1, y1, x2, y2)} />
                            <path d={curve(x1, y1, x2, y2)} marker-end="url(#map-arrow)" />
                            <text x={format!("{mx:.1}")} y={format!("{:.1}", my - 6.0)} text-anchor="middle">{ line1 }</text>
                            <text x={format!("{mx:.1}")} y={format!("{:.1}", my + 8.0)} text-anchor="middle">{ line2 }</text>
                        </g>
                    })
                }) }
                { for m.nodes.iter().map(|n| html! {
                    <g class="node" transform={format!("translate({:.1} {:.1})", n.x + MARGIN, n.y + MARGIN)}>
                        <title>{ n.name.clone() }</title>
                        <rect class="node-box" width={format!("{}", o.node_width)} height={format!("{}", o.node_height)} rx="6" />
                        <rect class="node-stripe" width="6" height={format!("{}", o.node_height)} rx="3" style={format!("fill: {}", service_colour(&n.name))} />
                        <text class="node-op" x="14" y="19">{ clip(&n.name, 20) }</text>
                        <text class="node-stats" x="14" y="35">{ format!("{} spans", n.spans) }</text>
                    </g>
                }) }
            </svg>
    }
}

fn edge_table(m: &ServiceMap, find: &Callback<usize>) -> Html {
    let name = |i: usize| m.nodes.get(i).map_or("?", |n| n.name.as_str()).to_string();
    let p = |n: Option<u64>| n.map_or_else(|| "–".to_string(), format_duration);
    html! {
        <div class="table-scroll">
            <table class="map-table" aria-label="Calls between services">
                <thead><tr>
                    <th scope="col">{ "Caller" }</th><th scope="col">{ "Callee" }</th>
                    <th scope="col">{ "Calls" }</th><th scope="col">{ "Error rate" }</th>
                    <th scope="col">{ "p50" }</th><th scope="col">{ "p99" }</th>
                    <th scope="col"><span class="visually-hidden">{ "Traces" }</span></th>
                </tr></thead>
                <tbody>
                    { for m.edges.iter().enumerate().map(|(k, e)| {
                        let onclick = find.reform(move |_| k);
                        let (from, to) = (name(e.from), name(e.to));
                        html! {
                            <tr class={classes!((e.errors > 0).then_some("has-error"))}>
                                <td>{ from.clone() }</td><td>{ to.clone() }</td>
                                <td class="num">{ e.calls }</td>
                                <td class={classes!("num", (e.errors > 0).then_some("error-text"))}>{ format!("{:.1}%", e.error_rate() * 100.0) }</td>
                                <td class="num">{ p(e.p50_nanos) }</td>
                                <td class="num">{ p(e.p99_nanos) }</td>
                                <td><button class="link" {onclick} disabled={e.traces.is_empty()}
                                    aria-label={format!("Find traces with calls {from} → {to}")}>{ "Find traces" }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
