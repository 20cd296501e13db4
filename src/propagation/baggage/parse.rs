//! Reading a `baggage-string` member by member (W3C Baggage §3.3.1,
//! <https://www.w3.org/TR/baggage/#definition>): each member is valid or dropped with the rule
//! it breaks; the limits of §3.3.2 drop whole members past 180 or 8192 bytes.

use super::{Baggage, BaggageEntry, BaggageProperty, MAX_BYTES, MAX_MEMBERS};
use crate::propagation::hexid::saturate;
use crate::propagation::percent::{self, is_baggage_octet, BadPercent};
use crate::propagation::propagator::trim_ows;
use crate::propagation::spec::{baggage as spec, Rule, SpecSection};
use crate::propagation::traceparent::shorten;
use std::fmt;

/// What is wrong with a key or property key (an HTTP token, RFC 9110 §5.6.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    Empty,
    InvalidCharacter { column: u32, found: char },
}

impl fmt::Display for TokenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenProblem::Empty => f.write_str("is empty"),
            TokenProblem::InvalidCharacter { column, found } => write!(
                f,
                "contains {found:?} at character {column}: a key is an HTTP token (letters, \
                 digits and ! # $ % & ' * + - . ^ _ ` | ~)"
            ),
        }
    }
}

/// Why a list-member was dropped. `Display` ends with the section cited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BaggageError {
    /// No `=` after the key.
    MissingEquals {
        member: String,
    },
    InvalidKey {
        key: String,
        problem: TokenProblem,
    },
    /// A character outside `baggage-octet` in the value (before decoding).
    InvalidValue {
        key: String,
        column: u32,
        found: char,
    },
    /// A `%` that does not start a `%XX` escape.
    BadPercent {
        key: String,
        problem: BadPercent,
    },
    /// A property that is empty, has an invalid key, or an invalid value.
    InvalidProperty {
        key: String,
        property: String,
    },
    /// The list already holds [`MAX_MEMBERS`]: this member and every later one are dropped.
    TooManyMembers {
        key: String,
    },
    /// Keeping this member would pass [`MAX_BYTES`]: it and every later one are dropped.
    TooManyBytes {
        key: String,
    },
}

impl BaggageError {
    pub fn rule(&self) -> Rule {
        match self {
            BaggageError::MissingEquals { .. } => spec::MEMBER_RULE,
            BaggageError::InvalidKey { .. } => spec::KEY_RULE,
            BaggageError::InvalidValue { .. } | BaggageError::BadPercent { .. } => spec::VALUE_RULE,
            BaggageError::InvalidProperty { .. } => spec::PROPERTY_RULE,
            BaggageError::TooManyMembers { .. } | BaggageError::TooManyBytes { .. } => {
                spec::LIMITS_RULE
            }
        }
    }

    pub fn section(&self) -> SpecSection {
        self.rule().section
    }
}

impl fmt::Display for BaggageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaggageError::MissingEquals { member } => write!(
                f,
                "list-member {member:?} has no '=': every member is key=value"
            )?,
            BaggageError::InvalidKey { key, problem } => write!(f, "key {key:?} {problem}")?,
            BaggageError::InvalidValue { key, column, found } => write!(
                f,
                "value of {key:?} contains {found:?} at character {column}: values are printable \
                 ASCII except space, '\"', ',', ';' and '\\'; anything else is percent-encoded"
            )?,
            BaggageError::BadPercent { key, problem } => write!(f, "value of {key:?} {problem}")?,
            BaggageError::InvalidProperty { key, property } => write!(
                f,
                "property {property:?} of {key:?} is not key=value or a key alone (keys are \
                 HTTP tokens, values printable ASCII except space, '\"', ',', ';' and '\\')"
            )?,
            BaggageError::TooManyMembers { key } => write!(
                f,
                "member {key:?} would be number {}: it and every later member are dropped",
                MAX_MEMBERS + 1
            )?,
            BaggageError::TooManyBytes { key } => write!(
                f,
                "member {key:?} would take the list past {MAX_BYTES} bytes: it and every later \
                 member are dropped"
            )?,
        }
        write!(f, " ({})", self.section())
    }
}

impl std::error::Error for BaggageError {}

/// A member that was not kept, as received (shortened), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DroppedMember {
    pub member: String,
    pub error: BaggageError,
}

/// A received baggage-string: the entries kept and the members dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedBaggage {
    pub baggage: Baggage,
    pub dropped: Vec<DroppedMember>,
    /// Keys that appeared more than once; the last value was kept.
    pub repeated_keys: Vec<String>,
}

