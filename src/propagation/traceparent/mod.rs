//! The `traceparent` header: parsing with a precise reason for every rejection, and formatting.
//!
//! Spec: W3C Trace Context Editor's Draft, §3.2
//! (<https://w3c.github.io/trace-context/#traceparent-header>).
//! Version `00` is parsed strictly: exactly `version-trace-id-parent-id-trace-flags`, 55
//! characters, lowercase hex. Higher versions are parsed forward-compatibly (§3.2.4): the first
//! four fields must have the version-00 shape and the flags must be followed by `-` or the end;
//! whatever follows is ignored. Version `ff` is forbidden. We always emit version `00` and clear
//! the flag bits this level does not define (§3.2.2.5.3, §4.1.2).

mod error;

use super::SpanContext;
use crate::model::{SpanId, TraceFlags, TraceId};
use std::fmt;

pub use error::{TraceparentError, TraceparentField};

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

    /// The version-00 header value (what `Display` prints), built without the formatting
    /// machinery because the simulator formats one per simulated hop.
    pub fn to_header_value(&self) -> String {
        let mut out = String::with_capacity(VERSION_00_LEN);
        out.push_str("00-");
        push_hex(&mut out, self.trace_id.0, 32);
        out.push('-');
        push_hex(&mut out, u128::from(self.parent_id.0), 16);
        out.push('-');
        push_hex(&mut out, u128::from(self.flags.0 & KNOWN_FLAGS), 2);
        out
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
        f.write_str(&self.to_header_value())
    }
}

/// Parses a `traceparent` value exactly as received (no whitespace trimming; see
/// [`super::extract`] for header handling).
pub fn parse_traceparent(value: &str) -> Result<TraceParent, TraceparentError> {
    if let Some(parsed) = parse_valid_version_00(value) {
        return Ok(parsed);
    }
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

/// The common case, a valid version-00 value, decoded in one pass over the bytes. Everything
/// else, including every invalid value, takes the field-by-field path that explains itself.
fn parse_valid_version_00(value: &str) -> Option<TraceParent> {
    let bytes = value.as_bytes();
    if bytes.len() != VERSION_00_LEN || !bytes.starts_with(b"00-") {
        return None;
    }
    // The length is exactly 55, so these positions exist.
    if bytes[35] != b'-' || bytes[52] != b'-' {
        return None;
    }
    let trace_id = decode_hex(&bytes[3..35])?;
    let parent_id = decode_hex(&bytes[36..52])?;
    let flags = decode_hex(&bytes[53..55])?;
    if trace_id == 0 || parent_id == 0 {
        return None;
    }
    // 16 and 2 hex digits always fit.
    Some(TraceParent::new(
        TraceId(trace_id),
        SpanId(parent_id as u64),
        TraceFlags(flags as u8),
    ))
}

fn decode_hex(digits: &[u8]) -> Option<u128> {
    digits.iter().try_fold(0u128, |acc, &b| {
        Some((acc << 4) | u128::from(lower_hex_digit(char::from(b))?))
    })
}

/// Appends `value` as exactly `digits` lowercase hex digits.
fn push_hex(out: &mut String, value: u128, digits: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Last digit first with constant shifts, into a buffer appended once: a u128 shift by a
    // variable amount is a library call in wasm32, and this runs for every simulated call.
    let mut buf = [b'0'; 32];
    let (mut rest, n) = (value, (digits as usize).min(buf.len()));
    for digit in buf[..n].iter_mut().rev() {
        *digit = HEX[(rest & 0xf) as usize];
        rest >>= 4;
    }
    out.push_str(std::str::from_utf8(&buf[..n]).unwrap_or_default());
}

/// Formats `ctx` as a version-00 `traceparent` with only the known flag bits.
pub fn format_traceparent(ctx: &SpanContext) -> String {
    TraceParent::new(ctx.trace_id, ctx.span_id, ctx.flags).to_header_value()
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
