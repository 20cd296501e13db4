//! `common.proto` `AnyValue`: a oneof, which proto3 JSON writes as an object with exactly one
//! of its fields, e.g. `{"intValue":"5"}`.
//!
//! Written by serde's externally tagged enum (the same shape); read through [`AnyValueFields`]
//! so that `{}` (no value set, valid in proto3) and `null` fields are accepted, and two values
//! at once are refused with a clear message.

use super::codec;
use super::KeyValue;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "AnyValueFields<'a>")]
pub enum AnyValue<'a> {
    StringValue(Cow<'a, str>),
    BoolValue(bool),
    #[serde(serialize_with = "codec::int64::serialize")]
    IntValue(i64),
    #[serde(serialize_with = "codec::double::serialize")]
    DoubleValue(f64),
    ArrayValue(ArrayValue<'a>),
    KvlistValue(KeyValueList<'a>),
    #[serde(serialize_with = "codec::bytes::serialize")]
    BytesValue(Vec<u8>),
}

/// An unset `AnyValue` (`{}`) reads as the empty string: the model has no "no value".
impl Default for AnyValue<'_> {
    fn default() -> Self {
        AnyValue::StringValue(Cow::Borrowed(""))
    }
}

/// `ArrayValue`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArrayValue<'a> {
    #[serde(default, deserialize_with = "codec::nullable")]
    pub values: Vec<AnyValue<'a>>,
}

/// `KeyValueList`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyValueList<'a> {
    #[serde(default, deserialize_with = "codec::nullable")]
    pub values: Vec<KeyValue<'a>>,
}

/// The oneof's fields as a reader sees them: each optional.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnyValueFields<'a> {
    string_value: Option<Cow<'a, str>>,
    bool_value: Option<bool>,
    int_value: Option<Int64>,
    double_value: Option<Double>,
    array_value: Option<ArrayValue<'a>>,
    kvlist_value: Option<KeyValueList<'a>>,
    bytes_value: Option<Bytes>,
}

#[derive(Deserialize)]
#[serde(transparent)]
struct Int64(#[serde(deserialize_with = "codec::int64::deserialize")] i64);

#[derive(Deserialize)]
#[serde(transparent)]
struct Double(#[serde(deserialize_with = "codec::double::deserialize")] f64);

#[derive(Deserialize)]
#[serde(transparent)]
struct Bytes(#[serde(deserialize_with = "codec::bytes::deserialize")] Vec<u8>);

impl<'a> TryFrom<AnyValueFields<'a>> for AnyValue<'a> {
    type Error = String;

    fn try_from(f: AnyValueFields<'a>) -> Result<Self, String> {
        let mut set: Vec<(&str, AnyValue<'a>)> = Vec::with_capacity(1);
        let mut put = |name, value: Option<AnyValue<'a>>| {
            if let Some(v) = value {
                set.push((name, v));
            }
        };
        put("stringValue", f.string_value.map(AnyValue::StringValue));
        put("boolValue", f.bool_value.map(AnyValue::BoolValue));
        put("intValue", f.int_value.map(|v| AnyValue::IntValue(v.0)));
        put(
            "doubleValue",
            f.double_value.map(|v| AnyValue::DoubleValue(v.0)),
        );
        put("arrayValue", f.array_value.map(AnyValue::ArrayValue));
        put("kvlistValue", f.kvlist_value.map(AnyValue::KvlistValue));
        put(
            "bytesValue",
            f.bytes_value.map(|v| AnyValue::BytesValue(v.0)),
        );
        match set.len() {
            0 => Ok(AnyValue::default()),
            1 => Ok(set.remove(0).1),
            _ => {
                let names: Vec<&str> = set.iter().map(|(n, _)| *n).collect();
                Err(format!(
                    "has more than one value ({}); an AnyValue holds exactly one",
                    names.join(", ")
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<AnyValue<'static>, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// proto3 JSON mapping (<https://protobuf.dev/programming-guides/json/>), rule by rule.
    #[rustfmt::skip]
    #[test]
    fn values_read_per_the_proto3_json_mapping() {
        let cases: Vec<(&str, Result<AnyValue, &str>, &str)> = vec![
            (r#"{"stringValue":"a"}"#,      Ok(AnyValue::StringValue("a".into())), "string"),
            (r#"{"intValue":"-5"}"#,        Ok(AnyValue::IntValue(-5)),            "int64 as a string (what OTLP writers do)"),
            (r#"{"intValue":7}"#,           Ok(AnyValue::IntValue(7)),             "int64 as a number (accepted by readers)"),
            (r#"{"intValue":"1.5"}"#,       Err("must be a 64-bit integer"),       "a fraction is not an int64"),
            (r#"{"intValue":"9223372036854775808"}"#, Err("must be a 64-bit integer"), "past i64::MAX"),
            (r#"{"doubleValue":0.25}"#,     Ok(AnyValue::DoubleValue(0.25)),       "double as a number"),
            (r#"{"doubleValue":"2.5"}"#,    Ok(AnyValue::DoubleValue(2.5)),        "double in a string"),
            (r#"{"doubleValue":"-Infinity"}"#, Ok(AnyValue::DoubleValue(f64::NEG_INFINITY)), "non-finite by name"),
            (r#"{"doubleValue":"inf"}"#,    Err("must be a number"),               "only proto3's spelling of infinity"),
            (r#"{"boolValue":true}"#,       Ok(AnyValue::BoolValue(true)),         "bool"),
            (r#"{"bytesValue":"AQI="}"#,    Ok(AnyValue::BytesValue(vec![1, 2])),  "bytes are base64"),
            (r#"{"arrayValue":{"values":[{"intValue":"1"}]}}"#,
                Ok(AnyValue::ArrayValue(ArrayValue { values: vec![AnyValue::IntValue(1)] })), "array"),
            (r#"{}"#,                       Ok(AnyValue::default()),               "no value set"),
            (r#"{"stringValue":null}"#,     Ok(AnyValue::default()),               "null is the default"),
            (r#"{"stringValue":"a","intValue":"1"}"#, Err("more than one value (stringValue, intValue)"), "a oneof holds one"),
            (r#"{"stringValue":"a","x":1}"#, Ok(AnyValue::StringValue("a".into())), "unknown fields are ignored"),
        ];
        for (json, expected, why) in cases {
            match (read(json), expected) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{why}"),
                (Err(got), Err(want)) => assert!(got.contains(want), "{why}: {got}"),
                (got, want) => panic!("{why}: got {got:?}, expected {want:?}"),
            }
        }
    }

    #[test]
    fn values_are_written_as_otlp_json() {
        let write = |v: AnyValue| serde_json::to_string(&v).unwrap();
        assert_eq!(
            write(AnyValue::IntValue(i64::MIN)),
            r#"{"intValue":"-9223372036854775808"}"#
        );
        assert_eq!(
            write(AnyValue::DoubleValue(f64::NAN)),
            r#"{"doubleValue":"NaN"}"#
        );
        assert_eq!(write(AnyValue::DoubleValue(0.1)), r#"{"doubleValue":0.1}"#);
        assert_eq!(
            write(AnyValue::BytesValue(vec![0xff])),
            r#"{"bytesValue":"/w=="}"#
        );
        assert_eq!(
            write(AnyValue::KvlistValue(KeyValueList {
                values: vec![KeyValue {
                    key: "k".into(),
                    value: AnyValue::BoolValue(false)
                }]
            })),
            r#"{"kvlistValue":{"values":[{"key":"k","value":{"boolValue":false}}]}}"#
        );
    }
}
