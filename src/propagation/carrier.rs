//! Moving a span context in and out of an HTTP header map, and what a participating service
//! sends downstream.
//!
//! Spec: W3C Trace Context Editor's Draft, §3.2.1 / §3.3.1 (header names are ASCII
//! case-insensitive), §3.3.2 (several `tracestate` fields are combined with `,` as RFC 9110 §5.3 prescribes),
//! §3.4–§3.5 (mutations) and §4.1 (processing model):
//! <https://w3c.github.io/trace-context/#processing-model>.
//!
//! An invalid `traceparent` yields no parent, so the receiver restarts the trace; an invalid
//! `tracestate` is dropped while the `traceparent` survives; a `tracestate` that repeats a key
//! is kept without the repeats (§3.5 allows discarding them); a `tracestate` without a valid
//! `traceparent` is never parsed (§3.3).

use super::spec::{self, SpecSection};
use super::traceparent::{is_ows, parse_traceparent, TraceParent, TraceparentError, KNOWN_FLAGS};
use super::tracestate::TracestateError;
use super::tracestate::{parse_tracestate, parse_tracestate_detailed, ParsedTracestate};
use super::{format_traceparent, SpanContext, TRACEPARENT, TRACESTATE};
use crate::model::{Headers, SpanId, TraceFlags, TraceId};
use rand::RngCore;
use std::fmt;

/// Writes `traceparent` (and `tracestate` when it is valid and non-empty) into `headers`,
/// replacing any trace-context headers already there. A context with an all-zero id is not
/// propagated at all: it could only make the receiver restart the trace.
pub fn inject(ctx: &SpanContext, headers: &mut Headers) {
    headers.retain(|(name, _)| {
        !name.eq_ignore_ascii_case(TRACEPARENT) && !name.eq_ignore_ascii_case(TRACESTATE)
    });
    if !ctx.trace_id.is_valid() || !ctx.span_id.is_valid() {
        return;
    }
    headers.push((TRACEPARENT.to_string(), format_traceparent(ctx)));
    // Vendors SHOULD avoid sending an empty tracestate (§3.3.2); an invalid one is not ours to send.
    if let Ok(state) = parse_tracestate(&ctx.trace_state) {
        if !state.is_empty() {
            headers.push((TRACESTATE.to_string(), state.to_string()));
        }
    }
}

/// Reads the caller's context from `headers`; `None` when the `traceparent` is absent,
/// repeated or invalid (the receiver then starts a new trace).
pub fn extract(headers: &Headers) -> Option<SpanContext> {
    extract_detailed(headers).span_context()
}

/// Why a header map carried no usable parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtractError {
    /// No `traceparent` header.
    Missing,
    /// Several `traceparent` headers: combined per RFC 9110 they are not one valid value.
    Duplicate { count: u32 },
    /// The single `traceparent` header is invalid.
    Invalid(TraceparentError),
}

impl ExtractError {
    pub fn section(&self) -> SpecSection {
        match self {
            ExtractError::Missing => spec::NO_TRACEPARENT_RECEIVED,
            ExtractError::Duplicate { .. } => spec::TRACEPARENT_FIELD_VALUES,
            ExtractError::Invalid(e) => e.section(),
        }
    }
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::Missing => {
                write!(f, "no traceparent header ({})", self.section())
            }
            ExtractError::Duplicate { count } => write!(
                f,
                "{count} traceparent headers: combined they are not one valid value ({})",
                self.section()
            ),
            ExtractError::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ExtractError {}

/// What happened to the `tracestate` header(s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TracestateOutcome {
    /// No `tracestate` header.
    Absent,
    /// Present but not parsed, because there is no valid `traceparent` (§3.3, §4.1.1).
    IgnoredWithoutTraceparent,
    /// Parsed (possibly empty) and carried on, without any members that repeated a key.
    Valid(ParsedTracestate),
    /// Parsed and rejected: discarded, while the `traceparent` survives.
    Invalid(TracestateError),
}

