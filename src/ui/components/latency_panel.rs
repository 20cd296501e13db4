//! The latency panel (issue 7): for the load runs' requests — every one, sampled or not — a
//! summary (requests, throughput, error rate, requests over the SLO), percentiles per service
//! and endpoint, a log-scale histogram, the wait for workers per service, and latency against
//! offered load over all runs, where the knee shows. Numbers come from
//! [`crate::view::latency_report`], chart geometry from [`crate::view::latency_chart`].

mod histogram;
mod load_chart;
mod tables;

use self::histogram::HistogramChart;
use self::load_chart::LoadChartView;
use self::tables::{PercentileTable, QueueTable, RunsTable};
use crate::analysis::format_duration;
use crate::ui::shared::Shared;
use crate::ui::state::Action;
use crate::ui::AppContext;
use crate::view::format;
use crate::view::latency_report::{report, LatencyReport, RunSelection};
use crate::view::load_history::{RunResult, RunStatus};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component(LatencyPanel)]
pub fn latency_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let selection = use_state(RunSelection::default);
    let slo = state.settings.load.slo_nanos();
    let history = &state.load_history;
    let found: Shared<Option<LatencyReport>> = {
        let state = state.clone();
        (*use_memo(
            (history.revision(), *selection, slo),
            move |(_, sel, slo)| Shared::new(report(&state.load_history, *sel, *slo)),
        ))
        .clone()
    };
    let curve = {
        let state = state.clone();
        (*use_memo(history.revision(), move |_| {
            Shared::new(state.load_history.curve())
        }))
        .clone()
    };
    if history.is_empty() {
        return html! {
            <section class="latency-page" aria-labelledby="latency-heading">
                <h2 id="latency-heading">{ "Latency" }</h2>
                <div class="empty">
                    <p>{ "No load runs yet. Pick an arrival pattern under Load and press Run load: every request counts here, sampled or not." }</p>
                </div>
            </section>
        };
    }
    let on_select = {
        let selection = selection.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            selection.set(match value.as_str() {
                "latest" => RunSelection::Latest,
                "all" => RunSelection::All,
                n => n.parse().map_or(RunSelection::Latest, RunSelection::Run),
            });
        })
    };
    let clear = {
        let state = state.clone();
        let selection = selection.clone();
        Callback::from(move |_| {
            selection.set(RunSelection::Latest);
            state.dispatch(Action::ClearLoadHistory);
        })
    };
    let selected_value = match *selection {
        RunSelection::Latest => "latest".to_string(),
        RunSelection::All => "all".to_string(),
        RunSelection::Run(n) => n.to_string(),
    };
    let shown_run = match *selection {
        RunSelection::Latest => history.latest(),
        RunSelection::Run(n) => history.run(n),
        RunSelection::All => None,
    };
    html! {
        <section class="latency-page" aria-labelledby="latency-heading">
            <h2 id="latency-heading">{ "Latency" }</h2>
            <div class="latency-tools">
                <div class="field select">
                    <label for="latency-run">{ "Show" }</label>
                    <select id="latency-run" onchange={on_select}>
                        <option value="latest" selected={selected_value == "latest"}>{ "Latest run" }</option>
                        { for history.runs().rev().map(|r| {
                            let value = r.number.to_string();
                            let selected = selected_value == value;
                            html! {
                                <option {selected} {value}>
                                    { format!("Run #{}: {}", r.number, r.meta.arrival) }
                                </option>
                            }
                        }) }
                        <option value="all" selected={selected_value == "all"}>{ "All runs" }</option>
                    </select>
                </div>
                <button onclick={clear} disabled={state.load.is_some()}>{ "Clear runs" }</button>
            </div>
            if let Some(run) = shown_run {
                <p class="run-line">{ run_line(run) }</p>
            }
            if history.dropped_records() > 0 {
                <p class="hint evicted">{ format!("{} older request records were dropped (the panel keeps the latest {}); their runs stay on the load chart.",
                    format::count(history.dropped_records()), format::count(crate::view::load_history::MAX_RECORDS)) }</p>
            }
            { match &*found {
                None => html! { <p class="empty">{ "No requests have finished in this run yet." }</p> },
                Some(r) => html! {
                    <>
                        { summary(r, slo) }
                        <PercentileTable report={found.clone()} />
                        <HistogramChart report={found.clone()} {slo} />
                        <QueueTable report={found.clone()} />
                    </>
                },
            } }
            <LoadChartView curve={curve.clone()} {slo} />
            <RunsTable />
        </section>
    }
}

fn run_line(run: &RunResult) -> String {
    let status = match run.status {
        RunStatus::Running => "running",
        RunStatus::Finished => "finished",
        RunStatus::Cancelled => "cancelled",
    };
    format!(
        "Run #{}: {} · workers {} · {} of {} requests, {status}.",
        run.number,
        run.meta.arrival,
        run.meta.workers,
        format::count(run.received),
        format::count(u64::from(run.meta.requested)),
    )
}

fn summary(r: &LatencyReport, slo: u64) -> Html {
    let s = &r.requests;
    let throughput = s
        .throughput_rps
        .map_or_else(|| "—".to_string(), |t| format!("{t:.1} req/s"));
    let over_share = s.over_slo as f64 / s.latency.count.max(1) as f64 * 100.0;
    html! {
        <dl class="facts latency-facts" aria-label="Summary">
            <div><dt>{ "Requests" }</dt><dd>{ format::count(s.latency.count) }</dd></div>
            <div><dt>{ "Throughput" }</dt><dd>{ throughput }</dd></div>
            <div class={classes!((s.error_count > 0).then_some("error-text"))}>
                <dt>{ "Error rate" }</dt>
                <dd>{ format!("{:.1} % ({})", s.error_rate * 100.0, format::count(s.error_count)) }</dd>
            </div>
            <div class={classes!((s.over_slo > 0).then_some("over-slo"))}>
                <dt>{ format!("Over SLO ({})", format_duration(slo)) }</dt>
                <dd>{ format!("{} ({over_share:.1} %)", format::count(s.over_slo)) }</dd>
            </div>
            <div><dt>{ "Not sampled" }</dt><dd>{ format::count(r.unsampled) }</dd></div>
        </dl>
    }
}
