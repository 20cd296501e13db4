//! The trace data model: ids, spans, resources, scopes, and traces grouped from spans.
//!
//! Follows the OpenTelemetry trace data model
//! (<https://opentelemetry.io/docs/specs/otel/trace/api/>) closely enough that
//! OTLP encoding (`crate::otlp`) is a direct mapping.

mod ids;
mod span;
mod trace;

pub use ids::{IdError, SpanId, TraceFlags, TraceId};
pub use span::{
    find_attr, AttrValue, Event, Headers, KeyValue, Link, Resource, Scope, Span, SpanKind, Status,
    StatusCode, Str,
};
pub use trace::Trace;
