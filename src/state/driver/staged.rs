//! A **Run load** in progress. Its chunks are simulated one per browser turn into a stage (a
//! [`TraceStore`] with the page's caps, so a long run holds no more than the page would keep)
//! and released when the run ends or is cancelled, moved back in time as a whole
//! (see [`super::placement`]): the page never holds a span that ends in the future.

use super::placement::{lateness, shift_record, shift_span};
use super::LoadJob;
use crate::sim::RequestRecord;
use crate::store::{StoreLimits, TraceStore};

#[derive(Debug)]
pub struct StagedRun {
    job: LoadJob,
    staged: TraceStore,
    records: Vec<RequestRecord>,
    /// The latest end of any span or request simulated so far, including ones the stage
    /// evicted: the run ends when its last request does.
    latest_end: u64,
}

/// What a run hands to the page when it ends: traces and records, already placed.
#[derive(Debug, Default)]
pub struct Released {
    pub traces: TraceStore,
    pub records: Vec<RequestRecord>,
    /// How far back the run was moved, in nanoseconds.
    pub shifted_by: u64,
}

/// What one step simulated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepCounts {
    pub sampled: u64,
    pub dropped: u64,
}

impl StagedRun {
    /// Stages the run's spans under `limits` (the page's store caps).
    pub fn new(job: LoadJob, limits: StoreLimits) -> StagedRun {
        StagedRun {
            job,
            staged: TraceStore::new(limits),
            records: Vec::new(),
            latest_end: 0,
        }
    }

    pub fn job(&self) -> &LoadJob {
        &self.job
    }

    /// Simulates the next chunk into the stage.
    pub fn step(&mut self) -> StepCounts {
        let chunk = self.job.advance_chunk(self.staged.limits().max_traces);
        self.latest_end = self.latest_end.max(chunk.latest_end());
        self.records.extend(chunk.records);
        self.staged.add_spans(chunk.spans);
        self.staged
            .count_evicted(chunk.skipped.traces, chunk.skipped.spans);
        StepCounts {
            sampled: chunk.sampled,
            dropped: chunk.dropped,
        }
    }

    pub fn is_done(&self) -> bool {
        self.job.is_done()
    }

    /// Hands over everything staged, moved back so that it ends no later than `now` (the
    /// moment the run finished or was cancelled). The stage is left empty.
    pub fn release(&mut self, now: u64) -> Released {
        let by = lateness(self.latest_end, now);
        let empty = TraceStore::new(self.staged.limits());
        let mut traces = std::mem::replace(&mut self.staged, empty);
        let mut records = std::mem::take(&mut self.records);
        if by > 0 {
            traces.map_spans(|span| shift_span(span, by));
            records.iter_mut().for_each(|r| shift_record(r, by));
        }
        self.latest_end = 0;
        Released {
            traces,
            records,
            shifted_by: by,
        }
    }
}
