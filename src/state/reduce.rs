//! The reducer: one [`Action`] applied to a [`State`]. Pure but for one deliberate sharing: a
//! load run's simulation lives behind an `Rc<RefCell<_>>` shared by the state versions of that
//! run (cloning a simulation per chunk would cost more than simulating it), and only the newest
//! version is ever reduced.

use super::driver::StagedRun;
use super::{Action, Chunk, InFlight, LoadRun, Page, State};
use crate::guide::{LabFacts, RequestFacts};
use crate::view::format;
use crate::view::load::{describe_arrival, describe_workers, offered_rps};
use crate::view::load_history::RunMeta;
use crate::view::url::{Playback, Settings};
use std::cell::RefCell;
use std::rc::Rc;

impl State {
    /// Applies `action`. An action that would change nothing returns the same `Rc` (so nothing
    /// re-renders); any other returns a new state with a higher [`State::version`].
    pub fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if self.changes_nothing(&action) {
            return self;
        }
        let mut next = Rc::unwrap_or_clone(self);
        next.version += 1;
        next.apply(action);
        Rc::new(next)
    }

    fn changes_nothing(&self, action: &Action) -> bool {
        match action {
            Action::SendRequest { .. } => self.in_flight.is_some(),
            Action::Land { ticket, .. } => {
                self.in_flight.as_ref().is_none_or(|f| f.ticket != *ticket)
            }
            Action::StartLoad { .. } => self.load.is_some(),
            Action::LoadChunk { ticket, .. } => {
                self.load.as_ref().is_none_or(|l| l.ticket != *ticket)
            }
            Action::CancelLoad { .. } => self.load.is_none(),
            Action::ClearTraces => {
                self.store.is_empty()
                    && self.in_flight.is_none()
                    && self.load.is_none()
                    && self.sampled_requests == 0
                    && self.dropped_requests == 0
            }
            Action::ImportTraces(traces) => traces.is_empty(),
            Action::SetSettings(s) => *s == self.settings,
            Action::ShowPage(p) => *p == self.page,
            Action::OpenTrace(id) => {
                !self.store.contains(*id)
                    || (self.selected_trace == Some(*id) && self.page == Page::Trace)
            }
            Action::SelectSpan(span) => {
                *span == self.selected_span
                    || span.is_some_and(|id| {
                        self.selected()
                            .is_none_or(|t| !t.spans.iter().any(|s| s.span_id == id))
                    })
            }
            Action::SetSearch(f) => *f == self.search,
            Action::AddNotices(n) => n.is_empty(),
            Action::DismissNotice(id) => !self.notices.iter().any(|n| n.id == *id),
            Action::ClearLoadHistory => self.load_history.is_empty() || self.load.is_some(),
            Action::Restore(r) => {
                r.traces.is_empty() && r.history.is_empty() && r.next_request == 0
            }
            Action::EditScenario(text) => *text == self.scenario.text,
            Action::LoadPreset(id) => crate::sim::presets::preset(id).is_none(),
            Action::RunScenario { .. } => self.load.is_some(),
            Action::OpenScenario { .. } | Action::ResetScenario => false,
            Action::ReaderReady => self.scenario.waiting.is_none(),
            Action::SetWorkers { service, workers } => self.workers_unchanged(service, *workers),
            Action::ShowTraceTab(_)
            | Action::Highlight(_)
            | Action::TickCompare(..)
            | Action::SearchTraces(_) => self.view_action_changes_nothing(action),
            Action::Guide(a) => self.guide_unchanged(a),
            Action::SetHeaderInspector(input) => *input == self.header_inspector,
            Action::SetGroupOpen(group, open) => self.groups.is_open(*group) == *open,
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::SetSettings(settings) => self.set_settings(settings),
            Action::SendRequest { now_unix_nano } => self.send_request(now_unix_nano),
            Action::Land { now_unix_nano, .. } => {
                if let Some(flight) = self.in_flight.take() {
                    let mut chunk = flight.chunk;
                    // A timer rounds to whole milliseconds and may fire a little early.
                    chunk.place_before(now_unix_nano);
                    self.land(chunk, flight.request, flight.lab);
                }
            }
            Action::StartLoad { now_unix_nano } => {
                if let Err(message) = self.start_load(now_unix_nano) {
                    self.push_notices(vec![message]);
                }
            }
            Action::LoadChunk { now_unix_nano, .. } => self.load_chunk(now_unix_nano),
            Action::CancelLoad { now_unix_nano } => self.end_load(now_unix_nano, true),
            Action::ClearTraces => self.clear_traces(),
            Action::ImportTraces(traces) => {
                let outcome = self.store_mut().add_traces(traces);
                self.status = format!("Imported {} traces.", outcome.new_traces.len());
                self.page = Page::Search;
                self.follow_link(&outcome.new_traces);
            }
            Action::ShowPage(page) => self.page = page,
            Action::OpenTrace(id) => self.open(id),
            Action::SelectSpan(span) => self.selected_span = span,
            Action::SetSearch(form) => self.search = form,
            Action::AddNotices(texts) => self.push_notices(texts),
            Action::DismissNotice(id) => self.notices.retain(|n| n.id != id),
            Action::ClearLoadHistory => {
                self.load_history.clear();
                self.status = "Load runs cleared.".into();
            }
            Action::Restore(restored) => {
                self.restore_saved(*restored);
                // The link's span may be in the traces of the last visit.
                self.take_link(self.views.pending_link);
            }
            Action::EditScenario(text) => self.edit_scenario(text, self.scenario.format),
            Action::OpenScenario { name, text } => {
                self.edit_scenario(text, crate::sim::file::Format::from_file_name(&name))
            }
            Action::LoadPreset(id) => {
                if let Some(p) = crate::sim::presets::preset(&id) {
                    self.edit_scenario(p.text.to_string(), crate::sim::file::Format::Yaml);
                }
            }
            Action::ResetScenario => self.reset_scenario(),
            Action::ReaderReady => self.reader_ready(),
            Action::SetWorkers { service, workers } => self.set_service_workers(&service, workers),
            Action::RunScenario { now_unix_nano } => {
                let traffic = self.scenario.loaded.traffic;
                if let Err(message) =
                    self.start_load_with(now_unix_nano, traffic.requests, traffic.arrival)
                {
                    self.push_notices(vec![message]);
                }
            }
            action @ (Action::ShowTraceTab(_)
            | Action::Highlight(_)
            | Action::TickCompare(..)
            | Action::SearchTraces(_)) => self.apply_view_action(action),
            Action::Guide(a) => self.apply_guide(a),
            Action::SetHeaderInspector(input) => self.header_inspector = input,
            Action::SetGroupOpen(group, open) => self.groups.set(group, open),
        }
        // Evictions (new traces, lower caps) may have taken the open trace.
        if self
            .selected_trace
            .is_some_and(|id| !self.store.contains(id))
        {
            self.selected_trace = None;
            self.selected_span = None;
        }
        self.settle_views();
        self.observe_guide();
    }

    fn set_settings(&mut self, settings: Settings) {
        if settings.seed != self.settings.seed {
            // A new seed starts a new numbering: request 0 of seed S is the same everywhere.
            self.next_request = 0;
        }
        let limits = settings.load.store_limits();
        let link = (settings.span != self.settings.span).then_some(settings.span);
        let old_lab = std::mem::replace(&mut self.settings, settings).lab;
        self.follow_controls(&old_lab);
        if let Some(span) = link {
            self.take_link(span);
        }
        if limits != self.store.limits() {
            self.store_mut().set_limits(limits);
        }
    }

    fn send_request(&mut self, now: u64) {
        let request = self.next_request;
        let lab = LabFacts::from(&self.settings.lab);
        let job = self.scenario_job(request, 1, now, crate::sim::Arrival::default());
        let mut job = match job {
            Ok(job) => job,
            Err(message) => return self.push_notices(vec![message]),
        };
        self.next_request += 1;
        let mut chunk = job.advance(1);
        if self.settings.playback == Playback::Instant || chunk.spans.is_empty() {
            // Simulated in no time: the request ends now rather than its duration from now.
            chunk.place_before(now);
            self.land(chunk, request, lab);
        } else {
            let ticket = self.next_ticket();
            self.in_flight = Some(InFlight {
                ticket,
                request,
                duration_nanos: chunk.duration_nanos(),
                chunk,
                lab,
            });
            self.status = format!("Request #{request} in flight…");
        }
    }

    /// Stores a single request's spans and opens its (first) trace.
    fn land(&mut self, chunk: Chunk, request: u64, lab: LabFacts) {
        self.sampled_requests += chunk.sampled;
        self.dropped_requests += chunk.dropped;
        let requests = chunk.sampled + chunk.dropped;
        self.guide.note_requests(&lab, requests, chunk.sampled);
        let span_count = chunk.spans.len();
        let new_traces = if chunk.spans.is_empty() {
            Vec::new()
        } else {
            self.store_mut().add_spans(chunk.spans).new_traces
        };
        self.status = match new_traces.len() {
            0 => format!("Request #{request} ran but was not sampled: no spans were recorded."),
            1 => format!("Request #{request}: {span_count} spans in one trace."),
            n => format!(
                "Request #{request}: {span_count} spans in {n} separate traces (context was not propagated)."
            ),
        };
        self.guide.last_request = Some(RequestFacts {
            traces: new_traces.len(),
            propagated: lab.propagate,
        });
        // A link's span opens its trace; otherwise the new trace opens.
        let followed = self.follow_link(&new_traces);
        if let (false, Some(first)) = (followed, new_traces.first()) {
            self.open(*first);
        }
    }

    fn open(&mut self, id: crate::model::TraceId) {
        if self.selected_trace != Some(id) {
            self.views.highlight = None;
        }
        self.selected_trace = Some(id);
        self.selected_span = None;
        self.page = Page::Trace;
    }

    fn start_load(&mut self, now: u64) -> Result<(), String> {
        let (total, arrival) = (self.settings.requests, self.settings.load.arrival());
        self.start_load_with(now, total, arrival)
    }

    fn start_load_with(
        &mut self,
        now: u64,
        total: u32,
        arrival: crate::sim::Arrival,
    ) -> Result<(), String> {
        let job = self.scenario_job(self.next_request, total, now, arrival)?;
        let limits = self.scenario_workers();
        let workers: Vec<(&str, Option<u32>)> =
            limits.iter().map(|(s, w)| (s.as_str(), *w)).collect();
        let meta = RunMeta {
            arrival: describe_arrival(&arrival),
            offered_rps: offered_rps(&arrival),
            workers: describe_workers(&workers),
            requested: total,
            services: job.services().to_vec(),
        };
        let lab = LabFacts::from(&self.settings.lab);
        self.next_request += u64::from(total);
        let ticket = self.next_ticket();
        let history_run = self.load_history.begin(meta);
        let run = StagedRun::new(job, self.store.limits());
        self.load = Some(LoadRun {
            ticket,
            done: 0,
            total,
            run: Rc::new(RefCell::new(run)),
            history_run,
            lab,
        });
        self.page = Page::Search;
        self.status = format!("Running {} requests…", format::count(u64::from(total)));
        Ok(())
    }

    fn load_chunk(&mut self, now: u64) {
        let Some(load) = self.load.as_mut() else {
            return;
        };
        let (counts, done, finished) = {
            let mut run = load.run.borrow_mut();
            let counts = run.step();
            (counts, run.job().done(), run.is_done())
        };
        load.done = done;
        let lab = load.lab;
        self.sampled_requests += counts.sampled;
        self.dropped_requests += counts.dropped;
        let requests = counts.sampled + counts.dropped;
        self.guide.note_requests(&lab, requests, counts.sampled);
        if finished {
            self.end_load(now, false);
        }
    }

    /// Ends the load run: its traces and records go to the store and the history, placed so
    /// that the run ends by `now`.
    fn end_load(&mut self, now: u64, cancelled: bool) {
        let Some(load) = self.load.take() else {
            return;
        };
        let released = load.run.borrow_mut().release(now);
        if !released.traces.is_empty() || released.traces.evicted_traces() > 0 {
            let outcome = self.store_mut().absorb(released.traces);
            self.follow_link(&outcome.new_traces);
        }
        self.load_history.add(load.history_run, released.records);
        self.load_history.finish(load.history_run, cancelled);
        let count = |n: u64| format::count(n);
        self.status = if cancelled {
            format!(
                "Load cancelled after {} of {} requests.",
                count(u64::from(load.done)),
                count(u64::from(load.total))
            )
        } else {
            format!(
                "Ran {} requests; the store holds {} traces.",
                count(u64::from(load.total)),
                count(self.store.len() as u64)
            )
        };
    }

    pub(super) fn clear_traces(&mut self) {
        if let Some(load) = self.load.take() {
            self.load_history.finish(load.history_run, true);
        }
        self.store = Rc::new(self.store.emptied());
        self.in_flight = None;
        self.sampled_requests = 0;
        self.dropped_requests = 0;
        self.selected_trace = None;
        self.selected_span = None;
        if self.page == Page::Trace {
            self.page = Page::Search;
        }
        self.status = "Traces cleared.".into();
    }
}
