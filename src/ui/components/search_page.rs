//! "Find traces", like Jaeger's search page: the form, a duration-over-time plot of every
//! matching trace, and the sorted, limited result list. Matching is the analysis core's
//! [`trace_matches`]; this file only turns the typed form into a [`TraceQuery`].

use super::results_list::ResultsList;
use super::scatter_plot::ScatterPlot;
use super::search_form::SearchFormView;
use crate::analysis::{parse_duration, parse_tag_filter, trace_matches, SortOrder, TraceQuery};
use crate::model::Trace;
use crate::store::TraceStore;
use crate::ui::shared::Shared;
use crate::ui::state::SearchForm;
use crate::ui::AppContext;
use crate::view::format;
use std::rc::Rc;
use yew::prelude::*;

/// The form's fields that failed to parse, with the reason (shown next to the field).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    pub min_duration: Option<String>,
    pub max_duration: Option<String>,
    pub tags: Option<String>,
}

/// What a search found: every match in order (for the plot) and the first `limit` (the list).
pub struct Found {
    pub matches: Shared<Vec<Rc<Trace>>>,
    pub shown: Shared<Vec<Rc<Trace>>>,
    pub errors: FormErrors,
}

/// Parses the typed form; a field that does not parse is left out of the query and reported.
pub fn to_query(form: &SearchForm) -> (TraceQuery, FormErrors) {
    let mut errors = FormErrors::default();
    let duration = |text: &str, slot: &mut Option<String>| {
        if text.trim().is_empty() {
            return None;
        }
        parse_duration(text)
            .map_err(|e| *slot = Some(e.to_string()))
            .ok()
    };
    let min = duration(&form.min_duration, &mut errors.min_duration);
    let max = duration(&form.max_duration, &mut errors.max_duration);
    let tags = parse_tag_filter(&form.tags).unwrap_or_else(|e| {
        errors.tags = Some(e.to_string());
        Vec::new()
    });
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let query = TraceQuery {
        service: some(&form.service),
        operation: some(&form.operation),
        min_duration_nanos: min,
        max_duration_nanos: max,
        errors_only: form.errors_only,
        tags,
        limit: form.limit,
        sort: form.sort,
    };
    (query, errors)
}

/// Runs the query over the store. `analysis::search` takes `&[Trace]` and the store holds
/// `Rc<Trace>`, so this applies the core's `trace_matches` and orders by the query's sort.
pub fn find(store: &TraceStore, form: &SearchForm) -> Found {
    let (query, errors) = to_query(form);
    let mut matches: Vec<Rc<Trace>> = store
        .iter()
        .rev()
        .filter(|t| trace_matches(t, &query))
        .cloned()
        .collect();
    match query.sort {
        SortOrder::MostRecent => matches.sort_by_key(|t| std::cmp::Reverse(t.start_unix_nano())),
        SortOrder::Longest => matches.sort_by_key(|t| std::cmp::Reverse(t.duration_nanos())),
        SortOrder::Shortest => matches.sort_by_key(|t| t.duration_nanos()),
        SortOrder::MostSpans => matches.sort_by_key(|t| std::cmp::Reverse(t.spans.len())),
    }
    let shown = if query.limit == 0 {
        matches.len()
    } else {
        matches.len().min(query.limit as usize)
    };
    Found {
        shown: Shared::new(matches[..shown].to_vec()),
        matches: Shared::new(matches),
        errors,
    }
}

#[function_component(SearchPage)]
pub fn search_page() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let found = {
        let state = state.clone();
        use_memo((state.store.revision(), state.search.clone()), move |_| {
            find(&state.store, &state.search)
        })
    };
    let total = state.store.len();
    let summary = if total == 0 {
        "No traces yet: press Send request or Run load.".to_string()
    } else {
        format!(
            "{} of {} traces match; showing {}.",
            format::count(found.matches.len() as u64),
            format::count(total as u64),
            format::count(found.shown.len() as u64)
        )
    };
    let evicted = state.store.evicted_traces();
    html! {
        <section class="search-page" aria-labelledby="search-heading">
            <h2 id="search-heading" class="visually-hidden">{ "Find traces" }</h2>
            <SearchFormView errors={found.errors.clone()} />
            <p class="result-count">
                { summary }
                { format!(" Requests: {} sampled, {} dropped.", format::count(state.sampled_requests), format::count(state.dropped_requests)) }
                if evicted > 0 {
                    <span class="evicted">
                        { format!(" {} traces evicted (oldest first; the store keeps {} traces and {} spans).",
                            format::count(evicted),
                            format::count(u64::from(state.store.limits().max_traces)),
                            format::count(state.store.limits().max_spans)) }
                    </span>
                }
            </p>
            <ScatterPlot traces={found.matches.clone()} selected={state.selected_trace} />
            <ResultsList traces={found.shown.clone()} />
        </section>
    }
}
