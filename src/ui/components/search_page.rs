//! "Find traces", like Jaeger's search page: the form, a duration-over-time plot of every
//! matching trace, and the sorted, limited result list. Matching is the analysis core's
//! [`trace_matches`]; this file only turns the typed form into a [`TraceQuery`].

use super::results_list::results_list;
use super::scatter_plot::scatter_plot;
use super::search_form::{search_form, Names};
use crate::analysis::{
    parse_duration, parse_tag_filter, summarize, trace_matches, SortOrder, TraceQuery, TraceSummary,
};
use crate::model::{Trace, TraceId};
use crate::store::TraceStore;
use crate::ui::state::{SearchForm, State};
use crate::ui::{browser, AppContext};
use crate::view::format;
use crate::view::scatter::{layout, PlotInput, ScatterLayout};
use std::rc::Rc;
use yew::prelude::*;

/// The form's fields that failed to parse, with the reason (shown next to the field).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    pub min_duration: Option<String>,
    pub max_duration: Option<String>,
    pub tags: Option<String>,
}

/// What a search found: every match in order with the plot of them, and summaries of the
/// first `limit` (the list).
pub struct Found {
    pub matches: Vec<Rc<Trace>>,
    pub plot: ScatterLayout,
    pub shown: Vec<TraceSummary>,
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
    // One sort key for every order keeps a single sort in the bundle.
    let key = |t: &Rc<Trace>| match query.sort {
        SortOrder::MostRecent => u64::MAX - t.start_unix_nano(),
        SortOrder::Longest => u64::MAX - t.duration_nanos(),
        SortOrder::Shortest => t.duration_nanos(),
        SortOrder::MostSpans => u64::MAX - t.spans.len() as u64,
    };
    crate::sorting::sort_by_key(&mut matches, key);
    let limit = if query.limit == 0 {
        matches.len()
    } else {
        query.limit as usize
    };
    let inputs: Vec<PlotInput> = matches
        .iter()
        .map(|t| PlotInput {
            start_unix_nano: t.start_unix_nano(),
            duration_nanos: t.duration_nanos(),
        })
        .collect();
    Found {
        plot: layout(&inputs, browser::utc_offset_minutes()),
        shown: matches.iter().take(limit).map(|t| summarize(t)).collect(),
        matches,
        errors,
    }
}

/// The search page: a component because it memoises the search (and the form's menus) on
/// the store's revision and the form.
#[function_component(SearchPage)]
pub fn search_page() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    // While a load run fills the store, the results keep the revision from before it: redrawing
    // thousands of plot dots after every chunk cost more than simulating the chunk. The list
    // catches up when the run ends (the progress bar shows the run meanwhile).
    let shown_revision = use_mut_ref(|| state.store.revision());
    if state.load.is_none() {
        *shown_revision.borrow_mut() = state.store.revision();
    }
    let found = {
        let state = state.clone();
        let revision = *shown_revision.borrow();
        use_memo((revision, state.search.clone()), move |_| {
            find(&state.store, &state.search)
        })
    };
    let names = {
        let state = state.clone();
        use_memo(state.store.revision(), move |_| Names::of(&state.store))
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
    let limits = state.store.limits();
    html! {
        <section class="search-page" aria-labelledby="search-heading">
            <h2 id="search-heading" class="visually-hidden">{ "Find traces" }</h2>
            { search_form(&state, &names, &found.errors) }
            <p class="result-count">
                { summary }
                { format!(" Requests: {} sampled, {} dropped.", format::count(state.sampled_requests), format::count(state.dropped_requests)) }
                if evicted > 0 {
                    <span class="evicted">
                        { format!(" {} traces evicted (oldest first; the store keeps {} traces and {} spans).",
                            format::count(evicted), format::count(u64::from(limits.max_traces)), format::count(limits.max_spans)) }
                    </span>
                }
            </p>
            <SearchResults found={found} selected={state.selected_trace} dispatch={state.handle.dispatcher()} />
        </section>
    }
}

#[derive(Properties)]
struct ResultsProps {
    found: Rc<Found>,
    selected: Option<TraceId>,
    dispatch: UseReducerDispatcher<State>,
}

/// Same search result (by pointer) and same selection: nothing to redraw.
impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.found, &other.found)
            && self.selected == other.selected
            && self.dispatch == other.dispatch
    }
}

/// The plot and the list, a component of their own so that Yew skips them entirely (no
/// virtual-DOM diff of thousands of dots) when the search result and selection are unchanged.
#[function_component(SearchResults)]
fn search_results(props: &ResultsProps) -> Html {
    html! {
        <>
            { scatter_plot(&props.dispatch, props.selected, &props.found.matches, &props.found.plot) }
            { results_list(&props.dispatch, props.selected, &props.found.shown) }
        </>
    }
}
