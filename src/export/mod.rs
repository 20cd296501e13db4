//! Export decisions that need no network: the bounded outbox, batching, the retry schedule,
//! and the status messages. The browser shell (`crate::net`, the export panel) carries out the
//! [`Command`]s and reports [`Outcome`]s back.
//!
//! Spec: OTLP/HTTP request, response, failure and throttling rules,
//! <https://opentelemetry.io/docs/specs/otlp/#otlphttp>, and the exporter retry guidance in
//! <https://opentelemetry.io/docs/specs/otel/protocol/exporter/#retry>.

mod endpoint;
mod exporter;
mod message;
mod outbox;
mod outcome;
mod retry;
mod retry_after;

pub use endpoint::{check_endpoint, jaeger_trace_url, parse_headers, Target};

/// The default OTLP endpoint: same origin, forwarded by the page's server (Trunk's proxy) to a
/// collector on 127.0.0.1:4318, so no CORS is needed.
pub const TRACES_PATH_DEFAULT: &str = "/v1/traces";

/// Where Jaeger's UI is by default (`docker-compose.yml`, `scripts/jaeger.sh start`).
pub const DEFAULT_JAEGER_UI: &str = "http://localhost:16686";
pub use exporter::{BatchId, Command, ExportConfig, Exporter, Snapshot, StatusLine, Tone};
pub use message::{describe, spans as span_count_text, CORS_SETTING};
pub use outbox::Outbox;
pub use outcome::{judge, Outcome, Problem, Verdict};
pub use retry::{classify_status, RetryPolicy, StatusClass};
pub use retry_after::parse_retry_after;

/// The request timeout the issue asks for; tests may shorten it (see `ui::components::export_panel`).
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

#[cfg(test)]
mod tests;
