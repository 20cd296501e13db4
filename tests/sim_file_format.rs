//! What each field of a scenario file becomes (issue 12), and what the new step features do
//! when they run: timeouts, retries, parallel calls, latency distributions, database spans,
//! incidents.

use trace_playground::model::{AttrValue, KeyValue, SpanKind, StatusCode};
use trace_playground::sim::file::{parse_scenario, set_switch, to_json, Format, LoadedScenario};
use trace_playground::sim::presets::PRESETS;
use trace_playground::sim::*;

const START: u64 = 1_700_000_000_000_000_000;
const MS: u64 = 1_000_000;

fn yaml(text: &str) -> LoadedScenario {
    parse_scenario(text, Format::Yaml).unwrap_or_else(|e| panic!("{e:?}"))
}

fn run(loaded: &LoadedScenario, seed: u64) -> SimRun {
    let t = loaded.traffic;
    simulate(
        &loaded.scenario,
        &RunSettings::default(),
        seed,
        START,
        t.arrival,
        t.requests,
    )
    .expect("runs")
}

fn attrs(pairs: &[(&'static str, AttrValue)]) -> Vec<KeyValue> {
    pairs
        .iter()
        .map(|(k, v)| KeyValue::new(*k, v.clone()))
        .collect()
}

fn s(v: &'static str) -> AttrValue {
    AttrValue::Str(v.into())
}

#[test]
fn json_and_yaml_describe_the_same_scenario() {
    let json = r#"{
      "title": "The lab",
      "switches": [{"name": "heavy_calc", "enabled": true}],
      "services": [
        {"name": "service-a", "port": 5000, "endpoints": [
          {"route": "/", "body": "Service A got: {downstream}", "steps": [{"call": "service-b/data"}]}]},
        {"name": "service-b", "port": 5001, "endpoints": [
          {"route": "/data", "body": "Data from B", "steps": [
            {"span": "heavy_calc", "latency": "100ms", "when": "heavy_calc"},
            {"work": {"min": 100, "max": 500}}]}]}
      ]
    }"#;
    let loaded = parse_scenario(json, Format::Json).unwrap();
    let options = LabOptions {
        heavy_calc: true,
        ..LabOptions::default()
    };
    assert_eq!(loaded.scenario, Scenario::lab_with(&options).unwrap());
}

#[test]
fn defaults_fill_what_a_file_leaves_out() {
    let loaded = yaml("services:\n  - name: a\n    endpoints: [{route: /}]\n  - name: b\n    endpoints: [{route: /x}]\n");
    let (a, b) = (&loaded.scenario.services[0], &loaded.scenario.services[1]);
    assert_eq!((a.port, b.port), (5000, 5001));
    assert_eq!(
        (a.host.as_ref(), a.address.as_ref()),
        ("localhost", "127.0.0.1")
    );
    assert_eq!(
        (a.server_scope.clone(), a.client_scope.clone()),
        (flask_scope(), requests_scope())
    );
    assert_eq!(a.propagators, Propagator::DEFAULT);
    assert_eq!(a.workers, None);
    assert_eq!(a.endpoints[0].method, "GET");
    assert_eq!(a.endpoints[0].body, "OK");
    assert_eq!(loaded.scenario.entry, Target::new("a", "/"));
    assert_eq!(loaded.scenario.network_delay_ms, 2.0);
    assert_eq!(loaded.scenario.overhead, Latency::uniform(0.1, 0.5));
    assert_eq!(loaded.scenario.client.user_agent, "curl/8.5.0");
    assert_eq!(loaded.traffic.requests, 1);
    assert_eq!(loaded.traffic.arrival, Arrival::default());
    assert_eq!(loaded.title, "Untitled scenario");
}

#[test]
fn every_latency_shape_is_read() {
    #[rustfmt::skip]
    let cases: &[(&str, Latency)] = &[
        ("120", Latency::fixed(120.0)),
        ("1.5s", Latency::fixed(1500.0)),
        ("100ms..500ms", Latency::uniform(100.0, 500.0)),
        ("50ms +/- 10ms", Latency::normal(50.0, 10.0)),
        ("{p50: 20ms, p99: 200ms}", Latency::log_normal(20.0, 200.0)),
        ("{mean: 5ms, sd: 1ms}", Latency::normal(5.0, 1.0)),
        ("{fixed: 3ms}", Latency::fixed(3.0)),
    ];
    for (text, latency) in cases {
        let loaded = yaml(&format!(
            "services:\n  - name: a\n    endpoints: [{{route: /, steps: [{{work: {text}}}]}}]\n"
        ));
        assert_eq!(
            loaded.scenario.services[0].endpoints[0].steps,
            [Step::Work(latency.clone())],
            "{text}"
        );
    }
}

#[test]
fn services_take_resources_scopes_workers_and_propagators() {
    let loaded = yaml(
        "services:\n  - name: a\n    host: api.local\n    address: 10.0.0.5\n    workers: 8\n    \
         resource: {service.version: 1.2.0, replicas: 3, canary: true}\n    \
         instrumentation:\n      server: {name: opentelemetry.instrumentation.django, version: 0.48b0}\n      \
         client: {name: opentelemetry.instrumentation.httpx}\n      user_agent: python-httpx/0.27.0\n    \
         propagators: b3multi, jaeger\n    endpoints: [{route: /, method: POST}]\n",
    );
    let a = &loaded.scenario.services[0];
    assert_eq!(
        (a.host.as_ref(), a.address.as_ref(), a.workers),
        ("api.local", "10.0.0.5", Some(8))
    );
    assert_eq!(a.server_scope.name, "opentelemetry.instrumentation.django");
    assert_eq!(a.client_scope.version, "");
    assert_eq!(a.user_agent, "python-httpx/0.27.0");
    assert_eq!(a.propagators, [Propagator::B3Multi, Propagator::Jaeger]);
    // Sorted by key.
    assert_eq!(
        a.resource_attributes,
        attrs(&[
            ("canary", AttrValue::Bool(true)),
            ("replicas", AttrValue::Int(3)),
            ("service.version", s("1.2.0"))
        ])
    );
    let run = run(&loaded, 1);
    let resource = &run.spans[0].resource;
    assert_eq!(
        resource.attributes.last(),
        Some(&KeyValue::str("service.version", "1.2.0"))
    );
    assert_eq!(
        run.spans[0].scope.name,
        "opentelemetry.instrumentation.django"
    );
    assert_eq!(run.spans[0].name, "POST /");
}

#[test]
fn database_steps_look_like_their_instrumentation() {
    let steps = "          - db: /* app */ SELECT * FROM t WHERE id = %s
            system: postgresql
            database: shop
            user: app
            host: pg
          - db: SET cart:1 '{}' EX 60
            system: redis
            database: '2'
          - db: SELECT 1
            count: 2
";
    let loaded = yaml(&format!(
        "services:\n  - name: a\n    endpoints:\n      - route: /\n        steps:\n{steps}"
    ));
    let spans: Vec<&ManualSpan> = loaded.scenario.services[0].endpoints[0]
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Span(span) => Some(span),
            _ => None,
        })
        .collect();
    assert_eq!(spans.len(), 4, "count: 2 makes two query steps");
    let pg = spans[0];
    assert_eq!((pg.name.as_ref(), pg.kind), ("SELECT", SpanKind::Client));
    assert_eq!(pg.scope.name, "opentelemetry.instrumentation.psycopg2");
    assert_eq!(
        pg.attributes,
        attrs(&[
            ("db.system", s("postgresql")),
            ("db.name", s("shop")),
            ("db.statement", s("/* app */ SELECT * FROM t WHERE id = %s")),
            ("db.user", s("app")),
            ("net.peer.name", s("pg")),
            ("net.peer.port", AttrValue::Int(5432)),
        ])
    );
    let redis = spans[1];
    assert_eq!(redis.name, "SET");
    assert_eq!(
        redis.attributes,
        attrs(&[
            ("db.statement", s("SET ? ? ? ?")),
            ("db.system", s("redis")),
            ("db.redis.database_index", AttrValue::Int(2)),
            ("net.peer.name", s("localhost")),
            ("net.peer.port", AttrValue::Int(6379)),
            ("net.transport", s("ip_tcp")),
            ("db.redis.args_length", AttrValue::Int(5)),
        ])
    );
    assert_eq!(spans[2].scope, sqlite3_scope());
    assert_eq!(spans[2].duration, Latency::uniform(0.2, 1.0));
}

