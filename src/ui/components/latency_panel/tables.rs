//! The latency panel's tables: percentiles per service and endpoint, the wait for workers per
//! service, and one line per load run (what it offered, what it got).

use crate::analysis::{format_duration, LatencyStats};
use crate::ui::shared::Shared;
use crate::ui::AppContext;
use crate::view::colour::service_colour;
use crate::view::format;
use crate::view::latency_report::LatencyReport;
use crate::view::load::number;
use crate::view::load_history::RunStatus;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Shared<Option<LatencyReport>>,
}

/// p50/p95/p99/max: end to end first, then each service endpoint.
#[function_component(PercentileTable)]
pub fn percentile_table(p: &ReportProps) -> Html {
    let Some(r) = &*p.report else {
        return html! {};
    };
    html! {
        <div class="table-scroll">
            <table class="latency-table" aria-label="Latency percentiles">
                <thead>
                    <tr>
                        <th scope="col">{ "Where" }</th>
                        <th scope="col" class="num">{ "Calls" }</th>
                        <th scope="col" class="num">{ "p50" }</th>
                        <th scope="col" class="num">{ "p95" }</th>
                        <th scope="col" class="num">{ "p99" }</th>
                        <th scope="col" class="num">{ "max" }</th>
                        <th scope="col" class="num">{ "Errors" }</th>
                    </tr>
                </thead>
                <tbody>
                    { stats_row(html! { <strong>{ "All requests (end to end)" }</strong> }, r.requests.latency.count, &r.requests) }
                    { for r.services.iter().map(|s| stats_row(service_cell(&s.service, &s.endpoint), s.calls, &s.stats)) }
                </tbody>
            </table>
            <p class="hint">{ "Per service: the time it spent on each request (its SERVER span; with a fan-out, db's calls added up). Percentiles are nearest-rank: some request really took that long." }</p>
        </div>
    }
}

fn service_cell(service: &str, endpoint: &str) -> Html {
    html! {
        <>
            <span class="swatch" style={format!("background: {}", service_colour(service))} aria-hidden="true"></span>
            <span class="svc">{ service.to_string() }</span>{ " " }<span class="op">{ endpoint.to_string() }</span>
        </>
    }
}

fn stats_row(label: Html, calls: u64, s: &LatencyStats) -> Html {
    let l = &s.latency;
    html! {
        <tr>
            <th scope="row">{ label }</th>
            <td class="num">{ format::count(calls) }</td>
            <td class="num">{ format_duration(l.p50) }</td>
            <td class="num">{ format_duration(l.p95) }</td>
            <td class="num">{ format_duration(l.p99) }</td>
            <td class="num">{ format_duration(l.max) }</td>
            <td class={classes!("num", (s.error_count > 0).then_some("error-text"))}>
                { format!("{:.1} %", s.error_rate * 100.0) }
            </td>
        </tr>
    }
}

/// How long requests waited for a worker at each service.
#[function_component(QueueTable)]
pub fn queue_table(p: &ReportProps) -> Html {
    let Some(r) = &*p.report else {
        return html! {};
    };
    let any_wait = r.services.iter().any(|s| s.queue.waited_count > 0);
    html! {
        <section class="queue" aria-labelledby="queue-heading">
            <h3 id="queue-heading">{ "Queue wait per service" }</h3>
            <div class="table-scroll">
                <table class="latency-table" aria-label="Queue wait per service">
                    <thead>
                        <tr>
                            <th scope="col">{ "Service" }</th>
                            <th scope="col" class="num">{ "Waited" }</th>
                            <th scope="col" class="num">{ "Mean wait" }</th>
                            <th scope="col" class="num">{ "p95 wait" }</th>
                            <th scope="col" class="num">{ "Max wait" }</th>
                            <th scope="col" class="num">{ "Mean queue" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for r.services.iter().map(|s| {
                            let q = &s.queue;
                            let share = q.waited_count as f64 / q.count.max(1) as f64 * 100.0;
                            html! {
                                <tr class={classes!((q.waited_count > 0).then_some("queued"))}>
                                    <th scope="row">{ service_cell(&s.service, &s.endpoint) }</th>
                                    <td class="num">{ format!("{} ({share:.0} %)", format::count(q.waited_count)) }</td>
                                    <td class="num">{ format_duration(q.mean_wait_nanos) }</td>
                                    <td class="num">{ format_duration(q.p95_wait_nanos) }</td>
                                    <td class="num">{ format_duration(q.max_wait_nanos) }</td>
                                    <td class="num">{ format!("{:.1}", q.mean_queue_length) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="hint">
                if any_wait {
                    { "Requests waited for a free worker: in their traces the server span starts late (a queued event on it, hatched in the timeline). Mean queue = requests waiting on average (Little's law)." }
                } else {
                    { "Nobody waited: every service had a free worker for every request. Set Workers for service-b to 1 and a rate above 3 req/s to see a queue." }
                }
            </p>
        </section>
    }
}

/// One line per run: the chart's data as a table (also what a screen reader gets).
#[function_component(RunsTable)]
pub fn runs_table() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let history = &state.load_history;
    html! {
        <div class="table-scroll">
            <table class="latency-table runs" aria-label="Load runs">
                <thead>
                    <tr>
                        <th scope="col">{ "Run" }</th>
                        <th scope="col">{ "Arrival" }</th>
                        <th scope="col">{ "Workers" }</th>
                        <th scope="col" class="num">{ "Requests" }</th>
                        <th scope="col" class="num">{ "Achieved" }</th>
                        <th scope="col" class="num">{ "p50" }</th>
                        <th scope="col" class="num">{ "p95" }</th>
                        <th scope="col" class="num">{ "p99" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for history.runs().rev().map(|r| {
                        let status = match r.status {
                            RunStatus::Running => " (running)",
                            RunStatus::Cancelled => " (cancelled)",
                            RunStatus::Finished => "",
                        };
                        let dur = |pick: fn(&crate::analysis::LoadPoint) -> u64| {
                            r.point.as_ref().map_or_else(|| "—".to_string(), |p| format_duration(pick(p)))
                        };
                        let achieved = r.point.and_then(|p| p.achieved_rps)
                            .map_or_else(|| "—".to_string(), |a| format!("{} req/s", number(a)));
                        html! {
                            <tr>
                                <th scope="row">{ format!("#{}{status}", r.number) }</th>
                                <td>{ r.meta.arrival.clone() }</td>
                                <td>{ r.meta.workers.clone() }</td>
                                <td class="num">{ format::count(r.received) }</td>
                                <td class="num">{ achieved }</td>
                                <td class="num">{ dur(|p| p.p50_nanos) }</td>
                                <td class="num">{ dur(|p| p.p95_nanos) }</td>
                                <td class="num">{ dur(|p| p.p99_nanos) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
