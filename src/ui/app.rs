//! The root component: one `use_reducer` for the whole page, the page layout, the URL sync and
//! the timers that drive real-time playback and chunked load runs.

use super::components::compare::ComparePage;
use super::components::export_panel::ExportPanel;
use super::components::inspector::Inspector;
use super::components::lab_settings::lab_settings;
use super::components::latency_panel::LatencyPanel;
use super::components::load_controls::load_controls;
use super::components::notices::notices;
use super::components::request_panel::request_panel;
use super::components::scenario::ScenarioPage;
use super::components::search_page::SearchPage;
use super::components::service_map::ServiceMapPage;
use super::components::theme::ThemeToggle;
use super::components::trace_page::trace_page;
use super::{browser, AppContext};
use crate::clock;
use crate::state::{Action, Page, State};
use crate::view::url;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    use_url_sync(&state);
    use_timers(&state);
    super::persist::use_persist(&state);
    // One callback for the page's life, so the panel's props only change with the traces.
    let on_import = {
        let dispatcher = state.dispatcher();
        use_callback((), move |traces, _| {
            dispatcher.dispatch(Action::ImportTraces(traces))
        })
    };
    let context = AppContext {
        handle: state.clone(),
        version: state.version,
    };
    html! {
        <ContextProvider<AppContext> context={context.clone()}>
            <header class="top">
                <h1>{ "Trace playground" }</h1>
                <p class="tagline">{ "Service A calls service B. Send a request, find the bottleneck in the spans." }</p>
                <ThemeToggle />
            </header>
            <div class="layout">
                <aside class="sidebar" aria-label="Controls">
                    { request_panel(&context) }
                    { load_controls(&context) }
                    { lab_settings(&context) }
                    <ExportPanel traces={state.store.to_vec()} selected={state.selected_trace} {on_import} limits={state.store.limits()} />
                    { panic_test_trigger() }
                </aside>
                <main class="content">
                    { notices(&context) }
                    { nav(&context) }
                    <p class="status" role="status" aria-live="polite">{ state.status.clone() }</p>
                    { page(&context) }
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}

fn page(state: &AppContext) -> Html {
    match state.page {
        Page::Search => html! { <SearchPage /> },
        Page::Trace => trace_page(state),
        Page::Inspector => html! { <Inspector /> },
        Page::Latency => html! { <LatencyPanel /> },
        Page::Scenario => html! { <ScenarioPage /> },
        Page::Compare => html! { <ComparePage /> },
        Page::ServiceMap => html! { <ServiceMapPage /> },
    }
}

/// Settings from the link (else those saved on the last visit); a missing or bad seed is replaced by a fresh one (written back to
/// the address bar by [`use_url_sync`]).
fn initial_state() -> State {
    let decoded = url::decode(&super::persist::start_query());
    let mut settings = decoded.settings;
    if !decoded.seed_from_link {
        settings.seed = browser::random_seed();
    }
    State::new(
        settings,
        decoded.notices.iter().map(ToString::to_string).collect(),
    )
}

/// Writes every settings change into the address bar, so reload and shared links reproduce it.
#[hook]
fn use_url_sync(state: &UseReducerHandle<State>) {
    use_effect_with(state.settings.clone(), |settings| {
        browser::replace_query(&url::merge_query(&browser::query_string(), settings));
    });
}

/// Real-time playback: land the in-flight request after its simulated duration. Load runs:
/// one chunk per browser turn until done or cancelled (a stale ticket is ignored).
#[hook]
fn use_timers(state: &UseReducerHandle<State>) {
    let flight = state
        .in_flight
        .as_ref()
        .map(|f| (f.ticket, f.duration_nanos));
    {
        let state = state.clone();
        use_effect_with(flight, move |flight| {
            if let Some((ticket, nanos)) = *flight {
                let ms = u32::try_from(nanos / 1_000_000).unwrap_or(u32::MAX);
                browser::after(ms, move || {
                    state.dispatch(Action::Land {
                        ticket,
                        now_unix_nano: clock::now_unix_nanos(),
                    })
                });
            }
        });
    }
    let load = state.load.as_ref().map(|l| (l.ticket, l.done));
    let state = state.clone();
    use_effect_with(load, move |load| {
        if let Some((ticket, _)) = *load {
            browser::after(0, move || {
                state.dispatch(Action::LoadChunk {
                    ticket,
                    now_unix_nano: clock::now_unix_nanos(),
                })
            });
        }
    });
}

fn nav(state: &AppContext) -> Html {
    let item = |page: Page, label: &'static str| {
        let onclick = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::ShowPage(page)))
        };
        let current = (state.page == page).then_some("page");
        html! { <button class="nav-item" aria-current={current} {onclick}>{ label }</button> }
    };
    html! {
        <nav class="views" aria-label="Views">
            { item(Page::Search, "Find traces") }
            { item(Page::Trace, "Trace") }
            { item(Page::Latency, "Latency") }
            { item(Page::ServiceMap, "Service map") }
            { item(Page::Inspector, "Traceparent inspector") }
            { item(Page::Scenario, "Scenario") }
        </nav>
    }
}

/// A button that panics on purpose, to prove the panic banner in e2e tests. It exists only
/// when the URL carries `?test-panic=1`, so nobody reaches it by accident.
fn panic_test_trigger() -> Html {
    let enabled = browser::query_string()
        .split(['?', '&'])
        .any(|p| p == "test-panic=1");
    if !enabled {
        return html! {};
    }
    let onclick = Callback::from(|_| panic!("test panic requested from the page"));
    html! { <button {onclick}>{ "Trigger test panic" }</button> }
}