/// The full verdict on a header map, for inspectors and logs; [`extract`] keeps only the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extraction {
    pub traceparent: Result<TraceParent, ExtractError>,
    pub tracestate: TracestateOutcome,
}

impl Extraction {
    /// The parent context, carrying the tracestate only when it was valid.
    pub fn span_context(&self) -> Option<SpanContext> {
        let parent = self.traceparent.as_ref().ok()?;
        let trace_state = match &self.tracestate {
            TracestateOutcome::Valid(parsed) => parsed.state.to_string(),
            _ => String::new(),
        };
        Some(parent.span_context(trace_state))
    }
}

/// Applies the receiving half of the processing model (§4.1) and says why at each step.
pub fn extract_detailed(headers: &Headers) -> Extraction {
    let traceparents: Vec<&str> = values_named(headers, TRACEPARENT).collect();
    let has_tracestate = values_named(headers, TRACESTATE).next().is_some();
    let traceparent = match traceparents.as_slice() {
        [] => Err(ExtractError::Missing),
        // HTTP strips optional whitespace around a field value (RFC 9110 §5.5).
        [value] => parse_traceparent(value.trim_matches(is_ows)).map_err(ExtractError::Invalid),
        many => Err(ExtractError::Duplicate {
            count: u32::try_from(many.len()).unwrap_or(u32::MAX),
        }),
    };
    let tracestate = if !has_tracestate {
        TracestateOutcome::Absent
    } else if traceparent.is_err() {
        TracestateOutcome::IgnoredWithoutTraceparent
    } else {
        // Several fields combine into one list, in order, joined by commas (RFC 9110 §5.3).
        let combined = values_named(headers, TRACESTATE)
            .collect::<Vec<_>>()
            .join(",");
        match parse_tracestate_detailed(&combined) {
            Ok(parsed) => TracestateOutcome::Valid(parsed),
            Err(e) => TracestateOutcome::Invalid(e),
        }
    };
    Extraction {
        traceparent,
        tracestate,
    }
}

fn values_named<'a>(headers: &'a Headers, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .iter()
        .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Flags of a trace this service starts: sampled (it records, like the SDK's default
/// `parentbased_always_on` root), and random because the whole trace id is random (§3.2.2.5.2).
pub const NEW_TRACE_FLAGS: TraceFlags = TraceFlags(TraceFlags::SAMPLED.0 | TraceFlags::RANDOM.0);

/// The context a participating service puts on an outgoing request for a span of its own:
/// with a valid incoming parent, the same trace id, flags and tracestate with a fresh
/// parent-id (§3.4 "Update parent-id"); without one, a new random trace (§4.1.1, §3.4
/// "Restart trace", which drops the tracestate).
pub fn outgoing_context<R: RngCore + ?Sized>(
    incoming: Option<&SpanContext>,
    rng: &mut R,
) -> SpanContext {
    match incoming {
        Some(parent) => {
            let mut span_id = random_span_id(rng);
            // A parent-id equal to the caller's would make this span its own parent.
            while span_id == parent.span_id {
                span_id = random_span_id(rng);
            }
            SpanContext {
                trace_id: parent.trace_id,
                span_id,
                flags: TraceFlags(parent.flags.0 & KNOWN_FLAGS),
                trace_state: parent.trace_state.clone(),
            }
        }
        None => SpanContext {
            // Every bit is random, so the random-trace-id flag is honest.
            trace_id: random_trace_id(rng),
            span_id: random_span_id(rng),
            flags: NEW_TRACE_FLAGS,
            trace_state: String::new(),
        },
    }
}

/// Raw generator words, a zero redrawn (all-zero ids are invalid, §3.2.2.3–4): no rand helper
/// whose arithmetic a rand release could change stands between a seed and an id.
fn random_trace_id<R: RngCore + ?Sized>(rng: &mut R) -> TraceId {
    loop {
        let id = (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64());
        if id != 0 {
            return TraceId(id);
        }
    }
}

fn random_span_id<R: RngCore + ?Sized>(rng: &mut R) -> SpanId {
    loop {
        let id = rng.next_u64();
        if id != 0 {
            return SpanId(id);
        }
    }
}
