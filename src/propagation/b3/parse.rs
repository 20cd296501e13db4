//! Reading B3 headers (<https://github.com/openzipkin/b3-propagation>), with the rule each bad
//! header breaks.
//!
//! - Single header: `b3: {TraceId}-{SpanId}-{SamplingState}-{ParentSpanId}`, the last two
//!   optional, or a sampling state alone (`b3: 0`). Sampling state: `1`, `0` or `d`.
//! - Multiple headers: `X-B3-TraceId`, `X-B3-SpanId` required; `X-B3-ParentSpanId`,
//!   `X-B3-Sampled` (`1`/`0`, and the `true`/`false` older tracers sent, which "a lenient
//!   implementation may accept") and `X-B3-Flags` (`1` is debug; any other value is ignored).
//!   The first value of a repeated header wins.
//! - Ids are lower-hex: a TraceId 16 or 32 characters (a 64-bit id is left-padded to 128 bits),
//!   a SpanId or ParentSpanId 16. All zeros is no id, as in OpenTelemetry.
//! - Debug implies accept, and wins over `X-B3-Sampled: 0`.
//! - A sampling decision may travel alone, without ids (`b3: 0`, or `X-B3-Sampled: 0` with no
//!   X-B3-TraceId/SpanId/ParentSpanId): valid B3, but OpenTelemetry has no span context for it.

use super::error::B3Error;
use crate::model::{Headers, SpanId, TraceFlags, TraceId};
use crate::propagation::hexid::{lower_hex_fixed, saturate};
use crate::propagation::propagator::first_value;
use crate::propagation::spec::{b3 as spec, Rule, SpecSection};
use crate::propagation::traceparent::shorten;
use crate::propagation::SpanContext;

pub const B3: &str = "b3";
pub const X_B3_TRACE_ID: &str = "x-b3-traceid";
pub const X_B3_SPAN_ID: &str = "x-b3-spanid";
pub const X_B3_PARENT_SPAN_ID: &str = "x-b3-parentspanid";
pub const X_B3_SAMPLED: &str = "x-b3-sampled";
pub const X_B3_FLAGS: &str = "x-b3-flags";

/// The B3 sampling decision (README "Sampling State").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SamplingState {
    /// Absent: the receiver decides. OpenTelemetry's span context has no "undecided", so the
    /// parent reads as not sampled.
    Defer,
    Deny,
    Accept,
    /// An emphasized accept: report, and mark the spans debug.
    Debug,
}

impl SamplingState {
    pub fn is_sampled(self) -> bool {
        matches!(self, SamplingState::Accept | SamplingState::Debug)
    }

    pub fn describe(self) -> &'static str {
        match self {
            SamplingState::Defer => "Defer: absent, the receiver decides",
            SamplingState::Deny => "Deny: do not record",
            SamplingState::Accept => "Accept: record and report",
            SamplingState::Debug => "Debug: accept, and keep whatever the sampling policy",
        }
    }
}

/// Which encoding a header belongs to, for citations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum B3Encoding {
    Single,
    Multi,
}

/// A B3 field; in the multi-header encoding, each has its own header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum B3Field {
    TraceId,
    SpanId,
    ParentSpanId,
    Sampled,
}

