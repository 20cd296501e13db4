//! HTTP attributes and instrumentation scopes under each `OTEL_SEMCONV_STABILITY_OPT_IN` mode,
//! in the order the Python instrumentations set them: OpenTelemetry Python 1.45.1 with contrib
//! 0.66b1, pinned to what a capture of the lab's services shows (issues 4 and 11).

mod sim_support;

use sim_support::*;
use trace_playground::model::SpanKind;
use trace_playground::sim::*;

#[rustfmt::skip]
const LEGACY_SERVER: &[&str] = &[
    "http.method", "http.server_name", "http.scheme", "net.host.name", "http.host",
    "net.host.port", "http.target", "net.peer.ip", "net.peer.port", "http.user_agent",
    "http.flavor", "http.route", "http.status_code",
];
#[rustfmt::skip]
const STABLE_SERVER: &[&str] = &[
    "http.request.method", "url.scheme", "server.address", "server.port", "url.path",
    "client.address", "client.port", "user_agent.original", "network.protocol.version",
    "http.route", "http.response.status_code",
];
#[rustfmt::skip]
const DUP_SERVER: &[&str] = &[
    "http.method", "http.request.method", "http.server_name", "http.scheme", "url.scheme",
    "net.host.name", "server.address", "http.host", "net.host.port", "server.port",
    "http.target", "url.path", "net.peer.ip", "client.address", "net.peer.port", "client.port",
    "http.user_agent", "user_agent.original", "http.flavor", "network.protocol.version",
    "http.route", "http.status_code", "http.response.status_code",
];
#[rustfmt::skip]
const LEGACY_CLIENT: &[&str] = &["http.method", "http.url", "user_agent.original", "http.status_code"];
#[rustfmt::skip]
const STABLE_CLIENT: &[&str] = &[
    "http.request.method", "url.full", "user_agent.original", "server.address",
    "network.peer.address", "server.port", "network.peer.port", "http.response.status_code",
    "network.protocol.version",
];
#[rustfmt::skip]
const DUP_CLIENT: &[&str] = &[
    "http.method", "http.request.method", "http.url", "url.full", "user_agent.original",
    "server.address", "network.peer.address", "server.port", "network.peer.port",
    "http.status_code", "http.response.status_code", "network.protocol.version",
];

#[rustfmt::skip]
const KEY_CASES: &[(SemConv, SpanKind, &[&str], &str)] = &[
    (SemConv::Legacy,  SpanKind::Server, LEGACY_SERVER, "legacy (default): pre-1.21 names only"),
    (SemConv::Http,    SpanKind::Server, STABLE_SERVER, "http: stable names only, with client.port"),
    (SemConv::HttpDup, SpanKind::Server, DUP_SERVER,    "http/dup: old then stable, setter by setter"),
    (SemConv::Legacy,  SpanKind::Client, LEGACY_CLIENT, "legacy client: method, url, status (+ user agent)"),
    (SemConv::Http,    SpanKind::Client, STABLE_CLIENT, "stable client: url.full, server.* and network.peer.*, version after the response"),
    (SemConv::HttpDup, SpanKind::Client, DUP_CLIENT,    "dup client: both modes' keys"),
];

#[test]
fn attribute_keys_match_each_semconv_mode() {
    for (semconv, kind, expected, why) in KEY_CASES {
        let options = LabOptions {
            semconv: *semconv,
            ..LabOptions::default()
        };
        let run = run_one(&options, 2);
        for service in ["service-a", "service-b"] {
            let spans = find(&run.spans, service, *kind);
            if *kind == SpanKind::Client && service == "service-b" {
                assert!(spans.is_empty(), "B makes no calls");
                continue;
            }
            assert_eq!(keys(spans[0]), *expected, "{why} ({service})");
        }
    }
}

#[rustfmt::skip]
const ERROR_TYPE_CASES: &[(SemConv, bool, &str)] = &[
    (SemConv::Legacy,  false, "legacy has no error.type"),
    (SemConv::Http,    true,  "stable: error.type = \"500\" on B's server and A's client"),
    (SemConv::HttpDup, true,  "dup includes the stable error.type"),
];

