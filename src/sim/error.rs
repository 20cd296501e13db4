//! Why a scenario, a run setting or a load pattern was refused.
//!
//! Every check in `sim` reports one of these instead of panicking, so the page can show the
//! learner what to fix. Limits live here as constants so the UI can show them next to the fields.

use std::fmt;

/// Highest worker count a service accepts (gunicorn-style sync workers).
pub const MAX_WORKERS: u32 = 64;
/// Most requests one run may simulate.
pub const MAX_REQUESTS: u32 = 100_000;
/// Most downstream calls one fan-out step may make: 25,000 calls of the lab's db make a
/// 100,003-span trace, the big trace every view must open (issue 13).
pub const MAX_FAN_OUT: u32 = 25_000;
/// Most spans one run may produce (counting every request as if sampled). This bounds memory
/// and time: 1,000,000 spans is about 1 GB, a quarter of what a wasm32 page can address.
pub const MAX_SPANS_PER_RUN: u64 = 1_000_000;
/// Most concurrent virtual clients in back-to-back mode.
pub const MAX_CONCURRENCY: u32 = 10_000;
/// Most services a scenario may have (issue 12): enough for a realistic system, few enough to
/// tell apart in the page's lists and colours.
pub const MAX_SERVICES: usize = 50;
/// Most retries a call may make after its first attempt.
pub const MAX_RETRIES: u32 = 10;
/// Longest duration (timeout, backoff, incident window) a scenario may name: one hour, far
/// beyond any run, and small enough that nanosecond sums cannot overflow.
pub const MAX_DURATION_MS: f64 = 3_600_000.0;

/// A configuration the simulator refuses, with enough context for a clear message.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// An error rate outside 0–100 percent (or NaN).
    ErrorRate { endpoint: String, percent: f64 },
    /// A sampling ratio outside 0–1 (or NaN).
    SamplingRatio(f64),
    /// A latency or duration that is negative, NaN or infinite.
    Latency { what: String, ms: f64 },
    /// A uniform distribution whose minimum is above its maximum.
    LatencyRange {
        what: String,
        min_ms: f64,
        max_ms: f64,
    },
    /// The one-way network delay is negative, NaN or infinite.
    NetworkDelay(f64),
    /// No services, or a service with no endpoints.
    EmptyScenario(String),
    /// Two services share a name (calls address services by name).
    DuplicateService(String),
    /// A service has two endpoints with the same route.
    DuplicateEndpoint { service: String, route: String },
    /// A call (or the entry point) names a service that does not exist.
    UnknownService { from: String, service: String },
    /// A call (or the entry point) names a route the service does not serve.
    UnknownEndpoint {
        from: String,
        service: String,
        route: String,
    },
    /// Calls loop back (A → B → A): a request would never finish.
    CallCycle(String),
    /// A worker limit of 0 or above [`MAX_WORKERS`].
    Workers { service: String, workers: u32 },
    /// A run of 0 requests or more than [`MAX_REQUESTS`].
    Requests(u32),
    /// An arrival rate that is not a positive finite number.
    ArrivalRate(f64),
    /// A back-to-back concurrency of 0 or above [`MAX_CONCURRENCY`].
    Concurrency(u32),
    /// A burst of 0 requests, or above [`MAX_REQUESTS`].
    BurstSize(u32),
    /// A burst interval that is not a positive finite number of milliseconds.
    BurstInterval(f64),
    /// A fan-out above [`MAX_FAN_OUT`] calls.
    FanOut(u32),
    /// An HTTP status outside 100–599.
    HttpStatus { endpoint: String, status: u16 },
    /// The run would make more than [`MAX_SPANS_PER_RUN`] spans.
    TooManySpans { estimated: u64, limit: u64 },
    /// A log-normal latency whose median is not positive or whose p99 is below it.
    LogNormal {
        what: String,
        p50_ms: f64,
        p99_ms: f64,
    },
    /// More than [`MAX_SERVICES`] services.
    TooManyServices(usize),
    /// A call's timeout, retries or backoff out of range.
    CallPolicy { from: String, why: String },
    /// An incident's window or overrides out of range, or its target missing.
    Incident { index: usize, why: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ConfigError::*;
        match self {
            ErrorRate { endpoint, percent } => write!(
                f,
                "error rate of {endpoint} must be between 0 and 100 percent, got {percent}"
            ),
            SamplingRatio(r) => write!(f, "sampling ratio must be between 0 and 1, got {r}"),
            Latency { what, ms } => {
                write!(f, "{what} must be a finite number of milliseconds ≥ 0, got {ms}")
            }
            LatencyRange {
                what,
                min_ms,
                max_ms,
            } => write!(f, "{what}: minimum ({min_ms} ms) must not be above maximum ({max_ms} ms)"),
            NetworkDelay(ms) => {
                write!(f, "network delay must be a finite number of milliseconds ≥ 0, got {ms}")
            }
            EmptyScenario(why) => write!(f, "empty scenario: {why}"),
            DuplicateService(name) => write!(f, "two services are named {name:?}"),
            DuplicateEndpoint { service, route } => {
                write!(f, "service {service:?} has two endpoints for route {route:?}")
            }
            UnknownService { from, service } => {
                write!(f, "{from} calls service {service:?}, which does not exist")
            }
            UnknownEndpoint {
                from,
                service,
                route,
            } => write!(
                f,
                "{from} calls route {route:?} on service {service:?}, which does not serve it"
            ),
            CallCycle(path) => write!(f, "calls loop forever: {path}"),
            Workers { service, workers } => write!(
                f,
                "workers of {service:?} must be between 1 and {MAX_WORKERS} (or unlimited), got {workers}"
            ),
            Requests(n) => {
                write!(f, "number of requests must be between 1 and {MAX_REQUESTS}, got {n}")
            }
            ArrivalRate(r) => {
                write!(f, "arrival rate must be a positive number of requests per second, got {r}")
            }
            Concurrency(c) => {
                write!(f, "concurrency must be between 1 and {MAX_CONCURRENCY}, got {c}")
            }
            BurstSize(n) => write!(f, "burst size must be between 1 and {MAX_REQUESTS}, got {n}"),
            BurstInterval(ms) => {
                write!(f, "burst interval must be a positive number of milliseconds, got {ms}")
            }
            FanOut(n) => write!(f, "fan-out must be at most {MAX_FAN_OUT} calls, got {n}"),
            HttpStatus { endpoint, status } => {
                write!(f, "status of {endpoint} must be an HTTP status (100–599), got {status}")
            }
            TooManySpans { estimated, limit } => write!(
                f,
                "this run would make about {estimated} spans; the limit is {limit} \
                 (send fewer requests or use a smaller fan-out)"
            ),
            LogNormal {
                what,
                p50_ms,
                p99_ms,
            } => write!(
                f,
                "{what}: a log-normal latency needs 0 < p50 ≤ p99, got p50 {p50_ms} ms and p99 \
                 {p99_ms} ms"
            ),
            TooManyServices(n) => {
                write!(f, "a scenario may have at most {MAX_SERVICES} services, this one has {n}")
            }
            CallPolicy { from, why } => write!(f, "call from {from}: {why}"),
            Incident { index, why } => write!(f, "incident {}: {why}", index + 1),
        }
    }
}

impl std::error::Error for ConfigError {}
