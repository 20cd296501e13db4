//! The latency panel (issue 7): for the load runs' requests — every one, sampled or not — a
//! summary (requests, throughput, error rate, requests over the SLO), p50/p95/p99/max per
//! service and endpoint, a log-scale histogram, the wait for workers per service, and latency
//! against offered load over all runs, where the knee shows. Numbers come from
//! [`crate::view::latency_report`], chart geometry from [`crate::view::latency_chart`].

mod parts;

use self::parts::{histogram_bars, load_lines, plot, service_cell, table, Row};
use crate::analysis::format_duration;
use crate::state::Action;
use crate::ui::components::fields::fact;
use crate::ui::AppContext;
use crate::view::format;
use crate::view::latency_chart::{histogram_layout, load_chart};
use crate::view::latency_report::{report, LatencyReport, RunSelection};
use crate::view::load::number;
use crate::view::load_history::{LoadHistory, RunResult, RunStatus, MAX_RECORDS};
use yew::prelude::*;

#[function_component(LatencyPanel)]
pub fn latency_panel() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let slo = state.settings.load.slo_nanos();
    let history = &state.load_history;
    let computed = {
        let state = state.clone();
        use_memo((history.revision(), slo), move |(_, slo)| {
            let history = &state.load_history;
            let found = report(history, RunSelection::Latest, *slo);
            let bars = found
                .as_ref()
                .map(|r| histogram_layout(&r.histogram, Some(*slo)))
                .unwrap_or_default();
            (found, bars, load_chart(history.curve(), Some(*slo)))
        })
    };
    let (found, bars, chart) = &*computed;
    let heading = html! { <h2 id="latency-heading">{ "Latency" }</h2> };
    if history.is_empty() {
        return html! {
            <section class="latency-page" aria-labelledby="latency-heading">
                { heading }
                <p class="empty">{ "No load runs yet. Pick an arrival pattern under Load and press Run load: every request counts here, sampled or not." }</p>
            </section>
        };
    }
    let clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearLoadHistory))
    };
    let dropped = history.dropped_records();
    html! {
        <section class="latency-page" aria-labelledby="latency-heading">
            { heading }
            <div class="latency-tools">
                if let Some(run) = history.latest() {
                    <p class="run-line">{ run_line(run) }</p>
                }
                <button onclick={clear} disabled={state.load.is_some()}>{ "Clear runs" }</button>
            </div>
            if dropped > 0 {
                <p class="hint dropped-records">{ format!("{} older request records were dropped (the panel keeps the latest {}); their runs stay on the load chart.",
                    format::count(dropped), format::count(MAX_RECORDS)) }</p>
            }
            if let Some(r) = found {
                { summary(r, slo) }
                { percentiles(r) }
                { plot(format!("Histogram of {} request durations", r.histogram.total), &bars.y_labels, &bars.x_labels,
                    histogram_bars(bars),
                    html! { { format!("Request durations on a log scale (bars 1-2-5 apart); the dashed line is the SLO ({}): bars past it are all too slow.", format_duration(slo)) } }) }
                <h3>{ "Queue wait per service" }</h3>
                { queues(r) }
            } else {
                <p class="empty">{ "No requests have finished in this run yet." }</p>
            }
            <h3>{ "Latency vs offered load" }</h3>
            if chart.series.is_empty() {
                <p class="hint">{ "Each finished run adds a point here. Run the load at a few rates (say 1, 2, 3, 4 req/s with service-b at 1 worker) to see the knee." }</p>
            } else {
                { plot(format!("Latency percentiles of {} load runs by offered rate; the Load runs table has the numbers", chart.series[0].points.len()),
                    &chart.y_labels, &chart.x_labels, load_lines(chart),
                    html! {
                        <>
                            <span class="legend-line p50">{ "p50" }</span>
                            <span class="legend-line p95">{ "p95" }</span>
                            <span class="legend-line p99">{ "p99" }</span>
                            <span class="legend-line slo">{ format!("SLO {}", format_duration(slo)) }</span>
                            { "Offered requests per second (x) against latency (y); hollow dots are back-to-back runs, at the rate they achieved. Where the lines turn up, the services are at capacity." }
                        </>
                    }) }
            }
            { runs(history) }
        </section>
    }
}

fn run_line(run: &RunResult) -> String {
    format!(
        "Run #{}: {} · workers {} · {} of {} requests{}.",
        run.number,
        run.meta.arrival,
        run.meta.workers,
        format::count(run.received),
        format::count(u64::from(run.meta.requested)),
        status(run.status),
    )
}

fn status(s: RunStatus) -> &'static str {
    match s {
        RunStatus::Running => " (running)",
        RunStatus::Finished => "",
        RunStatus::Cancelled => " (cancelled)",
    }
}

