//! A throwaway load run for the page to make while it is idle after loading (issue 15, "the
//! cold page"): V8 compiles a wasm function only when it is first called and optimises it
//! once it is hot, so the learner's first **Run load** paid for compiling the simulator, the
//! store and the search (236 ms cold against 129.5 ms for the same run again, BENCHMARKS.md).
//! Running the same steps once on a few requests beforehand moves that work out of the click.
//!
//! Nothing here touches the page's state: the run has its own store, its own seed and its
//! traces are dropped, so the request counter, the seed's sequence and what a link reproduces
//! are unchanged.

use super::{LoadJob, StagedRun};
use crate::sim::LabOptions;
use crate::state::search::{find, SearchForm};
use crate::store::{StoreLimits, TraceStore};

/// Requests in one warm-up pass: enough to call every step of a run (several chunks, the
/// store's eviction, the search), a few milliseconds of work even before it is compiled well.
pub const WARM_UP_REQUESTS: u32 = 300;

/// What a warm-up pass did, so tests (and a curious reader) can see it really ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WarmUp {
    pub requests: u32,
    pub traces_found: usize,
}

/// Simulates `requests` requests with `options` through the same steps as **Run load** —
/// chunks into a staged store capped like the page's, released into a store, searched with the
/// default form — and throws the result away. Invalid options warm nothing.
pub fn warm_up(options: &LabOptions, requests: u32, limits: StoreLimits) -> WarmUp {
    // A fixed seed and start: the pass is the same on every page and shares nothing with the
    // learner's runs.
    const START: u64 = 1_700_000_000_000_000_000;
    let Ok(job) = LoadJob::new(options, 0x5eed, 0, requests, START) else {
        return WarmUp {
            requests: 0,
            traces_found: 0,
        };
    };
    let mut run = StagedRun::new(job, limits);
    while !run.is_done() {
        run.step();
    }
    let done = run.job().done();
    let released = run.release(START + 3_600_000_000_000);
    let mut store = TraceStore::new(limits);
    store.absorb(released.traces);
    let found = find(&store, &SearchForm::default(), 0);
    WarmUp {
        requests: done,
        traces_found: found.matches.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_runs_every_request_and_finds_its_traces() {
        let options = LabOptions {
            heavy_calc: true,
            ..LabOptions::default()
        };
        let pass = warm_up(&options, WARM_UP_REQUESTS, StoreLimits::default());
        assert_eq!(pass.requests, WARM_UP_REQUESTS);
        assert!(pass.traces_found > 0, "the search saw the run: {pass:?}");
        // Same options, same pass: it depends on nothing outside its arguments.
        assert_eq!(
            warm_up(&options, WARM_UP_REQUESTS, StoreLimits::default()),
            pass
        );
    }

    #[test]
    fn a_small_store_cap_is_obeyed_as_in_a_real_run() {
        let limits = StoreLimits {
            max_traces: 10,
            ..StoreLimits::default()
        };
        let pass = warm_up(&LabOptions::default(), 100, limits);
        assert_eq!(pass.requests, 100);
        assert!(pass.traces_found <= 10, "{pass:?}");
    }
}
