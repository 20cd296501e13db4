//! The Lab guide's part of the page state (issue 14): the learner's [`Progress`], their answers,
//! and the facts the guide reads that the rest of the state does not keep (the search as it last
//! ran, what the last **Send request** made, the sampling tally, spans the collector accepted).
//!
//! The guide shown follows the scenario that runs ([`guide_for`]): the ten-service guide while
//! the Ten services preset runs, the lab's otherwise.
//!
//! The reducer observes the guide at the end of every action that changes the state
//! ([`State::observe_guide`]): a step is ticked in the same version of the state that shows it
//! done, and nothing runs for actions that change nothing. The checks are
//! [`crate::guide::checks`]; this module only fills [`GuideFacts`] from the state, leaving out
//! what a costly check would read once its part is ticked (an answer re-analyses its trace).

use super::search::to_query;
use super::{Page, State};
use crate::analysis::search::trace_matches;
use crate::guide::{
    check_bottleneck, check_red_spans, Answer, GuideFacts, GuideId, LabFacts, Part, Progress,
    RequestFacts, SamplingTally, SearchFacts, StepId, Why200,
};
use crate::model::{SpanId, TraceId};
use crate::view::url::ScenarioLink;
use std::collections::BTreeSet;

/// The preset the ten-service guide goes with (`crate::sim::presets`).
pub const TEN_SERVICES_PRESET: &str = "ten-services";

/// The guide for the scenario that runs.
pub fn guide_for(scenario: &ScenarioLink) -> GuideId {
    match scenario {
        ScenarioLink::Preset(id) if *id == TEN_SERVICES_PRESET => GuideId::TenServices,
        _ => GuideId::Lab,
    }
}

/// What the learner does in the guide panel, and what the export panel reports to it.
#[derive(Clone, Debug, PartialEq)]
pub enum GuideAction {
    /// Skip a step that is not done; it stays open.
    Skip(StepId),
    /// Take a skip back.
    Unskip(StepId),
    /// **Start over**: forget the shown guide's ticks, skips and answers, and the traces.
    StartOver,
    /// Open or close the panel.
    SetPanelOpen(bool),
    /// "Name the bottleneck" for this trace.
    AnswerBottleneck { trace: TraceId, service: String },
    /// The spans of this trace the learner ticked as red.
    AnswerRedSpans { trace: TraceId, spans: Vec<SpanId> },
    /// "Why does A's server span still say 200?"
    AnswerWhy200(Why200),
    /// Spans the collector accepted from the page so far (the export panel's running total).
    SpansAccepted(u64),
    /// Show or hide a step's details.
    SetStepExpanded(StepId, bool),
    /// Show or hide a step's code.
    SetCodeShown(StepId, bool),
}

/// The guide's state: progress (kept in `localStorage` by the page) and the facts it reads.
#[derive(Clone, Debug, Default)]
pub struct GuideState {
    pub progress: Progress,
    /// The search as it last ran on the search page, with its result count.
    pub last_search: Option<SearchRun>,
    /// What the last single **Send request** made.
    pub last_request: Option<RequestFacts>,
    pub sampling: SamplingTally,
    pub answers: Answers,
    /// The step the page saw done most recently, so the panel can keep it in view with the
    /// verdict that ticked it.
    pub last_done: Option<StepId>,
    /// Steps the learner opened or closed by hand, and those whose code is shown.
    pub shown: StepsShown,
    /// The export panel's accepted-span total when the learner last started over.
    exported_baseline: u64,
    /// The export panel's accepted-span total.
    exported_total: u64,
}

/// How the learner left the panel's steps, for this visit only: opened or closed by hand, code
/// shown. A step not touched is open while it is the step to work on or the one just done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepsShown {
    opened: u16,
    closed: u16,
    code: u16,
}

/// The step's bit in a [`StepsShown`] set (twelve steps fit a `u16`).
fn bit(step: StepId) -> u16 {
    let index = StepId::ALL.iter().position(|s| *s == step).unwrap_or(0);
    1 << index
}

impl StepsShown {
    fn is_expanded(&self, step: StepId, by_default: bool) -> bool {
        self.opened & bit(step) != 0 || (self.closed & bit(step) == 0 && by_default)
    }

    fn set_expanded(&mut self, step: StepId, expanded: bool) {
        let b = bit(step);
        if expanded {
            (self.opened, self.closed) = (self.opened | b, self.closed & !b);
        } else {
            (self.opened, self.closed) = (self.opened & !b, self.closed | b);
        }
    }

