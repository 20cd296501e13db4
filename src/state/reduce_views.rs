//! The reducer's part for the trace views (issue 13), kept beside `reduce.rs` so the core
//! actions read on their own: tabs, highlights, comparison ticks, a search narrowed to a set of
//! traces, and following a deep link to a span.

use super::views::{tick, TraceTab};
use super::{Action, Page, State};
use crate::model::TraceId;

impl State {
    /// Whether a views action would change nothing (see `State::reduce`).
    pub(super) fn view_action_changes_nothing(&self, action: &Action) -> bool {
        match action {
            Action::ShowTraceTab(tab) => *tab == self.views.tab,
            Action::Highlight(None) => self.views.highlight.is_none(),
            Action::Highlight(Some(h)) => {
                self.selected_trace.is_none()
                    || (self.views.highlight.as_ref() == Some(h)
                        && self.views.tab == TraceTab::Timeline)
            }
            Action::TickCompare(id, on) => {
                let mut ticked = self.views.compare.clone();
                (*on && !self.store.contains(*id)) || !tick(&mut ticked, *id, *on)
            }
            Action::SearchTraces(set) => {
                self.search.only.as_ref() == Some(set) && self.page == Page::Search
            }
            _ => false,
        }
    }

    pub(super) fn apply_view_action(&mut self, action: Action) {
        match action {
            Action::ShowTraceTab(tab) => self.views.tab = tab,
            Action::Highlight(highlight) => {
                if let Some(h) = &highlight {
                    self.views.tab = TraceTab::Timeline;
                    self.status = format!("Highlighted in the timeline: {}.", h.label);
                }
                self.views.highlight = highlight;
            }
            Action::TickCompare(id, on) => {
                tick(&mut self.views.compare, id, on);
            }
            Action::SearchTraces(set) => {
                self.status = format!("Finding the {} traces with {}.", set.ids.len(), set.label);
                self.search.only = Some(set);
                self.page = Page::Search;
            }
            _ => {}
        }
    }

    /// Opens the first of `traces` that holds the pending link's span, at that span; false
    /// when there is no pending link or none of them holds it. O(spans of `traces`).
    pub(super) fn follow_link(&mut self, traces: &[TraceId]) -> bool {
        let Some(span) = self.views.pending_link else {
            return false;
        };
        let found = traces.iter().copied().find(|&id| {
            self.store
                .get(id)
                .is_some_and(|t| t.spans.iter().any(|s| s.span_id == span))
        });
        let Some(trace) = found else {
            return false;
        };
        self.selected_trace = Some(trace);
        self.selected_span = Some(span);
        self.page = Page::Trace;
        self.views.pending_link = None;
        self.views.highlight = None;
        true
    }

    /// A new link's span (from settings) becomes the pending link, looked for in the store.
    pub(super) fn take_link(&mut self, span: Option<crate::model::SpanId>) {
        self.views.pending_link = span;
        let all: Vec<TraceId> = self.store.iter().map(|t| t.trace_id).collect();
        self.follow_link(&all);
    }

    /// What every action leaves consistent: ticks name stored traces, a highlight belongs to
    /// the open trace, and the link in the address bar is the selected span (or the pending
    /// link while its trace has not arrived).
    pub(super) fn settle_views(&mut self) {
        let store = &self.store;
        self.views.compare.retain(|id| store.contains(*id));
        if self.selected_trace.is_none() {
            self.views.highlight = None;
        }
        if self.selected_span.is_some() {
            self.views.pending_link = None;
        }
        self.settings.span = self.selected_span.or(self.views.pending_link);
    }
}
