//! The search form: service, operation, tags, min/max duration, errors only, limit, sort.
//! Every change filters at once; a field that does not parse says why under it.

use super::fields::{CheckField, NumberField, SelectField};
use super::search_page::FormErrors;
use crate::analysis::SortOrder;
use crate::ui::state::{Action, SearchForm};
use crate::ui::AppContext;
use std::collections::BTreeSet;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const SORTS: &[(SortOrder, &str, &str)] = &[
    (SortOrder::MostRecent, "recent", "Most recent"),
    (SortOrder::Longest, "longest", "Longest first"),
    (SortOrder::Shortest, "shortest", "Shortest first"),
    (SortOrder::MostSpans, "spans", "Most spans"),
];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub errors: FormErrors,
}

#[function_component(SearchFormView)]
pub fn search_form_view(props: &Props) -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let form = state.search.clone();
    // Menus list what the store holds: (service, operation) pairs, recomputed when it changes.
    let names = {
        let state = state.clone();
        use_memo(state.store.revision(), move |_| {
            let pairs: BTreeSet<(String, String)> = state
                .store
                .iter()
                .flat_map(|t| t.spans.iter())
                .map(|s| (s.service_name().to_string(), s.name.to_string()))
                .collect();
            pairs
        })
    };
    let services: BTreeSet<&str> = names.iter().map(|(s, _)| s.as_str()).collect();
    let operations: BTreeSet<&str> = names
        .iter()
        .filter(|(s, _)| form.service.is_empty() || *s == form.service)
        .map(|(_, o)| o.as_str())
        .collect();
    let update = |change: fn(&mut SearchForm, String)| {
        let state = state.clone();
        Callback::from(move |value: String| {
            let mut f = state.search.clone();
            change(&mut f, value);
            state.dispatch(Action::SetSearch(f));
        })
    };
    let menu = |all: &'static str, names: &BTreeSet<&str>| -> Vec<(AttrValue, AttrValue)> {
        std::iter::once((AttrValue::Static(""), AttrValue::Static(all)))
            .chain(names.iter().map(|n| {
                (
                    AttrValue::from(n.to_string()),
                    AttrValue::from(n.to_string()),
                )
            }))
            .collect()
    };
    let errors_only = {
        let state = state.clone();
        Callback::from(move |on: bool| {
            state.dispatch(Action::SetSearch(SearchForm {
                errors_only: on,
                ..state.search.clone()
            }))
        })
    };
    let limit = {
        let state = state.clone();
        Callback::from(move |n: f64| {
            state.dispatch(Action::SetSearch(SearchForm {
                limit: n as u32,
                ..state.search.clone()
            }))
        })
    };
    let sort_options: Vec<(AttrValue, AttrValue)> = SORTS
        .iter()
        .map(|(_, v, t)| (AttrValue::Static(v), AttrValue::Static(t)))
        .collect();
    let sort_value = SORTS
        .iter()
        .find(|(s, _, _)| *s == form.sort)
        .map_or("recent", |(_, v, _)| v);
    html! {
        <form class="search-form" role="search" aria-label="Find traces" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <SelectField id="search-service" label="Service" options={menu("All services", &services)}
                selected={form.service.clone()}
                on_change={update(|f, v| { f.service = v; f.operation.clear(); })} />
            <SelectField id="search-operation" label="Operation" options={menu("All operations", &operations)}
                selected={form.operation.clone()} on_change={update(|f, v| f.operation = v)} />
            <TextField id="search-tags" label="Tags" value={form.tags.clone()} placeholder="http.status_code=500 error=true"
                error={props.errors.tags.clone()} on_input={update(|f, v| f.tags = v)} />
            <TextField id="search-min" label="Min duration" value={form.min_duration.clone()} placeholder="e.g. 300ms"
                error={props.errors.min_duration.clone()} on_input={update(|f, v| f.min_duration = v)} />
            <TextField id="search-max" label="Max duration" value={form.max_duration.clone()} placeholder="e.g. 1.2s"
                error={props.errors.max_duration.clone()} on_input={update(|f, v| f.max_duration = v)} />
            <NumberField id="search-limit" label="Limit" value={f64::from(form.limit)} min={1.0} max={2_000.0}
                on_change={limit} />
            <SelectField id="search-sort" label="Sort by" options={sort_options} selected={AttrValue::Static(sort_value)}
                on_change={update(|f, v| f.sort = SORTS.iter().find(|(_, n, _)| *n == v).map_or(SortOrder::MostRecent, |(s, _, _)| *s))} />
            <CheckField id="search-errors" label="Errors only" checked={form.errors_only} on_change={errors_only} />
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct TextProps {
    id: AttrValue,
    label: AttrValue,
    value: String,
    placeholder: AttrValue,
    error: Option<String>,
    on_input: Callback<String>,
}

#[function_component(TextField)]
fn text_field(p: &TextProps) -> Html {
    let on_input = p.on_input.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let error_id = format!("{}-error", p.id);
    html! {
        <div class="field text">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input id={p.id.clone()} type="text" value={p.value.clone()} placeholder={p.placeholder.clone()}
                {oninput} aria-invalid={p.error.is_some().to_string()}
                aria-describedby={p.error.is_some().then(|| error_id.clone())} />
            if let Some(message) = &p.error {
                <p class="field-error" id={error_id}>{ message.clone() }</p>
            }
        </div>
    }
}
