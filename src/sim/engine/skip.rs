//! Not building spans that the caller's store would drop the moment it got them (issue 15).
//!
//! A **Run load** of 10,000 requests into a store that keeps 2,000 traces (the default) used to
//! simulate 40,000 spans, hand them to a staging store and watch it evict 32,000 of them at the
//! end of each chunk: most of the run's time went into building, grouping and freeing spans no
//! one would see. [`Simulation::advance_for_store`] takes the store's trace cap and, when the
//! run makes it certain, counts those spans instead of building them.
//!
//! Certain means: the requests of a batch answer strictly one after another (one back-to-back
//! client and no call timeouts, so a request is finished, abandoned work included, before the
//! next one arrives), and every request starts at least one recorded trace (the sampler records
//! every root span). Then the last `cap` requests of the batch bring at least `cap` newer traces
//! into the store, which evicts everything older at the end of that same batch (oldest first,
//! `crate::store`), before the page could show or export it or the learner could cancel. Every
//! random draw happens as before (recording never changes a draw), so the run, its request
//! records and what the store keeps are exactly what they were; the skipped spans come back as
//! counts ([`Skipped`]) for the store's eviction figures.

use super::{Compiled, Simulation};
use crate::sim::arrival::Arrival;
use crate::sim::compile::CStep;
use crate::sim::record::Batch;
use crate::sim::sampler::Sampler;
use crate::sim::SamplerKind;

/// What one [`Simulation::advance_for_store`] counted instead of building.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Traces the skipped spans would have formed (one per recorded root span).
    pub traces: u64,
    pub spans: u64,
    /// The latest end of a skipped span (0 if none): when its request finished.
    pub latest_end: u64,
}

impl Skipped {
    pub(super) fn add(&mut self, traces: u64, spans: u64, end: u64) {
        self.traces += traces;
        self.spans += spans;
        self.latest_end = self.latest_end.max(end);
    }
}

impl Simulation {
    /// Whether [`Simulation::advance_for_store`] counts instead of builds the spans a store
    /// would evict at once (a run whose requests answer strictly one after another).
    pub fn skips_evicted(&self) -> bool {
        self.state.sequential
    }

    /// As [`Simulation::advance`], for a caller that adds the batch to a store keeping only the
    /// newest `keep_traces` traces: spans the store would evict at once are counted in the
    /// returned [`Skipped`] rather than built, when that is certain (see the module docs).
    pub fn advance_for_store(&mut self, max_requests: u32, keep_traces: u32) -> (Batch, Skipped) {
        let s = &mut self.state;
        // In a sequential run every request that started has finished between batches; the
        // check keeps the rule safe if that ever changes.
        if s.sequential && s.started == s.finished {
            let batch = max_requests.min(s.total.saturating_sub(s.finished));
            // A store keeps at least its newest trace whatever its cap.
            let dropped = batch.saturating_sub(keep_traces.max(1));
            s.skip_below = s.started.saturating_add(dropped);
        }
        let batch = self.advance(max_requests);
        self.state.skip_below = 0;
        (batch, std::mem::take(&mut self.state.skipped))
    }
}

/// Whether a run answers its requests strictly one after another, each starting a recorded
/// trace: one back-to-back client, no call with a timeout (an abandoned callee could outlive
/// its request), and a sampler that records every root span.
pub(super) fn sequential(arrival: &Arrival, c: &Compiled, sampler: &Sampler) -> bool {
    let one_client = matches!(arrival, Arrival::BackToBack { concurrency: 1 });
    let every_root = matches!(
        sampler.kind(),
        SamplerKind::AlwaysOn | SamplerKind::ParentBasedAlwaysOn
    );
    let timeouts = c.endpoints.iter().flat_map(|e| &e.steps).any(|step| {
        matches!(step, CStep::Call(call)
            if call.policy.as_ref().is_some_and(|p| p.timeout.is_some()))
    });
    one_client && every_root && !timeouts
}

#[cfg(test)]
mod tests {
    use super::Skipped;
    use crate::sim::file::{parse_scenario, Format};
    use crate::sim::{Arrival, LabOptions, RunSettings, Scenario, Simulation};
    use std::collections::HashSet;

    const START: u64 = 1_700_000_000_000_000_000;

    fn run(scenario: &Scenario, requests: u32) -> Simulation {
        let settings = RunSettings::default();
        let arrival = Arrival::BackToBack { concurrency: 1 };
        Simulation::new(scenario, &settings, 4, START, arrival, requests).expect("valid")
    }

    #[test]
    fn a_batch_counts_its_oldest_requests_beyond_the_cap_and_makes_the_rest_as_before() {
        let lab = Scenario::lab_with(&LabOptions::default()).expect("valid");
        let full = run(&lab, 100).advance(100);
        let (batch, skipped) = run(&lab, 100).advance_for_store(100, 30);
        assert_eq!(
            batch.requests, full.requests,
            "every request is simulated alike"
        );
        assert_eq!((batch.sampled, batch.dropped), (full.sampled, full.dropped));
        let newest: HashSet<_> = full.requests[70..].iter().map(|r| r.trace_id).collect();
        let kept: Vec<_> = full
            .spans
            .iter()
            .filter(|s| newest.contains(&s.trace_id))
            .cloned()
            .collect();
        assert_eq!(
            batch.spans, kept,
            "the newest 30 requests' spans, unchanged"
        );
        let expected = Skipped {
            traces: 70,
            spans: (full.spans.len() - kept.len()) as u64,
            latest_end: full.requests[69].end_unix_nano(),
        };
        assert_eq!(skipped, expected);
    }

    #[test]
    fn runs_that_may_answer_out_of_order_are_never_skipped() {
        // A call timeout lets an abandoned callee outlive its request.
        let timed = "services:\n  - name: a\n    endpoints:\n      - route: /\n        steps:\n          - call: b/data\n            timeout: 50ms\n  - name: b\n    endpoints:\n      - route: /data\n        steps: [{work: 80ms}]\n";
        let timed = parse_scenario(timed, Format::Yaml).expect("valid").scenario;
        let (batch, skipped) = run(&timed, 50).advance_for_store(50, 5);
        assert_eq!(skipped, Skipped::default());
        assert_eq!(batch.spans, run(&timed, 50).advance(50).spans);
    }
}
