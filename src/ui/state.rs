//! The app state, the actions that change it, and the reducer. No DOM code here: the clock
//! arrives inside actions, timers live in components, and the simulator is reached only
//! through [`super::sim_driver`].

use super::sim_driver::{Chunk, LoadJob};
use crate::analysis::SortOrder;
use crate::model::{SpanId, Trace, TraceId};
use crate::store::TraceStore;
use crate::view::format;
use crate::view::load::{describe_arrival, describe_workers, offered_rps};
use crate::view::load_history::{LoadHistory, RunMeta};
use crate::view::url::{Playback, Settings};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// Which view the main area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Search,
    Trace,
    Inspector,
    /// The latency panel of load runs (issue 7).
    Latency,
}

/// A message shown above the views until dismissed (bad link values, bad settings).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
}

/// The search form as typed; parsed when the search runs, so errors can be shown inline.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchForm {
    /// Empty means any.
    pub service: String,
    pub operation: String,
    pub min_duration: String,
    pub max_duration: String,
    pub errors_only: bool,
    pub tags: String,
    pub limit: u32,
    pub sort: SortOrder,
}

impl Default for SearchForm {
    fn default() -> Self {
        SearchForm {
            service: String::new(),
            operation: String::new(),
            min_duration: String::new(),
            max_duration: String::new(),
            errors_only: false,
            tags: String::new(),
            limit: 20,
            sort: SortOrder::MostRecent,
        }
    }
}

/// A single **Send request** playing in real time: its spans are known, shown when it lands.
#[derive(Clone, Debug)]
pub struct InFlight {
    pub ticket: u64,
    /// The request's index (its number in messages).
    pub request: u64,
    pub duration_nanos: u64,
    chunk: Chunk,
}

/// A **Run load** in progress. The job is shared, not cloned, between state versions.
#[derive(Clone, Debug)]
pub struct LoadRun {
    pub ticket: u64,
    pub done: u32,
    pub total: u32,
    job: Rc<RefCell<LoadJob>>,
    /// This run's number in [`State::load_history`].
    pub history_run: u32,
}

#[derive(Clone, Debug, Default)]
pub struct State {
    /// Bumped by every action that changes something (see `AppContext`'s equality).
    pub version: u64,
    pub settings: Settings,
    pub notices: Vec<Notice>,
    pub store: TraceStore,
    /// Index of the next request; with the seed it fixes that request's trace ids.
    pub next_request: u64,
    pub sampled_requests: u64,
    pub dropped_requests: u64,
    pub in_flight: Option<InFlight>,
    pub load: Option<LoadRun>,
    /// Request records and per-run results of load runs, for the latency panel.
    pub load_history: LoadHistory,
    /// Source of unique tickets for in-flight requests and load runs.
    tickets: u64,
    pub page: Page,
    pub selected_trace: Option<TraceId>,
    pub selected_span: Option<SpanId>,
    pub search: SearchForm,
    /// What the last action did, for a polite live region.
    pub status: String,
}

pub enum Action {
    SetSettings(Settings),
    /// Run one request starting now (the clock is an input).
    SendRequest {
        now_unix_nano: u64,
    },
    /// The in-flight request with this ticket has "arrived".
    Land {
        ticket: u64,
    },
    StartLoad {
        now_unix_nano: u64,
    },
    /// Simulate the next chunk of the load run with this ticket.
    LoadChunk {
        ticket: u64,
    },
    CancelLoad,
    ClearTraces,
    /// Traces from an import (the export panel's `on_import`).
    ImportTraces(Vec<Trace>),
    ShowPage(Page),
    OpenTrace(TraceId),
    SelectSpan(Option<SpanId>),
    SetSearch(SearchForm),
    AddNotices(Vec<String>),
    DismissNotice(u64),
    /// Forget the load runs' records and chart points.
    ClearLoadHistory,
}

impl State {
    /// The state a page starts in, from the link's settings and any notices about them.
    pub fn new(settings: Settings, notices: Vec<String>) -> State {
        let mut state = State {
            settings,
            ..State::default()
        };
        state.push_notices(notices);
        state.store.set_limits(state.settings.load.store_limits());
        state
    }

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

