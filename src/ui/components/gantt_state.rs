//! The Gantt chart's own UI state (collapsed rows, keyboard focus, scroll, zoom, hover, find)
//! in one reducer.
//!
//! Why one reducer and not a `use_state` per field: every `use_state` of a new type brings its
//! own copy of Yew's hook code into the wasm (about 2 KB each), and the chart had eight. It also
//! makes the two-field updates (focus a row *and* scroll it into view) single steps that always
//! apply to the latest state.

use crate::view::gantt::Collapsed;
use crate::view::window::TimeWindow;
use std::rc::Rc;
use yew::prelude::*;

/// Size the body gets before it is first measured.
const INITIAL_VIEWPORT: f64 = 560.0;
const INITIAL_WIDTH: f64 = 900.0;

#[derive(Clone, Debug, PartialEq)]
pub struct GanttUi {
    pub collapsed: Collapsed,
    /// The span with keyboard focus (by span index, so it survives collapsing).
    pub active_span: Option<usize>,
    /// (scroll top, viewport height, viewport width) of the scrolling body, in pixels.
    pub scroll: (f64, f64, f64),
    /// `None` shows the whole trace (even if it grows); `Some` is a zoom.
    pub zoom: Option<TimeWindow>,
    /// The row under the pointer (for the tooltip).
    pub hover: Option<usize>,
    /// "Find in trace" text, and which match (0-based) was stepped to last.
    pub find: String,
    pub find_pos: Option<usize>,
    /// (request number, row) to scroll into view after the next render.
    pub reveal_row: (u64, Option<usize>),
}

impl Default for GanttUi {
    fn default() -> GanttUi {
        GanttUi {
            collapsed: Collapsed::default(),
            active_span: None,
            scroll: (0.0, INITIAL_VIEWPORT, INITIAL_WIDTH),
            zoom: None,
            hover: None,
            find: String::new(),
            find_pos: None,
            reveal_row: (0, None),
        }
    }
}

pub enum GanttAction {
    /// Collapse `span` if expanded, expand it if collapsed.
    Toggle(usize),
    SetCollapsed(Collapsed),
    /// Focus `span`; with `reveal`, also scroll its row into view after the next render.
    Focus {
        span: usize,
        reveal: Option<usize>,
    },
    Measured((f64, f64, f64)),
    Zoom(Option<TimeWindow>),
    Hover(Option<usize>),
    /// New find text: the match position starts over.
    Find(String),
    FindPos(usize),
}

impl Reducible for GanttUi {
    type Action = GanttAction;

    fn reduce(self: Rc<Self>, action: GanttAction) -> Rc<Self> {
        let mut ui = Rc::unwrap_or_clone(self);
        match action {
            GanttAction::Toggle(span) => {
                if !ui.collapsed.remove(span) {
                    ui.collapsed.insert(span);
                }
            }
            GanttAction::SetCollapsed(collapsed) => ui.collapsed = collapsed,
            GanttAction::Focus { span, reveal } => {
                ui.active_span = Some(span);
                if reveal.is_some() {
                    ui.reveal_row = (ui.reveal_row.0 + 1, reveal);
                }
            }
            GanttAction::Measured(scroll) => ui.scroll = scroll,
            GanttAction::Zoom(zoom) => ui.zoom = zoom,
            GanttAction::Hover(hover) => ui.hover = hover,
            GanttAction::Find(text) => {
                ui.find = text;
                ui.find_pos = None;
            }
            GanttAction::FindPos(k) => ui.find_pos = Some(k),
        }
        Rc::new(ui)
    }
}
