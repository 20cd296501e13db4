//! Labelled form controls with a one-line hint of what each teaches. Every input has a
//! `<label for>` and its hint is linked with `aria-describedby`, so screen readers and tests
//! find controls by their visible names.
//!
//! Controls without state of their own are plain functions, not components: each Yew
//! component costs several kilobytes of generic code in the bundle.

use crate::view::number::parse_decimal;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A checkbox with its label and hint.
pub fn check_field(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    checked: bool,
    on_change: Callback<bool>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        on_change.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
    });
    html! {
        <div class="field check">
            <input type="checkbox" {id} {checked} {onchange} aria-describedby={hint_id(id, hint)} />
            <label for={id}>{ label }</label>
            { hint_text(id, hint) }
        </div>
    }
}

/// A select whose options are (value, visible text) pairs.
pub fn select_field(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    options: &[(String, String)],
    selected: &str,
    on_change: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        on_change.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
    });
    html! {
        <div class="field select">
            <label for={id}>{ label }</label>
            <select {id} {onchange} aria-describedby={hint_id(id, hint)}>
                { for options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={value == selected}>{ text.clone() }</option>
                }) }
            </select>
            { hint_text(id, hint) }
        </div>
    }
}

/// A text input whose parse error (if any) is shown under it.
pub fn text_field(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: &str,
    error: Option<&str>,
    on_input: Callback<String>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let error_id = format!("{id}-error");
    html! {
        <div class="field text">
            <label for={id}>{ label }</label>
            <input {id} type="text" value={value.to_string()} {placeholder} {oninput}
                aria-invalid={error.is_some().to_string()}
                aria-describedby={error.is_some().then(|| error_id.clone())} />
            if let Some(message) = error {
                <p class="field-error" id={error_id}>{ message.to_string() }</p>
            }
        </div>
    }
}

fn hint_id(id: &str, hint: &str) -> Option<String> {
    (!hint.is_empty()).then(|| format!("{id}-hint"))
}

fn hint_text(id: &str, hint: &'static str) -> Html {
    match hint_id(id, hint) {
        Some(hint_id) => html! { <p class="hint" id={hint_id}>{ hint }</p> },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberProps {
    pub id: &'static str,
    pub label: &'static str,
    #[prop_or_default]
    pub hint: &'static str,
    pub value: f64,
    pub min: f64,
    pub max: f64,
    #[prop_or(1.0)]
    pub step: f64,
    /// Called with every valid value as it is typed; invalid text is kept in the field with
    /// an inline message and not applied.
    pub on_change: Callback<f64>,
    #[prop_or_default]
    pub disabled: bool,
}

/// The one place that mounts a [`NumberField`]: every `html!` use of a component inlines its
/// props builder and mount code (about a kilobyte of wasm each), so the panels call this
/// instead with a plain struct.
#[inline(never)]
pub fn number_field(props: NumberProps) -> Html {
    html! { <NumberField ..props /> }
}

/// A number input that keeps what the learner typed (even "1." or "") while only valid values
/// reach the settings: it needs its own draft, so it is a component.
#[function_component(NumberField)]
pub fn number_field(p: &NumberProps) -> Html {
    let draft = use_state(|| p.value.to_string());
    {
        // Follow outside changes (e.g. a link) unless the draft already means the same number.
        let draft = draft.clone();
        use_effect_with(p.value.to_bits(), move |bits| {
            let value = f64::from_bits(*bits);
            if parse_decimal(&draft) != Some(value) {
                draft.set(value.to_string());
            }
        });
    }
    let valid = parse_decimal(&draft).is_some_and(|v| (p.min..=p.max).contains(&v));
    let oninput = {
        let (draft, on_change, min, max) = (draft.clone(), p.on_change.clone(), p.min, p.max);
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Some(v) = parse_decimal(&text).filter(|v| (min..=max).contains(v)) {
                on_change.emit(v);
            }
            draft.set(text);
        })
    };
    let error_id = format!("{}-error", p.id);
    let described = match (hint_id(p.id, p.hint), valid) {
        (Some(h), true) => Some(h),
        (Some(h), false) => Some(format!("{h} {error_id}")),
        (None, true) => None,
        (None, false) => Some(error_id.clone()),
    };
    html! {
        <div class="field number">
            <label for={p.id}>{ p.label }</label>
            <input type="number" id={p.id} value={(*draft).clone()} {oninput}
                min={p.min.to_string()} max={p.max.to_string()} step={p.step.to_string()}
                disabled={p.disabled} aria-invalid={(!valid).to_string()} aria-describedby={described} />
            { hint_text(p.id, p.hint) }
            if !valid {
                <p class="field-error" id={error_id}>{ format!("Enter a number from {} to {}.", p.min, p.max) }</p>
            }
        </div>
    }
}

/// One `<dt>`/`<dd>` pair of a facts list. The trace header, span detail, latency summary and
/// inspector show some twenty of them; one shared function instead of twenty copies of the
/// same markup keeps the wasm smaller.
#[inline(never)]
pub fn fact(label: &'static str, value: String) -> Html {
    html! { <div><dt>{ label }</dt><dd>{ value }</dd></div> }
}

/// A [`fact`] whose value is an identifier, shown as code.
#[inline(never)]
pub fn code_fact(label: &'static str, value: String) -> Html {
    html! { <div><dt>{ label }</dt><dd><code>{ value }</code></dd></div> }
}
