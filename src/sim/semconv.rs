//! HTTP span attributes and statuses, as OpenTelemetry Python's Flask (WSGI) and `requests`
//! instrumentations set them under each `OTEL_SEMCONV_STABILITY_OPT_IN` mode.
//!
//! Specs: HTTP spans <https://opentelemetry.io/docs/specs/semconv/http/http-spans/> (stable),
//! the pre-1.21 names (legacy), and the migration guide
//! <https://opentelemetry.io/docs/specs/semconv/non-normative/http-migration/>. Order follows the
//! instrumentations: per setter the old name first, then the stable one (so `http/dup`
//! interleaves them), request attributes at span start, `http.route`, then response attributes.
//!
//! The model is OpenTelemetry Python 1.45.1 with contrib 0.66b1 (checked against a capture of
//! the lab's services, issue 11): `opentelemetry-instrumentation-wsgi`'s
//! `collect_request_attributes`, `opentelemetry-instrumentation-requests`' `instrumented_send`
//! and the setters in `opentelemetry/instrumentation/_semconv.py`. Values copy the Python
//! instrumentation rather than the letter of the spec where they differ: on SERVER spans
//! `net.host.name` / `server.address` carry the `Host` header as sent (`localhost:5000`); the
//! CLIENT span's `network.peer.address` is the URL's host name (`localhost`), as `requests`
//! sets it, not a resolved IP; and `user_agent.original` is set on CLIENT spans in every mode.
//!
//! The instrumentations' tracers also name the semantic-conventions schema they follow
//! ([`http_scope`]).

use super::intern::intern;
use crate::model::{AttrValue, KeyValue, Scope, Status, StatusCode, Str};
use std::borrow::Cow;

/// `_get_schema_url` in `_semconv.py`: the legacy (default) mode names schema 1.11.0, the
/// version in use when schema URLs were introduced.
pub const LEGACY_SCHEMA_URL: &str = "https://opentelemetry.io/schemas/1.11.0";
/// `_get_schema_url` for `http` and also for `http/dup`: any mode that reports the stable names
/// names schema 1.21.0 (where the stable HTTP names come from), even when it also reports the
/// old ones.
pub const HTTP_SCHEMA_URL: &str = "https://opentelemetry.io/schemas/1.21.0";

/// The scope an HTTP instrumentation (Flask, `requests`) creates its tracer with: its name and
/// version, and the schema URL of the semconv mode (`get_tracer(..., schema_url=...)`).
pub(crate) fn http_scope(scope: &Scope, reports: (bool, bool)) -> Scope {
    let (_, new) = reports;
    Scope {
        schema_url: Cow::Borrowed(if new {
            HTTP_SCHEMA_URL
        } else {
            LEGACY_SCHEMA_URL
        }),
        ..scope.clone()
    }
}

/// What a SERVER span records about the request it received.
pub(crate) struct ServerRequest<'a> {
    pub method: &'a Str,
    pub route: &'a Str,
    /// WSGI `SERVER_NAME`: the address the server binds.
    pub server_name: &'a Str,
    /// The `Host` header: `host:port`.
    pub host_header: &'a Str,
    pub port: u16,
    pub peer_address: &'a Str,
    pub user_agent: &'a Str,
}

/// A SERVER span's start attributes, and where the per-request peer port goes
/// (`net.peer.port` and/or `client.port`, depending on the mode).
#[derive(Debug)]
pub(crate) struct ServerTemplate {
    pub attributes: Vec<KeyValue>,
    pub peer_port_at: Vec<usize>,
}

fn both(
    out: &mut Vec<KeyValue>,
    (old, new): (bool, bool),
    keys: (&'static str, &'static str),
    v: AttrValue,
) {
    if old && new {
        out.push(KeyValue::new(keys.0, v.clone()));
        out.push(KeyValue::new(keys.1, v));
    } else if old {
        out.push(KeyValue::new(keys.0, v));
    } else if new {
        out.push(KeyValue::new(keys.1, v));
    }
}

fn s(v: &Str) -> AttrValue {
    AttrValue::Str(v.clone())
}

