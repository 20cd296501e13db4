//! What the guide needs to know about the page, as plain data the page fills from its state.
//!
//! The guide never reads the app's `State` itself (the reducer is moving), so the page builds a
//! [`GuideFacts`] on each render: most fields are copies or borrows of what it already holds.
//! A field left at its default means "not seen", never "failed".

use crate::model::{SpanId, Trace};
use crate::sim::SamplerKind;

/// Everything the step checks read. Borrowed, so filling it costs nothing per render.
#[derive(Clone, Copy, Debug, Default)]
pub struct GuideFacts<'a> {
    /// Traces in the store.
    pub trace_count: usize,
    /// The search as it last ran (the page searches as the form changes), with its result count.
    pub last_search: Option<SearchFacts<'a>>,
    /// The trace open in the Gantt view, if any (kept while other pages are shown).
    pub opened_trace: Option<&'a Trace>,
    /// The span selected in the open trace (its detail shows the headers it received, decoded).
    pub selected_span: Option<SpanId>,
    /// The `traceparent` in the Header inspector, when the learner typed or pasted one (a line
    /// named or read as `traceparent`, not the inspector's built-in example).
    pub inspector_traceparent: Option<&'a str>,
    /// The lab settings in effect now.
    pub lab: LabFacts,
    /// What the last single **Send request** produced.
    pub last_request: Option<RequestFacts>,
    /// Requests counted under the sampler they ran with (see [`SamplingTally::record`]).
    pub sampling: SamplingTally,
    /// The learner's answer to "Name the bottleneck" (a service name), for the open trace.
    pub bottleneck_pick: Option<&'a str>,
    /// The spans of the open trace the learner marked as red (Challenge 2).
    pub red_pick: Option<&'a [SpanId]>,
    /// The learner's answer to "why does A's server span still say 200?".
    pub why_200_pick: Option<Why200>,
    /// Spans the collector accepted from this page (the export outcome's count), ever.
    pub exported_spans: u64,
}

/// A search that ran.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SearchFacts<'a> {
    /// The Service field; empty means all services.
    pub service: &'a str,
    pub errors_only: bool,
    /// The Min duration field was filled in and parsed.
    pub min_duration_set: bool,
    /// How many traces it found.
    pub results: usize,
}

/// The settings the checks depend on, copied from the page's `LabOptions`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabFacts {
    pub heavy_calc: bool,
    pub random_500s: bool,
    pub propagate: bool,
    pub sampler: SamplerKind,
    pub sampling_ratio: f64,
}

impl Default for LabFacts {
    /// The lab as written (`LabOptions::default()`).
    fn default() -> Self {
        LabFacts {
            heavy_calc: false,
            random_500s: false,
            propagate: true,
            sampler: SamplerKind::ParentBasedAlwaysOn,
            sampling_ratio: 1.0,
        }
    }
}

impl From<&crate::sim::LabOptions> for LabFacts {
    fn from(o: &crate::sim::LabOptions) -> Self {
        LabFacts {
            heavy_calc: o.heavy_calc,
            random_500s: o.random_500s,
            propagate: o.propagate,
            sampler: o.sampler,
            sampling_ratio: o.sampling_ratio,
        }
    }
}

/// One **Send request**: how many traces its spans formed, and whether context was propagated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestFacts {
    /// The number of new traces its spans made (0 when it was not sampled).
    pub traces: usize,
    /// **Propagate context** was on when it ran.
    pub propagated: bool,
}

/// Requests sent, and kept, since the sampler or its ratio last changed.
///
/// The page keeps one of these next to its request counters and calls [`SamplingTally::record`]
/// for every request it lands (a single request or a load chunk), passing the sampler it ran
/// with; changing the sampler starts the count again, so the sampling step measures only the
/// requests the learner sent under ratio 0.5.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SamplingTally {
    pub sampler: SamplerKind,
    pub ratio: f64,
    /// Requests that ran under `sampler` / `ratio`.
    pub requests: u64,
    /// Of those, how many the entry service sampled.
    pub kept: u64,
}

impl SamplingTally {
    /// Counts `requests` requests (of which `kept` were sampled) that ran under `sampler` with
    /// `ratio`; a different sampler or ratio than the last call starts a new count.
    pub fn record(&mut self, sampler: SamplerKind, ratio: f64, requests: u64, kept: u64) {
        if self.sampler != sampler || self.ratio.to_bits() != ratio.to_bits() {
            *self = SamplingTally {
                sampler,
                ratio,
                requests: 0,
                kept: 0,
            };
        }
        self.requests = self.requests.saturating_add(requests);
        self.kept = self.kept.saturating_add(kept.min(requests));
    }
}

/// Answers to "Why does A's server span still say 200 when B failed?" (Challenge 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Why200 {
    /// Correct: A's code answers 200 itself; its server span reflects its own answer.
    AAnswered200,
    /// traceparent would have carried B's status back.
    StatusTravelsInTraceparent,
    /// The sampler dropped A's error status.
    SamplerDroppedIt,
    /// Jaeger only colours the deepest failing span.
    JaegerColoursOneSpan,
}