#[test]
fn switches_choose_steps_with_when_and_unless() {
    let text = "switches: [{name: fast, enabled: true}]\nservices:\n  - name: a\n    endpoints:\n      - route: /\n        steps:\n          - {work: 1ms, when: fast}\n          - {work: 9ms, unless: fast}\n";
    let steps = &yaml(text).scenario.services[0].endpoints[0].steps;
    assert_eq!(steps, &[Step::Work(Latency::fixed(1.0))]);
    let off = yaml(&text.replace("enabled: true", "enabled: false"));
    assert_eq!(
        off.scenario.services[0].endpoints[0].steps,
        [Step::Work(Latency::fixed(9.0))]
    );
}

#[test]
fn a_switch_in_a_json_file_is_flipped_in_place() {
    let json = "{\"switches\": [{\"name\": \"fast\", \"enabled\": false}],\n \"services\": [{\"name\": \"a\", \"endpoints\": [{\"route\": \"/\"}]}]}";
    let flipped = set_switch(json, Format::Json, "fast", true).unwrap();
    assert_eq!(flipped, json.replace("false", "true"));
    let loaded = parse_scenario(&flipped, Format::Json).unwrap();
    assert!(loaded.switches[0].enabled);
}

#[test]
fn traffic_patterns_become_arrivals() {
    #[rustfmt::skip]
    let cases: &[(&str, Arrival, u32)] = &[
        ("{pattern: back-to-back, concurrency: 4, requests: 40}", Arrival::BackToBack { concurrency: 4 }, 40),
        ("{pattern: constant, rps: 20}", Arrival::Constant { rps: 20.0 }, 1),
        ("{pattern: poisson, rps: 8, requests: 100}", Arrival::Poisson { rps: 8.0 }, 100),
        ("{pattern: bursts, size: 5, every: 1s, requests: 50}", Arrival::Bursts { size: 5, interval_ms: 1000.0 }, 50),
    ];
    for (text, arrival, requests) in cases {
        let loaded = yaml(&format!(
            "traffic: {text}\nservices: [{{name: a, endpoints: [{{route: /}}]}}]\n"
        ));
        assert_eq!(
            (loaded.traffic.arrival, loaded.traffic.requests),
            (*arrival, *requests),
            "{text}"
        );
    }
}

