//! Why a B3 header was not used: one variant per rule, each citing its section of the README
//! (<https://github.com/openzipkin/b3-propagation>) and explaining the rule.

use super::parse::{B3Encoding, B3Field, B3, X_B3_SAMPLED};
use crate::propagation::hexid::IdProblem;
use crate::propagation::spec::{b3 as spec, Rule, SpecSection};
use std::fmt;

/// Why a B3 header was not used. `Display` ends with the section cited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum B3Error {
    /// `b3` is empty.
    Empty,
    /// `b3` has more than four `-`-separated fields.
    TooManyFields { found: u32 },
    /// A required field is absent.
    Missing {
        encoding: B3Encoding,
        field: B3Field,
    },
    /// An id breaks its format.
    Id {
        encoding: B3Encoding,
        field: B3Field,
        problem: IdProblem,
    },
    /// A sampling state that is none of the encoding's values.
    SamplingState { encoding: B3Encoding, found: String },
}

impl B3Error {
    /// The header the problem is in.
    pub fn header(&self) -> &'static str {
        match self {
            B3Error::Empty | B3Error::TooManyFields { .. } => B3,
            B3Error::Missing { encoding, field }
            | B3Error::Id {
                encoding, field, ..
            } => match encoding {
                B3Encoding::Single => B3,
                B3Encoding::Multi => field.header(),
            },
            B3Error::SamplingState { encoding, .. } => match encoding {
                B3Encoding::Single => B3,
                B3Encoding::Multi => X_B3_SAMPLED,
            },
        }
    }

    pub fn section(&self) -> SpecSection {
        match self {
            B3Error::Empty | B3Error::TooManyFields { .. } => spec::SINGLE_HEADER,
            B3Error::Missing { encoding, field }
            | B3Error::Id {
                encoding, field, ..
            } => field.section(*encoding),
            B3Error::SamplingState { encoding, .. } => B3Field::Sampled.section(*encoding),
        }
    }

    pub fn rule(&self) -> Rule {
        match self {
            B3Error::Empty | B3Error::TooManyFields { .. } => spec::SINGLE_HEADER_RULE,
            B3Error::Missing {
                encoding: B3Encoding::Multi,
                ..
            } => spec::MULTIPLE_HEADERS_RULE,
            B3Error::Missing {
                encoding: B3Encoding::Single,
                ..
            } => spec::SINGLE_HEADER_RULE,
            B3Error::Id { field, .. } => field.rule(),
            B3Error::SamplingState { .. } => spec::SAMPLING_STATE_RULE,
        }
    }
}

impl fmt::Display for B3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            B3Error::Empty => f.write_str(
                "b3 is empty: expected {TraceId}-{SpanId}-{SamplingState}-{ParentSpanId} or a \
                 sampling state alone",
            )?,
            B3Error::TooManyFields { found } => write!(
                f,
                "b3 has {found} '-'-separated fields; at most 4: \
                 {{TraceId}}-{{SpanId}}-{{SamplingState}}-{{ParentSpanId}}"
            )?,
            B3Error::Missing {
                encoding: B3Encoding::Single,
                field,
            } => write!(
                f,
                "b3 has no {}: TraceId and SpanId are both required unless only a sampling \
                 state is sent",
                field.name()
            )?,
            B3Error::Missing {
                encoding: B3Encoding::Multi,
                field,
            } => write!(
                f,
                "{} is missing: X-B3-TraceId and X-B3-SpanId are both required",
                field.header()
            )?,
            B3Error::Id {
                encoding,
                field,
                problem,
            } => match encoding {
                B3Encoding::Single => write!(f, "b3 {} {problem}", field.name())?,
                B3Encoding::Multi => write!(f, "{} {problem}", field.header())?,
            },
            B3Error::SamplingState {
                encoding: B3Encoding::Single,
                found,
            } => write!(
                f,
                "b3 sampling state {found:?} is not 1 (accept), 0 (deny) or d (debug)"
            )?,
            B3Error::SamplingState {
                encoding: B3Encoding::Multi,
                found,
            } => write!(
                f,
                "x-b3-sampled {found:?} is not 1 (accept) or 0 (deny), nor the true or false \
                 older tracers sent"
            )?,
        }
        write!(f, " ({})", self.section())
    }
}

impl std::error::Error for B3Error {}
