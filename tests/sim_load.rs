//! Workers, queues, arrival patterns and fan-out (issue 7).

mod sim_support;

use sim_support::*;
use trace_playground::model::{AttrValue, Span, SpanKind, Trace};
use trace_playground::sim::*;

/// B's queue wait per request, in arrival order.
fn b_waits(run: &SimRun) -> Vec<u64> {
    let mut records: Vec<&RequestRecord> = run.requests.iter().collect();
    records.sort_by_key(|r| r.index);
    records.iter().map(|r| r.queue_wait_at(1)).collect()
}

#[test]
fn one_worker_at_high_rate_grows_the_queue_and_the_tail() {
    // B takes 100–500 ms (300 ms mean): one worker serves ~3.3 requests/s; offer 8/s.
    let arrival = Arrival::Poisson { rps: 8.0 };
    let one = run_lab(
        &LabOptions {
            workers_b: Some(1),
            ..LabOptions::default()
        },
        3,
        arrival,
        400,
    );
    let many = run_lab(&LabOptions::default(), 3, arrival, 400);

    let latencies = |run: &SimRun| {
        run.requests
            .iter()
            .map(|r| r.duration_nanos)
            .collect::<Vec<_>>()
    };
    let (p95_one, p95_many) = (
        quantile(latencies(&one), 0.95),
        quantile(latencies(&many), 0.95),
    );
    assert!(
        p95_one > 10 * p95_many,
        "p95 with 1 worker {p95_one} vs unlimited {p95_many}"
    );
    assert!(
        b_waits(&many).iter().all(|w| *w == 0),
        "unlimited workers never queue"
    );

    // Over capacity the queue only grows: later requests wait longer.
    let waits = b_waits(&one);
    let quarter = waits.len() / 4;
    let mean = |w: &[u64]| w.iter().sum::<u64>() / w.len() as u64;
    let (early, late) = (
        mean(&waits[..quarter]),
        mean(&waits[waits.len() - quarter..]),
    );
    assert!(
        late > 5 * early.max(1),
        "mean wait early {early} ns, late {late} ns"
    );
    assert!(
        quantile(waits, 0.95) > 10_000 * MS,
        "p95 wait above 10 s at 2.4× overload"
    );
}

/// Largest number of intervals overlapping at any instant.
fn max_overlap(spans: &[&Span]) -> usize {
    let mut edges: Vec<(u64, i32)> = Vec::new();
    for s in spans {
        edges.push((s.start_unix_nano, 1));
        edges.push((s.end_unix_nano, -1));
    }
    edges.sort(); // ends (-1) sort before starts at the same instant
    let (mut now, mut max) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        max = max.max(now);
    }
    max as usize
}

#[test]
fn worker_limits_cap_concurrent_server_spans() {
    #[rustfmt::skip]
    let cases: &[(Option<u32>, usize, &str)] = &[
        (Some(1), 1, "one worker: B's server spans never overlap"),
        (Some(3), 3, "three workers: at most three at once"),
        (None, 20, "unlimited: the 20 back-to-back clients all overlap"),
    ];
    for (workers, expected, why) in cases {
        let options = LabOptions {
            workers_b: *workers,
            ..LabOptions::default()
        };
        let run = run_lab(&options, 5, Arrival::BackToBack { concurrency: 20 }, 200);
        let b = find(&run.spans, "service-b", SpanKind::Server);
        assert_eq!(max_overlap(&b), *expected, "{why}");
    }
}

