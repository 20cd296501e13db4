//! Bad configuration is a typed error with a clear message, never a panic.

mod sim_support;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sim_support::*;
use trace_playground::sim::*;

fn lab(edit: impl FnOnce(&mut LabOptions)) -> LabOptions {
    let mut options = LabOptions::default();
    edit(&mut options);
    options
}

#[rustfmt::skip]
fn bad_options() -> Vec<(LabOptions, &'static str, &'static str)> {
    vec![
        (lab(|o| o.error_rate_percent = -1.0), "error rate", "rate below 0"),
        (lab(|o| o.error_rate_percent = 100.5), "error rate", "rate above 100"),
        (lab(|o| o.error_rate_percent = f64::NAN), "error rate", "NaN rate"),
        (lab(|o| o.network_delay_ms = -2.0), "network delay", "negative delay"),
        (lab(|o| o.network_delay_ms = f64::INFINITY), "network delay", "infinite delay"),
        (lab(|o| o.workers_a = Some(0)), "workers", "zero workers"),
        (lab(|o| o.workers_b = Some(65)), "workers", "more than 64 workers"),
        (lab(|o| o.workers_db = Some(0)), "workers", "zero db workers"),
        (lab(|o| o.fan_out = 25_001), "fan-out", "fan-out above 25,000"),
    ]
}

#[test]
fn bad_lab_options_are_refused_with_a_clear_message() {
    for (options, mentions, why) in bad_options() {
        let error = Scenario::lab_with(&options).expect_err(why);
        let message = error.to_string();
        assert!(
            message.contains(mentions),
            "{why}: {message:?} should mention {mentions:?}"
        );
    }
}

#[rustfmt::skip]
fn bad_scenarios() -> Vec<(Scenario, ConfigError, &'static str)> {
    let edit = |f: &dyn Fn(&mut Scenario)| { let mut s = Scenario::lab(); f(&mut s); s };
    let b_work = |latency: Latency| edit(&move |s: &mut Scenario| s.services[1].endpoints[0].steps = vec![Step::Work(latency.clone())]);
    vec![
        (edit(&|s| s.services.clear()), ConfigError::EmptyScenario("it has no services".into()), "no services"),
        (edit(&|s| s.services[1].endpoints.clear()), ConfigError::EmptyScenario("service \"service-b\" has no endpoints".into()), "no endpoints"),
        (edit(&|s| s.services[1].name = "service-a".into()), ConfigError::DuplicateService("service-a".into()), "two services, one name"),
        (edit(&|s| s.entry.service = "nope".into()), ConfigError::UnknownService { from: "the entry point".into(), service: "nope".into() }, "missing entry service"),
        (edit(&|s| s.entry.route = "/x".into()), ConfigError::UnknownEndpoint { from: "the entry point".into(), service: "service-a".into(), route: "/x".into() }, "missing entry route"),
        (edit(&|s| s.services.truncate(1)), ConfigError::UnknownService { from: "service-a GET /".into(), service: "service-b".into() }, "call to a missing service"),
        (edit(&|s| s.services[1].endpoints[0].route = "/other".into()), ConfigError::UnknownEndpoint { from: "service-a GET /".into(), service: "service-b".into(), route: "/data".into() }, "call to a missing endpoint"),
        (b_work(Latency::uniform(-1.0, 5.0)), ConfigError::Latency { what: "work of service-b GET /data".into(), ms: -1.0 }, "negative latency"),
        (b_work(Latency::uniform(10.0, 5.0)), ConfigError::LatencyRange { what: "work of service-b GET /data".into(), min_ms: 10.0, max_ms: 5.0 }, "min above max"),
        (b_work(Latency::fixed(f64::INFINITY)), ConfigError::Latency { what: "work of service-b GET /data".into(), ms: f64::INFINITY }, "infinite latency"),
        (edit(&|s| s.network_delay_ms = -0.5), ConfigError::NetworkDelay(-0.5), "negative network delay"),
        (edit(&|s| s.overhead = Latency::uniform(2.0, 1.0)), ConfigError::LatencyRange { what: "handler overhead".into(), min_ms: 2.0, max_ms: 1.0 }, "overhead min above max"),
        (edit(&|s| s.services[0].workers = Some(0)), ConfigError::Workers { service: "service-a".into(), workers: 0 }, "zero workers"),
        (edit(&|s| s.services[1].endpoints[0].error = Some(ErrorRule { rate_percent: 120.0, status: 500, body: "".into() })), ConfigError::ErrorRate { endpoint: "service-b GET /data".into(), percent: 120.0 }, "rate above 100"),
        (edit(&|s| s.services[1].endpoints[0].error = Some(ErrorRule { rate_percent: 10.0, status: 700, body: "".into() })), ConfigError::HttpStatus { endpoint: "service-b GET /data".into(), status: 700 }, "not an HTTP status"),
        (edit(&|s| s.services[1].endpoints[0].steps.push(Step::Call(Call { target: Target::new("service-a", "/"), count: 1, mode: FanOutMode::Sequential }))), ConfigError::CallCycle("services service-a, service-b call each other in a loop".into()), "A → B → A"),
        (edit(&|s| s.services[1].endpoints.push(Endpoint { method: "GET".into(), route: "/data".into(), steps: vec![], body: "".into(), error: None })), ConfigError::DuplicateEndpoint { service: "service-b".into(), route: "/data".into() }, "two endpoints, one route"),
    ]
}

