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

use super::spec::{self, SpecSection};
use super::traceparent::{is_ows, shorten};
use std::fmt;
use std::str::FromStr;

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

/// What is wrong with a key (§3.3.2.2.1). Columns are 1-based within the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    TooLong { length: u32 },
    BadFirstCharacter { found: char },
    InvalidCharacter { column: u32, found: char },
    EmptyTenant,
    TenantTooLong { length: u32 },
    BadTenantFirstCharacter { found: char },
    EmptySystem,
    SystemTooLong { length: u32 },
    BadSystemFirstCharacter { found: char },
    MultipleAt,
}

/// What is wrong with a value (§3.3.2.2.2). Columns are 1-based within the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueProblem {
    Empty,
    TooLong { length: u32 },
    InvalidCharacter { column: u32, found: char },
    TrailingSpace,
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
                "key {key:?} appears more than once; only one entry per key is allowed"
            )?,
        }
        write!(f, " ({})", self.section())
    }
}

impl std::error::Error for TracestateError {}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyProblem::Empty => f.write_str("is empty"),
            KeyProblem::TooLong { length } => write!(
                f,
                "is {length} characters long; a key has at most {MAX_SIMPLE_KEY_LEN}"
            ),
            KeyProblem::BadFirstCharacter { found } => write!(
                f,
                "starts with {found:?}: a key starts with a lowercase letter a-z \
                 (a digit is allowed only in a tenant@system key)"
            ),
            KeyProblem::InvalidCharacter { column, found } => {
                write!(
                    f,
                    "contains {found:?} at character {column}: keys allow only a-z, 0-9, \
                     '_', '-', '*', '/' and one '@'"
                )?;
                if found.is_ascii_uppercase() {
                    f.write_str(" (keys are lowercase)")?;
                }
                Ok(())
            }
            KeyProblem::EmptyTenant => {
                f.write_str("has nothing before '@': a multi-tenant key is tenant@system")
            }
            KeyProblem::TenantTooLong { length } => write!(
                f,
                "has a {length}-character tenant id before '@'; at most {MAX_TENANT_LEN} are allowed"
            ),
            KeyProblem::BadTenantFirstCharacter { found } => {
                write!(f, "has a tenant id starting with {found:?}: it must start with a-z or 0-9")
            }
            KeyProblem::EmptySystem => {
                f.write_str("has nothing after '@': a multi-tenant key is tenant@system")
            }
            KeyProblem::SystemTooLong { length } => write!(
                f,
                "has a {length}-character system id after '@'; at most {MAX_SYSTEM_LEN} are allowed"
            ),
            KeyProblem::BadSystemFirstCharacter { found } => {
                write!(f, "has a system id starting with {found:?}: it must start with a-z")
            }
            KeyProblem::MultipleAt => f.write_str("contains more than one '@'"),
        }
    }
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueProblem::Empty => {
                f.write_str("is empty: a value has at least one non-space character")
            }
            ValueProblem::TooLong { length } => {
                write!(
                    f,
                    "is {length} characters long; at most {MAX_VALUE_LEN} are allowed"
                )
            }
            ValueProblem::InvalidCharacter { column, found } => write!(
                f,
                "contains {found:?} at character {column}: values allow printable ASCII \
                 (0x20-0x7E) except ',' and '='"
            ),
            ValueProblem::TrailingSpace => {
                f.write_str("ends with a space: the last character must not be a space")
            }
        }
    }
}

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

fn is_key_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '_' | '-' | '*' | '/')
}

fn validate_key(key: &str) -> Result<(), KeyProblem> {
    let Some((tenant, system)) = key.split_once('@') else {
        let first = key.chars().next().ok_or(KeyProblem::Empty)?;
        if !first.is_ascii_lowercase() {
            return Err(KeyProblem::BadFirstCharacter { found: first });
        }
        let length = check_key_chars(key, 1)?;
        if length > MAX_SIMPLE_KEY_LEN {
            return Err(KeyProblem::TooLong {
                length: saturate_u32(length),
            });
        }
        return Ok(());
    };
    if system.contains('@') {
        return Err(KeyProblem::MultipleAt);
    }
    let first = tenant.chars().next().ok_or(KeyProblem::EmptyTenant)?;
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(KeyProblem::BadTenantFirstCharacter { found: first });
    }
    let tenant_len = check_key_chars(tenant, 1)?;
    if tenant_len > MAX_TENANT_LEN {
        return Err(KeyProblem::TenantTooLong {
            length: saturate_u32(tenant_len),
        });
    }
    let first = system.chars().next().ok_or(KeyProblem::EmptySystem)?;
    if !first.is_ascii_lowercase() {
        return Err(KeyProblem::BadSystemFirstCharacter { found: first });
    }
    // The system id starts after the tenant and the '@'.
    let system_len = check_key_chars(system, tenant_len + 2)?;
    if system_len > MAX_SYSTEM_LEN {
        return Err(KeyProblem::SystemTooLong {
            length: saturate_u32(system_len),
        });
    }
    Ok(())
}

/// Checks every character of a key part; returns its length in characters.
fn check_key_chars(part: &str, first_column: usize) -> Result<usize, KeyProblem> {
    let mut length = 0;
    for c in part.chars() {
        if !is_key_char(c) {
            let column = saturate_u32(first_column + length);
            return Err(KeyProblem::InvalidCharacter { column, found: c });
        }
        length += 1;
    }
    Ok(length)
}

fn validate_value(value: &str) -> Result<(), ValueProblem> {
    let mut length = 0;
    for c in value.chars() {
        if !matches!(c, ' '..='~') || c == ',' || c == '=' {
            return Err(ValueProblem::InvalidCharacter {
                column: saturate_u32(length + 1),
                found: c,
            });
        }
        length += 1;
    }
    if length == 0 {
        return Err(ValueProblem::Empty);
    }
    if value.ends_with(' ') {
        // Also rejects an all-space value, which has no non-space character at all.
        return Err(if value.trim_start_matches(' ').is_empty() {
            ValueProblem::Empty
        } else {
            ValueProblem::TrailingSpace
        });
    }
    if length > MAX_VALUE_LEN {
        return Err(ValueProblem::TooLong {
            length: saturate_u32(length),
        });
    }
    Ok(())
}

fn saturate_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