    pub fn code_shown(&self, step: StepId) -> bool {
        self.code & bit(step) != 0
    }

    fn set_code_shown(&mut self, step: StepId, shown: bool) {
        if shown {
            self.code |= bit(step);
        } else {
            self.code &= !bit(step);
        }
    }
}

/// A search that ran: the form, the store revision it ran over, and what it found.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRun {
    pub form: super::SearchForm,
    pub revision: u64,
    pub min_duration_set: bool,
    pub results: usize,
}

/// The learner's answers, each checked when given and kept with its verdict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    pub bottleneck: Option<Checked<String>>,
    pub red_spans: Option<Checked<Vec<SpanId>>>,
    pub why_200: Option<Why200>,
}

/// An answer about one trace, with the page's verdict on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked<T> {
    pub trace: TraceId,
    pub pick: T,
    pub answer: Answer,
}

/// Parts whose check reads the search as it last ran.
const SEARCH_PARTS: [Part; 3] = [
    Part::SearchedServiceA,
    Part::ErrorTraceFound,
    Part::SlowServiceSearched,
];

impl GuideState {
    /// True when the panel shows the step's details: as the learner left it, else while it is
    /// the step to work on or the one just done.
    pub fn is_expanded(&self, step: StepId) -> bool {
        let current = self.progress.current(self.progress.guide);
        let by_default = current == Some(step) || self.last_done == Some(step);
        self.shown.is_expanded(step, by_default)
    }

    /// Spans accepted since the learner last started over.
    pub fn exported_spans(&self) -> u64 {
        self.exported_total.saturating_sub(self.exported_baseline)
    }

    /// True when `part` belongs to the shown guide and is not ticked yet.
    fn needs(&self, part: Part) -> bool {
        !self.progress.is_part_done(part)
            && self
                .progress
                .guide
                .steps()
                .iter()
                .any(|s| s.parts.iter().any(|(p, _)| *p == part))
    }

    /// Counts one single request or one load chunk: `requests` ran under `lab`, `kept` of
    /// them sampled.
    pub(super) fn note_requests(&mut self, lab: &LabFacts, requests: u64, kept: u64) {
        self.sampling
            .record(lab.sampler, lab.sampling_ratio, requests, kept);
    }
}

