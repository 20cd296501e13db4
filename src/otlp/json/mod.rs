//! A small JSON reader and writer for OTLP bodies and trace files.
//!
//! Spec: RFC 8259 (<https://www.rfc-editor.org/rfc/rfc8259>). Hand-written instead of
//! `serde_json` because this code ships in the page's WebAssembly, where every kilobyte counts
//! against the bundle budget, and OTLP needs little: numbers are kept as their text and read
//! as integers or doubles only where a field asks for one.

mod parse;
mod write;

pub(crate) use parse::parse_documents;
pub(crate) use write::{escape_into, JsonOut};

use std::fmt;

/// A parsed JSON value. Objects keep their members in order (they are small in OTLP files,
/// so a scan beats a map).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// A JSON number as written (already checked against the JSON grammar).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Number(pub(crate) String);

impl Number {
    /// The value if it is a whole number in `u64` range (no fraction or exponent).
    pub(crate) fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// The value if it is a whole number in `i64` range (no fraction or exponent).
    pub(crate) fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        parse_f64(&self.0)
    }
}

/// Reads a decimal number (JSON number syntax; also what proto3 JSON puts in strings).
///
/// Not `str::parse::<f64>`: its correctly-rounded algorithm and tables add more to the
/// WebAssembly bundle than this whole reader. This computes mantissa ÷ or × 10^k in `f64`: one
/// correctly rounded operation, so the result is the nearest double whenever the digits form
/// an integer below 2^53 and k ≤ 22 (every value a trace realistically carries), and within a
/// few ulps otherwise.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = bytes.first() == Some(&b'-');
    if negative || bytes.first() == Some(&b'+') {
        i += 1;
    }
    let mut mantissa: f64 = 0.0;
    let mut exponent: i32 = 0;
    let mut digits = 0;
    while let Some(d) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
        mantissa = mantissa * 10.0 + f64::from(d - b'0');
        digits += 1;
        i += 1;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        while let Some(d) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            mantissa = mantissa * 10.0 + f64::from(d - b'0');
            exponent -= 1;
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let mut e: i32 = 0;
        let start = i;
        while let Some(d) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            e = e.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent = exponent.saturating_add(sign * e);
    }
    if i != bytes.len() {
        return None;
    }
    // Dividing by an exact power of ten is more accurate than multiplying by its inverse.
    let value = if exponent >= 0 {
        mantissa * 10f64.powi(exponent)
    } else if exponent >= -308 {
        mantissa / 10f64.powi(-exponent)
    } else {
        mantissa / 10f64.powi(308) / 10f64.powi(-exponent - 308)
    };
    Some(if negative { -value } else { value })
}

impl Value {
    /// A member of an object (`None` for other values or a missing key).
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// Compact JSON text (used in error messages and to keep array attributes as text).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&n.0),
            Value::String(s) => {
                let mut quoted = String::with_capacity(s.len() + 2);
                escape_into(&mut quoted, s);
                f.write_str(&quoted)
            }
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Object(members) => {
                f.write_str("{")?;
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    let mut quoted = String::with_capacity(key.len() + 2);
                    escape_into(&mut quoted, key);
                    write!(f, "{quoted}:{value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

#[cfg(test)]
mod tests;
