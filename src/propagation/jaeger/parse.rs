//! Reading Jaeger's headers (<https://www.jaegertracing.io/sdk-migration/#propagation-format>),
//! with the rule each bad header breaks.
//!
//! - `uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}`. Some clients URL-encode
//!   the whole value (`%3A` for `:`), so a value with `%` is decoded first, as
//!   opentelemetry-js and -java do.
//! - trace-id: 1 to 32 hex digits ("Receivers MUST accept hex-strings shorter than 32
//!   characters and 0-pad them on the left"); span-id: 1 to 16; 0 is not valid. The page says
//!   "base16" without a case, so either case is read.
//! - parent-span-id: deprecated, ignored on receipt (kept for the inspector).
//! - flags: "one or two hex digits": 0x01 sampled, 0x02 debug ("should only be set when the
//!   sampled flag is set", so it counts only with it, as in opentelemetry-go), 0x08 firehose.
//! - `uberctx-{key}: {url-encoded value}`.

use crate::model::{SpanId, TraceFlags, TraceId};
use crate::propagation::baggage::is_tchar;
use crate::propagation::hexid::{hex_up_to, saturate, IdProblem};
use crate::propagation::percent::{self, BadPercent};
use crate::propagation::spec::{jaeger as spec, Rule, SpecSection};
use crate::propagation::traceparent::shorten;
use crate::propagation::SpanContext;
use std::fmt;

pub const UBER_TRACE_ID: &str = "uber-trace-id";
/// Prefix of a baggage header; the rest of the name is the key.
pub const UBERCTX_PREFIX: &str = "uberctx-";
pub const FLAG_SAMPLED: u8 = 0x01;
pub const FLAG_DEBUG: u8 = 0x02;
pub const FLAG_FIREHOSE: u8 = 0x08;

/// The four fields of `uber-trace-id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JaegerField {
    TraceId,
    SpanId,
    ParentSpanId,
    Flags,
}

impl JaegerField {
    pub fn name(self) -> &'static str {
        match self {
            JaegerField::TraceId => "trace-id",
            JaegerField::SpanId => "span-id",
            JaegerField::ParentSpanId => "parent-span-id",
            JaegerField::Flags => "flags",
        }
    }
}

/// A valid `uber-trace-id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UberTraceId {
    pub trace_id: TraceId,
    pub span_id: SpanId,
    /// As received; deprecated and ignored.
    pub parent_span_id: String,
    pub flags: u8,
    /// The value arrived URL-encoded.
    pub url_encoded: bool,
}

impl UberTraceId {
    pub fn is_sampled(&self) -> bool {
        self.flags & FLAG_SAMPLED != 0
    }

    /// Debug counts only together with sampled.
    pub fn is_debug(&self) -> bool {
        self.is_sampled() && self.flags & FLAG_DEBUG != 0
    }

    pub fn is_firehose(&self) -> bool {
        self.flags & FLAG_FIREHOSE != 0
    }

    pub fn span_context(&self) -> SpanContext {
        SpanContext {
            trace_id: self.trace_id,
            span_id: self.span_id,
            flags: TraceFlags::default().with_sampled(self.is_sampled()),
            trace_state: String::new(),
        }
    }
}

/// Why a Jaeger header was not used. `Display` ends with the section cited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JaegerError {
    Empty,
    /// The value has a `%` that starts no `%XX` escape.
    BadPercent(BadPercent),
    /// Not exactly four `:`-separated fields.
    FieldCount {
        found: u32,
    },
    Id {
        field: JaegerField,
        problem: IdProblem,
    },
    /// Flags that are not one or two hex digits.
    Flags {
        found: String,
    },
    /// `uberctx-` with no key after it, or a key that is no HTTP token.
    BaggageKey {
        header: String,
    },
    /// A `uberctx-{key}` value with a bad `%` escape.
    BaggageValue {
        key: String,
        problem: BadPercent,
    },
}

impl JaegerError {
    pub fn rule(&self) -> Rule {
        match self {
            JaegerError::Empty | JaegerError::BadPercent(_) | JaegerError::FieldCount { .. } => {
                spec::VALUE_RULE
            }
            JaegerError::Id {
                field: JaegerField::TraceId,
                ..
            } => spec::TRACE_ID_RULE,
            JaegerError::Id {
                field: JaegerField::SpanId | JaegerField::ParentSpanId,
                ..
            } => spec::SPAN_ID_RULE,
            JaegerError::Id {
                field: JaegerField::Flags,
                ..
            }
            | JaegerError::Flags { .. } => spec::FLAGS_RULE,
            JaegerError::BaggageKey { .. } | JaegerError::BaggageValue { .. } => spec::BAGGAGE_RULE,
        }
    }

