//! The `traceparent` header: parsing with a precise reason for every rejection, and formatting.
//!
//! Spec: W3C Trace Context Level 2, §3.2 (<https://www.w3.org/TR/trace-context-2/#traceparent-header>).
//! Version `00` is parsed strictly: exactly `version-trace-id-parent-id-trace-flags`, 55
//! characters, lowercase hex. Higher versions are parsed forward-compatibly (§3.2.4): the first
//! four fields must have the version-00 shape and the flags must be followed by `-` or the end;
//! whatever follows is ignored. Version `ff` is forbidden. We always emit version `00` and clear
//! the flag bits this level does not define (§3.2.2.5.3, §4.1.2).

use super::spec::{self, SpecSection};
use super::SpanContext;
use crate::model::{SpanId, TraceFlags, TraceId};
use std::fmt;

/// The only version this implementation emits.
pub const SUPPORTED_VERSION: u8 = 0x00;
/// Version `ff` is forbidden (§3.2.2.1).
pub const FORBIDDEN_VERSION: u8 = 0xff;
/// Flag bits Level 2 defines: sampled (bit 0) and random trace id (bit 1). Others are sent as zero.
pub const KNOWN_FLAGS: u8 = TraceFlags::SAMPLED.0 | TraceFlags::RANDOM.0;
/// Length of a version-00 value: `2 + 1 + 32 + 1 + 16 + 1 + 2`.
pub const VERSION_00_LEN: usize = 55;

/// A parsed `traceparent`. `flags` keeps every bit that was received, so an inspector can show
/// them; [`TraceParent::span_context`] and the formatter keep only [`KNOWN_FLAGS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceParent {
    pub version: u8,
    pub trace_id: TraceId,
    pub parent_id: SpanId,
    pub flags: TraceFlags,
}

impl TraceParent {
    /// A version-00 `traceparent` for the given ids.
    pub fn new(trace_id: TraceId, parent_id: SpanId, flags: TraceFlags) -> Self {
        TraceParent {
            version: SUPPORTED_VERSION,
            trace_id,
            parent_id,
            flags,
        }
    }

    /// §3.2.2.5.1: the caller may have recorded trace data.
    pub fn is_sampled(&self) -> bool {
        self.flags.is_sampled()
    }

    /// §3.2.2.5.2: at least the right-most 7 bytes of the trace id are random.
    pub fn is_random(&self) -> bool {
        self.flags.is_random()
    }

    /// The context this header hands to the receiving service; unknown flag bits are dropped
    /// because the spec says a participant sets them to zero on outgoing requests (§4.1.2).
    pub fn span_context(&self, trace_state: String) -> SpanContext {
        SpanContext {
            trace_id: self.trace_id,
            span_id: self.parent_id,
            flags: TraceFlags(self.flags.0 & KNOWN_FLAGS),
            trace_state,
        }
    }
}

impl fmt::Display for TraceParent {
    /// Always version `00` with only the known flag bits: the version downgrade the spec
    /// prescribes when re-emitting a higher version (§3.4 "Downgrade the version").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02x}-{}-{}-{:02x}",
            SUPPORTED_VERSION,
            self.trace_id,
            self.parent_id,
            self.flags.0 & KNOWN_FLAGS
        )
    }
}

/// The four fields of a `traceparent`, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceparentField {
    Version,
    TraceId,
    ParentId,
    TraceFlags,
}

impl TraceparentField {
    /// Width in hex digits.
    pub fn width(self) -> u32 {
        match self {
            TraceparentField::Version | TraceparentField::TraceFlags => 2,
            TraceparentField::TraceId => 32,
            TraceparentField::ParentId => 16,
        }
    }

