//! The trace views' share of the page state (issue 13): which view of the open trace is shown,
//! the spans highlighted in the timeline, the traces ticked for comparison, a search narrowed
//! to the traces behind a service-map edge, and a deep link to a span that has not arrived yet.
//!
//! The tabs follow the WAI-ARIA tabs pattern (<https://www.w3.org/WAI/ARIA/apg/patterns/tabs/>):
//! arrows move to the next or previous tab and wrap, Home and End go to the first and last;
//! [`TraceTab::after_key`] is that rule, so it is tested here and not in the browser only.

use crate::model::{SpanId, TraceId};
use std::collections::BTreeSet;
use std::rc::Rc;

/// The views' part of [`super::State`].
#[derive(Clone, Debug, Default)]
pub struct ViewState {
    /// The view of the open trace that is shown.
    pub tab: TraceTab,
    /// Spans picked out in the timeline; always of the open trace (cleared with it).
    pub highlight: Option<Highlight>,
    /// Traces ticked for comparison, oldest first; always in the store.
    pub compare: Vec<TraceId>,
    /// A link's span (`span=` or Jaeger's `uiFind=`) whose trace has not arrived yet: the first
    /// trace that holds it is opened at that span.
    pub pending_link: Option<SpanId>,
}

/// One view of the open trace; Jaeger UI's trace page has the same set
/// (<https://www.jaegertracing.io/docs/latest/frontend-ui/>).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum TraceTab {
    #[default]
    Timeline,
    Graph,
    Statistics,
    Spans,
    Flame,
    Json,
}

impl TraceTab {
    /// In the order the tab list shows them.
    pub const ALL: [TraceTab; 6] = [
        TraceTab::Timeline,
        TraceTab::Graph,
        TraceTab::Statistics,
        TraceTab::Spans,
        TraceTab::Flame,
        TraceTab::Json,
    ];

    /// The tab's visible name.
    pub fn label(self) -> &'static str {
        match self {
            TraceTab::Timeline => "Timeline",
            TraceTab::Graph => "Trace graph",
            TraceTab::Statistics => "Statistics",
            TraceTab::Spans => "Spans table",
            TraceTab::Flame => "Flame graph",
            TraceTab::Json => "JSON",
        }
    }

    /// A name for DOM ids (`tab-graph`, `panel-graph`).
    pub fn slug(self) -> &'static str {
        match self {
            TraceTab::Timeline => "timeline",
            TraceTab::Graph => "graph",
            TraceTab::Statistics => "statistics",
            TraceTab::Spans => "spans",
            TraceTab::Flame => "flame",
            TraceTab::Json => "json",
        }
    }

    fn position(self) -> usize {
        TraceTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab a key press in the tab list moves to, or `None` for a key the list ignores.
    pub fn after_key(self, key: &str) -> Option<TraceTab> {
        let n = TraceTab::ALL.len();
        let at = self.position();
        let to = match key {
            "ArrowRight" | "ArrowDown" => (at + 1) % n,
            "ArrowLeft" | "ArrowUp" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(TraceTab::ALL[to])
    }
}

/// Spans of the open trace to pick out in the timeline, and why (a graph node, a statistics
/// row, a finding of the verdict).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// What the spans are, e.g. "service-b GET /data (3 spans)".
    pub label: String,
    pub spans: Vec<SpanId>,
}

/// Traces ticked for comparison: at most this many.
pub const COMPARE_MAX: usize = 2;

/// Ticks (`on`) or unticks `id` in `ticked`, oldest first; ticking one more than
/// [`COMPARE_MAX`] drops the oldest tick, so the last two ticked are compared. Returns whether
/// the list changed.
pub fn tick(ticked: &mut Vec<TraceId>, id: TraceId, on: bool) -> bool {
    let at = ticked.iter().position(|t| *t == id);
    match (on, at) {
        (true, None) => {
            ticked.push(id);
            if ticked.len() > COMPARE_MAX {
                ticked.remove(0);
            }
            true
        }
        (false, Some(i)) => {
            ticked.remove(i);
            true
        }
        _ => false,
    }
}

/// A search narrowed to a set of traces, such as the traces with calls along one edge of the
/// service map. Shared, so the form is cheap to copy on every keystroke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceSet {
    /// What the traces have in common, e.g. "calls service-a → service-b".
    pub label: String,
    pub ids: Rc<BTreeSet<TraceId>>,
}

impl TraceSet {
    pub fn new(label: impl Into<String>, ids: impl IntoIterator<Item = TraceId>) -> TraceSet {
        // Inserts, not `collect`: `BTreeSet`'s `FromIterator` sorts its input, one more copy of
        // std's sort in the wasm (see `crate::order`).
        let mut set = BTreeSet::new();
        set.extend(ids);
        TraceSet {
            label: label.into(),
            ids: Rc::new(set),
        }
    }

    pub fn contains(&self, id: TraceId) -> bool {
        self.ids.contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TraceTab::*;

    #[rustfmt::skip]
    #[test]
    fn tab_keys_follow_the_aria_tabs_pattern() {
        let cases: &[(TraceTab, &str, Option<TraceTab>, &str)] = &[
            (Timeline, "ArrowRight", Some(Graph),    "right arrow: next tab"),
            (Json,     "ArrowRight", Some(Timeline), "right arrow wraps to the first"),
            (Timeline, "ArrowLeft",  Some(Json),     "left arrow wraps to the last"),
            (Flame,    "ArrowLeft",  Some(Spans),    "left arrow: previous tab"),
            (Graph,    "ArrowDown",  Some(Statistics), "down arrow as right (vertical lists)"),
            (Statistics, "Home",     Some(Timeline), "Home: first tab"),
            (Statistics, "End",      Some(Json),     "End: last tab"),
            (Spans,    "Enter",      None,           "other keys are not the list's"),
            (Spans,    "a",          None,           "letters are not the list's"),
        ];
        for (from, key, to, why) in cases {
            assert_eq!(from.after_key(key), *to, "{why}");
        }
    }

    #[test]
    fn every_tab_has_its_own_name_and_slug() {
        let labels: BTreeSet<&str> = TraceTab::ALL.iter().map(|t| t.label()).collect();
        let slugs: BTreeSet<&str> = TraceTab::ALL.iter().map(|t| t.slug()).collect();
        assert_eq!((labels.len(), slugs.len()), (6, 6));
        assert_eq!(TraceTab::default(), Timeline, "the timeline opens first");
    }

    #[test]
    fn ticking_keeps_the_last_two_in_order() {
        let mut ticked = Vec::new();
        assert!(tick(&mut ticked, TraceId(1), true));
        assert!(!tick(&mut ticked, TraceId(1), true), "already ticked");
        assert!(tick(&mut ticked, TraceId(2), true));
        assert!(tick(&mut ticked, TraceId(3), true));
        assert_eq!(ticked, vec![TraceId(2), TraceId(3)], "the oldest tick goes");
        assert!(tick(&mut ticked, TraceId(2), false));
        assert!(!tick(&mut ticked, TraceId(9), false), "not ticked");
        assert_eq!(ticked, vec![TraceId(3)]);
    }

    #[test]
    fn a_trace_set_answers_membership() {
        let set = TraceSet::new("calls a → b", [TraceId(5), TraceId(2), TraceId(5)]);
        assert_eq!(set.ids.len(), 2);
        assert!(set.contains(TraceId(2)) && !set.contains(TraceId(3)));
    }
}
