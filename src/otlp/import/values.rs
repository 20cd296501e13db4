//! Small readers shared by the OTLP and Jaeger importers: ids, integers, OTLP `AnyValue`.

use super::ImportError;
use crate::model::{AttrValue, KeyValue, SpanId, TraceId};
use crate::otlp::response::json_u64;
use serde_json::Value;

/// A hex id of up to `width` digits. Lenient where real files differ from the spec but the
/// meaning is clear: uppercase hex, and Jaeger's habit of dropping a zero high half
/// (a 16-digit trace id).
fn hex_id(
    value: Option<&Value>,
    width: usize,
    at: &dyn Fn() -> String,
) -> Result<u128, ImportError> {
    let text = match value {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(ImportError::new(at(), "must be a hex string")),
        None => return Err(ImportError::new(at(), "is missing")),
    };
    // Proto3's generic JSON mapping writes bytes as base64; OTLP JSON deliberately does not.
    let hint = if text.ends_with('=') {
        " (this looks like base64; OTLP JSON uses hex)"
    } else {
        ""
    };
    if text.is_empty() || text.len() > width {
        return Err(ImportError::new(
            at(),
            format!(
                "must be {width} hex characters, found {} ({text:?}){hint}",
                text.chars().count()
            ),
        ));
    }
    // Checked by hand: `from_str_radix` would also accept a leading `+`.
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ImportError::new(
            at(),
            format!("must be hex (0-9, a-f), found {text:?}{hint}"),
        ));
    }
    let value = u128::from_str_radix(text, 16)
        .map_err(|_| ImportError::new(at(), format!("must be hex (0-9, a-f), found {text:?}")))?;
    if value == 0 {
        return Err(ImportError::new(at(), "must not be all zeros"));
    }
    Ok(value)
}

pub(crate) fn trace_id(
    value: Option<&Value>,
    at: &dyn Fn() -> String,
) -> Result<TraceId, ImportError> {
    hex_id(value, 32, at).map(TraceId)
}

pub(crate) fn span_id(
    value: Option<&Value>,
    at: &dyn Fn() -> String,
) -> Result<SpanId, ImportError> {
    // At most 16 hex digits, so the value fits in u64.
    hex_id(value, 16, at).map(|v| SpanId(v as u64))
}

/// An optional parent id: absent or `""` means "root", as OTLP writers differ on this.
pub(crate) fn parent_span_id(
    value: Option<&Value>,
    at: &dyn Fn() -> String,
) -> Result<Option<SpanId>, ImportError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        some => span_id(some, at).map(Some),
    }
}

/// A required unsigned 64-bit integer written as a decimal string or a number.
pub(crate) fn required_u64(
    value: Option<&Value>,
    at: &dyn Fn() -> String,
) -> Result<u64, ImportError> {
    match value {
        None => Err(ImportError::new(at(), "is missing")),
        Some(v) => json_u64(v).ok_or_else(|| {
            ImportError::new(at(), format!("must be a non-negative integer, found {v}"))
        }),
    }
}

/// An optional string; a non-string is an error rather than silently ignored.
pub(crate) fn opt_str<'a>(
    value: Option<&'a Value>,
    at: &dyn Fn() -> String,
) -> Result<&'a str, ImportError> {
    match value {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(ImportError::new(
            at(),
            format!("must be a string, found {other}"),
        )),
    }
}

/// An optional array (absent or null reads as empty).
pub(crate) fn opt_array<'a>(
    value: Option<&'a Value>,
    at: &dyn Fn() -> String,
) -> Result<&'a [Value], ImportError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(ImportError::new(at(), "must be an array")),
    }
}

/// OTLP `KeyValue` lists.
pub(crate) fn otlp_attributes(
    value: Option<&Value>,
    at: &dyn Fn() -> String,
) -> Result<Vec<KeyValue>, ImportError> {
    let items = opt_array(value, at)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at_item = || format!("{}[{i}]", at());
        let key = match item.get("key") {
            Some(Value::String(k)) => k.clone(),
            _ => {
                return Err(ImportError::new(
                    format!("{}.key", at_item()),
                    "must be a string",
                ))
            }
        };
        let value = any_value(item.get("value"), &|| format!("{}.value", at_item()))?;
        out.push(KeyValue::new(key, value));
    }
    Ok(out)
}

/// OTLP `AnyValue`. Arrays, key-value lists and bytes have no place in the model, so they are
/// kept as their JSON text rather than dropped.
fn any_value(value: Option<&Value>, at: &dyn Fn() -> String) -> Result<AttrValue, ImportError> {
    let Some(Value::Object(map)) = value else {
        return Err(ImportError::new(
            at(),
            "must be an object such as {\"stringValue\":\"...\"}",
        ));
    };
    if let Some(v) = map.get("stringValue") {
        return Ok(AttrValue::Str(
            opt_str(Some(v), &|| format!("{}.stringValue", at()))?
                .to_string()
                .into(),
        ));
    }
    if let Some(v) = map.get("intValue") {
        let parsed = match v {
            Value::String(s) => s.trim().parse::<i64>().ok(),
            Value::Number(n) => n.as_i64(),
            _ => None,
        };
        return parsed.map(AttrValue::Int).ok_or_else(|| {
            ImportError::new(
                format!("{}.intValue", at()),
                format!("must be a 64-bit integer, found {v}"),
            )
        });
    }
    if let Some(v) = map.get("doubleValue") {
        let parsed = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => match s.as_str() {
                "NaN" => Some(f64::NAN),
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                other => other.parse().ok(),
            },
            _ => None,
        };
        return parsed.map(AttrValue::Double).ok_or_else(|| {
            ImportError::new(
                format!("{}.doubleValue", at()),
                format!("must be a number, found {v}"),
            )
        });
    }
    if let Some(v) = map.get("boolValue") {
        return v.as_bool().map(AttrValue::Bool).ok_or_else(|| {
            ImportError::new(
                format!("{}.boolValue", at()),
                format!("must be true or false, found {v}"),
            )
        });
    }
    for kind in ["arrayValue", "kvlistValue", "bytesValue"] {
        if let Some(v) = map.get(kind) {
            return Ok(AttrValue::Str(v.to_string().into()));
        }
    }
    // `{}` is a valid empty AnyValue.
    Ok(AttrValue::Str("".into()))
}