#[test]
fn error_type_is_the_status_code_in_stable_modes() {
    for (semconv, present, why) in ERROR_TYPE_CASES {
        let options = LabOptions {
            semconv: *semconv,
            random_500s: true,
            error_rate_percent: 100.0,
            ..LabOptions::default()
        };
        let run = run_one(&options, 2);
        let expected = present.then_some("500");
        assert_eq!(
            str_attr(
                only(&run.spans, "service-b", SpanKind::Server),
                "error.type"
            ),
            expected,
            "{why}"
        );
        assert_eq!(
            str_attr(
                only(&run.spans, "service-a", SpanKind::Client),
                "error.type"
            ),
            expected,
            "{why}"
        );
        let a_server = only(&run.spans, "service-a", SpanKind::Server);
        assert_eq!(
            str_attr(a_server, "error.type"),
            None,
            "{why}: A answered 200"
        );
        let b_keys = keys(only(&run.spans, "service-b", SpanKind::Server));
        if *present {
            assert_eq!(
                b_keys.last(),
                Some(&"error.type"),
                "{why}: set with the status"
            );
        }
    }
}

#[rustfmt::skip]
const VALUES: &[(&str, SpanKind, &str, &str, &str)] = &[
    ("service-a", SpanKind::Server, "http.user_agent",  "curl/8.5.0",                 "the learner's curl"),
    ("service-a", SpanKind::Server, "http.host",        "localhost:5000",             "Host header as sent"),
    ("service-a", SpanKind::Server, "net.host.name",    "localhost:5000",             "WSGI copies HTTP_HOST"),
    ("service-a", SpanKind::Server, "http.server_name", "127.0.0.1",                  "Flask's dev server binds 127.0.0.1"),
    ("service-a", SpanKind::Server, "net.peer.ip",      "127.0.0.1",                  "everything runs on localhost"),
    ("service-a", SpanKind::Server, "http.flavor",      "1.1",                        "HTTP/1.1"),
    ("service-a", SpanKind::Server, "http.scheme",      "http",                       "no TLS in the lab"),
    ("service-a", SpanKind::Server, "http.target",      "/",                          "path of A's route"),
    ("service-a", SpanKind::Client, "http.url",         "http://localhost:5001/data", "the URL A's code requests"),
    ("service-a", SpanKind::Client, "user_agent.original", "python-requests/2.32.3", "requests' User-Agent"),
    ("service-b", SpanKind::Server, "http.user_agent",  "python-requests/2.32.3",     "B is called by requests"),
    ("service-b", SpanKind::Server, "http.route",       "/data",                      "Flask's url_rule"),
    ("service-b", SpanKind::Server, "http.host",        "localhost:5001",             "B's Host header"),
    ("service-b", SpanKind::Server, "http.method",      "GET",                        "method"),
];

#[test]
fn legacy_values_are_the_ones_a_real_capture_shows() {
    let run = run_one(&LabOptions::default(), 6);
    for (service, kind, key, value, why) in VALUES {
        assert_eq!(
            str_attr(only(&run.spans, service, *kind), key),
            Some(*value),
            "{key}: {why}"
        );
    }
    let a = only(&run.spans, "service-a", SpanKind::Server);
    let b = only(&run.spans, "service-b", SpanKind::Server);
    assert_eq!(int_attr(a, "net.host.port"), Some(5000));
    assert_eq!(int_attr(b, "net.host.port"), Some(5001));
    for span in [a, b] {
        let port = int_attr(span, "net.peer.port").unwrap();
        assert!(
            (32768..=60999).contains(&port),
            "ephemeral client port, got {port}"
        );
    }
}

#[test]
fn stable_values_split_host_and_port_on_the_client() {
    let options = LabOptions {
        semconv: SemConv::Http,
        ..LabOptions::default()
    };
    let run = run_one(&options, 6);
    let client = only(&run.spans, "service-a", SpanKind::Client);
    assert_eq!(
        str_attr(client, "url.full"),
        Some("http://localhost:5001/data")
    );
    assert_eq!(str_attr(client, "server.address"), Some("localhost"));
    assert_eq!(int_attr(client, "server.port"), Some(5001));
    assert_eq!(int_attr(client, "http.response.status_code"), Some(200));
    assert_eq!(
        str_attr(client, "network.peer.address"),
        Some("localhost"),
        "requests sets the URL's host name, not a resolved IP"
    );
    assert_eq!(int_attr(client, "network.peer.port"), Some(5001));
    let server = only(&run.spans, "service-b", SpanKind::Server);
    let port = int_attr(server, "client.port").unwrap();
    assert!(
        (32768..=60999).contains(&port),
        "client.port is the caller's ephemeral port, got {port}"
    );
    assert_eq!(str_attr(server, "url.path"), Some("/data"));
    assert_eq!(str_attr(server, "client.address"), Some("127.0.0.1"));
    assert_eq!(
        str_attr(server, "user_agent.original"),
        Some("python-requests/2.32.3")
    );
    assert_eq!(str_attr(server, "network.protocol.version"), Some("1.1"));
}

