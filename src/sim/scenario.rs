//! A scenario is data: services, their endpoints, and what each endpoint's handler does (calls
//! downstream services, opens spans of its own, works for a while, sometimes fails). The engine
//! knows nothing about "service A" or "B"; [`Scenario::lab`] is just the default data.
//!
//! The lab this mirrors is described in `docs/simulation.md` (issue 4): Flask `service-a` `GET /`
//! calls `service-b` `GET /data` with `requests`, auto-instrumented by OpenTelemetry Python.

use super::error::ConfigError;
use super::options::{FanOutMode, Propagator};
use crate::model::{KeyValue, Scope, SpanKind, Str};

/// Replaced, in an endpoint's response body, by the body its last downstream call answered
/// (service A answers `Service A got: {downstream}`).
pub const DOWNSTREAM_BODY: &str = "{downstream}";

/// A duration distribution in milliseconds. How each is drawn from the run's RNG is written
/// down in `src/sim/latency.rs`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Latency {
    /// Uniform between `min_ms` and `max_ms` (Python's `random.uniform`); equal bounds = fixed.
    Uniform { min_ms: f64, max_ms: f64 },
    /// Normal with mean `mean_ms` and standard deviation `sd_ms`, cut at 0 (a duration cannot
    /// be negative).
    Normal { mean_ms: f64, sd_ms: f64 },
    /// Log-normal with median `p50_ms` and 99th percentile `p99_ms`: the long right tail real
    /// service latencies have.
    LogNormal { p50_ms: f64, p99_ms: f64 },
}

impl Latency {
    /// Always exactly `ms` (e.g. `time.sleep(0.1)`).
    pub fn fixed(ms: f64) -> Latency {
        Latency::Uniform {
            min_ms: ms,
            max_ms: ms,
        }
    }

    pub fn uniform(min_ms: f64, max_ms: f64) -> Latency {
        Latency::Uniform { min_ms, max_ms }
    }

    pub fn normal(mean_ms: f64, sd_ms: f64) -> Latency {
        Latency::Normal { mean_ms, sd_ms }
    }

    pub fn log_normal(p50_ms: f64, p99_ms: f64) -> Latency {
        Latency::LogNormal { p50_ms, p99_ms }
    }

    /// The two numbers that define the distribution, in the order the variant names them.
    fn bounds(&self) -> (f64, f64) {
        match *self {
            Latency::Uniform { min_ms, max_ms } => (min_ms, max_ms),
            Latency::Normal { mean_ms, sd_ms } => (mean_ms, sd_ms),
            Latency::LogNormal { p50_ms, p99_ms } => (p50_ms, p99_ms),
        }
    }

    pub(crate) fn check(&self, what: impl FnOnce() -> String) -> Result<(), ConfigError> {
        let (low, high) = self.bounds();
        for ms in [low, high] {
            if !ms.is_finite() || ms < 0.0 {
                return Err(ConfigError::Latency { what: what(), ms });
            }
        }
        match self {
            Latency::Uniform { .. } if low > high => Err(ConfigError::LatencyRange {
                what: what(),
                min_ms: low,
                max_ms: high,
            }),
            // ln(0) is -inf, and a p99 below the median would need a negative spread.
            Latency::LogNormal { .. } if low <= 0.0 || low > high => Err(ConfigError::LogNormal {
                what: what(),
                p50_ms: low,
                p99_ms: high,
            }),
            _ => Ok(()),
        }
    }
}

/// Names an endpoint: a service by name and one of its routes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    pub service: Str,
    pub route: Str,
}

impl Target {
    pub fn new(service: impl Into<Str>, route: impl Into<Str>) -> Target {
        Target {
            service: service.into(),
            route: route.into(),
        }
    }
}

/// Downstream HTTP calls from a handler: `count` calls to `target`, one after another or all at
/// once. Each call is a CLIENT span in the caller and a SERVER span in the target.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Call {
    pub target: Target,
    pub count: u32,
    pub mode: FanOutMode,
}

/// What a client does when a call is slow or fails: give up after `timeout_ms` (the CLIENT span
/// ends in error, as `requests` raises `ReadTimeout`), and try again up to `retries` more times
/// after a timeout or a 5xx answer, waiting `backoff_ms × backoff_multiplier^n` before retry n
/// (n from 0). Each attempt is a CLIENT span of its own, as an application-level retry loop
/// around `requests.get` makes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CallPolicy {
    pub timeout_ms: Option<f64>,
    pub retries: u32,
    pub backoff_ms: f64,
    pub backoff_multiplier: f64,
}

impl Default for CallPolicy {
    /// No timeout, no retries: what a plain `requests.get` does.
    fn default() -> Self {
        CallPolicy {
            timeout_ms: None,
            retries: 0,
            backoff_ms: 0.0,
            backoff_multiplier: 2.0,
        }
    }
}

/// A span a handler opens itself, with no downstream service behind it: a manual INTERNAL span
/// (`tracer.start_as_current_span("heavy_calc")`) or a database CLIENT span made by a DB driver's
/// instrumentation. It lasts `duration` and is a child of the handler's SERVER span.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ManualSpan {
    pub name: Str,
    pub kind: SpanKind,
    pub scope: Scope,
    pub duration: Latency,
    pub attributes: Vec<KeyValue>,
}