    /// Stores a single request's spans and opens its (first) trace.
    fn land(&mut self, chunk: Chunk, request: u64) {
        self.sampled_requests += chunk.sampled;
        self.dropped_requests += chunk.dropped;
        let span_count = chunk.spans.len();
        let outcome = self.store.add_spans(chunk.spans);
        self.status = match outcome.new_traces.len() {
            0 => format!("Request #{request} ran but was not sampled: no spans were recorded."),
            1 => format!("Request #{request}: {span_count} spans in one trace."),
            n => format!(
                "Request #{request}: {span_count} spans in {n} separate traces (context was not propagated)."
            ),
        };
        if let Some(first) = outcome.new_traces.first() {
            self.open(*first);
        }
    }

    fn open(&mut self, id: TraceId) {
        self.selected_trace = Some(id);
        self.selected_span = None;
        self.page = Page::Trace;
    }

    fn start_load(&mut self, now_unix_nano: u64) -> Result<(), String> {
        let total = self.settings.requests;
        let arrival = self.settings.load.arrival();
        let job = LoadJob::with_arrival(
            &self.settings.lab,
            self.settings.seed,
            self.next_request,
            total,
            now_unix_nano,
            arrival,
        )?;
        self.next_request += u64::from(total);
        let ticket = self.next_ticket();
        let lab = &self.settings.lab;
        let mut workers = vec![("service-a", lab.workers_a), ("service-b", lab.workers_b)];
        if lab.fan_out > 0 {
            workers.push(("db", lab.workers_db));
        }
        let history_run = self.load_history.begin(RunMeta {
            arrival: describe_arrival(&arrival),
            offered_rps: offered_rps(&arrival),
            workers: describe_workers(&workers),
            requested: total,
            services: job.services().to_vec(),
        });
        self.load = Some(LoadRun {
            ticket,
            done: 0,
            total,
            job: Rc::new(RefCell::new(job)),
            history_run,
        });
        self.page = Page::Search;
        self.status = format!("Running {} requests…", format::count(u64::from(total)));
        Ok(())
    }

