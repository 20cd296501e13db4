//! The search results: one row per trace with root service and operation, span and error
//! counts, duration, start time and a chip per service with its span count. Rows are buttons
//! (Tab, Enter); arrow keys move between them. Each row has a "Compare" checkbox; with two
//! ticked, the Compare button above the list merges them (issue 13).

use crate::analysis::{format_duration, TraceSummary};
use crate::model::TraceId;
use crate::state::views::COMPARE_MAX;
use crate::state::{Action, Page, State};
use crate::ui::browser;
use crate::view::colour::service_colour;
use crate::view::format;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// One row per summary, in order.
pub fn results_list(
    dispatch: &UseReducerDispatcher<State>,
    selected: Option<TraceId>,
    ticked: &[TraceId],
    summaries: &[TraceSummary],
) -> Html {
    if summaries.is_empty() {
        return html! {};
    }
    let offset = browser::utc_offset_minutes();
    let compare = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ShowPage(Page::Compare)))
    };
    html! {
        <>
        <div class="compare-bar">
            <button class="primary" onclick={compare} disabled={ticked.len() < COMPARE_MAX}>{ "Compare" }</button>
            <span class="hint">{ match ticked.len() {
                0 => "Tick two traces to compare them.".to_string(),
                1 => "1 trace ticked: tick one more to compare.".to_string(),
                _ => "2 traces ticked; ticking another replaces the first.".to_string(),
            } }</span>
        </div>
        <ol class="results" aria-label="Search results" onkeydown={Callback::from(move_focus)}>
            { for summaries.iter().map(|s| {
                let id = s.trace_id;
                let onclick = {
                    let dispatch = dispatch.clone();
                    Callback::from(move |_| dispatch.dispatch(Action::OpenTrace(id)))
                };
                let current = (selected == Some(id)).then_some("true");
                let checked = ticked.contains(&id);
                let on_tick = {
                    let dispatch = dispatch.clone();
                    Callback::from(move |e: Event| {
                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                        dispatch.dispatch(Action::TickCompare(id, on))
                    })
                };
                let short = id.to_string().chars().take(8).collect::<String>();
                html! {
                    <li key={id.to_string()} class={classes!("result", (s.error_count > 0).then_some("has-error"))}>
                        <label class="compare-tick">
                            <input type="checkbox" {checked} onchange={on_tick}
                                aria-label={format!("Compare trace {short}")} />
                            <span aria-hidden="true">{ "Compare" }</span>
                        </label>
                        <button class="result-open" {onclick} aria-current={current}>
                            <span class="result-head">
                                <span class="result-title">
                                    <span class="svc">{ s.root_service.clone() }</span>
                                    { ": " }
                                    <span class="op">{ s.root_operation.clone() }</span>
                                </span>
                                <span class="result-duration">{ format_duration(s.duration_nanos) }</span>
                            </span>
                            <span class="result-meta">
                                <span>{ format!("{} spans", s.span_count) }</span>
                                if s.error_count > 0 {
                                    <span class="error-text">{ format!("⚠ {} errors", s.error_count) }</span>
                                } else {
                                    <span>{ "0 errors" }</span>
                                }
                                <span>{ format::clock_time(s.start_unix_nano, offset) }</span>
                                <code>{ id.to_string() }</code>
                            </span>
                            <span class="chips">
                                { for s.services.iter().map(|svc| html! {
                                    <span class="chip" style={format!("--chip: {}", service_colour(&svc.service))}>
                                        { format!("{} {}", svc.service, svc.span_count) }
                                    </span>
                                }) }
                            </span>
                        </button>
                    </li>
                }
            }) }
        </ol>
        </>
    }
}

/// ArrowUp/ArrowDown move focus to the previous/next result's button.
fn move_focus(e: KeyboardEvent) {
    let forward = match e.key().as_str() {
        "ArrowDown" => true,
        "ArrowUp" => false,
        _ => return,
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(item) = document
        .active_element()
        .and_then(|el| el.closest("li").ok().flatten())
    else {
        return;
    };
    let sibling = if forward {
        item.next_element_sibling()
    } else {
        item.previous_element_sibling()
    };
    let button = sibling
        .and_then(|li| li.query_selector("button").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        e.prevent_default();
        let _ = button.focus();
    }
}
