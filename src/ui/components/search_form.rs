//! The search form: service, operation, tags, min/max duration, errors only, limit, sort.
//! Every change filters at once; a field that does not parse says why under it.

use super::fields::{check_field, number_field, select_field, text_field, NumberProps};
use crate::state::search::{sort_name, sort_named, FormErrors, Menus, SORTS};
use crate::state::{Action, SearchForm};
use crate::ui::AppContext;
use yew::prelude::*;

/// A menu: "all" (empty value) and then each name.
fn menu(all: &str, names: &[String]) -> Vec<(String, String)> {
    std::iter::once((String::new(), all.to_string()))
        .chain(names.iter().map(|n| (n.clone(), n.clone())))
        .collect()
}

pub fn search_form(state: &AppContext, menus: &Menus, errors: &FormErrors) -> Html {
    let form = &state.search;
    let services = menu("All services", &menus.services);
    let operations = menu("All operations", &menus.operations);
    let update = |change: fn(&mut SearchForm, String)| {
        let state = state.clone();
        Callback::from(move |value: String| {
            let mut f = state.search.clone();
            change(&mut f, value);
            state.dispatch(Action::SetSearch(f));
        })
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
    let sorts: Vec<(String, String)> = SORTS
        .iter()
        .map(|(_, v, t)| (v.to_string(), t.to_string()))
        .collect();
    let sort_value = sort_name(form.sort);
    html! {
        <form class="search-form" role="search" aria-label="Find traces"
            onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { select_field("search-service", "Service", "", &services, &form.service,
                update(|f, v| { f.service = v; f.operation.clear(); })) }
            { select_field("search-operation", "Operation", "", &operations, &form.operation,
                update(|f, v| f.operation = v)) }
            { text_field("search-tags", "Tags", "http.status_code=500 error=true", &form.tags,
                errors.tags.as_deref(), update(|f, v| f.tags = v)) }
            { text_field("search-min", "Min duration", "e.g. 300ms", &form.min_duration,
                errors.min_duration.as_deref(), update(|f, v| f.min_duration = v)) }
            { text_field("search-max", "Max duration", "e.g. 1.2s", &form.max_duration,
                errors.max_duration.as_deref(), update(|f, v| f.max_duration = v)) }
            { number_field(NumberProps {
                id: "search-limit",
                label: "Limit",
                hint: "",
                value: f64::from(form.limit),
                min: 1.0,
                max: 2_000.0,
                step: 1.0,
                on_change: limit,
                disabled: false,
            }) }
            { select_field("search-sort", "Sort by", "", &sorts, sort_value,
                update(|f, v| f.sort = sort_named(&v))) }
            { check_field("search-errors", "Errors only", "", form.errors_only, errors_only) }
        </form>
    }
}
