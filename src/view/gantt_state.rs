//! The Gantt chart's own UI state (collapsed rows, keyboard focus, scroll, zoom, hover, find)
//! and its reducer, natively tested; the chart component (`crate::ui`) wraps it in a
//! `yew::Reducible`.
//!
//! Why one reducer and not a piece of component state per field: two-field updates (focus a row
//! *and* scroll it into view) become single steps that always apply to the latest state.

use super::gantt::Collapsed;
use super::window::TimeWindow;
use std::rc::Rc;

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
    /// (request number, row) to scroll into view after the next render: the number changes
    /// with every request, so asking twice for the same row scrolls twice.
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

#[derive(Clone, Debug, PartialEq)]
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

impl GanttUi {
    /// Applies `action` (copying the state only if the chart still holds the old one).
    pub fn reduce(self: Rc<Self>, action: GanttAction) -> Rc<Self> {
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
                    ui.reveal_row = (ui.reveal_row.0.wrapping_add(1), reveal);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(ui: GanttUi, actions: Vec<GanttAction>) -> GanttUi {
        let mut ui = Rc::new(ui);
        for action in actions {
            ui = ui.reduce(action);
        }
        Rc::unwrap_or_clone(ui)
    }

    #[test]
    fn toggle_collapses_then_expands() {
        let ui = apply(GanttUi::default(), vec![GanttAction::Toggle(3)]);
        assert!(ui.collapsed.contains(3));
        let ui = apply(ui, vec![GanttAction::Toggle(3)]);
        assert!(ui.collapsed.is_empty());
        let all: Collapsed = [1, 2].into_iter().collect();
        let ui = apply(ui, vec![GanttAction::SetCollapsed(all.clone())]);
        assert_eq!(ui.collapsed, all);
    }

    #[test]
    fn focus_with_reveal_asks_for_a_new_scroll_each_time() {
        let start = GanttUi::default();
        let ui = apply(
            start.clone(),
            vec![GanttAction::Focus {
                span: 7,
                reveal: None,
            }],
        );
        assert_eq!(ui.active_span, Some(7));
        assert_eq!(ui.reveal_row, start.reveal_row, "a click does not scroll");
        let reveal = |span| GanttAction::Focus {
            span,
            reveal: Some(4),
        };
        let once = apply(ui, vec![reveal(9)]);
        assert_eq!((once.active_span, once.reveal_row), (Some(9), (1, Some(4))));
        let twice = apply(once, vec![reveal(9)]);
        assert_eq!(twice.reveal_row, (2, Some(4)), "same row, new request");
    }

    #[test]
    fn new_find_text_restarts_the_match_position() {
        let ui = apply(
            GanttUi::default(),
            vec![GanttAction::Find("db".into()), GanttAction::FindPos(2)],
        );
        assert_eq!((ui.find.as_str(), ui.find_pos), ("db", Some(2)));
        let ui = apply(ui, vec![GanttAction::Find("dba".into())]);
        assert_eq!((ui.find.as_str(), ui.find_pos), ("dba", None));
    }

    #[test]
    fn scroll_zoom_and_hover_are_stored_as_given() {
        let window = TimeWindow { from: 10, to: 20 };
        let ui = apply(
            GanttUi::default(),
            vec![
                GanttAction::Measured((40.0, 300.0, 640.0)),
                GanttAction::Zoom(Some(window)),
                GanttAction::Hover(Some(5)),
            ],
        );
        assert_eq!(ui.scroll, (40.0, 300.0, 640.0));
        assert_eq!((ui.zoom, ui.hover), (Some(window), Some(5)));
        let ui = apply(ui, vec![GanttAction::Zoom(None), GanttAction::Hover(None)]);
        assert_eq!((ui.zoom, ui.hover), (None, None));
    }
}