#[test]
fn the_wait_is_recorded_on_the_server_span_as_a_queued_event() {
    let options = LabOptions {
        workers_b: Some(1),
        ..LabOptions::default()
    };
    let run = run_lab(
        &options,
        7,
        Arrival::Bursts {
            size: 5,
            interval_ms: 10_000.0,
        },
        10,
    );
    let mut queued = 0;
    for trace in Trace::group(run.spans.clone()) {
        let b = only(&trace.spans, "service-b", SpanKind::Server);
        let record = run
            .requests
            .iter()
            .find(|r| r.trace_id == trace.trace_id)
            .unwrap();
        match b.events.as_slice() {
            [] => assert_eq!(record.queue_wait_at(1), 0, "no event, no wait"),
            [event] => {
                queued += 1;
                assert_eq!(event.name, QUEUED_EVENT);
                assert_eq!(
                    event.time_unix_nano, b.start_unix_nano,
                    "when the worker picked it up"
                );
                let wait = event
                    .attributes
                    .iter()
                    .find(|kv| kv.key == QUEUE_WAIT_ATTR)
                    .unwrap();
                assert_eq!(wait.value, AttrValue::Int(record.queue_wait_at(1) as i64));
                let a_client = only(&trace.spans, "service-a", SpanKind::Client);
                let gap = b.start_unix_nano - a_client.start_unix_nano;
                assert!(
                    gap > record.queue_wait_at(1),
                    "the client→server gap holds the wait"
                );
            }
            more => panic!("one queued event at most, got {}", more.len()),
        }
    }
    assert_eq!(
        queued, 8,
        "in each burst of 5, the first gets the worker and 4 wait"
    );
    let lengths: Vec<i64> = run
        .spans
        .iter()
        .flat_map(|s| &s.events)
        .filter_map(|e| e.attributes.iter().find(|kv| kv.key == QUEUE_LENGTH_ATTR))
        .filter_map(|kv| {
            if let AttrValue::Int(i) = kv.value {
                Some(i)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        lengths.iter().filter(|l| **l == 3).count(),
        2,
        "the last of each burst had 3 ahead"
    );
}

#[test]
fn constant_rate_spaces_arrivals_evenly() {
    let run = run_lab(&LabOptions::default(), 1, Arrival::Constant { rps: 4.0 }, 9);
    let mut starts: Vec<u64> = run.requests.iter().map(|r| r.start_unix_nano).collect();
    starts.sort_unstable();
    let expected: Vec<u64> = (0..9).map(|i| START + i * 250 * MS).collect();
    assert_eq!(starts, expected);
}

#[test]
fn poisson_arrivals_have_the_mean_rate() {
    let run = run_lab(
        &LabOptions::default(),
        2,
        Arrival::Poisson { rps: 50.0 },
        4000,
    );
    let mut starts: Vec<u64> = run.requests.iter().map(|r| r.start_unix_nano).collect();
    starts.sort_unstable();
    let gaps: Vec<u64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    let mean_ms = gaps.iter().sum::<u64>() as f64 / gaps.len() as f64 / MS as f64;
    assert!(
        (mean_ms - 20.0).abs() < 1.0,
        "mean gap {mean_ms} ms, expected 20"
    );
    // Exponential: the median gap is ln 2 × mean ≈ 13.9 ms, unlike an even spacing.
    let median_ms = quantile(gaps, 0.5) as f64 / MS as f64;
    assert!((median_ms - 13.86).abs() < 1.5, "median gap {median_ms} ms");
}

#[test]
fn bursts_arrive_together_at_each_interval() {
    let run = run_lab(
        &LabOptions::default(),
        1,
        Arrival::Bursts {
            size: 3,
            interval_ms: 1000.0,
        },
        7,
    );
    let mut starts: Vec<u64> = run.requests.iter().map(|r| r.start_unix_nano).collect();
    starts.sort_unstable();
    #[rustfmt::skip]
    let expected = [START, START, START, START + 1000 * MS, START + 1000 * MS, START + 1000 * MS, START + 2000 * MS];
    assert_eq!(starts, expected);
}

#[test]
fn back_to_back_clients_send_after_each_answer() {
    let one = run_lab(
        &LabOptions::default(),
        1,
        Arrival::BackToBack { concurrency: 1 },
        10,
    );
    for pair in one.requests.windows(2) {
        assert_eq!(
            pair[1].start_unix_nano,
            pair[0].end_unix_nano() + BACK_TO_BACK_GAP_NS
        );
        assert_eq!(pair[1].index, pair[0].index + 1);
    }
    let four = run_lab(
        &LabOptions::default(),
        1,
        Arrival::BackToBack { concurrency: 4 },
        40,
    );
    let roots: Vec<&Span> = four
        .spans
        .iter()
        .filter(|s| s.parent_span_id.is_none())
        .collect();
    assert_eq!(
        max_overlap(&roots),
        4,
        "four clients, four requests in flight"
    );
    assert_eq!(
        four.requests
            .iter()
            .filter(|r| r.start_unix_nano == START)
            .count(),
        4
    );
}

#[test]
fn fan_out_of_2500_with_heavy_calc_builds_a_10k_span_trace() {
    for mode in [FanOutMode::Sequential, FanOutMode::Parallel] {
        let options = LabOptions {
            heavy_calc: true,
            fan_out: 2500,
            fan_out_mode: mode,
            ..LabOptions::default()
        };
        let run = run_one(&options, 21);
        let traces = Trace::group(run.spans.clone());
        assert_eq!(traces.len(), 1, "{mode:?}");
        assert_eq!(
            traces[0].spans.len(),
            4 + 4 * 2500,
            "{mode:?}: ≥ 10,000 spans in one trace"
        );
        assert_eq!(find(&run.spans, "service-b", SpanKind::Client).len(), 2500);
        assert_eq!(find(&run.spans, "db", SpanKind::Server).len(), 2500);
        assert_eq!(find(&run.spans, "db", SpanKind::Client).len(), 5000);
        assert_eq!(run.requests[0].services[2].invocations, 2500);
        assert_eq!(
            Scenario::lab_with(&options).unwrap().spans_per_request(),
            Ok(10_004)
        );
        assert_strictly_nested(&run.spans);
    }
}

#[test]
fn sequential_fan_out_calls_one_at_a_time_parallel_all_at_once() {
    let seq = LabOptions {
        fan_out: 50,
        fan_out_mode: FanOutMode::Sequential,
        ..LabOptions::default()
    };
    let par = LabOptions {
        fan_out_mode: FanOutMode::Parallel,
        ..seq.clone()
    };
    let seq_run = run_one(&seq, 4);
    let par_run = run_one(&par, 4);
    let seq_calls = find(&seq_run.spans, "service-b", SpanKind::Client);
    let par_calls = find(&par_run.spans, "service-b", SpanKind::Client);
    assert_eq!(
        max_overlap(&seq_calls),
        1,
        "each call waits for the previous answer"
    );
    assert_eq!(max_overlap(&par_calls), 50, "all calls in flight together");
    let b = |run: &SimRun| only(&run.spans, "service-b", SpanKind::Server).duration_nanos();
    // 50 sequential round trips cost at least 50 × 2 × 2 ms of network alone.
    assert!(
        b(&seq_run) > b(&par_run) + 150 * MS,
        "sequential {} vs parallel {}",
        b(&seq_run),
        b(&par_run)
    );
}

#[test]
fn parallel_fan_out_queues_at_a_limited_db() {
    let options = LabOptions {
        fan_out: 40,
        fan_out_mode: FanOutMode::Parallel,
        workers_db: Some(4),
        ..LabOptions::default()
    };
    let run = run_one(&options, 4);
    let db = find(&run.spans, "db", SpanKind::Server);
    assert_eq!(max_overlap(&db), 4);
    let load = run.requests[0].services[2];
    assert_eq!(load.invocations, 40);
    assert!(load.queue_wait_nanos > 0 && load.max_queue_wait_nanos <= load.queue_wait_nanos);
    assert_eq!(
        db.iter().filter(|s| !s.events.is_empty()).count(),
        36,
        "all but the first 4 waited"
    );
}
