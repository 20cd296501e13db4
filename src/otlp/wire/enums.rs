//! `Span.SpanKind` and `Status.StatusCode` on the wire.
//!
//! OTLP/JSON writes enums as integers (<https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding>:
//! "Values of enum fields MUST be encoded as integer values"); the proto3 JSON mapping lets
//! readers accept the value names too, and some exporters write them, so both are read.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// `Span.SpanKind` (`trace.proto`), numbered as there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SpanKind {
    #[default]
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

const KINDS: [SpanKind; 6] = [
    SpanKind::Unspecified,
    SpanKind::Internal,
    SpanKind::Server,
    SpanKind::Client,
    SpanKind::Producer,
    SpanKind::Consumer,
];
const KIND_NAMES: [&str; 6] = [
    "SPAN_KIND_UNSPECIFIED",
    "SPAN_KIND_INTERNAL",
    "SPAN_KIND_SERVER",
    "SPAN_KIND_CLIENT",
    "SPAN_KIND_PRODUCER",
    "SPAN_KIND_CONSUMER",
];

/// `Status.StatusCode` (`trace.proto`), numbered as there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StatusCode {
    #[default]
    Unset = 0,
    Ok = 1,
    Error = 2,
}

const CODES: [StatusCode; 3] = [StatusCode::Unset, StatusCode::Ok, StatusCode::Error];
const CODE_NAMES: [&str; 3] = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

impl StatusCode {
    pub(crate) fn is_unset(&self) -> bool {
        *self == StatusCode::Unset
    }
}

impl Serialize for SpanKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*self as u8)
    }
}

impl Serialize for StatusCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*self as u8)
    }
}

impl<'de> Deserialize<'de> for SpanKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let what = "a span kind (0-5 or a name such as \"SPAN_KIND_SERVER\")";
        let i = d.deserialize_any(EnumVisitor {
            names: &KIND_NAMES,
            what,
        })?;
        Ok(KINDS[i])
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let what = "a status code (0-2 or a name such as \"STATUS_CODE_ERROR\")";
        let i = d.deserialize_any(EnumVisitor {
            names: &CODE_NAMES,
            what,
        })?;
        Ok(CODES[i])
    }
}

/// Reads an enum as its number or its name; `names[i]` is value `i`. Returns an index that is
/// always within `names`.
struct EnumVisitor {
    names: &'static [&'static str],
    what: &'static str,
}

impl EnumVisitor {
    fn bad<E: de::Error>(&self, found: impl fmt::Display) -> E {
        E::custom(format!("must be {}, found {found}", self.what))
    }
}

impl Visitor<'_> for EnumVisitor {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.what)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        usize::try_from(v)
            .ok()
            .filter(|i| *i < self.names.len())
            .ok_or_else(|| self.bad(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<usize, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(self.bad(v)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.names
            .iter()
            .position(|name| *name == v)
            .ok_or_else(|| self.bad(format_args!("{v:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OTLP/JSON: integers on the wire; proto3 JSON readers: names too.
    #[rustfmt::skip]
    const KIND_CASES: &[(&str, Option<SpanKind>, &str)] = &[
        ("2",                       Some(SpanKind::Server),      "OTLP/JSON: enums are integers"),
        ("0",                       Some(SpanKind::Unspecified), "0 is UNSPECIFIED"),
        ("\"SPAN_KIND_CLIENT\"",    Some(SpanKind::Client),      "proto3 JSON: the value name"),
        ("6",                       None,                        "beyond the last value"),
        ("-1",                      None,                        "negative"),
        ("\"CLIENT\"",              None,                        "only the full proto name"),
        ("2.5",                     None,                        "not an integer"),
    ];

    #[test]
    fn span_kinds_read_as_numbers_or_names() {
        for (json, expected, why) in KIND_CASES {
            let read = serde_json::from_str::<SpanKind>(json).ok();
            assert_eq!(read, *expected, "{why}");
        }
        assert_eq!(serde_json::to_string(&SpanKind::Consumer).unwrap(), "5");
    }

    #[test]
    fn status_codes_read_as_numbers_or_names() {
        let read = |json: &str| serde_json::from_str::<StatusCode>(json).ok();
        assert_eq!(read("\"STATUS_CODE_ERROR\""), Some(StatusCode::Error));
        assert_eq!(read("1"), Some(StatusCode::Ok));
        assert_eq!(read("3"), None);
        let error = serde_json::from_str::<StatusCode>("7").unwrap_err();
        assert!(
            error.to_string().contains("must be a status code"),
            "{error}"
        );
        assert_eq!(serde_json::to_string(&StatusCode::Error).unwrap(), "2");
    }
}
