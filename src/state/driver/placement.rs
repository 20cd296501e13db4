//! Placing a simulated run on the wall clock so that nothing it made lies in the future
//! (issue 11, "Also: traces must not be in the future").
//!
//! A run is simulated in virtual time from the moment it was asked for, and an instantly
//! simulated run covers seconds or minutes of virtual time in a fraction of a second of wall
//! time. Left there, its later spans would start in the future, and a backend's default search
//! (Jaeger's ends "now") would not find them until that time had passed. So before a run's
//! spans are stored (and so shown or exported), the whole run moves back by its
//! [`lateness`]: its last span then ends no later than the moment the run finished. Every
//! relative time (durations, gaps, the arrival pattern) stays as simulated. Real-time playback
//! lands a request only after its simulated duration, so its lateness is 0 (or the part of a
//! millisecond a timer rounds away).

use crate::model::Span;
use crate::sim::{Batch, RequestRecord, Skipped};

/// How far a run whose last span ends at `latest_end` must move back so that it ends by `now`.
pub fn lateness(latest_end: u64, now: u64) -> u64 {
    latest_end.saturating_sub(now)
}

/// Moves a span and its events `by` nanoseconds earlier.
pub fn shift_span(span: &mut Span, by: u64) {
    span.start_unix_nano = span.start_unix_nano.saturating_sub(by);
    span.end_unix_nano = span.end_unix_nano.saturating_sub(by);
    for event in &mut span.events {
        event.time_unix_nano = event.time_unix_nano.saturating_sub(by);
    }
}

/// Moves a request record `by` nanoseconds earlier, like the spans of its trace.
pub fn shift_record(record: &mut RequestRecord, by: u64) {
    record.start_unix_nano = record.start_unix_nano.saturating_sub(by);
}

/// What a slice of a run produced.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    pub spans: Vec<Span>,
    /// Requests whose spans were recorded, and requests the sampler dropped.
    pub sampled: u64,
    pub dropped: u64,
    /// Every finished request, sampled or not (for the latency panel).
    pub records: Vec<RequestRecord>,
    /// Spans of sampled requests the simulator counted instead of making, because the store
    /// the chunk goes to would have evicted them at once ([`super::LoadJob::advance_chunk`]).
    pub skipped: Skipped,
}

impl From<Batch> for Chunk {
    fn from(batch: Batch) -> Chunk {
        Chunk {
            spans: batch.spans,
            sampled: u64::from(batch.sampled),
            dropped: u64::from(batch.dropped),
            records: batch.requests,
            skipped: Skipped::default(),
        }
    }
}

impl Chunk {
    /// The latest end of anything in the chunk, skipped spans included (0 for an empty chunk).
    pub fn latest_end(&self) -> u64 {
        let spans = self.spans.iter().map(|s| s.end_unix_nano);
        let records = self.records.iter().map(RequestRecord::end_unix_nano);
        let latest = spans.chain(records).max().unwrap_or(0);
        latest.max(self.skipped.latest_end)
    }

    /// From the first span's start to the last span's end: how long real-time playback waits.
    pub fn duration_nanos(&self) -> u64 {
        let start = self.spans.iter().map(|s| s.start_unix_nano).min();
        let end = self.spans.iter().map(|s| s.end_unix_nano).max();
        match (start, end) {
            (Some(start), Some(end)) => end.saturating_sub(start),
            _ => 0,
        }
    }

    /// Moves the whole chunk back so that it ends no later than `now`; returns the shift.
    pub fn place_before(&mut self, now: u64) -> u64 {
        let by = lateness(self.latest_end(), now);
        if by > 0 {
            self.spans.iter_mut().for_each(|s| shift_span(s, by));
            self.records.iter_mut().for_each(|r| shift_record(r, by));
        }
        by
    }
}