/// Parses a (possibly combined) `baggage` value. Empty members, as combining headers with a
/// trailing comma makes, are skipped (RFC 9110 §5.6.1.2 asks recipients to accept them).
pub fn parse_baggage(value: &str) -> ParsedBaggage {
    let mut parsed = ParsedBaggage::default();
    let mut members = 0usize;
    let mut bytes = 0usize;
    let mut over_limit: Option<fn(String) -> BaggageError> = None;
    for raw in value.split(',').map(trim_ows).filter(|m| !m.is_empty()) {
        let entry = match parse_member(raw) {
            Ok(entry) => entry,
            Err(error) => {
                parsed.dropped.push(dropped(raw, error));
                continue;
            }
        };
        let size = bytes + usize::from(members > 0) + raw.len();
        if over_limit.is_none() && members == MAX_MEMBERS {
            over_limit = Some(|key| BaggageError::TooManyMembers { key });
        } else if over_limit.is_none() && size > MAX_BYTES {
            over_limit = Some(|key| BaggageError::TooManyBytes { key });
        }
        if let Some(error) = over_limit {
            parsed
                .dropped
                .push(dropped(raw, error(shorten(&entry.key))));
            continue;
        }
        members += 1;
        bytes = size;
        let key = entry.key.clone();
        if parsed.baggage.replace(entry).is_some() && !parsed.repeated_keys.contains(&key) {
            parsed.repeated_keys.push(key);
        }
    }
    parsed
}

fn dropped(raw: &str, error: BaggageError) -> DroppedMember {
    DroppedMember {
        member: shorten(raw),
        error,
    }
}

/// `key OWS "=" OWS value *( OWS ";" OWS property )`.
fn parse_member(raw: &str) -> Result<BaggageEntry, BaggageError> {
    let mut parts = raw.split(';');
    // `split` always yields a first part.
    let pair = parts.next().unwrap_or_default();
    let Some((key, value)) = pair.split_once('=') else {
        return Err(BaggageError::MissingEquals {
            member: shorten(raw),
        });
    };
    let key = trim_ows(key);
    validate_token(key).map_err(|problem| BaggageError::InvalidKey {
        key: shorten(key),
        problem,
    })?;
    let value = trim_ows(value);
    if let Some((i, found)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| !is_baggage_octet(*c))
    {
        return Err(BaggageError::InvalidValue {
            key: shorten(key),
            column: saturate(i + 1),
            found,
        });
    }
    let value = percent::decode(value).map_err(|problem| BaggageError::BadPercent {
        key: shorten(key),
        problem,
    })?;
    let properties = parts
        .map(|p| {
            parse_property(trim_ows(p)).ok_or_else(|| BaggageError::InvalidProperty {
                key: shorten(key),
                property: shorten(trim_ows(p)),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(BaggageEntry {
        key: key.to_string(),
        value,
        properties,
    })
}

/// `property = key OWS "=" OWS value / key OWS`.
fn parse_property(raw: &str) -> Option<BaggageProperty> {
    let (key, value) = match raw.split_once('=') {
        Some((key, value)) => (trim_ows(key), Some(trim_ows(value))),
        None => (raw, None),
    };
    validate_token(key).ok()?;
    if value.is_some_and(|v| !v.chars().all(is_baggage_octet)) {
        return None;
    }
    Some(BaggageProperty {
        key: key.to_string(),
        value: value.map(str::to_string),
    })
}

/// `token = 1*tchar` (RFC 9110 §5.6.2).
fn validate_token(text: &str) -> Result<(), TokenProblem> {
    if text.is_empty() {
        return Err(TokenProblem::Empty);
    }
    match text.chars().enumerate().find(|(_, c)| !is_tchar(*c)) {
        Some((i, found)) => Err(TokenProblem::InvalidCharacter {
            column: saturate(i + 1),
            found,
        }),
        None => Ok(()),
    }
}

pub(crate) fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '.'
                | '^'
                | '_'
                | '`'
                | '|'
                | '~'
        )
}

/// What [`Baggage::insert_entry`] checks: the key and every property, as a receiver would.
pub(super) fn validate_entry(entry: &BaggageEntry) -> Result<(), BaggageError> {
    validate_token(&entry.key).map_err(|problem| BaggageError::InvalidKey {
        key: shorten(&entry.key),
        problem,
    })?;
    for property in &entry.properties {
        let text = match &property.value {
            Some(value) => format!("{}={value}", property.key),
            None => property.key.clone(),
        };
        if parse_property(&text).as_ref() != Some(property) {
            return Err(BaggageError::InvalidProperty {
                key: shorten(&entry.key),
                property: shorten(&text),
            });
        }
    }
    Ok(())
}
