//! Every message a scenario file can get (issue 12, "Errors name the line and column and say
//! what to do"): one row per message, with the position it must name and a part of its text.

use trace_playground::sim::file::{parse_scenario, set_switch, FileError, Format, TextPos};
use trace_playground::sim::{MAX_FAN_OUT, MAX_SERVICES, MAX_SPANS_PER_RUN};

/// A valid two-service file the rows below break one line at a time.
const BASE: &str = "\
services:
  - name: a
    endpoints:
      - route: /
        steps:
          - call: b/data
  - name: b
    endpoints:
      - route: /data
        steps:
          - work: 10ms
";

/// BASE with `from` replaced by `to` (which must be there).
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "BASE has no {from:?}");
    BASE.replacen(from, to, 1)
}

/// BASE with `to` inserted before `at`.
fn before(at: &str, to: &str) -> String {
    edit(at, &format!("{to}{at}"))
}

/// BASE with a top-level section added at the end.
fn with(section: &str) -> String {
    format!("{BASE}{section}")
}

/// b's only step replaced by `step` (a YAML list item at step indentation, lines 11 on).
fn b_step(step: &str) -> String {
    edit("          - work: 10ms\n", step)
}

fn errors(text: &str, format: Format) -> Vec<FileError> {
    match parse_scenario(text, format) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

/// (why, text, line, column, a part of the message)
type Row = (&'static str, String, usize, usize, &'static str);

fn check(rows: Vec<Row>, format: Format) {
    let mut failures = Vec::new();
    for (why, text, line, column, needle) in rows {
        let found = errors(&text, format);
        let hit = found.iter().find(|e| e.message.contains(needle));
        match hit {
            Some(e) if e.at == Some(TextPos { line, column }) => {}
            _ => failures.push(format!(
                "{why}: wanted {line}:{column} {needle:?}, got {:?}",
                found.iter().map(|e| e.to_string()).collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_base_file_is_valid() {
    assert_eq!(errors(BASE, Format::Yaml), Vec::new());
}

#[test]
fn syntax_and_type_errors_name_their_position() {
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("a quote left open (YAML syntax)", edit("b/data", "\"b/data"), 6, 19, "a quote is never closed"),
        ("a tab used to indent", edit("    endpoints:\n      - route: /data", "    endpoints:\n\t- route: /data"), 9, 2, "replace the tab with spaces"),
        ("a colon inside a plain value", edit("- call: b/data", "- call: b/data: now"), 6, 25, "put the value in quotes"),
        ("a key indented too little", edit("        steps:\n          - work", "       steps:\n          - work"), 10, 8, "line it up with them"),
        ("a key written twice", edit("      - route: /data\n", "      - route: /data\n        route: /x\n"), 10, 9, "key `route` appears twice here: keep one"),
        ("unknown key: the nearest one is suggested", before("    endpoints:\n      - route: /data", "    prot: 5001\n"), 8, 5, "unknown key `prot`; did you mean `port`?"),
        ("unknown key with nothing near: the allowed keys are listed", before("    endpoints:\n      - route: /data", "    colour: red\n"), 8, 5, "the keys allowed here are `name`, `port`"),
        ("unknown value of an enum", edit("- call: b/data", "- call: b/data\n            mode: paralel"), 7, 19, "unknown value `paralel`; did you mean `parallel`?"),
        ("missing required key", edit("      - route: /data\n", "      - body: x\n"), 9, 9, "missing key `route`"),
        ("a list where text is expected", edit("- name: b", "- name: [b]"), 7, 11, "expected text here, found a list"),
        ("port out of range", before("    endpoints:\n      - route: /data", "    port: 70000\n"), 8, 11, "expected a whole number from 0 to 65535 here, found integer `70000`"),
        ("unknown time unit", edit("work: 10ms", "work: 10 hours"), 11, 19, "unknown time unit \"hours\""),
        ("not a duration", edit("work: 10ms", "work: fast"), 11, 19, "not a duration"),
        ("a rate without %", before("        steps:\n          - work", "        errors: {rate: 20}\n"), 10, 24, "write the rate as a percentage, like 20%"),
        ("a latency map with a mix of shapes", edit("work: 10ms", "work: {min: 1ms, p99: 5ms}"), 11, 19, "exactly one of"),
        ("workers as a word", before("    endpoints:\n      - route: /data", "    workers: many\n"), 8, 14, "`unlimited`"),
        ("negative workers", before("    endpoints:\n      - route: /data", "    workers: -1\n"), 8, 14, "workers must be a number (1 to 64) or `unlimited`, got -1"),
        ("a rate that is not a number", before("        steps:\n          - work", "        errors: {rate: lots%}\n"), 10, 24, "\"lots%\" is not a percentage"),
        ("a latency written as a list", edit("work: 10ms", "work: [1, 2]"), 11, 19, "expected a latency like 120ms"),
        ("a call target written as a list", edit("call: b/data", "call: [b]"), 6, 19, "expected a target like service/route"),
        ("propagators written as a mapping", before("    endpoints:\n      - route: /data", "    propagators: {a: b}\n"), 8, 18, "expected a list of names"),
        ("a mode written as a mapping", edit("- call: b/data", "- call: b/data\n            mode: {x: 1}"), 7, 19, "expected one word here, not a list or a mapping"),
        ("a closing bracket with no opening", "services: ]\n".into(), 1, 11, "without its opening bracket"),
        ("an alias with no anchor", "services: *nothing\n".into(), 1, 11, "define the anchor first"),
        ("a whole file that is not a mapping", "just text".into(), 1, 1, "expected a scenario (a mapping with a `services` list) here, found string \"just text\""),
    ];
    check(rows, Format::Yaml);
}

#[test]
fn json_errors_name_their_position_too() {
    let json = "{\"services\": [\n  {\"name\": \"a\", \"prot\": 5000, \"endpoints\": [{\"route\": \"/\"}]}\n]}";
    let truncated = "{\"services\": [\n  {\"name\": \"a\"";
    let bad_route =
        "{\"services\": [\n  {\"name\": \"a\", \"endpoints\": [{\"route\": \"x\"}]}\n]}";
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("unknown field, suggested", json.into(), 2, 17, "unknown key `prot`; did you mean `port`?"),
        ("cut short", truncated.into(), 2, 3, "a `[` or `{` is never closed"),
        ("a semantic error is located in JSON as well", bad_route.into(), 2, 32, "a route starts with `/`"),
    ];
    check(rows, Format::Json);
}

#[test]
fn empty_and_oversized_files_are_refused_with_a_reason() {
    let empty = errors("  \n", Format::Yaml);
    assert!(
        empty[0].message.contains("the scenario is empty"),
        "{empty:?}"
    );
    let huge = format!("title: {}\n{BASE}", "x".repeat(2 << 20));
    let too_long = errors(&huge, Format::Yaml);
    assert!(
        too_long[0].message.contains("the limit is 1024 KB"),
        "{too_long:?}"
    );
}

#[test]
fn service_rules() {
    let many: String = (0..=MAX_SERVICES)
        .map(|i| format!("  - name: s{i}\n    endpoints: [{{route: /}}]\n"))
        .collect();
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("no services", "services: []\n".into(), 1, 1, "a scenario needs at least one service"),
        ("a service without a name", edit("- name: b", "- name: \"\""), 7, 5, "a service needs a name"),
        ("a resource attribute without a name", before("    endpoints:\n      - route: /data", "    resource: {\"\": x}\n"), 8, 5, "a resource attribute needs a name"),
        ("more than the limit", format!("services:\n{many}"), 1, 1, "at most 50 services, this one has 51"),
        ("a slash in a name", edit("- name: b", "- name: b/c"), 7, 5, "cannot contain `/`"),
        ("two services, one name", edit("- name: b", "- name: a"), 7, 5, "services[0] is already named `a`"),
        ("two services, one port", edit("- name: b\n", "- name: b\n    port: 5000\n"), 8, 5, "port 5000 is already used by service `a`"),
        ("no workers", before("    endpoints:\n      - route: /data", "    workers: 0\n"), 8, 5, "workers must be between 1 and 64, or `unlimited`; got 0"),
        ("a resource the SDK sets", before("    endpoints:\n      - route: /data", "    resource: {service.name: x}\n"), 8, 16, "`service.name` is set by the simulator"),
        ("an unknown propagator", before("    endpoints:\n      - route: /data", "    propagators: [b3-multi]\n"), 8, 19, "unknown propagator `b3-multi`; did you mean `b3multi`?"),
        ("an empty propagator list", before("    endpoints:\n      - route: /data", "    propagators: []\n"), 8, 5, "list at least one propagator"),
        ("none with others", before("    endpoints:\n      - route: /data", "    propagators: none, b3\n"), 8, 5, "`none` turns propagation off"),
        ("no endpoints", edit("- name: b\n    endpoints:\n      - route: /data\n        steps:\n          - work: 10ms\n", "- name: b\n    endpoints: []\n"), 8, 5, "service `b` has no endpoints"),
        ("a route without /", edit("route: /data", "route: data"), 9, 9, "a route starts with `/`, like `/data`"),
        ("two endpoints, one route", with("      - route: /data\n"), 12, 9, "already has route `/data`"),
        ("a method that does not exist", edit("      - route: /data", "      - method: GRT\n        route: /data"), 9, 9, "unknown HTTP method `GRT`; did you mean `GET`?"),
        ("an error rate above 100%", before("        steps:\n          - work", "        errors: {rate: 120%}\n"), 10, 18, "between 0% and 100%, got 120%"),
        ("an error status that is not HTTP", before("        steps:\n          - work", "        errors: {rate: 5%, status: 700}\n"), 10, 28, "between 100 and 599, got 700"),
        ("the entry does not exist", format!("entry: c/\n{BASE}"), 1, 1, "there is no service named `c`"),
        ("a negative network delay", format!("network_delay: -2ms\n{BASE}"), 1, 1, "network delay must be at least 0"),
        ("an overhead range upside down", format!("overhead: 5ms..1ms\n{BASE}"), 1, 1, "minimum (5 ms) must not be above maximum (1 ms)"),
    ];
    check(rows, Format::Yaml);
}

#[test]
fn step_rules() {
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("a step of no kind", b_step("          - count: 2\n"), 11, 13, "a step needs one of `call`, `work`, `span` or `db`"),
        ("a step of two kinds", b_step("          - work: 1ms\n            span: x\n"), 12, 13, "has both `work` and `span`: split it into two steps"),
        ("an option of another kind", b_step("          - work: 1ms\n            timeout: 1s\n"), 12, 13, "`timeout` applies to call steps, not to a `work` step"),
        ("count 0", edit("- call: b/data", "- call: b/data\n            count: 0"), 7, 13, "count must be between 1 and 25000, got 0"),
        ("count above the fan-out limit", edit("- call: b/data", &format!("- call: b/data\n            count: {}", MAX_FAN_OUT + 1)), 7, 13, "count must be between 1 and 25000"),
        ("a call to a missing service", edit("call: b/data", "call: bb/data"), 6, 13, "there is no service named `bb`; did you mean `b`?"),
        ("a call to a missing route", edit("call: b/data", "call: b/dota"), 6, 13, "service `b` has no route `/dota`; did you mean `/data`?"),
        ("a call to a service of several endpoints", with("      - route: /more\n").replace("call: b/data", "call: b"), 6, 13, "service `b` has 2 endpoints (`/data`, `/more`): name one, like `b/data`"),
        ("a loop, hop by hop", b_step("          - call: a/\n"), 11, 13, "calls loop back to a service already in the request: a GET / → b GET /data → a GET /"),
        ("a service calling itself", b_step("          - call: b/data\n"), 11, 13, "a service calls itself: b GET /data → b GET /data"),
        ("a timeout of 0", edit("- call: b/data", "- call: b/data\n            timeout: 0ms"), 7, 13, "a timeout must be above 0"),
        ("too many retries", edit("- call: b/data", "- call: b/data\n            retries: 11"), 7, 13, "retries must be at most 10, got 11"),
        ("a backoff without retries", edit("- call: b/data", "- call: b/data\n            backoff: 5ms"), 7, 13, "`backoff` is the wait between retries"),
        ("a backoff multiplier below 1", edit("- call: b/data", "- call: b/data\n            retries: 2\n            backoff_multiplier: 0.5"), 8, 13, "backoff_multiplier must be between 1 and 10, got 0.5"),
        ("a uniform latency upside down", edit("work: 10ms", "work: 10ms..5ms"), 11, 13, "minimum (10 ms) must not be above maximum (5 ms)"),
        ("a log-normal with p99 below p50", edit("work: 10ms", "work: {p50: 10ms, p99: 5ms}"), 11, 13, "a log-normal latency needs 0 < p50 ≤ p99"),
        ("a span without a latency", b_step("          - span: calc\n"), 11, 13, "a `span` step needs a `latency`"),
        ("a span attribute without a name", b_step("          - span: calc\n            latency: 1ms\n            attributes: {\"\": 1}\n"), 13, 26, "an attribute needs a name"),
        ("a loop through another endpoint of the same service", edit("- call: b/data", "- call: b/data\n          - call: b/y").replace("          - work: 10ms\n", "          - work: 10ms\n      - route: /y\n        steps: [{call: a/}]\n"), 14, 18, "a GET / → b GET /data, and b GET /y → a GET /"),
        ("a span without a name", b_step("          - span: \"\"\n            latency: 1ms\n"), 11, 13, "a span needs a name"),
        ("an unknown database system", b_step("          - db: SELECT 1\n            system: oracel\n"), 12, 13, "unknown database system `oracel`"),
        ("a host on sqlite", b_step("          - db: SELECT 1\n            host: db\n"), 12, 13, "sqlite has no `host`"),
        ("a Redis database that is not a number", b_step("          - db: GET k\n            system: redis\n            database: main\n"), 13, 13, "a Redis database is a number"),
        ("a query without a statement", b_step("          - db: \" \"\n"), 11, 13, "a query needs its statement"),
    ];
    check(rows, Format::Yaml);
}

#[test]
fn switch_incident_and_traffic_rules() {
    let switch = "switches:\n  - name: slow\n";
    #[rustfmt::skip]
    let rows: Vec<Row> = vec![
        ("a switch that is not declared", b_step("          - work: 1ms\n            when: slwo\n"), 12, 13, "there is no switch named `slwo`; declare it under `switches`"),
        ("a switch name misspelt", format!("{switch}{}", b_step("          - work: 1ms\n            when: slwo\n")), 14, 13, "did you mean `slow`?"),
        ("two switches, one name", format!("{switch}  - name: slow\n{BASE}"), 3, 5, "another switch is already named `slow`"),
        ("a switch without a name", format!("switches:\n  - name: \"\"\n{BASE}"), 2, 5, "a switch needs a name"),
        ("an incident on a missing endpoint", with("incidents:\n  - {target: b/dta, from: 1s, for: 1s, latency: 5ms}\n"), 13, 6, "service `b` has no route `/dta`"),
        ("an incident before the run", with("incidents:\n  - {target: b/data, from: -1s, for: 1s, latency: 5ms}\n"), 13, 22, "an incident's start must be at least 0"),
        ("an incident of no length", with("incidents:\n  - {target: b/data, from: 1s, for: 0s, latency: 5ms}\n"), 13, 32, "an incident's length must be above 0"),
        ("an incident that changes nothing", with("incidents:\n  - {target: b/data, from: 1s, for: 1s}\n"), 13, 5, "an incident changes nothing"),
        ("an incident status without a rate", with("incidents:\n  - {target: b/data, from: 1s, for: 1s, latency: 5ms, status: 503}\n"), 13, 55, "add an `error_rate`"),
        ("a Poisson pattern without a rate", with("traffic: {pattern: poisson}\n"), 12, 1, "the poisson pattern needs `rps`"),
        ("an option of another pattern", with("traffic: {pattern: constant, rps: 5, size: 3}\n"), 12, 38, "`size` does not apply to the constant pattern"),
        ("no requests", with("traffic: {pattern: back-to-back, requests: 0}\n"), 12, 34, "requests must be between 1 and 100000, got 0"),
        ("no clients", with("traffic: {pattern: back-to-back, concurrency: 0}\n"), 12, 34, "concurrency must be between 1 and 10000, got 0"),
        ("a negative rate", with("traffic: {pattern: poisson, rps: -3}\n"), 12, 29, "rps must be a positive number"),
        ("bursts with no interval", with("traffic: {pattern: bursts, size: 5, every: 0ms}\n"), 12, 37, "the interval between bursts must be above 0"),
    ];
    check(rows, Format::Yaml);
}

#[test]
fn the_span_cap_is_checked_per_request_and_per_run() {
    let fan = |count: u32| format!("- call: b/data\n            count: {count}");
    let db_fan = "          - db: SELECT 1\n            count: 10000\n";
    // 10,000 calls to an endpoint of 10,000 queries: 100 million spans in one request.
    let per_request =
        edit("- call: b/data", &fan(10_000)).replace("          - work: 10ms\n", db_fan);
    let found = errors(&per_request, Format::Yaml);
    assert!(
        found[0].message.contains("one request makes up to")
            && found[0].message.contains(&MAX_SPANS_PER_RUN.to_string()),
        "{found:?}"
    );
    assert_eq!(found[0].at, Some(TextPos { line: 1, column: 1 }));
    // 1,001 spans per request × 1,000 requests.
    let per_run = format!(
        "{}traffic: {{pattern: back-to-back, requests: 1000}}\n",
        edit("- call: b/data", &fan(500))
    );
    let found = errors(&per_run, Format::Yaml);
    assert!(
        found[0].message.contains("send at most 999 requests"),
        "{found:?}"
    );
    assert_eq!(
        found[0].at,
        Some(TextPos {
            line: 13,
            column: 34
        })
    );
}

#[test]
fn any_text_gets_an_answer_and_never_a_panic() {
    let deep = format!("services: {}{}", "[".repeat(40), "]".repeat(40));
    #[rustfmt::skip]
    let texts: Vec<String> = vec![
        "\u{0}\u{1}\u{2}".into(), "{{{{".into(), "]]]]".into(), "- - - -".into(), ": : :".into(),
        "&a [*a]".into(), "*nothing".into(), "services: !!binary aGk=".into(), "\u{feff}services: []".into(),
        "services:\n  - {name: a, endpoints: [{route: /, steps: [{call: a/}]}]}".into(), deep,
        String::from_utf8_lossy(&[0xff, 0xfe, b':', b' ', 0x80]).into_owned(),
    ];
    for text in &texts {
        for format in [Format::Yaml, Format::Json] {
            let found = errors(text, format);
            assert!(
                !found.is_empty() && found.iter().all(|e| !e.message.is_empty()),
                "{text:?}: {found:?}"
            );
        }
    }
    let deep_error = &errors(&texts[10], Format::Yaml)[0];
    assert!(
        deep_error.message.contains("nest too deep"),
        "{deep_error:?}"
    );
}

#[test]
fn repeated_steps_cannot_expand_without_bound() {
    // 101 query steps of 10,000 each: refused before anything is built.
    let step = "          - {db: SELECT 1, count: 10000}\n".repeat(101);
    let found = errors(&b_step(&step), Format::Yaml);
    assert!(
        found
            .iter()
            .any(|e| e.message.contains("repeat to 1010000 span and query steps")),
        "{found:?}"
    );
    assert_eq!(found[0].at, Some(TextPos { line: 1, column: 1 }));
}

#[test]
fn every_problem_is_reported_at_once_in_text_order() {
    let text = edit("call: b/data", "call: c/data").replace("work: 10ms", "work: 10ms..1ms");
    let found = errors(&text, Format::Yaml);
    let lines: Vec<usize> = found.iter().filter_map(|e| e.at.map(|a| a.line)).collect();
    assert_eq!(lines, [6, 11], "{found:?}");
}

#[test]
fn switch_edits_report_what_is_missing() {
    let no_such = set_switch(BASE, Format::Yaml, "fast", true).unwrap_err();
    assert!(no_such.message.contains("there is no switch named `fast`"));
    let implicit = format!("switches:\n  - name: slow\n{BASE}");
    let missing = set_switch(&implicit, Format::Yaml, "slow", true).unwrap_err();
    assert!(
        missing
            .message
            .contains("add `enabled: false` to switch `slow`"),
        "{missing}"
    );
    assert_eq!(missing.at, Some(TextPos { line: 2, column: 5 }));
}