impl B3Field {
    /// The README's name.
    pub fn name(self) -> &'static str {
        match self {
            B3Field::TraceId => "TraceId",
            B3Field::SpanId => "SpanId",
            B3Field::ParentSpanId => "ParentSpanId",
            B3Field::Sampled => "Sampling State",
        }
    }

    /// The multi-header encoding's header, lowercase as we send it.
    pub fn header(self) -> &'static str {
        match self {
            B3Field::TraceId => X_B3_TRACE_ID,
            B3Field::SpanId => X_B3_SPAN_ID,
            B3Field::ParentSpanId => X_B3_PARENT_SPAN_ID,
            B3Field::Sampled => X_B3_SAMPLED,
        }
    }

    pub fn section(self, encoding: B3Encoding) -> SpecSection {
        match (encoding, self) {
            (B3Encoding::Single, B3Field::TraceId) => spec::SINGLE_TRACE_ID,
            (B3Encoding::Single, B3Field::SpanId) => spec::SINGLE_SPAN_ID,
            (B3Encoding::Single, B3Field::ParentSpanId) => spec::SINGLE_PARENT_SPAN_ID,
            (B3Encoding::Single, B3Field::Sampled) => spec::SINGLE_SAMPLING_STATE,
            (B3Encoding::Multi, B3Field::TraceId) => spec::MULTI_TRACE_ID,
            (B3Encoding::Multi, B3Field::SpanId) => spec::MULTI_SPAN_ID,
            (B3Encoding::Multi, B3Field::ParentSpanId) => spec::MULTI_PARENT_SPAN_ID,
            (B3Encoding::Multi, B3Field::Sampled) => spec::MULTI_SAMPLING_STATE,
        }
    }

    pub fn rule(self) -> Rule {
        match self {
            B3Field::TraceId => spec::TRACE_ID_RULE,
            B3Field::SpanId => spec::SPAN_ID_RULE,
            B3Field::ParentSpanId => spec::PARENT_SPAN_ID_RULE,
            B3Field::Sampled => spec::SAMPLING_STATE_RULE,
        }
    }
}

/// The ids of a B3 context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct B3Ids {
    /// 128 bits; a 64-bit id is left-padded with zeros.
    pub trace_id: TraceId,
    /// Whether the TraceId was sent as 32 characters (128 bits) rather than 16.
    pub trace_id_128: bool,
    pub span_id: SpanId,
    /// Read and checked, never used: OpenTelemetry does not share span ids across a call.
    pub parent_span_id: Option<SpanId>,
}

/// A valid B3 header (or set of headers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct B3Header {
    /// `None` when only a sampling state was sent (`b3: 0`).
    pub ids: Option<B3Ids>,
    pub sampling: SamplingState,
}

impl B3Header {
    /// The caller's span as OpenTelemetry reads it: sampled for accept and debug, no tracestate.
    pub fn span_context(&self) -> Option<SpanContext> {
        let ids = self.ids?;
        Some(SpanContext {
            trace_id: ids.trace_id,
            span_id: ids.span_id,
            flags: TraceFlags::default().with_sampled(self.sampling.is_sampled()),
            trace_state: String::new(),
        })
    }
}

/// A TraceId: 16 or 32 lower-hex characters; 16 are left-padded to 128 bits.
pub fn parse_trace_id(text: &str, encoding: B3Encoding) -> Result<(TraceId, bool), B3Error> {
    lower_hex_fixed(text, &[16, 32], "16 or 32")
        .map(|id| (TraceId(id), text.len() == 32))
        .map_err(|problem| B3Error::Id {
            encoding,
            field: B3Field::TraceId,
            problem,
        })
}

/// A SpanId or ParentSpanId: 16 lower-hex characters.
pub fn parse_span_id(text: &str, field: B3Field, encoding: B3Encoding) -> Result<SpanId, B3Error> {
    // 16 hex digits always fit in 64 bits.
    lower_hex_fixed(text, &[16], "16")
        .map(|id| SpanId(id as u64))
        .map_err(|problem| B3Error::Id {
            encoding,
            field,
            problem,
        })
}

/// `1`, `0` or `d`.
fn single_sampling(text: &str) -> Option<SamplingState> {
    match text {
        "1" => Some(SamplingState::Accept),
        "0" => Some(SamplingState::Deny),
        "d" => Some(SamplingState::Debug),
        _ => None,
    }
}

/// `X-B3-Sampled`: `1`/`0`, or the `true`/`false` of older tracers.
pub fn parse_multi_sampled(text: &str) -> Result<SamplingState, B3Error> {
    match text {
        "1" | "true" => Ok(SamplingState::Accept),
        "0" | "false" => Ok(SamplingState::Deny),
        _ => Err(B3Error::SamplingState {
            encoding: B3Encoding::Multi,
            found: shorten(text),
        }),
    }
}

