//! A staged run whose simulator skips the spans the stage would evict at once
//! (`crate::sim::engine::skip`) releases exactly what building every span released: the same
//! traces, spans, eviction counts, records and placement. Each row names the rule it checks.

use super::*;
use crate::sim::{Arrival, SamplerKind};
use crate::store::{StoreLimits, TraceStore};

const NOW: u64 = 1_735_689_600_000_000_000;

/// The run as before skipping existed: every chunk built, staged and evicted by the store.
fn built(job: &mut LoadJob, limits: StoreLimits, now: u64) -> Released {
    let mut stage = TraceStore::new(limits);
    let (mut records, mut latest) = (Vec::new(), 0);
    while !job.is_done() {
        let chunk = job.advance_chunk(u32::MAX);
        assert_eq!(
            chunk.skipped,
            Default::default(),
            "a store keeping all skips nothing"
        );
        latest = latest.max(chunk.latest_end());
        records.extend(chunk.records);
        stage.add_spans(chunk.spans);
    }
    let by = lateness(latest, now);
    stage.map_spans(|s| placement::shift_span(s, by));
    records
        .iter_mut()
        .for_each(|r| placement::shift_record(r, by));
    Released {
        traces: stage,
        records,
        shifted_by: by,
    }
}

/// The run through [`StagedRun`], which skips what it can; also the spans it skipped.
fn staged(job: LoadJob, limits: StoreLimits, now: u64) -> (Released, u64) {
    let mut run = StagedRun::new(job, limits);
    let mut skipped = 0;
    while !run.is_done() {
        // What this step will skip, read from a copy of the job: `step` does not say.
        let mut probe = LoadJob {
            simulation: run.job().simulation.clone(),
            services: Vec::new(),
        };
        skipped += probe.advance_chunk(limits.max_traces).skipped.spans;
        run.step();
    }
    (run.release(now), skipped)
}

fn same(a: &Released, b: &Released) -> bool {
    let traces = |r: &Released| r.traces.iter().map(|t| (**t).clone()).collect::<Vec<_>>();
    traces(a) == traces(b)
        && a.traces.span_count() == b.traces.span_count()
        && a.traces.evicted_traces() == b.traces.evicted_traces()
        && a.traces.evicted_spans() == b.traces.evicted_spans()
        && a.records == b.records
        && a.shifted_by == b.shifted_by
}

#[test]
fn skipping_spans_the_stage_would_evict_changes_nothing_it_releases() {
    let lab = LabOptions::default;
    let caps = |max_traces, max_spans| StoreLimits {
        max_traces,
        max_spans,
    };
    let one = Arrival::BackToBack { concurrency: 1 };
    #[rustfmt::skip]
    let cases: Vec<(&str, LabOptions, Arrival, StoreLimits, u32, bool)> = vec![
        ("one client, a trace per request: the oldest of a chunk are skipped",
            lab(), one, caps(50, 1_000_000), 2_000, true),
        ("a cap of one keeps only the newest trace", lab(), one, caps(1, 1_000_000), 300, true),
        ("the span cap evicts more than the trace cap; skipping stays within the trace cap",
            LabOptions { heavy_calc: true, fan_out: 3, ..lab() }, one, caps(40, 100), 1_500, true),
        ("no propagation: several traces per request, each counted",
            LabOptions { propagate: false, ..lab() }, one, caps(30, 1_000_000), 1_000, true),
        ("a ratio sampler may record no trace for a request: nothing skipped",
            LabOptions { sampler: SamplerKind::TraceIdRatio, sampling_ratio: 0.5, ..lab() },
            one, caps(20, 1_000_000), 1_000, false),
        ("two clients answer out of order: nothing skipped",
            lab(), Arrival::BackToBack { concurrency: 2 }, caps(20, 1_000_000), 1_000, false),
        ("open-loop arrivals overlap: nothing skipped",
            lab(), Arrival::Poisson { rps: 500.0 }, caps(20, 1_000_000), 1_000, false),
        ("a run smaller than the cap skips nothing", lab(), one, caps(2_000, 1_000_000), 500, false),
    ];
    for (why, options, arrival, limits, requests, skips) in cases {
        let job = || LoadJob::with_arrival(&options, 11, 0, requests, NOW, arrival).expect("valid");
        let expected = built(&mut job(), limits, NOW);
        let (got, skipped) = staged(job(), limits, NOW);
        assert!(same(&got, &expected), "{why}: the released run differs");
        assert_eq!(skipped > 0, skips, "{why}: skipped {skipped} spans");
        assert!(
            skipped <= expected.traces.evicted_spans(),
            "{why}: only evicted spans are skipped"
        );
    }
}

#[test]
fn a_cancelled_run_releases_what_building_every_span_released() {
    // Cancelled after each possible step: what the stage holds then must not depend on skipping.
    let limits = StoreLimits {
        max_traces: 25,
        max_spans: 1_000_000,
    };
    let job = || LoadJob::new(&LabOptions::default(), 3, 0, 3_000, NOW).expect("valid");
    for steps in 1..=4 {
        let mut run = StagedRun::new(job(), limits);
        let mut reference = job();
        let mut stage = TraceStore::new(limits);
        let (mut records, mut latest) = (Vec::new(), 0);
        for _ in 0..steps {
            run.step();
            let chunk = reference.advance_chunk(u32::MAX);
            latest = latest.max(chunk.latest_end());
            records.extend(chunk.records);
            stage.add_spans(chunk.spans);
        }
        let got = run.release(NOW);
        let by = lateness(latest, NOW);
        stage.map_spans(|s| placement::shift_span(s, by));
        records
            .iter_mut()
            .for_each(|r| placement::shift_record(r, by));
        let expected = Released {
            traces: stage,
            records,
            shifted_by: by,
        };
        assert!(same(&got, &expected), "cancelled after {steps} steps");
    }
}

/// Chunk sizes: where only the newest `keep_traces` requests of a chunk make spans, a chunk is
/// bounded by its request cap, not by the spans it would have made, so a 10,000-request run
/// into the default store takes two browser turns (the 50-request probe, then the rest); a store
/// that keeps everything still gets chunks of about `SPANS_PER_CHUNK` spans.
#[test]
fn counting_runs_take_bigger_chunks_and_keep_all_runs_keep_the_span_budget() {
    let options = LabOptions {
        heavy_calc: true,
        ..LabOptions::default()
    };
    let chunks = |keep: u32| {
        let mut job = LoadJob::new(&options, 7, 0, 10_000, NOW).expect("job");
        let mut sizes = Vec::new();
        while !job.is_done() {
            let before = job.done();
            job.advance_chunk(keep);
            sizes.push(job.done() - before);
        }
        sizes
    };
    assert_eq!(chunks(2_000), vec![FIRST_CHUNK, 10_000 - FIRST_CHUNK]);
    let keep_all = chunks(u32::MAX);
    assert_eq!(keep_all.first(), Some(&FIRST_CHUNK));
    assert!(keep_all.len() >= 3, "{keep_all:?}");
    assert!(
        keep_all.iter().all(|&n| u64::from(n) <= MAX_CHUNK),
        "{keep_all:?}"
    );
}
