//! The one place the page calls the simulator, so that swapping the simulator's API is a
//! change to this file only.
//!
//! Reproducibility: request number `i` (counted from 0 since the page loaded or the seed
//! changed) is simulated with a seed derived from (seed, i), so its trace ids and durations are
//! the same on every reload of the same link, whether it was sent alone or as part of a load.

use crate::model::Span;
use crate::sim::{self, LabOptions, Scenario};

/// What a slice of a run produced.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    pub spans: Vec<Span>,
    /// Requests whose spans were recorded, and requests the sampler dropped.
    pub sampled: u64,
    pub dropped: u64,
}

/// Requests run back to back; they are simulated a few at a time so the page can render
/// between chunks.
#[derive(Debug)]
pub struct LoadJob {
    scenario: Scenario,
    seed: u64,
    next_index: u64,
    done: u32,
    total: u32,
    /// Virtual time at which the next request starts.
    clock_unix_nano: u64,
}

/// Gap between back-to-back requests, like a curl loop's process start-up.
const GAP_NANOS: u64 = 1_000_000;

impl LoadJob {
    /// Prepares `requests` requests numbered from `first_index`, the first starting at
    /// `start_unix_nano`. Fails with a readable message when the options are invalid.
    pub fn new(
        options: &LabOptions,
        seed: u64,
        first_index: u64,
        requests: u32,
        start_unix_nano: u64,
    ) -> Result<LoadJob, String> {
        if !(options.network_delay_ms.is_finite() && options.network_delay_ms >= 0.0) {
            return Err("Network delay must be a number of milliseconds, 0 or more.".into());
        }
        let mut scenario = Scenario::lab();
        scenario.network_delay_ms = options.network_delay_ms;
        Ok(LoadJob {
            scenario,
            seed,
            next_index: first_index,
            done: 0,
            total: requests,
            clock_unix_nano: start_unix_nano,
        })
    }

    /// Simulates up to `max_requests` more requests.
    pub fn advance(&mut self, max_requests: u32) -> Chunk {
        let mut chunk = Chunk::default();
        let n = max_requests.min(self.total - self.done);
        for _ in 0..n {
            let run = sim::simulate(
                &self.scenario,
                request_seed(self.seed, self.next_index),
                self.clock_unix_nano,
                1,
            );
            let end = run
                .spans
                .iter()
                .map(|s| s.end_unix_nano)
                .max()
                .unwrap_or(self.clock_unix_nano);
            self.clock_unix_nano = end + GAP_NANOS;
            chunk.sampled += u64::from(!run.spans.is_empty());
            chunk.dropped += u64::from(run.spans.is_empty());
            chunk.spans.extend(run.spans);
            self.next_index += 1;
            self.done += 1;
        }
        chunk
    }

    pub fn is_done(&self) -> bool {
        self.done >= self.total
    }

    pub fn done(&self) -> u32 {
        self.done
    }

    pub fn total(&self) -> u32 {
        self.total
    }
}

/// SplitMix64 of (seed, index): nearby indices give unrelated seeds.
fn request_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
