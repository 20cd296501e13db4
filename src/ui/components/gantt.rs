//! The Gantt chart of one trace, virtualised: only the rows in view (plus a few either side)
//! are in the DOM, so a 10,000-span trace opens fast and scrolls smoothly. Rows nest by parent
//! with collapse/expand, follow the tree-grid keyboard pattern (arrows, Home/End, Enter), can
//! be searched ("Find in trace") and zoomed (minimap). Spans highlighted from another view (a
//! trace graph box, a statistics row, a verdict finding) are marked, revealed and stepped
//! through. Layout maths lives in `crate::view`.

use super::gantt_row::{gantt_row, gantt_tooltip, row_dom_id, RowView, ROW_HEIGHT};
use super::minimap::Minimap;
use crate::analysis::TraceAnalysis;
use crate::model::Trace;
use crate::ui::shared::Shared;
use crate::view::find::{find_in_trace, step_match};
use crate::view::gantt::{navigate, reveal, visible_rows, Collapsed, NavKey, NavOutcome, Row};
use crate::view::gantt_state::{GanttAction, GanttUi};
use crate::view::ruler::ticks;
use crate::view::window::{scroll_to_reveal, virtual_range, TimeWindow};
use std::rc::Rc;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

/// The chart's UI reducer is the core's [`GanttUi::reduce`].
impl Reducible for GanttUi {
    type Action = GanttAction;

    fn reduce(self: Rc<Self>, action: GanttAction) -> Rc<Self> {
        GanttUi::reduce(self, action)
    }
}

/// Rows rendered beyond each edge of the viewport.
const OVERSCAN: usize = 8;
/// Room one ruler label needs, so narrow screens get fewer ticks.
const PX_PER_TICK: f64 = 150.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub trace: Shared<Trace>,
    pub analysis: Shared<TraceAnalysis>,
    /// Index (into `trace.spans`) of the span shown in the detail panel.
    pub selected: Option<usize>,
    pub on_select: Callback<Option<usize>>,
    /// Spans picked out by another view, if any.
    pub highlight: Option<Shared<Highlighted>>,
    pub on_clear_highlight: Callback<()>,
}

/// Highlighted spans of the trace: a flag per span, and the spans in row (tree) order.
pub struct Highlighted {
    pub label: String,
    pub flags: Vec<bool>,
    pub spans: Vec<usize>,
}

impl Highlighted {
    /// The spans of `ids` that are in the trace, in tree order.
    pub fn new(analysis: &TraceAnalysis, label: String, ids: &[crate::model::SpanId]) -> Self {
        let tree = &analysis.tree;
        let mut flags = vec![false; tree.len()];
        for i in ids.iter().filter_map(|&id| tree.index_of(id)) {
            if let Some(f) = flags.get_mut(i) {
                *f = true;
            }
        }
        let spans = tree
            .preorder()
            .iter()
            .copied()
            .filter(|&i| flags.get(i).copied().unwrap_or(false))
            .collect();
        Highlighted {
            label,
            flags,
            spans,
        }
    }
}

fn rows_for(analysis: &TraceAnalysis, collapsed: &Collapsed) -> Vec<Row> {
    let tree = &analysis.tree;
    visible_rows(tree.roots(), tree.len(), |i| tree.children(i), collapsed)
}

