//! Context propagation: the formats OpenTelemetry's `OTEL_PROPAGATORS` names, each per its own
//! spec, and the composite a service runs.
//!
//! W3C Trace Context as its current Editor's Draft stands,
//! <https://w3c.github.io/trace-context/> (Level 2, <https://www.w3.org/TR/trace-context-2/>,
//! has the same rules; Level 1's `tracestate` key grammar and its "a repeated key invalidates the
//! list" reading are gone):
//!
//! - [`traceparent`]: parse (with a typed reason citing the spec for every rejection) and format.
//! - [`tracestate`]: the ordered vendor list: parse (a repeated key keeps its left-most entry),
//!   insert/update (to the front), remove, format.
//! - [`carrier`]: inject into / extract from a [`crate::model::Headers`] map following the
//!   processing model, and the context a participating service sends downstream.
//! - [`spec`]: the section numbers and anchors the error messages cite, for every format.
//!
//! The other formats and the composite (docs/propagation.md tells the whole story):
//! - [`propagator`]: the `TextMapPropagator` shape (fields, inject, extract), what inject reads
//!   ([`Outgoing`]) and what extract builds ([`Extracted`]).
//! - [`composite`]: [`Propagators`], built from `OTEL_PROPAGATORS` names.
//! - [`tracecontext`], [`baggage`] (W3C Baggage), [`b3`] (`b3` and `b3multi`), [`jaeger`]
//!   (`uber-trace-id`, `uberctx-*`; deprecated in OpenTelemetry).
//! - [`decode`]: the Header inspector's decoder: a pasted header told by its name or shape
//!   ([`inspect`]), then field by field, or the rule it breaks.
//! - [`wire`]: what a recorded span's wire headers carried: each decoded in one line, and the
//!   baggage ([`WireReport`], [`baggage_of`]).
//!
//! Nothing here panics on any input: every function takes arbitrary text and answers with a
//! value or a typed error.

pub mod b3;
pub mod baggage;
pub mod carrier;
pub mod composite;
pub mod decode;
mod hexid;
pub mod jaeger;
pub mod percent;
pub mod propagator;
pub mod spec;
pub mod tracecontext;
pub mod traceparent;
pub mod tracestate;
pub mod wire;

use crate::model::{SpanId, TraceFlags, TraceId};

pub use baggage::{Baggage, BaggageEntry, BaggageProperty};
pub use carrier::{
    extract, extract_detailed, inject, outgoing_context, ExtractError, Extraction,
    TracestateOutcome, NEW_TRACE_FLAGS,
};
pub use composite::{ConfigNote, Propagators, PropagatorsError};
pub use decode::{
    decode_header, inspect, Decoded, DecodedContext, DecodedField, Detection, HeaderKind,
    Inspection,
};
pub use hexid::IdProblem;
pub use propagator::{
    ExtractProblem, Extracted, Outgoing, PropagatorKind, TextMapPropagator, Violation,
};
pub use spec::{Rule, SpecDocument, SpecSection};
pub use traceparent::{
    format_traceparent, parse_traceparent, TraceParent, TraceparentError, TraceparentField,
};
pub use tracestate::{
    parse_tracestate, parse_tracestate_detailed, KeyProblem, ParsedTracestate, TraceState,
    TracestateError, ValueProblem,
};
pub use wire::{baggage_in, baggage_of, WireHeader, WireReport};

/// Header name of the trace position (§3.2.1); matched case-insensitively, sent lowercase.
pub const TRACEPARENT: &str = "traceparent";
/// Header name of the vendor list (§3.3.1); matched case-insensitively, sent lowercase.
pub const TRACESTATE: &str = "tracestate";

/// What crosses a process boundary: the caller's span and its trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanContext {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    pub flags: TraceFlags,
    /// Serialized `tracestate` (empty when absent).
    pub trace_state: String,
}
