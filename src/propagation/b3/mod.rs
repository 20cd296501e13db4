//! `OTEL_PROPAGATORS=b3` and `b3multi`: Zipkin's B3 headers
//! (<https://github.com/openzipkin/b3-propagation>) as OpenTelemetry's "B3 Requirements" use
//! them (<https://opentelemetry.io/docs/specs/otel/context/api-propagators/#b3-requirements>).
//!
//! - Extract (both): the single `b3` header first; when it is absent, invalid or carries only a
//!   sampling state, the `X-B3-*` headers. Debug is kept (in [`Extracted::debug`]) and sets
//!   sampled. `X-B3-SpanId` is the caller's span, never reused for the server span.
//! - Inject: `b3` writes `b3: {traceid}-{spanid}-{1|0|d}`, `b3multi` writes `X-B3-TraceId`,
//!   `X-B3-SpanId` and `X-B3-Sampled`, or `X-B3-Flags: 1` instead of it for debug (the README:
//!   "Debug implies an accept decision, so don't also send the X-B3-Sampled header"). Neither
//!   sends a ParentSpanId ("MUST NOT propagate X-B3-ParentSpanId"). Trace ids are always sent
//!   as 32 characters; header names lowercase, as HTTP/2 sends them.

mod error;
mod parse;

pub use error::B3Error;

pub use parse::{
    is_debug_flags, parse_b3_multi, parse_b3_single, parse_multi_sampled, parse_span_id,
    parse_trace_id, B3Encoding, B3Field, B3Header, B3Ids, SamplingState, B3, X_B3_FLAGS,
    X_B3_PARENT_SPAN_ID, X_B3_SAMPLED, X_B3_SPAN_ID, X_B3_TRACE_ID,
};

use super::propagator::{self, Extracted, Outgoing, PropagatorKind, TextMapPropagator, Violation};
use super::spec::otel;
use crate::model::Headers;

/// Every header either encoding writes, cleared before injecting (a reused carrier must not
/// keep a stale ParentSpanId next to fresh ids).
const MULTI_HEADERS: [&str; 5] = [
    X_B3_TRACE_ID,
    X_B3_SPAN_ID,
    X_B3_PARENT_SPAN_ID,
    X_B3_SAMPLED,
    X_B3_FLAGS,
];

/// A B3 propagator; the two differ only in what they inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct B3Propagator {
    pub inject_encoding: B3Encoding,
}

impl B3Propagator {
    pub const SINGLE: B3Propagator = B3Propagator {
        inject_encoding: B3Encoding::Single,
    };
    pub const MULTI: B3Propagator = B3Propagator {
        inject_encoding: B3Encoding::Multi,
    };

    fn kind(self) -> PropagatorKind {
        match self.inject_encoding {
            B3Encoding::Single => PropagatorKind::B3,
            B3Encoding::Multi => PropagatorKind::B3Multi,
        }
    }
}

impl TextMapPropagator for B3Propagator {
    /// "Fields MUST return the header names that correspond to the configured format, i.e.,
    /// the headers used for the inject operation."
    fn fields(&self) -> &'static [&'static str] {
        match self.inject_encoding {
            B3Encoding::Single => &[B3],
            B3Encoding::Multi => &[X_B3_TRACE_ID, X_B3_SPAN_ID, X_B3_SAMPLED, X_B3_FLAGS],
        }
    }

    fn inject(&self, out: &Outgoing<'_>, headers: &mut Headers) {
        let ctx = out.context;
        match self.inject_encoding {
            B3Encoding::Single => propagator::remove(headers, &[B3]),
            B3Encoding::Multi => propagator::remove(headers, &MULTI_HEADERS),
        }
        if !ctx.trace_id.is_valid() || !ctx.span_id.is_valid() {
            return;
        }
        let trace_id = format!("{:032x}", ctx.trace_id.0);
        let span_id = format!("{:016x}", ctx.span_id.0);
        match self.inject_encoding {
            B3Encoding::Single => {
                let sampling = if out.debug {
                    "d"
                } else if ctx.flags.is_sampled() {
                    "1"
                } else {
                    "0"
                };
                headers.push((B3.to_string(), format!("{trace_id}-{span_id}-{sampling}")));
            }
            B3Encoding::Multi => {
                headers.push((X_B3_TRACE_ID.to_string(), trace_id));
                headers.push((X_B3_SPAN_ID.to_string(), span_id));
                if out.debug {
                    headers.push((X_B3_FLAGS.to_string(), "1".to_string()));
                } else {
                    let sampled = if ctx.flags.is_sampled() { "1" } else { "0" };
                    headers.push((X_B3_SAMPLED.to_string(), sampled.to_string()));
                }
            }
        }
    }

    fn extract(&self, headers: &Headers, into: &mut Extracted) {
        let kind = self.kind();
        if let Some(value) = propagator::first_value(headers, B3) {
            match parse_b3_single(value) {
                Ok(header) if use_header(kind, &header, into) => return,
                Ok(header) => into.problem(kind, sampling_only(B3, &header)),
                Err(error) => into.problem(kind, violation(&error)),
            }
        }
        match parse_b3_multi(headers) {
            None => {}
            Some(Ok(header)) if use_header(kind, &header, into) => {}
            Some(Ok(header)) => into.problem(kind, sampling_only(X_B3_SAMPLED, &header)),
            Some(Err(error)) => into.problem(kind, violation(&error)),
        }
    }
}

/// Takes the header's context (and debug flag) when it has ids.
fn use_header(kind: PropagatorKind, header: &B3Header, into: &mut Extracted) -> bool {
    let Some(context) = header.span_context() else {
        return false;
    };
    into.set_context(kind, context);
    into.debug |= header.sampling == SamplingState::Debug;
    true
}

/// A valid B3 sampling decision without ids: nothing OpenTelemetry can continue.
fn sampling_only(header_name: &str, header: &B3Header) -> Violation {
    Violation::new(
        header_name,
        format!(
            "only a sampling decision ({}), no ids: OpenTelemetry has no span context to              continue without them ({})",
            header.sampling.describe(),
            otel::B3_EXTRACT
        ),
        otel::B3_EXTRACT_RULE,
    )
}

fn violation(error: &B3Error) -> Violation {
    Violation::explained(
        error.header(),
        error.to_string(),
        error.section(),
        error.rule(),
    )
}
