//! Trace and span identifiers, and trace flags, as W3C Trace Context defines them.
//!
//! Spec: <https://www.w3.org/TR/trace-context-2/#trace-id> and `#parent-id`, `#trace-flags`.
//! On the wire ids are lowercase hex of fixed width; an all-zero id is invalid.

use std::fmt;

/// A 16-byte trace id. `TraceId::INVALID` (all zeros) never names a real trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TraceId(pub u128);

/// An 8-byte span id. `SpanId::INVALID` (all zeros) never names a real span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SpanId(pub u64);

/// The `trace-flags` byte of a `traceparent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TraceFlags(pub u8);

/// Why a hex id could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    /// The text is not exactly the required number of characters.
    WrongLength { expected: usize, found: usize },
    /// A character outside `0-9a-f` (uppercase is not allowed on the wire).
    NotLowerHex,
    /// All zeros: the spec reserves this value as invalid.
    AllZero,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::WrongLength { expected, found } => {
                write!(f, "must be {expected} hex characters, found {found}")
            }
            IdError::NotLowerHex => f.write_str("must be lowercase hex (0-9, a-f)"),
            IdError::AllZero => f.write_str("must not be all zeros"),
        }
    }
}

/// Parses exactly `width` lowercase hex digits; shared by both id types.
fn parse_lower_hex(text: &str, width: usize) -> Result<u128, IdError> {
    if text.len() != width {
        return Err(IdError::WrongLength {
            expected: width,
            found: text.chars().count(),
        });
    }
    let mut value: u128 = 0;
    for b in text.bytes() {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => return Err(IdError::NotLowerHex),
        };
        value = (value << 4) | u128::from(digit);
    }
    if value == 0 {
        return Err(IdError::AllZero);
    }
    Ok(value)
}

impl TraceId {
    pub const INVALID: TraceId = TraceId(0);

    /// Parses 32 lowercase hex characters; all zeros is rejected.
    pub fn from_hex(text: &str) -> Result<Self, IdError> {
        parse_lower_hex(text, 32).map(TraceId)
    }

    pub fn is_valid(self) -> bool {
        self != Self::INVALID
    }
}

impl SpanId {
    pub const INVALID: SpanId = SpanId(0);

    /// Parses 16 lowercase hex characters; all zeros is rejected.
    pub fn from_hex(text: &str) -> Result<Self, IdError> {
        // 16 hex digits always fit in u64.
        parse_lower_hex(text, 16).map(|v| SpanId(v as u64))
    }

    pub fn is_valid(self) -> bool {
        self != Self::INVALID
    }
}

impl TraceFlags {
    /// Bit 0: the caller may have recorded this trace.
    pub const SAMPLED: TraceFlags = TraceFlags(0x01);
    /// Bit 1 (Level 2): the trace id's rightmost 7 bytes are random.
    pub const RANDOM: TraceFlags = TraceFlags(0x02);

    pub fn is_sampled(self) -> bool {
        self.0 & Self::SAMPLED.0 != 0
    }

    pub fn is_random(self) -> bool {
        self.0 & Self::RANDOM.0 != 0
    }

    #[must_use]
    pub fn with_sampled(self, sampled: bool) -> Self {
        if sampled {
            TraceFlags(self.0 | Self::SAMPLED.0)
        } else {
            TraceFlags(self.0 & !Self::SAMPLED.0)
        }
    }
}

impl fmt::Display for TraceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl fmt::Display for SpanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Display for TraceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const TRACE_ID_CASES: &[(&str, Result<u128, IdError>)] = &[
        ("4bf92f3577b34da6a3ce929d0e0e4736", Ok(0x4bf92f3577b34da6a3ce929d0e0e4736)),
        ("00000000000000000000000000000001", Ok(1)),
        ("00000000000000000000000000000000", Err(IdError::AllZero)),
        ("4BF92F3577B34DA6A3CE929D0E0E4736", Err(IdError::NotLowerHex)),
        ("4bf92f3577b34da6a3ce929d0e0e473",  Err(IdError::WrongLength { expected: 32, found: 31 })),
        ("4bf92f3577b34da6a3ce929d0e0e4736a", Err(IdError::WrongLength { expected: 32, found: 33 })),
        ("4bf92f3577b34da6a3ce929d0e0e473g", Err(IdError::NotLowerHex)),
    ];

    #[test]
    fn trace_id_parsing_follows_the_spec() {
        for (text, expected) in TRACE_ID_CASES {
            assert_eq!(
                TraceId::from_hex(text).map(|t| t.0),
                *expected,
                "input {text:?}"
            );
        }
    }

    #[test]
    fn ids_display_as_fixed_width_lowercase_hex() {
        assert_eq!(
            TraceId(0xab).to_string(),
            "000000000000000000000000000000ab"
        );
        assert_eq!(SpanId(0xAB).to_string(), "00000000000000ab");
        assert_eq!(TraceFlags(1).to_string(), "01");
        let id = SpanId(0x00f067aa0ba902b7);
        assert_eq!(SpanId::from_hex(&id.to_string()), Ok(id));
    }

    #[test]
    fn flags_report_their_bits() {
        assert!(TraceFlags(0x03).is_sampled() && TraceFlags(0x03).is_random());
        assert!(!TraceFlags(0x02).is_sampled());
        assert_eq!(TraceFlags(0x02).with_sampled(true), TraceFlags(0x03));
        assert_eq!(TraceFlags(0x03).with_sampled(false), TraceFlags(0x02));
    }
}