#[test]
fn db_spans_carry_database_attributes_in_every_http_mode() {
    for semconv in [SemConv::Legacy, SemConv::Http, SemConv::HttpDup] {
        let options = LabOptions {
            semconv,
            fan_out: 1,
            ..LabOptions::default()
        };
        let run = run_one(&options, 6);
        let queries = find(&run.spans, "db", SpanKind::Client);
        assert_eq!(queries.len(), 2, "{semconv:?}: item and its tags");
        for q in queries {
            assert_eq!(q.name, "SELECT");
            assert_eq!(q.scope.name, "opentelemetry.instrumentation.sqlite3");
            assert_eq!(
                keys(q),
                ["db.system", "db.name", "db.statement"],
                "{semconv:?}"
            );
            assert_eq!(str_attr(q, "db.system"), Some("sqlite"));
        }
        let b_call = only(&run.spans, "service-b", SpanKind::Client);
        assert!(b_call
            .attributes
            .iter()
            .any(|kv| kv.value.to_string() == "http://localhost:5002/query"));
    }
}

#[test]
fn dup_reports_one_peer_port_under_both_names() {
    let options = LabOptions {
        semconv: SemConv::HttpDup,
        ..LabOptions::default()
    };
    let run = run_one(&options, 6);
    for service in ["service-a", "service-b"] {
        let server = only(&run.spans, service, SpanKind::Server);
        let old = int_attr(server, "net.peer.port");
        assert!(old.is_some(), "{service}: legacy key present");
        assert_eq!(old, int_attr(server, "client.port"), "{service}: same port");
    }
}

const LEGACY_SCHEMA: &str = "https://opentelemetry.io/schemas/1.11.0";
const HTTP_SCHEMA: &str = "https://opentelemetry.io/schemas/1.21.0";

/// `_get_schema_url` in contrib's `_semconv.py`: 1.11.0 for the default mode, 1.21.0 for any
/// mode that reports the stable names (`http` and `http/dup`). The DB-API (sqlite3) tracer
/// names 1.11.0 in every mode. `heavy_calc`'s `__main__` tracer names none.
#[rustfmt::skip]
const SCOPE_CASES: &[(SemConv, &str, &str)] = &[
    (SemConv::Legacy,  "opentelemetry.instrumentation.flask",    LEGACY_SCHEMA),
    (SemConv::Legacy,  "opentelemetry.instrumentation.requests", LEGACY_SCHEMA),
    (SemConv::Http,    "opentelemetry.instrumentation.flask",    HTTP_SCHEMA),
    (SemConv::Http,    "opentelemetry.instrumentation.requests", HTTP_SCHEMA),
    (SemConv::HttpDup, "opentelemetry.instrumentation.flask",    HTTP_SCHEMA),
    (SemConv::HttpDup, "opentelemetry.instrumentation.requests", HTTP_SCHEMA),
    (SemConv::Legacy,  "opentelemetry.instrumentation.sqlite3",  LEGACY_SCHEMA),
    (SemConv::Http,    "opentelemetry.instrumentation.sqlite3",  LEGACY_SCHEMA),
    (SemConv::Http,    "__main__",                               ""),
];

#[test]
fn scopes_carry_the_current_version_and_the_schema_of_their_mode() {
    assert_eq!(
        INSTRUMENTATION_VERSION, "0.66b1",
        "contrib release of the capture"
    );
    for (semconv, scope, schema) in SCOPE_CASES {
        let options = LabOptions {
            semconv: *semconv,
            heavy_calc: true,
            fan_out: 1,
            ..LabOptions::default()
        };
        let run = run_one(&options, 3);
        let spans: Vec<_> = run
            .spans
            .iter()
            .filter(|s| s.scope.name == *scope)
            .collect();
        assert!(!spans.is_empty(), "{semconv:?}: {scope} spans");
        for span in spans {
            assert_eq!(span.scope.schema_url, *schema, "{semconv:?}: {scope}");
            let version = if *scope == "__main__" {
                ""
            } else {
                INSTRUMENTATION_VERSION
            };
            assert_eq!(span.scope.version, version, "{semconv:?}: {scope}");
        }
    }
}
