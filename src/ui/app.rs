//! The root component: one `use_reducer` for the whole page, the page layout, the URL sync and
//! the timers that drive real-time playback and chunked load runs.
//!
//! The layout is the learner's first screen (issue 14): **Send request**, the **Lab guide** and
//! the trace first; every other control in a collapsible group (**Lab settings**, **Load**,
//! **Export**) that remembers whether it was left open ([`crate::state::groups`]). On a narrow
//! screen the same order is one column, so the guide and the trace come before the groups.

use super::components::compare::ComparePage;
use super::components::export_panel::ExportPanel;
use super::components::guide::{guide_panel, storage};
use super::components::header_inspector::HeaderInspector;
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
use crate::guide::{Progress, STORAGE_KEY};
use crate::state::driver::{warm_up, WARM_UP_REQUESTS};
use crate::state::groups::GROUPS_STORAGE_KEY;
use crate::state::{Action, Group, Groups, GuideAction, Page, State};
use crate::view::url;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    use_url_sync(&state);
    use_timers(&state);
    use_idle_warm_up(&state);
    use_reader(&state);
    super::persist::use_persist(&state);
    use_effect_with(state.guide.progress.clone(), |progress| {
        storage::save(STORAGE_KEY, &progress.to_storage())
    });
    // One callback each for the page's life, so the panel's props only change with the traces.
    let on_import = {
        let dispatcher = state.dispatcher();
        use_callback((), move |traces, _| {
            dispatcher.dispatch(Action::ImportTraces(traces))
        })
    };
    let on_accepted = {
        let dispatcher = state.dispatcher();
        use_callback((), move |spans, _| {
            dispatcher.dispatch(Action::Guide(GuideAction::SpansAccepted(spans)))
        })
    };
    // Before any view asks for a service colour (`crate::view::colour`).
    crate::view::colour::follow_scenario(
        state.running_scenario().services.iter().map(|s| &*s.name),
    );
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
                { request_panel(&context) }
                { guide_panel(&context) }
                <main class="content">
                    { notices(&context) }
                    { nav(&context) }
                    <p class="status" role="status" aria-live="polite">{ state.status.clone() }</p>
                    { page(&context) }
                </main>
                <aside class="groups" aria-label="Controls">
                    { group(&context, Group::LabSettings, lab_settings(&context)) }
                    { group(&context, Group::Load, load_controls(&context)) }
                    { group(&context, Group::Export, html! {
                        <ExportPanel traces={state.store.to_vec()} selected={state.selected_trace} {on_import}
                            limits={state.store.limits()} {on_accepted} />
                    }) }
                    { panic_test_trigger() }
                </aside>
            </div>
        </ContextProvider<AppContext>>
    }
}

fn page(state: &AppContext) -> Html {
    match state.page {
        Page::Search => html! { <SearchPage /> },
        Page::Trace => trace_page(state),
        Page::HeaderInspector => html! { <HeaderInspector /> },
        Page::Latency => html! { <LatencyPanel /> },
        Page::Scenario => html! { <ScenarioPage /> },
        Page::Compare => html! { <ComparePage /> },
        Page::ServiceMap => html! { <ServiceMapPage /> },
    }
}

/// Settings from the link (else those saved on the last visit; the scenario kept on it when
/// the link names none); a missing or bad seed is replaced by a fresh one (written back to
/// the address bar by [`use_url_sync`]).
fn initial_state() -> State {
    let start = super::persist::start();
    let decoded = start.decoded;
    let mut settings = decoded.settings;
    if !decoded.seed_from_link {
        settings.seed = browser::random_seed();
    }
    let mut state = State::new(
        settings,
        (decoded.notices.iter().map(ToString::to_string))
            .chain(start.notices)
            .collect(),
    );
    state.resume_guide(Progress::load(storage::load(STORAGE_KEY).as_deref()));
    state.groups = Groups::load(
        storage::load(GROUPS_STORAGE_KEY).as_deref(),
        &state.settings,
    );
    state
}

