//! The statistics panel: spans grouped by service and operation, or by any attribute, with
//! count, total, average, min, max, self time and errors (`crate::view::statistics`). Column
//! headers sort (click again for the other direction); each row can highlight its spans.

use super::PanelProps;
use crate::analysis::format_duration;
use crate::view::statistics::{sort_rows, statistics, Dimension, StatsColumn, StatsRow};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Rows drawn at most; grouping by a key that is unique per span can make one row per span.
const MAX_ROWS: usize = 500;

/// The "Group by" menu value of the usual grouping.
const BY_OPERATION: &str = "service-operation";

fn dimensions(group: &str) -> Vec<Dimension> {
    match group {
        "service" => vec![Dimension::Service],
        "operation" => vec![Dimension::Operation],
        BY_OPERATION | "" => vec![Dimension::Service, Dimension::Operation],
        key => vec![Dimension::Attribute(
            key.trim_start_matches("attr:").to_string(),
        )],
    }
}

#[function_component(StatisticsPanel)]
pub fn statistics_panel(p: &PanelProps) -> Html {
    let group = use_state(|| BY_OPERATION.to_string());
    let sort = use_state(|| (StatsColumn::Total, true));
    let rows = {
        let views = p.views.clone();
        use_memo(
            ((*group).clone(), *sort, views),
            |(group, (column, descending), views)| {
                let a = &views.analysis;
                let mut rows = statistics(&views.trace.spans, &a.self_times, &dimensions(group));
                sort_rows(&mut rows, *column, *descending);
                rows
            },
        )
    };
    let dims = dimensions(&group);
    let keys = p.views.attribute_keys();
    let on_group = {
        let group = group.clone();
        Callback::from(move |e: Event| {
            group.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let header = |column: StatsColumn, label: String| {
        let (current, descending) = *sort;
        let aria_sort = match (current == column, descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        let onclick = {
            let sort = sort.clone();
            // Numbers start largest first, names A to Z.
            let first = !matches!(column, StatsColumn::Key(_));
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
    let shown = rows.len().min(MAX_ROWS);
    html! {
        <div class="stats-panel">
            <div class="panel-tools">
                <div class="field select inline-field">
                    <label for="stats-group">{ "Group by" }</label>
                    <select id="stats-group" onchange={on_group}>
                        <option value={BY_OPERATION} selected={*group == BY_OPERATION}>{ "Service and operation" }</option>
                        <option value="service" selected={*group == "service"}>{ "Service" }</option>
                        <option value="operation" selected={*group == "operation"}>{ "Operation" }</option>
                        <optgroup label="Attribute">
                            { for keys.iter().map(|k| {
                                let value = format!("attr:{k}");
                                let selected = *group == value;
                                html! { <option {selected} {value}>{ k.clone() }</option> }
                            }) }
                        </optgroup>
                    </select>
                </div>
                <p class="hint">{ format!("{} groups. Self time is a span's duration minus the time its children cover.", rows.len()) }</p>
            </div>
            <div class="table-scroll">
                <table class="stats-table" aria-label="Statistics">
                    <thead><tr>
                        { for dims.iter().enumerate().map(|(k, d)| header(StatsColumn::Key(k), d.label().to_string())) }
                        { header(StatsColumn::Count, "Count".into()) }
                        { header(StatsColumn::Total, "Total".into()) }
                        { header(StatsColumn::Average, "Avg".into()) }
                        { header(StatsColumn::Min, "Min".into()) }
                        { header(StatsColumn::Max, "Max".into()) }
                        { header(StatsColumn::SelfTime, "Self total".into()) }
                        { header(StatsColumn::SelfAverage, "Self avg".into()) }
                        { header(StatsColumn::Errors, "Errors".into()) }
                        <th scope="col"><span class="visually-hidden">{ "Timeline" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().take(MAX_ROWS).map(|r| row(p, r)) }
                    </tbody>
                </table>
                if shown < rows.len() {
                    <p class="hint">{ format!("Showing the first {shown} of {} groups; sort by a column to see others.", rows.len()) }</p>
                }
            </div>
        </div>
    }
}

fn row(p: &PanelProps, r: &StatsRow) -> Html {
    let name = r
        .key
        .iter()
        .map(|k| k.as_deref().unwrap_or("(not set)"))
        .collect::<Vec<_>>()
        .join(" ");
    let onclick = {
        let (views, dispatch, spans) =
            (p.views.clone(), p.dispatch.clone(), r.span_indices.clone());
        let label = format!("{name} ({} spans)", spans.len());
        Callback::from(move |_| dispatch.emit(views.highlight(label.clone(), &spans)))
    };
    let d = |n: u64| format_duration(n);
    html! {
        <tr class={classes!((r.errors > 0).then_some("has-error"))}>
            { for r.key.iter().map(|k| match k {
                Some(k) => html! { <td>{ k.clone() }</td> },
                None => html! { <td class="muted">{ "(not set)" }</td> },
            }) }
            <td class="num">{ r.count }</td>
            <td class="num">{ d(r.total_nanos) }</td>
            <td class="num">{ d(r.avg_nanos()) }</td>
            <td class="num">{ d(r.min_nanos) }</td>
            <td class="num">{ d(r.max_nanos) }</td>
            <td class="num">{ d(r.self_nanos) }</td>
            <td class="num">{ d(r.self_avg_nanos()) }</td>
            <td class={classes!("num", (r.errors > 0).then_some("error-text"))}>{ r.errors }</td>
            <td><button class="link" {onclick} aria-label={format!("Highlight the spans of {name}")}>{ "Highlight" }</button></td>
        </tr>
    }
}
