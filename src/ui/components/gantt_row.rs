//! One row of the Gantt chart: indentation and expander, service and operation, an error
//! marker that is text as well as colour, the bar to scale in the service's colour, its
//! duration, a tick on the bar per span event and a mark for links (both also counted in the
//! label, as text), and (when hovered) a tooltip.

use crate::analysis::{format_duration, TraceAnalysis};
use crate::model::{Span, Trace};
use crate::view::colour::{service_colour, ERROR};
use crate::view::gantt::Row;
use crate::view::queueing::queue_wait;
use crate::view::window::{bar, Bar, LabelPlace, TimeWindow};
use yew::prelude::*;

/// Row height in pixels; the virtual window and CSS (`--row-h`) agree on it.
pub const ROW_HEIGHT: f64 = 28.0;

/// Indentation stops growing past this depth so deep traces keep room for the name.
const MAX_INDENT_LEVELS: u32 = 16;

/// Everything one row needs; rows are plain functions (cheaper than components), keyed by span.
pub struct RowView<'a> {
    pub trace: &'a Trace,
    pub analysis: &'a TraceAnalysis,
    pub row: Row,
    pub row_index: usize,
    pub window: TimeWindow,
    pub active: bool,
    pub selected: bool,
    pub matched: bool,
    /// Picked out by another view (see `Highlighted` in the chart).
    pub highlighted: bool,
    pub on_click: &'a Callback<usize>,
    pub on_toggle: &'a Callback<usize>,
    pub on_hover: &'a Callback<Option<usize>>,
}

pub fn row_dom_id(span_index: usize) -> String {
    format!("gantt-row-{span_index}")
}

pub fn gantt_row(p: RowView) -> Html {
    let Some(span) = p.trace.spans.get(p.row.span) else {
        return html! {};
    };
    let trace_start = p.trace.start_unix_nano();
    let offset = span.start_unix_nano.saturating_sub(trace_start);
    let end = span.end_unix_nano.saturating_sub(trace_start);
    let geometry = bar(offset, end, p.window);
    // A wait for a worker, drawn in front of the span: the gap after the caller's CLIENT span.
    let queued = queue_wait(span).and_then(|q| {
        bar(offset.saturating_sub(q.wait_nanos), offset, p.window).map(|b| (b, q.wait_nanos))
    });
    let error = span.is_error();
    let critical = p.analysis.critical_path.contains(p.row.span);
    let origin = p
        .analysis
        .verdict
        .error_origin
        .as_ref()
        .is_some_and(|o| o.span_index == p.row.span);
    let colour = if error {
        ERROR
    } else {
        service_colour(span.service_name())
    };
    let has_children = p.row.child_count > 0;
    let (row_index, span_index) = (p.row_index, p.row.span);
    let onclick = {
        let on_click = p.on_click.clone();
        Callback::from(move |_| on_click.emit(row_index))
    };
    let toggle = {
        let on_toggle = p.on_toggle.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_toggle.emit(span_index)
        })
    };
    let onmouseenter = {
        let on_hover = p.on_hover.clone();
        Callback::from(move |_| on_hover.emit(Some(row_index)))
    };
    let class = classes!(
        "gantt-row",
        p.active.then_some("active"),
        p.selected.then_some("selected"),
        p.matched.then_some("match"),
        p.highlighted.then_some("highlight"),
        error.then_some("error"),
    );
    let events = event_marks(span, trace_start, p.window);
    let counts = event_and_link_counts(span);
    let depth = p.row.depth.min(MAX_INDENT_LEVELS);
    html! {
        <div role="row" id={row_dom_id(span_index)} {class} {onclick} {onmouseenter}
            key={span_index}
            aria-rowindex={(row_index + 1).to_string()} aria-level={(p.row.depth + 1).to_string()}
            aria-expanded={has_children.then(|| p.row.expanded.to_string())}
            aria-selected={p.selected.to_string()}
            style={format!("top: {}px", row_index as f64 * ROW_HEIGHT)}>
            <div role="gridcell" class="cell-label" style={format!("--depth: {depth}")}>
                if has_children {
                    <span class="toggle" onclick={toggle} aria-hidden="true">{ if p.row.expanded { "▾" } else { "▸" } }</span>
                } else {
                    <span class="toggle-spacer" aria-hidden="true"></span>
                }
                <span class="swatch" style={format!("background: {}", service_colour(span.service_name()))} aria-hidden="true"></span>
                <span class="svc">{ span.service_name().to_string() }</span>
                <span class="op">{ span.name.to_string() }</span>
                if error {
                    <span class="err-badge">{ if origin { "⚠ error starts here" } else { "⚠ error" } }</span>
                }
                if let Some((text, title)) = counts {
                    <span class="mark-badge" title={title.clone()}>
                        <span aria-hidden="true">{ text }</span><span class="visually-hidden">{ title }</span>
                    </span>
                }
            </div>
            <div role="gridcell" class="cell-bar">
                if let Some((q, wait)) = queued {
                    <span class="bar queued" title={format!("Waited {} for a worker", format_duration(wait))}
                        style={format!("left: {:.3}%; width: {:.3}%", q.left, q.width)}></span>
                }
                if let Some(b) = geometry {
                    <span class={classes!("bar", critical.then_some("critical"))}
                        title={critical.then_some("On the critical path")}
                        style={format!("left: {:.3}%; width: {:.3}%; background: {colour}", b.left, b.width)}></span>
                    { duration_label(b, span.duration_nanos()) }
                }
                { events }
            </div>
        </div>
    }
}

