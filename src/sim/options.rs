//! The learner's knobs for the lab scenario, as plain data. The UI binds controls to these
//! fields and the URL stores them; `Scenario::lab_with` turns them into a scenario.

use crate::model::Headers;

/// `OTEL_SEMCONV_STABILITY_OPT_IN` values for HTTP attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SemConv {
    /// Old names (`http.method`, `http.status_code`, ...): what the lab's instrumentation emits.
    #[default]
    Legacy,
    /// Stable names (`http.request.method`, `http.response.status_code`, ...): opt-in `http`.
    Http,
    /// Both at once: opt-in `http/dup`.
    HttpDup,
}

/// `OTEL_TRACES_SAMPLER` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SamplerKind {
    AlwaysOn,
    AlwaysOff,
    TraceIdRatio,
    /// The SDK default.
    #[default]
    ParentBasedAlwaysOn,
    ParentBasedAlwaysOff,
    ParentBasedTraceIdRatio,
}

/// How a fan-out endpoint calls its downstream.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum FanOutMode {
    #[default]
    Sequential,
    Parallel,
}

/// An `OTEL_PROPAGATORS` name (<https://opentelemetry.io/docs/languages/sdk-configuration/general/#otel_propagators>):
/// the same enum the propagators are built from, so a name is read from one table. A scenario
/// stores a list per service; the engine injects with the caller's and extracts with the
/// callee's.
pub use crate::propagation::PropagatorKind as Propagator;

/// Every setting of the lab a learner can change. `Default` is the lab as written.
#[derive(Clone, Debug, PartialEq)]
pub struct LabOptions {
    /// Challenge 1: B opens a manual `heavy_calc` span of 100 ms.
    pub heavy_calc: bool,
    /// Challenge 2: B answers 500 with probability `error_rate_percent`.
    pub random_500s: bool,
    /// 0–100; default 20.
    pub error_rate_percent: f64,
    pub semconv: SemConv,
    pub sampler: SamplerKind,
    /// 0–1, used by the ratio samplers; default 1.
    pub sampling_ratio: f64,
    /// A's client injects `traceparent`/`tracestate` (default on).
    pub propagate: bool,
    /// One-way network delay between services, in ms (default 2).
    pub network_delay_ms: f64,
    /// Worker limit per service (`None` = unlimited, like Flask's threaded dev server).
    pub workers_a: Option<u32>,
    pub workers_b: Option<u32>,
    /// Worker limit of the `db` service the fan-out calls.
    pub workers_db: Option<u32>,
    /// Fan-out: B calls a downstream `db` this many times per request (0 = off).
    pub fan_out: u32,
    pub fan_out_mode: FanOutMode,
}

impl Default for LabOptions {
    fn default() -> Self {
        LabOptions {
            heavy_calc: false,
            random_500s: false,
            error_rate_percent: 20.0,
            semconv: SemConv::Legacy,
            sampler: SamplerKind::ParentBasedAlwaysOn,
            sampling_ratio: 1.0,
            propagate: true,
            network_delay_ms: 2.0,
            workers_a: None,
            workers_b: None,
            workers_db: None,
            fan_out: 0,
            fan_out_mode: FanOutMode::Sequential,
        }
    }
}

/// Settings read at run time rather than baked into a scenario: what the services' SDKs are
/// configured with (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`,
/// `OTEL_SEMCONV_STABILITY_OPT_IN`), whether clients inject trace context, and what the
/// learner's client sends.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSettings {
    pub semconv: SemConv,
    pub sampler: SamplerKind,
    /// 0–1, used by the ratio samplers.
    pub sampling_ratio: f64,
    /// Clients inject trace context (each with its service's propagators); off, no client
    /// does, so every service starts traces of its own.
    pub propagate: bool,
    /// Headers the learner's client sends with every request into the entry endpoint, as
    /// `curl -H` would (empty by default, like the lab's curl): a `baggage` header, or a
    /// `traceparent` or `b3` for the entry service to continue.
    pub client_headers: Headers,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings::from(&LabOptions::default())
    }
}

impl From<&LabOptions> for RunSettings {
    fn from(o: &LabOptions) -> Self {
        RunSettings {
            semconv: o.semconv,
            sampler: o.sampler,
            sampling_ratio: o.sampling_ratio,
            propagate: o.propagate,
            client_headers: Headers::new(),
        }
    }
}

impl LabOptions {
    /// The run-time part of these options.
    pub fn run_settings(&self) -> RunSettings {
        RunSettings::from(self)
    }
}

impl SemConv {
    /// (emit the old attribute names, emit the stable names), as the Python
    /// instrumentations' `_report_old` / `_report_new`.
    pub(crate) fn reports(self) -> (bool, bool) {
        match self {
            SemConv::Legacy => (true, false),
            SemConv::Http => (false, true),
            SemConv::HttpDup => (true, true),
        }
    }
}
