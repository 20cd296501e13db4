//! Compare: the two traces ticked in the search results merged into one tree
//! (`crate::view::trace_diff`, like Jaeger UI's trace comparison): each operation says in words
//! and in colour whether trace A, trace B or both have it, with span counts, times and the time
//! difference, and the attributes that differ between matching spans.

use crate::analysis::{format_duration, summarize};
use crate::model::Trace;
use crate::state::{Action, Page};
use crate::ui::shared::Shared;
use crate::ui::AppContext;
use crate::view::colour::service_colour;
use crate::view::trace_diff::{diff_traces, DiffNode, Presence, TraceDiff};
use yew::prelude::*;

/// Rows drawn at most; two wide traces that share nothing could make many.
const MAX_ROWS: usize = 2_000;

#[function_component(ComparePage)]
pub fn compare_page() -> Html {
    let state = use_context::<AppContext>().expect("AppContext is provided by App");
    let pair: Vec<Shared<Trace>> = state
        .views
        .compare
        .iter()
        .filter_map(|id| state.store.get(*id).cloned().map(Shared::from))
        .collect();
    let [a, b] = pair.as_slice() else {
        let back = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::ShowPage(Page::Search)))
        };
        return html! {
            <section class="compare-page" aria-labelledby="compare-heading">
                <h2 id="compare-heading">{ "Compare traces" }</h2>
                <div class="empty">
                    <p>{ format!("Tick two traces in the search results, then press Compare ({} ticked).", pair.len()) }</p>
                    <button onclick={back}>{ "Find traces" }</button>
                </div>
            </section>
        };
    };
    html! { <CompareView a={a.clone()} b={b.clone()} /> }
}

#[derive(Properties, PartialEq)]
struct Props {
    a: Shared<Trace>,
    b: Shared<Trace>,
}

#[function_component(CompareView)]
fn compare_view(p: &Props) -> Html {
    let diff = use_memo((p.a.clone(), p.b.clone()), |(a, b)| diff_traces(a, b));
    let side = |label: &str, t: &Trace| {
        let s = summarize(t);
        html! {
            <div class={classes!("compare-side", format!("side-{}", label.to_ascii_lowercase()))}>
                <h3>{ format!("Trace {label}") }</h3>
                <p><span class="svc">{ s.root_service.clone() }</span>{ ": " }<span class="op">{ s.root_operation.clone() }</span></p>
                <p class="hint">{ format!("{} · {} spans · {} errors", format_duration(s.duration_nanos), s.span_count, s.error_count) }</p>
                <p class="trace-id"><code>{ t.trace_id.to_string() }</code></p>
            </div>
        }
    };
    let shown = diff.nodes.len().min(MAX_ROWS);
    html! {
        <section class="compare-page" aria-labelledby="compare-heading">
            <h2 id="compare-heading">{ "Compare traces" }</h2>
            <div class="compare-sides">
                { side("A", &p.a) }
                { side("B", &p.b) }
            </div>
            <p class="compare-summary">{ summary(&diff) }</p>
            <p class="hint legend-row">
                <span class="presence only-a">{ "only in A" }</span>
                <span class="presence only-b">{ "only in B" }</span>
                <span class="presence both">{ "in both" }</span>
                { "Differences are B minus A: + means B took longer or had more spans." }
            </p>
            <div class="table-scroll">
                <table class="compare-table" aria-label="Merged tree">
                    <thead><tr>
                        <th scope="col">{ "Operation" }</th>
                        <th scope="col">{ "In" }</th>
                        <th scope="col">{ "Spans A" }</th>
                        <th scope="col">{ "Spans B" }</th>
                        <th scope="col">{ "Time A" }</th>
                        <th scope="col">{ "Time B" }</th>
                        <th scope="col">{ "Difference" }</th>
                    </tr></thead>
                    <tbody>
                        { for diff.nodes.iter().take(MAX_ROWS).map(row) }
                    </tbody>
                </table>
                if shown < diff.nodes.len() {
                    <p class="hint">{ format!("Showing the first {shown} of {} operations.", diff.nodes.len()) }</p>
                }
            </div>
        </section>
    }
}

fn summary(diff: &TraceDiff) -> String {
    let n = |p| diff.count(p);
    let attrs: usize = diff
        .nodes
        .iter()
        .map(|d| d.attribute_diffs.len() + d.attribute_diffs_omitted)
        .sum();
    format!(
        "{} operations in both, {} only in A, {} only in B; {attrs} attribute differences.",
        n(Presence::Both),
        n(Presence::OnlyA),
        n(Presence::OnlyB)
    )
}

/// "+12 ms (B slower)", "−100 ms (B faster)" or "same".
fn signed(nanos: i128) -> String {
    let size = format_duration(u64::try_from(nanos.unsigned_abs()).unwrap_or(u64::MAX));
    match nanos {
        0 => "same".to_string(),
        n if n > 0 => format!("+{size} (B slower)"),
        _ => format!("−{size} (B faster)"),
    }
}

fn row(d: &DiffNode) -> Html {
    let (class, presence) = match d.presence {
        Presence::OnlyA => ("only-a", "only in A"),
        Presence::OnlyB => ("only-b", "only in B"),
        Presence::Both => ("both", "in both"),
    };
    let delta = d.time_delta_nanos();
    let trend = match (d.presence, delta.signum()) {
        (Presence::Both, 1) => Some("slower"),
        (Presence::Both, -1) => Some("faster"),
        _ => None,
    };
    let count_delta = match d.count_delta() {
        0 => String::new(),
        n => format!(", {n:+} spans"),
    };
    let depth = d.depth.min(20);
    let diffs = d.attribute_diffs.len() + d.attribute_diffs_omitted;
    html! {
        <>
            <tr class={classes!("diff-row", class, trend)}>
                <th scope="row" style={format!("padding-left: calc(8px + {depth} * 14px)")}>
                    <span class="swatch" style={format!("background: {}", service_colour(&d.service))} aria-hidden="true"></span>
                    <span class="svc">{ d.service.clone() }</span>{ " " }<span class="op">{ d.operation.clone() }</span>
                </th>
                <td><span class={classes!("presence", class)}>{ presence }</span></td>
                <td class="num">{ d.spans_a.len() }</td>
                <td class="num">{ d.spans_b.len() }</td>
                <td class="num">{ format_duration(d.total_a_nanos) }</td>
                <td class="num">{ format_duration(d.total_b_nanos) }</td>
                <td class={classes!("num", "delta", trend)}>{ format!("{}{count_delta}", signed(delta)) }</td>
            </tr>
            if diffs > 0 {
                <tr class="attr-diff-row">
                    <td colspan="7">
                        <ul class="attr-diffs" aria-label={format!("Attribute differences of {} {}", d.service, d.operation)}>
                            { for d.attribute_diffs.iter().map(|x| html! {
                                <li>
                                    <code>{ x.key.clone() }</code>{ ": A " }
                                    <span class="attr-a">{ x.a.clone().unwrap_or_else(|| "(not set)".into()) }</span>
                                    { " → B " }
                                    <span class="attr-b">{ x.b.clone().unwrap_or_else(|| "(not set)".into()) }</span>
                                </li>
                            }) }
                            if d.attribute_diffs_omitted > 0 {
                                <li class="hint">{ format!("and {} more", d.attribute_diffs_omitted) }</li>
                            }
                        </ul>
                    </td>
                </tr>
            }
        </>
    }
}