/// `X-B3-Flags: 1` is debug; "absent or any other value can be ignored".
pub fn is_debug_flags(text: &str) -> bool {
    text == "1"
}

/// Parses a `b3` single-header value (without surrounding whitespace).
pub fn parse_b3_single(value: &str) -> Result<B3Header, B3Error> {
    const S: B3Encoding = B3Encoding::Single;
    if value.is_empty() {
        return Err(B3Error::Empty);
    }
    let fields: Vec<&str> = value.split('-').collect();
    if fields.len() > 4 {
        return Err(B3Error::TooManyFields {
            found: saturate(fields.len()),
        });
    }
    if let [only] = fields.as_slice() {
        if let Some(sampling) = single_sampling(only) {
            return Ok(B3Header {
                ids: None,
                sampling,
            });
        }
        // Sixteen characters or more read as a TraceId whose SpanId is missing.
        if only.len() < 16 {
            return Err(B3Error::SamplingState {
                encoding: S,
                found: shorten(only),
            });
        }
        parse_trace_id(only, S)?;
        return Err(B3Error::Missing {
            encoding: S,
            field: B3Field::SpanId,
        });
    }
    let (trace_id, trace_id_128) = parse_trace_id(fields[0], S)?;
    let span_id = parse_span_id(fields[1], B3Field::SpanId, S)?;
    let sampling = match fields.get(2) {
        None => SamplingState::Defer,
        Some(text) => single_sampling(text).ok_or_else(|| B3Error::SamplingState {
            encoding: S,
            found: shorten(text),
        })?,
    };
    let parent_span_id = match fields.get(3) {
        None => None,
        Some(text) => Some(parse_span_id(text, B3Field::ParentSpanId, S)?),
    };
    Ok(B3Header {
        ids: Some(B3Ids {
            trace_id,
            trace_id_128,
            span_id,
            parent_span_id,
        }),
        sampling,
    })
}

/// Reads the `X-B3-*` headers; `None` when there is none of them.
pub fn parse_b3_multi(headers: &Headers) -> Option<Result<B3Header, B3Error>> {
    let trace_id = first_value(headers, X_B3_TRACE_ID);
    let span_id = first_value(headers, X_B3_SPAN_ID);
    let parent = first_value(headers, X_B3_PARENT_SPAN_ID);
    let sampled = first_value(headers, X_B3_SAMPLED);
    let flags = first_value(headers, X_B3_FLAGS);
    if [trace_id, span_id, parent, sampled, flags]
        .iter()
        .all(Option::is_none)
    {
        return None;
    }
    Some(multi(trace_id, span_id, parent, sampled, flags))
}

fn multi(
    trace_id: Option<&str>,
    span_id: Option<&str>,
    parent: Option<&str>,
    sampled: Option<&str>,
    flags: Option<&str>,
) -> Result<B3Header, B3Error> {
    const M: B3Encoding = B3Encoding::Multi;
    let mut sampling = match sampled {
        None => SamplingState::Defer,
        Some(text) => parse_multi_sampled(text)?,
    };
    // Debug implies accept, whatever X-B3-Sampled says.
    if flags.is_some_and(is_debug_flags) {
        sampling = SamplingState::Debug;
    }
    // "While valid to propagate only a reject sampling decision (X-B3-Sampled: 0) ...".
    if trace_id.is_none() && span_id.is_none() && parent.is_none() {
        return Ok(B3Header {
            ids: None,
            sampling,
        });
    }
    let missing = |field| B3Error::Missing { encoding: M, field };
    let (trace_id, trace_id_128) = parse_trace_id(trace_id.ok_or(missing(B3Field::TraceId))?, M)?;
    let span_id = parse_span_id(span_id.ok_or(missing(B3Field::SpanId))?, B3Field::SpanId, M)?;
    let parent_span_id = match parent {
        None => None,
        Some(text) => Some(parse_span_id(text, B3Field::ParentSpanId, M)?),
    };
    Ok(B3Header {
        ids: Some(B3Ids {
            trace_id,
            trace_id_128,
            span_id,
            parent_span_id,
        }),
        sampling,
    })
}