    fn load_chunk(&mut self, ticket: u64) {
        let Some(run) = self.load.as_mut().filter(|run| run.ticket == ticket) else {
            return;
        };
        let (chunk, done, finished) = {
            let mut job = run.job.borrow_mut();
            let chunk = job.advance_chunk();
            (chunk, job.done(), job.is_done())
        };
        run.done = done;
        let total = run.total;
        let history_run = run.history_run;
        self.sampled_requests += chunk.sampled;
        self.dropped_requests += chunk.dropped;
        self.store.add_spans(chunk.spans);
        self.load_history.add(history_run, chunk.records);
        if finished {
            self.load_history.finish(history_run, false);
            // A User Timing mark (no DOM): the benchmark's `sim_10k_ms` ends here.
            super::perf_marks::run_load_stored();
            self.load = None;
            self.status = format!(
                "Ran {} requests; the store holds {} traces.",
                format::count(u64::from(total)),
                format::count(self.store.len() as u64)
            );
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Actions that would change nothing return the same Rc, so nothing re-renders.
        let noop = match &action {
            Action::SendRequest { .. } => self.in_flight.is_some(),
            Action::Land { ticket } => self.in_flight.as_ref().is_none_or(|f| f.ticket != *ticket),
            Action::StartLoad { .. } => self.load.is_some(),
            Action::LoadChunk { ticket } => self.load.as_ref().is_none_or(|l| l.ticket != *ticket),
            Action::CancelLoad => self.load.is_none(),
            Action::ClearTraces => {
                self.store.is_empty() && self.in_flight.is_none() && self.sampled_requests == 0
            }
            Action::ImportTraces(traces) => traces.is_empty(),
            Action::SetSettings(s) => *s == self.settings,
            Action::ShowPage(p) => *p == self.page,
            Action::OpenTrace(id) => self.selected_trace == Some(*id) && self.page == Page::Trace,
            Action::SelectSpan(s) => *s == self.selected_span,
            Action::SetSearch(f) => *f == self.search,
            Action::AddNotices(n) => n.is_empty(),
            Action::DismissNotice(id) => !self.notices.iter().any(|n| n.id == *id),
            Action::ClearLoadHistory => self.load_history.is_empty() || self.load.is_some(),
        };
        if noop {
            return self;
        }
        let mut next = (*self).clone();
        next.version += 1;
        match action {
            Action::SetSettings(settings) => {
                if settings.seed != next.settings.seed {
                    // A new seed starts a new numbering: request 0 of seed S is the same everywhere.
                    next.next_request = 0;
                }
                let limits = settings.load.store_limits();
                next.settings = settings;
                if limits != next.store.limits() {
                    next.store.set_limits(limits);
                }
            }
            Action::SendRequest { now_unix_nano } => {
                let request = next.next_request;
                let job = LoadJob::new(
                    &next.settings.lab,
                    next.settings.seed,
                    request,
                    1,
                    now_unix_nano,
                );
                match job {
                    Err(message) => next.push_notices(vec![message]),
                    Ok(mut job) => {
                        next.next_request += 1;
                        let chunk = job.advance(1);
                        let duration_nanos = chunk_duration(&chunk);
                        if next.settings.playback == Playback::Instant || chunk.spans.is_empty() {
                            next.land(chunk, request);
                        } else {
                            let ticket = next.next_ticket();
                            next.in_flight = Some(InFlight {
                                ticket,
                                request,
                                duration_nanos,
                                chunk,
                            });
                            next.status = format!("Request #{request} in flight…");
                        }
                    }
                }
            }
            Action::Land { .. } => {
                if let Some(flight) = next.in_flight.take() {
                    next.land(flight.chunk, flight.request);
                }
            }
            Action::StartLoad { now_unix_nano } => {
                if let Err(message) = next.start_load(now_unix_nano) {
                    next.push_notices(vec![message]);
                }
            }
            Action::LoadChunk { ticket } => next.load_chunk(ticket),
            Action::CancelLoad => {
                if let Some(run) = next.load.take() {
                    next.load_history.finish(run.history_run, true);
                    next.status = format!(
                        "Load cancelled after {} of {} requests.",
                        format::count(u64::from(run.done)),
                        format::count(u64::from(run.total))
                    );
                }
            }
            Action::ClearTraces => {
                if let Some(run) = &next.load {
                    next.load_history.finish(run.history_run, true);
                }
                next.store.clear();
                next.in_flight = None;
                next.load = None;
                next.sampled_requests = 0;
                next.dropped_requests = 0;
                next.selected_trace = None;
                next.selected_span = None;
                if next.page == Page::Trace {
                    next.page = Page::Search;
                }
                next.status = "Traces cleared.".into();
            }
            Action::ImportTraces(traces) => {
                let outcome = next.store.add_traces(traces);
                next.status = format!("Imported {} traces.", outcome.new_traces.len());
                next.page = Page::Search;
            }
            Action::ShowPage(page) => next.page = page,
            Action::OpenTrace(id) => next.open(id),
            Action::SelectSpan(span) => next.selected_span = span,
            Action::SetSearch(form) => next.search = form,
            Action::AddNotices(texts) => next.push_notices(texts),
            Action::DismissNotice(id) => next.notices.retain(|n| n.id != id),
            Action::ClearLoadHistory => {
                next.load_history.clear();
                next.status = "Load runs cleared.".into();
            }
        }
        Rc::new(next)
    }
}

/// How long a single request's spans span, for real-time playback.
fn chunk_duration(chunk: &Chunk) -> u64 {
    let start = chunk
        .spans
        .iter()
        .map(|s| s.start_unix_nano)
        .min()
        .unwrap_or(0);
    let end = chunk
        .spans
        .iter()
        .map(|s| s.end_unix_nano)
        .max()
        .unwrap_or(0);
    end.saturating_sub(start)
}
