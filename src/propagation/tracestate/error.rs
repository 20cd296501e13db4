//! Why a `tracestate` (or a member given to [`TraceState::insert`](super::TraceState::insert))
//! is refused, each reason citing the rule it enforces.
//!
//! Spec: W3C Trace Context Editor's Draft, <https://w3c.github.io/trace-context/>, §3.3.2 and
//! §3.5.

use super::grammar::{KeyProblem, ValueProblem};
use super::MAX_MEMBERS;
use crate::propagation::spec::{self, Rule, SpecSection};
use std::fmt;

/// Why a `tracestate` is invalid. A receiver discards the whole header but keeps the trace.
/// `Display` names the broken rule and ends with the spec section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TracestateError {
    /// A non-empty list-member without `=`.
    MissingEquals {
        member: String,
    },
    InvalidKey {
        key: String,
        problem: KeyProblem,
    },
    InvalidValue {
        key: String,
        problem: ValueProblem,
    },
    /// More than 32 list-members; `found` counts the non-empty members, repeats included.
    TooManyMembers {
        found: u32,
    },
    /// [`TraceState::insert`](super::TraceState::insert) of a key the list already has. A
    /// received list that repeats a key is not an error: its later entries are discarded.
    DuplicateKey {
        key: String,
    },
}

impl TracestateError {
    pub fn section(&self) -> SpecSection {
        match self {
            TracestateError::MissingEquals { .. } => spec::LIST,
            TracestateError::InvalidKey { .. } => spec::KEY,
            TracestateError::InvalidValue { .. } => spec::VALUE,
            TracestateError::TooManyMembers { .. } => spec::TRACESTATE_FIELD_VALUES,
            TracestateError::DuplicateKey { .. } => spec::MUTATING_TRACESTATE,
        }
    }

    /// The rule this breaks, in plain words (its section is [`TracestateError::section`]).
    pub fn rule(&self) -> Rule {
        match self {
            TracestateError::MissingEquals { .. } => spec::TRACESTATE_LIST_RULE,
            TracestateError::InvalidKey { .. } => spec::TRACESTATE_KEY_RULE,
            TracestateError::InvalidValue { .. } => spec::TRACESTATE_VALUE_RULE,
            TracestateError::TooManyMembers { .. } => spec::TRACESTATE_MEMBER_COUNT_RULE,
            TracestateError::DuplicateKey { .. } => spec::TRACESTATE_DUPLICATE_RULE,
        }
    }
}

impl fmt::Display for TracestateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TracestateError::MissingEquals { member } => write!(
                f,
                "list-member {member:?} has no '=': every member is key=value"
            )?,
            TracestateError::InvalidKey { key, problem } => write!(f, "key {key:?} {problem}")?,
            TracestateError::InvalidValue { key, problem } => {
                write!(f, "value of key {key:?} {problem}")?
            }
            TracestateError::TooManyMembers { found } => write!(
                f,
                "tracestate has {found} list-members; at most {MAX_MEMBERS} are allowed"
            )?,
            TracestateError::DuplicateKey { key } => write!(
                f,
                "key {key:?} is already in the list: adding it again would repeat it, \
                 so update it instead"
            )?,
        }
        write!(f, " ({})", self.section())
    }
}

impl std::error::Error for TracestateError {}
