use super::*;
use crate::model::TraceId;

const MS: u64 = 1_000_000;

fn record(index: u32, start_ms: u64, duration_ms: u64) -> RequestRecord {
    RequestRecord {
        index,
        trace_id: TraceId(u128::from(index) + 1),
        start_unix_nano: start_ms * MS,
        duration_nanos: duration_ms * MS,
        status_code: 200,
        error: false,
        sampled: true,
        body: "ok".into(),
        services: Vec::new(),
    }
}

fn meta(offered_rps: Option<f64>) -> RunMeta {
    RunMeta {
        arrival: "test".into(),
        offered_rps,
        workers: "∞".into(),
        requested: 4,
        services: Vec::new(),
    }
}

#[test]
fn a_finished_run_gets_its_point_by_hand() {
    let mut h = LoadHistory::default();
    let run = h.begin(meta(Some(20.0)));
    // Durations 100, 200, 300, 400 ms: nearest-rank p50 = 200, p95 = p99 = 400.
    h.add(run, vec![record(0, 0, 100), record(1, 50, 200)]);
    h.add(run, vec![record(2, 100, 300), record(3, 150, 400)]);
    assert_eq!(
        h.latest().and_then(|r| r.point),
        None,
        "no point while running"
    );
    h.finish(run, false);
    let r = h.latest().expect("one run");
    assert_eq!(r.status, RunStatus::Finished);
    assert_eq!(r.received, 4);
    let p = r.point.expect("a point");
    assert_eq!(p.offered_rps, 20.0);
    assert_eq!(
        (p.p50_nanos, p.p95_nanos, p.p99_nanos),
        (200 * MS, 400 * MS, 400 * MS)
    );
    assert_eq!(p.count, 4);
    // 4 requests between 0 and 550 ms.
    let achieved = p.achieved_rps.expect("a window");
    assert!((achieved - 4.0 / 0.55).abs() < 1e-9, "{achieved}");
}

#[test]
fn a_runs_point_is_what_load_curve_gives() {
    use crate::analysis::{load_curve, LoadRun};
    let mut h = LoadHistory::default();
    let run = h.begin(meta(Some(7.5)));
    let records = vec![record(0, 0, 120), record(1, 10, 80), record(2, 30, 400)];
    let samples: Vec<LatencySample> = records.iter().map(sample).collect();
    h.add(run, records);
    h.finish(run, false);
    let expected = load_curve(&[LoadRun {
        offered_rps: 7.5,
        samples: &samples,
    }]);
    assert_eq!(h.latest().and_then(|r| r.point), expected.first().copied());
}

#[test]
fn a_closed_loop_run_is_placed_at_its_throughput() {
    let mut h = LoadHistory::default();
    let run = h.begin(meta(None));
    // Back to back: 0–100, 100–200 ms → 2 requests in 0.2 s = 10 req/s.
    h.add(run, vec![record(0, 0, 100), record(1, 100, 100)]);
    h.finish(run, false);
    let curve = h.curve();
    assert_eq!(curve.len(), 1);
    assert!(curve[0].closed_loop);
    assert!((curve[0].point.offered_rps - 10.0).abs() < 1e-9);
}

#[test]
fn the_curve_is_sorted_by_rate_and_skips_empty_runs() {
    let mut h = LoadHistory::default();
    for rps in [30.0, 10.0, 20.0] {
        let run = h.begin(meta(Some(rps)));
        h.add(run, vec![record(0, 0, rps as u64)]);
        h.finish(run, false);
    }
    let empty = h.begin(meta(Some(5.0)));
    h.finish(empty, true);
    let same = h.begin(meta(Some(20.0)));
    h.add(same, vec![record(0, 0, 1)]);
    h.finish(same, false);
    let rates: Vec<(f64, u32)> = h
        .curve()
        .iter()
        .map(|c| (c.point.offered_rps, c.run))
        .collect();
    assert_eq!(
        rates,
        [(10.0, 2), (20.0, 3), (20.0, 5), (30.0, 1)],
        "equal rates in order"
    );
    assert_eq!(h.run(empty).map(|r| r.status), Some(RunStatus::Cancelled));
}

#[test]
fn records_for_ended_or_unknown_runs_are_ignored() {
    let mut h = LoadHistory::default();
    let run = h.begin(meta(Some(1.0)));
    h.finish(run, false);
    h.add(run, vec![record(0, 0, 1)]);
    h.add(99, vec![record(0, 0, 1)]);
    assert_eq!(h.kept_records(), 0);
    let revision = h.revision();
    h.finish(run, true);
    assert_eq!(h.revision(), revision, "finishing twice changes nothing");
    assert_eq!(h.latest().map(|r| r.status), Some(RunStatus::Finished));
}

#[test]
fn records_are_bounded_oldest_first_and_counted() {
    let mut h = LoadHistory::default();
    let first = h.begin(meta(Some(1.0)));
    let chunk = |n: u32| {
        (0..n)
            .map(|i| record(i, u64::from(i), 1))
            .collect::<Vec<_>>()
    };
    h.add(first, chunk(60_000));
    h.finish(first, false);
    let second = h.begin(meta(Some(2.0)));
    h.add(second, chunk(30_000));
    h.add(second, chunk(30_000));
    assert_eq!(h.kept_records(), 60_000);
    assert_eq!(h.dropped_records(), 60_000);
    assert_eq!(h.run(first).map(RunResult::kept), Some(0));
    assert!(
        h.run(first).and_then(|r| r.point).is_some(),
        "the point outlives the records"
    );
    assert_eq!(h.run(second).map(RunResult::kept), Some(60_000));
}

#[test]
fn runs_are_bounded_and_numbers_keep_counting() {
    let mut h = LoadHistory::default();
    for _ in 0..MAX_RUNS + 5 {
        let run = h.begin(meta(Some(1.0)));
        h.add(run, vec![record(0, 0, 1)]);
        h.finish(run, false);
    }
    assert_eq!(h.runs().count(), MAX_RUNS);
    assert_eq!(h.curve().len(), MAX_RUNS, "points of dropped runs go too");
    assert_eq!(h.runs().next().map(|r| r.number), Some(6));
    assert_eq!(h.dropped_records(), 5);
    h.clear();
    assert!(h.is_empty());
    assert_eq!(h.begin(meta(None)), 1);
}

#[test]
fn cloning_shares_the_records() {
    let mut h = LoadHistory::default();
    let run = h.begin(meta(Some(1.0)));
    h.add(run, vec![record(0, 0, 1)]);
    let copy = h.clone();
    let a = h.latest().map(|r| Rc::as_ptr(&r.chunks[0]));
    let b = copy.latest().map(|r| Rc::as_ptr(&r.chunks[0]));
    assert_eq!(a, b);
}
