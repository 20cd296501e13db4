//! Labelled form controls with a one-line hint of what each teaches. Every input has a
//! `<label for>` and its hint is linked with `aria-describedby`, so screen readers and tests
//! find controls by their visible names.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CheckProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: AttrValue,
    pub checked: bool,
    pub on_change: Callback<bool>,
    #[prop_or_default]
    pub disabled: bool,
}

#[function_component(CheckField)]
pub fn check_field(p: &CheckProps) -> Html {
    let on_change = p.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        on_change.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
    });
    let hint_id = format!("{}-hint", p.id);
    html! {
        <div class="field check">
            <input type="checkbox" id={p.id.clone()} checked={p.checked} {onchange}
                disabled={p.disabled} aria-describedby={hint_id.clone()} />
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <Hint id={hint_id} text={p.hint.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: AttrValue,
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

#[function_component(NumberField)]
pub fn number_field(p: &NumberProps) -> Html {
    let draft = use_state(|| p.value.to_string());
    let error = use_state(|| None::<String>);
    {
        // Follow outside changes (e.g. a link) unless the draft already means the same number.
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(p.value.to_bits(), move |bits| {
            let value = f64::from_bits(*bits);
            if draft.trim().parse::<f64>().ok() != Some(value) {
                draft.set(value.to_string());
                error.set(None);
            }
        });
    }
    let oninput = {
        let (draft, error, on_change) = (draft.clone(), error.clone(), p.on_change.clone());
        let (min, max) = (p.min, p.max);
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match text.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && (min..=max).contains(&v) => {
                    error.set(None);
                    on_change.emit(v);
                }
                _ => error.set(Some(format!("Enter a number from {min} to {max}."))),
            }
            draft.set(text);
        })
    };
    let hint_id = format!("{}-hint", p.id);
    let error_id = format!("{}-error", p.id);
    let described = if error.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        hint_id.clone()
    };
    html! {
        <div class="field number">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input type="number" id={p.id.clone()} value={(*draft).clone()} {oninput}
                min={p.min.to_string()} max={p.max.to_string()} step={p.step.to_string()}
                disabled={p.disabled} aria-invalid={error.is_some().to_string()}
                aria-describedby={described} />
            <Hint id={hint_id} text={p.hint.clone()} />
            if let Some(message) = &*error {
                <p class="field-error" id={error_id}>{ message.clone() }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: AttrValue,
    /// (value, visible text)
    pub options: Vec<(AttrValue, AttrValue)>,
    pub selected: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
}

#[function_component(SelectField)]
pub fn select_field(p: &SelectProps) -> Html {
    let on_change = p.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        on_change.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let hint_id = format!("{}-hint", p.id);
    html! {
        <div class="field select">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <select id={p.id.clone()} {onchange} disabled={p.disabled} aria-describedby={hint_id.clone()}>
                { for p.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == p.selected}>{ text.clone() }</option>
                }) }
            </select>
            <Hint id={hint_id} text={p.hint.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HintProps {
    id: String,
    text: AttrValue,
}

#[function_component(Hint)]
fn hint(p: &HintProps) -> Html {
    if p.text.is_empty() {
        return html! {};
    }
    html! { <p class="hint" id={p.id.clone()}>{ p.text.clone() }</p> }
}
