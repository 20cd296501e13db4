//! The Load group: **Requests**, **Run load** (many requests, in chunks, with progress and
//! **Cancel**) and its knobs (issue 7, "Load and queueing"): the arrival pattern and its
//! parameters, worker limits per service, the SLO threshold, and the trace store's caps. Each
//! control says in one line what it teaches. Values live in [`crate::view::load::LoadSettings`]
//! and [`crate::sim::LabOptions`], and so in the URL. The Workers fields are the running
//! scenario's services (issue 12), from `crate::state::scenario_workers`. The group's heading and disclosure are the
//! page layout's (`ui::app`).
//!
//! Worker and cap inputs are plain functions, not components: every Yew component adds its own
//! machinery to the bundle, and these need no state of their own.

use super::fields::{number_field, select_field, NumberProps};
use crate::clock;
use crate::state::scenario_workers::WorkerField;
use crate::state::Action;
use crate::ui::AppContext;
use crate::view::format;
use crate::view::load::{
    arrival_kind_name, parse_workers, ArrivalKind, LoadSettings, ARRIVAL_KINDS,
    BURST_INTERVAL_RANGE, BURST_SIZE_RANGE, CONCURRENCY_RANGE, RATE_RANGE, SLO_RANGE,
    STORE_SPANS_RANGE, STORE_TRACES_RANGE,
};
use crate::view::url::MAX_REQUESTS;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn load_controls(state: &AppContext) -> Html {
    let load = state.settings.load.clone();
    let with_load = |change: fn(&mut LoadSettings, f64)| {
        let state = state.clone();
        Callback::from(move |v: f64| {
            let mut s = state.settings.clone();
            change(&mut s.load, v);
            state.dispatch(Action::SetSettings(s));
        })
    };
    let on_arrival = {
        let state = state.clone();
        Callback::from(move |value: String| {
            if let Some((kind, _, _)) = ARRIVAL_KINDS.iter().find(|(_, name, _)| *name == value) {
                let mut s = state.settings.clone();
                s.load.arrival = *kind;
                state.dispatch(Action::SetSettings(s));
            }
        })
    };
    let options: Vec<(String, String)> = ARRIVAL_KINDS
        .iter()
        .map(|(_, value, text)| (value.to_string(), text.to_string()))
        .collect();
    let store = &state.store;
    html! {
        <>
            { run_load(state) }
            { select_field("arrival", "Arrival pattern", arrival_hint(load.arrival), &options,
                arrival_kind_name(load.arrival), on_arrival) }
            { match load.arrival {
                ArrivalKind::BackToBack => html! {
                    { number_field(NumberProps {
                        id: "concurrency",
                        label: "Concurrency",
                        hint: "Clients in the loop: never more requests in flight than this, so no queue grows past it.",
                        value: f64::from(load.concurrency),
                        min: f64::from(CONCURRENCY_RANGE.0),
                        max: f64::from(CONCURRENCY_RANGE.1),
                        step: 1.0,
                        on_change: with_load(|l, v| l.concurrency = v as u32),
                        disabled: false,
                    }) }
                },
                ArrivalKind::Constant | ArrivalKind::Poisson => html! {
                    { number_field(NumberProps {
                        id: "rate",
                        label: "Rate (req/s)",
                        hint: "Offered load. Above what the workers can serve, every second adds to the queue.",
                        value: load.rate_rps,
                        min: RATE_RANGE.0,
                        max: RATE_RANGE.1,
                        step: 0.1,
                        on_change: with_load(|l, v| l.rate_rps = v),
                        disabled: false,
                    }) }
                },
                ArrivalKind::Bursts => html! {
                    <>
                        { number_field(NumberProps {
                            id: "burst-size",
                            label: "Burst size",
                            hint: "Requests that arrive at the same instant: the last of them waits for all the others.",
                            value: f64::from(load.burst_size),
                            min: f64::from(BURST_SIZE_RANGE.0),
                            max: f64::from(BURST_SIZE_RANGE.1),
                            step: 1.0,
                            on_change: with_load(|l, v| l.burst_size = v as u32),
                            disabled: false,
                        }) }
                        { number_field(NumberProps {
                            id: "burst-interval",
                            label: "Burst interval (ms)",
                            hint: "Time between bursts: long enough and the queue drains in between.",
                            value: load.burst_interval_ms,
                            min: BURST_INTERVAL_RANGE.0,
                            max: BURST_INTERVAL_RANGE.1,
                            step: 1.0,
                            on_change: with_load(|l, v| l.burst_interval_ms = v),
                            disabled: false,
                        }) }
                    </>
                },
            } }
            { workers_fieldset(state) }
            { number_field(NumberProps {
                id: "slo",
                label: "SLO (ms)",
                hint: "Latency objective: the latency panel counts requests slower than this and marks it on its charts.",
                value: load.slo_ms,
                min: SLO_RANGE.0,
                max: SLO_RANGE.1,
                step: 1.0,
                on_change: with_load(|l, v| l.slo_ms = v),
                disabled: false,
            }) }
            { cap_input("store-traces", "Trace store cap (traces)", u64::from(load.store_traces),
                (u64::from(STORE_TRACES_RANGE.0), u64::from(STORE_TRACES_RANGE.1)),
                with_load(|l, v| l.store_traces = v as u32),
                "The page keeps at most this many traces; beyond it the oldest are evicted, and counted.") }
            { cap_input("store-spans", "Trace store cap (spans)", load.store_spans, STORE_SPANS_RANGE,
                with_load(|l, v| l.store_spans = v as u64),
                "…and at most this many spans, like a tracing backend's storage budget (a 2,500-call fan-out trace has 10,004).") }
            <p class="store-counts">
                { format!("Store: {} traces, {} spans", format::count(store.len() as u64), format::count(store.span_count())) }
                if store.evicted_traces() > 0 {
                    <span class="evicted-count">{ format!("; {} traces evicted", format::count(store.evicted_traces())) }</span>
                }
                { "." }
            </p>
        </>
    }
}

