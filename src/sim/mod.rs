//! The simulator: a scenario (data) run through a virtual-time, discrete-event engine that emits
//! the spans OpenTelemetry Python auto-instrumentation would (issue 4), under load (issue 7).
//!
//! - [`Scenario`]: services, endpoints and handler steps as data; [`Scenario::lab`] and
//!   [`Scenario::lab_with`] build the lab from the learner's [`LabOptions`].
//! - [`RunSettings`]: sampler, semantic conventions and propagation, read at run time.
//! - [`Arrival`]: how requests arrive (back-to-back clients, constant rate, Poisson, bursts).
//! - [`Simulation`]: a run advanced in chunks; [`simulate`] runs one to the end.
//!
//! The model, its choices and the benchmark command are documented in `docs/simulation.md`.

mod arrival;
mod compile;
mod engine;
mod error;
pub mod file;
mod ids;
mod intern;
mod lab;
mod latency;
mod options;
pub mod presets;
mod record;
mod resolve;
mod rng;
mod sampler;
mod scenario;
mod semconv;

pub use arrival::{Arrival, BACK_TO_BACK_GAP_NS};
pub use compile::{SDK_LANGUAGE, SDK_NAME, SDK_VERSION};
pub use engine::{
    simulate, Progress, Simulation, Skipped, QUEUED_EVENT, QUEUE_LENGTH_ATTR, QUEUE_WAIT_ATTR,
};
pub use error::{
    ConfigError, MAX_CONCURRENCY, MAX_DURATION_MS, MAX_FAN_OUT, MAX_REQUESTS, MAX_RETRIES,
    MAX_SERVICES, MAX_SPANS_PER_RUN, MAX_WORKERS,
};
pub use lab::{db_service, DB_PORT};
pub use latency::Z_99;
pub use options::{FanOutMode, LabOptions, Propagator, RunSettings, SamplerKind, SemConv};
pub use record::{Batch, RequestRecord, ServiceLoad, SimRun};
pub use rng::SimRng;
pub use sampler::{env_name as sampler_env_name, Sampler};
pub use scenario::{
    flask_scope, flask_service, main_module_scope, requests_scope, sqlite3_scope, Call, CallPolicy,
    Endpoint, ErrorRule, ExternalClient, Incident, Latency, ManualSpan, Scenario, Service, Step,
    Target, DOWNSTREAM_BODY, INSTRUMENTATION_VERSION,
};