/// a calls b with a 50 ms timeout; b's work is `b_work`.
fn timed_call(b_work: &str, extra: &str) -> LoadedScenario {
    yaml(&format!(
        "services:\n  - name: a\n    endpoints:\n      - route: /\n        steps:\n          - call: b/data\n            timeout: 50ms\n{extra}  - name: b\n    endpoints:\n      - route: /data\n        steps: [{{work: {b_work}}}]\n"
    ))
}

#[test]
fn an_answer_within_the_timeout_is_an_ordinary_call() {
    let run = run(&timed_call("10ms", ""), 2);
    assert_eq!(run.spans.len(), 3);
    assert!(run
        .spans
        .iter()
        .all(|s| s.status.code == StatusCode::Unset && s.events.is_empty()));
    assert_eq!(run.requests[0].status_code, 200);
}

#[test]
fn a_timeout_without_retries_fails_the_caller_with_its_exception() {
    let run = run(&timed_call("80ms", ""), 2);
    let client = run
        .spans
        .iter()
        .find(|s| s.kind == SpanKind::Client)
        .unwrap();
    assert_eq!(client.end_unix_nano - client.start_unix_nano, 50 * MS);
    assert_eq!(
        client.status.message,
        "ReadTimeout: HTTPConnectionPool(host='localhost', port=5001): Read timed out. (read timeout=0.05)"
    );
    // The callee does not know: its SERVER span runs on past the client's and is in the trace.
    let server_b = run.spans.iter().find(|s| s.service_name() == "b").unwrap();
    assert!(server_b.end_unix_nano > client.end_unix_nano);
    assert_eq!(server_b.status.code, StatusCode::Unset);
    assert_eq!(run.requests[0].status_code, 500);
    assert_eq!(run.requests[0].body, "Internal Server Error");
}

