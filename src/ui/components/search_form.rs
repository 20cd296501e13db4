//! The search form: service, operation, tags, min/max duration, errors only, limit, sort.
//! Every change filters at once; a field that does not parse says why under it.

use super::fields::{check_field, number_field, select_field, text_field, NumberProps};
use super::search_page::FormErrors;
use crate::analysis::SortOrder;
use crate::sorting::insert_sorted;
use crate::store::TraceStore;
use crate::ui::state::{Action, SearchForm};
use crate::ui::AppContext;
use yew::prelude::*;

const SORTS: &[(SortOrder, &str, &str)] = &[
    (SortOrder::MostRecent, "recent", "Most recent"),
    (SortOrder::Longest, "longest", "Longest first"),
    (SortOrder::Shortest, "shortest", "Shortest first"),
    (SortOrder::MostSpans, "spans", "Most spans"),
];

/// What the menus offer: every (service, operation) pair in the store, sorted, no duplicates.
pub struct Names(Vec<(String, String)>);

impl Names {
    pub fn of(store: &TraceStore) -> Names {
        // Borrowed pairs first, so each distinct pair is copied once rather than once per span.
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for span in store.iter().flat_map(|t| t.spans.iter()) {
            insert_sorted(&mut pairs, (span.service_name(), span.name.as_ref()));
        }
        Names(
            pairs
                .into_iter()
                .map(|(service, name)| (service.to_string(), name.to_string()))
                .collect(),
        )
    }
}

/// A menu: "all" (empty value) and then each name.
fn menu<'a>(all: &str, names: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut unique: Vec<&str> = names.collect();
    unique.dedup();
    std::iter::once((String::new(), all.to_string()))
        .chain(unique.into_iter().map(|n| (n.to_string(), n.to_string())))
        .collect()
}

pub fn search_form(state: &AppContext, names: &Names, errors: &FormErrors) -> Html {
    let form = &state.search;
    let services = menu("All services", names.0.iter().map(|(s, _)| s.as_str()));
    let mut operations: Vec<&str> = Vec::new();
    for (service, operation) in &names.0 {
        if form.service.is_empty() || *service == form.service {
            insert_sorted(&mut operations, operation.as_str());
        }
    }
    let operations = menu("All operations", operations.into_iter());
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
    let sort_value = SORTS
        .iter()
        .find(|(s, _, _)| *s == form.sort)
        .map_or("recent", |(_, v, _)| v);
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
                update(|f, v| f.sort = SORTS.iter().find(|(_, n, _)| *n == v).map_or(SortOrder::MostRecent, |(s, _, _)| *s))) }
            { check_field("search-errors", "Errors only", "", form.errors_only, errors_only) }
        </form>
    }
}
