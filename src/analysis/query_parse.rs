//! Parsing the text fields of the trace search form: tags and min/max durations.
//!
//! Both follow Jaeger's search page (<https://www.jaegertracing.io/docs/latest/frontend-ui/>):
//! tags are logfmt, `key=value` pairs separated by spaces, with double quotes around a value
//! that contains spaces (`http.status_code=500 error=true db.statement="select 1"`); durations
//! are a number and a unit as Go writes them (`1.2s`, `300ms`, `250us`).

use std::fmt;

/// Why a tag filter could not be read. Messages name the offending text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagFilterError {
    /// A word with no `=` in it, like `error` or `http.status_code:500`.
    MissingEquals { token: String },
    /// `=500`: nothing before the `=`.
    EmptyKey { token: String },
    /// `key=` with nothing after it (write `key=""` to match an empty value).
    MissingValue { key: String },
    /// `key="some text` without the closing quote.
    UnterminatedQuote { key: String },
    /// `key="a"b`: text glued to a closing quote.
    TextAfterQuote { key: String },
}

impl fmt::Display for TagFilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagFilterError::MissingEquals { token } => write!(
                f,
                "\"{token}\" has no \"=\": write tags as key=value, separated by spaces"
            ),
            TagFilterError::EmptyKey { token } => {
                write!(f, "\"{token}\" has no key before the \"=\"")
            }
            TagFilterError::MissingValue { key } => write!(
                f,
                "tag \"{key}\" has no value after the \"=\" (use {key}=\"\" to match an empty value)"
            ),
            TagFilterError::UnterminatedQuote { key } => {
                write!(f, "the value of tag \"{key}\" opens a quote that is never closed")
            }
            TagFilterError::TextAfterQuote { key } => write!(
                f,
                "the value of tag \"{key}\" has text right after its closing quote; add a space"
            ),
        }
    }
}

impl std::error::Error for TagFilterError {}

/// Parses `key=value key2="value with spaces"` into pairs, in order. Empty input gives no pairs.
/// Inside quotes, `\"` is a quote and `\\` a backslash.
pub fn parse_tag_filter(text: &str) -> Result<Vec<(String, String)>, TagFilterError> {
    let mut pairs = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let Some(eq) = rest[..word_end].find('=') else {
            return Err(TagFilterError::MissingEquals {
                token: rest[..word_end].to_string(),
            });
        };
        let key = &rest[..eq];
        if key.is_empty() {
            return Err(TagFilterError::EmptyKey {
                token: rest[..word_end].to_string(),
            });
        }
        let after_eq = &rest[eq + 1..];
        let (value, remainder) = if let Some(quoted) = after_eq.strip_prefix('"') {
            read_quoted(quoted, key)?
        } else {
            let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
            if end == 0 {
                return Err(TagFilterError::MissingValue {
                    key: key.to_string(),
                });
            }
            (after_eq[..end].to_string(), &after_eq[end..])
        };
        pairs.push((key.to_string(), value));
        rest = remainder.trim_start();
    }
    Ok(pairs)
}

/// Reads a quoted value after its opening quote; returns it and the text after the closing one.
fn read_quoted<'a>(text: &'a str, key: &str) -> Result<(String, &'a str), TagFilterError> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            '"' => {
                let after = &text[i + 1..];
                if after.starts_with(|c: char| !c.is_whitespace()) {
                    return Err(TagFilterError::TextAfterQuote {
                        key: key.to_string(),
                    });
                }
                return Ok((value, after));
            }
            _ => value.push(c),
        }
    }
    Err(TagFilterError::UnterminatedQuote {
        key: key.to_string(),
    })
}

/// Why a duration could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    /// A number with no unit, like `300`.
    MissingUnit {
        text: String,
    },
    /// A unit we do not know, like `300 sec`.
    UnknownUnit {
        unit: String,
    },
    /// No digits, or a malformed number, like `1.2.3s` or `ms`.
    BadNumber {
        text: String,
    },
    Negative,
    /// More than u64 nanoseconds (about 584 years).
    TooLarge,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: &str = "ns, us, ms, s, m or h";
        match self {
            DurationError::Empty => f.write_str("enter a duration such as 300ms or 1.2s"),
            DurationError::MissingUnit { text } => {
                write!(f, "\"{text}\" needs a unit: {UNITS} (for example {text}ms)")
            }
            DurationError::UnknownUnit { unit } => {
                write!(f, "unknown unit \"{unit}\": use {UNITS}")
            }
            DurationError::BadNumber { text } => {
                write!(f, "\"{text}\" is not a number such as 300 or 1.2")
            }
            DurationError::Negative => f.write_str("a duration cannot be negative"),
            DurationError::TooLarge => f.write_str("that duration is too large"),
        }
    }
}

impl std::error::Error for DurationError {}

/// Nanoseconds per unit; `µ` (micro sign) and `μ` (Greek mu) both spell micro.
#[rustfmt::skip]
const DURATION_UNITS: &[(&str, u128)] = &[
    ("ns", 1),
    ("us", 1_000), ("µs", 1_000), ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000), ("min", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Fractional digits beyond this cannot change a nanosecond count (h × 10⁻¹⁸ < 1 ns).
const MAX_FRACTION_DIGITS: usize = 18;

/// Parses `1.2s`, `300ms`, `250us`, `2 m` into nanoseconds (fractions of a nanosecond dropped).
/// Units are case-insensitive.
pub fn parse_duration(text: &str) -> Result<u64, DurationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DurationError::Empty);
    }
    if text.starts_with('-') {
        return Err(DurationError::Negative);
    }
    let number_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = (&text[..number_end], text[number_end..].trim_start());
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return Err(DurationError::BadNumber {
            text: text.to_string(),
        });
    }
    if unit.is_empty() {
        return Err(DurationError::MissingUnit {
            text: number.to_string(),
        });
    }
    // ASCII case folding: "MS" and "Ms" work; µ/μ are matched as typed. (`to_lowercase`
    // would also fold a capital Greek Mu, at the cost of Unicode's case tables in the wasm.)
    let Some(&(_, per_unit)) = DURATION_UNITS
        .iter()
        .find(|(u, _)| u.eq_ignore_ascii_case(unit))
    else {
        return Err(DurationError::UnknownUnit {
            unit: unit.to_string(),
        });
    };

    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| DurationError::TooLarge)?
    };
    let fraction = &fraction[..fraction.len().min(MAX_FRACTION_DIGITS)];
    let fraction_nanos = if fraction.is_empty() {
        0
    } else {
        let digits: u128 = fraction.parse().map_err(|_| DurationError::TooLarge)?;
        digits * per_unit / 10u128.pow(fraction.len() as u32)
    };
    let nanos = whole
        .checked_mul(per_unit)
        .and_then(|n| n.checked_add(fraction_nanos))
        .ok_or(DurationError::TooLarge)?;
    u64::try_from(nanos).map_err(|_| DurationError::TooLarge)
}