#[function_component(Gantt)]
pub fn gantt(p: &Props) -> Html {
    let duration = p.trace.duration_nanos();
    let ui = use_reducer(GanttUi::default);
    let window = ui.zoom.unwrap_or_else(|| TimeWindow::full(duration));
    let body = use_node_ref();

    let rows = use_memo((p.analysis.clone(), ui.collapsed.clone()), |(a, c)| {
        rows_for(a, c)
    });
    let matches = use_memo((p.trace.clone(), ui.find.clone()), |(trace, query)| {
        let hits = find_in_trace(trace, query);
        let mut flags = vec![false; trace.spans.len()];
        for &i in &hits {
            flags[i] = true;
        }
        (hits, flags)
    });
    let active_row = ui
        .active_span
        .and_then(|s| rows.iter().position(|r| r.span == s))
        .unwrap_or(0);

    {
        // Measure the viewport once mounted; scroll a revealed row into view after a render.
        let (body, ui) = (body.clone(), ui.clone());
        use_effect_with(ui.reveal_row, move |(_, row)| {
            if let Some(el) = body.cast::<Element>() {
                let (mut top, height) = (f64::from(el.scroll_top()), f64::from(el.client_height()));
                let width = f64::from(el.client_width());
                if let Some(t) = row.and_then(|r| scroll_to_reveal(r, ROW_HEIGHT, top, height)) {
                    el.set_scroll_top(t as i32);
                    top = t;
                }
                ui.dispatch(GanttAction::Measured((top, height, width)));
            }
        });
    }
    let go_to_row = {
        let ui = ui.dispatcher();
        move |rows: &[Row], row: usize| {
            if let Some(r) = rows.get(row) {
                ui.dispatch(GanttAction::Focus {
                    span: r.span,
                    reveal: Some(row),
                });
            }
        }
    };
    let toggle = {
        let ui = ui.dispatcher();
        Callback::from(move |span: usize| ui.dispatch(GanttAction::Toggle(span)))
    };
    let onkeydown = {
        let (rows, toggle, on_select) = (rows.clone(), toggle.clone(), p.on_select.clone());
        let (go_to_row, viewport) = (go_to_row.clone(), ui.scroll.1);
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" || key == " " {
                e.prevent_default();
                on_select.emit(rows.get(active_row).map(|r| r.span));
                return;
            }
            let Some(nav) = NavKey::from_key(&key) else {
                return;
            };
            e.prevent_default();
            let page = (viewport / ROW_HEIGHT) as usize;
            match navigate(&rows, active_row, nav, page) {
                NavOutcome::MoveTo(row) => go_to_row(&rows, row),
                NavOutcome::Toggle { span } => toggle.emit(span),
                NavOutcome::Nothing => {}
            }
        })
    };
    let on_row_click = {
        let (rows, ui, on_select) = (rows.clone(), ui.dispatcher(), p.on_select.clone());
        Callback::from(move |row: usize| {
            if let Some(r) = rows.get(row) {
                ui.dispatch(GanttAction::Focus {
                    span: r.span,
                    reveal: None,
                });
                on_select.emit(Some(r.span));
            }
        })
    };
    let onscroll = {
        let (body, ui) = (body.clone(), ui.dispatcher());
        Callback::from(move |_: Event| {
            if let Some(el) = body.cast::<Element>() {
                let (top, height, width) = (el.scroll_top(), el.client_height(), el.client_width());
                let measured = (f64::from(top), f64::from(height), f64::from(width));
                ui.dispatch(GanttAction::Measured(measured));
            }
        })
    };
    // Expands the span's ancestors, focuses its row and scrolls it into view.
    let show_span = {
        let (analysis, ui) = (p.analysis.clone(), ui.clone());
        let go_to_row = go_to_row.clone();
        move |span: usize| {
            let mut next = ui.collapsed.clone();
            reveal(
                span,
                |i| analysis.tree.parent(i),
                &mut next,
                analysis.tree.len(),
            );
            let rows = rows_for(&analysis, &next);
            ui.dispatch(GanttAction::SetCollapsed(next));
            if let Some(row) = rows.iter().position(|r| r.span == span) {
                go_to_row(&rows, row);
            }
        }
    };
    let step = {
        let (matches, ui, show_span) = (matches.clone(), ui.clone(), show_span.clone());
        move |backwards: bool| {
            let Some(k) = step_match(matches.0.len(), ui.find_pos, backwards) else {
                return;
            };
            let Some(&span) = matches.0.get(k) else {
                return;
            };
            ui.dispatch(GanttAction::FindPos(k));
            show_span(span);
        }
    };
    // The highlighted span stepped to last; a new highlight shows its first span.
    let highlight_pos = use_state(|| 0usize);
    {
        let (show_span, highlight_pos) = (show_span.clone(), highlight_pos.clone());
        use_effect_with(p.highlight.clone(), move |h| {
            highlight_pos.set(0);
            if let Some(&first) = h.as_ref().and_then(|h| h.spans.first()) {
                show_span(first);
            }
        });
    }
    let step_highlight = {
        let (highlight, pos, show_span) = (p.highlight.clone(), highlight_pos.clone(), show_span);
        move |backwards: bool| {
            let Some(h) = &highlight else { return };
            let Some(k) = step_match(h.spans.len(), Some(*pos), backwards) else {
                return;
            };
            pos.set(k);
            if let Some(&span) = h.spans.get(k) {
                show_span(span);
            }
        }
    };
    let on_find_input = {
        let ui = ui.dispatcher();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            ui.dispatch(GanttAction::Find(text));
        })
    };
    let on_find_key = {
        let step = step.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                step(e.shift_key());
            }
        })
    };
    let expand_all = {
        let ui = ui.dispatcher();
        Callback::from(move |_| ui.dispatch(GanttAction::SetCollapsed(Collapsed::default())))
    };
    let collapse_all = {
        let (ui, analysis) = (ui.dispatcher(), p.analysis.clone());
        Callback::from(move |_| {
            let tree = &analysis.tree;
            let all = (0..tree.len())
                .filter(|&i| !tree.children(i).is_empty())
                .collect();
            ui.dispatch(GanttAction::SetCollapsed(all))
        })
    };
    let on_zoom = {
        let ui = ui.dispatcher();
        Callback::from(move |w: TimeWindow| {
            ui.dispatch(GanttAction::Zoom((!w.is_full(duration)).then_some(w)))
        })
    };
    let reset_zoom = {
        let ui = ui.dispatcher();
        Callback::from(move |_| ui.dispatch(GanttAction::Zoom(None)))
    };

    let (top, viewport, width) = ui.scroll;
    let range = virtual_range(rows.len(), ROW_HEIGHT, top, viewport, OVERSCAN);
    let ruler = ticks(
        window.from,
        window.to,
        (width / PX_PER_TICK).clamp(2.0, 8.0) as u32,
    );
    let match_text = match (matches.0.len(), ui.find_pos) {
        (0, _) if ui.find.trim().is_empty() => String::new(),
        (0, _) => "No match".to_string(),
        (n, Some(k)) => format!("{} of {n}", k + 1),
        (n, None) => format!("{n} matches"),
    };
    let hovered = ui.hover;
    let on_hover = {
        let ui = ui.dispatcher();
        Callback::from(move |h| ui.dispatch(GanttAction::Hover(h)))
    };
    let (prev, next) = (step.clone(), step);
    let (prev_h, next_h) = (step_highlight.clone(), step_highlight);
    let clear_highlight = p.on_clear_highlight.reform(|_| ());
    html! {
        <section class="gantt" aria-label="Timeline">
            if let Some(h) = &p.highlight {
                <div class="highlight-bar" role="status">
                    <span>{ format!("Highlighted: {} — {} of {} shown", h.label, (*highlight_pos + 1).min(h.spans.len()), h.spans.len()) }</span>
                    <button onclick={Callback::from(move |_| prev_h(true))} disabled={h.spans.len() < 2}>{ "Previous highlighted" }</button>
                    <button onclick={Callback::from(move |_| next_h(false))} disabled={h.spans.len() < 2}>{ "Next highlighted" }</button>
                    <button onclick={clear_highlight}>{ "Clear highlight" }</button>
                </div>
            }
            <div class="gantt-tools">
                <div class="find">
                    <label for="find-in-trace">{ "Find in trace" }</label>
                    <input id="find-in-trace" type="search" value={ui.find.clone()} oninput={on_find_input}
                        onkeydown={on_find_key} placeholder="service, name, attribute…" />
                    <span class="match-count" aria-live="polite">{ match_text }</span>
                    <button onclick={Callback::from(move |_| prev(true))} disabled={matches.0.is_empty()}
                        aria-label="Previous match">{ "↑" }</button>
                    <button onclick={Callback::from(move |_| next(false))} disabled={matches.0.is_empty()}
                        aria-label="Next match">{ "↓" }</button>
                </div>
                <div class="tree-buttons">
                    <button onclick={expand_all}>{ "Expand all" }</button>
                    <button onclick={collapse_all}>{ "Collapse all" }</button>
                    if ui.zoom.is_some() {
                        <button onclick={reset_zoom}>{ "Reset zoom" }</button>
                    }
                </div>
            </div>
            <Minimap trace={p.trace.clone()} analysis={p.analysis.clone()} window={window} on_change={on_zoom} />
            <div class="gantt-head" aria-hidden="true">
                <div class="cell-label">{ "Service · operation" }</div>
                <div class="ruler">
                    { for ruler.iter().map(|t| html! { <span style={format!("left: {:.3}%", t.percent)}>{ t.label.clone() }</span> }) }
                </div>
            </div>
            <div class="gantt-viewport">
            <div class="gantt-body" ref={body} role="treegrid" aria-label="Spans" tabindex="0"
                aria-rowcount={rows.len().to_string()} {onkeydown} {onscroll}
                aria-activedescendant={rows.get(active_row).map(|r| row_dom_id(r.span))}
                onmouseleave={on_hover.reform(|_| None)}
                style={format!("height: {}px", rows.len() as f64 * ROW_HEIGHT + 2.0)}>
                <div class="gantt-canvas" style={format!("height: {}px", rows.len() as f64 * ROW_HEIGHT)}>
                    // Keyed like the rows: `{ for … }` below is flattened into this element's
                    // children, and Yew diffs a list by key only when every child has one; an
                    // unkeyed sibling made it rebuild every visible row on each scroll frame.
                    <div class="gridlines" key="gridlines" aria-hidden="true">
                        { for ruler.iter().map(|t| html! { <span style={format!("left: {:.3}%", t.percent)}></span> }) }
                    </div>
                    { for range.filter_map(|i| rows.get(i).map(|r| (i, *r))).map(|(i, row)| gantt_row(RowView {
                        trace: &p.trace, analysis: &p.analysis, row, row_index: i, window,
                        active: i == active_row, selected: p.selected == Some(row.span),
                        matched: matches.1.get(row.span).copied().unwrap_or(false),
                        highlighted: p.highlight.as_ref().is_some_and(|h| h.flags.get(row.span).copied().unwrap_or(false)),
                        on_click: &on_row_click, on_toggle: &toggle, on_hover: &on_hover,
                    })) }
                </div>
            </div>
            if let Some(row) = hovered.and_then(|i| rows.get(i).map(|r| (i, r.span))) {
                { gantt_tooltip(&p.trace, &p.analysis, row.1, (row.0 + 1) as f64 * ROW_HEIGHT - top,
                    (row.0 as f64 * ROW_HEIGHT - top) > viewport / 2.0) }
            }
            </div>
            <p class="hint">{ "Arrow keys move between spans, Left/Right collapse and expand, Enter shows the span's details. Drag across the overview above to zoom." }</p>
        </section>
    }
}