/// WSGI `collect_request_attributes`, then Flask's `http.route`.
pub(crate) fn server_start(reports: (bool, bool), r: &ServerRequest<'_>) -> ServerTemplate {
    let (old, new) = reports;
    let mut out = Vec::with_capacity(20);
    both(
        &mut out,
        reports,
        ("http.method", "http.request.method"),
        s(r.method),
    );
    if old {
        out.push(KeyValue::new("http.server_name", s(r.server_name)));
    }
    both(
        &mut out,
        reports,
        ("http.scheme", "url.scheme"),
        AttrValue::Str("http".into()),
    );
    both(
        &mut out,
        reports,
        ("net.host.name", "server.address"),
        s(r.host_header),
    );
    if old {
        out.push(KeyValue::new("http.host", s(r.host_header)));
    }
    both(
        &mut out,
        reports,
        ("net.host.port", "server.port"),
        AttrValue::Int(r.port.into()),
    );
    both(&mut out, reports, ("http.target", "url.path"), s(r.route));
    both(
        &mut out,
        reports,
        ("net.peer.ip", "client.address"),
        s(r.peer_address),
    );
    // `_set_http_peer_port_server`: the client's ephemeral port, drawn per request.
    let first_port = out.len();
    both(
        &mut out,
        reports,
        ("net.peer.port", "client.port"),
        AttrValue::Int(0),
    );
    let peer_port_at = (first_port..first_port + usize::from(old) + usize::from(new)).collect();
    both(
        &mut out,
        reports,
        ("http.user_agent", "user_agent.original"),
        s(r.user_agent),
    );
    both(
        &mut out,
        reports,
        ("http.flavor", "network.protocol.version"),
        AttrValue::Str("1.1".into()),
    );
    out.push(KeyValue::new("http.route", s(r.route)));
    ServerTemplate {
        attributes: out,
        peer_port_at,
    }
}

/// `_set_status` for a SERVER span: the status code attribute(s), and `error.type` when the
/// span is an error (5xx only: a 4xx is the client's fault, not the server's).
pub(crate) fn server_end(reports: (bool, bool), status: u16, out: &mut Vec<KeyValue>) -> Status {
    both(
        out,
        reports,
        ("http.status_code", "http.response.status_code"),
        AttrValue::Int(status.into()),
    );
    let error = status >= 500;
    if error && reports.1 {
        out.push(KeyValue::new(
            "error.type",
            AttrValue::Str(status_text(status)),
        ));
    }
    status_for(error)
}

/// What a CLIENT span records about the request it sends.
pub(crate) struct ClientRequest<'a> {
    pub method: &'a Str,
    pub url: &'a Str,
    pub host: &'a Str,
    pub port: u16,
    pub user_agent: &'a Str,
}

/// The `requests` instrumentation's start attributes: method, URL, the `User-Agent` it sends
/// (every mode), then in the stable modes the host and port parsed from the URL, each as
/// `server.*` and `network.peer.*`.
pub(crate) fn client_start(reports: (bool, bool), r: &ClientRequest<'_>) -> Vec<KeyValue> {
    let (_, new) = reports;
    let mut out = Vec::with_capacity(12);
    both(
        &mut out,
        reports,
        ("http.method", "http.request.method"),
        s(r.method),
    );
    both(&mut out, reports, ("http.url", "url.full"), s(r.url));
    out.push(KeyValue::new("user_agent.original", s(r.user_agent)));
    if new {
        out.push(KeyValue::new("server.address", s(r.host)));
        out.push(KeyValue::new("network.peer.address", s(r.host)));
        out.push(KeyValue::int("server.port", r.port.into()));
        out.push(KeyValue::int("network.peer.port", r.port.into()));
    }
    out
}

/// A CLIENT span's response attributes and status: an error for any 4xx or 5xx answer.
pub(crate) fn client_end(reports: (bool, bool), status: u16, out: &mut Vec<KeyValue>) -> Status {
    both(
        out,
        reports,
        ("http.status_code", "http.response.status_code"),
        AttrValue::Int(status.into()),
    );
    let error = status >= 400;
    if error && reports.1 {
        out.push(KeyValue::new(
            "error.type",
            AttrValue::Str(status_text(status)),
        ));
    }
    if reports.1 {
        out.push(KeyValue::str("network.protocol.version", "1.1"));
    }
    status_for(error)
}

/// HTTP-status errors carry no description: the status code attribute says it all.
fn status_for(error: bool) -> Status {
    let code = if error {
        StatusCode::Error
    } else {
        StatusCode::Unset
    };
    Status {
        code,
        message: Cow::Borrowed(""),
    }
}

/// The status as text (`error.type` is the status code as a string); the common ones without
/// allocating.
fn status_text(status: u16) -> Str {
    let text: &'static str = match status {
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        408 => "408",
        409 => "409",
        429 => "429",
        500 => "500",
        501 => "501",
        502 => "502",
        503 => "503",
        504 => "504",
        other => return intern(&other.to_string()),
    };
    Cow::Borrowed(text)
}
