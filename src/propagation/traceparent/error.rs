//! Why a `traceparent` is invalid: one variant per rule, each citing its section of the W3C
//! Trace Context Editor's Draft
//! (<https://w3c.github.io/trace-context/#traceparent-header-field-values>).

use crate::propagation::spec::{self, SpecSection};
use std::fmt;

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
                field.name(),
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
                    field.name(),
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
