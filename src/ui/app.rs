//! The root component: one `use_reducer` for the whole page.

use super::components::export_panel::ExportPanel;
use super::components::open_in_jaeger::open_in_jaeger;
use super::components::span_list::SpanList;
use super::state::{Action, State};
use crate::clock;
use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let send = {
        let state = state.clone();
        Callback::from(move |_| {
            state.dispatch(Action::SendRequest {
                now_unix_nano: clock::now_unix_nanos(),
            })
        })
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ClearTraces))
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |traces| state.dispatch(Action::ImportTraces(traces)))
    };
    // Interim adapter until the trace store holds `Rc<Trace>` itself.
    let shared: Vec<Rc<crate::model::Trace>> = state.traces.iter().cloned().map(Rc::new).collect();
    html! {
        <>
            <header class="top">
                <h1>{ "Trace playground" }</h1>
                <p class="tagline">{ "Service A calls service B. Send a request and watch the spans." }</p>
            </header>
            <main>
                <section class="controls" aria-label="Controls">
                    <button class="primary" onclick={send}>{ "Send request" }</button>
                    <button onclick={clear}>{ "Clear traces" }</button>
                    <PanicTestTrigger />
                </section>
                <ExportPanel traces={shared} selected={None::<crate::model::TraceId>} {on_import} />
                <section aria-label="Traces">
                    { for state.traces.iter().rev().map(|t| html! {
                        <>
                            { open_in_jaeger(t.trace_id) }
                            <SpanList trace={t.clone()} />
                        </>
                    }) }
                </section>
            </main>
        </>
    }
}

/// A button that panics on purpose, to prove the panic banner in e2e tests. It exists only
/// when the URL carries `?test-panic=1`, so nobody reaches it by accident.
#[function_component(PanicTestTrigger)]
fn panic_test_trigger() -> Html {
    let enabled = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.split(['?', '&']).any(|p| p == "test-panic=1"));
    if !enabled {
        return html! {};
    }
    let onclick = Callback::from(|_| panic!("test panic requested from the page"));
    html! { <button {onclick}>{ "Trigger test panic" }</button> }
}