fn duration_label(b: Bar, nanos: u64) -> Html {
    let (class, style) = match b.label_place() {
        LabelPlace::After => ("dur", format!("left: calc({:.3}% + 4px)", b.left + b.width)),
        LabelPlace::Inside => (
            "dur inside",
            format!("right: calc({:.3}% + 4px)", 100.0 - b.left - b.width),
        ),
        LabelPlace::Before => ("dur", format!("right: calc({:.3}% + 4px)", 100.0 - b.left)),
    };
    html! { <span {class} {style}>{ format_duration(nanos) }</span> }
}

/// The hover card for one span, drawn outside the scrolling area so it is never clipped.
/// `top` is the row's bottom edge in pixels from the top of the viewport; `above` puts the
/// card above the row (it is low in the viewport).
pub fn gantt_tooltip(
    trace: &Trace,
    analysis: &TraceAnalysis,
    index: usize,
    top: f64,
    above: bool,
) -> Html {
    let Some(span) = trace.spans.get(index) else {
        return html! {};
    };
    let offset = span.start_unix_nano.saturating_sub(trace.start_unix_nano());
    let self_nanos = analysis.self_times.get(index).copied().unwrap_or(0);
    let critical = analysis.critical_path.contains(index);
    let style = if above {
        format!(
            "top: {:.0}px; transform: translateY(calc(-100% - {}px))",
            top, ROW_HEIGHT
        )
    } else {
        format!("top: {:.0}px", top)
    };
    tooltip(span, offset, self_nanos, critical, style)
}

fn tooltip(span: &Span, offset: u64, self_nanos: u64, critical: bool, style: String) -> Html {
    let status = match (span.status.code, span.status.message.is_empty()) {
        (crate::model::StatusCode::Error, false) => format!("ERROR: {}", span.status.message),
        (code, _) => code.name().to_string(),
    };
    html! {
        <div class="tooltip" role="tooltip" {style}>
            <strong>{ format!("{} · {}", span.service_name(), span.name) }</strong>
            <span>{ format!("Duration {} · starts at +{}", format_duration(span.duration_nanos()), format_duration(offset)) }</span>
            <span>{ format!("Self time {} · {} · status {}", format_duration(self_nanos), span.kind.as_str(), status) }</span>
            if critical { <span>{ "On the critical path" }</span> }
            if let Some(q) = queue_wait(span) {
                <span>{ format!("Waited {} for a worker before it started", format_duration(q.wait_nanos)) }</span>
            }
        </div>
    }
}

/// Events drawn as ticks on the bar; more than this on one span are counted, not drawn.
const MAX_EVENT_MARKS: usize = 12;

/// A tick per event at its time (inside the zoom window), titled with its name and offset.
fn event_marks(span: &Span, trace_start: u64, window: TimeWindow) -> Html {
    let width = window.span().max(1) as f64;
    html! {
        { for span.events.iter().take(MAX_EVENT_MARKS).filter_map(|ev| {
            let at = ev.time_unix_nano.saturating_sub(trace_start);
            if at < window.from || at > window.to {
                return None;
            }
            let left = (at - window.from) as f64 / width * 100.0;
            let after = format_duration(ev.time_unix_nano.saturating_sub(span.start_unix_nano));
            let exception = ev.name == "exception";
            Some(html! {
                <span class={classes!("event-mark", exception.then_some("exception"))} aria-hidden="true"
                    title={format!("Event {} at +{after}", ev.name)} style={format!("left: {left:.3}%")}></span>
            })
        }) }
    }
}

/// "◆2 ⇢1" for 2 events and 1 link, with a title naming them; `None` for neither.
fn event_and_link_counts(span: &Span) -> Option<(String, String)> {
    let (events, links) = (span.events.len(), span.links.len());
    if events == 0 && links == 0 {
        return None;
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = Vec::new();
    let mut title = Vec::new();
    if events > 0 {
        text.push(format!("◆{events}"));
        let names: Vec<&str> = span
            .events
            .iter()
            .take(3)
            .map(|e| e.name.as_ref())
            .collect();
        title.push(format!(
            "{}: {}",
            plural(events, "event", "events"),
            names.join(", ")
        ));
    }
    if links > 0 {
        text.push(format!("⇢{links}"));
        title.push(plural(links, "link", "links"));
    }
    Some((text.join(" "), title.join("; ")))
}
