//! The pattern detectors (issue 13) on traces built for each one, including traces where it must
//! stay silent, and on simulated lab runs.

mod analysis_support;

use analysis_support::*;
use trace_playground::analysis::analyze;
use trace_playground::analysis::detectors::{
    critical_path_share, detect, error_origin, n_plus_one, queueing, retries, sequential_calls,
    Context, Finding, FindingKind, N_PLUS_ONE_MIN_CALLS,
};
use trace_playground::model::{AttrValue, Event, KeyValue, Span, SpanId, Trace};
use trace_playground::sim::{
    simulate, Arrival, FanOutMode, LabOptions, RunSettings, Scenario, QUEUED_EVENT,
    QUEUE_LENGTH_ATTR, QUEUE_WAIT_ATTR,
};

type Detector = fn(&Context) -> Vec<Finding>;

fn run(detector: Detector, t: &Trace) -> Vec<Finding> {
    let analysis = analyze(t);
    detector(&Context::from_analysis(&t.spans, &analysis))
}

fn ids(f: &Finding) -> Vec<u64> {
    f.span_ids.iter().map(|id| id.0).collect()
}

/// B's `GET /data` (0–1000 ms) calls `target` once per (start, end) in ms: a CLIENT span with a
/// SERVER child in the target service. Call k has client id 100 + k and server id 200 + k.
fn calls(targets: &[(&str, &str, u64, u64)]) -> Vec<Span> {
    let mut spans = vec![server(span(1, None, "service-b", "GET /data", 0, 1000))];
    for (k, &(service, op, start, end)) in targets.iter().enumerate() {
        let k = k as u64;
        spans.push(client(span(
            100 + k,
            Some(1),
            "service-b",
            "GET",
            start,
            end,
        )));
        spans.push(server(span(
            200 + k,
            Some(100 + k),
            service,
            op,
            start + 1,
            end - 1,
        )));
    }
    spans
}

fn sequential_to(service: &str, n: u64) -> Vec<(&str, &'static str, u64, u64)> {
    (0..n)
        .map(|k| (service, "GET /query", 10 + 20 * k, 25 + 20 * k))
        .collect()
}

#[test]
fn n_plus_one_fires_on_sequential_calls_to_one_operation() {
    let t = trace(calls(&sequential_to("db", 6)));
    let found = run(n_plus_one, &t);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, FindingKind::NPlusOne);
    assert_eq!(ids(&found[0]), vec![1, 100, 101, 102, 103, 104, 105]);
    assert_eq!(
        found[0].explanation,
        "service-b GET /data called db GET /query 6 times one after another (115 ms from the \
         first call to the last): the N+1 pattern, where one batched call would do the work of \
         all of them."
    );
    assert_eq!(found[0].nanos, 115 * MS);
}

#[test]
fn n_plus_one_counts_each_target_of_an_interleaved_loop() {
    // item, tags, item, tags, ...: 5 sequential calls to each.
    let loop_calls: Vec<(&str, &str, u64, u64)> = (0..10)
        .map(|k| {
            let op = if k % 2 == 0 { "GET /item" } else { "GET /tags" };
            ("db", op, 10 + 20 * k, 25 + 20 * k)
        })
        .collect();
    let found = run(n_plus_one, &trace(calls(&loop_calls)));
    let targets: Vec<bool> = found
        .iter()
        .map(|f| f.explanation.contains("GET /item"))
        .collect();
    assert_eq!(targets, vec![true, false], "one finding per target");
}

#[rustfmt::skip]
#[test]
fn n_plus_one_stays_silent_without_the_pattern() {
    let below = sequential_to("db", N_PLUS_ONE_MIN_CALLS as u64 - 1);
    let parallel: Vec<(&str, &str, u64, u64)> = (0..8).map(|k| ("db", "GET /query", 10 + k, 100 + k)).collect();
    let different: Vec<(&str, &str, u64, u64)> = ["s1", "s2", "s3", "s4", "s5", "s6"]
        .iter().enumerate().map(|(k, s)| (*s, "GET /x", 10 + 20 * k as u64, 25 + 20 * k as u64)).collect();
    // Six sequential INTERNAL spans are work, not calls.
    let mut internal = vec![server(span(1, None, "service-b", "GET /data", 0, 1000))];
    internal.extend((0..6).map(|k| span(10 + k, Some(1), "service-b", "render", 10 + 20 * k, 25 + 20 * k)));
    let cases: Vec<(&str, Vec<Span>)> = vec![
        ("below the threshold", calls(&below)),
        ("a parallel fan-out overlaps", calls(&parallel)),
        ("six different targets", calls(&different)),
        ("internal work", internal),
    ];
    for (why, spans) in cases {
        assert!(run(n_plus_one, &trace(spans)).is_empty(), "{why}");
    }
}

