//! The page's state, the actions that change it and the reducer: plain Rust, tested natively.
//! The Yew shell (`crate::ui`) only renders a [`State`] and dispatches [`Action`]s through a
//! thin `yew::Reducible` wrapper around [`State::reduce`].
//!
//! - [`action`]: every change, with the clock as an input.
//! - `reduce`: the reducer, [`State::reduce`] (the same `Rc` back for an action that changes
//!   nothing).
//! - [`driver`]: the simulator's one caller: per-request seeds ("the same link gives the same
//!   traces"), chunked load runs, and placing runs in the past (issue 11).
//! - [`search`]: the "Find traces" form, parsed and run over the store.
//! - [`persist`]: what survives a reload (issue 12), and when it is saved.
//! - [`views`]: the trace page's tabs, timeline highlights, trace comparison and deep links to
//!   a span (issue 13).
//! - [`guide`]: the Lab guide's progress, answers and the facts it reads, observed after every
//!   action that changes the state (issue 14).
//! - [`groups`]: which groups of controls are open (issue 14's first screen).
//! - [`inspector`]: the Header inspector's input.
//!
//! Invariants every action keeps, checked by the property test (`src/state/tests/property.rs`):
//! the store stays within its caps; the selected trace is in the store or none; the selected
//! span is in the selected trace or none; no stored span ends after the latest "now" given.

pub mod action;
pub mod driver;
pub mod groups;
pub mod guide;
pub mod inspector;
pub mod persist;
mod reduce;
mod reduce_views;
pub mod scenario;
mod scenario_lab;
pub mod scenario_workers;
pub mod search;
#[cfg(test)]
mod tests;
pub mod views;

pub use action::Action;
pub use groups::{Group, Groups};
pub use guide::{GuideAction, GuideState};
pub use inspector::HeaderInspectorInput;
pub use search::{FormErrors, SearchForm};

use crate::guide::LabFacts;
use crate::model::{SpanId, Trace, TraceId};
use crate::store::TraceStore;
use crate::view::load_history::LoadHistory;
use crate::view::url::Settings;
use driver::{Chunk, StagedRun};
use std::cell::RefCell;
use std::rc::Rc;

/// Which view the main area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Search,
    Trace,
    HeaderInspector,
    /// The latency panel of load runs (issue 7).
    Latency,
    /// The scenario editor and presets (issue 12).
    Scenario,
    /// Two ticked traces merged into one tree (issue 13).
    Compare,
    /// Services and the calls between them (issue 13).
    ServiceMap,
}

/// A message shown above the views until dismissed (bad link values, bad settings).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
}

/// A single **Send request** playing in real time: its spans are known, shown when it lands.
#[derive(Clone, Debug)]
pub struct InFlight {
    pub ticket: u64,
    /// The request's index (its number in messages).
    pub request: u64,
    pub duration_nanos: u64,
    chunk: Chunk,
    /// The settings the guide reads, as they were when it was sent.
    lab: LabFacts,
}

/// A **Run load** in progress. The run is shared, not cloned, between state versions.
#[derive(Clone, Debug)]
pub struct LoadRun {
    pub ticket: u64,
    pub done: u32,
    pub total: u32,
    run: Rc<RefCell<StagedRun>>,
    /// This run's number in [`State::load_history`].
    pub history_run: u32,
    /// The settings the guide reads, as they were when the run started.
    lab: LabFacts,
}

#[derive(Clone, Debug, Default)]
pub struct State {
    /// Bumped by every action that changes something (the UI compares versions, not states).
    pub version: u64,
    pub settings: Settings,
    pub notices: Vec<Notice>,
    /// Shared between state versions: an action that does not touch the traces copies a
    /// pointer, one that does copies the store's index only if an older version still holds it.
    pub store: Rc<TraceStore>,
    /// Index of the next request; with the seed it fixes that request's trace ids.
    pub next_request: u64,
    pub sampled_requests: u64,
    pub dropped_requests: u64,
    pub in_flight: Option<InFlight>,
    pub load: Option<LoadRun>,
    /// Request records and per-run results of load runs, for the latency panel.
    pub load_history: LoadHistory,
    /// Source of unique tickets for in-flight requests, load runs and notices.
    tickets: u64,
    pub page: Page,
    pub selected_trace: Option<TraceId>,
    pub selected_span: Option<SpanId>,
    pub search: SearchForm,
    /// What the last action did, for a polite live region.
    pub status: String,
    /// The scenario editor: the text, its problems, the last valid scenario (issue 12).
    pub scenario: scenario::ScenarioEditor,
    /// How many times **Reset to the lab** was pressed: the page forgets the kept scenario on
    /// each press, even when the lab was already running (`crate::ui::persist`), since a kept
    /// one may be waiting from an earlier visit (`persist::scenario::start`).
    pub scenario_resets: u32,
    /// How many times the scenario that runs changed without a learner's choice, once the
    /// reader arrived (`State::reader_ready`): a link's packed scenario unpacked, or a starting
    /// scenario that did not read giving way to the lab. The page then keeps whatever scenario
    /// it had kept (`crate::ui::persist`).
    pub scenario_rebases: u32,
    /// The trace views' tab, highlight, comparison ticks and pending deep link.
    pub views: views::ViewState,
    /// The Lab guide: progress, answers and the facts it reads (issue 14).
    pub guide: GuideState,
    /// The Header inspector's input (pick and pasted text).
    pub header_inspector: HeaderInspectorInput,
    /// Which groups of controls are open.
    pub groups: Groups,
}

impl State {
    /// The state a page starts in, from the link's settings and any notices about them.
    pub fn new(settings: Settings, notices: Vec<String>) -> State {
        let store = TraceStore::new(settings.load.store_limits());
        let mut state = State {
            views: views::ViewState {
                pending_link: settings.span,
                ..views::ViewState::default()
            },
            settings,
            store: Rc::new(store),
            ..State::default()
        };
        state.push_notices(notices);
        state.scenario_from_settings();
        state.status.clear();
        state
    }

    /// The open trace, if any.
    pub fn selected(&self) -> Option<&Rc<Trace>> {
        self.selected_trace.and_then(|id| self.store.get(id))
    }

    fn next_ticket(&mut self) -> u64 {
        self.tickets += 1;
        self.tickets
    }

    fn push_notices(&mut self, texts: Vec<String>) {
        for text in texts {
            let id = self.next_ticket();
            self.notices.push(Notice { id, text });
        }
    }

    /// The store, for a change (copied first only if an older state version shares it).
    fn store_mut(&mut self) -> &mut TraceStore {
        Rc::make_mut(&mut self.store)
    }
}
