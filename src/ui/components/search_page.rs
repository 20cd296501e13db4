//! "Find traces", like Jaeger's search page: the form, a duration-over-time plot of every
//! matching trace, and the sorted, limited result list. The search itself is the core's
//! [`crate::state::search::find`]; this file memoises and draws it.

use super::results_list::results_list;
use super::scatter_plot::ScatterPlot;
use super::search_form::search_form;
use crate::model::TraceId;
use crate::state::search::{find, Found, Menus};
use crate::state::{Action, SearchForm, State};
use crate::ui::{browser, AppContext};
use crate::view::format;
use std::rc::Rc;
use yew::prelude::*;

/// The search page: a component because it memoises the search (and the form's menus) on
/// the store's revision and the form.
#[function_component(SearchPage)]
pub fn search_page() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    // A load run's traces reach the store in one step when it ends (`crate::state::driver`),
    // so the plot is not redrawn after every chunk.
    let found = {
        let state = state.clone();
        let key = (state.store.revision(), state.search.clone());
        use_memo(key, move |_| {
            find(&state.store, &state.search, browser::utc_offset_minutes())
        })
    };
    let menus = {
        let state = state.clone();
        let key = (state.store.revision(), state.search.service.clone());
        use_memo(key, move |(_, service)| Menus::of(&state.store, service))
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
    let show_all = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SetSearch(SearchForm {
                only: None,
                ..state.search.clone()
            }))
        })
    };
    let evicted = state.store.evicted_traces();
    let limits = state.store.limits();
    html! {
        <section class="search-page" aria-labelledby="search-heading">
            <h2 id="search-heading" class="visually-hidden">{ "Find traces" }</h2>
            { search_form(&state, &menus, &found.errors) }
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
            if let Some(only) = &state.search.only {
                <p class="only-traces" role="status">
                    { format!("Only the {} traces with {}.", format::count(only.ids.len() as u64), only.label) }
                    <button class="link" onclick={show_all}>{ "Show all traces" }</button>
                </p>
            }
            <SearchResults found={found} selected={state.selected_trace} ticked={state.views.compare.clone()}
                dispatch={state.handle.dispatcher()} />
        </section>
    }
}

#[derive(Properties)]
struct ResultsProps {
    found: Rc<Found>,
    selected: Option<TraceId>,
    ticked: Vec<TraceId>,
    dispatch: UseReducerDispatcher<State>,
}

/// Same search result (by pointer) and same selection: nothing to redraw.
impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.found, &other.found)
            && self.selected == other.selected
            && self.ticked == other.ticked
            && self.dispatch == other.dispatch
    }
}

/// The plot and the list, a component of their own so that Yew skips them entirely (no
/// virtual-DOM diff of thousands of dots) when the search result and selection are unchanged.
#[function_component(SearchResults)]
fn search_results(props: &ResultsProps) -> Html {
    html! {
        <>
            <ScatterPlot found={props.found.clone()} selected={props.selected} dispatch={props.dispatch.clone()} />
            { results_list(&props.dispatch, props.selected, &props.ticked, &props.found.shown) }
        </>
    }
}
