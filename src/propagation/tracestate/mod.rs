//! The `tracestate` header: an ordered list of vendor `key=value` members.
//!
//! Spec: W3C Trace Context Level 2, §3.3 and §3.5
//! (<https://www.w3.org/TR/trace-context-2/#tracestate-header>).
//!
//! - At most 32 list-members; spaces and tabs around members are ignored and empty members are
//!   tolerated (§3.3.2), so combining several `tracestate` headers with `,` is always safe.
//! - Keys: a simple key `[a-z][a-z0-9_\-*/]{0,255}`, or a multi-tenant key `tenant@system` with a
//!   tenant of 1–241 characters starting with `[a-z0-9]` and a system of 1–14 characters starting
//!   with `[a-z]`. This is the key grammar the official W3C test suite checks; the Level 2 draft
//!   text relaxes it to `[a-z0-9][a-z0-9_\-*/@]{0,255}`, which accepts a superset (see
//!   `docs/w3c-conformance.md`). Keeping the stricter grammar means we never emit a key that a
//!   Level 1 participant would reject.
//! - Values: 1–256 printable ASCII characters (0x20–0x7E) except `,` and `=`, not ending in a
//!   space (§3.3.2.2.2).
//! - A key appears at most once (§3.3.3); a list that repeats a key is invalid as a whole.
//! - Updating or adding a member moves it to the front; a list that would exceed 32 members
//!   loses its right-most member (§3.3.2, §3.5).

mod grammar;

use super::spec::{self, SpecSection};
use super::traceparent::{is_ows, shorten};
use crate::lean::quoted;
use grammar::{saturate_u32, validate_key, validate_value};
use std::fmt;
use std::str::FromStr;

pub use grammar::{KeyProblem, ValueProblem};

pub const MAX_MEMBERS: usize = 32;
pub const MAX_SIMPLE_KEY_LEN: usize = 256;
pub const MAX_TENANT_LEN: usize = 241;
pub const MAX_SYSTEM_LEN: usize = 14;
pub const MAX_VALUE_LEN: usize = 256;

/// A valid `tracestate`: unique keys, at most [`MAX_MEMBERS`], left-most member first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TraceState {
    members: Vec<(String, String)>,
}

impl TraceState {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Members in wire order (left-most first).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.members.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Adds a new member at the front (§3.5 "Add a new key/value pair"). Adding must not
    /// duplicate a key, so an existing key is an error: use [`TraceState::update`] to change it.
    /// Returns the right-most member if it had to be dropped to stay within 32 (§3.3.2).
    pub fn insert(
        &mut self,
        key: &str,
        value: &str,
    ) -> Result<Option<(String, String)>, TracestateError> {
        validate_member(key, value)?;
        if self.get(key).is_some() {
            return Err(TracestateError::DuplicateKey { key: shorten(key) });
        }
        Ok(self.push_front(key, value))
    }

    /// Sets `key` to `value` and moves it to the front (§3.5 "Update an existing value"), adding
    /// it if absent: what a vendor does with its own entry on every hop. Returns the right-most
    /// member if it had to be dropped to stay within 32 (§3.3.2).
    pub fn update(
        &mut self,
        key: &str,
        value: &str,
    ) -> Result<Option<(String, String)>, TracestateError> {
        validate_member(key, value)?;
        self.remove(key);
        Ok(self.push_front(key, value))
    }

    /// Deletes `key` (§3.5 "Delete a key/value pair"); returns its value if it was present.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let index = self.members.iter().position(|(k, _)| k == key)?;
        Some(self.members.remove(index).1)
    }

    fn push_front(&mut self, key: &str, value: &str) -> Option<(String, String)> {
        self.members.insert(0, (key.to_string(), value.to_string()));
        if self.members.len() > MAX_MEMBERS {
            self.members.pop()
        } else {
            None
        }
    }
}

impl fmt::Display for TraceState {
    /// The header value: members joined by `,` with no optional whitespace (§3.3.2).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (key, value)) in self.members.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{key}={value}")?;
        }
        Ok(())
    }
}

impl FromStr for TraceState {
    type Err = TracestateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_tracestate(s)
    }
}

/// Parses a (possibly combined) `tracestate` value. An empty value is a valid, empty list.
pub fn parse_tracestate(value: &str) -> Result<TraceState, TracestateError> {
    let mut state = TraceState::new();
    let mut members = value
        .split(',')
        .map(|m| m.trim_matches(is_ows))
        .filter(|m| !m.is_empty());
    while let Some(member) = members.next() {
        let Some((key, value)) = member.split_once('=') else {
            return Err(TracestateError::MissingEquals {
                member: shorten(member),
            });
        };
        validate_member(key, value)?;
        if state.get(key).is_some() {
            return Err(TracestateError::DuplicateKey { key: shorten(key) });
        }
        if state.len() == MAX_MEMBERS {
            let found = MAX_MEMBERS + 1 + members.count();
            return Err(TracestateError::TooManyMembers {
                found: saturate_u32(found),
            });
        }
        state.members.push((key.to_string(), value.to_string()));
    }
    Ok(state)
}

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
    /// More than 32 list-members; `found` counts the non-empty members.
    TooManyMembers {
        found: u32,
    },
    /// The same key twice.
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
            TracestateError::DuplicateKey { .. } => spec::COMBINED_HEADER_VALUE,
        }
    }
}

impl fmt::Display for TracestateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TracestateError::MissingEquals { member } => write!(
                f,
                "list-member {} has no '=': every member is key=value",
                quoted(member)
            )?,
            TracestateError::InvalidKey { key, problem } => {
                write!(f, "key {} {problem}", quoted(key))?
            }
            TracestateError::InvalidValue { key, problem } => {
                write!(f, "value of key {} {problem}", quoted(key))?
            }
            TracestateError::TooManyMembers { found } => write!(
                f,
                "tracestate has {found} list-members; at most {MAX_MEMBERS} are allowed"
            )?,
            TracestateError::DuplicateKey { key } => write!(
                f,
                "key {} appears more than once; only one entry per key is allowed",
                quoted(key)
            )?,
        }
        write!(f, " ({})", self.section())
    }
}

impl std::error::Error for TracestateError {}

/// Validates one member as the `insert`/`update` API and the parser both need.
fn validate_member(key: &str, value: &str) -> Result<(), TracestateError> {
    validate_key(key).map_err(|problem| TracestateError::InvalidKey {
        key: shorten(key),
        problem,
    })?;
    validate_value(value).map_err(|problem| TracestateError::InvalidValue {
        key: shorten(key),
        problem,
    })
}
