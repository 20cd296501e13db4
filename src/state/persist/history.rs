//! The load history on disk: per run what it was asked to do, how it ended and the request
//! records still kept. Restoring replays [`LoadHistory`]'s own steps (begin, add, finish), so
//! its bounds and chart points are computed by the same code as during a run; runs are
//! renumbered from 1 and a run's `received` becomes what was kept.
//!
//! Records are tuples (JSON arrays): 100,000 of them with field names would double the size.

use crate::model::TraceId;
use crate::sim::{RequestRecord, ServiceLoad};
use crate::view::load_history::{LoadHistory, RunMeta, RunStatus, ServiceEndpoint, MAX_RUNS};
use serde::{Deserialize, Serialize};

/// One run as saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedRun {
    pub arrival: String,
    pub offered_rps: Option<f64>,
    pub workers: String,
    pub requested: u32,
    /// (service, endpoint), indexing each record's per-service loads.
    pub services: Vec<(String, String)>,
    /// A run still going when saved is restored as cancelled: the reload ended it.
    pub cancelled: bool,
    pub records: Vec<SavedRecord>,
}

/// index, trace id, start, duration, status code, error, sampled, body, per-service loads
/// (invocations, errors, queue wait, longest wait, busy).
pub type SavedRecord = (u32, u128, u64, u64, u16, bool, bool, String, Vec<[u64; 5]>);

pub fn save(history: &LoadHistory) -> Vec<SavedRun> {
    history
        .runs()
        .map(|run| SavedRun {
            arrival: run.meta.arrival.clone(),
            offered_rps: run.meta.offered_rps,
            workers: run.meta.workers.clone(),
            requested: run.meta.requested,
            services: run
                .meta
                .services
                .iter()
                .map(|s| (s.service.clone(), s.endpoint.clone()))
                .collect(),
            cancelled: run.status != RunStatus::Finished,
            records: run.records().map(save_record).collect(),
        })
        .collect()
}

/// Replays saved runs (at most [`MAX_RUNS`], the newest) into a fresh history.
pub fn restore(runs: Vec<SavedRun>) -> LoadHistory {
    let mut history = LoadHistory::default();
    let skip = runs.len().saturating_sub(MAX_RUNS);
    for run in runs.into_iter().skip(skip) {
        let meta = RunMeta {
            arrival: run.arrival,
            // A rate that is not a number would give no chart point; keep it out entirely.
            offered_rps: run.offered_rps.filter(|r| r.is_finite()),
            workers: run.workers,
            requested: run.requested,
            services: run
                .services
                .into_iter()
                .map(|(service, endpoint)| ServiceEndpoint { service, endpoint })
                .collect(),
        };
        let number = history.begin(meta);
        history.add(
            number,
            run.records.into_iter().map(restore_record).collect(),
        );
        history.finish(number, run.cancelled);
    }
    history
}

fn save_record(r: &RequestRecord) -> SavedRecord {
    let services = r
        .services
        .iter()
        .map(|s| {
            [
                u64::from(s.invocations),
                u64::from(s.errors),
                s.queue_wait_nanos,
                s.max_queue_wait_nanos,
                s.busy_nanos,
            ]
        })
        .collect();
    (
        r.index,
        r.trace_id.0,
        r.start_unix_nano,
        r.duration_nanos,
        r.status_code,
        r.error,
        r.sampled,
        r.body.to_string(),
        services,
    )
}

fn restore_record(saved: SavedRecord) -> RequestRecord {
    let (index, trace_id, start, duration, status_code, error, sampled, body, services) = saved;
    RequestRecord {
        index,
        trace_id: TraceId(trace_id),
        start_unix_nano: start,
        duration_nanos: duration,
        status_code,
        error,
        sampled,
        body: body.into(),
        services: services
            .into_iter()
            .map(
                |[invocations, errors, queue, max_queue, busy]| ServiceLoad {
                    invocations: u32::try_from(invocations).unwrap_or(u32::MAX),
                    errors: u32::try_from(errors).unwrap_or(u32::MAX),
                    queue_wait_nanos: queue,
                    max_queue_wait_nanos: max_queue,
                    busy_nanos: busy,
                },
            )
            .collect(),
    }
}
