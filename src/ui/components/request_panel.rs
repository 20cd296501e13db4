//! **Send request** (one request, played in real time by default) and **Run load** (many,
//! in chunks, with progress and **Cancel**).

use super::fields::{check_field, number_field, NumberProps};
use crate::analysis::format_duration;
use crate::clock;
use crate::state::Action;
use crate::ui::AppContext;
use crate::view::format;
use crate::view::url::{Playback, Settings, MAX_REQUESTS};
use yew::prelude::*;

pub fn request_panel(state: &AppContext) -> Html {
    let settings = state.settings.clone();
    let set = {
        let state = state.clone();
        move |change: fn(&mut Settings, f64)| {
            let state = state.clone();
            Callback::from(move |v: f64| {
                let mut s = state.settings.clone();
                change(&mut s, v);
                state.dispatch(Action::SetSettings(s));
            })
        }
    };
    let send = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SendRequest {
                now_unix_nano: clock::now_unix_nanos(),
            })
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
    let realtime = {
        let state = state.clone();
        Callback::from(move |on: bool| {
            let mut s = state.settings.clone();
            s.playback = if on {
                Playback::RealTime
            } else {
                Playback::Instant
            };
            state.dispatch(Action::SetSettings(s));
        })
    };
    let in_flight = state
        .in_flight
        .as_ref()
        .map(|f| (f.ticket, f.duration_nanos));
    html! {
        <section class="panel" aria-labelledby="requests-heading">
            <h2 id="requests-heading">{ "Requests" }</h2>
            <div class="field">
                <button class="primary" onclick={send} disabled={in_flight.is_some()}
                    aria-describedby="send-hint">{ "Send request" }</button>
                <p class="hint" id="send-hint">{ "One request: service-a GET / calls service-b GET /data, like curl localhost:5000." }</p>
            </div>
            if let Some((ticket, nanos)) = in_flight {
                <div class="in-flight" key={ticket.to_string()}>
                    <span>{ format!("Request in flight… {}", format_duration(nanos)) }</span>
                    <span class="in-flight-bar" aria-hidden="true">
                        <span style={format!("animation-duration: {}ms", nanos / 1_000_000)} />
                    </span>
                </div>
            }
            { check_field("realtime", "Real-time playback",
                "Wait as long as the request takes before its trace appears; off shows it at once.",
                settings.playback == Playback::RealTime, realtime) }
            { number_field(NumberProps {
                id: "requests",
                label: "Requests",
                hint: "How many requests Run load sends back to back (1 to 10,000).",
                value: f64::from(settings.requests),
                min: 1.0,
                max: f64::from(MAX_REQUESTS),
                step: 1.0,
                on_change: set(|s, v| s.requests = v as u32),
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
            <p class="counts">
                { format!("{} sampled, {} dropped requests", format::count(state.sampled_requests), format::count(state.dropped_requests)) }
            </p>
        </section>
    }
}