#[test]
fn bad_scenarios_are_refused_with_typed_errors() {
    for (scenario, expected, why) in bad_scenarios() {
        assert_eq!(scenario.validate(), Err(expected.clone()), "{why}");
        let run = Simulation::new(
            &scenario,
            &RunSettings::default(),
            1,
            START,
            Arrival::default(),
            1,
        );
        assert_eq!(
            run.err(),
            Some(expected.clone()),
            "{why}: Simulation::new checks too"
        );
        assert!(!expected.to_string().is_empty());
    }
}

#[test]
fn a_service_calling_itself_is_a_cycle() {
    let mut scenario = Scenario::lab();
    scenario.services[0].endpoints.push(Endpoint {
        method: "GET".into(),
        route: "/self".into(),
        steps: vec![],
        body: "".into(),
        error: None,
    });
    scenario.services[0].endpoints[0]
        .steps
        .push(Step::Call(Call {
            target: Target::new("service-a", "/self"),
            count: 1,
            mode: FanOutMode::Sequential,
        }));
    // With a worker limit this could deadlock; the engine refuses it outright.
    assert!(matches!(
        scenario.validate(),
        Err(ConfigError::CallCycle(_))
    ));
}

#[rustfmt::skip]
fn bad_runs() -> Vec<(RunSettings, Arrival, u32, ConfigError, &'static str)> {
    let ratio = |r: f64| RunSettings { sampling_ratio: r, ..RunSettings::default() };
    let ok = RunSettings::default();
    vec![
        (ratio(-0.1), Arrival::default(), 1, ConfigError::SamplingRatio(-0.1), "ratio below 0"),
        (ratio(1.5), Arrival::default(), 1, ConfigError::SamplingRatio(1.5), "ratio above 1"),
        (ok.clone(), Arrival::default(), 0, ConfigError::Requests(0), "no requests"),
        (ok.clone(), Arrival::default(), 100_001, ConfigError::Requests(100_001), "too many requests"),
        (ok.clone(), Arrival::Constant { rps: 0.0 }, 5, ConfigError::ArrivalRate(0.0), "zero rate"),
        (ok.clone(), Arrival::Poisson { rps: -3.0 }, 5, ConfigError::ArrivalRate(-3.0), "negative rate"),
        (ok.clone(), Arrival::Constant { rps: f64::INFINITY }, 5, ConfigError::ArrivalRate(f64::INFINITY), "infinite rate"),
        (ok.clone(), Arrival::BackToBack { concurrency: 0 }, 5, ConfigError::Concurrency(0), "no clients"),
        (ok.clone(), Arrival::Bursts { size: 0, interval_ms: 10.0 }, 5, ConfigError::BurstSize(0), "empty bursts"),
        (ok.clone(), Arrival::Bursts { size: 2, interval_ms: 0.0 }, 5, ConfigError::BurstInterval(0.0), "no interval"),
    ]
}

#[test]
fn bad_run_settings_and_arrivals_are_refused() {
    for (settings, arrival, requests, expected, why) in bad_runs() {
        let result = Simulation::new(&Scenario::lab(), &settings, 1, START, arrival, requests);
        assert_eq!(result.err(), Some(expected.clone()), "{why}");
        assert_eq!(
            simulate(&Scenario::lab(), &settings, 1, START, arrival, requests).err(),
            Some(expected),
            "{why}"
        );
    }
    let nan = RunSettings {
        sampling_ratio: f64::NAN,
        ..RunSettings::default()
    };
    let refused = Simulation::new(&Scenario::lab(), &nan, 1, START, Arrival::default(), 1);
    assert!(
        matches!(refused, Err(ConfigError::SamplingRatio(r)) if r.is_nan()),
        "NaN ratio"
    );
}