/// **Requests**, **Run load**, and while a run goes on its progress and **Cancel**.
fn run_load(state: &AppContext) -> Html {
    let requests = {
        let state = state.clone();
        Callback::from(move |v: f64| {
            let mut s = state.settings.clone();
            s.requests = v as u32;
            state.dispatch(Action::SetSettings(s));
        })
    };
    let run = {
        let state = state.clone();
        Callback::from(move |_| {
            crate::ui::perf_marks::run_load_started();
            state.dispatch(Action::StartLoad {
                now_unix_nano: clock::now_unix_nanos(),
            })
        })
    };
    let cancel = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::CancelLoad {
                now_unix_nano: clock::now_unix_nanos(),
            })
        })
    };
    html! {
        <>
            { number_field(NumberProps {
                id: "requests",
                label: "Requests",
                hint: "How many requests Run load sends back to back (1 to 10,000).",
                value: f64::from(state.settings.requests),
                min: 1.0,
                max: f64::from(MAX_REQUESTS),
                step: 1.0,
                on_change: requests,
                disabled: state.load.is_some(),
            }) }
            <div class="field">
                <button onclick={run} disabled={state.load.is_some()} aria-describedby="load-hint">{ "Run load" }</button>
                <p class="hint" id="load-hint">{ "Many requests at once: compare durations on the search page and spot the slow ones." }</p>
            </div>
            if let Some(load) = &state.load {
                <div class="load-progress">
                    <label for="load-progress">
                        { format!("{} of {} requests", format::count(u64::from(load.done)), format::count(u64::from(load.total))) }
                    </label>
                    <progress id="load-progress" max={load.total.to_string()} value={load.done.to_string()} />
                    <button onclick={cancel}>{ "Cancel" }</button>
                </div>
            }
        </>
    }
}

fn arrival_hint(kind: ArrivalKind) -> &'static str {
    match kind {
        ArrivalKind::BackToBack => {
            "Like a curl loop: each client sends its next request when the last one is answered."
        }
        ArrivalKind::Constant => {
            "Evenly spaced requests that keep coming whether or not the services keep up."
        }
        ArrivalKind::Poisson => {
            "Random gaps at an average rate, as independent users arrive: queues form before full load."
        }
        ArrivalKind::Bursts => "Groups of requests at once, then quiet: queues form and drain.",
    }
}

/// One field per service of the scenario that runs (`State::worker_fields`).
fn workers_fieldset(state: &AppContext) -> Html {
    let workers = state.worker_fields();
    html! {
        <fieldset class="workers" aria-describedby="workers-hint">
            <legend>{ "Workers" }</legend>
            <div class="workers-grid">
                { for workers.fields.into_iter().map(|f| workers_input(state, f, workers.editable)) }
            </div>
            <p class="hint" id="workers-hint">{ workers.hint }</p>
        </fieldset>
    }
}

/// A worker limit as text: empty means unlimited, otherwise 1–64. Invalid text is left in the
/// field (marked by the browser's pattern check) and not applied.
fn workers_input(state: &AppContext, field: WorkerField, editable: bool) -> Html {
    let WorkerField {
        id,
        service,
        workers,
    } = field;
    let oninput = {
        let state = state.clone();
        let service = service.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Some(workers) = parse_workers(&text) {
                state.dispatch(Action::SetWorkers {
                    service: service.clone(),
                    workers,
                });
            }
        })
    };
    html! {
        <div class="field worker" key={id.clone()}>
            <label for={id.clone()}>{ service }</label>
            <input type="text" inputmode="numeric" {id} value={workers.map(|n| n.to_string()).unwrap_or_default()}
                {oninput} pattern="[1-9]|[1-5][0-9]|6[0-4]" placeholder="unlimited" aria-describedby="workers-hint"
                disabled={!editable} />
        </div>
    }
}

/// A whole number applied only when committed (Enter or leaving the field): applying "5" on
/// the way to typing "5000" would evict all but five traces at once.
fn cap_input(
    id: &'static str,
    label: &'static str,
    value: u64,
    (min, max): (u64, u64),
    on_change: Callback<f64>,
    hint: &'static str,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let text = e.target_unchecked_into::<HtmlInputElement>().value();
        if let Some(n) = text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
        {
            on_change.emit(n as f64);
        }
    });
    let hint_id = format!("{id}-hint");
    html! {
        <div class="field number">
            <label for={id}>{ label }</label>
            <input type="number" {id} value={value.to_string()} {onchange} min={min.to_string()}
                max={max.to_string()} step="1" aria-describedby={hint_id.clone()} />
            <p class="hint" id={hint_id}>{ hint }</p>
        </div>
    }
}
