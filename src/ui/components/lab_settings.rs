//! The lab's knobs, bound to [`crate::sim::LabOptions`], plus **Seed** and **Clear traces**.
//! Each control says in one line what it teaches.

use super::fields::{CheckField, NumberField, SelectField};
use crate::sim::LabOptions;
use crate::ui::state::Action;
use crate::ui::{browser, AppContext};
use crate::view::url::{self, FAN_OUT_MODES, SAMPLERS, SEMCONVS};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(LabSettings)]
pub fn lab_settings() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
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
    html! {
        <section class="panel" aria-labelledby="lab-heading">
            <h2 id="lab-heading">{ "Lab settings" }</h2>
            <CheckField id="heavy-calc" label="heavy_calc span (Challenge 1)" checked={lab.heavy_calc}
                on_change={with(|l, v| l.heavy_calc = v)}
                hint="B wraps 100 ms of work in a manual span: a fourth span, nested inside B's." />
            <CheckField id="random-500s" label="Random 500s (Challenge 2)" checked={lab.random_500s}
                on_change={with(|l, v| l.random_500s = v)}
                hint="B sometimes answers 500: see which spans turn red and which stay 200." />
            <NumberField id="error-rate" label="Error rate" value={lab.error_rate_percent}
                min={0.0} max={100.0} on_change={with_number(|l, v| l.error_rate_percent = v)}
                hint="Percent of requests B fails when Random 500s is on." />
            <SelectField id="sampler" label="Sampler" options={choices(SAMPLERS)}
                selected={url::sampler_name(lab.sampler)}
                on_change={with_choice(|l, v| if let Some((k, _)) = SAMPLERS.iter().find(|(_, n)| *n == v) { l.sampler = *k })}
                hint="OTEL_TRACES_SAMPLER: which requests are recorded; parentbased_* follow the caller." />
            <NumberField id="sampling-ratio" label="Sampling ratio" value={lab.sampling_ratio}
                min={0.0} max={1.0} step={0.05} on_change={with_number(|l, v| l.sampling_ratio = v)}
                hint="OTEL_TRACES_SAMPLER_ARG: the share of traces the ratio samplers keep." />
            <SelectField id="semconv" label="Semantic conventions" options={choices(SEMCONVS)}
                selected={url::semconv_name(lab.semconv)}
                on_change={with_choice(|l, v| if let Some((k, _)) = SEMCONVS.iter().find(|(_, n)| *n == v) { l.semconv = *k })}
                hint="OTEL_SEMCONV_STABILITY_OPT_IN: old (http.method) or stable (http.request.method) names." />
            <CheckField id="propagate" label="Propagate context" checked={lab.propagate}
                on_change={with(|l, v| l.propagate = v)}
                hint="A sends traceparent to B. Off, B starts its own trace: two traces instead of one." />
            <NumberField id="network-delay" label="Network delay (ms)" value={lab.network_delay_ms}
                min={0.0} max={10_000.0} step={0.5} on_change={with_number(|l, v| l.network_delay_ms = v)}
                hint="Time on the wire each way: the gap between A's client span and B's server span." />
            <NumberField id="fan-out" label="Fan-out (db calls)" value={f64::from(lab.fan_out)}
                min={0.0} max={f64::from(crate::sim::MAX_FAN_OUT)} on_change={with_number(|l, v| l.fan_out = v as u32)}
                hint="B queries db this many times per request (4 spans each): 2,500 makes a 10,000-span trace." />
            <SelectField id="fan-out-mode" label="Fan-out mode" options={choices(FAN_OUT_MODES)}
                selected={url::fan_out_mode_name(lab.fan_out_mode)}
                on_change={with_choice(|l, v| if let Some((k, _)) = FAN_OUT_MODES.iter().find(|(_, n)| *n == v) { l.fan_out_mode = *k })}
                hint="One query after another (the N+1 pattern: slow) or all at once." />
            <SeedField />
            <div class="field">
                <button onclick={clear} aria-describedby="clear-hint">{ "Clear traces" }</button>
                <p class="hint" id="clear-hint">{ "Empty the trace list; settings and seed stay." }</p>
            </div>
        </section>
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
fn choices<T>(table: &[(T, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    table
        .iter()
        .map(|(_, name)| (AttrValue::Static(name), AttrValue::Static(name)))
        .collect()
}
