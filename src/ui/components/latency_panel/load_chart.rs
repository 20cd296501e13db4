//! Latency against offered load: p50, p95 and p99 of every load run over the rate it offered.
//! Running the load at a few rates draws the knee: flat while the workers keep up, then the
//! tail (p99 first) turning up steeply once requests queue.

use crate::analysis::format_duration;
use crate::ui::shared::Shared;
use crate::view::latency_chart::{load_chart, Series};
use crate::view::load::number;
use crate::view::load_history::CurvePoint;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub curve: Shared<Vec<CurvePoint>>,
    pub slo: u64,
}

#[function_component(LoadChartView)]
pub fn load_chart_view(p: &Props) -> Html {
    let chart = use_memo((p.curve.clone(), p.slo), |(curve, slo)| {
        load_chart(curve, Some(*slo))
    });
    let runs = p.curve.len();
    html! {
        <section class="load-chart" aria-labelledby="load-chart-heading">
            <h3 id="load-chart-heading">{ "Latency vs offered load" }</h3>
            if chart.series.is_empty() {
                <p class="hint">{ "Each finished run adds a point here. Run the load at a few rates (say 1, 2, 3, 4 req/s with Workers for service-b at 1) to see the knee." }</p>
            } else {
                <figure class="plot">
                    <div class="plot-frame">
                        <div class="plot-y" aria-hidden="true">
                            { for chart.y_labels.iter().map(|l| html! {
                                <span style={format!("top: {:.2}%", l.at)}>{ l.label.clone() }</span>
                            }) }
                        </div>
                        <div class="plot-area">
                            <svg class="plot-svg" width="100%" height="100%" role="img"
                                aria-label={format!("Latency percentiles of {runs} load runs by offered rate; the Load runs table has the numbers")}>
                                { for chart.y_labels.iter().map(|l| html! {
                                    <line class="grid" x1="0" x2="100%" y1={format!("{:.2}%", l.at)} y2={format!("{:.2}%", l.at)} />
                                }) }
                                if let Some(y) = chart.slo_y {
                                    <line class="slo" x1="0" x2="100%" y1={format!("{y:.3}%")} y2={format!("{y:.3}%")} />
                                }
                                { for chart.series.iter().map(series) }
                            </svg>
                            <div class="plot-x" aria-hidden="true">
                                { for chart.x_labels.iter().map(|l| html! {
                                    <span style={format!("left: {:.2}%", l.at)}>{ l.label.clone() }</span>
                                }) }
                            </div>
                        </div>
                    </div>
                    <figcaption class="hint">
                        <span class="legend-line p50">{ "p50" }</span>
                        <span class="legend-line p95">{ "p95" }</span>
                        <span class="legend-line p99">{ "p99" }</span>
                        <span class="legend-line slo">{ format!("SLO {}", format_duration(p.slo)) }</span>
                        { " Requests per second offered (x) against latency (y). Hollow points are back-to-back runs, placed at the rate they achieved." }
                    </figcaption>
                </figure>
            }
        </section>
    }
}

fn series(s: &Series) -> Html {
    let segments = s.points.windows(2).map(|w| {
        html! {
            <line class={classes!("series", s.name)} x1={format!("{:.3}%", w[0].x)} y1={format!("{:.3}%", w[0].y)}
                x2={format!("{:.3}%", w[1].x)} y2={format!("{:.3}%", w[1].y)} />
        }
    });
    let dots = s.points.iter().map(|pt| {
        html! {
            <circle class={classes!("point", s.name, pt.closed_loop.then_some("closed-loop"))}
                cx={format!("{:.3}%", pt.x)} cy={format!("{:.3}%", pt.y)} r="4">
                <title>{ format!("Run #{}: {} at {} req/s", pt.run, format!("{} {}", s.name, format_duration(pt.nanos)), number(pt.rps)) }</title>
            </circle>
        }
    });
    html! { <g>{ for segments }{ for dots }</g> }
}
