//! The `tracestate` key and value grammar, with a precise problem for each violation.
//!
//! Spec: W3C Trace Context, Editor's Draft (<https://w3c.github.io/trace-context/>), also Level 2
//! (<https://www.w3.org/TR/trace-context-2/>): §3.3.2.2.1 Key and §3.3.2.2.2 Value.
//!
//! - Key: `key = ( lcalpha / DIGIT ) 0*255 ( keychar )`,
//!   `keychar = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"`: a lowercase letter or a digit,
//!   then up to 255 key characters, `@` among them anywhere and any number of times. Level 1's
//!   `tenant@system` form, with its 241- and 14-character parts, is no longer a separate rule:
//!   `foo@`, `foo@bar@baz` and `t@` followed by 15 characters are all keys now.
//! - Value: `value = 0*255(chr) nblk-chr`: printable ASCII except `,` and `=`, not ending in a
//!   space.

use super::{MAX_KEY_LEN, MAX_VALUE_LEN};
use std::fmt;

/// What is wrong with a key (§3.3.2.2.1). Columns are 1-based within the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    TooLong { length: u32 },
    BadFirstCharacter { found: char },
    InvalidCharacter { column: u32, found: char },
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
                "is {length} characters long; a key has at most {MAX_KEY_LEN}"
            ),
            KeyProblem::BadFirstCharacter { found } => write!(
                f,
                "starts with {found:?}: a key starts with a lowercase letter a-z or a digit 0-9"
            ),
            KeyProblem::InvalidCharacter { column, found } => {
                write!(
                    f,
                    "contains {found:?} at character {column}: keys allow only a-z, 0-9, \
                     '_', '-', '*', '/' and '@'"
                )?;
                if found.is_ascii_uppercase() {
                    f.write_str(" (keys are lowercase)")?;
                }
                Ok(())
            }
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

/// `keychar`: what may follow the first character of a key.
fn is_key_char(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '_' | '-' | '*' | '/' | '@')
}

pub(super) fn validate_key(key: &str) -> Result<(), KeyProblem> {
    let first = key.chars().next().ok_or(KeyProblem::Empty)?;
    // `( lcalpha / DIGIT )`: '@' and the other key characters may not come first.
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err(KeyProblem::BadFirstCharacter { found: first });
    }
    // The characters are checked before the length, so a long key with a bad character is
    // reported for the character, which is the likelier mistake.
    let mut length = 0;
    for c in key.chars() {
        if !is_key_char(c) {
            return Err(KeyProblem::InvalidCharacter {
                column: saturate_u32(length + 1),
                found: c,
            });
        }
        length += 1;
    }
    if length > MAX_KEY_LEN {
        return Err(KeyProblem::TooLong {
            length: saturate_u32(length),
        });
    }
    Ok(())
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
