//! The OTLP/HTTP JSON wire format for traces, defined once as serde types: what the page
//! exports and downloads, and what it imports.
//!
//! Spec: <https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>; messages from
//! `opentelemetry/proto/collector/trace/v1/trace_service.proto`, `trace/v1/trace.proto`,
//! `common/v1/common.proto` and `resource/v1/resource.proto` in
//! <https://github.com/open-telemetry/opentelemetry-proto>. Field names are the proto names in
//! lowerCamelCase; ids are hex; 64-bit integers are strings; enums are integers ([`codec`],
//! [`enums`]).
//!
//! Only fields of the v0.19 (2022) protos are written, so a Jaeger 1.38-era collector (which
//! refuses unknown JSON fields) accepts every body: the newer span and link `flags` are read
//! on import but never written. Unknown fields are ignored on import, and the pre-2022 names
//! `instrumentationLibrarySpans` / `instrumentationLibrary` are read as their successors.
//!
//! The span type is a parameter so that import can first split a file into per-span pieces
//! (`ScopeSpans<&RawValue>`), then read the spans in steps a progress bar can follow.

mod any_value;
pub(crate) mod base64;
pub(crate) mod codec;
mod enums;

pub use any_value::{AnyValue, ArrayValue, KeyValueList};
pub use enums::{SpanKind, StatusCode};

use crate::model::{SpanId, TraceId};
use codec::{is_empty, is_zero, nullable};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The body of `POST /v1/traces` (`ExportTraceServiceRequest`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "S: Deserialize<'de>"))]
pub struct ExportTraceServiceRequest<'a, S = Span<'a>> {
    #[serde(default, deserialize_with = "nullable")]
    pub resource_spans: Vec<ResourceSpans<'a, S>>,
}

/// One resource's spans, grouped by instrumentation scope.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "S: Deserialize<'de>"))]
pub struct ResourceSpans<'a, S = Span<'a>> {
    #[serde(default, deserialize_with = "nullable")]
    pub resource: Resource<'a>,
    #[serde(
        default,
        alias = "instrumentationLibrarySpans",
        deserialize_with = "nullable"
    )]
    pub scope_spans: Vec<ScopeSpans<'a, S>>,
    #[serde(
        default,
        skip_serializing_if = "is_empty",
        deserialize_with = "nullable"
    )]
    pub schema_url: Cow<'a, str>,
}

/// `resource.proto` `Resource`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource<'a> {
    #[serde(default, deserialize_with = "nullable")]
    pub attributes: Vec<KeyValue<'a>>,
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "nullable"
    )]
    pub dropped_attributes_count: u32,
}

/// One scope's spans.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "S: Deserialize<'de>"))]
pub struct ScopeSpans<'a, S = Span<'a>> {
    #[serde(
        default,
        alias = "instrumentationLibrary",
        deserialize_with = "nullable"
    )]
    pub scope: InstrumentationScope<'a>,
    #[serde(default, deserialize_with = "nullable")]
    pub spans: Vec<S>,
    #[serde(
        default,
        skip_serializing_if = "is_empty",
        deserialize_with = "nullable"
    )]
    pub schema_url: Cow<'a, str>,
}

/// `common.proto` `InstrumentationScope`: the tracer's name and version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstrumentationScope<'a> {
    #[serde(default, deserialize_with = "nullable")]
    pub name: Cow<'a, str>,
    #[serde(
        default,
        skip_serializing_if = "is_empty",
        deserialize_with = "nullable"
    )]
    pub version: Cow<'a, str>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "nullable"
    )]
    pub attributes: Vec<KeyValue<'a>>,
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "nullable"
    )]
    pub dropped_attributes_count: u32,
}

