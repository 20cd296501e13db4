//! W3C Trace Context propagation: `traceparent` and `tracestate` headers.
//!
//! Spec: <https://www.w3.org/TR/trace-context-2/> (Level 2).
//! `inject` writes a span context into an outgoing header map; `extract` reads it back.

use crate::model::{Headers, SpanId, TraceFlags, TraceId};

pub const TRACEPARENT: &str = "traceparent";
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

/// Formats a version-00 `traceparent` value.
pub fn format_traceparent(ctx: &SpanContext) -> String {
    format!("00-{}-{}-{}", ctx.trace_id, ctx.span_id, ctx.flags)
}

/// Parses a version-00 `traceparent` (minimal; see the spec for the full rules).
pub fn parse_traceparent(value: &str) -> Option<SpanContext> {
    let mut parts = value.split('-');
    let (version, trace, span, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if version != "00" || parts.next().is_some() || flags.len() != 2 {
        return None;
    }
    Some(SpanContext {
        trace_id: TraceId::from_hex(trace).ok()?,
        span_id: SpanId::from_hex(span).ok()?,
        flags: TraceFlags(u8::from_str_radix(flags, 16).ok()?),
        trace_state: String::new(),
    })
}

/// Writes `traceparent` (and `tracestate` when non-empty) into `headers`.
pub fn inject(ctx: &SpanContext, headers: &mut Headers) {
    headers.push((TRACEPARENT.to_string(), format_traceparent(ctx)));
    if !ctx.trace_state.is_empty() {
        headers.push((TRACESTATE.to_string(), ctx.trace_state.clone()));
    }
}

/// Reads the caller's context from `headers`; `None` when absent or invalid.
pub fn extract(headers: &Headers) -> Option<SpanContext> {
    let value = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(TRACEPARENT))?;
    let mut ctx = parse_traceparent(&value.1)?;
    if let Some((_, state)) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(TRACESTATE))
    {
        ctx.trace_state = state.clone();
    }
    Some(ctx)
}