    /// The name the spec's ABNF uses.
    pub fn name(self) -> &'static str {
        match self {
            TraceparentField::Version => "version",
            TraceparentField::TraceId => "trace-id",
            TraceparentField::ParentId => "parent-id",
            TraceparentField::TraceFlags => "trace-flags",
        }
    }

    pub fn section(self) -> SpecSection {
        match self {
            TraceparentField::Version => spec::VERSION,
            TraceparentField::TraceId => spec::TRACE_ID,
            TraceparentField::ParentId => spec::PARENT_ID,
            TraceparentField::TraceFlags => spec::TRACE_FLAGS,
        }
    }
}

/// Why a `traceparent` value is invalid. A receiver that gets any of these restarts the trace.
/// `Display` names the broken rule and ends with the spec section, e.g. `(§3.2.2.1 version)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceparentError {
    /// The value is empty or only whitespace.
    Empty,
    /// Spaces or tabs around the value (HTTP strips these before parsing; raw text may not have them).
    SurroundingWhitespace,
    /// The value ends before this field begins.
    MissingField { field: TraceparentField },
    /// A field has the wrong number of characters. `text` is the field (shortened if long).
    WrongLength {
        field: TraceparentField,
        expected: u32,
        found: u32,
        text: String,
    },
    /// A character that is not lowercase hex; `column` is 1-based within the whole value.
    InvalidCharacter {
        field: TraceparentField,
        column: u32,
        found: char,
    },
    /// Version `ff`.
    ForbiddenVersion,
    /// An all-zero trace-id or parent-id.
    AllZero { field: TraceparentField },
    /// Version `00` followed by more data; only higher versions may add fields.
    TrailingData { extra: String },
}

impl TraceparentError {
    /// The section of the spec that the broken rule comes from (for a "read the spec" link).
    pub fn section(&self) -> SpecSection {
        match self {
            TraceparentError::Empty | TraceparentError::SurroundingWhitespace => {
                spec::TRACEPARENT_FIELD_VALUES
            }
            TraceparentError::MissingField { .. } | TraceparentError::TrailingData { .. } => {
                spec::VERSION_FORMAT
            }
            TraceparentError::WrongLength { field, .. }
            | TraceparentError::InvalidCharacter { field, .. }
            | TraceparentError::AllZero { field } => field.section(),
            TraceparentError::ForbiddenVersion => spec::VERSION,
        }
    }
}

impl fmt::Display for TraceparentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceparentError::Empty => f.write_str(
                "traceparent is empty: expected version-trace-id-parent-id-trace-flags, \
                 e.g. 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            )?,
            TraceparentError::SurroundingWhitespace => f.write_str(
                "traceparent has leading or trailing whitespace: the value is exactly \
                 version-trace-id-parent-id-trace-flags (HTTP removes whitespace around a \
                 header value before it is parsed)",
            )?,
            TraceparentError::MissingField { field } => write!(
                f,
                "traceparent ends before the {}: expected '-' and {} lowercase hex digits",
                field.name(),
                field.width()
            )?,
            TraceparentError::WrongLength {
                field,
                expected,
                found,
                text,
            } => write!(
                f,
                "{} must be exactly {expected} lowercase hex digits, found {found} ({text:?})",
                field.name()
            )?,
            TraceparentError::InvalidCharacter {
                field,
                column,
                found,
            } => {
                write!(
                    f,
                    "{} contains {found:?} at character {column}: only lowercase hex digits \
                     0-9 and a-f are allowed",
                    field.name()
                )?;
                if found.is_ascii_hexdigit() {
                    f.write_str(" (uppercase hex is invalid)")?;
                }
            }
            TraceparentError::ForbiddenVersion => {
                f.write_str("version ff is forbidden: no traceparent with it is valid")?
            }
            TraceparentError::AllZero { field } => write!(
                f,
                "{} is all zeros, a value the spec reserves as invalid",
                field.name()
            )?,
            TraceparentError::TrailingData { extra } => write!(
                f,
                "version 00 is exactly 55 characters with four fields, but data follows the \
                 trace-flags: {extra:?} (only a higher version may add fields)"
            )?,
        }
        write!(f, " ({})", self.section())
    }
}

