//! The one place the page calls the simulator, so that a change of the simulator's API is a
//! change to this module only.
//!
//! Reproducibility ("the same link gives the same traces", issue 5): a run (one **Send
//! request**, or one **Run load** of N requests) that starts at request number `i` (counted from
//! 0 since the page loaded or the seed changed) is simulated with a seed derived from
//! (seed, i) by [`run_seed`]. The same link and the same clicks give the same trace ids and
//! durations on every reload; only the wall-clock placement differs (see [`placement`]).

pub mod placement;
#[cfg(test)]
mod skip_tests;
mod staged;
#[cfg(test)]
mod tests;
mod warm;

pub use placement::{lateness, Chunk};
pub use staged::{Released, StagedRun, StepCounts};
pub use warm::{warm_up, WarmUp, WARM_UP_REQUESTS};

use crate::sim::{Arrival, LabOptions, RunSettings, Scenario, Simulation};
use crate::view::load_history::ServiceEndpoint;

/// Requests sent back to back (like a curl loop), simulated a chunk at a time so the page can
/// render between chunks.
#[derive(Debug)]
pub struct LoadJob {
    simulation: Simulation,
    /// Indexed like [`crate::sim::RequestRecord::services`].
    services: Vec<ServiceEndpoint>,
}

/// Spans one chunk aims at: a few tens of ms of simulating and storing, so the page stays
/// responsive whether a request makes 3 spans or 10,000 (fan-out).
const SPANS_PER_CHUNK: u64 = 20_000;
/// Requests in the first chunk, before the run has shown how many spans a request makes.
const FIRST_CHUNK: u32 = 50;
/// Most requests in a chunk bounded by its spans.
const MAX_CHUNK: u64 = 5_000;
/// Most requests in a chunk where only its newest `keep_traces` requests make spans (the rest
/// are counted: [`crate::sim::Simulation::skips_evicted`]): such a chunk is bounded by this
/// rather than by its spans, since a counted request is a few random draws, and one turn
/// instead of two saves a yield and a render of the page (issue 15's fair race, BENCHMARKS.md).
const MAX_COUNTING_CHUNK: u64 = 20_000;

impl LoadJob {
    /// Prepares `requests` back-to-back requests numbered from `first_index`, the first
    /// starting at `start_unix_nano`. Invalid options give the simulator's message.
    pub fn new(
        options: &LabOptions,
        seed: u64,
        first_index: u64,
        requests: u32,
        start_unix_nano: u64,
    ) -> Result<LoadJob, String> {
        Self::with_arrival(
            options,
            seed,
            first_index,
            requests,
            start_unix_nano,
            Arrival::default(),
        )
    }

    /// As [`LoadJob::new`], with requests arriving as `arrival` says (issue 7's patterns).
    pub fn with_arrival(
        options: &LabOptions,
        seed: u64,
        first_index: u64,
        requests: u32,
        start_unix_nano: u64,
        arrival: Arrival,
    ) -> Result<LoadJob, String> {
        let scenario = Scenario::lab_with(options).map_err(|e| e.to_string())?;
        let run = options.run_settings();
        Self::for_scenario(
            &scenario,
            &run,
            seed,
            first_index,
            requests,
            start_unix_nano,
            arrival,
        )
    }

    /// As [`LoadJob::with_arrival`], for any scenario (a preset or a written one, issue 12)
    /// run with the page's run settings (sampler, semantic conventions, propagation).
    pub fn for_scenario(
        scenario: &Scenario,
        run: &RunSettings,
        seed: u64,
        first_index: u64,
        requests: u32,
        start_unix_nano: u64,
        arrival: Arrival,
    ) -> Result<LoadJob, String> {
        let simulation = Simulation::new(
            scenario,
            run,
            run_seed(seed, first_index),
            start_unix_nano,
            arrival,
            requests,
        )
        .map_err(|e| e.to_string())?;
        let services = scenario
            .services
            .iter()
            .map(|s| ServiceEndpoint {
                service: s.name.to_string(),
                endpoint: s
                    .endpoints
                    .first()
                    .map(|e| format!("{} {}", e.method, e.route))
                    .unwrap_or_default(),
            })
            .collect();
        Ok(LoadJob {
            simulation,
            services,
        })
    }

    /// The scenario's services and their (first) endpoints, in record order.
    pub fn services(&self) -> &[ServiceEndpoint] {
        &self.services
    }

    /// Simulates the next chunk: as many requests as fit `SPANS_PER_CHUNK` spans going by
    /// the run so far (at least one), for a store that keeps the newest `keep_traces` traces:
    /// spans it would evict as soon as it got them are counted, not made ([`Chunk::skipped`]).
    pub fn advance_chunk(&mut self, keep_traces: u32) -> Chunk {
        let p = self.simulation.progress();
        let requests = match p.spans.checked_div(u64::from(p.finished)) {
            Some(per_request) => {
                let per_request = per_request.max(1);
                let built_at_most = u64::from(keep_traces.max(1)) * per_request;
                if self.simulation.skips_evicted() && built_at_most <= SPANS_PER_CHUNK {
                    // However long the chunk, at most `keep_traces` requests make spans.
                    MAX_COUNTING_CHUNK as u32
                } else {
                    (SPANS_PER_CHUNK / per_request).clamp(1, MAX_CHUNK) as u32
                }
            }
            None => FIRST_CHUNK,
        };
        let (batch, skipped) = self.simulation.advance_for_store(requests, keep_traces);
        Chunk {
            skipped,
            ..Chunk::from(batch)
        }
    }

    /// Simulates until up to `max_requests` more requests have finished.
    pub fn advance(&mut self, max_requests: u32) -> Chunk {
        Chunk::from(self.simulation.advance(max_requests))
    }

    pub fn is_done(&self) -> bool {
        self.simulation.is_done()
    }

    /// Requests finished so far.
    pub fn done(&self) -> u32 {
        self.simulation.progress().finished
    }
}

/// The simulation seed of the run that starts at request `index`: SplitMix64
/// (<https://prng.di.unimi.it/splitmix64.c>) of (seed, index), so nearby indices give unrelated
/// seeds. Pure arithmetic on `u64`: no library release can change what a link shows.
pub fn run_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
