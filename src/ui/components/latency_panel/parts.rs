//! The latency panel's building blocks as plain functions (one component for the whole panel
//! keeps the bundle small): a generic table, a plot frame with axis labels, and the contents
//! of the two charts, whose geometry comes from [`crate::view::latency_chart`].

use crate::analysis::format_duration;
use crate::view::colour::service_colour;
use crate::view::format;
use crate::view::latency_chart::{HistogramLayout, LoadChart};
use crate::view::load::number;
use crate::view::scatter::AxisLabel;
use yew::prelude::*;

/// One table row: its header cell and its (right-aligned) data cells; `marked` rows stand out.
pub struct Row {
    pub head: Html,
    pub cells: Vec<String>,
    pub marked: bool,
}

/// A table named `label`, with a header row of `columns` (the first for the row headers).
pub fn table(label: &'static str, columns: &[&'static str], rows: Vec<Row>, note: &str) -> Html {
    html! {
        <div class="table-scroll">
            <table class="latency-table" aria-label={label}>
                <thead>
                    <tr>{ for columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }</tr>
                </thead>
                <tbody>
                    { for rows.into_iter().map(|r| html! {
                        <tr class={classes!(r.marked.then_some("marked"))}>
                            <th scope="row">{ r.head }</th>
                            { for r.cells.into_iter().map(|c| html! { <td>{ c }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="hint">{ note.to_string() }</p>
        </div>
    }
}

/// A service's swatch (its colour everywhere in the app), name and endpoint.
pub fn service_cell(service: &str, endpoint: &str) -> Html {
    html! {
        <>
            <span class="swatch" style={format!("background: {}", service_colour(service))}></span>
            <span class="svc">{ service.to_string() }</span>{ " " }{ endpoint.to_string() }
        </>
    }
}

/// A chart: y labels left, x labels below, `content` drawn in an SVG whose coordinates are
/// percentages of the plot area.
pub fn plot(label: String, y: &[AxisLabel], x: &[AxisLabel], content: Html, caption: Html) -> Html {
    html! {
        <figure class="plot latency-plot">
            <div class="plot-frame">
                <div class="plot-y" aria-hidden="true">
                    { for y.iter().map(|l| html! { <span style={format!("top: {:.2}%", l.at)}>{ l.label.clone() }</span> }) }
                </div>
                <div class="plot-area">
                    <svg class="plot-svg" width="100%" height="100%" role="img" aria-label={label}>
                        { for y.iter().map(|l| html! {
                            <line class="grid" x1="0" x2="100%" y1={pct(l.at)} y2={pct(l.at)} />
                        }) }
                        { content }
                    </svg>
                    <div class="plot-x" aria-hidden="true">
                        { for x.iter().map(|l| html! { <span style={format!("left: {:.2}%", l.at)}>{ l.label.clone() }</span> }) }
                    </div>
                </div>
            </div>
            <figcaption class="hint">{ caption }</figcaption>
        </figure>
    }
}

fn pct(v: f64) -> String {
    format!("{:.3}%", v)
}

/// Bars of the log-scale histogram, and the SLO as a vertical dashed line.
pub fn histogram_bars(layout: &HistogramLayout) -> Html {
    html! {
        <>
            { for layout.bars.iter().map(|b| html! {
                <rect class={classes!("hbar", b.over_slo.then_some("over-slo"))} x={pct(b.x)} width={pct(b.width)}
                    y={pct(100.0 - b.height)} height={pct(b.height)}>
                    <title>{ format!("{} to {}: {} requests", format_duration(b.lower_nanos),
                        format_duration(b.upper_nanos), format::count(b.count)) }</title>
                </rect>
            }) }
            if let Some(x) = layout.slo_x {
                <line class="slo" x1={pct(x)} x2={pct(x)} y1="0" y2="100%" />
            }
        </>
    }
}

/// p50/p95/p99 lines over offered load, one dot per run (hollow for back-to-back runs), and
/// the SLO as a horizontal dashed line.
pub fn load_lines(chart: &LoadChart) -> Html {
    html! {
        <>
            if let Some(y) = chart.slo_y {
                <line class="slo" x1="0" x2="100%" y1={pct(y)} y2={pct(y)} />
            }
            { for chart.series.iter().map(|s| html! {
                <g class={s.name}>
                    { for s.points.iter().zip(s.points.iter().skip(1)).map(|(a, b)| html! {
                        <line class="series" x1={pct(a.x)} y1={pct(a.y)} x2={pct(b.x)} y2={pct(b.y)} />
                    }) }
                    { for s.points.iter().map(|p| html! {
                        <circle class={classes!("point", p.closed_loop.then_some("closed-loop"))}
                            cx={pct(p.x)} cy={pct(p.y)} r="4">
                            <title>{ format!("Run #{}: {} {} at {} req/s", p.run, s.name, format_duration(p.nanos), number(p.rps)) }</title>
                        </circle>
                    }) }
                </g>
            }) }
        </>
    }
}