impl std::error::Error for TraceparentError {}

/// Parses a `traceparent` value exactly as received (no whitespace trimming; see
/// [`super::extract`] for header handling).
pub fn parse_traceparent(value: &str) -> Result<TraceParent, TraceparentError> {
    if value.trim_matches(is_ows).is_empty() {
        return Err(TraceparentError::Empty);
    }
    if value.starts_with(is_ows) || value.ends_with(is_ows) {
        return Err(TraceparentError::SurroundingWhitespace);
    }
    let mut fields = Fields {
        rest: Some(value),
        column: 1,
    };

    let version = fields.hex(TraceparentField::Version)?;
    if version == u128::from(FORBIDDEN_VERSION) {
        return Err(TraceparentError::ForbiddenVersion);
    }
    let trace_id = fields.hex(TraceparentField::TraceId)?;
    if trace_id == 0 {
        return Err(TraceparentError::AllZero {
            field: TraceparentField::TraceId,
        });
    }
    let parent_id = fields.hex(TraceparentField::ParentId)?;
    if parent_id == 0 {
        return Err(TraceparentError::AllZero {
            field: TraceparentField::ParentId,
        });
    }
    let flags = fields.hex(TraceparentField::TraceFlags)?;

    // Version 00 ends here; a higher version may carry more fields, which we must not interpret.
    if version == u128::from(SUPPORTED_VERSION) {
        if let Some(rest) = fields.rest {
            return Err(TraceparentError::TrailingData {
                extra: shorten(&format!("-{rest}")),
            });
        }
    }
    // Field widths were checked above, so these narrowing casts cannot lose bits.
    Ok(TraceParent {
        version: version as u8,
        trace_id: TraceId(trace_id),
        parent_id: SpanId(parent_id as u64),
        flags: TraceFlags(flags as u8),
    })
}

/// Formats `ctx` as a version-00 `traceparent` with only the known flag bits.
pub fn format_traceparent(ctx: &SpanContext) -> String {
    TraceParent::new(ctx.trace_id, ctx.span_id, ctx.flags).to_string()
}

/// Optional whitespace (RFC 9110 §5.6.3): space and horizontal tab.
pub(super) fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Longest excerpt of user input an error message repeats.
const EXCERPT_CHARS: usize = 40;

/// Keeps error messages short whatever the input size.
pub(super) fn shorten(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Walks the `-`-separated fields, remembering the column each starts at.
struct Fields<'a> {
    /// The unread text after the last consumed `-`; `None` once the value is exhausted.
    rest: Option<&'a str>,
    column: u32,
}

impl Fields<'_> {
    /// Consumes the next field and decodes it as exactly `field.width()` lowercase hex digits.
    fn hex(&mut self, field: TraceparentField) -> Result<u128, TraceparentError> {
        let Some(rest) = self.rest else {
            return Err(TraceparentError::MissingField { field });
        };
        let (text, after) = match rest.split_once('-') {
            Some((text, after)) => (text, Some(after)),
            None => (rest, None),
        };
        let mut value: u128 = 0;
        let mut count: u32 = 0;
        for c in text.chars() {
            let Some(digit) = lower_hex_digit(c) else {
                return Err(TraceparentError::InvalidCharacter {
                    field,
                    column: self.column.saturating_add(count),
                    found: c,
                });
            };
            count = count.saturating_add(1);
            // Excess digits are reported below as a length error; don't overflow meanwhile.
            if count <= 32 {
                value = (value << 4) | u128::from(digit);
            }
        }
        if count != field.width() {
            return Err(TraceparentError::WrongLength {
                field,
                expected: field.width(),
                found: count,
                text: shorten(text),
            });
        }
        self.rest = after;
        self.column = self.column.saturating_add(count).saturating_add(1);
        Ok(value)
    }
}

fn lower_hex_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        'a'..='f' => Some(c as u8 - b'a' + 10),
        _ => None,
    }
}
