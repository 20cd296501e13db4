//! Hex ids as B3 and Jaeger write them, with a precise problem for each violation.
//!
//! B3 (<https://github.com/openzipkin/b3-propagation#identifiers>) fixes the width: a TraceId is
//! 16 or 32 lower-hex characters, a SpanId 16. Jaeger
//! (<https://www.jaegertracing.io/sdk-migration/#value>) lets ids be shorter, left-padded with
//! zeros, and says only "base16", so either case is read. Both make an all-zero id "no id", as
//! OpenTelemetry does.

use std::fmt;

/// What is wrong with an id. Columns are 1-based within the id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdProblem {
    Empty,
    /// B3: not one of the allowed widths (`expected` reads "16 or 32" or "16").
    WrongLength {
        expected: &'static str,
        found: u32,
    },
    /// Jaeger: more digits than the id has room for.
    TooLong {
        max: u32,
        found: u32,
    },
    /// Not a hex digit, or (B3) an uppercase one.
    InvalidCharacter {
        column: u32,
        found: char,
    },
    AllZero,
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdProblem::Empty => f.write_str("is empty"),
            IdProblem::WrongLength { expected, found } => write!(
                f,
                "must be exactly {expected} lower-hex characters, found {found}"
            ),
            IdProblem::TooLong { max, found } => {
                write!(f, "has {found} hex digits; at most {max} fit")
            }
            IdProblem::InvalidCharacter { column, found } => {
                write!(f, "contains {found:?} at character {column}")?;
                if found.is_ascii_hexdigit() {
                    f.write_str(": only lowercase hex is allowed")
                } else {
                    f.write_str(": only hex digits are allowed")
                }
            }
            IdProblem::AllZero => f.write_str("is all zeros, which is no id"),
        }
    }
}

/// Exactly one of `widths` lowercase hex digits, not all zero (B3).
pub(crate) fn lower_hex_fixed(
    text: &str,
    widths: &[usize],
    expected: &'static str,
) -> Result<u128, IdProblem> {
    let value = hex_digits(text, false)?;
    if !widths.contains(&text.len()) {
        return Err(IdProblem::WrongLength {
            expected,
            found: saturate(text.chars().count()),
        });
    }
    non_zero(value)
}

/// 1 to `max` hex digits of either case, not all zero; shorter ids are left-padded (Jaeger).
pub(crate) fn hex_up_to(text: &str, max: usize) -> Result<u128, IdProblem> {
    let value = hex_digits(text, true)?;
    if text.len() > max {
        return Err(IdProblem::TooLong {
            max: saturate(max),
            found: saturate(text.len()),
        });
    }
    non_zero(value)
}

/// Checks every character, then decodes; digits beyond 32 are reported by the caller's length
/// check, so the accumulator never overflows.
fn hex_digits(text: &str, any_case: bool) -> Result<u128, IdProblem> {
    if text.is_empty() {
        return Err(IdProblem::Empty);
    }
    let mut value: u128 = 0;
    for (i, c) in text.chars().enumerate() {
        let digit = match c {
            '0'..='9' | 'a'..='f' => c.to_digit(16),
            'A'..='F' if any_case => c.to_digit(16),
            _ => None,
        };
        let Some(digit) = digit else {
            return Err(IdProblem::InvalidCharacter {
                column: saturate(i + 1),
                found: c,
            });
        };
        if i < 32 {
            value = (value << 4) | u128::from(digit);
        }
    }
    Ok(value)
}

fn non_zero(value: u128) -> Result<u128, IdProblem> {
    if value == 0 {
        Err(IdProblem::AllZero)
    } else {
        Ok(value)
    }
}

pub(crate) fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_widths_are_lowercase_and_exact() {
        assert_eq!(lower_hex_fixed("00000000000000ab", &[16], "16"), Ok(0xab));
        assert_eq!(
            lower_hex_fixed("00000000000000AB", &[16], "16"),
            Err(IdProblem::InvalidCharacter {
                column: 15,
                found: 'A'
            })
        );
        assert_eq!(
            lower_hex_fixed("abc", &[16, 32], "16 or 32"),
            Err(IdProblem::WrongLength {
                expected: "16 or 32",
                found: 3
            })
        );
        assert_eq!(
            lower_hex_fixed(&"0".repeat(32), &[16, 32], "16 or 32"),
            Err(IdProblem::AllZero)
        );
    }

    #[test]
    fn variable_widths_pad_and_accept_either_case() {
        assert_eq!(hex_up_to("aB", 16), Ok(0xab));
        assert_eq!(
            hex_up_to(&"f".repeat(33), 32),
            Err(IdProblem::TooLong { max: 32, found: 33 })
        );
        assert_eq!(hex_up_to(&"f".repeat(32), 32), Ok(u128::MAX));
        assert_eq!(hex_up_to("0", 16), Err(IdProblem::AllZero));
        assert_eq!(hex_up_to("", 16), Err(IdProblem::Empty));
        assert_eq!(
            hex_up_to("12g", 16),
            Err(IdProblem::InvalidCharacter {
                column: 3,
                found: 'g'
            })
        );
    }
}
