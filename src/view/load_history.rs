//! What the page keeps of its load runs (issue 7): every request's record, sampled or not, for
//! the latency panel, and per run the point it adds to the latency-vs-offered-load chart.
//!
//! Bounded: at most [`MAX_RECORDS`] records (oldest chunks go first, and are counted) and
//! [`MAX_RUNS`] runs. A run's chart point is computed when it ends, so it outlives its records.
//! Records are held in shared chunks, as they arrived from the simulator: the app state is
//! cloned on every action, and cloning this must cost pointers, not 100,000 records.
//!
//! A run's point is what [`crate::analysis::load_curve`] gives for that one run; the curve is
//! kept sorted as runs end (binary insertion), which spares the page a generic sort of points.

use crate::analysis::{load_point, LatencySample, LoadPoint};
use crate::sim::RequestRecord;
use std::collections::VecDeque;
use std::rc::Rc;

/// Request records kept over all runs (ten runs of 10,000).
pub const MAX_RECORDS: u64 = 100_000;
/// Runs kept (their summaries and chart points).
pub const MAX_RUNS: usize = 100;

/// A service and the endpoint it serves in the scenario, e.g. `service-b`, `GET /data`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceEndpoint {
    pub service: String,
    pub endpoint: String,
}

/// What a run was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub struct RunMeta {
    /// The arrival pattern in words, e.g. "Poisson, 8 req/s".
    pub arrival: String,
    /// `None` for back-to-back clients (a closed loop has no offered rate).
    pub offered_rps: Option<f64>,
    /// Worker limits in words, e.g. "service-a ∞ · service-b 1".
    pub workers: String,
    pub requested: u32,
    /// Indexed like [`RequestRecord::services`].
    pub services: Vec<ServiceEndpoint>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Finished,
    Cancelled,
}

/// One load run and what it produced.
#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    /// 1-based, never reused until the history is cleared.
    pub number: u32,
    pub meta: RunMeta,
    pub status: RunStatus,
    /// Records received (some may since have been dropped to stay within [`MAX_RECORDS`]).
    pub received: u64,
    chunks: Vec<Rc<Vec<RequestRecord>>>,
    /// The run's point on the latency-vs-load chart, once it has ended with requests. Its
    /// `offered_rps` is the measured throughput for back-to-back runs.
    pub point: Option<LoadPoint>,
}

impl RunResult {
    /// The records of this run still kept, in order of completion.
    pub fn records(&self) -> impl Iterator<Item = &RequestRecord> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    pub fn kept(&self) -> u64 {
        self.chunks.iter().map(|c| c.len() as u64).sum()
    }

    /// Back-to-back clients: the chart's x is what they achieved, not what was offered.
    pub fn closed_loop(&self) -> bool {
        self.meta.offered_rps.is_none()
    }
}

/// A run's point on the chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    pub run: u32,
    pub closed_loop: bool,
    pub point: LoadPoint,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadHistory {
    /// Oldest first.
    runs: VecDeque<RunResult>,
    /// Points of ended runs, by rate (equal rates in the order the runs ended).
    curve: Vec<CurvePoint>,
    next_number: u32,
    kept: u64,
    dropped_records: u64,
    revision: u64,
}

impl LoadHistory {
    /// Starts a run; returns its number.
    pub fn begin(&mut self, meta: RunMeta) -> u32 {
        self.next_number = self.next_number.saturating_add(1);
        let number = self.next_number;
        self.runs.push_back(RunResult {
            number,
            meta,
            status: RunStatus::Running,
            received: 0,
            chunks: Vec::new(),
            point: None,
        });
        while self.runs.len() > MAX_RUNS {
            if let Some(old) = self.runs.pop_front() {
                self.curve.retain(|c| c.run != old.number);
                let kept = old.kept();
                self.kept -= kept;
                self.dropped_records += kept;
            }
        }
        self.revision += 1;
        number
    }

    /// Adds records to a running run (records for an unknown or ended run are ignored).
    pub fn add(&mut self, run: u32, records: Vec<RequestRecord>) {
        if records.is_empty() {
            return;
        }
        let Some(r) = running(&mut self.runs, run) else {
            return;
        };
        let n = records.len() as u64;
        r.received += n;
        r.chunks.push(Rc::new(records));
        self.kept += n;
        self.drop_oldest();
        self.revision += 1;
    }

    /// Ends a run and computes its chart point from its records.
    pub fn finish(&mut self, run: u32, cancelled: bool) {
        let Some(r) = running(&mut self.runs, run) else {
            return;
        };
        r.status = if cancelled {
            RunStatus::Cancelled
        } else {
            RunStatus::Finished
        };
        r.point = point_of(r);
        if let Some(point) = r.point {
            let at = self
                .curve
                .partition_point(|c| c.point.offered_rps <= point.offered_rps);
            self.curve.insert(
                at,
                CurvePoint {
                    run,
                    closed_loop: r.closed_loop(),
                    point,
                },
            );
        }
        self.revision += 1;
    }

    pub fn clear(&mut self) {
        *self = LoadHistory {
            revision: self.revision + 1,
            ..LoadHistory::default()
        };
    }

    /// Oldest first.
    pub fn runs(&self) -> impl DoubleEndedIterator<Item = &RunResult> {
        self.runs.iter()
    }

    pub fn run(&self, number: u32) -> Option<&RunResult> {
        self.runs.iter().find(|r| r.number == number)
    }

    pub fn latest(&self) -> Option<&RunResult> {
        self.runs.back()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Points of the runs that have one, by offered (or achieved) rate.
    pub fn curve(&self) -> &[CurvePoint] {
        &self.curve
    }

    /// Records kept over all runs.
    pub fn kept_records(&self) -> u64 {
        self.kept
    }

    /// Records dropped to stay within the caps since the last clear.
    pub fn dropped_records(&self) -> u64 {
        self.dropped_records
    }

    /// Changes whenever the contents change: a cheap key for memoised views.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn drop_oldest(&mut self) {
        for run in self.runs.iter_mut() {
            while self.kept > MAX_RECORDS && !run.chunks.is_empty() {
                let chunk = run.chunks.remove(0);
                self.kept -= chunk.len() as u64;
                self.dropped_records += chunk.len() as u64;
            }
            if self.kept <= MAX_RECORDS {
                return;
            }
        }
    }
}

/// The run numbered `run` if it is still running; records and endings for any other run are
/// ignored. A function of the field, not of `self`, so callers may still touch `self.curve`.
fn running<'a>(
    runs: impl IntoIterator<Item = &'a mut RunResult>,
    run: u32,
) -> Option<&'a mut RunResult> {
    runs.into_iter()
        .find(|r| r.number == run && r.status == RunStatus::Running)
}

/// One record as a latency sample.
pub fn sample(record: &RequestRecord) -> LatencySample {
    LatencySample {
        start_unix_nano: record.start_unix_nano,
        duration_nanos: record.duration_nanos,
        error: record.error,
    }
}

/// The run's point, as `load_curve` computes it. A rate that is not a finite number (never
/// from the page's settings) gets no point, so the curve's order is total.
fn point_of(run: &RunResult) -> Option<LoadPoint> {
    let samples: Vec<LatencySample> = run.records().map(sample).collect();
    load_point(&samples, |achieved| {
        run.meta
            .offered_rps
            .or(achieved)
            .filter(|rps| rps.is_finite())
    })
}

#[cfg(test)]
mod tests;