/// One thing a handler does; steps run in order.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Step {
    Call(Call),
    /// A call with a client timeout and/or retries.
    CallWith(Call, CallPolicy),
    Span(ManualSpan),
    /// The handler's own work (the lab's `time.sleep`), recorded in no span but its server span.
    Work(Latency),
}

/// With probability `rate_percent`, the handler answers `status` with `body` after its work.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorRule {
    pub rate_percent: f64,
    pub status: u16,
    pub body: Str,
}

/// A time window in which an endpoint misbehaves ("the database degrades from +2 s for 5 s"):
/// its work and span steps draw their durations from `latency` instead of their own, and it
/// fails with `error`'s rate instead of its own rule. Times are from the run's start.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Incident {
    pub target: Target,
    pub from_ms: f64,
    pub duration_ms: f64,
    pub latency: Option<Latency>,
    pub error: Option<ErrorRule>,
}

/// A route a service serves (a Flask view function).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Endpoint {
    pub method: Str,
    /// The route template, e.g. `/data` (the SERVER span is named `"{method} {route}"`).
    pub route: Str,
    pub steps: Vec<Step>,
    /// The 200 answer; may contain [`DOWNSTREAM_BODY`].
    pub body: Str,
    pub error: Option<ErrorRule>,
}

/// One service instance: where it listens, how it is instrumented, what it serves.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Service {
    pub name: Str,
    /// Host name callers put in URLs (`localhost`).
    pub host: Str,
    /// The IP it binds to and calls from (`127.0.0.1`): WSGI `SERVER_NAME`, the callee's `net.peer.ip`.
    pub address: Str,
    pub port: u16,
    /// Worker limit; `None` = unlimited (Flask's threaded dev server).
    pub workers: Option<u32>,
    /// Instrumentation scope of SERVER spans (the web framework's instrumentation).
    pub server_scope: Scope,
    /// Instrumentation scope of outgoing CLIENT spans (the HTTP client's instrumentation).
    pub client_scope: Scope,
    /// `User-Agent` the HTTP client library sends.
    pub user_agent: Str,
    /// `OTEL_PROPAGATORS`: the formats its SDK injects and extracts, in order.
    pub propagators: Vec<Propagator>,
    /// Resource attributes beyond the ones the SDK sets (`OTEL_RESOURCE_ATTRIBUTES`).
    pub resource_attributes: Vec<KeyValue>,
    pub endpoints: Vec<Endpoint>,
}

/// Whoever sends the learner's requests (curl in the lab).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExternalClient {
    pub user_agent: Str,
    pub address: Str,
    /// Headers sent with every request into the entry endpoint (the lab's curl sends none),
    /// before `RunSettings::client_headers`.
    pub headers: crate::model::Headers,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scenario {
    pub services: Vec<Service>,
    /// Where a learner's request enters.
    pub entry: Target,
    pub client: ExternalClient,
    /// One-way network delay between services, in ms.
    pub network_delay_ms: f64,
    /// Small per-side processing costs (WSGI/middleware before and after a handler, building
    /// and reading an HTTP request in a client); drawn each time, so children nest strictly.
    pub overhead: Latency,
    /// Time windows in which an endpoint misbehaves.
    pub incidents: Vec<Incident>,
}

/// Version of the OpenTelemetry Python instrumentations the lab's spans claim to come from:
/// the contrib release 0.66b1 (with SDK 1.45.1), which a capture of the lab's services matches
/// (issue 11). The one place the version is written.
pub const INSTRUMENTATION_VERSION: &str = "0.66b1";

pub(crate) fn scope(name: &'static str, version: &'static str) -> Scope {
    Scope {
        name: name.into(),
        version: version.into(),
        schema_url: "".into(),
    }
}

/// The Flask instrumentation's scope (tracer name is the module name). Its schema URL depends
/// on the semconv mode, so a run sets it (`semconv::http_scope`); here it is empty.
pub fn flask_scope() -> Scope {
    scope(
        "opentelemetry.instrumentation.flask",
        INSTRUMENTATION_VERSION,
    )
}

/// The `requests` instrumentation's scope (schema URL set per run, as for Flask).
pub fn requests_scope() -> Scope {
    scope(
        "opentelemetry.instrumentation.requests",
        INSTRUMENTATION_VERSION,
    )
}

/// The `sqlite3` DB-API instrumentation's scope. `DatabaseApiIntegration` creates its tracer
/// with the fixed schema URL 1.11.0 in every mode (contrib 0.66b1, `dbapi/__init__.py`).
pub fn sqlite3_scope() -> Scope {
    Scope {
        schema_url: super::semconv::LEGACY_SCHEMA_URL.into(),
        ..scope(
            "opentelemetry.instrumentation.sqlite3",
            INSTRUMENTATION_VERSION,
        )
    }
}

/// `trace.get_tracer(__name__)` in a script run as `python app.py`: name `__main__`, no version.
pub fn main_module_scope() -> Scope {
    scope("__main__", "")
}

/// A Flask service on localhost, instrumented like the lab's.
pub fn flask_service(name: &'static str, port: u16, endpoints: Vec<Endpoint>) -> Service {
    Service {
        name: name.into(),
        host: "localhost".into(),
        address: "127.0.0.1".into(),
        port,
        workers: None,
        server_scope: flask_scope(),
        client_scope: requests_scope(),
        user_agent: "python-requests/2.32.3".into(),
        propagators: Propagator::DEFAULT.to_vec(),
        resource_attributes: Vec::new(),
        endpoints,
    }
}
