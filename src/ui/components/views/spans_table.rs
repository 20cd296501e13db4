//! The spans table panel: every span as a row, filtered by service, operation, duration,
//! status and attributes and sorted by any column (`crate::view::spans_table`). Virtualised:
//! only the rows in view (and a few either side) are in the page, so 100,000 spans scroll as
//! lightly as 10. A row's operation is a button that selects the span.

use super::PanelProps;
use crate::analysis::{format_duration, parse_duration, parse_tag_filter};
use crate::model::StatusCode;
use crate::view::colour::service_colour;
use crate::view::spans_table::{span_row, span_rows, SpanColumn, SpanFilter};
use crate::view::window::virtual_range;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Row height in pixels; CSS (`.spans-table tbody tr`) agrees.
const ROW_HEIGHT: f64 = 30.0;
const OVERSCAN: usize = 10;
/// Height of the scrolling box before it is measured.
const INITIAL_VIEWPORT: f64 = 420.0;

/// The filter form as typed; parsed into a [`SpanFilter`] with a message per bad field.
#[derive(Clone, Debug, Default, PartialEq)]
struct Typed {
    service: String,
    operation: String,
    min: String,
    max: String,
    status: String,
    attributes: String,
}

fn parse(t: &Typed) -> (SpanFilter, Vec<String>) {
    let mut problems = Vec::new();
    let mut duration = |text: &str, what: &str| {
        if text.trim().is_empty() {
            return None;
        }
        parse_duration(text)
            .map_err(|e| problems.push(format!("{what}: {e}")))
            .ok()
    };
    let min_duration_nanos = duration(&t.min, "Min duration");
    let max_duration_nanos = duration(&t.max, "Max duration");
    let attributes = parse_tag_filter(&t.attributes).unwrap_or_else(|e| {
        problems.push(format!("Attributes: {e}"));
        Vec::new()
    });
    let status = match t.status.as_str() {
        "unset" => Some(StatusCode::Unset),
        "ok" => Some(StatusCode::Ok),
        "error" => Some(StatusCode::Error),
        _ => None,
    };
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let filter = SpanFilter {
        service: some(&t.service),
        operation: some(&t.operation),
        min_duration_nanos,
        max_duration_nanos,
        status,
        attributes,
    };
    (filter, problems)
}

