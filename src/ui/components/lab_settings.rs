//! The Lab settings group: the lab's knobs, bound to [`crate::sim::LabOptions`], plus
//! **Real-time playback**, **Seed** and **Clear traces**. Each control says in one line what it
//! teaches. The group's heading and disclosure are the page layout's (`ui::app`).

use super::fields::{check_field, number_field, select_field, NumberProps};
use crate::sim::LabOptions;
use crate::state::Action;
use crate::ui::{browser, AppContext};
use crate::view::url::{self, Playback, FAN_OUT_MODES, SAMPLERS, SEMCONVS};
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn lab_settings(state: &AppContext) -> Html {
    let lab = state.settings.lab.clone();
    // One callback factory per value type: copy the options, change one field, dispatch.
    let with = |change: fn(&mut LabOptions, bool)| {
        let state = state.clone();
        Callback::from(move |v: bool| {
            let mut s = state.settings.clone();
            change(&mut s.lab, v);
            state.dispatch(Action::SetSettings(s));
        })
    };
    let with_number = |change: fn(&mut LabOptions, f64)| {
        let state = state.clone();
        Callback::from(move |v: f64| {
            let mut s = state.settings.clone();
            change(&mut s.lab, v);
            state.dispatch(Action::SetSettings(s));
        })
    };
    let with_choice = |change: fn(&mut LabOptions, &str)| {
        let state = state.clone();
        Callback::from(move |v: String| {
            let mut s = state.settings.clone();
            change(&mut s.lab, &v);
            state.dispatch(Action::SetSettings(s));
        })
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearTraces))
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
    html! {
        <>
            { check_field("realtime", "Real-time playback",
                "Wait as long as the request takes before its trace appears; off shows it at once.",
                state.settings.playback == Playback::RealTime, realtime) }
            { check_field("heavy-calc", "heavy_calc span (Challenge 1)",
                "B wraps 100 ms of work in a manual span: a fourth span, nested inside B's.",
                lab.heavy_calc, with(|l, v| l.heavy_calc = v)) }
            { check_field("random-500s", "Random 500s (Challenge 2)",
                "B sometimes answers 500: see which spans turn red and which stay 200.",
                lab.random_500s, with(|l, v| l.random_500s = v)) }
            { number_field(NumberProps {
                id: "error-rate",
                label: "Error rate",
                hint: "Percent of requests B fails when Random 500s is on.",
                value: lab.error_rate_percent,
                min: 0.0,
                max: 100.0,
                step: 1.0,
                on_change: with_number(|l, v| l.error_rate_percent = v),
                disabled: false,
            }) }
            { select_field("sampler", "Sampler",
                "OTEL_TRACES_SAMPLER: which requests are recorded; parentbased_* follow the caller.",
                &choices(SAMPLERS), url::sampler_name(lab.sampler),
                with_choice(|l, v| pick(SAMPLERS, v, &mut l.sampler))) }
            { number_field(NumberProps {
                id: "sampling-ratio",
                label: "Sampling ratio",
                hint: "OTEL_TRACES_SAMPLER_ARG: the share of traces the ratio samplers keep.",
                value: lab.sampling_ratio,
                min: 0.0,
                max: 1.0,
                step: 0.05,
                on_change: with_number(|l, v| l.sampling_ratio = v),
                disabled: false,
            }) }
            { select_field("semconv", "Semantic conventions",
                "OTEL_SEMCONV_STABILITY_OPT_IN: old (http.method) or stable (http.request.method) names.",
                &choices(SEMCONVS), url::semconv_name(lab.semconv),
                with_choice(|l, v| pick(SEMCONVS, v, &mut l.semconv))) }
            { check_field("propagate", "Propagate context",
                "A sends traceparent to B. Off, B starts its own trace: two traces instead of one.",
                lab.propagate, with(|l, v| l.propagate = v)) }
            { number_field(NumberProps {
                id: "network-delay",
                label: "Network delay (ms)",
                hint: "Time on the wire each way: the gap between A's client span and B's server span.",
                value: lab.network_delay_ms,
                min: 0.0,
                max: 10_000.0,
                step: 0.5,
                on_change: with_number(|l, v| l.network_delay_ms = v),
                disabled: false,
            }) }
            { number_field(NumberProps {
                id: "fan-out",
                label: "Fan-out (db calls)",
                hint: "B queries db this many times per request (4 spans each): 2,500 makes a 10,000-span trace.",
                value: f64::from(lab.fan_out),
                min: 0.0,
                max: f64::from(crate::sim::MAX_FAN_OUT),
                step: 1.0,
                on_change: with_number(|l, v| l.fan_out = v as u32),
                disabled: false,
            }) }
            { select_field("fan-out-mode", "Fan-out mode",
                "One query after another (the N+1 pattern: slow) or all at once.",
                &choices(FAN_OUT_MODES), url::fan_out_mode_name(lab.fan_out_mode),
                with_choice(|l, v| pick(FAN_OUT_MODES, v, &mut l.fan_out_mode))) }
            <SeedField />
            <div class="field">
                <button onclick={clear} aria-describedby="clear-hint">{ "Clear traces" }</button>
                <p class="hint" id="clear-hint">{ "Empty the trace list; settings and seed stay." }</p>
            </div>
        </>
    }
}

/// Sets `slot` to the choice named `name`, if there is one.
fn pick<T: Copy>(table: &[(T, &'static str)], name: &str, slot: &mut T) {
    if let Some((value, _)) = table.iter().find(|(_, n)| *n == name) {
        *slot = *value;
    }
}

/// The seed is a u64, more than a JavaScript number holds exactly, so it is edited as text.
#[function_component(SeedField)]
fn seed_field() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let seed = state.settings.seed;
    let draft = use_state(|| seed.to_string());
    {
        let draft = draft.clone();
        use_effect_with(seed, move |seed| {
            if draft.trim().parse::<u64>().ok() != Some(*seed) {
                draft.set(seed.to_string());
            }
        });
    }
    let valid = draft.trim().parse::<u64>().is_ok();
    let oninput = {
        let (state, draft) = (state.clone(), draft.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(seed) = text.trim().parse::<u64>() {
                state.dispatch(Action::SetSettings(url::Settings {
                    seed,
                    ..state.settings.clone()
                }));
            }
            draft.set(text);
        })
    };
    let reseed = {
        let state = state.clone();
        Callback::from(move |_| {
            let seed = browser::random_seed();
            state.dispatch(Action::SetSettings(url::Settings {
                seed,
                ..state.settings.clone()
            }))
        })
    };
    html! {
        <div class="field seed">
            <label for="seed">{ "Seed" }</label>
            <div class="inline">
                <input id="seed" type="text" inputmode="numeric" value={(*draft).clone()} {oninput}
                    aria-invalid={(!valid).to_string()} aria-describedby="seed-hint" />
                <button onclick={reseed}>{ "New seed" }</button>
            </div>
            <p class="hint" id="seed-hint">{ "Same seed and settings, same traces: the link in the address bar reproduces them." }</p>
            if !valid {
                <p class="field-error">{ "The seed is a whole number from 0 to 18446744073709551615." }</p>
            }
        </div>
    }
}

/// Select options whose value and text are both the OpenTelemetry name.
fn choices<T>(table: &[(T, &'static str)]) -> Vec<(String, String)> {
    table
        .iter()
        .map(|(_, name)| (name.to_string(), name.to_string()))
        .collect()
}