#[test]
fn runs_too_big_for_memory_are_refused_before_they_start() {
    let scenario = Scenario::lab_with(&lab(|o| o.fan_out = 10_000)).unwrap();
    let refused = Simulation::new(
        &scenario,
        &RunSettings::default(),
        1,
        START,
        Arrival::default(),
        25,
    );
    assert_eq!(
        refused.err(),
        Some(ConfigError::TooManySpans {
            estimated: 25 * 40_003,
            limit: MAX_SPANS_PER_RUN
        })
    );
    let one = Simulation::new(
        &scenario,
        &RunSettings::default(),
        1,
        START,
        Arrival::default(),
        1,
    );
    assert!(one.is_ok(), "the largest fan-out is fine for one request");
}

#[test]
fn limits_themselves_are_accepted() {
    #[rustfmt::skip]
    let edges = [
        lab(|o| { o.random_500s = true; o.error_rate_percent = 0.0 }),
        lab(|o| { o.random_500s = true; o.error_rate_percent = 100.0 }),
        lab(|o| { o.workers_a = Some(1); o.workers_b = Some(64) }),
        lab(|o| o.network_delay_ms = 0.0),
        lab(|o| { o.sampler = SamplerKind::TraceIdRatio; o.sampling_ratio = 0.0 }),
        lab(|o| { o.sampler = SamplerKind::TraceIdRatio; o.sampling_ratio = 1.0 }),
    ];
    for options in edges {
        let run = run_lab(&options, 1, Arrival::default(), 3);
        assert_eq!(run.requests.len(), 3, "{options:?}");
    }
    let max = Simulation::new(
        &Scenario::lab(),
        &RunSettings::default(),
        1,
        START,
        Arrival::default(),
        MAX_REQUESTS,
    );
    assert!(max.is_ok());
}

/// A float that is sometimes out of range or not finite, usually in 0–100, sometimes huge.
fn wild(rng: &mut StdRng) -> f64 {
    match rng.random_range(0..24) {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => -rng.random::<f64>() * 1e6,
        4 => rng.random::<f64>() * 1e12,
        5 => 0.0,
        _ => rng.random::<f64>() * 100.0,
    }
}

fn wild_workers(rng: &mut StdRng) -> Option<u32> {
    match rng.random_range(0..24) {
        0 => Some(0),
        1 => Some(rng.random()),
        2 => Some(rng.random_range(60..=70)),
        3..=10 => Some(rng.random_range(1..=3)),
        _ => None,
    }
}

#[test]
fn random_options_never_panic() {
    let mut rng = StdRng::seed_from_u64(2024);
    let (mut ran, mut refused) = (0, 0);
    for seed in 0..600u64 {
        let options = LabOptions {
            heavy_calc: rng.random(),
            random_500s: rng.random(),
            error_rate_percent: wild(&mut rng),
            semconv: [SemConv::Legacy, SemConv::Http, SemConv::HttpDup][rng.random_range(0..3)],
            sampler: [
                SamplerKind::AlwaysOn,
                SamplerKind::TraceIdRatio,
                SamplerKind::ParentBasedAlwaysOff,
            ][rng.random_range(0..3)],
            sampling_ratio: wild(&mut rng) / 100.0,
            propagate: rng.random(),
            network_delay_ms: wild(&mut rng),
            workers_a: wild_workers(&mut rng),
            workers_b: wild_workers(&mut rng),
            workers_db: wild_workers(&mut rng),
            fan_out: [0, 0, 0, 0, 1, 3, 500, 20_000][rng.random_range(0..8)],
            fan_out_mode: if rng.random() {
                FanOutMode::Parallel
            } else {
                FanOutMode::Sequential
            },
        };
        let arrival = match rng.random_range(0..4) {
            0 => Arrival::BackToBack {
                concurrency: rng.random_range(0..=5),
            },
            1 => Arrival::Constant {
                rps: wild(&mut rng),
            },
            2 => Arrival::Poisson {
                rps: wild(&mut rng),
            },
            _ => Arrival::Bursts {
                size: rng.random_range(0..=4),
                interval_ms: wild(&mut rng),
            },
        };
        let requests = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 200_000][rng.random_range(0..12)];
        let outcome = Scenario::lab_with(&options).and_then(|scenario| {
            let settings = RunSettings::from(&options);
            simulate(&scenario, &settings, seed, rng.random(), arrival, requests)
        });
        match outcome {
            Ok(run) => {
                ran += 1;
                assert_eq!(run.requests.len() as u32, requests);
                assert_eq!(run.sampled + run.dropped, requests);
            }
            Err(error) => {
                refused += 1;
                assert!(!error.to_string().is_empty());
            }
        }
    }
    assert!(
        ran > 100 && refused > 100,
        "both paths exercised: {ran} ran, {refused} refused"
    );
}