fn summary(r: &LatencyReport, slo: u64) -> Html {
    let s = &r.requests;
    let throughput = s
        .throughput_rps
        .map_or_else(|| "—".to_string(), |t| format!("{:.1} req/s", t));
    let over_share = s.over_slo as f64 / s.latency.count.max(1) as f64 * 100.0;
    html! {
        <dl class="facts latency-facts" aria-label="Summary">
            { fact("Requests", format::count(s.latency.count)) }
            { fact("Throughput", throughput) }
            <div class={classes!((s.error_count > 0).then_some("error-text"))}>
                <dt>{ "Error rate" }</dt>
                <dd>{ format!("{:.1} % ({})", s.error_rate * 100.0, format::count(s.error_count)) }</dd>
            </div>
            <div class={classes!((s.over_slo > 0).then_some("over-slo"))}>
                <dt>{ format!("Over SLO ({})", format_duration(slo)) }</dt>
                <dd>{ format!("{} ({:.1} %)", format::count(s.over_slo), over_share) }</dd>
            </div>
            { fact("Not sampled", format::count(r.unsampled)) }
        </dl>
    }
}

fn percentiles(r: &LatencyReport) -> Html {
    let row = |head: Html, calls: u64, s: &crate::analysis::LatencyStats| Row {
        head,
        cells: vec![
            format::count(calls),
            format_duration(s.latency.p50),
            format_duration(s.latency.p95),
            format_duration(s.latency.p99),
            format_duration(s.latency.max),
            format!("{:.1} %", s.error_rate * 100.0),
        ],
        marked: false,
    };
    let mut rows = vec![row(
        html! { <strong>{ "All requests (end to end)" }</strong> },
        r.requests.latency.count,
        &r.requests,
    )];
    rows.extend(
        r.services
            .iter()
            .map(|s| row(service_cell(&s.service, &s.endpoint), s.calls, &s.stats)),
    );
    table(
        "Latency percentiles",
        &["Where", "Calls", "p50", "p95", "p99", "max", "Errors"],
        rows,
        "Per service: the time it spent on each request (its SERVER span; with a fan-out, db's calls added up). Nearest-rank percentiles: some request really took that long.",
    )
}

fn queues(r: &LatencyReport) -> Html {
    let waited = r.services.iter().any(|s| s.queue.waited_count > 0);
    let rows = r
        .services
        .iter()
        .map(|s| {
            let q = &s.queue;
            let share = q.waited_count as f64 / q.count.max(1) as f64 * 100.0;
            Row {
                head: service_cell(&s.service, &s.endpoint),
                cells: vec![
                    format!("{} ({:.0} %)", format::count(q.waited_count), share),
                    format_duration(q.mean_wait_nanos),
                    format_duration(q.p95_wait_nanos),
                    format_duration(q.max_wait_nanos),
                    format!("{:.1}", q.mean_queue_length),
                ],
                marked: q.waited_count > 0,
            }
        })
        .collect();
    let note = if waited {
        "Requests waited for a free worker: in their traces the server span starts late, with a queued event (hatched in the timeline). Mean queue: requests waiting on average (Little's law)."
    } else {
        "Nobody waited: every service had a free worker for every request. Give service-b 1 worker and a rate above 3 req/s to see a queue."
    };
    table(
        "Queue wait per service",
        &[
            "Service",
            "Waited",
            "Mean wait",
            "p95 wait",
            "Max wait",
            "Mean queue",
        ],
        rows,
        note,
    )
}

fn runs(history: &LoadHistory) -> Html {
    let rows = history
        .runs()
        .rev()
        .map(|r| {
            let dur = |pick: fn(&crate::analysis::LoadPoint) -> u64| {
                r.point
                    .as_ref()
                    .map_or_else(|| "—".to_string(), |p| format_duration(pick(p)))
            };
            Row {
                head: html! { { format!("#{} {} · workers {}{}", r.number, r.meta.arrival, r.meta.workers, status(r.status)) } },
                cells: vec![
                    format::count(r.received),
                    r.point
                        .and_then(|p| p.achieved_rps)
                        .map_or_else(|| "—".to_string(), |a| format!("{} req/s", number(a))),
                    dur(|p| p.p50_nanos),
                    dur(|p| p.p95_nanos),
                    dur(|p| p.p99_nanos),
                ],
                marked: false,
            }
        })
        .collect();
    table(
        "Load runs",
        &["Run", "Requests", "Achieved", "p50", "p95", "p99"],
        rows,
        "Newest first. Achieved: requests completed per second, from the first start to the last answer.",
    )
}