#[test]
fn stable_semconv_names_the_timeout_in_error_type() {
    let loaded = timed_call("80ms", "");
    let settings = RunSettings {
        semconv: SemConv::Http,
        ..RunSettings::default()
    };
    let run = simulate(&loaded.scenario, &settings, 2, START, Arrival::default(), 1).unwrap();
    let client = run
        .spans
        .iter()
        .find(|s| s.kind == SpanKind::Client)
        .unwrap();
    assert_eq!(client.attr("error.type"), Some(&s("ReadTimeout")));
    assert!(client.attr("http.response.status_code").is_none());
}

#[test]
fn a_5xx_is_retried_and_a_success_ends_the_retries() {
    // b fails for the first 30 ms of the run, then answers: the retry after 40 ms succeeds.
    let text = "services:\n  - name: a\n    endpoints:\n      - route: /\n        steps:\n          - {call: b/data, retries: 3, backoff: 40ms}\n  - name: b\n    endpoints:\n      - route: /data\n        steps: [{work: 1ms}]\nincidents:\n  - {target: b/data, from: 0s, for: 30ms, error_rate: 100%, status: 503}\n";
    let run = run(&yaml(text), 4);
    let mut clients: Vec<_> = run
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Client)
        .collect();
    clients.sort_by_key(|s| s.start_unix_nano);
    assert_eq!(clients.len(), 2);
    assert_eq!(
        clients[0].attr("http.status_code"),
        Some(&AttrValue::Int(503))
    );
    assert_eq!(
        clients[1].attr("http.status_code"),
        Some(&AttrValue::Int(200))
    );
    assert_eq!(
        clients[1].start_unix_nano - clients[0].end_unix_nano,
        40 * MS
    );
    assert_eq!(run.requests[0].status_code, 200);
    assert_eq!(run.requests[0].body, "OK");
}

#[test]
fn parallel_calls_with_timeouts_retry_each_branch_on_its_own() {
    let loaded = timed_call(
        "80ms",
        "            count: 3\n            mode: parallel\n            retries: 1\n",
    );
    let run = run(&loaded, 6);
    let clients: Vec<_> = run
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Client)
        .collect();
    assert_eq!(clients.len(), 6, "3 branches × 2 attempts");
    let first_wave: Vec<u64> = clients
        .iter()
        .map(|s| s.start_unix_nano)
        .filter(|t| *t < START + 10 * MS)
        .collect();
    assert_eq!(
        first_wave.len(),
        3,
        "the three first attempts start together"
    );
    assert_eq!(run.requests[0].services[1].invocations, 6);
}

#[test]
fn normal_and_log_normal_work_have_their_spread_in_a_run() {
    let text = |latency: &str| {
        format!("traffic: {{pattern: back-to-back, requests: 2000}}\nnetwork_delay: 0ms\noverhead: 0ms\nservices: [{{name: a, endpoints: [{{route: /, steps: [{{work: {latency}}}]}}]}}]\n")
    };
    let durations = |latency: &str| {
        let mut d: Vec<f64> = run(&yaml(&text(latency)), 9)
            .requests
            .iter()
            .map(|r| r.duration_nanos as f64 / 1e6)
            .collect();
        d.sort_by(f64::total_cmp);
        d
    };
    let normal = durations("100ms +/- 10ms");
    let mean = normal.iter().sum::<f64>() / normal.len() as f64;
    assert!((mean - 100.0).abs() < 1.5, "{mean}");
    assert!(normal[0] < 80.0 && normal[normal.len() - 1] > 120.0);
    let log_normal = durations("{p50: 20ms, p99: 200ms}");
    let p50 = log_normal[log_normal.len() / 2];
    let p99 = log_normal[log_normal.len() * 99 / 100];
    assert!((17.0..23.0).contains(&p50), "{p50}");
    assert!((120.0..320.0).contains(&p99), "{p99}");
}

#[test]
fn presets_can_be_rewritten_as_json() {
    // Every preset's YAML, written out as JSON, parses into the same scenario: the two formats
    // share one set of types.
    for p in PRESETS {
        let json = to_json(p.text, Format::Yaml).unwrap();
        let from_json =
            parse_scenario(&json, Format::Json).unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
        assert_eq!(from_json, p.load().unwrap(), "{}", p.id);
    }
}
