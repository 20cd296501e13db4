//! Two inputs the generic fields do not cover: a worker limit that may be empty (unlimited),
//! and a store cap that applies only when committed (Enter or leaving the field), because
//! applying "5" on the way to typing "5000" would evict all but five traces at once.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The worker limits the simulator accepts (gunicorn-like sync workers).
const WORKERS: (u32, u32) = (1, 64);

#[derive(Properties, PartialEq)]
pub struct WorkersProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// `None` = unlimited.
    pub value: Option<u32>,
    pub on_change: Callback<Option<u32>>,
}

/// A worker limit: empty means unlimited, otherwise 1–64.
#[function_component(WorkersField)]
pub fn workers_field(p: &WorkersProps) -> Html {
    let text_of = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let draft = use_state(|| text_of(p.value));
    let invalid = use_state(|| false);
    {
        let (draft, invalid) = (draft.clone(), invalid.clone());
        use_effect_with(p.value, move |value| {
            if parse_workers(&draft) != Some(*value) {
                draft.set(text_of(*value));
                invalid.set(false);
            }
        });
    }
    let oninput = {
        let (draft, invalid, on_change) = (draft.clone(), invalid.clone(), p.on_change.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match parse_workers(&text) {
                Some(v) => {
                    invalid.set(false);
                    on_change.emit(v);
                }
                None => invalid.set(true),
            }
            draft.set(text);
        })
    };
    let error_id = format!("{}-error", p.id);
    html! {
        <div class="field number worker">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input type="number" id={p.id.clone()} value={(*draft).clone()} {oninput}
                min={WORKERS.0.to_string()} max={WORKERS.1.to_string()} step="1" placeholder="unlimited"
                aria-invalid={invalid.to_string()} aria-describedby={invalid.then(|| error_id.clone())} />
            if *invalid {
                <p class="field-error" id={error_id}>{ format!("1 to {}, or empty", WORKERS.1) }</p>
            }
        </div>
    }
}

/// `Some(None)` for empty (unlimited), `Some(Some(n))` for 1–64, `None` for anything else.
fn parse_workers(text: &str) -> Option<Option<u32>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    let n: u32 = text.parse().ok()?;
    (WORKERS.0..=WORKERS.1).contains(&n).then_some(Some(n))
}

#[derive(Properties, PartialEq)]
pub struct CapProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub hint: AttrValue,
    pub value: u64,
    pub min: u64,
    pub max: u64,
    /// Called with the committed whole number.
    pub on_change: Callback<f64>,
}

/// A whole number applied on commit (the `change` event), checked as it is typed.
#[function_component(CapField)]
pub fn cap_field(p: &CapProps) -> Html {
    let draft = use_state(|| p.value.to_string());
    {
        let draft = draft.clone();
        use_effect_with(p.value, move |value| {
            if draft.trim().parse::<u64>().ok() != Some(*value) {
                draft.set(value.to_string());
            }
        });
    }
    let valid = draft
        .trim()
        .parse::<u64>()
        .is_ok_and(|n| (p.min..=p.max).contains(&n));
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onchange = {
        let (on_change, min, max) = (p.on_change.clone(), p.min, p.max);
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Some(n) = text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
            {
                on_change.emit(n as f64);
            }
        })
    };
    let hint_id = format!("{}-hint", p.id);
    let error_id = format!("{}-error", p.id);
    let described = if valid {
        hint_id.clone()
    } else {
        format!("{hint_id} {error_id}")
    };
    html! {
        <div class="field number">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input type="number" id={p.id.clone()} value={(*draft).clone()} {oninput} {onchange}
                min={p.min.to_string()} max={p.max.to_string()} step="1"
                aria-invalid={(!valid).to_string()} aria-describedby={described} />
            <p class="hint" id={hint_id}>{ p.hint.clone() }</p>
            if !valid {
                <p class="field-error" id={error_id}>{ format!("Enter a whole number from {} to {}; applied when you leave the field.", p.min, p.max) }</p>
            }
        </div>
    }
}
