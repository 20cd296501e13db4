//! Small readers shared by the OTLP and Jaeger importers: ids, integers, strings, arrays,
//! OTLP `AnyValue`. Each names the place of a bad value in its error.

use super::path::Path;
use super::ImportError;
use crate::lean::quoted;
use crate::model::{AttrValue, KeyValue, SpanId, TraceId};
use crate::otlp::json::{parse_f64, Value};
use crate::otlp::response::json_u64;

/// A hex id of up to `width` digits. Lenient where real files differ from the spec but the
/// meaning is clear: uppercase hex, and Jaeger's habit of dropping a zero high half
/// (a 16-digit trace id).
fn hex_id(value: Option<&Value>, width: usize, at: &Path) -> Result<u128, ImportError> {
    let text = match value {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(ImportError::at(at, "must be a hex string")),
        None => return Err(ImportError::at(at, "is missing")),
    };
    // Proto3's generic JSON mapping writes bytes as base64; OTLP JSON deliberately does not.
    let hint = if text.ends_with('=') {
        " (this looks like base64; OTLP JSON uses hex)"
    } else {
        ""
    };
    if text.is_empty() || text.len() > width {
        let found = text.chars().count();
        return Err(ImportError::at(
            at,
            format!(
                "must be {width} hex characters, found {found} ({}){hint}",
                quoted(text)
            ),
        ));
    }
    // Checked by hand: `from_str_radix` would also accept a leading `+`.
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ImportError::at(
            at,
            format!("must be hex (0-9, a-f), found {}{hint}", quoted(text)),
        ));
    }
    match u128::from_str_radix(text, 16) {
        Ok(0) => Err(ImportError::at(at, "must not be all zeros")),
        Ok(value) => Ok(value),
        Err(_) => Err(ImportError::at(
            at,
            format!("must be hex (0-9, a-f), found {}", quoted(text)),
        )),
    }
}

pub(crate) fn trace_id(value: Option<&Value>, at: &Path) -> Result<TraceId, ImportError> {
    hex_id(value, 32, at).map(TraceId)
}

pub(crate) fn span_id(value: Option<&Value>, at: &Path) -> Result<SpanId, ImportError> {
    // At most 16 hex digits, so the value fits in u64.
    hex_id(value, 16, at).map(|v| SpanId(v as u64))
}

/// An optional parent id: absent or `""` means "root", as OTLP writers differ on this.
pub(crate) fn parent_span_id(
    value: Option<&Value>,
    at: &Path,
) -> Result<Option<SpanId>, ImportError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        some => span_id(some, at).map(Some),
    }
}

/// A required unsigned 64-bit integer written as a decimal string or a number.
pub(crate) fn required_u64(value: Option<&Value>, at: &Path) -> Result<u64, ImportError> {
    match value {
        None => Err(ImportError::at(at, "is missing")),
        Some(v) => json_u64(v).ok_or_else(|| {
            ImportError::at(at, format!("must be a non-negative integer, found {v}"))
        }),
    }
}

/// An optional string; a non-string is an error rather than silently ignored.
pub(crate) fn opt_str<'a>(value: Option<&'a Value>, at: &Path) -> Result<&'a str, ImportError> {
    match value {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(ImportError::at(
            at,
            format!("must be a string, found {other}"),
        )),
    }
}

/// An optional array (absent or null reads as empty).
pub(crate) fn opt_array<'a>(
    value: Option<&'a Value>,
    at: &Path,
) -> Result<&'a [Value], ImportError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(ImportError::at(at, "must be an array")),
    }
}

/// An integer enum written as a number or as one of its proto names (`names[i]` is value i).
pub(crate) fn enum_code(value: &Value, names: &[&str]) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => names.iter().position(|name| name == s).map(|i| i as i64),
        _ => None,
    }
}

/// OTLP `KeyValue` lists.
pub(crate) fn otlp_attributes(
    value: Option<&Value>,
    at: &Path,
) -> Result<Vec<KeyValue>, ImportError> {
    let items = opt_array(value, at)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at_item = at.index(i);
        let key = match item.get("key") {
            Some(Value::String(k)) => k.clone(),
            _ => return Err(ImportError::at(&at_item.key("key"), "must be a string")),
        };
        let value = any_value(item.get("value"), &at_item.key("value"))?;
        out.push(KeyValue::new(key, value));
    }
    Ok(out)
}

/// OTLP `AnyValue`. Arrays, key-value lists and bytes have no place in the model, so they are
/// kept as their JSON text rather than dropped.
fn any_value(value: Option<&Value>, at: &Path) -> Result<AttrValue, ImportError> {
    let Some(Value::Object(members)) = value else {
        return Err(ImportError::at(
            at,
            "must be an object such as {\"stringValue\":\"...\"}",
        ));
    };
    let Some((kind, v)) = members.first() else {
        return Ok(AttrValue::Str("".into())); // `{}` is a valid empty AnyValue
    };
    let bad = |what: &str| ImportError::at(&at.key(kind), format!("must be {what}, found {v}"));
    Ok(match (kind.as_str(), v) {
        ("stringValue", Value::String(s)) => AttrValue::Str(s.clone().into()),
        ("stringValue", _) => return Err(bad("a string")),
        ("intValue", Value::String(s)) => {
            AttrValue::Int(s.trim().parse().map_err(|_| bad("a 64-bit integer"))?)
        }
        ("intValue", Value::Number(n)) => {
            AttrValue::Int(n.as_i64().ok_or_else(|| bad("a 64-bit integer"))?)
        }
        ("intValue", _) => return Err(bad("a 64-bit integer")),
        ("doubleValue", Value::Number(n)) => {
            AttrValue::Double(n.as_f64().ok_or_else(|| bad("a number"))?)
        }
        ("doubleValue", Value::String(s)) => AttrValue::Double(match s.as_str() {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            other => parse_f64(other).ok_or_else(|| bad("a number"))?,
        }),
        ("doubleValue", _) => return Err(bad("a number")),
        ("boolValue", Value::Bool(b)) => AttrValue::Bool(*b),
        ("boolValue", _) => return Err(bad("true or false")),
        ("arrayValue" | "kvlistValue" | "bytesValue", other) => {
            AttrValue::Str(other.to_string().into())
        }
        _ => {
            return Err(ImportError::at(
                at,
                format!("has an unknown value kind {}", quoted(kind)),
            ))
        }
    })
}
