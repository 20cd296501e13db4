//! The driver's promises: a seed and a request index fix a run's traces; chunks add up to the
//! whole run; a released run ends by the `now` it is given, with its relative times intact.

use super::*;
use crate::model::Span;
use crate::sim::Arrival;
use crate::store::{StoreLimits, TraceStore};

/// A fixed "now": 2025-01-01T00:00:00Z.
const NOW: u64 = 1_735_689_600_000_000_000;
const SECOND: u64 = 1_000_000_000;

fn lab() -> LabOptions {
    LabOptions::default()
}

/// (trace id, span id, name, duration, status) of each span: what a shared link must reproduce.
fn shape(spans: &[Span]) -> Vec<(u128, u64, String, u64, String)> {
    let mut rows: Vec<_> = spans
        .iter()
        .map(|s| {
            (
                s.trace_id.0,
                s.span_id.0,
                s.name.to_string(),
                s.duration_nanos(),
                format!("{:?}", s.status.code),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn one_request(seed: u64, index: u64) -> Chunk {
    let mut job = LoadJob::new(&lab(), seed, index, 1, NOW).expect("the default lab is valid");
    job.advance(1)
}

#[rustfmt::skip]
const SPLITMIX: &[(u64, u64, u64, &str)] = &[
    // <https://prng.di.unimi.it/splitmix64.c>: outputs 1 and 2 of a generator started at 0 are
    // mix(1·γ) and mix(2·γ); run_seed(0, i) is mix(i·γ).
    (0, 1, 0xe220_a839_7b1d_cdaf, "first SplitMix64 output from state 0"),
    (0, 2, 0x6e78_9e6a_a1b9_65f4, "second SplitMix64 output from state 0"),
];

#[test]
fn run_seeds_are_splitmix64_of_seed_and_index() {
    for (seed, index, expected, rule) in SPLITMIX {
        assert_eq!(run_seed(*seed, *index), *expected, "{rule}");
    }
    assert_ne!(run_seed(7, 0), run_seed(7, 1), "neighbouring requests");
    assert_ne!(run_seed(7, 0), run_seed(8, 0), "neighbouring seeds");
}

#[test]
fn the_same_seed_and_index_give_the_same_traces() {
    let a = one_request(42, 3);
    let b = one_request(42, 3);
    assert!(!a.spans.is_empty());
    assert_eq!(shape(&a.spans), shape(&b.spans));
    assert_eq!(a.spans, b.spans, "every field, times included");
}

#[test]
fn another_index_or_seed_gives_other_ids() {
    let ids = |c: &Chunk| {
        let mut ids: Vec<u128> = c.spans.iter().map(|s| s.trace_id.0).collect();
        ids.dedup();
        ids
    };
    let base = ids(&one_request(42, 3));
    assert_ne!(base, ids(&one_request(42, 4)), "next request");
    assert_ne!(base, ids(&one_request(43, 3)), "other seed");
}

#[test]
fn a_run_in_chunks_equals_the_run_at_once() {
    let options = LabOptions {
        fan_out: 30,
        ..lab()
    };
    let arrival = Arrival::Poisson { rps: 50.0 };
    let new_job = || LoadJob::with_arrival(&options, 9, 100, 300, NOW, arrival).expect("valid");
    let mut whole = new_job();
    let at_once = whole.advance(u32::MAX);
    let mut job = new_job();
    let (mut spans, mut records, mut chunks) = (Vec::new(), Vec::new(), 0);
    while !job.is_done() {
        let chunk = job.advance_chunk(u32::MAX);
        spans.extend(chunk.spans);
        records.extend(chunk.records);
        chunks += 1;
    }
    assert!(chunks > 1, "the run was split ({chunks} chunks)");
    assert_eq!(job.done(), 300);
    assert_eq!(spans, at_once.spans);
    assert_eq!(records, at_once.records);
}

#[test]
fn invalid_options_give_the_simulators_message() {
    let err = LoadJob::new(&lab(), 1, 0, 0, NOW).expect_err("zero requests");
    assert!(!err.is_empty());
    let bad = LabOptions {
        error_rate_percent: f64::NAN,
        ..lab()
    };
    assert!(LoadJob::new(&bad, 1, 0, 1, NOW).is_err(), "NaN error rate");
}

/// Runs a staged load of `requests` at `rps` to the end and releases it at `now`.
fn staged_run(requests: u32, rps: f64, limits: StoreLimits, now: u64) -> Released {
    let job = LoadJob::with_arrival(&lab(), 5, 0, requests, NOW, Arrival::Constant { rps })
        .expect("valid");
    let mut run = StagedRun::new(job, limits);
    while !run.is_done() {
        run.step();
    }
    run.release(now)
}

fn all_spans(store: &TraceStore) -> Vec<Span> {
    store.iter().flat_map(|t| t.spans.iter().cloned()).collect()
}

#[test]
fn a_released_run_ends_by_the_moment_it_finished() {
    // 20 requests at 1 per second take about 19 s of virtual time; simulating takes no time.
    let finished_at = NOW + 200_000_000;
    let released = staged_run(20, 1.0, StoreLimits::default(), finished_at);
    let spans = all_spans(&released.traces);
    assert_eq!(
        spans.len(),
        20 * 3,
        "3 spans per request in the default lab"
    );
    let latest = spans.iter().map(|s| s.end_unix_nano).max().unwrap_or(0);
    assert_eq!(latest, finished_at, "the last span ends exactly then");
    assert!(spans.iter().all(|s| s.end_unix_nano <= finished_at));
    assert!(released.shifted_by > 18 * SECOND, "{}", released.shifted_by);
    for record in &released.records {
        assert!(record.end_unix_nano() <= finished_at);
    }

    // Relative times are those of the unplaced run: every span moved by the same amount.
    let unplaced = staged_run(20, 1.0, StoreLimits::default(), u64::MAX);
    assert_eq!(
        unplaced.shifted_by, 0,
        "a run that ended in the past stays put"
    );
    let key = |s: &Span| (s.trace_id, s.span_id);
    let mut placed = spans.clone();
    let mut original = all_spans(&unplaced.traces);
    placed.sort_by_key(key);
    original.sort_by_key(key);
    for (p, o) in placed.iter().zip(&original) {
        assert_eq!(o.start_unix_nano - p.start_unix_nano, released.shifted_by);
        assert_eq!(p.duration_nanos(), o.duration_nanos());
        for (pe, oe) in p.events.iter().zip(&o.events) {
            assert_eq!(oe.time_unix_nano - pe.time_unix_nano, released.shifted_by);
        }
    }
    for (p, o) in released.records.iter().zip(&unplaced.records) {
        assert_eq!(o.start_unix_nano - p.start_unix_nano, released.shifted_by);
    }
}

#[test]
fn a_staged_run_keeps_to_the_caps_and_counts_what_it_dropped() {
    let limits = StoreLimits {
        max_traces: 5,
        max_spans: 1_000,
    };
    let released = staged_run(20, 100.0, limits, NOW);
    assert_eq!(released.traces.len(), 5);
    assert_eq!(released.traces.evicted_traces(), 15);
    assert_eq!(released.records.len(), 20, "every request keeps its record");
    let mut page = TraceStore::new(limits);
    page.add_spans(one_request(1, 0).spans);
    let outcome = page.absorb(released.traces);
    assert_eq!(page.len(), 5, "the older trace went");
    assert_eq!(outcome.evicted_traces, 16, "15 in the stage and 1 here");
    assert_eq!(page.evicted_traces(), 16);
}

#[test]
fn a_single_request_is_placed_like_a_run() {
    let mut chunk = one_request(3, 0);
    let duration = chunk.duration_nanos();
    assert!(duration > 0);
    let late = chunk.latest_end() - NOW;
    assert!(late > 0, "simulated from NOW, it ends after NOW");
    assert_eq!(chunk.place_before(NOW), late, "moved by its lateness");
    assert_eq!(chunk.latest_end(), NOW);
    assert_eq!(
        chunk.duration_nanos(),
        duration,
        "the request keeps its duration"
    );
    assert_eq!(chunk.place_before(NOW), 0, "placing again changes nothing");
    assert_eq!(lateness(10, 25), 0);
    assert_eq!(lateness(25, 10), 15);
}