#[test]
fn sequential_calls_to_different_targets_could_run_in_parallel() {
    let t = trace(calls(&[
        ("auth", "POST /check", 10, 60),
        ("stock", "GET /count", 60, 160),
        ("price", "GET /price", 170, 200),
    ]));
    let found = run(sequential_calls, &t);
    assert_eq!(found.len(), 1);
    assert_eq!(ids(&found[0]), vec![1, 100, 101, 102]);
    assert_eq!(
        found[0].explanation,
        "service-b GET /data made 3 calls one after another to auth POST /check, stock GET \
         /count and price GET /price (180 ms in all); if none needs another's answer, running \
         them in parallel would take about 100 ms, the longest of them."
    );
    assert_eq!(
        found[0].nanos,
        80 * MS,
        "what running them together would save"
    );
}

#[test]
fn sequential_calls_stay_silent_when_calls_overlap_or_share_a_target() {
    let parallel = calls(&[
        ("auth", "POST /check", 10, 60),
        ("stock", "GET /count", 20, 90),
    ]);
    assert!(run(sequential_calls, &trace(parallel)).is_empty());
    let same = calls(&sequential_to("db", 6));
    assert!(
        run(sequential_calls, &trace(same)).is_empty(),
        "N+1's business"
    );
    let one = calls(&[("auth", "POST /check", 10, 60)]);
    assert!(run(sequential_calls, &trace(one)).is_empty());
}

fn waited(mut s: Span, wait_ms: i64, ahead: i64) -> Span {
    s.events.push(Event {
        name: QUEUED_EVENT.into(),
        time_unix_nano: s.start_unix_nano,
        attributes: vec![
            KeyValue::int(QUEUE_WAIT_ATTR, wait_ms * MS as i64),
            KeyValue::int(QUEUE_LENGTH_ATTR, ahead),
        ],
    });
    s
}

#[test]
fn queueing_sums_the_waits_per_service() {
    let mut spans = calls(&[("db", "GET /query", 10, 50), ("db", "GET /query", 60, 90)]);
    spans[0] = waited(spans[0].clone(), 30, 2);
    spans[2] = waited(spans[2].clone(), 5, 1);
    spans[4] = waited(spans[4].clone(), 7, 3);
    let found = run(queueing, &trace(spans));
    let services: Vec<(u64, Vec<u64>)> = found.iter().map(|f| (f.nanos, ids(f))).collect();
    assert_eq!(
        services,
        vec![(30 * MS, vec![1]), (12 * MS, vec![200, 201])]
    );
    assert_eq!(
        found[1].explanation,
        "2 requests to db waited for a free worker, 12 ms in all (longest 7 ms, with up to 3 \
         ahead); the wait shows in the caller's client span, not as work in db."
    );
}

#[test]
fn queueing_stays_silent_without_a_positive_wait() {
    let mut spans = calls(&[("db", "GET /query", 10, 50)]);
    spans[2] = waited(spans[2].clone(), 0, 0);
    assert!(run(queueing, &trace(spans)).is_empty());
    assert!(run(queueing, &lab_trace(true)).is_empty());
}

/// A 503 from the callee on the first `failures` of `attempts` calls to the same URL.
fn attempts(attempts: u64, failures: u64, url: impl Fn(u64) -> String) -> Trace {
    let targets: Vec<(&str, &str, u64, u64)> = (0..attempts)
        .map(|k| ("service-c", "GET /x", 10 + 50 * k, 50 + 50 * k))
        .collect();
    let mut spans = calls(&targets);
    for k in 0..attempts as usize {
        let c = with_attr(
            spans[1 + 2 * k].clone(),
            "http.url",
            AttrValue::Str(url(k as u64).into()),
        );
        spans[1 + 2 * k] = if (k as u64) < failures {
            http_error(c, 503)
        } else {
            c
        };
    }
    trace(spans)
}

#[test]
fn retries_after_failures_are_named() {
    let found = run(retries, &attempts(3, 2, |_| "http://c/x".into()));
    assert_eq!(found.len(), 1);
    assert_eq!(ids(&found[0]), vec![100, 101, 102]);
    assert_eq!(
        found[0].explanation,
        "service-b GET /data called service-c GET /x 3 times in a row because attempts failed \
         (first: HTTP 503) and were retried; the last attempt succeeded, and the retries added \
         100 ms."
    );
    let all_failed = run(retries, &attempts(2, 2, |_| "http://c/x".into()));
    assert!(all_failed[0]
        .explanation
        .contains("the last attempt failed too"));
}