/// `trace.proto` `Span`. `traceId`, `spanId` and both times are required on import: a span
/// without them cannot be placed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span<'a> {
    #[serde(with = "codec::trace_id")]
    pub trace_id: TraceId,
    #[serde(with = "codec::span_id")]
    pub span_id: SpanId,
    #[serde(
        default,
        skip_serializing_if = "is_empty",
        deserialize_with = "nullable"
    )]
    pub trace_state: Cow<'a, str>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "codec::parent_span_id"
    )]
    pub parent_span_id: Option<SpanId>,
    /// W3C trace flags in bits 0-7 (a 2023 field): read, never written (see the module docs).
    #[serde(default, skip_serializing, deserialize_with = "nullable")]
    pub flags: u32,
    #[serde(default, deserialize_with = "nullable")]
    pub name: Cow<'a, str>,
    #[serde(default, deserialize_with = "nullable")]
    pub kind: SpanKind,
    #[serde(with = "codec::nanos")]
    pub start_time_unix_nano: u64,
    #[serde(with = "codec::nanos")]
    pub end_time_unix_nano: u64,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "nullable"
    )]
    pub attributes: Vec<KeyValue<'a>>,
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "nullable"
    )]
    pub dropped_attributes_count: u32,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "nullable"
    )]
    pub events: Vec<Event<'a>>,
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "nullable"
    )]
    pub dropped_events_count: u32,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "nullable"
    )]
    pub links: Vec<Link<'a>>,
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "nullable"
    )]
    pub dropped_links_count: u32,
    #[serde(default, deserialize_with = "nullable")]
    pub status: Status<'a>,
}

/// `Span.Event`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event<'a> {
    #[serde(with = "codec::nanos")]
    pub time_unix_nano: u64,
    #[serde(default, deserialize_with = "nullable")]
    pub name: Cow<'a, str>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "nullable"
    )]
    pub attributes: Vec<KeyValue<'a>>,
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "nullable"
    )]
    pub dropped_attributes_count: u32,
}

/// `Span.Link`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link<'a> {
    #[serde(with = "codec::trace_id")]
    pub trace_id: TraceId,
    #[serde(with = "codec::span_id")]
    pub span_id: SpanId,
    #[serde(
        default,
        skip_serializing_if = "is_empty",
        deserialize_with = "nullable"
    )]
    pub trace_state: Cow<'a, str>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "nullable"
    )]
    pub attributes: Vec<KeyValue<'a>>,
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "nullable"
    )]
    pub dropped_attributes_count: u32,
}

/// `Status`; `{}` is UNSET with no message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status<'a> {
    #[serde(
        default,
        skip_serializing_if = "StatusCode::is_unset",
        deserialize_with = "nullable"
    )]
    pub code: StatusCode,
    #[serde(
        default,
        skip_serializing_if = "is_empty",
        deserialize_with = "nullable"
    )]
    pub message: Cow<'a, str>,
}

/// `common.proto` `KeyValue`. A missing value is an unset `AnyValue`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyValue<'a> {
    pub key: Cow<'a, str>,
    #[serde(default, deserialize_with = "nullable")]
    pub value: AnyValue<'a>,
}

/// The `ExportTraceServiceResponse` of a 2xx answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportTraceServiceResponse<'a> {
    #[serde(default, deserialize_with = "nullable")]
    pub partial_success: ExportTracePartialSuccess<'a>,
}

/// `ExportTracePartialSuccess`: spans the collector refused for good, and why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportTracePartialSuccess<'a> {
    #[serde(
        default,
        serialize_with = "codec::nanos::serialize",
        deserialize_with = "codec::nanos::deserialize_or_zero"
    )]
    pub rejected_spans: u64,
    #[serde(
        default,
        skip_serializing_if = "is_empty",
        deserialize_with = "nullable"
    )]
    pub error_message: Cow<'a, str>,
}

/// `google.rpc.Status`, the body of a 4xx/5xx answer (only the part a learner reads).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RpcStatus<'a> {
    #[serde(default, deserialize_with = "nullable")]
    pub message: Cow<'a, str>,
}