/// A collapsible group of controls: a heading whose button shows or hides the body. The body
/// stays in the page while hidden, so its components keep their state (the export outbox).
fn group(state: &AppContext, group: Group, body: Html) -> Html {
    let open = state.groups.is_open(group);
    let key = group.key();
    let heading = format!("group-{key}-heading");
    let body_id = format!("group-{key}");
    let onclick = {
        let state = state.clone();
        Callback::from(move |_| set_group_open(&state, group, !open))
    };
    html! {
        <section class={classes!("panel", "group", format!("group-{key}"))} aria-labelledby={heading.clone()}>
            <h2 id={heading} class="group-heading">
                <button class="disclosure" aria-expanded={open.to_string()} aria-controls={body_id.clone()} {onclick}>
                    <span class="chevron" aria-hidden="true" />{ group.title() }
                </button>
            </h2>
            <div id={body_id} class="group-body" hidden={!open}>{ body }</div>
        </section>
    }
}

/// Opens or closes a group and remembers it for the next visit.
fn set_group_open(state: &AppContext, group: Group, open: bool) {
    let mut groups = state.groups;
    groups.set(group, open);
    storage::save(GROUPS_STORAGE_KEY, &groups.to_storage());
    state.dispatch(Action::SetGroupOpen(group, open));
}

/// Opens a group from elsewhere (a guide step) and brings it into view, its button focused.
pub(crate) fn open_group(state: &AppContext, group: Group) {
    set_group_open(state, group, true);
    let id = format!("group-{}-heading", group.key());
    browser::after(0, move || {
        let Some(heading) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        else {
            return;
        };
        heading.scroll_into_view();
        if let Some(button) = heading
            .first_element_child()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = button.focus();
        }
    });
}

/// Writes every settings change into the address bar, so reload and shared links reproduce it.
#[hook]
fn use_url_sync(state: &UseReducerHandle<State>) {
    use_effect_with(state.settings.clone(), |settings| {
        browser::replace_query(&url::merge_query(&browser::query_string(), settings));
    });
}

/// Warm-up passes after the page has loaded, each in its own idle period: the first compiles
/// the run's code, the next ones make it hot enough for V8's optimising tier.
const WARM_UP_PASSES: u32 = 3;

/// Runs throwaway load passes ([`crate::state::driver::warm_up`]) while the page is idle after
/// loading, so the learner's first **Run load** does not pay for compiling the simulator
/// (issue 15). The passes have their own store and seed: the page's state is not touched.
#[hook]
fn use_idle_warm_up(state: &UseReducerHandle<State>) {
    let lab = state.settings.lab.clone();
    let limits = state.store.limits();
    use_effect_with((), move |_| {
        // A cap below the pass's requests, so eviction and the skipping of evicted spans run
        // too, as in a run of 10,000 requests into the default store.
        let limits = crate::store::StoreLimits {
            max_traces: limits.max_traces.min(WARM_UP_REQUESTS / 3),
            ..limits
        };
        when_idle(WARM_UP_PASSES, lab, limits);
    });
}

/// Loads the reader module (`super::reader`) after the first paint: at once when a scenario
/// waits for it (a link's or the kept one), else in the first idle period (within a second),
/// so it never competes with what a cold load needs to answer **Send request**.
#[hook]
fn use_reader(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    let waiting = state.scenario.waiting.is_some();
    use_effect_with((), move |_| {
        let load = move || {
            wasm_bindgen_futures::spawn_local(async move {
                match super::reader::install_scenario_reader().await {
                    Ok(()) => dispatcher.dispatch(Action::ReaderReady),
                    Err(message) => dispatcher.dispatch(Action::AddNotices(vec![message])),
                }
            })
        };
        if waiting {
            load();
        } else {
            browser::when_idle(Some(1000), 200, move |_| load());
        }
    });
}

/// One warm-up pass in the next idle period (a timeout where `requestIdleCallback` is missing),
/// then the next.
fn when_idle(passes: u32, lab: crate::sim::LabOptions, limits: crate::store::StoreLimits) {
    if passes == 0 {
        return;
    }
    browser::when_idle(None, 50, move |_| {
        warm_up(&lab, WARM_UP_REQUESTS, limits);
        when_idle(passes - 1, lab, limits);
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
            { item(Page::HeaderInspector, "Header inspector") }
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