impl State {
    /// What the guide reads, from this state. Answers reach the checks only while their trace
    /// is open, they were right, and their part is not ticked yet, so a ticked answer never
    /// costs another analysis of its trace.
    pub fn guide_facts(&self) -> GuideFacts<'_> {
        let guide = &self.guide;
        let open = self.selected_trace;
        let is_open = |trace: TraceId| Some(trace) == open;
        GuideFacts {
            trace_count: self.store.len(),
            last_search: guide.last_search.as_ref().map(|s| SearchFacts {
                service: &s.form.service,
                errors_only: s.form.errors_only,
                min_duration_set: s.min_duration_set,
                results: s.results,
            }),
            opened_trace: self.selected().map(|t| &**t),
            selected_span: self.selected_span,
            inspector_traceparent: self.header_inspector.typed_traceparent(),
            lab: LabFacts::from(&self.settings.lab),
            last_request: guide.last_request,
            sampling: guide.sampling,
            bottleneck_pick: guide
                .answers
                .bottleneck
                .as_ref()
                .filter(|c| is_open(c.trace) && c.answer.correct)
                .filter(|_| guide.needs(Part::BottleneckNamed) || guide.needs(Part::TenBlameNamed))
                .map(|c| c.pick.as_str()),
            red_pick: guide
                .answers
                .red_spans
                .as_ref()
                .filter(|c| is_open(c.trace) && c.answer.correct)
                .filter(|_| guide.needs(Part::RedSpansNamed))
                .map(|c| c.pick.as_slice()),
            why_200_pick: guide.answers.why_200,
            exported_spans: guide.exported_spans(),
        }
    }

    /// Takes the progress kept by an earlier visit, showing the guide of the scenario that runs.
    pub fn resume_guide(&mut self, mut progress: Progress) {
        progress.guide = guide_for(&self.settings.scenario);
        self.guide.progress = progress;
    }

    /// Ticks what the state shows done now (called after every action that changed it), in
    /// the guide of the scenario that runs.
    pub(super) fn observe_guide(&mut self) {
        self.guide.progress.guide = guide_for(&self.settings.scenario);
        self.note_search();
        let mut progress = self.guide.progress.clone();
        let newly_done = progress.observe(&self.guide_facts());
        self.guide.progress = progress;
        if let Some(last) = newly_done.last() {
            self.guide.last_done = Some(*last);
        }
    }

    /// Records the search the search page runs now, when the guide still needs one: the same
    /// query over the same store, counted (the page itself memoises its own run).
    fn note_search(&mut self) {
        if self.page != Page::Search || !SEARCH_PARTS.iter().any(|p| self.guide.needs(*p)) {
            return;
        }
        let revision = self.store.revision();
        let current = self
            .guide
            .last_search
            .as_ref()
            .is_some_and(|s| s.revision == revision && s.form == self.search);
        if current {
            return;
        }
        let (query, _) = to_query(&self.search);
        // A count, as the search page's list shows it: no need to sort the matches.
        let results = self
            .store
            .iter()
            .filter(|t| trace_matches(t, &query))
            .count();
        self.guide.last_search = Some(SearchRun {
            form: self.search.clone(),
            revision,
            min_duration_set: query.min_duration_nanos.is_some(),
            results,
        });
    }

    /// True when `action` would leave the guide as it is.
    pub(super) fn guide_unchanged(&self, action: &GuideAction) -> bool {
        let g = &self.guide;
        let progress = &g.progress;
        match action {
            GuideAction::Skip(step) => progress.status(*step) != crate::guide::StepStatus::Open,
            GuideAction::Unskip(step) => {
                progress.status(*step) != crate::guide::StepStatus::Skipped
            }
            GuideAction::StartOver => false,
            GuideAction::SetPanelOpen(open) => progress.panel_open == *open,
            GuideAction::AnswerBottleneck { trace, service } => {
                !self.store.contains(*trace)
                    || g.answers
                        .bottleneck
                        .as_ref()
                        .is_some_and(|c| c.trace == *trace && c.pick == *service)
            }
            GuideAction::AnswerRedSpans { trace, spans } => {
                !self.store.contains(*trace)
                    || g.answers
                        .red_spans
                        .as_ref()
                        .is_some_and(|c| c.trace == *trace && c.pick == *spans)
            }
            GuideAction::AnswerWhy200(why) => g.answers.why_200 == Some(*why),
            GuideAction::SpansAccepted(total) => g.exported_total == *total,
            GuideAction::SetStepExpanded(step, expanded) => g.is_expanded(*step) == *expanded,
            GuideAction::SetCodeShown(step, shown) => g.shown.code_shown(*step) == *shown,
        }
    }

    pub(super) fn apply_guide(&mut self, action: GuideAction) {
        let g = &mut self.guide;
        match action {
            GuideAction::Skip(step) => g.progress.skip(step),
            GuideAction::Unskip(step) => g.progress.unskip(step),
            GuideAction::StartOver => {
                let shown = g.progress.guide;
                g.progress.start_over(shown);
                g.last_search = None;
                g.last_request = None;
                g.sampling = SamplingTally::default();
                g.answers = Answers::default();
                g.last_done = None;
                g.shown = StepsShown::default();
                g.exported_baseline = g.exported_total;
                // Otherwise "a trace exists" would be ticked again at once.
                self.clear_traces();
                self.status = "Started the guide over: ticks, answers and traces cleared.".into();
            }
            GuideAction::SetPanelOpen(open) => g.progress.panel_open = open,
            GuideAction::AnswerBottleneck { trace, service } => {
                if let Some(t) = self.store.get(trace) {
                    let answer = check_bottleneck(&service, t);
                    self.guide.answers.bottleneck = Some(Checked {
                        trace,
                        pick: service,
                        answer,
                    });
                }
            }
            GuideAction::AnswerRedSpans { trace, spans } => {
                if let Some(t) = self.store.get(trace) {
                    // In order, without repeats (a set, as the check itself uses). Inserted, not
                    // collected: `BTreeSet`'s `FromIterator` sorts, one more copy of std's sort.
                    let mut set = BTreeSet::new();
                    set.extend(spans);
                    let spans: Vec<SpanId> = set.into_iter().collect();
                    let answer = check_red_spans(&spans, t);
                    self.guide.answers.red_spans = Some(Checked {
                        trace,
                        pick: spans,
                        answer,
                    });
                }
            }
            GuideAction::AnswerWhy200(why) => g.answers.why_200 = Some(why),
            GuideAction::SpansAccepted(total) => g.exported_total = total,
            GuideAction::SetStepExpanded(step, expanded) => g.shown.set_expanded(step, expanded),
            GuideAction::SetCodeShown(step, shown) => g.shown.set_code_shown(step, shown),
        }
    }
}