#[function_component(SpansTablePanel)]
pub fn spans_table_panel(p: &PanelProps) -> Html {
    let typed = use_state(Typed::default);
    let sort = use_state(|| (SpanColumn::Start, false));
    let scroll = use_state(|| (0.0, INITIAL_VIEWPORT));
    let body = use_node_ref();
    let (filter, problems) = parse(&typed);
    let rows = {
        let views = p.views.clone();
        use_memo(
            (filter, *sort, views),
            |(filter, (column, descending), views)| {
                let a = &views.analysis;
                span_rows(
                    &views.trace.spans,
                    &a.tree,
                    &a.self_times,
                    filter,
                    *column,
                    *descending,
                )
            },
        )
    };
    {
        // A new filter or sort starts at the top.
        let body = body.clone();
        let scroll = scroll.clone();
        use_effect_with(rows.clone(), move |_| {
            if let Some(el) = body.cast::<Element>() {
                el.set_scroll_top(0);
                scroll.set((0.0, f64::from(el.client_height()).max(ROW_HEIGHT)));
            }
        });
    }
    let onscroll = {
        let (body, scroll) = (body.clone(), scroll.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = body.cast::<Element>() {
                scroll.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
            }
        })
    };
    let set = |change: fn(&mut Typed, String)| {
        let typed = typed.clone();
        move |value: String| {
            let mut t = (*typed).clone();
            change(&mut t, value);
            typed.set(t);
        }
    };
    let on_input = |change: fn(&mut Typed, String)| {
        let set = set(change);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_select_change = |change: fn(&mut Typed, String)| {
        let set = set(change);
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let names = p.views.names();
    let menu = |all: &'static str, items: &[String], current: &str| {
        html! {
            <>
                <option value="" selected={current.is_empty()}>{ all }</option>
                { for items.iter().map(|n| html! { <option value={n.clone()} selected={n == current}>{ n.clone() }</option> }) }
            </>
        }
    };
    let header = |column: SpanColumn, label: &'static str| {
        let (current, descending) = *sort;
        let aria_sort = match (current == column, descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        let onclick = {
            let sort = sort.clone();
            let first = matches!(column, SpanColumn::Duration | SpanColumn::SelfTime);
            Callback::from(move |_| {
                let (c, d) = *sort;
                sort.set(if c == column {
                    (c, !d)
                } else {
                    (column, first)
                });
            })
        };
        html! { <th scope="col" aria-sort={aria_sort}><button class="sort" {onclick}>{ label }</button></th> }
    };
    let (top, viewport) = *scroll;
    let range = virtual_range(rows.len(), ROW_HEIGHT, top, viewport, OVERSCAN);
    let before = range.start as f64 * ROW_HEIGHT;
    let after = rows.len().saturating_sub(range.end) as f64 * ROW_HEIGHT;
    let trace_start = p.views.trace.start_unix_nano();
    let total = p.views.trace.spans.len();
    html! {
        <div class="spans-panel">
            <form class="panel-tools span-filters" aria-label="Filter spans" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="field select">
                    <label for="spans-service">{ "Service" }</label>
                    <select id="spans-service" onchange={on_select_change(|t, v| t.service = v)}>{ menu("All services", &names.0, &typed.service) }</select>
                </div>
                <div class="field select">
                    <label for="spans-operation">{ "Operation" }</label>
                    <select id="spans-operation" onchange={on_select_change(|t, v| t.operation = v)}>{ menu("All operations", &names.1, &typed.operation) }</select>
                </div>
                <div class="field text">
                    <label for="spans-min">{ "Min duration" }</label>
                    <input id="spans-min" type="text" placeholder="e.g. 5ms" value={typed.min.clone()} oninput={on_input(|t, v| t.min = v)} />
                </div>
                <div class="field text">
                    <label for="spans-max">{ "Max duration" }</label>
                    <input id="spans-max" type="text" placeholder="e.g. 1s" value={typed.max.clone()} oninput={on_input(|t, v| t.max = v)} />
                </div>
                <div class="field select">
                    <label for="spans-status">{ "Status" }</label>
                    <select id="spans-status" onchange={on_select_change(|t, v| t.status = v)}>
                        { for [("", "Any status"), ("unset", "Unset"), ("ok", "OK"), ("error", "Error")].iter().map(|(v, l)| html! {
                            <option value={*v} selected={typed.status == *v}>{ *l }</option>
                        }) }
                    </select>
                </div>
                <div class="field text">
                    <label for="spans-attrs">{ "Attributes" }</label>
                    <input id="spans-attrs" type="text" placeholder="http.status_code=500" value={typed.attributes.clone()} oninput={on_input(|t, v| t.attributes = v)} />
                </div>
            </form>
            { for problems.iter().map(|m| html! { <p class="field-error">{ m.clone() }</p> }) }
            <p class="hint" aria-live="polite">{ format!("{} of {total} spans", rows.len()) }</p>
            <div class="spans-scroll" ref={body} {onscroll} tabindex="0" role="region" aria-label="Spans table rows">
                <table class="spans-table" aria-label="Spans" aria-rowcount={(rows.len() + 1).to_string()}>
                    <thead><tr aria-rowindex="1">
                        { header(SpanColumn::Service, "Service") }
                        { header(SpanColumn::Operation, "Operation") }
                        { header(SpanColumn::Kind, "Kind") }
                        { header(SpanColumn::Start, "Start") }
                        { header(SpanColumn::Duration, "Duration") }
                        { header(SpanColumn::SelfTime, "Self time") }
                        { header(SpanColumn::Status, "Status") }
                        { header(SpanColumn::Depth, "Depth") }
                        { header(SpanColumn::SpanId, "Span ID") }
                    </tr></thead>
                    // Every child of the body keyed (the spacers by name, rows by span): the
                    // `for`s are flattened into one list, and Yew diffs it by key only when all
                    // children have one; otherwise each scroll step rebuilt every visible row.
                    <tbody>
                        { for (before > 0.0).then(|| html! {
                            <tr key="before" class="spacer" aria-hidden="true" style={format!("height: {before}px")}><td colspan="9"></td></tr>
                        }) }
                        { for range.clone().filter_map(|k| {
                            let i = *rows.get(k)?;
                            let a = &p.views.analysis;
                            Some((k, i, span_row(&p.views.trace.spans, &a.tree, &a.self_times, trace_start, i)?))
                        }).map(|(k, i, r)| {
                            let selected = p.selected == Some(i);
                            let onclick = p.on_select.reform(move |_| Some(i));
                            let error = r.status == StatusCode::Error;
                            html! {
                                <tr key={i} aria-rowindex={(k + 2).to_string()} aria-selected={selected.to_string()}
                                    class={classes!(selected.then_some("selected"), error.then_some("has-error"))}>
                                    <td><span class="swatch" style={format!("background: {}", service_colour(&r.service))} aria-hidden="true"></span>{ r.service }</td>
                                    <td><button class="link" {onclick}>{ r.operation }</button></td>
                                    <td>{ r.kind.as_str() }</td>
                                    <td class="num">{ format!("+{}", format_duration(r.start_offset_nanos)) }</td>
                                    <td class="num">{ format_duration(r.duration_nanos) }</td>
                                    <td class="num">{ format_duration(r.self_nanos) }</td>
                                    <td class={classes!(error.then_some("error-text"))}>{ r.status.name() }</td>
                                    <td class="num">{ r.depth }</td>
                                    <td><code>{ r.span_id.to_string() }</code></td>
                                </tr>
                            }
                        }) }
                        { for (after > 0.0).then(|| html! {
                            <tr key="after" class="spacer" aria-hidden="true" style={format!("height: {after}px")}><td colspan="9"></td></tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
