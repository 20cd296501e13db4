//! The scenario file as serde types: what a learner writes, field by field. Every struct denies
//! unknown keys, so a typo is an error (with the nearest known key suggested) rather than a
//! setting silently ignored. Values with a small syntax of their own (durations, latencies,
//! percentages, call targets) are in [`super::values`]. The format is documented with examples
//! in `docs/simulation.md` ("Scenario files").

use super::values::{AttrScalar, Duration, LatencySpec, NameList, Percent, TargetSpec, Workers};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole scenario file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// What the page calls this scenario.
    pub title: Option<String>,
    /// The one sentence the scenario teaches.
    pub lesson: Option<String>,
    /// Named on/off switches that steps, error rules and incidents can depend on.
    #[serde(default)]
    pub switches: Vec<SwitchFile>,
    /// Where requests enter; the first service's first endpoint when left out.
    pub entry: Option<TargetSpec>,
    /// One-way network delay between services (default 2 ms).
    pub network_delay: Option<Duration>,
    /// Per-side processing cost around handlers and calls (default 0.1ms..0.5ms).
    pub overhead: Option<LatencySpec>,
    /// Who sends the requests (default: curl from 127.0.0.1).
    pub client: Option<ClientFile>,
    pub services: Vec<ServiceFile>,
    #[serde(default)]
    pub incidents: Vec<IncidentFile>,
    /// How requests arrive (default: one at a time, one request).
    pub traffic: Option<TrafficFile>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchFile {
    pub name: String,
    /// What the page shows next to the switch.
    pub label: Option<String>,
    #[serde(default)]
    pub enabled: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientFile {
    pub user_agent: Option<String>,
    pub address: Option<String>,
    /// Headers the client sends with every request, as `curl -H` would (a `baggage`, or a
    /// `traceparent`/`b3` for the entry service to continue).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    pub name: String,
    /// Default: 5000 + the service's position in the list.
    pub port: Option<u16>,
    /// Host name callers put in URLs (default `localhost`).
    pub host: Option<String>,
    /// The IP it binds to and calls from (default `127.0.0.1`).
    pub address: Option<String>,
    /// A number (1–64) or `unlimited` (the default).
    pub workers: Option<Workers>,
    /// Extra resource attributes (`OTEL_RESOURCE_ATTRIBUTES`).
    #[serde(default)]
    pub resource: BTreeMap<String, AttrScalar>,
    pub instrumentation: Option<InstrumentationFile>,
    /// `OTEL_PROPAGATORS` names, as a list or comma-separated (default `tracecontext,baggage`).
    pub propagators: Option<NameList>,
    pub endpoints: Vec<EndpointFile>,
}

/// Which instrumentations make the service's spans (default: Flask and `requests`, at
/// [`INSTRUMENTATION_VERSION`](crate::sim::INSTRUMENTATION_VERSION)).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentationFile {
    /// Scope of SERVER spans.
    pub server: Option<ScopeFile>,
    /// Scope of outgoing CLIENT spans.
    pub client: Option<ScopeFile>,
    /// `User-Agent` of the HTTP client library.
    pub user_agent: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeFile {
    pub name: String,
    #[serde(default)]
    pub version: String,
    /// The semantic-conventions schema the tracer names (HTTP instrumentations get theirs from
    /// the semconv mode at run time).
    #[serde(default)]
    pub schema_url: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointFile {
    /// Default `GET`.
    pub method: Option<String>,
    /// The route template, starting with `/`.
    pub route: String,
    /// The 200 answer; `{downstream}` stands for the last downstream answer (default `OK`).
    pub body: Option<String>,
    #[serde(default)]
    pub steps: Vec<StepFile>,
    pub errors: Option<ErrorsFile>,
}

/// One step: exactly one of `call`, `work`, `span`, `db`, with the options that kind takes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    /// An HTTP call: `service/route`, `service` (its only endpoint) or `{service, route}`.
    pub call: Option<TargetSpec>,
    /// The handler's own work: a latency.
    pub work: Option<LatencySpec>,
    /// A manual span's name.
    pub span: Option<String>,
    /// A database query's statement (or a Redis command).
    pub db: Option<String>,

    /// Calls: how many; spans and queries: how many times in a row (default 1).
    pub count: Option<u32>,
    /// Calls: `sequential` (default) or `parallel`.
    pub mode: Option<Mode>,
    /// Calls: give up after this long.
    pub timeout: Option<Duration>,
    /// Calls: attempts after the first, on a timeout or a 5xx answer.
    pub retries: Option<u32>,
    /// Calls: wait before the first retry (default 0).
    pub backoff: Option<Duration>,
    /// Calls: each further wait is this many times the previous (default 2).
    pub backoff_multiplier: Option<f64>,

    /// Spans and queries: how long they take.
    pub latency: Option<LatencySpec>,
    /// Spans: the span kind (default `internal`).
    pub kind: Option<KindFile>,
    /// Spans: the tracer's scope (default `__main__`).
    pub scope: Option<ScopeFile>,
    /// Spans: attributes.
    #[serde(default)]
    pub attributes: BTreeMap<String, AttrScalar>,

    /// Queries: `sqlite` (default), `postgresql`, `mysql` or `redis`.
    pub system: Option<String>,
    /// Queries: the database name (`db.name`; Redis: the database index).
    pub database: Option<String>,
    /// Queries: `db.user`.
    pub user: Option<String>,
    /// Queries: the database server's host (`net.peer.name`).
    pub host: Option<String>,
    /// Queries: the database server's port (`net.peer.port`).
    pub port: Option<u16>,

    /// Only when this switch is on.
    pub when: Option<String>,
    /// Only when this switch is off.
    pub unless: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Sequential,
    Parallel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindFile {
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

/// With probability `rate`, the endpoint answers `status` with `body` after its steps.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsFile {
    pub rate: Percent,
    /// Default 500.
    pub status: Option<u16>,
    /// Default `Error`.
    pub body: Option<String>,
    pub when: Option<String>,
    pub unless: Option<String>,
}

/// A window in which an endpoint misbehaves.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    pub target: TargetSpec,
    /// When it starts, after the run's start.
    pub from: Duration,
    /// How long it lasts.
    #[serde(rename = "for")]
    pub lasts: Duration,
    /// The endpoint's work and spans take this long instead.
    pub latency: Option<LatencySpec>,
    /// The endpoint fails this often instead.
    pub error_rate: Option<Percent>,
    /// Status of those failures (default 500).
    pub status: Option<u16>,
    /// Body of those failures (default `Error`).
    pub body: Option<String>,
    pub when: Option<String>,
    pub unless: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    /// `concurrency` clients, each sending its next request as soon as the last is answered.
    BackToBack,
    /// Evenly spaced, `rps` per second.
    Constant,
    /// Random (Poisson) arrivals, `rps` per second on average.
    Poisson,
    /// `size` requests at once, `every` so often.
    Bursts,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficFile {
    pub pattern: Pattern,
    /// How many requests a run sends (default 1).
    pub requests: Option<u32>,
    pub concurrency: Option<u32>,
    pub rps: Option<f64>,
    pub size: Option<u32>,
    pub every: Option<Duration>,
}
