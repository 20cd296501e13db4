//! The latency histogram: one bar per log-scale bucket (1-2-5 steps), so a fast majority and
//! a slow tail fit one picture; buckets wholly over the SLO are marked, and the SLO is a line.

use crate::analysis::format_duration;
use crate::ui::shared::Shared;
use crate::view::format;
use crate::view::latency_chart::histogram_layout;
use crate::view::latency_report::LatencyReport;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Shared<Option<LatencyReport>>,
    pub slo: u64,
}

#[function_component(HistogramChart)]
pub fn histogram_chart(p: &Props) -> Html {
    let layout = use_memo((p.report.clone(), p.slo), |(report, slo)| {
        report
            .as_ref()
            .map(|r| histogram_layout(&r.histogram, Some(*slo)))
            .unwrap_or_default()
    });
    if layout.bars.is_empty() {
        return html! {};
    }
    html! {
        <figure class="plot latency-histogram" aria-labelledby="histogram-caption">
            <div class="plot-frame">
                <div class="plot-y" aria-hidden="true">
                    { for layout.y_labels.iter().map(|l| html! {
                        <span style={format!("top: {:.2}%", l.at)}>{ l.label.clone() }</span>
                    }) }
                </div>
                <div class="plot-area">
                    <svg class="plot-svg" width="100%" height="100%" role="img"
                        aria-label={format!("Histogram of {} request durations", p.report.as_ref().as_ref().map_or(0, |r| r.histogram.total))}>
                        { for layout.y_labels.iter().map(|l| html! {
                            <line class="grid" x1="0" x2="100%" y1={format!("{:.2}%", l.at)} y2={format!("{:.2}%", l.at)} />
                        }) }
                        { for layout.bars.iter().map(|b| html! {
                            <rect class={classes!("hbar", b.over_slo.then_some("over-slo"))}
                                x={format!("{:.3}%", b.x)} width={format!("{:.3}%", b.width)}
                                y={format!("{:.3}%", 100.0 - b.height)} height={format!("{:.3}%", b.height)}>
                                <title>{ format!("{} to {}: {} requests", format_duration(b.lower_nanos),
                                    format_duration(b.upper_nanos), format::count(b.count)) }</title>
                            </rect>
                        }) }
                        if let Some(x) = layout.slo_x {
                            <line class="slo" x1={format!("{x:.3}%")} x2={format!("{x:.3}%")} y1="0" y2="100%" />
                        }
                    </svg>
                    <div class="plot-x" aria-hidden="true">
                        { for layout.x_labels.iter().map(|l| html! {
                            <span style={format!("left: {:.2}%", l.at)}>{ l.label.clone() }</span>
                        }) }
                    </div>
                </div>
            </div>
            <figcaption class="hint" id="histogram-caption">
                { format!("Request durations on a log scale (each bar twice or 2.5 times the last); the dashed line is the SLO ({}), bars past it are all too slow.", format_duration(p.slo)) }
            </figcaption>
        </figure>
    }
}