    pub fn section(&self) -> SpecSection {
        match self {
            JaegerError::BaggageValue { .. } => spec::VALUE_ENCODING,
            _ => self.rule().section,
        }
    }
}

impl fmt::Display for JaegerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JaegerError::Empty => f.write_str(
                "uber-trace-id is empty: expected {trace-id}:{span-id}:{parent-span-id}:{flags}",
            )?,
            JaegerError::BadPercent(problem) => write!(f, "uber-trace-id {problem}")?,
            JaegerError::FieldCount { found } => write!(
                f,
                "uber-trace-id has {found} ':'-separated fields; it has exactly 4: \
                 {{trace-id}}:{{span-id}}:{{parent-span-id}}:{{flags}}"
            )?,
            JaegerError::Id { field, problem } => {
                write!(f, "uber-trace-id {} {problem}", field.name())?
            }
            JaegerError::Flags { found } => write!(
                f,
                "uber-trace-id flags {found:?} is not one or two hex digits (01 sampled, 03 \
                 sampled and debug, 00 not sampled)"
            )?,
            JaegerError::BaggageKey { header } => write!(
                f,
                "header {header:?} names no baggage key: uberctx- is followed by the key, an \
                 HTTP token"
            )?,
            JaegerError::BaggageValue { key, problem } => {
                write!(f, "value of uberctx-{key} {problem}")?
            }
        }
        write!(f, " ({})", self.section())
    }
}

impl std::error::Error for JaegerError {}

/// Parses an `uber-trace-id` value (without surrounding whitespace).
pub fn parse_uber_trace_id(value: &str) -> Result<UberTraceId, JaegerError> {
    if value.is_empty() {
        return Err(JaegerError::Empty);
    }
    let url_encoded = value.contains('%');
    let decoded = percent::decode(value).map_err(JaegerError::BadPercent)?;
    let fields: Vec<&str> = decoded.split(':').collect();
    let [trace_id, span_id, parent_span_id, flags] = fields.as_slice() else {
        return Err(JaegerError::FieldCount {
            found: saturate(fields.len()),
        });
    };
    let id = |field, text: &str, max| {
        hex_up_to(text, max).map_err(|problem| JaegerError::Id { field, problem })
    };
    let trace_id = TraceId(id(JaegerField::TraceId, trace_id, 32)?);
    // At most 16 digits: fits in 64 bits.
    let span_id = SpanId(id(JaegerField::SpanId, span_id, 16)? as u64);
    let flags = parse_flags(flags).ok_or_else(|| JaegerError::Flags {
        found: shorten(flags),
    })?;
    Ok(UberTraceId {
        trace_id,
        span_id,
        parent_span_id: shorten(parent_span_id),
        flags,
        url_encoded,
    })
}

/// One or two hex digits, either case.
fn parse_flags(text: &str) -> Option<u8> {
    if text.is_empty() || text.len() > 2 {
        return None;
    }
    text.chars().try_fold(0u8, |acc, c| {
        // One digit is at most 15; two fit in a byte.
        Some((acc << 4) | c.to_digit(16)? as u8)
    })
}

/// The baggage key a header name carries, if it is an `uberctx-` header: `Some(Ok(key))`,
/// `Some(Err(..))` for `uberctx-` with no valid key, `None` for any other header.
pub fn uberctx_key(name: &str) -> Option<Result<&str, JaegerError>> {
    let prefix = name.get(..UBERCTX_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(UBERCTX_PREFIX) {
        return None;
    }
    let key = &name[UBERCTX_PREFIX.len()..];
    if key.is_empty() || !key.chars().all(is_tchar) {
        return Some(Err(JaegerError::BaggageKey {
            header: shorten(name),
        }));
    }
    Some(Ok(key))
}

/// Decodes an `uberctx-{key}` value.
pub fn parse_uberctx_value(key: &str, value: &str) -> Result<String, JaegerError> {
    percent::decode(value).map_err(|problem| JaegerError::BaggageValue {
        key: shorten(key),
        problem,
    })
}