#[test]
fn retries_stay_silent_without_a_failed_repeat_of_the_same_request() {
    let ok = attempts(4, 0, |_| "http://c/x".into());
    assert!(run(retries, &ok).is_empty(), "repeated successful calls");
    let mut last_failed = attempts(2, 1, |_| "http://c/x".into());
    last_failed
        .spans
        .retain(|s| s.span_id != SpanId(101) && s.span_id != SpanId(201));
    assert!(
        run(retries, &last_failed).is_empty(),
        "nothing after the failure"
    );
    let loop_urls = attempts(4, 1, |k| format!("http://c/items/{k}"));
    assert!(
        run(retries, &loop_urls).is_empty(),
        "a loop over items, not a retry"
    );
    let other_target = calls(&[
        ("service-c", "GET /x", 10, 50),
        ("service-d", "GET /y", 60, 90),
    ]);
    let mut other_target = trace(other_target);
    other_target.spans[1] = http_error(other_target.spans[1].clone(), 500);
    assert!(
        run(retries, &other_target).is_empty(),
        "the next call went elsewhere"
    );
}

#[test]
fn the_error_origin_and_the_callers_that_passed_it_on() {
    let spans = vec![
        server(span(1, None, "service-a", "GET /", 0, 100)),
        http_error(client(span(2, Some(1), "service-a", "GET", 5, 95)), 500),
        http_error(
            server(span(3, Some(2), "service-b", "GET /data", 7, 93)),
            500,
        ),
        error_with_message(
            client(span(4, Some(3), "service-b", "SELECT", 10, 20)),
            "disk full",
        ),
        error_with_message(span(5, Some(1), "service-a", "render", 96, 99), "template"),
    ];
    let found = run(error_origin, &trace(spans));
    assert_eq!(found.len(), 1);
    assert_eq!(
        ids(&found[0]),
        vec![4, 3, 2],
        "origin first, then its callers upwards"
    );
    assert_eq!(
        found[0].explanation,
        "The error started in service-b SELECT (disk full), and service-b GET /data and \
         service-a GET only passed it on; 1 other span failed on its own."
    );
    assert!(
        run(error_origin, &lab_trace(true)).is_empty(),
        "no errors, no finding"
    );
}

#[test]
fn the_critical_path_share_of_each_service() {
    let found = run(critical_path_share, &lab_trace(true));
    let shares: Vec<(u64, &str)> = found
        .iter()
        .map(|f| (f.nanos / MS, f.explanation.as_str()))
        .collect();
    assert_eq!(
        shares,
        vec![
            (370, "service-b held up the request for 96 % of its time on the critical path (370 of 384 ms)."),
            (14, "service-a held up the request for 4 % of its time on the critical path (14 of 384 ms)."),
        ]
    );
    assert_eq!(ids(&found[0]), vec![3, 4]);
    assert!(run(critical_path_share, &trace(Vec::new())).is_empty());
}

fn fan_out_trace(mode: FanOutMode) -> Vec<Span> {
    let options = LabOptions {
        fan_out: 10,
        fan_out_mode: mode,
        ..LabOptions::default()
    };
    let scenario = Scenario::lab_with(&options).expect("valid lab");
    let run = simulate(
        &scenario,
        &RunSettings::from(&options),
        3,
        EPOCH,
        Arrival::default(),
        1,
    );
    let mut t = trace(run.expect("valid run").spans);
    t.sort();
    t.spans
}

#[test]
fn n_plus_one_fires_on_the_sequential_fan_out_and_not_the_parallel_one() {
    let sequential = detect(&fan_out_trace(FanOutMode::Sequential));
    let n1: Vec<&Finding> = sequential
        .iter()
        .filter(|f| f.kind == FindingKind::NPlusOne)
        .collect();
    assert_eq!(n1.len(), 1, "{sequential:#?}");
    assert!(n1[0]
        .explanation
        .starts_with("service-b GET /data called db GET /query 10 times"));
    assert!(!sequential
        .iter()
        .any(|f| f.kind == FindingKind::SequentialCalls));
    let parallel = detect(&fan_out_trace(FanOutMode::Parallel));
    assert!(
        !parallel.iter().any(|f| f.kind == FindingKind::NPlusOne),
        "{parallel:#?}"
    );
    assert!(parallel
        .iter()
        .any(|f| f.kind == FindingKind::CriticalPathShare));
}

#[test]
fn an_overloaded_service_shows_queueing() {
    let options = LabOptions {
        workers_b: Some(1),
        ..LabOptions::default()
    };
    let scenario = Scenario::lab_with(&options).expect("valid lab");
    let settings = RunSettings::from(&options);
    let rate = Arrival::Constant { rps: 50.0 };
    let run = simulate(&scenario, &settings, 7, EPOCH, rate, 10).expect("valid run");
    let traces = Trace::group(run.spans);
    let last = traces.last().expect("ten traces");
    let found = detect(&last.spans);
    let q: Vec<&Finding> = found
        .iter()
        .filter(|f| f.kind == FindingKind::Queueing)
        .collect();
    assert_eq!(q.len(), 1);
    assert!(
        q[0].explanation
            .contains(" to service-b waited for a free worker"),
        "{}",
        q[0].explanation
    );
    let first = detect(&traces[0].spans);
    assert!(
        !first.iter().any(|f| f.kind == FindingKind::Queueing),
        "the first request did not wait"
    );
}
