//! The `tracestate` key and value grammar, with a precise problem for each violation.
//!
//! Spec: W3C Trace Context Level 2 §3.3.2.2.1 Key and §3.3.2.2.2 Value
//! (<https://www.w3.org/TR/trace-context-2/#key>, `#value`). Keys follow the simple /
//! multi-tenant grammar the official W3C test suite checks (see the parent module).

use super::{MAX_SIMPLE_KEY_LEN, MAX_SYSTEM_LEN, MAX_TENANT_LEN, MAX_VALUE_LEN};
use crate::lean::quoted_char;
use std::fmt;

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
                "starts with {}: a key starts with a lowercase letter a-z \
                 (a digit is allowed only in a tenant@system key)",
                quoted_char(*found)
            ),
            KeyProblem::InvalidCharacter { column, found } => {
                write!(
                    f,
                    "contains {} at character {column}: keys allow only a-z, 0-9, \
                     '_', '-', '*', '/' and one '@'",
                    quoted_char(*found)
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
                write!(
                    f,
                    "has a tenant id starting with {}: it must start with a-z or 0-9",
                    quoted_char(*found)
                )
            }
            KeyProblem::EmptySystem => {
                f.write_str("has nothing after '@': a multi-tenant key is tenant@system")
            }
            KeyProblem::SystemTooLong { length } => write!(
                f,
                "has a {length}-character system id after '@'; at most {MAX_SYSTEM_LEN} are allowed"
            ),
            KeyProblem::BadSystemFirstCharacter { found } => {
                write!(
                    f,
                    "has a system id starting with {}: it must start with a-z",
                    quoted_char(*found)
                )
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
                "contains {} at character {column}: values allow printable ASCII \
                 (0x20-0x7E) except ',' and '='",
                quoted_char(*found)
            ),
            ValueProblem::TrailingSpace => {
                f.write_str("ends with a space: the last character must not be a space")
            }
        }
    }
}

fn is_key_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '_' | '-' | '*' | '/')
}

pub(super) fn validate_key(key: &str) -> Result<(), KeyProblem> {
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

pub(super) fn validate_value(value: &str) -> Result<(), ValueProblem> {
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

pub(super) fn saturate_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
