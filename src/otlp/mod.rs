//! OTLP/HTTP JSON: encoding spans for export, reading collector responses, and importing
//! trace files (OTLP JSON and Jaeger JSON) back into the model.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/> (sections "OTLP/HTTP" and
//! "JSON Protobuf Encoding"); message definitions in
//! <https://github.com/open-telemetry/opentelemetry-proto/blob/v0.19.0/opentelemetry/proto/trace/v1/trace.proto>.
//! The wire format itself is [`wire`] (serde types); this module maps it to and from the model.
//! Pure: no IO here; `crate::net` posts the bodies built by [`encode_spans`].
//!
//! The importer runs in the reader, the page's second wasm module: [`ImportSessions`] keep
//! imports there between calls, and [`batch`] is how their traces cross back to the page.

pub mod batch;
mod encode;
mod import;
mod response;
pub mod wire;

pub use encode::{encode_spans, encode_traces};
pub use import::{
    import_traces, ImportError, ImportOutcome, ImportProgress, ImportSessions, Importer, STEP_BYTES,
};
pub use response::{error_body_message, parse_export_response, ExportResponse};

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod roundtrip_tests;
#[cfg(test)]
mod tests;
