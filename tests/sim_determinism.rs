//! A run is a function of its inputs: same seed and start → the same spans, ids, durations and
//! errors; chunked runs equal whole runs.

mod sim_support;

use sim_support::*;
use trace_playground::sim::*;

fn busy_options() -> LabOptions {
    LabOptions {
        heavy_calc: true,
        random_500s: true,
        workers_b: Some(2),
        fan_out: 3,
        fan_out_mode: FanOutMode::Parallel,
        workers_db: Some(2),
        sampler: SamplerKind::ParentBasedTraceIdRatio,
        sampling_ratio: 0.7,
        ..LabOptions::default()
    }
}

#[test]
fn same_seed_and_start_reproduce_a_run_exactly() {
    let options = busy_options();
    let arrival = Arrival::Poisson { rps: 10.0 };
    let first = run_lab(&options, 99, arrival, 300);
    let second = run_lab(&options, 99, arrival, 300);
    assert_eq!(
        first, second,
        "spans, ids, durations, errors, records, counters"
    );
    assert!(
        first.requests.iter().any(|r| r.error),
        "the run exercised errors"
    );
    assert!(
        first.dropped > 0 && first.sampled > 0,
        "and sampling both ways"
    );
}

#[test]
fn different_seeds_give_different_runs() {
    let options = busy_options();
    let a = run_lab(&options, 1, Arrival::default(), 50);
    let b = run_lab(&options, 2, Arrival::default(), 50);
    assert_ne!(a.spans[0].trace_id, b.spans[0].trace_id);
    let durations = |r: &SimRun| {
        r.requests
            .iter()
            .map(|q| q.duration_nanos)
            .collect::<Vec<_>>()
    };
    assert_ne!(durations(&a), durations(&b));
    let errors = |r: &SimRun| r.requests.iter().map(|q| q.error).collect::<Vec<_>>();
    assert_ne!(errors(&a), errors(&b), "errors are drawn from the seed too");
}

#[rustfmt::skip]
const CHUNKINGS: &[(Arrival, u32, &str)] = &[
    (Arrival::BackToBack { concurrency: 1 }, 1, "one request per chunk"),
    (Arrival::BackToBack { concurrency: 5 }, 7, "concurrent clients, odd chunks"),
    (Arrival::Constant { rps: 20.0 }, 13, "open loop, overload on B"),
    (Arrival::Poisson { rps: 6.0 }, 50, "Poisson"),
    (Arrival::Bursts { size: 10, interval_ms: 500.0 }, 3, "bursts split across chunks"),
];

#[test]
fn chunked_runs_equal_whole_runs() {
    let options = busy_options();
    let scenario = Scenario::lab_with(&options).unwrap();
    let settings = RunSettings::from(&options);
    for (arrival, chunk, why) in CHUNKINGS {
        let whole = simulate(&scenario, &settings, 5, START, *arrival, 120).unwrap();
        let mut sim = Simulation::new(&scenario, &settings, 5, START, *arrival, 120).unwrap();
        let (mut spans, mut requests, mut sampled, mut dropped, mut batches) =
            (vec![], vec![], 0, 0, 0);
        while !sim.is_done() {
            let batch = sim.advance(*chunk);
            assert!(
                batch.requests.len() as u32 <= *chunk,
                "{why}: at most a chunk per batch"
            );
            assert_eq!(
                batch.sampled + batch.dropped,
                batch.requests.len() as u32,
                "{why}"
            );
            spans.extend(batch.spans);
            requests.extend(batch.requests);
            sampled += batch.sampled;
            dropped += batch.dropped;
            batches += 1;
            let progress = sim.progress();
            assert_eq!(progress.finished as usize, requests.len(), "{why}");
            assert_eq!(progress.spans as usize, spans.len(), "{why}");
        }
        assert_eq!(batches, 120_u32.div_ceil(*chunk), "{why}");
        assert_eq!(spans, whole.spans, "{why}");
        assert_eq!(requests, whole.requests, "{why}");
        assert_eq!((sampled, dropped), (whole.sampled, whole.dropped), "{why}");
        assert_eq!(
            sim.advance(10),
            Batch::default(),
            "{why}: nothing after the end"
        );
    }
}

#[test]
fn advance_zero_does_nothing_and_progress_counts_up() {
    let mut sim = Simulation::new(
        &Scenario::lab(),
        &RunSettings::default(),
        1,
        START,
        Arrival::default(),
        3,
    )
    .unwrap();
    assert_eq!(sim.advance(0), Batch::default());
    assert_eq!(
        sim.progress(),
        Progress {
            total: 3,
            ..Progress::default()
        }
    );
    assert!(!sim.is_done());
    let batch = sim.advance(2);
    assert_eq!(batch.requests.len(), 2);
    assert_eq!(batch.spans.len(), 6, "each batch carries whole traces");
    let p = sim.progress();
    assert_eq!((p.finished, p.sampled, p.dropped, p.spans), (2, 2, 0, 6));
    assert!(sim.now_unix_nano() > START);
    assert_eq!(sim.service_names(), ["service-a", "service-b"]);
    let rest = sim.run_to_end();
    assert_eq!(rest.requests.len(), 1);
    assert_eq!(rest.service_names, ["service-a", "service-b"]);
}
